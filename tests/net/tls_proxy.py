"""A TLS front for a plain HTTP server on 127.0.0.1: what a hospital's reverse proxy does before
an archive. Each connection's TLS is ended here (with the given server context: its
certificate, and the CA that client certificates must be signed by), and its bytes are passed
both ways to the backend port. Orthanc 1.10.1's own HTTPS (``SslEnabled``) cannot serve the
tests: it crashes (SIGSEGV) on the first TLS connection with this machine's OpenSSL 3.0.
"""

from __future__ import annotations

import socket
import ssl
import threading


class TLSProxy:
    """Listening on ``port`` (127.0.0.1) until :meth:`close`."""

    def __init__(self, context: ssl.SSLContext, backend_port: int) -> None:
        self.context, self.backend_port = context, backend_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.refused: list[str] = []  # handshakes that failed, in words
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # closed
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            secure = self.context.wrap_socket(client, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            self.refused.append(str(exc))
            client.close()
            return
        backend = socket.create_connection(("127.0.0.1", self.backend_port))
        threading.Thread(target=_pump, args=(backend, secure), daemon=True).start()
        _pump(secure, backend)

    def close(self) -> None:
        self.listener.close()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(1 << 16):
            sink.sendall(data)
    except (OSError, ssl.SSLError):
        pass
    finally:
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
