package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.MenuEntry;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestDisk;
import org.junit.jupiter.api.Test;

/**
 * Configurations in the shapes Ubuntu, openSUSE, Arch and Fedora/RHEL write (abridged to what
 * decides the boot), with what GRUB boots from each.
 */
class DistroShapesTest {
  static final String UUID = "7c1e5d9a-3f2b-4e8d-a6c4-0b9f8e7d6c5a";

  static final String UBUNTU =
      """
      if [ -s $prefix/grubenv ]; then
        set have_grubenv=true
        load_env
      fi
      if [ "${next_entry}" ] ; then
         set default="${next_entry}"
         set next_entry=
         save_env next_entry
         set boot_once=true
      else
         set default="0"
      fi
      if [ x"${feature_menuentry_id}" = xy ]; then
        menuentry_id_option="--id"
      else
        menuentry_id_option=""
      fi
      export menuentry_id_option
      function recordfail {
        set recordfail=1
        if [ -n "${have_grubenv}" ]; then if [ -z "${boot_once}" ]; then save_env recordfail; fi; fi
      }
      function load_video {
        if [ x$feature_all_video_module = xy ]; then
          insmod all_video
        else
          insmod efi_gop
        fi
      }
      if [ "${recordfail}" = 1 ] ; then
        set timeout=30
      else
        if [ x$feature_timeout_style = xy ] ; then
          set timeout_style=hidden
          set timeout=0
        elif sleep --interruptible 0 ; then
          set timeout=0
        fi
      fi
      function gfxmode {
      	set gfxpayload="${1}"
      	if [ "${1}" = "keep" ]; then
      		set vt_handoff=vt.handoff=7
      	else
      		set vt_handoff=
      	fi
      }
      if [ "${recordfail}" != 1 ]; then
        if [ -e ${prefix}/gfxblacklist.txt ]; then
          if [ ${grub_platform} != pc ]; then
            set linux_gfx_mode=keep
          elif hwmatch ${prefix}/gfxblacklist.txt 3; then
            set linux_gfx_mode=text
          else
            set linux_gfx_mode=text
          fi
        else
          set linux_gfx_mode=keep
        fi
      else
        set linux_gfx_mode=text
      fi
      export linux_gfx_mode
      menuentry 'Ubuntu' --class ubuntu --class gnu-linux --class gnu --class os $menuentry_id_option 'gnulinux-simple-@U@' {
      	recordfail
      	load_video
      	gfxmode $linux_gfx_mode
      	insmod gzio
      	if [ x$grub_platform = xxen ]; then insmod xzio; insmod lzopio; fi
      	search --no-floppy --fs-uuid --set=root @U@
      	linux	/boot/vmlinuz-5.15.0-91-generic root=UUID=@U@ ro  quiet splash $vt_handoff
      	initrd	/boot/initrd.img-5.15.0-91-generic
      }
      """
          .replace("@U@", UUID);

  static MemFs.Builder ubuntuFs() {
    return MemFs.builder()
        .uuid(UUID)
        .file("/boot/grub/grub.cfg", UBUNTU)
        .file("/boot/vmlinuz-5.15.0-91-generic", FakeKernels.linux("ubuntu"))
        .file("/boot/initrd.img-5.15.0-91-generic", "initrd");
  }

