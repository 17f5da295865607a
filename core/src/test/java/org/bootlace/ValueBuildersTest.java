package org.bootlace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.Partition;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The builders drivers make menus, entries, targets and provenances with. */
class ValueBuildersTest {
  private BootSource source;
  private FileRef kernel;
  private FileRef initrd;

  @BeforeEach
  void open() throws IOException {
    source = TestImages.open(MemFs.builder().file("/vmlinuz", "K").file("/initrd", "I").build());
    Volume v = source.volume(0).orElseThrow();
    kernel = new FileRef(v, "/vmlinuz");
    initrd = new FileRef(v, "/initrd");
  }

  @AfterEach
  void close() throws IOException {
    source.close();
  }

  private MenuEntry.Builder entry() {
    return MenuEntry.builder()
        .index(List.of(0))
        .title("Linux")
        .kind(EntryKind.LINUX)
        .source(new SourceLocation("/grub.cfg", 3));
  }

  @Test
  void optionalPartsDefaultToEmpty() {
    MenuEntry e = entry().build();
    assertThat(e)
        .isEqualTo(
            new MenuEntry(
                List.of(0),
                "Linux",
                Optional.empty(),
                EntryKind.LINUX,
                Optional.empty(),
                List.of(),
                new SourceLocation("/grub.cfg", 3),
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.empty()));
    BootTarget t = BootTarget.builder().kernel(kernel).args("ro").build();
    assertThat(t.initrds()).isEmpty();
    assertThat(t.devicetree()).isEmpty();
    assertThat(t.modules()).isEmpty();
    BootMenu m = BootMenu.builder().parser("p").config(kernel).defaultReason("none").build();
    assertThat(m.entries()).isEmpty();
    assertThat(m.defaultEntry()).isEmpty();
    assertThat(m.timeoutSeconds()).isEmpty();
    assertThat(m.warnings()).isEmpty();
    assertThat(m.explanation()).isEmpty();
  }

  @Test
  void everySetterSetsItsComponent() {
    BootTarget t =
        BootTarget.builder()
            .kernel(kernel)
            .initrds(List.of(initrd))
            .args("root=/dev/xvda1")
            .devicetree(Optional.of(initrd))
            .modules(List.of(new BootTarget.Module(initrd, "m")))
            .build();
    assertThat(t)
        .isEqualTo(
            new BootTarget(
                kernel,
                List.of(initrd),
                "root=/dev/xvda1",
                Optional.of(initrd),
                List.of(new BootTarget.Module(initrd, "m"))));
    MenuEntry child = entry().index(List.of(1, 0)).build();
    MenuEntry e =
        entry()
            .id("linux")
            .target(t)
            .children(List.of(child))
            .notes(List.of("n"))
            .classes(List.of("debian"))
            .hotkey(Optional.of("a"))
            .defaultChild(Optional.of(List.of(1, 0)))
            .build();
    assertThat(e)
        .isEqualTo(
            new MenuEntry(
                List.of(0),
                "Linux",
                Optional.of("linux"),
                EntryKind.LINUX,
                Optional.of(t),
                List.of(child),
                new SourceLocation("/grub.cfg", 3),
                List.of("n"),
                List.of("debian"),
                Optional.of("a"),
                Optional.of(List.of(1, 0))));
    BootMenu m =
        BootMenu.builder()
            .parser("grub2")
            .config(kernel)
            .entries(List.of(e))
            .defaultEntry(List.of(0))
            .defaultReason("default=0")
            .timeoutSeconds(5)
            .warnings(List.of("w"))
            .explanation(List.of("x"))
            .build();
    assertThat(m)
        .isEqualTo(
            new BootMenu(
                "grub2",
                kernel,
                List.of(e),
                Optional.of(List.of(0)),
                "default=0",
                Optional.of(5),
                List.of("w"),
                List.of("x")));
    Provenance p =
        Provenance.builder()
            .imageFormat("raw")
            .partitionNumber(1)
            .partitionScheme("gpt")
            .partitionType("0fc63daf-8483-4772-8e79-3d69d8477de4")
            .partitionOffset(1048576)
            .fsType("ext4")
            .fsUuid(Optional.of("u"))
            .fsLabel(Optional.of("l"))
            .config(Optional.of(kernel))
            .parser(Optional.of("grub2"))
            .warnings(List.of("w"))
            .build();
    assertThat(p)
        .isEqualTo(
            new Provenance(
                "raw",
                1,
                "gpt",
                "0fc63daf-8483-4772-8e79-3d69d8477de4",
                1048576,
                "ext4",
                Optional.of("u"),
                Optional.of("l"),
                Optional.of(kernel),
                Optional.of("grub2"),
                List.of("w")));
  }

