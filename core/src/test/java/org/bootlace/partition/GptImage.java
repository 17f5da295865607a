package org.bootlace.partition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
import org.bootlace.binary.Le;

/**
 * Builds GPT disks byte by byte, following the UEFI layout: protective MBR, primary header at LBA 1
 * and its array at LBA 2, backup array and header at the end. Checksums are computed unless a test
 * asks otherwise, so each test breaks exactly the one thing it means to.
 */
final class GptImage {
  static final String LINUX = "0fc63daf-8483-4772-8e79-3d69d8477de4";
  static final String ESP = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b";

  record Entry(
      int slot, String type, String uuid, long first, long last, long attributes, String name) {}

  final int sectorSize;
  final int sectors;
  int entryCount = 128;
  int entrySize = 128;

  /** The entry count the headers claim, when it differs from the array written. */
  long claimedCount = -1;

  final List<Entry> entries = new ArrayList<>();

  GptImage(int sectorSize, int sectors) {
    this.sectorSize = sectorSize;
    this.sectors = sectors;
  }

  /** Two partitions: 1 an ESP with the legacy-bootable bit, 3 a Linux filesystem (2 unused). */
  static GptImage standard(int sectorSize, int sectors) {
    GptImage g = new GptImage(sectorSize, sectors);
    long first = g.firstUsable();
    g.add(0, ESP, "11111111-2222-3333-4444-555555555555", first, first + 15, 4, "EFI system");
    g.add(2, LINUX, "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", first + 16, g.lastUsable(), 0, "root");
    return g;
  }

  GptImage add(
      int slot, String type, String uuid, long first, long last, long attributes, String name) {
    entries.add(new Entry(slot, type, uuid, first, last, attributes, name));
    return this;
  }

  int arraySectors() {
    return (entryCount * entrySize + sectorSize - 1) / sectorSize;
  }

  long firstUsable() {
    return 2 + arraySectors();
  }

  long lastUsable() {
    return sectors - 2 - arraySectors();
  }

  long backupLba() {
    return sectors - 1;
  }

  byte[] build() {
    byte[] disk = new byte[sectorSize * sectors];
    int mbrEntry = 0x1be;
    disk[mbrEntry + 4] = (byte) 0xee;
    Le.putU32(disk, mbrEntry + 8, 1);
    Le.putU32(disk, mbrEntry + 12, Math.min(sectors - 1L, 0xffff_ffffL));
    disk[0x1fe] = 0x55;
    disk[0x1ff] = (byte) 0xaa;
    byte[] array = array();
    long crc = crc(array, 0, array.length);
    long backupArray = backupLba() - arraySectors();
    System.arraycopy(array, 0, disk, 2 * sectorSize, array.length);
    System.arraycopy(array, 0, disk, (int) backupArray * sectorSize, array.length);
    header(disk, 1, backupLba(), 2, crc);
    header(disk, backupLba(), 1, backupArray, crc);
    return disk;
  }

  private byte[] array() {
    byte[] a = new byte[entryCount * entrySize];
    for (Entry e : entries) {
      int at = e.slot * entrySize;
      guid(a, at, e.type);
      guid(a, at + 16, e.uuid);
      putU64(a, at + 32, e.first);
      putU64(a, at + 40, e.last);
      putU64(a, at + 48, e.attributes);
      byte[] name = e.name.getBytes(StandardCharsets.UTF_16LE);
      System.arraycopy(name, 0, a, at + 56, Math.min(name.length, 72));
    }
    return a;
  }

  private void header(byte[] disk, long lba, long alternate, long entryLba, long arrayCrc) {
    int at = (int) lba * sectorSize;
    System.arraycopy(GptHeader.MAGIC, 0, disk, at, 8);
    Le.putU32(disk, at + 0x08, 0x0001_0000);
    Le.putU32(disk, at + 0x0c, 92);
    putU64(disk, at + 0x18, lba);
    putU64(disk, at + 0x20, alternate);
    putU64(disk, at + 0x28, firstUsable());
    putU64(disk, at + 0x30, lastUsable());
    guid(disk, at + 0x38, "01234567-89ab-cdef-0123-456789abcdef");
    putU64(disk, at + 0x48, entryLba);
    Le.putU32(disk, at + 0x50, claimedCount >= 0 ? claimedCount : entryCount);
    Le.putU32(disk, at + 0x54, entrySize);
    Le.putU32(disk, at + 0x58, arrayCrc);
    rehashHeader(disk, at);
  }

  /** Recomputes the CRC32 of the header at byte {@code at} after a test changed a field. */
  static void rehashHeader(byte[] disk, int at) {
    long size = Le.u32(disk, at + 0x0c);
    if (size < 92 || size > disk.length - at) {
      return; // a test that breaks the size field wants that error, not a checksum
    }
    Le.putU32(disk, at + 0x10, 0);
    Le.putU32(disk, at + 0x10, crc(disk, at, (int) size));
  }

  static long crc(byte[] b, int off, int len) {
    CRC32 c = new CRC32();
    c.update(b, off, len);
    return c.getValue();
  }

  static void putU64(byte[] b, int at, long v) {
    Le.putU32(b, at, v & 0xffff_ffffL);
    Le.putU32(b, at + 4, v >>> 32);
  }

  /** Writes a GUID in GPT's mixed-endian layout. */
  static void guid(byte[] b, int at, String text) {
    UUID u = UUID.fromString(text);
    long hi = u.getMostSignificantBits();
    long lo = u.getLeastSignificantBits();
    Le.putU32(b, at, hi >>> 32);
    b[at + 4] = (byte) (hi >>> 16);
    b[at + 5] = (byte) (hi >>> 24);
    b[at + 6] = (byte) hi;
    b[at + 7] = (byte) (hi >>> 8);
    for (int i = 0; i < 8; i++) {
      b[at + 8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
  }
}
