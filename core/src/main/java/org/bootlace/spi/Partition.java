package org.bootlace.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bootlace.block.BlockDevice;

/**
 * One partition of a disk, or the whole disk when the disk has no partition table, or a volume a
 * {@link VolumeManagerDriver} assembled (an LVM logical volume, an md array), which GRUB names by
 * itself instead of by a disk, or a device nested in a filesystem ({@link
 * FileSystem#nestedDevices()}: an ISO's El Torito EFI image), numbered from 1 within its parent and
 * named by its scheme ({@code hd0,eltorito1}).
 *
 * @param number 1-based as Linux and GRUB 2 count (logical MBR partitions start at 5); 0 for the
 *     whole disk; for an assembled volume, its 1-based place among the assembled volumes
 * @param scheme {@code msdos}, {@code gpt} or {@code none}; for an assembled volume its kind
 *     ({@code lvm}, {@code md})
 * @param type the MBR type byte ({@code 0x83}) or the GPT type GUID
 * @param typeName a readable name of the type where known ({@code Linux filesystem})
 * @param offset byte offset on the disk
 * @param length bytes
 * @param bootable the MBR active flag, or the GPT "legacy BIOS bootable" attribute
 * @param label the GPT partition name
 * @param uuid the GPT unique partition GUID; the LV or array UUID of an assembled volume
 * @param device the partition's bytes, a slice of the disk or the assembled volume
 * @param deviceNames GRUB 2's names for an assembled volume, the one it lists first ({@code
 *     lvm/vg-root} then {@code lvmid/VGUUID/LVUUID}; {@code md/boot} then {@code mduuid/HEX});
 *     empty for a partition of a disk, which GRUB names after the disk ({@code hd0,msdos1})
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
    BlockDevice device,
    List<String> deviceNames) {

  /**
   * Copies {@code deviceNames} into an immutable list.
   *
   * @param number 1-based as Linux and GRUB 2 count (logical MBR partitions start at 5); 0 for the
   *     whole disk; for an assembled volume, its 1-based place among the assembled volumes
   * @param scheme {@code msdos}, {@code gpt} or {@code none}; for an assembled volume its kind
   *     ({@code lvm}, {@code md})
   * @param type the MBR type byte ({@code 0x83}) or the GPT type GUID
   * @param typeName a readable name of the type where known ({@code Linux filesystem})
   * @param offset byte offset on the disk
   * @param length bytes
   * @param bootable the MBR active flag, or the GPT "legacy BIOS bootable" attribute
   * @param label the GPT partition name
   * @param uuid the GPT unique partition GUID; the LV or array UUID of an assembled volume
   * @param device the partition's bytes, a slice of the disk or the assembled volume
   * @param deviceNames GRUB 2's names for an assembled volume, the one it lists first ({@code
   *     lvm/vg-root} then {@code lvmid/VGUUID/LVUUID}; {@code md/boot} then {@code mduuid/HEX});
   *     empty for a partition of a disk, which GRUB names after the disk ({@code hd0,msdos1})
   */
  public Partition {
    deviceNames = List.copyOf(deviceNames);
  }

  /**
   * A partition of a disk (no GRUB device names of its own).
   *
   * @param number 1-based as Linux and GRUB 2 count; 0 for the whole disk
   * @param scheme {@code msdos}, {@code gpt} or {@code none}
   * @param type the MBR type byte or the GPT type GUID
   * @param typeName a readable name of the type where known
   * @param offset byte offset on the disk
   * @param length bytes
   * @param bootable the MBR active flag, or the GPT "legacy BIOS bootable" attribute
   * @param label the GPT partition name
   * @param uuid the GPT unique partition GUID
   * @param device the partition's bytes
   */
  public Partition(
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
    this(number, scheme, type, typeName, offset, length, bootable, label, uuid, device, List.of());
  }

  // equals and hashCode written out: a record's generated ones bootstrap method handles on their
  // first call, which costs a cold command line tens of milliseconds (partitions key maps).
  @Override
  public boolean equals(Object o) {
    return o instanceof Partition p
        && number == p.number
        && offset == p.offset
        && length == p.length
        && bootable == p.bootable
        && Objects.equals(scheme, p.scheme)
        && Objects.equals(type, p.type)
        && Objects.equals(typeName, p.typeName)
        && Objects.equals(label, p.label)
        && Objects.equals(uuid, p.uuid)
        && Objects.equals(device, p.device)
        && deviceNames.equals(p.deviceNames);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        number, scheme, type, typeName, offset, length, bootable, label, uuid, device, deviceNames);
  }

  /** {@return whether a {@link VolumeManagerDriver} assembled this volume} */
  public boolean assembled() {
    return !deviceNames.isEmpty();
  }

  /**
   * {@return GRUB 2's name for this partition inside its disk: {@code msdos5}, {@code gpt2}; empty
   * for the whole disk and for an assembled volume (see {@link #deviceNames()})}
   */
  public Optional<String> grubName() {
    return number == 0 || assembled() ? Optional.empty() : Optional.of(scheme + number);
  }

  /**
   * The whole disk as one partition: number 0, scheme {@code none}.
   *
   * @param disk the disk
   * @return the partition
   */
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
    if (assembled()) {
      return deviceNames.get(0);
    }
    return number == 0 ? "whole disk" : scheme + number;
  }
}
