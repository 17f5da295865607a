package org.bootlace.volume.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.testing.Tools;

/** ext4 images made by mkfs.ext4 -d from a directory tree. */
public final class Ext4 {
  private Ext4() {}

  /** An ext4 image of {@code bytes} holding {@code tree}, with the given UUID. */
  public static byte[] image(Path tree, Path image, long bytes, String uuid) {
    Tools.sparseFile(image, bytes);
    Tools.run(
        "mkfs.ext4",
        "-q",
        "-F",
        "-b",
        "1024",
        "-U",
        uuid,
        "-E",
        "root_owner=0:0",
        "-d",
        tree.toString(),
        image.toString());
    try {
      return Files.readAllBytes(image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
