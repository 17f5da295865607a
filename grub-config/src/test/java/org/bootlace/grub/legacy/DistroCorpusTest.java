package org.bootlace.grub.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.EntryKind;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.MenuText;
import org.bootlace.testing.TestDisk;
import org.junit.jupiter.api.Test;

/**
 * Menus in the shapes the distributions wrote them (Debian's update-grub, Red Hat's anaconda,
 * SUSE's YaST), on disks laid out as those installers laid them out, with the whole evaluated menu
 * as the golden result. The expectations follow GRUB 0.97's rules, not this parser's output.
 */
class DistroCorpusTest {
  /** Debian etch, installed on a disk whose first partition is /. */
  static final String DEBIAN_ETCH =
      """
      # menu.lst - See: grub(8), info grub, update-grub(8)
      #            grub-install(8), grub-floppy(8),
      #            grub-md5-crypt, /usr/share/doc/grub
      #            and /usr/share/doc/grub-doc/.

      ## default num
      # Set the default entry to the entry number NUM. Numbering starts from 0, and
      # the entry number 0 is the default if the command is not used.
      #
      # You can specify 'saved' instead of a number. In this case, the default entry
      # is the entry saved with the command 'savedefault'.
      # WARNING: If you are using dmraid do not change this entry to 'saved' or your
      # array will desync and will not let you boot your system.
      default\t\t0

      ## timeout sec
      # Set a timeout, in SEC seconds, before automatically booting the default entry
      # (normally the first entry defined).
      timeout\t\t5

      # Pretty colours
      color cyan/blue white/blue

      ## password ['--md5'] passwd
      # If used in the first section of a menu file, disable all interactive editing
      # control (menu entry editor and command-line)  and entries protected by the
      # command 'lock'
      # e.g. password topsecret
      #      password --md5 $1$gLhU0/$aW78kHK1QfV3P2b2znUoe/
      # password topsecret

      #
      # examples
      #
      # title\t\tWindows 95/98/NT/2000
      # root\t\t(hd0,0)
      # makeactive
      # chainloader\t+1
      #
      # title\t\tLinux
      # root\t\t(hd0,1)
      # kernel\t/vmlinuz root=/dev/hda2 ro
      #

      #
      # Put static boot stanzas before and/or after AUTOMAGIC KERNEL LIST

      ### BEGIN AUTOMAGIC KERNELS LIST
      ## lines between the AUTOMAGIC KERNELS LIST markers will be modified
      ## by the debian update-grub script except for the default options below

      ## DO NOT UNCOMMENT THEM, Just edit them to your needs

      ## ## Start Default Options ##
      ## default kernel options
      ## default kernel options for automagic boot options
      ## If you want special options for specific kernels use kopt_x_y_z
      ## where x.y.z is kernel version. Minor versions can be omitted.
      ## e.g. kopt=root=/dev/hda1 ro
      ##      kopt_2_6_8=root=/dev/hdc1 ro
      ##      kopt_2_6_8_2_686=root=/dev/hdc2 ro
      # kopt=root=/dev/sda1 ro

      ## default grub root device
      ## e.g. groot=(hd0,0)
      # groot=(hd0,0)

      ## should update-grub create alternative automagic boot options
      ## e.g. alternative=true
      ##      alternative=false
      # alternative=true

      ## should update-grub lock alternative automagic boot options
      ## e.g. lockalternative=true
      ##      lockalternative=false
      # lockalternative=false

      ## additional options to use with the default boot option, but not with the
      ## alternatives
      ## e.g. defoptions=vga=791 resume=/dev/hda5
      # defoptions=

      ## should update-grub lock old automagic boot options
      ## e.g. lockold=false
      ##      lockold=true
      # lockold=false

      ## Xen hypervisor options to use with the default Xen boot option
      # xenhopt=

      ## Xen Linux kernel options to use with the default Xen boot option
      # xenkopt=console=tty0

      ## altoption boot targets option
      ## multiple altoptions lines are allowed
      ## e.g. altoptions=(extra menu suffix) extra boot options
      ##      altoptions=(single-user) single
      # altoptions=(single-user mode) single

      ## controls how many kernels should be put into the menu.lst
      ## only counts the first occurence of a kernel, not the
      ## alternative kernel options
      ## e.g. howmany=all
      ##      howmany=7
      # howmany=all

      ## should update-grub create memtest86 boot option
      ## e.g. memtest86=true
      ##      memtest86=false
      # memtest86=true

      ## should update-grub adjust the value of the default booted system
      ## can be true or false
      # updatedefaultentry=false

      ## ## End Default Options ##

      title\t\tDebian GNU/Linux, kernel 2.6.18-5-686
      root\t\t(hd0,0)
      kernel\t\t/boot/vmlinuz-2.6.18-5-686 root=/dev/sda1 ro\s
      initrd\t\t/boot/initrd.img-2.6.18-5-686
      savedefault

      title\t\tDebian GNU/Linux, kernel 2.6.18-5-686 (single-user mode)
      root\t\t(hd0,0)
      kernel\t\t/boot/vmlinuz-2.6.18-5-686 root=/dev/sda1 ro single
      initrd\t\t/boot/initrd.img-2.6.18-5-686
      savedefault

      title\t\tDebian GNU/Linux, kernel memtest86+
      root\t\t(hd0,0)
      kernel\t\t/boot/memtest86+.bin

      ### END DEBIAN AUTOMAGIC KERNELS LIST
      """;

