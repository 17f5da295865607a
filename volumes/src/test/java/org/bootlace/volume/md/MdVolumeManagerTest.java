package org.bootlace.volume.md;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.Partition;
import org.bootlace.volume.testing.Assembled;
import org.bootlace.volume.testing.MdMember;
import org.junit.jupiter.api.Test;

/** md arrays from members built byte by byte (checked against mdadm --examine in MdExamineTest). */
class MdVolumeManagerTest {
  private static final int MIB = 1 << 20;
  private static final String UUID_HEX = "0102030405060708090a0b0c0d0e0f10";

  private static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static BlockDevice member(MdMember m, int dev, byte[] data, int bytes) {
    m.devNumber = dev;
    return BlockDevices.ofBytes(m.build(data, bytes), "m" + dev + ".img");
  }

  @Test
  void raid1WithVersion12IsReadFromItsFirstMemberAndNamedAsGrubNamesIt() throws Exception {
    byte[] data = random(1, 2 * MIB);
    MdMember m = new MdMember();
    Assembled a =
        Assembled.run(
            new MdVolumeManager(), member(m, 0, data, 4 * MIB), member(m, 1, data, 4 * MIB));
    assertThat(a.warnings()).isEmpty();
    Partition v = a.named("md/boot");
    assertThat(v.deviceNames()).containsExactly("md/boot", "mduuid/" + UUID_HEX);
    assertThat(v.scheme()).isEqualTo("md");
    assertThat(v.type()).isEqualTo("raid1");
    assertThat(v.label()).contains("bltest:boot");
    assertThat(v.uuid()).contains("01020304:05060708:090a0b0c:0d0e0f10");
    assertThat(Assembled.bytes(v)).isEqualTo(data);
    assertThat(v.device().toString()).isEqualTo("m0.img{md/boot}");
  }

  @Test
  void raid1WithVersion10KeepsItsDataAtTheStart() throws Exception {
    byte[] data = random(2, MIB);
    MdMember m = new MdMember();
    m.minor = 0;
    Assembled a =
        Assembled.run(
            new MdVolumeManager(), member(m, 0, data, 2 * MIB), member(m, 1, data, 2 * MIB));
    assertThat(Assembled.bytes(a.named("md/boot"))).isEqualTo(data);
  }

  @Test
  void aNameWithoutHostIsUsedWhole() throws Exception {
    MdMember m = new MdMember();
    m.name = "root";
    m.minor = 1;
    Assembled a = Assembled.run(new MdVolumeManager(), member(m, 0, new byte[MIB], 2 * MIB));
    assertThat(a.volumes()).extracting(p -> p.deviceNames().get(0)).containsExactly("md/root");
  }

  @Test
  void aDegradedRaid1WithOneMemberStillReads() throws Exception {
    byte[] data = random(3, MIB);
    MdMember m = new MdMember();
    Assembled a = Assembled.run(new MdVolumeManager(), member(m, 1, data, 2 * MIB));
    assertThat(a.warnings()).isEmpty();
    assertThat(Assembled.bytes(a.named("md/boot"))).isEqualTo(data);
  }

  @Test
  void aStaleMemberIsLeftOutWithAWarning() throws Exception {
    byte[] fresh = random(4, MIB);
    byte[] old = random(5, MIB);
    MdMember m = new MdMember();
    m.events = 19;
    BlockDevice stale = member(m, 0, old, 2 * MIB);
    m.events = 20;
    BlockDevice current = member(m, 1, fresh, 2 * MIB);
    Assembled a = Assembled.run(new MdVolumeManager(), stale, current);
    assertThat(a.warnings())
        .containsExactly("md: md/boot: m0.img is stale (events 19 < 20); left out");
    assertThat(Assembled.bytes(a.named("md/boot"))).isEqualTo(fresh);
  }

