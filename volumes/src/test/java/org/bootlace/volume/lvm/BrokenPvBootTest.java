package org.bootlace.volume.lvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.Tools;
import org.bootlace.volume.testing.Ext4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken volume layer is a warning: the disk's plain /boot still boots. */
class BrokenPvBootTest {
  private static final int MIB = 1 << 20;

  @TempDir Path tmp;

  @Test
  void aPvWithABadLabelIsAWarningAndTheOtherPartitionBoots() throws Exception {
    Path disk = Tools.sparseFile(tmp.resolve("disk.img"), 24 * MIB);
    Tools.runWithInput(
        "label: dos\nstart=2048, size=16384, type=83\nstart=18432, size=8192, type=8e\n",
        "sfdisk",
        "-q",
        "--no-reread",
        "--no-tell-kernel",
        disk.toString());
    Path tree = tmp.resolve("boot");
    Tools.write(tree, "vmlinuz", FakeKernels.linux("plain /boot"));
    Tools.write(tree, "grub/grub.cfg", "menuentry 'plain' {\n  linux /vmlinuz\n}\n");
    Tools.patch(
        disk,
        MIB,
        Ext4.image(
            tree, tmp.resolve("boot.ext4"), 8 * MIB, "4b0a1b0a-0000-4000-8000-00000000b007"));
    byte[] pv = new LvmImage().build(LvmImage.text("vg", "root", 1));
    ByteBuffer.wrap(pv).order(ByteOrder.LITTLE_ENDIAN).putInt(512 + 16, 0);
    Tools.patch(disk, 9 * MIB, java.util.Arrays.copyOf(pv, 4 * MIB));
    try (BootSource source = BootSource.open(disk)) {
      BootRecord r = source.resolveBoot();
      assertThat(new String(r.kernel().readAllBytes(), StandardCharsets.ISO_8859_1))
          .endsWith("plain /boot");
      assertThat(source.assembledVolumes()).isEmpty();
      assertThat(source.warnings())
          .containsExactly(
              String.format(
                  java.util.Locale.ROOT,
                  "lvm: disk.img[raw][msdos2]: label at 0x200: crc_xl 0x00000000 != 0x%08x computed; physical volume skipped",
                  LvmCrc.of(pv, 512 + 20, 512 - 20)));
    }
  }
}
