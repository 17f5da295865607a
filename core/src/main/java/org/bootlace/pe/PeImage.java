package org.bootlace.pe;

import com.google.common.collect.ImmutableList;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.GuestFile;
import org.bootlace.GuestFiles;
import org.bootlace.NotRecognizedException;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;

/**
 * A PE/COFF executable's headers and section table (the Microsoft PE format), as UEFI loads it: an
 * EFI stub kernel or a unified kernel image. Only what finding named sections needs is read: the
 * DOS header's {@code e_lfanew}, the COFF header and the section table; every section's raw bytes
 * must lie inside the file. Sections are read lazily from the file.
 *
 * @param file the file the headers were read from, and the sections are read from
 * @param machine the COFF machine ({@code 0x8664} for x86-64)
 * @param sections the section table, in file order
 */
public record PeImage(GuestFile file, int machine, List<Section> sections) {
  /** Where the DOS header keeps the PE header's offset. */
  public static final int E_LFANEW = 0x3c;

  /**
   * The most sections read. Windows' loader stops at 96, UEFI firmware only at the 16-bit field's
   * end; a multi-profile unified kernel image (systemd lists up to 256 profiles) needs more than
   * 96, so bootlace accepts 4096 (a 160 KiB section table).
   */
  public static final int MAX_SECTIONS = 4096;

  private static final int SECTION_BYTES = 40;

  /**
   * Copies {@code sections} into an immutable list.
   *
   * @param file the file the headers were read from, and the sections are read from
   * @param machine the COFF machine ({@code 0x8664} for x86-64)
   * @param sections the section table, in file order
   */
  public PeImage {
    sections = ImmutableList.copyOf(sections);
  }

  /**
   * One section header.
   *
   * @param name the 8-byte name without trailing NULs ({@code .linux})
   * @param virtualSize the size in memory; the content's size when no larger than the raw size
   * @param rawSize the size in the file (rounded up to the file alignment)
   * @param rawOffset where the content starts in the file
   */
  public record Section(String name, long virtualSize, long rawSize, long rawOffset) {
    /**
     * {@return the content's size: the virtual size, or the raw size when the virtual size is 0 or
     * larger}
     */
    public long contentSize() {
      return virtualSize == 0 || virtualSize > rawSize ? rawSize : virtualSize;
    }
  }

  /**
   * Tells whether the first bytes of a file start with the DOS header's {@code MZ}, a cheap test
   * before {@link #read}.
   *
   * @param head the file's first bytes
   * @param length how many bytes of {@code head} are valid
   * @return true if they are at least a DOS header's 64 bytes and start with {@code MZ}
   */
  public static boolean looksLikeDos(byte[] head, int length) {
    return length >= 0x40 && head[0] == 'M' && head[1] == 'Z';
  }

  /**
   * {@return the COFF machine's name: {@code x86_64}, {@code i386}, {@code arm64}, {@code arm},
   * {@code riscv64}, or {@code unknown (machine 0x...)}}
   */
  public String architecture() {
    return switch (machine) {
      case 0x8664 -> "x86_64";
      case 0x14c -> "i386";
      case 0xaa64 -> "arm64";
      case 0x1c2, 0x1c4 -> "arm";
      case 0x5064 -> "riscv64";
      default -> "unknown (machine " + Checks.hex(machine) + ")";
    };
  }

  /**
   * Finds a section by name.
   *
   * @param name the section's name ({@code .linux})
   * @return the first section of that name, in table order
   */
  public Optional<Section> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * A section's content, read lazily from the file.
   *
   * @param s a section of this image
   * @return the content, {@link Section#contentSize()} bytes, named {@code <location>:<name>}
   */
  public GuestFile content(Section s) {
    return GuestFiles.slice(file, s.rawOffset(), s.contentSize(), ":" + s.name());
  }

  /**
   * Reads the headers of {@code file}. Not a PE file: {@link NotRecognizedException}; a section
   * outside the file or a header out of bounds: {@link CorruptImageException}.
   *
   * @param file the file; only its headers are read now
   * @return the headers and section table
   * @throws NotRecognizedException if the file has no MZ header or no PE signature
   * @throws CorruptImageException if a header or a section lies outside the file, or the table has
   *     more than {@link #MAX_SECTIONS} sections
   * @throws java.io.IOException if the file cannot be read
   */
  public static PeImage read(GuestFile file) throws java.io.IOException {
    long size = file.size();
    byte[] dos = readAt(file, 0, (int) Math.min(size, 0x40));
    if (!looksLikeDos(dos, dos.length)) {
      throw new NotRecognizedException(file.location() + ": not a PE file (no MZ header)");
    }
    long lfanew = Le.u32(dos, E_LFANEW);
    Checks.require(
        lfanew + 24 <= size,
        "PE: %s: DOS header e_lfanew at 0x3c: %s leaves no room for the PE header in %d bytes",
        file.location(),
        Checks.hex(lfanew),
        size);
    byte[] coff = readAt(file, lfanew, 24);
    if (Le.u32(coff, 0) != 0x4550) {
      throw new NotRecognizedException(
          file.location() + ": not a PE file (no PE signature at " + Checks.hex(lfanew) + ")");
    }
    int machine = Le.u16(coff, 4);
    int count = Le.u16(coff, 6);
    int optional = Le.u16(coff, 20);
    Checks.require(
        count <= MAX_SECTIONS,
        "PE: %s: COFF header NumberOfSections at %s: %d is more than %d",
        file.location(),
        Checks.hex(lfanew + 6),
        count,
        MAX_SECTIONS);
    long table = lfanew + 24 + optional;
    Checks.require(
        table + (long) count * SECTION_BYTES <= size,
        "PE: %s: section table at %s: %d sections of 40 bytes end past the end of the file (%d bytes)",
        file.location(),
        Checks.hex(table),
        count,
        size);
    byte[] raw = readAt(file, table, count * SECTION_BYTES);
    List<Section> sections = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int at = i * SECTION_BYTES;
      int n = 0;
      while (n < 8 && raw[at + n] != 0) {
        n++;
      }
      String name = printable(new String(raw, at, n, StandardCharsets.ISO_8859_1));
      long vsize = Le.u32(raw, at + 8);
      long rsize = Le.u32(raw, at + 16);
      long roff = Le.u32(raw, at + 20);
      Section s = new Section(name, vsize, rsize, roff);
      Checks.require(
          roff <= size && s.contentSize() <= size - roff,
          "PE: %s: section %d (%s) at %s: PointerToRawData %s + %d bytes ends past the end of the file (%d bytes)",
          file.location(),
          i,
          name,
          Checks.hex(table + at),
          Checks.hex(roff),
          s.contentSize(),
          size);
      sections.add(s);
    }
    return new PeImage(file, machine, sections);
  }

  /** A section name as messages show it: bytes outside printable ASCII become {@code ?}. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }

  private static byte[] readAt(GuestFile file, long offset, int length) throws java.io.IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      int n = file.read(offset + b.position(), b);
      if (n < 0) {
        throw new CorruptImageException(
            file.location()
                + ": ended at "
                + (offset + b.position())
                + " reading "
                + length
                + " bytes at "
                + offset);
      }
    }
    return b.array();
  }
}
