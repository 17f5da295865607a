package org.bootlace.cli;

import java.nio.ByteBuffer;
import java.util.List;
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
 * A filesystem holding one file at one path, so pygrub's {@code --isconfig} can run a configuration
 * from the host through the same parsers as an image.
 */
final class SingleFileSystem implements FileSystem, FilesystemDriver {
  private final String[] components;
  private final byte[] content;

  /** Node ids: 0..n-1 are the directories along the path, n is the file. */
  private record Node(int depth, FileType type, long size) implements FsNode {
    @Override
    public long id() {
      return depth + 1;
    }
  }

  SingleFileSystem(String path, byte[] content) {
    this.components = path.replaceFirst("^/+", "").split("/+");
    this.content = content;
  }

  @Override
  public String name() {
    return "host-config";
  }

  @Override
  public Probe probe(BlockDevice device) {
    return Probe.yes("the configuration given with --isconfig");
  }

  @Override
  public FileSystem open(BlockDevice device, DriverContext context) {
    return this;
  }

  @Override
  public String type() {
    return "host-file";
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
    return node(0);
  }

  private Node node(int depth) {
    return depth == components.length
        ? new Node(depth, FileType.REGULAR, content.length)
        : new Node(depth, FileType.DIRECTORY, 0);
  }

  @Override
  public Optional<FsNode> lookup(FsNode dir, String name) {
    int depth = ((Node) dir).depth();
    if (depth < components.length && components[depth].equals(name)) {
      return Optional.of(node(depth + 1));
    }
    return Optional.empty();
  }

  @Override
  public List<DirEntry> list(FsNode dir) {
    int depth = ((Node) dir).depth();
    if (depth >= components.length) {
      return List.of();
    }
    Node child = node(depth + 1);
    return List.of(new DirEntry(components[depth], child.type(), child.id()));
  }

  @Override
  public FsNode node(DirEntry entry) {
    return node((int) entry.id() - 1);
  }

  @Override
  public String readLink(FsNode link) {
    throw new IllegalStateException("no links here");
  }

  @Override
  public int read(FsNode file, long offset, ByteBuffer dst) {
    if (offset >= content.length) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), content.length - offset);
    dst.put(content, (int) offset, n);
    return n;
  }
}
