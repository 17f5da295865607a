package org.bootlace.pxe;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.bootlace.BootlaceException;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;

/**
 * GET requests with the JDK's {@link HttpClient}, made the way a boot loader needs them: redirects
 * followed by hand (at most {@link Limits#maxHttpRedirects()}, only to {@code http} and {@code
 * https}, a loop refused), every request counted against {@link Limits#maxRemoteRequests()} and
 * every body byte against {@link Limits#maxRemoteBytes()}, the whole exchange (headers and body)
 * bounded by the operation's end, and a body streamed into the caller's channel as it arrives,
 * never held in memory, refused as soon as it passes the size it may have. A request that only asks
 * what is there (a {@link #probe}) reads the status and headers and abandons the body.
 */
final class HttpFetcher {
  private final Limits limits;
  private final LongSupplier endNanos;
  private final HttpClient client;
  private final Optional<java.nio.file.Path> netns;
  private long requests;
  private long bytes;

  /**
   * {@code netns}: the network namespace the caller's UDP sockets are made in. The JDK's client
   * makes its sockets on threads of its own, which bootlace does not move into that namespace, so
   * HTTP is refused there rather than sent from the wrong one.
   */
  HttpFetcher(Limits limits, LongSupplier endNanos, Optional<java.nio.file.Path> netns) {
    this.limits = limits;
    this.endNanos = endNanos;
    this.netns = netns;
    Duration connect =
        limits.timeout().compareTo(Duration.ofSeconds(10)) < 0
            ? limits.timeout()
            : Duration.ofSeconds(10);
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connect)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /**
   * What a GET found after its redirects.
   *
   * @param uri the URI that answered last
   * @param status its status code
   * @param length its {@code Content-Length}, when it gave one
   * @param bytes body bytes written to the sink (0 for a probe)
   */
  record Answer(URI uri, int status, OptionalLong length, long bytes) {}

  /** The URI checked to be absolute {@code http} or {@code https} with a host; else why not. */
  static URI checked(String text) throws BootlaceException {
    URI u;
    try {
      u = new URI(text);
    } catch (URISyntaxException e) {
      throw new CorruptImageException(
          "http: '" + shorten(text) + "' is not a valid URL: " + e.getReason());
    }
    return checkedUri(u, "'" + shorten(text) + "'");
  }

