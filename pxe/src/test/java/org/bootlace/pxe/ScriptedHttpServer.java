package org.bootlace.pxe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 server on 127.0.0.1 for the cases a real server does not make on demand: each path
 * answers with what its handler writes on the raw socket (a redirect, a body cut short, a body that
 * stops halfway and stalls). Unknown paths answer 404. One connection per request.
 */
final class ScriptedHttpServer implements AutoCloseable {
  interface Handler {
    void answer(OutputStream out) throws IOException, InterruptedException;
  }

  private final ServerSocket socket;
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private volatile boolean closed;

  ScriptedHttpServer() throws IOException {
    socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = new Thread(this::serve, "scripted-http");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String base() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  ScriptedHttpServer on(String path, Handler h) {
    handlers.put(path, h);
    return this;
  }

  ScriptedHttpServer redirect(String path, int status, String location) {
    return on(
        path,
        out ->
            write(
                out,
                "HTTP/1.1 "
                    + status
                    + " Moved\r\nLocation: "
                    + location
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
  }

  ScriptedHttpServer body(String path, byte[] body) {
    return on(
        path,
        out -> {
          write(
              out,
              "HTTP/1.1 200 OK\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n");
          out.write(body);
        });
  }

  static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private void serve() {
    while (!closed) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        return;
      }
      Thread t = new Thread(() -> handle(s), "scripted-http-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void handle(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n") && head.length() < 16384) {
        int c = in.read();
        if (c < 0) {
          return;
        }
        head.append((char) c);
      }
      String requestLine = head.substring(0, head.indexOf("\r\n"));
      requests.add(requestLine);
      String path = requestLine.split(" ")[1];
      Handler h = handlers.get(path);
      OutputStream out = s.getOutputStream();
      if (h == null) {
        write(
            out,
            "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found");
      } else {
        h.answer(out);
      }
      out.flush();
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    socket.close();
  }
}
