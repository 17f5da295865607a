package org.bootlace.sdboot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.testing.Tools;

/**
 * Unified kernel images built as systemd documents it: {@code objcopy --add-section} of .osrel,
 * .cmdline, .uname, .linux and .initrd onto the stub Debian's systemd-boot-efi ships.
 */
final class Ukis {
  static final Path STUB = Path.of("/usr/lib/systemd/boot/efi/linuxx64.efi.stub");

  private Ukis() {}

  /** Builds a UKI in {@code dir}; null sections are left out. */
  static byte[] build(
      Path dir, String osrel, String cmdline, String uname, byte[] linux, byte[] initrd) {
    if (!Files.isRegularFile(STUB)) {
      throw new AssertionError(STUB + " is missing: install systemd-boot-efi");
    }
    try {
      Path work = Files.createTempDirectory(dir, "uki");
      List<String> cmd = new ArrayList<>(List.of("objcopy"));
      add(
          cmd,
          work,
          ".osrel",
          osrel == null ? null : osrel.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "0x20000");
      add(
          cmd,
          work,
          ".cmdline",
          cmdline == null ? null : cmdline.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "0x30000");
      add(
          cmd,
          work,
          ".uname",
          uname == null ? null : uname.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "0x40000");
      add(cmd, work, ".linux", linux, "0x2000000");
      add(cmd, work, ".initrd", initrd, "0x8000000");
      Path out = work.resolve("uki.efi");
      cmd.add(STUB.toString());
      cmd.add(out.toString());
      Tools.run(cmd.toArray(String[]::new));
      return Files.readAllBytes(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void add(List<String> cmd, Path work, String name, byte[] content, String vma)
      throws IOException {
    if (content == null) {
      return;
    }
    Path f = work.resolve(name.substring(1));
    Files.write(f, content);
    cmd.add("--add-section");
    cmd.add(name + "=" + f);
    cmd.add("--change-section-vma");
    cmd.add(name + "=" + vma);
  }
}
