package org.bootlace.image.vhd;

import static org.bootlace.binary.Checks.hex;

import java.util.ArrayList;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Be;

/** The dynamic disk header ({@code cxsparse}): the BAT, the block size, the parent's locators. */
record VhdDynamicHeader(
    long tableOffset, long maxTableEntries, long blockSize, List<Locator> locators) {
  static final int SIZE = 1024;

  /**
   * A parent locator: platform code ({@code W2ru}, {@code W2ku}, {@code MacX}), where its data is.
   */
  record Locator(String code, long length, long offset) {}

  static VhdDynamicHeader parse(byte[] h, String where) throws CorruptImageException {
    String cookie = new String(h, 0, 8, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (!cookie.equals("cxsparse")) {
      throw new CorruptImageException(where + ": cookie is not 'cxsparse'");
    }
    long want = Be.u32(h, 36);
    long got = VhdFooter.checksum(h, 0, SIZE, 36);
    if (want != got) {
      throw new CorruptImageException(
          where + ": checksum at 0x24: " + hex(want) + " != " + hex(got));
    }
    long table = Be.u64(h, 16);
    long entries = Be.u32(h, 28);
    long block = Be.u32(h, 32);
    if (block < 512 || block > (256L << 20) || Long.bitCount(block) != 1) {
      throw new CorruptImageException(
          where
              + ": block size at 0x20: "
              + block
              + " (must be a power of two from 512 bytes to 256 MiB)");
    }
    List<Locator> locators = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int e = 576 + i * 24;
      long code = Be.u32(h, e);
      if (code == 0) {
        continue;
      }
      String c = new String(h, e, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      locators.add(new Locator(c, Be.u32(h, e + 8), Be.u64(h, e + 16)));
    }
    return new VhdDynamicHeader(table, entries, block, List.copyOf(locators));
  }
}