  @Test
  void debianEtch() throws Exception {
    byte[] disk =
        TestDisk.builder()
            .partition(
                1,
                MemFs.builder()
                    .file("/boot/grub/menu.lst", DEBIAN_ETCH)
                    .file("/boot/grub/default", DefaultEntryTest.afterSavedefault(1))
                    .file("/boot/vmlinuz-2.6.18-5-686", FakeKernels.linux("2.6.18-5-686"))
                    .file("/boot/initrd.img-2.6.18-5-686", "initrd 2.6.18-5-686")
                    .file("/boot/memtest86+.bin", FakeKernels.linux("memtest86+"))
                    .build())
            .bootable(1)
            .build();
    try (BootSource s = Legacy.open(disk)) {
      assertThat(MenuText.render(s.menu()))
          .isEqualTo(
              """
              menu grub-legacy (hd0,msdos1)/boot/grub/menu.lst
              default 0: default 0 at /boot/grub/menu.lst:14
              timeout 5
              entry 0 LINUX 'Debian GNU/Linux, kernel 2.6.18-5-686' @/boot/grub/menu.lst:118
                kernel (hd0,msdos1)/boot/vmlinuz-2.6.18-5-686
                initrd (hd0,msdos1)/boot/initrd.img-2.6.18-5-686
                args 'root=/dev/sda1 ro'
              entry 1 LINUX 'Debian GNU/Linux, kernel 2.6.18-5-686 (single-user mode)' @/boot/grub/menu.lst:124
                kernel (hd0,msdos1)/boot/vmlinuz-2.6.18-5-686
                initrd (hd0,msdos1)/boot/initrd.img-2.6.18-5-686
                args 'root=/dev/sda1 ro single'
              entry 2 LINUX 'Debian GNU/Linux, kernel memtest86+' @/boot/grub/menu.lst:130
                kernel (hd0,msdos1)/boot/memtest86+.bin
                args ''
              """);
      BootRecord boot = s.resolveBoot();
      assertThat(boot.kernel().location()).isEqualTo("(hd0,msdos1)/boot/vmlinuz-2.6.18-5-686");
      assertThat(boot.args()).isEqualTo("root=/dev/sda1 ro");
    }
  }

  /**
   * Debian lenny in a Xen guest made by xen-tools: a bare filesystem (the guest's xvda2 for /, no
   * partition table), {@code default saved} with the default file savedefault rewrote after the
   * guest last booted entry 1.
   */
  static final String DEBIAN_LENNY =
      """
      # menu.lst - See: grub(8), info grub, update-grub(8)
      #            grub-install(8), grub-floppy(8),
      #            grub-md5-crypt, /usr/share/doc/grub
      #            and /usr/share/doc/grub-doc/.

      ## default num
      default\t\tsaved

      ## timeout sec
      timeout\t\t5

      # Pretty colours
      #color cyan/blue white/blue

      ### BEGIN AUTOMAGIC KERNELS LIST
      ## lines between the AUTOMAGIC KERNELS LIST markers will be modified
      ## by the debian update-grub script except for the default options below

      ## DO NOT UNCOMMENT THEM, Just edit them to your needs

      ## ## Start Default Options ##
      ## default kernel options
      # kopt=root=/dev/xvda2 ro console=hvc0

      ## default grub root device
      ## e.g. groot=(hd0,0)
      # groot=(hd0,1)

      ## should update-grub create alternative automagic boot options
      # alternative=true

      ## Xen hypervisor options to use with the default Xen boot option
      # xenhopt=

      ## Xen Linux kernel options to use with the default Xen boot option
      # xenkopt=console=tty0

      ## altoption boot targets option
      # altoptions=(single-user mode) single

      ## controls how many kernels should be put into the menu.lst
      # howmany=all

      ## should update-grub create memtest86 boot option
      # memtest86=true

      ## should update-grub adjust the value of the default booted system
      # updatedefaultentry=false

      ## should update-grub add savedefault to the default options
      # savedefault=true

      ## ## End Default Options ##

      title\t\tDebian GNU/Linux, kernel 2.6.26-2-xen-686
      root\t\t(hd0,1)
      kernel\t\t/boot/vmlinuz-2.6.26-2-xen-686 root=/dev/xvda2 ro console=hvc0
      initrd\t\t/boot/initrd.img-2.6.26-2-xen-686
      savedefault

      title\t\tDebian GNU/Linux, kernel 2.6.26-2-xen-686 (single-user mode)
      root\t\t(hd0,1)
      kernel\t\t/boot/vmlinuz-2.6.26-2-xen-686 root=/dev/xvda2 ro console=hvc0 single
      initrd\t\t/boot/initrd.img-2.6.26-2-xen-686
      savedefault

      ### END DEBIAN AUTOMAGIC KERNELS LIST
      """;

