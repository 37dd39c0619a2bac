"""The command line run in this process: ``python -m control ARGS`` as :func:`control.cli.main` sees it.

A subprocess costs a fresh interpreter and every import (1–2 s on a loaded machine); the
command's function is the same code. Tests of what a new process imports still start one.
"""

from __future__ import annotations

import contextlib
import io
from typing import NamedTuple

from control.cli import main


class Ran(NamedTuple):
    """What the command printed and returned, as ``subprocess.CompletedProcess`` names them."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str) -> Ran:
    """``python -m control *args``: its exit code and what it printed on stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit:  # argparse: a bad option or value
            code = exit.code if isinstance(exit.code, int) else 1
    return Ran(code, out.getvalue(), err.getvalue())
