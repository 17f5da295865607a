package org.bootlace.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.GuestFile;
import org.bootlace.Limits;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;
import org.bootlace.pe.PeImage;

/**
 * Tells what a kernel file is and how it can boot. Reads lazily: the headers, then as much of a
 * compressed payload as it takes to reach the ELF notes (and the Linux banner where no header
 * states the version), never more than {@code maxDecompressedKernelBytes} decompressed.
 *
 * <p>Inspection informs and never rejects: structures that are damaged are reported in {@link
 * KernelInfo#findings()} and inspection goes on with what it has. Only a limit ({@code
 * maxDecompressedKernelBytes}, the operation's timeout) or a failing read ends it with an
 * exception.
 */
public final class KernelInspector {
  /** The first bytes read from a file or a decompressed payload: every header is in there. */
  static final int HEAD_BYTES = 64 << 10;

  private static final byte[] BANNER = "Linux version ".getBytes(StandardCharsets.US_ASCII);

  private final GuestFile file;
  private final Limits limits;
  private final List<String> features = new ArrayList<>();
  private final Map<BootMode, List<String>> bootsAs = new EnumMap<>(BootMode.class);
  private final List<KernelNote> notes = new ArrayList<>();
  private final List<String> findings = new ArrayList<>();
  private KernelFormat format = KernelFormat.UNKNOWN;
  private String architecture = "unknown";
  private Optional<String> versionString = Optional.empty();
  private Optional<Compression> compression = Optional.empty();
  private Optional<String> bootProtocol = Optional.empty();

  private KernelInspector(GuestFile file, Limits limits) {
    this.file = file;
    this.limits = limits;
  }

  /**
   * Inspects a kernel file.
   *
   * @param kernel the kernel file, read lazily
   * @param limits the bounds; {@code maxDecompressedKernelBytes} bounds what is decompressed
   * @return what the file is and how it can boot
   * @throws org.bootlace.LimitExceededException if decompression passes {@code
   *     maxDecompressedKernelBytes}, or the operation's time budget is spent
   * @throws IOException if the file cannot be read
   */
  public static KernelInfo inspect(GuestFile kernel, Limits limits) throws IOException {
    return new KernelInspector(kernel, limits).run();
  }

  /**
   * Inspects a kernel file under the default limits.
   *
   * @param kernel the kernel file, read lazily
   * @return what the file is and how it can boot
   * @throws org.bootlace.LimitExceededException if decompression passes {@code
   *     maxDecompressedKernelBytes}, or the operation's time budget is spent
   * @throws IOException if the file cannot be read
   */
  public static KernelInfo inspect(GuestFile kernel) throws IOException {
    return inspect(kernel, Limits.defaults());
  }

  private KernelInfo run() throws IOException {
    byte[] head = new byte[(int) Math.min(HEAD_BYTES, file.size())];
    int length = readAt(0, head);
    Optional<Compression> outer = Compression.detect(head, length);
    if (outer.isPresent()) {
      compression = outer;
      try (InputStream in = Decompressors.open(outer.get(), file, 0, file.size(), limits)) {
        content(new Forward(in), "the " + outer.get().label() + "-compressed file", true);
      } catch (CorruptImageException e) {
        findings.add(e.getMessage());
      }
    } else if (SetupHeader.matches(head, length)) {
      bzImage(head, length);
    } else {
      try (InputStream in = new Decompressors.RangeStream(file, 0, file.size())) {
        content(new Forward(in), "the file", true);
      } catch (CorruptImageException e) {
        findings.add(e.getMessage());
      }
    }
    Optional<String> version = versionString.map(v -> v.split(" ", 2)[0]);
    return new KernelInfo(
        file.location(),
        file.size(),
        format,
        architecture,
        version,
        versionString,
        compression,
        bootProtocol,
        features,
        bootsAs,
        notes,
        findings);
  }

  private void evidence(BootMode mode, String why) {
    bootsAs.computeIfAbsent(mode, m -> new ArrayList<>()).add(why);
  }