  @Test
  void debianLennyXenGuest() throws Exception {
    byte[] disk =
        MemFs.builder()
            .file("/boot/grub/menu.lst", DEBIAN_LENNY)
            .file("/boot/grub/default", DefaultEntryTest.afterSavedefault(1))
            .file("/boot/vmlinuz-2.6.26-2-xen-686", FakeKernels.linux("2.6.26-2-xen-686"))
            .file("/boot/initrd.img-2.6.26-2-xen-686", "initrd 2.6.26-2-xen-686")
            .build();
    try (BootSource s = Legacy.open(disk)) {
      String substituted =
          "(hd0,1): no filesystem bootlace reads on partition 2 of this disk; using (hd0), where"
              + " /boot/grub/menu.lst is, as pygrub does";
      assertThat(MenuText.render(s.menu()))
          .isEqualTo(
              String.format(
                  Locale.ROOT,
                  """
              menu grub-legacy (hd0)/boot/grub/menu.lst
              default 1: default saved at /boot/grub/menu.lst:7: /boot/grub/default holds 1
              timeout 5
              entry 0 LINUX 'Debian GNU/Linux, kernel 2.6.26-2-xen-686' @/boot/grub/menu.lst:55
                kernel (hd0)/boot/vmlinuz-2.6.26-2-xen-686
                initrd (hd0)/boot/initrd.img-2.6.26-2-xen-686
                args 'root=/dev/xvda2 ro console=hvc0'
                note line 56: %1$s
              entry 1 LINUX 'Debian GNU/Linux, kernel 2.6.26-2-xen-686 (single-user mode)' @/boot/grub/menu.lst:61
                kernel (hd0)/boot/vmlinuz-2.6.26-2-xen-686
                initrd (hd0)/boot/initrd.img-2.6.26-2-xen-686
                args 'root=/dev/xvda2 ro console=hvc0 single'
                note line 62: %1$s
              warning %1$s
              """,
                  substituted));
      assertThat(s.resolveBoot().args()).isEqualTo("root=/dev/xvda2 ro console=hvc0 single");
    }
  }

  /**
   * RHEL/CentOS 5 as anaconda installs it: partition 1 is /boot (so paths have no /boot prefix),
   * partition 2 an LVM volume; grub.conf with menu.lst a link to it; a Xen host entry first.
   */
  static final String RHEL5 =
      """
      # grub.conf generated by anaconda
      #
      # Note that you do not have to rerun grub after making changes to this file
      # NOTICE:  You have a /boot partition.  This means that
      #          all kernel and initrd paths are relative to /boot/, eg.
      #          root (hd0,0)
      #          kernel /vmlinuz-version ro root=/dev/VolGroup00/LogVol00
      #          initrd /initrd-version.img
      #boot=/dev/sda
      default=0
      timeout=5
      splashimage=(hd0,0)/grub/splash.xpm.gz
      hiddenmenu
      title CentOS (2.6.18-398.el5xen)
      \troot (hd0,0)
      \tkernel /xen.gz-2.6.18-398.el5
      \tmodule /vmlinuz-2.6.18-398.el5xen ro root=/dev/VolGroup00/LogVol00 rhgb quiet
      \tmodule /initrd-2.6.18-398.el5xen.img
      title CentOS (2.6.18-398.el5)
      \troot (hd0,0)
      \tkernel /vmlinuz-2.6.18-398.el5 ro root=/dev/VolGroup00/LogVol00 rhgb quiet
      \tinitrd /initrd-2.6.18-398.el5.img
      title CentOS (2.6.18-371.el5)
      \troot (hd0,0)
      \tkernel /vmlinuz-2.6.18-371.el5 ro root=/dev/VolGroup00/LogVol00 rhgb quiet
      \tinitrd /initrd-2.6.18-371.el5.img
      """;

