package org.bootlace.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample image the README resolves, and the example programs on it. */
class SampleImageTest {
  static final Path SAMPLE = Path.of("sample", "sample.img");

  @TempDir Path dir;

  @Test
  void theScriptRebuildsTheCommittedImageExactly() throws Exception {
    Path rebuilt = dir.resolve("sample.img");
    Tools.run("bash", Path.of("sample", "make-sample.sh").toString(), rebuilt.toString());
    assertThat(Files.mismatch(rebuilt, SAMPLE)).isEqualTo(-1L);
  }

  @Test
  void directKernelBootCopiesWhatDebugfsSees() throws Exception {
    List<String> qemu = DirectKernelBoot.prepare(SAMPLE, dir, Optional.empty());
    assertThat(qemu)
        .containsExactly(
            "-kernel",
            dir.resolve("vmlinuz").toString(),
            "-initrd",
            dir.resolve("initrd").toString(),
            "-append",
            "root=/dev/xvda2 ro console=hvc0 quiet",
            "-drive",
            "file=" + SAMPLE + ",format=raw");
    Path boot = dir.resolve("boot.img");
    Tools.run(
        "dd", "if=" + SAMPLE, "of=" + boot, "bs=512", "skip=2048", "count=6144", "status=none");
    Path kernel = dir.resolve("debugfs-kernel");
    Tools.run("debugfs", "-R", "dump /vmlinuz-6.1.0-sample " + kernel, boot.toString());
    assertThat(Files.mismatch(dir.resolve("vmlinuz"), kernel)).isEqualTo(-1L);
    assertThat(Files.readString(dir.resolve("initrd"), StandardCharsets.ISO_8859_1))
        .startsWith("bootlace sample initrd 6.1.0-sample\nIIII");
  }

  @Test
  void resolveImagePrintsTheRecord() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      ResolveImage.main(new String[] {SAMPLE.toString()});
    } finally {
      System.setOut(saved);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "kernel   (hd0,msdos1)/vmlinuz-6.1.0-sample (200036 bytes)\n"
                + "ramdisk  (hd0,msdos1)/initrd.img-6.1.0-sample (100036 bytes)\n"
                + "args     root=/dev/xvda2 ro console=hvc0 quiet\n"
                + "entry    0 Debian GNU/Linux, kernel 6.1.0-sample\n"
                + "config   (hd0,msdos1)/grub/menu.lst\n");
  }
}
