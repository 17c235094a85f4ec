"""The language server: pygls wiring for documents, diagnostics, code actions, hover and commands.

Event flow: a didOpen/didChange/didSave schedules a lint of its unit (the file, or the whole notebook). Changes
are debounced: the first change after a pause is linted at once, a change within `lintDelay` of the previous
one (or while a lint is pending) waits `lintDelay` and replaces the pending lint, so a burst of typing is
linted once, at its end. The lint runs in one worker thread, never on the event loop, on a snapshot of the
text; its result is published only if the document has not changed since (so rapid typing never publishes
stale positions), and a lint whose document changed before its turn came is dropped without running.
"""

from __future__ import annotations

import asyncio
import logging
import os
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from .. import __version__
from . import actions, adapter, verify_command
from .documents import Documents, FoldersOnly, uri_to_path
from .settings import Settings, parse
from .units import Unit, file_unit, notebook_unit, to_lsp

log = logging.getLogger("nnlint.server")

FIX_ALL_COMMAND = "nnlint.applyFixAll"
VERIFY_COMMAND = "nnlint.verify"
PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass
class Result:
    """The latest lint of a unit: what was published, and (on demand) the findings with their fixes."""

    unit: Unit
    diagnostics: list[adapter.Diagnostic]
    with_fixes: list[adapter.Diagnostic] | None = None
    fix_all: tuple | None = None
    extra: dict = field(default_factory=dict)


class NnlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "nnlint", __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            notebook_document_sync=types.NotebookDocumentSyncOptions(
                notebook_selector=[types.NotebookDocumentFilterWithNotebook(
                    notebook="*", cells=[types.NotebookCellLanguage(language="python")])],
                save=True),
        )
        self.documents = Documents()
        self.projects = adapter.Projects()
        self.settings = Settings()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nnlint-lint")
        self.results: dict[str, Result] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.last_change: dict[str, float] = {}  # unit key -> loop time of its latest change
        self.published: dict[str, set[str]] = {}  # unit key -> URIs with diagnostics
        self.shown: set[str] = set()  # messages already shown (each once)
        self.failing: set[str] = set()  # units whose last lint raised
        self.verify_runs = 0

    # -- helpers ----------------------------------------------------------------------------------------------
    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        return getattr(encoding, "value", encoding) or "utf-16"

    def show_once(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        if message in self.shown:
            return
        self.shown.add(message)
        self.window_log_message(types.LogMessageParams(type=kind, message=message))
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def folder_of(self, path: str) -> str | None:
        """The workspace folder holding `path` (the deepest one), for files without a configuration."""
        absolute = os.path.abspath(path)
        best = None
        for folder in self.workspace.folders.values():
            root = uri_to_path(folder.uri)
            if (absolute == root or absolute.startswith(root.rstrip(os.sep) + os.sep)) and (
                    best is None or len(root) > len(best)):
                best = root
        if best is None and self.workspace.root_path:
            root = self.workspace.root_path
            if absolute.startswith(root.rstrip(os.sep) + os.sep):
                best = root
        return best

    def project_for(self, path: str) -> adapter.Project:
        return self.projects.for_file(path, self.settings.selectors, self.settings.config, self.folder_of(path))

    def unit_for(self, uri: str) -> Unit | None:
        """A snapshot of what `uri` (a file, a cell or a notebook) is linted as; None when it is not linted."""
        notebook = self.documents.notebook_of(uri)
        if notebook is not None:
            return notebook_unit(self.documents, notebook)
        document = self.documents.get(uri)
        if document is None:
            return None
        if document.language_id != "python" and not document.path.endswith(PYTHON_SUFFIXES):
            return None
        return file_unit(document)

    def current_version(self, key: str) -> int | None:
        notebook = self.documents.notebooks.get(key)
        if notebook is not None:
            return notebook.version
        document = self.documents.get(key)
        return None if document is None else document.version

    # -- linting ----------------------------------------------------------------------------------------------
    def schedule(self, uri: str, delay: float | None = None) -> None:
        unit_key = self._key(uri)
        if unit_key is None:
            return
        previous = self.pending.pop(unit_key, None)
        if previous is not None:
            previous.cancel()
        if delay is None:  # a change: debounced, except the first after a pause (linted at once)
            now = asyncio.get_running_loop().time()
            delay = self.settings.lint_delay
            if now - self.last_change.get(unit_key, float("-inf")) >= delay and previous is None:
                delay = 0
            self.last_change[unit_key] = now
        self.pending[unit_key] = asyncio.get_running_loop().create_task(self._lint_later(unit_key, delay))

    def _key(self, uri: str) -> str | None:
        notebook = self.documents.notebook_of(uri)
        if notebook is not None:
            return notebook.uri
        return uri if uri in self.documents.texts else None

    async def _lint_later(self, key: str, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            unit = self.unit_for(key)
            if unit is None:
                return
            loop = asyncio.get_running_loop()
            diagnostics = await loop.run_in_executor(self.executor, self._lint, unit)
            if diagnostics is None or self.current_version(key) != unit.version:
                return  # superseded: a newer lint is scheduled
            self.results[key] = Result(unit, diagnostics)
            self.publish(unit, diagnostics)
        finally:
            if self.pending.get(key) is asyncio.current_task():
                del self.pending[key]

    def _lint(self, unit: Unit) -> list[adapter.Diagnostic] | None:
        """In the worker thread. None when the unit changed before its turn came (nothing to do)."""
        if self.current_version(unit.key) != unit.version:
            return None
        try:
            project = self.project_for(unit.path)
            if project.problem:
                self._later(self.show_once, project.problem)
            if project.excluded(unit.path):
                return []
            diagnostics = adapter.lint(unit.document(), project)
        except Exception as exc:  # a bug in nnlint must not take the server down, nor pass for "clean"
            return self._internal_error(unit, exc)
        self.failing.discard(unit.key)
        return self._shown(diagnostics)

    def _shown(self, diagnostics: list[adapter.Diagnostic]) -> list[adapter.Diagnostic]:
        if self.settings.show_info:
            return diagnostics
        return [d for d in diagnostics if getattr(d.severity, "value", d.severity) != "info"]

    def _internal_error(self, unit: Unit, exc: Exception) -> list[adapter.Diagnostic]:
        message = (f"internal error while linting {unit.path} ({type(exc).__name__}: {exc}); "
                   "please report it with the file")
        trace = "".join(traceback.format_exception(exc))
        self._later(self.window_log_message, types.LogMessageParams(type=types.MessageType.Error,
                                                                    message=f"{message}\n{trace}"))
        if unit.key not in self.failing:  # shown once per file, until it lints again
            self.failing.add(unit.key)
            self._later(self.window_show_message, types.ShowMessageParams(type=types.MessageType.Error,
                                                                          message=f"nnlint: {message}"))
        return [adapter.Diagnostic(adapter.INTERNAL_CODE, "internal-error", adapter.Severity.ERROR,
                                   f"nnlint {message}; the file was not linted", unit.path, 1, 1, 1, 1)]

    def _later(self, function, *args) -> None:
        """Call `function` on the event loop (from the worker thread)."""
        self._loop.call_soon_threadsafe(function, *args)

    def publish(self, unit: Unit, diagnostics: list[adapter.Diagnostic]) -> None:
        by_uri: dict[str, list[types.Diagnostic]] = {uri: [] for uri in unit.uris}
        for diagnostic in diagnostics:
            placed = to_lsp(unit, diagnostic, self.encoding)
            if placed is not None:
                by_uri.setdefault(placed[0], []).append(placed[1])
        stale = self.published.get(unit.key, set()) - set(by_uri)
        for uri in stale:  # a cell that was removed or turned into markdown
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        for uri, items in by_uri.items():
            version = None if unit.is_notebook else unit.version
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=version))
        self.published[unit.key] = set(by_uri)

    def clear(self, key: str) -> None:
        task = self.pending.pop(key, None)
        if task is not None:
            task.cancel()
        self.results.pop(key, None)
        self.last_change.pop(key, None)
        self.failing.discard(key)
        for uri in self.published.pop(key, set()):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def relint_all(self) -> None:
        for key in [*self.documents.notebooks, *(u for u, d in self.documents.texts.items() if d.notebook is None)]:
            self.schedule(key, 0)

    async def result_for(self, uri: str, with_fixes: bool = False) -> Result | None:
        """The lint result for the document's current version (computed now if the scheduled one has not
        run yet); with `with_fixes`, each finding's checked fix too."""
        key = self._key(uri)
        if key is None:
            return None
        result = self.results.get(key)
        loop = asyncio.get_running_loop()
        if result is None or result.unit.version != self.current_version(key):
            unit = self.unit_for(key)
            if unit is None:
                return None
            diagnostics = await loop.run_in_executor(self.executor, self._lint, unit)
            if diagnostics is None:
                return None
            result = Result(unit, diagnostics)
            if self.current_version(key) == unit.version:
                self.results[key] = result
        if with_fixes and result.with_fixes is None:
            result.with_fixes = await loop.run_in_executor(self.executor, self._with_fixes, result)
        return result

    def _with_fixes(self, result: Result) -> list[adapter.Diagnostic]:
        unit = result.unit
        try:
            project = self.project_for(unit.path)
            return self._shown(adapter.diagnostics_with_fixes(unit.document(), project))
        except Exception as exc:
            log.exception("computing fixes for %s", unit.path)
            self._later(self.window_log_message, types.LogMessageParams(
                type=types.MessageType.Error, message=f"nnlint: computing fixes for {unit.path} failed: {exc}"))
            return result.diagnostics

    def _fix_all_edits(self, result: Result) -> tuple:
        unit = result.unit
        try:
            return adapter.fix_all_edits(unit.document(), self.project_for(unit.path))
        except adapter.ChangeNotPlaced as exc:  # as `nnlint --fix` refuses it: say why, offer nothing
            self._later(self.show_once, f"nnlint: the fixes of {unit.path} cannot be written back into its cells "
                                        f"({exc}); fix all is not offered")
            return ()
        except Exception as exc:
            log.exception("fixing %s", unit.path)
            self._later(self.window_log_message, types.LogMessageParams(
                type=types.MessageType.Error, message=f"nnlint: fixing {unit.path} failed: {exc}"))
            return ()

    async def fix_all_edits(self, result: Result) -> tuple:
        if result.fix_all is None:
            result.fix_all = await asyncio.get_running_loop().run_in_executor(
                self.executor, self._fix_all_edits, result)
        return result.fix_all

    # -- settings ---------------------------------------------------------------------------------------------
    def apply_settings(self, raw) -> None:
        settings = parse(raw)
        for problem in settings.problems:
            self.show_once(problem)
        changed = settings != self.settings
        self.settings = settings
        if changed:
            self.projects.clear()
            self.results.clear()  # fixes computed under the old settings must not be offered
            self.relint_all()

    async def pull_settings(self) -> None:
        capabilities = self.client_capabilities.workspace
        if capabilities is None or not capabilities.configuration:
            return
        try:
            values = await self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section="nnlint")]))
        except Exception as exc:  # a client that answers badly keeps the settings it gave before
            log.warning("workspace/configuration failed: %s", exc)
            return
        if values and isinstance(values[0], dict):
            self.apply_settings(values[0])


