package org.bootlace.image.qcow2;

import static org.bootlace.binary.Checks.hex;

import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Be;

/**
 * The qcow2 header (QEMU's docs/interop/qcow2.txt), versions 2 and 3, validated: cluster size,
 * virtual size, L1 table placement and size, the snapshot table's placement, feature bits.
 */
record Qcow2Header(
    int version,
    long backingFileOffset,
    int backingFileSize,
    int clusterBits,
    long virtualSize,
    int l1Size,
    long l1TableOffset,
    int snapshotCount,
    long snapshotsOffset,
    long incompatible,
    long autoclear,
    int headerLength,
    int compressionType) {

  static final long MAGIC = 0x514649fbL; // "QFI\xfb"
  static final int MIN_CLUSTER_BITS = 9;
  static final int MAX_CLUSTER_BITS = 21;
  static final long INCOMPAT_DIRTY = 1;
  static final long INCOMPAT_CORRUPT = 2;
  static final long INCOMPAT_DATA_FILE = 4;
  static final long INCOMPAT_COMPRESSION = 8;
  static final long INCOMPAT_EXTENDED_L2 = 16;
  static final long INCOMPAT_KNOWN = 31;
  static final int MAX_SNAPSHOTS = 65536;
  static final int MAX_BACKING_NAME = 1023;

  // Field offsets.
  static final int VERSION = 4;
  static final int BACKING_OFFSET = 8;
  static final int BACKING_SIZE = 16;
  static final int CLUSTER_BITS = 20;
  static final int SIZE = 24;
  static final int CRYPT = 32;
  static final int L1_SIZE = 36;
  static final int L1_OFFSET = 40;
  static final int NB_SNAPSHOTS = 60;
  static final int SNAPSHOTS_OFFSET = 64;
  static final int INCOMPATIBLE = 72;
  static final int AUTOCLEAR = 88;
  static final int REFCOUNT_ORDER = 96;
  static final int HEADER_LENGTH = 100;
  static final int COMPRESSION_TYPE = 104;

  int clusterSize() {
    return 1 << clusterBits;
  }

  boolean extendedL2() {
    return (incompatible & INCOMPAT_EXTENDED_L2) != 0;
  }

  boolean externalData() {
    return (incompatible & INCOMPAT_DATA_FILE) != 0;
  }

  /**
   * Parses the first bytes of the file ({@code h} holds at least 112 bytes, zero-padded when the
   * file is shorter) of a file of {@code fileSize} bytes named {@code name}.
   */
  static Qcow2Header parse(byte[] h, long fileSize, Limits limits, String name)
      throws CorruptImageException, UnsupportedFeatureException, LimitExceededException {
    String at = name + ": qcow2 header ";
    long magic = Be.u32(h, 0);
    if (magic != MAGIC) {
      throw new CorruptImageException(at + "magic at 0x0: " + hex(magic) + " != " + hex(MAGIC));
    }
    long version = Be.u32(h, VERSION);
    if (version != 2 && version != 3) {
      throw new UnsupportedFeatureException(
          "qcow2 version " + version,
          at + "version at 0x4: " + version + " (only 2 and 3 are supported)");
    }
    long clusterBits = Be.u32(h, CLUSTER_BITS);
    if (clusterBits < MIN_CLUSTER_BITS || clusterBits > MAX_CLUSTER_BITS) {
      throw new CorruptImageException(
          at
              + "cluster_bits at 0x14: "
              + clusterBits
              + " is outside "
              + MIN_CLUSTER_BITS
              + ".."
              + MAX_CLUSTER_BITS);
    }
    int cb = (int) clusterBits;
    long clusterSize = 1L << cb;
    long crypt = Be.u32(h, CRYPT);
    if (crypt != 0) {
      String kind = crypt == 1 ? "AES" : crypt == 2 ? "LUKS" : "unknown";
      throw new UnsupportedFeatureException(
          "qcow2 encryption",
          at
              + "crypt_method at 0x20: "
              + crypt
              + " ("
              + kind
              + "): encrypted images are not supported");
    }
    long size = Be.u64(h, SIZE);
    if (size < 0) {
      throw new CorruptImageException(
          at + "size at 0x18: " + Long.toUnsignedString(size) + " is too large");
    }
    long incompatible = 0;
    long autoclear = 0;
    long headerLength = 72;
    int compression = 0;
    if (version == 3) {
      incompatible = Be.u64(h, INCOMPATIBLE);
      autoclear = Be.u64(h, AUTOCLEAR);
      long refcountOrder = Be.u32(h, REFCOUNT_ORDER);
      if (refcountOrder > 6) {
        throw new CorruptImageException(at + "refcount_order at 0x60: " + refcountOrder + " > 6");
      }
      headerLength = Be.u32(h, HEADER_LENGTH);
      if (headerLength < 104 || headerLength > clusterSize) {
        throw new CorruptImageException(
            at
                + "header_length at 0x64: "
                + headerLength
                + " (must be 104 or more and within the first cluster)");
      }
      if (headerLength > COMPRESSION_TYPE) {
        compression = h[COMPRESSION_TYPE] & 0xff;
      }
      if ((incompatible & INCOMPAT_COMPRESSION) == 0 && compression != 0) {
        throw new CorruptImageException(
            at
                + "compression_type at 0x68: "
                + compression
                + " without the compression-type incompatible bit");
      }
      if (compression > 1) {
        throw new UnsupportedFeatureException(
            "qcow2 compression type " + compression,
            at
                + "compression_type at 0x68: "
                + compression
                + " (only 0, zlib, and 1, zstd, are known)");
      }
    }
    long l1Size = Be.u32(h, L1_SIZE);
    long l1Offset = Be.u64(h, L1_OFFSET);
    int entryBytes = (incompatible & INCOMPAT_EXTENDED_L2) != 0 ? 16 : 8;
    long l2Entries = clusterSize / entryBytes;
    // Clusters the virtual size spans, then L2 tables: both rounded up, without overflow.
    long clusters = (size >>> cb) + ((size & (clusterSize - 1)) != 0 ? 1 : 0);
    long needed = clusters / l2Entries + (clusters % l2Entries != 0 ? 1 : 0);
    if (l1Size < needed) {
      throw new CorruptImageException(
          at
              + "l1_size at 0x24: "
              + l1Size
              + " entries cannot map the virtual size "
              + size
              + " (needs "
              + needed
              + ")");
    }
    Limits.check(
        "maxMetadataBytes",
        limits.maxMetadataBytes(),
        l1Size * 8,
        name + ": qcow2 L1 table of " + l1Size + " entries, in bytes");
    if (l1Size > 0) {
      if (l1Offset <= 0 || (l1Offset & (clusterSize - 1)) != 0) {
        throw new CorruptImageException(
            at
                + "l1_table_offset at 0x28: "
                + hex(l1Offset)
                + " is not a cluster boundary after the header");
      }
      if (l1Offset > fileSize || l1Size * 8 > fileSize - l1Offset) {
        throw new CorruptImageException(
            at
                + "l1_table_offset at 0x28: "
                + hex(l1Offset)
                + " + "
                + l1Size * 8
                + " bytes is beyond the end of the file (size "
                + fileSize
                + ")");
      }
    }
    long backingOffset = Be.u64(h, BACKING_OFFSET);
    long backingSize = Be.u32(h, BACKING_SIZE);
    if (backingOffset != 0) {
      if (backingSize > MAX_BACKING_NAME) {
        throw new CorruptImageException(
            at + "backing_file_size at 0x10: " + backingSize + " > " + MAX_BACKING_NAME);
      }
      if (backingOffset < headerLength
          || backingOffset > clusterSize
          || backingSize > clusterSize - backingOffset) {
        throw new CorruptImageException(
            at
                + "backing_file_offset at 0x8: "
                + hex(backingOffset)
                + " + "
                + backingSize
                + " bytes is outside the header cluster");
      }
    }
    long snapshots = Be.u32(h, NB_SNAPSHOTS);
    long snapshotsOffset = Be.u64(h, SNAPSHOTS_OFFSET);
    if (snapshots > MAX_SNAPSHOTS) {
      throw new CorruptImageException(
          at + "nb_snapshots at 0x3c: " + snapshots + " > " + MAX_SNAPSHOTS);
    }
    if (snapshots > 0
        && (snapshotsOffset <= 0 || snapshotsOffset >= fileSize || (snapshotsOffset & 7) != 0)) {
      throw new CorruptImageException(
          at
              + "snapshots_offset at 0x40: "
              + hex(snapshotsOffset)
              + " is not inside the file (size "
              + fileSize
              + ")");
    }
    return new Qcow2Header(
        (int) version,
        backingOffset,
        (int) backingSize,
        cb,
        size,
        (int) l1Size,
        l1Offset,
        (int) snapshots,
        snapshotsOffset,
        incompatible,
        autoclear,
        (int) headerLength,
        compression);
  }
}
