"""Matching features to districts: by name, alias or code; missing and duplicate matches fail."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from core.model import District, Gazetteer
from geo import BoundaryError, load_boundaries
from geo.match import choose_name_field, match_districts


def _row_of(frame: gpd.GeoDataFrame, name: str) -> int:
    return int(np.flatnonzero(frame["shapeName"] == name)[0])


def test_every_district_matched_through_its_aliases(national, gazetteer, reference_rows):
    match = match_districts(national, gazetteer.districts)
    assert match.name_field == "shapeName"
    assert match.rows == reference_rows
    assert national["shapeName"][match.rows["khinj"]] == "Khenj (Hese- Awal)"


def test_file_missing_a_district_names_it_and_the_nearest_candidates(tmp_path: Path, national, gazetteer):
    renamed = national.copy()
    renamed.loc[_row_of(renamed, "Khenj (Hese- Awal)"), "shapeName"] = "Khenj Valley"
    path = tmp_path / "renamed.gpkg"
    renamed.to_file(path, driver="GPKG")
    with pytest.raises(BoundaryError) as caught:
        load_boundaries(gazetteer, path, allow_download=False)
    message = str(caught.value)
    assert str(path) in message
    assert "'Khinj' (khinj)" in message and "nearest names in the file: " in message
    assert "Khenj Valley" in message.split("nearest names in the file: ")[1]
    assert caught.value.problems and len(caught.value.problems) == 1  # only Khinj is wrong


def test_all_problems_reported_at_once(national, gazetteer):
    without = national[~national["shapeName"].isin(["Rukha", "Unaba"])].reset_index(drop=True)
    with pytest.raises(BoundaryError) as caught:
        match_districts(without, gazetteer.districts, source="test file")
    assert [p.split(":")[0] for p in caught.value.problems] == ["district 'Rukha' (rukha)", "district 'Unaba' (unaba)"]
    assert str(caught.value).startswith("test file: ")


def test_district_matching_two_features_is_an_error(tmp_path: Path, national, gazetteer):
    doubled = pd.concat([national, national.iloc[[_row_of(national, "Rukha")]]], ignore_index=True)
    path = tmp_path / "doubled.geojson"
    gpd.GeoDataFrame(doubled, crs=national.crs).to_file(path, driver="GeoJSON")
    with pytest.raises(BoundaryError, match=r"district 'Rukha' \(rukha\) matches 2 features in shapeName"):
        load_boundaries(gazetteer, path, allow_download=False)


def test_feature_matching_two_districts_is_an_error(national, gazetteer: Gazetteer):
    rukha = gazetteer.by_id("rukha")
    twin = District(id="rukha2", name="Rukha Two", aliases=("Rukha",))  # claims the same feature
    with pytest.raises(BoundaryError, match=r"feature 'Rukha' \(feature \d+\) matches districts rukha and rukha2"):
        match_districts(national, [rukha, twin])


def test_name_column_found_without_being_told(national, gazetteer, reference_rows):
    other = national.rename(columns={"shapeName": "ADM2_EN"})
    assert choose_name_field(other, gazetteer.districts) == "ADM2_EN"
    assert match_districts(other, gazetteer.districts).rows == reference_rows
    # any text column that matches every district will do, in column order
    custom = national.rename(columns={"shapeName": "Bezeichnung"})
    assert choose_name_field(custom, gazetteer.districts) == "Bezeichnung"


def test_named_column_must_exist(national, gazetteer):
    with pytest.raises(BoundaryError, match=r"no column 'NAME_3'.*shapeName"):
        match_districts(national, gazetteer.districts, name_field="NAME_3")


def test_repeated_national_names_do_not_matter_unless_asked_for(national, gazetteer):
    repeated = national["shapeName"][national["shapeName"].duplicated()].unique()
    assert len(repeated) == 7  # Arghandab, Kohistan, ...: the file's own quirk
    match_districts(national, gazetteer.districts)  # Panjshir is unaffected

    kohistan = next(d for d in gazetteer.districts if d.id == "bazarak")
    by_name = replace(kohistan, id="kohistan", name="Kohistan", aliases=(), code=None)
    with pytest.raises(BoundaryError, match="matches 2 features"):
        match_districts(national, [by_name])
    second = national[national["shapeName"] == "Kohistan"].index[1]
    by_code = replace(by_name, code=national["shapeID"][second])
    assert match_districts(national, [by_code]).rows == {"kohistan": second}


def test_feature_without_geometry_is_an_error(national, gazetteer):
    hollow = national.copy()
    hollow.loc[_row_of(hollow, "Shutul"), "geometry"] = None
    with pytest.raises(BoundaryError, match="'Shutul' has no polygon geometry"):
        match_districts(hollow, gazetteer.districts)
