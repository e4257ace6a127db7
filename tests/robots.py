"""A webhook receiver on this machine, answering like a 企业微信/钉钉 group robot."""

import http.server
import json
import threading


class Hooks:
    """A webhook receiver answering like a robot (errcode 0 unless told another reply) and able to die
    after N requests."""

    def __init__(self, port: int, answer_before_dying: int | None = None, reply: bytes = b'{"errcode":0,"errmsg":"ok"}'):
        self.port, self.received = port, []
        received = self.received

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, json.loads(body)))
                self.send_response(200)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", port), Handler)
        if answer_before_dying is None:
            self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        else:
            def serve_then_die():
                for _ in range(answer_before_dying):
                    self.server.handle_request()
                self.server.server_close()  # killed mid-run: later connections are refused
            self.thread = threading.Thread(target=serve_then_die, daemon=True)
        self.thread.start()

    def stop(self):
        if self.thread.is_alive() and hasattr(self.server, "shutdown"):
            self.server.shutdown()
        self.server.server_close()
