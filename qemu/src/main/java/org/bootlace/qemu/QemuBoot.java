package org.bootlace.qemu;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bootlace.BootRecord;
import org.bootlace.GuestFile;

/**
 * Builds the QEMU command line that boots what bootlace resolved: direct kernel boot ({@code
 * -kernel}, {@code -initrd}, {@code -append}), the image attached as a virtio disk in its own
 * format with {@code snapshot=on} (the guest's writes never reach the image) unless writable is
 * asked for, the serial console on standard output, no reboot. KVM when {@code /dev/kvm} is usable,
 * TCG otherwise.
 *
 * <pre>{@code
 * try (BootSource source = BootSource.open(image);
 *     QemuVm vm = QemuBoot.builder(source.resolveBoot(), image, source.imageFormat()).build().start()) {
 *   vm.awaitLine(Pattern.compile("login:"), Duration.ofMinutes(2));
 * }
 * }</pre>
 */
public final class QemuBoot {
  private final BootRecord boot;
  private final Path image;
  private final String imageFormat;
  private final String binary;
  private final int memoryMiB;
  private final boolean writable;
  private final Optional<Boolean> kvm;
  private final List<String> extraArgs;

  private QemuBoot(Builder b) {
    this.boot = b.boot;
    this.image = b.image;
    this.imageFormat = b.imageFormat;
    this.binary = b.binary;
    this.memoryMiB = b.memoryMiB;
    this.writable = b.writable;
    this.kvm = b.kvm;
    this.extraArgs = ImmutableList.copyOf(b.extraArgs);
  }

  /**
   * Starts the options for booting {@code boot} with {@code image} attached.
   *
   * @param boot what to boot, resolved from the image
   * @param image the image file, attached as the guest's disk
   * @param imageFormat its format, as QEMU names it ({@code raw}, {@code qcow2}, ...)
   * @return a builder with the defaults
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(BootRecord boot, Path image, String imageFormat) {
    return new Builder(boot, image, imageFormat);
  }

  /** {@return whether KVM is usable here: {@code /dev/kvm} readable and writable} */
  public static boolean kvmUsable() {
    Path kvm = Path.of("/dev/kvm");
    return Files.isReadable(kvm) && Files.isWritable(kvm);
  }

  /**
   * Builds the command line.
   *
   * @param kernel the kernel's host path
   * @param initrd the ramdisk's host path; empty when the entry has none
   * @return QEMU's program and arguments
   */
  public List<String> command(Path kernel, Optional<Path> initrd) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary);
    cmd.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none", "-no-reboot"));
    cmd.addAll(List.of("-accel", kvm.orElseGet(QemuBoot::kvmUsable) ? "kvm" : "tcg"));
    cmd.addAll(List.of("-m", Integer.toString(memoryMiB)));
    cmd.addAll(List.of("-serial", "stdio", "-monitor", "none"));
    cmd.addAll(List.of("-kernel", kernel.toString()));
    initrd.ifPresent(i -> cmd.addAll(List.of("-initrd", i.toString())));
    cmd.addAll(List.of("-append", boot.args()));
    String drive =
        "file="
            + image.toString().replace(",", ",,")
            + ",format="
            + imageFormat
            + ",if=virtio,media=disk"
            + (writable ? "" : ",snapshot=on");
    cmd.addAll(List.of("-drive", drive));
    cmd.addAll(extraArgs);
    return cmd;
  }

  /**
   * {@return the command line with placeholder names ({@code <kernel>}, {@code <initrd>}) for the
   * files {@link #start()} extracts}
   */
  public List<String> command() {
    return command(Path.of("<kernel>"), boot.ramdisk().map(r -> Path.of("<initrd>")));
  }

  /**
   * Copies the kernel and ramdisk out of the image into a new temporary directory and starts QEMU.
   * The {@link org.bootlace.BootSource} the entry came from must still be open.
   *
   * @return the running VM; closing it kills QEMU and removes the directory
   * @throws IOException if the files cannot be copied out or QEMU cannot be started
   */
  public QemuVm start() throws IOException {
    Path dir = Files.createTempDirectory("bootlace-qemu");
    try {
      Path kernel = dir.resolve("kernel");
      boot.kernel().copyTo(kernel);
      Optional<Path> initrd = Optional.empty();
      Optional<GuestFile> ramdisk = boot.ramdisk();
      if (ramdisk.isPresent()) {
        initrd = Optional.of(dir.resolve("initrd"));
        ramdisk.get().copyTo(initrd.get());
      }
      return QemuVm.start(command(kernel, initrd), dir);
    } catch (IOException | RuntimeException e) {
      QemuVm.deleteTree(dir);
      throw e;
    }
  }

  /**
   * Options; the defaults boot {@code qemu-system-x86_64} read-only with 512 MiB, KVM when usable.
   * Each setter returns this builder.
   */
  public static final class Builder {
    private final BootRecord boot;
    private final Path image;
    private final String imageFormat;
    private String binary = "qemu-system-x86_64";
    private int memoryMiB = 512;
    private boolean writable;
    private Optional<Boolean> kvm = Optional.empty();
    private final List<String> extraArgs = new ArrayList<>();

    private Builder(BootRecord boot, Path image, String imageFormat) {
      this.boot = Objects.requireNonNull(boot);
      this.image = Objects.requireNonNull(image);
      this.imageFormat = Objects.requireNonNull(imageFormat);
    }

    /**
     * Sets the QEMU program to run.
     *
     * @param v a program name looked up on {@code PATH}, or a path
     * @return this builder
     */
    public Builder binary(String v) {
      binary = v;
      return this;
    }

    /**
     * Sets the guest's memory.
     *
     * @param v the memory in MiB
     * @return this builder
     */
    public Builder memoryMiB(int v) {
      memoryMiB = v;
      return this;
    }

    /**
     * Lets the guest write to the image (no snapshot), or not.
     *
     * @param v true to attach the image writable
     * @return this builder
     */
    public Builder writable(boolean v) {
      writable = v;
      return this;
    }

    /**
     * Forces KVM on or off; by default it is used when usable.
     *
     * @param v true for KVM, false for TCG
     * @return this builder
     */
    public Builder kvm(boolean v) {
      kvm = Optional.of(v);
      return this;
    }

    /**
     * Appends arguments to QEMU's command line; each call adds to those before.
     *
     * @param v the arguments, in order
     * @return this builder
     */
    public Builder extraArgs(List<String> v) {
      extraArgs.addAll(v);
      return this;
    }

    /** {@return the command line's options as set} */
    public QemuBoot build() {
      return new QemuBoot(this);
    }
  }

  /** How long {@link QemuVm#close()} waits for QEMU to go after it is killed. */
  static final Duration KILL_WAIT = Duration.ofSeconds(10);
}