  @Test
  void aSpareIsLeftOutWithAWarning() throws Exception {
    byte[] data = random(6, MIB);
    MdMember m = new MdMember();
    m.roles = new int[] {0, 1, 0xffff};
    Assembled a =
        Assembled.run(
            new MdVolumeManager(),
            member(m, 2, new byte[MIB], 2 * MIB),
            member(m, 0, data, 2 * MIB));
    assertThat(a.warnings()).containsExactly("md: md/boot: m2.img is a spare; left out");
    assertThat(Assembled.bytes(a.named("md/boot"))).isEqualTo(data);
  }

  @Test
  void aMemberBeingRebuiltIsLeftOut() throws Exception {
    MdMember m = new MdMember();
    m.featureMap = 2;
    m.recoveryOffset = 100;
    BlockDevice rebuilding = member(m, 0, new byte[MIB], 2 * MIB);
    m.featureMap = 0;
    byte[] data = random(7, MIB);
    Assembled a = Assembled.run(new MdVolumeManager(), rebuilding, member(m, 1, data, 2 * MIB));
    assertThat(a.warnings())
        .containsExactly("md: md/boot: m0.img is being rebuilt (recovery_offset 100); left out");
    assertThat(Assembled.bytes(a.named("md/boot"))).isEqualTo(data);
  }

  @Test
  void aLinearArrayJoinsItsMembersInRoleOrder() throws Exception {
    byte[] first = random(8, MIB);
    byte[] second = random(9, MIB);
    MdMember m = new MdMember();
    m.level = -1;
    m.name = "bltest:joined";
    m.sizeSectors = 0;
    m.dataSize = MIB / 512;
    BlockDevice one = member(m, 0, first, 2 * MIB);
    BlockDevice two = member(m, 1, second, 2 * MIB);
    Assembled a = Assembled.run(new MdVolumeManager(), two, one);
    Partition v = a.named("md/joined");
    assertThat(v.type()).isEqualTo("linear");
    byte[] both = new byte[2 * MIB];
    System.arraycopy(first, 0, both, 0, MIB);
    System.arraycopy(second, 0, both, MIB, MIB);
    assertThat(Assembled.bytes(v)).isEqualTo(both);
  }

  @Test
  void aLinearArrayMissingAMemberIsAWarning() throws Exception {
    MdMember m = new MdMember();
    m.level = -1;
    m.dataSize = MIB / 512;
    Assembled a = Assembled.run(new MdVolumeManager(), member(m, 0, new byte[MIB], 2 * MIB));
    assertThat(a.volumes()).isEmpty();
    assertThat(a.warnings())
        .containsExactly("md: md/boot: linear array of 2 members has 0 for role 1; skipped");
  }

  @Test
  void otherRaidLevelsAreReportedAndSkipped() throws Exception {
    MdMember m = new MdMember();
    m.level = 5;
    m.raidDisks = 3;
    m.roles = new int[] {0, 1, 2};
    Assembled a = Assembled.run(new MdVolumeManager(), member(m, 0, new byte[MIB], 2 * MIB));
    assertThat(a.volumes()).isEmpty();
    assertThat(a.warnings()).containsExactly("md: md/boot: RAID level 5 is not supported; skipped");
  }

  @Test
  void twoArraysAreAssembledInNameOrder() throws Exception {
    MdMember b = new MdMember();
    b.name = "h:zz";
    MdMember a = new MdMember();
    a.name = "h:aa";
    a.uuid = new byte[16];
    Assembled r =
        Assembled.run(
            new MdVolumeManager(),
            member(b, 0, new byte[MIB], 2 * MIB),
            member(a, 0, new byte[MIB], 2 * MIB));
    assertThat(r.volumes())
        .extracting(p -> p.deviceNames().get(0))
        .containsExactly("md/aa", "md/zz");
  }

