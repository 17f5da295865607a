package org.bootlace.volume.lvm;

import org.bootlace.BootlaceException;
import org.bootlace.testing.FuzzProperty;

/** The LVM metadata parser's entry point for the fuzz target in another package. */
public final class LvmFuzzEntry {
  private LvmFuzzEntry() {}

  /** Parses metadata text and builds the volume group it describes. */
  public static void metadata(byte[] text) throws BootlaceException {
    int end = text.length;
    while (end > 0 && text[end - 1] == 0) {
      end--;
    }
    VolumeGroup.from(
        ConfigText.parse(text, end, "fuzz", FuzzProperty.LIMITS.maxMetadataBytes()), "fuzz");
  }
}
