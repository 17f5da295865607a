package org.bootlace.fs.btrfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;
import org.junit.jupiter.api.Test;

/** Item bodies and leaf checks on hand-built leaves, each with its exact message. */
class ItemsTest {
  static final byte[] FSID = new byte[16];
  static final Superblock SB =
      new Superblock(
          FSID,
          FSID,
          1,
          0,
          0,
          0,
          1,
          4096,
          4096,
          0,
          CsumType.CRC32C,
          0,
          0,
          1,
          Optional.empty(),
          new byte[0]);
  static final long LOGICAL = 0x4000;

  /** A checksummed leaf at {@link #LOGICAL} holding one item with {@code key} and {@code data}. */
  static TreeBlock leaf(Key key, byte[] data) throws CorruptImageException {
    byte[] b = new byte[4096];
    TinyBtrfs.put64(b, TreeBlock.H_BYTENR, LOGICAL);
    TinyBtrfs.put32(b, TreeBlock.H_NRITEMS, 1);
    int at = TreeBlock.HEADER;
    TinyBtrfs.put64(b, at, key.objectId());
    b[at + 8] = (byte) key.type();
    TinyBtrfs.put64(b, at + 9, key.offset());
    int off = 4096 - TreeBlock.HEADER - data.length;
    TinyBtrfs.put32(b, at + Key.SIZE, off);
    TinyBtrfs.put32(b, at + Key.SIZE + 4, data.length);
    System.arraycopy(data, 0, b, TreeBlock.HEADER + off, data.length);
    System.arraycopy(CsumType.CRC32C.compute(b, 0x20, b.length), 0, b, 0, 4);
    return TreeBlock.parse(b, LOGICAL, 0, SB, "btrfs: test block at logical 0x4000");
  }

  static Disk.Found found(Key key, byte[] data) throws CorruptImageException {
    return new Disk.Found(leaf(key, data), 0);
  }

