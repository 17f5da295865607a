package org.bootlace.binary;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.bootlace.CorruptImageException;
import org.bootlace.GuestFile;
import org.bootlace.Limits;

/**
 * Reads a small guest file (a configuration, a script, a section of an image) whole into memory
 * under a {@link Limits} bound. Internal to bootlace's modules, not part of its API: applications
 * use {@link GuestFile#readAllBytes()} or {@link org.bootlace.Volume#readConfig(String)}.
 */
public final class WholeFile {
  private WholeFile() {}

  /**
   * The whole content of {@code file}, which must be at most {@code maxBytes} long (and at most
   * {@link Limits#MAX_IN_MEMORY}).
   *
   * @param file the file
   * @param maxBytes the bound, a {@link Limits} value
   * @param limitName the name of that {@link Limits} property, for the error
   * @return the content
   * @throws org.bootlace.LimitExceededException when the file is longer than the bound
   * @throws CorruptImageException when the file ends before its size
   * @throws IOException when reading fails
   */
  public static byte[] read(GuestFile file, long maxBytes, String limitName) throws IOException {
    long size = file.size();
    Limits.check(limitName, Math.min(maxBytes, Limits.MAX_IN_MEMORY), size, file.location());
    byte[] out = new byte[(int) size];
    ByteBuffer buf = ByteBuffer.wrap(out);
    while (buf.hasRemaining()) {
      int n = file.read(buf.position(), buf);
      if (n <= 0) {
        throw new CorruptImageException(
            file.location() + ": file ended at " + buf.position() + " of its " + size + " bytes");
      }
    }
    return out;
  }
}