  @Test
  void rhel5OnASeparateBootPartition() throws Exception {
    byte[] lvm = new byte[4096];
    new Random(5).nextBytes(lvm);
    byte[] disk =
        TestDisk.builder()
            .partition(
                1,
                MemFs.builder()
                    .file("/grub/grub.conf", RHEL5)
                    .symlink("/grub/menu.lst", "./grub.conf")
                    .file("/grub/splash.xpm.gz", FakeKernels.gzip(new byte[10]))
                    .file("/xen.gz-2.6.18-398.el5", FakeKernels.xenGz("xen 3.1.2-398.el5"))
                    .file("/vmlinuz-2.6.18-398.el5xen", FakeKernels.linux("2.6.18-398.el5xen"))
                    .file("/initrd-2.6.18-398.el5xen.img", "initrd xen")
                    .file("/vmlinuz-2.6.18-398.el5", FakeKernels.linux("2.6.18-398.el5"))
                    .file("/initrd-2.6.18-398.el5.img", "initrd 398")
                    .file("/vmlinuz-2.6.18-371.el5", FakeKernels.linux("2.6.18-371.el5"))
                    .file("/initrd-2.6.18-371.el5.img", "initrd 371")
                    .build())
            .partition(2, lvm)
            .bootable(1)
            .build();
    try (BootSource s = Legacy.open(disk)) {
      // pygrub's order finds /grub/menu.lst, the link, before /grub/grub.conf.
      assertThat(MenuText.render(s.menu()))
          .isEqualTo(
              """
              menu grub-legacy (hd0,msdos1)/grub/menu.lst
              default 0: default 0 at /grub/menu.lst:10
              timeout 5
              entry 0 MULTIBOOT 'CentOS (2.6.18-398.el5xen)' @/grub/menu.lst:14
                kernel (hd0,msdos1)/xen.gz-2.6.18-398.el5
                module (hd0,msdos1)/vmlinuz-2.6.18-398.el5xen 'ro root=/dev/VolGroup00/LogVol00 rhgb quiet'
                module (hd0,msdos1)/initrd-2.6.18-398.el5xen.img ''
                args ''
              entry 1 LINUX 'CentOS (2.6.18-398.el5)' @/grub/menu.lst:19
                kernel (hd0,msdos1)/vmlinuz-2.6.18-398.el5
                initrd (hd0,msdos1)/initrd-2.6.18-398.el5.img
                args 'ro root=/dev/VolGroup00/LogVol00 rhgb quiet'
              entry 2 LINUX 'CentOS (2.6.18-371.el5)' @/grub/menu.lst:23
                kernel (hd0,msdos1)/vmlinuz-2.6.18-371.el5
                initrd (hd0,msdos1)/initrd-2.6.18-371.el5.img
                args 'ro root=/dev/VolGroup00/LogVol00 rhgb quiet'
              """);
      BootRecord boot = s.resolveBoot();
      assertThat(boot.kind()).isEqualTo(EntryKind.MULTIBOOT);
      assertThat(boot.kernel().location()).isEqualTo("(hd0,msdos1)/xen.gz-2.6.18-398.el5");
      BootRecord linux = s.resolveBoot("CentOS (2.6.18-398.el5)");
      assertThat(linux.kernel().location()).isEqualTo("(hd0,msdos1)/vmlinuz-2.6.18-398.el5");
      assertThat(linux.ramdisks().get(0).location())
          .isEqualTo("(hd0,msdos1)/initrd-2.6.18-398.el5.img");
    }
  }

