package org.bootlace.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bootlace.BootMenu;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.EntryKind;
import org.bootlace.GuestFile;
import org.bootlace.MenuEntry;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GRUB 2 on ISO images (issue 4, item 3): ISOs made at test time by xorriso, and one by the real
 * grub-mkrescue, whose GRUB configuration sits where installer, live and rescue media put it,
 * opened with the drivers on the class path (ISO 9660 and the GRUB 2 interpreter among them) and
 * resolved to what GRUB would boot. The configurations are in the shapes those media use, abridged;
 * kernels and ramdisks are compared byte for byte with the files put on the ISO, or with what
 * xorriso itself extracts from grub-mkrescue's image.
 */
class IsoGrubTest {
  @TempDir Path dir;

  /** A tree of files, written under {@code dir/name} and made into {@code name.iso} by xorriso. */
  private Path iso(String name, Map<String, byte[]> tree, String... options) {
    Path root = dir.resolve(name);
    tree.forEach((path, bytes) -> Tools.write(root, path.substring(1), bytes));
    Path iso = dir.resolve(name + ".iso");
    List<String> cmd =
        new ArrayList<>(List.of("xorriso", "-as", "mkisofs", "-quiet", "-o", iso.toString()));
    cmd.addAll(List.of(options));
    cmd.add(root.toString());
    Tools.run(cmd.toArray(String[]::new));
    return iso;
  }