  private void bzImage(byte[] head, int length) throws IOException {
    format = KernelFormat.BZIMAGE;
    SetupHeader h;
    try {
      h = SetupHeader.parse(head, length, file.size());
    } catch (CorruptImageException e) {
      findings.add(file.location() + ": " + e.getMessage());
      return;
    }
    bootProtocol = Optional.of(h.protocolText());
    versionString = h.versionString();
    features.addAll(h.xloadflagNames());
    architecture = (h.xloadflags() & SetupHeader.XLF_KERNEL_64) != 0 ? "x86_64" : "i386";
    evidence(BootMode.HVM_DIRECT, "x86 boot protocol " + h.protocolText() + " setup header (HdrS)");
    pe(head, length);
    if ((h.xloadflags() & (SetupHeader.XLF_EFI_HANDOVER_32 | SetupHeader.XLF_EFI_HANDOVER_64))
        != 0) {
      evidence(BootMode.EFI_STUB, "xloadflags: EFI handover protocol");
    }
    if (h.payloadLength() == 0) {
      findings.add(
          file.location()
              + ": boot protocol "
              + h.protocolText()
              + " names no payload; its ELF notes were not read");
      return;
    }
    byte[] magic = new byte[16];
    int n = readAt(h.payloadOffset(), magic);
    Optional<Compression> c = Compression.detect(magic, Math.min(n, (int) h.payloadLength()));
    String where = "the payload at " + Checks.hex(h.payloadOffset());
    try {
      if (c.isPresent()) {
        compression = c;
        // Linux appends the decompressed size (4 bytes) to every payload but gzip's, which
        // carries it in its own trailer.
        long len =
            h.payloadLength() - (c.get() != Compression.GZIP && h.payloadLength() >= 4 ? 4 : 0);
        try (InputStream in = Decompressors.open(c.get(), file, h.payloadOffset(), len, limits)) {
          payload(new Forward(in), where + " (" + c.get().label() + ")");
        }
      } else if (ElfHeader.matches(magic, n)) {
        try (InputStream in =
            new Decompressors.RangeStream(file, h.payloadOffset(), h.payloadLength())) {
          payload(new Forward(in), where + " (uncompressed)");
        }
      } else {
        findings.add(
            file.location() + ": " + where + " has no known compression magic and is not ELF");
      }
    } catch (CorruptImageException e) {
      findings.add(e.getMessage());
    }
  }

  private void payload(Forward in, String where) throws IOException {
    byte[] head = new byte[HEAD_BYTES];
    int n = in.fill(head);
    if (!ElfHeader.matches(head, n)) {
      findings.add(file.location() + ": " + where + " is not an ELF file");
      return;
    }
    elf(in, head, n, where, false);
  }

  /** A whole file's content (decompressed if the file is compressed). */
  private void content(Forward in, String where, boolean wantVersion) throws IOException {
    byte[] head = new byte[HEAD_BYTES];
    int n = in.fill(head);
    List<String> mb = Multiboot.find(head, n);
    if (ElfHeader.matches(head, n)) {
      format = KernelFormat.ELF;
      multiboot(mb);
      elf(in, head, n, where, wantVersion);
      return;
    }
    if (n >= 64 && Le.u32(head, 56) == 0x644d5241L) { // "ARM\x64"
      format = KernelFormat.ARM64_IMAGE;
      architecture = "arm64";
      long textOffset = Le.u64(head, 8);
      long imageSize = Le.u64(head, 16);
      long flags = Le.u64(head, 24);
      features.add(
          "arm64 Image: text_offset "
              + Checks.hex(textOffset)
              + ", image_size "
              + imageSize
              + ", "
              + ((flags & 1) == 0 ? "little" : "big")
              + "-endian");
      evidence(BootMode.HVM_DIRECT, "arm64 Image header (ARM\\x64 magic at 0x38)");
      pe(head, n);
      scan(in, head, n, Long.MAX_VALUE);
      return;
    }
    if (pe(head, n)) {
      format = KernelFormat.PE;
    }
    if (!mb.isEmpty()) {
      if (format == KernelFormat.UNKNOWN) {
        format = KernelFormat.MULTIBOOT;
      }
      multiboot(mb);
    }
  }

  private void multiboot(List<String> found) {
    features.addAll(found);
    for (String m : found) {
      if (m.startsWith("multiboot header")) {
        evidence(BootMode.HVM_DIRECT, m + ": multiboot loaders (GRUB, qemu -kernel) start it");
      }
    }
  }

