package org.bootlace.image.http;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootlace.BootlaceException;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.block.BlockDevice;
import org.bootlace.image.support.LruCache;

/**
 * An image on a web server, read with HTTP range requests ({@code Range: bytes=a-b}) through the
 * JDK's {@link HttpClient}, never downloaded whole. Reads go through a cache of 256 KiB blocks (64
 * MiB at most), and a miss fetches a run of following blocks with it, a longer one while reads stay
 * sequential. Every answer must be {@code 206 Partial Content} for exactly the range asked, of the
 * total size and with the {@code ETag} (or {@code Last-Modified}) of the first answer: a server
 * that ignores {@code Range} is refused, and an object that changes under the reader fails cleanly.
 * Connection failures and 5xx answers are retried (3 attempts per range). The number of requests
 * and the bytes received are bounded by {@link Limits#maxRemoteRequests()} and {@link
 * Limits#maxRemoteBytes()}. Thread-safe: reads are serialized.
 */
public final class HttpBlockDevice implements BlockDevice {
  static final int BLOCK = 256 << 10;
  static final long CACHE_BYTES = 64L << 20;
  static final int MAX_WINDOW_BLOCKS = 16;
  static final int ATTEMPTS = 3;

  /** Compiled on first use: a local image only asks {@link #isRemote}, at every start. */
  private static final class ContentRange {
    static final Pattern PATTERN = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
  }

  private final URI uri;
  private final String name;
  private final HttpClient client;
  private final Limits limits;
  private final Duration requestTimeout;
  private final long size;
  private final Optional<String> validator;
  private final LruCache<Long, byte[]> cache = new LruCache<>(CACHE_BYTES, b -> b.length);
  private long requests;
  private long bytes;
  private long lastBlockFetched = -2;
  private int window = 1;

  private HttpBlockDevice(URI uri, HttpClient client, Limits limits) throws IOException {
    this.uri = uri;
    this.name = shown(uri);
    this.client = client;
    this.limits = limits;
    this.requestTimeout =
        limits.timeout().compareTo(Duration.ofSeconds(30)) < 0
            ? limits.timeout()
            : Duration.ofSeconds(30);
    Fetched first = fetch(0, BLOCK - 1, -1, Optional.empty());
    this.size = first.total;
    this.validator = first.validator;
    byte[] b = first.body;
    if (b.length == BLOCK || b.length == size) {
      cache.put(0L, b);
    }
    lastBlockFetched = 0;
  }

