package org.bootlace.volume.lvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.Partition;
import org.bootlace.testing.Tools;
import org.bootlace.volume.testing.Assembled;
import org.bootlace.volume.testing.LvmTool;
import org.bootlace.volume.testing.LvmTool.Pv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volume groups made by the real pvcreate, vgcreate and lvcreate, read by the LVM driver and
 * compared with what lvs reports (names, UUIDs, sizes) and with the bytes put into each LV.
 */
class LvmToolTest {
  private static final long MIB = 1 << 20;

  @TempDir Path tmp;

  private static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void linearLvsAreVolumesNamedAsGrubNamesThemWithLvmsUuidsAndSizes() throws Exception {
    Path disk = Tools.sparseFile(tmp.resolve("pv.img"), 48 * MIB);
    String vg = LvmTool.uniqueName("bl-t");
    byte[] boot = random(1, (int) (12 * MIB));
    byte[] root = random(2, (int) (8 * MIB));
    String vgUuid;
    Map<String, String> lvUuids;
    try (LvmTool lvm = new LvmTool()) {
      Pv pv = lvm.attach(disk, 0, 48 * MIB);
      lvm.pvcreate(pv);
      lvm.vgcreate(vg, pv);
      lvm.lvcreate(vg, "boot", "12M");
      lvm.lvcreate(vg, "ro-ot", "8M");
      lvm.fill(vg, "boot", boot);
      lvm.fill(vg, "ro-ot", root);
      vgUuid = lvm.vgUuid(vg);
      lvUuids = lvm.lvUuids(vg);
      assertThat(lvm.lvBytes(vg, "ro-ot")).isEqualTo(root.length);
    }
    try (BlockDevice dev = BlockDevices.open(disk)) {
      Assembled a = Assembled.run(new LvmVolumeManager(), dev);
      assertThat(a.warnings()).isEmpty();
      String escaped = vg.replace("-", "--");
      assertThat(a.volumes())
          .extracting(Partition::deviceNames)
          .containsExactly(
              List.of("lvm/" + escaped + "-boot", "lvmid/" + vgUuid + "/" + lvUuids.get("boot")),
              List.of(
                  "lvm/" + escaped + "-ro--ot", "lvmid/" + vgUuid + "/" + lvUuids.get("ro-ot")));
      Partition r = a.named("lvm/" + escaped + "-ro--ot");
      assertThat(r.scheme()).isEqualTo("lvm");
      assertThat(r.type()).isEqualTo("linear");
      assertThat(r.label()).contains(vg + "/ro-ot");
      assertThat(r.uuid()).contains(lvUuids.get("ro-ot"));
      assertThat(Assembled.bytes(r)).isEqualTo(root);
      assertThat(Assembled.bytes(a.named("lvm/" + escaped + "-boot"))).isEqualTo(boot);
      assertThat(r.device().toString()).isEqualTo("pv.img{lvm/" + escaped + "-ro--ot}");
    }
  }

  @Test
  void anLvExtendedAfterAnotherHasTwoSegmentsReadInOrder() throws Exception {
    Path disk = Tools.sparseFile(tmp.resolve("pv.img"), 32 * MIB);
    String vg = LvmTool.uniqueName("bl");
    byte[] a1 = random(3, (int) (6 * MIB));
    try (LvmTool lvm = new LvmTool()) {
      Pv pv = lvm.attach(disk, 0, 32 * MIB);
      lvm.pvcreate(pv);
      lvm.vgcreate(vg, pv);
      lvm.lvcreate(vg, "a", "3M");
      lvm.lvcreate(vg, "b", "2M");
      lvm.lvm("lvextend", "-y", "-L", "6M", vg + "/a");
      assertThat(lvm.segments(vg, "a")).hasSize(2);
      lvm.fill(vg, "a", a1);
    }
    try (BlockDevice dev = BlockDevices.open(disk)) {
      Assembled a = Assembled.run(new LvmVolumeManager(), dev);
      assertThat(Assembled.bytes(a.named("lvm/" + vg + "-a"))).isEqualTo(a1);
      assertThat(a.named("lvm/" + vg + "-b").length()).isEqualTo(2 * MIB);
    }
  }

  @Test
  void aStripedLvAcrossTwoPvsIsReadChunkByChunk() throws Exception {
    Path d1 = Tools.sparseFile(tmp.resolve("pv1.img"), 24 * MIB);
    Path d2 = Tools.sparseFile(tmp.resolve("pv2.img"), 24 * MIB);
    String vg = LvmTool.uniqueName("bl");
    byte[] data = random(4, (int) (16 * MIB));
    try (LvmTool lvm = new LvmTool()) {
      Pv p1 = lvm.attach(d1, 0, 24 * MIB);
      Pv p2 = lvm.attach(d2, 0, 24 * MIB);
      lvm.pvcreate(p1, p2);
      lvm.vgcreate(vg, p1, p2);
      lvm.lvcreate(vg, "s", "16M", "-i", "2", "-I", "64k");
      assertThat(lvm.segments(vg, "s").get(0).stripes()).isEqualTo(2);
      lvm.fill(vg, "s", data);
    }
    try (BlockDevice a = BlockDevices.open(d1);
        BlockDevice b = BlockDevices.open(d2)) {
      Assembled r = Assembled.run(new LvmVolumeManager(), a, b);
      assertThat(r.warnings()).isEmpty();
      Partition s = r.named("lvm/" + vg + "-s");
      assertThat(s.type()).isEqualTo("striped");
      assertThat(Assembled.bytes(s)).isEqualTo(data);
    }
  }

