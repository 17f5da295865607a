package org.bootlace.volume.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.internal.Deadline;
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
 * configuration grammar, then the volume group built from it). {@code lvmPv}: the LVM driver over a
 * physical volume made of the input (label, metadata area, text, LV mapping), every LV read at its
 * first and last sector. {@code mdMember}: the md driver over members whose version-1.2 and
 * version-0.90 superblocks are the input, checksums fixed up so the fuzzer gets past them, each
 * array read at both ends. Seeds: {@code VolumeFuzzTestInputs/<method>/}, made by {@code
 * fuzz/make-volume-seeds.sh}.
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
    // The input as a 1.2 superblock on one member and as a 0.90 one on another, each with its
    // checksum made right so the fuzzer reaches the fields behind it.
    byte[] v1 = new byte[192 << 10];
    System.arraycopy(superblock, 0, v1, 4096, Math.min(superblock.length, 8192));
    ByteBuffer b = ByteBuffer.wrap(v1).order(ByteOrder.LITTLE_ENDIAN);
    long maxDev = Integer.toUnsignedLong(b.getInt(4096 + 220));
    int size = (int) Math.min(256 + 2 * Math.min(maxDev, 1920), 8192);
    long sum = 0;
    for (int i = 0; i + 4 <= size; i += 4) {
      sum += i == 216 ? 0 : Integer.toUnsignedLong(b.getInt(4096 + i));
    }
    if ((size & 3) == 2) {
      sum += Short.toUnsignedInt(b.getShort(4096 + size - 2));
    }
    b.putInt(4096 + 216, (int) ((sum & 0xffffffffL) + (sum >>> 32)));
    byte[] v090 = new byte[192 << 10];
    int at = 128 << 10;
    System.arraycopy(superblock, 0, v090, at, Math.min(superblock.length, 4096));
    ByteBuffer c = ByteBuffer.wrap(v090).order(ByteOrder.LITTLE_ENDIAN);
    c.putInt(at + 4 * 38, 0);
    long sum090 = 0;
    for (int w = 0; w < 1024; w++) {
      sum090 += Integer.toUnsignedLong(c.getInt(at + 4 * w));
    }
    c.putInt(at + 4 * 38, (int) ((sum090 & 0xffffffffL) + (sum090 >>> 32)));
    assembleAndRead(
        new MdVolumeManager(),
        BlockDevices.ofBytes(v1, "m0.img"),
        BlockDevices.ofBytes(v1.clone(), "m1.img"),
        BlockDevices.ofBytes(v090, "m2.img"));
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
      List<Partition> volumes =
          FuzzProperty.value(
              () ->
                  driver.assemble(members, new DriverContext(FuzzProperty.LIMITS, new Warnings())));
      if (volumes == null) {
        return;
      }
      for (Partition v : volumes) {
        long size = v.device().size();
        if (size < 0 || v.deviceNames().isEmpty()) {
          throw new AssertionError("volume " + v + " of size " + size);
        }
        FuzzProperty.holds(() -> v.device().read(0, (int) Math.min(512, size)));
        FuzzProperty.holds(
            () -> v.device().read(size - Math.min(512, size), (int) Math.min(512, size)));
      }
    } finally {
      deadline.disarm();
    }
  }
}
