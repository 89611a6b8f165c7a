"""Tests for analysis.vergelijkingsgroep (10-2, matched comparison group).

Statistics are checked against R 4.2.2 (tests/reference/vergelijkingsgroep.R, run with
Rscript; sandwich 3.0.2, lmtest 0.9.40); each stored value carries the R call that produced
it. The hand-built persons below are the literal table of the R script; the R script builds
the matched sample (bands, strata, CEM weights) the same way as ``cem_match``.
"""

import time

import numpy as np
import pandas as pd
import pytest

from analysis.recidive import did_ratio, long_format, rate_ratio
from analysis.vergelijkingsgroep import (
    BANDEN_JAAR_ERVOOR,
    BANDEN_VOOR,
    balans_tabel,
    band_labels,
    banden,
    cem_match,
    delicten_jaar_ervoor,
    did_ratio_gewogen,
    matchtelling,
    vergelijkingsgroep_effect,
)

R_TOL = {"rel": 1e-6, "abs": 1e-12}

# id, groep, doelgroep, ervoor, voor, na, vv, vn  (= the table in vergelijkingsgroep.R)
PERSONEN = """
t01 TopX A 0 8 3 365 365
t02 TopX A 1 5 2 300 365
t03 TopX A 3 9 4 365 250
t04 TopX B 0 3 1 365 365
t05 TopX B 2 4 0 200 365
t06 TopX A 0 2 1 365 365
t07 TopX B 1 6 2 365 320
t08 TopX A 4 12 5 365 365
t09 TopX B 0 1 0 365 365
t10 TopX A 0 7 3 340 365
o01 Overige A 0 1 1 365 365
o02 Overige B 0 2 0 365 365
o03 Overige A 1 3 2 365 300
o04 Overige B 0 0 1 365 365
o05 Overige A 2 4 1 250 365
o06 Overige B 5 10 4 365 365
v01 vergelijking A 0 8 4 365 365
v02 vergelijking A 2 9 5 365 365
v03 vergelijking A 1 5 3 365 365
v04 vergelijking A 2 6 2 300 365
v05 vergelijking B 0 3 2 365 365
v06 vergelijking B 0 4 1 365 365
v07 vergelijking B 0 3 3 365 200
v08 vergelijking A 0 2 2 365 365
v09 vergelijking B 1 7 3 365 365
v10 vergelijking B 0 1 1 365 365
v11 vergelijking A 0 1 0 365 365
v12 vergelijking A 0 0 0 365 365
v13 vergelijking B 0 0 1 365 365
v14 vergelijking A 0 6 4 365 365
v15 vergelijking A 1 3 1 365 365
v16 vergelijking B 0 2 1 365 300
v17 vergelijking A 0 5 2 365 365
"""


def hand_windows(excluded: bool = True) -> pd.DataFrame:
    rows = [line.split() for line in PERSONEN.strip().splitlines()]
    df = pd.DataFrame(
        rows,
        columns=["persoonsnummer", "groep", "doelgroep", "ervoor", "voor", "na", "vv", "vn"],
    )
    num = ["ervoor", "voor", "na", "vv", "vn"]
    df[num] = df[num].astype(int)
    df["groep"] = df["groep"].replace({"TopX": "Top X", "Overige": "Overige casuïstiek"})
    out = pd.DataFrame(
        {
            "persoonsnummer": df["persoonsnummer"],
            "groep": df["groep"],
            "doelgroep": df["doelgroep"],
            "delicten_jaar_ervoor": df["ervoor"],
            "delicten_voor": df["voor"],
            "delicten_na": df["na"],
            "dagen_vrij_voor": df["vv"],
            "dagen_vrij_na": df["vn"],
            "uitgesloten": "",
        }
    )
    if excluded:  # an excluded treated person (< 30 days at liberty) takes no part
        extra = out.iloc[[0]].assign(
            persoonsnummer="t99", dagen_vrij_na=10, uitgesloten="< 30 dagen vrij"
        )
        out = pd.concat([out, extra], ignore_index=True)
    return out


