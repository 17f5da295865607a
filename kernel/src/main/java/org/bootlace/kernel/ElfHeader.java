package org.bootlace.kernel;

import java.util.ArrayList;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;

/**
 * An ELF file header and its program headers (the System V ABI's gABI), 32 or 64 bits, either byte
 * order. Only what inspection needs: the machine, the entry, and where the notes are.
 */
record ElfHeader(boolean is64, boolean bigEndian, int machine, long entry, List<Segment> segments) {
  static final int PT_NOTE = 4;

  /** More program headers than any kernel has; a larger count is refused. */
  static final int MAX_PHNUM = 4096;

  /** One program header. */
  record Segment(int index, long type, long offset, long fileSize) {}

  static boolean matches(byte[] head, int length) {
    return length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
  }

  /** Parses the header and program headers, which must lie within {@code head[0..length)}. */
  static ElfHeader parse(byte[] head, int length) throws CorruptImageException {
    Checks.require(length >= 52, "ELF: header at 0x0: needs 52 bytes, the file has %d", length);
    int cls = head[4] & 0xff;
    int data = head[5] & 0xff;
    Checks.require(
        cls == 1 || cls == 2,
        "ELF: header EI_CLASS at 0x4: %d is neither 1 (32-bit) nor 2 (64-bit)",
        cls);
    Checks.require(
        data == 1 || data == 2,
        "ELF: header EI_DATA at 0x5: %d is neither 1 (LSB) nor 2 (MSB)",
        data);
    boolean is64 = cls == 2;
    boolean be = data == 2;
    Checks.require(
        !is64 || length >= 64,
        "ELF: 64-bit header at 0x0: needs 64 bytes, the file has %d",
        length);
    int machine = u16(head, 18, be);
    long entry = is64 ? u64(head, 24, be) : u32(head, 24, be);
    long phoff = is64 ? u64(head, 32, be) : u32(head, 28, be);
    int phentsize = u16(head, is64 ? 54 : 42, be);
    int phnum = u16(head, is64 ? 56 : 44, be);
    int want = is64 ? 56 : 32;
    List<Segment> segments = new ArrayList<>();
    if (phnum == 0) {
      return new ElfHeader(is64, be, machine, entry, segments);
    }
    Checks.require(
        phentsize == want,
        "ELF: header e_phentsize at %s: %d != %d",
        Checks.hex(is64 ? 54 : 42),
        phentsize,
        want);
    Checks.require(
        phnum <= MAX_PHNUM,
        "ELF: header e_phnum at %s: %d is more than %d",
        Checks.hex(is64 ? 56 : 44),
        phnum,
        MAX_PHNUM);
    Checks.require(
        phoff >= 0 && phoff <= length && (long) phnum * phentsize <= length - phoff,
        "ELF: header e_phoff at %s: %s + %d program headers of %d bytes is outside the first %d bytes read",
        Checks.hex(is64 ? 32 : 28),
        Checks.hex(phoff),
        phnum,
        phentsize,
        length);
    for (int i = 0; i < phnum; i++) {
      int at = (int) phoff + i * phentsize;
      long type = u32(head, at, be);
      long offset = is64 ? u64(head, at + 8, be) : u32(head, at + 4, be);
      long fileSize = is64 ? u64(head, at + 32, be) : u32(head, at + 16, be);
      Checks.require(
          offset >= 0 && fileSize >= 0,
          "ELF: program header %d at %s: p_offset %s or p_filesz %s is beyond 2^63",
          i,
          Checks.hex(at),
          Long.toUnsignedString(offset, 16),
          Long.toUnsignedString(fileSize, 16));
      segments.add(new Segment(i, type, offset, fileSize));
    }
    return new ElfHeader(is64, be, machine, entry, segments);
  }

  /** The architecture as Linux names it, from e_machine. */
  String architecture() {
    return switch (machine) {
      case 3 -> "i386";
      case 62 -> "x86_64";
      case 40 -> "arm";
      case 183 -> "arm64";
      case 243 -> is64 ? "riscv64" : "riscv32";
      case 21 -> "ppc64";
      case 20 -> "ppc";
      case 22 -> "s390x";
      default -> "unknown (e_machine " + machine + ")";
    };
  }

  static int u16(byte[] b, int at, boolean be) {
    return be ? (b[at] & 0xff) << 8 | (b[at + 1] & 0xff) : (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  static long u32(byte[] b, int at, boolean be) {
    long lo = u16(b, at, be);
    long hi = u16(b, at + 2, be);
    return be ? lo << 16 | hi : hi << 16 | lo;
  }

  static long u64(byte[] b, int at, boolean be) {
    long lo = u32(b, at, be);
    long hi = u32(b, at + 4, be);
    return be ? lo << 32 | hi : hi << 32 | lo;
  }
}
