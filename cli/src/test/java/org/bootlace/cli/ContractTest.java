package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every subcommand's output, exit status and error path, as a script would see them: JSON read with
 * a real parser, statuses 0 to 3 each reached.
 */
class ContractTest {
  @TempDir static Path dir;
  static Path mbr;
  static Path deep;

  @BeforeAll
  static void images() {
    mbr = Fixtures.mbrImage(dir);
    // Nine menus each loading the next through configfile: one more than maxIncludeDepth allows.
    Path root = dir.resolve("deep-root");
    Tools.write(root, "boot/grub/menu.lst", "default 0\ntitle to 0\nconfigfile /boot/grub/0.lst\n");
    for (int i = 0; i < 10; i++) {
      Tools.write(
          root,
          "boot/grub/" + i + ".lst",
          "default 0\ntitle to " + (i + 1) + "\nconfigfile /boot/grub/" + (i + 1) + ".lst\n");
    }
    Tools.write(root, "boot/vmlinuz", Fixtures.pattern("kernel", 1000));
    deep = dir.resolve("deep.img");
    Tools.run("mkfs.ext3", "-q", "-F", "-d", root.toString(), deep.toString(), "4M");
  }

  @Test
  void resolveJsonIsValidJsonWithTheRecord() {
    CliRun r = CliRun.of("resolve", "--json", "--explain", mbr.toString());
    assertThat(r.exitCode()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.get("kind").getAsString()).isEqualTo("linux");
    assertThat(o.getAsJsonObject("kernel").get("location").getAsString())
        .isEqualTo("(hd0,msdos2)/boot/vmlinuz-b");
    assertThat(o.getAsJsonObject("kernel").get("size").getAsLong()).isEqualTo(90_000);
    assertThat(o.get("args").getAsString()).isEqualTo("root=/dev/xvda2 ro quiet");
    assertThat(o.getAsJsonArray("ramdisks")).isEmpty();
    assertThat(o.getAsJsonObject("entry").get("title").getAsString())
        .isEqualTo("Second 'quoted' entry");
    assertThat(o.getAsJsonObject("provenance").get("partition").getAsInt()).isEqualTo(2);
    assertThat(o.getAsJsonArray("explanation").get(0).getAsString())
        .isEqualTo("configuration (hd0,msdos2)/boot/grub/menu.lst read by grub-legacy");
    assertThat(o.getAsJsonArray("probes").asList())
        .extracting(e -> e.getAsString())
        .contains("image format raw: any bytes are a raw disk");
  }

  @Test
  void listJsonIsValidJsonWithEveryEntry() {
    CliRun r = CliRun.of("list", "--json", mbr.toString());
    assertThat(r.exitCode()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.get("parser").getAsString()).isEqualTo("grub-legacy");
    assertThat(o.get("default").getAsString()).isEqualTo("1");
    JsonArray entries = o.getAsJsonArray("entries");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).getAsJsonObject().get("title").getAsString()).isEqualTo("First");
    assertThat(entries.get(0).getAsJsonObject().getAsJsonArray("initrds").get(0).getAsString())
        .isEqualTo("(hd0,msdos2)/boot/initrd-a");
  }

  @Test
  void aLimitReachedExitsThreeNamingIt() {
    for (String[] args :
        new String[][] {
          {"resolve", deep.toString()},
          {"list", deep.toString()},
          {"pygrub", "-q", "-n", deep.toString()},
        }) {
      CliRun r = CliRun.of(args);
      assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.LIMIT);
      assertThat(r.stderr())
          .as(String.join(" ", args))
          .startsWith("bootlace: limit maxIncludeDepth (8) exceeded: configfile nesting at")
          .endsWith("(raise it with Limits.builder().maxIncludeDepth(...))\n");
      assertThat(r.stdout()).isEmpty();
    }
  }

  @Test
  void extractWritesTheThreeFiles() throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));
    CliRun r = CliRun.of("extract", mbr.toString(), "-o", out.toString(), "--entry", "First");
    assertThat(r.exitCode()).isZero();
    assertThat(Files.readAllBytes(out.resolve("kernel")))
        .isEqualTo(Fixtures.pattern("kernel-a", 70_000));
    assertThat(Files.readAllBytes(out.resolve("ramdisk")))
        .isEqualTo(Fixtures.pattern("initrd-a", 50_000));
    assertThat(Files.readString(out.resolve("cmdline"))).isEqualTo("root=/dev/xvda2 ro\n");
  }

  @Test
  void extractIntoAMissingDirectoryIsAUsageErrorAndCreatesNothing() {
    Path out = dir.resolve("missing");
    CliRun r = CliRun.of("extract", mbr.toString(), "-o", out.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).startsWith("bootlace: ").contains(out.toString());
    assertThat(Files.exists(out.resolve("kernel"))).isFalse();
  }

  @Test
  void lsAndCatErrorPaths() {
    CliRun ls = CliRun.of("ls", mbr.toString(), "p2:/no/such");
    assertThat(ls.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(ls.stderr()).isEqualTo("bootlace: p2:/no/such: no such file or directory\n");
    CliRun cat = CliRun.of("cat", mbr.toString(), "p2:/boot");
    assertThat(cat.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(cat.stderr())
        .isEqualTo("bootlace: (hd0,msdos2)/boot: is a directory, not a regular file\n");
    CliRun p9 = CliRun.of("ls", mbr.toString(), "p9:/");
    assertThat(p9.exitCode()).isEqualTo(ExitCodes.FAILURE);
  }

  @Test
  void usageErrorsExitTwo() {
    for (String[] args :
        new String[][] {
          {"resolve"},
          {"resolve", "--no-such-option", mbr.toString()},
          {"list"},
          {"extract", mbr.toString()},
          {"ls"},
          {"cat", mbr.toString()},
          {"pygrub", "--output-format=xml", mbr.toString()},
          {"resolve", "--timeout", "-1", mbr.toString()},
          {"nosuchcommand"},
        }) {
      CliRun r = CliRun.of(args);
      assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
      assertThat(r.stderr()).as(String.join(" ", args)).isNotEmpty();
    }
  }
}
