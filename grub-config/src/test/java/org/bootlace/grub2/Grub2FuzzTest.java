package org.bootlace.grub2;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.bootlace.BootMenu;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.BootlaceException;
import org.bootlace.GuestFile;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestDisk;
import org.bootlace.testing.TestImages;

/**
 * The GRUB 2 interpreter over a {@code grub.cfg} made of the fuzz input, on a two-partition test
 * disk whose files give its commands something to find: kernels and ramdisks, BLS entries for
 * {@code blscfg} (one id starting with a digit), a custom.cfg, a loop.cfg that sources grub.cfg
 * back, and a second partition with a UUID and a label for {@code search} and its own config for
 * {@code configfile}. What follows a line {@value #GRUBENV_MARK} in the input becomes the grubenv
 * block (padded as grub-editenv pads it); without one the grubenv holds a {@code saved_entry}.
 * Evaluates the menu, then resolves the default entry and reads its files. The property: each step
 * returns, or refuses with a bootlace exception that has a message, within {@link #LIMITS}. Seeds:
 * {@code Grub2FuzzTestInputs/grubCfg/}, configurations in the shapes Debian, Ubuntu, Fedora and an
 * EFI stub write, and one of odd syntax.
 */
class Grub2FuzzTest {
  static final String GRUBENV_MARK = "### grubenv ###";

  /** Small: no input may run long, nest deep or allocate much; the seeds fit well inside. */
  static final Limits LIMITS =
      Limits.builder()
          .timeout(Duration.ofSeconds(10))
          .maxConfigBytes(256 << 10)
          .maxKernelBytes(1 << 20)
          .maxRamdiskBytes(1 << 20)
          .maxMetadataBytes(4 << 20)
          .maxMenuEntries(500)
          .maxScriptSteps(10_000)
          .maxCallDepth(32)
          .maxIncludeDepth(4)
          .maxVariableBytes(16 << 10)
          .build();

  @FuzzTest(maxDuration = "60s")
  @DictionaryFile(resourcePath = "grub2.dict")
  void grubCfg(byte[] input) {
    resolveAll(disk(input));
  }

  static byte[] disk(byte[] input) {
    byte[] cfg = input;
    byte[] env = Grubenv.block("saved_entry=1>0");
    byte[] mark = ("\n" + GRUBENV_MARK + "\n").getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(input, mark);
    if (at >= 0) {
      cfg = Arrays.copyOf(input, at + 1);
      byte[] body = Arrays.copyOfRange(input, at + mark.length, input.length);
      byte[] head = EnvBlock.SIGNATURE.getBytes(StandardCharsets.US_ASCII);
      env = Arrays.copyOf(head, Math.max(1024, head.length + body.length));
      System.arraycopy(body, 0, env, head.length, body.length);
      Arrays.fill(env, head.length + body.length, env.length, (byte) '#');
    }
    byte[] boot =
        MemFs.builder()
            .uuid("3e8a1c52-7d4f-4b9e-a1c3-5f2e8d7b6a90")
            .label("boot")
            .file("/boot/grub/grub.cfg", cfg)
            .file("/boot/grub/grubenv", env)
            .file("/boot/grub/custom.cfg", "menuentry custom --id custom { linux /vmlinuz }\n")
            .file("/boot/grub/loop.cfg", "source /boot/grub/grub.cfg\n")
            .file("/boot/vmlinuz-6.1.0-18-amd64", FakeKernels.linux("6.1.0-18"))
            .file("/boot/initrd.img-6.1.0-18-amd64", "initrd 6.1.0-18")
            .file("/boot/vmlinuz-6.1.0-17-amd64", FakeKernels.linux("6.1.0-17"))
            .file("/boot/initrd.img-6.1.0-17-amd64", "initrd 6.1.0-17")
            .file("/boot/intel-ucode.img", "ucode")
            .file("/boot/xen.gz", FakeKernels.multiboot("xen"))
            .symlink("/vmlinuz", "boot/vmlinuz-6.1.0-18-amd64")
            .symlink("/initrd.img", "boot/initrd.img-6.1.0-18-amd64")
            .file(
                "/loader/entries/6a1f0d2e-6.9.0-64.fc41.x86_64.conf",
                "title Fedora Linux (6.9.0-64.fc41.x86_64) 41\nversion 6.9.0-64.fc41.x86_64\n"
                    + "linux /boot/vmlinuz-6.1.0-18-amd64\ninitrd /boot/initrd.img-6.1.0-18-amd64\n"
                    + "options root=UUID=x ro $kernelopts $tuned_params\ngrub_class fedora\n")
            .file(
                "/loader/entries/6a1f0d2e-0-rescue.conf",
                "title Fedora Linux (0-rescue) 41\nversion 0-rescue\nlinux /boot/vmlinuz-6.1.0-17-amd64\n"
                    + "initrd /boot/initrd.img-6.1.0-17-amd64\noptions root=UUID=x ro\n")
            .build();
    byte[] root =
        MemFs.builder()
            .uuid("b7d2c0e4-1a9f-4c6b-8e3d-2f5a7c9e1b04")
            .label("root")
            .file(
                "/boot/grub/grub.cfg",
                "set default=1\nmenuentry a { linux /vmlinuz }\nmenuentry b { linux /vmlinuz ro }\n")
            .file("/vmlinuz", FakeKernels.linux("root"))
            .file("/etc/hostname", "guest\n")
            .build();
    return TestDisk.builder().partition(1, boot).partition(2, root).bootable(1).build();
  }

  /**
   * The menu, then what the default entry boots, with its files read. (Every entry's script runs
   * while the menu is built, so resolving others would add little but time.)
   */
  static BootMenu resolveAll(byte[] disk) {
    BootSource source =
        value(() -> TestImages.open(disk, BootOptions.builder().limits(LIMITS), new Grub2Parser()));
    if (source == null) {
      return null;
    }
    try (source) {
      BootMenu menu = value(source::menu);
      value(() -> read(source.resolveBoot()));
      return menu;
    } catch (IOException e) {
      throw new AssertionError("close failed: " + e, e);
    }
  }

  interface Step<T> {
    T get() throws IOException;
  }

  /**
   * The step's value, or null when it refused the input with a bootlace exception that has a
   * message; anything else (a runtime exception, an error, another IOException, the deadline) is a
   * finding.
   */
  static <T> T value(Step<T> step) {
    try {
      return step.get();
    } catch (LimitExceededException e) {
      if (e.limit().equals("timeout")) {
        throw new AssertionError("the input ran into the deadline: " + e.getMessage(), e);
      }
      requireMessage(e);
    } catch (BootlaceException e) {
      requireMessage(e);
    } catch (IOException e) {
      throw new AssertionError("an IOException outside bootlace's family: " + e, e);
    }
    return null;
  }

  private static void requireMessage(BootlaceException e) {
    if (e.getMessage() == null || e.getMessage().isBlank()) {
      throw new AssertionError("a bootlace exception without a message", e);
    }
  }

  private static Boolean read(BootRecord r) throws IOException {
    drain(r.kernel());
    for (GuestFile f : r.ramdisks()) {
      drain(f);
    }
    return Boolean.TRUE;
  }

  private static void drain(GuestFile f) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64 << 10);
    long at = 0;
    for (int n; (n = f.read(at, buf.clear())) > 0; ) {
      at += n;
    }
    if (at != f.size()) {
      throw new AssertionError(f + ": read " + at + " bytes of " + f.size());
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
