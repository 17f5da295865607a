package org.bootlace.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootlace.qemu.RealGrub.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.BootlaceException;
import org.bootlace.GuestFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bootlace held against real GRUB 2 (Debian's 2.06, i386-pc, booted by QEMU; see {@link RealGrub}):
 * for every scenario, the arguments the kernel saw and the initrds GRUB loaded must be what
 * bootlace resolves with {@code --platform pc}, and where GRUB boots nothing bootlace must fail.
 * Each scenario also names the kernel it is written to boot, so a scenario that stopped testing
 * what it says fails too. BLS ({@code blscfg}) exists only in Fedora's GRUB and cannot be checked
 * this way.
 */
class RealGrubAgreementTest {
  static final String C = "console=ttyS0 panic=-1 quiet";

  record Scenario(
      String name,
      String grubCfg,
      Map<String, String> files,
      Map<String, String> second,
      String expect) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Path work;
  static RealGrub grub;
  static final Map<String, Path> disks = new ConcurrentHashMap<>();
  static final Map<String, RealGrub.Answer> answers = new ConcurrentHashMap<>();

  /** Makes every disk, then boots them two at a time (each boot keeps one core busy under TCG). */
  @BeforeAll
  @Timeout(1200)
  static void bootEveryScenario() throws Exception {
    work = Files.createTempDirectory("bootlace-real-grub");
    grub = new RealGrub(work, Path.of("target", "real-grub"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Scenario sc : scenarios()) {
        Path disk = grub.disk(sc.name().replaceAll("[^a-z0-9]+", "-"), withCfg(sc), sc.second());
        disks.put(sc.name(), disk);
        String inputs =
            sc.name() + "\0" + withCfg(sc) + "\0" + new java.util.TreeMap<>(sc.second());
        running.add(
            pool.submit(
                () -> {
                  answers.put(sc.name(), grub.boot(disk, inputs));
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (work != null) {
      org.bootlace.testing.Tools.run("rm", "-rf", work.toString());
    }
  }

  private static Scenario s(String name, String cfg, String expect) {
    return new Scenario(name, cfg, Map.of(), Map.of(), expect);
  }

  private static String entry(String title, String kernel, String args, String... initrds) {
    return "menuentry '"
        + title
        + "' {\n  linux /boot/"
        + kernel
        + " "
        + C
        + (args.isEmpty() ? "" : " " + args)
        + "\n  initrd"
        + Stream.of(initrds).map(i -> " /boot/initrd-" + i).reduce("", String::concat)
        + "\n}\n";
  }

  /** Debian's 00_header logic for saved and next entries, as grub-mkconfig writes it. */
  static final String DEBIAN_HEADER =
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
      set timeout=0
      """;

  static List<Scenario> scenarios() {
    List<Scenario> out = new ArrayList<>();
    String three =
        entry("First", "vmlinuz-1", "n=1", "a")
            + entry("Second entry", "vmlinuz-2", "n=2", "b")
            + "menuentry 'Third' --id third-id {\n  linux /boot/vmlinuz-3 "
            + C
            + " n=3\n  initrd /boot/initrd-c\n}\n";
    out.add(s("default by index", "set timeout=0\nset default=2\n" + three, "vmlinuz-3"));
    out.add(
        s(
            "default by title",
            "set timeout=0\nset default=\"Second entry\"\n" + three,
            "vmlinuz-2"));
    out.add(s("default by id", "set timeout=0\nset default=third-id\n" + three, "vmlinuz-3"));
    out.add(s("default out of range", "set timeout=0\nset default=7\n" + three, "vmlinuz-1"));
    String sub =
        "set timeout=0\n"
            + entry("Top", "vmlinuz-1", "", "a")
            + "submenu 'Advanced' {\n"
            + entry("Alpha", "vmlinuz-2", "s=alpha", "b")
            + entry("Beta", "vmlinuz-3", "s=beta", "c")
            + "}\n";
    out.add(s("submenu path by titles", "set default='Advanced>Beta'\n" + sub, "vmlinuz-3"));
    out.add(s("submenu path by indexes", "set default='1>0'\n" + sub, "vmlinuz-2"));
    out.add(
        new Scenario(
            "saved_entry from grubenv",
            DEBIAN_HEADER + three,
            files("boot/grub/grubenv", "grubenv:saved_entry=Second entry"),
            Map.of(),
            "vmlinuz-2"));
    out.add(
        new Scenario(
            "next_entry over saved_entry",
            DEBIAN_HEADER + three,
            files("boot/grub/grubenv", "grubenv:saved_entry=Second entry\nnext_entry=third-id"),
            Map.of(),
            "vmlinuz-3"));
    out.add(
        s(
            "functions and parameters",
            """
        set timeout=0
        function boot_it {
          linux /boot/vmlinuz-$1 @C@ first=$1 all="$*" count=$#
          shift
          initrd /boot/initrd-$2
        }
        menuentry 'F' {
          boot_it 2 "two words" c
        }
        """
                .replace("@C@", C),
            "vmlinuz-2"));
    out.add(
        s(
            "loops and tests",
            """
        set timeout=0
        last=none
        for x in 1 2 3; do
          if [ $x -gt 1 -a ! $x = 3 ]; then last=$x; fi
        done
        if [ -f /boot/vmlinuz-3 ]; then have=yes; else have=no; fi
        if [ -z "$unset_var" -a -n "$last" ]; then empty=yes; fi
        n=0
        while [ $n -lt 3 ]; do
          if [ $n = 0 ]; then n=1; elif [ $n = 1 ]; then n=2; else n=3; fi
        done
        menuentry 'L' {
          linux /boot/vmlinuz-$last @C@ last=$last have=$have empty=$empty n=$n
          initrd /boot/initrd-d
        }
        """
                .replace("@C@", C),
            "vmlinuz-2"));
    out.add(
        new Scenario(
            "search --file visits partitions last first",
            "set timeout=0\nsearch --no-floppy --file --set=found /common\nsearch --file --set=only /only-first\n"
                + entry("S", "vmlinuz-1", "found=$found only=$only", "a"),
            files("common", "1\n", "only-first", "1\n"),
            files("common", "2\n"),
            "vmlinuz-1"));
    out.add(
        s(
            "search by label and uuid",
            "set timeout=0\nsearch --no-floppy --label --set=bylabel second\n"
                + "search --no-floppy --fs-uuid --set=byuuid 6c1e0c0a-7a6f-4e0e-9d5c-3f7a1b2c3d4e\n"
                + "search --label --set=missing nosuchlabel\n"
                + entry("U", "vmlinuz-1", "label=$bylabel uuid=$byuuid missing=$missing", "a"),
            "vmlinuz-1"));
    out.add(
        new Scenario(
            "configfile and source contexts",
            "set timeout=0\nset outer=1\nset exp=e1\nexport exp\nsource /boot/grub/extra.cfg\nconfigfile /boot/grub/other.cfg\n",
            files(
                "boot/grub/extra.cfg",
                "set fromsource=s1\n",
                "boot/grub/other.cfg",
                "set timeout=0\n"
                    + entry("C", "vmlinuz-3", "outer=$outer exp=$exp fromsource=$fromsource", "c")),
            Map.of(),
            "vmlinuz-3"));
    out.add(
        s(
            "quoting",
            "set timeout=0\nset v=\"x y\"\n"
                + "menuentry 'Q' {\n  linux /boot/vmlinuz-1 "
                + C
                + " 'single $v' \"double $v\" a\\ b \"e=\\\"q\\\"\" \\$lit ${v}z\n"
                + "  initrd /boot/initrd-a\n}\n",
            "vmlinuz-1"));
    out.add(
        s(
            "fallback after a missing kernel",
            "set timeout=0\nset default=0\nset fallback=1\n"
                + entry("Broken", "vmlinuz-missing", "", "a")
                + entry("Works", "vmlinuz-2", "fell=back", "b"),
            "vmlinuz-2"));
    out.add(
        s(
            "regexp submatches",
            "set timeout=0\nregexp --set=1:num --set=2:rest '^vmlinuz-([0-9]+)(.*)$' vmlinuz-3-extra\n"
                + entry("R", "vmlinuz-$num", "rest=$rest", "c"),
            "vmlinuz-3"));
    out.add(
        s(
            "several initrds",
            "set timeout=0\n" + entry("I", "vmlinuz-1", "", "a", "c", "d"),
            "vmlinuz-1"));
    out.add(
        s(
            "platform and variables",
            "set timeout=0\nif [ \"$grub_platform\" = pc ]; then p=pc; else p=other; fi\n"
                + entry("P", "vmlinuz-1", "platform=$p cpu=$grub_cpu root=$root", "b"),
            "vmlinuz-1"));
    out.add(
        s(
            "source recursion past GRUB's depth keeps the entries made",
            "set timeout=0\nname=a$name\nmenuentry \"$name\" {\n  linux /boot/vmlinuz-2 "
                + C
                + " chosen=$chosen\n"
                + "  initrd /boot/initrd-b\n}\nsource /boot/grub/grub.cfg\n",
            "vmlinuz-2"));
    out.add(
        s(
            "nothing bootable",
            "set timeout=0\n" + entry("Broken", "vmlinuz-missing", "", "a"),
            null));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void bootlaceAgreesWithRealGrub(Scenario sc) throws Exception {
    Path disk = disks.get(sc.name());
    RealGrub.Answer real = answers.get(sc.name());
    BootOptions pc = BootOptions.builder().platform(BootOptions.Platform.PC).build();
    if (sc.expect() == null) {
      assertThat(real.booted()).as("real GRUB booted %s", real).isFalse();
      try (BootSource s = BootSource.open(disk, pc)) {
        assertThatThrownBy(s::resolveBoot).isInstanceOf(BootlaceException.class);
      }
      return;
    }
    assertThat(real.booted())
        .as("real GRUB booted nothing; see %s", disk.resolveSibling("serial.log"))
        .isTrue();
    assertThat(real.cmdline())
        .as("the scenario itself")
        .startsWith("BOOT_IMAGE=/boot/" + sc.expect() + " ");
    try (BootSource s = BootSource.open(disk, pc)) {
      BootRecord r = s.resolveBoot();
      assertThat(r.args()).as("the kernel's command line").isEqualTo(real.cmdline());
      List<String> marks = new ArrayList<>();
      for (GuestFile f : r.ramdisks()) {
        marks.add(f.location().substring(f.location().lastIndexOf("initrd-") + "initrd-".length()));
      }
      assertThat(marks.stream().sorted().toList()).as("the initrds").isEqualTo(real.initrds());
    }
  }

  private static Map<String, String> withCfg(Scenario sc) {
    Map<String, String> all = new java.util.TreeMap<>(sc.files());
    all.put("boot/grub/grub.cfg", sc.grubCfg());
    return all;
  }
}
