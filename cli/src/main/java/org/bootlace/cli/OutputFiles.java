package org.bootlace.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Files created in an output directory the way pygrub's {@code tempfile.mkstemp} creates them
 * ({@code boot_kernel.XXXXXXXX}, mode 0600, absolute paths), all removed again unless the command
 * commits them, so a failure leaves nothing behind.
 */
final class OutputFiles implements AutoCloseable {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final List<Path> created = new ArrayList<>();
  private boolean committed;

  OutputFiles(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /** Creates a new empty file {@code prefix + 8 random characters}, exclusively. */
  Path create(String prefix) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      StringBuilder name = new StringBuilder(prefix);
      for (int i = 0; i < 8; i++) {
        name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
      }
      Path p = dir.resolve(name.toString());
      try {
        Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        created.add(p);
        return p;
      } catch (FileAlreadyExistsException e) {
        // try another name, as mkstemp does
      }
    }
    throw new IOException(dir + ": could not create a unique " + prefix + "* file");
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
