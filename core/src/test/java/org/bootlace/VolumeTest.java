package org.bootlace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.spi.FileType;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path resolution inside the guest: the guest's root is a wall, links are bounded. */
class VolumeTest {
  @TempDir Path dir;

  private static Volume volume(MemFs.Builder fs, Limits limits) throws IOException {
    return TestImages.open(fs.build(), limits).volume(0).orElseThrow();
  }

  private static Volume volume(MemFs.Builder fs) throws IOException {
    return volume(fs, Limits.defaults());
  }

  private static String read(Volume v, String path) throws IOException {
    return new String(v.readConfig(path), StandardCharsets.UTF_8);
  }

  @Test
  void dotDotNeverLeavesTheGuestRoot() throws IOException {
    Volume v = volume(MemFs.builder().file("/etc/passwd", "guest").file("/boot/x", "x"));
    assertThat(read(v, "/boot/../../../../etc/passwd")).isEqualTo("guest");
    assertThat(read(v, "../../etc/passwd")).isEqualTo("guest");
    assertThat(v.stat("/boot/../..").orElseThrow().path()).isEqualTo("/");
  }

  @Test
  void absoluteSymlinksRestartAtTheGuestRoot() throws IOException {
    Volume v =
        volume(
            MemFs.builder()
                .file("/etc/shadow", "guest shadow")
                .symlink("/boot/vmlinuz", "/../../../etc/shadow")
                .symlink("/boot/rel", "../etc/shadow")
                .symlink("/boot/dirlink", "/etc"));
    assertThat(read(v, "/boot/vmlinuz")).isEqualTo("guest shadow");
    assertThat(read(v, "/boot/rel")).isEqualTo("guest shadow");
    assertThat(read(v, "/boot/dirlink/shadow")).isEqualTo("guest shadow");
    assertThat(v.stat("/boot/dirlink/shadow").orElseThrow().path()).isEqualTo("/etc/shadow");
    assertThat(v.lstat("/boot/vmlinuz").orElseThrow().type()).isEqualTo(FileType.SYMLINK);
    assertThat(v.readLink("/boot/vmlinuz")).isEqualTo("/../../../etc/shadow");
  }

  @Test
  void symlinkLoopsHitTheHopLimit() throws IOException {
    Volume v = volume(MemFs.builder().symlink("/a", "/b").symlink("/b", "a"));
    assertThatThrownBy(() -> v.open("/a"))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxSymlinkHops (40) exceeded: (hd0)/a: too many levels of symbolic links"
                + " (raise it with Limits.builder().maxSymlinkHops(...))");
  }

  @Test
  void missingFilesDirectoriesAndNonFilesAreClearErrors() throws IOException {
    Volume v = volume(MemFs.builder().file("/boot/vmlinuz", "k").dir("/boot/grub"));
    assertThat(v.stat("/boot/nothing")).isEmpty();
    assertThatThrownBy(() -> v.open("/boot/nothing"))
        .isInstanceOf(GuestFileException.class)
        .hasMessage("(hd0)/boot/nothing: no such file or directory");
    assertThatThrownBy(() -> v.open("/boot/grub"))
        .isInstanceOf(GuestFileException.class)
        .hasMessage("(hd0)/boot/grub: is a directory, not a regular file");
    assertThatThrownBy(() -> v.stat("/boot/vmlinuz/x"))
        .isInstanceOf(GuestFileException.class)
        .hasMessage("(hd0)/boot/vmlinuz/x: /boot/vmlinuz is not a directory");
    assertThatThrownBy(() -> v.list("/boot/vmlinuz"))
        .isInstanceOf(GuestFileException.class)
        .hasMessage("(hd0)/boot/vmlinuz: not a directory");
  }

  @Test
  void longPathsHitThePathLimit() throws IOException {
    Volume v = volume(MemFs.builder().file("/x", "x"));
    String longPath = "/" + "a/".repeat(3000);
    assertThatThrownBy(() -> v.stat(longPath))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageStartingWith("limit maxPathBytes (4096) exceeded: path length of /a/a/");
  }

  @Test
  void configReadsAreBoundedBeforeAllocating() throws IOException {
    Volume v =
        volume(
            MemFs.builder().file("/boot/grub/menu.lst", new byte[2048]),
            Limits.builder().maxConfigBytes(1024).build());
    assertThatThrownBy(() -> v.readConfig("/boot/grub/menu.lst"))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxConfigBytes (1024) exceeded: (hd0)/boot/grub/menu.lst (2048)"
                + " (raise it with Limits.builder().maxConfigBytes(...))");
  }

  @Test
  void copyToWritesTheWholeFileAndNeverOverwrites() throws IOException {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i % 251);
    }
    Volume v = volume(MemFs.builder().file("/boot/vmlinuz", big));
    GuestFile kernel = v.open("/boot/vmlinuz");
    Path out = dir.resolve("kernel");
    kernel.copyTo(out);
    assertThat(Files.readAllBytes(out)).isEqualTo(big);
    assertThatThrownBy(() -> kernel.copyTo(out))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    assertThat(kernel.openStream().readAllBytes()).isEqualTo(big);
  }
}
