"""Loopback helpers for tests: a listener that records connections, a raw HTTP/1.1 client socket."""

from __future__ import annotations

import socket
import threading
from types import TracebackType


class Listener:
    """A loopback TCP listener that records every connection made to it (a context manager)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port: int = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


def connect(base: str, timeout: float = 10) -> socket.socket:
    """A TCP connection to the server at ``base`` (``http://127.0.0.1:PORT``), for raw HTTP."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=timeout)


def read_response(sock: socket.socket) -> tuple[int, bytes]:
    """The status and everything the server sent until it closed or paused for the socket's timeout."""
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
            if b"\r\n\r\n" in received and _complete(received):
                break
    except (TimeoutError, ConnectionResetError):
        pass
    if not received:
        return 0, b""
    return int(received.split(b" ", 2)[1]), received


def _complete(received: bytes) -> bool:
    head, _, body = received.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return False
