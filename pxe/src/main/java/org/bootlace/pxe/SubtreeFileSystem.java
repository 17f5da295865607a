package org.bootlace.pxe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FsNode;

/**
 * One directory of another filesystem seen as a whole filesystem: GRUB booted over HTTP names the
 * server's tree {@code (http,SERVER)}, whose root is the server's root, one directory of the
 * network tree. Closing it leaves the tree open: its owner closes that.
 */
final class SubtreeFileSystem implements FileSystem {
  private final FileSystem tree;
  private final FsNode root;

  SubtreeFileSystem(FileSystem tree, FsNode root) {
    this.tree = tree;
    this.root = root;
  }

  @Override
  public String type() {
    return tree.type();
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
    return root;
  }

  @Override
  public Optional<FsNode> lookup(FsNode dir, String name) throws IOException {
    return tree.lookup(dir, name);
  }

  @Override
  public List<DirEntry> list(FsNode dir) throws IOException {
    return tree.list(dir);
  }

  @Override
  public FsNode node(DirEntry entry) throws IOException {
    return tree.node(entry);
  }

  @Override
  public String readLink(FsNode link) throws IOException {
    return tree.readLink(link);
  }

  @Override
  public int read(FsNode file, long offset, ByteBuffer dst) throws IOException {
    return tree.read(file, offset, dst);
  }
}
