package org.bootlace.grub.legacy;

/**
 * A GRUB legacy device such as {@code (hd0)}, {@code (hd0,4)} or {@code (hd1,0,a)}, read as
 * stage2's {@code set_device} reads it (stage2/disk_io.c): drives are counted from 0, PC partitions
 * from 0 (so {@code (hd0,0)} is the first partition and {@code (hd0,4)} the first logical one), at
 * most 254 of them, an optional BSD sub-partition {@code a}..{@code h}, at most 8 drives of a kind.
 * {@code (cd)} and {@code (nd)} exist only when GRUB itself came from a CD or the network, so on a
 * disk they fail as GRUB fails them.
 *
 * @param text the device as written, parentheses included
 * @param drive the BIOS drive number: 0x80 + n for {@code (hdn)}, n for {@code (fdn)}; -1 for
 *     {@code (,0)}, the current root's drive
 * @param slice the 0-based PC partition; -1 for the whole drive or none given
 * @param bsd the BSD sub-partition 0..7, -1 if none
 * @param currentPartition {@code (hd0,)}: the current root's partition on that drive
 * @param end the index just past the closing parenthesis
 */
record DeviceName(String text, int drive, int slice, int bsd, boolean currentPartition, int end) {
  private static final int PART_DISK = 1;
  private static final int PART_CHOSEN = 2;

  /** Parses the device starting with the {@code (} at {@code start}. */
  static DeviceName parse(String s, int start) throws GrubFailure {
    int i = start + 1;
    char ch = GrubNumber.charAt(s, i);
    int drive = -1;
    if (ch == '\0') {
      throw new GrubFailure(GrubError.DEV_FORMAT);
    }
    if (ch != ',' && ch != ')') {
      if (ch == 'f' || ch == 'h') {
        if (GrubNumber.charAt(s, i + 1) != 'd') {
          throw new GrubFailure(GrubError.NUMBER_PARSING);
        }
        GrubNumber n = GrubNumber.parse(s, i + 2);
        drive = ch == 'h' ? n.value() + 0x80 : n.value();
        i = n.end();
      } else {
        GrubNumber n = GrubNumber.parse(s, i); // a raw BIOS drive number, such as 0x80
        drive = n.value();
        i = n.end();
      }
    }
    boolean result = false;
    int slice = -1;
    int bsd = -1;
    boolean current = false;
    if (GrubNumber.charAt(s, i) == ')') {
      result = true;
      i++;
    } else if (GrubNumber.charAt(s, i) == ',') {
      i++;
      int choice = PART_DISK;
      char c = GrubNumber.charAt(s, i);
      if (c >= '0' && c <= '9') {
        if (drive >= 0 && (drive & 0x80) == 0) {
          throw new GrubFailure(GrubError.DEV_FORMAT); // floppies have no partitions
        }
        GrubNumber n;
        try {
          n = GrubNumber.parse(s, i);
        } catch (GrubFailure overflow) {
          throw new GrubFailure(GrubError.DEV_FORMAT);
        }
        if (n.value() > 254) {
          throw new GrubFailure(GrubError.DEV_FORMAT);
        }
        slice = n.value();
        i = n.end();
        if (GrubNumber.charAt(s, i) == ',') {
          i++;
        }
        if (isBsdLetter(GrubNumber.charAt(s, i))) {
          bsd = s.charAt(i++) - 'a';
        }
        choice = PART_CHOSEN;
      } else if (isBsdLetter(c)) {
        bsd = s.charAt(i++) - 'a';
        choice = PART_CHOSEN;
      }
      if (GrubNumber.charAt(s, i) == ')') {
        current = choice == PART_DISK;
        result = true;
        i++;
      }
    }
    if (drive >= 0 && (drive & ~0x80) >= 8) {
      throw new GrubFailure(GrubError.DEV_VALUES);
    }
    if (!result) {
      throw new GrubFailure(GrubError.DEV_FORMAT);
    }
    return new DeviceName(s.substring(start, i), drive, slice, bsd, current, i);
  }

  private static boolean isBsdLetter(char c) {
    return c >= 'a' && c <= 'h';
  }

  /** Whether this names a hard disk; {@code (,0)} means the current one, which is. */
  boolean isHardDisk() {
    return drive < 0 || (drive & 0x80) != 0;
  }

  /** The hard disk's number, 0 for the first. */
  int disk() {
    return drive < 0 ? 0 : drive & 0x7f;
  }
}
