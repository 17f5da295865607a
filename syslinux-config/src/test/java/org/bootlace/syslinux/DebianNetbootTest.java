package org.bootlace.syslinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bootlace.BootMenu;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.EntryKind;
import org.bootlace.GuestFile;
import org.bootlace.MenuEntry;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian 12 installer's real boot menu, kernel and initrd (package
 * debian-installer-12-netboot-amd64), laid out as debian-cd lays out an installer ISO: the menus in
 * /isolinux, the kernel and initrd in /install.amd. The netboot menus name files the PXELINUX way
 * (from the TFTP root: {@code debian-installer/amd64/...}); debian-cd's ISO gets the same menus
 * from d-i with ISO paths, so the copies here are edited the way those differ:
 *
 * <ol>
 *   <li>{@code debian-installer/amd64/boot-screens/} is removed: menus and modules sit in
 *       /isolinux, isolinux's current directory;
 *   <li>{@code debian-installer/amd64/linux} becomes {@code /install.amd/vmlinuz};
 *   <li>{@code debian-installer/amd64/initrd.gz} becomes {@code /install.amd/initrd.gz};
 *   <li>{@code config syslinux.cfg} becomes {@code config isolinux.cfg}, and syslinux.cfg itself is
 *       /isolinux/isolinux.cfg, the name isolinux looks for.
 * </ol>
 *
 * The menus include files this image does not have (the graphical and speech installer's gtk.cfg,
 * spk.cfg, ..., and the multi-arch x86*.cfg), nest submenus with MENU BEGIN, and drk.cfg, inside
 * the "dark" submenu, says {@code default installdark}, which the {@code default vesamenu.c32} at
 * the end of isolinux.cfg replaces: the menu then starts at its first entry, Install.
 */
class DebianNetbootTest {
  static final Path NETBOOT =
      Path.of("/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64");
  static final String KERNEL = "/install.amd/vmlinuz";
  static final String INITRD = "/install.amd/initrd.gz";
  static final String ISOLINUX = "/isolinux/isolinux.cfg";

  static Map<String, byte[]> tree;

