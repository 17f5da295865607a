package org.bootlace.fs.ext;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.binary.Le;
import org.bootlace.spi.DirEntry;

/**
 * A directory's entries: inline (i_block after the parent's inode number, then system.data) or in
 * blocks. Listing reads every block in storage order; lookup uses the hash index when there is one
 * and a linear scan otherwise. With metadata_csum every block's tail checksum is verified.
 */
final class Directory {
  /** Directory blocks read at once while listing. */
  private static final int CHUNK_BYTES = 1 << 20;

  final Disk disk;
  final Inode dir;
  final String where;
  private final boolean indexed;
  private final boolean csum;
  private final BlockMap map;

  Directory(Disk disk, Inode dir) throws IOException {
    FileData.refuseEncrypted(disk, dir);
    this.disk = disk;
    this.dir = dir;
    this.where = dir.where(disk.sb);
    this.indexed =
        dir.has(Inode.FL_INDEX) && !dir.inline() && disk.sb.hasCompat(Features.COMPAT_DIR_INDEX);
    this.csum = disk.sb.metadataCsum();
    this.map = dir.inline() ? null : FileData.map(disk, dir);
  }

  long blocks() {
    return (dir.size() + disk.blockSize - 1) / disk.blockSize;
  }

  /** The entries without "." and "..", at most maxDirectoryEntries of them. */
  List<DirEntry> list() throws IOException {
    List<DirEntry> out = new ArrayList<>();
    long max = disk.limits.maxDirectoryEntries();
    String what = where + ": directory entries"; // once, not for every entry
    scan(
        false,
        r -> {
          if (!r.isDotOrDotDot()) {
            Limits.check("maxDirectoryEntries", max, out.size() + 1L, what);
            out.add(new DirEntry(r.name(), r.type(), r.inode()));
          }
          return true;
        });
    return out;
  }

  /** The inode number {@code name} names here, if any. */
  OptionalLong lookup(byte[] name) throws IOException {
    boolean casefold = dir.has(Inode.FL_CASEFOLD) && disk.sb.has(Features.INCOMPAT_CASEFOLD);
    if (indexed && !casefold) {
      OptionalLong viaIndex = HTree.lookup(this, name);
      if (viaIndex != null) {
        return viaIndex;
      }
    }
    // Linear scan; casefolded directories also match names that fold alike, exact names first.
    String folded = casefold ? fold(name) : null;
    long max = disk.limits.maxDirectoryEntries();
    long[] seen = {0};
    long[] exact = {0};
    long[] alike = {0};
    String what = where + ": directory entries scanned"; // once, not for every entry
    scan(
        true,
        r -> {
          Limits.check("maxDirectoryEntries", max, ++seen[0], what);
          if (r.nameEquals(name)) {
            exact[0] = r.inode();
            return false;
          }
          if (folded != null && alike[0] == 0 && folded.equals(fold(r.nameBytes()))) {
            alike[0] = r.inode();
          }
          return true;
        });
    long found = exact[0] != 0 ? exact[0] : alike[0];
    return found != 0 ? OptionalLong.of(found) : OptionalLong.empty();
  }