@pytest.fixture(scope="module")
def matched() -> pd.DataFrame:
    return cem_match(hand_windows())


def stat(e: pd.DataFrame, groep: str, statistiek: str) -> pd.Series:
    return e.set_index(["groep", "statistiek"]).loc[(groep, statistiek)]


# ----------------------------------------------------------------------------------------
# Bands and prior offending
# ----------------------------------------------------------------------------------------
def test_band_labels_defaults():
    assert band_labels(BANDEN_VOOR) == ["0", "1", "2", "3-4", "5-7", "8+"]
    assert band_labels(BANDEN_JAAR_ERVOOR) == ["0", "1-2", "3+"]


def test_banden_edges():
    b = banden([0, 1, 2, 3, 4, 5, 7, 8, 100])
    assert list(b) == ["0", "1", "2", "3-4", "3-4", "5-7", "5-7", "8+", "8+"]
    assert list(b.categories) == band_labels()
    assert list(banden([0, 1, 2, 3, 9], BANDEN_JAAR_ERVOOR)) == ["0", "1-2", "1-2", "3+", "3+"]
    assert list(banden([4, 10], (0, 5))) == ["0-4", "5+"]


@pytest.mark.parametrize("grenzen", [(1, 2), (0, 2, 2), (0, 3, 1), (), (0, 1.5)])
def test_banden_bad_bounds(grenzen):
    with pytest.raises(ValueError, match="ondergrenzen"):
        banden([1], grenzen)


def test_banden_bad_counts():
    with pytest.raises(ValueError, match="gehele getallen"):
        banden([1, -1])
    with pytest.raises(ValueError, match="gehele getallen"):
        banden([1.5])
    with pytest.raises(ValueError, match="gehele getallen"):
        banden([1, None])


def test_delicten_jaar_ervoor_window_edges():
    # start 2020-01-01, W = 365: before-window [2019-01-01, 2020-01-01); the year before it
    # [2018-01-01, 2019-01-01) (365 days each; 2019 and 2018 are not leap years)
    cohort = pd.DataFrame(
        {"persoonsnummer": ["a", "b"], "start": pd.to_datetime(["2020-01-01", "2020-01-01"])}
    )
    off = pd.DataFrame(
        {
            "persoonsnummer": ["a", "a", "a", "a", "b", "x"],
            "pleegdatum": pd.to_datetime(
                ["2017-12-31", "2018-01-01", "2018-12-31", "2019-01-01", "2018-06-01", "2018-06-01"]
            ),
        }
    )
    out = delicten_jaar_ervoor(cohort, off)
    assert out["persoonsnummer"].tolist() == ["a", "b"]
    assert out["delicten_jaar_ervoor"].tolist() == [2, 1]
    assert out["dagen_jaar_ervoor"].tolist() == [365, 365]
    # the police data begin later: the earlier window is cut and has fewer days
    out = delicten_jaar_ervoor(cohort, off, begin_gegevens="2018-07-01")
    assert out["delicten_jaar_ervoor"].tolist() == [1, 0]
    assert out["dagen_jaar_ervoor"].tolist() == [184, 184]


