package org.bootlace.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Files created in an output directory the way pygrub's {@code tempfile.mkstemp} creates them
 * ({@code boot_kernel.XXXXXXXX}, mode 0600, absolute paths), all removed again unless the command
 * commits them, so a failure leaves nothing behind.
 *
 * <p>The names need not be secret: each file is created exclusively ({@code O_EXCL}) with mode
 * 0600, so a name someone guessed and took first only costs another attempt, as with mkstemp, whose
 * names come from Python's ordinary {@code random} too. So no {@code SecureRandom}, whose provider
 * set-up costs a one-shot command more than the rest of its file handling; the generator is seeded
 * from {@code /dev/urandom} where it can be read.
 */
final class OutputFiles implements AutoCloseable {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_";

  private final Path dir;
  private final List<Path> created = new ArrayList<>();
  private SplittableRandom random;
  private boolean committed;

  OutputFiles(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /** Creates a new empty file {@code prefix + 8 random characters}, exclusively. */
  Path create(String prefix) throws IOException {
    if (random == null) {
      random = new SplittableRandom(seed());
    }
    for (int attempt = 0; attempt < 100; attempt++) {
      StringBuilder name = new StringBuilder(prefix);
      for (int i = 0; i < 8; i++) {
        name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      Path p = dir.resolve(name.toString());
      try {
        Files.createFile(
            p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        created.add(p);
        return p;
      } catch (FileAlreadyExistsException e) {
        // try another name, as mkstemp does
      }
    }
    throw new IOException(dir + ": could not create a unique " + prefix + "* file");
  }

  /** Eight bytes of /dev/urandom mixed with the clock; the clock alone if it cannot be read. */
  private static long seed() {
    long seed = System.nanoTime() ^ System.currentTimeMillis() * 0x9E3779B97F4A7C15L;
    try (InputStream in = Files.newInputStream(Path.of("/dev/urandom"))) {
      byte[] b = in.readNBytes(8);
      for (byte x : b) {
        seed = seed * 31 + (x & 0xff);
      }
    } catch (IOException | SecurityException e) {
      // no /dev/urandom (a chroot, another OS): the clock's bits still differ between runs
    }
    return seed;
  }

  /** Keeps the files. */
  void commit() {
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      for (Path p : created) {
        Files.deleteIfExists(p);
      }
    }
  }
}
