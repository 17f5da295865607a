package org.bootlace.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bootlace.testing.DebianPackages;
import org.bootlace.testing.Tools;

/**
 * Real GRUB 2 as an oracle: a two-partition MBR disk (ext4 partitions made with mkfs.ext4 -d),
 * Debian's {@code boot.img} in the MBR and a {@code core.img} from {@code grub-mkimage -O i386-pc}
 * in the gap before partition 1, booted by QEMU (TCG) through SeaBIOS. Every kernel is Debian's
 * cloud kernel under another name; every initrd is a busybox initramfs whose {@code /init} prints
 * {@code /proc/cmdline} and the marker files of every initrd GRUB loaded, then powers off. What
 * GRUB booted is read back from the serial console; answers are cached by what each disk was made
 * from under {@code target/real-grub}, so a rerun boots only what changed.
 */
final class RealGrub {
  /** The modules built into core.img: what a Debian install's grub.cfg may need. */
  static final List<String> MODULES =
      List.of(
          "biosdisk",
          "part_msdos",
          "ext2",
          "normal",
          "linux",
          "echo",
          "test",
          "search",
          "search_fs_file",
          "search_fs_uuid",
          "search_label",
          "configfile",
          "loadenv",
          "regexp",
          "true",
          "sleep",
          "gzio");

  static final String KERNELS = "vmlinuz-1 vmlinuz-2 vmlinuz-3";
  static final String INITRDS = "a b c d";

  /** What GRUB booted: the kernel's command line and the markers of the initrds, sorted. */
  record Answer(String cmdline, List<String> initrds) {
    static final Answer NOTHING = new Answer(null, List.of());

    boolean booted() {
      return cmdline != null;
    }

    String serialize() {
      return booted() ? cmdline + "\n" + String.join(" ", initrds) + "\n" : "nothing\n";
    }

    static Answer parse(String s) {
      String[] lines = s.split("\n", -1);
      if (lines[0].equals("nothing")) {
        return NOTHING;
      }
      return new Answer(
          lines[0], lines[1].isBlank() ? List.of() : List.of(lines[1].trim().split(" ")));
    }
  }

  private final Path work;
  private final Path kernel;
  private final Path initrdDir;
  private final Path cache;

  RealGrub(Path work, Path cache) throws IOException {
    this.work = work;
    this.cache = Files.createDirectories(cache);
    String pkg =
        DebianPackages.dependency("linux-image-cloud-amd64", "linux-image-[^\\s]+-cloud-amd64");
    Path boot = DebianPackages.unpacked(pkg).resolve("boot");
    try (var files = Files.list(boot)) {
      kernel =
          files
              .filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
              .findFirst()
              .orElseThrow();
    }
    if (!Files.exists(Path.of("/bin/busybox"))) {
      throw new IllegalStateException("install busybox-static");
    }
    initrdDir = Files.createDirectories(work.resolve("initrds"));
    for (String mark : INITRDS.split(" ")) {
      Path root = Files.createDirectories(work.resolve("initramfs-" + mark));
      Files.createDirectories(root.resolve("bin"));
      Files.createDirectories(root.resolve("marks"));
      Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
      Files.setPosixFilePermissions(
          root.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.writeString(root.resolve("marks/" + mark), mark);
      Path init =
          Tools.write(
              root,
              "init",
              "#!/bin/busybox sh\n"
                  + "/bin/busybox mkdir -p /proc\n"
                  + "/bin/busybox mount -t proc proc /proc\n"
                  + "echo \"REALGRUB-CMDLINE: $(/bin/busybox cat /proc/cmdline)\"\n"
                  + "echo \"REALGRUB-INITRDS: $(/bin/busybox ls /marks | /bin/busybox tr '\\n' ' ')\"\n"
                  + "/bin/busybox poweroff -f\n");
      Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
      Tools.run(
          "sh",
          "-c",
          "cd '"
              + root
              + "' && find . | cpio -o -H newc --quiet > '"
              + initrdDir.resolve("initrd-" + mark)
              + "'");
    }
  }

  /**
   * A disk whose partition 1 holds {@code /boot} with every kernel and initrd plus {@code files}
   * (path to content; a value starting with {@code grubenv:} becomes a GRUB environment block set
   * with grub-editenv, one {@code name=value} per line after the colon), and whose partition 2
   * holds {@code second}.
   */
  Path disk(String name, Map<String, String> files, Map<String, String> second) throws IOException {
    Path dir = Files.createDirectories(work.resolve(name));
    Path tree = Files.createDirectories(dir.resolve("p1"));
    Files.createDirectories(tree.resolve("boot/grub"));
    for (String k : KERNELS.split(" ")) {
      Files.createLink(tree.resolve("boot/" + k), kernel);
    }
    for (String mark : INITRDS.split(" ")) {
      Files.copy(initrdDir.resolve("initrd-" + mark), tree.resolve("boot/initrd-" + mark));
    }
    place(tree, files);
    Path tree2 = Files.createDirectories(dir.resolve("p2"));
    place(tree2, second);
    Path p1 = dir.resolve("p1.img");
    Path p2 = dir.resolve("p2.img");
    Tools.run(
        "mkfs.ext4",
        "-q",
        "-F",
        "-L",
        "bootfs",
        "-U",
        "6c1e0c0a-7a6f-4e0e-9d5c-3f7a1b2c3d4e",
        "-d",
        tree.toString(),
        p1.toString(),
        "56M");
    Tools.run(
        "mkfs.ext4",
        "-q",
        "-F",
        "-L",
        "second",
        "-U",
        "2d2e0c0a-7a6f-4e0e-9d5c-3f7a1b2c3d4e",
        "-d",
        tree2.toString(),
        p2.toString(),
        "8M");
    Path disk = dir.resolve("disk.img");
    Tools.sparseFile(disk, (1L + 56 + 8) << 20);
    Tools.runWithInput(
        "start=2048, size=" + 56 * 2048 + ", type=83, bootable\nstart=" + 57 * 2048 + ", type=83\n",
        "sfdisk",
        "-q",
        "--no-reread",
        "--no-tell-kernel",
        disk.toString());
    Tools.run(
        "dd", "status=none", "if=" + p1, "of=" + disk, "bs=1M", "seek=1", "conv=notrunc,sparse");
    Tools.run(
        "dd", "status=none", "if=" + p2, "of=" + disk, "bs=1M", "seek=57", "conv=notrunc,sparse");
    Files.delete(p1);
    Files.delete(p2);
    Path core = dir.resolve("core.img");
    List<String> mk =
        new ArrayList<>(
            List.of(
                "grub-mkimage",
                "-O",
                "i386-pc",
                "-o",
                core.toString(),
                "-p",
                "(hd0,msdos1)/boot/grub"));
    mk.addAll(MODULES);
    Tools.run(mk.toArray(String[]::new));
    // boot.img's code only (the partition table stays), then core.img from sector 1: boot.img
    // loads sector 1 and diskboot's block list (as grub-mkimage writes it) loads the rest.
    Tools.run(
        "dd",
        "status=none",
        "if=/usr/lib/grub/i386-pc/boot.img",
        "of=" + disk,
        "bs=440",
        "count=1",
        "conv=notrunc");
    Tools.run("dd", "status=none", "if=" + core, "of=" + disk, "bs=512", "seek=1", "conv=notrunc");
    return disk;
  }

  private static void place(Path tree, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      if (f.getValue().startsWith("grubenv:")) {
        Path env = tree.resolve(f.getKey());
        Files.createDirectories(env.getParent());
        Tools.run("grub-editenv", env.toString(), "create");
        for (String line : f.getValue().substring("grubenv:".length()).split("\n")) {
          if (!line.isBlank()) {
            Tools.run("grub-editenv", env.toString(), "set", line);
          }
        }
      } else {
        Tools.write(tree, f.getKey(), f.getValue());
      }
    }
  }

