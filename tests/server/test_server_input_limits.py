"""A client's message can never make the server allocate without bound (issue 16: hostile input): an
announced body over the limit or an endless header line stops the server with a message and exit 2,
at once, instead of a MemoryError; messages within the limit are served as before."""

from __future__ import annotations

import io
import subprocess
import sys

from nnlint.server.bounded_input import MAX_HEADER_LINE, BoundedInput


def serve(data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nnlint", "server"], input=data, capture_output=True,
                          timeout=60)


def test_a_huge_content_length_stops_the_server_with_exit_2():
    done = serve(b"Content-Length: 99999999999\r\n\r\n{}")
    assert done.returncode == 2
    assert b"a message of 99999999999 bytes" in done.stderr
    assert b"MemoryError" not in done.stderr and b"Traceback" not in done.stderr


def test_an_endless_header_line_stops_the_server_with_exit_2():
    done = serve(b"X" * (MAX_HEADER_LINE * 4))
    assert done.returncode == 2
    assert b"header line longer than" in done.stderr


def test_messages_within_the_limit_pass_through_unchanged():
    body = b'{"jsonrpc": "2.0", "method": "exit"}'
    stream = BoundedInput(io.BytesIO(b"Content-Length: %d\r\n\r\n" % len(body) + body), max_message=len(body))
    assert stream.readline() == b"Content-Length: %d\r\n" % len(body)
    assert stream.readline() == b"\r\n"
    assert stream.read(len(body)) == body
    assert stream.refused is None


def test_an_exit_notification_still_ends_the_server_normally():
    body = b'{"jsonrpc": "2.0", "method": "exit"}'
    done = serve(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    assert done.returncode in (0, 1)  # LSP: exit without shutdown may be 1; never 2 here
    assert b"stopping" not in done.stderr
