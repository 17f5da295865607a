package org.bootlace.grub.legacy;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.bootlace.GuestFile;
import org.bootlace.binary.Le;

/**
 * Whether a kernel is a multiboot kernel, decided as stage2's {@code load_image} decides it: a
 * multiboot header (magic 0x1BADB002, then flags and a checksum that make the three words sum to
 * zero) at a 4-byte aligned offset in the first 8 KiB, read through GRUB's transparent gunzip. The
 * answer matters because GRUB's {@code module} loads a multiboot module after a multiboot kernel
 * but an initrd after a Linux one.
 *
 * <p>The kernel's other formats are not checked: a Xen PV kernel (an ELF vmlinux) is booted by the
 * toolstack, not by GRUB, so a kernel GRUB itself would refuse is still handed over.
 */
final class KernelHeader {
  /** {@code MULTIBOOT_SEARCH}. */
  static final int SEARCH = 8192;

  private static final int MAGIC = 0x1BADB002;
  private static final int UNSUPPORTED = 0x0000FFF8;
  private static final int AOUT_KLUDGE = 0x00010000;
  private static final int VIDEO_MODE = 0x00000004;

  /** Compressed bytes read at most to find 8 KiB of a gzip kernel; real kernels need a few KiB. */
  private static final int MAX_COMPRESSED_READ = 1 << 20;

  /**
   * @param multiboot whether it has a multiboot header
   * @param compressed whether GRUB would gunzip it while loading
   */
  record Kind(boolean multiboot, boolean compressed) {}

  private KernelHeader() {}

  static Kind probe(GuestFile kernel) throws IOException, GrubFailure {
    byte[] head = readHead(kernel.openStream(), SEARCH);
    boolean compressed = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    if (compressed) {
      head = gunzipHead(kernel.openStream());
    }
    for (int i = 0; i + 12 <= head.length; i += 4) {
      if (Le.s32(head, i) != MAGIC) {
        continue;
      }
      int flags = Le.s32(head, i + 4);
      int left = head.length - i;
      if (MAGIC + flags + Le.s32(head, i + 8) == 0
          && ((flags & AOUT_KLUDGE) == 0 || left >= 32)
          && ((flags & VIDEO_MODE) == 0 || left >= 48)) {
        if ((flags & UNSUPPORTED) != 0) {
          throw new GrubFailure(GrubError.BOOT_FEATURES);
        }
        return new Kind(true, compressed);
      }
    }
    return new Kind(false, compressed);
  }

  private static byte[] gunzipHead(InputStream raw) throws IOException, GrubFailure {
    try (InputStream in = new GZIPInputStream(new Bounded(raw, MAX_COMPRESSED_READ))) {
      return readHead(in, SEARCH);
    } catch (ZipException e) {
      throw new GrubFailure(GrubError.BAD_GZIP_DATA);
    } catch (EOFException e) {
      return new byte[0]; // not even a whole gzip header: nothing to find
    }
  }

  /** Up to {@code max} bytes; a stream that ends early (a truncated gzip) gives what it had. */
  private static byte[] readHead(InputStream in, int max) throws IOException {
    byte[] buf = new byte[max];
    int n = 0;
    try {
      while (n < max) {
        int r = in.read(buf, n, max - n);
        if (r <= 0) {
          break;
        }
        n += r;
      }
    } catch (EOFException e) {
      // keep what was decoded before the end
    }
    return n == max ? buf : java.util.Arrays.copyOf(buf, n);
  }

  /** Ends the stream after {@code limit} bytes. */
  private static final class Bounded extends FilterInputStream {
    private long left;

    Bounded(InputStream in, long limit) {
      super(in);
      left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
