#!/usr/bin/env python
"""How fast do diagnostics come back while typing? `nnlint server` driven over stdio (issue 14).

    python benchmarks/lsp_bench.py                    # timm's models/resnet.py (2,265 lines), 1,000 edits
    python benchmarks/lsp_bench.py --generated        # a generated, dense 2,000-line model zoo
    python benchmarks/lsp_bench.py --edits 200 --file path/to/model.py

The default file is a real 2,000-line model file: `timm/models/resnet.py` from the pinned timm wheel
(fetched once with `pip download --no-deps` into `.cache/lsp-bench/`, git-ignored). `--generated` builds a
file of 50 residual blocks, each with its training loop: far denser in model code than real files, so it
shows how the linter itself scales.

The server runs as editors run it (`python -m nnlint server`, this checkout first on PYTHONPATH), driven by
pygls's client. After opening the file it makes `--edits` edits, one at a time, each a `didChange` that
rewrites one digit of a number near the middle of the file, and measures the time from sending the change
to receiving `publishDiagnostics` for that version. The server's resident
memory (VmRSS) is read after every 100 edits. Then a burst: 100 changes sent back to back, as fast typing
does; reported is how many publications came back (superseded versions are dropped, not linted) and the time
from the last change to its diagnostics.

An edit made after a pause is linted at once (the server debounces only changes that follow each other
within `lintDelay`), so the latency measured is what a user waits after typing and pausing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "lsp-bench"
REAL_FILE = ("timm", "1.0.22", "timm/models/resnet.py")


def real_file() -> str:
    """timm's resnet.py from the pinned wheel (downloaded once)."""
    name, version, member = REAL_FILE
    CACHE.mkdir(parents=True, exist_ok=True)
    wheels = list(CACHE.glob(f"{name}-{version}-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", f"{name}=={version}",
                        "-d", str(CACHE)], check=True)
        wheels = list(CACHE.glob(f"{name}-{version}-*.whl"))
    with zipfile.ZipFile(wheels[0]) as wheel:
        return wheel.read(member).decode("utf-8")

BLOCK = '''

class Block{i}(nn.Module):
    """Residual block {i}: two 3x3 convolutions, a projection head."""

    def __init__(self, channels: int = {channels}, classes: int = 10):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)
        self.head = nn.Linear(channels, classes)
        nn.init.xavier_uniform_(self.head.weight)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        y = torch.relu(y + x)
        return torch.sigmoid(self.head(y.mean((2, 3))))


def train_block{i}(loader, epochs: int = {epochs}):
    model = Block{i}()
    optimizer = torch.optim.Adam(model.parameters(), lr={lr})
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
    return model
'''
HEADER = '''"""A generated model zoo for the language-server benchmark: {count} blocks, {lines} lines."""
import torch
from torch import nn
'''


def model_file(lines: int = 2000) -> str:
    """A realistic PyTorch model file of about `lines` lines, with findings (NN201, NN301, NN502, ...)."""
    blocks = []
    i = 0
    while True:
        text = HEADER.format(count=i, lines=lines) + "".join(blocks)
        if text.count("\n") >= lines:
            return text
        blocks.append(BLOCK.format(i=i, channels=32 + 8 * (i % 8), epochs=5 + i % 3,
                                   lr="0.05" if i % 5 == 0 else "1e-3"))
        i += 1


