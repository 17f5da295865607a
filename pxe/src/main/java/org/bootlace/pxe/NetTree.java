package org.bootlace.pxe;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.GuestFileException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;

/**
 * The boot server's files as one tree: the TFTP server's tree, in which a path component {@code
 * http:} or {@code https:} (at any depth, as lpxelinux treats a URL as absolute) starts a URL, so
 * {@code /http://192.0.2.1/boot/linux} is {@code http://192.0.2.1/boot/linux}. The component after
 * the scheme is the host (and port); each one after it is looked up with a GET whose body is
 * abandoned: status 200 makes a file of the {@code Content-Length} (a body without one is fetched
 * whole to learn its size), a redirect to the same path with a trailing slash a directory, and any
 * other status a directory with no listable entries (HTTP, like TFTP, cannot tell a directory from
 * a missing file; {@link #requireFile} says which status a path got). A file's body is fetched on
 * first read into a spool file of the download directory (named by a counter), streamed and bounded
 * while it arrives; a failed fetch leaves no file behind.
 */
final class NetTree implements FileSystem {
  /** One file fetched over HTTP, for provenance. */
  record Fetched(String url, long bytes) {}

  /** A node below a URL scheme: the scheme itself, a host, or a path on it. */
  record UrlNode(FileType type, long size, long id, String url, int status) implements FsNode {}

  private final Optional<TftpFileSystem> tftp;
  private final HttpFetcher http;
  private final Path spool;
  private final Limits limits;
  private final java.util.function.Consumer<String> progress;
  private final Map<String, UrlNode> urls = new HashMap<>();
  private final Map<String, Path> downloaded = new HashMap<>();
  private final List<Fetched> fetched = new ArrayList<>();
  private final FsNode emptyRoot = new UrlNode(FileType.DIRECTORY, 0, 1, "", 0);
  private long nextId = 1L << 40;
  private int spoolFiles;

  NetTree(
      Optional<TftpFileSystem> tftp,
      HttpFetcher http,
      Path spool,
      Limits limits,
      java.util.function.Consumer<String> progress) {
    this.tftp = tftp;
    this.http = http;
    this.spool = spool;
    this.limits = limits;
    this.progress = progress;
  }

  static boolean isScheme(String component) {
    String c = component.toLowerCase(Locale.ROOT);
    return c.equals("http:") || c.equals("https:");
  }

