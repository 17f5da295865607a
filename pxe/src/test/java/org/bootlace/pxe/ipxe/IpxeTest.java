package org.bootlace.pxe.ipxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bootlace.BootEntryException;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.internal.Deadline;
import org.junit.jupiter.api.Test;

/** The iPXE interpreter on hand-written scripts, with files held in a map. */
class IpxeTest {
  static final URI BASE = URI.create("http://192.0.2.1/boot/boot.ipxe");
  static final Map<String, String> LEASE =
      Map.of(
          "net0/mac",
          "52:54:00:12:34:56",
          "net0/ip",
          "192.0.2.50",
          "net0/next-server",
          "192.0.2.1",
          "platform",
          "efi");

  /** Files by URI; a value starting with #!ipxe is a script, anything else a kernel. */
  static final class MapFiles implements IpxeEvaluator.Files {
    final Map<String, String> files = new HashMap<>();

    MapFiles put(String uri, String content) {
      files.put(uri, content);
      return this;
    }

    @Override
    public boolean exists(URI uri) {
      return files.containsKey(uri.toString());
    }

    @Override
    public byte[] head(URI uri, int n) throws IOException {
      byte[] b = read(uri, Long.MAX_VALUE);
      return java.util.Arrays.copyOf(b, Math.min(n, b.length));
    }

    @Override
    public byte[] read(URI uri, long max) throws IOException {
      String s = files.get(uri.toString());
      if (s == null) {
        throw new org.bootlace.GuestFileException(uri + ": no such file");
      }
      return s.getBytes(StandardCharsets.UTF_8);
    }
  }

  static MapFiles files() {
    return new MapFiles()
        .put("http://192.0.2.1/boot/vmlinuz", "kernel")
        .put("http://192.0.2.1/boot/initrd.img", "initrd")
        .put("http://192.0.2.1/boot/ucode.img", "ucode");
  }

  static IpxeEvaluator.Result run(String script, MapFiles files) throws IOException {
    return run(script, files, Limits.defaults());
  }

  static IpxeEvaluator.Result run(String script, MapFiles files, Limits limits) throws IOException {
    IpxeScript s =
        IpxeScript.parse(script.getBytes(StandardCharsets.UTF_8), BASE.toString(), limits);
    return IpxeEvaluator.run(s, BASE, LEASE, files, limits, new Deadline());
  }

  @Test
  void kernelInitrdsAndBoot() throws Exception {
    IpxeEvaluator.Result r =
        run(
            "#!ipxe\nkernel vmlinuz console=ttyS0 BOOTIF=01-${net0/mac:hexhyp}\n"
                + "initrd ucode.img\ninitrd http://192.0.2.1/boot/initrd.img\nboot\n",
            files());
    assertThat(r.kernel()).hasToString("http://192.0.2.1/boot/vmlinuz");
    assertThat(r.initrds())
        .extracting(URI::toString)
        .containsExactly("http://192.0.2.1/boot/ucode.img", "http://192.0.2.1/boot/initrd.img");
    assertThat(r.args()).isEqualTo("console=ttyS0 BOOTIF=01-52-54-00-12-34-56");
    assertThat(r.line()).isEqualTo(5);
  }

  @Test
  void chainOfAKernelBootsItWithItsArguments() throws Exception {
    IpxeEvaluator.Result r =
        run("#!ipxe\ninitrd initrd.img\nchain vmlinuz ip=${ip} mac=${mac}\n", files());
    assertThat(r.kernel()).hasToString("http://192.0.2.1/boot/vmlinuz");
    assertThat(r.initrds())
        .extracting(URI::toString)
        .containsExactly("http://192.0.2.1/boot/initrd.img");
    assertThat(r.args()).isEqualTo("ip=192.0.2.50 mac=52:54:00:12:34:56");
  }

