package org.bootlace.volume.md;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.block.BlockDevices;
import org.bootlace.volume.testing.Assembled;
import org.bootlace.volume.testing.MdMember;
import org.junit.jupiter.api.Test;

/** Every check on a version-1 superblock, with its exact message; a bad member is a warning. */
class MdCorruptionTest {
  private static final int MIB = 1 << 20;
  private static final int SB = 4096;

  private static byte[] member() {
    return new MdMember().build(new byte[MIB], 2 * MIB);
  }

  /** Sets a field and recomputes the checksum, so only the field's own check can fail. */
  private static void set32(byte[] b, int field, long v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(SB + field, (int) v);
    reseal(b);
  }

  private static void set64(byte[] b, int field, long v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(SB + field, v);
    reseal(b);
  }

  private static void reseal(byte[] b) {
    int maxDev = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(SB + 220);
    int len = Math.min(256 + 2 * Math.max(0, Math.min(maxDev, 1920)), b.length - SB);
    byte[] sb = java.util.Arrays.copyOfRange(b, SB, SB + len);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(SB + 216, (int) MdMember.checksum(sb));
  }

  private static void warns(byte[] b, String message) throws Exception {
    Assembled a = Assembled.run(new MdVolumeManager(), BlockDevices.ofBytes(b, "m.img"));
    assertThat(a.volumes()).isEmpty();
    assertThat(a.warnings()).containsExactly(message);
  }

  @Test
  void aBadChecksumSkipsTheMember() throws Exception {
    byte[] b = member();
    long good = MdMember.checksum(java.util.Arrays.copyOfRange(b, SB, SB + 512));
    b[SB + 40] = 'X';
    long now = MdMember.checksum(java.util.Arrays.copyOfRange(b, SB, SB + 512));
    warns(
        b,
        String.format(
            java.util.Locale.ROOT,
            "md: m.img: superblock 1.2 at 0x1000: sb_csum 0x%08x != 0x%08x computed; member skipped",
            good,
            now));
  }

  @Test
  void aSuperOffsetElsewhereSkipsTheMember() throws Exception {
    byte[] b = member();
    set64(b, MdSuperblock.S_SUPER_OFFSET, 16);
    warns(
        b,
        "md: m.img: superblock 1.2 at 0x1000: super_offset 16 != 8, the sector it was found at; member skipped");
  }

  @Test
  void aMajorVersionOtherThanOneIsNotOurs() throws Exception {
    byte[] b = member();
    set32(b, MdSuperblock.S_MAJOR, 2);
    assertThat(new MdVolumeManager().probe(BlockDevices.ofBytes(b, "m.img")).matched()).isFalse();
    assertThatThrownBy(
            () ->
                MdSuperblock.parse(
                    java.util.Arrays.copyOfRange(b, SB, SB + 512), 2, SB, b.length, "w"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("w: major_version 2 is not 1");
  }

  @Test
  void tooManyDeviceSlotsSkipTheMember() throws Exception {
    byte[] b = member();
    set32(b, MdSuperblock.S_MAX_DEV, 100_000);
    warns(b, "md: m.img: superblock 1.2 at 0x1000: max_dev 100000 is above 1920; member skipped");
  }

  @Test
  void dataPastTheDevicesEndSkipsTheMember() throws Exception {
    byte[] b = member();
    set64(b, MdSuperblock.S_DATA_SIZE, -1);
    warns(
        b,
        "md: m.img: superblock 1.2 at 0x1000: data_offset 2048 + data_size 18446744073709551615 sectors run "
            + "past the device's 4096 sectors; member skipped");
  }

  @Test
  void noRaidDisksSkipsTheMember() throws Exception {
    byte[] b = member();
    set32(b, MdSuperblock.S_RAID_DISKS, 0);
    warns(
        b,
        "md: m.img: superblock 1.2 at 0x1000: raid_disks 0 is outside 1..max_dev 128; member skipped");
  }

  @Test
  void aDeviceNumberPastTheSlotsSkipsTheMember() throws Exception {
    byte[] b = member();
    set32(b, MdSuperblock.S_DEV_NUMBER, 128);
    warns(
        b,
        "md: m.img: superblock 1.2 at 0x1000: dev_number 128 is not below max_dev 128; member skipped");
  }

  @Test
  void aRolePastTheRaidDisksSkipsTheMember() throws Exception {
    byte[] b = member();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(SB + 256, (short) 7);
    reseal(b);
    warns(
        b,
        "md: m.img: superblock 1.2 at 0x1000: role 7 of dev_number 0 is not below raid_disks 2; member skipped");
  }

  @Test
  void aReshapeInProgressIsRefusedByName() throws Exception {
    byte[] b = member();
    set32(b, MdSuperblock.S_FEATURE, 4);
    warns(
        b,
        "md: m.img: superblock 1.2 at 0x1000: feature_map 0x4 has bits bootlace does not handle "
            + "(0x4: a reshape in progress); member skipped");
    assertThatThrownBy(() -> MdSuperblock.read(BlockDevices.ofBytes(b, "m.img"), 2))
        .isInstanceOf(UnsupportedFeatureException.class)
        .extracting(e -> ((UnsupportedFeatureException) e).feature())
        .isEqualTo("md feature_map 0x4");
  }

  @Test
  void aRaid1SizeBeyondTheDataIsAWarning() throws Exception {
    MdMember m = new MdMember();
    m.sizeSectors = 4096;
    warns(
        m.build(new byte[MIB], 2 * MIB),
        "md: md/boot: size 4096 sectors is outside 1..data_size 2048 of m.img; skipped");
  }

  @Test
  void aSuperblockRunningPastTheDeviceIsCorrupt() {
    byte[] b = java.util.Arrays.copyOf(member(), SB + 300);
    assertThatThrownBy(() -> MdSuperblock.read(BlockDevices.ofBytes(b, "m.img"), 2))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("md: m.img: superblock 1.2: the device (4396 bytes) is too small");
  }

  @Test
  void a090SizeRunningIntoTheSuperblockIsCorrupt() {
    MdMember m = new MdMember();
    m.sizeSectors = 4096;
    byte[] b = m.build090(new byte[MIB], 2 * MIB);
    assertThatThrownBy(() -> MdSuperblock090.read(BlockDevices.ofBytes(b, "m.img")))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "md: m.img: superblock 0.90 at 0x1f0000: size 2048 KiB runs into the superblock at 0x1f0000");
  }

  @Test
  void a090RaidDiskCountOutsideTheDescriptorsIsCorrupt() {
    byte[] b = new MdMember().build090(new byte[MIB], 2 * MIB);
    int sb = 0x1f0000;
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(sb + 40, 28);
    byte[] copy = java.util.Arrays.copyOfRange(b, sb, sb + 4096);
    ByteBuffer.wrap(b)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(sb + 4 * 38, (int) MdSuperblock090.checksum(copy));
    assertThatThrownBy(() -> MdSuperblock090.read(BlockDevices.ofBytes(b, "m.img")))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("md: m.img: superblock 0.90 at 0x1f0000: raid_disks 28 is outside 1..27");
  }
}
