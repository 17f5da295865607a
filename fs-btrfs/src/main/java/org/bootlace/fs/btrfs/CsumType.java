package org.bootlace.fs.btrfs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;

/** The checksum algorithms of superblock field {@code csum_type}; all four are verified. */
enum CsumType {
  CRC32C(0, "crc32c", 4),
  XXHASH64(1, "xxhash64", 8),
  SHA256(2, "sha256", 32),
  BLAKE2B(3, "blake2b", 32);

  final int code;
  final String label;
  final int size;

  CsumType(int code, String label, int size) {
    this.code = code;
    this.label = label;
    this.size = size;
  }

  static CsumType of(int code) {
    for (CsumType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }

  /** The checksum of {@code b[from..to)} as btrfs stores it (first {@link #size} bytes). */
  byte[] compute(byte[] b, int from, int to) {
    byte[] out = new byte[size];
    switch (this) {
      case CRC32C -> Le.putU32(out, 0, Crc32c.checksum(b, from, to - from) & 0xffff_ffffL);
      case XXHASH64 -> {
        long h = XxHash64.hash(b, from, to - from);
        Le.putU32(out, 0, h);
        Le.putU32(out, 4, h >>> 32);
      }
      case SHA256 -> {
        try {
          MessageDigest md = MessageDigest.getInstance("SHA-256");
          md.update(b, from, to - from);
          out = md.digest();
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("the JDK has no SHA-256", e);
        }
      }
      case BLAKE2B -> out = Blake2b.digest256(b, from, to - from);
    }
    return out;
  }

  /**
   * Verifies the checksum stored at the start of {@code block} over the rest of it.
   *
   * @param what the structure and where, for the message ({@code "btrfs: superblock at 0x10000"})
   */
  void verify(byte[] block, String what) throws CorruptImageException {
    byte[] want = compute(block, 0x20, block.length);
    byte[] have = Arrays.copyOf(block, size);
    if (!Arrays.equals(want, have)) {
      throw new CorruptImageException(
          what
              + ": "
              + label
              + " checksum "
              + HexFormat.of().formatHex(want)
              + " != stored "
              + HexFormat.of().formatHex(have));
    }
  }
}
