package org.bootlace.grub.bls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bootlace.BootSource;
import org.bootlace.Limits;
import org.bootlace.Volume;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestImages;

/** Entry files on an in-memory filesystem, read through a real BootSource. */
final class Bls {
  static final String DIR = "/loader/entries";
  static final List<String> DEFAULT_DIRS = List.of("/loader/entries/", "/boot/loader/entries/");

  private Bls() {}

  static Volume volume(MemFs.Builder fs) throws IOException {
    BootSource source = TestImages.open(fs.build());
    return source.volume(0).orElseThrow();
  }

  static List<BlsEntry> load(MemFs.Builder fs) throws IOException {
    return load(fs, Limits.defaults());
  }

  static List<BlsEntry> load(MemFs.Builder fs, Limits limits) throws IOException {
    return BlsEntries.load(volume(fs), DEFAULT_DIRS, limits);
  }

  /** The one entry of {@code text} saved as {@code /loader/entries/<name>}. */
  static BlsEntry one(String name, String text) throws IOException {
    return one(name, text.getBytes(StandardCharsets.UTF_8));
  }

  static BlsEntry one(String name, byte[] content) throws IOException {
    List<BlsEntry> all = load(MemFs.builder().file(DIR + "/" + name, content));
    if (all.size() != 1) {
      throw new AssertionError("expected one entry, got " + all);
    }
    return all.get(0);
  }

  static BlsEntry one(String text) throws IOException {
    return one("m-1.0-1.conf", text);
  }

  static List<String> ids(List<BlsEntry> entries) {
    return entries.stream().map(BlsEntry::id).toList();
  }
}