class Bench:
    def __init__(self) -> None:
        self.client = LanguageClient("nnlint-bench", "1")
        self.arrived: dict[int, float] = {}
        self.publications = 0
        self.last: list = []

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params: types.PublishDiagnosticsParams) -> None:
            self.publications += 1
            self.last = params.diagnostics
            if params.version is not None:
                self.arrived[params.version] = time.perf_counter()

    async def wait(self, version: int, timeout: float = 60.0) -> float:
        deadline = time.perf_counter() + timeout
        while version not in self.arrived:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no diagnostics for version {version}")
            await asyncio.sleep(0.0005)
        return self.arrived[version]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (from /proc)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def run(text: str, edits: int, burst: int) -> dict:
    bench = Bench()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    await bench.client.start_io(sys.executable, "-m", "nnlint", "server", env=env)
    folder = Path(tempfile.mkdtemp(prefix="nnlint-lsp-bench-"))
    path = folder / "model.py"
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    await bench.client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=folder.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name="bench")]))
    bench.client.initialized(types.InitializedParams())
    pid = bench.client._server.pid
    started = time.perf_counter()
    bench.client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="python", version=1, text=text)))
    first = await bench.wait(1) - started
    findings = len(bench.last)

    # the edit: rewrite one digit of a number near the middle of the file (the code changes, its size not)
    numbers = list(re.finditer(r"(?<![\w.])[1-9](?![\w.])", text))
    middle = min(numbers, key=lambda m: abs(m.start() - len(text) // 2))
    line = text.count("\n", 0, middle.start())
    column = middle.start() - (text.rfind("\n", 0, middle.start()) + 1)
    latencies, memory = [], [(0, rss_mib(pid))]
    cpu_before = cpu_seconds(pid)
    version = 1
    for n in range(1, edits + 1):
        version += 1
        digit = str(n % 9 + 1)
        sent = time.perf_counter()
        bench.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, column), types.Position(line, column + 1)), text=digit)]))
        latencies.append((await bench.wait(version)) - sent)
        if n % 100 == 0:
            memory.append((n, rss_mib(pid)))

    cpu_per_edit = (cpu_seconds(pid) - cpu_before) / max(edits, 1)

    before = bench.publications
    for n in range(burst):
        version += 1
        bench.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, column), types.Position(line, column + 1)),
                text=str(n % 9 + 1))]))
    sent = time.perf_counter()
    burst_latency = (await bench.wait(version)) - sent
    await asyncio.sleep(0.2)
    burst_publications = bench.publications - before

    await bench.client.shutdown_async(None)
    bench.client.exit(None)
    await bench.client.stop()
    return {"lines": text.count("\n"), "findings": findings, "first": first, "latencies": latencies,
            "memory": memory, "cpu_per_edit": cpu_per_edit, "burst": burst, "burst_publications": burst_publications,
            "burst_latency": burst_latency}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", help="benchmark this file instead of timm's resnet.py")
    parser.add_argument("--generated", action="store_true", help="benchmark a generated, dense model file")
    parser.add_argument("--lines", type=int, default=2000, help="size of the generated file")
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--burst", type=int, default=100)
    args = parser.parse_args()
    if args.file:
        text = Path(args.file).read_text(encoding="utf-8")
    else:
        text = model_file(args.lines) if args.generated else real_file()
    result = asyncio.run(run(text, args.edits, args.burst))
    ms = sorted(1000 * t for t in result["latencies"])
    print(f"file: {result['lines']} lines, {result['findings']} findings; first diagnostics after didOpen: "
          f"{1000 * result['first']:.0f} ms (includes the server's first import of the rules)")
    print(f"didChange -> publishDiagnostics over {len(ms)} edits: median {statistics.median(ms):.1f} ms, "
          f"p90 {ms[int(len(ms) * 0.9) - 1]:.1f} ms, min {ms[0]:.1f} ms, max {ms[-1]:.1f} ms")
    print(f"server CPU time per edit (user + system): {1000 * result['cpu_per_edit']:.1f} ms; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (latency includes waiting for a CPU)")
    print("server memory (VmRSS, MiB) after N edits: "
          + ", ".join(f"{n}: {mib:.1f}" for n, mib in result["memory"]))
    print(f"burst of {result['burst']} back-to-back changes: {result['burst_publications']} publication(s), "
          f"last version's diagnostics {1000 * result['burst_latency']:.0f} ms after the last change")


if __name__ == "__main__":
    main()
