#!/usr/bin/env python
"""Audit nnlint on real training scripts, tutorials and examples (issue 11, "Trusted on real code").

    python scripts/training_corpus.py checkout      # pinned commits -> /work/corpus/src/<corpus>/ (notebooks -> .py)
    python scripts/training_corpus.py lint          # default rule set -> /work/corpus/results.json
    python scripts/training_corpus.py report        # join with the hand verdicts and labels, print the tables
    python scripts/training_corpus.py report --write-doc   # ... and rewrite the training part of docs/real-world.md
    python scripts/training_corpus.py all --write-doc      # the three steps in a row

`scripts/realworld.py` audits library model code (pinned wheels); this script audits the code users write:
the training scripts of the corpora listed in CORPORA below, each pinned by commit.

Where the code comes from. The corpora are git snapshots brought onto the machine with the session tool
`fetch` (github:<owner>/<name>), which leaves a bare git directory in `<mirror>/<owner>+<name>/repo`
(default mirror: /work/.mirror). `checkout` writes the `.py` and `.ipynb` files of the pinned commit's listed
folders (`git --git-dir=<that dir> ls-tree -r <commit> -- <folders>`, each blob read with `git cat-file blob`:
snapshots leave out their largest blobs, so `git archive` would fail) into `<corpus-dir>/src/<corpus>/`,
and lists the blobs the snapshot lacks. Nothing is downloaded by this script and nothing lands in the
repository. A missing snapshot or commit is an error that says which `fetch` to run.

Notebooks. nnlint does not read notebooks yet, so `checkout` writes each `.ipynb`'s code cells, in order,
to `<notebook path>.py` beside it: each cell starts with a `# %% [cell N]` line (N counts every cell, as
Jupyter shows them), IPython magics and shell escapes (`%…`, `!…`, `x = !…`, `cmd?`) become comments so
line numbers stay put, and a cell that still does not parse (a `%%writefile` body, a syntax exercise) is
commented out whole and counted. Exercise notebooks that have a solution twin are skipped (they repeat the
solution with blanks). Findings in these files are keyed by the `.ipynb.py` path; they are redone once
notebooks are linted natively.

Audit. `lint` runs nnlint's DEFAULT rule set (what a user gets with no config) in-process on every `.py` file
and, separately, every opt-in rule (counted, not audited). `report` samples per code: every finding, or
`random.Random(SEED).sample(findings sorted by key, SAMPLE_PER_CODE)` above SAMPLE_PER_CODE, and joins the
sample with the hand verdicts in docs/training-corpus-audit.json, keyed "<owner>/<name>:<path>:<line>:<code>"
with value [verdict, reason]; verdicts are "TP", "FP" (wrong by the contract v4) and "rejected" (correct by
the letter, rejected by practice: a contract question). Actionable precision = TP / (TP + FP + rejected).

Recall. docs/training-corpus-labels.json lists the files read by hand and, for each, every finding it should
have under the contract v4 (repo, commit, path, line, code, reason). Recall per code = labels with a finding
of the same code on the same line / labels. Labels of codes that are not (yet) rules, or that are opt-in, are
reported separately.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

# lint_tree is the one place that calls into nnlint's core.
from realworld import TRAINING_BEGIN as BEGIN, TRAINING_END as END, lint_tree  # noqa: E402

from nnlint.rules import ALL_RULES  # noqa: E402
from nnlint.selection import Selection  # noqa: E402


@dataclass(frozen=True)
class Corpus:
    repo: str  # owner/name on GitHub
    commit: str  # the pinned commit (what `fetch` gave on 2026-06; see docs/real-world.md)
    folders: tuple[str, ...]  # what to export ("" = the whole tree)
    kind: str  # what the code is, for the table
    note: str = ""


# pytorch/tutorials could not be fetched (its snapshot is 5.3 GB, over the 0.5 GB the fetch tool brings), so
# two lesser-known tutorial series of the same kind take its place (issue 11 allows that, said so in the doc).
CORPORA: dict[str, Corpus] = {
    "PyTorch-GAN": Corpus("eriklindernoren/PyTorch-GAN", "36d3c77e5ff20ebe0aeefd322326a134a279b93e",
                          ("implementations",), "GAN training scripts (PyTorch)"),
    "vit-pytorch": Corpus("lucidrains/vit-pytorch", "69d24fe9e3024c0d4b02761123b8583a24ebed1e",
                          ("vit_pytorch", "examples", "train_vit_decorr.py"), "ViT models + examples (PyTorch)"),
    "pytorch-seq2seq": Corpus("bentrevett/pytorch-seq2seq", "b3cd54c72cd6e4e63f672d334c795b4fe744ef92",
                              ("",), "seq2seq tutorials (PyTorch notebooks)", "notebooks"),
    "udacity-dl": Corpus("udacity/deep-learning-v2-pytorch", "c9404fc86181fc3f0906b368697268257f348535",
                         ("",), "course notebooks (PyTorch, some Keras/TF1)", "notebooks"),
    "handson-ml3": Corpus("ageron/handson-ml3", "e3f3f9e66d58cfa1d068a498433063a1d3fba9ef",
                          ("",), "book notebooks (Keras/TF2, sklearn)", "notebooks; tools_*/math_* notebooks skipped"),
    "pytorch-beginner": Corpus("L1aoXingyu/pytorch-beginner", "a57dd7ea35c9965a41f4963dee62d38884f92a65",
                               ("",), "tutorial scripts (PyTorch)", "in place of pytorch/tutorials"),
    "MorvanZhou-tutorial": Corpus("MorvanZhou/PyTorch-Tutorial", "dbe154a9e56635e51c6b0c2ccea8ae36cfb585a7",
                                  ("tutorial-contents",), "tutorial scripts (PyTorch)",
                                  "in place of pytorch/tutorials"),
}
SKIPPED_NOTEBOOKS = re.compile(r"(^|/)(tools_|math_|index\.ipynb)|\.ipynb_checkpoints/")

SEED = 20260611
SAMPLE_PER_CODE = 40
VERDICTS = ROOT / "docs" / "training-corpus-audit.json"
LABELS = ROOT / "docs" / "training-corpus-labels.json"
DOC = ROOT / "docs" / "real-world.md"
VERDICT_KINDS = ("TP", "FP", "rejected")


def default_codes() -> list[str]:
    return [rule.code for rule in ALL_RULES if not rule.opt_in]


def opt_in_codes() -> list[str]:
    return [rule.code for rule in ALL_RULES if rule.opt_in]


# ---------------------------------------------------------------------------------------------------- checkout

def git_dir(mirror: Path, repo: str) -> Path:
    return mirror / repo.replace("/", "+") / "repo"


def export(corpus: Corpus, mirror: Path, target: Path) -> list[str]:
    """Write the pinned commit's .py/.ipynb files under `target`; returns the paths the snapshot lacks."""
    gdir = git_dir(mirror, corpus.repo)
    if not gdir.is_dir():
        raise SystemExit(f"no snapshot of {corpus.repo} at {gdir}: bring it with the fetch tool "
                         f"(github:{corpus.repo}), then rerun")
    probe = subprocess.run(["git", f"--git-dir={gdir}", "cat-file", "-e", f"{corpus.commit}^{{commit}}"],
                           capture_output=True)
    if probe.returncode != 0:
        raise SystemExit(f"{gdir} lacks the pinned commit {corpus.commit} of {corpus.repo}")
    folders = [f for f in corpus.folders if f]
    listing = subprocess.run(["git", f"--git-dir={gdir}", "ls-tree", "-r", "-z", corpus.commit, "--", *folders],
                             capture_output=True, check=True).stdout.decode()
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    missing = []
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        mode, kind, blob = meta.split()
        if kind != "blob" or mode == "120000" or not path.endswith((".py", ".ipynb")):
            continue
        # Snapshots leave out their largest blobs, so `git archive` cannot be used: copy blob by blob.
        data = subprocess.run(["git", f"--git-dir={gdir}", "cat-file", "blob", blob], capture_output=True)
        if data.returncode != 0:
            missing.append(path)
            continue
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data.stdout)
    return missing