  @BeforeAll
  static void layOut() throws IOException {
    assertThat(NETBOOT.resolve("boot-screens/syslinux.cfg"))
        .as("install debian-installer-12-netboot-amd64")
        .exists();
    tree = new TreeMap<>();
    try (Stream<Path> files = Files.list(NETBOOT.resolve("boot-screens"))) {
      for (Path p : (Iterable<Path>) files.sorted()::iterator) {
        String name = p.getFileName().toString();
        byte[] bytes = Files.readAllBytes(p);
        if (name.endsWith(".cfg")) {
          bytes = edit(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
          name = name.equals("syslinux.cfg") ? "isolinux.cfg" : name;
        }
        tree.put("/isolinux/" + name, bytes);
      }
    }
    tree.put(KERNEL, Files.readAllBytes(NETBOOT.resolve("linux")));
    tree.put(INITRD, Files.readAllBytes(NETBOOT.resolve("initrd.gz")));
  }

  /** The four edits, as sed would make them. */
  static String edit(String cfg) {
    return cfg.replace("debian-installer/amd64/boot-screens/", "")
        .replace("debian-installer/amd64/linux", KERNEL)
        .replace("debian-installer/amd64/initrd.gz", INITRD)
        .replace("config syslinux.cfg", "config isolinux.cfg");
  }

  @Test
  void theEditsLeaveNoPxelinuxPathBehind() {
    String all =
        new String(tree.get(ISOLINUX), StandardCharsets.UTF_8)
            + new String(tree.get("/isolinux/txt.cfg"), StandardCharsets.UTF_8);
    assertThat(all).doesNotContain("debian-installer/");
    assertThat(new String(tree.get("/isolinux/txt.cfg"), StandardCharsets.UTF_8))
        .isEqualTo(
            "label install\n\tmenu label ^Install\n\tkernel /install.amd/vmlinuz\n\tappend vga=788"
                + " initrd=/install.amd/initrd.gz --- quiet \n");
  }

  @Test
  void theMenuOnAnInMemoryFilesystem() throws Exception {
    MemFs.Builder fs = MemFs.builder();
    tree.forEach(fs::file);
    BootMenu menu = Sys.menu(fs.build());
    checkMenu(menu);
  }

  static void checkMenu(BootMenu menu) {
    assertThat(menu.config().path()).isEqualTo(ISOLINUX);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "DEFAULT vesamenu.c32 at /isolinux/isolinux.cfg:7, run at once (no PROMPT 1): the menu module vesamenu.c32"
                + " reads /isolinux/isolinux.cfg; the menu has no TIMEOUT, so it waits with its default selected, entry 0"
                + " 'Install'");
    assertThat(menu.timeoutSeconds()).isEmpty();
    assertThat(menu.explanation())
        .contains(
            "/isolinux/isolinux.cfg:7: DEFAULT vesamenu.c32 replaces DEFAULT installdark at /isolinux/drk.cfg:2 (the last"
                + " one counts)");
    assertThat(menu.entries())
        .extracting(MenuEntry::title)
        .containsExactly(
            "Install", "Advanced options", "Accessible dark contrast installer menu", "Help");
    assertThat(menu.entries())
        .extracting(MenuEntry::kind)
        .containsExactly(EntryKind.LINUX, EntryKind.SUBMENU, EntryKind.SUBMENU, EntryKind.SUBMENU);
    MenuEntry dark = menu.entries().get(2);
    assertThat(dark.children())
        .extracting(MenuEntry::title)
        .containsExactly("Back..", "Install", "Advanced options", "Help");
    assertThat(dark.children().get(2).children())
        .extracting(MenuEntry::id)
        .containsExactly(
            Optional.of("mainmenu"), Optional.of("expertdark"),
            Optional.of("rescuedark"), Optional.of("autodark"));
    // Help switches to prompt.cfg, which includes the same menus; its "menu" entry leads back.
    MenuEntry help = menu.entries().get(3);
    assertThat(help.id()).contains("help");
    assertThat(help.notes())
        .containsExactly(
            "CONFIG /isolinux/prompt.cfg: DEFAULT installdark at /isolinux/drk.cfg:2; PROMPT 1: the boot: prompt runs it"
                + " on Enter: label installdark, entry 3>2>1 'Install'");
    assertThat(help.children().get(4).id()).contains("menu");
    assertThat(help.children().get(4).notes())
        .containsExactly(
            "CONFIG /isolinux/isolinux.cfg is already being read further up (a cycle); not expanded again here");
    MenuEntry install = menu.defaultMenuEntry().orElseThrow();
    assertThat(install.id()).contains("install");
    assertThat(install.target().orElseThrow().kernel().path()).isEqualTo(KERNEL);
    assertThat(install.target().orElseThrow().initrds())
        .extracting(r -> r.path())
        .containsExactly(INITRD);
    assertThat(install.target().orElseThrow().args()).isEqualTo("vga=788 --- quiet");
    assertThat(menu.warnings())
        .containsExactly(
            "/isolinux/menu.cfg:6: INCLUDE /isolinux/gtk.cfg: no such file; syslinux goes on without it",
            "/isolinux/menu.cfg:15: INCLUDE /isolinux/adgtk.cfg: no such file; syslinux goes on without it",
            "/isolinux/menu.cfg:17: INCLUDE /isolinux/adspkgtk.cfg: no such file; syslinux goes on without it",
            "/isolinux/menu.cfg:18: INCLUDE /isolinux/adspk.cfg: no such file; syslinux goes on without it",
            "/isolinux/menu.cfg:27: INCLUDE /isolinux/drkgtk.cfg: no such file; syslinux goes on without it",
            "/isolinux/menu.cfg:36: INCLUDE /isolinux/addrkgtk.cfg: no such file; syslinux goes on without it",
            "/isolinux/menu.cfg:39: INCLUDE /isolinux/x86drkme.cfg: no such file; syslinux goes on without it",
            "/isolinux/menu.cfg:47: INCLUDE /isolinux/x86menu.cfg: no such file; syslinux goes on without it",
            "/isolinux/menu.cfg:54: INCLUDE /isolinux/spkgtk.cfg: no such file; syslinux goes on without it",
            "/isolinux/menu.cfg:55: INCLUDE /isolinux/spk.cfg: no such file; syslinux goes on without it");
  }

