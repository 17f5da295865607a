package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resolve --json IMAGE...} and {@code resolve --json -}: many images in one process, one
 * line of JSON each in the order given, the same record a run on the image alone prints, and
 * failures as lines carrying their exit status and its class.
 */
class BatchResolveTest {
  @TempDir static Path dir;
  static Path mbr;
  static Path seed;
  static Path deep;

  @BeforeAll
  static void images() {
    mbr = Fixtures.mbrImage(dir);
    seed = Fixtures.seedImage(dir);
    // Nine menus each loading the next through configfile: past maxIncludeDepth.
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

  /** The single-image --json record with the image's path put first. */
  private static JsonObject alone(Path image) {
    CliRun r = CliRun.of("resolve", "--json", image.toString());
    assertThat(r.exitCode()).isZero();
    JsonObject expected = new JsonObject();
    expected.addProperty("image", image.toString());
    JsonParser.parseString(r.out())
        .getAsJsonObject()
        .entrySet()
        .forEach(e -> expected.add(e.getKey(), e.getValue()));
    return expected;
  }

  private static List<String> lines(CliRun r) {
    return List.of(r.out().split("\n", -1)).subList(0, r.out().split("\n", -1).length - 1);
  }

  @Test
  void oneLinePerImageInTheOrderGivenEachTheRecordOfARunOnItAlone() {
    CliRun r = CliRun.of("resolve", "--json", mbr.toString(), seed.toString(), mbr.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.stderr()).isEmpty();
    List<String> lines = lines(r);
    assertThat(lines).hasSize(3);
    assertThat(JsonParser.parseString(lines.get(0))).isEqualTo(alone(mbr));
    assertThat(JsonParser.parseString(lines.get(1))).isEqualTo(alone(seed));
    assertThat(JsonParser.parseString(lines.get(2))).isEqualTo(alone(mbr));
    assertThat(lines.get(0))
        .startsWith("{\"image\": \"" + mbr + "\", \"kind\": \"linux\", \"kernel\": {");
  }

  @Test
  void failuresAreLinesWithTheirExitStatusAndClassAndTheRunExitsOne() {
    Path missing = dir.resolve("missing.img");
    CliRun r =
        CliRun.of(
            "resolve",
            "--json",
            "--jobs",
            "2",
            missing.toString(),
            deep.toString(),
            seed.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    List<String> lines = lines(r);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .isEqualTo(
            "{\"image\": \""
                + missing
                + "\", \"error\": \""
                + missing
                + ": no such file\", \"status\": 1, \"class\": \"failure\"}");
    JsonObject limit = JsonParser.parseString(lines.get(1)).getAsJsonObject();
    assertThat(limit.get("status").getAsInt()).isEqualTo(ExitCodes.LIMIT);
    assertThat(limit.get("class").getAsString()).isEqualTo("limit");
    assertThat(limit.get("error").getAsString())
        .startsWith("limit maxIncludeDepth (8) exceeded: configfile nesting at");
    assertThat(JsonParser.parseString(lines.get(2))).isEqualTo(alone(seed));
  }

  @Test
  void aDashReadsPathsFromStandardInputOneALineSkippingEmptyLines() {
    String stdin = seed + "\n\n" + mbr + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          Main.run(
              new Io(o, e, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))),
              "resolve",
              "--json",
              mbr.toString(),
              "-");
    }
    assertThat(code).isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(3);
    assertThat(JsonParser.parseString(lines[0])).isEqualTo(alone(mbr));
    assertThat(JsonParser.parseString(lines[1])).isEqualTo(alone(seed));
    assertThat(JsonParser.parseString(lines[2])).isEqualTo(alone(mbr));
  }

  @Test
  void manyImagesThroughASmallPoolKeepTheirOrder() throws IOException {
    List<String> args = new ArrayList<>(List.of("resolve", "--json", "--jobs", "3"));
    List<Path> images = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Path copy = dir.resolve("many-" + i + ".img");
      Files.copy(i % 3 == 0 ? seed : mbr, copy);
      images.add(copy);
      args.add(copy.toString());
    }
    CliRun r = CliRun.of(args.toArray(String[]::new));
    assertThat(r.exitCode()).isZero();
    List<String> lines = lines(r);
    assertThat(lines).hasSize(40);
    for (int i = 0; i < 40; i++) {
      JsonObject o = JsonParser.parseString(lines.get(i)).getAsJsonObject();
      assertThat(o.get("image").getAsString()).isEqualTo(images.get(i).toString());
      assertThat(o.getAsJsonObject("kernel").get("path").getAsString())
          .isEqualTo(i % 3 == 0 ? "/boot/vmlinuz-2.6.25-2-xen-686" : "/boot/vmlinuz-b");
    }
  }

  @Test
  void usageErrors() {
    CliRun text = CliRun.of("resolve", mbr.toString(), seed.toString());
    assertThat(text.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(text.stderr())
        .isEqualTo("bootlace: several images (or '-') need --json: one line of JSON per image\n");
    CliRun jobs = CliRun.of("resolve", "--json", "--jobs", "0", mbr.toString(), seed.toString());
    assertThat(jobs.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(jobs.stderr()).isEqualTo("bootlace: --jobs must be between 1 and 256: 0\n");
    CliRun explain = CliRun.of("resolve", "--json", "--explain", mbr.toString(), seed.toString());
    assertThat(explain.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(explain.stderr()).isEqualTo("bootlace: --explain takes one image\n");
    assertThat(text.out() + jobs.out() + explain.out()).isEmpty();
  }
}
