"""``python -m benchmarks.robustness [--claims N]``: the writer under load and the party-colour check, in seconds.

* Appending one claim to a generated file of ``N`` claims (20,000 by default, 4.5 MB), each
  append a fresh process as the command line and the ACLED import run it: alone, then two at
  once; for each, the total time and how long it held the file's lock.
* The party-colour check (``yamldata.colors.color_problems``) for 50, 100, 200 and 1,000
  parties of seeded random colours.

Before issue 26 (same machine, busy): one append to 20,000 claims 53.5 s; two at once, one
89.5 s and the other refused after the form's 15 s lock wait; colours 15.6 s at 50 parties,
161 s at 100 (125 s at 200 and over 300 s at 1,000 as the issue measured them).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import write_claims
from core.model import Party
from yamldata.colors import color_problems
from yamldata.loader import REPO_ROOT, load_gazetteer

# One append in a fresh process; prints total seconds and the seconds the lock was held.
_APPEND = """
import contextlib, sys, time
start = time.perf_counter()
from yamldata import writer
real, held = writer.file_lock, [0.0]
@contextlib.contextmanager
def timed(path, **options):
    with real(path, **options) as lock:
        taken = time.perf_counter()
        try:
            yield lock
        finally:
            held[0] += time.perf_counter() - taken
writer.file_lock = timed
folder, tag = sys.argv[1], sys.argv[2]
claim = {"date": "2021-09-07", "source": "reuters", "districts": ["Paryan"], "status": "contested", "quote": f"Fighting {tag}"}
writer.append_claims(f"{folder}/claims.yaml", f"{folder}/districts.yaml", [claim], lock_timeout=15)
print(f"{time.perf_counter() - start:.2f} {held[0]:.2f}")
"""


def _appends(folder: Path, tags: list[str]) -> list[tuple[float, float]]:
    processes = [
        subprocess.Popen([sys.executable, "-c", _APPEND, str(folder), tag], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
        for tag in tags
    ]
    results = []
    for process in processes:
        out, _ = process.communicate(timeout=600)
        if process.returncode != 0:
            raise SystemExit(f"append failed (exit {process.returncode})")
        total, held = out.split()
        results.append((float(total), float(held)))
    return results


def writer_rows(claims: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(REPO_ROOT / "districts.yaml", folder / "districts.yaml")
        write_claims(folder / "claims.yaml", load_gazetteer(folder / "districts.yaml"), claims, evidence=True)
        size = (folder / "claims.yaml").stat().st_size
        [(alone, held)] = _appends(folder, ["alone"])
        both = _appends(folder, ["A", "B"])
    rows = [f"append to {claims:,} claims ({size / 1e6:.1f} MB), alone: {alone:.1f} s, lock held {held:.2f} s"]
    rows += [f"  two at once, writer {i + 1}: {total:.1f} s, lock held {lock:.2f} s" for i, (total, lock) in enumerate(both)]
    return rows


def color_rows(counts: tuple[int, ...] = (50, 100, 200, 1000)) -> list[str]:
    rows = []
    for n in counts:
        rng = random.Random(n)
        parties = [Party(f"p{i}", f"Party {i}", f"#{rng.randrange(1 << 24):06x}", line=i + 1) for i in range(n)]
        start = time.perf_counter()
        problems = color_problems(parties, "claims.yaml")
        rows.append(f"colour check, {n:>5} parties: {time.perf_counter() - start:6.2f} s ({len(problems):,} problems)")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=20_000, help="claims in the generated file (default 20,000)")
    args = parser.parse_args(argv)
    for row in [*writer_rows(args.claims), *color_rows()]:
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