  /** Whether {@code head} is a PE/COFF program; records it as EFI stub evidence. */
  private boolean pe(byte[] head, int n) {
    if (!PeImage.looksLikeDos(head, n)) {
      return false;
    }
    long lfanew = Le.u32(head, PeImage.E_LFANEW);
    if (lfanew > n - 6 || Le.u32(head, (int) lfanew) != 0x4550) {
      return false;
    }
    int machine = Le.u16(head, (int) lfanew + 4);
    evidence(
        BootMode.EFI_STUB,
        "PE/COFF header at " + Checks.hex(lfanew) + " (machine " + Checks.hex(machine) + ")");
    if (architecture.equals("unknown")) {
      architecture =
          switch (machine) {
            case 0x8664 -> "x86_64";
            case 0x14c -> "i386";
            case 0xaa64 -> "arm64";
            case 0x5064 -> "riscv64";
            default -> "unknown";
          };
    }
    return true;
  }

  private void elf(Forward in, byte[] head, int n, String where, boolean wantVersion)
      throws IOException {
    ElfHeader elf;
    try {
      elf = ElfHeader.parse(head, n);
    } catch (CorruptImageException e) {
      findings.add(file.location() + ": " + where + ": " + e.getMessage());
      return;
    }
    architecture = elf.architecture();
    List<ElfHeader.Segment> noteSegments = new ArrayList<>();
    for (ElfHeader.Segment s : elf.segments()) {
      if (s.type() == ElfHeader.PT_NOTE) {
        noteSegments.add(s);
      }
    }
    noteSegments.sort(Comparator.comparingLong(ElfHeader.Segment::offset));
    Scanner scanner = wantVersion && versionString.isEmpty() ? new Scanner() : null;
    if (scanner != null) {
      scanner.accept(head, n);
    }
    List<ElfNotes.Raw> raw = new ArrayList<>();
    for (ElfHeader.Segment s : noteSegments) {
      if (s.offset() < in.position()) {
        if (s.offset() + s.fileSize() > n) {
          findings.add(
              file.location()
                  + ": "
                  + where
                  + ": ELF program header "
                  + s.index()
                  + " (PT_NOTE) at "
                  + Checks.hex(s.offset())
                  + " overlaps notes already read; skipped");
          continue;
        }
      }
      if (s.fileSize() > ElfNotes.MAX_SEGMENT_BYTES) {
        findings.add(
            file.location()
                + ": "
                + where
                + ": ELF program header "
                + s.index()
                + " (PT_NOTE): p_filesz "
                + s.fileSize()
                + " is more than "
                + ElfNotes.MAX_SEGMENT_BYTES
                + " bytes of notes; skipped");
        continue;
      }
      byte[] data = new byte[(int) s.fileSize()];
      boolean ok;
      if (s.offset() + s.fileSize() <= n) {
        System.arraycopy(head, (int) s.offset(), data, 0, data.length);
        ok = true;
      } else {
        ok = in.skipTo(s.offset(), scanner) && in.fill(data) == data.length;
        if (scanner != null) {
          scanner.accept(data, data.length);
        }
      }
      if (!ok) {
        findings.add(
            file.location()
                + ": "
                + where
                + ": ELF program header "
                + s.index()
                + " (PT_NOTE) at "
                + Checks.hex(s.offset())
                + " + "
                + s.fileSize()
                + " is past the end");
        continue;
      }
      try {
        raw.addAll(ElfNotes.parse(data, s.offset(), elf.bigEndian()));
      } catch (CorruptImageException e) {
        findings.add(file.location() + ": " + where + ": " + e.getMessage());
      }
    }
    if (scanner != null && scanner.found == null) {
      in.skipTo(Long.MAX_VALUE, scanner);
    }
    if (scanner != null && scanner.found != null) {
      versionString = Optional.of(scanner.found);
    }
    xen(raw, where);
  }

  /** Reads on to the end of the content looking for the Linux banner. */
  private void scan(Forward in, byte[] head, int n, long until) throws IOException {
    if (versionString.isPresent()) {
      return;
    }
    Scanner scanner = new Scanner();
    scanner.accept(head, n);
    if (scanner.found == null) {
      in.skipTo(until, scanner);
    }
    versionString = Optional.ofNullable(scanner.found);
  }

