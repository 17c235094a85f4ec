"""The command line: `nnlint [PATHS]...`, `nnlint rule CODE`, `nnlint rule --all`, `nnlint clean`.

Thin by design: it parses options and calls the library. Exit codes: 0 clean (or only findings below
the `--fail-on` severity), 1 findings that fail the run, 2 usage error, bad configuration or a path that
does not exist, 3 an internal error of nnlint itself, 130 Ctrl-C and 143 SIGTERM (after cleaning up; see
`nnlint.outcome` and docs/reliability.md).
"""

from __future__ import annotations

import difflib
import errno
import os
import sys
from collections import Counter

import click

from . import __version__
from .report import HUMAN_FORMATS, RENDERERS, render
from .report.style import paint, use_color

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
TARGET_VERSIONS = tuple(f"py3{minor}" for minor in range(8, 15))


class _DefaultToCheck(click.Group):
    """`nnlint PATH...` means `nnlint check PATH...`; subcommands take precedence over paths.

    A first word that is neither a subcommand nor an existing path but looks like a misspelt
    subcommand (`nnlint chek src`) is a usage error that names the subcommand; a subcommand whose name
    is also an existing path (a folder called `clean`) runs, with a warning saying how to lint the path.
    """

    def parse_args(self, ctx, args):
        first = args[0] if args else None
        if first in self.commands and os.path.exists(first):
            click.echo(f"nnlint: warning: `{first}` is read as the subcommand `nnlint {first}`, not as the path "
                       f"./{first}; to lint that path, write `nnlint check {first}` or `nnlint ./{first}`", err=True)
        elif first is not None and first not in self.commands and not first.startswith("-") \
                and not os.path.exists(first) and first not in ("--help", "-h", "--version"):
            close = difflib.get_close_matches(first, list(self.commands), n=1, cutoff=0.6)
            if close:
                click.echo(f"nnlint: error: `{first}` is neither a subcommand nor an existing path; did you mean "
                           f"`nnlint {close[0]}`? (subcommands: {', '.join(sorted(self.commands))})", err=True)
                ctx.exit(EXIT_ERROR)
        if not args or args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        """Run the subcommand; Ctrl-C exits 130 and SIGTERM 143 once everything has unwound (temporary files
        removed, workers stopped), and an uncaught exception is an internal error: a message, exit 3."""
        from . import outcome

        try:
            with outcome.sigterm_unwinds():
                return super().invoke(ctx)
        except outcome.Terminated:
            outcome.write_error(outcome.interrupted_message(terminated=True))
            sys.exit(outcome.EXIT_TERMINATED)
        except KeyboardInterrupt:
            outcome.write_error(outcome.interrupted_message(terminated=False))
            sys.exit(outcome.EXIT_INTERRUPTED)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # a reader that left early (`| head`): click's quiet exit
                raise
            return self._internal_error(exc)
        except Exception as exc:
            return self._internal_error(exc)

    @staticmethod
    def _internal_error(exc: Exception):
        from . import outcome

        if outcome.reraise_internal_errors():
            raise exc
        outcome.write_error(outcome.internal_error_message(exc))
        sys.exit(outcome.EXIT_INTERNAL)


def _split(values: tuple[str, ...], option: str) -> list[str]:
    """Comma-separated selectors; an empty one (`--select ""`, `--select ","`) is a usage error."""
    parts = [part.strip() for value in values for part in value.split(",")]
    if any(not part for part in parts):
        _fail(f"{option}: empty rule selector in {', '.join(repr(v) for v in values)}; give codes such as NN201, "
              "prefixes such as NN2, or ALL, separated by commas")
    return parts


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
              envvar="NNLINT_OUTPUT_FORMAT", show_envvar=True, help="How findings are printed.")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of stdout.")
@click.option("--select", multiple=True, help="Rules to enable (codes, prefixes such as NN2, or ALL), comma-separated.")
@click.option("--extend-select", multiple=True, help="Rules to enable on top of the selection.")
@click.option("--ignore", multiple=True, help="Rules to disable (codes or prefixes).")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
              help="Use this TOML file for every file instead of the configuration nearest to each file.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"], case_sensitive=False),
              help="The lowest severity that fails the run (exit 1). Default: warning (info findings are shown "
                   "but do not fail), or `fail-on` in the configuration.")
@click.option("--target-version", type=click.Choice(TARGET_VERSIONS, case_sensitive=False),
              help="The oldest Python the code must run on (default: target-version or project.requires-python).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the findings.")
