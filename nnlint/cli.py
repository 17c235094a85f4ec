"""The command line: `nnlint [PATHS]...`, `nnlint rule CODE`, `nnlint rule --all`.

Thin by design: it parses options and calls the library. Exit codes: 0 no findings, 1 findings,
2 usage error, bad configuration or a path that does not exist.
"""

from __future__ import annotations

import os
import sys
from collections import Counter

import click

from . import __version__
from .report import HUMAN_FORMATS, RENDERERS, render
from .report.style import paint, use_color

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
COMMANDS = ("check", "rule", "clean")


class _DefaultToCheck(click.Group):
    """`nnlint PATH...` means `nnlint check PATH...`; subcommands take precedence over paths."""

    def parse_args(self, ctx, args):
        if not args or args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _split(values: tuple[str, ...]) -> list[str]:
    return [part for value in values for part in value.split(",") if part.strip()]


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Options for linting: `nnlint check --help`. Rule documentation: `nnlint rule CODE`.")
@click.version_option(__version__, prog_name="nnlint")
def main() -> None:
    """nnlint — a linter for deep-learning model code (PyTorch, Keras, TF1, JAX).

    \b
    nnlint [PATHS]...        lint files and directories (default: .)
    nnlint rule NN201        explain a rule
    nnlint rule --all        list every rule
    """


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--output-format", type=click.Choice(sorted(RENDERERS)), default="full", show_default=True,
              help="How findings are printed.")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of stdout.")
@click.option("--select", multiple=True, help="Rules to enable (codes, prefixes such as NN2, or ALL), comma-separated.")
@click.option("--extend-select", multiple=True, help="Rules to enable on top of the selection.")
@click.option("--ignore", multiple=True, help="Rules to disable (codes or prefixes).")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
              help="Use this TOML file instead of the nearest pyproject.toml.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the findings.")
@click.option("--force-exclude", is_flag=True, help="Apply excludes to files named on the command line too.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
@click.option("--fix", is_flag=True, help="Apply the available fixes in place, then report what remains.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing; exit 1 if any.")
@click.option("--fix-only", is_flag=True, help="Apply the available fixes and report nothing else.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False),
              help="Report only findings not recorded in this baseline file (see --write-baseline).")
@click.option("--write-baseline", type=click.Path(dir_okay=False),
              help="Record the current findings in this file and report none of them; with --baseline, "
                   "keep only the recorded findings that still occur.")
@click.option("--diff-base", metavar="REF", help="Report only findings on lines added or changed since git REF.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: the number of CPUs).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), envvar="NNLINT_CACHE_DIR", show_envvar=True,
              help="Where the result cache lives (default: .nnlint_cache in the project root).")
@click.option("--fix-edits", is_flag=True,
              help="Compute and check each fix's edits and include them in json/sarif output (slower).")
def check(paths, output_format, output_file, select, extend_select, ignore, config_file, exit_zero,
          statistics, force_exclude, quiet, fix, diff, fix_only, baseline_file, write_baseline, diff_base,
          jobs, no_cache, cache_dir, fix_edits) -> None:
    """Lint PATHS (files or directories; default: the current directory)."""
    from .config import ConfigError, resolve  # here, not at the top: `nnlint --help` loads no rules
    from .engine import Linter
    from .gate import Gate, GateError
    from .rules.registry import PluginError, all_rules
    from .selection import SelectorError, validate

    paths = list(paths) or ["."]
    try:
        all_rules()  # a plugin that cannot be loaded is an error before anything runs
        config = resolve(config_file, paths)
        selection = config.selection().override(
            validate(_split(select), "--select") if select else None,
            validate(_split(extend_select), "--extend-select"),
            validate(_split(ignore), "--ignore"),
        )
        gate = Gate.prepare(baseline_file, write_baseline, diff_base, paths)
    except (ConfigError, SelectorError, GateError, PluginError) as exc:
        _fail(str(exc))
    cache = None
    if not no_cache:
        from .cache import Cache, cache_dir as where

        cache = Cache(where(cache_dir, config.root), config.options())
    from .parallel import default_jobs

    linter = Linter(config, selection, cache=cache, jobs=jobs or default_jobs())
    if fix or diff or fix_only:
        from .fix_command import run_fixes

        result = run_fixes(linter, paths, force_exclude, diff, fix_only, quiet, output_format in HUMAN_FORMATS)
    else:
        result = linter.lint_paths(paths, force_exclude=force_exclude)
    if fix_edits and output_format in ("json", "sarif"):
        result.diagnostics = linter.with_fix_edits(result.diagnostics)
    diagnostics = sorted(result.diagnostics, key=lambda d: d.sort_key())
    if gate is not None:
        try:
            diagnostics = gate.apply(diagnostics)
        except GateError as exc:
            _fail(str(exc))

    if statistics:
        report = _statistics(diagnostics, output_format)
    else:
        report = render(output_format, diagnostics, color=not output_file and use_color(sys.stdout))
    _write(report, output_file)

    for missing in result.missing:
        click.echo(f"nnlint: error: {missing}: no such file or directory; check the path", err=True)
    for note, always in gate.notes if gate is not None and not quiet else ():
        if always or output_format in HUMAN_FORMATS:
            click.echo(note, err=True)
    if output_format in HUMAN_FORMATS and not quiet:
        color = use_color(sys.stderr)
        click.echo(_summary(diagnostics, result.files, len(result.missing), color), err=True, color=color)
    if result.missing:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if diagnostics and not exit_zero else EXIT_CLEAN)