  /**
   * The URL a tree path names, resolved as the tree resolves it ({@code .} and {@code ..}, the last
   * {@code http:} component starting over); empty when the path is on the TFTP server.
   */
  static Optional<String> urlOf(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(p);
    }
    int scheme = -1;
    for (int i = 0; i < parts.size(); i++) {
      if (isScheme(parts.get(i))) {
        scheme = i;
      }
    }
    if (scheme < 0) {
      return Optional.empty();
    }
    StringBuilder s = new StringBuilder(parts.get(scheme).toLowerCase(Locale.ROOT)).append("//");
    for (int i = scheme + 1; i < parts.size(); i++) {
      s.append(parts.get(i));
      if (i + 1 < parts.size()) {
        s.append('/');
      }
    }
    return Optional.of(s.toString());
  }

  /** The tree path that names {@code url} ({@code http://h/p} -> {@code /http://h/p}). */
  static String pathOf(URI url) {
    return "/" + url.toString();
  }

  @Override
  public String type() {
    return tftp.isPresent() ? "tftp" : "http";
  }

  @Override
  public Optional<String> uuid() {
    return Optional.empty();
  }

  @Override
  public Optional<String> label() {
    return tftp.isPresent() ? tftp.get().label() : Optional.empty();
  }

  @Override
  public FsNode root() throws IOException {
    return tftp.isPresent() ? tftp.get().root() : emptyRoot;
  }

  private long maxFile() {
    return Math.max(limits.maxKernelBytes(), limits.maxRamdiskBytes());
  }

  private String limitName() {
    return limits.maxRamdiskBytes() >= limits.maxKernelBytes()
        ? "maxRamdiskBytes"
        : "maxKernelBytes";
  }

  @Override
  public Optional<FsNode> lookup(FsNode dir, String name) throws IOException {
    if (isScheme(name)) {
      String scheme = name.toLowerCase(Locale.ROOT);
      return Optional.of(
          new UrlNode(FileType.DIRECTORY, 0, scheme.equals("http:") ? 2 : 3, scheme, 0));
    }
    if (!(dir instanceof UrlNode u)) {
      return tftp.isPresent() ? tftp.get().lookup(dir, name) : Optional.empty();
    }
    if (u.url().isEmpty()) {
      return Optional.empty();
    }
    if (u.url().endsWith(":")) {
      String host = u.url() + "//" + name;
      try {
        URI h = new URI(host + "/");
        if (h.getHost() == null || h.getRawUserInfo() != null) {
          throw new URISyntaxException(host, "not a host name or address, with an optional port");
        }
      } catch (URISyntaxException e) {
        throw new CorruptImageException(
            "http: '" + HttpFetcher.shorten(host) + "' does not name a server: " + e.getReason());
      }
      return Optional.of(node(host, FileType.DIRECTORY, 0, 0));
    }
    return Optional.of(probe(u.url() + "/" + name));
  }

  private synchronized UrlNode node(String url, FileType type, long size, int status) {
    UrlNode known = urls.get(url);
    if (known != null) {
      return known;
    }
    UrlNode n = new UrlNode(type, size, nextId++, url, status);
    urls.put(url, n);
    return n;
  }

  /** What is at {@code url}, asked once and remembered. */
  private synchronized UrlNode probe(String url) throws IOException {
    UrlNode known = urls.get(url);
    if (known != null) {
      return known;
    }
    URI uri = HttpFetcher.checked(url);
    HttpFetcher.Answer a = http.probe(uri);
    UrlNode n;
    if (a.status() == 200
        && a.uri().getRawPath() != null
        && a.uri().getRawPath().endsWith("/")
        && !uri.getRawPath().endsWith("/")) {
      n = new UrlNode(FileType.DIRECTORY, 0, nextId++, url, 200);
    } else if (a.status() == 200 && a.length().isPresent()) {
      n = new UrlNode(FileType.REGULAR, a.length().getAsLong(), nextId++, url, 200);
    } else if (a.status() == 200) {
      n = new UrlNode(FileType.REGULAR, download(url, -1), nextId++, url, 200);
    } else {
      n = new UrlNode(FileType.DIRECTORY, 0, nextId++, url, a.status());
    }
    urls.put(url, n);
    return n;
  }

  /**
   * Fails with the URL and its status unless the tree path {@code path} names a URL that answers
   * 200 with a file; returns the path by its plain URL ({@code /http://h/p}), or a path on the TFTP
   * server unchanged.
   */
  String requireFile(String path) throws IOException {
    Optional<String> url = urlOf(path);
    if (url.isEmpty()) {
      return path;
    }
    URI uri = HttpFetcher.checked(url.get());
    if (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")) {
      throw new GuestFileException(
          "http: " + HttpFetcher.shown(uri) + ": names a server, not a file");
    }
    UrlNode n = probe(url.get());
    if (n.status() != 200) {
      throw new NetworkException(
          "http: GET " + HttpFetcher.shown(uri) + ": status " + n.status() + ", not 200");
    }
    if (n.type() != FileType.REGULAR) {
      throw new GuestFileException(
          "http: "
              + HttpFetcher.shown(uri)
              + ": is a directory (the server redirected it to a path ending in '/')");
    }
    return "/" + url.get();
  }

  @Override
  public List<DirEntry> list(FsNode dir) throws IOException {
    if (dir instanceof UrlNode) {
      return List.of();
    }
    return tftp.isPresent() ? tftp.get().list(dir) : List.of();
  }

  @Override
  public FsNode node(DirEntry entry) throws IOException {
    if (tftp.isPresent()) {
      return tftp.get().node(entry);
    }
    throw new UnsupportedFeatureException(
        "http directory listing", "http: directories cannot be listed");
  }

  @Override
  public String readLink(FsNode link) throws IOException {
    if (link instanceof UrlNode) {
      throw new UnsupportedFeatureException(
          "http symbolic links", "http: there are no symbolic links");
    }
    return tftp.get().readLink(link);
  }

  @Override
  public int read(FsNode file, long offset, ByteBuffer dst) throws IOException {
    if (!(file instanceof UrlNode n)) {
      return tftp.get().read(file, offset, dst);
    }
    Path local;
    synchronized (this) {
      local = downloaded.get(n.url());
      if (local == null) {
        download(n.url(), n.size());
        local = downloaded.get(n.url());
      }
    }
    try (FileChannel ch = FileChannel.open(local, StandardOpenOption.READ)) {
      return ch.read(dst, offset);
    }
  }

  /** Fetches {@code url} whole into a new spool file; {@code expected} is -1 when unknown. */
  private long download(String url, long expected) throws IOException {
    URI uri = HttpFetcher.checked(url);
    Path local = spool.resolve("http-" + (++spoolFiles));
    progress.accept("downloading " + HttpFetcher.shown(uri));
    long max = expected >= 0 ? Math.min(expected, maxFile()) : maxFile();
    boolean ok = false;
    HttpFetcher.Answer a;
    try (FileChannel out =
        FileChannel.open(local, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      a = http.fetch(uri, out, max, limitName());
      if (a.status() != 200) {
        throw new NetworkException(
            "http: GET " + HttpFetcher.shown(uri) + ": status " + a.status() + ", not 200");
      }
      if (expected >= 0 && a.bytes() != expected) {
        throw new CorruptImageException(
            "http: GET "
                + HttpFetcher.shown(uri)
                + ": "
                + a.bytes()
                + " bytes received, "
                + expected
                + " announced before");
      }
      ok = true;
    } catch (org.bootlace.LimitExceededException e) {
      if (expected >= 0 && expected < maxFile() && e.limit().equals(limitName())) {
        throw new CorruptImageException(
            "http: GET "
                + HttpFetcher.shown(uri)
                + ": the server sent more than the "
                + expected
                + " bytes it announced before",
            e);
      }
      throw e;
    } finally {
      if (!ok) {
        Files.deleteIfExists(local);
      }
    }
    downloaded.put(url, local);
    fetched.add(new Fetched(HttpFetcher.shown(a.uri()), a.bytes()));
    return a.bytes();
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
    if (tftp.isPresent()) {
      try {
        tftp.get().close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
