package org.bootlace.fs.btrfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Warnings;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every check, each with its exact exception and message: on hand-built superblocks, and on one
 * field patched in a real {@code mkfs.btrfs -m single} image (checksums recomputed so the patched
 * field itself is what trips, or left stale to trip the checksum).
 */
class CorruptionTest {
  @TempDir static Path tmp;
  static Path pristine;
  static Path pristineDup;
  static Path pristineSmallNodes;
  Path image;

  @BeforeAll
  static void fixtures() throws Exception {
    Path src = Trees.common(Files.createDirectories(tmp.resolve("src")), false);
    pristine =
        BtrfsImages.mkfs(
            tmp.resolve("single.img"), src, 128L << 20, "-m", "single", "-d", "single");
    pristineDup = BtrfsImages.mkfs(tmp.resolve("dup.img"), src, 128L << 20);
    Path many = Trees.common(Files.createDirectories(tmp.resolve("src-many")), true);
    pristineSmallNodes =
        BtrfsImages.mkfs(tmp.resolve("n4096.img"), many, 128L << 20, "-n", "4096", "-m", "single");
  }

  @BeforeEach
  void copy() throws IOException {
    image = tmp.resolve("work.img");
    Tools.run("cp", "--sparse=always", pristine.toString(), image.toString());
  }

  private static IOException openError(Path img) {
    try (OpenedFs fs = BtrfsImages.open(img)) {
      BtrfsImages.assertSameTree(fs, tmp.resolve("src"));
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  private static Superblock sb(Path img) throws IOException {
    return Superblock.parse(Tools.read(img, Superblock.OFFSET, Superblock.SIZE));
  }

  /** The physical offset of the tree block at {@code logical} (SINGLE metadata: one copy). */
  private static long physical(Path img, long logical) throws IOException {
    return fullMap(img).physical(logical, sb(img).nodeSize(), "test")[0];
  }

  /** The chunk map from the superblock and the chunk tree. */
  private static ChunkMap fullMap(Path img) throws IOException {
    Superblock sb = sb(img);
    try (var dev = BlockDevices.open(img)) {
      Disk d = new Disk(dev, sb, ChunkMap.bootstrap(sb), Limits.defaults(), new Warnings());
      ChunkMap full = ChunkMap.bootstrap(sb);
      d.scan(
          new Disk.Root("chunk tree", sb.chunkRoot(), sb.chunkRootLevel()),
          new Key(256, Key.CHUNK_ITEM, 0),
          new Key(256, Key.CHUNK_ITEM, -1),
          (leaf, i) -> {
            full.add(
                Chunk.parse(
                    leaf.data,
                    leaf.dataOff[i],
                    leaf.dataSize[i],
                    leaf.keys[i].offset(),
                    sb.devId(),
                    sb.sectorSize(),
                    0,
                    "test"),
                "test");
            return true;
          });
      return full;
    }
  }

  /** Rewrites the checksum of the block of {@code size} bytes at {@code at}. */
  private static void rechecksum(Path img, long at, int size) {
    byte[] b = Tools.read(img, at, size);
    Tools.patch(img, at, CsumType.CRC32C.compute(b, 0x20, size));
  }

  private static byte[] u32(long v) {
    byte[] b = new byte[4];
    Le.putU32(b, 0, v);
    return b;
  }

  private static byte[] u64(long v) {
    byte[] b = new byte[8];
    Le.putU32(b, 0, v);
    Le.putU32(b, 4, v >>> 32);
    return b;
  }

  // ---- superblock: hand-built ----

  @Test
  void handBuiltSuperblockOpensAsFarAsItsChunkTree() {
    byte[] img = TinyBtrfs.image(TinyBtrfs.superblock());
    assertThatThrownBy(() -> openBytes(img))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "btrfs: chunk tree block at logical 0x100000: crc32c checksum 00000000 != stored 00000000"
                .replace("00000000 != stored", crcOfZeros() + " != stored"));
  }

  private static String crcOfZeros() {
    byte[] z = new byte[16384];
    return HexFormat.of().formatHex(CsumType.CRC32C.compute(z, 0x20, z.length));
  }

  private static void openBytes(byte[] img) throws IOException {
    new BtrfsFilesystemDriver()
        .open(
            BlockDevices.ofBytes(img, "hand.img"),
            new DriverContext(Limits.defaults(), new Warnings()));
  }

  @Test
  void badMagicIsNotProbedAndRefusedByOpen() throws IOException {
    byte[] sb = TinyBtrfs.superblock();
    sb[Superblock.S_MAGIC] = 'X';
    byte[] img = TinyBtrfs.image(TinyBtrfs.seal(sb));
    assertThat(new BtrfsFilesystemDriver().probe(BlockDevices.ofBytes(img, "hand.img")).matched())
        .isFalse();
    assertThatThrownBy(() -> openBytes(img))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("btrfs: superblock at 0x10000: magic at 0x10040: XBHRfS_M != _BHRfS_M");
  }

  @Test
  void superblockChecksum() {
    byte[] sb = TinyBtrfs.superblock();
    sb[Superblock.S_GENERATION] ^= 1;
    byte[] want = CsumType.CRC32C.compute(sb, 0x20, sb.length);
    byte[] stored = java.util.Arrays.copyOf(sb, 4);
    assertThatThrownBy(() -> openBytes(TinyBtrfs.image(sb)))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "btrfs: superblock at 0x10000: crc32c checksum "
                + HexFormat.of().formatHex(want)
                + " != stored "
                + HexFormat.of().formatHex(stored));
  }

