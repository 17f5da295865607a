package org.bootlace.fs.btrfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bootlace.testing.Tools;

/**
 * A btrfs image shaped like the guests bootlace meets, made by mounting a fresh filesystem on a
 * loop device as root: openSUSE's snapper layout ({@code @}, {@code @/.snapshots},
 * {@code @/.snapshots/1/snapshot} as the default subvolume, a later read-only snapshot 2), Fedora's
 * {@code root} subvolume, and files written under {@code compress=zlib|lzo|zstd}, preallocated and
 * sparse files in the top level.
 */
final class GuestLayouts {
  private GuestLayouts() {}

  /** Where the sources of each part live, to compare with. */
  record Sources(Path snapshot1, Path at, Path fedoraRoot, Path compressed) {}

  static Sources sources(Path dir) throws Exception {
    Path snap1 = Files.createDirectories(dir.resolve("snapshot1"));
    Tools.write(
        snap1,
        "boot/grub2/grub.cfg",
        "set btrfs_relative_path=\"y\"\nexport btrfs_relative_path\nmenuentry 'openSUSE' {\n  linux /boot/vmlinuz root=UUID=x\n}\n");
    Random r = new Random(7);
    byte[] kernel = new byte[1_500_000];
    r.nextBytes(kernel);
    Tools.write(snap1, "boot/vmlinuz-6.4.0-1-default", kernel);
    Files.createSymbolicLink(snap1.resolve("boot/vmlinuz"), Path.of("vmlinuz-6.4.0-1-default"));
    Tools.write(snap1, "etc/os-release", "NAME=\"openSUSE Tumbleweed\"\n");
    Path at = Files.createDirectories(dir.resolve("at"));
    Tools.run("cp", "-a", snap1 + "/.", at.toString());
    Tools.write(
        at, "etc/os-release", "NAME=\"openSUSE Tumbleweed\"\nVERSION=\"after snapshot 1\"\n");
    Tools.write(at, "boot/vmlinuz-6.5.0-1-default", "newer kernel\n".repeat(1000));
    Path fedora = Files.createDirectories(dir.resolve("fedora-root"));
    Tools.write(fedora, "etc/fedora-release", "Fedora release 39 (Thirty Nine)\n");
    Files.createDirectories(fedora.resolve("boot"));
    Path comp = Files.createDirectories(dir.resolve("compressed"));
    for (String alg : new String[] {"zlib", "lzo", "zstd"}) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; text.length() < 900_000; i++) {
        text.append("line ")
            .append(i)
            .append(" of a compressible ")
            .append(alg)
            .append(" file: ")
            .append(i * 31 % 977)
            .append('\n');
      }
      Tools.write(comp, alg + "/text", text.toString());
      Tools.write(comp, alg + "/small", "tiny ".repeat(500));
      byte[] mixed = new byte[400_000];
      r.nextBytes(mixed);
      for (int i = 0; i < mixed.length; i += 8192) {
        java.util.Arrays.fill(mixed, i, Math.min(mixed.length, i + 6000), (byte) 'z');
      }
      Tools.write(comp, alg + "/mixed", mixed);
    }
    return new Sources(snap1, at, fedora, comp);
  }

  /** Builds the image; returns the default subvolume's id. */
  static void build(Path image, Sources s) throws Exception {
    BtrfsImages.mkfs(image, null, 256L << 20, "-L", "guest");
    BtrfsImages.mounted(
        image,
        "",
        mnt -> {
          Tools.run("btrfs", "-q", "subvolume", "create", mnt.resolve("@").toString());
          Tools.run("cp", "-a", s.snapshot1() + "/.", mnt.resolve("@").toString());
          Tools.run("btrfs", "-q", "subvolume", "create", mnt.resolve("@/.snapshots").toString());
          Files.createDirectories(mnt.resolve("@/.snapshots/1"));
          Files.createDirectories(mnt.resolve("@/.snapshots/2"));
          Tools.run(
              "btrfs",
              "-q",
              "subvolume",
              "snapshot",
              mnt.resolve("@").toString(),
              mnt.resolve("@/.snapshots/1/snapshot").toString());
          Tools.run("cp", "-a", s.at() + "/.", mnt.resolve("@").toString());
          Tools.run(
              "btrfs",
              "-q",
              "subvolume",
              "snapshot",
              "-r",
              mnt.resolve("@").toString(),
              mnt.resolve("@/.snapshots/2/snapshot").toString());
          Tools.run("btrfs", "-q", "subvolume", "create", mnt.resolve("root").toString());
          Tools.run("cp", "-a", s.fedoraRoot() + "/.", mnt.resolve("root").toString());
          Tools.run(
              "btrfs",
              "subvolume",
              "set-default",
              mnt.resolve("@/.snapshots/1/snapshot").toString());
          Tools.run("fallocate", "-l", "1M", mnt.resolve("prealloc").toString());
          Tools.run(
              "dd",
              "status=none",
              "if=/dev/urandom",
              "of=" + mnt.resolve("prealloc"),
              "bs=4096",
              "count=2",
              "seek=100",
              "conv=notrunc");
          Tools.run("truncate", "-s", "3M", mnt.resolve("holes").toString());
          Tools.run(
              "dd",
              "status=none",
              "if=/dev/urandom",
              "of=" + mnt.resolve("holes"),
              "bs=1000",
              "count=3",
              "seek=1500",
              "conv=notrunc");
        });
    for (String alg : new String[] {"zlib", "lzo", "zstd"}) {
      BtrfsImages.mounted(
          image,
          "subvolid=5,compress-force=" + alg,
          mnt -> {
            Files.createDirectories(mnt.resolve("compressed"));
            Tools.run(
                "cp",
                "-a",
                s.compressed().resolve(alg).toString(),
                mnt.resolve("compressed").toString());
          });
    }
  }
}
