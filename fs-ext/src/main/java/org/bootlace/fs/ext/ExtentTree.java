package org.bootlace.fs.ext;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.binary.Le;

/**
 * An inode's extent tree. Each lookup walks from the root in i_block to a leaf, validating every
 * node it passes: header magic, entry counts, depth one less than its parent (so a node that points
 * back up the tree is an error, not a loop), keys ascending and inside the parent's key range, and
 * the block tail checksum with metadata_csum.
 */
final class ExtentTree implements BlockMap {
  static final int MAGIC = 0xF30A;
  static final int MAX_DEPTH = 5;
  static final int HEADER = 12;
  static final int ENTRY = 12;
  private static final int EH_MAGIC = 0x0;
  private static final int EH_ENTRIES = 0x2;
  private static final int EH_MAX = 0x4;
  private static final int EH_DEPTH = 0x6;

  /** Lengths above this mark an unwritten extent of (length - 32768) blocks. */
  private static final int INIT_MAX_LEN = 32768;

  private static final long KEY_LIMIT = 1L << 32;

  private final Disk disk;
  private final Inode inode;
  private final String where;

  ExtentTree(Disk disk, Inode inode) {
    this.disk = disk;
    this.inode = inode;
    this.where = inode.where(disk.sb);
  }

  @Override
  public Run find(long logical) throws IOException {
    if (logical >= KEY_LIMIT) {
      return new Run(logical, Long.MAX_VALUE - logical, Run.HOLE);
    }
    byte[] node = inode.iBlock();
    int nodeSize = Inode.I_BLOCK_SIZE;
    long nodeAt = inode.diskOffset() + Inode.I_BLOCK;
    String nodeName = "extent root";
    int depth = Le.u16(node, EH_DEPTH);
    if (depth > MAX_DEPTH) {
      throw fail(nodeName, "eh_depth", nodeAt + EH_DEPTH, depth + " > " + MAX_DEPTH);
    }
    Limits.check("maxTreeDepth", disk.limits.maxTreeDepth(), depth, where + ": extent tree depth");
    long low = 0;
    long high = KEY_LIMIT;
    for (int expected = depth; ; expected--) {
      int entries = checkHeader(node, nodeSize, nodeAt, nodeName, expected);
      if (expected == 0) {
        return leaf(node, entries, nodeAt, nodeName, logical, low, high);
      }
      // Index node: the last entry whose key is <= logical leads on.
      int chosen = -1;
      long prev = -1;
      for (int i = 0; i < entries; i++) {
        int e = HEADER + i * ENTRY;
        long key = Le.u32(node, e);
        if (key <= prev || key < low || key >= high) {
          throw fail(
              nodeName,
              "index ei_block",
              nodeAt + e,
              key + " not ascending within " + low + ".." + (high - 1));
        }
        prev = key;
        if (key <= logical) {
          chosen = i;
        }
      }
      if (chosen < 0) { // before the first key: a hole up to it
        long first = Le.u32(node, HEADER);
        return new Run(logical, first - logical, Run.HOLE);
      }
      int e = HEADER + chosen * ENTRY;
      long childLow = Le.u32(node, e);
      long childHigh = chosen + 1 < entries ? Le.u32(node, e + ENTRY) : high;
      long child = Le.u32(node, e + 4) | (long) Le.u16(node, e + 8) << 32;
      disk.checkBlock(child, where + ": " + nodeName + " index ei_leaf", nodeAt + e + 4);
      node = disk.block(child);
      nodeSize = disk.blockSize;
      nodeAt = child * disk.blockSize;
      nodeName = "extent block " + child;
      low = childLow;
      high = childHigh;
    }
  }

  /** Validates a node header; returns eh_entries. */
  private int checkHeader(
      byte[] node, int nodeSize, long nodeAt, String nodeName, int expectedDepth)
      throws CorruptImageException {
    int magic = Le.u16(node, EH_MAGIC);
    if (magic != MAGIC) {
      throw fail(
          nodeName,
          "eh_magic",
          nodeAt + EH_MAGIC,
          String.format(Locale.ROOT, "0x%04x != 0x%04x", magic, MAGIC));
    }
    int depth = Le.u16(node, EH_DEPTH);
    if (depth != expectedDepth) {
      throw fail(nodeName, "eh_depth", nodeAt + EH_DEPTH, depth + " != expected " + expectedDepth);
    }
    boolean isBlock = nodeSize != Inode.I_BLOCK_SIZE;
    boolean csum = isBlock && disk.sb.metadataCsum();
    int room = (nodeSize - HEADER - (csum ? 4 : 0)) / ENTRY;
    int max = Le.u16(node, EH_MAX);
    if (max > room) {
      throw fail(
          nodeName, "eh_max", nodeAt + EH_MAX, max + " > " + room + " entries that fit the node");
    }
    int entries = Le.u16(node, EH_ENTRIES);
    if (entries > max) {
      throw fail(nodeName, "eh_entries", nodeAt + EH_ENTRIES, entries + " > eh_max " + max);
    }
    if (entries == 0 && depth > 0) {
      throw fail(nodeName, "eh_entries", nodeAt + EH_ENTRIES, "0 in an index node");
    }
    if (csum) {
      int tail = HEADER + max * ENTRY;
      int stored = Le.s32(node, tail);
      int computed = Crc32c.of(inode.csumSeed(), node, 0, tail);
      if (stored != computed) {
        throw fail(
            nodeName,
            "checksum",
            nodeAt + tail,
            String.format(Locale.ROOT, "stored 0x%08x != computed 0x%08x", stored, computed));
      }
    }
    return entries;
  }

  private Run leaf(
      byte[] node, int entries, long nodeAt, String nodeName, long logical, long low, long high)
      throws CorruptImageException {
    long end = low; // first key not yet covered
    Run found = null;
    long next = high;
    for (int i = 0; i < entries; i++) {
      int e = HEADER + i * ENTRY;
      long start = Le.u32(node, e);
      int rawLen = Le.u16(node, e + 4);
      boolean unwritten = rawLen > INIT_MAX_LEN;
      long len = unwritten ? rawLen - INIT_MAX_LEN : rawLen;
      if (len == 0 || start < end || start + len > high) {
        throw fail(
            nodeName,
            "extent ee_block",
            nodeAt + e,
            start + " + ee_len " + len + " not ascending within " + low + ".." + (high - 1));
      }
      end = start + len;
      long physical = (long) Le.u16(node, e + 6) << 32 | Le.u32(node, e + 8);
      if (!disk.validRange(physical, len)) {
        throw fail(
            nodeName,
            "extent ee_start",
            nodeAt + e + 6,
            "blocks "
                + physical
                + "..+"
                + len
                + " outside "
                + (disk.sb.superblockBlock() + 1)
                + ".."
                + (disk.sb.blocksCount() - 1));
      }
      if (found == null) {
        if (logical >= start && logical < end) {
          long skip = logical - start;
          found = new Run(logical, len - skip, unwritten ? Run.HOLE : physical + skip);
        } else if (start > logical && next == high) {
          next = start;
        }
      }
    }
    return found != null ? found : new Run(logical, next - logical, Run.HOLE);
  }

  private CorruptImageException fail(String nodeName, String field, long at, String detail) {
    return new CorruptImageException(
        String.format(Locale.ROOT, "%s: %s %s at %s: %s", where, nodeName, field, hex(at), detail));
  }
}
