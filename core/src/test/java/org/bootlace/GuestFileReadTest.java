package org.bootlace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.bootlace.binary.WholeFile;
import org.junit.jupiter.api.Test;

/** Reading a guest file whole: the public read and the bounded one bootlace's modules use. */
class GuestFileReadTest {
  /** A file that claims {@code size} bytes and holds {@code held} of them, all zero. */
  private static final class Sized extends AbstractGuestFile {
    private final long size;
    private final long held;

    Sized(long size, long held) {
      this.size = size;
      this.held = held;
    }

    @Override
    public String location() {
      return "(hd0)/big";
    }

    @Override
    public String path() {
      return "/big";
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public int read(long offset, ByteBuffer dst) {
      if (offset >= held) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), held - offset);
      dst.position(dst.position() + n);
      return n;
    }
  }

  @Test
  void readAllBytesReturnsTheContent() throws IOException {
    GuestFile f = GuestFiles.ofBytes("kernel".getBytes(StandardCharsets.US_ASCII), "(hd0)/k");
    assertThat(f.readAllBytes()).isEqualTo("kernel".getBytes(StandardCharsets.US_ASCII));
    assertThat(GuestFiles.slice(f, 1, 3, ":s").readAllBytes())
        .isEqualTo("ern".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aFileLargerThanOneArrayIsRefusedBeforeAnyAllocation() {
    assertThatThrownBy(() -> new Sized(3L << 30, 0).readAllBytes())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "(hd0)/big: 3221225472 bytes do not fit in one array (at most 2147483639); read it"
                + " with openStream(), copyTo or writeTo");
  }

  @Test
  void aFileEndingBeforeItsSizeIsCorrupt() {
    assertThatThrownBy(() -> new Sized(10, 4).readAllBytes())
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("(hd0)/big: file ended at 4 of its 10 bytes");
  }

  @Test
  void theBoundedReadNamesTheLimit() throws IOException {
    GuestFile f = GuestFiles.ofBytes(new byte[5], "(hd0)/grub.cfg");
    assertThat(WholeFile.read(f, 5, "maxConfigBytes")).hasSize(5);
    assertThatThrownBy(() -> WholeFile.read(f, 4, "maxConfigBytes"))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxConfigBytes (4) exceeded: (hd0)/grub.cfg (5) (raise it with"
                + " Limits.builder().maxConfigBytes(...))");
  }
}
