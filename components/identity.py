"""A cache token per live object, never reused: for caches keyed by objects Streamlit cannot hash.

``id(obj)`` is only unique among objects alive at the same time: once a timeline is
freed, the next one may get its address, and a cache keyed by ``id`` then hands the new
data the old data's map. (Seen in CI: after an edit of claims.yaml the time map kept a
previous test's fills, on a server shared between tests.) A token is a counter checked
against a weak reference to its object, so a new object always gets a new token.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from typing import Any

_PRUNE_AT = 256  # entries; dead ones are dropped when the table reaches this size

_counter = itertools.count(1)
_lock = threading.RLock()  # re-entrant: a finalizer run by the collector mid-call may ask too
_tokens: dict[int, tuple[weakref.ref, int]] = {}  # id(obj) → (weak reference to obj, its token)


def token(obj: Any) -> int:
    """The same number for the same live object on every call; a number never given before for a new one."""
    key = id(obj)
    with _lock:
        found = _tokens.get(key)
        if found is not None and found[0]() is obj:
            return found[1]
        if len(_tokens) >= _PRUNE_AT:
            for dead in [k for k, (ref, _) in _tokens.items() if ref() is None]:
                del _tokens[dead]
        number = next(_counter)
        _tokens[key] = (weakref.ref(obj), number)
        return number
