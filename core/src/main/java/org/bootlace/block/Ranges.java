package org.bootlace.block;

import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;

/** The one bounds check every block device applies to a read. */
final class Ranges {
  private Ranges() {}

  static void checkRead(BlockDevice dev, long offset, int length) throws CorruptImageException {
    long size = dev.size();
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: read of %d bytes at %s is outside the device (size %d)",
              dev,
              length,
              Checks.hex(offset),
              size));
    }
  }
}
