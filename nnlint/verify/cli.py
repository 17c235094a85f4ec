"""`nnlint verify TARGET`: the click command. Importing this module imports no framework."""

from __future__ import annotations

import sys

import click

from .options import DEFAULT_STEPS, DEFAULT_TIMEOUT, DEVICES, Options, Target, UsageError, parse_findings, parse_init_args, parse_shape


@click.command("verify")
@click.argument("target")
@click.option("--device", type=click.Choice(DEVICES), default="auto", show_default=True,
              help="Where models run: auto uses CUDA when available.")
@click.option("--steps", type=click.IntRange(1, 100000), default=DEFAULT_STEPS, show_default=True,
              help="Optimisation steps per single-sample fit.")
@click.option("--input-shape", help="Input shape with the batch size first, e.g. 1,3,32,32 (inferred when possible).")
@click.option("--init-args", help="JSON object (keyword) or array (positional) arguments for the model's constructor.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds the child process (the user's code) may run.")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--plot", type=click.Path(dir_okay=False, writable=True), help="Draw the loss curves to this PNG (matplotlib).")
@click.option("--overfit", is_flag=True, help="Also run the single-sample overfit test on every model.")
@click.option("--finding", "findings", multiple=True, hidden=True,
              help="CODE:LINE — verify this finding instead of linting (for a check whose rule is not in the linter yet).")
def verify(target, device, steps, input_shape, init_args, timeout, output_format, plot, overfit, findings) -> None:
    """Build the flagged models, original and fixed, and show that each fix helps.

    \b
    TARGET is file.py (every model with a fixable finding), file.py::ClassName
    or file.py::factory_function. Exit code: 0 every checked finding confirmed,
    1 something not confirmed or an error, 2 usage error (or --input-shape,
    --init-args or a framework install needed).
    """
    from .api import verify as run
    from .report import to_json, to_text

    try:
        options = Options(device=device, steps=steps, input_shape=parse_shape(input_shape),
                          init_args=parse_init_args(init_args), timeout=timeout, overfit=overfit, plot=plot,
                          findings=parse_findings(findings))
        report = run(Target.parse(target), options)
    except UsageError as exc:
        click.echo(f"nnlint verify: error: {exc}", err=True)
        sys.exit(2)
    click.echo(to_json(report) if output_format == "json" else to_text(report), nl=False)
    sys.exit(report["exit_code"])


command = verify
