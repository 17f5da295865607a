package org.bootlace.fs.iso9660;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.BootOptions;
import org.bootlace.BootSource;
import org.bootlace.Volume;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Drivers;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.Probe;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ISO-hybrid images as xorriso makes them with a real isohdpfx.bin MBR template (from the isolinux
 * package), resolved through {@link BootSource} with the drivers on the class path: the whole-disk
 * ISO 9660 view is found first, before the partitions the MBR or GPT lists.
 */
class HybridTest {
  static final Path MBR_TEMPLATE = Path.of("/usr/lib/ISOLINUX/isohdpfx.bin");
  static final Path ISOLINUX = Path.of("/usr/lib/ISOLINUX/isolinux.bin");

  @TempDir Path tmp;
  Path src;
  Path efi;

  @BeforeEach
  void tree() throws IOException {
    if (!Files.exists(MBR_TEMPLATE) || !Files.exists(ISOLINUX)) {
      throw new AssertionError(
          MBR_TEMPLATE
              + " or "
              + ISOLINUX
              + " is missing (install the isolinux package; .ci/run lists the packages)");
    }
    src = Files.createDirectories(tmp.resolve("src"));
    Files.createDirectories(src.resolve("isolinux"));
    Files.copy(ISOLINUX, src.resolve("isolinux/isolinux.bin"));
    Tools.write(src, "isolinux/isolinux.cfg", "default linux\nlabel linux\n  kernel /vmlinuz\n");
    Tools.write(src, "vmlinuz", Fixtures.bytes(new java.util.Random(8), 70_000));
    efi = ElToritoTest.efiImage(Files.createDirectories(tmp.resolve("efi")), 2880);
  }

  private Path build(String name, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-R",
                "-J",
                "-b",
                "isolinux/isolinux.bin",
                "-c",
                "isolinux/boot.cat",
                "-no-emul-boot",
                "-boot-load-size",
                "4",
                "-boot-info-table",
                "-isohybrid-mbr",
                MBR_TEMPLATE.toString()));
    args.addAll(List.of(extra));
    return IsoImages.mkisofs(src, tmp.resolve(name), args.toArray(String[]::new));
  }

  private void assertIsoVolume(Volume v) throws IOException {
    assertThat(v.fsType()).isEqualTo("iso9660");
    assertThat(v.list("/").stream().map(DirEntry::name).sorted().toList())
        .containsExactly("isolinux", "vmlinuz");
    assertThat(v.open("/vmlinuz").readAllBytes())
        .isEqualTo(Files.readAllBytes(src.resolve("vmlinuz")));
  }

  @Test
  void isohybridMbr() throws IOException {
    Path image = build("h1.iso");
    try (BootSource s = BootSource.open(image)) {
      assertThat(s.partitionScheme()).isEqualTo("msdos");
      List<Volume> volumes = s.volumes();
      // The MBR's partition 1 starts at 0: the ISO seen again, so only the whole disk is listed.
      assertThat(volumes).hasSize(1);
      assertThat(volumes.get(0).partition().number()).isZero();
      assertIsoVolume(volumes.get(0));
    }
  }

  @Test
  void partitionOffsetAndAppendedEfiPartition() throws IOException {
    Path image =
        build(
            "h2.iso", "-partition_offset", "16", "-append_partition", "2", "0xef", efi.toString());
    try (BootSource s = BootSource.open(image)) {
      assertThat(s.partitions().stream().map(p -> p.number()).toList()).containsExactly(0, 1, 2);
      List<Volume> volumes = s.volumes();
      assertThat(volumes.get(0).partition().number()).isZero();
      assertIsoVolume(volumes.get(0));
      // Partition 1 at 32 KiB holds a second, complete ISO 9660 view of the same tree.
      assertThat(volumes.get(1).partition().number()).isEqualTo(1);
      assertThat(volumes.get(1).partition().offset()).isEqualTo(32768);
      assertIsoVolume(volumes.get(1));
      assertThat(s.volume(2)).isEmpty(); // FAT: no driver here
    }
  }

  @Test
  void gptWithTheEfiImageInAnAppendedPartition() throws IOException {
    Path image =
        build(
            "h3.iso",
            "-eltorito-alt-boot",
            "-e",
            "--interval:appended_partition_2:all::",
            "-no-emul-boot",
            "-isohybrid-gpt-basdat",
            "-append_partition",
            "2",
            "0xef",
            efi.toString());
    try (BootSource s = BootSource.open(image)) {
      List<Volume> volumes = s.volumes();
      assertThat(volumes.get(0).partition().number()).isZero();
      assertIsoVolume(volumes.get(0));
    }
    try (BlockDevice dev = BlockDevices.open(image)) {
      List<ElTorito.BootEntry> entries = ElTorito.read(dev);
      assertThat(entries.stream().map(ElToritoTest::asReported).toList())
          .isEqualTo(ElToritoTest.report(image));
      ElTorito.BootEntry uefi = entries.get(1);
      assertThat(uefi.image(dev).read(0, (int) Files.size(efi))).isEqualTo(Files.readAllBytes(efi));
    }
  }

  /** A driver that claims every device, as a filesystem found in a hybrid's partition would. */
  static final class Greedy implements FilesystemDriver {
    @Override
    public String name() {
      return "greedy";
    }

    @Override
    public Probe probe(BlockDevice device) {
      return Probe.yes("claims everything");
    }

    @Override
    public FileSystem open(BlockDevice device, DriverContext context) throws IOException {
      throw new org.bootlace.CorruptImageException("greedy: " + device + ": opened");
    }
  }

  @Test
  void iso9660RunsBeforeDefaultPriorityDrivers() throws IOException {
    Drivers found = Drivers.discover();
    assertThat(found.filesystems()).anyMatch(d -> d instanceof Iso9660FilesystemDriver);
    Drivers.Builder b = Drivers.builder();
    found.imageFormats().forEach(b::add);
    found.partitionTables().forEach(b::add);
    found.filesystems().forEach(b::add);
    b.add(new Greedy());
    Drivers drivers = b.build();
    assertThat(drivers.filesystems().get(0)).isInstanceOf(Iso9660FilesystemDriver.class);
    Path image = build("h1.iso");
    try (BootSource s = BootSource.open(image, BootOptions.builder().drivers(drivers).build())) {
      assertIsoVolume(s.volumes().get(0));
    }
  }
}
