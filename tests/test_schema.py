"""The JSON schema of `[tool.nnlint]` and docs/configuration.md are generated from the code that reads the
configuration (current, the same keys as the loader), and every documented example validates against the
schema and loads in nnlint; what nnlint rejects, the schema rejects too."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover
    import tomli as tomllib

from helpers import ROOT, need_module
from integration_helpers import snippet
from nnlint.config import CORE_KEYS, ConfigError, from_table, rule_options

SCHEMA = ROOT / "nnlint.schema.json"
REFERENCE = ROOT / "docs" / "configuration.md"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_schema", ROOT / "scripts" / "gen_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def validator():
    jsonschema = need_module("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_schema_and_reference_are_up_to_date():
    assert _generator().main(["--check"]) == 0, "run `python scripts/gen_schema.py`"


def test_schema_has_exactly_the_keys_the_loader_knows():
    properties = set(json.loads(SCHEMA.read_text(encoding="utf-8"))["properties"])
    assert properties == CORE_KEYS | set(rule_options())
    assert "adam-lr-threshold" in properties  # a rule's declared option (NN502)


def _table(text: str) -> dict:
    """The nnlint table of a TOML example: [tool.nnlint] of a pyproject, else the top level."""
    data = tomllib.loads(text)
    return data["tool"]["nnlint"] if "tool" in data else data


def _documented_examples() -> list[tuple[str, str]]:
    examples = [("README config-example", snippet("config-example")), ("README config-extend", snippet("config-extend"))]
    blocks = re.findall(r"<!-- schema-example -->\n```toml\n(.*?)```", REFERENCE.read_text(encoding="utf-8"), re.S)
    assert blocks, "docs/configuration.md has no schema examples"
    examples += [(f"docs/configuration.md #{i}", block) for i, block in enumerate(blocks)]
    return examples


@pytest.mark.parametrize(("where", "text"), _documented_examples(), ids=lambda v: v if " " in str(v) else "")
def test_documented_examples_validate_and_load(validator, where, text, tmp_path):
    table = _table(text)
    errors = sorted(validator.iter_errors(table), key=str)
    assert errors == [], f"{where}: {errors[0].message}"
    config = from_table({k: v for k, v in table.items() if k != "extend"}, tmp_path / "pyproject.toml")
    assert config is not None


@pytest.mark.parametrize("table", [
    {"select": "NN2"},
    {"select": [""]},
    {"fail-on": "fatal"},
    {"target-version": "3.12"},
    {"selekt": ["NN1"]},
    {"per-file-ignores": {"tests/*": "NN2"}},
    {"adam-lr-threshold": "high"},
    {"unsafe-fixes": "yes"},
])
def test_what_nnlint_rejects_the_schema_rejects(validator, table, tmp_path):
    assert list(validator.iter_errors(table)), table
    with pytest.raises(ConfigError):
        from_table(table, tmp_path / "pyproject.toml")
