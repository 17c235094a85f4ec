"""The `nnlint.verify` command: run `nnlint verify` on the model under the cursor, in a child process.

Verification builds and trains models, so it takes seconds to minutes: it runs as a subprocess (the server
keeps serving, and the user's code never runs inside the server), reports progress through LSP's
work-done progress, and stops (the child is killed) when the user cancels it.
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import sys
import time
from dataclasses import dataclass


@dataclass
class Outcome:
    """What a verify run came to: the report (as `--output-format json` prints it) or why there is none."""

    target: str
    report: dict | None = None
    error: str | None = None
    cancelled: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        if self.cancelled:
            return f"nnlint verify {self.target}: cancelled"
        if self.report is None:
            return f"nnlint verify {self.target}: {self.error}"
        counts = self.report.get("summary", {})
        parts = [f"{counts.get(key, 0)} {label}" for key, label in (
            ("confirmed", "confirmed"), ("not_confirmed", "not confirmed"), ("skipped", "skipped"), ("error", "error"))
            if counts.get(key)]
        if counts.get("overfit_passed") or counts.get("overfit_failed"):
            parts.append(f"overfit {counts.get('overfit_passed', 0)} passed, {counts.get('overfit_failed', 0)} failed")
        verdict = ", ".join(parts) if parts else "no finding to verify"
        return f"nnlint verify {self.target}: {verdict} ({self.report.get('seconds', self.seconds)} s)"

    def as_json(self) -> dict:
        return {"target": self.target, "summary": self.summary(), "cancelled": self.cancelled,
                "error": self.error, "report": self.report}


def target_at(path: str, text: str, line: int) -> str:
    """`path::Name` for the top-level class or function around the 1-based `line`, else `path` (every model
    in the file)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return path
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            if first <= line <= (node.end_lineno or node.lineno):
                return f"{path}::{node.name}"
    return path


def command(target: str, extra: tuple[str, ...]) -> list[str]:
    return [sys.executable, "-m", "nnlint", "verify", target, "--output-format", "json", *extra]


async def run(target: str, extra: tuple[str, ...], cwd: str | None, cancelled: asyncio.Event,
              on_tick=None, tick: float = 1.0) -> Outcome:
    """Run the child until it ends or `cancelled` is set (then it is killed); `on_tick(seconds)` every `tick`."""
    started = time.monotonic()
    try:
        child = await asyncio.create_subprocess_exec(
            *command(target, extra), cwd=cwd, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    except OSError as exc:
        return Outcome(target, error=f"cannot start nnlint verify: {exc}")
    communicate = asyncio.ensure_future(child.communicate())
    stop = asyncio.ensure_future(cancelled.wait())
    try:
        while True:
            done, _ = await asyncio.wait({communicate, stop}, timeout=tick, return_when=asyncio.FIRST_COMPLETED)
            if communicate in done:
                break
            if stop in done:
                _kill(child)
                await communicate
                return Outcome(target, cancelled=True, seconds=time.monotonic() - started)
            if on_tick is not None:
                on_tick(time.monotonic() - started)
    except asyncio.CancelledError:  # the request itself was cancelled ($/cancelRequest)
        _kill(child)
        raise
    finally:
        stop.cancel()
    out, err = communicate.result()
    seconds = round(time.monotonic() - started, 2)
    try:
        report = json.loads(out.decode("utf-8", errors="replace"))
    except ValueError:
        message = err.decode("utf-8", errors="replace").strip() or f"exited with code {child.returncode}"
        return Outcome(target, error=message.splitlines()[-1], seconds=seconds)
    return Outcome(target, report=report, seconds=seconds)


def _kill(child: asyncio.subprocess.Process) -> None:
    if child.returncode is None:
        try:
            child.kill()
        except ProcessLookupError:
            pass
