package org.bootlace.fs.iso9660.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import org.bootlace.block.BlockDevices;
import org.bootlace.fs.iso9660.ElTorito;
import org.bootlace.fs.iso9660.Iso9660FilesystemDriver;
import org.bootlace.testing.FilesystemWalk;
import org.bootlace.testing.FuzzProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ISO 9660 driver over an image made of the fuzz input: probe, open, walk, read every file and
 * link (see {@link FilesystemWalk}), and read the El Torito boot catalog. Seeds: {@code
 * IsoFuzzTestInputs/walk/}, made by {@code fuzz/make-iso-seeds.sh}.
 */
class IsoFuzzTest {
  @FuzzTest(maxDuration = "60s")
  @DictionaryEntries({
    "CD001",
    "\u0001CD001\u0001",
    "\u0002CD001\u0001",
    "\u00ffCD001\u0001",
    "EL TORITO SPECIFICATION",
    "SP\u0007\u0001\u00be\u00ef",
    "RR",
    "PX",
    "NM",
    "SL",
    "CE",
    "TF",
    "ZF",
    "RE",
    "CL",
    "PL",
    "ER",
    "ST",
    "pz",
    "%/E",
    "%/@",
    "%/C"
  })
  void walk(byte[] image) {
    FilesystemWalk.walk(new Iso9660FilesystemDriver(), image);
    FuzzProperty.holds(() -> ElTorito.read(BlockDevices.ofBytes(image, "fuzz.iso")));
  }

  /** The seeds reach what the fuzzer should break: each opens and its whole tree is read. */
  @ParameterizedTest
  @CsvSource({
    // The tree of fuzz/make-iso-seeds.sh: a, boot, vmlinuz at the root; boot/grub, boot/vmlinuz,
    // boot/boot.img; grub/grub.cfg; a/b/.../i and i/file: 16 names. Bytes: grub.cfg 56 + two
    // 3000-byte files + file 5. The boot image adds boot.catalog (2048 bytes).
    "rr-joliet.iso, 16, 6061",
    "plain.iso, 16, 6061",
    "eltorito.iso, 17, 8109"
  })
  void seedIsWalkedWhole(String seed, int entries, long bytes) throws IOException {
    byte[] image;
    try (InputStream in = getClass().getResourceAsStream("IsoFuzzTestInputs/walk/" + seed)) {
      image = in.readAllBytes();
    }
    assertThat(FilesystemWalk.walk(new Iso9660FilesystemDriver(), image))
        .isEqualTo(new FilesystemWalk.Seen(entries, bytes));
  }
}
