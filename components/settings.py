"""Settings of a run: `streamlit run app.py -- --claims F --districts F --boundaries F`."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from yamldata.loader import DEFAULT_CLAIMS, DEFAULT_DISTRICTS


@dataclass(frozen=True)
class Settings:
    districts: Path
    claims: Path
    boundaries: Path | None
    allow_edit: bool = False


def read_settings(argv: list[str]) -> Settings:
    """Parse the app's own arguments (those after ``--`` on the streamlit command line)."""
    parser = argparse.ArgumentParser(prog="streamlit run app.py --", add_help=False)
    parser.add_argument("--districts", type=Path, default=DEFAULT_DISTRICTS)
    parser.add_argument("--claims", type=Path, default=DEFAULT_CLAIMS)
    parser.add_argument("--boundaries", type=Path, default=None)
    parser.add_argument("--allow-edit", action="store_true")
    args, _unknown = parser.parse_known_args(argv)
    boundaries = args.boundaries.resolve() if args.boundaries else None
    return Settings(args.districts.resolve(), args.claims.resolve(), boundaries, args.allow_edit)
