package org.bootlace.fs.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.binary.Le;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Superblock features changed after mkfs by the real tools, read as the kernel reads them. */
class FeaturesTest {
  @TempDir Path tmp;

  private Path image() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Tools.write(src, "boot/grub2/grub.cfg", "blscfg\n");
    return XfsImages.mkfs(src, tmp.resolve("f.img"), 32 << 20);
  }

  /**
   * xfs_admin -U on v5 sets the meta_uuid feature: the new UUID is the one users see (and GRUB's
   * search --fs-uuid matches), metadata stays stamped with the old one.
   */
  @Test
  void changedUuidKeepsTheMetadataUuid() throws IOException {
    Path image = image();
    String fresh = "0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9";
    Tools.run("xfs_admin", "-U", fresh, "-L", "newlabel", image.toString());
    try (OpenedFs o = XfsImages.open(image)) {
      Superblock sb = ((XfsFileSystem) o.fs).sb;
      assertThat(sb.has(Superblock.INCOMPAT_META_UUID)).isTrue();
      assertThat(o.fs.uuid()).contains(fresh);
      assertThat(o.fs.label()).contains("newlabel");
      assertThat(new String(o.read("/boot/grub2/grub.cfg"), StandardCharsets.UTF_8))
          .isEqualTo("blscfg\n");
    }
    assertThat(Tools.run("xfs_db", "-r", "-c", "uuid", image.toString())).contains(fresh);
  }

  @Test
  void logIncompatibleFeaturesWarnOfAnUncleanLog() throws IOException {
    Path image = image();
    byte[] sector = Tools.read(image, 0, 512);
    sector[Superblock.SB_FEATURES_LOG_INCOMPAT + 3] = 1;
    Le.putU32(sector, Superblock.SB_CRC, Crc.compute(sector, 0, 512, Superblock.SB_CRC));
    Tools.patch(image, 0, sector);
    try (OpenedFs o = XfsImages.open(image)) {
      assertThat(o.warnings.list())
          .containsExactly(
              "xfs: f.img: sb_features_log_incompat 0x1: the filesystem was not cleanly unmounted; read without"
                  + " replaying its log, so the most recent changes may be missing");
      assertThat(new String(o.read("/boot/grub2/grub.cfg"), StandardCharsets.UTF_8))
          .isEqualTo("blscfg\n");
    }
  }
}
