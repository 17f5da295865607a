package org.bootlace.volume.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Partition;
import org.bootlace.spi.VolumeManagerDriver;
import org.bootlace.spi.Warnings;

/** One volume manager run over some devices, as bootlace's volume layer runs it. */
public record Assembled(List<Partition> volumes, List<String> warnings) {
  /**
   * Probes each device, then assembles the ones the probe claimed, each device as a whole-disk
   * partition.
   */
  public static Assembled run(VolumeManagerDriver driver, Limits limits, BlockDevice... devices)
      throws IOException {
    List<Partition> members = new ArrayList<>();
    for (BlockDevice d : devices) {
      if (driver.probe(d).matched()) {
        members.add(Partition.wholeDisk(d));
      }
    }
    Warnings w = new Warnings();
    List<Partition> out = driver.assemble(members, new DriverContext(limits, w));
    return new Assembled(out, w.list());
  }

  public static Assembled run(VolumeManagerDriver driver, BlockDevice... devices)
      throws IOException {
    return run(driver, Limits.defaults(), devices);
  }

  public Partition named(String grubName) {
    return volumes.stream()
        .filter(v -> v.deviceNames().contains(grubName))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no volume " + grubName + " in " + volumes + "; warnings " + warnings));
  }

  /** The whole content of a volume. */
  public static byte[] bytes(Partition v) throws IOException {
    byte[] out = new byte[Math.toIntExact(v.device().size())];
    v.device().read(0, ByteBuffer.wrap(out));
    return out;
  }
}
