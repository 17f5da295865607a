package org.bootlace.volume.lvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.volume.lvm.ConfigText.Arr;
import org.bootlace.volume.lvm.ConfigText.Num;
import org.bootlace.volume.lvm.ConfigText.Section;
import org.bootlace.volume.lvm.ConfigText.Str;
import org.junit.jupiter.api.Test;

/**
 * LVM's configuration text: the grammar, each error with its message, and linear time at megabytes.
 */
class ConfigTextTest {
  private static Section parse(String text) throws Exception {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    return ConfigText.parse(b, b.length, "t");
  }

  private static void fails(String text, String message) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(message);
  }

  @Test
  void sectionsValuesArraysAndComments() throws Exception {
    Section top =
        parse(
            "# comment\nvg {\n  id = \"a\\\"b\\\\c\" # trailing\n  n = -42\n  f = 1.5\n"
                + "  list = [\"x\", 3, \"y\"]\n  empty = []\n  inner { deep { k = 0 } }\n}\nversion = 1\n");
    Section vg = top.section("vg");
    assertThat(vg.string("id")).isEqualTo("a\"b\\c");
    assertThat(vg.number("n")).isEqualTo(-42);
    assertThat(vg.get("f")).contains(new Num(1, false, "1.5"));
    assertThat(vg.array("list"))
        .isEqualTo(new Arr(List.of(new Str("x"), new Num(3, true, "3"), new Str("y"))));
    assertThat(vg.array("empty").items()).isEmpty();
    assertThat(vg.section("inner").section("deep").path).isEqualTo("vg/inner/deep");
    assertThat(top.number("version")).isEqualTo(1);
    assertThat(List.copyOf(vg.items.keySet()))
        .containsExactly("id", "n", "f", "list", "empty", "inner");
  }

  @Test
  void theTextMayEndWhereTheBytesSayEvenBeforeTheArrayEnds() throws Exception {
    byte[] b = "a = 1\nb = 2\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(ConfigText.parse(b, 11, "t").items.keySet()).containsExactly("a", "b");
  }

  @Test
  void errorsNameTheLineAndWhatWasFound() {
    fails("a = 1\nb 2\n", "t: line 2: expected '=' or '{' after \"b\", found '2'");
    fails("a = \n", "t: line 2: expected a value, found the end of the text");
    fails("a = [1 2]", "t: line 1: expected ',' or ']' in an array, found '2'");
    fails("a = [[1]]", "t: line 1: expected a value, found '['");
    fails("a = \"open\n\n", "t: line 1: string not closed");
    fails("a = \"x\\", "t: line 1: string not closed");
    fails(
        "a = 99999999999999999999",
        "t: line 1: number 99999999999999999999 does not fit in 64 bits");
    fails("a = 1.", "t: line 1: a number ends in '.'");
    fails("a = -", "t: line 1: '-' without digits");
    fails("a = 12ab", "t: line 1: number 12 followed by 'a'");
    fails("a = 1\na = 2", "t: line 2: \"a\" given twice in the top level");
    fails("s {\n a = 1\n a = 2 }", "t: line 3: \"a\" given twice in \"s\"");
    fails("s {\n a = 1\n", "t: line 3: section \"s\" (line 1) is not closed");
    fails("}", "t: line 1: '}' without a section to close");
    fails("= 1", "t: line 1: expected a name, found '='");
    fails("a = \u0001", "t: line 1: expected a value, found byte 0x01");
  }

  @Test
  void everyValueIsChargedAgainstMaxMetadataBytes() throws Exception {
    byte[] b = "a = 1\nb = [1, 2]\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(ConfigText.parse(b, b.length, "t", 4 * 64).items).hasSize(2);
    assertThatThrownBy(() -> ConfigText.parse(b, b.length, "t", 3 * 64))
        .isInstanceOf(org.bootlace.LimitExceededException.class)
        .hasMessage(
            "limit maxMetadataBytes (192) exceeded: t: more than 3 values at 64 bytes each "
                + "(raise it with Limits.builder().maxMetadataBytes(...))");
  }

  @Test
  void sectionsNestAtMostSixteenDeep() throws Exception {
    String ok = "a {".repeat(16) + "}".repeat(16);
    assertThat(parse(ok).section("a")).isNotNull();
    fails("a {".repeat(17) + "}".repeat(17), "t: line 1: sections nested deeper than 16");
  }

  @Test
  void accessorsNameThePathOfWhatIsWrong() throws Exception {
    Section top = parse("vg { n = \"x\" s = 1 a = [1] }");
    Section vg = top.section("vg");
    assertThatThrownBy(() -> vg.number("n")).hasMessage("t: vg/n: not an integer");
    assertThatThrownBy(() -> vg.string("s")).hasMessage("t: vg/s: not a string");
    assertThatThrownBy(() -> vg.section("s")).hasMessage("t: vg/s: not a section");
    assertThatThrownBy(() -> vg.array("s")).hasMessage("t: vg/s: not an array");
    assertThatThrownBy(() -> vg.strings("a")).hasMessage("t: vg/a: an item is not a string");
    assertThatThrownBy(() -> vg.number("s", 2, 5)).hasMessage("t: vg/s: 1 is outside 2..5");
    assertThatThrownBy(() -> vg.string("missing"))
        .hasMessage("t: vg (line 1): missing \"missing\"");
    assertThatThrownBy(() -> top.string("missing"))
        .hasMessage("t: top level (line 1): missing \"missing\"");
  }

  /**
   * Megabytes of text in seconds at most, even in a JVM the fuzz targets instrumented: each byte is
   * looked at a bounded number of times (a parser quadratic in the text would take hours here).
   */
  @Test
  void megabytesOfMetadataParseInLinearTime() throws Exception {
    StringBuilder lvs = new StringBuilder();
    int n = 0;
    while (lvs.length() < 4 << 20) {
      lvs.append("lv")
          .append(n)
          .append(" {\nid = \"")
          .append(LvmImage.LV_ID)
          .append("\"\n")
          .append("status = [\"READ\", \"WRITE\", \"VISIBLE\"]\nsegment_count = 1\nsegment1 {\n")
          .append("start_extent = 0\nextent_count = 1\ntype = \"striped\"\nstripe_count = 1\n")
          .append("stripes = [\n\"pv0\", 0\n]\n}\n}\n");
      n++;
    }
    String text =
        LvmImage.text("vg", "root", 1).replace("logical_volumes {\n", "logical_volumes {\n" + lvs);
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    long start = System.nanoTime();
    VolumeGroup vg = VolumeGroup.from(ConfigText.parse(b, b.length, "t"), "t");
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(vg.lvs()).hasSize(n + 1);
    assertThat(ms).as("parse of %d bytes took %d ms", b.length, ms).isLessThan(15_000);
    // A megabyte string and a megabyte comment are single tokens, read once.
    String big = "a = \"" + "x".repeat(4 << 20) + "\"\n#" + "y".repeat(4 << 20) + "\nb = 1\n";
    start = System.nanoTime();
    assertThat(parse(big).number("b")).isEqualTo(1);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
  }
}
