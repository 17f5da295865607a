package org.bootlace.image.vhd;

import static org.bootlace.binary.Checks.hex;

import java.nio.charset.StandardCharsets;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Be;

/**
 * The VHD footer ("Virtual Hard Disk Image Format Specification"), big-endian, checksum checked:
 * disk type, size, where the dynamic header is.
 */
record VhdFooter(
    long dataOffset,
    String creatorApp,
    long currentSize,
    int cylinders,
    int heads,
    int sectors,
    int diskType) {
  static final String COOKIE = "conectix";
  static final int FIXED = 2;
  static final int DYNAMIC = 3;
  static final int DIFFERENCING = 4;

  /** 65535 cylinders, 16 heads, 255 sectors: a geometry that only caps a larger size. */
  static final long MAX_GEOMETRY = 65535L * 16 * 255;

  static boolean hasCookie(byte[] b) {
    return new String(b, 0, 8, StandardCharsets.ISO_8859_1).equals(COOKIE);
  }

  /**
   * The virtual size as qemu reads it: the CHS geometry for images written by Virtual PC and by
   * qemu's default ("vpc ", "qemu"), whose current size may not be a geometry, and the current size
   * otherwise (Hyper-V, Azure, qemu with force_size) or when the geometry is the maximum.
   */
  long virtualSize() {
    long chs = (long) cylinders * heads * sectors;
    boolean geometry = creatorApp.equals("vpc ") || creatorApp.equals("qemu");
    return geometry && chs != MAX_GEOMETRY ? chs * 512 : currentSize;
  }

  static long checksum(byte[] b, int off, int len, int checksumAt) {
    long sum = 0;
    for (int i = 0; i < len; i++) {
      if (i >= checksumAt && i < checksumAt + 4) {
        continue;
      }
      sum += b[off + i] & 0xff;
    }
    return ~sum & 0xffff_ffffL;
  }

  static VhdFooter parse(byte[] f, String where)
      throws CorruptImageException, UnsupportedFeatureException {
    if (!hasCookie(f)) {
      throw new CorruptImageException(where + ": cookie is not 'conectix'");
    }
    long want = Be.u32(f, 64);
    long got = checksum(f, 0, 512, 64);
    if (want != got) {
      throw new CorruptImageException(
          where + ": checksum at 0x40: " + hex(want) + " != " + hex(got));
    }
    long version = Be.u32(f, 12);
    if (version >>> 16 != 1) {
      throw new UnsupportedFeatureException(
          "vhd version " + hex(version),
          where + ": file format version " + hex(version) + " (only 1.x is known)");
    }
    long size = Be.u64(f, 48);
    if (size < 0) {
      throw new CorruptImageException(
          where + ": current size at 0x30: " + Long.toUnsignedString(size) + " is too large");
    }
    long type = Be.u32(f, 60);
    if (type != FIXED && type != DYNAMIC && type != DIFFERENCING) {
      throw new UnsupportedFeatureException(
          "vhd disk type " + type,
          where
              + ": disk type at 0x3c: "
              + type
              + " (2 fixed, 3 dynamic and 4 differencing are known)");
    }
    return new VhdFooter(
        Be.u64(f, 16),
        new String(f, 28, 4, StandardCharsets.ISO_8859_1),
        size,
        Be.u16(f, 56),
        f[58] & 0xff,
        f[59] & 0xff,
        (int) type);
  }
}
