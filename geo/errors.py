"""The one error the geo package raises on purpose."""

from __future__ import annotations


class BoundaryError(Exception):
    """Boundaries the user asked for cannot be used; the message says which file and why.

    Raised for a user-named file (missing, unreadable, districts not matched) so a bad
    ``--boundaries`` argument is reported instead of silently replaced by schematic
    shapes. For the cache and the download it is caught and turned into a warning.
    """

    def __init__(self, message: str, *, source: str | None = None, problems: list[str] | None = None):
        self.source = source
        self.problems = list(problems or [])
        super().__init__(message)
