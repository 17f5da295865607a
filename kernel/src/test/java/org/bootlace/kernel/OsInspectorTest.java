package org.bootlace.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.BootOptions;
import org.bootlace.BootSource;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Debian-shaped root on ext4 (mkfs.ext4 -d) with the real cloud kernel, a GRUB legacy menu whose
 * root= names the filesystem by UUID, os-release and machine-id as Debian writes them.
 */
class OsInspectorTest {
  static final String UUID = "2f7b3c55-1c1e-4a8e-9f62-0c6c1d3e9a11";
  @TempDir Path tmp;

  private Path image(boolean modules, String rootArg) throws IOException {
    Path vmlinuz = Kernels.cloud();
    String release = Kernels.release(vmlinuz);
    Path tree = Files.createDirectories(tmp.resolve("root"));
    Tools.write(tree, "boot/vmlinuz-" + release, Files.readAllBytes(vmlinuz));
    Tools.write(
        tree,
        "boot/grub/menu.lst",
        "default 0\ntitle Debian\nroot (hd0)\nkernel /boot/vmlinuz-"
            + release
            + " "
            + rootArg
            + " ro\n");
    Tools.write(
        tree,
        "etc/os-release",
        "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
            + "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n");
    Tools.write(tree, "etc/machine-id", "0123456789abcdef0123456789abcdef\n");
    Tools.write(tree, "etc/fstab", "UUID=" + UUID + " / ext4 errors=remount-ro 0 1\n");
    if (modules) {
      Tools.write(tree, "lib/modules/" + release + "/modules.dep", "");
    }
    Path img = tmp.resolve("root.img");
    Tools.run("mkfs.ext4", "-q", "-F", "-U", UUID, "-d", tree.toString(), img.toString(), "48M");
    return img;
  }

  @Test
  void debianRootFoundByUuidWithItsModules() throws IOException {
    try (BootSource s = BootSource.open(image(true, "root=UUID=" + UUID))) {
      Inspection i = OsInspector.inspect(s);
      OsInfo os = i.os().orElseThrow();
      assertThat(os.rootFrom()).isEqualTo("root=UUID=" + UUID);
      assertThat(os.id()).contains("debian");
      assertThat(os.versionId()).contains("12");
      assertThat(os.prettyName()).contains("Debian GNU/Linux 12 (bookworm)");
      assertThat(os.machineId()).contains("0123456789abcdef0123456789abcdef");
      assertThat(os.osReleasePath()).contains("/etc/os-release");
      assertThat(i.modulesPresent()).contains(true);
      assertThat(i.warnings()).isEmpty();
      assertThat(i.kernel().bootsAs()).containsKey(BootMode.XEN_PV);
    }
  }

  @Test
  void missingModulesAreAWarningAndFstabFindsTheRoot() throws IOException {
    try (BootSource s = BootSource.open(image(false, "root=/dev/mapper/vg-root"))) {
      Inspection i = OsInspector.inspect(s);
      assertThat(i.os().orElseThrow().rootFrom()).isEqualTo("/etc/fstab on (hd0)");
      assertThat(i.modulesPresent()).contains(false);
      String release = i.kernel().version().orElseThrow();
      assertThat(i.warnings())
          .containsExactly(
              "root=/dev/mapper/vg-root names no filesystem bootlace read on the image",
              "/lib/modules/"
                  + release
                  + " is missing on "
                  + i.os().get().root()
                  + ": the guest will boot without its kernel modules");
    }
  }

  @Test
  void theGuestsFilesAreBoundedByTheSourcesMaxConfigBytes() throws IOException {
    Path img = image(true, "root=UUID=" + UUID);
    // The fstab, os-release and machine-id are read as configuration files are: a bound the
    // caller lowered holds for them too (the menu.lst above stays under it).
    BootOptions small =
        BootOptions.builder().limits(Limits.builder().maxConfigBytes(140).build()).build();
    try (BootSource s = BootSource.open(img, small)) {
      assertThatThrownBy(() -> OsInspector.inspect(s))
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxConfigBytes (140) exceeded: (hd0)/etc/os-release (145)"
                  + " (raise it with Limits.builder().maxConfigBytes(...))");
    }
  }
}
