package org.bootlace.fs.fat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A hand-built FAT12 volume of 64 sectors of 512 bytes, for the cases the real tools never write:
 * one reserved sector, two one-sector FATs (0x200, 0x400), a 16-record root directory at 0x600 and
 * 60 one-sector clusters from 0x800 (cluster n at 0x800 + (n - 2) * 512).
 */
final class TinyFat {
  static final int SECTOR = 512;
  static final int FAT = 0x200;
  static final int FAT2 = 0x400;
  static final int ROOT = 0x600;
  static final int DATA = 0x800;

  final byte[] b = new byte[64 * SECTOR];

  TinyFat() {
    b[0] = (byte) 0xEB;
    b[1] = 0x3C;
    b[2] = (byte) 0x90;
    put(3, "MSWIN4.1");
    u16(0x0B, 512);
    b[0x0D] = 1;
    u16(0x0E, 1);
    b[0x10] = 2;
    u16(0x11, 16);
    u16(0x13, 64);
    b[0x15] = (byte) 0xF8;
    u16(0x16, 1);
    b[0x26] = 0x29;
    u32(0x27, 0xCAFEF00DL);
    put(0x2B, "BPB LABEL  ");
    put(0x36, "FAT12   ");
    b[0x1FE] = 0x55;
    b[0x1FF] = (byte) 0xAA;
    fat(0, 0xFF8);
    fat(1, 0xFFF);
  }

  static int cluster(int n) {
    return DATA + (n - 2) * SECTOR;
  }

  TinyFat u16(int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >> 8);
    return this;
  }

  TinyFat u32(int at, long v) {
    u16(at, (int) v);
    return u16(at + 2, (int) (v >> 16));
  }

  TinyFat put(int at, String ascii) {
    byte[] s = ascii.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(s, 0, b, at, s.length);
    return this;
  }

  /** Sets FAT entry {@code n} in both FATs. */
  TinyFat fat(int n, int v) {
    for (int base : new int[] {FAT, FAT2}) {
      int at = base + n + n / 2;
      if ((n & 1) == 0) {
        b[at] = (byte) v;
        b[at + 1] = (byte) ((b[at + 1] & 0xf0) | ((v >> 8) & 0x0f));
      } else {
        b[at] = (byte) ((b[at] & 0x0f) | ((v << 4) & 0xf0));
        b[at + 1] = (byte) (v >> 4);
      }
    }
    return this;
  }

  /** Links clusters {@code first..last} into one chain ending there. */
  TinyFat chain(int... clusters) {
    for (int i = 0; i < clusters.length; i++) {
      fat(clusters[i], i + 1 < clusters.length ? clusters[i + 1] : 0xFFF);
    }
    return this;
  }

  /** The 32-byte record at {@code dir + 32 * index}: an 8.3 record. */
  TinyFat record(int dir, int index, String name11, int attr, int cluster, long size) {
    int at = dir + 32 * index;
    Arrays.fill(b, at, at + 32, (byte) 0);
    put(at, name11);
    b[at + 11] = (byte) attr;
    u16(at + 0x16, 0x6000); // 12:00:00
    u16(at + 0x18, (44 << 9) | (3 << 5) | 15); // 2024-03-15
    u16(at + 0x14, cluster >>> 16);
    u16(at + 0x1A, cluster & 0xffff);
    u32(at + 0x1C, size);
    return this;
  }

  /** A long-name record: {@code ord} (0x40 on the first), 13 characters of {@code part}. */
  TinyFat lfn(int dir, int index, int ord, int checksum, String part) {
    int at = dir + 32 * index;
    Arrays.fill(b, at, at + 32, (byte) 0);
    b[at] = (byte) ord;
    b[at + 11] = 0x0F;
    b[at + 13] = (byte) checksum;
    int[] slots = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
    for (int k = 0; k < 13; k++) {
      int c = k < part.length() ? part.charAt(k) : k == part.length() ? 0 : 0xFFFF;
      u16(at + slots[k], c);
    }
    return this;
  }

  /** Writes {@code data} into clusters from {@code first} on, chained. */
  TinyFat file(int first, byte[] data) {
    int n = Math.max(1, (data.length + SECTOR - 1) / SECTOR);
    int[] cl = new int[n];
    for (int i = 0; i < n; i++) {
      cl[i] = first + i;
    }
    chain(cl);
    System.arraycopy(data, 0, b, cluster(first), data.length);
    return this;
  }

  static int checksum(String name11) {
    return ShortName.checksum(name11.getBytes(StandardCharsets.ISO_8859_1), 0);
  }

  byte[] bytes() {
    return b.clone();
  }
}
