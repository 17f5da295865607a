package org.bootlace.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;

/**
 * The x86 Linux boot protocol's setup header (Documentation/arch/x86/boot.rst), at offset 0x1f1 of
 * a bzImage.
 *
 * @param setupBytes the real-mode part's size: (setup_sects + 1) * 512; the protected-mode kernel
 *     starts there
 * @param protocol the boot protocol version, major in the high byte ({@code 0x020f} is 2.15)
 * @param versionString the kernel_version text, where the header points at one
 * @param xloadflags the 2.12 flags (0 before 2.12)
 * @param payloadOffset the compressed payload's offset in the file (absolute), 2.08 and later
 * @param payloadLength the payload's length, 2.08 and later
 */
record SetupHeader(
    long setupBytes,
    int protocol,
    Optional<String> versionString,
    int loadflags,
    int xloadflags,
    long payloadOffset,
    long payloadLength) {

  static final int SETUP_SECTS = 0x1f1;
  static final int BOOT_FLAG = 0x1fe;
  static final int HEADER = 0x202;
  static final int VERSION = 0x206;
  static final int KERNEL_VERSION = 0x20e;
  static final int LOADFLAGS = 0x211;
  static final int XLOADFLAGS = 0x236;
  static final int PAYLOAD_OFFSET = 0x248;
  static final int PAYLOAD_LENGTH = 0x24c;

  /** Bytes the fields this reader uses span. */
  static final int MIN_BYTES = 0x250;

  static final long MAGIC = 0x53726448L; // "HdrS"
  static final int XLF_KERNEL_64 = 1;
  static final int XLF_CAN_BE_LOADED_ABOVE_4G = 1 << 1;
  static final int XLF_EFI_HANDOVER_32 = 1 << 2;
  static final int XLF_EFI_HANDOVER_64 = 1 << 3;
  static final int XLF_EFI_KEXEC = 1 << 4;
  static final int XLF_5LEVEL = 1 << 5;
  static final int XLF_5LEVEL_ENABLED = 1 << 6;

  /** The longest kernel_version text read. */
  static final int MAX_VERSION = 512;

  /** Whether {@code head} has the boot flag and the {@code HdrS} magic. */
  static boolean matches(byte[] head, int length) {
    return length >= MIN_BYTES
        && Le.u16(head, BOOT_FLAG) == 0xaa55
        && Le.u32(head, HEADER) == MAGIC;
  }

  /**
   * Parses the header in {@code head} (the file's first {@code length} bytes) of a file of {@code
   * fileSize} bytes; {@link #matches} must hold.
   */
  static SetupHeader parse(byte[] head, int length, long fileSize) throws CorruptImageException {
    int sects = Le.u8(head, SETUP_SECTS);
    if (sects == 0) {
      sects = 4; // the protocol's rule for very old kernels
    }
    long setupBytes = (sects + 1L) * 512;
    Checks.require(
        setupBytes <= fileSize,
        "bzImage: setup header setup_sects at %s: %d sectors (%d bytes) is past the end of the file (%d bytes)",
        Checks.hex(SETUP_SECTS),
        sects,
        setupBytes,
        fileSize);
    int protocol = Le.u16(head, VERSION);
    Checks.require(
        protocol >= 0x0200,
        "bzImage: setup header version at %s: 0x%04x is older than boot protocol 2.00",
        Checks.hex(VERSION),
        protocol);
    Optional<String> version = Optional.empty();
    int pointer = Le.u16(head, KERNEL_VERSION);
    if (pointer != 0) {
      long at = pointer + 0x200L;
      Checks.require(
          at < Math.min(setupBytes, length),
          "bzImage: setup header kernel_version at %s: 0x%04x points to %s, outside the setup code (%d bytes)",
          Checks.hex(KERNEL_VERSION),
          pointer,
          Checks.hex(at),
          Math.min(setupBytes, length));
      int end = (int) at;
      int max = (int) Math.min(Math.min(setupBytes, length), at + MAX_VERSION);
      while (end < max && head[end] != 0) {
        end++;
      }
      String text = new String(head, (int) at, end - (int) at, StandardCharsets.ISO_8859_1).strip();
      if (!text.isEmpty()) {
        version = Optional.of(text);
      }
    }
    int xloadflags = protocol >= 0x020c ? Le.u16(head, XLOADFLAGS) : 0;
    long payloadOffset = 0;
    long payloadLength = 0;
    if (protocol >= 0x0208) {
      long relOffset = Le.u32(head, PAYLOAD_OFFSET);
      payloadLength = Le.u32(head, PAYLOAD_LENGTH);
      payloadOffset = setupBytes + relOffset;
      Checks.require(
          payloadOffset + payloadLength <= fileSize,
          "bzImage: setup header payload_offset at %s: 0x%x + payload_length 0x%x after the setup code"
              + " (%d bytes) ends at %d, past the end of the file (%d bytes)",
          Checks.hex(PAYLOAD_OFFSET),
          relOffset,
          payloadLength,
          setupBytes,
          payloadOffset + payloadLength,
          fileSize);
    }
    return new SetupHeader(
        setupBytes,
        protocol,
        version,
        Le.u8(head, LOADFLAGS),
        xloadflags,
        payloadOffset,
        payloadLength);
  }

  /** The boot protocol as people write it: {@code 2.15}. */
  String protocolText() {
    return String.format(Locale.ROOT, "%d.%02d", protocol >> 8, protocol & 0xff);
  }

  /** The xloadflags, by name. */
  List<String> xloadflagNames() {
    List<String> out = new ArrayList<>();
    if ((xloadflags & XLF_KERNEL_64) != 0) {
      out.add("64-bit entry");
    }
    if ((xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G) != 0) {
      out.add("loadable above 4 GiB");
    }
    if ((xloadflags & XLF_EFI_HANDOVER_32) != 0) {
      out.add("EFI handover (32-bit)");
    }
    if ((xloadflags & XLF_EFI_HANDOVER_64) != 0) {
      out.add("EFI handover (64-bit)");
    }
    if ((xloadflags & XLF_EFI_KEXEC) != 0) {
      out.add("EFI kexec");
    }
    if ((xloadflags & XLF_5LEVEL) != 0) {
      out.add("5-level paging");
    }
    if ((xloadflags & XLF_5LEVEL_ENABLED) != 0) {
      out.add("5-level paging enabled");
    }
    return out;
  }
}
