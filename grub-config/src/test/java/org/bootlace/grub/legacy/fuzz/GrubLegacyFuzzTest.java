package org.bootlace.grub.legacy.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.bootlace.BootMenu;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.GuestFile;
import org.bootlace.grub.legacy.GrubLegacyParser;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.FuzzProperty;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestDisk;
import org.bootlace.testing.TestImages;

/**
 * The GRUB legacy parser over a {@code menu.lst} made of the fuzz input, on a two-partition test
 * disk whose files give its commands something to find: kernels, a Xen hypervisor, a {@code
 * default} file for {@code default saved}, a link and a directory, a second config on the other
 * partition that {@code configfile} may reach, and the menu itself again, so {@code configfile} can
 * loop. Evaluates the menu, then resolves and reads the default entry and entries 1 and 2. Seeds:
 * {@code GrubLegacyFuzzTestInputs/menuLst/}, menus in distributions' shapes.
 */
class GrubLegacyFuzzTest {
  @FuzzTest(maxDuration = "60s")
  @DictionaryFile(resourcePath = "grub-legacy.dict")
  void menuLst(byte[] menu) {
    resolveAll(disk(menu));
  }

  static byte[] disk(byte[] menu) {
    byte[] boot =
        MemFs.builder()
            .file("/boot/grub/menu.lst", menu)
            .file("/boot/grub/default", "1\n# a default file as grub-set-default writes it\n")
            .symlink("/boot/grub/link.lst", "menu.lst")
            .file("/boot/vmlinuz", FakeKernels.linux("boot/vmlinuz"))
            .file("/boot/initrd.img", "initrd")
            .file("/boot/xen.gz", FakeKernels.multiboot("xen"))
            .symlink("/vmlinuz", "boot/vmlinuz")
            .dir("/boot/dir")
            .build();
    byte[] root =
        MemFs.builder()
            .file("/boot/grub/menu.lst", "default 0\ntitle other\nroot (hd0,1)\nkernel /vmlinuz\n")
            .file("/vmlinuz", FakeKernels.linux("vmlinuz"))
            .file("/initrd.img", "root initrd")
            .build();
    return TestDisk.builder().partition(1, boot).partition(2, root).bootable(1).build();
  }

  /** The menu, then what the default entry and entries 1 and 2 boot, with their files read. */
  static BootMenu resolveAll(byte[] disk) {
    BootSource source =
        FuzzProperty.value(
            () ->
                TestImages.open(
                    disk,
                    BootOptions.builder().limits(FuzzProperty.LIMITS),
                    new GrubLegacyParser()));
    if (source == null) {
      return null;
    }
    try (source) {
      BootMenu menu = FuzzProperty.value(source::menu);
      FuzzProperty.holds(() -> read(source.resolveBoot()));
      FuzzProperty.holds(() -> read(source.resolveBoot("1")));
      FuzzProperty.holds(() -> read(source.resolveBoot("2")));
      return menu;
    } catch (IOException e) {
      throw new AssertionError("close failed: " + e, e);
    }
  }

  private static void read(BootRecord r) throws IOException {
    drain(r.kernel());
    if (r.ramdisk().isPresent()) {
      drain(r.ramdisk().get());
    }
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
}
