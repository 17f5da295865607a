package org.bootlace.pxe;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;

/**
 * A TFTP server's tree read as a filesystem. TFTP can only read whole files, so a name is looked up
 * by asking for it with {@code tsize} and ending the transfer at the server's answer: a file (with
 * its size), or an error, which makes the name a directory with no listable entries (TFTP cannot
 * tell a directory from a missing file; a path through it then finds nothing). A file's bytes are
 * fetched on first read, whole, into a spool file of the download directory (named by a counter,
 * never by the server's name) and read from there; nothing is held in memory whole. A server that
 * ignores options is asked for the whole file at lookup to learn its size.
 */
final class TftpFileSystem implements FileSystem {
  /** One file fetched, for provenance. */
  record Fetched(String server, String path, long bytes) {}

  private final TftpClient client;
  private final Path spool;
  private final Limits limits;
  private final LongSupplier endNanos;
  private final Consumer<String> progress;
  private final Map<String, Node> nodes = new HashMap<>();
  private final Map<String, Path> downloaded = new HashMap<>();
  private final List<Fetched> fetched = new ArrayList<>();
  private final Node root = new Node(FileType.DIRECTORY, 0, 1, "");
  private long nextId = 2;
  private int spoolFiles;

  TftpFileSystem(
      TftpClient client,
      Path spool,
      Limits limits,
      LongSupplier endNanos,
      Consumer<String> progress) {
    this.client = client;
    this.spool = spool;
    this.limits = limits;
    this.endNanos = endNanos;
    this.progress = progress;
  }

  record Node(FileType type, long size, long id, String path) implements FsNode {}

  @Override
  public String type() {
    return "tftp";
  }

  @Override
  public Optional<String> uuid() {
    return Optional.empty();
  }

  @Override
  public Optional<String> label() {
    return Optional.of(client.server());
  }

  @Override
  public FsNode root() {
    return root;
  }

  /** The largest file this tree will transfer: a kernel or a ramdisk, whichever limit is larger. */
  private long maxFile() {
    return Math.max(limits.maxKernelBytes(), limits.maxRamdiskBytes());
  }

  private String limitName() {
    return limits.maxRamdiskBytes() >= limits.maxKernelBytes()
        ? "maxRamdiskBytes"
        : "maxKernelBytes";
  }

  @Override
  public synchronized Optional<FsNode> lookup(FsNode dir, String name) throws IOException {
    String path = ((Node) dir).path() + "/" + name;
    Node known = nodes.get(path);
    if (known != null) {
      return Optional.of(known);
    }
    String remote = path.substring(1);
    TftpClient.Probe p = client.probe(remote, endNanos.getAsLong());
    Node node;
    if (!p.found()) {
      node = new Node(FileType.DIRECTORY, 0, nextId++, path);
    } else if (p.size().isPresent()) {
      node = new Node(FileType.REGULAR, p.size().getAsLong(), nextId++, path);
    } else {
      long size = download(path, OptionalLong.empty());
      node = new Node(FileType.REGULAR, size, nextId++, path);
    }
    nodes.put(path, node);
    return Optional.of(node);
  }

  @Override
  public List<DirEntry> list(FsNode dir) {
    return List.of();
  }

  @Override
  public FsNode node(DirEntry entry) throws IOException {
    throw new org.bootlace.UnsupportedFeatureException(
        "tftp directory listing", "tftp: directories cannot be listed");
  }

  @Override
  public String readLink(FsNode link) throws IOException {
    throw new org.bootlace.UnsupportedFeatureException(
        "tftp symbolic links", "tftp: there are no symbolic links");
  }

  @Override
  public int read(FsNode file, long offset, ByteBuffer dst) throws IOException {
    Node n = (Node) file;
    Path local;
    synchronized (this) {
      local = downloaded.get(n.path());
      if (local == null) {
        download(n.path(), OptionalLong.of(n.size()));
        local = downloaded.get(n.path());
      }
    }
    try (FileChannel ch = FileChannel.open(local, StandardOpenOption.READ)) {
      return ch.read(dst, offset);
    }
  }

  /** Fetches {@code path} whole into a new spool file; a failed transfer leaves no file behind. */
  private long download(String path, OptionalLong expected) throws IOException {
    Path local = spool.resolve("fetch-" + (++spoolFiles));
    progress.accept("downloading " + path.substring(1) + " from " + client.server());
    long max = expected.isPresent() ? Math.min(expected.getAsLong(), maxFile()) : maxFile();
    long n;
    boolean ok = false;
    try (FileChannel out =
        FileChannel.open(local, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long end = endNanos.getAsLong();
      try {
        n = client.fetch(path.substring(1), out, max, limitName(), end).bytes();
      } catch (LimitExceededException e) {
        if (expected.isPresent() && expected.getAsLong() < maxFile()) {
          throw new org.bootlace.CorruptImageException(
              "tftp: "
                  + client.server()
                  + ": "
                  + path.substring(1)
                  + ": the server sent more than the "
                  + expected.getAsLong()
                  + " bytes it announced",
              e);
        }
        throw e;
      }
      ok = true;
    } finally {
      if (!ok) {
        Files.deleteIfExists(local);
      }
    }
    if (expected.isPresent() && n != expected.getAsLong()) {
      Files.deleteIfExists(local);
      throw new org.bootlace.CorruptImageException(
          "tftp: "
              + client.server()
              + ": "
              + path.substring(1)
              + ": "
              + n
              + " bytes received, "
              + expected.getAsLong()
              + " announced");
    }
    downloaded.put(path, local);
    fetched.add(new Fetched(client.server(), path, n));
    return n;
  }

  synchronized List<Fetched> fetched() {
    return ImmutableList.copyOf(fetched);
  }

  @Override
  public synchronized void close() throws IOException {
    IOException first = null;
    for (Path p : downloaded.values()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    downloaded.clear();
    if (first != null) {
      throw first;
    }
  }
}