server = NnlintServer()


# -- lifecycle --------------------------------------------------------------------------------------------------
@server.feature(types.INITIALIZE)
def initialize(ls: NnlintServer, params: types.InitializeParams) -> None:
    ls._loop = asyncio.get_running_loop()
    ls.protocol._workspace = FoldersOnly.replacing(ls.workspace)  # documents are kept by `ls.documents`
    if params.initialization_options:
        ls.apply_settings(params.initialization_options)


@server.feature(types.INITIALIZED)
async def initialized(ls: NnlintServer, params: types.InitializedParams) -> None:
    await ls.pull_settings()
    watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if watched and watched.dynamic_registration:
        watchers = [types.FileSystemWatcher(glob_pattern="**/pyproject.toml"),
                    types.FileSystemWatcher(glob_pattern="**/.gitignore")]
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                id="nnlint-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
        except Exception as exc:  # then configuration changes are still seen at the next lint
            log.warning("client/registerCapability failed: %s", exc)


@server.feature(types.SHUTDOWN)
def shutdown(ls: NnlintServer, params) -> None:
    for task in ls.pending.values():
        task.cancel()
    ls.executor.shutdown(wait=False, cancel_futures=True)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: NnlintServer, params: types.DidChangeConfigurationParams) -> None:
    from .settings import unwrap

    if unwrap(params.settings):
        ls.apply_settings(params.settings)
    else:
        await ls.pull_settings()


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: NnlintServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.projects.clear()  # each lookup also checks the files' times; this makes sure and relints now
    ls.relint_all()


