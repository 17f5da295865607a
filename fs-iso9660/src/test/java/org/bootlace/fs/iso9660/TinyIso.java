package org.bootlace.fs.iso9660;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;

/**
 * An ISO 9660 image built byte by byte for the hand-built tests: 2048-byte blocks, the primary
 * descriptor at block 16, the terminator at 17, the root directory at block {@link #ROOT}. Records
 * and SUSP entries are composed with the static helpers.
 */
final class TinyIso {
  static final int B = 2048;
  static final int ROOT = 18;

  final byte[] image;

  TinyIso(int blocks) {
    image = new byte[blocks * B];
    descriptor(16, 1);
    descriptor(17, 255);
    both32(16 * B + 80, blocks);
    both16(16 * B + 128, B);
    both16(16 * B + 120, 1);
    both16(16 * B + 124, 1);
    Arrays.fill(image, 16 * B + 8, 16 * B + 72, (byte) ' ');
    put(16 * B + 40, "TINY".getBytes(StandardCharsets.US_ASCII));
    Arrays.fill(image, 16 * B + 813, 16 * B + 813 + 16, (byte) '0');
    Arrays.fill(image, 16 * B + 830, 16 * B + 830 + 16, (byte) '0');
    image[16 * B + 881] = 1;
    rootRecord(ROOT, B);
  }

  void descriptor(int sector, int type) {
    image[sector * B] = (byte) type;
    put(sector * B + 1, "CD001".getBytes(StandardCharsets.US_ASCII));
    image[sector * B + 6] = 1;
  }

  void rootRecord(long lba, long length) {
    put(16 * B + 156, record(lba, length, DirRecord.FLAG_DIRECTORY, new byte[] {0}, new byte[0]));
  }

  void put(int at, byte[] b) {
    System.arraycopy(b, 0, image, at, b.length);
  }

  void both16(int at, int v) {
    image[at] = (byte) v;
    image[at + 1] = (byte) (v >>> 8);
    image[at + 2] = (byte) (v >>> 8);
    image[at + 3] = (byte) v;
  }

  void both32(int at, long v) {
    put(at, both32(v));
  }

  /**
   * Writes the records one after another from block {@code lba}, moving to the next sector when one
   * does not fit.
   */
  void directory(int lba, byte[]... records) {
    int at = lba * B;
    for (byte[] r : records) {
      if (at % B + r.length > B) {
        at += B - at % B;
      }
      put(at, r);
      at += r.length;
    }
  }

  BlockDevice device() {
    return BlockDevices.ofBytes(image, "tiny.iso");
  }

  static byte[] both32(long v) {
    return new byte[] {
      (byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24),
      (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v
    };
  }

  /** A directory record; {@code name} as stored, {@code sua} its System Use entries. */
  static byte[] record(long extent, long length, int flags, byte[] name, byte[] sua) {
    int pad = (name.length & 1) == 0 ? 1 : 0;
    int len = 33 + name.length + pad + sua.length;
    len += len & 1;
    byte[] r = new byte[len];
    r[0] = (byte) len;
    System.arraycopy(both32(extent), 0, r, 2, 8);
    System.arraycopy(both32(length), 0, r, 10, 8);
    r[18] = 126; // 2026
    r[19] = 1;
    r[20] = 2;
    r[25] = (byte) flags;
    r[28] = 1;
    r[31] = 1;
    r[32] = (byte) name.length;
    System.arraycopy(name, 0, r, 33, name.length);
    System.arraycopy(sua, 0, r, 33 + name.length + pad, sua.length);
    return r;
  }

  static byte[] dot(long lba, long length, byte[] sua) {
    return record(lba, length, DirRecord.FLAG_DIRECTORY, new byte[] {0}, sua);
  }

  static byte[] dotdot(long lba, long length) {
    return record(lba, length, DirRecord.FLAG_DIRECTORY, new byte[] {1}, new byte[0]);
  }

  static byte[] name(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] susp(String sig, int... data) {
    byte[] e = new byte[4 + data.length];
    e[0] = (byte) sig.charAt(0);
    e[1] = (byte) sig.charAt(1);
    e[2] = (byte) e.length;
    e[3] = 1;
    for (int i = 0; i < data.length; i++) {
      e[4 + i] = (byte) data[i];
    }
    return e;
  }

  static byte[] susp(String sig, byte[] data) {
    byte[] e = new byte[4 + data.length];
    e[0] = (byte) sig.charAt(0);
    e[1] = (byte) sig.charAt(1);
    e[2] = (byte) e.length;
    e[3] = 1;
    System.arraycopy(data, 0, e, 4, data.length);
    return e;
  }

  static byte[] sp() {
    return susp("SP", 0xBE, 0xEF, 0);
  }

  static byte[] er(String id) {
    byte[] d = cat(new byte[] {(byte) id.length(), 0, 0, 1}, name(id));
    return susp("ER", d);
  }

  static byte[] px(int mode) {
    return susp("PX", cat(both32(mode), both32(1), both32(0), both32(0)));
  }

  static byte[] nm(int flags, String name) {
    return susp("NM", cat(new byte[] {(byte) flags}, name.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] ce(long block, long offset, long length) {
    return susp("CE", cat(both32(block), both32(offset), both32(length)));
  }

  static byte[] cl(long lba) {
    return susp("CL", both32(lba));
  }

  static byte[] re() {
    return susp("RE");
  }

  /** SL with components given as flags, text pairs. */
  static byte[] sl(int flags, Object... components) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(flags);
    for (int i = 0; i < components.length; i += 2) {
      byte[] text = ((String) components[i + 1]).getBytes(StandardCharsets.UTF_8);
      out.write((Integer) components[i]);
      out.write(text.length);
      out.writeBytes(text);
    }
    return susp("SL", out.toByteArray());
  }

  static byte[] zf(int headerWords, int log2, long size) {
    return susp("ZF", cat(name("pz"), new byte[] {(byte) headerWords, (byte) log2}, both32(size)));
  }

  /** Root "." with SP and an RRIP ER: a Rock Ridge image. */
  static byte[] rockRidgeRoot(long length) {
    return dot(ROOT, length, cat(sp(), px(040755), er("RRIP_1991A")));
  }
}
