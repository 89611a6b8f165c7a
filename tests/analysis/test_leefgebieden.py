"""Tests for analysis/leefgebieden.py: every figure computed by hand from a small table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.leefgebieden import (
    LEEFGEBIEDEN,
    bootstrap_verschil_focus,
    focus_verschil,
    multicomplex,
    percentage_sterke_mate,
)

N, E, S, W = "Niet", "In enige mate", "In sterke mate", "Weet niet"
X = None  # empty (unrouted or skipped)


def _tabel(rijen: list[list], prefix: str = "probleem_") -> pd.DataFrame:
    return pd.DataFrame(rijen, columns=[prefix + lg for lg in LEEFGEBIEDEN], dtype=object)


@pytest.fixture
def problemen() -> pd.DataFrame:
    """Seven casussen; order of columns: huisvesting ... overlast."""
    return _tabel(
        [
            [S, S, S, S, S, S, S, S],  # r1: 8 problems, 8 sterk
            [E, E, E, E, E, E, E, N],  # r2: 7 problems, 0 sterk
            [S, S, E, N, N, N, N, N],  # r3: 3 problems, 2 sterk
            [S, S, S, E, N, N, N, N],  # r4: 4 problems, 3 sterk
            [S, S, S, S, S, S, S, W],  # r5: incomplete (Weet niet on overlast)
            [X, X, X, X, X, X, X, X],  # r6: empty (not routed)
            [S, X, X, X, X, X, X, X],  # r7: incomplete (skipped)
        ]
    )


# ----------------------------------------------------------------------------------------
# 2-1 multicomplex
# ----------------------------------------------------------------------------------------
def test_multicomplex_hand_computed(problemen):
    r = multicomplex(problemen).set_index("groep")
    # complete: r1..r4 -> n = 4
    assert r["n"].tolist() == [4, 4, 4]
    # 7-8: r1, r2 ; 4+: r1, r2, r4 ; sterk 3+: r1, r4
    assert r.loc["leefgebieden=7-8", "aantal"] == 2
    assert r.loc["leefgebieden=7-8", "estimate"] == pytest.approx(50.0, abs=1e-12)
    assert r.loc["leefgebieden=4+", "aantal"] == 3
    assert r.loc["leefgebieden=4+", "estimate"] == pytest.approx(75.0, abs=1e-12)
    assert r.loc["sterke_mate=3+", "aantal"] == 2
    assert r.loc["sterke_mate=3+", "estimate"] == pytest.approx(50.0, abs=1e-12)
    assert r.loc["sterke_mate=3+", "n_onvolledig"] == 2  # r5 (Weet niet), r7 (skipped)
    assert r.loc["sterke_mate=3+", "n_leeg"] == 1  # r6


def test_multicomplex_group_labels_in_contract_order(problemen):
    assert multicomplex(problemen)["groep"].tolist() == [
        "leefgebieden=7-8",
        "leefgebieden=4+",
        "sterke_mate=3+",
    ]


@pytest.mark.parametrize(
    ("k_probleem", "k_sterk", "verwacht"),
    [
        (6, 0, [0, 1, 0]),  # 6 problems: not 7-8, but 4+
        (7, 2, [1, 1, 0]),  # exactly 7; 2 sterk is below 3
        (3, 3, [0, 0, 1]),  # 3 sterk, 3 problems: only sterke_mate=3+
        (8, 3, [1, 1, 1]),
    ],
)
def test_multicomplex_thresholds_are_inclusive(k_probleem, k_sterk, verwacht):
    rij = [S] * k_sterk + [E] * (k_probleem - k_sterk) + [N] * (8 - k_probleem)
    assert multicomplex(_tabel([rij]))["aantal"].tolist() == verwacht


def test_multicomplex_without_complete_casus_is_nan():
    r = multicomplex(_tabel([[S, X, X, X, X, X, X, X]]))
    assert r["n"].tolist() == [0, 0, 0]
    assert r["estimate"].isna().all()


# ----------------------------------------------------------------------------------------
# 8-1 percentage in sterke mate
# ----------------------------------------------------------------------------------------
def test_percentage_sterke_mate_own_base_per_leefgebied(problemen):
    r = percentage_sterke_mate(problemen).set_index("leefgebied")
    # huisvesting: S E S S S X S -> valid 6, sterk 5
    assert r.loc["huisvesting", "n"] == 6
    assert r.loc["huisvesting", "aantal"] == 5
    assert r.loc["huisvesting", "estimate"] == pytest.approx(500 / 6, abs=1e-12)
    # overlast: S N N N W X X -> valid 4, sterk 1, 1 Weet niet, 2 empty
    assert r.loc["overlast", "n"] == 4
    assert r.loc["overlast", "estimate"] == pytest.approx(25.0, abs=1e-12)
    assert r.loc["overlast", "n_weet_niet"] == 1
    assert r.loc["overlast", "n_leeg"] == 2
    # psychisch: S E N E S X X -> valid 5, sterk 2
    assert r.loc["psychisch", "estimate"] == pytest.approx(40.0, abs=1e-12)


def test_percentage_sterke_mate_accepts_string_dtype_and_pd_na():
    df = pd.DataFrame({"probleem_gezin": pd.array([S, pd.NA, N, S], dtype="string")})
    r = percentage_sterke_mate(df, leefgebieden=["gezin"])
    assert r["n"].iloc[0] == 3
    assert r["estimate"].iloc[0] == pytest.approx(200 / 3, abs=1e-12)


def test_percentage_sterke_mate_without_valid_answers_is_nan():
    df = pd.DataFrame({"probleem_gezin": [W, X]}, dtype=object)
    r = percentage_sterke_mate(df, leefgebieden=["gezin"])
    assert r["n"].iloc[0] == 0
    assert np.isnan(r["estimate"].iloc[0])


def test_unknown_label_raises_value_error():
    df = pd.DataFrame({"probleem_gezin": [S, "Sterk"]})
    with pytest.raises(ValueError, match="Sterk"):
        percentage_sterke_mate(df, leefgebieden=["gezin"])


def test_missing_column_raises_value_error():
    with pytest.raises(ValueError, match="probleem_gezin"):
        percentage_sterke_mate(pd.DataFrame({"x": [1]}), leefgebieden=["gezin"])


def test_leefgebieden_as_string_raises_type_error():
    with pytest.raises(TypeError):
        percentage_sterke_mate(pd.DataFrame({"probleem_gezin": [S]}), leefgebieden="gezin")


# ----------------------------------------------------------------------------------------
# 9-1 focus gap
# ----------------------------------------------------------------------------------------
def test_focus_verschil_each_percentage_on_its_own_base():
    df = pd.DataFrame(
        {
            "probleem_gezin": [S, S, E, X, W],  # valid 3, sterk 2 -> 66.67 %
            "aanpak_gezin": [S, N, N, S, X],  # valid 4, sterk 2 -> 50 %
        },
        dtype=object,
    )
    r = focus_verschil(df, leefgebieden=["gezin"]).iloc[0]
    assert r["n_probleem"] == 3
    assert r["n_aanpak"] == 4
    assert r["pct_probleem"] == pytest.approx(200 / 3, abs=1e-12)
    assert r["pct_aanpak"] == pytest.approx(50.0, abs=1e-12)
    assert r["estimate"] == pytest.approx(200 / 3 - 50, abs=1e-12)
    assert r["n"] == 3


def test_focus_verschil_negative_when_approach_exceeds_problem():
    df = pd.DataFrame({"probleem_overlast": [E, E], "aanpak_overlast": [S, S]})
    r = focus_verschil(df, leefgebieden=["overlast"]).iloc[0]
    assert r["estimate"] == pytest.approx(-100.0, abs=1e-12)


# ----------------------------------------------------------------------------------------
# Bootstrap CI of the change in the focus gap
# ----------------------------------------------------------------------------------------
def _meting(rng: np.random.Generator, n: int, p_prob: float, p_aanpak: float) -> pd.DataFrame:
    """n casussen for one leefgebied with random answers (and some missing)."""
    prob = np.where(rng.random(n) < p_prob, S, np.where(rng.random(n) < 0.5, E, N)).astype(object)
    aanpak = np.where(rng.random(n) < p_aanpak, S, N).astype(object)
    prob[rng.random(n) < 0.1] = W
    aanpak[rng.random(n) < 0.1] = None
    return pd.DataFrame({"probleem_gezin": prob, "aanpak_gezin": aanpak})


@pytest.fixture
def twee_metingen():
    rng = np.random.default_rng(123)
    return _meting(rng, 60, 0.6, 0.4), _meting(rng, 70, 0.5, 0.5)


def test_bootstrap_estimate_is_change_of_hand_computed_gaps():
    d1 = pd.DataFrame({"probleem_gezin": [S, S, N, N], "aanpak_gezin": [S, N, N, N]})  # 50-25
    d2 = pd.DataFrame({"probleem_gezin": [S, S, S, N], "aanpak_gezin": [N, N, N, X]})  # 75-0
    r = bootstrap_verschil_focus(d1, d2, leefgebieden=["gezin"], n_boot=200, seed=1).iloc[0]
    assert r["gap1"] == pytest.approx(25.0, abs=1e-12)
    assert r["gap2"] == pytest.approx(75.0, abs=1e-12)
    assert r["estimate"] == pytest.approx(50.0, abs=1e-12)
    assert (r["n1"], r["n2"]) == (4, 3)
    assert r["test"] == "bootstrap"


def test_bootstrap_is_deterministic_with_seed(twee_metingen):
    d1, d2 = twee_metingen
    a = bootstrap_verschil_focus(d1, d2, leefgebieden=["gezin"], seed=42)
    b = bootstrap_verschil_focus(d1, d2, leefgebieden=["gezin"], seed=42)
    c = bootstrap_verschil_focus(d1, d2, leefgebieden=["gezin"], seed=43)
    pd.testing.assert_frame_equal(a, b)
    assert (
        a["ci_low"].iloc[0] != c["ci_low"].iloc[0] or a["ci_high"].iloc[0] != c["ci_high"].iloc[0]
    )


def test_bootstrap_ci_contains_point_estimate(twee_metingen):
    d1, d2 = twee_metingen
    r = bootstrap_verschil_focus(d1, d2, leefgebieden=["gezin"], seed=7).iloc[0]
    assert r["ci_low"] < r["estimate"] < r["ci_high"]
    assert r["n_boot"] == 2000


def test_bootstrap_ci_width_shrinks_with_n(twee_metingen):
    d1, d2 = twee_metingen
    klein = bootstrap_verschil_focus(d1, d2, leefgebieden=["gezin"], seed=7).iloc[0]
    groot = bootstrap_verschil_focus(
        pd.concat([d1] * 9, ignore_index=True),
        pd.concat([d2] * 9, ignore_index=True),
        leefgebieden=["gezin"],
        seed=7,
    ).iloc[0]
    # same point estimate, 9x the casussen: the width should be about 1/3 (sqrt(9))
    assert groot["estimate"] == pytest.approx(klein["estimate"], abs=1e-9)
    verhouding = (groot["ci_high"] - groot["ci_low"]) / (klein["ci_high"] - klein["ci_low"])
    assert verhouding == pytest.approx(1 / 3, abs=0.06)


def test_bootstrap_se_matches_delta_method_for_large_n():
    # Complete answers, so gap = mean(X - Y) with X, Y the 0/1 sterk indicators; the change
    # of two independent gaps has variance var(X-Y)_1 / n1 + var(X-Y)_2 / n2.
    rng = np.random.default_rng(5)
    d1 = _meting(rng, 800, 0.6, 0.4).fillna({"aanpak_gezin": N}).replace({W: N})
    d2 = _meting(rng, 900, 0.5, 0.5).fillna({"aanpak_gezin": N}).replace({W: N})

    def var_per_casus(d):
        x = (d["probleem_gezin"] == S).to_numpy(float) - (d["aanpak_gezin"] == S).to_numpy(float)
        return np.var(x, ddof=0) / len(d)

    se = 100 * np.sqrt(var_per_casus(d1) + var_per_casus(d2))
    r = bootstrap_verschil_focus(d1, d2, leefgebieden=["gezin"], n_boot=4000, seed=3).iloc[0]
    assert r["se"] == pytest.approx(se, rel=0.05)
    # percentile interval close to the normal one for large n
    assert r["ci_high"] - r["ci_low"] == pytest.approx(2 * 1.959964 * se, rel=0.08)


def test_bootstrap_without_variation_gives_no_interval():
    d1 = pd.DataFrame({"probleem_gezin": [S] * 5, "aanpak_gezin": [N] * 5})  # gap 100
    d2 = pd.DataFrame({"probleem_gezin": [S] * 6, "aanpak_gezin": [S] * 6})  # gap 0
    r = bootstrap_verschil_focus(d1, d2, leefgebieden=["gezin"], n_boot=100, seed=0).iloc[0]
    # every resample gives -100 exactly: a zero-width interval would claim certainty
    assert r["estimate"] == -100.0  # whole-number percentages: exact
    assert np.isnan(r["ci_low"]) and np.isnan(r["ci_high"])
    assert r["se"] == 0.0 and r["n_boot"] == 100
    assert "geen variatie" in r["opmerking"]


def test_bootstrap_one_casus_gives_nan_interval():
    d1 = pd.DataFrame({"probleem_gezin": [S], "aanpak_gezin": [N]})
    d2 = pd.DataFrame({"probleem_gezin": [S, N], "aanpak_gezin": [S, N]})
    r = bootstrap_verschil_focus(d1, d2, leefgebieden=["gezin"], n_boot=50, seed=0).iloc[0]
    assert r["estimate"] == pytest.approx(-100.0, abs=1e-12)
    assert np.isnan(r["ci_low"]) and np.isnan(r["ci_high"])
    assert r["n_boot"] == 0


def test_bootstrap_confidence_level_widens_interval(twee_metingen):
    d1, d2 = twee_metingen
    r90 = bootstrap_verschil_focus(d1, d2, leefgebieden=["gezin"], confidence=0.90, seed=9)
    r99 = bootstrap_verschil_focus(d1, d2, leefgebieden=["gezin"], confidence=0.99, seed=9)
    assert (r99["ci_high"] - r99["ci_low"]).iloc[0] > (r90["ci_high"] - r90["ci_low"]).iloc[0]


@pytest.mark.parametrize(("n_boot", "confidence"), [(0, 0.95), (2.5, 0.95), (100, 1.0)])
def test_bootstrap_invalid_arguments_raise(twee_metingen, n_boot, confidence):
    d1, d2 = twee_metingen
    with pytest.raises(ValueError):
        bootstrap_verschil_focus(
            d1, d2, leefgebieden=["gezin"], n_boot=n_boot, confidence=confidence
        )


def test_bootstrap_all_eight_leefgebieden():
    rng = np.random.default_rng(11)
    kol = {}
    for lg in LEEFGEBIEDEN:
        kol[f"probleem_{lg}"] = rng.choice([N, E, S, W], size=40).astype(object)
        kol[f"aanpak_{lg}"] = rng.choice([N, E, S], size=40).astype(object)
    d = pd.DataFrame(kol)
    r = bootstrap_verschil_focus(d, d, n_boot=300, seed=2)
    assert r["leefgebied"].tolist() == list(LEEFGEBIEDEN)
    assert np.allclose(r["estimate"], 0.0)
    assert ((r["ci_low"] <= 0) & (r["ci_high"] >= 0)).all()