  /** An approximation of the kernel's utf8 casefolding; invalid UTF-8 only matches exactly. */
  private static String fold(byte[] name) {
    try {
      CharBuffer c = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(name));
      return Normalizer.normalize(c, Normalizer.Form.NFD)
          .toUpperCase(Locale.ROOT)
          .toLowerCase(Locale.ROOT);
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Visits every live record, "." and ".." included, in storage order. Lookups go through the block
   * cache, so repeated lookups in one directory read nothing; listings stream large runs.
   */
  boolean scan(boolean cached, DirRecord.Visitor v) throws IOException {
    if (dir.inline()) {
      // i_block starts with the parent's inode number; records follow.
      byte[] head = dir.iBlock();
      long headAt = dir.diskOffset() + Inode.I_BLOCK;
      if (!DirRecord.parse(
          head, 4, head.length, headAt + 4, 0, disk.sb, where + ": inline directory", v)) {
        return false;
      }
      byte[] tail = dir.inlineTail();
      return DirRecord.parse(
          tail,
          0,
          tail.length,
          dir.inlineTailAt(),
          0,
          disk.sb,
          where + ": inline directory system.data",
          v);
    }
    int bs = disk.blockSize;
    int chunk = Math.max(1, CHUNK_BYTES / bs);
    long blocks = blocks();
    long logical = 0;
    while (logical < blocks) {
      BlockMap.Run run = map.find(logical);
      long n = Math.min(run.length(), blocks - logical);
      if (!run.hole() && cached) {
        for (long i = 0; i < n; i++) {
          long physical = run.physical() + i;
          if (!records(logical + i, disk.block(physical), 0, physical * bs, v)) {
            return false;
          }
        }
      } else if (!run.hole()) { // holes in a linear directory hold no entries
        for (long done = 0; done < n; ) {
          int k = (int) Math.min(n - done, chunk);
          byte[] buf = new byte[k * bs];
          long at = (run.physical() + done) * bs;
          disk.read(at, ByteBuffer.wrap(buf));
          for (int i = 0; i < k; i++) {
            if (!records(logical + done + i, buf, i * bs, at + (long) i * bs, v)) {
              return false;
            }
          }
          done += k;
        }
      }
      logical += n;
    }
    return true;
  }

  /** A directory block by logical number, through the cache, with its disk offset. */
  record Block(long logical, byte[] data, long diskOffset) {}

  Block block(long logical, String role) throws IOException {
    if (logical >= blocks()) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: %s: logical block %d beyond the directory's %d blocks",
              where,
              role,
              logical,
              blocks()));
    }
    BlockMap.Run run = map.find(logical);
    if (run.hole()) {
      throw new CorruptImageException(
          String.format(Locale.ROOT, "%s: %s: logical block %d is a hole", where, role, logical));
    }
    return new Block(logical, disk.block(run.physical()), run.physical() * disk.blockSize);
  }

  /** Visits the records of one block; index blocks of an htree hold none. */
  boolean records(long logical, byte[] buf, int off, long at, DirRecord.Visitor v)
      throws IOException {
    int bs = disk.blockSize;
    String blockWhere = where + ": directory block " + logical;
    if (indexed && isIndexBlock(logical, buf, off)) {
      if (csum) {
        HTree.verifyTail(this, logical, buf, off, at);
      }
      return true;
    }
    int end = bs;
    if (csum) {
      verifyLeafTail(buf, off, at, blockWhere);
      end -= DirRecord.TAIL_SIZE;
    }
    return DirRecord.parse(buf, off, off + end, at, bs, disk.sb, blockWhere, v);
  }

  /** Block 0 of an indexed directory, or a block whose one empty record spans it (a dx node). */
  boolean isIndexBlock(long logical, byte[] buf, int off) {
    return logical == 0
        || (Le.u32(buf, off) == 0 && DirRecord.recLen(buf, off, disk.blockSize) == disk.blockSize);
  }

  private void verifyLeafTail(byte[] buf, int off, long at, String blockWhere)
      throws CorruptImageException {
    int bs = disk.blockSize;
    int t = off + bs - DirRecord.TAIL_SIZE;
    if (Le.u32(buf, t) != 0
        || Le.u16(buf, t + 4) != DirRecord.TAIL_SIZE
        || Le.u8(buf, t + 6) != 0
        || Le.u8(buf, t + 7) != DirRecord.TAIL_FILE_TYPE) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: checksum tail at %s: missing (metadata_csum)",
              blockWhere,
              hex(at + bs - DirRecord.TAIL_SIZE)));
    }
    int stored = Le.s32(buf, t + 8);
    int computed = Crc32c.of(dir.csumSeed(), buf, off, bs - DirRecord.TAIL_SIZE);
    if (stored != computed) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: checksum at %s: stored 0x%08x != computed 0x%08x",
              blockWhere,
              hex(at + bs - 4),
              stored,
              computed));
    }
  }
}
