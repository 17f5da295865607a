package org.bootlace.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bootlace.CorruptImageException;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.FsNode;
import org.bootlace.spi.Probe;

/**
 * A test filesystem: a map of path to bytes (directories implied), serialized into a byte image so
 * it can sit on a disk or a partition and be found by a real {@link org.bootlace.BootSource}
 * through {@link MemFs.Driver}. For config-parser tests that need no real filesystem.
 *
 * <pre>{@code
 * byte[] fs = MemFs.builder().file("/boot/grub/menu.lst", "title x\n...").build();
 * }</pre>
 *
 * <p>Image layout (little-endian): the 16-byte magic, a uuid and a label (u16 length + UTF-8), a
 * u32 node count, then per node a type byte (1 file, 2 directory, 3 symlink), a u16 path length,
 * the path, a u32 data length and the data (file content or link target).
 */
public final class MemFs {
  static final byte[] MAGIC = "BOOTLACE-MEMFS1\n".getBytes(StandardCharsets.US_ASCII);

  private static final int FILE = 1;
  private static final int DIR = 2;
  private static final int LINK = 3;

  private MemFs() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Collects files, directories and links by absolute path. */
  public static final class Builder {
    private final Map<String, Object[]> nodes = new LinkedHashMap<>();
    private String uuid = "";
    private String label = "";

    private Builder() {}

    public Builder file(String path, String text) {
      return file(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public Builder file(String path, byte[] content) {
      nodes.put(path, new Object[] {FILE, content});
      return this;
    }

    public Builder dir(String path) {
      nodes.put(path, new Object[] {DIR, new byte[0]});
      return this;
    }

    public Builder symlink(String path, String target) {
      nodes.put(path, new Object[] {LINK, target.getBytes(StandardCharsets.UTF_8)});
      return this;
    }

    public Builder uuid(String uuid) {
      this.uuid = uuid;
      return this;
    }

    public Builder label(String label) {
      this.label = label;
      return this;
    }

    /** The filesystem image, padded to whole 512-byte sectors. */
    public byte[] build() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(MAGIC);
      putString(out, uuid);
      putString(out, label);
      out.writeBytes(le32(nodes.size()));
      for (Map.Entry<String, Object[]> e : nodes.entrySet()) {
        out.write((Integer) e.getValue()[0]);
        putString(out, e.getKey());
        byte[] data = (byte[]) e.getValue()[1];
        out.writeBytes(le32(data.length));
        out.writeBytes(data);
      }
      byte[] raw = out.toByteArray();
      return Arrays.copyOf(raw, (raw.length + 511) / 512 * 512);
    }

    private static void putString(ByteArrayOutputStream out, String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.write(b.length & 0xff);
      out.write(b.length >>> 8);
      out.writeBytes(b);
    }

    private static byte[] le32(int v) {
      return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
  }

  /** Finds {@link MemFs} images by their magic. */
  public static final class Driver implements FilesystemDriver {
    @Override
    public String name() {
      return "memfs";
    }

    @Override
    public Probe probe(BlockDevice device) throws java.io.IOException {
      if (device.size() < MAGIC.length) {
        return Probe.no("too small");
      }
      return Arrays.equals(device.read(0, MAGIC.length), MAGIC)
          ? Probe.yes("memfs magic")
          : Probe.no("no memfs magic");
    }

    @Override
    public FileSystem open(BlockDevice device, DriverContext context) throws java.io.IOException {
      if (device.size() > Integer.MAX_VALUE) {
        throw new CorruptImageException("memfs: image too large");
      }
      return Image.parse(device.read(0, (int) device.size()));
    }
  }

  private static final class Node implements FsNode {
    final int id;
    final FileType type;
    final byte[] data;
    final TreeMap<String, Node> children = new TreeMap<>();

    Node(int id, FileType type, byte[] data) {
      this.id = id;
      this.type = type;
      this.data = data;
    }

    @Override
    public FileType type() {
      return type;
    }

    @Override
    public long size() {
      return data.length;
    }

    @Override
    public long id() {
      return id;
    }
  }

  private static final class Image implements FileSystem {
    private final List<Node> byId = new ArrayList<>();
    private final String uuid;
    private final String label;

    private Image(String uuid, String label) {
      this.uuid = uuid;
      this.label = label;
      byId.add(new Node(0, FileType.DIRECTORY, new byte[0]));
    }

    static Image parse(byte[] b) throws CorruptImageException {
      ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      try {
        in.position(MAGIC.length);
        Image image = new Image(string(in), string(in));
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
          int type = in.get();
          String path = string(in);
          byte[] data = new byte[in.getInt()];
          in.get(data);
          image.add(
              path,
              type == FILE ? FileType.REGULAR : type == DIR ? FileType.DIRECTORY : FileType.SYMLINK,
              data);
        }
        return image;
      } catch (RuntimeException e) {
        throw new CorruptImageException("memfs: bad image: " + e);
      }
    }

    private static String string(ByteBuffer in) {
      byte[] s = new byte[in.getShort() & 0xffff];
      in.get(s);
      return new String(s, StandardCharsets.UTF_8);
    }

    private void add(String path, FileType type, byte[] data) {
      Node dir = byId.get(0);
      String[] parts =
          Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toArray(String[]::new);
      for (int i = 0; i < parts.length - 1; i++) {
        Node next = dir.children.get(parts[i]);
        if (next == null) {
          next = new Node(byId.size(), FileType.DIRECTORY, new byte[0]);
          byId.add(next);
          dir.children.put(parts[i], next);
        }
        dir = next;
      }
      Node node = new Node(byId.size(), type, data);
      byId.add(node);
      dir.children.put(parts[parts.length - 1], node);
    }

    @Override
    public String type() {
      return "memfs";
    }

    @Override
    public Optional<String> uuid() {
      return uuid.isEmpty() ? Optional.empty() : Optional.of(uuid);
    }

    @Override
    public Optional<String> label() {
      return label.isEmpty() ? Optional.empty() : Optional.of(label);
    }

    @Override
    public FsNode root() {
      return byId.get(0);
    }

    @Override
    public Optional<FsNode> lookup(FsNode dir, String name) {
      return Optional.ofNullable(((Node) dir).children.get(name));
    }

    @Override
    public List<DirEntry> list(FsNode dir) {
      List<DirEntry> out = new ArrayList<>();
      ((Node) dir).children.forEach((n, c) -> out.add(new DirEntry(n, c.type, c.id)));
      return out;
    }

    @Override
    public FsNode node(DirEntry entry) {
      return byId.get((int) entry.id());
    }

    @Override
    public String readLink(FsNode link) {
      return new String(((Node) link).data, StandardCharsets.UTF_8);
    }

    @Override
    public int read(FsNode file, long offset, ByteBuffer dst) {
      byte[] data = ((Node) file).data;
      if (offset >= data.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), data.length - offset);
      dst.put(data, (int) offset, n);
      return n;
    }
  }
}
