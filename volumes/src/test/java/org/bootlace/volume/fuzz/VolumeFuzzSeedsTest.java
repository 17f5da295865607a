package org.bootlace.volume.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.bootlace.block.BlockDevices;
import org.bootlace.volume.lvm.LvmVolumeManager;
import org.bootlace.volume.testing.Assembled;
import org.junit.jupiter.api.Test;

/** The seeds reach what the fuzzer should break: volumes come out of each, not an early refusal. */
class VolumeFuzzSeedsTest {
  private byte[] seed(String path) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("VolumeFuzzTestInputs/" + path)) {
      return in.readAllBytes();
    }
  }

  @Test
  void theMetadataSeedIsAWholeVolumeGroup() throws Exception {
    org.bootlace.volume.lvm.LvmFuzzEntry.metadata(seed("lvmMetadata/vgcfgbackup.txt"));
  }

  @Test
  void thePvSeedHoldsTwoLvsOneOfTwoSegments() throws Exception {
    Assembled a =
        Assembled.run(
            new LvmVolumeManager(), BlockDevices.ofBytes(seed("lvmPv/pv-two-lvs.img"), "seed"));
    assertThat(a.warnings()).isEmpty();
    assertThat(a.volumes())
        .extracting(p -> p.deviceNames().get(0))
        .containsExactly("lvm/seedvg-root", "lvm/seedvg-swap");
    assertThat(a.named("lvm/seedvg-root").length()).isEqualTo(192 << 10);
  }

  @Test
  void theMdSeedIsARaid1() throws Exception {
    VolumeFuzzTest target = new VolumeFuzzTest();
    target.mdMember(seed("mdMember/raid1-1.2.sb"));
    byte[] member = new byte[64 << 10];
    System.arraycopy(seed("mdMember/raid1-1.2.sb"), 0, member, 4096, 512);
    Assembled a =
        Assembled.run(
            new org.bootlace.volume.md.MdVolumeManager(), BlockDevices.ofBytes(member, "m"));
    assertThat(a.warnings()).isEmpty();
    assertThat(a.named("md/boot").length()).isEqualTo(64 * 512);
  }

  @Test
  void theMd090SeedIsARaid1() throws Exception {
    new VolumeFuzzTest().mdMember(seed("mdMember/raid1-0.90.sb"));
    byte[] member = new byte[192 << 10];
    System.arraycopy(seed("mdMember/raid1-0.90.sb"), 0, member, 128 << 10, 4096);
    Assembled a =
        Assembled.run(
            new org.bootlace.volume.md.MdVolumeManager(), BlockDevices.ofBytes(member, "m"));
    assertThat(a.warnings()).isEmpty();
    assertThat(a.named("md/md0").length()).isEqualTo(32 << 10);
  }
}
