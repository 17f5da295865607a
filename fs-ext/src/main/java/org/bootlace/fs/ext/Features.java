package org.bootlace.fs.ext;

import java.util.ArrayList;
import java.util.List;

/** Feature bits of the superblock (kernel Documentation/filesystems/ext4, "Super Block"). */
final class Features {
  private Features() {}

  // s_feature_compat
  static final long COMPAT_HAS_JOURNAL = 0x4;
  static final long COMPAT_DIR_INDEX = 0x20;
  static final long COMPAT_SPARSE_SUPER2 = 0x200;

  // s_feature_incompat
  static final long INCOMPAT_COMPRESSION = 0x1;
  static final long INCOMPAT_FILETYPE = 0x2;
  static final long INCOMPAT_RECOVER = 0x4;
  static final long INCOMPAT_JOURNAL_DEV = 0x8;
  static final long INCOMPAT_META_BG = 0x10;
  static final long INCOMPAT_EXTENTS = 0x40;
  static final long INCOMPAT_64BIT = 0x80;
  static final long INCOMPAT_MMP = 0x100;
  static final long INCOMPAT_FLEX_BG = 0x200;
  static final long INCOMPAT_EA_INODE = 0x400;
  static final long INCOMPAT_DIRDATA = 0x1000;
  static final long INCOMPAT_CSUM_SEED = 0x2000;
  static final long INCOMPAT_LARGEDIR = 0x4000;
  static final long INCOMPAT_INLINE_DATA = 0x8000;
  static final long INCOMPAT_ENCRYPT = 0x10000;
  static final long INCOMPAT_CASEFOLD = 0x20000;

  // s_feature_ro_compat
  static final long RO_COMPAT_SPARSE_SUPER = 0x1;
  static final long RO_COMPAT_LARGE_FILE = 0x2;
  static final long RO_COMPAT_BTREE_DIR = 0x4;
  static final long RO_COMPAT_HUGE_FILE = 0x8;
  static final long RO_COMPAT_GDT_CSUM = 0x10;
  static final long RO_COMPAT_BIGALLOC = 0x200;
  static final long RO_COMPAT_METADATA_CSUM = 0x400;

  /**
   * Incompatible features this reader handles. MMP only guards writers; RECOVER is read anyway with
   * a warning; ENCRYPT is refused per inode; CASEFOLD directories are searched linearly.
   */
  static final long SUPPORTED_INCOMPAT =
      INCOMPAT_FILETYPE
          | INCOMPAT_RECOVER
          | INCOMPAT_META_BG
          | INCOMPAT_EXTENTS
          | INCOMPAT_64BIT
          | INCOMPAT_MMP
          | INCOMPAT_FLEX_BG
          | INCOMPAT_EA_INODE
          | INCOMPAT_CSUM_SEED
          | INCOMPAT_LARGEDIR
          | INCOMPAT_INLINE_DATA
          | INCOMPAT_ENCRYPT
          | INCOMPAT_CASEFOLD;

  /** What ext3 already had; anything beyond makes the filesystem ext4 (blkid's rule). */
  private static final long EXT3_INCOMPAT = INCOMPAT_FILETYPE | INCOMPAT_RECOVER | INCOMPAT_META_BG;

  private static final long EXT3_RO_COMPAT =
      RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE | RO_COMPAT_BTREE_DIR;

  /** {@code ext2}, {@code ext3} or {@code ext4}, as blkid names the filesystem. */
  static String type(long compat, long incompat, long roCompat) {
    if ((incompat & ~EXT3_INCOMPAT) != 0 || (roCompat & ~EXT3_RO_COMPAT) != 0) {
      return "ext4";
    }
    return (compat & COMPAT_HAS_JOURNAL) != 0 ? "ext3" : "ext2";
  }

  /** Names of incompatible feature bits, {@code unknown} for bits without one. */
  static String incompatNames(long bits) {
    List<String> names = new ArrayList<>();
    boolean unknown = false;
    for (int i = 0; i < 32; i++) {
      long bit = 1L << i;
      if ((bits & bit) == 0) {
        continue;
      }
      String name = incompatName(bit);
      if (name == null) {
        unknown = true;
      } else {
        names.add(name);
      }
    }
    if (unknown) {
      names.add("unknown");
    }
    return String.join(", ", names);
  }

  private static String incompatName(long bit) {
    if (bit == INCOMPAT_COMPRESSION) {
      return "compression";
    } else if (bit == INCOMPAT_FILETYPE) {
      return "filetype";
    } else if (bit == INCOMPAT_RECOVER) {
      return "needs_recovery";
    } else if (bit == INCOMPAT_JOURNAL_DEV) {
      return "journal_dev";
    } else if (bit == INCOMPAT_META_BG) {
      return "meta_bg";
    } else if (bit == INCOMPAT_EXTENTS) {
      return "extent";
    } else if (bit == INCOMPAT_64BIT) {
      return "64bit";
    } else if (bit == INCOMPAT_MMP) {
      return "mmp";
    } else if (bit == INCOMPAT_FLEX_BG) {
      return "flex_bg";
    } else if (bit == INCOMPAT_EA_INODE) {
      return "ea_inode";
    } else if (bit == INCOMPAT_DIRDATA) {
      return "dirdata";
    } else if (bit == INCOMPAT_CSUM_SEED) {
      return "metadata_csum_seed";
    } else if (bit == INCOMPAT_LARGEDIR) {
      return "large_dir";
    } else if (bit == INCOMPAT_INLINE_DATA) {
      return "inline_data";
    } else if (bit == INCOMPAT_ENCRYPT) {
      return "encrypt";
    } else if (bit == INCOMPAT_CASEFOLD) {
      return "casefold";
    }
    return null;
  }
}
