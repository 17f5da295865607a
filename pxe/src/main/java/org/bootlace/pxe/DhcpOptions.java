package org.bootlace.pxe;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.bootlace.CorruptImageException;

/**
 * The options of one DHCP packet (RFC 2132), each already checked for its length and form. An
 * option given several times is one option, its parts concatenated (RFC 3396). Options bootlace
 * does not use are kept as bytes.
 */
final class DhcpOptions {
  static final int PAD = 0;
  static final int SUBNET_MASK = 1;
  static final int ROUTERS = 3;
  static final int DNS = 6;
  static final int HOST_NAME = 12;
  static final int VENDOR_SPECIFIC = 43;
  static final int REQUESTED_IP = 50;
  static final int LEASE_TIME = 51;
  static final int OVERLOAD = 52;
  static final int MESSAGE_TYPE = 53;
  static final int SERVER_ID = 54;
  static final int PARAMETER_LIST = 55;
  static final int MESSAGE = 56;
  static final int MAX_MESSAGE_SIZE = 57;
  static final int VENDOR_CLASS = 60;
  static final int CLIENT_ID = 61;
  static final int TFTP_SERVER = 66;
  static final int BOOT_FILE = 67;
  static final int CLIENT_ARCH = 93;
  static final int CLIENT_NDI = 94;
  static final int CLIENT_UUID = 97;
  static final int PXELINUX_CONFIG_FILE = 209;
  static final int PXELINUX_PATH_PREFIX = 210;
  static final int PXELINUX_REBOOT_TIME = 211;
  static final int END = 255;

  private final Map<Integer, byte[]> values;

  private DhcpOptions(Map<Integer, byte[]> values) {
    this.values = values;
  }

  /** Accumulates the option areas of one packet in the order RFC 2131 reads them. */
  static final class Reader {
    private final String where;
    private final Map<Integer, byte[]> values = new TreeMap<>();

    Reader(String where) {
      this.where = where;
    }

    /**
     * Reads one option area ({@code options}, then {@code file} and {@code sname} when option 52
     * says they hold options), {@code area} bytes at {@code base} of the packet.
     */
    void read(byte[] packet, int base, int length, String area) throws CorruptImageException {
      int p = base;
      int end = base + length;
      while (p < end) { // each step consumes at least one byte
        int code = Byte.toUnsignedInt(packet[p]);
        if (code == PAD) {
          p++;
          continue;
        }
        if (code == END) {
          return;
        }
        if (p + 1 >= end) {
          throw new CorruptImageException(
              where
                  + ": "
                  + area
                  + ": option "
                  + code
                  + " at offset "
                  + p
                  + ": no length byte before the end of the area");
        }
        int len = Byte.toUnsignedInt(packet[p + 1]);
        if (p + 2 + len > end) {
          throw new CorruptImageException(
              where
                  + ": "
                  + area
                  + ": option "
                  + code
                  + " at offset "
                  + p
                  + ": length "
                  + len
                  + " runs past the end of the area ("
                  + (end - p - 2)
                  + " bytes left)");
        }
        byte[] before = values.get(code);
        byte[] joined = new byte[(before == null ? 0 : before.length) + len];
        if (before != null) {
          System.arraycopy(before, 0, joined, 0, before.length);
        }
        System.arraycopy(packet, p + 2, joined, joined.length - len, len);
        values.put(code, joined);
        p += 2 + len;
      }
      if (area.equals("options")) {
        throw new CorruptImageException(
            where + ": options: no end option (255) before offset " + end);
      }
    }

    /** Option 52 as read so far: 0 when absent. */
    int overload() throws CorruptImageException {
      byte[] v = values.get(OVERLOAD);
      if (v == null) {
        return 0;
      }
      if (v.length != 1 || v[0] < 1 || v[0] > 3) {
        throw new CorruptImageException(
            where + ": option 52 (overload): " + describe(v) + " is not one byte of 1, 2 or 3");
      }
      return v[0];
    }

    DhcpOptions finish() throws CorruptImageException {
      DhcpOptions o = new DhcpOptions(Collections.unmodifiableMap(values));
      o.validate(where);
      return o;
    }
  }

  static DhcpOptions of(Map<Integer, byte[]> values) {
    return new DhcpOptions(Collections.unmodifiableMap(new TreeMap<>(values)));
  }

  private static String describe(byte[] v) {
    StringBuilder s = new StringBuilder(v.length + " bytes");
    if (v.length > 0) {
      s.append(" (");
      for (int i = 0; i < Math.min(v.length, 8); i++) {
        s.append(String.format(java.util.Locale.ROOT, "%02x", v[i]));
      }
      s.append(v.length > 8 ? "...)" : ")");
    }
    return s.toString();
  }