# ----------------------------------------------------------------------------------------
# Matching: strata and CEM weights (R: vergelijkingsgroep.R)
# ----------------------------------------------------------------------------------------
def test_cem_strata_and_weights_top_x(matched):
    d = matched.loc[matched["behandelgroep"] == "Top X"]
    assert "t99" not in d["persoonsnummer"].tolist()  # excluded person takes no part
    m = d.loc[d["gematcht"]]
    # R: s$id[s$gematcht]
    assert m["persoonsnummer"].tolist() == (
        "t01,t02,t04,t06,t07,t09,t10,v01,v03,v04,v05,v06,v07,v08,v09,v10,v14,v17".split(",")
    )
    # R: s$w[s$gematcht], s$w <- ifelse(treated, 1, mt[s] / mc[s] * MC / MT), MT = 7, MC = 11
    r_w = [1] * 7 + [11 / 7, 11 / 14, 11 / 14, 11 / 21, 11 / 21, 11 / 21, 11 / 7]
    r_w += [11 / 7, 11 / 7, 11 / 14, 11 / 14]
    assert m["gewicht"].to_numpy() == pytest.approx(r_w, rel=1e-12)
    assert (d.loc[~d["gematcht"], "gewicht"] == 0).all()
    # the weighted pool sums to the matched comparison persons
    assert m.loc[m["rol"] == "vergelijking", "gewicht"].sum() == pytest.approx(11)
    assert d.set_index("persoonsnummer").loc["t01", "stratum"] == "voor=8+;ervoor=0;doelgroep=A"


def test_cem_weights_overige(matched):
    m = matched.loc[(matched["behandelgroep"] == "Overige casuïstiek") & matched["gematcht"]]
    assert m["persoonsnummer"].tolist() == "o01,o02,o03,o04,o05,v11,v13,v15,v16".split(",")
    # R: weights of matched 1, 1, 1, 1, 1, 0.8, 0.8, 1.6, 0.8 (MT = 5, MC = 4)
    assert m["gewicht"].to_numpy() == pytest.approx([1] * 5 + [0.8, 0.8, 1.6, 0.8], rel=1e-12)


def test_matchtelling(matched):
    t = matchtelling(matched).set_index("behandelgroep")
    assert t.loc["Top X"].to_dict() == {
        "personen_behandeld": 10,
        "personen_gematcht": 7,
        "personen_niet_gematcht": 3,
        "personen_pool": 17,
        "personen_vergelijking": 11,
        "personen_vergelijking_niet_gematcht": 6,
        "strata_behandeld": 9,
        "strata_gematcht": 7,
    }
    assert t.loc["Overige casuïstiek", "personen_gematcht"] == 5
    assert t.loc["Overige casuïstiek", "personen_vergelijking"] == 4


def test_cem_without_doelgroep_and_explicit_groups():
    w = hand_windows().drop(columns="doelgroep")
    m = cem_match(w, behandeld="Top X")
    assert m["behandelgroep"].unique().tolist() == ["Top X"]
    assert "doelgroep" not in m["stratum"].iloc[0]
    # exact=[] ignores doelgroep even when present
    m2 = cem_match(hand_windows(), exact=[])
    assert not m2["stratum"].str.contains("doelgroep").any()
    with pytest.raises(ValueError, match="ontbreken"):
        cem_match(w, exact=["doelgroep"])


