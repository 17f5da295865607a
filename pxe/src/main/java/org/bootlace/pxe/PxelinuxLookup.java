package org.bootlace.pxe;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Where pxelinux 6 looks for its configuration, in its order: option 209 alone when the server
 * gives it; otherwise {@code pxelinux.cfg/} followed by the client UUID (lower case, dashed), by
 * {@code 01-} and the MAC address (ARP type 1, lower case, dashes), by the client address in
 * upper-case hex shortened one digit at a time (C000025A, C000025, ..., C), and by {@code default}.
 * Relative names are under the path prefix: option 210, or the boot file's directory.
 */
final class PxelinuxLookup {
  private PxelinuxLookup() {}

  /**
   * The path prefix: option 210, else the boot file's directory; always ends in '/' or is empty.
   */
  static String prefix(Optional<String> pathPrefix, Optional<String> bootFile) {
    if (pathPrefix.isPresent()) {
      return stripScheme(pathPrefix.get());
    }
    String file = stripScheme(bootFile.orElse(""));
    int slash = file.lastIndexOf('/');
    return slash < 0 ? "" : file.substring(0, slash + 1);
  }

  private static String stripScheme(String name) {
    return name.startsWith("::") ? name.substring(2) : name;
  }

  /** Root-relative paths, in the order pxelinux tries them. */
  static List<String> candidates(
      String prefix,
      Optional<String> configFile,
      Optional<byte[]> uuid,
      byte[] mac,
      Inet4Address ip) {
    List<String> out = new ArrayList<>();
    if (configFile.isPresent()) {
      out.add(join(prefix, configFile.get()));
      return out;
    }
    String dir = join(prefix, "pxelinux.cfg/");
    uuid.ifPresent(u -> out.add(dir + uuidText(u)));
    out.add(dir + "01-" + Addresses.mac(mac, '-'));
    String hex = Addresses.hex(ip);
    for (int n = hex.length(); n >= 1; n--) {
      out.add(dir + hex.substring(0, n));
    }
    out.add(dir + "default");
    return out;
  }

  /**
   * A name as pxelinux resolves it: {@code ::} from the root, {@code /...} as is, else under the
   * prefix.
   */
  static String join(String prefix, String name) {
    if (name.startsWith("::")) {
      return trimSlashes(name.substring(2));
    }
    if (name.startsWith("/")) {
      return trimSlashes(name);
    }
    return trimSlashes(prefix + name);
  }

  private static String trimSlashes(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '/') {
      i++;
    }
    return s.substring(i);
  }

  /** The UUID as pxelinux writes it: lower-case hex, 8-4-4-4-12, in the byte order DHCP carries. */
  static String uuidText(byte[] u) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        s.append('-');
      }
      HexFormat.of().toHexDigits(s, u[i]);
    }
    return s.toString();
  }
}
