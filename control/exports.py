"""Export subcommands (placeholder until the geometry layer lands)."""

from __future__ import annotations


def add_parser(sub, data_options, view_options) -> None:
    return None
