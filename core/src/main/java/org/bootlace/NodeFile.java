package org.bootlace;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FsNode;

/** A regular file of one volume. */
final class NodeFile extends AbstractGuestFile {
  private final Volume volume;
  private final String path;
  private final FsNode node;

  NodeFile(Volume volume, String path, FsNode node) {
    this.volume = volume;
    this.path = path;
    this.node = node;
  }

  @Override
  public String location() {
    return volume.where(path);
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public long size() {
    return node.size();
  }

  @Override
  public int read(long offset, ByteBuffer dst) throws IOException {
    if (offset >= node.size()) {
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    // Never hand the caller more than the file holds, whatever the driver does.
    long left = node.size() - offset;
    ByteBuffer view = dst.remaining() > left ? dst.slice().limit((int) left) : dst;
    FileSystem fs = volume.fileSystem();
    volume.deadline().check();
    int n = fs.read(node, offset, view);
    if (view != dst && n > 0) {
      dst.position(dst.position() + n);
    }
    return n;
  }
}