  private void validate(String where) throws CorruptImageException {
    for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
      int code = e.getKey();
      byte[] v = e.getValue();
      String bad = null;
      switch (code) {
        case MESSAGE_TYPE ->
            bad = v.length == 1 && v[0] >= 1 && v[0] <= 8 ? null : "is not one byte of 1 to 8";
        case SERVER_ID, SUBNET_MASK, LEASE_TIME, REQUESTED_IP, PXELINUX_REBOOT_TIME ->
            bad = v.length == 4 ? null : "is not 4 bytes";
        case ROUTERS, DNS ->
            bad = v.length >= 4 && v.length % 4 == 0 ? null : "is not a list of 4-byte addresses";
        case CLIENT_ARCH ->
            bad = v.length >= 2 && v.length % 2 == 0 ? null : "is not a list of 2-byte types";
        case CLIENT_NDI -> bad = v.length == 3 ? null : "is not 3 bytes";
        case CLIENT_UUID ->
            bad = v.length == 17 && v[0] == 0 ? null : "is not a type-0 UUID of 17 bytes";
        case HOST_NAME,
            VENDOR_CLASS,
            TFTP_SERVER,
            BOOT_FILE,
            PXELINUX_CONFIG_FILE,
            PXELINUX_PATH_PREFIX,
            MESSAGE ->
            bad = textProblem(v);
        default -> bad = null;
      }
      if (bad != null) {
        throw new CorruptImageException(
            where + ": option " + code + " (" + name(code) + "): " + describe(v) + " " + bad);
      }
    }
  }

  /** Why bytes are not a name DHCP may carry: control characters other than trailing NULs. */
  static String textProblem(byte[] v) {
    int n = trimmedLength(v);
    for (int i = 0; i < n; i++) {
      int b = Byte.toUnsignedInt(v[i]);
      if (b < 0x20 || b == 0x7f) {
        return "holds control character 0x" + Integer.toHexString(b) + " at index " + i;
      }
    }
    return null;
  }

  private static int trimmedLength(byte[] v) {
    int n = v.length;
    while (n > 0 && v[n - 1] == 0) {
      n--;
    }
    return n;
  }

  static String name(int code) {
    return switch (code) {
      case SUBNET_MASK -> "subnet mask";
      case ROUTERS -> "routers";
      case DNS -> "domain name servers";
      case HOST_NAME -> "host name";
      case VENDOR_SPECIFIC -> "vendor specific";
      case REQUESTED_IP -> "requested address";
      case LEASE_TIME -> "lease time";
      case OVERLOAD -> "overload";
      case MESSAGE_TYPE -> "message type";
      case SERVER_ID -> "server identifier";
      case MESSAGE -> "message";
      case VENDOR_CLASS -> "vendor class";
      case CLIENT_ID -> "client identifier";
      case TFTP_SERVER -> "TFTP server name";
      case BOOT_FILE -> "boot file name";
      case CLIENT_ARCH -> "client architecture";
      case CLIENT_NDI -> "client network interface";
      case CLIENT_UUID -> "client machine identifier";
      case PXELINUX_CONFIG_FILE -> "pxelinux config file";
      case PXELINUX_PATH_PREFIX -> "pxelinux path prefix";
      case PXELINUX_REBOOT_TIME -> "pxelinux reboot time";
      default -> "option";
    };
  }

  Optional<byte[]> raw(int code) {
    byte[] v = values.get(code);
    return v == null ? Optional.empty() : Optional.of(v.clone());
  }

  boolean has(int code) {
    return values.containsKey(code);
  }

  Map<Integer, byte[]> all() {
    return values;
  }

  OptionalInt messageType() {
    byte[] v = values.get(MESSAGE_TYPE);
    return v == null ? OptionalInt.empty() : OptionalInt.of(v[0]);
  }

  Optional<Inet4Address> address(int code) {
    byte[] v = values.get(code);
    return v == null ? Optional.empty() : Optional.of(inet(v, 0));
  }

  List<Inet4Address> addresses(int code) {
    byte[] v = values.get(code);
    List<Inet4Address> out = new ArrayList<>();
    if (v != null) {
      for (int i = 0; i + 4 <= v.length; i += 4) {
        out.add(inet(v, i));
      }
    }
    return out;
  }

  OptionalLong unsigned32(int code) {
    byte[] v = values.get(code);
    if (v == null) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(v).getInt()));
  }

  Optional<String> text(int code) {
    byte[] v = values.get(code);
    if (v == null) {
      return Optional.empty();
    }
    return Optional.of(new String(v, 0, trimmedLength(v), StandardCharsets.ISO_8859_1));
  }

  static Inet4Address inet(byte[] v, int at) {
    try {
      return (Inet4Address) InetAddress.getByAddress(java.util.Arrays.copyOfRange(v, at, at + 4));
    } catch (UnknownHostException e) {
      throw new AssertionError("4 bytes are always an IPv4 address", e);
    }
  }
}