def test_cem_duplicate_person():
    w = hand_windows(excluded=False)
    w = pd.concat([w, w.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match="vaker"):
        cem_match(w)


# ----------------------------------------------------------------------------------------
# Balance table (R: cov.wt(..., method = "unbiased"))
# ----------------------------------------------------------------------------------------
def test_balans_against_r(matched):
    b = balans_tabel(matched).set_index(["behandelgroep", "covariaat"])
    # R: smd(wmv(x[tr], 1), wmv(x[!tr], 1)) and smd(wmv(x[tr & m], w), wmv(x[!tr & m], w))
    r = {
        ("Top X", "delicten_voor"): (0.60727396801899114, -0.018313423066530193),
        ("Top X", "delicten_jaar_ervoor"): (0.60277055171213101, -0.12471644763212128),
        ("Top X", "doelgroep=A"): (0.022983824839636072, 0.0),
        ("Top X", "doelgroep=B"): (-0.02298382483963585, 0.0),
        ("Overige casuïstiek", "delicten_voor"): (-0.15425928217596915, 0.13501054811112267),
        ("Overige casuïstiek", "delicten_jaar_ervoor"): (
            0.62316394341424197,
            0.26568446566202869,
        ),
        ("Overige casuïstiek", "doelgroep=A"): (-0.16714453712445373, 0.0),
    }
    for key, (before, after) in r.items():
        assert b.loc[key, "smd_voor_matching"] == pytest.approx(before, **R_TOL), key
        assert b.loc[key, "smd_na_matching"] == pytest.approx(after, **R_TOL), key
    # R: weighted means after (T, C) voor: 4.5714285714285712, 4.6190476190476186
    row = b.loc[("Top X", "delicten_voor")]
    assert row["gemiddelde_behandeld_gematcht"] == pytest.approx(4.5714285714285712, **R_TOL)
    assert row["gemiddelde_vergelijking_gematcht"] == pytest.approx(4.6190476190476186, **R_TOL)
    assert row["personen_gematcht"] == 7
    assert row["personen_niet_gematcht"] == 3


# ----------------------------------------------------------------------------------------
# Effect (R: glm(count ~ behandeld * periode + offset(log(days)), family = poisson,
#            weights = w) + vcovCL(fit, cluster = ~id, type = "HC1", cadjust = TRUE),
#            coeftest / coefci)
# ----------------------------------------------------------------------------------------
R_EFFECT = {
    "Top X": {
        "did_rate_ratio": (
            0.67436610629547611,
            0.52469703817117674,
            0.86672805873883696,
            -3.0770442642902704,
            0.0020906425319779194,
        ),
        "rate_ratio_vergelijking": (
            0.54610824742268038,
            0.43353755296702262,
            0.68790861567130923,
            -5.1362980069542399,
            2.8020321368559312e-07,
        ),
        # R: glm(count ~ periode + offset(log(days)), family = poisson) on the matched treated
        "rate_ratio_behandeld": (
            0.3682768924302785,
            0.33228624231440951,
            0.40816576862598991,
            None,
            8.2440290415776791e-81,
        ),
    },
    "Overige casuïstiek": {
        "did_rate_ratio": (
            1.0541095890410965,
            0.30758229345335558,
            3.6125194764401924,
            0.083853476322407833,
            0.93317292973831245,
        ),
        "rate_ratio_vergelijking": (
            0.46085858585858569,
            0.21624358923782769,
            0.98218234773186841,
            -2.0065312900019565,
            0.044799593816994034,
        ),
        "rate_ratio_behandeld": (
            0.48579545454545381,
            0.18122289038158723,
            1.3022484254616111,
            None,
            0.15127712582332625,
        ),
    },
}


@pytest.mark.parametrize("groep", list(R_EFFECT))
def test_effect_against_r(matched, groep):
    e = vergelijkingsgroep_effect(matched)
    for statistiek, (est, lo, hi, z, p) in R_EFFECT[groep].items():
        r = stat(e, groep, statistiek)
        assert r["waarde"] == pytest.approx(est, **R_TOL), statistiek
        assert r["ci_low"] == pytest.approx(lo, **R_TOL), statistiek
        assert r["ci_high"] == pytest.approx(hi, **R_TOL), statistiek
        if z is not None:
            assert r["statistic"] == pytest.approx(z, **R_TOL), statistiek
        assert r["p_val"] == pytest.approx(p, rel=1e-5), statistiek
        assert r["opmerking"] == ""
    did = stat(e, groep, "did_rate_ratio")["waarde"]
    rrv = stat(e, groep, "rate_ratio_vergelijking")["waarde"]
    rrb = stat(e, groep, "rate_ratio_behandeld")["waarde"]
    assert did == pytest.approx(rrb / rrv, rel=1e-9)


def test_effect_counts(matched):
    e = vergelijkingsgroep_effect(matched)
    assert e["statistiek"].tolist()[:5] == [
        "did_rate_ratio",
        "rate_ratio_vergelijking",
        "rate_ratio_behandeld",
        "personen_gematcht",
        "personen_vergelijking",
    ]
    assert stat(e, "Top X", "personen_gematcht")[["waarde", "n"]].tolist() == [7, 10]
    assert stat(e, "Top X", "personen_vergelijking")[["waarde", "n"]].tolist() == [11, 17]
    assert stat(e, "Top X", "did_rate_ratio")["n"] == 18
    assert stat(e, "Top X", "rate_ratio_vergelijking")["n"] == 11


def test_weights_one_equals_did_ratio():
    """With all weights 1 the weighted DiD is analysis.recidive.did_ratio."""
    w = hand_windows(excluded=False)
    w = w.loc[w["groep"].isin(["Top X", "vergelijking"])]
    lang = long_format(w).assign(gewicht=1.0)
    a = did_ratio_gewogen(lang, groep="groep", behandeld="Top X", controle="vergelijking")
    b = did_ratio(lang, behandeld="Top X", controle="vergelijking")
    for k in ("estimate", "ci_low", "ci_high", "statistic", "p_val", "n", "n1", "n2"):
        assert a[k].iloc[0] == pytest.approx(b[k].iloc[0], rel=1e-9), k
    rr = rate_ratio(lang.loc[lang["groep"] == "vergelijking"])
    assert a["rr_controle"].iloc[0] == pytest.approx(rr["estimate"].iloc[0], rel=1e-9)


# ----------------------------------------------------------------------------------------
# Degenerate data: NaN with a Dutch reason, never a crash
# ----------------------------------------------------------------------------------------
def test_no_controls_matched():
    w = hand_windows()
    w = w.loc[~w["persoonsnummer"].isin(["v11", "v13", "v15", "v16", "v10", "v08", "v12"])]
    w = w.loc[w["groep"] != "Top X"]
    e = vergelijkingsgroep_effect(cem_match(w))
    did = stat(e, "Overige casuïstiek", "did_rate_ratio")
    assert np.isnan(did["waarde"]) and np.isnan(did["ci_low"])
    assert "geen personen uit de vergelijkingsgroep gematcht" in did["opmerking"]
    assert stat(e, "Overige casuïstiek", "personen_vergelijking")["waarde"] == 0
    assert np.isnan(stat(e, "Overige casuïstiek", "rate_ratio_vergelijking")["waarde"])


def test_no_pool_at_all():
    w = hand_windows()
    w = w.loc[w["groep"] == "Top X"]
    e = vergelijkingsgroep_effect(cem_match(w))
    assert np.isnan(stat(e, "Top X", "did_rate_ratio")["waarde"])
    assert stat(e, "Top X", "personen_gematcht")["waarde"] == 0


def test_zero_offences_after_in_comparison():
    w = hand_windows(excluded=False)
    w.loc[w["groep"] == "vergelijking", "delicten_na"] = 0
    e = vergelijkingsgroep_effect(cem_match(w, behandeld="Top X"))
    did = stat(e, "Top X", "did_rate_ratio")
    assert np.isnan(did["waarde"]) and did["opmerking"] != ""
    rrv = stat(e, "Top X", "rate_ratio_vergelijking")
    assert rrv["waarde"] == 0 and np.isnan(rrv["ci_low"]) and rrv["opmerking"] != ""


def test_zero_standard_error():
    """Every person with after = before / 2 (equal days): all scores 0, the SE is 0."""
    ids = [f"p{i}" for i in range(8)]
    w = pd.DataFrame(
        {
            "persoonsnummer": ids,
            "groep": ["Top X"] * 4 + ["vergelijking"] * 4,
            "delicten_jaar_ervoor": 0,
            "delicten_voor": [4, 2, 6, 8] * 2,
            "delicten_na": [2, 1, 3, 4] * 2,
            "dagen_vrij_voor": 365,
            "dagen_vrij_na": 365,
            "uitgesloten": "",
        }
    )
    e = vergelijkingsgroep_effect(cem_match(w))
    did = stat(e, "Top X", "did_rate_ratio")
    assert did["waarde"] == pytest.approx(1.0)
    assert np.isnan(did["ci_low"]) and np.isnan(did["p_val"])
    assert "standaardfout" in did["opmerking"]


def test_weighted_did_one_person_per_group_names_the_right_count():
    """Two persons (one per group): no standard error, and the reason says fewer than 3."""
    d = pd.DataFrame(
        {
            "persoonsnummer": ["a", "a", "b", "b"],
            "rol": ["behandeld"] * 2 + ["vergelijking"] * 2,
            "periode": ["voor", "na"] * 2,
            "gewicht": 1.0,
            "delicten": [4, 1, 2, 3],
            "dagen_vrij": [365, 300, 365, 200],
        }
    )
    got = did_ratio_gewogen(d).iloc[0]
    assert (got["n"], got["n1"], got["n2"]) == (2, 1, 1)
    assert got["estimate"] == pytest.approx((1 / 300) / (4 / 365) / ((3 / 200) / (2 / 365)))
    assert np.isnan(got["ci_low"]) and np.isnan(got["p_val"])
    assert "minder dan 3" in got["opmerking"]


def test_weighted_did_rejects_bad_weights():
    lang = long_format(hand_windows(excluded=False)).assign(gewicht=-1.0)
    with pytest.raises(ValueError, match="gewicht"):
        did_ratio_gewogen(lang, groep="groep", behandeld="Top X", controle="vergelijking")


# ----------------------------------------------------------------------------------------
# Acceptance: known effect, both groups selected at a peak (regression to the mean)
# ----------------------------------------------------------------------------------------
def synthetic_peak(seed: int = 20240611, n: int = 100_000, effect: float = 0.7):
    """Persons with a stable latent rate; the treated are selected much more strongly on a
    high before-window count than the comparison pool (both regress to the mean)."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(1.5, 1.5, n)
    ervoor = rng.poisson(lam)
    voor = rng.poisson(lam)
    p_t = 1 / (1 + np.exp(7 - 0.7 * voor))
    p_c = 1 / (1 + np.exp(3 - 0.25 * voor))
    u = rng.random(n)
    groep = np.where(u < p_t, "Top X", np.where(u < p_t + p_c * (1 - p_t), "vergelijking", ""))
    vn = rng.integers(200, 366, n)
    na = rng.poisson(lam * np.where(groep == "Top X", effect, 1.0) * vn / 365)
    w = pd.DataFrame(
        {
            "persoonsnummer": np.arange(n).astype(str),
            "groep": groep,
            "delicten_jaar_ervoor": ervoor,
            "delicten_voor": voor,
            "delicten_na": na,
            "dagen_vrij_voor": 365,
            "dagen_vrij_na": vn,
            "uitgesloten": "",
        }
    )
    return w.loc[groep != ""].reset_index(drop=True)


def test_acceptance_matched_did_recovers_known_effect():
    t0 = time.perf_counter()
    true = 0.7
    w = synthetic_peak(effect=true)
    m = cem_match(w)
    e = vergelijkingsgroep_effect(m)
    did = stat(e, "Top X", "did_rate_ratio")["waarde"]
    rtm = stat(e, "Top X", "rate_ratio_vergelijking")["waarde"]
    lang = long_format(w)
    naive = rate_ratio(lang.loc[lang["groep"] == "Top X"])["estimate"].iloc[0]
    unmatched = did_ratio(lang, behandeld="Top X", controle="vergelijking")["estimate"].iloc[0]
    assert abs(did - true) < 0.1, did
    assert abs(naive - true) > 0.1, naive
    assert abs(unmatched - true) > 0.1, unmatched
    assert rtm < 0.9  # the comparison group drops too: regression to the mean
    assert stat(e, "Top X", "personen_gematcht")["waarde"] > 2000
    assert time.perf_counter() - t0 < 5