# A magic or shell line (`%time`, `!pip`, `x = !ls`) or a help request (`obj?`, `obj??`).
_MAGIC = re.compile(r"^\s*([%!]|\w+\s*=\s*[%!])|^[^#]*\?\s*$")


def cell_to_python(source: str) -> tuple[list[str], bool]:
    """The cell's lines with IPython syntax commented out; the flag says the cell was commented out whole."""
    lines = source.splitlines()
    out = [("# " + line if _MAGIC.match(line) else line) for line in lines]
    try:
        ast.parse("\n".join(out))
        return out, False
    except SyntaxError:
        return ["# " + line for line in lines], True


def notebook_to_python(path: Path) -> tuple[int, int]:
    """Write `<path>.py` from the notebook's code cells; returns (code cells, cells commented out whole)."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        print(f"  skipped {path.name}: not a readable notebook ({error})")
        return 0, 0
    out, cells, broken = ["# Code cells of " + path.name + " (extracted by scripts/training_corpus.py)"], 0, 0
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        lines, whole = cell_to_python(source)
        cells += 1
        broken += whole
        out.append(f"# %% [cell {number}]")
        out.extend(lines)
    path.with_name(path.name + ".py").write_text("\n".join(out) + "\n", encoding="utf-8")
    return cells, broken


def checkout(mirror: Path, corpus_dir: Path) -> dict:
    manifest = {}
    for name, corpus in CORPORA.items():
        target = corpus_dir / "src" / name
        missing = export(corpus, mirror, target)
        notebooks = sorted(target.rglob("*.ipynb"))
        solutions = {str(p).replace("Solution", "").replace("solution", "") for p in notebooks
                     if "olution" in p.name}
        cells = broken = converted = 0
        for notebook in notebooks:
            rel = notebook.relative_to(target).as_posix()
            twin = str(notebook).replace("Exercises", "").replace("Exercise", "").replace("exercise", "")
            if SKIPPED_NOTEBOOKS.search(rel) or ("xercise" in notebook.name and twin in solutions):
                continue
            c, b = notebook_to_python(notebook)
            cells, broken, converted = cells + c, broken + b, converted + 1
        scripts = [p for p in target.rglob("*.py") if not p.name.endswith(".ipynb.py")]
        manifest[name] = {"repo": corpus.repo, "commit": corpus.commit, "folders": list(corpus.folders),
                          "scripts": len(scripts), "notebooks": converted, "code_cells": cells,
                          "cells_commented_out": broken, "absent_from_snapshot": missing}
        print(f"{name}: {corpus.repo}@{corpus.commit[:12]} -> {target}: {len(scripts)} .py, {converted} notebooks "
              f"({cells} code cells, {broken} commented out whole); absent from the snapshot: {missing or 'none'}")
    (corpus_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


# ---------------------------------------------------------------------------------------------------- lint

def key(repo: str, path: str, line: int, code: str) -> str:
    return f"{repo}:{path}:{line}:{code}"


def lint(corpus_dir: Path) -> dict:
    results = {"python": sys.version.split()[0], "corpora": {}}
    for name, corpus in CORPORA.items():
        root = corpus_dir / "src" / name
        if not root.is_dir():
            raise SystemExit(f"{root} is missing: run `checkout` first")
        default = lint_tree(root, Selection())
        opt_in = lint_tree(root, Selection(select=opt_in_codes()))
        findings = sorted(default["findings"], key=lambda f: (f["path"], f["line"], f["code"]))
        for f in findings:
            f["key"] = key(corpus.repo, f["path"], f["line"], f["code"])
        results["corpora"][name] = {
            "repo": corpus.repo, "commit": corpus.commit, "files": default["files"], "seconds": default["seconds"],
            "per_code": dict(sorted(Counter(f["code"] for f in findings).items())),
            "crashes": default["crashes"] + opt_in["crashes"], "slow_files": default["slow_files"],
            "findings": findings,
            "opt_in": dict(sorted(Counter(f["code"] for f in opt_in["findings"]).items())),
        }
        entry = results["corpora"][name]
        print(f"{name}: {entry['files']} files, {entry['seconds']}s, {entry['per_code']}, crashes "
              f"{len(entry['crashes'])}, opt-in {entry['opt_in']}")
        for crash in entry["crashes"]:
            print(f"  CRASH {crash['path']}: {crash['error']}")
    (corpus_dir / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    return results


# ---------------------------------------------------------------------------------------------------- report

def sample(results: dict) -> dict[str, list[dict]]:
    by_code: dict[str, list[dict]] = defaultdict(list)
    for name, entry in results["corpora"].items():
        for f in entry["findings"]:
            by_code[f["code"]].append(dict(f, corpus=name))
    picked = {}
    for code, findings in sorted(by_code.items()):
        findings.sort(key=lambda f: f["key"])
        if len(findings) > SAMPLE_PER_CODE:
            findings = sorted(random.Random(f"{SEED}:{code}").sample(findings, SAMPLE_PER_CODE), key=lambda f: f["key"])
        picked[code] = findings
    return picked


def precision_table(results: dict, verdicts: dict) -> tuple[list[list], list[dict]]:
    rows, audited = [], []
    total = Counter()
    picked = sample(results)
    for code, findings in picked.items():
        count = sum(entry["per_code"].get(code, 0) for entry in results["corpora"].values())
        tally = Counter()
        for f in findings:
            verdict, reason = verdicts.get(f["key"], ["unaudited", ""])
            tally[verdict] += 1
            audited.append(dict(f, verdict=verdict, reason=reason))
        judged = sum(tally[v] for v in VERDICT_KINDS)
        precision = f"{tally['TP'] / judged:.2f}" if judged else "–"
        rows.append([code, count, len(findings), tally["TP"], tally["FP"], tally["rejected"], tally["unaudited"],
                     precision])
        total.update(tally)
        total["findings"] += count
        total["sampled"] += len(findings)
    judged = sum(total[v] for v in VERDICT_KINDS)
    rows.append(["all", total["findings"], total["sampled"], total["TP"], total["FP"], total["rejected"],
                 total["unaudited"], f"{total['TP'] / judged:.2f}" if judged else "–"])
    return rows, audited


def recall_table(results: dict, labels: dict) -> tuple[list[list], list[dict], dict]:
    """Recall per code over the hand labels: by the letter (every label) and actionable (labels a practitioner
    would act on, `practice == "act"`)."""
    found = {(name, f["path"], f["line"], f["code"]) for name, entry in results["corpora"].items()
             for f in entry["findings"]}
    nearby = defaultdict(list)
    for corpus, path, line, code in found:
        nearby[(corpus, path, code)].append(line)
    defaults = set(default_codes())
    per_code: dict[str, Counter] = defaultdict(Counter)
    missed = []
    for label in labels.get("labels", []):
        corpus = label["corpus"]
        hit = (corpus, label["path"], label["line"], label["code"]) in found
        near = [n for n in nearby.get((corpus, label["path"], label["code"]), []) if abs(n - label["line"]) <= 3]
        status = "found" if hit else ("misplaced" if near else "missed")
        act = label.get("practice", "act") == "act"
        per_code[label["code"]][status] += 1
        per_code[label["code"]]["act"] += act
        per_code[label["code"]]["act_found"] += act and hit
        if status != "found":
            missed.append(dict(label, status=status))

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.2f}" if b else "–"

    rows = []
    total = Counter()
    for code in sorted(per_code):
        c = per_code[code]
        n = c["found"] + c["misplaced"] + c["missed"]
        rows.append([code, "default" if code in defaults else "opt-in/new", n, c["found"], c["misplaced"], c["missed"],
                     ratio(c["found"], n), c["act"], ratio(c["act_found"], c["act"])])
        if code in defaults:
            total.update(c)
    n = total["found"] + total["misplaced"] + total["missed"]
    rows.append(["default codes", "", n, total["found"], total["misplaced"], total["missed"], ratio(total["found"], n),
                 total["act"], ratio(total["act_found"], total["act"])])
    # Findings in hand-read files that no label asks for: the FPs (and rejected ones) the reading saw.
    read = {(f["corpus"], f["path"]) for f in labels.get("files", [])}
    wanted = {(lab["corpus"], lab["path"], lab["line"], lab["code"]) for lab in labels.get("labels", [])}
    unlabelled = sorted(k for k in found if (k[0], k[1]) in read and k not in wanted)
    return rows, missed, {"files": len(read), "unlabelled_findings": unlabelled}


RECALL_HEADER = ["code", "set", "labels", "found", "misplaced", "missed", "recall (letter)", "labels acted on",
                 "recall (acted on)"]


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return out


def render(results: dict, manifest: dict, verdicts: dict, labels: dict) -> list[str]:
    out = [BEGIN, "", "## Training scripts, tutorials and examples (issue 11)", ""]
    out.append("Generated by `python scripts/training_corpus.py all --write-doc` (Python "
               f"{results['python']}; sample: every finding of a code, or a `random.Random(\"{SEED}:<code>\")` "
               f"sample of {SAMPLE_PER_CODE}). Default rule set. Verdicts are against the contract **v4** "
               "(`/work/shared/spec/rules.md`), made by hand in `docs/training-corpus-audit.json`; "
               "\"rejected\" = correct by the letter, rejected by practice (a contract question, not an FP). "
               "Actionable precision = TP / (TP + FP + rejected).")
    out.append("")
    out.append("Reproduce: bring each snapshot with the session tool `fetch` ("
               + ", ".join(f"`github:{c.repo}`" for c in CORPORA.values())
               + "; the script checks that the pinned commit is there), then run the command above; the corpus is "
               "written to /work/corpus (outside the repository, never committed).")
    out.append("")
    out.append("pytorch/tutorials could not be fetched (5.3 GB snapshot; the fetch tool brings at most 0.5 GB): "
               "two lesser-known PyTorch tutorial series stand in for it. Notebooks are not linted by nnlint yet: "
               "their code cells are extracted to `<notebook>.ipynb.py` (magics commented out, line numbers kept "
               "within the file) and these findings will be redone once notebooks are read.")
    out.append("")
    rows = []
    for name, entry in results["corpora"].items():
        m = manifest.get(name, {})
        rows.append([name, f"`{entry['repo']}@{entry['commit'][:12]}`", ", ".join(m.get("folders", [])) or "all",
                     m.get("scripts", "?"), m.get("notebooks", "?"), entry["files"], entry["seconds"],
                     len(entry["crashes"]), len(entry["findings"]),
                     ", ".join(f"{c}: {n}" for c, n in entry["per_code"].items()) or "none",
                     ", ".join(f"{c}: {n}" for c, n in entry["opt_in"].items()) or "none"])
    out.extend(_table(["corpus", "repo@commit", "folders", ".py", "notebooks", "files linted", "time (s)",
                       "crashes", "findings", "default findings per code", "opt-in (not audited)"], rows))
    out.append("")
    out.append("### Precision of the default findings")
    out.append("")
    prec_rows, audited = precision_table(results, verdicts)
    out.extend(_table(["code", "findings", "sampled", "TP", "FP", "rejected", "unaudited", "actionable precision"],
                      prec_rows))
    everything = Counter(verdicts.get(f["key"], ["unaudited"])[0] for e in results["corpora"].values()
                         for f in e["findings"])
    judged = sum(everything[v] for v in VERDICT_KINDS)
    out.append(f"Verdicts over every finding, sampled or not: TP {everything['TP']}, FP {everything['FP']}, rejected "
               f"{everything['rejected']}, unaudited {everything['unaudited']}"
               + (f"; actionable precision {everything['TP'] / judged:.2f}." if judged else "."))
    out.append("")
    rec_rows, missed, info = recall_table(results, labels)
    out.append("### Recall on files read by hand")
    out.append("")
    out.append(f"{info['files']} files read by hand; every finding they should have under v4 is labelled in "
               "`docs/training-corpus-labels.json`. found = a finding of that code on that line; misplaced = same "
               "code within 3 lines; codes marked opt-in/new are not in the default set (or not built yet) and "
               "do not count towards the default recall. \"letter\" counts every label; \"acted on\" leaves out "
               "labels that are right by the letter but rejected by practice (the contract questions).")
    out.append("")
    out.extend(_table(RECALL_HEADER, rec_rows))
    out.append("")
    if missed:
        out.append("Missed (default codes):")
        out.append("")
        out.extend(_table(["file:line", "code", "status", "reason"],
                          [[f"`{m['corpus']}:{m['path']}:{m['line']}`", m["code"], m["status"], m["reason"]]
                           for m in missed if m["code"] in default_codes()]))
        out.append("")
    out.append("### Audited findings")
    out.append("")
    out.extend(_table(["finding", "verdict", "reason"],
                      [[f"`{a['key']}`", a["verdict"], a["reason"]] for a in audited]))
    live = {f["key"] for e in results["corpora"].values() for f in e["findings"]}
    gone = sorted(k for k in verdicts if k not in live)
    if gone:
        out.append("")
        out.append("Audited earlier, no longer reported:")
        out.append("")
        out.extend(_table(["finding", "earlier verdict", "reason"], [[f"`{k}`", *verdicts[k]] for k in gone]))
    out.extend(["", END])
    return out


def report(corpus_dir: Path, write_doc: bool) -> None:
    results = json.loads((corpus_dir / "results.json").read_text())
    manifest_path = corpus_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    verdicts = json.loads(VERDICTS.read_text()) if VERDICTS.exists() else {}
    bad = {k: v for k, v in verdicts.items() if v[0] not in VERDICT_KINDS}
    if bad:
        raise SystemExit(f"{VERDICTS}: unknown verdicts {bad}")
    labels = json.loads(LABELS.read_text()) if LABELS.exists() else {}
    rows, _ = precision_table(results, verdicts)
    print("\n".join(_table(["code", "findings", "sampled", "TP", "FP", "rejected", "unaudited", "precision"], rows)))
    rec_rows, _, info = recall_table(results, labels)
    print(f"\nrecall on {info['files']} hand-read files")
    print("\n".join(_table(RECALL_HEADER, rec_rows)))
    if info["unlabelled_findings"]:
        print("\nfindings in hand-read files with no label (should be FP/rejected in the audit):")
        for k in info["unlabelled_findings"]:
            print("  ", ":".join(map(str, k)))
    if write_doc:
        section = "\n".join(render(results, manifest, verdicts, labels)) + "\n"
        text = DOC.read_text() if DOC.exists() else "# nnlint on real code\n"
        if BEGIN in text and END in text:
            before, rest = text.split(BEGIN, 1)
            after = rest.split(END, 1)[1]
            text = before + section.rstrip("\n") + after
        else:
            text = text.rstrip("\n") + "\n\n" + section
        DOC.write_text(text)
        print(f"wrote {DOC.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["checkout", "lint", "report", "all"])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"), help="where `fetch` left the snapshots")
    parser.add_argument("--corpus-dir", type=Path, default=Path("/work/corpus"), help="outside the repository")
    parser.add_argument("--write-doc", action="store_true", help="rewrite the training part of docs/real-world.md")
    args = parser.parse_args()
    if args.step in ("checkout", "all"):
        checkout(args.mirror, args.corpus_dir)
    crashed = 0
    if args.step in ("lint", "all"):
        results = lint(args.corpus_dir)
        crashed = sum(len(e["crashes"]) for e in results["corpora"].values())
    if args.step in ("report", "all"):
        report(args.corpus_dir, args.write_doc)
    sys.exit(1 if crashed else 0)


if __name__ == "__main__":
    main()
