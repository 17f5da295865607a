package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The terminal-column arithmetic the interactive menu lays titles out with. */
class InteractiveMenuTextWidthTest {
  @Test
  void eastAsianWideAndFullwidthCharactersTakeTwoColumns() {
    assertThat(Text.columns("Debian")).isEqualTo(6);
    assertThat(Text.columns("\u4e2d\u6587")).isEqualTo(4); // CJK ideographs
    assertThat(Text.columns("\u30c7\u30d3\u30a2\u30f3")).isEqualTo(8); // katakana
    assertThat(Text.columns("\ud55c\uad6d\uc5b4")).isEqualTo(6); // Hangul syllables
    assertThat(Text.columns("\uff21\uff22")).isEqualTo(4); // fullwidth Latin
    assertThat(Text.columns("\u3000")).isEqualTo(2); // ideographic space
    assertThat(Text.columns("\ud840\udc0b")).isEqualTo(2); // U+2000B, CJK extension B
    assertThat(Text.columns("\uff76")).isEqualTo(1); // halfwidth katakana
    assertThat(Text.columns("\u00e9\u0436\u03b1")).isEqualTo(3);
  }

  @Test
  void combiningMarksAndFormatCharactersTakeNone() {
    assertThat(Text.columns("e\u0301")).isEqualTo(1);
    assertThat(Text.columns("a\u200db")).isEqualTo(2); // zero width joiner
    assertThat(Text.columns("\u1100\u1161")).isEqualTo(2); // conjoining jamo: one syllable
  }

  @Test
  void fitCutsAtTheEndWithoutSplittingAWideCharacter() {
    assertThat(Text.fit("short", 10, "$")).isEqualTo("short");
    assertThat(Text.fit("abcdefghijkl", 10, "$")).isEqualTo("abcdefghi$");
    // Width 10 leaves 9 columns before the mark: "a" and four ideographs fill them exactly.
    assertThat(Text.fit("a\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d", 10, "$"))
        .isEqualTo("a\u4e2d\u4e2d\u4e2d\u4e2d$");
    // "ab" and three ideographs take 8; the 4th would straddle column 9, which stays blank.
    assertThat(Text.fit("ab\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d", 10, "$"))
        .isEqualTo("ab\u4e2d\u4e2d\u4e2d $");
    assertThat(Text.columns(Text.fit("ab\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d", 10, "$"))).isEqualTo(10);
  }
}
