"""Tests for analysis.weging (representativeness and post-stratification of the questionnaire).

Reference values come from R 4.2.2 with survey 4.1.1 (tests/reference/weging.R, run with
Rscript); each stored value carries the R call that produced it. The respondents below are
the literal vectors of the R script.
"""

import math
import time

import numpy as np
import pandas as pd
import pytest

from analysis.weging import (
    gewogen_gemiddelden,
    gewogen_percentages,
    poststratificatie_gewichten,
    representativiteit,
    representativiteit_toets,
    respondent_gewichten,
)

R_TOL = {"rel": 1e-9, "abs": 1e-12}

KANT = ["strafkant"] * 6 + ["zorgkant"] * 6 + ["bestuurskant"] * 2
CIJFER = [7, 8, 6, np.nan, 9, 7, 5, 6, 6, 7, np.nan, 4, 8, 9]
EENS = [1, 1, 0, 1, np.nan, 1, 0, 0, 1, np.nan, 0, 0, 1, 1]
# R: pop <- data.frame(kant = c("strafkant", "zorgkant", "bestuurskant"), Freq = c(40, 25, 15))
INV = {"strafkant": 40, "zorgkant": 25, "bestuurskant": 15}


@pytest.fixture
def d() -> pd.DataFrame:
    return pd.DataFrame({"kant": KANT, "cijfer": CIJFER, "eens": EENS})


def one(df: pd.DataFrame) -> pd.Series:
    assert len(df) == 1
    return df.iloc[0]


# ----------------------------------------------------------------------------------------
# Weights and weighted estimates (R: des <- postStratify(svydesign(ids = ~1, data = d),
#                                     ~kant, pop))
# ----------------------------------------------------------------------------------------
def test_weights(d):
    t = poststratificatie_gewichten(d, INV).set_index("groep")
    assert t["gewicht"].to_dict() == pytest.approx(
        {"strafkant": 40 / 6, "zorgkant": 25 / 6, "bestuurskant": 7.5}
    )
    # R: weights(des) = 6.666666666666667 (x6), 4.166666666666667 (x6), 7.5 (x2)
    w = respondent_gewichten(d, INV)
    assert w.to_numpy() == pytest.approx([40 / 6] * 6 + [25 / 6] * 6 + [7.5] * 2, rel=1e-15)
    assert w.sum() == pytest.approx(80)


def test_invited_as_dataframe_or_series(d):
    frame = pd.DataFrame({"kant": list(INV), "uitgenodigd": list(INV.values())})
    a = gewogen_gemiddelden(d, "cijfer", frame)
    b = gewogen_gemiddelden(d, "cijfer", pd.Series(INV))
    assert a["gemiddelde"].iloc[0] == b["gemiddelde"].iloc[0]


def test_weighted_mean_against_r(d):
    r = one(gewogen_gemiddelden(d, "cijfer", INV))
    # R: m <- svymean(~cijfer, des, na.rm = TRUE); coef(m), SE(m), confint(m)
    assert r["gemiddelde"] == pytest.approx(7.0963855421686741, **R_TOL)
    assert r["se"] == pytest.approx(0.29451552957644495, **R_TOL)
    assert r["ci_low"] == pytest.approx(6.5191457113111007, **R_TOL)
    assert r["ci_high"] == pytest.approx(7.6736253730262476, **R_TOL)
    # R: svymean(~cijfer, svydesign(ids = ~1, data = d), na.rm = TRUE)
    assert r["gemiddelde_ongewogen"] == pytest.approx(6.833333333333333, **R_TOL)
    assert r["se_ongewogen"] == pytest.approx(0.43812277611597295, **R_TOL)
    assert r["n"] == 12 and r["n_ongewogen"] == 12
    w = np.array([40 / 6] * 6 + [25 / 6] * 6 + [7.5] * 2)[~np.isnan(CIJFER)]
    assert r["n_effectief"] == pytest.approx(w.sum() ** 2 / (w**2).sum())
    assert r["opmerking"] == ""


def test_weighted_percentage_against_r(d):
    r = one(gewogen_percentages(d, "eens", INV))
    # R: e <- svymean(~eens, des, na.rm = TRUE); 100 * coef(e), 100 * SE(e)
    assert r["percentage"] == pytest.approx(100 * 0.66265060240963847, **R_TOL)
    assert r["se"] == pytest.approx(100 * 0.10947475368140817, **R_TOL)
    # R: svymean(~eens, svydesign(ids = ~1, data = d), na.rm = TRUE)
    assert r["percentage_ongewogen"] == pytest.approx(100 * 0.58333333333333326, **R_TOL)
    assert r["se_ongewogen"] == pytest.approx(100 * 0.14769115769970137, **R_TOL)


def test_percentage_with_answer_labels(d):
    labels = d.assign(
        eens=d["eens"].map({1.0: "Mee eens", 0.0: "Oneens"}).where(d["eens"].notna(), None)
    )
    a = one(gewogen_percentages(labels, "eens", INV, ja=["Mee eens", "Helemaal mee eens"]))
    b = one(gewogen_percentages(d, "eens", INV))
    assert a["percentage"] == pytest.approx(b["percentage"])
    assert a["se"] == pytest.approx(b["se"])
    # boolean items with pd.NA
    booleans = d.assign(eens=pd.array([None if np.isnan(x) else bool(x) for x in EENS]))
    c = one(gewogen_percentages(booleans, "eens", INV))
    assert c["percentage"] == pytest.approx(b["percentage"])


