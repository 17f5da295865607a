package org.bootlace.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Files that look enough like kernels for a boot loader to tell them apart. */
public final class FakeKernels {
  private FakeKernels() {}

  /** A Linux bzImage's first sector: boot flag 0xAA55, "HdrS", boot protocol 2.10, then a name. */
  public static byte[] linux(String name) {
    ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    b.put(0x1f1, (byte) 4); // setup_sects
    b.putShort(0x1fe, (short) 0xaa55);
    b.putInt(0x202, 0x53726448);
    b.putShort(0x206, (short) 0x020a);
    b.put(0x211, (byte) 1); // loadflags: loaded high
    byte[] text = name.getBytes(StandardCharsets.UTF_8);
    b.position(0x400 - Math.min(text.length, 0x100));
    b.put(text, 0, Math.min(text.length, 0x100));
    return b.array();
  }

  /** A multiboot kernel: an ELF-like start with a multiboot header (page align + memory info). */
  public static byte[] multiboot(String name) {
    ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1});
    int magic = 0x1BADB002;
    int flags = 0x3;
    b.putInt(0x80, magic).putInt(0x84, flags).putInt(0x88, -(magic + flags));
    byte[] text = name.getBytes(StandardCharsets.UTF_8);
    b.position(0x100);
    b.put(text, 0, Math.min(text.length, 0x100));
    return b.array();
  }

  /** A multiboot kernel gzip-compressed, as Xen ships xen.gz. */
  public static byte[] xenGz(String name) {
    return gzip(multiboot(name));
  }

  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
