package org.bootlace.syslinux.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.bootlace.BootMenu;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.GuestFile;
import org.bootlace.syslinux.SyslinuxParser;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestImages;

/**
 * The syslinux parser over an {@code isolinux.cfg} made of the fuzz input, on a filesystem whose
 * files give it something to find: kernels and ramdisks, menu and mboot modules, a Xen kernel, and
 * the input again under other names ({@code menu.cfg}, {@code sub/prompt.cfg}, a link), so INCLUDE
 * and CONFIG can loop. Evaluates the menu, then resolves and reads the default entry and entries 1
 * and 2. Seeds: {@code SyslinuxFuzzTestInputs/config/}, configurations in distributions' shapes.
 */
class SyslinuxFuzzTest {
  @FuzzTest(maxDuration = "60s")
  @DictionaryFile(resourcePath = "syslinux.dict")
  void config(byte[] config) {
    resolveAll(disk(config));
  }

  static byte[] disk(byte[] config) {
    return MemFs.builder()
        .file("/isolinux/isolinux.cfg", config)
        .file("/isolinux/menu.cfg", config)
        .file("/isolinux/sub/prompt.cfg", config)
        .symlink("/isolinux/loop.cfg", "isolinux.cfg")
        .file("/isolinux/vmlinuz", FakeKernels.linux("isolinux/vmlinuz"))
        .file("/isolinux/initrd.img", "initrd")
        .file("/isolinux/vesamenu.c32", "vesamenu")
        .file("/isolinux/menu.c32", "menu")
        .file("/isolinux/mboot.c32", "mboot")
        .file("/install.amd/vmlinuz", FakeKernels.linux("install.amd/vmlinuz"))
        .file("/install.amd/initrd.gz", "initrd.gz")
        .file("/boot/xen.gz", FakeKernels.xenGz("xen"))
        .dir("/isolinux/dir")
        .build();
  }

  /** The menu, then what the default entry and entries 1 and 2 boot, with their files read. */
  static BootMenu resolveAll(byte[] disk) {
    BootSource source =
        Property.value(
            () ->
                TestImages.open(
                    disk, BootOptions.builder().limits(Property.LIMITS), new SyslinuxParser()));
    if (source == null) {
      return null;
    }
    try (source) {
      BootMenu menu = Property.value(source::menu);
      Property.value(() -> read(source.resolveBoot()));
      Property.value(() -> read(source.resolveBoot("1")));
      Property.value(() -> read(source.resolveBoot("2")));
      return menu;
    } catch (IOException e) {
      throw new AssertionError("close failed: " + e, e);
    }
  }

  private static Boolean read(BootRecord r) throws IOException {
    drain(r.kernel());
    if (r.ramdisk().isPresent()) {
      drain(r.ramdisk().get());
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
}
