package org.bootlace.volume.luks;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.bootlace.binary.Be;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Partition;
import org.bootlace.spi.Probe;
import org.bootlace.spi.VolumeManagerDriver;

/**
 * LUKS1 and LUKS2 encrypted volumes, detected and reported: bootlace holds no keys, so each one
 * becomes the warning {@code luks: DEVICE: encrypted volume (LUKS2, UUID ...), skipped} and no
 * volume. The header is {@code "LUKS" 0xba 0xbe}, a big-endian version, and (in both versions) the
 * UUID as text at byte 168.
 */
public final class LuksDetector implements VolumeManagerDriver {
  static final byte[] MAGIC = {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe};
  static final int VERSION = 6;
  static final int UUID = 168;
  static final int UUID_LEN = 40;

  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.VolumeManagerDriver} service.
   */
  public LuksDetector() {}

  @Override
  public String name() {
    return "luks";
  }

  @Override
  public int priority() {
    return 300;
  }

  @Override
  public Probe probe(BlockDevice device) throws IOException {
    if (device.size() < UUID + UUID_LEN) {
      return Probe.no("too small for a LUKS header");
    }
    byte[] b = device.read(0, 8);
    return Arrays.equals(b, 0, 6, MAGIC, 0, 6)
        ? Probe.yes("LUKS" + Be.u16(b, VERSION) + " header")
        : Probe.no("no LUKS magic at 0");
  }

  @Override
  public List<Partition> assemble(List<Partition> members, DriverContext context)
      throws IOException {
    for (Partition p : members) {
      byte[] b = p.device().read(0, UUID + UUID_LEN);
      int version = Be.u16(b, VERSION);
      int len = 0;
      while (len < UUID_LEN && b[UUID + len] != 0) {
        len++;
      }
      StringBuilder uuid = new StringBuilder();
      for (int i = UUID; i < UUID + len; i++) {
        int c = b[i] & 0xff;
        uuid.append(c > 0x20 && c < 0x7f ? (char) c : '?');
      }
      context
          .warnings()
          .add(
              "luks: "
                  + p.device()
                  + ": encrypted volume (LUKS"
                  + version
                  + (uuid.length() > 0 ? ", UUID " + uuid : "")
                  + "), skipped");
    }
    return List.of();
  }
}
