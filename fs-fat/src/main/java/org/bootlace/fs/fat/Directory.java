package org.bootlace.fs.fat;

import static org.bootlace.binary.Checks.hex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.binary.Le;

/**
 * The 32-byte records of one directory, read into entries with their long names.
 *
 * <p>Rules, as UEFI firmware (EDK II's FAT driver) and GRUB read directories:
 *
 * <ul>
 *   <li>a record whose first byte is 0 ends the directory; 0xE5 marks a deleted record;
 *   <li>long-name records (attribute 0x0F) count down from a first record flagged 0x40 to 1, each
 *       carrying the checksum of the 8.3 name that follows them; a long name is used only when the
 *       sequence is complete and the checksum matches. Otherwise its records are orphans: skipped,
 *       and the 8.3 record that follows is named by its 8.3 name (a warning says so);
 *   <li>records with attribute bits 0x40 or 0x80 are not files (GRUB skips them; so do we, with a
 *       warning); "." and ".." are not listed; the volume label (attribute 0x08) is not a file;
 *   <li>a name that cannot be a path component (empty, containing '/' or NUL) is skipped with a
 *       warning, a long name of that kind falling back to the 8.3 name first.
 * </ul>
 */
final class Directory {
  static final int RECORD = 32;

  /** FAT's own bound: a directory holds at most 65536 records (2 MiB). */
  static final long MAX_RECORDS = 65536;

  static final int DIR_NAME = 0x00;
  static final int DIR_ATTR = 0x0B;
  static final int DIR_NT_RES = 0x0C;
  static final int DIR_FST_CLUS_HI = 0x14;
  static final int DIR_WRT_TIME = 0x16;
  static final int DIR_WRT_DATE = 0x18;
  static final int DIR_FST_CLUS_LO = 0x1A;
  static final int DIR_FILE_SIZE = 0x1C;
  static final int LDIR_ORD = 0x00;
  static final int LDIR_CHKSUM = 0x0D;

  static final int ATTR_VOLUME_ID = 0x08;
  static final int ATTR_DIRECTORY = 0x10;
  static final int ATTR_ARCHIVE = 0x20;
  static final int ATTR_LONG_NAME = 0x0F;

  /** A long name has at most 255 characters: 20 records of 13. */
  static final int MAX_LFN_RECORDS = 20;

