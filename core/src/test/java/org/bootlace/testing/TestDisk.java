package org.bootlace.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Partition;
import org.bootlace.spi.PartitionTableDriver;
import org.bootlace.spi.Probe;

/**
 * A test disk split into fixed partitions, with a one-sector table only {@link TestDisk.Table}
 * reads. Partitions keep the numbers given (1..4 primary, 5 and up logical, as Linux counts) and
 * are named like MBR partitions ({@code msdos2}) so devices read as they would on a real disk.
 *
 * <pre>{@code
 * byte[] disk = TestDisk.builder().partition(1, bootFs).partition(5, rootFs).build();
 * }</pre>
 *
 * <p>Layout (little-endian): sector 0 holds the 16-byte magic, a u32 count and per partition a u32
 * number, u64 offset, u64 length and a bootable byte; the partitions follow, sector aligned.
 */
public final class TestDisk {
  static final byte[] MAGIC = "BOOTLACE-PARTS1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int SECTOR = 512;
  private static final int ENTRY = 4 + 8 + 8 + 1;

  private TestDisk() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Partitions by number; their content is copied in at sector boundaries. */
  public static final class Builder {
    private final TreeMap<Integer, byte[]> parts = new TreeMap<>();
    private int bootable = -1;

    private Builder() {}

    public Builder partition(int number, byte[] content) {
      parts.put(number, content);
      return this;
    }

    /** Marks a partition active, as the MBR boot flag does. */
    public Builder bootable(int number) {
      bootable = number;
      return this;
    }

    public byte[] build() {
      long offset = SECTOR;
      List<long[]> table = new ArrayList<>();
      for (var e : parts.entrySet()) {
        long length = (e.getValue().length + SECTOR - 1L) / SECTOR * SECTOR;
        table.add(new long[] {e.getKey(), offset, Math.max(length, SECTOR)});
        offset += Math.max(length, SECTOR);
      }
      byte[] disk = new byte[(int) offset];
      ByteBuffer head = ByteBuffer.wrap(disk).order(ByteOrder.LITTLE_ENDIAN);
      head.put(MAGIC).putInt(table.size());
      for (long[] t : table) {
        head.putInt((int) t[0]).putLong(t[1]).putLong(t[2]).put((byte) (t[0] == bootable ? 1 : 0));
        byte[] content = parts.get((int) t[0]);
        System.arraycopy(content, 0, disk, (int) t[1], content.length);
      }
      return disk;
    }
  }

  /** Reads {@link TestDisk} tables. */
  public static final class Table implements PartitionTableDriver {
    @Override
    public String name() {
      return "test-parts";
    }

    @Override
    public Probe probe(BlockDevice disk) throws IOException {
      if (disk.size() < SECTOR) {
        return Probe.no("too small");
      }
      return Arrays.equals(disk.read(0, MAGIC.length), MAGIC)
          ? Probe.yes("test partition table")
          : Probe.no("no test partition table");
    }

    @Override
    public List<Partition> read(BlockDevice disk, DriverContext context) throws IOException {
      ByteBuffer head = ByteBuffer.wrap(disk.read(0, SECTOR)).order(ByteOrder.LITTLE_ENDIAN);
      head.position(MAGIC.length);
      int count = head.getInt();
      List<Partition> out = new ArrayList<>();
      for (int i = 0; i < count && head.remaining() >= ENTRY; i++) {
        int number = head.getInt();
        long offset = head.getLong();
        long length = head.getLong();
        boolean active = head.get() != 0;
        out.add(
            Partition.builder()
                .number(number)
                .scheme("msdos")
                .type("0x83")
                .typeName(Optional.of("Linux"))
                .offset(offset)
                .length(length)
                .bootable(active)
                .device(disk.slice(offset, length, "msdos" + number))
                .build());
      }
      return out;
    }
  }
}