  private static Map<String, byte[]> tree(Object... pathsAndContents) {
    Map<String, byte[]> t = new TreeMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      Object c = pathsAndContents[i + 1];
      t.put(
          (String) pathsAndContents[i],
          c instanceof byte[] b
              ? b
              : ((String) c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return t;
  }

  private static void assertBytes(GuestFile f, byte[] expected) throws IOException {
    assertThat(f.size()).isEqualTo(expected.length);
    assertThat(Arrays.equals(f.readAllBytes(), expected))
        .as("content of %s", f.location())
        .isTrue();
  }

  private static List<String> locations(BootRecord r) {
    return r.ramdisks().stream().map(GuestFile::location).toList();
  }

  private static List<String> titles(List<MenuEntry> entries) {
    return entries.stream().map(MenuEntry::title).toList();
  }

  // ---------------------------------------------------------------------------------------------
  // The Debian installer's shape: a graphical and a text install, an advanced submenu.

  static final String DEBIAN_INSTALLER_CFG =
      """
      if [ x$feature_default_font_path = xy ] ; then
         font=unicode
      else
         font=$prefix/font.pf2
      fi
      if loadfont $font ; then
        set gfxmode=800x600
        set gfxpayload=keep
        insmod efi_gop
        insmod gfxterm
        insmod png
        terminal_output gfxterm
      fi
      if background_image /isolinux/splash.png; then
        set color_normal=light-gray/black
        set color_highlight=white/black
      else
        set menu_color_normal=cyan/blue
        set menu_color_highlight=white/blue
      fi
      insmod play
      play 960 440 1 0 4 440 1
      set theme=/boot/grub/theme/1
      menuentry --hotkey=g 'Graphical install' {
          set background_color=black
          linux    /install.amd/vmlinuz vga=788 --- quiet
          initrd   /install.amd/gtk/initrd.gz
      }
      menuentry --hotkey=i 'Install' {
          set background_color=black
          linux    /install.amd/vmlinuz vga=788 --- quiet
          initrd   /install.amd/initrd.gz
      }
      submenu --hotkey=a 'Advanced options ...' {
          set theme=/boot/grub/theme/1-1
          menuentry '... Graphical expert install' {
              set background_color=black
              linux    /install.amd/vmlinuz priority=low vga=788 ---
              initrd   /install.amd/gtk/initrd.gz
          }
          menuentry '... Graphical rescue mode' {
              linux    /install.amd/vmlinuz vga=788 rescue/enable=true --- quiet
              initrd   /install.amd/gtk/initrd.gz
          }
      }
      """;

  @Test
  void debianInstallerIsoBootsTheGraphicalInstall() throws Exception {
    byte[] kernel = FakeKernels.linux("debian-installer");
    byte[] gtk = "gtk initrd".repeat(5000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] text = "text initrd".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Path iso =
        iso(
            "debian",
            tree(
                "/boot/grub/grub.cfg", DEBIAN_INSTALLER_CFG,
                "/install.amd/vmlinuz", kernel,
                "/install.amd/initrd.gz", text,
                "/install.amd/gtk/initrd.gz", gtk),
            "-R",
            "-J",
            "-joliet-long",
            "-V",
            "Debian 12.5.0 amd64 n");
    try (BootSource source = BootSource.open(iso)) {
      BootMenu menu = source.menu();
      assertThat(menu.parser()).isEqualTo("grub2");
      assertThat(menu.config().volume().fsType()).isEqualTo("iso9660");
      assertThat(menu.config().path()).isEqualTo("/boot/grub/grub.cfg");
      assertThat(titles(menu.entries()))
          .containsExactly("Graphical install", "Install", "Advanced options ...");
      assertThat(titles(menu.entries().get(2).children()))
          .containsExactly("... Graphical expert install", "... Graphical rescue mode");
      BootRecord r = source.resolveBoot();
      assertThat(r.kind()).isEqualTo(EntryKind.LINUX);
      assertThat(r.kernel().location()).isEqualTo("(hd0)/install.amd/vmlinuz");
      assertBytes(r.kernel(), kernel);
      assertThat(locations(r)).containsExactly("(hd0)/install.amd/gtk/initrd.gz");
      assertBytes(r.ramdisks().get(0), gtk);
      assertThat(r.args()).isEqualTo("vga=788 --- quiet");
      BootRecord expert = source.resolveBoot("Advanced options ...>... Graphical expert install");
      assertThat(expert.args()).isEqualTo("priority=low vga=788 ---");
      BootRecord plain = source.resolveBoot("1");
      assertBytes(plain.ramdisks().get(0), text);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Ubuntu's desktop ISO: casper, and entries that differ per platform.

  static final String UBUNTU_CFG =
      """
      set timeout=30

      loadfont unicode

      set menu_color_normal=white/black
      set menu_color_highlight=black/light-gray

      menuentry "Try or Install Ubuntu" {
      	set gfxpayload=keep
      	linux	/casper/vmlinuz  ---
      	initrd	/casper/initrd
      }
      menuentry "Ubuntu (safe graphics)" {
      	set gfxpayload=keep
      	linux	/casper/vmlinuz  nomodeset ---
      	initrd	/casper/initrd
      }
      grub_platform
      if [ "$grub_platform" = "efi" ]; then
      menuentry 'Boot from next volume' {
      	exit 1
      }
      menuentry 'UEFI Firmware Settings' {
      	fwsetup
      }
      else
      menuentry 'Test memory' {
      	linux16 /boot/memtest86+x64.bin
      }
      fi
      """;

  @Test
  void ubuntuDesktopIsoBootsCasper() throws Exception {
    byte[] kernel = FakeKernels.linux("casper");
    byte[] initrd =
        "casper initrd".repeat(1000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Map<String, byte[]> t =
        tree(
            "/boot/grub/grub.cfg", UBUNTU_CFG,
            "/casper/vmlinuz", kernel,
            "/casper/initrd", initrd,
            "/boot/memtest86+x64.bin", FakeKernels.linux("memtest"));
    Path iso = iso("ubuntu", t, "-R", "-J", "-V", "Ubuntu 24.04 LTS amd64");
    try (BootSource source = BootSource.open(iso)) {
      BootMenu menu = source.menu();
      // On Xen (the default platform) the else branch runs: memory test, not the UEFI entries.
      assertThat(titles(menu.entries()))
          .containsExactly("Try or Install Ubuntu", "Ubuntu (safe graphics)", "Test memory");
      assertThat(menu.timeoutSeconds()).contains(30);
      BootRecord r = source.resolveBoot();
      assertBytes(r.kernel(), kernel);
      assertThat(r.kernel().location()).isEqualTo("(hd0)/casper/vmlinuz");
      assertThat(locations(r)).containsExactly("(hd0)/casper/initrd");
      assertBytes(r.ramdisks().get(0), initrd);
      assertThat(r.args()).isEqualTo("---");
      assertThat(source.resolveBoot("Ubuntu (safe graphics)").args()).isEqualTo("nomodeset ---");
    }
    // On EFI the other branch, and the x86 loader's BOOT_IMAGE= first.
    try (BootSource source =
        BootSource.open(iso, BootOptions.builder().variable("grub_platform", "efi").build())) {
      assertThat(titles(source.menu().entries()))
          .containsExactly(
              "Try or Install Ubuntu",
              "Ubuntu (safe graphics)",
              "Boot from next volume",
              "UEFI Firmware Settings");
      assertThat(source.resolveBoot().args()).isEqualTo("BOOT_IMAGE=/casper/vmlinuz ---");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Fedora's live ISO: /boot/grub2, the root found by the ISO's volume label, default "1".

  static final String FEDORA_LABEL = "Fedora-WS-Live-41-1-4";

  static final String FEDORA_CFG =
      """
      set default="1"

      function load_video {
        insmod all_video
      }

      load_video
      set gfxpayload=keep
      insmod gzio
      insmod part_gpt
      insmod ext2
      insmod chain

      set timeout=60
      ### END /etc/grub.d/00_header ###

      search --no-floppy --set=root -l '@LABEL@'

      ### BEGIN /etc/grub.d/10_linux ###
      menuentry 'Start Fedora-Workstation-Live 41' --class fedora --class gnu-linux --class gnu --class os {
      	linux /images/pxeboot/vmlinuz root=live:CDLABEL=@LABEL@  rd.live.image quiet rhgb
      	initrd /images/pxeboot/initrd.img
      }
      menuentry 'Test this media & start Fedora-Workstation-Live 41' --class fedora --class gnu-linux --class gnu --class os {
      	linux /images/pxeboot/vmlinuz root=live:CDLABEL=@LABEL@  rd.live.image rd.live.check quiet
      	initrd /images/pxeboot/initrd.img
      }
      submenu 'Troubleshooting -->' {
      	menuentry 'Start Fedora-Workstation-Live 41 in basic graphics mode' --class fedora --class gnu-linux --class gnu --class os {
      		linux /images/pxeboot/vmlinuz root=live:CDLABEL=@LABEL@  rd.live.image nomodeset quiet rhgb
      		initrd /images/pxeboot/initrd.img
      	}
      }
      """
          .replace("@LABEL@", FEDORA_LABEL);

  @Test
  void fedoraLiveIsoBootsTheMediaCheckAsItsDefaultSays() throws Exception {
    byte[] kernel = FakeKernels.linux("fedora-live");
    byte[] initrd =
        "fedora live initrd".repeat(3000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Path iso =
        iso(
            "fedora",
            tree(
                "/boot/grub2/grub.cfg", FEDORA_CFG,
                "/images/pxeboot/vmlinuz", kernel,
                "/images/pxeboot/initrd.img", initrd,
                "/LiveOS/squashfs.img", "squashfs"),
            "-R",
            "-J",
            "-V",
            FEDORA_LABEL);
    try (BootSource source = BootSource.open(iso)) {
      BootMenu menu = source.menu();
      assertThat(menu.config().path()).isEqualTo("/boot/grub2/grub.cfg");
      assertThat(menu.defaultEntry()).contains(List.of(1));
      BootRecord r = source.resolveBoot();
      assertThat(r.entry().orElseThrow().title())
          .isEqualTo("Test this media & start Fedora-Workstation-Live 41");
      assertThat(r.kernel().location()).isEqualTo("(hd0)/images/pxeboot/vmlinuz");
      assertBytes(r.kernel(), kernel);
      assertThat(locations(r)).containsExactly("(hd0)/images/pxeboot/initrd.img");
      assertBytes(r.ramdisks().get(0), initrd);
      assertThat(r.args())
          .isEqualTo("root=live:CDLABEL=" + FEDORA_LABEL + " rd.live.image rd.live.check quiet");
      assertThat(menu.explanation())
          .anyMatch(l -> l.contains("search") && l.contains(FEDORA_LABEL));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Ubuntu's loopback.cfg alone: what another GRUB reads after "loopback loop $iso_path".

  static final String LOOPBACK_CFG =
      """
      menuentry "Try or Install Ubuntu" {
      	set gfxpayload=keep
      	linux	/casper/vmlinuz  iso-scan/filename=${iso_path} --- quiet splash
      	initrd	/casper/initrd
      }
      menuentry "Ubuntu (safe graphics)" {
      	set gfxpayload=keep
      	linux	/casper/vmlinuz  nomodeset  iso-scan/filename=${iso_path} --- quiet splash
      	initrd	/casper/initrd
      }
      """;

  @Test
  void ubuntuLoopbackCfgAloneIsFoundAndTakesIsoPathFromTheCaller() throws Exception {
    byte[] kernel = FakeKernels.linux("casper loopback");
    byte[] initrd = "casper loopback initrd".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Path iso =
        iso(
            "loopback",
            tree(
                "/boot/grub/loopback.cfg", LOOPBACK_CFG,
                "/casper/vmlinuz", kernel,
                "/casper/initrd", initrd),
            "-R",
            "-J",
            "-V",
            "Ubuntu 22.04.4 LTS amd64");
    try (BootSource source = BootSource.open(iso)) {
      BootMenu menu = source.menu();
      assertThat(menu.config().path()).isEqualTo("/boot/grub/loopback.cfg");
      BootRecord r = source.resolveBoot();
      assertBytes(r.kernel(), kernel);
      assertThat(locations(r)).containsExactly("(hd0)/casper/initrd");
      assertBytes(r.ramdisks().get(0), initrd);
      // Nobody set iso_path: it expands to nothing, as in GRUB.
      assertThat(r.args()).isEqualTo("iso-scan/filename= --- quiet splash");
    }
    try (BootSource source =
        BootSource.open(
            iso,
            BootOptions.builder()
                .variable("iso_path", "/isos/ubuntu-22.04.4-desktop-amd64.iso")
                .build())) {
      assertThat(source.resolveBoot("1").args())
          .isEqualTo(
              "nomodeset iso-scan/filename=/isos/ubuntu-22.04.4-desktop-amd64.iso --- quiet splash");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // grub-mkrescue's layout: /boot/grub with the platform directories and the El Torito image,
  // a user's grub.cfg for a small OS booted with multiboot2 and a Linux rescue entry.

  static final String RESCUE_CFG =
      """
      set timeout=3
      set default=rescue
      insmod all_video
      menuentry "myos" --id myos {
        multiboot2 /boot/myos.elf console=com1
        module2 /boot/myos.initrd myos-initrd
        boot
      }
      menuentry "Linux rescue" --id rescue {
        linux /boot/vmlinuz console=ttyS0 rescue
        initrd /boot/initrd.img
        boot
      }
      """;

  @Test
  void aTreeLaidOutAsGrubMkrescueLaysItOut() throws Exception {
    byte[] kernel = FakeKernels.linux("rescue");
    byte[] initrd =
        "rescue initrd".repeat(100).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] eltorito = new byte[2048 * 4];
    Arrays.fill(eltorito, (byte) 0xeb);
    Path iso =
        iso(
            "mkrescue-shape",
            tree(
                "/boot/grub/grub.cfg",
                RESCUE_CFG,
                "/boot/grub/i386-pc/eltorito.img",
                eltorito,
                "/boot/grub/i386-pc/normal.mod",
                "module",
                "/boot/grub/x86_64-efi/normal.mod",
                "module",
                "/boot/myos.elf",
                FakeKernels.multiboot("myos"),
                "/boot/myos.initrd",
                "myos initrd",
                "/boot/vmlinuz",
                kernel,
                "/boot/initrd.img",
                initrd),
            "-R",
            "-b",
            "boot/grub/i386-pc/eltorito.img",
            "-no-emul-boot",
            "-boot-load-size",
            "4",
            "-boot-info-table",
            "-c",
            "boot.catalog",
            "-V",
            "ISOIMAGE");
    try (BootSource source = BootSource.open(iso)) {
      BootMenu menu = source.menu();
      assertThat(titles(menu.entries())).containsExactly("myos", "Linux rescue");
      BootRecord r = source.resolveBoot();
      assertThat(r.entry().orElseThrow().id()).contains("rescue");
      assertBytes(r.kernel(), kernel);
      assertThat(locations(r)).containsExactly("(hd0)/boot/initrd.img");
      assertBytes(r.ramdisks().get(0), initrd);
      assertThat(r.args()).isEqualTo("console=ttyS0 rescue");
      assertThat(menu.entries().get(0).kind()).isEqualTo(EntryKind.MULTIBOOT);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The real grub-mkrescue: BIOS and EFI GRUB images, a hybrid GPT, our grub.cfg among its files.

  @Test
  void anIsoMadeByGrubMkrescue() throws Exception {
    for (String platform : List.of("/usr/lib/grub/i386-pc", "/usr/lib/grub/x86_64-efi")) {
      if (!Files.isDirectory(Path.of(platform))) {
        throw new AssertionError(
            platform
                + " is missing: grub-mkrescue needs grub-pc-bin and grub-efi-amd64-bin (.ci/run lists the packages)");
      }
    }
    byte[] kernel = FakeKernels.linux("mkrescue");
    byte[] initrd =
        "mkrescue initrd".repeat(2000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Path root = dir.resolve("mkrescue");
    tree(
            "/boot/grub/grub.cfg", RESCUE_CFG,
            "/boot/myos.elf", FakeKernels.multiboot("myos"),
            "/boot/myos.initrd", "myos initrd",
            "/boot/vmlinuz", kernel,
            "/boot/initrd.img", initrd)
        .forEach((path, bytes) -> Tools.write(root, path.substring(1), bytes));
    Path iso = dir.resolve("mkrescue.iso");
    Tools.run(
        "grub-mkrescue",
        "-o",
        iso.toString(),
        "--locales=",
        "--themes=",
        root.toString(),
        "--",
        "-volid",
        "RESCUE_2024");
    // What xorriso itself reads back from the image, to compare with.
    Path extracted = dir.resolve("extracted");
    Files.createDirectories(extracted);
    Tools.run(
        "xorriso",
        "-osirrox",
        "on",
        "-indev",
        iso.toString(),
        "-extract",
        "/boot/vmlinuz",
        extracted.resolve("vmlinuz").toString(),
        "-extract",
        "/boot/initrd.img",
        extracted.resolve("initrd.img").toString(),
        "-extract",
        "/boot/grub/grub.cfg",
        extracted.resolve("grub.cfg").toString());
    assertThat(Files.readString(extracted.resolve("grub.cfg"))).isEqualTo(RESCUE_CFG);
    try (BootSource source = BootSource.open(iso)) {
      assertThat(source.partitionScheme()).isEqualTo("gpt");
      BootMenu menu = source.menu();
      assertThat(menu.parser()).isEqualTo("grub2");
      assertThat(menu.config().volume().fsType()).isEqualTo("iso9660");
      assertThat(menu.config().volume().partition().number()).isZero();
      assertThat(titles(menu.entries())).containsExactly("myos", "Linux rescue");
      BootRecord r = source.resolveBoot();
      assertThat(r.kernel().location()).isEqualTo("(hd0)/boot/vmlinuz");
      assertBytes(r.kernel(), Files.readAllBytes(extracted.resolve("vmlinuz")));
      assertBytes(r.kernel(), kernel);
      assertThat(locations(r)).containsExactly("(hd0)/boot/initrd.img");
      assertBytes(r.ramdisks().get(0), Files.readAllBytes(extracted.resolve("initrd.img")));
      assertThat(r.args()).isEqualTo("console=ttyS0 rescue");
      BootRecord myos = source.resolveBoot("myos");
      assertThat(myos.kind()).isEqualTo(EntryKind.MULTIBOOT);
    }
  }
}
