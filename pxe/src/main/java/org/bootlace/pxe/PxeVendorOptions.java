package org.bootlace.pxe;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootlace.CorruptImageException;

/**
 * The PXE sub-options a PXE-aware server puts in option 43 when option 60 is {@code PXEClient} (PXE
 * 2.1 specification, section 2.4, table 2-1): discovery control (6), the boot servers of each type
 * (8), the boot menu (9) and the boot item a boot server answers for (71). The other sub-options
 * (multicast discovery, the prompt) are read past and kept out.
 *
 * @param discoveryControl sub-option 6: bit 0 no broadcast discovery, bit 1 no multicast, bit 2
 *     only the listed servers, bit 3 use the boot file of the offer without discovery
 * @param servers sub-option 8, in order
 * @param menu sub-option 9, in order
 * @param bootItem sub-option 71: the item's type and layer
 */
record PxeVendorOptions(
    int discoveryControl,
    List<BootServers> servers,
    List<MenuItem> menu,
    Optional<BootItem> bootItem) {
  static final int DISCOVERY_CONTROL = 6;
  static final int BOOT_SERVERS = 8;
  static final int BOOT_MENU = 9;
  static final int BOOT_ITEM = 71;

  PxeVendorOptions {
    servers = List.copyOf(servers);
    menu = List.copyOf(menu);
  }

  /** The servers of one boot server type (sub-option 8). */
  record BootServers(int type, List<Inet4Address> addresses) {
    BootServers {
      addresses = List.copyOf(addresses);
    }
  }

  /** One entry of the boot menu (sub-option 9): its boot server type and description. */
  record MenuItem(int type, String description) {}

  /** Sub-option 71. */
  record BootItem(int type, int layer) {}

  /** Reads option 43 of a packet from {@code from}; an absent option gives empty options. */
  static PxeVendorOptions parse(Optional<byte[]> option43, String from)
      throws CorruptImageException {
    int control = 0;
    List<BootServers> servers = new ArrayList<>();
    List<MenuItem> menu = new ArrayList<>();
    Optional<BootItem> item = Optional.empty();
    if (option43.isEmpty()) {
      return new PxeVendorOptions(control, servers, menu, item);
    }
    byte[] v = option43.get();
    String where = "dhcp: packet from " + from + ": option 43 (PXE)";
    int p = 0;
    while (p < v.length) { // every step consumes at least one byte
      int code = Byte.toUnsignedInt(v[p]);
      if (code == DhcpOptions.PAD) {
        p++;
        continue;
      }
      if (code == DhcpOptions.END) {
        break;
      }
      if (p + 1 >= v.length) {
        throw new CorruptImageException(
            where + ": sub-option " + code + " at offset " + p + ": no length byte");
      }
      int len = Byte.toUnsignedInt(v[p + 1]);
      int start = p + 2;
      if (start + len > v.length) {
        throw new CorruptImageException(
            where
                + ": sub-option "
                + code
                + " at offset "
                + p
                + ": length "
                + len
                + " runs past the end ("
                + (v.length - start)
                + " bytes left)");
      }
      String at = where + ": sub-option " + code + " at offset " + p;
      switch (code) {
        case DISCOVERY_CONTROL -> {
          if (len != 1) {
            throw new CorruptImageException(at + " (discovery control): length " + len + " != 1");
          }
          control = Byte.toUnsignedInt(v[start]);
        }
        case BOOT_SERVERS -> servers.addAll(servers(v, start, len, at));
        case BOOT_MENU -> menu.addAll(menu(v, start, len, at));
        case BOOT_ITEM -> {
          if (len != 4) {
            throw new CorruptImageException(at + " (boot item): length " + len + " != 4");
          }
          item = Optional.of(new BootItem(u16(v, start), u16(v, start + 2)));
        }
        default -> {
          // multicast discovery (7), the prompt (10), vendor sub-options: not used
        }
      }
      p = start + len;
    }
    return new PxeVendorOptions(control, servers, menu, item);
  }

  private static List<BootServers> servers(byte[] v, int start, int len, String at)
      throws CorruptImageException {
    List<BootServers> out = new ArrayList<>();
    int p = start;
    int end = start + len;
    while (p < end) { // every entry is at least 3 bytes
      if (end - p < 3) {
        throw new CorruptImageException(
            at
                + " (boot servers): entry at offset "
                + (p - start)
                + ": "
                + (end - p)
                + " bytes, less than the 3 of type and count");
      }
      int type = u16(v, p);
      int count = Byte.toUnsignedInt(v[p + 2]);
      if (p + 3 + 4 * count > end) {
        throw new CorruptImageException(
            at
                + " (boot servers): entry at offset "
                + (p - start)
                + ": "
                + count
                + " addresses run past the end ("
                + (end - p - 3)
                + " bytes left)");
      }
      List<Inet4Address> addresses = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        addresses.add(DhcpOptions.inet(v, p + 3 + 4 * i));
      }
      out.add(new BootServers(type, addresses));
      p += 3 + 4 * count;
    }
    return out;
  }

  private static List<MenuItem> menu(byte[] v, int start, int len, String at)
      throws CorruptImageException {
    List<MenuItem> out = new ArrayList<>();
    int p = start;
    int end = start + len;
    while (p < end) { // every entry is at least 3 bytes
      if (end - p < 3) {
        throw new CorruptImageException(
            at
                + " (boot menu): entry at offset "
                + (p - start)
                + ": "
                + (end - p)
                + " bytes, less than the 3 of type and length");
      }
      int type = u16(v, p);
      int n = Byte.toUnsignedInt(v[p + 2]);
      if (p + 3 + n > end) {
        throw new CorruptImageException(
            at
                + " (boot menu): entry at offset "
                + (p - start)
                + ": description of "
                + n
                + " bytes runs past the end ("
                + (end - p - 3)
                + " bytes left)");
      }
      byte[] d = java.util.Arrays.copyOfRange(v, p + 3, p + 3 + n);
      String problem = DhcpOptions.textProblem(d);
      if (problem != null) {
        throw new CorruptImageException(
            at + " (boot menu): entry at offset " + (p - start) + ": description " + problem);
      }
      int keep = d.length;
      while (keep > 0 && d[keep - 1] == 0) {
        keep--;
      }
      out.add(new MenuItem(type, new String(d, 0, keep, StandardCharsets.ISO_8859_1)));
      p += 3 + n;
    }
    return out;
  }

  private static int u16(byte[] v, int at) {
    return (Byte.toUnsignedInt(v[at]) << 8) | Byte.toUnsignedInt(v[at + 1]);
  }

  /** The first menu item, the one a PXE ROM boots when nobody chooses. */
  Optional<MenuItem> defaultItem() {
    return menu.isEmpty() ? Optional.empty() : Optional.of(menu.get(0));
  }

  /** The first server listed for boot server {@code type}. */
  Optional<Inet4Address> serverFor(int type) {
    for (BootServers s : servers) {
      if (s.type() == type && !s.addresses().isEmpty()) {
        return Optional.of(s.addresses().get(0));
      }
    }
    return Optional.empty();
  }

  /** Option 43 of a boot server request: sub-option 71 for {@code type}, layer 0, then the end. */
  static byte[] bootItemRequest(int type) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(BOOT_ITEM);
    b.write(4);
    b.write(type >> 8);
    b.write(type);
    b.write(0);
    b.write(0);
    b.write(DhcpOptions.END);
    return b.toByteArray();
  }
}
