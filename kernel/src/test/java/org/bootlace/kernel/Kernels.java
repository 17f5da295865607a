package org.bootlace.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootlace.GuestFile;
import org.bootlace.GuestFiles;
import org.bootlace.binary.Le;
import org.bootlace.testing.DebianPackages;
import org.bootlace.testing.Tools;

/**
 * Real kernels from Debian's packages, and their payloads decompressed and recompressed with the
 * real tools (xz, lzma, bzip2, lzop, lz4, zstd, gzip), cached between tests.
 */
final class Kernels {
  /** The Debian installer's kernel (package debian-installer-12-netboot-amd64). */
  static final Path INSTALLER =
      Path.of("/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64/linux");

  /**
   * The tool that compresses (and with -dc decompresses) each compression, with kernel-like flags.
   */
  static final Map<Compression, List<String>> TOOLS =
      Map.of(
          Compression.GZIP, List.of("gzip", "-1", "-n"),
          Compression.XZ, List.of("xz", "-1", "--check=crc32"),
          Compression.LZMA, List.of("lzma", "-1"),
          Compression.BZIP2, List.of("bzip2", "-1"),
          Compression.LZO, List.of("lzop", "-1"),
          Compression.LZ4, List.of("lz4", "-l", "-1"),
          Compression.ZSTD, List.of("zstd", "-1"));

  /** Debian packages of the tools. */
  static final Map<Compression, String> PACKAGES =
      Map.of(
          Compression.GZIP,
          "gzip",
          Compression.XZ,
          "xz-utils",
          Compression.LZMA,
          "xz-utils",
          Compression.BZIP2,
          "bzip2",
          Compression.LZO,
          "lzop",
          Compression.LZ4,
          "lz4",
          Compression.ZSTD,
          "zstd");

  private Kernels() {}

  static String cloudPackage() {
    return DebianPackages.dependency("linux-image-cloud-amd64", "linux-image-[^\\s]+-cloud-amd64");
  }

