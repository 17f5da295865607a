package org.bootlace;

import java.util.List;
import java.util.Optional;
import org.bootlace.internal.Required;

/**
 * Where a {@link BootRecord} came from.
 *
 * <p>Code outside bootlace that makes one (a network boot, a test) uses {@link #builder()}: a later
 * version may add components, and code using the builder keeps compiling and running against it,
 * while code calling the canonical constructor would not.
 *
 * @param imageFormat {@code raw}, {@code qcow2}, ...
 * @param partitionNumber 1-based, 0 for a whole-disk filesystem; for an assembled volume, its place
 *     among the assembled volumes
 * @param partitionScheme {@code msdos}, {@code gpt} or {@code none}; {@code lvm} or {@code md} for
 *     an assembled volume (an LVM logical volume, an md array)
 * @param partitionType the MBR type byte or GPT type GUID
 * @param partitionOffset the partition's byte offset on the disk
 * @param fsType the filesystem holding the configuration
 * @param fsUuid the filesystem's UUID, where it has one
 * @param fsLabel the filesystem's label, where it has one
 * @param config the configuration file, or empty when pygrub-style overrides made one unnecessary
 * @param parser the parser that read the configuration
 * @param warnings what was tolerated on the way: the image's deviations, then the parser's
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

  /**
   * The canonical constructor, which changes whenever a component is added: callers use {@link
   * #builder()} instead. Every component must be set (an absent optional part is empty); the list
   * is copied.
   *
   * @param imageFormat the image file format
   * @param partitionNumber the partition's number
   * @param partitionScheme the partition table's scheme
   * @param partitionType the partition's type
   * @param partitionOffset the partition's byte offset
   * @param fsType the filesystem type
   * @param fsUuid the filesystem's UUID, or empty
   * @param fsLabel the filesystem's label, or empty
   * @param config the configuration file, or empty
   * @param parser the parser, or empty
   * @param warnings what was tolerated
   * @throws NullPointerException naming the component that is null
   */
  public Provenance {
    Required.value(imageFormat, "Provenance.imageFormat");
    Required.value(partitionScheme, "Provenance.partitionScheme");
    Required.value(partitionType, "Provenance.partitionType");
    Required.value(fsType, "Provenance.fsType");
    Required.optional(fsUuid, "Provenance.fsUuid");
    Required.optional(fsLabel, "Provenance.fsLabel");
    Required.optional(config, "Provenance.config");
    Required.optional(parser, "Provenance.parser");
    warnings = Required.list(warnings, "Provenance.warnings");
  }

  /**
   * A builder for a provenance: {@code imageFormat}, {@code partitionNumber}, {@code
   * partitionScheme}, {@code partitionType}, {@code partitionOffset} and {@code fsType} must be
   * set; {@code warnings} defaults to empty and the optional parts to absent.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this provenance's components, to make a changed copy.
   *
   * @return a builder that builds an equal provenance until changed
   */
  public Builder toBuilder() {
    return new Builder()
        .imageFormat(imageFormat)
        .partitionNumber(partitionNumber)
        .partitionScheme(partitionScheme)
        .partitionType(partitionType)
        .partitionOffset(partitionOffset)
        .fsType(fsType)
        .fsUuid(fsUuid)
        .fsLabel(fsLabel)
        .config(config)
        .parser(parser)
        .warnings(warnings);
  }

  /**
   * Builds a {@link Provenance}; each setter refuses null with a {@link NullPointerException}
   * naming the component, and {@link #build()} refuses a required component left unset.
   */
  public static final class Builder {
    private String imageFormat;
    private Integer partitionNumber;
    private String partitionScheme;
    private String partitionType;
    private Long partitionOffset;
    private String fsType;
    private Optional<String> fsUuid = Optional.empty();
    private Optional<String> fsLabel = Optional.empty();
    private Optional<FileRef> config = Optional.empty();
    private Optional<String> parser = Optional.empty();
    private List<String> warnings = List.of();

    private Builder() {}

    /**
     * Sets the image file format; required.
     *
     * @param imageFormat {@code raw}, {@code qcow2}, ...
     * @return this builder
     */
    public Builder imageFormat(String imageFormat) {
      this.imageFormat = Required.value(imageFormat, "Provenance.imageFormat");
      return this;
    }

    /**
     * Sets the partition's number; required.
     *
     * @param partitionNumber 1-based, 0 for a whole-disk filesystem
     * @return this builder
     */
    public Builder partitionNumber(int partitionNumber) {
      this.partitionNumber = partitionNumber;
      return this;
    }

    /**
     * Sets the partition table's scheme; required.
     *
     * @param partitionScheme {@code msdos}, {@code gpt}, {@code none}, {@code lvm}, {@code md}
     * @return this builder
     */
    public Builder partitionScheme(String partitionScheme) {
      this.partitionScheme = Required.value(partitionScheme, "Provenance.partitionScheme");
      return this;
    }

    /**
     * Sets the partition's type; required.
     *
     * @param partitionType the MBR type byte or GPT type GUID
     * @return this builder
     */
    public Builder partitionType(String partitionType) {
      this.partitionType = Required.value(partitionType, "Provenance.partitionType");
      return this;
    }

    /**
     * Sets the partition's byte offset on the disk; required.
     *
     * @param partitionOffset the offset in bytes
     * @return this builder
     */
    public Builder partitionOffset(long partitionOffset) {
      this.partitionOffset = partitionOffset;
      return this;
    }

    /**
     * Sets the filesystem type; required.
     *
     * @param fsType the filesystem holding the configuration
     * @return this builder
     */
    public Builder fsType(String fsType) {
      this.fsType = Required.value(fsType, "Provenance.fsType");
      return this;
    }

    /**
     * Sets the filesystem's UUID, or none; absent by default.
     *
     * @param fsUuid the UUID, or empty
     * @return this builder
     */
    public Builder fsUuid(Optional<String> fsUuid) {
      this.fsUuid = Required.optional(fsUuid, "Provenance.fsUuid");
      return this;
    }

    /**
     * Sets the filesystem's label, or none; absent by default.
     *
     * @param fsLabel the label, or empty
     * @return this builder
     */
    public Builder fsLabel(Optional<String> fsLabel) {
      this.fsLabel = Required.optional(fsLabel, "Provenance.fsLabel");
      return this;
    }

    /**
     * Sets the configuration file, or none; absent by default.
     *
     * @param config the configuration file, or empty
     * @return this builder
     */
    public Builder config(Optional<FileRef> config) {
      this.config = Required.optional(config, "Provenance.config");
      return this;
    }

    /**
     * Sets the parser's name, or none; absent by default.
     *
     * @param parser the parser that read the configuration, or empty
     * @return this builder
     */
    public Builder parser(Optional<String> parser) {
      this.parser = Required.optional(parser, "Provenance.parser");
      return this;
    }

    /**
     * Sets what was tolerated, copied; empty by default.
     *
     * @param warnings one message per deviation
     * @return this builder
     */
    public Builder warnings(List<String> warnings) {
      this.warnings = Required.list(warnings, "Provenance.warnings");
      return this;
    }

    /**
     * Builds the provenance.
     *
     * @return a new provenance
     * @throws IllegalStateException naming a required component that was not set
     */
    public Provenance build() {
      return new Provenance(
          Required.built(imageFormat, "Provenance", "imageFormat"),
          Required.built(partitionNumber, "Provenance", "partitionNumber"),
          Required.built(partitionScheme, "Provenance", "partitionScheme"),
          Required.built(partitionType, "Provenance", "partitionType"),
          Required.built(partitionOffset, "Provenance", "partitionOffset"),
          Required.built(fsType, "Provenance", "fsType"),
          fsUuid,
          fsLabel,
          config,
          parser,
          warnings);
    }
  }
}
