"""MMP cause texts fall into MMP's published cause categories through the reference file."""

from __future__ import annotations

import pandas as pd
import pytest

from data_access.demo.places import load_places
from data_access.demo.settings import load_settings
from data_access.mmp_causes import MIXED_UNKNOWN, cause_categories, read_mmp_cause_map, recognised
from data_access.reference import read_dimensions
from geo.regions import available_profiles
from tests.conftest import REFERENCE_DIR, REGIONS_DIR

CATEGORIES = ("drowning", "vehicle", "environment", "sickness", "violence", "accident", "mixed_unknown")
EXAMPLE_EXPORTS = ("mmp_current_export.csv", "mmp_legacy_export.csv")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # current exports: MMP's category names, several joined with commas when causes are mixed
        ("Drowning", "drowning"),
        ("Harsh environmental conditions / lack of adequate shelter, food, water", "environment"),
        ("Vehicle accident / death linked to hazardous transport", "vehicle"),
        ("Sickness / lack of access to adequate healthcare", "sickness"),
        ("Violence", "violence"),
        ("Accidental death", "accident"),
        ("Mixed or unknown", MIXED_UNKNOWN),
        ("Drowning,Harsh environmental conditions / lack of adequate shelter, food, water", MIXED_UNKNOWN),
        ("Harsh environmental conditions / lack of adequate shelter, food, water, Violence", MIXED_UNKNOWN),
        ("Mixed or unknown, Drowning", MIXED_UNKNOWN),
        # older exports: free text
        ("Presumed drowning", "drowning"),
        ("Dehydration", "environment"),
        ("Hypothermia", "environment"),
        ("Shot", "violence"),
        ("Sexual abuse, murdered", "violence"),
        ("Asphyxiation, Drowning", MIXED_UNKNOWN),
        ("Unknown (skeletal remains)", MIXED_UNKNOWN),
        # case, accents, punctuation and spacing do not matter
        ("PRESUMED  DROWNING", "drowning"),
        ("Hypothérmia", "environment"),
        ("Sickness/lack of access to adequate healthcare", "sickness"),
    ],
)
def test_a_cause_text_of_either_export_gets_its_mmp_category(reference, text, category):
    assert cause_categories(pd.Series([text]), reference.mmp_cause_map).tolist() == [category]


def test_an_unlisted_or_blank_text_counts_as_mixed_or_unknown_and_only_the_unlisted_one_is_flagged(reference):
    texts = pd.Series(["Landmine", None, "Drowning", "Landmine, Drowning"])

    categories = cause_categories(texts, reference.mmp_cause_map)

    assert categories.tolist() == [MIXED_UNKNOWN, MIXED_UNKNOWN, "drowning", MIXED_UNKNOWN]
    assert recognised(texts, reference.mmp_cause_map).tolist() == [False, False, True, False]


def _example_causes(examples) -> set[str]:
    texts = set()
    for name in EXAMPLE_EXPORTS:
        frame = pd.read_csv(examples / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        texts |= set(frame["Cause of Death"]) - {""}
    return texts


def _demo_causes() -> set[str]:
    texts = set()
    for profile_id, profile in available_profiles(REGIONS_DIR).items():
        settings = load_settings(profile_id, load_places(profile.directory))
        texts |= {cause for route in settings.mmp_routes for cause in route.causes}
    return texts


def test_every_cause_text_of_the_example_exports_and_the_demo_generator_is_listed(reference, examples):
    texts = pd.Series(sorted(_example_causes(examples) | _demo_causes()))

    unlisted = texts[~recognised(texts, reference.mmp_cause_map)].tolist()

    assert len(texts) >= 8
    assert unlisted == []


def test_every_category_of_the_file_is_a_labelled_code_in_english_and_french(reference):
    causes = read_dimensions(REFERENCE_DIR).query("dimension == 'cause_category'")

    assert tuple(causes["code"]) == CATEGORIES
    assert set(reference.mmp_cause_map.values()) == set(CATEGORIES)
    assert (causes["label_en"] != "").all() and (causes["label_fr"] != "").all()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("Drowning,drowned\n", r"row 2, column 'category': 'drowned' is not one of"),
        (
            "Presumed drowning,drowning\npresumed-DROWNING,drowning\n",
            r"row 3: 'presumed-DROWNING' is listed twice",
        ),
        (",violence\n", r"row 2, column 'cause_of_death' is empty"),
    ],
)
def test_a_faulty_file_is_refused_naming_its_row(tmp_path, rows, message):
    path = tmp_path / "causes.csv"
    path.write_text("cause_of_death,category\n" + rows, encoding="utf-8")

    with pytest.raises(ValueError, match=message):
        read_mmp_cause_map(path, CATEGORIES)
