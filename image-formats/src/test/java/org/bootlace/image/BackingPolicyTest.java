package org.bootlace.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootlace.image.Images.qemuImg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backing-file policy on qcow2 images made by qemu-img: nothing is followed unless the caller
 * allowed its directory; symbolic links, {@code ..}, loops and long chains are refused with a
 * message naming the file.
 */
class BackingPolicyTest {
  @TempDir Path root;
  Path allowed;
  Path outside;

  @BeforeEach
  void dirs() throws IOException {
    allowed = Files.createDirectories(root.resolve("allowed"));
    outside = Files.createDirectories(root.resolve("outside"));
  }

  private Path overlay(Path dir, String name, String backing, String backingFormat) {
    Path p = dir.resolve(name);
    qemuImg(
        "create",
        "-q",
        "-f",
        "qcow2",
        "-u",
        "-b",
        backing,
        "-F",
        backingFormat,
        p.toString(),
        "1M");
    return p;
  }

  private Path base(Path dir, String name) {
    Path p = dir.resolve(name);
    qemuImg("create", "-q", "-f", "qcow2", p.toString(), "1M");
    return p;
  }

  @Test
  void nothingIsFollowedByDefault() {
    base(allowed, "base.qcow2");
    Path top = overlay(allowed, "top.qcow2", "base.qcow2", "qcow2");
    assertThatThrownBy(() -> Images.open(top).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "top.qcow2: backing file 'base.qcow2' refused: no directory is allowed for files an image"
                + " names (BootOptions.allowBackingDir, --allow-backing-dir)");
  }

  @Test
  void relativeNamesResolveAgainstTheImagesDirectory() throws IOException {
    Path sub = Files.createDirectories(allowed.resolve("sub"));
    base(sub, "base.qcow2");
    Path top = overlay(sub, "top.qcow2", "base.qcow2", "qcow2");
    try (Images.Opened o = Images.open(top, allowed)) {
      assertThat(o.disk().size()).isEqualTo(1 << 20);
    }
  }

  @Test
  void hostFileOutsideTheAllowedDirectoriesIsRefusedWithoutTouchingIt() {
    Path top = overlay(allowed, "top.qcow2", "/etc/shadow", "raw");
    assertThatThrownBy(() -> Images.open(top, allowed).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "top.qcow2: backing file '/etc/shadow' refused: /etc/shadow is outside the allowed directories");
  }

  @Test
  void dotDotOutOfTheAllowedDirectoryIsRefused() throws IOException {
    Files.write(outside.resolve("secret.raw"), new byte[1 << 20]);
    Path top = overlay(allowed, "top.qcow2", "../outside/secret.raw", "raw");
    assertThatThrownBy(() -> Images.open(top, allowed).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "top.qcow2: backing file '../outside/secret.raw' refused: "
                + outside.toRealPath().resolve("secret.raw")
                + " is outside the allowed directories");
  }

  @Test
  void symlinkOutOfTheAllowedDirectoryIsRefused() throws IOException {
    Path secret = Files.write(outside.resolve("secret.raw"), new byte[1 << 20]);
    Files.createSymbolicLink(allowed.resolve("link.raw"), secret);
    Path top = overlay(allowed, "top.qcow2", "link.raw", "raw");
    assertThatThrownBy(() -> Images.open(top, allowed).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "top.qcow2: backing file 'link.raw' refused: it resolves to "
                + secret.toRealPath()
                + ", outside the allowed directories");
  }

  @Test
  void symlinkInsideTheAllowedDirectoryIsFollowed() throws IOException {
    Path real = base(allowed, "base.qcow2");
    Files.createSymbolicLink(allowed.resolve("link.qcow2"), real);
    Path top = overlay(allowed, "top.qcow2", "link.qcow2", "qcow2");
    try (Images.Opened o = Images.open(top, allowed)) {
      assertThat(o.disk().read(0, 16)).isEqualTo(new byte[16]);
    }
  }

  @Test
  void loopsAreRefused() throws IOException {
    overlay(allowed, "a.qcow2", "b.qcow2", "qcow2");
    overlay(allowed, "b.qcow2", "a.qcow2", "qcow2");
    assertThatThrownBy(() -> Images.open(allowed.resolve("a.qcow2"), allowed).close())
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "b.qcow2: backing file 'a.qcow2' refused: "
                + allowed.toRealPath().resolve("a.qcow2")
                + " is already open in this chain (a loop)");
  }

  @Test
  void anImageBackedByItselfIsALoop() throws IOException {
    Path self = overlay(allowed, "self.qcow2", "self.qcow2", "qcow2");
    assertThatThrownBy(() -> Images.open(self, allowed).close())
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "self.qcow2: backing file 'self.qcow2' refused: "
                + self.toRealPath()
                + " is already open in this chain (a loop)");
  }

  @Test
  void chainLengthIsBounded() {
    base(allowed, "c0.qcow2");
    overlay(allowed, "c1.qcow2", "c0.qcow2", "qcow2");
    overlay(allowed, "c2.qcow2", "c1.qcow2", "qcow2");
    Path top = overlay(allowed, "c3.qcow2", "c2.qcow2", "qcow2");
    Limits three = Limits.builder().maxBackingChain(3).build();
    assertThatThrownBy(() -> Images.open(top, three, allowed).close())
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxBackingChain (3) exceeded: c1.qcow2: backing file 'c0.qcow2' would be file 4 of the"
                + " chain (raise it with Limits.builder().maxBackingChain(...))");
  }

  @Test
  void missingBackingFileIsNamed() {
    Path top = overlay(allowed, "top.qcow2", "gone.qcow2", "qcow2");
    assertThatThrownBy(() -> Images.open(top, allowed).close())
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "top.qcow2: backing file 'gone.qcow2' not found: " + allowed.resolve("gone.qcow2"));
  }

  @Test
  void protocolAndJsonNamesAreRefused() {
    Path top = overlay(allowed, "top.qcow2", "json:{\"file.filename\":\"/etc/shadow\"}", "raw");
    assertThatThrownBy(() -> Images.open(top, allowed).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "top.qcow2: backing file 'json:{\"file.filename\":\"/etc/shadow\"}' refused: not a local file name");
  }

  @Test
  void aDirectoryIsNotABackingFile() throws IOException {
    Files.createDirectories(allowed.resolve("dir.raw"));
    Path top = overlay(allowed, "top.qcow2", "dir.raw", "raw");
    assertThatThrownBy(() -> Images.open(top, allowed).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "top.qcow2: backing file 'dir.raw' refused: "
                + allowed.toRealPath().resolve("dir.raw")
                + " is not a regular file");
  }

  @Test
  void statedBackingFormatIsEnforced() throws IOException {
    Files.write(allowed.resolve("base.raw"), new byte[1 << 20]);
    Path top = overlay(allowed, "top.qcow2", "base.raw", "qcow2");
    assertThatThrownBy(() -> Images.open(top, allowed).close())
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("base.raw: not a qcow2 image, as the image naming it states");
  }

  @Test
  void externalDataFileOutsideTheAllowedDirectoriesIsRefused() throws IOException {
    Path data = outside.resolve("data.raw");
    Path img = allowed.resolve("data.qcow2");
    qemuImg("create", "-q", "-f", "qcow2", "-o", "data_file=" + data, img.toString(), "1M");
    assertThatThrownBy(() -> Images.open(img, allowed).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "data.qcow2: data file '"
                + data
                + "' refused: "
                + data
                + " is outside the allowed directories");
  }
}