  private static URI checkedUri(URI u, String what) throws BootlaceException {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new org.bootlace.UnsupportedFeatureException(
          "URL scheme " + scheme, "http: " + what + ": only http and https URLs are fetched");
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw new CorruptImageException("http: " + what + ": the URL names no host");
    }
    if (u.getRawUserInfo() != null) {
      throw new org.bootlace.UnsupportedFeatureException(
          "URL user information",
          "http: " + what + ": user names and passwords in URLs are not sent");
    }
    return u;
  }

  static String shorten(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }

  /** The URL without its query, which may carry credentials, for messages. */
  static String shown(URI u) {
    return u.getScheme()
        + "://"
        + u.getRawAuthority()
        + (u.getRawPath() == null ? "" : u.getRawPath());
  }

  /** Status and headers of {@code uri} after redirects; the body is not read. */
  Answer probe(URI uri) throws IOException {
    return get(uri, Optional.empty(), 0, "");
  }

  /**
   * Fetches {@code uri} into {@code sink} when it answers 200, at most {@code max} bytes (more is
   * {@code limitName} exceeded, found while the body streams); any other final status is returned
   * with nothing written.
   */
  Answer fetch(URI uri, FileChannel sink, long max, String limitName) throws IOException {
    return get(uri, Optional.of(sink), max, limitName);
  }

  synchronized long requests() {
    return requests;
  }

  synchronized long bytes() {
    return bytes;
  }

  private Answer get(URI start, Optional<FileChannel> sink, long max, String limitName)
      throws IOException {
    URI uri = checkedUri(start, shown(start));
    Set<String> seen = new HashSet<>();
    seen.add(uri.toString());
    for (int redirects = 0; ; redirects++) {
      Answer a = once(uri, sink, max, limitName);
      if (!isRedirect(a.status())) {
        return a;
      }
      String location = a.uri().toString(); // once() puts the Location header here
      URI next;
      try {
        next = uri.resolve(new URI(location));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new CorruptImageException(
            "http: GET "
                + shown(uri)
                + ": status "
                + a.status()
                + " redirects to '"
                + shorten(location)
                + "', not a valid URL");
      }
      String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new NetworkException(
            "http: GET "
                + shown(uri)
                + ": redirect to '"
                + shorten(location)
                + "' refused: only http and https are followed");
      }
      if (!seen.add(next.toString())) {
        throw new NetworkException(
            "http: GET "
                + shown(start)
                + ": redirect loop: "
                + shown(uri)
                + " leads back to "
                + shown(next));
      }
      if (redirects + 1 > limits.maxHttpRedirects()) {
        throw new LimitExceededException(
            "maxHttpRedirects",
            limits.maxHttpRedirects(),
            "http: GET " + shown(start) + " redirected once more, to " + shown(next));
      }
      uri = checkedUri(next, shown(next));
    }
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private long remainingNanos(URI uri, long received) throws NetworkException {
    long left = endNanos.getAsLong() - System.nanoTime();
    if (left <= 0) {
      throw timeout(uri, received);
    }
    return left;
  }

  private NetworkException timeout(URI uri, long received) {
    return new NetworkException(
        "http: GET "
            + shown(uri)
            + ": not finished within the timeout of "
            + limits.timeout().toMillis()
            + " ms ("
            + received
            + " body bytes received)");
  }

  /** One request; a redirect is returned with its Location as the answer's URI. */
  private Answer once(URI uri, Optional<FileChannel> sink, long max, String limitName)
      throws IOException {
    if (netns.isPresent()) {
      throw new org.bootlace.UnsupportedFeatureException(
          "HTTP in a network namespace",
          "http: GET "
              + shown(uri)
              + ": HTTP is not fetched inside network namespace "
              + netns.get()
              + "; run the whole process in it (ip netns exec) instead");
    }
    synchronized (this) {
      if (requests + 1 > limits.maxRemoteRequests()) {
        throw new LimitExceededException(
            "maxRemoteRequests",
            limits.maxRemoteRequests(),
            "http: GET " + shown(uri) + ": one more HTTP request");
      }
      requests++;
    }
    long left = remainingNanos(uri, 0);
    Body body = new Body(uri, sink, max, limitName);
    CompletableFuture<HttpResponse<Void>> f;
    try {
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .GET()
              .timeout(Duration.ofNanos(left))
              .header("Accept-Encoding", "identity")
              .header("User-Agent", "bootlace")
              .build();
      f = client.sendAsync(req, body);
    } catch (IllegalArgumentException e) {
      throw new CorruptImageException(
          "http: GET " + shown(uri) + ": the JDK's client refuses this URL: " + e.getMessage());
    }
    HttpResponse<Void> r;
    try {
      r = f.get(remainingNanos(uri, body.received), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      body.abandon();
      f.cancel(true);
      throw timeout(uri, body.received);
    } catch (InterruptedException e) {
      body.abandon();
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new NetworkException("http: GET " + shown(uri) + ": interrupted", e);
    } catch (ExecutionException e) {
      body.abandon();
      Throwable c = e.getCause();
      if (c instanceof BootlaceException b) {
        throw b;
      }
      if (c instanceof java.net.http.HttpTimeoutException) {
        throw timeout(uri, body.received);
      }
      throw new NetworkException(
          "http: GET "
              + shown(uri)
              + ": "
              + (c == null
                  ? e.toString()
                  : c.getClass().getSimpleName()
                      + (c.getMessage() == null ? "" : ": " + c.getMessage())),
          c);
    }
    int status = r.statusCode();
    OptionalLong length = body.length;
    if (isRedirect(status)) {
      Optional<String> loc = r.headers().firstValue("Location");
      if (loc.isEmpty()) {
        throw new CorruptImageException(
            "http: GET " + shown(uri) + ": status " + status + " without a Location header");
      }
      try {
        return new Answer(rawUri(loc.get()), status, length, 0);
      } catch (URISyntaxException e) {
        throw new CorruptImageException(
            "http: GET "
                + shown(uri)
                + ": status "
                + status
                + " redirects to '"
                + shorten(loc.get())
                + "', not a valid URL");
      }
    }
    if (status == 200
        && sink.isPresent()
        && length.isPresent()
        && body.received != length.getAsLong()) {
      throw new CorruptImageException(
          "http: GET "
              + shown(uri)
              + ": "
              + body.received
              + " body bytes received, Content-Length announced "
              + length.getAsLong());
    }
    return new Answer(uri, status, length, body.received);
  }

  private static URI rawUri(String s) throws URISyntaxException {
    return new URI(s);
  }

  /**
   * Receives one response: for a 200 with a sink, the body into the sink, counted as it comes; for
   * anything else (or a probe) the body is abandoned at once.
   */
  private final class Body implements HttpResponse.BodyHandler<Void> {
    private final URI uri;
    private final Optional<FileChannel> sink;
    private final long max;
    private final String limitName;
    volatile long received;
    volatile OptionalLong length = OptionalLong.empty();
    private volatile Flow.Subscription subscription;

    Body(URI uri, Optional<FileChannel> sink, long max, String limitName) {
      this.uri = uri;
      this.sink = sink;
      this.max = max;
      this.limitName = limitName;
    }

    void abandon() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
      Optional<String> cl = info.headers().firstValue("Content-Length");
      if (cl.isPresent()) {
        try {
          long n = Long.parseLong(cl.get().trim());
          if (n >= 0) {
            length = OptionalLong.of(n);
          }
        } catch (NumberFormatException e) {
          // an unreadable length is treated as absent; the body is still bounded while it streams
        }
      }
      boolean wanted = info.statusCode() == 200 && sink.isPresent();
      return new Subscriber(wanted);
    }

    private final class Subscriber implements HttpResponse.BodySubscriber<Void> {
      private final boolean wanted;
      private final CompletableFuture<Void> done = new CompletableFuture<>();

      Subscriber(boolean wanted) {
        this.wanted = wanted;
      }

      @Override
      public CompletionStage<Void> getBody() {
        return done;
      }

      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (!wanted) {
          s.cancel();
          done.complete(null);
          return;
        }
        if (length.isPresent() && length.getAsLong() > max) {
          s.cancel();
          done.completeExceptionally(
              new LimitExceededException(
                  limitName,
                  max,
                  "http: GET " + shown(uri) + ": Content-Length " + length.getAsLong()));
          return;
        }
        s.request(1);
      }

      @Override
      public void onNext(List<ByteBuffer> items) {
        if (done.isDone()) {
          return;
        }
        try {
          long n = 0;
          for (ByteBuffer b : items) {
            n += b.remaining();
          }
          long total = received + n;
          if (total > max) {
            throw new LimitExceededException(
                limitName,
                max,
                "http: GET " + shown(uri) + ": body bytes received (" + total + ")");
          }
          synchronized (HttpFetcher.this) {
            Limits.check(
                "maxRemoteBytes",
                limits.maxRemoteBytes(),
                bytes + n,
                "http: GET " + shown(uri) + ": bytes fetched over HTTP");
            bytes += n;
          }
          FileChannel out = sink.get();
          for (ByteBuffer b : items) {
            while (b.hasRemaining()) {
              out.write(b);
            }
          }
          received = total;
          subscription.request(1);
        } catch (IOException e) {
          subscription.cancel();
          done.completeExceptionally(e);
        }
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        done.complete(null);
      }
    }
  }
}