  @Test
  void imgargsReplacesTheKernelsArguments() throws Exception {
    IpxeEvaluator.Result r =
        run("#!ipxe\nkernel --name k vmlinuz a=1\nimgargs k b=2 c=3\nboot k\n", files());
    assertThat(r.args()).isEqualTo("b=2 c=3");
  }

  @Test
  void labelLoopWithIncIssetIseqAndOr() throws Exception {
    // Counts to 3 in a loop, then picks the entry by a setting that is set only in the loop.
    String script =
        "#!ipxe\n"
            + "set n 0\n"
            + ":loop\n"
            + "inc n\n"
            + "iseq ${n} 3 || goto loop\n"
            + "isset ${chosen} || set chosen install\n"
            + "iseq ${chosen} install && goto install || goto rescue\n"
            + ":rescue\n"
            + "kernel vmlinuz rescue\nboot\n"
            + ":install\n"
            + "kernel vmlinuz n=${n} chosen=${chosen}\nboot\n";
    IpxeEvaluator.Result r = run(script, files());
    assertThat(r.args()).isEqualTo("n=3 chosen=install");
    assertThat(r.line()).isEqualTo(13);
  }

  @Test
  void orRecoversFromAMissingFile() throws Exception {
    IpxeEvaluator.Result r =
        run("#!ipxe\nkernel missing || kernel vmlinuz fallback\nboot\n", files());
    assertThat(r.args()).isEqualTo("fallback");
    assertThat(r.notes())
        .containsExactly(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 2: kernel http://192.0.2.1/boot/missing: not found");
  }

  @Test
  void andRunsOnlyAfterSuccess() throws Exception {
    IpxeEvaluator.Result r =
        run(
            "#!ipxe\nset a x\nisset ${a} && set a y\nisset ${b} && set a z || echo b unset\nkernel vmlinuz a=${a}\nboot\n",
            files());
    assertThat(r.args()).isEqualTo("a=y");
    // As in iPXE, a line whose last command run failed ends the script, even after &&.
    assertThatThrownBy(() -> run("#!ipxe\nisset ${b} && set a y\nkernel vmlinuz\nboot\n", files()))
        .isInstanceOf(BootEntryException.class)
        .hasMessage(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 2: 'isset ${b} && set a y' failed; the script ends there");
  }

  @Test
  void chainToASecondScriptThatBoots() throws Exception {
    MapFiles f =
        files()
            .put(
                "http://192.0.2.1/boot/menu/second.ipxe",
                "#!ipxe\necho in second\nkernel ../vmlinuz from=${from}\ninitrd ../initrd.img\nboot\n");
    IpxeEvaluator.Result r = run("#!ipxe\nset from first\nchain menu/second.ipxe\necho never\n", f);
    assertThat(r.kernel()).hasToString("http://192.0.2.1/boot/vmlinuz");
    assertThat(r.script()).isEqualTo("http://192.0.2.1/boot/menu/second.ipxe");
    assertThat(r.args()).isEqualTo("from=first");
    assertThat(r.notes())
        .containsExactly(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 3: chain http://192.0.2.1/boot/menu/second.ipxe: an iPXE script, run",
            "ipxe: http://192.0.2.1/boot/menu/second.ipxe: line 2: echo in second");
  }

  @Test
  void aChainedScriptThatExitsReturnsToItsCaller() throws Exception {
    MapFiles f = files().put("http://192.0.2.1/boot/probe.ipxe", "#!ipxe\nset seen yes\nexit\n");
    IpxeEvaluator.Result r =
        run("#!ipxe\nchain probe.ipxe\nkernel vmlinuz seen=${seen}\nboot\n", f);
    assertThat(r.args()).isEqualTo("seen=yes");
  }

  @Test
  void chainsThatChainThemselvesStopAtMaxIncludeDepth() {
    MapFiles f = files().put("http://192.0.2.1/boot/boot.ipxe", "#!ipxe\nchain boot.ipxe\n");
    assertThatThrownBy(() -> run("#!ipxe\nchain boot.ipxe\n", f))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxIncludeDepth (8) exceeded: ipxe: http://192.0.2.1/boot/boot.ipxe: line 2: chain"
                + " http://192.0.2.1/boot/boot.ipxe: scripts chained (raise it with Limits.builder().maxIncludeDepth(...))");
  }

  @Test
  void gotoLoopEndsAtMaxScriptSteps() {
    Limits l = Limits.builder().maxScriptSteps(1000).build();
    assertThatThrownBy(() -> run("#!ipxe\n:top\ngoto top\n", files(), l))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxScriptSteps (1000) exceeded: ipxe: http://192.0.2.1/boot/boot.ipxe: line 3: commands run"
                + " (raise it with Limits.builder().maxScriptSteps(...))");
  }

