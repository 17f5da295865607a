package org.bootlace.volume.md;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.testing.Tools;
import org.bootlace.volume.testing.MdMember;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The md members the tests build are what mdadm reads: {@code mdadm --examine} (userspace; it needs
 * no md driver) on a loop device over each finds the superblock, calls its checksum correct, and
 * reports the same version, name, UUID, level, events, offsets and role as the md driver's parse.
 */
class MdExamineTest {
  private static final int MIB = 1 << 20;

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void mdadmExamineAgreesWithTheParse(int minor) throws Exception {
    MdMember m = new MdMember();
    m.minor = minor;
    m.devNumber = 1;
    m.events = 42;
    byte[] data = new byte[4 * MIB];
    Path member = tmp.resolve("member.img");
    Files.write(member, m.build(data, 8 * MIB));
    String loop = Tools.run("losetup", "--find", "--show", "--read-only", member.toString()).trim();
    String out;
    try {
      out = Tools.run("mdadm", "--examine", loop);
    } finally {
      Tools.exec(null, "losetup", "-d", loop);
    }
    MdSuperblock sb;
    try (BlockDevice dev = BlockDevices.open(member)) {
      sb = MdSuperblock.read(dev, minor);
    }
    assertThat(out)
        .contains("Version : 1." + minor)
        .containsPattern("Checksum : [0-9a-f]{8} - correct")
        .contains("Array UUID : " + sb.uuidText())
        .contains("Name : " + sb.name())
        .contains("Raid Level : raid1")
        .contains("Raid Devices : " + sb.raidDisks())
        .contains("Events : " + sb.events())
        .contains(
            minor == 0
                ? "Unused Space : before=0 sectors" // 1.0 keeps its data at the start and prints no
                // offset
                : "Data Offset : " + sb.dataOffset() + " sectors")
        .contains("Super Offset : " + sb.offset() / 512 + " sectors")
        .contains("Device Role : Active device " + sb.role());
    assertThat(sb.role()).isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void mdadmExamineAgreesWithThe090Parse() throws Exception {
    MdMember m = new MdMember();
    m.minor = 5;
    m.devNumber = 1;
    m.events = 42;
    Path member = tmp.resolve("member090.img");
    Files.write(member, m.build090(new byte[4 * MIB], 8 * MIB));
    String loop = Tools.run("losetup", "--find", "--show", "--read-only", member.toString()).trim();
    String out;
    try {
      out = Tools.run("mdadm", "--examine", loop);
    } finally {
      Tools.exec(null, "losetup", "-d", loop);
    }
    MdSuperblock090 sb;
    try (BlockDevice dev = BlockDevices.open(member)) {
      sb = MdSuperblock090.read(dev);
    }
    MdSuperblock s = MdSuperblock.from090(sb);
    assertThat(out)
        .contains("Version : 0.90.00")
        .containsPattern("Checksum : [0-9a-f]{8} - correct")
        .contains("UUID : " + s.uuidText())
        .contains("Preferred Minor : 5")
        .contains("Raid Level : raid1")
        .contains("Raid Devices : 2")
        .contains("Events : 42");
    assertThat(s.role()).isEqualTo(1);
    assertThat(s.grubName()).isEqualTo("md5");
  }
}