  @Test
  void ubuntuHandsOverTheVtAndHidesTheMenu() throws Exception {
    // pygrub leaves "$vt_handoff" in the arguments; GRUB expands it through the gfxmode function.
    BootMenu menu = G2.menu(ubuntuFs().build());
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.timeoutSeconds()).contains(0);
    assertThat(menu.entries().get(0).target().get().args())
        .isEqualTo("root=UUID=" + UUID + " ro quiet splash vt.handoff=7");
  }

  @Test
  void ubuntuAfterAFailedBootWaitsAndKeepsTheTextConsole() throws Exception {
    BootMenu menu =
        G2.menu(ubuntuFs().file("/boot/grub/grubenv", Grubenv.block("recordfail=1")).build());
    assertThat(menu.timeoutSeconds()).contains(30);
    assertThat(menu.entries().get(0).target().get().args())
        .isEqualTo("root=UUID=" + UUID + " ro quiet splash");
  }

  static final String SUSE =
      """
      set btrfs_relative_path="y"
      export btrfs_relative_path
      search --no-floppy --fs-uuid --set=root @U@
      set prefix=($root)/boot/grub2
      set extra_cmdline="console=hvc0"
      menuentry 'openSUSE Leap 15.5'  --class opensuse --class gnu-linux --class gnu --class os $menuentry_id_option 'gnulinux-simple-@U@' {
      	load_video
      	set gfxpayload=keep
      	insmod gzio
      	insmod part_gpt
      	insmod btrfs
      	set root='hd0,gpt2'
      	if [ x$feature_platform_search_hint = xy ]; then
      	  search --no-floppy --fs-uuid --set=root --hint-bios=hd0,gpt2 --hint-efi=hd0,gpt2 --hint-baremetal=ahci0,gpt2  @U@
      	else
      	  search --no-floppy --fs-uuid --set=root @U@
      	fi
      	echo	'Loading Linux 5.14.21-150500.55.39-default ...'
      	linux	/boot/vmlinuz-5.14.21-150500.55.39-default root=UUID=@U@ ${extra_cmdline} splash=silent mitigations=auto quiet security=apparmor
      	echo	'Loading initial ramdisk ...'
      	initrd	/boot/initrd-5.14.21-150500.55.39-default
      }
      """
          .replace("@U@", UUID);

  @Test
  void openSuseOnItsRootPartitionWithExtraCmdline() throws Exception {
    byte[] swap = MemFs.builder().file("/marker", "not this one").build();
    byte[] root =
        MemFs.builder()
            .uuid(UUID)
            .file("/boot/grub2/grub.cfg", SUSE)
            .file("/boot/vmlinuz-5.14.21-150500.55.39-default", FakeKernels.linux("suse"))
            .file("/boot/initrd-5.14.21-150500.55.39-default", "initrd")
            .build();
    byte[] disk = TestDisk.builder().partition(1, swap).partition(2, root).build();
    try (BootSource s = G2.open(disk)) {
      BootRecord boot = s.resolveBoot();
      assertThat(boot.kernel().location())
          .isEqualTo("(hd0,msdos2)/boot/vmlinuz-5.14.21-150500.55.39-default");
      assertThat(boot.args())
          .isEqualTo(
              "root=UUID="
                  + UUID
                  + " console=hvc0 splash=silent mitigations=auto quiet security=apparmor");
      assertThat(s.menu().warnings()).isEmpty();
    }
  }

  static final String ARCH =
      """
      function load_video {
        insmod all_video
      }
      menuentry 'Arch Linux' --class arch --class gnu-linux --class gnu --class os $menuentry_id_option 'gnulinux-simple-@U@' {
      	load_video
      	set gfxpayload=keep
      	insmod gzio
      	search --no-floppy --fs-uuid --set=root @U@
      	echo	'Loading Linux linux ...'
      	linux	/boot/vmlinuz-linux root=UUID=@U@ rw  loglevel=3 quiet
      	echo	'Loading initial ramdisk ...'
      	initrd	/boot/intel-ucode.img /boot/initramfs-linux.img
      }
      menuentry 'Arch Linux, with Linux linux (fallback initramfs)' --class arch $menuentry_id_option 'gnulinux-linux-fallback-@U@' {
      	search --no-floppy --fs-uuid --set=root @U@
      	linux	/boot/vmlinuz-linux root=UUID=@U@ rw  loglevel=3 quiet
      	initrd	/boot/intel-ucode.img /boot/initramfs-linux-fallback.img
      }
      """
          .replace("@U@", UUID);

  @Test
  void archLoadsMicrocodeFirstAndTheKernelSeesBothRamdisksAsOne() throws Exception {
    byte[] fs =
        MemFs.builder()
            .uuid(UUID)
            .file("/boot/grub/grub.cfg", ARCH)
            .file("/boot/vmlinuz-linux", FakeKernels.linux("arch"))
            .file("/boot/intel-ucode.img", "UCODE")
            .file("/boot/initramfs-linux.img", "INITRAMFS")
            .file("/boot/initramfs-linux-fallback.img", "FALLBACK")
            .build();
    MenuEntry e = G2.menu(fs).entries().get(0);
    assertThat(e.target().get().initrds())
        .extracting(Object::toString)
        .containsExactly("(hd0)/boot/intel-ucode.img", "(hd0)/boot/initramfs-linux.img");
    assertThat(e.notes()).isEmpty();
    try (BootSource s = G2.open(fs)) {
      BootRecord boot = s.resolveBoot("Arch Linux, with Linux linux (fallback initramfs)");
      assertThat(boot.ramdisks()).hasSize(2);
      assertThat(new String(boot.ramdisk().get().readAllBytes(), "UTF-8"))
          .isEqualTo("UCODEFALLBACK");
      assertThat(boot.args()).isEqualTo("root=UUID=" + UUID + " rw loglevel=3 quiet");
    }
  }

  @Test
  void blscfgMakesOneEntryPerBlsFileWithOptionsFromGrubenv() throws Exception {
    String cfg =
        "load_env\nset default=\"${saved_entry}\"\nfunction load_video { insmod all_video; }\nblscfg\n";
    byte[] fs =
        MemFs.builder()
            .file("/grub2/grub.cfg", cfg)
            .file(
                "/grub2/grubenv",
                Grubenv.block(
                    "saved_entry=abc-4.18.0-80.el8.x86_64",
                    "kernelopts=root=/dev/mapper/rhel-root ro crashkernel=auto quiet"))
            .file(
                "/loader/entries/abc-4.18.0-147.el8.x86_64.conf",
                "title Red Hat Enterprise Linux (4.18.0-147.el8.x86_64) 8.1\nversion 4.18.0-147.el8.x86_64\n"
                    + "linux /vmlinuz-4.18.0-147.el8.x86_64\ninitrd /initramfs-4.18.0-147.el8.x86_64.img $tuned_initrd\n"
                    + "options $kernelopts $tuned_params\nid rhel-20191025\ngrub_users $grub_users\n"
                    + "grub_arg --unrestricted\ngrub_class kernel\n")
            .file(
                "/loader/entries/abc-4.18.0-80.el8.x86_64.conf",
                "title Red Hat Enterprise Linux (4.18.0-80.el8.x86_64) 8.0\nversion 4.18.0-80.el8.x86_64\n"
                    + "linux /vmlinuz-4.18.0-80.el8.x86_64\ninitrd /initramfs-4.18.0-80.el8.x86_64.img\n"
                    + "options $kernelopts\n")
            .file("/vmlinuz-4.18.0-147.el8.x86_64", FakeKernels.linux("147"))
            .file("/vmlinuz-4.18.0-80.el8.x86_64", FakeKernels.linux("80"))
            .file("/initramfs-4.18.0-147.el8.x86_64.img", "i147")
            .file("/initramfs-4.18.0-80.el8.x86_64.img", "i80")
            .build();
    BootMenu menu = G2.menu(fs);
    assertThat(menu.entries())
        .extracting(MenuEntry::title)
        .containsExactly(
            "Red Hat Enterprise Linux (4.18.0-147.el8.x86_64) 8.1",
            "Red Hat Enterprise Linux (4.18.0-80.el8.x86_64) 8.0");
    assertThat(menu.entries().get(1).id()).contains("abc-4.18.0-80.el8.x86_64");
    assertThat(menu.defaultEntry()).contains(List.of(1));
    var t = menu.entries().get(1).target().get();
    assertThat(t.kernel().toString()).isEqualTo("(hd0)/vmlinuz-4.18.0-80.el8.x86_64");
    assertThat(t.initrds())
        .extracting(Object::toString)
        .containsExactly("(hd0)/initramfs-4.18.0-80.el8.x86_64.img");
    assertThat(t.args()).isEqualTo("root=/dev/mapper/rhel-root ro crashkernel=auto quiet");
    assertThat(menu.warnings()).isEmpty();
  }

  @Test
  void blscfgOptionsKeepBlscfgsOffByOne() {
    Words.Lookup env =
        new Words.Lookup() {
          @Override
          public String get(String name) {
            return switch (name) {
              case "kernelopts" -> "root=/dev/sda1 ro";
              case "a" -> "A";
              default -> null;
            };
          }

          @Override
          public List<String> positional() {
            return null;
          }
        };
    assertThat(BlsCommand.expand("$kernelopts $tuned_params", env)).isEqualTo("root=/dev/sda1 ro ");
    assertThat(BlsCommand.expand("quiet $kernelopts rhgb", env))
        .isEqualTo("quiet root=/dev/sda1 ro rhgb");
    // One-character pieces before a '$' or the end are dropped, as blscfg drops them.
    assertThat(BlsCommand.expand("x", env)).isNull();
    assertThat(BlsCommand.expand("$a$kernelopts", env)).isEqualTo("root=/dev/sda1 ro ");
    assertThat(BlsCommand.expand("\\$kernelopts", env)).isEqualTo("\\$kernelopts");
  }
}