  @Test
  void toBuilderCopiesAndChangesOnlyWhatIsSet() {
    MenuEntry e = entry().id("a").notes(List.of("n")).build();
    assertThat(e.toBuilder().build()).isEqualTo(e);
    MenuEntry moved = e.toBuilder().index(List.of(2, 1)).build();
    assertThat(moved.index()).containsExactly(2, 1);
    assertThat(moved.toBuilder().index(List.of(0)).build()).isEqualTo(e);
    BootTarget t = BootTarget.builder().kernel(kernel).initrds(List.of(initrd)).args("a").build();
    assertThat(t.toBuilder().args("b").build().initrds()).containsExactly(initrd);
    BootMenu m = BootMenu.builder().parser("p").config(kernel).defaultReason("r").build();
    assertThat(m.toBuilder().build()).isEqualTo(m);
    assertThat(m.toBuilder().timeoutSeconds(3).build().timeoutSeconds()).contains(3);
    Provenance p =
        Provenance.builder()
            .imageFormat("raw")
            .partitionNumber(0)
            .partitionScheme("none")
            .partitionType("")
            .partitionOffset(0)
            .fsType("memfs")
            .build();
    assertThat(p.toBuilder().build()).isEqualTo(p);
    assertThat(p.toBuilder().fsType("ext4").build().fsType()).isEqualTo("ext4");
  }

  @Test
  void listsAreCopiedWhenSet() {
    List<String> notes = new ArrayList<>(List.of("first"));
    MenuEntry.Builder b = entry().notes(notes);
    notes.add("second");
    MenuEntry e = b.build();
    assertThat(e.notes()).containsExactly("first");
    assertThatThrownBy(() -> e.notes().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aRequiredPartLeftUnsetIsNamed() {
    assertThatThrownBy(() -> BootMenu.builder().config(kernel).defaultReason("r").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("BootMenu.parser is not set: call BootMenu.Builder.parser(...)");
    assertThatThrownBy(() -> MenuEntry.builder().index(List.of(0)).title("t").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("MenuEntry.kind is not set: call MenuEntry.Builder.kind(...)");
    assertThatThrownBy(() -> BootTarget.builder().kernel(kernel).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("BootTarget.args is not set: call BootTarget.Builder.args(...)");
    assertThatThrownBy(
            () ->
                Provenance.builder()
                    .imageFormat("raw")
                    .partitionScheme("none")
                    .partitionType("")
                    .partitionOffset(0)
                    .fsType("memfs")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Provenance.partitionNumber is not set: call Provenance.Builder.partitionNumber(...)");
  }

  @Test
  void nullIsRefusedByNameInBuildersAndConstructors() {
    assertThatThrownBy(() -> entry().title(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("MenuEntry.title is null");
    assertThatThrownBy(() -> entry().target((Optional<BootTarget>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("MenuEntry.target is null");
    assertThatThrownBy(() -> BootTarget.builder().initrds(Arrays.asList(initrd, null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("BootTarget.initrds[1] is null");
    assertThatThrownBy(() -> BootMenu.builder().defaultEntry(Optional.of(Arrays.asList(0, null))))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("BootMenu.defaultEntry[1] is null");
    assertThatThrownBy(
            () ->
                new Provenance(
                    "raw",
                    0,
                    "none",
                    "",
                    0,
                    null,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Provenance.fsType is null");
    assertThatThrownBy(() -> new BootTarget.Module(initrd, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("BootTarget.Module.args is null");
  }

  @Test
  void partitionsAreBuiltWithDefaultsAndCopiedWithChanges() {
    BlockDevice disk = BlockDevices.ofBytes(new byte[1024], "disk");
    Partition p =
        Partition.builder()
            .number(5)
            .scheme("msdos")
            .type("0x83")
            .offset(512)
            .length(512)
            .device(disk.slice(512, 512, "msdos5"))
            .build();
    assertThat(p.typeName()).isEmpty();
    assertThat(p.bootable()).isFalse();
    assertThat(p.label()).isEmpty();
    assertThat(p.uuid()).isEmpty();
    assertThat(p.deviceNames()).isEmpty();
    assertThat(p.grubName()).contains("msdos5");
    assertThat(p.toBuilder().build()).isEqualTo(p);

    List<String> names = new ArrayList<>(List.of("md/boot", "mduuid/0123"));
    Partition md = p.toBuilder().number(1).scheme("md").deviceNames(names).build();
    names.clear();
    assertThat(md.deviceNames()).containsExactly("md/boot", "mduuid/0123");
    assertThat(md.assembled()).isTrue();
    assertThat(md.offset()).isEqualTo(512);
    assertThat(md.toString()).isEqualTo("md/boot");
    assertThat(Partition.wholeDisk(disk).toString()).isEqualTo("whole disk");
  }

  @Test
  void aPartitionsMissingOrNullPartIsNamed() {
    assertThatThrownBy(() -> Partition.builder().number(1).scheme("gpt").type("t").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Partition.offset is not set: call Partition.Builder.offset(...)");
    assertThatThrownBy(() -> Partition.builder().scheme(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Partition.scheme is null");
    assertThatThrownBy(() -> Partition.builder().deviceNames(Arrays.asList("lvm/vg-root", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Partition.deviceNames[1] is null");
  }
}
