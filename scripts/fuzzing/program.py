"""One generated input: its name, where it came from, its bytes and its file suffix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Program:
    #: a unique, file-name-safe name (`dl-000123`)
    name: str
    #: the generator: "hypothesmith", "dl" or "mutant"
    source: str
    data: bytes
    #: ".py" or ".ipynb"
    suffix: str = ".py"
    #: how it was made, for the failure report (the seed, the corpus file, the mutations)
    origin: str = ""

    @property
    def filename(self) -> str:
        return self.name + self.suffix
