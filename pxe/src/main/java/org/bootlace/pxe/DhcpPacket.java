package org.bootlace.pxe;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.bootlace.CorruptImageException;

/**
 * One BOOTP/DHCP message (RFC 2131 section 2, RFC 2132), decoded and checked. {@code sname} and
 * {@code file} are empty when option 52 says they hold options instead.
 *
 * @param op 1 BOOTREQUEST, 2 BOOTREPLY
 * @param xid the transaction id that ties an answer to its request
 * @param flags bit 15 asks the server to broadcast its answer
 * @param chaddr the client hardware (MAC) address, {@code hlen} bytes
 */
record DhcpPacket(
    int op,
    int htype,
    int xid,
    int secs,
    int flags,
    Inet4Address ciaddr,
    Inet4Address yiaddr,
    Inet4Address siaddr,
    Inet4Address giaddr,
    byte[] chaddr,
    String sname,
    String file,
    DhcpOptions options) {

  static final int BOOTREQUEST = 1;
  static final int BOOTREPLY = 2;
  static final int HTYPE_ETHERNET = 1;
  static final int FLAG_BROADCAST = 0x8000;
  static final int DISCOVER = 1;
  static final int OFFER = 2;
  static final int REQUEST = 3;
  static final int DECLINE = 4;
  static final int ACK = 5;
  static final int NAK = 6;
  static final int RELEASE = 7;
  static final int INFORM = 8;

  // RFC 2131 figure 1: field offsets.
  static final int OP = 0;
  static final int HTYPE = 1;
  static final int HLEN = 2;
  static final int HOPS = 3;
  static final int XID = 4;
  static final int SECS = 8;
  static final int FLAGS = 10;
  static final int CIADDR = 12;
  static final int YIADDR = 16;
  static final int SIADDR = 20;
  static final int GIADDR = 24;
  static final int CHADDR = 28;
  static final int SNAME = 44;
  static final int SNAME_LENGTH = 64;
  static final int FILE = 108;
  static final int FILE_LENGTH = 128;
  static final int MAGIC = 236;
  static final int OPTIONS = 240;
  static final int MAGIC_COOKIE = 0x63825363;

  /** The largest datagram decoded; RFC 2131 clients must accept 576, Ethernet carries 1500. */
  static final int MAX_PACKET = 4096;

  DhcpPacket {
    chaddr = chaddr.clone();
  }

  @Override
  public byte[] chaddr() {
    return chaddr.clone();
  }

  /** Decodes one datagram from {@code from} (named in messages). */
  static DhcpPacket parse(ByteBuffer datagram, String from) throws CorruptImageException {
    String where = "dhcp: packet from " + from;
    int n = datagram.remaining();
    if (n > MAX_PACKET) {
      throw new CorruptImageException(
          where
              + ": "
              + n
              + " bytes, more than the "
              + MAX_PACKET
              + " a DHCP message may have here");
    }
    if (n < OPTIONS) {
      throw new CorruptImageException(
          where
              + ": "
              + n
              + " bytes, shorter than the "
              + OPTIONS
              + " of a DHCP header and magic cookie");
    }
    byte[] b = new byte[n];
    datagram.duplicate().get(b);
    ByteBuffer bb = ByteBuffer.wrap(b);
    int magic = bb.getInt(MAGIC);
    if (magic != MAGIC_COOKIE) {
      throw new CorruptImageException(
          where
              + ": magic cookie at offset "
              + MAGIC
              + ": 0x"
              + Integer.toHexString(magic)
              + " != 0x63825363");
    }
    int op = Byte.toUnsignedInt(b[OP]);
    if (op != BOOTREQUEST && op != BOOTREPLY) {
      throw new CorruptImageException(
          where + ": op at offset 0: " + op + " is neither 1 (request) nor 2 (reply)");
    }
    int hlen = Byte.toUnsignedInt(b[HLEN]);
    if (hlen > 16) {
      throw new CorruptImageException(where + ": hlen at offset 2: " + hlen + " > 16");
    }
    DhcpOptions.Reader reader = new DhcpOptions.Reader(where);
    reader.read(b, OPTIONS, n - OPTIONS, "options");
    int overload = reader.overload();
    if ((overload & 1) != 0) {
      reader.read(b, FILE, FILE_LENGTH, "file field (option 52)");
    }
    if ((overload & 2) != 0) {
      reader.read(b, SNAME, SNAME_LENGTH, "sname field (option 52)");
    }
    if (reader.overload() != overload) {
      throw new CorruptImageException(
          where + ": option 52 (overload) appears again inside an overloaded field");
    }
    String sname = (overload & 2) != 0 ? "" : field(b, SNAME, SNAME_LENGTH, where, "sname");
    String file = (overload & 1) != 0 ? "" : field(b, FILE, FILE_LENGTH, where, "file");
    return new DhcpPacket(
        op,
        Byte.toUnsignedInt(b[HTYPE]),
        bb.getInt(XID),
        Short.toUnsignedInt(bb.getShort(SECS)),
        Short.toUnsignedInt(bb.getShort(FLAGS)),
        DhcpOptions.inet(b, CIADDR),
        DhcpOptions.inet(b, YIADDR),
        DhcpOptions.inet(b, SIADDR),
        DhcpOptions.inet(b, GIADDR),
        Arrays.copyOfRange(b, CHADDR, CHADDR + hlen),
        sname,
        file,
        reader.finish());
  }

  /** A NUL-terminated text field; control characters in it are corruption. */
  private static String field(byte[] b, int at, int length, String where, String name)
      throws CorruptImageException {
    int end = at;
    while (end < at + length && b[end] != 0) {
      int c = Byte.toUnsignedInt(b[end]);
      if (c < 0x20 || c == 0x7f) {
        throw new CorruptImageException(
            where
                + ": "
                + name
                + " field at offset "
                + end
                + ": control character 0x"
                + Integer.toHexString(c));
      }
      end++;
    }
    return new String(b, at, end - at, StandardCharsets.ISO_8859_1);
  }

  /**
   * Encodes a client's request; options are written in ascending code order, then the end option.
   */
  static ByteBuffer encode(
      int xid, int secs, int flags, Inet4Address ciaddr, byte[] mac, Map<Integer, byte[]> options) {
    int size = OPTIONS + 1;
    for (byte[] v : options.values()) {
      size += 2 * ((v.length + 254) / 255) + v.length + (v.length == 0 ? 2 : 0);
    }
    size = Math.max(size, 300); // some servers ignore requests shorter than a BOOTP packet
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(OP, (byte) BOOTREQUEST);
    b.put(HTYPE, (byte) HTYPE_ETHERNET);
    b.put(HLEN, (byte) mac.length);
    b.putInt(XID, xid);
    b.putShort(SECS, (short) secs);
    b.putShort(FLAGS, (short) flags);
    b.put(CIADDR, ciaddr.getAddress());
    b.put(CHADDR, mac);
    b.putInt(MAGIC, MAGIC_COOKIE);
    b.position(OPTIONS);
    for (Map.Entry<Integer, byte[]> e : new java.util.TreeMap<>(options).entrySet()) {
      byte[] v = e.getValue();
      int off = 0;
      do { // values over 255 bytes are split into several options (RFC 3396)
        int len = Math.min(255, v.length - off);
        b.put((byte) (int) e.getKey()).put((byte) len).put(v, off, len);
        off += len;
      } while (off < v.length);
    }
    b.put((byte) DhcpOptions.END);
    b.position(0);
    return b;
  }

  int messageType() {
    return options.messageType().orElse(0);
  }

  static String typeName(int type) {
    return switch (type) {
      case DISCOVER -> "DHCPDISCOVER";
      case OFFER -> "DHCPOFFER";
      case REQUEST -> "DHCPREQUEST";
      case DECLINE -> "DHCPDECLINE";
      case ACK -> "DHCPACK";
      case NAK -> "DHCPNAK";
      case RELEASE -> "DHCPRELEASE";
      case INFORM -> "DHCPINFORM";
      default -> "BOOTP";
    };
  }
}
