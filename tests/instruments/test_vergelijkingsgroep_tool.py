"""The matched comparison group of 10-2 through the recidivetool (issue 16, recidive part).

A hand-built registry and police extract (registratiejaar 2016, window 365 days, peildatum
31-12-2017, no detention) are written in ``tmp_path``. The tool's ``did_rate_ratio`` and
``rate_ratio_vergelijking`` must equal a direct call of :mod:`analysis.vergelijkingsgroep`
(itself tested against R) on the matched sample built here from the known windows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.vergelijkingsgroep import (
    BANDEN_JAAR_ERVOOR,
    BANDEN_VOOR,
    cem_match,
    vergelijkingsgroep_effect,
)
from instruments import recidivetool
from instruments.config import SCHEMA, laad_config
from instruments.recidivetool.cohort import bouw_vergelijkingsgroep
from instruments.status import geschreven_opmerking

TOPX = "werksoort=Top X"
OVERIGE = "werksoort=Overige casuïstiek"
KOP_REG = ["CasusNummer", "Werksoort", "Datum Bespreking", "Datum aanmelding"]
KOP_REG += ["Persoonsnummer", "Gemeente"]

# Treated: T1..T4 Top X (start 01-03-2016), O1 Overige (start 01-05-2016).
# Candidates: V1..V4 screening/triage only in 2016; V1 has two besprekingen (pseudo-start is
# the first, 01-04-2016). Not candidates: X1 (Top X in 2014, screening in 2016), X2
# (screening only in 2015), X3 (a casus with Screening in 2016 and Overige in 2017).
REGISTRY = [
    ("C1", "Top X", "01-03-2016", "T1"),
    ("C2", "Top X", "01-03-2016", "T2"),
    ("C3", "Top X", "01-03-2016", "T3"),
    ("C4", "Top X", "01-03-2016", "T4"),
    ("C5", "Overige casuïstiek", "01-05-2016", "O1"),
    ("C11", "Screening", "01-04-2016", "V1"),
    ("C11", "Triage", "01-06-2016", "V1"),
    ("C12", "Screening", "01-03-2016", "V2"),
    ("C13", "Triage", "01-03-2016", "V3"),
    ("C14", "Screening", "01-03-2016", "V4"),
    ("C20", "Top X", "01-03-2014", "X1"),
    ("C21", "Screening", "01-03-2016", "X1"),
    ("C22", "Screening", "01-03-2015", "X2"),
    ("C23", "Screening", "01-03-2016", "X3"),
    ("C23", "Overige casuïstiek", "01-02-2017", "X3"),
]

# (person, offences before, offences after, offences in the year before the before-window)
# with start 01-03-2016 (V1: 01-04-2016, O1: 01-05-2016).
DELICTEN = {
    "T1": (3, 1, 0),
    "T2": (3, 2, 1),
    "T3": (1, 0, 0),
    "T4": (5, 2, 0),
    "O1": (3, 1, 0),
    "V1": (3, 3, 0),
    "V2": (4, 2, 1),
    "V3": (1, 1, 0),
    "V4": (0, 1, 0),
    "X1": (4, 0, 0),
    "X2": (4, 0, 0),
    "X3": (4, 0, 0),
}
START = {"V1": "2016-04-01", "O1": "2016-05-01"}


def _registry(rijen=REGISTRY) -> pd.DataFrame:
    return pd.DataFrame(
        [(c, w, d, d, p, "Roermond") for c, w, d, p in rijen], columns=KOP_REG
    ).assign(Gemeente="Roermond")


def _politie(delicten=DELICTEN) -> pd.DataFrame:
    rijen = []
    for p, (voor, na, ervoor) in delicten.items():
        s = pd.Timestamp(START.get(p, "2016-03-01"))
        dagen = [-10 - 20 * i for i in range(voor)] + [10 + 20 * i for i in range(na)]
        dagen += [-400 - 20 * i for i in range(ervoor)]
        for d in dagen:
            datum = f"{s + pd.Timedelta(days=d):%d-%m-%Y}"
            rijen.append((p, datum, datum, "Vermogen", "Verdachte"))
    kop = ["Persoonsnummer", "Pleegdatum", "Registratiedatum", "Delictcategorie", "Rol"]
    return pd.DataFrame(rijen, columns=kop)


def maak(map_: Path, *, registry=None, politie=None, celgrootte=1, extra="") -> Path:
    map_.mkdir(parents=True, exist_ok=True)
    (registry if registry is not None else _registry()).to_csv(
        map_ / "gcos.csv", sep=";", index=False
    )
    (politie if politie is not None else _politie()).to_csv(
        map_ / "politie.csv", sep=";", index=False
    )
    toml = "\n".join(
        [
            "[meting]",
            'naam = "2017"',
            "registratiejaar = 2016",
            "[registratie]",
            'bestand = "gcos.csv"',
            "[recidive]",
            'politie = "politie.csv"',
            "peildatum = 2017-12-31",
            extra,
            "[publicatie]",
            f"minimale_celgrootte = {celgrootte}",
            "max_afgewezen_pct = 50",
            "",
        ]
    )
    (map_ / "meting.toml").write_text(toml, encoding="utf-8")
    return map_ / "meting.toml"


def meet(pad: Path):
    return recidivetool.meet(laad_config(pad))


def rijen(res) -> pd.DataFrame:
    r = res.indicatoren
    return r[r["item"] == "vergelijkingsgroep"].set_index(["groep", "statistiek"])


def controle(res):
    return next(c for c in res.controles if c.controle == "vergelijkingsgroep")


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    return meet(maak(tmp_path_factory.mktemp("hand")))


def test_config_defaults_are_the_analysis_defaults():
    r = SCHEMA["recidive"]
    assert r["vergelijkingsgroep"][2] is True
    assert tuple(r["banden_voor"][2]) == BANDEN_VOOR
    assert tuple(r["banden_jaar_ervoor"][2]) == BANDEN_JAAR_ERVOOR


def test_membership_and_pseudo_start():
    reg = _registry()
    b = pd.DataFrame(
        {
            "casusnummer": reg["CasusNummer"],
            "werksoort": reg["Werksoort"],
            "datum_bespreking": pd.to_datetime(reg["Datum Bespreking"], format="%d-%m-%Y"),
        }
    )
    koppels = pd.DataFrame(
        {"casusnummer": reg["CasusNummer"], "persoonsnummer": reg["Persoonsnummer"]}
    )
    k = bouw_vergelijkingsgroep(b, koppels.drop_duplicates(), 2016).set_index("persoonsnummer")
    assert sorted(k.index) == ["V1", "V2", "V3", "V4"]  # not X1 (Top X 2014), X2, X3
    assert k.loc["V1", "start"] == pd.Timestamp("2016-04-01")
    assert (k["groep"] == "vergelijking").all()


def test_did_and_comparison_ratio_equal_direct_analysis_call(hand):
    # the matched sample by hand: windows are full (365 days each, no detention)
    ids = list(DELICTEN)[:9]
    groep = ["Top X"] * 4 + ["Overige casuïstiek"] + ["vergelijking"] * 4
    w = pd.DataFrame(
        {
            "persoonsnummer": ids,
            "groep": groep,
            "delicten_voor": [DELICTEN[p][0] for p in ids],
            "delicten_na": [DELICTEN[p][1] for p in ids],
            "delicten_jaar_ervoor": [DELICTEN[p][2] for p in ids],
            "dagen_vrij_voor": 365,
            "dagen_vrij_na": 365,
            "uitgesloten": "",
        }
    )
    verwacht = vergelijkingsgroep_effect(cem_match(w)).set_index(["groep", "statistiek"])
    r = rijen(hand)
    for g in ("Top X", "Overige casuïstiek"):
        for stat in ("did_rate_ratio", "rate_ratio_vergelijking"):
            got = r.loc[(f"werksoort={g}", stat), "waarde"]
            assert got == pytest.approx(verwacht.loc[(g, stat), "waarde"], rel=1e-9), (g, stat)
        for stat in ("personen_gematcht", "personen_vergelijking"):
            assert r.loc[(f"werksoort={g}", stat), "waarde"] == verwacht.loc[(g, stat), "waarde"]
    t = hand.toetsen
    d = t[(t["item"] == "vergelijkingsgroep") & (t["statistiek"] == "did_rate_ratio")]
    d = d.set_index("groep").loc[TOPX]
    e = verwacht.loc[("Top X", "did_rate_ratio")]
    assert d["ci_low"] == pytest.approx(e["ci_low"], rel=1e-9)
    assert d["p_val"] == pytest.approx(e["p_val"], rel=1e-9)
    assert not bool(d["familie"])


def test_balance_table_check_and_toelichting(hand):
    balans = next(v for k, v in hand.details.items() if "balans" in k)
    assert {"groep", "kenmerk", "SMD vóór matching", "SMD na matching"} <= set(balans.columns)
    assert "delicten in de voor-periode" in set(balans["kenmerk"])
    c = controle(hand)
    assert c.kengetallen == ("10-2",) and c.eenheid == "%"
    assert c.status in ("ok", "waarschuwing")
    assert "zonder aanpak" in hand.toelichting["10-2"]


def test_suppression_below_minimale_celgrootte(tmp_path):
    res = meet(maak(tmp_path, celgrootte=3))
    r = rijen(res)
    # Overige has 1 person: all its comparison figures suppressed
    assert (
        r.loc[(OVERIGE, "did_rate_ratio"), "waarde"] != r.loc[(OVERIGE, "did_rate_ratio"), "waarde"]
    )
    assert r.loc[(OVERIGE, "personen_gematcht"), "status"] == "onderdrukt"
    assert r.loc[(OVERIGE, "personen_gematcht"), "drempel"] == 3
    res = meet(maak(tmp_path / "b", celgrootte=10))
    r = rijen(res)
    assert r["waarde"].isna().all()
    assert (r["status"] == "onderdrukt").all() and (r["drempel"] == 10).all()
    assert geschreven_opmerking(r).str.startswith("onderdrukt: minder dan 10 personen").all()


def test_no_comparison_persons_is_niet_berekend_with_reason(tmp_path):
    reg = _registry([x for x in REGISTRY if not x[3].startswith(("V", "X"))])
    res = meet(maak(tmp_path, registry=reg))
    r = rijen(res)
    assert len(r) == 8 and r["waarde"].isna().all()
    assert r["opmerking"].str.contains("geen personen in de vergelijkingsgroep").all()
    assert not r["opmerking"].str.startswith("niet gemeten").any()
    assert (r["status"] == "gemeten").all()
    assert controle(res).status == "waarschuwing"
    assert res.niet_gemeten == {}


def test_setting_off_gives_no_rows(tmp_path):
    res = meet(maak(tmp_path, extra="vergelijkingsgroep = false"))
    assert (res.indicatoren["item"] == "recidive").all()
    assert not any(c.controle == "vergelijkingsgroep" for c in res.controles)


def _synthetisch(rng, n_t=600, n_c=3000, effect=0.6):
    """Registry and police data where both groups are selected at a peak (x PIEK in the
    before-window) and only the treated drop by ``effect`` after the start."""
    piek = 2.0
    basis_t = rng.gamma(1.5, 1.5 / 1.5, n_t)
    basis_c = rng.gamma(1.5, 1.5 / 1.5, n_c)
    start = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 360, n_t + n_c), "D")
    ids = [f"P{i:05d}" for i in range(n_t + n_c)]
    werksoort = np.where(np.arange(n_t + n_c) < n_t, "Top X", "Screening").astype(object)
    werksoort[:50] = "Overige casuïstiek"  # the tool needs both werksoort groups
    reg = pd.DataFrame(
        {
            "CasusNummer": [f"C{i:05d}" for i in range(n_t + n_c)],
            "Werksoort": werksoort,
            "Datum Bespreking": start.strftime("%d-%m-%Y"),
            "Datum aanmelding": start.strftime("%d-%m-%Y"),
            "Persoonsnummer": ids,
            "Gemeente": "Roermond",
        }
    )
    basis = np.concatenate([basis_t, basis_c])
    na = np.where(werksoort == "Screening", 1.0, effect)
    segmenten = [(-730, -365, np.ones_like(basis)), (-365, 0, np.full_like(basis, piek))]
    segmenten.append((0, 365, na))
    pers, dag = [], []
    for lo, hi, f in segmenten:
        k = rng.poisson(basis * f)
        p = np.repeat(np.arange(basis.size), k)
        pers.append(p)
        dag.append(lo + rng.integers(0, hi - lo, p.size))
    p, d = np.concatenate(pers), np.concatenate(dag)
    datum = (np.asarray(start)[p] + pd.to_timedelta(d, "D")).strftime("%d-%m-%Y")
    politie = pd.DataFrame(
        {
            "Persoonsnummer": np.asarray(ids)[p],
            "Pleegdatum": datum,
            "Registratiedatum": datum,
            "Delictcategorie": "Vermogen",
            "Rol": "Verdachte",
        }
    )
    return reg, politie


def test_acceptance_matched_did_recovers_known_effect(tmp_path):
    reg, pol = _synthetisch(np.random.default_rng(16))
    res = meet(maak(tmp_path, registry=reg, politie=pol, celgrootte=10))
    r = rijen(res)
    did = r.loc[(TOPX, "did_rate_ratio"), "waarde"]
    rm = r.loc[(TOPX, "rate_ratio_vergelijking"), "waarde"]
    assert did == pytest.approx(0.6, abs=0.1)
    assert rm < 0.75  # the comparison group regresses to the mean too
    naief = res.indicatoren.set_index(["item", "groep", "statistiek"])
    assert naief.loc[("recidive", TOPX, "rate_ratio"), "waarde"] < 0.5  # naive: far off


def test_demo_has_rows_balance_table_and_check(tmp_path):
    from instruments.demo.generator import genereer_demo

    genereer_demo(tmp_path)
    res = meet(tmp_path / "meting2017.toml")
    r = rijen(res)
    for g in (TOPX, OVERIGE):
        for stat in ("did_rate_ratio", "rate_ratio_vergelijking", "personen_gematcht"):
            assert np.isfinite(r.loc[(g, stat), "waarde"]), (g, stat)
    assert r.loc[(TOPX, "rate_ratio_vergelijking"), "waarde"] < 0.8  # regression to the mean
    assert 0.3 < r.loc[(TOPX, "did_rate_ratio"), "waarde"] < 0.9  # built-in effect 0.5
    assert any("balans" in k for k in res.details)
    assert controle(res).status == "ok"