  /**
   * What real GRUB boots from {@code disk}: from the cache, or by booting it. The cache is keyed by
   * what the disk was made from ({@code inputs}, the modules, the kernel and GRUB's version), not
   * by its bytes, which mkfs makes different on every run.
   */
  Answer boot(Path disk, String inputs) throws Exception {
    String key =
        inputs
            + "\0"
            + String.join(",", MODULES)
            + "\0"
            + kernel.getFileName()
            + "\0"
            + Tools.run("grub-mkimage", "--version").strip();
    Path cached = cache.resolve(sha256(key) + ".txt");
    if (Files.exists(cached)) {
      return Answer.parse(Files.readString(cached, StandardCharsets.UTF_8));
    }
    Answer a = run(disk);
    Files.writeString(cached, a.serialize(), StandardCharsets.UTF_8);
    return a;
  }

  private Answer run(Path disk) throws Exception {
    Path log = disk.resolveSibling("serial.log");
    ProcessBuilder pb =
        new ProcessBuilder(
            "qemu-system-x86_64",
            "-machine",
            "accel=tcg",
            "-m",
            "256",
            "-nographic",
            "-no-reboot",
            "-monitor",
            "none",
            "-serial",
            "file:" + log,
            "-drive",
            "file=" + disk + ",format=raw,snapshot=on");
    pb.redirectErrorStream(true).redirectOutput(disk.resolveSibling("qemu.out").toFile());
    Process p = pb.start();
    try {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < end && p.isAlive()) {
        if (serial(log).contains("REALGRUB-INITRDS: ")) {
          break;
        }
        Thread.sleep(200);
      }
      p.waitFor(5, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    String out = serial(log);
    String cmdline = null;
    List<String> initrds = List.of();
    for (String line : out.split("\r?\n")) {
      if (line.startsWith("REALGRUB-CMDLINE: ")) {
        cmdline = line.substring("REALGRUB-CMDLINE: ".length()).strip();
      } else if (line.startsWith("REALGRUB-INITRDS: ")) {
        String rest = line.substring("REALGRUB-INITRDS: ".length()).strip();
        initrds = rest.isEmpty() ? List.of() : List.of(rest.split(" "));
      }
    }
    return cmdline == null ? Answer.NOTHING : new Answer(cmdline, initrds);
  }

  private static String serial(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    // The console mixes GRUB's screen control sequences with the kernel's lines.
    return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  static Map<String, String> files(String... pathsAndContents) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      m.put(pathsAndContents[i], pathsAndContents[i + 1]);
    }
    return m;
  }
}