  /** The cloud kernel's bzImage. */
  static Path cloud() {
    Path boot = DebianPackages.unpacked(cloudPackage()).resolve("boot");
    try (var files = Files.list(boot)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no vmlinuz in " + boot));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The release a kernel file is named for: vmlinuz-RELEASE. */
  static String release(Path vmlinuz) {
    return vmlinuz.getFileName().toString().substring("vmlinuz-".length());
  }

  /** Xen's hypervisor, gzip-compressed, from xen-hypervisor-4.17-amd64. */
  static Path xenGz() {
    return DebianPackages.unpacked("xen-hypervisor-4.17-amd64").resolve("boot/xen-4.17-amd64.gz");
  }

  static GuestFile guest(Path p) {
    try {
      return GuestFiles.ofBytes(Files.readAllBytes(p), p.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A bzImage's payload as the setup header places it. */
  static byte[] payload(Path bzImage) {
    byte[] head = Tools.read(bzImage, 0, 0x250);
    int sects = head[0x1f1] & 0xff;
    long offset = (sects + 1L) * 512 + Le.u32(head, 0x248);
    int length = (int) Le.u32(head, 0x24c);
    return Tools.read(bzImage, offset, length);
  }

  /**
   * The bzImage's vmlinux, decompressed by the real tool that accepts the payload, and which tool.
   */
  record Vmlinux(Path path, Compression compression) {}

  static Vmlinux vmlinux(Path bzImage) {
    try {
      Path dir =
          DebianPackages.cache()
              .resolve("vmlinux-" + bzImage.getFileName() + "-" + Files.size(bzImage));
      Files.createDirectories(dir);
      Path out = dir.resolve("vmlinux");
      Path payload = dir.resolve("payload");
      if (!Files.exists(payload)) {
        Files.write(payload, payload(bzImage));
      }
      for (Compression c : Compression.values()) {
        Path mark = dir.resolve("compression-" + c.label());
        if (Files.exists(mark) && Files.exists(out)) {
          return new Vmlinux(out, c);
        }
      }
      for (Compression c : Compression.values()) {
        Path tmp = dir.resolve("vmlinux.tmp");
        // The tools stop at the appended size (or warn about trailing garbage): what they
        // wrote is the kernel.
        Tools.exec(
            null, "sh", "-c", TOOLS.get(c).get(0) + " -dc < '" + payload + "' > '" + tmp + "'");
        if (Files.size(tmp) > 1 << 20 && Files.readAllBytes(tmp).length > 0 && isElf(tmp)) {
          Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          Files.createFile(dir.resolve("compression-" + c.label()));
          return new Vmlinux(out, c);
        }
      }
      throw new AssertionError(
          "no tool decompresses the payload of "
              + bzImage
              + " (install "
              + String.join(", ", PACKAGES.values())
              + ")");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isElf(Path p) {
    byte[] b = Tools.read(p, 0, 4);
    return b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
  }

  /**
   * A small ELF made of the real vmlinux's pieces, so every compressor runs in a moment: its first
   * 64 KiB (ELF header, program headers, the start of the text), 512 bytes from its Linux banner,
   * and its PT_NOTE segment, whose p_offset is patched to where the notes now are.
   */
  static Path mini(Path vmlinux) {
    Path out = vmlinux.resolveSibling("vmlinux-mini");
    if (Files.exists(out)) {
      return out;
    }
    try {
      byte[] all = Files.readAllBytes(vmlinux);
      int phoff = (int) Le.u64(all, 32);
      int phnum = Le.u16(all, 56);
      byte[] banner = "Linux version ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      int at = indexOf(all, banner);
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      b.write(all, 0, 64 << 10);
      b.write(all, at, 512);
      for (int i = 0; i < phnum; i++) {
        int ph = phoff + i * 56;
        if (Le.u32(all, ph) == 4) {
          int offset = (int) Le.u64(all, ph + 8);
          int size = (int) Le.u64(all, ph + 32);
          byte[] copy = b.toByteArray();
          Le.putU32(copy, ph + 8, copy.length);
          b.reset();
          b.write(copy);
          b.write(all, offset, size);
        }
      }
      Path tmp = vmlinux.resolveSibling("vmlinux-mini.tmp");
      Files.write(tmp, b.toByteArray());
      Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indexOf(byte[] all, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= all.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (all[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  /** {@code vmlinux} compressed with the real tool for {@code c}, cached. */
  static Path compressed(Path vmlinux, Compression c) {
    Path out = vmlinux.resolveSibling(vmlinux.getFileName() + "." + c.label());
    if (!Files.exists(out)) {
      Path tmp = vmlinux.resolveSibling(vmlinux.getFileName() + "." + c.label() + ".tmp");
      Tools.Result r =
          Tools.exec(
              null,
              "sh",
              "-c",
              String.join(" ", TOOLS.get(c)) + " -c < '" + vmlinux + "' > '" + tmp + "'");
      if (r.exitCode() != 0) {
        throw new AssertionError(
            TOOLS.get(c).get(0) + " failed (install " + PACKAGES.get(c) + "): " + r.stderr());
      }
      try {
        Files.move(tmp, out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /**
   * The notes readelf -n lists, as "owner type" with the type number. readelf names the types it
   * knows for the GNU owner or for core files (1 NT_VERSION, 3 NT_GNU_BUILD_ID, 4 GO BUILDID, 0x100
   * OPEN, 0x101 func) and prints the number of the others.
   */
  static List<String> readelfNotes(Path elf) {
    String out = Tools.run("readelf", "-nW", elf.toString());
    Map<String, Long> named =
        Map.of(
            "NT_VERSION",
            1L,
            "NT_GNU_BUILD_ID",
            3L,
            "GO BUILDID",
            4L,
            "OPEN",
            0x100L,
            "func",
            0x101L);
    List<String> notes = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\s+(\\S+)\\s+0x[0-9a-f]+\\s+(.*)$").matcher(out);
    while (m.find()) {
      String rest = m.group(2);
      Matcher unknown = Pattern.compile("Unknown note type: \\(0x([0-9a-f]+)\\)").matcher(rest);
      Long type = null;
      if (unknown.find()) {
        type = Long.parseLong(unknown.group(1), 16);
      } else {
        for (var e : named.entrySet()) {
          if (rest.startsWith(e.getKey())) {
            type = e.getValue();
          }
        }
      }
      if (type == null) {
        throw new AssertionError("readelf note type not understood: " + m.group());
      }
      notes.add(m.group(1) + " " + type);
    }
    return notes;
  }
}
