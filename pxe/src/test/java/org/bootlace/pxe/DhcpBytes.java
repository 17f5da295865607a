package org.bootlace.pxe;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds DHCP replies byte by byte, as the tests' servers send them. */
final class DhcpBytes {
  final byte[] header = new byte[240];
  final ByteArrayOutputStream options = new ByteArrayOutputStream();

  DhcpBytes(int op, int xid, byte[] mac, int[] yiaddr) {
    ByteBuffer b = ByteBuffer.wrap(header);
    b.put(0, (byte) op).put(1, (byte) 1).put(2, (byte) mac.length).putInt(4, xid);
    for (int i = 0; i < 4; i++) {
      header[16 + i] = (byte) yiaddr[i];
    }
    System.arraycopy(mac, 0, header, 28, mac.length);
    b.putInt(236, 0x63825363);
  }

  DhcpBytes siaddr(int a, int b, int c, int d) {
    header[20] = (byte) a;
    header[21] = (byte) b;
    header[22] = (byte) c;
    header[23] = (byte) d;
    return this;
  }

  DhcpBytes file(String name) {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, header, 108, n.length);
    return this;
  }

  DhcpBytes sname(String name) {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, header, 44, n.length);
    return this;
  }

  DhcpBytes raw(int offset, int... bytes) {
    for (int i = 0; i < bytes.length; i++) {
      header[offset + i] = (byte) bytes[i];
    }
    return this;
  }

  DhcpBytes opt(int code, int... bytes) {
    options.write(code);
    options.write(bytes.length);
    for (int b : bytes) {
      options.write(b);
    }
    return this;
  }

  DhcpBytes text(int code, String s) {
    byte[] v = s.getBytes(StandardCharsets.US_ASCII);
    options.write(code);
    options.write(v.length);
    options.writeBytes(v);
    return this;
  }

  ByteBuffer build() {
    return build(true);
  }

  ByteBuffer build(boolean end) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    out.writeBytes(options.toByteArray());
    if (end) {
      out.write(255);
    }
    return ByteBuffer.wrap(out.toByteArray());
  }
}
