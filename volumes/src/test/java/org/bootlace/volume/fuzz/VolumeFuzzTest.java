package org.bootlace.volume.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.block.Deadline;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Partition;
import org.bootlace.spi.VolumeManagerDriver;
import org.bootlace.spi.Warnings;
import org.bootlace.testing.FuzzProperty;
import org.bootlace.volume.lvm.LvmFuzzEntry;
import org.bootlace.volume.lvm.LvmVolumeManager;
import org.bootlace.volume.md.MdVolumeManager;

/**
 * The volume layer's parsers under Jazzer. {@code lvmMetadata}: LVM's metadata text (the
 * configuration grammar, then the volume group built from it). {@code lvmPv}: the LVM driver over
 * a physical volume made of the input (label, metadata area, text, LV mapping), every LV read at
 * its first and last sector. {@code mdMember}: the md driver over a member whose version-1.2
 * superblock is the input, its checksum fixed up so the fuzzer gets past it, the array read at
 * both ends. Seeds: {@code VolumeFuzzTestInputs/<method>/}, made by {@code fuzz/make-volume-seeds.sh}.
 */
class VolumeFuzzTest {
  @FuzzTest(maxDuration = "60s")
  @DictionaryFile(resourcePath = "lvm.dict")
  void lvmMetadata(byte[] text) {
    FuzzProperty.holds(() -> LvmFuzzEntry.metadata(text));
  }

  @FuzzTest(maxDuration = "60s")
  @DictionaryFile(resourcePath = "lvm.dict")
  void lvmPv(byte[] image) {
    assembleAndRead(new LvmVolumeManager(), BlockDevices.ofBytes(image, "fuzz.img"));
  }

  @FuzzTest(maxDuration = "60s")
  void mdMember(byte[] superblock) {
    byte[] member = new byte[64 << 10];
    System.arraycopy(superblock, 0, member, 4096, Math.min(superblock.length, member.length - 4096));
    ByteBuffer b = ByteBuffer.wrap(member).order(ByteOrder.LITTLE_ENDIAN);
    long maxDev = Integer.toUnsignedLong(b.getInt(4096 + 220));
    int size = (int) Math.min(256 + 2 * Math.min(maxDev, 1920), member.length - 4096);
    long sum = 0;
    for (int i = 0; i + 4 <= size; i += 4) {
      sum += i == 216 ? 0 : Integer.toUnsignedLong(b.getInt(4096 + i));
    }
    if ((size & 3) == 2) {
      sum += Short.toUnsignedInt(b.getShort(4096 + size - 2));
    }
    b.putInt(4096 + 216, (int) ((sum & 0xffffffffL) + (sum >>> 32)));
    BlockDevice one = BlockDevices.ofBytes(member, "m0.img");
    BlockDevice two = BlockDevices.ofBytes(member.clone(), "m1.img");
    assembleAndRead(new MdVolumeManager(), one, two);
  }

  private static void assembleAndRead(VolumeManagerDriver driver, BlockDevice... raw) {
    Deadline deadline = new Deadline();
    deadline.arm(FuzzProperty.LIMITS.timeout());
    try {
      List<Partition> members = new ArrayList<>();
      for (BlockDevice d : raw) {
        BlockDevice timed = BlockDevices.withDeadline(d, deadline);
        Boolean yes = FuzzProperty.value(() -> driver.probe(timed).matched());
        // Assemble even when the probe says no: assemble must refuse on its own.
        if (yes != null) {
          members.add(Partition.wholeDisk(timed));
        }
      }
      List<Partition> volumes = FuzzProperty.value(
          () -> driver.assemble(members, new DriverContext(FuzzProperty.LIMITS, new Warnings())));
      if (volumes == null) {
        return;
      }
      for (Partition v : volumes) {
        long size = v.device().size();
        if (size < 0 || v.deviceNames().isEmpty()) {
          throw new AssertionError("volume " + v + " of size " + size);
        }
        FuzzProperty.holds(() -> v.device().read(0, (int) Math.min(512, size)));
        FuzzProperty.holds(() -> v.device().read(size - Math.min(512, size), (int) Math.min(512, size)));
      }
    } finally {
      deadline.disarm();
    }
  }
}