  private static final int[] LFN_CHARS = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};

  /**
   * One 8.3 record and its name.
   *
   * @param name the long name, or the 8.3 name when there is no valid long name
   * @param shortName the 8.3 name with the NT lower-case flags applied
   * @param at the disk offset of the 8.3 record: the entry's id
   */
  record Entry(
      String name,
      String shortName,
      int attr,
      long firstCluster,
      long size,
      int time,
      int date,
      long at) {
    boolean isDirectory() {
      return (attr & ATTR_DIRECTORY) != 0;
    }
  }

  /**
   * What a directory holds: its entries, the volume label record if any, and what was skipped; the
   * entries are indexed by name and by 8.3 name folded to ASCII upper case (the first entry of a
   * name wins, as a scan in directory order finds it).
   */
  record Contents(
      List<Entry> entries,
      Optional<String> label,
      List<String> skipped,
      Map<String, Entry> byName,
      Map<String, Entry> byShortName) {
    Optional<Entry> find(String name) {
      String key = ShortName.asciiUpper(name);
      Entry e = byName.get(key);
      return Optional.ofNullable(e != null ? e : byShortName.get(key));
    }
  }

  /** Maps a byte position in the directory's data to its disk offset. */
  interface Positions {
    long diskOffset(int pos);
  }

  private Directory() {}

  /**
   * Reads the records in {@code data}.
   *
   * @param fat32 whether the high 16 bits of the first cluster count (FAT12/16 keep other data
   *     there)
   * @param what the directory, for messages
   */
  static Contents parse(byte[] data, Positions at, boolean fat32, Limits limits, String what)
      throws LimitExceededException {
    List<Entry> out = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Optional<String> label = Optional.empty();
    char[] lfn = new char[MAX_LFN_RECORDS * 13];
    int slots = 0; // records of the long name being read; 0 when none
    int expected = 0; // the sequence number the next long-name record must carry
    int checksum = 0;
    long lfnAt = -1;
    int orphans = 0;
    long firstOrphanAt = -1;
    for (int pos = 0; pos + RECORD <= data.length; pos += RECORD) {
      int first = data[pos] & 0xff;
      if (first == 0) {
        break;
      }
      int attr = data[pos + DIR_ATTR] & 0xff;
      boolean isLfn = (attr & 0x3f) == ATTR_LONG_NAME && first != 0xE5;
      if (first == 0xE5 || isLfn) {
        if (!isLfn) {
          if (slots > 0) {
            orphans += slots - expected;
            firstOrphanAt = firstOrphanAt < 0 ? lfnAt : firstOrphanAt;
            slots = 0;
          }
          continue;
        }
        int seq = first & 0x3f;
        int sum = data[pos + LDIR_CHKSUM] & 0xff;
        if ((first & 0x40) != 0) {
          if (slots > 0) {
            orphans += slots - expected;
            firstOrphanAt = firstOrphanAt < 0 ? lfnAt : firstOrphanAt;
          }
          slots = 0;
          if (seq == 0 || seq > MAX_LFN_RECORDS) {
            orphans++;
            firstOrphanAt = firstOrphanAt < 0 ? at.diskOffset(pos) : firstOrphanAt;
            continue;
          }
          slots = seq;
          expected = seq;
          checksum = sum;
          lfnAt = at.diskOffset(pos);
        } else if (slots == 0 || seq != expected || sum != checksum || expected == 0) {
          if (slots > 0) {
            orphans += slots - expected;
            firstOrphanAt = firstOrphanAt < 0 ? lfnAt : firstOrphanAt;
          }
          orphans++;
          firstOrphanAt = firstOrphanAt < 0 ? at.diskOffset(pos) : firstOrphanAt;
          slots = 0;
          continue;
        }
        int base = (seq - 1) * 13;
        for (int k = 0; k < 13; k++) {
          lfn[base + k] = (char) Le.u16(data, pos + LFN_CHARS[k]);
        }
        expected = seq - 1;
        continue;
      }
      long recordAt = at.diskOffset(pos);
      String longName = null;
      if (slots > 0) {
        if (expected == 0 && ShortName.checksum(data, pos) == checksum) {
          longName = longName(lfn, slots);
          if (longName == null) {
            skipped.add(
                String.format(
                    Locale.ROOT,
                    "long name at %s is not a usable file name; the 8.3 name is used",
                    hex(lfnAt)));
          }
        } else {
          orphans += slots - expected;
          firstOrphanAt = firstOrphanAt < 0 ? lfnAt : firstOrphanAt;
        }
        slots = 0;
      }
      if ((attr & 0xc0) != 0) {
        skipped.add(
            String.format(
                Locale.ROOT,
                "record at %s: attribute 0x%02x has reserved bits set; skipped",
                hex(recordAt),
                attr));
        continue;
      }
      if ((attr & ATTR_VOLUME_ID) != 0) {
        // GRUB takes the first record that is a volume label and nothing else (archive aside).
        if (label.isEmpty() && (attr & ~ATTR_ARCHIVE) == ATTR_VOLUME_ID) {
          label = Optional.of(ShortName.decode(data, pos, 11).stripTrailing());
        }
        continue;
      }
      if (first == '.' && isDotName(data, pos)) {
        continue;
      }
      String shortName = ShortName.name(data, pos, data[pos + DIR_NT_RES] & 0xff);
      String name = longName != null ? longName : shortName;
      if (!usable(name)) {
        skipped.add(
            String.format(
                Locale.ROOT,
                "record at %s: the name \"%s\" cannot be a file name; skipped",
                hex(recordAt),
                printable(name)));
        continue;
      }
      Limits.check(
          "maxDirectoryEntries", limits.maxDirectoryEntries(), out.size() + 1L, what + ": entries");
      long hi = fat32 ? Le.u16(data, pos + DIR_FST_CLUS_HI) : 0;
      long cluster = hi << 16 | Le.u16(data, pos + DIR_FST_CLUS_LO);
      out.add(
          new Entry(
              name,
              shortName,
              attr,
              cluster,
              Le.u32(data, pos + DIR_FILE_SIZE),
              Le.u16(data, pos + DIR_WRT_TIME),
              Le.u16(data, pos + DIR_WRT_DATE),
              recordAt));
    }
    if (slots > 0) {
      orphans += slots - expected;
      firstOrphanAt = firstOrphanAt < 0 ? lfnAt : firstOrphanAt;
    }
    if (orphans > 0) {
      skipped.add(
          0,
          String.format(
              Locale.ROOT,
              "%d orphaned long-name record%s skipped (the first at %s)",
              orphans,
              orphans == 1 ? "" : "s",
              hex(firstOrphanAt)));
    }
    Map<String, Entry> byName = new HashMap<>();
    Map<String, Entry> byShortName = new HashMap<>();
    for (Entry e : out) {
      byName.putIfAbsent(ShortName.asciiUpper(e.name()), e);
      byShortName.putIfAbsent(ShortName.asciiUpper(e.shortName()), e);
    }
    return new Contents(out, label, skipped, byName, byShortName);
  }

  /** One 8.3 record read alone (a node reopened by its id). */
  static Entry single(byte[] record, long at, boolean fat32) {
    String shortName = ShortName.name(record, 0, record[DIR_NT_RES] & 0xff);
    long hi = fat32 ? Le.u16(record, DIR_FST_CLUS_HI) : 0;
    return new Entry(
        shortName,
        shortName,
        record[DIR_ATTR] & 0xff,
        hi << 16 | Le.u16(record, DIR_FST_CLUS_LO),
        Le.u32(record, DIR_FILE_SIZE),
        Le.u16(record, DIR_WRT_TIME),
        Le.u16(record, DIR_WRT_DATE),
        at);
  }

  private static boolean isDotName(byte[] d, int pos) {
    int dots = d[pos + 1] == '.' ? 2 : 1;
    for (int i = dots; i < 11; i++) {
      if (d[pos + i] != ' ') {
        return false;
      }
    }
    return true;
  }

  /** The long name of {@code slots} records: up to the first NUL, lone surrogates replaced. */
  private static String longName(char[] lfn, int slots) {
    int len = 0;
    int max = slots * 13;
    while (len < max && lfn[len] != 0) {
      len++;
    }
    StringBuilder s = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      char c = lfn[i];
      if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(lfn[i + 1])) {
        s.append(c).append(lfn[++i]);
      } else if (Character.isSurrogate(c)) {
        s.append('\ufffd');
      } else {
        s.append(c);
      }
    }
    String name = s.toString();
    return usable(name) ? name : null;
  }

  private static boolean usable(String name) {
    return !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && name.indexOf('/') < 0
        && name.indexOf('\0') < 0;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(
          c < 0x20 || c == 0x7f
              ? String.format(Locale.ROOT, "\\x%02x", (int) c)
              : String.valueOf(c));
    }
    return b.toString();
  }
}
