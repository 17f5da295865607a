package org.bootlace.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPOutputStream;
import org.bootlace.CorruptImageException;
import org.bootlace.GuestFiles;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.NotRecognizedException;
import org.bootlace.binary.Le;
import org.bootlace.pe.PeImage;
import org.bootlace.testing.FakeKernels;
import org.junit.jupiter.api.Test;

/** Damaged and hostile kernels: inspection reports what it could not read, within its limits. */
class HostileKernelTest {
  /** An ELF64 x86-64 header with one PT_NOTE program header at 64, then {@code body}. */
  static byte[] elfWithNote(long noteOffset, long noteSize, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(120 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
    b.putShort(18, (short) 62).putLong(24, 0x1000000L).putLong(32, 64);
    b.putShort(54, (short) 56).putShort(56, (short) 1);
    b.putInt(64, 4).putLong(72, noteOffset).putLong(96, noteSize);
    b.position(120);
    b.put(body);
    return b.array();
  }

  /** One note: owner, type, description. */
  static byte[] note(String owner, int type, byte[] desc) {
    byte[] name = (owner + "\0").getBytes(StandardCharsets.US_ASCII);
    int nameLen = (name.length + 3) & ~3;
    ByteBuffer b =
        ByteBuffer.allocate(12 + nameLen + ((desc.length + 3) & ~3)).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(name.length).putInt(desc.length).putInt(type).put(name);
    b.position(12 + nameLen);
    b.put(desc);
    return b.array();
  }

  static byte[] gzip(byte[] data, int zeros) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
      byte[] block = new byte[1 << 16];
      for (int i = 0; i < zeros / block.length; i++) {
        z.write(block);
      }
    }
    return out.toByteArray();
  }

  @Test
  void setupHeaderWithPayloadPastTheEnd() {
    byte[] k = FakeKernels.linux("6.1.0-test (x@y) #1");
    Le.putU32(k, 0x206, 0x020f);
    Le.putU32(k, 0x248, 0x10);
    Le.putU32(k, 0x24c, 0x7fffffff);
    assertThatThrownBy(() -> SetupHeader.parse(k, k.length, 4096))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "bzImage: setup header payload_offset at 0x248: 0x10 + payload_length 0x7fffffff after the"
                + " setup code (2560 bytes) ends at 2147486223, past the end of the file (4096 bytes)");
  }

  @Test
  void setupHeaderWithVersionPointerOutsideTheSetupCode() {
    byte[] k = new byte[0x1000];
    System.arraycopy(FakeKernels.linux("x"), 0, k, 0, 1024);
    k[0x1f1] = 1;
    k[0x20e] = (byte) 0xff;
    k[0x20f] = (byte) 0xff;
    assertThatThrownBy(() -> SetupHeader.parse(k, k.length, k.length))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "bzImage: setup header kernel_version at 0x20e: 0xffff points to 0x101ff, outside the setup code (1024 bytes)");
  }

  @Test
  void realKernelWithPayloadLengthPatchedIsReportedNotThrown() throws IOException {
    byte[] k = Files.readAllBytes(Kernels.cloud());
    Le.putU32(k, 0x24c, 0xffffffffL);
    KernelInfo info = KernelInspector.inspect(GuestFiles.ofBytes(k, "vmlinuz"));
    assertThat(info.format()).isEqualTo(KernelFormat.BZIMAGE);
    assertThat(info.bootsAs()).isEmpty();
    int sects = k[0x1f1] & 0xff;
    long setup = (sects + 1L) * 512;
    long rel = Le.u32(k, 0x248);
    assertThat(info.findings())
        .containsExactly(
            "vmlinuz: bzImage: setup header payload_offset at 0x248: 0x"
                + Long.toHexString(rel)
                + " + payload_length 0xffffffff after the setup code ("
                + setup
                + " bytes) ends at "
                + (setup + rel + 0xffffffffL)
                + ", past the end of the file ("
                + k.length
                + " bytes)");
  }

  @Test
  void noteWithAbsurdDescriptionSize() {
    byte[] n = note("Xen", 6, "linux".getBytes(StandardCharsets.US_ASCII));
    Le.putU32(n, 4, 0xfffffff0L);
    assertThatThrownBy(() -> ElfNotes.parse(n, 0x1000, false))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "ELF: note at 0x1000: n_descsz 4294967280 is past the end of its segment (24 bytes)");
  }

  @Test
  void noteWithAbsurdNameSize() {
    byte[] n = note("Xen", 6, new byte[4]);
    Le.putU32(n, 0, 0xffffffffL);
    assertThatThrownBy(() -> ElfNotes.parse(n, 0x40, false))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "ELF: note at 0x40: n_namesz 4294967295 is past the end of its segment (20 bytes)");
  }

  @Test
  void absurdNoteInAKernelIsAFinding() throws IOException {
    byte[] n = note("Xen", 6, "linux".getBytes(StandardCharsets.US_ASCII));
    Le.putU32(n, 4, 0xfffffff0L);
    byte[] elf = elfWithNote(120, n.length, n);
    KernelInfo info = KernelInspector.inspect(GuestFiles.ofBytes(elf, "vmlinux"));
    assertThat(info.format()).isEqualTo(KernelFormat.ELF);
    assertThat(info.findings())
        .containsExactly(
            "vmlinux: the file: ELF: note at 0x78: n_descsz 4294967280 is past the end of its segment (24 bytes)");
  }

  /**
   * The real kernel's notes (vmlinux-mini keeps them) with the first note's n_descsz patched to
   * 2^32 - 1.
   */
  @Test
  void realNotesWithOneSizePatchedAreAFinding() throws IOException {
    byte[] elf = Files.readAllBytes(Kernels.mini(Kernels.vmlinux(Kernels.cloud()).path()));
    int phoff = (int) Le.u64(elf, 32);
    long notes = -1;
    for (int i = 0; i < Le.u16(elf, 56); i++) {
      if (Le.u32(elf, phoff + 56 * i) == 4) {
        notes = Le.u64(elf, phoff + 56 * i + 8);
      }
    }
    Le.putU32(elf, (int) notes + 4, 0xffffffffL);
    KernelInfo info = KernelInspector.inspect(GuestFiles.ofBytes(elf, "vmlinux"));
    int segment = elf.length - (int) notes;
    assertThat(info.findings())
        .containsExactly(
            "vmlinux: the file: ELF: note at 0x"
                + Long.toHexString(notes)
                + ": n_descsz 4294967295 is past the end of its segment ("
                + segment
                + " bytes)");
    assertThat(info.bootsAs()).doesNotContainKey(BootMode.XEN_PV);
    assertThat(info.version()).isPresent();
  }

  @Test
  void noteSegmentOfATerabyteIsSkipped() throws IOException {
    byte[] elf = elfWithNote(120, 1L << 40, new byte[0]);
    KernelInfo info = KernelInspector.inspect(GuestFiles.ofBytes(elf, "vmlinux"));
    assertThat(info.findings())
        .containsExactly(
            "vmlinux: the file: ELF program header 0 (PT_NOTE): p_filesz 1099511627776 is more than 1048576 bytes of notes; skipped");
  }

  @Test
  void xenNotesMakeAPvAndPvhKernel() throws IOException {
    ByteArrayOutputStream notes = new ByteArrayOutputStream();
    notes.write(note("Xen", 6, "linux\0".getBytes(StandardCharsets.US_ASCII)));
    notes.write(note("Xen", 1, new byte[] {0, 0x10, 0, 0, 0, 0, 0, 0}));
    notes.write(note("Xen", 18, new byte[] {0x50, 0x08, 0, 1}));
    byte[] body = notes.toByteArray();
    KernelInfo info =
        KernelInspector.inspect(GuestFiles.ofBytes(elfWithNote(120, body.length, body), "vmlinux"));
    assertThat(info.findings()).isEmpty();
    assertThat(info.bootsAs().get(BootMode.XEN_PV))
        .containsExactly(
            "Xen ELF notes in the file",
            "XEN_ELFNOTE_ENTRY = 0x1000",
            "XEN_ELFNOTE_GUEST_OS = linux");
    assertThat(info.bootsAs().get(BootMode.XEN_PVH))
        .containsExactly("XEN_ELFNOTE_PHYS32_ENTRY = 0x1000850 in the file");
    assertThat(info.bootsAs().get(BootMode.HVM_DIRECT))
        .containsExactly(
            "XEN_ELFNOTE_PHYS32_ENTRY: qemu -kernel starts an ELF kernel at its PVH entry");
  }

  /**
   * A compressed ELF whose notes lie past everything the limit lets decompress: a bomb stops at the
   * limit.
   */
  @Test
  void payloadThatNeverEndsHitsTheLimit() throws IOException {
    byte[] elf = elfWithNote(1L << 40, 64, new byte[0]);
    byte[] bomb = gzip(elf, 4 << 20);
    Limits limits = Limits.builder().maxDecompressedKernelBytes(1 << 20).build();
    assertThatThrownBy(() -> KernelInspector.inspect(GuestFiles.ofBytes(bomb, "bomb.gz"), limits))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxDecompressedKernelBytes (1048576) exceeded: bomb.gz: gzip data at 0x0"
                + " decompresses to more than 1048576 bytes (raise it with"
                + " Limits.builder().maxDecompressedKernelBytes(...))");
  }

  @Test
  void truncatedCompressedFileIsAFinding() throws IOException {
    byte[] n = note("Xen", 6, "linux".getBytes(StandardCharsets.US_ASCII));
    byte[] elf = elfWithNote(200_000, n.length, new byte[200_000]);
    byte[] gz = gzip(elf, 0);
    byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);
    KernelInfo info = KernelInspector.inspect(GuestFiles.ofBytes(cut, "cut.gz"));
    assertThat(info.format()).isEqualTo(KernelFormat.ELF);
    assertThat(info.findings())
        .singleElement()
        .asString()
        .startsWith("cut.gz: gzip data at 0x0: after ")
        .endsWith(" bytes out: EOFException: Unexpected end of ZLIB input stream");
  }

  @Test
  void peSectionPointingOutsideTheFile() {
    byte[] pe = new byte[0x200];
    pe[0] = 'M';
    pe[1] = 'Z';
    Le.putU32(pe, 0x3c, 0x40);
    Le.putU32(pe, 0x40, 0x4550);
    pe[0x44] = 0x64;
    pe[0x45] = (byte) 0x86;
    pe[0x46] = 1; // one section
    // section table at 0x40 + 24 + 0 (no optional header)
    byte[] name = ".linux".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, pe, 0x58, name.length);
    Le.putU32(pe, 0x58 + 8, 0x1000);
    Le.putU32(pe, 0x58 + 16, 0x1000);
    Le.putU32(pe, 0x58 + 20, 0xfffff000L);
    assertThatThrownBy(() -> PeImage.read(GuestFiles.ofBytes(pe, "uki.efi")))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "PE: uki.efi: section 0 (.linux) at 0x58: PointerToRawData 0xfffff000 + 4096 bytes"
                + " ends past the end of the file (512 bytes)");
  }

  @Test
  void notPeIsNotRecognized() {
    assertThatThrownBy(() -> PeImage.read(GuestFiles.ofBytes(new byte[100], "x")))
        .isInstanceOf(NotRecognizedException.class)
        .hasMessage("x: not a PE file (no MZ header)");
  }

  @Test
  void textFileIsUnknownAndBootsNothing() throws IOException {
    KernelInfo info =
        KernelInspector.inspect(
            GuestFiles.ofBytes(
                "this is not a kernel\n".getBytes(StandardCharsets.US_ASCII), "vmlinuz"));
    assertThat(info.format()).isEqualTo(KernelFormat.UNKNOWN);
    assertThat(info.bootsAs()).isEmpty();
    assertThat(info.findings()).isEmpty();
    assertThat(info.version()).isEmpty();
  }

  /**
   * The parsers stay linear: 8 MiB of notes-free ELF is scanned for the banner in well under the
   * budget.
   */
  @Test
  void largeElfIsScannedLinearly() throws IOException {
    byte[] body = new byte[8 << 20];
    byte[] banner = "Linux version 9.9.9-big (b@c) #1\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(banner, 0, body, body.length - 100, banner.length);
    byte[] elf = elfWithNote(120, 0, body);
    long start = System.nanoTime();
    KernelInfo info = KernelInspector.inspect(GuestFiles.ofBytes(elf, "vmlinux"));
    assertThat(info.version()).contains("9.9.9-big");
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }
}