  @Test
  void anLvOnAMissingPvIsAWarningAndTheOthersAreStillThere() throws Exception {
    Path d1 = Tools.sparseFile(tmp.resolve("pv1.img"), 16 * MIB);
    Path d2 = Tools.sparseFile(tmp.resolve("pv2.img"), 16 * MIB);
    String vg = LvmTool.uniqueName("bl");
    String pv2Uuid;
    try (LvmTool lvm = new LvmTool()) {
      Pv p1 = lvm.attach(d1, 0, 16 * MIB);
      Pv p2 = lvm.attach(d2, 0, 16 * MIB);
      lvm.pvcreate(p1, p2);
      lvm.vgcreate(vg, p1, p2);
      lvm.lvcreate(vg, "here", "4M", p1.loop());
      lvm.lvcreate(vg, "gone", "4M", p2.loop());
      pv2Uuid = lvm.lvm("pvs", "--noheadings", "-o", "pv_uuid", p2.loop()).trim();
    }
    try (BlockDevice a = BlockDevices.open(d1)) {
      Assembled r = Assembled.run(new LvmVolumeManager(), a);
      assertThat(r.volumes())
          .extracting(p -> p.deviceNames().get(0))
          .containsExactly("lvm/" + vg + "-here");
      assertThat(r.warnings())
          .containsExactly(
              "lvm: VG "
                  + vg
                  + ": LV gone: physical volume pv1 ("
                  + pv2Uuid
                  + ") is missing; skipped");
    }
  }

  @Test
  void aPvInNoVolumeGroupGivesNoVolumeAndNoWarning() throws Exception {
    Path disk = Tools.sparseFile(tmp.resolve("pv.img"), 8 * MIB);
    try (LvmTool lvm = new LvmTool()) {
      lvm.pvcreate(lvm.attach(disk, 0, 8 * MIB));
    }
    try (BlockDevice dev = BlockDevices.open(disk)) {
      assertThat(new LvmVolumeManager().probe(dev).detail()).isEqualTo("LVM2 label in sector 1");
      Assembled r = Assembled.run(new LvmVolumeManager(), dev);
      assertThat(r.volumes()).isEmpty();
      assertThat(r.warnings()).isEmpty();
    }
  }

  /** A PV, VG and LV from the real tools, then one field patched: the checks fire on real bytes. */
  @Test
  void fieldsPatchedInARealPvAreReportedWithTheirValues() throws Exception {
    Path disk = Tools.sparseFile(tmp.resolve("pv.img"), 8 * MIB);
    String vg = LvmTool.uniqueName("bl");
    try (LvmTool lvm = new LvmTool()) {
      Pv pv = lvm.attach(disk, 0, 8 * MIB);
      lvm.pvcreate(pv);
      lvm.vgcreate(vg, pv);
      lvm.lvcreate(vg, "root", "2M");
    }
    byte[] original = java.nio.file.Files.readAllBytes(disk);
    int label = PvLabel.find(java.util.Arrays.copyOf(original, 2048)) * 512;
    assertThat(label).isEqualTo(512);
    // The label's sector_xl says it is in sector 3; its CRC made right again.
    byte[] moved = original.clone();
    moved[label + 8] = 3;
    java.nio.ByteBuffer.wrap(moved)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putInt(label + 16, (int) LvmCrc.of(moved, label + 20, 512 - 20));
    Assembled a = Assembled.run(new LvmVolumeManager(), BlockDevices.ofBytes(moved, "pv.img"));
    assertThat(a.volumes()).isEmpty();
    assertThat(a.warnings())
        .containsExactly(
            "lvm: pv.img: label at 0x200: sector_xl 3 != 1, the sector it is in; physical volume skipped");
    // One byte of the metadata text changed: the text's CRC no longer matches.
    PvLabel pvLabel =
        PvLabel.parse(java.util.Arrays.copyOfRange(original, label, label + 512), 1, "pv.img");
    PvLabel.Area mda = pvLabel.metadataAreas().get(0);
    MdaHeader h =
        MdaHeader.parse(
            java.util.Arrays.copyOfRange(original, (int) mda.offset(), (int) mda.offset() + 512),
            mda.offset(),
            mda.size(),
            "pv.img");
    int textAt = (int) (mda.offset() + h.text().orElseThrow().offset());
    int len = (int) h.text().orElseThrow().size();
    byte[] edited = original.clone();
    int seqno =
        new String(edited, textAt, len, java.nio.charset.StandardCharsets.ISO_8859_1)
            .indexOf("seqno = ");
    edited[textAt + seqno + 8] = '9';
    a = Assembled.run(new LvmVolumeManager(), BlockDevices.ofBytes(edited, "pv.img"));
    assertThat(a.volumes()).isEmpty();
    assertThat(a.warnings())
        .containsExactly(
            String.format(
                java.util.Locale.ROOT,
                "lvm: pv.img: metadata text at 0x%x: checksum 0x%08x != 0x%08x computed over %d bytes; "
                    + "this copy of the metadata is skipped",
                textAt,
                h.text().get().checksum(),
                LvmCrc.of(edited, textAt, len),
                len));
  }
}
