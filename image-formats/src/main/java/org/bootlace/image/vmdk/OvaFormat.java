package org.bootlace.image.vmdk;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.NotRecognizedException;
import org.bootlace.block.BlockDevice;
import org.bootlace.image.support.Names;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.ImageFiles;
import org.bootlace.spi.ImageFormat;
import org.bootlace.spi.Probe;

/**
 * An OVA: a tar archive whose first member is the OVF descriptor, holding the VMDK disks. The first
 * disk is read in place, as a slice of the archive, never unpacked; it may not name other files.
 */
public final class OvaFormat implements ImageFormat {
  private static final int BLOCK = 512;

  /** Members looked at before giving up: an OVA holds a descriptor, a manifest and a few disks. */
  static final int MAX_MEMBERS = 10_000;

  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as an {@link
   * org.bootlace.spi.ImageFormat} service.
   */
  public OvaFormat() {}

  @Override
  public String name() {
    return "ova";
  }

  @Override
  public int priority() {
    return 45;
  }

  /** One tar member: its name and where its data is. */
  record Member(String name, long dataOffset, long size) {}

  @Override
  public Probe probe(BlockDevice file) throws IOException {
    if (file.size() < 2 * BLOCK) {
      return Probe.no("shorter than a tar header");
    }
    byte[] h = file.read(0, BLOCK);
    if (!new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
      return Probe.no("no ustar header");
    }
    String first = name(h);
    if (!first.toLowerCase(Locale.ROOT).endsWith(".ovf")) {
      return Probe.no("a tar archive whose first member is not an .ovf descriptor");
    }
    return Probe.yes("tar archive starting with " + Names.printable(first));
  }

  @Override
  public BlockDevice open(BlockDevice file, DriverContext ctx) throws IOException {
    List<Member> disks = new ArrayList<>();
    for (Member m : members(file)) {
      if (m.name().toLowerCase(Locale.ROOT).endsWith(".vmdk")) {
        disks.add(m);
      }
    }
    if (disks.isEmpty()) {
      throw new NotRecognizedException(file + ": ova holds no .vmdk disk");
    }
    Member disk = disks.get(0);
    if (disks.size() > 1) {
      ctx.warnings()
          .add(
              file
                  + ": ova holds "
                  + disks.size()
                  + " disks; the first, "
                  + Names.printable(disk.name())
                  + ", is read");
    }
    BlockDevice slice = file.slice(disk.dataOffset(), disk.size(), Names.printable(disk.name()));
    DriverContext inner =
        new DriverContext(
            ctx.limits(),
            ctx.warnings(),
            ImageFiles.none("a disk inside an OVA may not name other files"));
    VmdkFormat vmdk = new VmdkFormat();
    if (!vmdk.probe(slice).matched()) {
      throw new CorruptImageException(
          file + ": ova member " + Names.printable(disk.name()) + " is not a VMDK");
    }
    return vmdk.open(slice, inner);
  }

  static List<Member> members(BlockDevice file) throws IOException {
    List<Member> out = new ArrayList<>();
    long at = 0;
    String longName = null;
    // Each member moves `at` forward by at least one block; the count is bounded too.
    for (int i = 0; i < MAX_MEMBERS && file.size() - at >= BLOCK; i++) {
      byte[] h = file.read(at, BLOCK);
      if (allZero(h)) {
        break;
      }
      String where = file + ": ova tar header at " + hex(at);
      checkSum(h, where);
      long size = size(h, where);
      long data = at + BLOCK;
      if (size > file.size() - data) {
        throw new CorruptImageException(
            where
                + ": member of "
                + size
                + " bytes runs past the end of the archive (size "
                + file.size()
                + ")");
      }
      char type = (char) h[156];
      String name = longName != null ? longName : name(h);
      longName = null;
      if (type == 'L') {
        longName =
            new String(file.read(data, (int) Math.min(size, 4096)), StandardCharsets.UTF_8)
                .replace("\0", "");
      } else if (type == '0' || type == '\0') {
        out.add(new Member(name, data, size));
      }
      at = data + (size + BLOCK - 1) / BLOCK * BLOCK;
    }
    return out;
  }

  private static String name(byte[] h) {
    String prefix = cstring(h, 345, 155);
    String n = cstring(h, 0, 100);
    return prefix.isEmpty() ? n : prefix + "/" + n;
  }

  private static String cstring(byte[] h, int off, int len) {
    int n = 0;
    while (n < len && h[off + n] != 0) {
      n++;
    }
    return new String(h, off, n, StandardCharsets.UTF_8);
  }

  private static long size(byte[] h, String where) throws CorruptImageException {
    if ((h[124] & 0x80) != 0) {
      long v = 0;
      for (int i = 125; i < 136; i++) {
        if (v >>> 55 != 0) {
          throw new CorruptImageException(where + ": size field overflows");
        }
        v = v << 8 | (h[i] & 0xff);
      }
      return v;
    }
    return octal(h, 124, 12, where, "size");
  }

  private static long octal(byte[] h, int off, int len, String where, String field)
      throws CorruptImageException {
    long v = 0;
    int i = off;
    int end = off + len;
    while (i < end && h[i] == ' ') {
      i++;
    }
    for (; i < end && h[i] != 0 && h[i] != ' '; i++) {
      int d = h[i] - '0';
      if (d < 0 || d > 7 || v >>> 60 != 0) {
        throw new CorruptImageException(where + ": " + field + " field is not an octal number");
      }
      v = v * 8 + d;
    }
    return v;
  }

  private static void checkSum(byte[] h, String where) throws CorruptImageException {
    long want = octal(h, 148, 8, where, "chksum");
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
    }
    if (sum != want) {
      throw new CorruptImageException(where + ": checksum " + want + " != " + sum);
    }
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
