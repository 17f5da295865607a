package org.bootlace.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;

/**
 * ELF notes (gABI "Note Section"), decoded where the owner is Xen (xen/include/public/elfnote.h),
 * Linux (include/linux/elfnote.h) or GNU.
 */
final class ElfNotes {
  /** The most bytes of notes read from one segment; kernels have a few hundred. */
  static final int MAX_SEGMENT_BYTES = 1 << 20;

  /** The most characters of one note's value kept. */
  static final int MAX_VALUE_CHARS = 256;

  static final int XEN_ENTRY = 1;
  static final int XEN_HYPERCALL_PAGE = 2;
  static final int XEN_GUEST_OS = 6;
  static final int XEN_LOADER = 8;
  static final int XEN_FEATURES = 10;
  static final int XEN_SUPPORTED_FEATURES = 17;
  static final int XEN_PHYS32_ENTRY = 18;

  private static final String[] XEN_NAMES = {
    "XEN_ELFNOTE_INFO",
    "XEN_ELFNOTE_ENTRY",
    "XEN_ELFNOTE_HYPERCALL_PAGE",
    "XEN_ELFNOTE_VIRT_BASE",
    "XEN_ELFNOTE_PADDR_OFFSET",
    "XEN_ELFNOTE_XEN_VERSION",
    "XEN_ELFNOTE_GUEST_OS",
    "XEN_ELFNOTE_GUEST_VERSION",
    "XEN_ELFNOTE_LOADER",
    "XEN_ELFNOTE_PAE_MODE",
    "XEN_ELFNOTE_FEATURES",
    "XEN_ELFNOTE_BSD_SYMTAB",
    "XEN_ELFNOTE_HV_START_LOW",
    "XEN_ELFNOTE_L1_MFN_VALID",
    "XEN_ELFNOTE_SUSPEND_CANCEL",
    "XEN_ELFNOTE_INIT_P2M",
    "XEN_ELFNOTE_MOD_START_PFN",
    "XEN_ELFNOTE_SUPPORTED_FEATURES",
    "XEN_ELFNOTE_PHYS32_ENTRY",
    "XEN_ELFNOTE_PHYS32_RELOC"
  };

  /** Xen notes whose description is a string; the others are numbers. */
  private static final int[] XEN_STRINGS = {5, 6, 7, 8, 9, 10, 11};

  private ElfNotes() {}

  /** A parsed note with its raw description, for the inspector's decisions. */
  record Raw(String owner, long type, byte[] desc, KernelNote note) {}

  /**
   * Parses the notes of one segment: {@code data} was read at file offset {@code offset}, and
   * {@code be} is the ELF's byte order.
   */
  static List<Raw> parse(byte[] data, long offset, boolean be) throws CorruptImageException {
    List<Raw> out = new ArrayList<>();
    int at = 0;
    while (at < data.length) {
      Checks.require(
          data.length - at >= 12,
          "ELF: note at %s: needs a 12-byte header, %d bytes remain in the segment",
          Checks.hex(offset + at),
          data.length - at);
      long namesz = ElfHeader.u32(data, at, be);
      long descsz = ElfHeader.u32(data, at + 4, be);
      long type = ElfHeader.u32(data, at + 8, be);
      long nameEnd = at + 12L + align4(namesz);
      Checks.require(
          nameEnd <= data.length,
          "ELF: note at %s: n_namesz %d is past the end of its segment (%d bytes)",
          Checks.hex(offset + at),
          namesz,
          data.length);
      long descEnd = nameEnd + align4(descsz);
      Checks.require(
          descsz <= data.length - nameEnd,
          "ELF: note at %s: n_descsz %d is past the end of its segment (%d bytes)",
          Checks.hex(offset + at),
          descsz,
          data.length);
      int nameLen = (int) namesz;
      while (nameLen > 0 && data[at + 12 + nameLen - 1] == 0) {
        nameLen--;
      }
      String owner = printable(new String(data, at + 12, nameLen, StandardCharsets.ISO_8859_1));
      byte[] desc = new byte[(int) descsz];
      System.arraycopy(data, (int) nameEnd, desc, 0, desc.length);
      out.add(new Raw(owner, type, desc, decode(owner, type, desc, be)));
      at = (int) Math.min(descEnd, data.length);
    }
    return out;
  }

  private static long align4(long v) {
    return (v + 3) & ~3L;
  }

  private static KernelNote decode(String owner, long type, byte[] desc, boolean be) {
    String name = "type " + type;
    boolean string = false;
    if (owner.equals("Xen") && type < XEN_NAMES.length) {
      name = XEN_NAMES[(int) type];
      for (int s : XEN_STRINGS) {
        string |= s == type;
      }
    } else if (owner.equals("Linux") && type == 0x100) {
      name = "LINUX_ELFNOTE_BUILD_SALT";
      string = true;
    } else if (owner.equals("Linux") && type == 0x101) {
      name = "LINUX_ELFNOTE_LTO_INFO";
    } else if (owner.equals("GNU") && type == 3) {
      name = "NT_GNU_BUILD_ID";
      return new KernelNote(owner, type, name, hex(desc));
    }
    String value = string ? text(desc) : number(desc, be).orElseGet(() -> hex(desc));
    return new KernelNote(owner, type, name, value);
  }

  /** A 1, 2, 4 or 8-byte description as a hex number. */
  static java.util.Optional<String> number(byte[] desc, boolean be) {
    long v;
    switch (desc.length) {
      case 1 -> v = desc[0] & 0xff;
      case 2 -> v = ElfHeader.u16(desc, 0, be);
      case 4 -> v = ElfHeader.u32(desc, 0, be);
      case 8 -> v = ElfHeader.u64(desc, 0, be);
      default -> {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.of("0x" + Long.toHexString(v).toLowerCase(Locale.ROOT));
  }

  static String text(byte[] desc) {
    int n = desc.length;
    while (n > 0 && desc[n - 1] == 0) {
      n--;
    }
    return printable(new String(desc, 0, n, StandardCharsets.ISO_8859_1));
  }

  private static String hex(byte[] desc) {
    int n = Math.min(desc.length, MAX_VALUE_CHARS / 2);
    String h = HexFormat.of().formatHex(desc, 0, n);
    return n < desc.length ? h + "..." : h;
  }

  /** Control and non-ASCII characters as {@code ?}, at most {@link #MAX_VALUE_CHARS}. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_VALUE_CHARS));
    for (int i = 0; i < s.length() && b.length() < MAX_VALUE_CHARS; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return s.length() > MAX_VALUE_CHARS ? b + "..." : b.toString();
  }
}
