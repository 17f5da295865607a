package org.bootlace.kernel;

import java.util.Optional;

/** The compressions Linux and Xen use for kernels and their payloads, told apart by magic. */
public enum Compression {
  /** gzip (deflate): magic {@code 1f 8b 08}. */
  GZIP("gzip"),
  /** xz: magic {@code fd 37 7a 58 5a 00}. */
  XZ("xz"),
  /** The legacy .lzma format, which has no magic: recognized by the properties {@code 5d 00 00}. */
  LZMA("lzma"),
  /** bzip2: {@code BZh} and a block size digit. */
  BZIP2("bzip2"),
  /** lzop: magic {@code 89 4c 5a 4f 00 0d 0a 1a 0a}. */
  LZO("lzo"),
  /** LZ4, in the legacy format Linux writes ({@code 02 21 4c 18}) or the frame format. */
  LZ4("lz4"),
  /** Zstandard: magic {@code 28 b5 2f fd}. */
  ZSTD("zstd");

  private final String label;

  Compression(String label) {
    this.label = label;
  }

  /**
   * {@return the name Linux's {@code CONFIG_KERNEL_*} options and the tools use: {@code xz}, {@code
   * lz4}}
   */
  public String label() {
    return label;
  }

  /**
   * Tells the compression of data by its first bytes.
   *
   * @param head the data's first bytes
   * @param length how many bytes of {@code head} are valid
   * @return the compression whose magic starts {@code head}; empty for none
   */
  public static Optional<Compression> detect(byte[] head, int length) {
    if (starts(head, length, 0x1f, 0x8b, 0x08)) {
      return Optional.of(GZIP);
    }
    if (starts(head, length, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
      return Optional.of(XZ);
    }
    // .lzma has no magic: Linux and file(1) take properties 0x5d (lc=3 lp=0 pb=2) and a
    // dictionary size below 16 MiB shifted into the next bytes, as "lzma -9" writes.
    if (starts(head, length, 0x5d, 0x00, 0x00)) {
      return Optional.of(LZMA);
    }
    if (starts(head, length, 'B', 'Z', 'h') && length > 3 && head[3] >= '1' && head[3] <= '9') {
      return Optional.of(BZIP2);
    }
    if (starts(head, length, 0x89, 'L', 'Z', 'O', 0x00, 0x0d, 0x0a, 0x1a, 0x0a)) {
      return Optional.of(LZO);
    }
    if (starts(head, length, 0x02, 0x21, 0x4c, 0x18)
        || starts(head, length, 0x04, 0x22, 0x4d, 0x18)) {
      return Optional.of(LZ4);
    }
    if (starts(head, length, 0x28, 0xb5, 0x2f, 0xfd)) {
      return Optional.of(ZSTD);
    }
    return Optional.empty();
  }

  private static boolean starts(byte[] head, int length, int... magic) {
    if (length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