def test_group_without_respondents_is_left_out(d):
    # R: postStratify(des0, ~kant, rbind(pop, data.frame(kant = "overig", Freq = 10)),
    #                 partial = TRUE)  -> the same mean 7.0963855421686741, SE 0.29451552957644495
    r = one(gewogen_gemiddelden(d, "cijfer", {**INV, "overig": 10}))
    assert r["gemiddelde"] == pytest.approx(7.0963855421686741, **R_TOL)
    assert r["se"] == pytest.approx(0.29451552957644495, **R_TOL)
    assert "overig" in r["opmerking"]
    t = poststratificatie_gewichten(d, {**INV, "overig": 10}).set_index("groep")
    assert math.isnan(t.loc["overig", "gewicht"]) and t.loc["overig", "opmerking"] != ""


def test_respondents_without_group(d):
    d2 = pd.concat([d, pd.DataFrame({"kant": [None], "cijfer": [10.0], "eens": [1.0]})])
    r = one(gewogen_gemiddelden(d2, "cijfer", INV))
    assert r["gemiddelde"] == pytest.approx(7.0963855421686741, **R_TOL)
    assert r["n"] == 12 and r["n_ongewogen"] == 13
    assert "zonder kant" in r["opmerking"]


def test_errors(d):
    with pytest.raises(ValueError, match="niet in de lijst"):
        gewogen_gemiddelden(d, "cijfer", {"strafkant": 40, "zorgkant": 25})
    with pytest.raises(ValueError, match="gehele getallen"):
        gewogen_gemiddelden(d, "cijfer", {**INV, "zorgkant": -1})
    with pytest.raises(ValueError, match="0 uitgenodigden"):
        gewogen_gemiddelden(d, "cijfer", {**INV, "zorgkant": 0})
    with pytest.raises(ValueError, match="niet in data"):
        gewogen_gemiddelden(d, "onbekend", INV)
    with pytest.raises(TypeError, match="numeriek"):
        gewogen_gemiddelden(d.assign(cijfer="x"), "cijfer", INV)
    with pytest.raises(ValueError, match="0/1"):
        gewogen_percentages(d, "cijfer", INV)
    with pytest.raises(ValueError, match="ontbreken"):
        gewogen_gemiddelden(d, "cijfer", pd.DataFrame({"organisatie": ["x"], "uitgenodigd": [1]}))


def test_all_answers_missing(d):
    r = one(gewogen_gemiddelden(d.assign(cijfer=np.nan), "cijfer", INV))
    assert r["n"] == 0 and math.isnan(r["gemiddelde"]) and math.isnan(r["se"])


# ----------------------------------------------------------------------------------------
# Representativeness
# ----------------------------------------------------------------------------------------
def respondents(counts: dict) -> pd.DataFrame:
    return pd.DataFrame({"kant": [k for k, n in counts.items() for _ in range(n)]})


def test_chi2_goodness_of_fit_against_r():
    d = respondents({"a": 30, "b": 20, "c": 10})
    inv = {"a": 100, "b": 40, "c": 60}
    t = one(representativiteit_toets(d, inv))
    # R: chisq.test(c(30, 20, 10), p = c(100, 40, 60) / 200)
    assert t["statistic"] == pytest.approx(8.8888888888888893, **R_TOL)
    assert t["df"] == 2
    assert t["p_val"] == pytest.approx(0.011743628457021361, **R_TOL)
    assert t["test"].startswith("Pearson")
    assert t["min_verwacht"] == 12
    assert t["ondervertegenwoordigd"] == "c" and t["oververtegenwoordigd"] == "b"
    assert "wijkt af" in t["oordeel"] and "ondervertegenwoordigd: c" in t["oordeel"]
    assert "p = 0,012" in t["oordeel"]

    r = representativiteit(d, inv).set_index("groep")
    # R: chisq.test(...)$expected = 30, 12, 18
    assert r["verwacht"].tolist() == pytest.approx([30, 12, 18])
    assert r["percentage"].tolist() == pytest.approx([30, 50, 100 / 6])
    assert r["aandeel_respondenten"].tolist() == pytest.approx([50, 100 / 3, 100 / 6])
    assert r["aandeel_uitgenodigd"].tolist() == pytest.approx([50, 20, 30])
    assert r["verschil_pp"].tolist() == pytest.approx([0, 40 / 3, -40 / 3])
    assert r["residu"]["b"] == pytest.approx((20 - 12) / math.sqrt(12 * 0.8))
    assert r["vertegenwoordiging"].tolist() == [
        "evenredig",
        "oververtegenwoordigd",
        "ondervertegenwoordigd",
    ]


