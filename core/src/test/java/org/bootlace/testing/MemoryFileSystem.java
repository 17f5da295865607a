package org.bootlace.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.FsNode;
import org.bootlace.spi.Probe;

/**
 * An in-memory filesystem for tests of layers above the filesystem (path resolution, config
 * parsers): files, directories and symlinks added by path. It is also its own driver, matching any
 * device, so a test can put it under a {@link org.bootlace.BootSource}.
 */
public final class MemoryFileSystem implements FileSystem, FilesystemDriver {
  private final List<Node> nodes = new ArrayList<>();
  private final String type;

  private static final class Node implements FsNode {
    final int id;
    final FileType type;
    final byte[] content;
    final Map<String, Node> children = new LinkedHashMap<>();

    Node(int id, FileType type, byte[] content) {
      this.id = id;
      this.type = type;
      this.content = content;
    }

    @Override
    public FileType type() {
      return type;
    }

    @Override
    public long size() {
      return content.length;
    }

    @Override
    public long id() {
      return id;
    }
  }

  public MemoryFileSystem() {
    this("memfs");
  }

  public MemoryFileSystem(String type) {
    this.type = type;
    nodes.add(new Node(0, FileType.DIRECTORY, new byte[0]));
  }

  public MemoryFileSystem file(String path, String text) {
    return file(path, text.getBytes(StandardCharsets.UTF_8));
  }

  public MemoryFileSystem file(String path, byte[] content) {
    add(path, FileType.REGULAR, content);
    return this;
  }

  public MemoryFileSystem dir(String path) {
    add(path, FileType.DIRECTORY, new byte[0]);
    return this;
  }

  public MemoryFileSystem symlink(String path, String target) {
    add(path, FileType.SYMLINK, target.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  private void add(String path, FileType kind, byte[] content) {
    String[] parts = path.replaceFirst("^/+", "").split("/+");
    Node dir = nodes.get(0);
    for (int i = 0; i < parts.length - 1; i++) {
      Node next = dir.children.get(parts[i]);
      if (next == null) {
        next = new Node(nodes.size(), FileType.DIRECTORY, new byte[0]);
        nodes.add(next);
        dir.children.put(parts[i], next);
      }
      dir = next;
    }
    Node n = new Node(nodes.size(), kind, content);
    nodes.add(n);
    dir.children.put(parts[parts.length - 1], n);
  }

  @Override
  public String name() {
    return "memfs";
  }

  @Override
  public Probe probe(BlockDevice device) {
    return Probe.yes("test filesystem");
  }

  @Override
  public FileSystem open(BlockDevice device, DriverContext context) {
    return this;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public Optional<String> uuid() {
    return Optional.empty();
  }

  @Override
  public Optional<String> label() {
    return Optional.empty();
  }

  @Override
  public FsNode root() {
    return nodes.get(0);
  }

  @Override
  public Optional<FsNode> lookup(FsNode dir, String name) {
    return Optional.ofNullable(((Node) dir).children.get(name));
  }

  @Override
  public List<DirEntry> list(FsNode dir) {
    List<DirEntry> out = new ArrayList<>();
    ((Node) dir).children.forEach((name, n) -> out.add(new DirEntry(name, n.type, n.id)));
    return out;
  }

  @Override
  public FsNode node(DirEntry entry) {
    return nodes.get((int) entry.id());
  }

  @Override
  public String readLink(FsNode link) {
    return new String(((Node) link).content, StandardCharsets.UTF_8);
  }

  @Override
  public int read(FsNode file, long offset, ByteBuffer dst) {
    byte[] c = ((Node) file).content;
    if (offset >= c.length) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), c.length - offset);
    dst.put(c, (int) offset, n);
    return n;
  }
}
