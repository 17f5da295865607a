package org.bootlace.pxe;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GRUB 2 booted from the network (a UEFI PXE or pvgrub2 net image): which boot files are GRUB,
 * where its prefix is, the configuration names it tries (GRUB 2.06's {@code
 * grub_net_search_config_file}: {@code grub.cfg-01-<mac>}, {@code grub.cfg-<IP in hex>} shortened
 * one digit at a time, then {@code grub.cfg}), and the {@code net_*} variables its scripts test.
 */
final class GrubNetLookup {
  private static final Set<String> PLATFORM_DIRS =
      Set.of(
          "i386-pc",
          "x86_64-efi",
          "i386-efi",
          "arm64-efi",
          "i386-xen",
          "x86_64-xen",
          "i386-xen_pvh");

  private GrubNetLookup() {}

  /**
   * Whether DHCP's boot file is a GRUB network image: {@code core.0}, {@code core.efi}, a name with
   * {@code grub} in it ({@code grubx64.efi}, {@code grubnetx64.efi.signed}), or a shim that loads
   * GRUB ({@code bootnetx64.efi}, {@code shim*.efi}).
   */
  static boolean isGrubImage(Optional<String> bootFile) {
    if (bootFile.isEmpty()) {
      return false;
    }
    String f = bootFile.get();
    String base = f.substring(f.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return base.equals("core.0")
        || base.equals("core.efi")
        || base.contains("grub")
        || (base.startsWith("bootnet") && base.contains(".efi"))
        || (base.startsWith("shim") && base.contains(".efi"));
  }

  /**
   * The prefix a net image was made with, as {@code grub-mknetdir} and the distributions lay it
   * out: the directory above a platform directory ({@code boot/grub/i386-pc/core.0} -> {@code
   * boot/grub/}), else {@code grub/} next to the image.
   */
  static String prefix(String bootFile) {
    String f = bootFile.startsWith("/") ? bootFile.substring(1) : bootFile;
    int slash = f.lastIndexOf('/');
    String dir = slash < 0 ? "" : f.substring(0, slash);
    int up = dir.lastIndexOf('/');
    String last = up < 0 ? dir : dir.substring(up + 1);
    if (PLATFORM_DIRS.contains(last)) {
      return up < 0 ? "" : dir.substring(0, up + 1);
    }
    return dir.isEmpty() ? "grub/" : dir + "/grub/";
  }

  static List<String> candidates(String prefix, byte[] mac, Inet4Address ip) {
    List<String> out = new ArrayList<>();
    out.add(prefix + "grub.cfg-01-" + Addresses.mac(mac, '-'));
    String hex = Addresses.hex(ip);
    for (int n = hex.length(); n >= 1; n--) {
      out.add(prefix + "grub.cfg-" + hex.substring(0, n));
    }
    out.add(prefix + "grub.cfg");
    return out;
  }

  /** GRUB's name for the device it booted from over TFTP: {@code tftp,SERVER} (bootp.c). */
  static String device(String server) {
    return "tftp," + server;
  }

  /** Whether the boot file is GRUB for BIOS (a PXE {@code core.0} from {@code i386-pc}). */
  static boolean biosImage(Optional<String> bootFile) {
    String f = bootFile.orElse("").toLowerCase(Locale.ROOT);
    return f.endsWith(".0") || f.contains("i386-pc/");
  }

  /**
   * The variables GRUB 2.06's net stack sets from the DHCP answer the firmware kept (bootp.c {@code
   * grub_net_configure_by_dhcp_ack}, net.c), for the scripts that test them: per interface {@code
   * net_IF_ip}, {@code net_IF_mac}, {@code net_IF_boot_file}, {@code net_IF_next_server} (siaddr),
   * {@code net_IF_dhcp_server_name} (option 66 or sname), {@code net_IF_hostname}; the interface is
   * {@code pxe} for a BIOS image and {@code efinet0} for a UEFI one. Then {@code
   * net_default_interface}, {@code net_default_ip}, {@code net_default_mac}, {@code
   * net_default_server} and its older name {@code pxe_default_server}, and {@code cmdpath}, the
   * boot file's directory on {@code (tftp,SERVER)}.
   */
  static Map<String, String> variables(Lease lease, byte[] mac) {
    return variables(
        lease, mac, device(lease.bootServer().getHostAddress()), lease.bootFile().orElse(""));
  }

  /**
   * The same for GRUB read from {@code device} ({@code tftp,SERVER} or, booted over HTTP, {@code
   * http,SERVER}) with its image at {@code bootFile} there: {@code net_default_server} and {@code
   * cmdpath} name that server.
   */
  static Map<String, String> variables(Lease lease, byte[] mac, String device, String bootFile) {
    Map<String, String> v = new LinkedHashMap<>();
    String card = biosImage(lease.bootFile()) ? "pxe" : "efinet0";
    String m = Addresses.mac(mac, ':');
    String ip = lease.address().getHostAddress();
    String server = device.substring(device.indexOf(',') + 1);
    v.put("net_default_interface", card);
    v.put("net_default_mac", m);
    v.put("net_default_ip", ip);
    v.put("net_default_server", server);
    v.put("pxe_default_server", server);
    v.put("net_" + card + "_mac", m);
    v.put("net_" + card + "_ip", ip);
    lease.nextServer().ifPresent(n -> v.put("net_" + card + "_next_server", n.getHostAddress()));
    lease.tftpServerName().ifPresent(n -> v.put("net_" + card + "_dhcp_server_name", n));
    lease.bootFile().ifPresent(f -> v.put("net_" + card + "_boot_file", f));
    lease.hostName().ifPresent(h -> v.put("net_" + card + "_hostname", h));
    String file = bootFile;
    int slash = file.lastIndexOf('/');
    v.put("cmdpath", "(" + device + ")" + (slash < 0 ? "" : file.substring(0, slash)));
    return v;
  }
}
