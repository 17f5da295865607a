package org.bootlace;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link BootRecord} came from.
 *
 * @param imageFormat {@code raw}, {@code qcow2}, ...
 * @param partitionNumber 1-based, 0 for a whole-disk filesystem; for an assembled volume, its place
 *     among the assembled volumes
 * @param partitionScheme {@code msdos}, {@code gpt} or {@code none}; {@code lvm} or {@code md} for
 *     an assembled volume (an LVM logical volume, an md array)
 * @param partitionType the MBR type byte or GPT type GUID
 * @param partitionOffset the partition's byte offset on the disk
 * @param fsType the filesystem holding the configuration
 * @param config the configuration file, or empty when pygrub-style overrides made one unnecessary
 * @param parser the parser that read the configuration
 */
public record Provenance(
    String imageFormat,
    int partitionNumber,
    String partitionScheme,
    String partitionType,
    long partitionOffset,
    String fsType,
    Optional<String> fsUuid,
    Optional<String> fsLabel,
    Optional<FileRef> config,
    Optional<String> parser,
    List<String> warnings) {

  public Provenance {
    warnings = ImmutableList.copyOf(warnings);
  }
}
