"""Tests of the central comparison between two metingen (hand-checked and R values)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from instruments.resultaat import indicator_rijen
from instruments.vergelijking import corrigeer, koppel_vorige, vergelijk_metingen


def _rijen(records):
    return indicator_rijen(records)


@pytest.fixture
def twee_metingen():
    vorige = _rijen(
        [
            {
                "indicator": "4-1",
                "item": "scr_a",
                "statistiek": "percentage_7_of_hoger",
                "waarde": 62.0,
                "n": 50,
            },
            {
                "indicator": "4-1",
                "item": "scr_a",
                "statistiek": "gemiddelde",
                "waarde": 7.0,
                "n": 50,
            },
            {"indicator": "4-1", "item": "scr_a", "statistiek": "sd", "waarde": 1.2, "n": 50},
            {
                "indicator": "1-2",
                "item": "regio",
                "statistiek": "percentage",
                "waarde": 86.0,
                "n": 1000,
            },
            {
                "indicator": "10-2",
                "item": "recidive",
                "statistiek": "rate_ratio",
                "groep": "werksoort=Top X",
                "waarde": 0.5,
                "n": 40,
            },
        ]
    )
    deze = _rijen(
        [
            {
                "indicator": "4-1",
                "item": "scr_a",
                "statistiek": "percentage_7_of_hoger",
                "waarde": 83.0,
                "n": 100,
            },
            {
                "indicator": "4-1",
                "item": "scr_a",
                "statistiek": "gemiddelde",
                "waarde": 7.5,
                "n": 100,
            },
            {"indicator": "4-1", "item": "scr_a", "statistiek": "sd", "waarde": 1.0, "n": 100},
            {
                "indicator": "1-2",
                "item": "regio",
                "statistiek": "percentage",
                "waarde": 87.0,
                "n": 1000,
            },
            {
                "indicator": "10-2",
                "item": "recidive",
                "statistiek": "rate_ratio",
                "groep": "werksoort=Top X",
                "waarde": 0.4,
                "n": 45,
            },
            {
                "indicator": "4-1",
                "item": "scr_nieuw",
                "statistiek": "gemiddelde",
                "waarde": 7.0,
                "n": 90,
            },
        ]
    )
    return deze, vorige


def test_koppel_vorige_adds_previous_value_and_difference(twee_metingen):
    deze, vorige = twee_metingen
    k = koppel_vorige(deze, vorige).set_index(["item", "statistiek"])
    assert k.loc[("scr_a", "percentage_7_of_hoger"), "vorige_waarde"] == 62.0
    assert k.loc[("scr_a", "percentage_7_of_hoger"), "verschil"] == pytest.approx(21.0)
    assert np.isnan(k.loc[("scr_nieuw", "gemiddelde"), "vorige_waarde"])


def test_generic_tests_match_r(twee_metingen):
    deze, vorige = twee_metingen
    rijen, toetsen = vergelijk_metingen(deze, vorige, pd.DataFrame(), alpha=0.05)
    t = toetsen.set_index(["item", "statistiek"])
    # 31/50 vs 83/100: R: chisq.test(matrix(c(31,19,83,17), 2), correct = FALSE)$p.value
    prop = t.loc[("scr_a", "percentage_7_of_hoger")]
    assert prop["toets"] == "chi2"
    assert prop["p_val"] == pytest.approx(0.00452729065638, rel=1e-9)
    assert prop["estimate"] == pytest.approx(21.0)
    # Welch from summary statistics, mean 7.0 (sd 1.2, n 50) vs 7.5 (sd 1.0, n 100):
    # R (tests/reference/vergelijking.R): se <- sqrt(1.2^2/50 + 1/100); t <- 0.5/se;
    # df <- se^4/((1.2^2/50)^2/49 + (1/100)^2/99); 2*pt(-abs(t), df)
    # -> t 2.5383654128340, df 83.9272121815016, p 0.0129839763882
    w = t.loc[("scr_a", "gemiddelde")]
    assert w["toets"] == "welch"
    assert w["statistic"] == pytest.approx(0.5 / np.sqrt(1.44 / 50 + 1 / 100), rel=1e-9)
    assert w["statistic"] == pytest.approx(2.5383654128340, rel=1e-10)
    assert w["df"] == pytest.approx(83.9272121815016, rel=1e-10)
    assert w["p_val"] == pytest.approx(0.0129839763882, rel=1e-9)
    # the registry test is indicatief and outside the family; recidive gets no generic test
    reg = t.loc[("regio", "percentage")]
    assert not reg["familie"] and np.isnan(reg["p_gecorrigeerd"]) and reg["significant"] == ""
    assert "rate_ratio" not in set(toetsen["statistiek"])
    r = rijen.set_index(["item", "statistiek"])
    assert r.loc[("regio", "percentage"), "significant"] == ""
    assert "indicatief" in r.loc[("regio", "percentage"), "opmerking"]
    assert r.loc[("scr_a", "percentage_7_of_hoger"), "significant"] == "ja"


def test_bh_matches_r_and_counts_duplicate_items_once():
    toetsen = pd.DataFrame(
        {
            "indicator": ["7-1", "9-2", "4-1", "4-1"],
            "item": ["strafzorg", "strafzorg", "a", "b"],
            "statistiek": ["gemiddelde"] * 4,
            "groep": ["totaal"] * 4,
            "toets": ["welch"] * 4,
            "p_val": [0.01, 0.01, 0.04, 0.03],
            "familie": [True, True, True, True],
        }
    )
    uit = corrigeer(toetsen, 0.05)
    # R: p.adjust(c(0.01, 0.04, 0.03), method = "BH") -> 0.03 0.04 0.04
    assert uit["p_gecorrigeerd"].tolist() == pytest.approx([0.03, 0.03, 0.04, 0.04])
    assert uit["significant"].tolist() == ["ja", "ja", "ja", "ja"]


def test_no_previous_meting_gives_no_tests(twee_metingen):
    deze, _ = twee_metingen
    rijen, toetsen = vergelijk_metingen(deze, None, pd.DataFrame(), alpha=0.05)
    assert toetsen.empty
    assert rijen["vorige_waarde"].isna().all() and (rijen["significant"] == "").all()


def test_breakdown_tests_are_outside_the_family():
    vorige = _rijen(
        [
            {
                "indicator": "6-1",
                "item": "f",
                "statistiek": "gemiddelde",
                "groep": g,
                "waarde": 7.0,
                "n": 60,
            }
            for g in ("totaal", "kant=zorg")
        ]
        + [
            {
                "indicator": "6-1",
                "item": "f",
                "statistiek": "sd",
                "groep": g,
                "waarde": 1.0,
                "n": 60,
            }
            for g in ("totaal", "kant=zorg")
        ]
        + [
            {
                "indicator": "3-1",
                "item": "respons",
                "statistiek": "percentage",
                "waarde": 50.0,
                "n": 260,
            }
        ]
    )
    deze = vorige.assign(waarde=lambda d: d["waarde"] + 0.5 * (d["statistiek"] == "gemiddelde"))
    _, toetsen = vergelijk_metingen(deze, vorige, pd.DataFrame(), alpha=0.05)
    t = toetsen.set_index("groep")
    assert t.loc["totaal", "familie"] and t.loc["totaal", "significant"] == "ja"
    assert not t.loc["kant=zorg", "familie"]
    assert (
        t.loc["kant=zorg", "significant"] == "" and "verkennend" in t.loc["kant=zorg", "opmerking"]
    )
    assert t.loc["kant=zorg", "p_val"] == pytest.approx(
        t.loc["totaal", "p_val"]
    )  # same data, same raw p
    assert "respons" not in set(toetsen["item"])  # the response rate is described, not tested


def test_kengetal_groups_are_in_the_family():
    rij = {
        "indicator": "2-1",
        "item": "multicomplex",
        "statistiek": "percentage",
        "groep": "leefgebieden=7-8",
    }
    vorige = _rijen([{**rij, "waarde": 50.0, "n": 100}])
    deze = _rijen([{**rij, "waarde": 75.0, "n": 100}])
    _, toetsen = vergelijk_metingen(deze, vorige, pd.DataFrame(), alpha=0.05)
    assert toetsen["familie"].tolist() == [True]
    assert toetsen["significant"].tolist() == ["ja"]