def _write(report: str, output_file: str | None) -> None:
    """The report to the file (its folders created) or to stdout."""
    if output_file:
        try:
            parent = os.path.dirname(output_file)
            if parent:
                os.makedirs(parent, exist_ok=True)
            with open(output_file, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(report)
        except OSError as exc:
            _fail(f"{output_file}: cannot write the report: {exc.strerror or exc}; choose another --output-file")
        return
    sys.stdout.write(report)  # a reader that leaves early (`| head`) is handled by click: quiet exit
    sys.stdout.flush()


def _fail(message: str) -> None:
    click.echo(f"nnlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _summary(diagnostics, files: int, missing: int, color: bool) -> str:
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if missing and not diagnostics:
        not_found = f"{missing} path{'s' if missing != 1 else ''} not found"
        return paint(f"No findings in {checked}, but {not_found}.", "bold", color)
    if not diagnostics:
        return paint("All checks passed!", "green", color) + f" ({checked})"
    fixable = sum(1 for d in diagnostics if d.fix is not None)
    count = len(diagnostics)
    text = f"Found {count} finding{'s' if count != 1 else ''} in {len({d.path for d in diagnostics})} of {checked}."
    if fixable:
        text += f" [*] {fixable} fixable with `nnlint --fix`."
    return paint(text, "bold", color)


def _statistics(diagnostics, output_format: str) -> str:
    import json

    from .rules import RULES_BY_CODE

    counts = Counter(d.code for d in diagnostics)
    fixable = Counter(d.code for d in diagnostics if d.fix is not None)
    names = {d.code: RULES_BY_CODE[d.code].name if d.code in RULES_BY_CODE else "unparsable-file"
             for d in diagnostics}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if output_format == "json":
        return json.dumps([{"code": code, "name": names[code], "count": count, "fixable": fixable[code]}
                           for code, count in rows], indent=2) + "\n"
    width = max((len(str(count)) for _, count in rows), default=1)
    lines = []
    for code, count in rows:
        marker = "[*]" if fixable[code] else "   "
        summary = f": {RULES_BY_CODE[code].summary}" if code in RULES_BY_CODE else ""
        lines.append(f"{count:>{width}}\t{code}\t{marker} {names[code]}{summary}\n")
    return "".join(lines)


@main.command("rule")
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
def rule(code, show_all) -> None:
    """Explain a rule (nnlint rule NN201), or list them all (nnlint rule --all)."""
    from .rules.registry import PluginError, all_rules

    try:
        ALL_RULES = all_rules()
    except PluginError as exc:
        _fail(str(exc))
    RULES_BY_CODE = {rule.code: rule for rule in ALL_RULES}

    if show_all or code is None:
        if code is None and not show_all:
            _fail("give a rule code (nnlint rule NN201) or --all")
        header = f"{'code':<7} {'name':<36} {'severity':<8} {'default':<7} fix"
        click.echo(header)
        for rule_class in ALL_RULES:
            click.echo(
                f"{rule_class.code:<7} {rule_class.name:<36} {rule_class.severity.value:<8} "
                f"{'off' if rule_class.opt_in else 'on':<7} {'yes' if rule_class.fixable else 'no'}"
            )
        return
    rule_class = RULES_BY_CODE.get(code.upper())
    if rule_class is None:
        _fail(f"unknown rule {code!r} (see `nnlint rule --all`)")
    opt = "opt-in (enable with --select " + rule_class.code + ")" if rule_class.opt_in else "on by default"
    fix = "fixable with `nnlint --fix`" if rule_class.fixable else "no automatic fix"
    click.echo(f"# {rule_class.code} {rule_class.name}\n")
    click.echo(f"Severity: {rule_class.severity.value}; {opt}; {fix}.\n")
    click.echo(rule_class.documentation())
    if rule_class.options:
        from .rules.registry import describe_options

        click.echo("\n## Options ([tool.nnlint] keys)\n\n" + describe_options(rule_class))


@main.command("clean")
@click.option("--cache-dir", type=click.Path(file_okay=False), envvar="NNLINT_CACHE_DIR", show_envvar=True,
              help="The cache to remove (default: .nnlint_cache in the project root).")
def clean(cache_dir) -> None:
    """Remove the result cache."""
    from pathlib import Path

    from .cache import cache_dir as where, clean as remove
    from .config import find_config

    found = find_config(Path.cwd())
    path = where(cache_dir, found.parent if found else None)
    click.echo(f"Removed {path}" if remove(path) else f"No cache at {path}", err=True)


@main.command("server")
@click.option("--log-level", type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
              default="WARNING", show_default=True, help="What the server logs (to stderr, or --log-file).")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write the log to this file instead of stderr.")
def server(log_level, log_file) -> None:
    """Run the language server (LSP over stdio) for editors: `pip install "nnlint[server]"`."""
    from .server import run  # pygls is imported only here: the linter itself does not need it

    sys.exit(run(log_level, log_file))


from .verify.cli import command as _verify_command  # noqa: E402  (imports no framework)
main.add_command(_verify_command)

if __name__ == "__main__":  # pragma: no cover
    main()
