"""``serve --workers N``: N server processes, handed the connections in turn by their parent.

uvicorn's own supervisor lets its processes share one listening socket, and the process that
wakes first accepts every connection waiting (libuv, like asyncio, accepts until the queue is
empty); one socket per process (``SO_REUSEPORT``) spreads them by a hash of the client's
address instead. Either way a burst of connections fell unevenly, and the clients of the
fuller process waited longer (bench/README.md, "Mixed workload"). So, as Node's cluster
module does by default for the same reason, the parent accepts every connection and hands it
to the next ready process over a Unix socket pair (``socket.send_fds``). Each process runs
uvicorn's server with no listening socket of its own and serves what it is handed with
uvicorn's protocol (``loop.connect_accepted_socket``).

The parent accepts once a process is ready. It replaces a process that dies, but ends the
server when one exits while starting (it could not start; the next would fail the same way).
On SIGINT or SIGTERM it stops accepting, asks every process to finish what it serves
(SIGTERM) and waits for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import select
import selectors
import signal
import socket
import time
from dataclasses import dataclass
from multiprocessing.context import SpawnProcess
from types import FrameType
from typing import Any

import uvicorn

from stratagraph.exit_status import described

__all__ = ["HandedServer", "serve_processes"]

logger = logging.getLogger("uvicorn.error")

READY = b"ready"
"""What a process says on its socket pair once it serves: from then on it is handed connections."""
STARTUP_FAILURE = 3
"""The exit status when a process dies before it is ready (uvicorn's own for a failed start-up)."""
STOP_WAIT = 60.0
"""Seconds the parent waits for a process to finish after SIGTERM before it kills it."""
HAND_OVER_WAIT = 10.0
"""Seconds a connection waits for room in a process's queue (a few at a time) before it is closed."""


def serve_processes(config: uvicorn.Config, count: int) -> int:
    """Serve on ``config``'s address with ``count`` processes until SIGINT or SIGTERM; the exit status."""
    return Supervisor(config, count).run()


@dataclass
class _Process:
    """A server process and the parent's end of the socket pair it is handed connections over."""

    process: SpawnProcess
    channel: socket.socket
    ready: bool = False
    """Serving: it said ``READY`` and its socket pair is open."""
    served: bool = False
    """It said ``READY`` once (a process that exits before that could not start)."""


class Supervisor:
    """The parent: accepts every connection and hands it to the next ready process."""

    def __init__(self, config: uvicorn.Config, count: int) -> None:
        self.config = config
        self.count = count
        self.processes: list[_Process] = []
        self.turn = 0
        self.should_exit = False
        self.status = 0
        self.selector = selectors.DefaultSelector()
        self.listening = False

    def run(self) -> int:
        """Serve until SIGINT or SIGTERM, or until a process cannot start; the exit status."""
        host, port = self.config.host, self.config.port
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            listener = socket.create_server((host, port), family=family, backlog=self.config.backlog)
        except OSError as error:
            reason = os.strerror(error.errno) if error.errno else str(error)  # its strerror repeats the address
            logger.error("cannot listen on %s port %d: %s", host, port, reason)
            return 1
        listener.setblocking(False)
        previous = {signum: signal.signal(signum, self._exit) for signum in (signal.SIGINT, signal.SIGTERM)}
        logger.info("Started parent process [%d], listening on %s port %d", os.getpid(), host, port)
        try:
            self.processes = [self._start() for _ in range(self.count)]
            while not self.should_exit:
                self._listen(listener, any(each.ready for each in self.processes))
                for key, _ in self.selector.select(timeout=0.5):
                    if key.fileobj is listener:
                        self._hand_over(listener)
                    else:
                        self._hear(key.data)
                if not self.should_exit:
                    self._replace_the_dead()
        finally:
            listener.close()
            self._stop()
            self.selector.close()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return self.status

    def _exit(self, signum: int, frame: FrameType | None) -> None:
        self.should_exit = True

    def _start(self) -> _Process:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        process = multiprocessing.get_context("spawn").Process(target=_serve, args=(self.config, theirs))
        # Ctrl-C reaches every process of the terminal's group; a process still starting ignores it (the
        # parent ends it with SIGTERM), where it printed a traceback from its imports. uvicorn's server
        # takes SIGINT again once it runs.
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            process.start()
        finally:
            signal.signal(signal.SIGINT, interrupt)
        theirs.close()
        ours.setblocking(False)
        started = _Process(process, ours)
        self.selector.register(ours, selectors.EVENT_READ, started)
        return started

    def _listen(self, listener: socket.socket, listen: bool) -> None:
        """Watch the listening socket only while some process can take a connection (else it stays queued)."""
        if listen and not self.listening:
            self.selector.register(listener, selectors.EVENT_READ)
        elif self.listening and not listen:
            self.selector.unregister(listener)
        self.listening = listen

    def _hand_over(self, listener: socket.socket) -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except BlockingIOError:
                return
            except OSError as error:  # out of descriptors or memory: try again in a moment
                logger.warning("could not accept a connection: %s", error)
                time.sleep(0.1)
                return
            with connection:
                self._give(connection)

    def _give(self, connection: socket.socket) -> None:
        """Hand ``connection`` to the next ready process with room in its queue, waiting for room if none has."""
        deadline = time.monotonic() + HAND_OVER_WAIT
        while True:
            for _ in self.processes:
                chosen = self.processes[self.turn]
                self.turn = (self.turn + 1) % len(self.processes)
                if not chosen.ready:
                    continue
                try:
                    socket.send_fds(chosen.channel, [b"c"], [connection.fileno()])
                    return
                except BlockingIOError:  # its queue is full: the next one
                    continue
                except OSError:  # it has just died
                    chosen.ready = False
            ready = [each.channel for each in self.processes if each.ready]
            left = deadline - time.monotonic()
            if not ready or left <= 0:
                logger.warning("no server process could take a connection in %g s; it was closed", HAND_OVER_WAIT)
                return
            select.select([], ready, [], left)

    def _hear(self, heard: _Process) -> None:
        try:
            message = heard.channel.recv(len(READY))
        except OSError:
            message = b""
        if message == READY:
            heard.ready = heard.served = True
        elif not message:  # the process has ended: _replace_the_dead sees to it
            self.selector.unregister(heard.channel)
            heard.ready = False

    def _replace_the_dead(self) -> None:
        for number, each in enumerate(self.processes):
            if each.process.is_alive():
                continue
            with contextlib.suppress(KeyError):
                self.selector.unregister(each.channel)
            each.channel.close()
            code = each.process.exitcode or 0
            if not each.served and code >= 0:  # it gave up starting; one killed is replaced
                logger.error("server process [%s] could not start (%s)", each.process.pid, described(code))
                self.should_exit, self.status = True, STARTUP_FAILURE
                return
            logger.warning("server process [%s] ended (%s); starting another", each.process.pid, described(code))
            self.processes[number] = self._start()

    def _stop(self) -> None:
        for each in self.processes:
            if each.process.is_alive():
                each.process.terminate()
        deadline = time.monotonic() + STOP_WAIT
        for each in self.processes:
            each.process.join(max(0.0, deadline - time.monotonic()))
            if each.process.is_alive():
                logger.error("server process [%s] did not finish in %g s; killed", each.process.pid, STOP_WAIT)
                each.process.kill()
                each.process.join()
            each.channel.close()


def _serve(config: uvicorn.Config, channel: socket.socket) -> None:
    """A server process's life: uvicorn's server, serving the connections handed over ``channel``."""
    config.configure_logging()
    HandedServer(config, channel).run(sockets=[])


class HandedServer(uvicorn.Server):
    """uvicorn's server with no listening socket: it serves the connections its parent hands it."""

    def __init__(self, config: uvicorn.Config, channel: socket.socket) -> None:
        super().__init__(config)
        self.channel = channel
        self.handing: set[asyncio.Task[Any]] = set()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        self.channel.setblocking(False)
        asyncio.get_running_loop().add_reader(self.channel.fileno(), self._receive)
        self.channel.send(READY)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        asyncio.get_running_loop().remove_reader(self.channel.fileno())
        await super().shutdown(sockets=sockets)

    def _receive(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                message, descriptors, _, _ = socket.recv_fds(self.channel, 1, 1)
            except BlockingIOError:
                return
            if not message:  # the parent has gone: finish what is being served, then end
                loop.remove_reader(self.channel.fileno())
                self.should_exit = True
                return
            for descriptor in descriptors:
                handed = loop.create_task(
                    loop.connect_accepted_socket(self._protocol, socket.socket(fileno=descriptor))
                )
                self.handing.add(handed)
                handed.add_done_callback(self._handed)

    def _protocol(self) -> asyncio.Protocol:
        # what uvicorn's own start-up builds for each connection it accepts (uvicorn/server.py)
        return self.config.http_protocol_class(  # type: ignore[call-arg]
            config=self.config, server_state=self.server_state, app_state=self.lifespan.state
        )

    def _handed(self, handed: asyncio.Task[Any]) -> None:
        self.handing.discard(handed)
        if not handed.cancelled() and handed.exception() is not None:
            logger.warning("a handed connection could not be served: %s", handed.exception())