  private static void assertSuperblockRefused(
      int off, byte[] value, Class<? extends Exception> type, String message) {
    byte[] sb = TinyBtrfs.superblock();
    System.arraycopy(value, 0, sb, off, value.length);
    assertThatThrownBy(() -> openBytes(TinyBtrfs.image(TinyBtrfs.seal(sb))))
        .isInstanceOf(type)
        .hasMessage(message);
  }

  @Test
  void unknownChecksumType() {
    assertSuperblockRefused(
        Superblock.S_CSUM_TYPE,
        new byte[] {7, 0},
        UnsupportedFeatureException.class,
        "btrfs: superblock at 0x10000: csum_type 7 is not one of crc32c, xxhash64, sha256, blake2b");
  }

  @Test
  void bytenr() {
    assertSuperblockRefused(
        Superblock.S_BYTENR,
        u64(0x20000),
        CorruptImageException.class,
        "btrfs: superblock at 0x10000: bytenr at 0x10030: 0x20000 != 0x10000");
  }

  @Test
  void sectorSize() {
    assertSuperblockRefused(
        Superblock.S_SECTORSIZE,
        u32(3000),
        CorruptImageException.class,
        "btrfs: superblock at 0x10000: sectorsize at 0x10090: 3000 is not a power of two from 4096 to 65536");
  }

  @Test
  void nodeSize() {
    assertSuperblockRefused(
        Superblock.S_NODESIZE,
        u32(1 << 17),
        CorruptImageException.class,
        "btrfs: superblock at 0x10000: nodesize at 0x10094: 131072 is not a power of two from sectorsize 4096 to 65536");
  }

  @Test
  void sysChunkArraySize() {
    assertSuperblockRefused(
        Superblock.S_SYS_CHUNK_ARRAY_SIZE,
        u32(2049),
        CorruptImageException.class,
        "btrfs: superblock at 0x10000: sys_chunk_array_size at 0x100a0: 2049 > 2048");
  }

  @Test
  void unknownIncompatibleFeaturesAreNamed() {
    assertSuperblockRefused(
        Superblock.S_INCOMPAT,
        u64(0x2000 | 0x100000 | 0x1),
        UnsupportedFeatureException.class,
        "btrfs: superblock at 0x10000: incompat_flags 0x102001 has features this reader does not handle: 0x102000 (extent_tree_v2, bit 20)");
  }

