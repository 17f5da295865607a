package org.bootlace.fs.iso9660;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bootlace.BootlaceException;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;
import org.bootlace.spi.Warnings;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random damage to the metadata a clean walk reads (descriptors, directories, continuation areas,
 * zisofs headers, the boot catalog): opening, walking the tree, reading every file and the boot
 * catalog must end normally or with one of bootlace's exceptions, never anything else. The system
 * properties {@code iso.mutations} and {@code iso.seed} run a longer or different campaign by hand.
 */
class MutationTest {
  @TempDir static Path shared;
  static byte[] rr;
  static byte[] joliet;
  static byte[] zisofs;

  @BeforeAll
  static void images() throws IOException {
    Path src = Files.createDirectories(shared.resolve("src"));
    Fixtures.commonTree(src);
    Tools.write(src, "isolinux/isolinux.bin", Fixtures.bytes(new Random(2), 4000));
    rr =
        Files.readAllBytes(
            IsoImages.genisoimage(
                src,
                shared.resolve("rr.iso"),
                "-R",
                "-J",
                "-b",
                "isolinux/isolinux.bin",
                "-c",
                "boot.cat",
                "-no-emul-boot",
                "-boot-load-size",
                "4"));
    joliet = Files.readAllBytes(IsoImages.genisoimage(src, shared.resolve("j.iso"), "-J"));
    Path z = shared.resolve("z.iso");
    Tools.run(
        "xorriso",
        "-report_about",
        "FAILURE",
        "-outdev",
        z.toString(),
        "-zisofs",
        "level=6:block_size=32k",
        "-map",
        src.resolve("sizes").toString(),
        "/",
        "-map",
        src.resolve("many").toString(),
        "/many",
        "-set_filter_r",
        "--zisofs",
        "/",
        "--",
        "-commit");
    zisofs = Files.readAllBytes(z);
  }

  /**
   * Records the sectors a walk reads one by one (descriptors, directories, continuation areas, the
   * catalog) and zisofs headers and pointers.
   */
  static final class Recording implements BlockDevice {
    final BlockDevice inner;
    final List<long[]> ranges = new ArrayList<>();

    Recording(BlockDevice inner) {
      this.inner = inner;
    }

    @Override
    public long size() {
      return inner.size();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
      if (dst.remaining() == 2048 || dst.remaining() == 16 || dst.remaining() == 8) {
        ranges.add(new long[] {offset, dst.remaining()});
      }
      inner.read(offset, dst);
    }
  }

  /**
   * Lists every directory, reads the start and end of every file and every link, and the boot
   * catalog.
   */
  static int walk(BlockDevice dev) throws IOException {
    ElTorito.read(dev).forEach(e -> e.image(dev));
    FileSystem fs =
        new Iso9660FilesystemDriver()
            .open(dev, new DriverContext(Limits.defaults(), new Warnings()));
    fs.uuid();
    fs.label();
    List<FsNode> todo = new ArrayList<>(List.of(fs.root()));
    int seen = 0;
    while (!todo.isEmpty() && seen < 5000) {
      FsNode dir = todo.remove(todo.size() - 1);
      for (DirEntry e : fs.list(dir)) {
        seen++;
        FsNode n = fs.node(e);
        if (n.type() == FileType.DIRECTORY && n.id() != dir.id()) {
          todo.add(n);
        } else if (n.type() == FileType.REGULAR) {
          ByteBuffer b = ByteBuffer.allocate(70_000);
          fs.read(n, 0, b);
          b.clear();
          fs.read(n, Math.max(0, n.size() - 70_000), b);
        } else if (n.type() == FileType.SYMLINK) {
          fs.readLink(n);
        }
      }
      fs.lookup(dir, "file-with-a-longish-name-0150");
    }
    return seen;
  }

  @ParameterizedTest
  @ValueSource(strings = {"rr", "joliet", "zisofs"})
  void damagedMetadataOnlyRaisesBootlaceExceptions(String which) throws IOException {
    byte[] clean = which.equals("rr") ? rr : which.equals("joliet") ? joliet : zisofs;
    Recording rec = new Recording(BlockDevices.ofBytes(clean, "clean"));
    assertThat(walk(rec)).isGreaterThan(300);
    List<long[]> ranges = rec.ranges;
    Random rnd = new Random(which.hashCode() + Long.getLong("iso.seed", 0));
    int failures = 0;
    for (int i = 0; i < Integer.getInteger("iso.mutations", 200); i++) {
      byte[] img = clean.clone();
      int flips = 1 + rnd.nextInt(4);
      for (int k = 0; k < flips; k++) {
        long[] r = ranges.get(rnd.nextInt(ranges.size()));
        int at = (int) (r[0] + rnd.nextInt((int) r[1]));
        img[at] =
            rnd.nextBoolean() ? (byte) rnd.nextInt(256) : (byte) (img[at] ^ (1 << rnd.nextInt(8)));
      }
      try {
        walk(BlockDevices.ofBytes(img, "damaged"));
      } catch (BootlaceException e) {
        failures++;
      }
    }
    assertThat(failures).isPositive();
  }
}
