"""The benchmark runner: ``python -m benchmarks [--quick] [--out PATH]``.

For the repository's 7 Panjshir districts and all 398 districts of Afghanistan (when
../shared is there), at 1k, 100k and 1M generated claims, it measures in a fresh
process per case: load + validate through ``control.loader.load_dataset`` (cache
cleared), PyYAML's C loader alone and yaml-rs alone on the same file, full timeline
resolution (every view, every district), the peak resident memory, and a reload of
the unchanged files. Generated files live in a temporary directory, deleted at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import national
from benchmarks.generate import write_claims
from control.loader import DEFAULT_DISTRICTS, REPO_ROOT, load_gazetteer

SIZES = (1_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 100_000)
PYYAML_MAX_CLAIMS = 100_000  # PyYAML needs minutes for 1M claims: measured only without --quick
SEED = 20210905
# Targets from the brief, checked in the summary.
TARGET_SPEEDUP = 8.0  # load + validate + timeline vs PyYAML merely parsing, at 100k claims x 398 districts
TARGET_PEAK_MB = 1024  # at 1M claims
TARGET_RELOAD_SECONDS = 0.050  # unchanged files


def run_case(what: str, districts: Path, claims: Path, timeout: float = 1800) -> dict:
    """One measurement in a fresh interpreter (see benchmarks/case.py)."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.case", what, str(districts), str(claims)],
        capture_output=True, text=True, timeout=timeout, cwd=REPO_ROOT, env=env, check=False,
    )
    if done.returncode != 0:
        return {"what": what, "error": (done.stderr or done.stdout).strip().splitlines()[-1:]}
    return json.loads(done.stdout)


def gazetteers(workdir: Path) -> list[tuple[str, Path]]:
    """(label, districts.yaml) pairs: the repository's, and the national one when ../shared exists."""
    found = [("7 districts", DEFAULT_DISTRICTS)]
    if national.available():
        found.append(("398 districts", national.write_districts(workdir)))
    else:
        print("../shared missing: the 398-district cases are skipped", file=sys.stderr)
    return found


def measure_all(sizes: tuple[int, ...], *, quick: bool, workdir: Path) -> list[dict]:
    rows = []
    for label, districts in gazetteers(workdir):
        gazetteer = load_gazetteer(districts)
        for n in sizes:
            claims = workdir / f"claims-{len(gazetteer.districts)}-{n}.yaml"
            write_claims(claims, gazetteer, n, SEED)
            time.sleep(2.1)  # an unchanged file is an old file: let the loader trust its mtime
            row = {"gazetteer": label, "claims": n, "file_mb": round(claims.stat().st_size / 2**20, 1)}
            print(f"{label}, {n:,} claims ({row['file_mb']} MiB)…", file=sys.stderr, flush=True)
            row["dataset"] = run_case("dataset", districts, claims)
            row["yaml_rs"] = run_case("yaml-rs", districts, claims)
            if n <= PYYAML_MAX_CLAIMS or not quick:
                row["pyyaml"] = run_case("pyyaml", districts, claims, timeout=3600)
            rows.append(row)
            claims.unlink()
    return rows


# ---- hooks for the lead: filled once the app exists ------------------------------


def browser_measurements(workdir: Path) -> dict | None:
    """PLACEHOLDER: slider step latency in headless Chromium, bytes for the first map and per step.

    To fill: start ``streamlit run app.py`` on the national gazetteer and a generated
    claims file, drive /usr/bin/chromium with playwright (tests/browser has the harness),
    and return e.g. ``{"first_map_bytes": …, "step_bytes": …, "step_ms_p50": …, "step_ms_p95": …}``.
    """
    return None


def alternatives(workdir: Path) -> dict | None:
    """PLACEHOLDER: build time and HTML bytes of the alternatives, national 398 districts.

    ``folium.plugins.TimeSliderChoropleth`` (a style per district per day) and
    ``plotly.express.choropleth`` with ``animation_frame`` (plotly in requirements-dev),
    geometry from ``geo.load_boundaries``. Return ``{"folium": {...}, "plotly": {...}}``.
    """
    return None


# ---- report ----------------------------------------------------------------------


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def table(rows: list[dict]) -> str:
    """A Markdown table of the measurements."""
    head = (
        "| gazetteer | claims | file | load+validate | path | PyYAML C parse | yaml-rs parse | timeline (all views) "
        "| load+timeline vs PyYAML | peak RSS | cached reload |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for row in rows:
        d = row["dataset"]
        if "error" in d:
            lines.append(f"| {row['gazetteer']} | {row['claims']:,} | {row['file_mb']} MiB | error: {d['error']} |" + " |" * 7)
            continue
        pyyaml = row.get("pyyaml", {}).get("seconds")
        total = d["load_seconds"] + d["timeline_seconds"]
        ratio = f"{pyyaml / total:.1f}×" if pyyaml else "—"
        lines.append(
            f"| {row['gazetteer']} | {row['claims']:,} | {row['file_mb']} MiB | {_fmt(d['load_seconds'])} | {d['path']} "
            f"| {_fmt(pyyaml)} | {_fmt(row['yaml_rs'].get('seconds'))} | {_fmt(d['timeline_seconds'])} | {ratio} "
            f"| {d['peak_mb']:.0f} MB | {_fmt(d['cached_reload_seconds'])} |"
        )
    return "\n".join(lines)


def targets(rows: list[dict]) -> list[str]:
    """Each target of the brief, met or missed, with the measured number."""
    out = []
    for row in rows:
        d = row["dataset"]
        if "error" in d:
            continue
        if row["gazetteer"] == "398 districts" and row["claims"] == 100_000 and row.get("pyyaml", {}).get("seconds"):
            ratio = row["pyyaml"]["seconds"] / (d["load_seconds"] + d["timeline_seconds"])
            verdict = "met" if ratio >= TARGET_SPEEDUP else "missed"
            out.append(f"load+validate+timeline ≥ {TARGET_SPEEDUP:.0f}× faster than PyYAML parse (100k × 398): {ratio:.1f}× — {verdict}")
        if row["claims"] == 1_000_000:
            verdict = "met" if d["peak_mb"] <= TARGET_PEAK_MB else "missed"
            out.append(f"peak RSS ≤ {TARGET_PEAK_MB} MB at 1M claims ({row['gazetteer']}): {d['peak_mb']:.0f} MB — {verdict}")
            verdict = "met" if d["cached_reload_seconds"] <= TARGET_RELOAD_SECONDS else "missed"
            out.append(f"unchanged-file reload ≤ 50 ms at 1M ({row['gazetteer']}): {_fmt(d['cached_reload_seconds'])} — {verdict}")
    return out


def machine() -> dict:
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k and 100k claims only; no PyYAML baseline at 1M")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "benchmarks" / "results.json", help="where to write the JSON")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="panjshir-bench-"))
    try:
        rows = measure_all(QUICK_SIZES if args.quick else SIZES, quick=args.quick, workdir=workdir)
        result = {
            "machine": machine(),
            "quick": args.quick,
            "seed": SEED,
            "rows": rows,
            "browser": browser_measurements(workdir),
            "alternatives": alternatives(workdir),
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result["targets"] = targets(rows)
    print(table(rows))
    for line in result["targets"]:
        print("- " + line)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0
