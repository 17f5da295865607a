package org.bootlace.fs.ext;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.util.Locale;
import java.util.OptionalLong;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.binary.Le;

/**
 * Lookup through a hashed directory index (htree): hash the name, descend from the root in block 0
 * through at most two (three with large_dir) levels of index nodes to the leaf that holds the hash,
 * and follow on to the next leaf while a hash collision continues there.
 */
final class HTree {
  /** dx_root_info, after the "." and ".." records of block 0. */
  private static final int ROOT_INFO = 0x18;

  private static final int INFO_HASH_VERSION = 0x4;
  private static final int INFO_LENGTH = 0x5;
  private static final int INFO_INDIRECT_LEVELS = 0x6;
  private static final int INFO_SIZE = 8;

  /** dx_countlimit and entries of an interior node, after its one empty record. */
  private static final int NODE_ENTRIES = 8;

  private static final int ENTRY = 8;
  private static final int TAIL = 8;
  private static final int SIPHASH = 6;

  private HTree() {}

  /** One index block on the path: its entries and the one followed. */
  private static final class Frame {
    final Directory.Block block;
    final int entries;
    final int count;
    int at;

    Frame(Directory.Block block, int entries, int count) {
      this.block = block;
      this.entries = entries;
      this.count = count;
    }

    long hash(int i) {
      return Le.u32(block.data(), entries + i * ENTRY);
    }

    long child(int i) {
      return Le.u32(block.data(), entries + i * ENTRY + 4) & 0x0FFF_FFFFL;
    }
  }

  /**
   * The inode {@code name} names, empty if none; null when the index uses a hash not handled here.
   */
  static OptionalLong lookup(Directory d, byte[] name) throws IOException {
    Disk disk = d.disk;
    Directory.Block root = d.block(0, "htree root");
    byte[] b = root.data();
    String rootWhere = d.where + ": htree root";
    int version = Le.u8(b, ROOT_INFO + INFO_HASH_VERSION);
    if (version == SIPHASH) {
      return null; // only used by encrypted casefolded directories
    }
    if (!DirHash.supported(version) || version > DirHash.TEA) {
      throw fail(
          rootWhere,
          "hash_version",
          root.diskOffset() + ROOT_INFO + INFO_HASH_VERSION,
          version + " is unknown");
    }
    int infoLength = Le.u8(b, ROOT_INFO + INFO_LENGTH);
    if (infoLength != INFO_SIZE) {
      throw fail(
          rootWhere,
          "info_length",
          root.diskOffset() + ROOT_INFO + INFO_LENGTH,
          infoLength + " != " + INFO_SIZE);
    }
    int levels = Le.u8(b, ROOT_INFO + INFO_INDIRECT_LEVELS);
    int maxLevels = disk.sb.has(Features.INCOMPAT_LARGEDIR) ? 3 : 2;
    if (levels >= maxLevels) {
      throw fail(
          rootWhere,
          "indirect_levels",
          root.diskOffset() + ROOT_INFO + INFO_INDIRECT_LEVELS,
          levels + " >= " + maxLevels);
    }
    Limits.check(
        "maxTreeDepth", disk.limits.maxTreeDepth(), levels + 1L, d.where + ": htree depth");
    if ((disk.sb.flags() & Superblock.FLAG_UNSIGNED_HASH) != 0) {
      version += DirHash.LEGACY_UNSIGNED;
    }
    long hash = DirHash.hash(version, disk.sb.hashSeed(), name) & 0xffff_ffffL;

    Frame[] path = new Frame[levels + 1];
    path[0] = frame(d, root, ROOT_INFO + INFO_SIZE, "htree root");
    for (int level = 0; ; level++) {
      Frame f = path[level];
      f.at = search(f, hash);
      if (level == levels) {
        break;
      }
      path[level + 1] = node(d, f.child(f.at));
    }
    while (true) {
      long leaf = path[levels].child(path[levels].at);
      Directory.Block block = d.block(leaf, "htree leaf");
      long[] found = {0};
      d.records(
          leaf,
          block.data(),
          0,
          block.diskOffset(),
          r -> {
            if (r.nameEquals(name)) {
              found[0] = r.inode();
              return false;
            }
            return true;
          });
      if (found[0] != 0) {
        return OptionalLong.of(found[0]);
      }
      // A collision may continue in the next leaf, marked by the low bit of its hash.
      int p = levels;
      while (++path[p].at >= path[p].count) {
        if (p == 0) {
          return OptionalLong.empty();
        }
        p--;
      }
      if ((path[p].hash(path[p].at) & ~1L) != hash) {
        return OptionalLong.empty();
      }
      for (; p < levels; p++) {
        path[p + 1] = node(d, path[p].child(path[p].at));
        path[p + 1].at = 0;
      }
    }
  }