  @Test
  void multiDeviceFilesystemsAreRefusedWithTheDeviceCount() {
    assertSuperblockRefused(
        Superblock.S_NUM_DEVICES,
        u64(3),
        UnsupportedFeatureException.class,
        "btrfs: superblock at 0x10000: a multi-device filesystem (num_devices 3); only single-device btrfs is read");
  }

  @Test
  void treeLevels() {
    assertSuperblockRefused(
        Superblock.S_ROOT_LEVEL,
        new byte[] {8},
        CorruptImageException.class,
        "btrfs: superblock at 0x10000: root_level at 0x100c6: 8 > 7");
  }

  @Test
  void raidProfilesOnOneDeviceAreRefusedByName() {
    int type = Superblock.S_SYS_CHUNK_ARRAY + Key.SIZE + Chunk.C_TYPE;
    assertSuperblockRefused(
        type,
        u64(0x2 | 0x10),
        UnsupportedFeatureException.class,
        "btrfs: superblock sys_chunk_array: chunk at logical 0x100000: the RAID1 profile (1 stripes) spans devices; only SINGLE and DUP are read");
  }

  @Test
  void sysChunkArrayHoldsOnlyChunkItems() {
    assertSuperblockRefused(
        Superblock.S_SYS_CHUNK_ARRAY + 8,
        new byte[] {(byte) 1},
        CorruptImageException.class,
        "btrfs: superblock sys_chunk_array: key at 0x1032b: (256 1 1048576) is not a chunk item (type 228)");
  }

  @Test
  void chunkStripesMustFitTheArray() {
    int n = Superblock.S_SYS_CHUNK_ARRAY + Key.SIZE + Chunk.C_NUM_STRIPES;
    assertSuperblockRefused(
        n,
        new byte[] {9, 0},
        CorruptImageException.class,
        "btrfs: superblock sys_chunk_array: chunk item at 0x1033c: num_stripes 9 needs 336 bytes, 80 there");
  }

  @Test
  void chunkTreeOutsideEveryChunk() {
    assertSuperblockRefused(
        Superblock.S_CHUNK_ROOT,
        u64(0x4000_0000),
        CorruptImageException.class,
        "btrfs: chunk tree block at logical 0x40000000: logical address 0x40000000 is in no chunk");
  }

  // ---- tree blocks: patched real fixture ----

  @Test
  void pristineFixtureOpens() {
    assertThat(openError(image)).isNull();
  }

