"""The client's settings for nnlint (the `nnlint` section of the editor's configuration).

| key | type | default | meaning |
|---|---|---|---|
| `select`, `extendSelect`, `ignore` | list of codes | — | a layer above `[tool.nnlint]`, as the command line's `--select`/`--extend-select`/`--ignore` are |
| `showInfo` | bool | true | publish `info` findings (NN105, NN111, NN302) |
| `lintOnChange` | bool | true | lint as you type; false: on open and save only |
| `lintDelay` | milliseconds | 20 | wait this long after a change before linting (changes within it are linted once) |
| `config` | path | — | a TOML file to use instead of the nearest pyproject.toml (as `--config`) |
| `fixAll` | bool | true | offer `source.fixAll.nnlint` (what fix-on-save runs) |
| `unsafeFixes` | bool | — | fix-all applies unsafe fixes too (fixes that can change what a trained model computes; each is always offered, labelled, as its finding's quick fix); unset: the configuration's `unsafe-fixes` |
| `verifyArgs` | list of strings | [] | extra options for `nnlint verify` (for example `["--device", "cpu"]`) |

Settings arrive in `initializationOptions` (either these keys, or `{"settings": {...}}`), in
`workspace/didChangeConfiguration`, or are pulled with `workspace/configuration`. A bad value is reported
once and ignored; the rest still apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .adapter import Selectors, SelectorProblem, check_selectors

DEFAULT_LINT_DELAY_MS = 20


@dataclass(frozen=True)
class Settings:
    selectors: Selectors = Selectors()
    show_info: bool = True
    lint_on_change: bool = True
    lint_delay: float = DEFAULT_LINT_DELAY_MS / 1000
    config: str | None = None
    fix_all: bool = True
    verify_args: tuple[str, ...] = ()
    #: what was wrong with the raw settings (each reported once)
    problems: tuple[str, ...] = field(default=(), compare=False)


def unwrap(raw) -> dict:
    """The nnlint settings inside whatever wrapper the client used ({"nnlint": {...}}, {"settings": {...}})."""
    for _ in range(3):
        if not isinstance(raw, dict):
            return {}
        if "nnlint" in raw and isinstance(raw["nnlint"], dict):
            raw = raw["nnlint"]
        elif "settings" in raw and isinstance(raw["settings"], dict):
            raw = raw["settings"]
        else:
            break
    return raw if isinstance(raw, dict) else {}


def parse(raw) -> Settings:
    raw = unwrap(raw)
    problems: list[str] = []

    def strings(key: str) -> list[str] | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [part for part in value.split(",") if part.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"nnlint setting `{key}` must be a list of strings; ignored")
            return None
        return value

    def selectors(key: str) -> list[str] | None:
        value = strings(key)
        if value is None:
            return None
        try:
            return check_selectors(value, f"nnlint setting `{key}`")
        except SelectorProblem as exc:
            problems.append(f"{exc}; the setting is ignored")
            return None

    def flag(key: str, default: bool) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            problems.append(f"nnlint setting `{key}` must be true or false; using {str(default).lower()}")
            return default
        return value

    delay = raw.get("lintDelay", DEFAULT_LINT_DELAY_MS)
    if isinstance(delay, bool) or not isinstance(delay, (int, float)) or not 0 <= delay <= 10_000:
        problems.append(f"nnlint setting `lintDelay` must be a number of milliseconds (0 to 10000); "
                        f"using {DEFAULT_LINT_DELAY_MS}")
        delay = DEFAULT_LINT_DELAY_MS
    config = raw.get("config")
    if config is not None and not (isinstance(config, str) and config.strip()):
        problems.append("nnlint setting `config` must be a path; ignored")
        config = None
    select = selectors("select")
    unsafe = raw.get("unsafeFixes")
    if unsafe is not None and not isinstance(unsafe, bool):
        problems.append("nnlint setting `unsafeFixes` must be true or false; ignored")
        unsafe = None
    return Settings(
        selectors=Selectors(tuple(select) if select is not None else None,
                            tuple(selectors("extendSelect") or ()), tuple(selectors("ignore") or ()), unsafe),
        show_info=flag("showInfo", True),
        lint_on_change=flag("lintOnChange", True),
        lint_delay=delay / 1000,
        config=config or None,
        fix_all=flag("fixAll", True),
        verify_args=tuple(strings("verifyArgs") or ()),
        problems=tuple(problems),
    )