  /** The last entry whose hash is at most {@code hash}; entry 0 covers everything below entry 1. */
  private static int search(Frame f, long hash) {
    int at = 0;
    for (int i = 1; i < f.count; i++) {
      if (f.hash(i) <= hash) {
        at = i;
      } else {
        break;
      }
    }
    return at;
  }

  private static Frame node(Directory d, long logical) throws IOException {
    Directory.Block block = d.block(logical, "htree node");
    byte[] b = block.data();
    if (!d.isIndexBlock(logical, b, 0) || logical == 0) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: directory block %d at %s: not an htree index node",
              d.where,
              logical,
              hex(block.diskOffset())));
    }
    return frame(d, block, NODE_ENTRIES, "htree node " + logical);
  }

  private static int expectedLimit(Directory d, int entries) {
    return (d.disk.blockSize - entries - (d.disk.sb.metadataCsum() ? TAIL : 0)) / ENTRY;
  }

  /** Validates a dx_countlimit, the hash order and the tail checksum of an index block. */
  private static Frame frame(Directory d, Directory.Block block, int entries, String role)
      throws CorruptImageException {
    byte[] b = block.data();
    String where = d.where + ": " + role;
    long at = block.diskOffset() + entries;
    int limit = Le.u16(b, entries);
    int count = Le.u16(b, entries + 2);
    int expected = expectedLimit(d, entries);
    if (limit != expected) {
      throw fail(where, "limit", at, limit + " != " + expected);
    }
    if (count == 0 || count > limit) {
      throw fail(where, "count", at + 2, count + " outside 1.." + limit);
    }
    if (d.disk.sb.metadataCsum()) {
      checkTail(d, b, 0, block.diskOffset(), entries, limit, count, where);
    }
    Frame f = new Frame(block, entries, count);
    long blocks = d.blocks();
    for (int i = 0; i < count; i++) {
      if (i >= 2 && f.hash(i) < f.hash(i - 1)) {
        throw fail(
            where,
            "entry hash",
            at + (long) i * ENTRY,
            String.format(
                Locale.ROOT, "0x%08x below the previous 0x%08x", f.hash(i), f.hash(i - 1)));
      }
      if (f.child(i) >= blocks) {
        throw fail(
            where,
            "entry block",
            at + (long) i * ENTRY + 4,
            f.child(i) + " beyond the directory's " + blocks + " blocks");
      }
    }
    return f;
  }

  /** Verifies the dx_tail of an index block met while listing. */
  static void verifyTail(Directory d, long logical, byte[] b, int off, long diskOffset)
      throws CorruptImageException {
    int entries = logical == 0 ? ROOT_INFO + Le.u8(b, off + ROOT_INFO + INFO_LENGTH) : NODE_ENTRIES;
    String where = d.where + ": " + (logical == 0 ? "htree root" : "htree node " + logical);
    if (entries + 4 > d.disk.blockSize) {
      throw fail(where, "info_length", diskOffset + ROOT_INFO + INFO_LENGTH, "runs past the block");
    }
    int limit = Le.u16(b, off + entries);
    int count = Le.u16(b, off + entries + 2);
    checkTail(d, b, off, diskOffset, entries, limit, count, where);
  }

  private static void checkTail(
      Directory d,
      byte[] b,
      int off,
      long diskOffset,
      int entries,
      int limit,
      int count,
      String where)
      throws CorruptImageException {
    int tail = entries + limit * ENTRY;
    if (tail + TAIL > d.disk.blockSize || count > limit) {
      throw fail(
          where,
          "limit",
          diskOffset + entries,
          limit + " (count " + count + ") leaves no room for the checksum tail");
    }
    Crc32c c = Crc32c.seeded(d.dir.csumSeed()).update(b, off, entries + count * ENTRY);
    // dt_reserved, then dt_checksum taken as zero.
    int computed = c.update(b, off + tail, 4).updateZeros(4).value();
    int stored = Le.s32(b, off + tail + 4);
    if (stored != computed) {
      throw fail(
          where,
          "checksum",
          diskOffset + tail + 4,
          String.format(Locale.ROOT, "stored 0x%08x != computed 0x%08x", stored, computed));
    }
  }

  private static CorruptImageException fail(String where, String field, long at, String detail) {
    return new CorruptImageException(
        String.format(Locale.ROOT, "%s %s at %s: %s", where, field, hex(at), detail));
  }
}
