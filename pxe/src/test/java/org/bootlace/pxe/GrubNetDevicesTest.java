package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bootlace.BootRecord;
import org.bootlace.Limits;
import org.bootlace.pxe.testing.NetLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GRUB booted over the network as grub-mknetdir lays it out (BIOS {@code core.0} and UEFI {@code
 * core.efi} under {@code boot/grub/}), served by dnsmasq, with per-MAC {@code grub.cfg-01-...}
 * scripts that name the server the ways GRUB 2.06 does: {@code (tftp)}, {@code (tftp,SERVER)},
 * {@code (pxe)}, {@code (pxe:SERVER)}, {@code $root}, {@code $prefix}, and its {@code net_*}
 * variables. The kernel is the Debian installer's.
 */
class GrubNetDevicesTest {
  static final Path DI = DnsmasqNetworkBootTest.DI;
  static final String BIOS_MAC = "aa:00:86:e2:37:01";
  static final String EFI_MAC = "aa:00:86:e2:37:02";
  static final String CONFIGFILE_MAC = "aa:00:86:e2:37:03";

  @TempDir static Path work;
  static Path root;
  static NetLab lab;

  @BeforeAll
  static void serve() throws Exception {
    if (!Files.isDirectory(DI)) {
      throw new IOException(
          DI + " is missing: install the Debian package debian-installer-12-netboot-amd64");
    }
    NetLab.require("grub-mknetdir", "grub-common");
    for (String platform : List.of("i386-pc", "x86_64-efi")) {
      if (!Files.isDirectory(Path.of("/usr/lib/grub", platform))) {
        throw new IOException(
            "/usr/lib/grub/"
                + platform
                + " is missing: install the Debian package "
                + (platform.equals("i386-pc") ? "grub-pc-bin" : "grub-efi-amd64-bin"));
      }
    }
    root = Files.createDirectory(work.resolve("tftp"));
    for (String platform : List.of("i386-pc", "x86_64-efi")) {
      NetLab.run("grub-mknetdir", "--net-directory=" + root, "-d", "/usr/lib/grub/" + platform);
    }
    Files.createSymbolicLink(
        root.resolve("vmlinuz"), DI.resolve("debian-installer/amd64/linux").toRealPath());
    Files.createSymbolicLink(
        root.resolve("initrd.gz"), DI.resolve("debian-installer/amd64/initrd.gz").toRealPath());
    Path grub = root.resolve("boot/grub");
    String args =
        "mac=$net_default_mac ip=$net_default_ip server=$net_default_server if=$net_default_interface"
            + " root=$root prefix=$prefix cmdpath=$cmdpath";
    Files.writeString(
        grub.resolve("grub.cfg-01-aa-00-86-e2-37-01"),
        String.join(
            "\n",
            "set timeout=0",
            "menuentry 'tftp' {",
            "  linux (tftp)/vmlinuz "
                + args
                + " pxemac=$net_pxe_mac file=$net_pxe_boot_file next=$net_pxe_next_server",
            "  initrd (pxe)/initrd.gz",
            "}",
            "menuentry 'by server' {",
            "  linux (tftp,10.231.0.1)/vmlinuz old=$pxe_default_server",
            "  initrd (pxe:10.231.0.1)/initrd.gz",
            "}",
            "menuentry 'root' { linux ($root)/vmlinuz }",
            "menuentry 'search' {",
            "  if search --no-floppy --file --set=found /vmlinuz; then linux /vmlinuz found=$found; else linux /vmlinuz notfound; fi",
            "}",
            "menuentry 'other server' { linux (tftp,10.231.0.9)/vmlinuz }",
            "menuentry 'disk' { linux (hd0,msdos1)/vmlinuz }",
            "menuentry 'http' { linux (http)/vmlinuz }",
            ""));
    Files.writeString(
        grub.resolve("grub.cfg-01-aa-00-86-e2-37-02"),
        "menuentry 'efi' {\n  linux /vmlinuz "
            + args
            + " efimac=$net_efinet0_mac file=$net_efinet0_boot_file\n}\n");
    Files.writeString(
        grub.resolve("grub.cfg-01-aa-00-86-e2-37-03"), "configfile ($root)/boot/grub/site.cfg\n");
    Files.writeString(
        grub.resolve("site.cfg"),
        "source $prefix/site-vars.cfg\nmenuentry 'site' {\n  linux (pxe)/vmlinuz site=$site\n}\n");
    Files.writeString(grub.resolve("site-vars.cfg"), "set site=lab\n");
    lab = new NetLab();
    lab.dnsmasq(
        root,
        work,
        "--dhcp-range=10.231.0.100,10.231.0.109,255.255.255.0,1h",
        "--dhcp-host=" + EFI_MAC + ",set:efi",
        "--dhcp-boot=tag:efi,boot/grub/x86_64-efi/core.efi",
        "--dhcp-boot=boot/grub/i386-pc/core.0");
  }

