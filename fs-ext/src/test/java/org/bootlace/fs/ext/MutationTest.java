package org.bootlace.fs.ext;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random damage to the metadata a clean walk reads: opening and walking the whole tree must end
 * normally or with one of bootlace's exceptions, never anything else. The system properties {@code
 * ext.mutations} and {@code ext.seed} run a longer or different campaign by hand.
 */
class MutationTest {
  @TempDir static Path shared;
  static byte[] plain;
  static byte[] csum;

  @BeforeAll
  static void images() throws IOException {
    Path src = ExtImages.tree(Files.createDirectories(shared.resolve("src")));
    plain =
        Files.readAllBytes(
            ExtImages.mkfs(src, shared.resolve("plain.img"), "mkfs.ext4", "^metadata_csum"));
    csum = Files.readAllBytes(ExtImages.mkfs(src, shared.resolve("csum.img"), "mkfs.ext4"));
  }

  /** Records the ranges a walk reads in pieces of at most one block: the metadata. */
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
      if (dst.remaining() <= 4096) {
        ranges.add(new long[] {offset, dst.remaining()});
      }
      inner.read(offset, dst);
    }
  }

  /** Lists every directory, reads the start and end of every file and every link. */
  static int walk(BlockDevice dev) throws IOException {
    FileSystem fs =
        new ExtFilesystemDriver().open(dev, new DriverContext(Limits.defaults(), new Warnings()));
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
          ByteBuffer b = ByteBuffer.allocate(8192);
          fs.read(n, 0, b);
          b.clear();
          fs.read(n, Math.max(0, n.size() - 8192), b);
        } else if (n.type() == FileType.SYMLINK) {
          fs.readLink(n);
        }
      }
      fs.lookup(dir, "a-long-name-to-fill-the-directory-blocks-0300");
    }
    return seen;
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "csum"})
  void damagedMetadataOnlyRaisesBootlaceExceptions(String which) throws IOException {
    byte[] clean = which.equals("plain") ? plain : csum;
    Recording rec = new Recording(BlockDevices.ofBytes(clean, "clean"));
    assertThat(walk(rec)).isGreaterThan(600);
    List<long[]> ranges = rec.ranges;
    Random rnd = new Random(which.hashCode() + Long.getLong("ext.seed", 0));
    int failures = 0;
    for (int i = 0; i < Integer.getInteger("ext.mutations", 300); i++) {
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