@pytest.mark.parametrize(
    ("counts", "x2", "p"),
    [
        # R (weging.R): exact_x2(c(1, 7, 2), c(40, 25, 15) / 80), full enumeration with
        # dmultinom, P(X2 >= X2_obs * (1 - 1e-7))
        ((1, 7, 2), 8.0133333333333336, 0.01336916533182381),
        ((6, 6, 2), 0.89523809523809517, 0.72420215271995525),
    ],
)
def test_exact_test_small_expected_against_r(counts, x2, p):
    d = respondents(dict(zip(INV, counts, strict=True)))
    t = one(representativiteit_toets(d, INV))
    assert t["test"].startswith("exacte multinomiale toets")
    assert t["statistic"] == pytest.approx(x2, **R_TOL)
    assert t["p_val"] == pytest.approx(p, rel=1e-9)
    # Monte Carlo when the outcomes are too many to enumerate: close to the exact p
    mc = one(representativiteit_toets(d, INV, max_uitkomsten=1))
    assert mc["test"].startswith("Monte-Carlo")
    assert mc["p_val"] == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / 100_000) + 1e-5)
    again = one(representativiteit_toets(d, INV, max_uitkomsten=1))
    assert again["p_val"] == mc["p_val"]  # seeded: reproducible


def test_exact_probabilities_sum_to_one():
    # every outcome has X2 >= 0, so with X2_obs = 0 (o = e) the p-value is 1
    d = respondents({"a": 2, "b": 1, "c": 1})
    t = one(representativiteit_toets(d, {"a": 20, "b": 10, "c": 10}))
    assert t["statistic"] == 0 and t["p_val"] == pytest.approx(1.0)
    assert "niet significant" in t["oordeel"] and t["ondervertegenwoordigd"] == ""


def test_not_significant_verdict():
    d = respondents({"a": 48, "b": 32, "c": 20})
    t = one(representativiteit_toets(d, {"a": 100, "b": 70, "c": 30}))
    assert t["p_val"] > 0.05
    assert "wijkt niet significant af" in t["oordeel"]
    r = representativiteit(d, {"a": 100, "b": 70, "c": 30})
    assert set(r["vertegenwoordiging"]) == {"evenredig"}


def test_degenerate_representativeness():
    t = one(representativiteit_toets(respondents({"a": 5}), {"a": 10}))
    assert math.isnan(t["p_val"]) and "niet getoetst" in t["oordeel"]
    t = one(representativiteit_toets(pd.DataFrame({"kant": [None, None]}), {"a": 1, "b": 1}))
    assert math.isnan(t["p_val"]) and t["n_zonder_groep"] == 2
    # a group with 0 invited and no respondents takes no part
    d = respondents({"a": 30, "b": 20, "c": 10})
    a = one(representativiteit_toets(d, {"a": 100, "b": 40, "c": 60, "d": 0}))
    assert a["groepen"] == 3
    assert a["p_val"] == pytest.approx(0.011743628457021361, **R_TOL)
    # more respondents than invited is shown, not an error
    r = representativiteit(respondents({"a": 12, "b": 3}), {"a": 10, "b": 10})
    assert r["opmerking"].iloc[0] == "meer respondenten dan uitgenodigden"


def test_exact_enumeration_is_fast():
    t0 = time.perf_counter()
    # 8 organisations, 40 respondents with small expected counts: C(47, 7) > 5e5 -> Monte
    # Carlo; 25 respondents over 6 groups: C(30, 5) = 142506 outcomes -> exact
    inv = {f"org{i}": n for i, n in enumerate([30, 20, 10, 5, 5, 3])}
    d = respondents({"org0": 10, "org1": 8, "org2": 3, "org3": 2, "org4": 1, "org5": 1})
    t = one(representativiteit_toets(d, inv))
    assert t["test"].startswith("exacte")
    assert 0 <= t["p_val"] <= 1
    inv8 = {**inv, "org6": 2, "org7": 2}
    d8 = respondents({k: 4 for k in inv8} | {"org0": 12})
    t8 = one(representativiteit_toets(d8, inv8))
    assert t8["test"].startswith("Monte-Carlo")
    assert time.perf_counter() - t0 < 5


def test_table_and_test_from_one_test(monkeypatch):
    # the survey tool needs both the test and the table per group; together they come from
    # one test, so the Monte Carlo p-value is simulated once, and they equal the two
    # functions called apart
    import analysis.weging as weging

    d = respondents(dict(zip(INV, (1, 7, 2), strict=True)))
    toets_apart = representativiteit_toets(d, INV, max_uitkomsten=1)
    tabel_apart = representativiteit(d, INV, max_uitkomsten=1)
    trekkingen = []
    echt = weging._mc_p

    def tel(*args):
        trekkingen.append(args)
        return echt(*args)

    monkeypatch.setattr(weging, "_mc_p", tel)
    toets, tabel = weging.representativiteit_met_toets(d, INV, max_uitkomsten=1)
    assert len(trekkingen) == 1
    assert toets["test"].iloc[0].startswith("Monte-Carlo")
    pd.testing.assert_frame_equal(toets, toets_apart)
    pd.testing.assert_frame_equal(tabel, tabel_apart)
    assert tabel["vertegenwoordiging"].tolist() != ["evenredig"] * 3  # the verdict is in it
