"""The server's standard input with limits: a client's message can never make the server allocate without bound.

pygls reads a header line with `readline()` and then `read(Content-Length)` bytes. A broken or hostile client
can announce a body of any size (`Content-Length: 99999999999`) or send a header line without end; read as
is, either is a `MemoryError` (or the OOM killer). Here a header line is cut at `MAX_HEADER_LINE` bytes and
a body larger than `MAX_MESSAGE` is refused: the stream is treated as ended (pygls then stops serving), the
reason is logged, and `refused` tells the caller to exit with the usage-error status rather than 0.
"""

from __future__ import annotations

import logging
from typing import BinaryIO

MAX_MESSAGE = 256 * 1024 * 1024  # a didOpen of a very large notebook is tens of MiB; 256 MiB is no editor's
MAX_HEADER_LINE = 64 * 1024

log = logging.getLogger(__name__)


class BoundedInput:
    """A binary stream wrapper offering the two calls pygls makes, each bounded."""

    def __init__(self, stream: BinaryIO, max_message: int = MAX_MESSAGE):
        self.stream = stream
        self.max_message = max_message
        self.refused: str | None = None

    def readline(self) -> bytes:
        if self.refused:
            return b""
        line = self.stream.readline(MAX_HEADER_LINE + 1)
        if len(line) > MAX_HEADER_LINE:
            return self._refuse(f"a header line longer than {MAX_HEADER_LINE} bytes")
        return line

    def read(self, size: int = -1) -> bytes:
        if self.refused:
            return b""
        if size < 0 or size > self.max_message:
            return self._refuse(f"a message of {size} bytes (the limit is {self.max_message})")
        return self.stream.read(size)

    def _refuse(self, what: str) -> bytes:
        self.refused = f"nnlint server: the client sent {what}; stopping"
        log.error(self.refused)
        return b""
