package org.bootlace.volume.lvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.volume.testing.Assembled;
import org.junit.jupiter.api.Test;

/** Physical volumes built byte by byte: what is read, and every check with its exact message. */
class LvmHandBuiltTest {
  private static final int MIB = LvmImage.MIB;

  private static Assembled run(byte[] image) throws Exception {
    return Assembled.run(new LvmVolumeManager(), BlockDevices.ofBytes(image, "pv.img"));
  }

  private static Assembled run(byte[] image, Limits limits) throws Exception {
    return Assembled.run(new LvmVolumeManager(), limits, BlockDevices.ofBytes(image, "pv.img"));
  }

  private static byte[] pv(String text) {
    return new LvmImage().build(text);
  }

  private static void put32(byte[] b, int at, long v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) v);
  }

  private static void put64(byte[] b, int at, long v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
  }

  @Test
  void aLinearLvIsMappedFromItsFirstExtent() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 3));
    for (int i = 0; i < 3 * MIB; i++) {
      image[2 * MIB + i] = (byte) (i * 7 + i / 4096);
    }
    Assembled a = run(image);
    assertThat(a.warnings()).isEmpty();
    byte[] lv = Assembled.bytes(a.named("lvm/vg-root"));
    assertThat(lv).hasSize(3 * MIB);
    for (int i = 0; i < lv.length; i += 997) {
      assertThat(lv[i]).isEqualTo((byte) (i * 7 + i / 4096));
    }
    assertThat(a.named("lvmid/" + LvmImage.VG_ID + "/" + LvmImage.LV_ID).label())
        .contains("vg/root");
  }

  @Test
  void theLabelMayBeInAnyOfTheFirstFourSectors() throws Exception {
    for (int s = 0; s < 4; s++) {
      LvmImage img = new LvmImage();
      img.labelSector = s;
      assertThat(run(img.build(LvmImage.text("vg", "root", 1))).volumes()).hasSize(1);
    }
  }

  @Test
  void metadataTextThatWrapsAroundTheAreaIsJoined() throws Exception {
    LvmImage img = new LvmImage();
    String text = LvmImage.text("vg", "wrapped", 2);
    img.textOffset = LvmImage.MDA_SIZE - 100;
    Assembled a = run(img.build(text));
    assertThat(a.warnings()).isEmpty();
    assertThat(a.named("lvm/vg-wrapped").length()).isEqualTo(2 * MIB);
  }

  @Test
  void dashesInNamesAreDoubled() throws Exception {
    Assembled a = run(pv(LvmImage.text("my-vg", "lv-root-1", 1)));
    assertThat(a.volumes().get(0).deviceNames().get(0)).isEqualTo("lvm/my--vg-lv--root--1");
  }

  @Test
  void aLabelWithABadCrcSkipsThePv() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 1));
    long good = LvmCrc.of(image, 512 + 20, 512 - 20);
    image[512 + 100] ^= 1;
    long bad = LvmCrc.of(image, 512 + 20, 512 - 20);
    assertThat(run(image).warnings())
        .containsExactly(
            String.format(
                java.util.Locale.ROOT,
                "lvm: pv.img: label at 0x200: crc_xl 0x%08x != 0x%08x computed; physical volume skipped",
                good,
                bad));
  }

  @Test
  void aLabelInTheWrongSectorSkipsThePv() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 1));
    put64(image, 512 + 8, 2);
    LvmImage.reseal(image, 1);
    assertThat(run(image).warnings())
        .containsExactly(
            "lvm: pv.img: label at 0x200: sector_xl 2 != 1, the sector it is in; physical volume skipped");
  }

  @Test
  void aLabelOfAnotherTypeSkipsThePv() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 1));
    System.arraycopy("LVM3 001".getBytes(StandardCharsets.US_ASCII), 0, image, 512 + 24, 8);
    LvmImage.reseal(image, 1);
    assertThat(run(image).warnings())
        .containsExactly(
            "lvm: pv.img: label at 0x200: type \"LVM3 001\" is not \"LVM2 001\"; physical volume skipped");
  }

  @Test
  void aPvHeaderOutsideTheSectorSkipsThePv() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 1));
    put32(image, 512 + 20, 480);
    LvmImage.reseal(image, 1);
    assertThat(run(image).warnings())
        .containsExactly(
            "lvm: pv.img: label at 0x200: offset_xl 480 puts the pv_header outside the sector; physical volume skipped");
  }

  @Test
  void anAreaListWithoutItsEndSkipsThePv() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 1));
    for (int at = 512 + 32 + 40; at < 1024; at += 16) {
      put64(image, at, 4096);
      put64(image, at + 8, 512);
    }
    LvmImage.reseal(image, 1);
    assertThat(run(image).warnings())
        .containsExactly(
            "lvm: pv.img: label at 0x200: more than 16 areas; physical volume skipped");
  }

  @Test
  void aPvUuidOutsideLvmsAlphabetSkipsThePv() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 1));
    image[512 + 32 + 5] = '-';
    LvmImage.reseal(image, 1);
    assertThat(run(image).warnings())
        .containsExactly(
            "lvm: pv.img: label at 0x200: pv_uuid \"PVaaa-BBBBccccDDDDeeeeFFFFgggg00\" is not an LVM id; physical volume skipped");
  }

  @Test
  void aMetadataHeaderWithoutItsMagicSkipsThatCopy() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 1));
    image[4096 + 5] = 'X';
    LvmImage.reseal(image, 1);
    assertThat(run(image).warnings())
        .containsExactly(
            "lvm: pv.img: metadata area header at 0x1000: magic \" XVM2 x[5A%r0N*>\" is not \" LVM2 x[5A%r0N*>\"; "
                + "this copy of the metadata is skipped");
  }

  @Test
  void aMetadataHeaderWithABadChecksumSkipsThatCopy() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 1));
    long good = LvmCrc.of(image, 4096 + 4, 508);
    image[4096 + 300] = 1;
    long bad = LvmCrc.of(image, 4096 + 4, 508);
    assertThat(run(image).warnings())
        .containsExactly(
            String.format(
                java.util.Locale.ROOT,
                "lvm: pv.img: metadata area header at 0x1000: checksum_xl 0x%08x != 0x%08x computed; "
                    + "this copy of the metadata is skipped",
                good,
                bad));
  }

  @Test
  void aMetadataHeaderThatDisagreesWithTheLabelSkipsThatCopy() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 1));
    put64(image, 4096 + 24, 8192);
    LvmImage.reseal(image, 1);
    assertThat(run(image).warnings())
        .containsExactly(
            "lvm: pv.img: metadata area header at 0x1000: start 8192 != 4096, the area's offset in the pv_header; "
                + "this copy of the metadata is skipped");
  }

  @Test
  void aTextLocationOutsideTheAreaSkipsThatCopy() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 1));
    put64(image, 4096 + 40, 1L << 40);
    LvmImage.reseal(image, 1);
    assertThat(run(image).warnings())
        .containsExactly(
            "lvm: pv.img: metadata area header at 0x1000: raw_locn offset 1099511627776 is outside the area's buffer "
                + "0x200..0xff000; this copy of the metadata is skipped");
  }

  @Test
  void aTextLongerThanTheAreaSkipsThatCopy() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 1));
    put64(image, 4096 + 48, -1);
    LvmImage.reseal(image, 1);
    assertThat(run(image).warnings())
        .containsExactly(
            "lvm: pv.img: metadata area header at 0x1000: raw_locn size 18446744073709551615 does not fit the area's "
                + "1043968-byte buffer; this copy of the metadata is skipped");
  }

  @Test
  void aTextWithABadChecksumSkipsThatCopy() throws Exception {
    String text = LvmImage.text("vg", "root", 1);
    byte[] image = pv(text);
    image[4096 + 512 + 3] ^= 0x20;
    byte[] changed = java.util.Arrays.copyOfRange(image, 4096 + 512, 4096 + 512 + text.length());
    byte[] original = text.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(run(image).warnings())
        .containsExactly(
            String.format(
                java.util.Locale.ROOT,
                "lvm: pv.img: metadata text at 0x1200: checksum 0x%08x != 0x%08x computed over %d bytes; "
                    + "this copy of the metadata is skipped",
                LvmCrc.of(original, 0, original.length),
                LvmCrc.of(changed, 0, changed.length),
                text.length()));
  }

  @Test
  void aTextOverMaxMetadataBytesIsALimitWarning() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 1));
    assertThat(run(image, Limits.builder().maxMetadataBytes(100).build()).warnings())
        .containsExactly(
            "limit maxMetadataBytes (100) exceeded: LVM metadata text on pv.img ("
                + LvmImage.text("vg", "root", 1).length()
                + ") (raise it with Limits.builder().maxMetadataBytes(...)); this copy of the metadata is skipped");
  }

  @Test
  void anLvBeyondItsPvsExtentsIsSkipped() throws Exception {
    Assembled a = run(pv(LvmImage.text("vg", "big", 7)));
    assertThat(a.volumes()).isEmpty();
    assertThat(a.warnings())
        .containsExactly(
            "lvm: VG vg: LV big: segment at extent 0: extents 1+7 of pv0 are beyond its pe_count 7; skipped");
  }

  @Test
  void anLvBeyondTheDeviceIsSkipped() throws Exception {
    LvmImage img = new LvmImage();
    img.size = 4 * MIB;
    Assembled a = run(img.build(LvmImage.text("vg", "root", 3)));
    assertThat(a.warnings())
        .containsExactly(
            "lvm: VG vg: LV root: segment at extent 0: bytes 0x200000+0x300000 of pv0 are beyond the end of pv.img "
                + "(0x400000); skipped");
  }

  @Test
  void unsupportedSegmentTypesAreSkippedByName() throws Exception {
    String text =
        LvmImage.text("vg", "pool", 1).replace("type = \"striped\"", "type = \"thin-pool\"");
    Assembled a = run(pv(text));
    assertThat(a.volumes()).isEmpty();
    assertThat(a.warnings())
        .containsExactly(
            "lvm: VG vg: LV pool: segment type \"thin-pool\" is not supported; skipped");
  }

  @Test
  void hiddenLvsAreNotVolumes() throws Exception {
    String text = LvmImage.text("vg", "root_rimage_0", 1).replace(", \"VISIBLE\"", "");
    Assembled a = run(pv(text));
    assertThat(a.volumes()).isEmpty();
    assertThat(a.warnings()).isEmpty();
  }

  @Test
  void anLvNamingAPvTheVgDoesNotHaveIsSkipped() throws Exception {
    String text = LvmImage.text("vg", "root", 1).replace("\"pv0\", 1", "\"pv9\", 1");
    assertThat(run(pv(text)).warnings())
        .containsExactly(
            "lvm: VG vg: LV root: segment at extent 0 names \"pv9\", not a physical volume of the VG; skipped");
  }

  @Test
  void aMissingFieldSkipsThatCopyNamingIt() throws Exception {
    String text = LvmImage.text("vg", "root", 1).replace("seqno = 3\n", "");
    assertThat(run(pv(text)).warnings())
        .containsExactly(
            "lvm: pv.img: metadata text at 0x1200: vg (line 1): missing \"seqno\"; this copy of the metadata is skipped");
  }

  @Test
  void aBadVgIdSkipsThatCopy() throws Exception {
    String text = LvmImage.text("vg", "root", 1).replace(LvmImage.VG_ID, "not-an-id");
    assertThat(run(pv(text)).warnings())
        .containsExactly(
            "lvm: pv.img: metadata text at 0x1200: vg/id: \"not-an-id\" is not an LVM id; "
                + "this copy of the metadata is skipped");
  }

  @Test
  void aSegmentThatDoesNotStartWhereThePreviousEndsSkipsThatCopy() throws Exception {
    String text = LvmImage.text("vg", "root", 1).replace("start_extent = 0", "start_extent = 5");
    assertThat(run(pv(text)).warnings())
        .containsExactly(
            "lvm: pv.img: metadata text at 0x1200: vg/logical_volumes/root/segment1/start_extent: 5 != 0, where the "
                + "previous segment ends; this copy of the metadata is skipped");
  }

  @Test
  void stripesThatDoNotMatchTheStripeCountSkipThatCopy() throws Exception {
    String text =
        LvmImage.text("vg", "root", 2)
            .replace("stripe_count = 1", "stripe_count = 2\nstripe_size = 128");
    assertThat(run(pv(text)).warnings())
        .containsExactly(
            "lvm: pv.img: metadata text at 0x1200: vg/logical_volumes/root/segment1/stripes: 2 items, not 2 * "
                + "stripe_count 2; this copy of the metadata is skipped");
  }

  @Test
  void anInvalidVgNameSkipsThatCopy() throws Exception {
    String text = LvmImage.text("-vg", "root", 1);
    assertThat(run(pv(text)).warnings())
        .containsExactly(
            "lvm: pv.img: metadata text at 0x1200: volume group name: \"-vg\" is not a valid LVM name; "
                + "this copy of the metadata is skipped");
  }

  @Test
  void theNewestCopyOfAVgWins() throws Exception {
    byte[] older = pv(LvmImage.text("vg", "old", 1));
    // A second PV (another UUID) carries the newer metadata; the VG's pv0 is still the first PV.
    String newText = LvmImage.text("vg", "new", 1).replace("seqno = 3", "seqno = 4");
    byte[] newer = new LvmImage().build(newText);
    System.arraycopy("QQ".getBytes(StandardCharsets.US_ASCII), 0, newer, 512 + 32, 2);
    LvmImage.reseal(newer, 1);
    Assembled a =
        Assembled.run(
            new LvmVolumeManager(),
            BlockDevices.ofBytes(older, "a.img"),
            BlockDevices.ofBytes(newer, "b.img"));
    assertThat(a.volumes()).extracting(p -> p.deviceNames().get(0)).containsExactly("lvm/vg-new");
  }

  @Test
  void theSamePvSeenTwiceIsAWarningAndTheFirstIsUsed() throws Exception {
    byte[] image = pv(LvmImage.text("vg", "root", 1));
    Assembled a =
        Assembled.run(
            new LvmVolumeManager(),
            BlockDevices.ofBytes(image, "a.img"),
            BlockDevices.ofBytes(image.clone(), "b.img"));
    assertThat(a.volumes()).hasSize(1);
    assertThat(a.warnings())
        .containsExactly(
            "lvm: b.img: physical volume "
                + LvmImage.PV_ID
                + " is also on a.img; the first is used");
  }

  @Test
  void labelParsingOnShortBytesIsACorruptImage() {
    assertThatThrownBy(() -> PvLabel.parse(new byte[100], 0, "x"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("lvm: x: label at 0x0: 100 bytes, not a sector");
  }

  @Test
  void theProbeReadsNoMoreThanTheDevice() throws Exception {
    BlockDevice tiny = BlockDevices.ofBytes(new byte[600], "tiny");
    assertThat(new LvmVolumeManager().probe(tiny).detail())
        .isEqualTo("no LABELONE in sectors 0 to 3");
    assertThat(new LvmVolumeManager().probe(BlockDevices.ofBytes(new byte[10], "t")).detail())
        .isEqualTo("too small for an LVM label (10 bytes)");
  }

  private static String striped(long stripeSectors) {
    return LvmImage.text("vg", "st", 2)
        .replace("stripe_count = 1", "stripe_count = 2\nstripe_size = " + stripeSectors)
        .replace("\"pv0\", 1", "\"pv0\", 1, \"pv0\", 4");
  }

  @Test
  void aStripedSegmentInterleavesItsAreasChunkByChunk() throws Exception {
    byte[] image = pv(striped(128));
    // Extents start at 1 MiB: area 0 is extent 1 of the PV (at 2 MiB), area 1 is extent 4 (at 5
    // MiB).
    for (int chunk = 0; chunk < 16; chunk++) {
      image[2 * MIB + chunk * 65536] = (byte) (2 * chunk);
      image[5 * MIB + chunk * 65536] = (byte) (2 * chunk + 1);
    }
    Assembled a = run(image);
    assertThat(a.warnings()).isEmpty();
    byte[] lv = Assembled.bytes(a.named("lvm/vg-st"));
    assertThat(lv).hasSize(2 * MIB);
    for (int c = 0; c < 32; c++) {
      assertThat(lv[c * 65536]).as("chunk %d", c).isEqualTo((byte) c);
    }
  }

  @Test
  void stripeAreasThatAreNotWholeChunksAreSkipped() throws Exception {
    Assembled a = run(pv(striped(3)));
    assertThat(a.volumes()).isEmpty();
    assertThat(a.warnings())
        .containsExactly(
            "lvm: VG vg: LV st: lvm/vg-st segment at extent 0: stripe area of "
                + "1048576 bytes is not a whole number of 1536-byte chunks; skipped");
  }
}