  private void xen(List<ElfNotes.Raw> raw, String where) {
    Map<Integer, KernelNote> xen = new java.util.HashMap<>();
    for (ElfNotes.Raw r : raw) {
      notes.add(r.note());
      if (r.owner().equals("Xen") && r.type() < 64) {
        xen.putIfAbsent((int) r.type(), r.note());
      }
    }
    if (xen.containsKey(ElfNotes.XEN_ENTRY) || xen.containsKey(ElfNotes.XEN_GUEST_OS)) {
      List<String> why = new ArrayList<>();
      why.add("Xen ELF notes in " + where);
      for (int t :
          new int[] {
            ElfNotes.XEN_ENTRY,
            ElfNotes.XEN_HYPERCALL_PAGE,
            ElfNotes.XEN_GUEST_OS,
            ElfNotes.XEN_LOADER,
            ElfNotes.XEN_FEATURES,
            ElfNotes.XEN_SUPPORTED_FEATURES
          }) {
        if (xen.containsKey(t)) {
          KernelNote k = xen.get(t);
          why.add(k.name() + " = " + k.value());
        }
      }
      bootsAs.put(BootMode.XEN_PV, why);
    }
    if (xen.containsKey(ElfNotes.XEN_PHYS32_ENTRY)) {
      KernelNote k = xen.get(ElfNotes.XEN_PHYS32_ENTRY);
      evidence(BootMode.XEN_PVH, k.name() + " = " + k.value() + " in " + where);
      if (format == KernelFormat.ELF) {
        evidence(
            BootMode.HVM_DIRECT, k.name() + ": qemu -kernel starts an ELF kernel at its PVH entry");
      }
    }
  }

  private int readAt(long offset, byte[] into) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(into);
    while (b.hasRemaining()) {
      int n = file.read(offset + b.position(), b);
      if (n < 0) {
        break;
      }
    }
    return b.position();
  }

  /** Finds {@code Linux version } in bytes streamed past it, and keeps the line that follows. */
  static final class Scanner {
    private static final int KEEP = 256;
    private byte[] carry = new byte[0];
    String found;

    void accept(byte[] chunk, int length) {
      if (found != null || length <= 0) {
        return;
      }
      byte[] all = new byte[carry.length + length];
      System.arraycopy(carry, 0, all, 0, carry.length);
      System.arraycopy(chunk, 0, all, carry.length, length);
      int at = indexOf(all);
      if (at < 0) {
        int keep = Math.min(all.length, BANNER.length - 1);
        carry = java.util.Arrays.copyOfRange(all, all.length - keep, all.length);
        return;
      }
      int start = at + BANNER.length;
      int end = start;
      while (end < all.length && end - start < KEEP && all[end] != 0 && all[end] != '\n') {
        end++;
      }
      if (end == all.length && end - start < KEEP) {
        carry =
            java.util.Arrays.copyOfRange(all, at, all.length); // the line goes on in the next chunk
        return;
      }
      finish(all, start, end);
    }

    void end() {
      int at = indexOf(carry);
      if (found == null && at >= 0) {
        finish(carry, at + BANNER.length, carry.length);
      }
    }

    private void finish(byte[] all, int start, int end) {
      String text =
          ElfNotes.printable(new String(all, start, end - start, StandardCharsets.ISO_8859_1))
              .strip();
      found = text.isEmpty() ? null : text;
      carry = new byte[0];
    }

    private static int indexOf(byte[] all) {
      outer:
      for (int i = 0; i + BANNER.length <= all.length; i++) {
        if (all[i] != 'L') {
          continue;
        }
        for (int j = 1; j < BANNER.length; j++) {
          if (all[i + j] != BANNER[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }

  /** A forward-only reader of content whose position it tracks. */
  static final class Forward {
    private final InputStream in;
    private long position;

    Forward(InputStream in) {
      this.in = in;
    }

    long position() {
      return position;
    }

    /** Reads until {@code into} is full or the content ends; returns the count. */
    int fill(byte[] into) throws IOException {
      int n = in.readNBytes(into, 0, into.length);
      position += n;
      return n;
    }

    /**
     * Reads up to {@code target}, showing every byte to {@code scanner}; false if the content ended
     * first.
     */
    boolean skipTo(long target, Scanner scanner) throws IOException {
      byte[] buf = new byte[1 << 16];
      while (position < target) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, target - position));
        if (n < 0) {
          if (scanner != null) {
            scanner.end();
          }
          return false;
        }
        position += n;
        if (scanner != null) {
          scanner.accept(buf, n);
          if (scanner.found != null && target == Long.MAX_VALUE) {
            return true;
          }
        }
      }
      return true;
    }
  }
}