@server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def did_change_folders(ls: NnlintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
    ls.projects.clear()
    ls.relint_all()


# -- text documents ---------------------------------------------------------------------------------------------
@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: NnlintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.documents.open(params.text_document)
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: NnlintServer, params: types.DidChangeTextDocumentParams) -> None:
    if ls.documents.change(params, ls.encoding) is not None and ls.settings.lint_on_change:
        ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: NnlintServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: NnlintServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.clear(params.text_document.uri)
    ls.documents.close(params.text_document.uri)


# -- notebooks ---------------------------------------------------------------------------------------------------
@server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
def notebook_did_open(ls: NnlintServer, params: types.DidOpenNotebookDocumentParams) -> None:
    notebook = ls.documents.open_notebook(params)
    ls.schedule(notebook.uri, 0)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
def notebook_did_change(ls: NnlintServer, params: types.DidChangeNotebookDocumentParams) -> None:
    notebook = ls.documents.change_notebook(params, ls.encoding)
    if notebook is not None and ls.settings.lint_on_change:
        ls.schedule(notebook.uri)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
def notebook_did_save(ls: NnlintServer, params: types.DidSaveNotebookDocumentParams) -> None:
    if params.notebook_document.uri in ls.documents.notebooks:
        ls.schedule(params.notebook_document.uri, 0)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
def notebook_did_close(ls: NnlintServer, params: types.DidCloseNotebookDocumentParams) -> None:
    ls.clear(params.notebook_document.uri)
    ls.documents.close_notebook(params.notebook_document.uri)


# -- code actions ---------------------------------------------------------------------------------------------------
@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, actions.FIX_ALL_KIND],
    resolve_provider=False))
async def code_action(ls: NnlintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    only = [str(getattr(kind, "value", kind)) for kind in params.context.only or []]
    result = await ls.result_for(uri)
    if result is None:
        return None
    unit = result.unit
    found: list[types.CodeAction] = []
    if actions.wanted(only, actions.QUICKFIX.value):
        start = unit.unit_position(uri, params.range.start, ls.encoding)
        end = unit.unit_position(uri, params.range.end, ls.encoding)
        here = [d for d in result.diagnostics if start and end and actions.overlaps(d, start, end)]
        if here:
            if any(adapter.rule_doc(d.code) and adapter.rule_doc(d.code).fixable for d in here):
                result = await ls.result_for(uri, with_fixes=True) or result
                here = [d for d in result.with_fixes or result.diagnostics
                        if start and end and actions.overlaps(d, start, end)]
            found.extend(actions.quick_fixes(unit, here, ls.encoding))
            found.extend(_verify_actions(unit, uri, here, ls.encoding))
    if ls.settings.fix_all and actions.wanted(only, actions.FIX_ALL_KIND) and (only or result.diagnostics):
        if any(adapter.rule_doc(d.code) and adapter.rule_doc(d.code).fixable for d in result.diagnostics):
            action = actions.fix_all(unit, await ls.fix_all_edits(result), ls.encoding)
            if action is not None:
                found.append(action)
    return found


def _verify_actions(unit: Unit, uri: str, diagnostics, encoding: str) -> list[types.CodeAction]:
    """'Verify at run time' for findings the verifier can check (Python files only)."""
    checkable = [d for d in diagnostics if adapter.verifiable(d.code)]
    if unit.is_notebook or not checkable:
        return []
    first = min(checkable, key=lambda d: (d.line, d.column))
    related = [placed[1] for placed in (to_lsp(unit, d, encoding) for d in checkable) if placed]
    position = related[0].range.start if related else types.Position(first.line - 1, 0)
    target = verify_command.target_at(unit.path, unit.document().text, first.line)
    return [types.CodeAction(
        title=f"Verify at run time: nnlint verify {os.path.basename(target)}", diagnostics=related,
        command=types.Command(title="nnlint verify", command=VERIFY_COMMAND,
                              arguments=[uri, {"line": position.line, "character": position.character}]))]


# -- hover -------------------------------------------------------------------------------------------------------
@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: NnlintServer, params: types.HoverParams) -> types.Hover | None:
    key = ls._key(params.text_document.uri)
    result = ls.results.get(key) if key else None
    if result is None:
        return None
    unit = result.unit
    position = unit.unit_position(params.text_document.uri, params.position, ls.encoding)
    if position is None:
        return None
    codes = list(dict.fromkeys(d.code for d in result.diagnostics if actions.overlaps(d, position, position)))
    docs = [adapter.rule_doc(code) for code in codes]
    docs = [doc for doc in docs if doc is not None]
    if not docs:
        return None
    sections = []
    for doc in docs:
        fix = "fixable" if doc.fixable else "no automatic fix"
        sections.append(f"### {doc.code} {doc.name}\n\n*{doc.severity}, {fix}* — [documentation]({doc.url})\n\n"
                        f"{doc.documentation}")
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)))


