package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bootlace pygrub}'s own option parser against the one pygrub uses: Python's {@code
 * getopt.gnu_getopt} called with pygrub's option table, on the same command lines, must accept the
 * same ones with the same options, values and operands, and refuse the same ones with the same
 * message.
 */
class PygrubOptionsTest {
  /** pygrub's getopt call, run by the real Python over a JSON list of argument lists. */
  private static final String ORACLE =
      """
      import getopt, json, sys
      longs = ["quiet", "interactive", "list-entries", "not-really", "help", "output=",
               "output-format=", "output-directory=", "offset=", "runas=", "entry=", "kernel=",
               "ramdisk=", "args=", "isconfig", "debug"]
      for args in json.load(sys.stdin):
          try:
              opts, rest = getopt.gnu_getopt(args, "qilnh::", longs)
              print(json.dumps({"options": opts, "operands": rest}))
          except getopt.GetoptError as e:
              print(json.dumps({"error": str(e)}))
      """;

  private static final List<List<String>> LINES =
      List.of(
          List.of("-q", "-n", "disk.img"),
          List.of("disk.img", "-qn"),
          List.of("-qnl", "disk.img", "more", "args"),
          List.of("-i", "-q", "-i", "disk.img"),
          List.of("--quiet", "--not-really", "disk.img"),
          List.of("--qu", "--not", "--list", "--inter", "disk.img"),
          List.of("--output=/tmp/o", "--output-format=simple0", "disk.img"),
          List.of("--output", "-", "--output-format", "simple", "disk.img"),
          List.of("--output-dir=/tmp", "--output-form", "sxp", "disk.img"),
          List.of("--out=x", "disk.img"),
          List.of("--output-", "x", "disk.img"),
          List.of("--output="),
          List.of(
              "--entry=2", "--kernel=/boot/vmlinuz", "--ramdisk=/boot/initrd", "--args=a b", "d"),
          List.of(
              "--e", "Debian GNU/Linux", "--k", "/vmlinuz", "--ra", "/initrd", "--ar", "x", "d"),
          List.of("--offset=1048576", "--runas=65534", "--isconfig", "--debug", "d"),
          List.of("--o", "d"),
          List.of("--r", "d"),
          List.of("--quiet=yes", "d"),
          List.of("--isconfig=1", "d"),
          List.of("--entry"),
          List.of("--nosuch", "d"),
          List.of("--", "-q", "--entry=1"),
          List.of("-q", "--", "--", "d"),
          List.of("-", "-q"),
          List.of("-x", "d"),
          List.of("-qz", "d"),
          List.of("-h"),
          List.of("-hfoo"),
          List.of("-qh", "d"),
          List.of("-h", "-q"),
          List.of("--help", "d"),
          List.of("--he=1", "d"),
          List.of("-q:", "d"),
          List.of("--=x", "d"),
          List.of());

  @TempDir static Path dir;
  static Path mbr;

  @BeforeAll
  static void images() {
    mbr = Fixtures.mbrImage(dir);
  }

  @Test
  void acceptsAndRefusesWhatPythonsGetoptDoesWithPygrubsTable() {
    Gson gson = new Gson();
    String out = Tools.runWithInput(gson.toJson(LINES), "python3", "-c", ORACLE);
    String[] answers = out.split("\n");
    assertThat(answers).hasSize(LINES.size());
    for (int i = 0; i < LINES.size(); i++) {
      List<String> line = LINES.get(i);
      JsonObject theirs = gson.fromJson(answers[i], JsonObject.class);
      String ours;
      try {
        PygrubOptions.Getopt g = PygrubOptions.getopt(line);
        List<List<String>> opts = new ArrayList<>();
        for (PygrubOptions.Option o : g.options()) {
          opts.add(List.of(o.name(), o.value() == null ? "" : o.value()));
        }
        ours = "options " + opts + " operands " + g.operands();
      } catch (CliException e) {
        assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
        ours = "error " + e.getMessage();
      }
      assertThat(ours).as(String.join(" ", line)).isEqualTo(describe(theirs));
    }
  }