  @Test
  void aRaid1With090MetadataIsNamedByItsMinorNumber() throws Exception {
    byte[] data = random(10, MIB);
    MdMember m = new MdMember();
    m.minor = 3;
    BlockDevice one = BlockDevices.ofBytes(m.build090(data, 2 * MIB), "a.img");
    m.devNumber = 1;
    BlockDevice two = BlockDevices.ofBytes(m.build090(data, 2 * MIB), "b.img");
    assertThat(new MdVolumeManager().probe(one).detail())
        .isEqualTo("md superblock 0.90 at 0x1f0000");
    Assembled a = Assembled.run(new MdVolumeManager(), one, two);
    assertThat(a.warnings()).isEmpty();
    Partition v = a.named("md/md3");
    assertThat(v.deviceNames()).containsExactly("md/md3", "mduuid/" + UUID_HEX);
    assertThat(Assembled.bytes(v)).isEqualTo(data);
  }

  @Test
  void a090MemberThatIsNotInSyncIsASpare() throws Exception {
    byte[] data = random(11, MIB);
    MdMember m = new MdMember();
    m.roles = new int[] {0, 0xffff};
    BlockDevice good = BlockDevices.ofBytes(m.build090(data, 2 * MIB), "a.img");
    m.devNumber = 1;
    BlockDevice spare = BlockDevices.ofBytes(m.build090(new byte[MIB], 2 * MIB), "b.img");
    Assembled a = Assembled.run(new MdVolumeManager(), spare, good);
    assertThat(a.warnings()).containsExactly("md: md/md2: b.img is a spare; left out");
    assertThat(Assembled.bytes(a.named("md/md2"))).isEqualTo(data);
  }

  @Test
  void a090SuperblockWithABadChecksumIsAWarning() throws Exception {
    MdMember m = new MdMember();
    byte[] b = m.build090(new byte[MIB], 2 * MIB);
    int sb = (int) MdMember.superOffset090(b.length);
    long good = MdSuperblock090.checksum(java.util.Arrays.copyOfRange(b, sb, sb + 4096));
    b[sb + 4 * 20] = 1;
    long now = MdSuperblock090.checksum(java.util.Arrays.copyOfRange(b, sb, sb + 4096));
    Assembled a = Assembled.run(new MdVolumeManager(), BlockDevices.ofBytes(b, "m.img"));
    assertThat(a.volumes()).isEmpty();
    assertThat(a.warnings())
        .containsExactly(
            String.format(
                java.util.Locale.ROOT,
                "md: m.img: superblock 0.90 at 0x1f0000: sb_csum 0x%08x != 0x%08x computed; member skipped",
                good,
                now));
  }

  @Test
  void theProbeSaysWhereItFoundTheSuperblock() throws Exception {
    MdMember m = new MdMember();
    m.minor = 0;
    assertThat(new MdVolumeManager().probe(member(m, 0, new byte[MIB], 2 * MIB)).detail())
        .isEqualTo("md superblock 1.0 at 0x1fe000");
    assertThat(new MdVolumeManager().probe(BlockDevices.ofBytes(new byte[MIB], "zero")).detail())
        .isEqualTo("no md superblock at 0x1000, 0, or near the end (1.0, 0.90)");
  }

  @Test
  void aSecondArrayOfTheSameNameGetsGrubsSuffix() throws Exception {
    MdMember first = new MdMember();
    MdMember second = new MdMember();
    second.name = "otherhost:boot";
    second.uuid = new byte[16];
    Assembled r =
        Assembled.run(
            new MdVolumeManager(),
            member(first, 0, new byte[MIB], 2 * MIB),
            member(second, 0, new byte[MIB], 2 * MIB));
    assertThat(r.volumes())
        .extracting(p -> p.deviceNames().get(0))
        .containsExactly("md/boot", "md/boot_1");
    assertThat(r.warnings())
        .containsExactly(
            "md: md/boot (00000000:00000000:00000000:00000000): another array has "
                + "the same name; named md/boot_1 as GRUB names it");
  }
}
