package org.bootlace.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.GuestFile;

/**
 * What a toolstack does for direct kernel boot: resolve the guest's choice, copy the kernel and
 * ramdisk out, and build the VMM's command line. {@code DirectKernelBoot IMAGE DIR [ENTRY]} prints
 * a QEMU command.
 */
public final class DirectKernelBoot {
  private DirectKernelBoot() {}

  /** Copies the boot files of {@code image} into {@code dir}; returns QEMU's arguments. */
  public static List<String> prepare(Path image, Path dir, Optional<String> entry)
      throws IOException {
    BootOptions.Builder options = BootOptions.builder();
    entry.ifPresent(options::entry);
    try (BootSource source = BootSource.open(image, options.build())) {
      BootRecord boot = source.resolveBoot();
      Path kernel = dir.resolve("vmlinuz");
      boot.kernel().copyTo(kernel);
      List<String> qemu = new ArrayList<>(List.of("-kernel", kernel.toString()));
      Optional<GuestFile> ramdisk = boot.ramdisk(); // several initrds come out as one file
      if (ramdisk.isPresent()) {
        Path initrd = dir.resolve("initrd");
        ramdisk.get().copyTo(initrd);
        qemu.addAll(List.of("-initrd", initrd.toString()));
      }
      qemu.addAll(
          List.of(
              "-append",
              boot.args(),
              "-drive",
              "file=" + image + ",format=" + boot.provenance().imageFormat()));
      return qemu;
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: DirectKernelBoot IMAGE DIR [ENTRY]");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[1]));
    List<String> qemu =
        prepare(Path.of(args[0]), dir, Optional.ofNullable(args.length == 3 ? args[2] : null));
    StringBuilder cmd = new StringBuilder("qemu-system-x86_64");
    for (String a : qemu) {
      cmd.append(' ').append(a.matches("[\\w/.,=:+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    System.out.println(cmd);
  }
}
