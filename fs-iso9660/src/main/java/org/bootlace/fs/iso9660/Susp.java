package org.bootlace.fs.iso9660;

import static org.bootlace.binary.Checks.hex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;

/**
 * Walks the System Use area of one directory record and the continuation areas its CE entries name,
 * collecting what Rock Ridge says. Every entry is checked against the bytes that remain before it
 * is read; continuation areas must fit in one logical block (as Linux requires), lie in the volume,
 * never repeat (a loop) and number at most {@link #MAX_CONTINUATIONS}.
 */
final class Susp {
  /** Linux's bound on continuation areas per record (RR_MAX_CE_ENTRIES). */
  static final int MAX_CONTINUATIONS = 32;

  /** Longest NM name: a path component. */
  static final int MAX_NAME = 255;

  private final Disk disk;
  private final String what;

  private int spSkip = -1;
  private final List<String> extensions = new ArrayList<>();
  private ByteArrayOutputStream name;
  private int mode = -1;
  private long mtime = Long.MIN_VALUE;
  private ByteArrayOutputStream link;
  private boolean linkNeedsSlash;
  private long childLink = -1;
  private boolean relocated;
  private RockRidge.Zf zf;
  private boolean sparse;

  private Susp(Disk disk, String what) {
    this.disk = disk;
    this.what = what;
  }

  /**
   * Parses the System Use area of {@code r}, skipping {@code skip} bytes first (SP's LEN_SKP; 0 for
   * the root's "." record, where SP itself lies). {@code where} names the directory.
   */
  static RockRidge parse(Disk disk, DirRecord r, int skip, String where) throws IOException {
    Susp s = new Susp(disk, where + ": record at " + hex(r.at()));
    int start = Math.min(r.systemUseStart() + skip, r.systemUseEnd());
    long startAt = r.at() + (start - r.off());
    s.walk(r.buf(), start, r.systemUseEnd(), startAt, skip == 0 && r.isDot());
    return s.result();
  }

  private RockRidge result() {
    return new RockRidge(
        spSkip,
        List.copyOf(extensions),
        name == null ? null : name.toByteArray(),
        mode,
        mtime,
        link == null ? null : link.toString(StandardCharsets.UTF_8),
        childLink,
        relocated,
        zf,
        sparse);
  }