  @Test
  void treeBlockChecksum() throws IOException {
    Superblock sb = sb(image);
    long at = physical(image, sb.root());
    Tools.patch(image, at + TreeBlock.H_GENERATION, (byte) 0x77);
    byte[] b = Tools.read(image, at, sb.nodeSize());
    assertThat(openError(image))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "btrfs: root tree block at logical "
                + hex(sb.root())
                + ": crc32c checksum "
                + HexFormat.of().formatHex(CsumType.CRC32C.compute(b, 0x20, b.length))
                + " != stored "
                + HexFormat.of().formatHex(b, 0, 4));
  }

  private void assertRootBlockPatched(int off, byte[] value, String detail) throws IOException {
    Superblock sb = sb(image);
    long at = physical(image, sb.root());
    Tools.patch(image, at + off, value);
    rechecksum(image, at, sb.nodeSize());
    assertThat(openError(image))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("btrfs: root tree block at logical " + hex(sb.root()) + ": " + detail);
  }

  @Test
  void treeBlockBytenr() throws IOException {
    assertRootBlockPatched(
        TreeBlock.H_BYTENR, u64(0x123000), "bytenr 0x123000 != " + hex(sb(image).root()));
  }

  @Test
  void treeBlockFsid() throws IOException {
    Superblock sb = sb(image);
    assertRootBlockPatched(
        TreeBlock.H_FSID,
        new byte[] {0x11},
        "fsid 11"
            + Superblock.uuidString(sb.fsid()).substring(2)
            + " != the superblock's "
            + Superblock.uuidString(sb.fsid()));
  }

  @Test
  void treeBlockLevel() throws IOException {
    assertRootBlockPatched(TreeBlock.H_LEVEL, new byte[] {1}, "level 1 != expected 0");
  }

  @Test
  void treeBlockItemCount() throws IOException {
    assertRootBlockPatched(
        TreeBlock.H_NRITEMS, u32(700), "nritems 700 does not fit a 16384-byte leaf (at most 651)");
  }

  @Test
  void leafItemDataOutsideTheBlock() throws IOException {
    assertRootBlockPatched(
        TreeBlock.HEADER + Key.SIZE,
        u32(16300),
        "item 0 (2 132 0) data 0x3fac+0x1b7 is outside the data area "
            + hex(itemTableEnd())
            + "-0x3f9b");
  }

  private long itemTableEnd() throws IOException {
    Superblock sb = sb(image);
    return Le.u32(Tools.read(image, physical(image, sb.root()) + TreeBlock.H_NRITEMS, 4), 0)
        * TreeBlock.ITEM;
  }

  @Test
  void leafKeysOutOfOrder() throws IOException {
    assertRootBlockPatched(
        TreeBlock.HEADER + TreeBlock.ITEM, u64(1), "key 1 (1 132 0) is not above key 0 (2 132 0)");
  }

  @Test
  void aBadMetadataCopyFallsBackToTheDupCopyWithAWarning() throws Exception {
    Tools.run("cp", "--sparse=always", pristineDup.toString(), image.toString());
    Superblock sb = sb(image);
    long[] copies = ChunkMap.bootstrap(sb).physical(sb.chunkRoot(), sb.nodeSize(), "test");
    assertThat(copies).hasSize(2);
    Tools.patch(image, copies[0] + TreeBlock.H_GENERATION, (byte) 0x55);
    try (OpenedFs fs = BtrfsImages.open(image)) {
      BtrfsImages.assertSameTree(fs, tmp.resolve("src"));
      assertThat(fs.warnings.list()).hasSize(1);
      assertThat(fs.warnings.list().get(0))
          .startsWith(
              "btrfs: chunk tree block at logical " + hex(sb.chunkRoot()) + ": crc32c checksum ")
          .endsWith("; read the DUP copy 1 instead");
    }
  }

  @Test
  void treeDepthIsBoundedByMaxTreeDepth() throws Exception {
    try (OpenedFs fs =
        OpenedFs.open(
            new BtrfsFilesystemDriver(),
            pristineSmallNodes,
            Limits.builder().maxTreeDepth(1).build())) {
      throw new AssertionError("opened " + fs.fs);
    } catch (LimitExceededException e) {
      assertThat(e.limit()).isEqualTo("maxTreeDepth");
      assertThat(e).hasMessageStartingWith("limit maxTreeDepth (1) exceeded: btrfs: ");
    }
  }

  @Test
  void superblockPatchedInARealFixture() throws IOException {
    Tools.patch(image, Superblock.OFFSET + Superblock.S_NUM_DEVICES, u64(2));
    rechecksum(image, Superblock.OFFSET, Superblock.SIZE);
    assertThat(openError(image))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "btrfs: superblock at 0x10000: a multi-device filesystem (num_devices 2); only single-device btrfs is read");
  }

  @Test
  void chunkProfilePatchedInARealFixture() throws IOException {
    Tools.patch(
        image,
        Superblock.OFFSET + Superblock.S_SYS_CHUNK_ARRAY + Key.SIZE + Chunk.C_TYPE,
        u64(0x2 | 0x80));
    rechecksum(image, Superblock.OFFSET, Superblock.SIZE);
    long logical =
        Le.u64(Tools.read(image, Superblock.OFFSET + Superblock.S_SYS_CHUNK_ARRAY + 9, 8), 0);
    assertThat(openError(image))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "btrfs: superblock sys_chunk_array: chunk at logical "
                + hex(logical)
                + ": the RAID5 profile (1 stripes) spans devices; only SINGLE and DUP are read");
  }

  // ---- B-tree nodes: patched real fixture with 4 KiB nodes (a multi-level fs tree) ----

  /** The fs tree of the top level in the 4 KiB-node image: its root node's physical offset. */
  private long fsTreeRoot(Path img) throws IOException {
    Superblock sb = sb(img);
    try (var dev = BlockDevices.open(img)) {
      Disk d = new Disk(dev, sb, fullMap(img), Limits.defaults(), new Warnings());
      Disk.Found f =
          d.first(
              new Disk.Root("root tree", sb.root(), sb.rootLevel()),
              new Key(5, Key.ROOT_ITEM, 0),
              new Key(5, Key.ROOT_ITEM, -1));
      Items.Root r = Items.Root.parse(f);
      assertThat(r.level()).isPositive();
      fsRootLogical = r.bytenr();
      return physical(img, r.bytenr());
    }
  }

  private long fsRootLogical;

  private void patchNode(int ptr, int field, byte[] value) throws IOException {
    Tools.run("cp", "--sparse=always", pristineSmallNodes.toString(), image.toString());
    long at = fsTreeRoot(image);
    Tools.patch(image, at + TreeBlock.HEADER + ptr * TreeBlock.PTR + field, value);
    rechecksum(image, at, 4096);
  }

  private TreeBlock fsRootBlock() throws IOException {
    Superblock sb = sb(image);
    long at = fsTreeRoot(image);
    return TreeBlock.parse(
        Tools.read(image, at, 4096),
        fsRootLogical,
        Tools.read(image, at + TreeBlock.H_LEVEL, 1)[0],
        sb,
        "test");
  }

  private static IOException openSmall(Path img) {
    try (OpenedFs fs = BtrfsImages.open(img)) {
      fs.walk();
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  @Test
  void childGenerationMustMatchItsPointer() throws IOException {
    patchNode(0, Key.SIZE + 8, u64(99999));
    TreeBlock root = fsRootBlock();
    assertThat(openSmall(image))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageMatching(
            "btrfs: fs tree 5 block at logical 0x[0-9a-f]+: generation \\d+ != its parent's pointer 99999");
    assertThat(root.childGen[0]).isEqualTo(99999);
  }

  @Test
  void childFirstKeyMustBeItsParentsKey() throws IOException {
    Tools.run("cp", "--sparse=always", pristineSmallNodes.toString(), image.toString());
    Key k0 = fsRootBlock().keys[0];
    patchNode(0, 8, new byte[] {0});
    TreeBlock root = fsRootBlock();
    assertThat(openSmall(image))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "btrfs: fs tree 5 block at logical "
                + hex(root.childPtr[0])
                + ": first key "
                + k0
                + " != its parent's key "
                + root.keys[0]);
  }

  @Test
  void siblingSubtreesMayNotOverlap() throws IOException {
    Tools.run("cp", "--sparse=always", pristineSmallNodes.toString(), image.toString());
    long at = fsTreeRoot(image);
    TreeBlock root = fsRootBlock();
    byte[] child = Tools.read(image, physical(image, root.childPtr[0]), 4096);
    TreeBlock c = TreeBlock.parse(child, root.childPtr[0], root.level - 1, sb(image), "test");
    Key last = c.keys[c.count() - 1];
    byte[] k = new byte[Key.SIZE];
    TinyBtrfs.put64(k, 0, last.objectId());
    k[8] = (byte) last.type();
    TinyBtrfs.put64(k, 9, last.offset());
    Tools.patch(image, at + TreeBlock.HEADER + TreeBlock.PTR, k);
    rechecksum(image, at, 4096);
    assertThat(openSmall(image))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "btrfs: fs tree 5 block at logical "
                + hex(root.childPtr[0])
                + ": last key "
                + last
                + " is not below its parent's next key "
                + last);
  }

  // ---- chunks: hand-built sys_chunk_array ----

  private static final int CHUNK = Superblock.S_SYS_CHUNK_ARRAY + Key.SIZE;

  @Test
  void anEmptySysChunkArray() {
    assertSuperblockRefused(
        Superblock.S_SYS_CHUNK_ARRAY_SIZE,
        u32(0),
        CorruptImageException.class,
        "btrfs: superblock sys_chunk_array: no chunks (sys_chunk_array_size 0)");
  }

  @Test
  void chunkLengthMustBeWholeSectors() {
    assertSuperblockRefused(
        CHUNK + Chunk.C_LENGTH,
        u64(5000),
        CorruptImageException.class,
        "btrfs: superblock sys_chunk_array: chunk at logical 0x100000: length 0x1388 is not a nonzero multiple of the sector size 4096 inside the address space");
  }

  @Test
  void dupChunksHaveTwoStripes() {
    assertSuperblockRefused(
        CHUNK + Chunk.C_TYPE,
        u64(0x2 | Chunk.DUP),
        CorruptImageException.class,
        "btrfs: superblock sys_chunk_array: chunk at logical 0x100000: num_stripes 1 != 2 for the DUP profile");
  }

  @Test
  void stripesLiveOnThisDevice() {
    assertSuperblockRefused(
        CHUNK + Chunk.FIXED + Chunk.STRIPE_DEVID,
        u64(2),
        CorruptImageException.class,
        "btrfs: superblock sys_chunk_array: chunk at logical 0x100000: stripe 0 devid 2 != this device's 1");
  }

  @Test
  void chunksMayNotOverlap() {
    byte[] sb = TinyBtrfs.superblock();
    int one = Key.SIZE + Chunk.FIXED + Chunk.STRIPE;
    System.arraycopy(sb, Superblock.S_SYS_CHUNK_ARRAY, sb, Superblock.S_SYS_CHUNK_ARRAY + one, one);
    TinyBtrfs.put64(sb, Superblock.S_SYS_CHUNK_ARRAY + one + 9, 0x200000);
    TinyBtrfs.put32(sb, Superblock.S_SYS_CHUNK_ARRAY_SIZE, 2 * one);
    assertThatThrownBy(() -> openBytes(TinyBtrfs.image(TinyBtrfs.seal(sb))))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "btrfs: superblock sys_chunk_array: chunk 0x200000+0x400000 overlaps chunk 0x100000+0x400000");
  }

  // ---- limits and tolerances on real fixtures ----

  @Test
  void directoriesAreBoundedByMaxDirectoryEntries() throws Exception {
    try (OpenedFs fs =
        OpenedFs.open(
            new BtrfsFilesystemDriver(),
            pristineSmallNodes,
            Limits.builder().maxDirectoryEntries(100).build())) {
      assertThatThrownBy(() -> fs.fs.list(fs.node("many")))
          .isInstanceOf(LimitExceededException.class)
          .hasMessageStartingWith(
              "limit maxDirectoryEntries (100) exceeded: btrfs: fs tree 5: directory ")
          .hasMessageEndingWith(
              " entries (101) (raise it with Limits.builder().maxDirectoryEntries(...))");
    }
  }

  @Test
  void symlinkTargetsAreBoundedByMaxPathBytes() throws Exception {
    try (OpenedFs fs =
        OpenedFs.open(
            new BtrfsFilesystemDriver(), pristine, Limits.builder().maxPathBytes(1000).build())) {
      var link = fs.fs.lookup(fs.fs.root(), "long-link").orElseThrow();
      assertThatThrownBy(() -> fs.fs.readLink(link))
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxPathBytes (1000) exceeded: btrfs: fs tree 5: symlink inode "
                  + (link.id() & 0xff_ffff_ffffL)
                  + ": target length (1203) (raise it with Limits.builder().maxPathBytes(...))");
    }
  }

  @Test
  void aLogTreeIsNotReplayedAndSaysSo() throws Exception {
    Tools.patch(image, Superblock.OFFSET + Superblock.S_LOG_ROOT, u64(0x7654000));
    rechecksum(image, Superblock.OFFSET, Superblock.SIZE);
    try (OpenedFs fs = BtrfsImages.open(image)) {
      BtrfsImages.assertSameTree(fs, tmp.resolve("src"));
      assertThat(fs.warnings.list())
          .containsExactly(
              "btrfs: work.img: the log tree at 0x7654000 is not replayed, so the most recent fsyncs may be missing");
    }
  }
}
