#!/usr/bin/env python3
"""A small HTTP server for bootlace's remote-image tests, on 127.0.0.1 only.

Serves the files of DIR with single-range GET requests (206, Content-Range, ETag), and misbehaves
on purpose in the MODE given:

  normal        a well-behaved Range-capable server
  ignore-range  answers every request 200 with the whole file, as servers without Range support do
  drop          drops the connection halfway through the body of every other response
  short-body    declares the full length of a range but sends half of it, then closes
  wrong-total   reports a different total size in Content-Range than in the first answer
  etag-change   gives a new ETag after the first two responses, as if the object changed

Prints the port it listens on, then serves until killed.  Usage: range_server.py DIR MODE
"""
import http.server
import os
import re
import socketserver
import sys
import threading

ROOT = os.path.abspath(sys.argv[1])
MODE = sys.argv[2] if len(sys.argv) > 2 else "normal"
COUNT = [0]
LOCK = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        with LOCK:
            COUNT[0] += 1
            n = COUNT[0]
        path = os.path.normpath(os.path.join(ROOT, self.path.split("?")[0].lstrip("/")))
        if not path.startswith(ROOT + os.sep) or not os.path.isfile(path):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        size = os.path.getsize(path)
        etag = '"v1"' if MODE != "etag-change" or n <= 2 else '"v2"'
        with open(path, "rb") as f:
            m = re.fullmatch(r"bytes=(\d+)-(\d+)", self.headers.get("Range", ""))
            if MODE == "ignore-range" or not m:
                self.send_response(200)
                self.send_header("Content-Length", str(size))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(f.read())
                return
            start, end = int(m.group(1)), min(int(m.group(2)), size - 1)
            if start >= size:
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % size)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            f.seek(start)
            body = f.read(end - start + 1)
        total = size + 4096 if MODE == "wrong-total" and n > 1 else size
        self.send_response(206)
        self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, total))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        if (MODE == "drop" and n % 2 == 0) or MODE == "short-body":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
