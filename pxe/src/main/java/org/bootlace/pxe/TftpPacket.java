package org.bootlace.pxe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bootlace.CorruptImageException;

/**
 * The TFTP packets a reading client receives (RFC 1350 section 5, RFC 2347 OACK), decoded and
 * checked, and the ones it sends.
 */
sealed interface TftpPacket {
  int RRQ = 1;
  int WRQ = 2;
  int DATA = 3;
  int ACK = 4;
  int ERROR = 5;
  int OACK = 6;

  /** RFC 1350 error codes used here. */
  int ERR_UNDEFINED = 0;

  int ERR_NOT_FOUND = 1;
  int ERR_UNKNOWN_TID = 5;
  int ERR_OPTIONS = 8;

  /** The largest datagram decoded: blksize's maximum of 65464 plus the 4-byte header. */
  int MAX_PACKET = 65468;

  /** At most this many option pairs in an OACK; RFC 2347 defines a handful. */
  int MAX_OPTIONS = 32;

  /** Block {@code block} (16 bits, wrapping) with {@code payload} bytes. */
  record Data(int block, ByteBuffer payload) implements TftpPacket {}

  record Ack(int block) implements TftpPacket {}

  record Error(int code, String message) implements TftpPacket {
    String describe() {
      return "server error " + code + " (" + message + ")";
    }
  }

  /** The options the server accepted, names in lower case. */
  record OptionAck(Map<String, String> options) implements TftpPacket {}

  static TftpPacket parse(ByteBuffer datagram, String from) throws CorruptImageException {
    String where = "tftp: packet from " + from;
    ByteBuffer b = datagram.duplicate();
    int n = b.remaining();
    if (n > MAX_PACKET) {
      throw new CorruptImageException(
          where + ": " + n + " bytes, more than the largest TFTP packet (" + MAX_PACKET + ")");
    }
    if (n < 2) {
      throw new CorruptImageException(where + ": " + n + " bytes, no opcode");
    }
    int op = Short.toUnsignedInt(b.getShort());
    switch (op) {
      case DATA -> {
        need(b, 2, where, "DATA block number");
        int block = Short.toUnsignedInt(b.getShort());
        return new Data(block, b.slice());
      }
      case ACK -> {
        need(b, 2, where, "ACK block number");
        int block = Short.toUnsignedInt(b.getShort());
        if (b.hasRemaining()) {
          throw new CorruptImageException(
              where + ": ACK: " + b.remaining() + " bytes after the block number");
        }
        return new Ack(block);
      }
      case ERROR -> {
        need(b, 2, where, "ERROR code");
        int code = Short.toUnsignedInt(b.getShort());
        // The message is NUL-terminated; a missing NUL is tolerated (some servers omit it).
        String msg = text(b, where, "ERROR message", true);
        return new Error(code, msg);
      }
      case OACK -> {
        Map<String, String> opts = new LinkedHashMap<>();
        while (b.hasRemaining()) { // each pair consumes at least two bytes
          if (opts.size() == MAX_OPTIONS) {
            throw new CorruptImageException(
                where + ": OACK: more than " + MAX_OPTIONS + " options");
          }
          int at = b.position();
          String name =
              text(b, where, "OACK option name at offset " + at, false).toLowerCase(Locale.ROOT);
          String value = text(b, where, "OACK value of " + name, false);
          if (name.isEmpty()) {
            throw new CorruptImageException(
                where + ": OACK option name at offset " + at + ": empty");
          }
          if (opts.put(name, value) != null) {
            throw new CorruptImageException(where + ": OACK: option " + name + " given twice");
          }
        }
        return new OptionAck(opts);
      }
      default ->
          throw new CorruptImageException(
              where + ": opcode " + op + " is none of DATA (3), ACK (4), ERROR (5), OACK (6)");
    }
  }

  private static void need(ByteBuffer b, int bytes, String where, String what)
      throws CorruptImageException {
    if (b.remaining() < bytes) {
      throw new CorruptImageException(
          where + ": " + what + ": packet ends after " + b.position() + " bytes");
    }
  }

  /** A NUL-terminated string of printable ASCII. */
  private static String text(ByteBuffer b, String where, String what, boolean nulOptional)
      throws CorruptImageException {
    StringBuilder s = new StringBuilder();
    while (true) {
      if (!b.hasRemaining()) {
        if (nulOptional) {
          return s.toString();
        }
        throw new CorruptImageException(where + ": " + what + ": no terminating NUL");
      }
      int c = Byte.toUnsignedInt(b.get());
      if (c == 0) {
        return s.toString();
      }
      if (c < 0x20 || c >= 0x7f) {
        if (nulOptional) {
          s.append('?'); // error texts are shown, never used: keep them printable
          continue;
        }
        throw new CorruptImageException(
            where
                + ": "
                + what
                + ": byte 0x"
                + Integer.toHexString(c)
                + " at offset "
                + (b.position() - 1)
                + " is not printable ASCII");
      }
      s.append((char) c);
    }
  }

  static ByteBuffer readRequest(String file, Map<String, String> options) {
    int size = 2 + file.length() + 1 + "octet".length() + 1;
    for (Map.Entry<String, String> e : options.entrySet()) {
      size += e.getKey().length() + 1 + e.getValue().length() + 1;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putShort((short) RRQ);
    put(b, file);
    put(b, "octet");
    for (Map.Entry<String, String> e : options.entrySet()) {
      put(b, e.getKey());
      put(b, e.getValue());
    }
    return b.flip();
  }

  static ByteBuffer ack(int block) {
    return ByteBuffer.allocate(4).putShort((short) ACK).putShort((short) block).flip();
  }

  static ByteBuffer error(int code, String message) {
    ByteBuffer b = ByteBuffer.allocate(5 + message.length());
    b.putShort((short) ERROR).putShort((short) code);
    put(b, message);
    return b.flip();
  }

  private static void put(ByteBuffer b, String s) {
    b.put(s.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
  }
}
