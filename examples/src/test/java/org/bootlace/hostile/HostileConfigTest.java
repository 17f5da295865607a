package org.bootlace.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bootlace.BootEntryException;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.GuestFile;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.Volume;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boot configurations built to loop, to be huge, or to reach outside the guest. */
class HostileConfigTest {
  @TempDir Path dir;

  private Path disk(Path tree) {
    return GuestDisk.mbr(
        GuestDisk.ext(tree, dir.resolve("boot.img"), "ext4", "4M"), dir.resolve("disk.img"));
  }

  @Test
  void aMenuThatIncludesItselfIsALoop() throws Exception {
    Path tree =
        GuestDisk.tree(
            dir.resolve("tree"), "default 0\ntitle again\nconfigfile /boot/grub/menu.lst\n");
    try (BootSource s = GuestDisk.open(disk(tree))) {
      assertThatThrownBy(s::resolveBoot)
          .isInstanceOf(BootEntryException.class)
          .hasMessage(
              "(hd0,msdos1)/boot/grub/menu.lst: entry 0 'again' loads no kernel: line 3: configfile"
                  + " /boot/grub/menu.lst is already being read (a configfile loop); not expanded");
    }
  }

  @Test
  void twoMenusThatIncludeEachOtherAreALoop() throws Exception {
    Path tree =
        GuestDisk.tree(dir.resolve("tree"), "default 0\ntitle to b\nconfigfile /boot/grub/b.lst\n");
    Tools.write(
        tree, "boot/grub/b.lst", "default 0\ntitle to a\nconfigfile (hd0,0)/boot/grub/menu.lst\n");
    try (BootSource s = GuestDisk.open(disk(tree))) {
      assertThatThrownBy(s::resolveBoot)
          .isInstanceOf(BootEntryException.class)
          .hasMessage(
              "(hd0,msdos1)/boot/grub/menu.lst: entry 0>0 'to a' loads no kernel: line 3: configfile"
                  + " /boot/grub/menu.lst is already being read (a configfile loop); not expanded");
    }
  }

  @Test
  void aChainOfMenusDeeperThanTheIncludeLimitEndsThere() throws Exception {
    Path tree =
        GuestDisk.tree(dir.resolve("tree"), "default 0\ntitle to 1\nconfigfile /boot/grub/1.lst\n");
    for (int i = 1; i < 30; i++) {
      Tools.write(
          tree,
          "boot/grub/" + i + ".lst",
          "default 0\ntitle to " + (i + 1) + "\nconfigfile /boot/grub/" + (i + 1) + ".lst\n");
    }
    try (BootSource s = GuestDisk.open(disk(tree))) {
      assertThatThrownBy(s::resolveBoot)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxIncludeDepth (8) exceeded: configfile nesting at /boot/grub/8.lst:3 (9)"
                  + " (raise it with Limits.builder().maxIncludeDepth(...))");
    }
  }

  @Test
  void aHundredMegabyteMenuExceedsTheConfigLimit() throws Exception {
    Path tree = GuestDisk.tree(dir.resolve("tree"), "");
    // Sparse: a real menu at its start, then holes to 100 MB; mke2fs keeps the holes.
    try (FileChannel ch =
        FileChannel.open(tree.resolve("boot/grub/menu.lst"), StandardOpenOption.WRITE)) {
      ch.write(
          ByteBuffer.wrap("title big\nkernel /boot/vmlinuz\n".getBytes(StandardCharsets.US_ASCII)),
          0);
      ch.write(ByteBuffer.wrap(new byte[] {'\n'}), 100_000_000L - 1);
    }
    try (BootSource s = GuestDisk.open(disk(tree))) {
      assertThatThrownBy(s::resolveBoot)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxConfigBytes (4194304) exceeded: (hd0,msdos1)/boot/grub/menu.lst (100000000)"
                  + " (raise it with Limits.builder().maxConfigBytes(...))");
    }
  }

  @Test
  void aThreeGigabyteMenuWithTheLimitRaisedPastAnArrayIsStillALimit() throws Exception {
    Path tree = GuestDisk.tree(dir.resolve("tree"), "");
    try (FileChannel ch =
        FileChannel.open(tree.resolve("boot/grub/menu.lst"), StandardOpenOption.WRITE)) {
      ch.write(
          ByteBuffer.wrap("title big\nkernel /boot/vmlinuz\n".getBytes(StandardCharsets.US_ASCII)),
          0);
      ch.write(ByteBuffer.wrap(new byte[] {'\n'}), (3L << 30) - 1);
    }
    BootOptions.Builder options = GuestDisk.options(Limits.builder().maxConfigBytes(4L << 30));
    try (BootSource s = GuestDisk.open(disk(tree), options)) {
      assertThatThrownBy(s::resolveBoot)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxConfigBytes (2147483639) exceeded: (hd0,msdos1)/boot/grub/menu.lst"
                  + " (3221225472) (raise it with Limits.builder().maxConfigBytes(...))");
    }
  }

  @Test
  void dotDotPathsStayInsideTheGuest() throws Exception {
    Path tree =
        GuestDisk.tree(
            dir.resolve("tree"),
            "default 0\ntitle escape\nroot (hd0,0)\nkernel /../../../etc/shadow\n"
                + "initrd /boot/../../../../etc/link-out\n");
    // The guest's own files of those names: what a correct reader returns.
    Tools.write(tree, "etc/shadow", GuestDisk.KERNEL);
    Tools.write(tree, "etc/passwd", "the guest's own passwd\n");
    Files.createSymbolicLink(tree.resolve("etc/link-out"), Path.of("../../../../../../etc/passwd"));
    try (BootSource s = GuestDisk.open(disk(tree))) {
      BootRecord r = s.resolveBoot();
      assertThat(r.kernel().location()).isEqualTo("(hd0,msdos1)/../../../etc/shadow");
      assertThat(r.kernel().readAllBytes()).isEqualTo(GuestDisk.KERNEL);
      GuestFile initrd = r.ramdisk().orElseThrow();
      assertThat(initrd.location()).isEqualTo("(hd0,msdos1)/boot/../../../../etc/link-out");
      assertThat(new String(initrd.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("the guest's own passwd\n");
      Volume v = s.volume(1).orElseThrow();
      assertThat(v.stat("/../../../etc/shadow").orElseThrow().path()).isEqualTo("/etc/shadow");
      assertThat(v.stat("/boot/../../../../etc/link-out").orElseThrow().path())
          .isEqualTo("/etc/passwd");
    }
  }
}
