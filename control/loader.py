"""The single gate into the data: every consumer (CLI, app, exports) loads through here.

Files are parsed once per content: results are remembered by SHA-256 of the bytes, so
an app rerun with unchanged files does no YAML work at all.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path

from control import yamlsource
from control.errors import Problem, ValidationError
from control.model import Dataset, Gazetteer
from control.validate import check_claims, check_gazetteer

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DISTRICTS = REPO_ROOT / "districts.yaml"
DEFAULT_CLAIMS = REPO_ROOT / "claims.yaml"

_CACHE: OrderedDict[tuple, object] = OrderedDict()
_CACHE_SIZE = 8


def _read(path: Path) -> tuple[bytes, str]:
    """Raw bytes (for the content hash) of a data file, or a ValidationError."""
    label = str(path)
    yamlsource.read_text(path, label)  # size, existence and encoding checks with clear messages
    return path.read_bytes(), label


def _remember(key: tuple, build):
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    value = build()
    _CACHE[key] = value
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def _parse_gazetteer(data: bytes, label: str, path: Path) -> tuple[Gazetteer | None, list[Problem]]:
    try:
        doc = yamlsource.parse(yamlsource.decode(data, label), label)
    except ValidationError as exc:
        return None, exc.problems
    return check_gazetteer(doc, label, path)


def load_gazetteer(path: Path | str = DEFAULT_DISTRICTS) -> Gazetteer:
    """The validated gazetteer of ``path``; raises ValidationError listing every problem."""
    path = Path(path)
    data, label = _read(path)
    key = ("gazetteer", label, hashlib.sha256(data).hexdigest())
    gazetteer, problems = _remember(key, lambda: _parse_gazetteer(data, label, path))
    if problems:
        raise ValidationError(problems)
    return gazetteer


def load_dataset(districts: Path | str = DEFAULT_DISTRICTS, claims: Path | str = DEFAULT_CLAIMS) -> Dataset:
    """Gazetteer plus claims, validated together; raises ValidationError listing every problem.

    Problems in both files are reported in one go; claims are still checked against
    the district names when the gazetteer is broken elsewhere, as far as possible.
    """
    districts, claims = Path(districts), Path(claims)
    problems: list[Problem] = []
    try:
        district_bytes, district_label = _read(districts)
    except ValidationError as exc:
        district_bytes, district_label, problems = None, str(districts), list(exc.problems)
    try:
        claim_bytes, claim_label = _read(claims)
    except ValidationError as exc:
        raise ValidationError(problems + exc.problems) from None
    if district_bytes is None:
        raise ValidationError(problems)
    key = (
        "dataset",
        district_label,
        claim_label,
        hashlib.sha256(district_bytes).hexdigest(),
        hashlib.sha256(claim_bytes).hexdigest(),
    )
    result = _remember(key, lambda: _build(district_bytes, district_label, districts, claim_bytes, claim_label, claims))
    if isinstance(result, list):
        raise ValidationError(result)
    return result


def _build(district_bytes, district_label, districts, claim_bytes, claim_label, claims) -> Dataset | list[Problem]:
    gazetteer, problems = _parse_gazetteer(district_bytes, district_label, districts)
    try:
        doc = yamlsource.parse(yamlsource.decode(claim_bytes, claim_label), claim_label)
    except ValidationError as exc:
        return problems + exc.problems
    if gazetteer is None:
        # Still report claim problems that do not depend on district names.
        return problems
    parties, sources, claim_list, acled, claim_problems = check_claims(doc, claim_label, gazetteer)
    if claim_problems:
        return claim_problems
    return Dataset(gazetteer, parties, sources, claim_list, claims_path=claims, acled=acled)