  /**
   * Opens the image at {@code uri} ({@code http} or {@code https}): one range request for its first
   * block, which also tells its size and version.
   *
   * <p>Redirects are followed; the URI's query and fragment, which may carry credentials, never
   * appear in messages.
   *
   * @param uri the image's absolute URI
   * @param limits bounds requests, bytes received and each request's time (at most 30 s)
   * @return the device, {@code size()} bytes long
   * @throws IllegalArgumentException if {@code uri} is not {@code http} or {@code https}
   * @throws org.bootlace.UnsupportedFeatureException if the server ignores range requests
   * @throws CorruptImageException if the server cannot be reached or fails after 3 attempts, or
   *     answers with a wrong status or {@code Content-Range}
   * @throws LimitExceededException if the request budget is spent
   * @throws IOException if the request fails otherwise
   */
  public static HttpBlockDevice open(URI uri, Limits limits) throws IOException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("not an http(s) URI: " + uri);
    }
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    return new HttpBlockDevice(uri, client, limits);
  }

  /**
   * Whether {@code image} names a remote image bootlace reads over HTTP.
   *
   * @param image an image name as a caller gives it
   * @return whether it starts with {@code http://} or {@code https://}, in any case
   */
  public static boolean isRemote(String image) {
    String l = image.toLowerCase(Locale.ROOT);
    return l.startsWith("http://") || l.startsWith("https://");
  }

  /** The URI without its query and fragment, which may carry credentials (signed URLs). */
  static String shown(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getRawAuthority()
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  /**
   * Requests made so far (retries included).
   *
   * @return the number of HTTP requests sent
   */
  public synchronized long requests() {
    return requests;
  }

  /**
   * Body bytes received so far.
   *
   * @return the number of body bytes received
   */
  public synchronized long bytesFetched() {
    return bytes;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public synchronized void read(long offset, ByteBuffer dst) throws IOException {
    int length = dst.remaining();
    if (offset < 0 || offset > size || length > size - offset) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: read of %d bytes at %s is outside the device (size %d)",
              this,
              length,
              hex(offset),
              size));
    }
    long at = offset;
    while (dst.hasRemaining()) {
      long block = at / BLOCK;
      byte[] b = block(block, (offset + length - 1) / BLOCK);
      int in = (int) (at % BLOCK);
      int n = Math.min(dst.remaining(), b.length - in);
      dst.put(b, in, n);
      at += n;
    }
  }

  /** Block {@code block}, fetched with a run of the following ones when it is not cached. */
  private byte[] block(long block, long lastWanted) throws IOException {
    byte[] b = cache.get(block);
    if (b != null) {
      return b;
    }
    window = block == lastBlockFetched + 1 ? Math.min(window * 2, MAX_WINDOW_BLOCKS) : 1;
    long blocks = size / BLOCK + (size % BLOCK != 0 ? 1 : 0);
    long last = Math.min(blocks - 1, Math.max(lastWanted, block + window - 1));
    last = Math.min(last, block + MAX_WINDOW_BLOCKS * 4L - 1);
    for (long i = block + 1; i <= last; i++) {
      if (cache.get(i) != null) {
        last = i - 1;
        break;
      }
    }
    long start = block * BLOCK;
    long end = Math.min(size, (last + 1) * BLOCK) - 1;
    Fetched f = fetch(start, end, size, validator);
    for (long i = block; i <= last; i++) {
      int from = (int) ((i - block) * BLOCK);
      int to = (int) Math.min(f.body.length, from + (long) BLOCK);
      byte[] piece = java.util.Arrays.copyOfRange(f.body, from, to);
      cache.put(i, piece);
      if (i == block) {
        b = piece;
      }
    }
    lastBlockFetched = last;
    return b;
  }

  private record Fetched(byte[] body, long total, Optional<String> validator) {}

  /** One range, retried on transient failures. {@code expectedTotal} is -1 on the first request. */
  private Fetched fetch(
      long start, long end, long expectedTotal, Optional<String> expectedValidator)
      throws IOException {
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return fetchOnce(start, end, expectedTotal, expectedValidator);
      } catch (BootlaceException e) {
        throw e;
      } catch (Transient e) {
        last = new CorruptImageException(e.getMessage());
      } catch (IOException e) {
        last =
            new CorruptImageException(name + ": bytes " + start + "-" + end + ": " + describe(e));
      }
      try {
        Thread.sleep(50L << attempt);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new CorruptImageException(name + ": interrupted");
      }
    }
    throw new CorruptImageException(last.getMessage() + " (after " + ATTEMPTS + " attempts)");
  }

  private static String describe(IOException e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** A failure worth another attempt. */
  private static final class Transient extends IOException {
    Transient(String message) {
      super(message);
    }
  }

  private Fetched fetchOnce(
      long start, long end, long expectedTotal, Optional<String> expectedValidator)
      throws IOException {
    long length = end - start + 1;
    if (requests + 1 > limits.maxRemoteRequests()) {
      throw new LimitExceededException(
          "maxRemoteRequests", limits.maxRemoteRequests(), name + ": one more HTTP request");
    }
    Limits.check(
        "maxRemoteBytes",
        limits.maxRemoteBytes(),
        bytes + length,
        name + ": bytes fetched over HTTP");
    requests++;
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(requestTimeout)
            .header("Range", "bytes=" + start + "-" + end)
            .header("Accept-Encoding", "identity")
            .build();
    HttpResponse<InputStream> r;
    try {
      r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CorruptImageException(name + ": interrupted");
    }
    String where = name + ": bytes " + start + "-" + end;
    try (InputStream body = r.body()) {
      int status = r.statusCode();
      if (status == 200) {
        throw new UnsupportedFeatureException(
            "HTTP range requests",
            name
                + ": the server ignores Range requests (it answered 200 to bytes="
                + start
                + "-"
                + end
                + "); bootlace does not download whole images");
      }
      if (status >= 500 || status == 429 || status == 408) {
        throw new Transient(where + ": HTTP status " + status);
      }
      if (status != 206) {
        throw new CorruptImageException(where + ": HTTP status " + status);
      }
      HttpHeaders h = r.headers();
      String cr = h.firstValue("Content-Range").orElse("");
      Matcher m = ContentRange.PATTERN.matcher(cr);
      if (!m.matches()) {
        throw new CorruptImageException(
            where + ": Content-Range '" + cr + "' is not 'bytes a-b/size'");
      }
      long total;
      long gotStart;
      long gotEnd;
      try {
        gotStart = Long.parseLong(m.group(1));
        gotEnd = Long.parseLong(m.group(2));
        total = Long.parseLong(m.group(3));
      } catch (NumberFormatException e) {
        throw new CorruptImageException(
            where + ": Content-Range '" + cr + "' has numbers out of range");
      }
      if (expectedTotal >= 0 && total != expectedTotal) {
        throw new CorruptImageException(
            where
                + ": Content-Range says the object has "
                + total
                + " bytes, not "
                + expectedTotal
                + " as before: it changed");
      }
      long wantEnd = expectedTotal < 0 ? Math.min(end, total - 1) : end;
      if (gotStart != start || gotEnd != wantEnd) {
        throw new CorruptImageException(
            where + ": Content-Range '" + cr + "' is not the range asked for");
      }
      Optional<String> validator = h.firstValue("ETag").or(() -> h.firstValue("Last-Modified"));
      if (expectedTotal >= 0 && !validator.equals(expectedValidator)) {
        throw new CorruptImageException(
            where
                + ": the object changed while it was read (ETag "
                + expectedValidator.orElse("none")
                + " became "
                + validator.orElse("none")
                + ")");
      }
      long declared = h.firstValueAsLong("Content-Length").orElse(-1);
      long n = gotEnd - gotStart + 1;
      if (declared >= 0 && declared != n) {
        throw new CorruptImageException(
            where + ": Content-Length " + declared + " does not match Content-Range '" + cr + "'");
      }
      byte[] out = new byte[(int) n];
      int got = 0;
      while (got < n) {
        int k = body.read(out, got, (int) n - got);
        if (k < 0) {
          break;
        }
        got += k;
        bytes += k;
      }
      if (got < n) {
        throw new Transient(where + ": the body ended after " + got + " of " + n + " bytes");
      }
      if (body.read() >= 0) {
        throw new CorruptImageException(
            where + ": the body is longer than the " + n + " bytes of its Content-Range");
      }
      return new Fetched(out, total, validator);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