  private void walk(byte[] b, int start, int end, long at, boolean mayHaveSp) throws IOException {
    Set<Long> seen = new HashSet<>();
    int areas = 0;
    while (true) {
      long[] ce = area(b, start, end, at, mayHaveSp);
      mayHaveSp = false;
      if (ce == null) {
        return;
      }
      long block = ce[0];
      long offset = ce[1];
      long length = ce[2];
      long ceAt = ce[3];
      String ceWhat = what + ": SUSP entry CE at " + hex(ceAt);
      if (++areas > MAX_CONTINUATIONS) {
        throw new CorruptImageException(
            ceWhat + ": more than " + MAX_CONTINUATIONS + " continuation areas");
      }
      if (offset >= disk.blockSize || length > disk.blockSize - offset) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s: continuation area of %d bytes at offset %d does not fit a logical block of %d bytes",
                ceWhat,
                length,
                offset,
                disk.blockSize));
      }
      long areaAt =
          disk.extent(block, 0, disk.blockSize, ceWhat + ": continuation area", ceAt) + offset;
      if (!seen.add(areaAt)) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s: continuation area at block %d offset %d was already read (a loop)",
                ceWhat,
                block,
                offset));
      }
      long sectorAt = areaAt - areaAt % Disk.SECTOR;
      b = disk.sector(sectorAt);
      start = (int) (areaAt - sectorAt);
      end = start + (int) length;
      at = areaAt;
    }
  }

  /** Reads one area; returns the CE it names as {block, offset, length, entry offset}, or null. */
  private long[] area(byte[] b, int start, int end, long at, boolean mayHaveSp) throws IOException {
    long[] ce = null;
    int pos = start;
    boolean first = true;
    // Fewer than 4 bytes cannot hold an entry: they are padding.
    while (end - pos >= 4) {
      long entryAt = at + (pos - start);
      String sig = new String(b, pos, 2, StandardCharsets.ISO_8859_1);
      int len = b[pos + 2] & 0xff;
      String where =
          what + ": SUSP entry " + DescriptorSet.printable(b, pos, 2) + " at " + hex(entryAt);
      if (len < 4) {
        throw new CorruptImageException(where + ": length " + len + " < 4");
      }
      if (len > end - pos) {
        throw new CorruptImageException(
            where
                + ": length "
                + len
                + " runs past the end of the area ("
                + (end - pos)
                + " bytes remain)");
      }
      switch (sig) {
        case "SP":
          if (mayHaveSp && first) {
            need(where, len, 7);
            if ((b[pos + 4] & 0xff) != 0xBE || (b[pos + 5] & 0xff) != 0xEF) {
              throw new CorruptImageException(
                  String.format(
                      Locale.ROOT,
                      "%s: check bytes 0x%02x%02x != 0xbeef",
                      where,
                      b[pos + 4] & 0xff,
                      b[pos + 5] & 0xff));
            }
            spSkip = b[pos + 6] & 0xff;
          }
          break;
        case "CE":
          need(where, len, 28);
          if (ce != null) {
            throw new CorruptImageException(where + ": a second CE in one area");
          }
          ce =
              new long[] {
                Fields.both32(b, pos + 4, entryAt + 4, where, "block"),
                Fields.both32(b, pos + 12, entryAt + 12, where, "offset"),
                Fields.both32(b, pos + 20, entryAt + 20, where, "length"),
                entryAt
              };
          break;
        case "ST":
          return ce;
        case "ER":
          need(where, len, 8);
          int idLen = b[pos + 4] & 0xff;
          if (8 + idLen > len) {
            throw new CorruptImageException(
                where + ": identifier length " + idLen + " does not fit the entry length " + len);
          }
          extensions.add(new String(b, pos + 8, idLen, StandardCharsets.ISO_8859_1));
          break;
        case "PX":
          need(where, len, 36);
          mode = (int) Fields.both32(b, pos + 4, entryAt + 4, where, "file mode");
          break;
        case "TF":
          timestamps(b, pos, len, where);
          break;
        case "NM":
          need(where, len, 5);
          // CURRENT, PARENT and HOST names are not names of this entry; Linux ignores them too.
          if ((b[pos + 4] & ~1) == 0) {
            if (name == null) {
              name = new ByteArrayOutputStream();
            }
            if (name.size() + len - 5 > MAX_NAME) {
              throw new CorruptImageException(where + ": name longer than " + MAX_NAME + " bytes");
            }
            name.write(b, pos + 5, len - 5);
          }
          break;
        case "SL":
          symlink(b, pos, len, where, entryAt);
          break;
        case "CL":
          need(where, len, 12);
          childLink = Fields.both32(b, pos + 4, entryAt + 4, where, "location");
          break;
        case "RE":
          relocated = true;
          break;
        case "ZF":
          need(where, len, 16);
          zf =
              new RockRidge.Zf(
                  DescriptorSet.printable(b, pos + 4, 2),
                  b[pos + 6] & 0xff,
                  b[pos + 7] & 0xff,
                  Fields.both32(b, pos + 8, entryAt + 8, where, "uncompressed size"),
                  entryAt);
          break;
        case "SF":
          sparse = true;
          break;
        default: // PL, PN, RR, ES, PD, AA, AL, ...: nothing a reader of names and contents needs
          break;
      }
      first = false;
      pos += len;
    }
    return ce;
  }

  private static void need(String where, int len, int min) throws CorruptImageException {
    if (len < min) {
      throw new CorruptImageException(where + ": length " + len + " < " + min);
    }
  }

  private void timestamps(byte[] b, int pos, int len, String where) throws CorruptImageException {
    need(where, len, 5);
    int flags = b[pos + 4] & 0xff;
    int size = (flags & 0x80) != 0 ? 17 : 7;
    int count = Integer.bitCount(flags & 0x7f);
    if (5 + count * size > len) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: flags 0x%02x need %d bytes, the entry has %d",
              where,
              flags,
              5 + count * size,
              len));
    }
    if ((flags & 0x02) != 0) { // MODIFY follows CREATION when that is present
      int at = pos + 5 + ((flags & 0x01) != 0 ? size : 0);
      mtime = size == 17 ? IsoDate.digits(b, at) : IsoDate.binary(b, at);
    }
  }

  private void symlink(byte[] b, int pos, int len, String where, long entryAt) throws IOException {
    need(where, len, 5);
    if (link == null) {
      link = new ByteArrayOutputStream();
    }
    Limits limits = disk.limits;
    int p = pos + 5;
    int end = pos + len;
    while (p < end) {
      if (end - p < 2) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s: component at %s: needs 2 bytes, %d remain",
                where,
                hex(entryAt + p - pos),
                end - p));
      }
      int flags = b[p] & 0xff;
      int n = b[p + 1] & 0xff;
      if (n > end - p - 2) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s: component at %s: length %d runs past the entry (%d bytes remain)",
                where,
                hex(entryAt + p - pos),
                n,
                end - p - 2));
      }
      if (linkNeedsSlash) {
        link.write('/');
      }
      int kind = flags & ~1;
      if (kind != 0 && n != 0) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT, "%s: component flags 0x%02x with %d content bytes", where, flags, n));
      }
      switch (kind) {
        case 0:
          for (int i = 0; i < n; i++) {
            if (b[p + 2 + i] == '/' || b[p + 2 + i] == 0) {
              throw new CorruptImageException(where + ": component contains '/' or NUL");
            }
          }
          link.write(b, p + 2, n);
          break;
        case 2:
          link.write('.');
          break;
        case 4:
          link.write('.');
          link.write('.');
          break;
        case 8:
          link.write('/');
          break;
        case 0x10:
        case 0x20:
          throw new UnsupportedFeatureException(
              "Rock Ridge SL " + (kind == 0x10 ? "volume root" : "host") + " component",
              String.format(
                  Locale.ROOT,
                  "%s: component flags 0x%02x: links to the %s are not supported",
                  where,
                  flags,
                  kind == 0x10 ? "volume root" : "host"));
        default:
          throw new CorruptImageException(
              String.format(Locale.ROOT, "%s: component flags 0x%02x", where, flags));
      }
      linkNeedsSlash = kind != 8 && (flags & 1) == 0;
      Limits.check(
          "maxPathBytes", limits.maxPathBytes(), link.size(), where + ": symbolic link target");
      p += 2 + n;
    }
  }
}
