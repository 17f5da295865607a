package org.bootlace;

import java.util.List;
import java.util.Optional;
import org.bootlace.internal.Required;

/**
 * What an entry loads.
 *
 * <p>Drivers build targets with {@link #builder()}: a later version may add components, and code
 * using the builder keeps compiling and running against it, while code calling the canonical
 * constructor would not.
 *
 * @param kernel the kernel (for multiboot, the multiboot kernel such as xen.gz)
 * @param initrds the ramdisks in load order; the kernel sees their concatenation
 * @param args the command line given to the kernel, without the kernel's own path
 * @param devicetree the device tree blob the entry loads ({@code devicetree}, BLS {@code
 *     devicetree}), if any
 * @param modules multiboot modules with their command lines, in order
 */
public record BootTarget(
    FileRef kernel,
    List<FileRef> initrds,
    String args,
    Optional<FileRef> devicetree,
    List<Module> modules) {

  /**
   * The canonical constructor, which changes whenever a component is added: drivers use {@link
   * #builder()} instead. Every component must be set (an absent optional part is empty); the lists
   * are copied.
   *
   * @param kernel the kernel
   * @param initrds the ramdisks in load order
   * @param args the command line
   * @param devicetree the device tree blob, or empty
   * @param modules multiboot modules in order
   * @throws NullPointerException naming the component that is null
   */
  public BootTarget {
    Required.value(kernel, "BootTarget.kernel");
    initrds = Required.list(initrds, "BootTarget.initrds");
    Required.value(args, "BootTarget.args");
    Required.optional(devicetree, "BootTarget.devicetree");
    modules = Required.list(modules, "BootTarget.modules");
  }

  /**
   * A builder for a target: {@code kernel} and {@code args} must be set; the lists default to empty
   * and {@code devicetree} to absent.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this target's components, to make a changed copy.
   *
   * @return a builder that builds an equal target until changed
   */
  public Builder toBuilder() {
    return new Builder()
        .kernel(kernel)
        .initrds(initrds)
        .args(args)
        .devicetree(devicetree)
        .modules(modules);
  }

  /**
   * A multiboot module and the command line it was given.
   *
   * @param file the module's file
   * @param args its command line, without the file's own path
   */
  public record Module(FileRef file, String args) {
    /**
     * A module; both parts must be set.
     *
     * @param file the module's file
     * @param args its command line
     * @throws NullPointerException naming the component that is null
     */
    public Module {
      Required.value(file, "BootTarget.Module.file");
      Required.value(args, "BootTarget.Module.args");
    }
  }

  /**
   * Builds a {@link BootTarget}; each setter refuses null with a {@link NullPointerException}
   * naming the component, and {@link #build()} refuses a required component left unset.
   */
  public static final class Builder {
    private FileRef kernel;
    private List<FileRef> initrds = List.of();
    private String args;
    private Optional<FileRef> devicetree = Optional.empty();
    private List<Module> modules = List.of();

    private Builder() {}

    /**
     * Sets the kernel; required.
     *
     * @param kernel the kernel, or for multiboot the multiboot kernel
     * @return this builder
     */
    public Builder kernel(FileRef kernel) {
      this.kernel = Required.value(kernel, "BootTarget.kernel");
      return this;
    }

    /**
     * Sets the ramdisks, copied; empty by default.
     *
     * @param initrds the ramdisks in load order
     * @return this builder
     */
    public Builder initrds(List<FileRef> initrds) {
      this.initrds = Required.list(initrds, "BootTarget.initrds");
      return this;
    }

    /**
     * Sets the kernel command line; required (empty for none).
     *
     * @param args the command line, without the kernel's own path
     * @return this builder
     */
    public Builder args(String args) {
      this.args = Required.value(args, "BootTarget.args");
      return this;
    }

    /**
     * Sets the device tree blob, or none; absent by default.
     *
     * @param devicetree the blob, or empty
     * @return this builder
     */
    public Builder devicetree(Optional<FileRef> devicetree) {
      this.devicetree = Required.optional(devicetree, "BootTarget.devicetree");
      return this;
    }

    /**
     * Sets the multiboot modules, copied; empty by default.
     *
     * @param modules the modules in load order
     * @return this builder
     */
    public Builder modules(List<Module> modules) {
      this.modules = Required.list(modules, "BootTarget.modules");
      return this;
    }

    /**
     * Builds the target.
     *
     * @return a new target
     * @throws IllegalStateException naming a required component that was not set
     */
    public BootTarget build() {
      return new BootTarget(
          Required.built(kernel, "BootTarget", "kernel"),
          initrds,
          Required.built(args, "BootTarget", "args"),
          devicetree,
          modules);
    }
  }
}
