package org.bootlace.pxe;

import com.google.common.collect.ImmutableList;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What DHCP gave the guest's MAC address: its address and where to boot from.
 *
 * @param mac the client hardware address asked for, {@code aa:bb:cc:dd:ee:ff}
 * @param address the address offered and acknowledged (yiaddr)
 * @param server the DHCP server that acknowledged it (option 54, else the sender)
 * @param leaseSeconds option 51, the lease time in seconds
 * @param subnetMask option 1
 * @param routers option 3, in the server's order (copied)
 * @param dnsServers option 6, in the server's order (copied)
 * @param hostName option 12
 * @param nextServer siaddr, where a PXE ROM fetches the boot file from, when not 0.0.0.0
 * @param tftpServerName option 66, or the sname field
 * @param bootFile option 67, or the file field
 * @param configFile option 209 (pxelinux's configuration file)
 * @param pathPrefix option 210 (pxelinux's path prefix)
 * @param rebootSeconds option 211 (pxelinux's reboot time)
 * @param vendorClass option 60 of the answer ({@code PXEClient} from a PXE-aware server)
 * @param proxyServer the proxyDHCP server whose boot information was used, if any
 */
public record Lease(
    String mac,
    Inet4Address address,
    Inet4Address server,
    OptionalLong leaseSeconds,
    Optional<Inet4Address> subnetMask,
    List<Inet4Address> routers,
    List<Inet4Address> dnsServers,
    Optional<String> hostName,
    Optional<Inet4Address> nextServer,
    Optional<String> tftpServerName,
    Optional<String> bootFile,
    Optional<String> configFile,
    Optional<String> pathPrefix,
    OptionalLong rebootSeconds,
    Optional<String> vendorClass,
    Optional<Inet4Address> proxyServer) {

  /**
   * Copies {@code routers} and {@code dnsServers} into immutable lists.
   *
   * @param mac the client hardware address asked for, {@code aa:bb:cc:dd:ee:ff}
   * @param address the address offered and acknowledged (yiaddr)
   * @param server the DHCP server that acknowledged it (option 54, else the sender)
   * @param leaseSeconds option 51, the lease time in seconds
   * @param subnetMask option 1
   * @param routers option 3, in the server's order (copied)
   * @param dnsServers option 6, in the server's order (copied)
   * @param hostName option 12
   * @param nextServer siaddr, where a PXE ROM fetches the boot file from, when not 0.0.0.0
   * @param tftpServerName option 66, or the sname field
   * @param bootFile option 67, or the file field
   * @param configFile option 209 (pxelinux's configuration file)
   * @param pathPrefix option 210 (pxelinux's path prefix)
   * @param rebootSeconds option 211 (pxelinux's reboot time)
   * @param vendorClass option 60 of the answer ({@code PXEClient} from a PXE-aware server)
   * @param proxyServer the proxyDHCP server whose boot information was used, if any
   */
  public Lease {
    routers = ImmutableList.copyOf(routers);
    dnsServers = ImmutableList.copyOf(dnsServers);
  }

  /**
   * The TFTP server: siaddr when set (as a PXE ROM uses it), else option 66 when it is an address
   * in dotted form (names are not looked up), else the DHCP server itself.
   *
   * @return the address boot files are fetched from
   */
  public Inet4Address bootServer() {
    if (nextServer.isPresent()) {
      return nextServer.get();
    }
    if (tftpServerName.isPresent()) {
      Optional<Inet4Address> a = Addresses.parseDotted(tftpServerName.get());
      if (a.isPresent()) {
        return a.get();
      }
    }
    return proxyServer.orElse(server);
  }

  /**
   * A one-line summary for provenance and logs.
   *
   * @return the address, the MAC, the servers, the lease time and the boot file, in one line
   */
  public String describe() {
    return "address "
        + address.getHostAddress()
        + " for "
        + mac
        + " from DHCP server "
        + server.getHostAddress()
        + proxyServer
            .map(p -> " (boot information from proxyDHCP " + p.getHostAddress() + ")")
            .orElse("")
        + (leaseSeconds.isPresent() ? ", lease " + leaseSeconds.getAsLong() + " s" : "")
        + ", boot server "
        + bootServer().getHostAddress()
        + bootFile.map(f -> ", boot file " + f).orElse("");
  }
}
