package org.bootlace.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bootlace.block.BlockDevice;
import org.bootlace.internal.Required;

/**
 * One partition of a disk, or the whole disk when the disk has no partition table, or a volume a
 * {@link VolumeManagerDriver} assembled (an LVM logical volume, an md array), which GRUB names by
 * itself instead of by a disk, or a device nested in a filesystem ({@link
 * FileSystem#nestedDevices()}: an ISO's El Torito EFI image), numbered from 1 within its parent and
 * named by its scheme ({@code hd0,eltorito1}).
 *
 * <p>A driver makes one with {@link #builder()} (or changes a copy with {@link #toBuilder()}): a
 * later version may add components, and a driver using the builder keeps compiling and running.
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
   * Checks every component and copies {@code deviceNames} into an immutable list. Drivers use
   * {@link #builder()} instead: this constructor changes whenever a component is added.
   *
   * @param number 1-based as Linux and GRUB 2 count; 0 for the whole disk
   * @param scheme {@code msdos}, {@code gpt}, {@code none}, {@code lvm}, {@code md}
   * @param type the MBR type byte or the GPT type GUID
   * @param typeName a readable name of the type where known
   * @param offset byte offset on the disk
   * @param length bytes
   * @param bootable the MBR active flag, or the GPT "legacy BIOS bootable" attribute
   * @param label the GPT partition name
   * @param uuid the GPT unique partition GUID; the LV or array UUID of an assembled volume
   * @param device the partition's bytes
   * @param deviceNames GRUB 2's names for an assembled volume; empty for a partition of a disk
   * @throws NullPointerException naming the component that is null
   */
  public Partition {
    Required.value(scheme, "Partition.scheme");
    Required.value(type, "Partition.type");
    Required.optional(typeName, "Partition.typeName");
    Required.optional(label, "Partition.label");
    Required.optional(uuid, "Partition.uuid");
    Required.value(device, "Partition.device");
    deviceNames = Required.list(deviceNames, "Partition.deviceNames");
  }

  /**
   * A builder for a partition: {@code number}, {@code scheme}, {@code type}, {@code offset}, {@code
   * length} and {@code device} are required; the type's name, label and UUID default to empty,
   * {@code bootable} to false and {@code deviceNames} to none (a partition of a disk).
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this partition's components, to make a changed copy.
   *
   * @return a builder that builds an equal partition until changed
   */
  public Builder toBuilder() {
    return new Builder()
        .number(number)
        .scheme(scheme)
        .type(type)
        .typeName(typeName)
        .offset(offset)
        .length(length)
        .bootable(bootable)
        .label(label)
        .uuid(uuid)
        .device(device)
        .deviceNames(deviceNames);
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
    return builder()
        .number(0)
        .scheme("none")
        .type("whole disk")
        .offset(0)
        .length(disk.size())
        .device(disk)
        .build();
  }

  @Override
  public String toString() {
    if (assembled()) {
      return deviceNames.get(0);
    }
    return number == 0 ? "whole disk" : scheme + number;
  }

  /**
   * Builds a {@link Partition}; each setter refuses null with a {@link NullPointerException} naming
   * the component, and {@link #build()} refuses a required component left unset.
   */
  public static final class Builder {
    private Integer number;
    private String scheme;
    private String type;
    private Optional<String> typeName = Optional.empty();
    private Long offset;
    private Long length;
    private boolean bootable;
    private Optional<String> label = Optional.empty();
    private Optional<String> uuid = Optional.empty();
    private BlockDevice device;
    private List<String> deviceNames = List.of();

    private Builder() {}

    /**
     * Sets the number; required.
     *
     * @param number 1-based as Linux and GRUB 2 count (logical MBR partitions start at 5); 0 for
     *     the whole disk; for an assembled volume, its 1-based place among the assembled volumes
     * @return this builder
     */
    public Builder number(int number) {
      this.number = number;
      return this;
    }

    /**
     * Sets the scheme; required.
     *
     * @param scheme {@code msdos}, {@code gpt} or {@code none}; for an assembled volume its kind
     * @return this builder
     */
    public Builder scheme(String scheme) {
      this.scheme = Required.value(scheme, "Partition.scheme");
      return this;
    }

    /**
     * Sets the type; required.
     *
     * @param type the MBR type byte ({@code 0x83}) or the GPT type GUID
     * @return this builder
     */
    public Builder type(String type) {
      this.type = Required.value(type, "Partition.type");
      return this;
    }

    /**
     * Sets the type's readable name; empty by default.
     *
     * @param typeName the name where known ({@code Linux filesystem})
     * @return this builder
     */
    public Builder typeName(Optional<String> typeName) {
      this.typeName = Required.optional(typeName, "Partition.typeName");
      return this;
    }

    /**
     * Sets the byte offset on the disk; required.
     *
     * @param offset the offset in bytes
     * @return this builder
     */
    public Builder offset(long offset) {
      this.offset = offset;
      return this;
    }

    /**
     * Sets the length; required.
     *
     * @param length the length in bytes
     * @return this builder
     */
    public Builder length(long length) {
      this.length = length;
      return this;
    }

    /**
     * Sets whether the partition is marked bootable; false by default.
     *
     * @param bootable the MBR active flag, or the GPT "legacy BIOS bootable" attribute
     * @return this builder
     */
    public Builder bootable(boolean bootable) {
      this.bootable = bootable;
      return this;
    }

    /**
     * Sets the label; empty by default.
     *
     * @param label the GPT partition name, or an assembled volume's name
     * @return this builder
     */
    public Builder label(Optional<String> label) {
      this.label = Required.optional(label, "Partition.label");
      return this;
    }

    /**
     * Sets the UUID; empty by default.
     *
     * @param uuid the GPT unique partition GUID; the LV or array UUID of an assembled volume
     * @return this builder
     */
    public Builder uuid(Optional<String> uuid) {
      this.uuid = Required.optional(uuid, "Partition.uuid");
      return this;
    }

    /**
     * Sets the partition's bytes; required.
     *
     * @param device a slice of the disk, or the assembled volume
     * @return this builder
     */
    public Builder device(BlockDevice device) {
      this.device = Required.value(device, "Partition.device");
      return this;
    }

    /**
     * Sets GRUB 2's names for an assembled volume; none by default (a partition of a disk).
     *
     * @param deviceNames the names, the one GRUB lists first first ({@code lvm/vg-root} then {@code
     *     lvmid/VGUUID/LVUUID})
     * @return this builder
     */
    public Builder deviceNames(List<String> deviceNames) {
      this.deviceNames = Required.list(deviceNames, "Partition.deviceNames");
      return this;
    }

    /**
     * Builds the partition.
     *
     * @return the partition
     * @throws IllegalStateException naming a required component left unset
     */
    public Partition build() {
      return new Partition(
          Required.built(number, "Partition", "number"),
          Required.built(scheme, "Partition", "scheme"),
          Required.built(type, "Partition", "type"),
          typeName,
          Required.built(offset, "Partition", "offset"),
          Required.built(length, "Partition", "length"),
          bootable,
          label,
          uuid,
          Required.built(device, "Partition", "device"),
          deviceNames);
    }
  }
}
