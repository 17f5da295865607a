package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** grubenv files, load_env and save_env, and 00_header's next_entry/saved_entry logic. */
class GrubenvTest {
  static List<String> pairs(String text) {
    List<EnvBlock.Pair> p = EnvBlock.parse(text.getBytes(StandardCharsets.UTF_8));
    return p == null ? null : p.stream().map(x -> x.name() + "=" + x.value()).toList();
  }

  @Test
  void theBlockFormat() {
    assertThat(pairs(EnvBlock.SIGNATURE + "a=1\nb=x\\\\y\\\nz\n#####"))
        .containsExactly("a=1", "b=x\\y\nz");
    assertThat(pairs("# GRUB Environment Blocc\na=1\n")).isNull();
    assertThat(pairs(EnvBlock.SIGNATURE)).isNull();
    // A name runs to the first '=' across lines; a value without a final newline is dropped.
    assertThat(pairs(EnvBlock.SIGNATURE + "junk\nk=v\nlast=nonl")).containsExactly("junk\nk=v");
    assertThat(pairs(EnvBlock.SIGNATURE + "noequals\n")).isEmpty();
  }

  @Test
  void whatGrubEditenvWritesIsWhatLoadEnvReads(@TempDir Path dir) throws Exception {
    Path env = dir.resolve("grubenv");
    Tools.run("grub-editenv", env.toString(), "create");
    Tools.run("grub-editenv", env.toString(), "set", "saved_entry=Advanced>Debian", "odd=a\\b");
    byte[] bytes = Files.readAllBytes(env);
    assertThat(bytes).hasSize(1024);
    assertThat(EnvBlock.parse(bytes))
        .extracting(p -> p.name() + "=" + p.value())
        .containsExactly("saved_entry=Advanced>Debian", "odd=a\\b");
  }

  static final String HEADER =
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
         set default="${saved_entry}"
      fi
      menuentry 'A' --id a { linux /vmlinuz a }
      submenu 'Sub' --id sub {
        menuentry 'B' --id b { linux /vmlinuz b }
        menuentry 'C' --id c { linux /vmlinuz c }
      }
      """;

  static BootMenu withEnv(String... vars) throws Exception {
    return G2.menu(G2.fs(HEADER).file("/boot/grub/grubenv", Grubenv.block(vars)).build());
  }

  @Test
  void savedEntryByIdPathTitleAndIndex() throws Exception {
    assertThat(withEnv("saved_entry=sub>c").defaultEntry()).contains(List.of(1, 1));
    assertThat(withEnv("saved_entry=Sub>B").defaultEntry()).contains(List.of(1, 0));
    assertThat(withEnv("saved_entry=1>1").defaultEntry()).contains(List.of(1, 1));
    assertThat(withEnv("saved_entry=c").defaultEntry()).contains(List.of(0));
    assertThat(withEnv().defaultEntry()).contains(List.of(0));
  }

  @Test
  void nextEntryWinsOnceAndIsNotWritten() throws Exception {
    BootMenu menu = withEnv("saved_entry=a", "next_entry=sub>b");
    assertThat(menu.defaultEntry()).contains(List.of(1, 0));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default 'sub>b' (set at /boot/grub/grub.cfg:6): entry 1 by id; in 'Sub': default 'b' (the"
                + " part after '>' of default, entering 1): entry 0 by id");
    assertThat(menu.explanation())
        .contains(
            "/boot/grub/grub.cfg:3: load_env read /boot/grub/grubenv: saved_entry=a, next_entry=sub>b",
            "/boot/grub/grub.cfg:8: save_env would write next_entry= to /boot/grub/grubenv (bootlace writes nothing)");
  }

  @Test
  void withoutGrubenvNothingIsLoaded() throws Exception {
    BootMenu menu = G2.menu(HEADER);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.warnings()).isEmpty();
  }

  @Test
  void loadEnvFromAnotherFileAndOnlyListedNames() throws Exception {
    byte[] fs =
        G2.fs("load_env -f /boot/other.env keep\nmenuentry \"[$keep] [$skip]\" { linux /vmlinuz }")
            .file("/boot/other.env", Grubenv.block("keep=1", "skip=2"))
            .build();
    assertThat(G2.menu(fs).entries().get(0).title()).isEqualTo("[1] []");
  }

  @Test
  void aBrokenGrubenvIsAnErrorAndTheScriptGoesOn() throws Exception {
    byte[] fs =
        G2.fs("load_env\nmenuentry a { linux /vmlinuz }")
            .file("/boot/grub/grubenv", "not an env")
            .build();
    BootMenu menu = G2.menu(fs);
    assertThat(menu.warnings())
        .containsExactly("/boot/grub/grub.cfg:1: error: invalid environment block");
    assertThat(menu.entries()).hasSize(1);
  }
}