  @AfterAll
  static void stop() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  static NetworkBoot open(String mac) throws IOException {
    return NetworkBoot.open(
        NetworkBootOptions.builder(mac)
            .interfaceName(lab.clientIf)
            .networkNamespace(lab.clientNamespace())
            .downloadDirectory(work)
            .limits(Limits.builder().timeout(Duration.ofSeconds(30)).build())
            .progress(s -> {})
            .build());
  }

  @Test
  void tftpAndPxeNamesReachTheBootServerWithGrubsVariables() throws Exception {
    try (NetworkBoot net = open(BIOS_MAC)) {
      String ip = net.lease().address().getHostAddress();
      BootRecord boot = net.resolveBoot();
      assertThat(boot.provenance().config().get().path())
          .isEqualTo("/boot/grub/grub.cfg-01-aa-00-86-e2-37-01");
      // Files are named after the device they are on, whichever alias the script used.
      assertThat(boot.kernel().location()).isEqualTo("(tftp,10.231.0.1)/vmlinuz");
      assertThat(boot.kernel().path()).isEqualTo("/vmlinuz");
      assertThat(boot.ramdisks())
          .extracting(f -> f.location())
          .containsExactly("(tftp,10.231.0.1)/initrd.gz");
      assertThat(boot.args())
          .isEqualTo(
              "mac="
                  + BIOS_MAC
                  + " ip="
                  + ip
                  + " server=10.231.0.1 if=pxe"
                  + " root=tftp,10.231.0.1 prefix=(tftp,10.231.0.1)/boot/grub cmdpath=(tftp,10.231.0.1)boot/grub/i386-pc"
                  + " pxemac="
                  + BIOS_MAC
                  + " file=boot/grub/i386-pc/core.0 next=10.231.0.1");
      Path kernel = work.resolve("vmlinuz-" + System.nanoTime());
      boot.kernel().copyTo(kernel);
      assertThat(Files.mismatch(kernel, DI.resolve("debian-installer/amd64/linux"))).isEqualTo(-1);
      Files.delete(kernel);
    }
  }

  @Test
  void theServerByAddressAndRootNameTheSameTree() throws Exception {
    try (NetworkBoot net = open(BIOS_MAC)) {
      BootRecord byServer = net.resolveBoot("by server");
      assertThat(byServer.kernel().location()).isEqualTo("(tftp,10.231.0.1)/vmlinuz");
      assertThat(byServer.ramdisks())
          .extracting(f -> f.location())
          .containsExactly("(tftp,10.231.0.1)/initrd.gz");
      assertThat(byServer.args()).isEqualTo("old=10.231.0.1");
      assertThat(net.resolveBoot("root").kernel().location())
          .isEqualTo("(tftp,10.231.0.1)/vmlinuz");
    }
  }

  @Test
  void searchFindsNoDiskOverTheNetwork() throws Exception {
    try (NetworkBoot net = open(BIOS_MAC)) {
      BootRecord boot = net.resolveBoot("search");
      assertThat(boot.args()).isEqualTo("notfound");
      assertThat(boot.kernel().location()).isEqualTo("(tftp,10.231.0.1)/vmlinuz");
    }
  }

  @Test
  void anotherServerADiskAndHttpAreNotReached() throws Exception {
    try (NetworkBoot net = open(BIOS_MAC)) {
      assertThatThrownBy(() -> net.resolveBoot("other server"))
          .hasMessageContaining(
              "disk `tftp,10.231.0.9' not found (only tftp,10.231.0.1, the server booted from, is read)");
      assertThatThrownBy(() -> net.resolveBoot("disk"))
          .hasMessageContaining("disk `hd0,msdos1' not found");
      assertThatThrownBy(() -> net.resolveBoot("http"))
          .hasMessageContaining(
              "disk `http' not found (only tftp,10.231.0.1, the server booted from, is read)");
    }
  }

  @Test
  void efiImageSetsEfinet0Variables() throws Exception {
    try (NetworkBoot net = open(EFI_MAC)) {
      String ip = net.lease().address().getHostAddress();
      BootRecord boot = net.resolveBoot();
      assertThat(boot.args())
          .isEqualTo(
              "mac="
                  + EFI_MAC
                  + " ip="
                  + ip
                  + " server=10.231.0.1 if=efinet0"
                  + " root=tftp,10.231.0.1 prefix=(tftp,10.231.0.1)/boot/grub cmdpath=(tftp,10.231.0.1)boot/grub/x86_64-efi"
                  + " efimac="
                  + EFI_MAC
                  + " file=boot/grub/x86_64-efi/core.efi");
    }
  }

  @Test
  void configfileAndSourceFollowRootAndPrefix() throws Exception {
    try (NetworkBoot net = open(CONFIGFILE_MAC)) {
      BootRecord boot = net.resolveBoot();
      assertThat(boot.kernel().location()).isEqualTo("(tftp,10.231.0.1)/vmlinuz");
      assertThat(boot.args()).isEqualTo("site=lab");
    }
  }
}
