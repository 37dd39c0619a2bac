"""Smoke tests of the benchmark data: it validates, and a seed always gives the same file."""

from __future__ import annotations

import pytest

from benchmarks import national
from benchmarks.generate import claims_yaml, write_claims
from yamldata import loader, yamlsource
from yamldata.colors import color_problems
from yamldata.loader import DEFAULT_DISTRICTS, load_dataset, load_gazetteer


def test_generated_claims_validate_on_the_fast_path(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlsource, "FAST_MIN_BYTES", 0)  # 2,000 claims is below the 1 MiB threshold
    gazetteer = load_gazetteer(DEFAULT_DISTRICTS)
    claims = write_claims(tmp_path / "claims.yaml", gazetteer, 2000, seed=7)
    loader.clear_cache()
    dataset = load_dataset(DEFAULT_DISTRICTS, claims)
    assert loader.last_claims_path() == "fast"
    assert len(dataset.claims) == 2000
    assert {c.status for c in dataset.claims} == {"held", "contested", "statement"}
    assert {dataset.side_of(c) for c in dataset.claims} == {"taliban", "nrf", "iskp", "independent"}
    assert any(c.covers_all for c in dataset.claims)
    assert (dataset.dates[-1] - dataset.dates[0]).days > 365


def test_generated_party_colours_can_be_told_apart(tmp_path):
    gazetteer = load_gazetteer(DEFAULT_DISTRICTS)
    claims = write_claims(tmp_path / "claims.yaml", gazetteer, 50, seed=1)
    parties = load_dataset(DEFAULT_DISTRICTS, claims).parties
    assert len(parties) == 3
    assert [str(p) for p in color_problems(parties, str(claims))] == []


def test_same_seed_same_file_other_seed_other_file():
    gazetteer = load_gazetteer(DEFAULT_DISTRICTS)
    assert claims_yaml(gazetteer, 500, seed=1) == claims_yaml(gazetteer, 500, seed=1)
    assert claims_yaml(gazetteer, 500, seed=1) != claims_yaml(gazetteer, 500, seed=2)


@pytest.mark.skipif(not national.available(), reason="../shared/data/geoboundaries-AFG-ADM2 not beside the repo")
def test_national_gazetteer_validates_and_stays_out_of_the_repo(tmp_path):
    districts = national.write_districts(tmp_path)
    gazetteer = load_gazetteer(districts)
    assert len(gazetteer.districts) == 398
    assert {"bazarak", "khinj", "unaba"} <= set(gazetteer.ids)  # Panjshir keeps the repository's ids
    assert sum(1 for d in gazetteer.ids if d.startswith("muqur-")) == 2  # repeated names get a shapeID suffix
    claims = write_claims(tmp_path / "claims.yaml", gazetteer, 1000, seed=3)
    assert len(load_dataset(districts, claims).claims) == 1000
    with pytest.raises(ValueError, match="inside the repository"):
        national.write_districts(loader.REPO_ROOT / "benchmarks")
