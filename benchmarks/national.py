"""A ``districts.yaml`` for all 398 districts of Afghanistan, made from ../shared at run time.

The national scale is the benchmark that matters (an analyst mapping every district),
but the geoBoundaries file may never be copied into the repository, nor anything
derived from it: the gazetteer is written into a temporary directory only.

Ids are slugs of ``shapeName``; the seven names that occur twice nationally (Muqur,
Kohistan, …) get the last four characters of their ``shapeID`` in id and name, so no
two districts share a spelling after :func:`core.names.normalize_name`. Panjshir's
seven districts take the id, name, aliases and seat of the repository's gazetteer, so
the same claims work against both. Every district carries its ``shapeID`` as ``code``,
so ``geo.load_boundaries`` matches the repeated names to the right features.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

from core.names import normalize_name
from yamldata.loader import DEFAULT_DISTRICTS, REPO_ROOT, load_gazetteer

SHAPEFILE = REPO_ROOT.parent / "shared" / "data" / "geoboundaries-AFG-ADM2" / "geoBoundaries-AFG-ADM2.shp"


def available(shapefile: Path = SHAPEFILE) -> bool:
    """True when ../shared's national boundaries are beside the repository."""
    return shapefile.is_file()


def slugify(name: str) -> str:
    """ASCII id from a district name: 'Khenj (Hese- Awal)' → 'khenj-hese-awal'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def districts_yaml(shapefile: Path = SHAPEFILE) -> str:
    """The text of a national gazetteer for ``shapefile`` (needs geopandas)."""
    import geopandas as gpd  # heavy; only the national benchmark needs it

    features = gpd.read_file(shapefile)
    panjshir = {normalize_name(s): d for d in load_gazetteer(DEFAULT_DISTRICTS).districts for s in d.spellings}
    repeats = Counter(normalize_name(n) for n in features["shapeName"])
    lines = [
        "# All districts of Afghanistan, written by benchmarks/national.py from geoBoundaries",
        "# (www.geoboundaries.org, public domain). A temporary benchmark file: never commit it.",
        "region: Afghanistan",
        "districts:",
    ]
    for name, shape_id in zip(features["shapeName"], features["shapeID"], strict=True):
        key = normalize_name(name)
        known = panjshir.get(key) if repeats[key] == 1 else None
        if known is not None:
            aliases = [a for a in (*known.aliases, name) if normalize_name(a) != normalize_name(known.name)]
            seat = f"{{lat: {known.seat.lat}, lon: {known.seat.lon}}}" if known.seat else None
            entry = {"id": known.id, "name": known.name, "aliases": list(dict.fromkeys(aliases)), "seat": seat}
        else:
            label = f"{name} {shape_id[-4:]}" if repeats[key] > 1 else name
            entry = {"id": slugify(label), "name": label, "aliases": [f"{label} District"], "seat": None}
        lines.append(f"  - id: {entry['id']}")
        lines.append(f"    name: {_quote(entry['name'])}")
        lines.append("    aliases: [" + ", ".join(_quote(a) for a in entry["aliases"]) + "]")
        lines.append(f"    code: {_quote(shape_id)}")  # lets geo.match tell the repeated names apart
        if entry["seat"]:
            lines.append(f"    seat: {entry['seat']}")
    return "\n".join(lines) + "\n"


def write_districts(directory: Path | None = None, shapefile: Path = SHAPEFILE) -> Path:
    """Write the national gazetteer into ``directory`` (a new temp dir by default), never the repo."""
    directory = Path(directory) if directory is not None else Path(tempfile.mkdtemp(prefix="national-"))
    if directory.resolve().is_relative_to(REPO_ROOT):
        raise ValueError(f"{directory} is inside the repository; data derived from ../shared must not be written there")
    path = directory / "districts.yaml"
    path.write_text(districts_yaml(shapefile), encoding="utf-8")
    return path
