package org.bootlace.grub.bls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.BootSource;
import org.bootlace.Limits;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries on a real ext4 /boot made by {@code mkfs.ext4 -d}, read with the drivers on the class
 * path and checked against debugfs: which of two same-version files survives depends on directory
 * order, which GRUB reads block by block as debugfs lists it.
 */
class Ext4EntriesTest {
  private static final String MID = "ace63d6701c2489ab9c0960c0f1afe1d";

  @Test
  void entriesOnExt4MatchDebugfs(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("boot");
    List<String> versions = new ArrayList<>();
    for (int k = 0; k < 150; k++) {
      versions.add("5.14.0-" + k + ".el9.x86_64");
    }
    for (String v : versions) {
      Tools.write(
          root,
          "loader/entries/" + MID + "-" + v + ".conf",
          "title " + v + "\nlinux /vmlinuz-" + v + "\n");
    }
    // Two names of one version: blscfg keeps the one its directory walk meets first.
    Tools.write(root, "loader/entries/" + MID + "-6.0-1.el9.x86_64.conf", "title dot\nlinux /a\n");
    Tools.write(
        root, "loader/entries/" + MID + "-6_0-1.el9.x86_64.conf", "title underscore\nlinux /b\n");
    Tools.write(root, "loader/entries/README", "not an entry\n");
    Path image = dir.resolve("boot.img");
    Tools.run("mkfs.ext4", "-q", "-F", "-d", root.toString(), image.toString(), "16M");

    List<String> listed = debugfsNames(image, "/loader/entries");
    int dot = listed.indexOf(MID + "-6.0-1.el9.x86_64.conf");
    int underscore = listed.indexOf(MID + "-6_0-1.el9.x86_64.conf");
    String firstTitle = dot < underscore ? "dot" : "underscore";

    try (BootSource source = BootSource.open(image)) {
      List<BlsEntry> entries =
          BlsEntries.load(source.volume(0).orElseThrow(), Bls.DEFAULT_DIRS, Limits.defaults());
      assertThat(entries).hasSize(151);
      assertThat(entries.get(0).title()).isEqualTo(firstTitle);
      assertThat(entries.get(1).id()).isEqualTo(MID + "-5.14.0-149.el9.x86_64");
      assertThat(entries.get(150).id()).isEqualTo(MID + "-5.14.0-0.el9.x86_64");
      for (int k = 1; k < entries.size(); k += 15) { // one debugfs run each: a sample
        BlsEntry e = entries.get(k);
        String text =
            Tools.run("debugfs", "-R", "cat /loader/entries/" + e.id() + ".conf", image.toString());
        assertThat(text)
            .isEqualTo("title " + e.title() + "\nlinux " + e.linux().orElseThrow() + "\n");
      }
    }
  }

  /** Names in the directory's on-disk order, from {@code debugfs ls -p}. */
  private static List<String> debugfsNames(Path image, String dir) {
    List<String> names = new ArrayList<>();
    for (String line : Tools.run("debugfs", "-R", "ls -p " + dir, image.toString()).split("\n")) {
      String[] f = line.split("/", -1); // /inode/mode/uid/gid/name/size/
      if (f.length >= 7 && !f[5].equals(".") && !f[5].equals("..")) {
        names.add(f[5]);
      }
    }
    return names;
  }
}
