"""A ``districts.yaml`` for all 398 districts of Afghanistan, made from ../shared at run time.

The national scale is the benchmark that matters (an analyst mapping every district),
but the geoBoundaries file may never be copied into the repository, nor anything
derived from it: the gazetteer is written into a temporary directory only.

It is drafted as ``python -m control init --all`` drafts it (:func:`geo.gazetteer.draft_gazetteer`):
slugs of the file's names as ids, and for the seven names the file repeats (Muqur,
Kohistan, …) a name told apart by where it lies and the ``shapeID`` as ``code``. Panjshir's
seven districts then take the id, name, aliases and seat of the repository's gazetteer, so
the same claims work against both.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from core.names import normalize_name
from yamldata.loader import DEFAULT_DISTRICTS, REPO_ROOT, load_gazetteer

SHAPEFILE = REPO_ROOT.parent / "shared" / "data" / "geoboundaries-AFG-ADM2" / "geoBoundaries-AFG-ADM2.shp"


def available(shapefile: Path = SHAPEFILE) -> bool:
    """True when ../shared's national boundaries are beside the repository."""
    return shapefile.is_file()


def districts_yaml(shapefile: Path = SHAPEFILE, directory: Path | None = None) -> str:
    """The text of a national gazetteer for ``shapefile``, to be written in ``directory`` (needs geopandas)."""
    from geo.gazetteer import draft_gazetteer, relative_file, select_all  # heavy; only the national benchmark needs it
    from geo.read import read_features

    features, _ = read_features(shapefile)
    where = relative_file(shapefile, directory) if directory is not None else str(shapefile)
    draft = draft_gazetteer(features, select_all(features), region="Afghanistan", boundary_file=where, source_name=shapefile.name)
    panjshir = {normalize_name(s): d for d in load_gazetteer(DEFAULT_DISTRICTS).districts for s in d.spellings}
    for district in draft.districts:
        known = next((panjshir[k] for k in map(normalize_name, (district.name, *district.aliases)) if k in panjshir), None)
        if known is None or district.code:
            continue
        aliases: dict[str, str] = {normalize_name(known.name): known.name}
        for alias in (*known.aliases, district.name, *district.aliases):  # the file's spellings kept
            aliases.setdefault(normalize_name(alias), alias)
        district.id, district.name, district.name_local = known.id, known.name, known.name_local
        district.aliases = list(aliases.values())[1:]
        if known.seat:
            district.seat, district.seat_derived = (known.seat.lat, known.seat.lon), False
    return "# A temporary benchmark file (benchmarks/national.py): never commit it.\n" + draft.yaml()


def write_districts(directory: Path | None = None, shapefile: Path = SHAPEFILE) -> Path:
    """Write the national gazetteer into ``directory`` (a new temp dir by default), never the repo."""
    directory = Path(directory) if directory is not None else Path(tempfile.mkdtemp(prefix="national-"))
    if directory.resolve().is_relative_to(REPO_ROOT):
        raise ValueError(f"{directory} is inside the repository; data derived from ../shared must not be written there")
    path = directory / "districts.yaml"
    path.write_text(districts_yaml(shapefile, directory), encoding="utf-8")
    return path