  /**
   * SUSE Linux Enterprise Server 10 as YaST writes it: swap on partition 1, / on partition 2, the
   * graphical menu, YaST's comment markers, a Xen entry, a floppy entry and a failsafe entry.
   */
  static final String SLES10 =
      """
      # Modified by YaST2. Last modification on Mon Mar  3 12:00:00 UTC 2008
      default 0
      timeout 8
      gfxmenu (hd0,1)/boot/message
      color white/blue black/light-gray
      ##YaST - activate

      ###Don't change this comment - YaST2 identifier: Original name: linux###
      title SUSE Linux Enterprise Server 10 SP2
          root (hd0,1)
          kernel /boot/vmlinuz-2.6.16.60-0.21-smp root=/dev/disk/by-id/ata-ST3250310AS_6RY0J1ZK-part2 vga=0x317    resume=/dev/sda1  splash=silent showopts
          initrd /boot/initrd-2.6.16.60-0.21-smp

      ###Don't change this comment - YaST2 identifier: Original name: xen###
      title XEN
          root (hd0,1)
          kernel /boot/xen.gz
          module /boot/vmlinuz-2.6.16.60-0.21-xen root=/dev/disk/by-id/ata-ST3250310AS_6RY0J1ZK-part2 vga=0x317    resume=/dev/sda1  splash=silent showopts
          module /boot/initrd-2.6.16.60-0.21-xen

      ###Don't change this comment - YaST2 identifier: Original name: floppy###
      title Floppy
          rootnoverify (hd0,1)
          chainloader (fd0)+1

      ###Don't change this comment - YaST2 identifier: Original name: failsafe###
      title Failsafe -- SUSE Linux Enterprise Server 10 SP2
          root (hd0,1)
          kernel /boot/vmlinuz-2.6.16.60-0.21-smp root=/dev/disk/by-id/ata-ST3250310AS_6RY0J1ZK-part2 vga=normal showopts ide=nodma apm=off acpi=off noresume edd=off 3
          initrd /boot/initrd-2.6.16.60-0.21-smp
      """;

  @Test
  void sles10() throws Exception {
    byte[] swap = new byte[4096];
    System.arraycopy(
        "SWAPSPACE2".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, swap, 4086, 10);
    byte[] disk =
        TestDisk.builder()
            .partition(1, swap)
            .partition(
                2,
                MemFs.builder()
                    .file("/boot/grub/menu.lst", SLES10)
                    .file("/boot/message", "gfxboot archive")
                    .file(
                        "/boot/vmlinuz-2.6.16.60-0.21-smp", FakeKernels.linux("2.6.16.60-0.21-smp"))
                    .file("/boot/initrd-2.6.16.60-0.21-smp", "initrd smp")
                    .file("/boot/xen.gz", FakeKernels.xenGz("xen 3.2.0"))
                    .file(
                        "/boot/vmlinuz-2.6.16.60-0.21-xen", FakeKernels.linux("2.6.16.60-0.21-xen"))
                    .file("/boot/initrd-2.6.16.60-0.21-xen", "initrd xen")
                    .build())
            .bootable(2)
            .build();
    String args =
        "root=/dev/disk/by-id/ata-ST3250310AS_6RY0J1ZK-part2 vga=0x317    resume=/dev/sda1  splash=silent showopts";
    try (BootSource s = Legacy.open(disk)) {
      assertThat(MenuText.render(s.menu()))
          .isEqualTo(
              String.format(
                  Locale.ROOT,
                  """
              menu grub-legacy (hd0,msdos2)/boot/grub/menu.lst
              default 0: default 0 at /boot/grub/menu.lst:2
              timeout 8
              entry 0 LINUX 'SUSE Linux Enterprise Server 10 SP2' @/boot/grub/menu.lst:9
                kernel (hd0,msdos2)/boot/vmlinuz-2.6.16.60-0.21-smp
                initrd (hd0,msdos2)/boot/initrd-2.6.16.60-0.21-smp
                args '%1$s'
              entry 1 MULTIBOOT 'XEN' @/boot/grub/menu.lst:15
                kernel (hd0,msdos2)/boot/xen.gz
                module (hd0,msdos2)/boot/vmlinuz-2.6.16.60-0.21-xen '%1$s'
                module (hd0,msdos2)/boot/initrd-2.6.16.60-0.21-xen ''
                args ''
              entry 2 CHAINLOAD 'Floppy' @/boot/grub/menu.lst:22
                note line 24: %2$s
                note chainloads sectors +1 of (fd0)
              entry 3 LINUX 'Failsafe -- SUSE Linux Enterprise Server 10 SP2' @/boot/grub/menu.lst:27
                kernel (hd0,msdos2)/boot/vmlinuz-2.6.16.60-0.21-smp
                initrd (hd0,msdos2)/boot/initrd-2.6.16.60-0.21-smp
                args 'root=/dev/disk/by-id/ata-ST3250310AS_6RY0J1ZK-part2 vga=normal showopts ide=nodma apm=off acpi=off noresume edd=off 3'
              warning %2$s
              """,
                  args,
                  "(fd0): only the image's own disk, (hd0), is readable; using (hd0,msdos2),"
                      + " where /boot/grub/menu.lst is, as pygrub does"));
      assertThat(s.resolveBoot().args()).isEqualTo(args);
    }
  }
}