  /** Python's answer in the form the test prints ours: long names without dashes. */
  private static String describe(JsonObject answer) {
    if (answer.has("error")) {
      return "error " + answer.get("error").getAsString();
    }
    List<List<String>> opts = new ArrayList<>();
    for (JsonElement e : answer.getAsJsonArray("options")) {
      JsonArray pair = e.getAsJsonArray();
      String name = pair.get(0).getAsString();
      String full =
          switch (name) {
            case "-q" -> "quiet";
            case "-i" -> "interactive";
            case "-l" -> "list-entries";
            case "-n" -> "not-really";
            case "-h" -> "help";
            default -> name.substring(2);
          };
      opts.add(List.of(full, pair.get(1).getAsString()));
    }
    List<String> operands = new ArrayList<>();
    answer.getAsJsonArray("operands").forEach(e -> operands.add(e.getAsString()));
    return "options " + opts + " operands " + operands;
  }

  @Test
  void bootlacesOwnOptionsComeAfterPygrubsAndWorkerOptionsAreNeverAbbreviated()
      throws CliException {
    assertThat(PygrubOptions.getopt(List.of("--time", "5", "--allow=/srv", "d")).options())
        .containsExactly(
            new PygrubOptions.Option("timeout", "5"),
            new PygrubOptions.Option("allow-backing-dir", "/srv"));
    // --a is a prefix of pygrub's --args and of --allow-backing-dir: pygrub's wins, as in pygrub.
    assertThat(PygrubOptions.getopt(List.of("--a=x", "d")).options())
        .containsExactly(new PygrubOptions.Option("args", "x"));
    assertThat(
            PygrubOptions.getopt(List.of("--deprivileged-worker", "--kernel-file=/k", "d"))
                .options())
        .containsExactly(
            new PygrubOptions.Option("deprivileged-worker", null),
            new PygrubOptions.Option("kernel-file", "/k"));
    assertThatThrownBy(() -> PygrubOptions.getopt(List.of("--deprivileged", "d")))
        .isInstanceOf(CliException.class)
        .hasMessage("option --deprivileged not recognized");
  }

  @Test
  void theLastOfQuietEntryAndInteractiveDecides() throws CliException {
    PygrubCommand a = new PygrubCommand(null);
    PygrubOptions.parse(List.of("-q", "-i", "d"), a);
    assertThat(a.interactive).isTrue();
    PygrubCommand b = new PygrubCommand(null);
    PygrubOptions.parse(List.of("-i", "--entry=1", "d"), b);
    assertThat(b.interactive).isFalse();
    assertThat(b.entry).isEqualTo("1");
    PygrubCommand c = new PygrubCommand(null);
    PygrubOptions.parse(List.of("d", "other"), c);
    assertThat(c.interactive).isTrue();
    assertThat(c.image).isEqualTo("d");
  }

  @Test
  void abbreviatedOptionsGiveTheSameOutput() {
    CliRun whole = CliRun.of("pygrub", "-q", "-n", "--output-format=simple", mbr.toString());
    CliRun abbreviated = CliRun.of("pygrub", "-qn", mbr.toString(), "--output-f", "simple");
    assertThat(whole.exitCode()).isZero();
    assertThat(whole.out()).startsWith("kernel None\n");
    assertThat(abbreviated.exitCode()).isZero();
    assertThat(abbreviated.out()).isEqualTo(whole.out());
  }

  @Test
  void aRefusedCommandLineSaysWhyAndPrintsPygrubsUsage() {
    CliRun r = CliRun.of("pygrub", "-qx", mbr.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.stderr())
        .isEqualTo("bootlace: option -x not recognized\n" + PygrubOptions.USAGE + "\n");
    CliRun none = CliRun.of("pygrub", "-q");
    assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.stderr()).isEqualTo("bootlace: no image given\n" + PygrubOptions.USAGE + "\n");
  }

  @Test
  void helpIsPrintedWhereverItStands() {
    CliRun r = CliRun.of("pygrub", "-q", "--help", mbr.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(PygrubOptions.HELP);
    assertThat(r.stderr()).isEmpty();
  }

  @Test
  void aTimeoutThatIsNotANumberIsAUsageError() {
    CliRun r = CliRun.of("pygrub", "-q", "-n", "--timeout=soon", mbr.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr())
        .isEqualTo("bootlace: --timeout must be a whole number of seconds: soon\n");
  }
}