  static byte[] dirItem(int type, String name, int nameLen) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[Items.Dir.FIXED + n.length];
    TinyBtrfs.put64(b, 0, 257);
    b[8] = Key.INODE_ITEM;
    b[27] = (byte) nameLen;
    b[28] = (byte) (nameLen >> 8);
    b[29] = (byte) type;
    System.arraycopy(n, 0, b, Items.Dir.FIXED, n.length);
    return b;
  }

  static final Key DIR = new Key(256, Key.DIR_ITEM, 12345);
  static final String AT =
      "btrfs: test block at logical 0x4000: item 0 (256 84 12345): dir item at +0: ";

  @Test
  void aGoodDirItem() throws Exception {
    var all = Items.Dir.parseAll(found(DIR, dirItem(1, "vmlinuz", 7)));
    assertThat(all).hasSize(1);
    assertThat(all.get(0).nameString()).isEqualTo("vmlinuz");
    assertThat(all.get(0).location()).isEqualTo(new Key(257, 1, 0));
  }

  @Test
  void dirItemChecks() {
    assertThatThrownBy(() -> Items.Dir.parseAll(found(DIR, dirItem(8, "user.x", 6))))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(AT + "type 8 is not a directory entry's (1..7)");
    assertThatThrownBy(() -> Items.Dir.parseAll(found(DIR, dirItem(1, "", 0))))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(AT + "name_len 0 outside 1..255");
    assertThatThrownBy(() -> Items.Dir.parseAll(found(DIR, dirItem(1, "a/b", 3))))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(AT + "name contains '/'");
    assertThatThrownBy(() -> Items.Dir.parseAll(found(DIR, dirItem(2, "..", 2))))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(AT + "name '..'");
    assertThatThrownBy(() -> Items.Dir.parseAll(found(DIR, dirItem(1, "abc", 9))))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(AT + "name_len 9 runs past the item's end (3 bytes)");
    byte[] withData = dirItem(1, "abc", 3);
    withData[25] = 4;
    assertThatThrownBy(() -> Items.Dir.parseAll(found(DIR, withData)))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(AT + "data_len 4 != 0 in a directory entry");
    assertThatThrownBy(() -> Items.Dir.parseAll(found(DIR, new byte[10])))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(AT + "10 bytes left, needs 30");
  }

  static byte[] extent(
      int compression, int type, long ram, long diskBytenr, long diskNum, long offset, long num) {
    byte[] b = new byte[type == 0 ? Items.Extent.HEADER + 5 : Items.Extent.FULL];
    TinyBtrfs.put64(b, 8, ram);
    b[16] = (byte) compression;
    b[20] = (byte) type;
    if (type != 0) {
      TinyBtrfs.put64(b, 21, diskBytenr);
      TinyBtrfs.put64(b, 29, diskNum);
      TinyBtrfs.put64(b, 37, offset);
      TinyBtrfs.put64(b, 45, num);
    }
    return b;
  }

  static final Key EXT = new Key(257, Key.EXTENT_DATA, 0);
  static final String EAT = "btrfs: test block at logical 0x4000: item 0 (257 108 0): ";

  @Test
  void fileExtentChecks() throws Exception {
    assertThat(
            Items.Extent.parse(found(EXT, extent(0, 1, 8192, 0x100000, 8192, 4096, 4096))).length())
        .isEqualTo(4096);
    assertThat(Items.Extent.parse(found(EXT, extent(0, 0, 5, 0, 0, 0, 0))).length()).isEqualTo(5);
    assertThatThrownBy(
            () -> Items.Extent.parse(found(EXT, extent(4, 1, 8192, 0x100000, 8192, 0, 4096))))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(EAT + "compression 4 is not none, zlib, lzo or zstd");
    assertThatThrownBy(
            () -> Items.Extent.parse(found(EXT, extent(0, 3, 8192, 0x100000, 8192, 0, 4096))))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(EAT + "file extent type 3 is not inline, regular or prealloc");
    assertThatThrownBy(
            () -> Items.Extent.parse(found(EXT, extent(0, 1, 8192, 0x100000, 8192, 4096, 8192))))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(EAT + "offset 4096 + num_bytes 8192 > disk_num_bytes 8192");
    assertThatThrownBy(
            () -> Items.Extent.parse(found(EXT, extent(1, 1, 8192, 0x100000, 4096, 0, 16384))))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(EAT + "offset 0 + num_bytes 16384 > ram_bytes 8192");
    assertThatThrownBy(
            () -> Items.Extent.parse(found(EXT, extent(0, 1, 8192, 0x100000, 8192, 0, 0))))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            EAT + "disk_bytenr 1048576 disk_num_bytes 8192 offset 0 num_bytes 0 out of range");
    assertThatThrownBy(() -> Items.Extent.parse(found(EXT, extent(0, 0, 6, 0, 0, 0, 0))))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(EAT + "inline ram_bytes 6 != its 5 bytes of data");
    byte[] encrypted = extent(0, 1, 8192, 0x100000, 8192, 0, 4096);
    encrypted[17] = 1;
    assertThatThrownBy(() -> Items.Extent.parse(found(EXT, encrypted)))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(EAT + "encryption 1 / other_encoding 0 != 0");
    byte[] cut = new byte[30];
    cut[20] = 1;
    assertThatThrownBy(() -> Items.Extent.parse(found(EXT, cut)))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(EAT + "file extent item of 30 bytes, needs 53");
  }

  @Test
  void inodeAndRootItemChecks() {
    assertThatThrownBy(() -> Items.Inode.parse(found(new Key(257, 1, 0), new byte[100])))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "btrfs: test block at logical 0x4000: item 0 (257 1 0): inode item of 100 bytes, needs 160");
    byte[] root = new byte[439];
    root[Items.Root.R_LEVEL] = 9;
    TinyBtrfs.put64(root, Items.Root.R_ROOT_DIRID, 256);
    assertThatThrownBy(() -> Items.Root.parse(found(new Key(5, Key.ROOT_ITEM, 0), root)))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("btrfs: test block at logical 0x4000: item 0 (5 132 0): root item level 9 > 7");
  }

  @Test
  void leafChecksOnHandBuiltBytes() {
    assertThatThrownBy(() -> leaf(DIR, new byte[5000])).isInstanceOf(Exception.class);
    byte[] b = new byte[4096];
    TinyBtrfs.put64(b, TreeBlock.H_BYTENR, LOGICAL);
    b[TreeBlock.H_LEVEL] = 1;
    System.arraycopy(CsumType.CRC32C.compute(b, 0x20, b.length), 0, b, 0, 4);
    assertThatThrownBy(
            () -> TreeBlock.parse(b, LOGICAL, 1, SB, "btrfs: test block at logical 0x4000"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("btrfs: test block at logical 0x4000: nritems 0 in a node");
    assertThat(Le.u32(b, 0)).isNotZero();
  }
}
