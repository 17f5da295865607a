package org.bootlace.image.vhdx;

import static org.bootlace.binary.Checks.hex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Le;

/** The fixed-layout VHDX structures ([MS-VHDX] 2.2): headers, region tables, metadata table. */
final class VhdxStructures {
  private VhdxStructures() {}

  static final long HEADER_1 = 64 << 10;
  static final long HEADER_2 = 128 << 10;
  static final long REGION_1 = 192 << 10;
  static final long REGION_2 = 256 << 10;
  static final int HEADER_SIZE = 4096;
  static final int REGION_SIZE = 64 << 10;
  static final Guid BAT = Guid.of("2DC27766-F623-4200-9D64-115E9BFD4A08");
  static final Guid METADATA = Guid.of("8B7CA206-4790-4B9A-B8FE-575F050F886E");
  static final Guid FILE_PARAMETERS = Guid.of("CAA16737-FA36-4D43-B3B6-33F0AA44E76B");
  static final Guid VIRTUAL_DISK_SIZE = Guid.of("2FA54224-CD1B-4876-B211-5DBED83BF4B8");
  static final Guid LOGICAL_SECTOR_SIZE = Guid.of("8141BF1D-A96F-4709-BA47-F233A8FAAB5F");
  static final Guid PHYSICAL_SECTOR_SIZE = Guid.of("CDA348C7-445D-4471-9CC9-E9885251C556");
  static final Guid PAGE_83 = Guid.of("BECA12AB-B2E6-4523-93EF-C309E000C746");
  static final Guid PARENT_LOCATOR = Guid.of("A8D35F2D-B30B-454D-ABF7-D3D84834AB0C");

  /** CRC-32C of {@code b} with the 4-byte checksum field at {@code at} taken as zero. */
  static long crc(byte[] b, int at) {
    CRC32C c = new CRC32C();
    c.update(b, 0, at);
    c.update(new byte[4], 0, 4);
    c.update(b, at + 4, b.length - at - 4);
    return c.getValue();
  }

  /** A header: its sequence number and log, validated (signature, CRC-32C, version). */
  record Header(long sequence, Guid logGuid, long logOffset, long logLength) {
    static Header parse(byte[] h, String where) throws CorruptImageException {
      long sig = Le.u32(h, 0);
      if (sig != 0x64616568L) {
        throw new CorruptImageException(where + ": signature " + hex(sig) + " is not 'head'");
      }
      long want = Le.u32(h, 4);
      long got = crc(h, 4);
      if (want != got) {
        throw new CorruptImageException(where + ": CRC-32C " + hex(want) + " != " + hex(got));
      }
      int version = Le.u16(h, 66);
      if (version != 1) {
        throw new CorruptImageException(where + ": version " + version + " != 1");
      }
      return new Header(Le.u64(h, 8), Guid.at(h, 48), Le.u64(h, 72), Le.u32(h, 68));
    }
  }

  /** One region table entry. */
  record Region(Guid guid, long offset, long length, boolean required) {}

  static List<Region> regions(byte[] t, String where) throws CorruptImageException {
    long sig = Le.u32(t, 0);
    if (sig != 0x69676572L) {
      throw new CorruptImageException(where + ": signature " + hex(sig) + " is not 'regi'");
    }
    long want = Le.u32(t, 4);
    long got = crc(t, 4);
    if (want != got) {
      throw new CorruptImageException(where + ": CRC-32C " + hex(want) + " != " + hex(got));
    }
    long count = Le.u32(t, 8);
    if (count > 2047) {
      throw new CorruptImageException(where + ": entry count " + count + " > 2047");
    }
    List<Region> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int e = 16 + i * 32;
      out.add(
          new Region(
              Guid.at(t, e), Le.u64(t, e + 16), Le.u32(t, e + 24), (Le.u32(t, e + 28) & 1) != 0));
    }
    return out;
  }

  /** One metadata item: where it is inside the metadata region, and whether it is required. */
  record Item(long offset, long length, boolean required) {}

  static Map<Guid, Item> metadataTable(byte[] m, String where)
      throws CorruptImageException, UnsupportedFeatureException {
    if (!new String(m, 0, 8, StandardCharsets.ISO_8859_1).equals("metadata")) {
      throw new CorruptImageException(where + ": signature is not 'metadata'");
    }
    int count = Le.u16(m, 10);
    if (count > 2047) {
      throw new CorruptImageException(where + ": entry count " + count + " > 2047");
    }
    Map<Guid, Item> items = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      int e = 32 + i * 32;
      Guid id = Guid.at(m, e);
      long flags = Le.u32(m, e + 24);
      items.put(id, new Item(Le.u32(m, e + 16), Le.u32(m, e + 20), (flags & 4) != 0));
    }
    return items;
  }
}
