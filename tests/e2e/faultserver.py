# SPDX-License-Identifier: MIT
"""A small HTTPS server (stdlib, HTTP/1.1) for the faults nginx cannot
inject: a connection cut mid-body, 429 with an HTTP-date Retry-After, a
500, a slow trickle, a redirect loop, a 2 GB Content-Length. Each path gets a list of behaviours,
one per request (the last repeats):

    with FaultServer(ca) as fs:
        fs.route("/f.tar.gz", data, ["cut", "ok"])
        url = fs.url("/f.tar.gz")
        ... fs.hits("/f.tar.gz") ...

Behaviours: "ok" (200 with the bytes), "cut" (Content-Length of the whole
file, half of it, then the connection closes), "429-date" (429 with a
Retry-After HTTP-date two seconds ahead), "redirect" (302 to itself),
"huge" (200 with Content-Length: 2147483648 and then nothing), "500" (an
Internal Server Error page), "trickle" (Content-Length of the whole file,
4 bytes of it, then nothing until the client gives up or the server
stops: a stall the client's low-speed limit must catch).
"""
import email.utils
import http.server
import socket
import ssl
import threading
import time


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        srv = self.server.owner
        path = self.path.split("?")[0]
        with srv.lock:
            route = srv.routes.get(path)
            n = srv.counts.get(path, 0)
            srv.counts[path] = n + 1
        if route is None:
            self.send_error(404)
            return
        data, plan = route
        how = plan[min(n, len(plan) - 1)]
        getattr(self, "_" + how.replace("-", "_"))(data)

    def _ok(self, data):
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _cut(self, data):
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data[:len(data) // 2])
        self.wfile.flush()
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _429_date(self, data):
        self.send_response(429)
        self.send_header("Retry-After", email.utils.formatdate(time.time() + 2, usegmt=True))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _redirect(self, data):
        self.send_response(302)
        self.send_header("Location", self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _500(self, data):
        body = b"<html><body>internal error</body></html>"
        self.send_response(500)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self, data):
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data[:4])
        self.wfile.flush()
        self.close_connection = True
        # Hold the connection open, sending nothing, until the client
        # hangs up (or the case ends).
        self.server.owner.stopping.wait(120)

    def _huge(self, data):
        self.send_response(200)
        self.send_header("Content-Length", str(2 ** 31))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True


class FaultServer:
    def __init__(self, ca):
        self.ca = ca
        self.routes, self.counts = {}, {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.httpd = None

    def route(self, path, data, plan):
        self.routes[path] = (data, list(plan))

    def url(self, path):
        return "https://127.0.0.1:%d%s" % (self.port, path)

    def hits(self, path):
        with self.lock:
            return self.counts.get(path, 0)

    def __enter__(self):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.ca.cert, self.ca.key)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.stopping.set()
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
        self.httpd = None

    def __exit__(self, *exc):
        self.stop()
        return False
