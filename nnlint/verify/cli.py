"""`nnlint verify TARGET`: the click command. Importing this module imports no framework."""

from __future__ import annotations

import sys

import click

from .options import (
    DEFAULT_FILE_SIZE_MB, DEFAULT_MEMORY_MB, DEFAULT_STEPS, DEFAULT_TIMEOUT, DEVICES, Options, Target, UsageError,
    parse_findings, parse_init_args, parse_shape,
)


@click.command("verify")
@click.argument("target")
@click.option("--device", type=click.Choice(DEVICES), default="auto", show_default=True,
              help="Where models run: auto uses CUDA when available.")
@click.option("--steps", type=click.IntRange(1, 100000), default=DEFAULT_STEPS, show_default=True,
              help="Optimisation steps per single-sample fit.")
@click.option("--input-shape", help="Input shape with the batch size first, e.g. 1,3,32,32 (inferred when possible).")
@click.option("--init-args", help="JSON object (keyword) or array (positional) arguments for the model's constructor.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds the child process may run: the file's code, building the models and the checks.")
@click.option("--memory-limit", "memory_mb", type=click.IntRange(min=0), default=DEFAULT_MEMORY_MB, show_default=True,
              help="The child's address-space limit in MiB (0: none; not applied with a GPU).")
@click.option("--file-size-limit", "file_size_mb", type=click.IntRange(min=0), default=DEFAULT_FILE_SIZE_MB,
              show_default=True, help="The largest file the child may write, in MiB (0: none).")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--plot", type=click.Path(dir_okay=False, writable=True), help="Draw the loss curves to this PNG (matplotlib).")
@click.option("--overfit", is_flag=True,
              help="Also run the single-sample overfit test (the file's loss, optimizer and learning rate, train "
                   "mode) on every model.")
@click.option("--finding", "findings", multiple=True, hidden=True,
              help="CODE:LINE — verify this finding instead of linting the file.")
def verify(target, device, steps, input_shape, init_args, timeout, memory_mb, file_size_mb, output_format, plot,
           overfit, findings) -> None:
    """Build the flagged models, original and fixed, and measure what each finding costs.

    \b
    THIS EXECUTES THE FILE: its top-level code runs once, in a child process,
    in a temporary folder, up to what verify needs (not the __main__ block,
    not top-level statements that train or save), with time, memory and
    file-size limits. Verify only files you would run yourself.

    \b
    TARGET is file.py (every model with a finding), file.py::ClassName or
    file.py::factory_function. Exit code: 0 every checked finding confirmed,
    1 something not confirmed or an error, 2 usage error (or --input-shape,
    --init-args or a framework install needed).
    """
    from .api import verify as run
    from .report import to_json, to_text

    try:
        options = Options(device=device, steps=steps, input_shape=parse_shape(input_shape),
                          init_args=parse_init_args(init_args), timeout=timeout, overfit=overfit, plot=plot,
                          findings=parse_findings(findings), memory_mb=memory_mb, file_size_mb=file_size_mb)
        report = run(Target.parse(target), options)
    except UsageError as exc:
        click.echo(f"nnlint verify: error: {exc}", err=True)
        sys.exit(2)
    click.echo(to_json(report) if output_format == "json" else to_text(report), nl=False)
    sys.exit(report["exit_code"])


command = verify
