package org.bootlace.fs.iso9660;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;

/**
 * The records of one directory extent, walked sector by sector: a zero length byte means "the rest
 * of this logical sector is unused" (ECMA-119 6.8.1.1), a record never crosses into the next
 * sector, the first two records are "." (naming this extent) and "..". Consecutive records of a
 * multi-extent file become one entry; associated files and Rock Ridge relocated directories (RE)
 * are not shown, as Linux does not show them.
 */
final class Directory {
  private final IsoFileSystem fs;
  private final IsoNode dir;
  private final String where;

  /** One visible name and the records it stands for. */
  record Entry(String name, List<DirRecord> sections, RockRidge rr) {
    DirRecord first() {
      return sections.get(0);
    }
  }

  interface Visitor {
    /** Returns false to stop the walk. */
    boolean visit(Entry e) throws IOException;
  }

  Directory(IsoFileSystem fs, IsoNode dir) {
    this.fs = fs;
    this.dir = dir;
    this.where = dir.where;
  }

  /** Visits every visible entry in storage order; returns false if the visitor stopped. */
  boolean scan(Visitor v) throws IOException {
    Disk disk = fs.disk;
    long start = dir.runs.diskOffset(0);
    long length = dir.runs.total;
    long max = disk.limits.maxDirectoryEntries();
    long records = 0;
    long parentLba = -1;
    List<DirRecord> pending = new ArrayList<>();
    long pos = 0;
    while (pos < length) {
      long sectorStart = pos - pos % Disk.SECTOR;
      int limit = (int) Math.min(Disk.SECTOR, length - sectorStart);
      int in = (int) (pos - sectorStart);
      byte[] sector = disk.sector(start + sectorStart);
      if (in >= limit || sector[in] == 0) {
        pos = sectorStart + Disk.SECTOR;
        continue;
      }
      DirRecord r = DirRecord.parse(sector, in, limit - in, start + pos, where);
      Limits.check("maxDirectoryEntries", max, ++records, where + ": directory records");
      pos += r.length();
      if (records == 1) {
        if (!r.isDot() || r.extent() != dir.extentLba) {
          throw DirRecord.fail(
              where,
              r.at(),
              String.format(Locale.ROOT, "first record is not \".\" for block %d", dir.extentLba));
        }
        continue;
      }
      if (records == 2) {
        if (!r.isDotDot()) {
          throw DirRecord.fail(where, r.at(), "second record is not \"..\"");
        }
        parentLba = r.extent();
        continue;
      }
      if (!pending.isEmpty() && !r.sameName(pending.get(0))) {
        throw DirRecord.fail(
            where,
            r.at(),
            "the multi-extent file of the record at "
                + hex(pending.get(0).at())
                + " has no final extent");
      }
      pending.add(r);
      if ((r.flags() & DirRecord.FLAG_MULTI_EXTENT) != 0) {
        continue;
      }
      List<DirRecord> sections = List.copyOf(pending);
      pending.clear();
      if ((sections.get(0).flags() & DirRecord.FLAG_ASSOCIATED) != 0) {
        continue;
      }
      Entry e = entry(sections, parentLba);
      if (e != null && !v.visit(e)) {
        return false;
      }
    }
    if (!pending.isEmpty()) {
      throw DirRecord.fail(
          where,
          pending.get(0).at(),
          "multi-extent file has no final extent before the directory ends");
    }
    if (records < 2) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT, "%s: %d records, a directory needs \".\" and \"..\"", where, records));
    }
    return true;
  }

  /** The entry the records make, or null when it is not shown. */
  private Entry entry(List<DirRecord> sections, long parentLba) throws IOException {
    DirRecord first = sections.get(0);
    RockRidge rr =
        fs.tree == Names.Tree.ROCK_RIDGE
            ? Susp.parse(fs.disk, first, fs.suspSkip, where)
            : RockRidge.NONE;
    if (rr.relocated()) {
      return null;
    }
    String name;
    if (fs.tree == Names.Tree.JOLIET) {
      name = Names.joliet(first.name(), where, first.at());
    } else if (rr.name() != null) {
      name = Names.rockRidge(rr.name(), where, first.at());
    } else {
      name = Names.plain(first.name());
    }
    if (name.isEmpty()) {
      return null;
    }
    long child = rr.childLink() >= 0 ? rr.childLink() : first.isDirectory() ? first.extent() : -1;
    if (child >= 0 && (child == dir.extentLba || child == parentLba)) {
      throw DirRecord.fail(
          where,
          first.at(),
          String.format(
              Locale.ROOT,
              "%s \"%s\" is block %d, %s",
              rr.childLink() >= 0 ? "CL of" : "directory",
              name,
              child,
              child == dir.extentLba
                  ? "this directory itself (a loop)"
                  : "this directory's parent (a loop)"));
    }
    return new Entry(name, sections, rr);
  }
}
