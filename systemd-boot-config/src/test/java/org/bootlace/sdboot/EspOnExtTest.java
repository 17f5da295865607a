package org.bootlace.sdboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.BootMenu;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.kernel.BootMode;
import org.bootlace.kernel.KernelInfo;
import org.bootlace.kernel.KernelInspector;
import org.bootlace.testing.DebianPackages;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A boot partition laid out as {@code bootctl install} lays out an ESP (systemd-boot's binary,
 * loader.conf, Type 1 entries, UKIs in EFI/Linux, boot counting), holding Debian's real cloud
 * kernel, built with {@code mkfs.ext4 -d} and found through the discovered drivers. An ESP on real
 * FAT (mkfs.vfat + mtools) in a GPT disk is tested end to end in the command line's tests, which
 * have the FAT driver on their class path.
 */
class EspOnExtTest {
  @TempDir Path tmp;

  @Test
  void realKernelInAUkiAndATypeOneEntryResolve() throws IOException {
    String pkg =
        DebianPackages.dependency("linux-image-cloud-amd64", "linux-image-[^\\s]+-cloud-amd64");
    Path boot = DebianPackages.unpacked(pkg).resolve("boot");
    Path vmlinuz;
    try (var files = Files.list(boot)) {
      vmlinuz =
          files
              .filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
              .findFirst()
              .orElseThrow();
    }
    String release = vmlinuz.getFileName().toString().substring("vmlinuz-".length());
    byte[] kernel = Files.readAllBytes(vmlinuz);
    Path tree = Files.createDirectories(tmp.resolve("esp"));
    Tools.write(
        tree,
        "EFI/systemd/systemd-bootx64.efi",
        Files.readAllBytes(Path.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi")));
    Tools.write(
        tree,
        "EFI/BOOT/BOOTX64.EFI",
        Files.readAllBytes(Path.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi")));
    Tools.write(tree, "loader/loader.conf", "timeout 5\ndefault debian-uki*\n");
    Tools.write(
        tree,
        "loader/entries/debian-" + release + "+2-1.conf",
        "title Debian (Type 1)\nversion "
            + release
            + "\nlinux /debian/vmlinuz\noptions root=/dev/vda1 ro\n");
    Tools.write(tree, "debian/vmlinuz", kernel);
    byte[] uki =
        Ukis.build(
            tmp,
            "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\n",
            "root=/dev/vda1 console=ttyS0 quiet",
            release,
            kernel,
            "initramfs".getBytes(StandardCharsets.UTF_8));
    Tools.write(tree, "EFI/Linux/debian-uki-" + release + ".efi", uki);
    Tools.write(tree, "EFI/Linux/debian-uki-old+0-3.efi", uki);
    Path img = tmp.resolve("esp.img");
    Tools.run("mkfs.ext4", "-q", "-F", "-d", tree.toString(), img.toString(), "96M");

    try (BootSource s = BootSource.open(img)) {
      BootMenu m = s.menu();
      assertThat(m.parser()).isEqualTo("systemd-boot");
      assertThat(m.entries())
          .extracting(e -> e.id().orElseThrow())
          .containsExactly(
              "debian-uki-" + release + ".efi",
              "debian-" + release + ".conf",
              "debian-uki-old.efi");
      assertThat(m.timeoutSeconds()).contains(5);
      BootRecord r = s.resolveBoot();
      assertThat(r.args()).isEqualTo("root=/dev/vda1 console=ttyS0 quiet");
      assertThat(r.kernel().readAllBytes()).isEqualTo(kernel);
      KernelInfo info = KernelInspector.inspect(r.kernel());
      assertThat(info.version()).contains(release);
      assertThat(info.bootsAs()).containsKeys(BootMode.XEN_PV, BootMode.XEN_PVH, BootMode.EFI_STUB);

      BootRecord t1 = s.resolveBoot("debian-" + release + ".conf");
      assertThat(t1.args()).isEqualTo("root=/dev/vda1 ro");
      assertThat(t1.kernel().location()).isEqualTo("(hd0)/debian/vmlinuz");
    }
  }
}