# -- commands ------------------------------------------------------------------------------------------------------
@server.command(FIX_ALL_COMMAND)
async def apply_fix_all(ls: NnlintServer, *args) -> dict:
    """Apply every safe fix in a document (arguments: its URI), through workspace/applyEdit."""
    uri = _uri_argument(args)
    result = await ls.result_for(uri) if uri else None
    if result is None:
        return {"applied": False, "reason": f"{uri!r} is not an open Python file or notebook"}
    action = actions.fix_all(result.unit, await ls.fix_all_edits(result), ls.encoding)
    if action is None:
        return {"applied": False, "reason": "nothing to fix"}
    response = await ls.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(
        edit=action.edit, label="nnlint: fix all"))
    return {"applied": bool(response.applied), "reason": response.failure_reason}


@server.command(VERIFY_COMMAND)
async def verify(ls: NnlintServer, *args) -> dict:
    """Run `nnlint verify` on the model under the cursor (arguments: URI, {line, character})."""
    uri = _uri_argument(args)
    document = ls.documents.get(uri) if uri else None
    if document is None or document.notebook is not None:
        message = "nnlint verify: open a Python file (notebooks are not verified) and run it there"
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))
        return {"error": message}
    line = 1
    if len(args) > 1 and isinstance(args[1], dict):
        line, _ = document.lines.nnlint_position(int(args[1].get("line", 0)), int(args[1].get("character", 0)),
                                                 ls.encoding)
    path = document.path
    target = verify_command.target_at(path, document.text, line)
    unsaved = _differs_from_disk(path, document.text)
    project = ls.project_for(path)
    cancelled = asyncio.Event()
    token = await _begin_progress(ls, f"nnlint verify {os.path.basename(target)}", cancelled)

    def tick(seconds: float) -> None:
        if token is not None:
            ls.work_done_progress.report(token, types.WorkDoneProgressReport(
                message=f"building and training the models… {seconds:.0f} s", cancellable=True))

    try:
        outcome = await verify_command.run(target, ls.settings.verify_args, str(project.root), cancelled, tick)
    finally:
        if token is not None:
            ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message="done"))
            ls.work_done_progress.tokens.pop(token, None)
    summary = outcome.summary() + (" — the saved file was verified; unsaved changes are not included"
                                   if unsaved else "")
    failed = outcome.report is None or outcome.report.get("exit_code", 1) != 0
    kind = types.MessageType.Info if outcome.cancelled or not failed else types.MessageType.Warning
    if outcome.report is not None:
        ls.window_log_message(types.LogMessageParams(type=types.MessageType.Info,
                                                     message=adapter.verify_report_text(outcome.report)))
    ls.window_show_message(types.ShowMessageParams(type=kind, message=summary))
    return {**outcome.as_json(), "summary": summary, "unsaved": unsaved}


async def _begin_progress(ls: NnlintServer, title: str, cancelled: asyncio.Event):
    window = ls.client_capabilities.window
    if window is None or not window.work_done_progress:
        return None
    ls.verify_runs += 1
    token = f"nnlint-verify-{os.getpid()}-{ls.verify_runs}"
    try:
        await ls.work_done_progress.create_async(token)
    except Exception as exc:
        log.warning("work done progress refused: %s", exc)
        return None
    future = ls.work_done_progress.tokens.get(token)
    if future is not None:
        future.add_done_callback(lambda f: ls._loop.call_soon_threadsafe(cancelled.set) if f.cancelled() else None)
    ls.work_done_progress.begin(token, types.WorkDoneProgressBegin(
        title=title, message="starting", cancellable=True, percentage=None))
    return token


def _uri_argument(args) -> str | None:
    if args and isinstance(args[0], str):
        return args[0]
    if args and isinstance(args[0], dict):
        return args[0].get("uri")
    return None


def _differs_from_disk(path: str, text: str) -> bool:
    try:
        return Path(path).read_text(encoding="utf-8") != text
    except (OSError, UnicodeDecodeError):
        return True