  /** Writes the tree to a directory and makes an ISO of it with xorriso. */
  static Path iso(Path dir, String name, String... options) {
    Path root = dir.resolve("cd");
    if (!Files.exists(root)) {
      tree.forEach((path, bytes) -> Tools.write(root, path.substring(1), bytes));
      try {
        Files.copy(
            Path.of("/usr/lib/ISOLINUX/isolinux.bin"), root.resolve("isolinux/isolinux.bin"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Path iso = dir.resolve(name);
    List<String> cmd =
        new ArrayList<>(List.of("xorriso", "-as", "mkisofs", "-quiet", "-o", iso.toString()));
    cmd.addAll(List.of(options));
    cmd.add(root.toString());
    Tools.run(cmd.toArray(String[]::new));
    return iso;
  }

  @Test
  void aDebianCdStyleHybridIsoResolvesToTheInstaller(@TempDir Path dir) throws Exception {
    // debian-cd's BIOS options (boot-x86): Rock Ridge and Joliet, isolinux.bin as the El Torito
    // image, the isohybrid MBR, and a partition offset of 16 when there is no EFI image.
    Path iso =
        iso(
            dir,
            "debian.iso",
            "-r",
            "-J",
            "-joliet-long",
            "-V",
            "Debian 12 amd64 n",
            "-isohybrid-mbr",
            "/usr/lib/ISOLINUX/isohdpfx.bin",
            "-partition_offset",
            "16",
            "-b",
            "isolinux/isolinux.bin",
            "-c",
            "isolinux/boot.cat",
            "-no-emul-boot",
            "-boot-load-size",
            "4",
            "-boot-info-table");
    resolveAndCompare(iso);
  }

  @Test
  void aPlainRockRidgeIsoResolvesToTheInstaller(@TempDir Path dir) throws Exception {
    resolveAndCompare(iso(dir, "plain.iso", "-r", "-J"));
  }

  @Test
  void withTheLastDefaultPatchedAwayTheDarkInstallerBootsAtOnce(@TempDir Path dir)
      throws Exception {
    // One byte of the real image patched: a NUL in "default vesamenu.c32" ends that line after
    // "de", so the DEFAULT inside the dark submenu's file is the last one, and without a UI line
    // ldlinux boots that label directly.
    Path iso = iso(dir, "patched.iso", "-r", "-J");
    byte[] image = Files.readAllBytes(iso);
    byte[] line = "\ndefault vesamenu.c32\n".getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(image, line, 0);
    assertThat(at).isPositive();
    assertThat(indexOf(image, line, at + 1)).isEqualTo(-1);
    Tools.patch(iso, at + 3, (byte) 0);
    try (BootSource source = BootSource.open(iso)) {
      BootMenu menu = source.menu();
      assertThat(menu.defaultEntry()).contains(List.of(2, 1));
      assertThat(menu.defaultReason())
          .isEqualTo(
              "DEFAULT installdark at /isolinux/drk.cfg:2, run at once (no PROMPT 1): label installdark, entry 2>1 'Install'");
      assertThat(menu.timeoutSeconds()).contains(0);
      assertThat(menu.warnings())
          .contains(
              "/isolinux/isolinux.cfg:7: NUL byte at column 3; syslinux ignores the rest of the line",
              "/isolinux/isolinux.cfg:7: unknown keyword 'de' ignored, as syslinux ignores it");
      BootRecord boot = source.resolveBoot();
      assertThat(boot.args()).isEqualTo("vga=788 theme=dark --- quiet");
      assertThat(boot.ramdisks().get(0).location()).isEqualTo("(hd0)" + INITRD);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void resolveAndCompare(Path iso) throws Exception {
    try (BootSource source = BootSource.open(iso)) {
      BootMenu menu = source.menu();
      assertThat(menu.parser()).isEqualTo("syslinux");
      assertThat(menu.config().volume().fsType()).isEqualTo("iso9660");
      checkMenu(menu);
      BootRecord boot = source.resolveBoot();
      assertThat(boot.kind()).isEqualTo(EntryKind.LINUX);
      assertThat(boot.args()).isEqualTo("vga=788 --- quiet");
      assertThat(boot.kernel().location()).isEqualTo("(hd0)" + KERNEL);
      assertThat(boot.ramdisks()).hasSize(1);
      assertThat(boot.ramdisks().get(0).location()).isEqualTo("(hd0)" + INITRD);
      assertSameBytes(boot.kernel(), tree.get(KERNEL));
      assertSameBytes(boot.ramdisks().get(0), tree.get(INITRD));
      assertThat(source.resolveBoot("dark>advanced>expertdark").args())
          .isEqualTo("priority=low vga=788 theme=dark ---");
    }
  }

  private static void assertSameBytes(GuestFile f, byte[] expected) throws IOException {
    assertThat(f.size()).isEqualTo(expected.length);
    assertThat(Arrays.equals(f.readAllBytes(), expected)).isTrue();
  }
}
