package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;

/** pygrub's sxp output is Python's repr(): compare with Python itself, string by string. */
class PythonReprTest {
  private static final List<String> SAMPLES =
      List.of(
          "root=/dev/xvda1 ro console=hvc0",
          "",
          "it's",
          "say \"hi\"",
          "both ' and \"",
          "back\\slash",
          "tab\there\nnewline\rcr",
          "\u0000\u0001\u001b[31m\u007f",
          "caf\u00e9 \u00a0nbsp \u00ad shy",
          "\u2028 line sep \u200b zwsp",
          "\ud83d\ude00 emoji \ue000 private",
          "\u0085 next line \u009b csi");

  @Test
  void matchesPythonRepr() {
    StringBuilder hex = new StringBuilder();
    for (String s : SAMPLES) {
      hex.append(HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8))).append('\n');
    }
    String script =
        "import sys\n"
            + "for line in sys.stdin.read().split('\\n')[:-1]:\n"
            + "    sys.stdout.buffer.write(repr(bytes.fromhex(line).decode('utf-8')).encode('utf-8') + b'\\n')\n";
    String python = Tools.runWithInput(hex.toString(), "python3", "-c", script);
    String[] expected =
        new String(python.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)
            .split("\n");
    for (int i = 0; i < SAMPLES.size(); i++) {
      assertThat(PythonRepr.of(SAMPLES.get(i))).as("sample %d", i).isEqualTo(expected[i]);
    }
  }
}
