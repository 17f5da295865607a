package org.bootlace.pxe;

import java.net.Inet4Address;
import java.util.HexFormat;
import java.util.Optional;

/** MAC and IPv4 address forms as DHCP and pxelinux write them. */
final class Addresses {
  private Addresses() {}

  /** {@code aa:bb:cc:dd:ee:ff} or with dashes, any case, to 6 bytes; a caller's argument. */
  static byte[] parseMac(String mac) {
    String[] parts = mac.trim().split("[:-]", -1);
    if (parts.length != 6) {
      throw new IllegalArgumentException(
          "not a MAC address (six hex bytes separated by ':'): '" + mac + "'");
    }
    byte[] out = new byte[6];
    for (int i = 0; i < 6; i++) {
      if (parts[i].length() != 2 || !parts[i].matches("[0-9A-Fa-f]{2}")) {
        throw new IllegalArgumentException(
            "not a MAC address (six hex bytes separated by ':'): '" + mac + "'");
      }
      out[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return out;
  }

  static String mac(byte[] mac, char sep) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < mac.length; i++) {
      if (i > 0) {
        s.append(sep);
      }
      HexFormat.of().toHexDigits(s, mac[i]);
    }
    return s.toString();
  }

  /** The address as pxelinux names config files: eight upper-case hex digits. */
  static String hex(Inet4Address a) {
    return HexFormat.of().withUpperCase().formatHex(a.getAddress());
  }

  /** A dotted-quad address; empty for anything else (names are never looked up). */
  static Optional<Inet4Address> parseDotted(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (parts[i].isEmpty()
          || parts[i].length() > 3
          || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.empty();
      }
      int v = Integer.parseInt(parts[i]);
      if (v > 255) {
        return Optional.empty();
      }
      b[i] = (byte) v;
    }
    return Optional.of(DhcpOptions.inet(b, 0));
  }
}
