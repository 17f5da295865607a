package org.bootlace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootlace.spi.BootConfigParser;
import org.bootlace.spi.ConfigContext;
import org.bootlace.spi.ConfigLocation;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestImages;
import org.junit.jupiter.api.Test;

/** From a menu to a BootRecord: selection, overrides, limits and the errors a user sees. */
class ResolutionTest {
  /**
   * A config language for this test only: each line "title|kernel|initrd,initrd|args", with
   * "default N" on the first line.
   */
  private static final class LineParser implements BootConfigParser {
    private final String location;

    LineParser() {
      this("/boot/menu.txt");
    }

    LineParser(String location) {
      this.location = location;
    }

    @Override
    public String name() {
      return "lines";
    }

    @Override
    public List<ConfigLocation> locations() {
      return List.of(new ConfigLocation(location, 100));
    }

    @Override
    public BootMenu parse(ConfigContext ctx) {
      String[] lines = new String(ctx.content(), StandardCharsets.UTF_8).split("\n");
      int def = Integer.parseInt(lines[0].substring("default ".length()));
      List<MenuEntry> entries = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].split("\\|", -1);
        List<FileRef> initrds = new ArrayList<>();
        for (String p : f[2].split(",")) {
          if (!p.isEmpty()) {
            initrds.add(new FileRef(ctx.volume(), p));
          }
        }
        entries.add(
            MenuEntry.builder()
                .index(List.of(i - 1))
                .title(f[0])
                .id("id" + (i - 1))
                .kind(f[1].isEmpty() ? EntryKind.OTHER : EntryKind.LINUX)
                .target(
                    f[1].isEmpty()
                        ? Optional.empty()
                        : Optional.of(
                            BootTarget.builder()
                                .kernel(new FileRef(ctx.volume(), f[1]))
                                .initrds(initrds)
                                .args(f[3])
                                .build()))
                .source(new SourceLocation(ctx.path(), i + 1))
                .notes(f[1].isEmpty() ? List.of("no kernel line") : List.of())
                .build());
      }
      return BootMenu.builder()
          .parser(name())
          .config(new FileRef(ctx.volume(), ctx.path()))
          .entries(entries)
          .defaultEntry(List.of(def))
          .defaultReason("default " + def + " at " + ctx.path() + ":1")
          .build();
    }
  }

  private static final String MENU =
      "default 1\n"
          + "Old|/boot/vmlinuz-old|/boot/initrd-old|ro old\n"
          + "Current|/boot/vmlinuz|/boot/ucode.img,/boot/initrd|root=/dev/xvda1 ro\n"
          + "Memtest||| \n";

  private static BootSource open(BootOptions.Builder options, MemFs.Builder fs) throws IOException {
    return TestImages.open(fs.build(), options, new LineParser());
  }

  private static MemFs.Builder guest() {
    return MemFs.builder()
        .file("/boot/menu.txt", MENU)
        .file("/boot/vmlinuz-old", "OLDKERNEL")
        .file("/boot/initrd-old", "OLDINITRD")
        .file("/boot/vmlinuz", "KERNEL")
        .file("/boot/ucode.img", "UCODE")
        .file("/boot/initrd", "INITRD");
  }

  private static String content(GuestFile f) throws IOException {
    return new String(f.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void defaultEntryWithTwoInitrdsConcatenated() throws IOException {
    try (BootSource s = open(BootOptions.builder(), guest())) {
      BootRecord r = s.resolveBoot();
      assertThat(content(r.kernel())).isEqualTo("KERNEL");
      assertThat(r.kernel().location()).isEqualTo("(hd0)/boot/vmlinuz");
      assertThat(r.ramdisks())
          .extracting(GuestFile::path)
          .containsExactly("/boot/ucode.img", "/boot/initrd");
      assertThat(content(r.ramdisk().orElseThrow())).isEqualTo("UCODEINITRD");
      assertThat(r.ramdisk().orElseThrow().size()).isEqualTo(11);
      assertThat(r.args()).isEqualTo("root=/dev/xvda1 ro");
      assertThat(r.entry().orElseThrow().title()).isEqualTo("Current");
      Provenance p = r.provenance();
      assertThat(p.imageFormat()).isEqualTo("raw");
      assertThat(p.partitionNumber()).isZero();
      assertThat(p.fsType()).isEqualTo("memfs");
      assertThat(p.config().orElseThrow().toString()).isEqualTo("(hd0)/boot/menu.txt");
      assertThat(p.parser()).contains("lines");
    }
  }

  @Test
  void anEntryOfTheMenuResolvesAndAnotherSourcesEntryIsRefused() throws IOException {
    try (BootSource s = open(BootOptions.builder(), guest());
        BootSource other = open(BootOptions.builder(), guest())) {
      MenuEntry old = s.menu().entries().get(0);
      assertThat(s.resolveBoot(old).args()).isEqualTo("ro old");
      MenuEntry foreign = other.menu().entries().get(0);
      assertThatThrownBy(() -> s.resolveBoot(foreign))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("entry 0 'Old' is not an entry of test.img's menu");
    }
  }

  @Test
  void aChangedCopyOfAnEntryIsRefusedNotResolvedAsTheOriginal() throws IOException {
    try (BootSource s = open(BootOptions.builder(), guest())) {
      MenuEntry current = s.menu().entries().get(1);
      assertThat(s.resolveBoot(current).args()).isEqualTo("root=/dev/xvda1 ro");
      MenuEntry edited =
          current.toBuilder()
              .target(current.target().orElseThrow().toBuilder().args("init=/bin/sh").build())
              .build();
      assertThatThrownBy(() -> s.resolveBoot(edited))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("entry 1 'Current' is not an entry of test.img's menu");
      MenuEntry memtest = s.menu().entries().get(2);
      assertThatThrownBy(() -> s.resolveBoot(memtest))
          .isInstanceOf(BootEntryException.class)
          .hasMessage("(hd0)/boot/menu.txt: entry 2 'Memtest' loads no kernel: no kernel line");
    }
  }

  @Test
  void entriesByIndexTitleAndId() throws IOException {
    try (BootSource s = open(BootOptions.builder(), guest())) {
      assertThat(s.resolveBoot("0").args()).isEqualTo("ro old");
      assertThat(s.resolveBoot("Old").args()).isEqualTo("ro old");
      assertThat(s.resolveBoot("id0").args()).isEqualTo("ro old");
    }
  }

  @Test
  void pygrubOverridesAppendArgsAndReplaceFiles() throws IOException {
    try (BootSource s =
        open(
            BootOptions.builder().extraArgs("console=hvc0").ramdisk("/boot/initrd-old"), guest())) {
      BootRecord r = s.resolveBoot();
      assertThat(r.args()).isEqualTo("root=/dev/xvda1 ro console=hvc0");
      assertThat(r.ramdisks()).extracting(GuestFile::path).containsExactly("/boot/initrd-old");
    }
    try (BootSource s =
        open(BootOptions.builder().kernel("/boot/vmlinuz-old").extraArgs("x=1"), guest())) {
      BootRecord r = s.resolveBoot();
      assertThat(content(r.kernel())).isEqualTo("OLDKERNEL");
      assertThat(r.ramdisks()).isEmpty();
      assertThat(r.args()).isEqualTo("x=1");
      assertThat(r.entry()).isEmpty();
      assertThat(r.provenance().config()).isEmpty();
    }
  }

  @Test
  void anEntryEditedInAMenuBootsTheEditedFilesAndCommandLine() throws IOException {
    // The entry's own kernel is missing: editing it is how a user boots anyway.
    MemFs.Builder fs =
        guest().file("/boot/menu.txt", MENU.replace("/boot/vmlinuz|", "/boot/gone|"));
    try (BootSource s = open(BootOptions.builder().extraArgs("console=hvc0"), fs)) {
      BootRecord r =
          s.resolveEdited(
              "1", "/boot/vmlinuz-old", List.of("/boot/initrd-old", "/boot/initrd"), "edited");
      assertThat(content(r.kernel())).isEqualTo("OLDKERNEL");
      assertThat(content(r.ramdisk().orElseThrow())).isEqualTo("OLDINITRDINITRD");
      assertThat(r.args()).isEqualTo("edited console=hvc0");
      assertThat(r.entry().orElseThrow().title()).isEqualTo("Current");
      assertThat(r.provenance().config().orElseThrow().toString()).isEqualTo("(hd0)/boot/menu.txt");
      assertThat(s.resolveEdited("0", "/boot/vmlinuz", List.of(), "").ramdisks()).isEmpty();
      assertThatThrownBy(() -> s.resolveEdited("0", "/boot/nope", List.of(), "ro"))
          .isInstanceOf(GuestFileException.class)
          .hasMessage("(hd0)/boot/nope: no such file or directory");
      assertThatThrownBy(() -> s.resolveEdited("0", "", List.of(), "ro"))
          .isInstanceOf(BootEntryException.class)
          .hasMessage("(hd0)/boot/menu.txt: entry 0 'Old' as edited: '' is not an absolute path");
      assertThatThrownBy(() -> s.resolveEdited("0", "/boot/vmlinuz", List.of("boot/initrd"), "ro"))
          .isInstanceOf(BootEntryException.class)
          .hasMessage(
              "(hd0)/boot/menu.txt: entry 0 'Old' as edited: 'boot/initrd' is not an absolute path");
      assertThatThrownBy(() -> s.resolveEdited("2", "/boot/vmlinuz", List.of(), "ro"))
          .isInstanceOf(BootEntryException.class)
          .hasMessage("(hd0)/boot/menu.txt: entry 2 'Memtest' loads no kernel to edit");
    }
  }

  @Test
  void clearErrorsForWhatCannotBeBooted() throws IOException {
    try (BootSource s = open(BootOptions.builder(), guest())) {
      assertThatThrownBy(() -> s.resolveBoot("7"))
          .isInstanceOf(BootEntryException.class)
          .hasMessage(
              "(hd0)/boot/menu.txt: no entry matches '7'; entries: 0 'Old' 1 'Current' 2 'Memtest'");
      assertThatThrownBy(() -> s.resolveBoot("Memtest"))
          .isInstanceOf(BootEntryException.class)
          .hasMessage("(hd0)/boot/menu.txt: entry 2 'Memtest' loads no kernel: no kernel line");
    }
    try (BootSource s =
        open(
            BootOptions.builder(),
            guest().file("/boot/menu.txt", MENU.replace("/boot/vmlinuz|", "/boot/gone|")))) {
      assertThatThrownBy(s::resolveBoot)
          .isInstanceOf(GuestFileException.class)
          .hasMessage("(hd0)/boot/gone: no such file or directory");
    }
    try (BootSource s = open(BootOptions.builder().kernel("/nope"), guest())) {
      assertThatThrownBy(s::resolveBoot)
          .isInstanceOf(BootEntryException.class)
          .hasMessage("kernel /nope not found in test.img (searched (hd0))");
    }
    try (BootSource s = open(BootOptions.builder(), MemFs.builder().file("/etc/x", "x"))) {
      assertThatThrownBy(s::resolveBoot)
          .isInstanceOf(NoBootConfigException.class)
          .hasMessage(
              "no usable boot configuration found in test.img; partition tables: test-parts: no test"
                  + " partition table; searched: (hd0) memfs: /boot/menu.txt");
    }
  }

  @Test
  void aStarInALocationMatchesEveryDirectoryInNameOrder() throws IOException {
    MemFs.Builder esp =
        guest()
            .file("/EFI/BOOT/BOOTX64.EFI", "x")
            .file("/EFI/debian/menu.txt", MENU.replace("default 1", "default 0"))
            .file("/EFI/zzz/menu.txt", MENU);
    try (BootSource s =
        TestImages.open(esp.build(), BootOptions.builder(), new LineParser("/EFI/*/menu.txt"))) {
      BootMenu menu = s.menu();
      assertThat(menu.config().path()).isEqualTo("/EFI/debian/menu.txt");
      assertThat(s.resolveBoot().args()).isEqualTo("ro old");
    }
  }

  @Test
  void kernelAndRamdiskSizesAreBounded() throws IOException {
    Limits small = Limits.builder().maxKernelBytes(5).maxRamdiskBytes(10).build();
    try (BootSource s = open(BootOptions.builder().limits(small), guest())) {
      assertThatThrownBy(s::resolveBoot)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxKernelBytes (5) exceeded: kernel (hd0)/boot/vmlinuz (6)"
                  + " (raise it with Limits.builder().maxKernelBytes(...))");
    }
    Limits ramdisks = Limits.builder().maxRamdiskBytes(10).build();
    try (BootSource s = open(BootOptions.builder().limits(ramdisks), guest())) {
      assertThatThrownBy(s::resolveBoot)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxRamdiskBytes (10) exceeded: ramdisks together (11)"
                  + " (raise it with Limits.builder().maxRamdiskBytes(...))");
    }
  }
}
