package org.bootlace.spi;

import java.util.Optional;
import org.bootlace.block.BlockDevice;

/**
 * One partition of a disk, or the whole disk when the disk has no partition table.
 *
 * @param number 1-based as Linux and GRUB 2 count (logical MBR partitions start at 5); 0 for the
 *     whole disk
 * @param scheme {@code msdos}, {@code gpt} or {@code none}
 * @param type the MBR type byte ({@code 0x83}) or the GPT type GUID
 * @param typeName a readable name of the type where known ({@code Linux filesystem})
 * @param offset byte offset on the disk
 * @param length bytes
 * @param bootable the MBR active flag, or the GPT "legacy BIOS bootable" attribute
 * @param label the GPT partition name
 * @param uuid the GPT unique partition GUID
 */
public record Partition(
    int number,
    String scheme,
    String type,
    Optional<String> typeName,
    long offset,
    long length,
    boolean bootable,
    Optional<String> label,
    Optional<String> uuid,
    BlockDevice device) {

  /** GRUB 2's name for this partition inside its disk: {@code msdos5}, {@code gpt2}; empty for the whole disk. */
  public Optional<String> grubName() {
    return number == 0 ? Optional.empty() : Optional.of(scheme + number);
  }

  /** The whole disk as one partition. */
  public static Partition wholeDisk(BlockDevice disk) {
    return new Partition(
        0,
        "none",
        "whole disk",
        Optional.empty(),
        0,
        disk.size(),
        false,
        Optional.empty(),
        Optional.empty(),
        disk);
  }

  @Override
  public String toString() {
    return number == 0 ? "whole disk" : scheme + number;
  }
}
