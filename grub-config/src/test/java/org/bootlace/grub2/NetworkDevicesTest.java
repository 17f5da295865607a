package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bootlace.BootMenu;
import org.bootlace.Limits;
import org.bootlace.MenuEntry;
import org.bootlace.Volume;
import org.bootlace.block.BlockDevices;
import org.bootlace.internal.Deadline;
import org.bootlace.spi.ConfigContext;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.OpenedFs;
import org.junit.jupiter.api.Test;

/**
 * A configuration read from a network server: the volume is named as GRUB names the device it
 * booted from, {@code tftp,SERVER}, no disk is visible, and GRUB 2.06's aliases for that server
 * reach it (net.c: {@code tftp}, {@code pxe}, {@code pxe:SERVER}).
 */
class NetworkDevicesTest {
  static BootMenu menu(String device, String cfg) throws Exception {
    byte[] tree =
        MemFs.builder()
            .file("/boot/grub/grub.cfg", cfg)
            .file("/vmlinuz", FakeKernels.linux("net"))
            .file("/boot/grub/more.cfg", "menuentry more { linux (pxe)/vmlinuz more }\n")
            .build();
    OpenedFs opened =
        OpenedFs.open(
            new MemFs.Driver(), BlockDevices.ofBytes(tree, "tftp://192.0.2.1"), Limits.defaults());
    Deadline d = new Deadline();
    Volume v = Volume.ofFileSystem(device, opened.device, opened.fs, Limits.defaults(), d);
    byte[] content = cfg.getBytes(StandardCharsets.UTF_8);
    boolean disk = device.equals("hd0");
    return new Grub2Parser()
        .parse(
            new ConfigContext() {
              @Override
              public Volume volume() {
                return v;
              }

              @Override
              public String path() {
                return "/boot/grub/grub.cfg";
              }

              @Override
              public byte[] content() {
                return content.clone();
              }

              @Override
              public List<Volume> volumes() {
                return disk ? List.of(v) : List.of(); // the network has no disks to iterate
              }

              @Override
              public Optional<Volume> partition(int number) {
                return disk && number == 0 ? Optional.of(v) : Optional.empty();
              }

              @Override
              public Limits limits() {
                return Limits.defaults();
              }

              @Override
              public Map<String, String> variables() {
                return Map.of();
              }

              @Override
              public Deadline deadline() {
                return d;
              }
            });
  }

  static String kernelOrNotes(MenuEntry e) {
    return e.target()
        .map(t -> t.kernel().toString() + " " + t.args())
        .orElse(String.join("; ", e.notes()));
  }

  @Test
  void everyAliasOfTheBootServerReachesIt() throws Exception {
    BootMenu m =
        menu(
            "tftp,192.0.2.1",
            String.join(
                "\n",
                "menuentry a { linux (tftp)/vmlinuz $root $prefix }",
                "menuentry b { linux (tftp,192.0.2.1)/vmlinuz }",
                "menuentry c { linux (pxe)/vmlinuz }",
                "menuentry d { linux (pxe:192.0.2.1)/vmlinuz }",
                "menuentry e { linux ($root)/vmlinuz }",
                "menuentry f { linux /vmlinuz }",
                ""));
    assertThat(m.entries())
        .extracting(NetworkDevicesTest::kernelOrNotes)
        .containsExactly(
            "(tftp,192.0.2.1)/vmlinuz tftp,192.0.2.1 (tftp,192.0.2.1)/boot/grub",
            "(tftp,192.0.2.1)/vmlinuz ",
            "(tftp,192.0.2.1)/vmlinuz ",
            "(tftp,192.0.2.1)/vmlinuz ",
            "(tftp,192.0.2.1)/vmlinuz ",
            "(tftp,192.0.2.1)/vmlinuz ");
  }

  @Test
  void disksOtherServersAndOtherProtocolsAreNotFound() throws Exception {
    BootMenu m =
        menu(
            "tftp,192.0.2.1",
            String.join(
                "\n",
                "menuentry a { linux (hd0,msdos1)/vmlinuz }",
                "menuentry b { linux (tftp,192.0.2.9)/vmlinuz }",
                "menuentry c { linux (pxe:192.0.2.9)/vmlinuz }",
                "menuentry d { linux (http,192.0.2.1)/vmlinuz }",
                "menuentry e { linux (xen/xvda)/vmlinuz }",
                ""));
    assertThat(m.entries())
        .extracting(NetworkDevicesTest::kernelOrNotes)
        .containsExactly(
            "/boot/grub/grub.cfg:1: error: disk `hd0,msdos1' not found",
            "/boot/grub/grub.cfg:2: error: disk `tftp,192.0.2.9' not found (only tftp,192.0.2.1, the server booted from, is read)",
            "/boot/grub/grub.cfg:3: error: disk `pxe:192.0.2.9' not found (only tftp,192.0.2.1, the server booted from, is read)",
            "/boot/grub/grub.cfg:4: error: disk `http,192.0.2.1' not found (only tftp,192.0.2.1, the server booted from, is read)",
            "/boot/grub/grub.cfg:5: error: disk `xen/xvda' not found");
  }

  @Test
  void searchSeesNoDiskButAHintNamingTheServerIsLookedAt() throws Exception {
    BootMenu m =
        menu(
            "tftp,192.0.2.1",
            String.join(
                "\n",
                "if search --no-floppy --file --set=a /vmlinuz; then set x=found; else set x=none; fi",
                "search --no-floppy --file --set=b --hint tftp /vmlinuz",
                "menuentry a { linux /vmlinuz $x $b }",
                ""));
    assertThat(kernelOrNotes(m.entries().get(0))).isEqualTo("(tftp,192.0.2.1)/vmlinuz none tftp");
  }

  @Test
  void configfileOnThePrefixFollows() throws Exception {
    BootMenu m = menu("tftp,192.0.2.1", "configfile $prefix/more.cfg\n");
    assertThat(kernelOrNotes(m.entries().get(0))).isEqualTo("(tftp,192.0.2.1)/vmlinuz more");
  }

  @Test
  void aDiskVolumeKeepsItsNamesAndNoNetworkOnes() throws Exception {
    BootMenu m =
        menu("hd0", "menuentry a { linux (hd0)/vmlinuz }\nmenuentry b { linux (tftp)/vmlinuz }\n");
    assertThat(m.entries())
        .extracting(NetworkDevicesTest::kernelOrNotes)
        .containsExactly("(hd0)/vmlinuz ", "/boot/grub/grub.cfg:2: error: disk `tftp' not found");
  }
}
