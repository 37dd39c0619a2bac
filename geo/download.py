"""Fetch a boundary file over HTTP(S) with short timeouts, remembering failures.

Without network the app must not stall: every step (name lookup, connect, each read)
is bounded by ``timeout`` and the whole transfer by ``total_timeout``. A URL that
failed once is not tried again for the life of the process (:func:`failed_before`),
so offline use costs a few seconds once per run rather than once per rerun.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

USER_AGENT = "control-map (boundary download)"
MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024
_CHUNK = 256 * 1024

# URL -> why it failed; process-wide on purpose (see module docstring).
_FAILED: dict[str, str] = {}
_LOCK = threading.Lock()


class DownloadError(Exception):
    """The download did not produce a complete file; the message says why, briefly."""


def failed_before(url: str) -> str | None:
    """Why ``url`` failed earlier in this process, or None if it has not failed."""
    with _LOCK:
        return _FAILED.get(url)


def remember_failure(url: str, reason: str) -> None:
    """Record that ``url`` is unusable for the rest of the process."""
    with _LOCK:
        _FAILED[url] = reason


def forget_failures() -> None:
    """Forget every remembered failure (for tests, or a "retry download" button)."""
    with _LOCK:
        _FAILED.clear()


def _resolve(host: str, port: int, timeout: float) -> None:
    """Look the host up within ``timeout``: urllib's timeout does not cover DNS."""
    outcome: list[BaseException | None] = []

    def lookup() -> None:
        try:
            socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            outcome.append(None)
        except OSError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=lookup, daemon=True, name=f"resolve {host}")
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise DownloadError(f"looking up {host} took longer than {timeout:g} s")
    if outcome[0] is not None:
        raise DownloadError(f"cannot look up {host} ({outcome[0]})")


def fetch(
    url: str,
    dest: Path,
    *,
    timeout: float = 3.0,
    total_timeout: float = 60.0,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
) -> int:
    """Download ``url`` into ``dest`` and return the byte count, or raise :class:`DownloadError`.

    ``timeout`` bounds the lookup, the connection and every wait for data; a body
    shorter than its Content-Length is an error (a truncated file must not be cached).
    The content itself is not checked here: callers verify it by structure.
    """
    parts = urlparse(url)
    if parts.scheme not in ("http", "https"):
        raise DownloadError(f"unsupported URL scheme {parts.scheme!r}")
    host = parts.hostname or ""
    _resolve(host, parts.port or (443 if parts.scheme == "https" else 80), timeout)
    started = time.monotonic()
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    received = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, dest.open("wb") as out:
            length_header = response.headers.get("Content-Length")
            expected = int(length_header) if length_header and length_header.isdigit() else None
            if expected is not None and expected > max_bytes:
                raise DownloadError(f"file too large ({expected} bytes)")
            while chunk := response.read(_CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise DownloadError(f"file too large (over {max_bytes} bytes)")
                if time.monotonic() - started > total_timeout:
                    raise DownloadError(f"download took longer than {total_timeout:g} s")
                out.write(chunk)
    except DownloadError:
        raise
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"HTTP {exc.code} {exc.reason}") from exc
    except http.client.IncompleteRead as exc:
        raise DownloadError(f"truncated download ({received + len(exc.partial)} bytes, connection closed early)") from exc
    except TimeoutError as exc:
        raise DownloadError(f"timed out after {timeout:g} s") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise DownloadError(f"timed out after {timeout:g} s") from exc
        raise DownloadError(f"cannot connect ({reason})") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise DownloadError(f"download failed ({exc.__class__.__name__}: {exc})") from exc
    if expected is not None and received != expected:
        raise DownloadError(f"truncated download ({received} of {expected} bytes)")
    if received == 0:
        raise DownloadError("empty response")
    return received
