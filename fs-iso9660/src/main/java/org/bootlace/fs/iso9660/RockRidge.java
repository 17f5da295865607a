package org.bootlace.fs.iso9660;

import java.util.List;

/**
 * What the System Use Sharing Protocol entries of one directory record say (SUSP 1.12, RRIP 1.12
 * and zisofs's ZF). Absent fields are null, -1 or {@link Long#MIN_VALUE}.
 *
 * @param spSkip SP's LEN_SKP when the record carries the SUSP indicator, else -1
 * @param extensions the identifiers of the ER entries
 * @param name the NM components joined, or null
 * @param mode PX's file mode, or -1
 * @param mtime TF's modification time in seconds since the epoch, or {@link Long#MIN_VALUE}
 * @param symlink SL's components joined into a path, or null
 * @param childLink CL's block: this record stands for a relocated directory; else -1
 * @param relocated RE: this directory was moved here and is listed in its real parent via CL
 * @param zf the ZF entry, or null
 * @param sparse an SF entry (RRIP 1.12 sparse file)
 */
record RockRidge(
    int spSkip,
    List<String> extensions,
    byte[] name,
    int mode,
    long mtime,
    String symlink,
    long childLink,
    boolean relocated,
    Zf zf,
    boolean sparse) {

  static final RockRidge NONE =
      new RockRidge(-1, List.of(), null, -1, Long.MIN_VALUE, null, -1, false, null, false);

  /**
   * A ZF entry: {@code algorithm} "pz" is zisofs (paged zlib); the parameters are the header size
   * in 4-byte words and the binary logarithm of the block size.
   */
  record Zf(String algorithm, int headerWords, int log2BlockSize, long size, long at) {}

  /** The identifiers RRIP 1.10, 1.12 and IEEE 1282 record in ER. */
  static final List<String> RRIP_IDS = List.of("RRIP_1991A", "IEEE_P1282", "IEEE_1282");

  boolean announcesRockRidge() {
    for (String e : extensions) {
      if (RRIP_IDS.contains(e)) {
        return true;
      }
    }
    return false;
  }
}