  @Test
  void failedCommandEndsTheScript() {
    assertThatThrownBy(() -> run("#!ipxe\nkernel missing\nkernel vmlinuz\nboot\n", files()))
        .isInstanceOf(BootEntryException.class)
        .hasMessage(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 2: kernel http://192.0.2.1/boot/missing: not found;"
                + " the script ends there");
  }

  @Test
  void falseTestWithoutOrEndsTheScript() {
    assertThatThrownBy(() -> run("#!ipxe\niseq a b\nkernel vmlinuz\nboot\n", files()))
        .isInstanceOf(BootEntryException.class)
        .hasMessage(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 2: 'iseq a b' failed; the script ends there");
  }

  @Test
  void unknownCommandIsANoteAndAFailure() throws Exception {
    IpxeEvaluator.Result r =
        run("#!ipxe\nparam --name x y || echo no params\nkernel vmlinuz\nboot\n", files());
    assertThat(r.notes())
        .containsExactly(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 2: unknown command 'param': it fails, as in iPXE",
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 2: echo no params");
    assertThatThrownBy(() -> run("#!ipxe\nsanboot iscsi:192.0.2.1::::iqn.x\n", files()))
        .isInstanceOf(BootEntryException.class)
        .hasMessage(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 2: unknown command 'sanboot'; the script ends there");
  }

  /** A netboot.xyz-style menu: nobody is at the console, so choose takes what the menu opens on. */
  @Test
  void menusChooseTheItemTheyOpenOn() throws Exception {
    String menu =
        "#!ipxe\n:start\nmenu Boot menu for ${net0/mac}\nitem --gap -- Installers\n"
            + "item shell iPXE shell\nitem --key i install Install\nitem --default rescue Rescue\n"
            + "choose %s target || goto failed\ngoto ${target}\n"
            + ":install\nkernel vmlinuz mode=install\nboot\n"
            + ":rescue\nkernel vmlinuz mode=rescue\ninitrd initrd.img\nboot\n"
            + ":shell\nshell\n:failed\necho no choice\nexit 1\n";
    IpxeEvaluator.Result byItem = run(String.format(Locale.ROOT, menu, "--timeout 5000"), files());
    assertThat(byItem.args()).isEqualTo("mode=rescue");
    assertThat(byItem.notes())
        .contains(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 8: choose: nobody at the console;"
                + " took 'rescue' (Rescue) from menu 'Boot menu for 52:54:00:12:34:56', as when its timeout runs out");
    assertThat(run(String.format(Locale.ROOT, menu, "--default=install"), files()).args())
        .isEqualTo("mode=install");
    assertThat(run(String.format(Locale.ROOT, menu, "-d no-such-item -t 100"), files()).args())
        .isEqualTo("mode=rescue");
    // No default anywhere: the first item (after the gap), here iPXE's shell, which boots nothing.
    assertThatThrownBy(
            () ->
                run(
                    String.format(
                        Locale.ROOT, menu.replace("item --default rescue", "item rescue"), ""),
                    files()))
        .hasMessage(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 18: unknown command 'shell'; the script ends there");
    // The menu is gone after choose (no --keep): a second choose has nothing to show.
    assertThatThrownBy(() -> run("#!ipxe\nmenu\nitem a A\nchoose x\nchoose y\n", files()))
        .isInstanceOf(BootEntryException.class)
        .hasMessage(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 5: choose: no menu; the script ends there");
    assertThat(
            run(
                    "#!ipxe\nmenu --name m\nitem a A\nchoose --keep --menu m x\nchoose -m m y\nkernel vmlinuz ${x}${y}\nboot\n",
                    files())
                .args())
        .isEqualTo("aa");
    assertThatThrownBy(() -> run("#!ipxe\nmenu\nchoose x\n", files()))
        .hasMessage(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 3: choose: menu '' has no items; the script ends there");
    assertThatThrownBy(() -> run("#!ipxe\nitem a A\n", files()))
        .hasMessage(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 2: item: no menu made yet; the script ends there");
    assertThatThrownBy(() -> run("#!ipxe\nmenu\nitem --bogus a A\n", files()))
        .hasMessage(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 3: item: unknown option '--bogus'; the script ends there");
    assertThatThrownBy(() -> run("#!ipxe\nmenu\nitem a A\nchoose --timeout\n", files()))
        .hasMessage(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 4: choose: option --timeout needs a value; the script ends there");
  }

  @Test
  void menuItemsAreBoundedByMaxMenuEntries() {
    String script = "#!ipxe\nmenu\n" + "item a A\n".repeat(11);
    assertThatThrownBy(() -> run(script, files(), Limits.builder().maxMenuEntries(10).build()))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("maxMenuEntries");
  }

  @Test
  void scriptThatNeverBootsSaysSo() {
    assertThatThrownBy(() -> run("#!ipxe\nkernel vmlinuz\necho ready\nexit\n", files()))
        .isInstanceOf(BootEntryException.class)
        .hasMessage(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: the script ended with 'exit' at line 4 without booting a kernel"
                + " (ipxe: http://192.0.2.1/boot/boot.ipxe: line 3: echo ready)");
  }

  @Test
  void gotoAnUnknownLabelFails() {
    assertThatThrownBy(() -> run("#!ipxe\ngoto nowhere\n", files()))
        .isInstanceOf(BootEntryException.class)
        .hasMessage(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 2: goto: no label 'nowhere'; the script ends there");
  }

  @Test
  void settingsClearedAndNested() throws Exception {
    IpxeEvaluator.Result r =
        run(
            "#!ipxe\nset which a\nset a inner\nset gone x\nclear gone\n"
                + "kernel vmlinuz v=${${which}} gone=${gone} ${unclosed\nboot\n",
            files());
    assertThat(r.args()).isEqualTo("v=inner gone= ${unclosed");
  }

  @Test
  void valuesAreNotExpandedTwice() throws Exception {
    IpxeEvaluator.Result r =
        run("#!ipxe\nset a ${b}\nset b $${c}\nkernel vmlinuz ${b}\nboot\n", files());
    // "set a ${b}" stores "" (b unset); "set b $${c}" stores "$" (c unset); nothing is rescanned.
    assertThat(r.args()).isEqualTo("$");
  }

  @Test
  void continuationLinesAndCommentsAndCrlf() throws Exception {
    IpxeEvaluator.Result r =
        run(
            "#!ipxe\r\n# a comment\r\n  kernel vmlinuz \\\r\n  a=1 \\\r\n b=2\r\n:label\r\nboot\r\n",
            files());
    assertThat(r.args()).isEqualTo("a=1 b=2");
    assertThat(r.line()).isEqualTo(7);
  }

  @Test
  void notAScriptIsRefusedByItsFirstLine() {
    assertThatThrownBy(
            () ->
                IpxeScript.parse(
                    "#!gpxe2\nkernel x\n".getBytes(StandardCharsets.UTF_8),
                    "a.ipxe",
                    Limits.defaults()))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("ipxe: a.ipxe: line 1: '#!gpxe2' is not the magic line #!ipxe");
  }

  @Test
  void relativeNamesOnTftpResolveAgainstTheScript() throws Exception {
    MapFiles f = new MapFiles().put("tftp://192.0.2.1/pxe/vmlinuz", "k");
    IpxeScript s =
        IpxeScript.parse(
            "#!ipxe\nchain vmlinuz\n".getBytes(StandardCharsets.UTF_8),
            "boot.ipxe",
            Limits.defaults());
    IpxeEvaluator.Result r =
        IpxeEvaluator.run(
            s,
            URI.create("tftp://192.0.2.1/pxe/boot.ipxe"),
            LEASE,
            f,
            Limits.defaults(),
            new Deadline());
    assertThat(r.kernel()).hasToString("tftp://192.0.2.1/pxe/vmlinuz");
  }

  @Test
  void megabyteScriptsRunInLinearTime() throws Exception {
    // 100,000 lines of settings, then a boot; and one line of a megabyte of ${x} references.
    StringBuilder s = new StringBuilder("#!ipxe\n");
    for (int i = 0; i < 100_000; i++) {
      s.append("set v").append(i % 100).append(" value").append(i).append('\n');
    }
    s.append("kernel vmlinuz last=${v99}\nboot\n");
    assertThat(s.length()).isGreaterThan(1_500_000);
    long start = System.nanoTime();
    assertThat(run(s.toString(), files()).args()).isEqualTo("last=value99999");
    StringBuilder refs = new StringBuilder("#!ipxe\nset x y\nkernel vmlinuz ");
    int count = 0;
    while (refs.length() < 1_000_000) {
      refs.append("${x}");
      count++;
    }
    refs.append("\nboot\n");
    assertThat(run(refs.toString(), files()).args()).isEqualTo("y".repeat(count));
    StringBuilder nested = new StringBuilder("#!ipxe\nkernel vmlinuz ");
    nested.append("${".repeat(300_000)).append("}".repeat(300_000)).append("\nboot\n");
    assertThat(run(nested.toString(), files()).args()).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void longLinesCountByTheirLength() {
    // A 100 KiB line of empty references expands to nothing but costs 100 steps each time it runs.
    Limits l = Limits.builder().maxScriptSteps(50).build();
    String line = "echo " + "${}".repeat(34_000);
    assertThatThrownBy(() -> run("#!ipxe\n" + line + "\n", files(), l))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxScriptSteps (50) exceeded: ipxe: http://192.0.2.1/boot/boot.ipxe: line 2: commands run"
                + " (raise it with Limits.builder().maxScriptSteps(...))");
  }

  @Test
  void loadedImagesAreBounded() {
    assertThatThrownBy(() -> run("#!ipxe\n:top\ninitrd initrd.img\ngoto top\n", files()))
        .isInstanceOf(BootEntryException.class)
        .hasMessage(
            "ipxe: http://192.0.2.1/boot/boot.ipxe: line 3: initrd http://192.0.2.1/boot/initrd.img:"
                + " 256 images are loaded already (Limits maxLoadedImages); the script ends there");
    Limits two = Limits.builder().maxLoadedImages(2).build();
    assertThatThrownBy(() -> run("#!ipxe\n:top\ninitrd initrd.img\ngoto top\n", files(), two))
        .isInstanceOf(BootEntryException.class)
        .hasMessageEndingWith(
            " 2 images are loaded already (Limits maxLoadedImages); the script ends there");
  }

  @Test
  void settingsAreBoundedByMaxVariableBytes() {
    Limits l = Limits.builder().maxVariableBytes(100).build();
    assertThatThrownBy(() -> run("#!ipxe\nset a " + "x".repeat(200) + "\n", files(), l))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageStartingWith("limit maxVariableBytes (100) exceeded: ipxe: settings stored (");
  }

  @Test
  void splitIsAtWhiteSpace() {
    assertThat(IpxeEvaluator.split("  a\tb  c ")).isEqualTo(List.of("a", "b", "c"));
  }
}
