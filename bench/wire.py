"""A timing tap on the wire: a local TCP proxy that passes a browser's connection to the app
through unchanged and notes when each Streamlit ``rerun_script`` (browser → server) and
``script_finished`` (server → browser) websocket frame crosses it.

Used by :mod:`bench.load_vs_browser` to time a real Chromium page's changes at the same place
the load harness times its own — the server's socket — independently of when the page's
JavaScript gets round to the message.  Frames are parsed as RFC 6455 says (client frames
masked, server frames not); Streamlit's websocket is not compressed by default.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

BINARY = 0x2


class _Frames:
    """Reads one direction of a connection: the HTTP upgrade, then websocket frames."""

    def __init__(self, proto: type, kinds: set[str], events: list):
        self.buf, self.proto, self.kinds, self.events = b"", proto, kinds, events
        self.upgraded, self.off = False, False

    def feed(self, data: bytes) -> None:
        if self.off:
            return
        self.buf += data
        if not self.upgraded:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            self.off = b"websocket" not in self.buf[:end].lower()  # a plain HTTP request
            self.buf, self.upgraded = self.buf[end + 4:], True
        while (frame := self._next()) is not None:
            self._note(*frame)

    def _next(self) -> tuple[int, bytes] | None:
        """The next whole frame (opcode, unmasked payload), or None until more bytes arrive."""
        if len(self.buf) < 2:
            return None
        b1, b2 = self.buf[0], self.buf[1]
        n, off = b2 & 0x7F, 2
        if n in (126, 127):
            width = 2 if n == 126 else 8
            if len(self.buf) < 2 + width:
                return None
            n, off = int.from_bytes(self.buf[2:2 + width], "big"), 2 + width
        mask = None
        if b2 & 0x80:
            mask, off = self.buf[off:off + 4], off + 4
        if len(self.buf) < off + n:
            return None
        payload, self.buf = self.buf[off:off + n], self.buf[off + n:]
        if mask:
            payload = bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
        return b1 & 0x0F, payload

    def _note(self, opcode: int, payload: bytes) -> None:
        if opcode != BINARY:
            return
        msg = self.proto()
        try:
            msg.ParseFromString(payload)
        except Exception:  # noqa: BLE001 - a continuation or another kind of message
            return
        if (kind := msg.WhichOneof("type")) in self.kinds:
            self.events.append((time.perf_counter(), kind))


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, frames: _Frames) -> None:
    try:
        while data := await reader.read(65536):
            frames.feed(data)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


class WireTap:
    """``with WireTap(app_port) as tap:`` — browse ``tap.url``; ``tap.latencies()`` afterwards."""

    def __init__(self, app_port: int):
        self.app_port, self.events = app_port, []
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._loop = asyncio.new_event_loop()

    async def _handle(self, cr: asyncio.StreamReader, cw: asyncio.StreamWriter) -> None:
        sr, sw = await asyncio.open_connection("127.0.0.1", self.app_port)
        await asyncio.gather(_pipe(cr, sw, _Frames(BackMsg, {"rerun_script"}, self.events)),
                             _pipe(sr, cw, _Frames(ForwardMsg, {"script_finished"}, self.events)))

    def __enter__(self) -> WireTap:
        ready = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", self.port))
            ready.set()
            self._loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        ready.wait(10)
        return self

    def __exit__(self, *exc) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)

    def latencies(self) -> list[float]:
        """Seconds from each rerun_script to the next script_finished, as seen on the wire."""
        out, sent = [], None
        for when, kind in list(self.events):
            if kind == "rerun_script":
                sent = when
            elif sent is not None:
                out.append(when - sent)
                sent = None
        return out

