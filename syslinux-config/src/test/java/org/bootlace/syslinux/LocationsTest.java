package org.bootlace.syslinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.spi.ConfigLocation;
import org.bootlace.testing.MemFs;
import org.junit.jupiter.api.Test;

/** Where the configuration is looked for, and the directory it starts in. */
class LocationsTest {
  @Test
  void everyNameInEveryDirectoryIsListedOnceWithRanks200Upwards() {
    List<ConfigLocation> locations = new SyslinuxParser().locations();
    assertThat(locations).hasSize(22);
    assertThat(locations)
        .extracting(ConfigLocation::rank)
        .containsExactlyElementsOf(range(200, 222));
    List<String> expected = new ArrayList<>();
    for (String dir :
        List.of(
            "/boot/isolinux",
            "/isolinux",
            "/boot/extlinux",
            "/extlinux",
            "/boot/syslinux",
            "/syslinux",
            "")) {
      for (String name : List.of("isolinux.cfg", "extlinux.conf", "syslinux.cfg")) {
        expected.add(dir + "/" + name);
      }
    }
    expected.add("/boot/extlinux.conf");
    assertThat(locations)
        .extracting(ConfigLocation::path)
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void pygrubsFivePathsKeepTheirOrder() {
    List<String> paths =
        new SyslinuxParser().locations().stream().map(ConfigLocation::path).toList();
    List<String> pygrub =
        List.of(
            "/boot/isolinux/isolinux.cfg",
            "/boot/extlinux/extlinux.conf",
            "/boot/extlinux.conf",
            "/extlinux/extlinux.conf",
            "/extlinux.conf");
    assertThat(pygrub.stream().map(paths::indexOf).toList()).isSorted().doesNotContain(-1);
  }

  @Test
  void isolinuxOrderIsKeptDirectoryByDirectoryIsolinuxCfgFirst() {
    List<String> paths =
        new SyslinuxParser().locations().stream().map(ConfigLocation::path).toList();
    List<String> isolinux = new ArrayList<>();
    for (String dir : List.of("/boot/isolinux", "/isolinux", "/boot/syslinux", "/syslinux", "")) {
      isolinux.add(dir + "/isolinux.cfg");
      isolinux.add(dir + "/syslinux.cfg");
    }
    assertThat(isolinux.stream().map(paths::indexOf).toList()).isSorted().doesNotContain(-1);
  }

  @Test
  void syslinuxOrderIsKeptForTheUsualInstallDirectoriesThenTheFixedOnes() {
    List<String> paths =
        new SyslinuxParser().locations().stream().map(ConfigLocation::path).toList();
    List<String> syslinux = new ArrayList<>();
    for (String dir : List.of("/boot/extlinux", "/extlinux", "/boot/syslinux", "/syslinux", "")) {
      syslinux.add(dir + "/extlinux.conf");
      syslinux.add(dir + "/syslinux.cfg");
    }
    assertThat(syslinux.stream().map(paths::indexOf).toList()).isSorted().doesNotContain(-1);
  }

  @Test
  void theFirstLocationFoundWinsAndItsDirectoryIsTheCurrentOne() throws Exception {
    String entry = "DEFAULT a\nLABEL a\nKERNEL vmlinuz\n";
    byte[] fs =
        MemFs.builder()
            .file("/syslinux.cfg", entry)
            .file("/boot/extlinux.conf", entry)
            .file("/isolinux/isolinux.cfg", entry)
            .file("/isolinux/vmlinuz", "k")
            .build();
    BootMenu menu = Sys.menu(fs);
    assertThat(menu.config().path()).isEqualTo("/isolinux/isolinux.cfg");
    assertThat(menu.entries().get(0).target().orElseThrow().kernel().path())
        .isEqualTo("/isolinux/vmlinuz");
    assertThat(menu.explanation())
        .startsWith(
            "/isolinux/isolinux.cfg: read by syslinux with /isolinux as its current directory");
  }

  @Test
  void bootExtlinuxConfStartsInBoot() throws Exception {
    byte[] fs =
        MemFs.builder()
            .file("/boot/extlinux.conf", "DEFAULT a\nLABEL a\nKERNEL vmlinuz\n")
            .file("/boot/vmlinuz", "k")
            .build();
    BootMenu menu = Sys.menu(fs);
    assertThat(menu.config().path()).isEqualTo("/boot/extlinux.conf");
    assertThat(menu.entries().get(0).target().orElseThrow().kernel().path())
        .isEqualTo("/boot/vmlinuz");
    assertThat(menu.entries().get(0).notes()).isEmpty();
  }

  @Test
  void nameAndPriorityPlaceTheParserBetweenGrub2AndGrubLegacy() {
    SyslinuxParser p = new SyslinuxParser();
    assertThat(p.name()).isEqualTo("syslinux");
    assertThat(p.priority()).isEqualTo(200);
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }
}
