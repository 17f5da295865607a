package org.bootlace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.image.RawImageFormat;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Drivers;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.FsNode;
import org.bootlace.spi.NestedDevice;
import org.bootlace.spi.Probe;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestDisk;
import org.junit.jupiter.api.Test;

/**
 * A filesystem's nested devices ({@link FileSystem#nestedDevices()}) become volumes right after
 * their parent's, named by their scheme, one level deep, and a parent whose nested devices cannot
 * be read keeps its own volume with a warning.
 */
class NestedDevicesTest {
  /**
   * MemFs in the partition's first sector, whose file {@code /nested} lists byte offsets (one per
   * line; "bad" throws) of further MemFs images in the same partition, each running to the next or
   * to the end.
   */
  static final class NestingDriver implements FilesystemDriver {
    private final MemFs.Driver memfs = new MemFs.Driver();

    @Override
    public String name() {
      return "nesting";
    }

    @Override
    public Probe probe(BlockDevice device) throws IOException {
      return memfs.probe(device);
    }

    @Override
    public FileSystem open(BlockDevice device, DriverContext context) throws IOException {
      return new Nesting(memfs.open(device.slice(0, 512, "outer"), context), device);
    }
  }

  static final class Nesting implements FileSystem {
    final FileSystem fs;
    final BlockDevice device;

    Nesting(FileSystem fs, BlockDevice device) {
      this.fs = fs;
      this.device = device;
    }

    @Override
    public List<NestedDevice> nestedDevices() throws IOException {
      Optional<FsNode> list = fs.lookup(fs.root(), "nested");
      if (list.isEmpty()) {
        return List.of();
      }
      ByteBuffer b = ByteBuffer.allocate((int) list.get().size());
      fs.read(list.get(), 0, b);
      List<Long> offsets = new ArrayList<>();
      for (String line : new String(b.array(), StandardCharsets.UTF_8).split("\n")) {
        if (line.equals("bad")) {
          throw new CorruptImageException("nesting: the list of nested devices is bad");
        }
        offsets.add(Long.parseLong(line));
      }
      List<NestedDevice> out = new ArrayList<>();
      for (int i = 0; i < offsets.size(); i++) {
        long at = offsets.get(i);
        long end = i + 1 < offsets.size() ? offsets.get(i + 1) : device.size();
        out.add(
            new NestedDevice(
                "nest", "nested test image", at, device.slice(at, end - at, "nest" + (i + 1))));
      }
      return out;
    }

    @Override
    public String type() {
      return "nesting";
    }

    @Override
    public Optional<String> uuid() {
      return fs.uuid();
    }

    @Override
    public Optional<String> label() {
      return fs.label();
    }

    @Override
    public FsNode root() throws IOException {
      return fs.root();
    }

    @Override
    public Optional<FsNode> lookup(FsNode dir, String name) throws IOException {
      return fs.lookup(dir, name);
    }

    @Override
    public List<DirEntry> list(FsNode dir) throws IOException {
      return fs.list(dir);
    }

    @Override
    public FsNode node(DirEntry entry) throws IOException {
      return fs.node(entry);
    }

    @Override
    public String readLink(FsNode link) throws IOException {
      return fs.readLink(link);
    }

    @Override
    public int read(FsNode file, long offset, ByteBuffer dst) throws IOException {
      return fs.read(file, offset, dst);
    }
  }

  static BootSource open(byte[] disk, Limits limits) throws IOException {
    Drivers d =
        Drivers.builder()
            .add(new RawImageFormat())
            .add(new TestDisk.Table())
            .add(new NestingDriver())
            .build();
    return BootSource.open(
        BlockDevices.ofBytes(disk, "test.img"),
        BootOptions.builder().limits(limits).drivers(d).build());
  }

  /** An outer image (one sector) listing {@code list}, then each inner image at its sector. */
  static byte[] partition(String list, byte[]... inner) {
    byte[] outer = MemFs.builder().label("outer").file("/nested", list).build();
    assertThat(outer).hasSize(512);
    int size = 512;
    for (byte[] i : inner) {
      size += i.length;
    }
    byte[] p = Arrays.copyOf(outer, size);
    int at = 512;
    for (byte[] i : inner) {
      System.arraycopy(i, 0, p, at, i.length);
      at += i.length;
    }
    return p;
  }

  @Test
  void nestedVolumesFollowTheirParentNamedByTheirScheme() throws IOException {
    byte[] a = MemFs.builder().label("first").file("/a", "a").build();
    byte[] b = MemFs.builder().label("second").file("/b", "b").build();
    byte[] disk =
        TestDisk.builder()
            .partition(1, partition("512\n" + (512 + a.length), a, b))
            .partition(2, MemFs.builder().label("plain").build())
            .build();
    try (BootSource s = open(disk, Limits.defaults())) {
      List<Volume> v = s.volumes();
      assertThat(v)
          .extracting(Volume::grubDevice)
          .containsExactly("hd0,msdos1", "hd0,nest1", "hd0,nest2", "hd0,msdos2");
      assertThat(v)
          .extracting(x -> x.label().orElse(""))
          .containsExactly("outer", "first", "second", "plain");
      long parent = v.get(0).partition().offset();
      assertThat(v.get(2).partition().offset()).isEqualTo(parent + 512 + a.length);
      assertThat(v.get(2).partition().typeName()).contains("nested test image");
      assertThat(new String(v.get(2).readConfig("/b"), StandardCharsets.UTF_8)).isEqualTo("b");
      // Nested volumes are not partitions of the table.
      assertThat(s.partitions()).extracting(p -> p.number()).containsExactly(1, 2);
      assertThat(s.warnings()).isEmpty();
    }
  }

  @Test
  void devicesNestedInANestedVolumeAreNotRead() throws IOException {
    byte[] deeper = MemFs.builder().label("deeper").build();
    byte[] inner = partition("512\n", deeper);
    byte[] disk = TestDisk.builder().partition(1, partition("512", inner)).build();
    try (BootSource s = open(disk, Limits.defaults())) {
      assertThat(s.volumes())
          .extracting(Volume::grubDevice)
          .containsExactly("hd0,msdos1", "hd0,nest1");
    }
  }

  @Test
  void aParentWhoseNestedDevicesCannotBeReadKeepsItsVolumeWithAWarning() throws IOException {
    byte[] disk = TestDisk.builder().partition(1, partition("bad")).build();
    try (BootSource s = open(disk, Limits.defaults())) {
      assertThat(s.volumes()).extracting(Volume::grubDevice).containsExactly("hd0,msdos1");
      assertThat(s.warnings())
          .containsExactly(
              "devices nested in test.img[raw][msdos1] not read: nesting: the list of nested devices is bad");
    }
  }

  @Test
  void nestedDevicesCountAgainstMaxPartitions() throws IOException {
    byte[] a = MemFs.builder().build();
    byte[] disk = TestDisk.builder().partition(1, partition("512\n512\n512", a)).build();
    try (BootSource s = open(disk, Limits.builder().maxPartitions(2).build())) {
      assertThatThrownBy(s::volumes)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxPartitions (2) exceeded: devices nested in test.img[raw][msdos1] (3) "
                  + "(raise it with Limits.builder().maxPartitions(...))");
    }
  }
}