@click.option("--force-exclude", is_flag=True, help="Apply excludes to files named on the command line too.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
@click.option("--fix", is_flag=True, help="Apply the available fixes in place, then report what remains.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing; exit 1 if any.")
@click.option("--fix-only", is_flag=True, help="Apply the available fixes and report nothing else.")
@click.option("--unsafe-fixes/--no-unsafe-fixes", default=None,
              help="Also apply (and mark [*]) unsafe fixes: fixes that can change what a trained model computes or "
                   "loads. Default: unsafe-fixes in the configuration, else off.")
@click.option("--show-fixes", is_flag=True, help="List the findings fixed (or, with --diff, to be fixed) per file.")
@click.option("--exit-non-zero-on-fix", is_flag=True,
              help="Exit 1 when --fix/--fix-only changed something, even if no finding remains.")
@click.option("--add-noqa", is_flag=True, help="Add `# noqa: CODE` comments to every line with a finding.")
@click.option("--stdin-filename", metavar="PATH",
              help="The name of the file read from standard input (`nnlint check -`): its configuration, "
                   "per-file ignores and printed path follow this name.")
@click.option("--show-settings", is_flag=True, help="Print the settings that apply to the first path, and exit.")
@click.option("--show-files", is_flag=True, help="Print the files that would be linted, and exit.")
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
def check(paths, output_format, output_file, select, extend_select, ignore, config_file, fail_on, target_version,
          exit_zero, statistics, force_exclude, quiet, fix, diff, fix_only, unsafe_fixes, show_fixes,
          exit_non_zero_on_fix, add_noqa, stdin_filename,
          show_settings, show_files, baseline_file, write_baseline, diff_base, jobs, no_cache, cache_dir,
          fix_edits) -> None:
    """Lint PATHS (files or directories; default: the current directory; `-`: standard input)."""
    from .config import ConfigError, Overrides, Settings  # here, not at the top: `nnlint --help` loads no rules
    from .engine import Linter
    from .gate import Gate, GateError
    from .rules.registry import PluginError, all_rules
    from .selection import SelectorError, validate

    paths = list(paths)
    stdin = paths == ["-"] or (not paths and stdin_filename is not None)
    if "-" in paths and not stdin:
        _fail("`-` (standard input) must be the only path")
    paths = paths or ["."]
    try:
        all_rules()  # a plugin that cannot be loaded is an error before anything runs
        overrides = Overrides(
            select=validate(_split(select, "--select"), "--select") if select else None,
            extend_select=validate(_split(extend_select, "--extend-select"), "--extend-select"),
            ignore=validate(_split(ignore, "--ignore"), "--ignore"),
            fail_on=fail_on.lower() if fail_on else None,
            target_version=(3, int(target_version.lower()[3:])) if target_version else None,
            unsafe_fixes=unsafe_fixes,
        )
        settings = Settings(config_file, overrides)
        gate = None if stdin else Gate.prepare(baseline_file, write_baseline, diff_base, paths)
    except (ConfigError, SelectorError, GateError, PluginError) as exc:
        _fail(str(exc))

    if show_settings:
        from .show import settings_report

        target = stdin_filename if stdin and stdin_filename else paths[0]
        _run_config_step(lambda: click.echo(settings_report(settings, target), nl=False))
        sys.exit(EXIT_CLEAN)
    from .fix_policy import FileFixPolicy

    policy = FileFixPolicy(settings)
    linter = _linter(settings, no_cache, cache_dir, jobs, Linter)
    linter.allow_fix = policy
    fixed = 0
    if show_files:
        _run_config_step(lambda: _show_files(linter, paths, force_exclude))
    if add_noqa:
        from .noqa_add import add_noqa as add

        outcome = _run_config_step(lambda: add(linter, paths, force_exclude))
        for message in outcome.messages:
            click.echo(message, err=True)
        if not quiet:
            click.echo(outcome.summary(), err=True)
        sys.exit(EXIT_ERROR if outcome.missing else EXIT_FINDINGS if outcome.errors else EXIT_CLEAN)
    if stdin:
        from .stdin import run_stdin

        result, report_to_stderr = _run_config_step(
            lambda: run_stdin(linter, stdin_filename, force_exclude, fix, diff, fix_only))
    elif fix or diff or fix_only:
        from .fix_command import run_fixes

        result, fixed = _run_config_step(lambda: run_fixes(
            linter, paths, force_exclude, diff, fix_only, quiet, output_format in HUMAN_FORMATS, show_fixes,
            exit_non_zero_on_fix))
        report_to_stderr = False
    else:
        result = _run_config_step(lambda: linter.lint_paths(paths, force_exclude=force_exclude))
        report_to_stderr = False
    if fix_edits and output_format in ("json", "sarif"):
        result.diagnostics = linter.with_fix_edits(result.diagnostics)
    diagnostics = sorted(policy.shown(result.diagnostics), key=lambda d: d.sort_key())
    if gate is not None:
        try:
            diagnostics = gate.apply(diagnostics)
        except GateError as exc:
            _fail(str(exc))

    if statistics:
        report = _statistics(diagnostics, output_format, policy.applicable)
    else:
        stream = sys.stderr if report_to_stderr else sys.stdout
        report = render(output_format, diagnostics, color=not output_file and use_color(stream),
                        applicable=policy.applicable)
    _write(report, output_file, report_to_stderr)

    for missing in result.missing:
        click.echo(f"nnlint: error: {missing}: no such file or directory; check the path", err=True)
    for note, always in gate.notes if gate is not None and not quiet else ():
        if always or output_format in HUMAN_FORMATS:
            click.echo(note, err=True)
    failing = [d for d in diagnostics if _fails(d, linter)]
    if output_format in HUMAN_FORMATS and not quiet:
        color = use_color(sys.stderr)
        click.echo(_summary(diagnostics, failing, result.files, len(result.missing), linter, policy, color),
                   err=True, color=color)
    if result.missing:
        sys.exit(EXIT_ERROR)
    if fixed and exit_non_zero_on_fix:
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


def _linter(settings, no_cache: bool, cache_dir, jobs, linter_class):
    cache = None
    if not no_cache:
        from .cache import Cache, cache_dir as where

        cache = Cache(where(cache_dir, settings.root))  # each file's own options are part of its key
    from .parallel import default_jobs

    return linter_class(settings, cache=cache, jobs=jobs or default_jobs())


def _run_config_step(step):
    """Run a step that may read more configuration files (one per folder): their errors are usage errors."""
    from .config import ConfigError

    try:
        return step()
    except ConfigError as exc:
        _fail(str(exc))


def _show_files(linter, paths: list[str], force_exclude: bool) -> None:
    from .discovery import discover

    from .names import printable

    found = discover(paths, linter.settings, force_exclude)
    for path in found.files:
        click.echo(printable(path))  # one line per file, whatever bytes its name holds
    for missing in found.missing:
        click.echo(f"nnlint: error: {missing}: no such file or directory; check the path", err=True)
    for folder, reason in found.unreadable:
        click.echo(f"nnlint: error: {folder}: cannot read this path: {reason}; nothing under it is listed", err=True)
    sys.exit(EXIT_ERROR if found.missing else EXIT_FINDINGS if found.unreadable else EXIT_CLEAN)


def _fails(diagnostic, linter) -> bool:
    """Whether a finding fails the run: its severity at or above its file's `fail-on` (NN000 always)."""
    if diagnostic.code == "NN000":
        return True
    level = linter.config_for(diagnostic.path).fail_on
    return SEVERITY_RANK[diagnostic.severity.value] >= SEVERITY_RANK[level]


def _write(report: str, output_file: str | None, to_stderr: bool = False) -> None:
    """The report to the file (its folders created), to stdout, or to stderr (stdout holds fixed code)."""
    if output_file:
        from .safe_write import WriteError, write_output

        try:
            parent = os.path.dirname(output_file)
            if parent:
                os.makedirs(parent, exist_ok=True)
            write_output(output_file, report.encode("utf-8", "backslashreplace"))
        except (OSError, WriteError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            _fail(f"{output_file}: cannot write the report: {reason}; choose another --output-file")
        return
    stream = sys.stderr if to_stderr else sys.stdout
    stream.write(report)  # a reader that leaves early (`| head`) is handled by click: quiet exit
    stream.flush()


def _fail(message: str) -> None:
    click.echo(f"nnlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _summary(diagnostics, failing, files: int, missing: int, linter, policy, color: bool) -> str:
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if missing and not diagnostics:
        not_found = f"{missing} path{'s' if missing != 1 else ''} not found"
        return paint(f"No findings in {checked}, but {not_found}.", "bold", color)
    if not diagnostics:
        return paint("All checks passed!", "green", color) + f" ({checked})"
    fixable = sum(1 for d in diagnostics if policy.applicable(d))
    hidden = sum(1 for d in diagnostics if policy.hidden(d))
    count = len(diagnostics)
    text = f"Found {count} finding{'s' if count != 1 else ''} in {len({d.path for d in diagnostics})} of {checked}."
    passing = count - len(failing)
    if passing:
        failing_ids = {id(d) for d in failing}
        levels = {linter.config_for(d.path).fail_on for d in diagnostics if id(d) not in failing_ids}
        level = f" `{levels.pop()}`" if len(levels) == 1 else ""
        verb = "does" if passing == 1 else "do"
        text += (f" {passing} {'is' if passing == 1 else 'are'} below the fail-on severity{level} and "
                 f"{verb} not fail the run" + ("." if failing else " (exit 0)."))
    if fixable:
        text += f" [*] {fixable} fixable with `nnlint --fix`."
    if hidden:
        text += (f" {hidden} unsafe fix{'es' if hidden != 1 else ''} hidden (they can change what a trained model "
                 "computes or loads): review them with `--diff --unsafe-fixes`, apply with `--fix --unsafe-fixes`.")
    return paint(text, "bold", color)


def _statistics(diagnostics, output_format: str, applicable) -> str:
    """Counts per code; `fixable`: findings whose fix `--fix` would apply with the current settings."""
    import json

    from .rules import RULES_BY_CODE

    counts = Counter(d.code for d in diagnostics)
    fixable = Counter(d.code for d in diagnostics if applicable(d))
    names = {d.code: RULES_BY_CODE[d.code].name if d.code in RULES_BY_CODE else "unparsable-file"
             for d in diagnostics}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if output_format == "json":
        return json.dumps([{"code": code, "name": names[code], "count": count, "fixable": fixable[code] > 0,
                            "fixable_count": fixable[code]}
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
