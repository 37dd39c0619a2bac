"""A second app process on unchanged files starts from the store and shows the same page."""

from __future__ import annotations

import os
import time

import streamlit as st

from yamldata import loader, store

from .mapview import map_legend
from .test_page_logic import app


def _page(at) -> tuple[str, list[str]]:
    return map_legend(at), [m.value for m in at.markdown]


def test_the_app_writes_the_store_and_a_restart_reads_it(monkeypatch, data_dir):
    monkeypatch.setattr(store, "MIN_BYTES", 0)  # the bundled file is small; as if it were big
    old = time.time() - 10
    for name in ("districts.yaml", "claims.yaml"):
        os.utime(data_dir / name, (old, old))
    loader.clear_cache()
    st.cache_resource.clear()
    first = app(monkeypatch, data_dir, query={"date": "2021-09-05", "district": "paryan"})
    assert not first.exception
    assert loader.last_claims_path() in ("fast", "slow")
    root = store.store_dir()
    deadline = time.monotonic() + 60
    while not (root.is_dir() and any(not p.name.startswith(".") for p in root.iterdir())):  # written in the background
        assert time.monotonic() < deadline, "the app never wrote the store"
        time.sleep(0.1)

    loader.clear_cache()  # a new process: nothing in memory
    st.cache_resource.clear()
    second = app(monkeypatch, data_dir, query={"date": "2021-09-05", "district": "paryan"})
    assert not second.exception
    assert loader.last_claims_path() == "store"
    assert _page(second) == _page(first)
    assert map_legend(second)['Disputed — the accounts conflict'] == 7
    loader.clear_cache()
    st.cache_resource.clear()
