"""Tests of the recidivetool: hand-built persons with known answers through the whole tool.

The registry, police and detention files are written in ``tmp_path`` (CSV, XLSX, Parquet,
SPSS .sav) and read back by ``recidivetool.meet``. The persons (registratiejaar 2016,
window 365 days, peildatum 31-12-2017 from the config, so the last usable day is
31-12-2017):

* P1 Top X, start 01-03-2016 (first Top X bespreking). Offences 01-03-2015 (one day before
  the before-window: not counted), 02-03-2015 and 29-02-2016 (before), 01-03-2016 (the
  start day: after), 28-02-2017 (last day of the after-window) and 01-03-2017 (outside).
  Its only detention row has einddatum before begindatum: rejected.
* P2 Top X, ``Datum start`` 01-06-2016 (before its first Top X bespreking 01-07-2016).
  3 offences before; a 'Getuige' row (skipped). Overlapping detention 01-08..01-10-2016 and
  01-09..01-11-2016: merged 92 days, so 365 - 92 = 273 days at liberty after.
* P3 Top X, start 01-04-2016. A suspect row without pleegdatum (registratiedatum
  01-05-2016 used), a 'VERDACHTE' row on 15-06-2016, and two 'Aangever' rows (skipped).
* P4 Overige, start 01-09-2016, 1 offence before and 1 after; open detention from
  01-06-2017 (still detained): 92 days of the after-window, 273 at liberty.
* P5 Overige, start 01-10-2016, detained the whole before-window: excluded (< 30 dagen
  vrij).
* P6 Top X: an Overige bespreking in 2016 but a first Top X bespreking on 01-05-2014, so
  group Top X and start 01-05-2014; 1 offence before, 1 after.
* P7 (Top X only in 2015) and P8 (Screening only) are not in the cohort; casus C9 has no
  Persoonsnummer; P10 (Overige) has Datum start 10-01-2018, after the peildatum: excluded
  (geen na-periode).

Top X: 4 persons, 6 offences before over 4 x 365 days, 5 after over 365+273+365+365 = 1368
days. Overige: P4 only. R's values for the rate ratios, the difference-in-differences and
the Kaplan-Meier curve come from ``tests/reference/recidivetool.R``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from instruments import recidivetool, status
from instruments.config import laad_config
from instruments.fouten import AFGEWEZEN_KOLOMMEN, InvoerFout
from instruments.recidivetool.pseudoniem import (
    ENV_SLEUTEL,
    ENV_SLEUTELBESTAND,
    bsn_masker,
    lees_sleutel,
    pseudonimiseer,
)
from instruments.resultaat import RIJ_KOLOMMEN, TOETS_KOLOMMEN
from instruments.status import geschreven_opmerking

ROOT = Path(__file__).resolve().parents[2]
TOPX = "werksoort=Top X"
OVERIGE = "werksoort=Overige casuïstiek"
SLEUTEL = "een-geheime-sleutel-voor-de-test"

# Valid BSNs (elfproef) used as person IDs in the privacy tests; P3's lost its leading zero.
BSN = {
    "P1": "111222333",
    "P2": "234567004",
    "P3": "012345003",
    "P4": "234567016",
    "P5": "234567028",
    "P6": "234567041",
    "P7": "234567053",
    "P8": "234567065",
    "P10": "234567077",
    "PX": "234567089",
}

REGISTRY = [
    # casus, werksoort, datum bespreking, aanmelding, persoon, datum start, doelgroep
    ("C1", "Top X", "01-03-2016", "01-01-2016", "P1", "", "Volwassenen"),
    ("C1", "Top X", "01-05-2016", "01-01-2016", "P1", "", "Volwassenen"),
    ("C2", "Screening", "01-05-2016", "01-04-2016", "P2", "", "Jeugd"),
    ("C2", "Top X", "01-07-2016", "01-04-2016", "P2", "01-06-2016", "Jeugd"),
    ("C3", "Top X", "01-04-2016", "01-03-2016", "P3", "", ""),
    ("C4", "Overige casuïstiek", "01-09-2016", "01-08-2016", "P4", "", "Volwassenen"),
    ("C5", "Overig", "01-10-2016", "01-08-2016", "P5", "", "Volwassenen"),
    ("C6", "Top X", "01-05-2014", "01-04-2014", "P6", "", "Volwassenen"),
    ("C6", "Overige casuïstiek", "01-02-2016", "01-04-2014", "P6", "", "Volwassenen"),
    ("C7", "Top X", "01-03-2015", "01-02-2015", "P7", "", ""),
    ("C8", "Screening", "01-03-2016", "01-02-2016", "P8", "", ""),
    ("C9", "Top X", "01-06-2016", "01-05-2016", "", "", ""),
    ("C10", "Overige casuïstiek", "01-11-2016", "01-10-2016", "P10", "10-01-2018", ""),
]

POLITIE = [
    # persoon, pleegdatum, registratiedatum, delictcategorie, rol
    ("P1", "01-03-2015", "02-03-2015", "Vermogen", "Verdachte"),
    ("P1", "02-03-2015", "02-03-2015", "Vermogen", "Verdachte"),
    ("P1", "29-02-2016", "01-03-2016", "Geweld", "Verdachte"),
    ("P1", "01-03-2016", "01-03-2016", "Geweld", "Verdachte"),
    ("P1", "28-02-2017", "28-02-2017", "Vermogen", "Verdachte"),
    ("P1", "01-03-2017", "05-03-2017", "Vermogen", "verdachte"),
    ("P2", "10-01-2016", "10-01-2016", "Drugs", "Verdachte"),
    ("P2", "10-02-2016", "11-02-2016", "Drugs", "Verdachte"),
    ("P2", "31-05-2016", "31-05-2016", "Geweld", "Verdachte"),
    ("P2", "15-08-2016", "15-08-2016", "Geweld", "Getuige"),
    ("P3", "", "01-05-2016", "Vernieling", "Verdachte"),
    ("P3", "15-06-2016", "16-06-2016", "Vernieling", "VERDACHTE"),
    ("P3", "01-01-2016", "01-01-2016", "Vermogen", "Aangever"),
    ("P3", "02-01-2016", "02-01-2016", "Vermogen", "aangever"),
    ("P4", "01-01-2016", "01-01-2016", "Overig", "Verdachte"),
    ("P4", "01-10-2016", "02-10-2016", "Overig", "Verdachte"),
    ("P5", "01-12-2015", "01-12-2015", "Geweld", "Verdachte"),
    ("P6", "01-06-2013", "01-06-2013", "Geweld", "Verdachte"),
    ("P6", "01-06-2014", "03-06-2014", "Geweld", "Verdachte"),
    ("P7", "01-01-2016", "01-01-2016", "Geweld", "Verdachte"),
    ("P8", "01-01-2016", "01-01-2016", "Geweld", "Verdachte"),
    ("PX", "01-01-2017", "31-12-2017", "Verkeer", "Verdachte"),
    # rejected rows
    ("PX", "31-02-2016", "01-03-2016", "Verkeer", "Verdachte"),
    ("PX", "", "", "Verkeer", "Verdachte"),
    ("PX", "01-01-2016", "01-01-2016", "Verkeer", ""),
]
POLITIE_AFGEWEZEN = 3
POLITIE_ANDERE_ROL = 3

DETENTIE = [
    ("P1", "01-05-2016", "01-04-2016"),  # rejected: einddatum before begindatum
    ("P2", "01-08-2016", "01-10-2016"),
    ("P2", "01-09-2016", "01-11-2016"),
    ("P4", "01-06-2017", ""),
    ("P5", "01-01-2015", "31-12-2016"),
]


# ----------------------------------------------------------------------------------------
# Building the input files
# ----------------------------------------------------------------------------------------
def _id(p: str, ids: dict[str, str] | None) -> str:
    return ids.get(p, p) if (ids and p) else p


def _registry_frame(ids=None, *, met_persoon: bool = True, rijen=REGISTRY) -> pd.DataFrame:
    df = pd.DataFrame(
        rijen,
        columns=[
            "Casusnummer",
            "Werksoort",
            "Datum bespreking",
            "Datum aanmelding",
            "Persoonsnummer",
            "Datum start",
            "Doelgroep",
        ],
    )
    df.insert(4, "Gemeente", "Roermond")
    df["Persoonsnummer"] = [_id(p, ids) for p in df["Persoonsnummer"]]
    if not met_persoon:
        df = df.drop(columns="Persoonsnummer")
    return df


def _politie_frame(ids=None, rijen=POLITIE) -> pd.DataFrame:
    df = pd.DataFrame(
        rijen,
        columns=["Persoonsnummer", "Pleegdatum", "Registratiedatum", "Delictcategorie", "Rol"],
    )
    df["Persoonsnummer"] = [_id(p, ids) for p in df["Persoonsnummer"]]
    return df


def _detentie_frame(ids=None, rijen=DETENTIE) -> pd.DataFrame:
    df = pd.DataFrame(rijen, columns=["Persoonsnummer", "Begindatum", "Einddatum"])
    df["Persoonsnummer"] = [_id(p, ids) for p in df["Persoonsnummer"]]
    return df


def _als_datumcellen(df: pd.DataFrame, kolommen: list[str]) -> pd.DataFrame:
    """Valid dates as real date cells (XLSX), the rest (invalid, empty) unchanged."""
    uit = df.astype(object)
    for k in kolommen:
        d = pd.to_datetime(df[k], format="%d-%m-%Y", errors="coerce")
        uit[k] = [
            x.to_pydatetime() if pd.notna(x) else (w or None) for x, w in zip(d, df[k], strict=True)
        ]
    return uit


def schrijf(df: pd.DataFrame, pad: Path, datumkolommen: list[str] = ()) -> Path:
    """Write a table as CSV (;), XLSX (date cells), Parquet or SPSS .sav (by extension)."""
    ext = pad.suffix
    if ext == ".csv":
        df.to_csv(pad, sep=";", index=False, encoding="utf-8")
    elif ext == ".xlsx":
        _als_datumcellen(df, list(datumkolommen)).to_excel(pad, index=False)
    elif ext == ".parquet":
        df.replace("", None).to_parquet(pad, index=False)
    elif ext == ".sav":
        import pyreadstat

        pyreadstat.write_sav(df.astype(str), str(pad))
    else:  # pragma: no cover - programming error in the test
        raise ValueError(ext)
    return pad


def maak_meting(
    map_: Path,
    *,
    ext: str = ".csv",
    ids: dict[str, str] | None = None,
    registry: pd.DataFrame | None = None,
    politie: pd.DataFrame | None = None,
    detentie: pd.DataFrame | bool | None = True,
    koppeltabel: pd.DataFrame | None = None,
    recidive_extra: str = "",
    celgrootte: int = 1,
    max_afgewezen: float = 50.0,
    peildatum: str | None = "2017-12-31",
) -> Path:
    """Write registry, police, detention (and koppeltabel) files plus meting.toml."""
    map_.mkdir(parents=True, exist_ok=True)
    reg = _registry_frame(ids) if registry is None else registry
    reg.to_csv(map_ / "gcos.csv", sep=";", index=False)
    pol = _politie_frame(ids) if politie is None else politie
    schrijf(pol, map_ / f"politie{ext}", ["Pleegdatum", "Registratiedatum"])
    regels = ["[recidive]", f'politie = "politie{ext}"']
    if detentie is not None and detentie is not False:
        det = _detentie_frame(ids) if detentie is True else detentie
        schrijf(det, map_ / f"detentie{ext}", ["Begindatum", "Einddatum"])
        regels.append(f'detentie = "detentie{ext}"')
    if koppeltabel is not None:
        schrijf(koppeltabel, map_ / f"koppel{ext}")
        regels.append(f'koppeltabel = "koppel{ext}"')
    if peildatum:
        regels.append(f"peildatum = {peildatum}")
    if recidive_extra:
        regels.append(recidive_extra)
    toml = "\n".join(
        [
            "[meting]",
            'naam = "2017"',
            "registratiejaar = 2016",
            "[registratie]",
            'bestand = "gcos.csv"',
            *regels,
            "[publicatie]",
            f"minimale_celgrootte = {celgrootte}",
            f"max_afgewezen_pct = {max_afgewezen}",
            "",
        ]
    )
    pad = map_ / "meting.toml"
    pad.write_text(toml, encoding="utf-8")
    return pad


def meet(pad: Path):
    return recidivetool.meet(laad_config(pad))


def waarde(res, statistiek: str, groep: str = TOPX) -> float:
    r = res.indicatoren
    rij = r[(r["statistiek"] == statistiek) & (r["groep"] == groep)]
    assert len(rij) == 1, (statistiek, groep)
    return float(rij["waarde"].iloc[0])


def rij(res, statistiek: str, groep: str = TOPX) -> pd.Series:
    r = res.indicatoren
    return r[(r["statistiek"] == statistiek) & (r["groep"] == groep)].iloc[0]


def toets(res, statistiek: str, groep: str) -> pd.Series:
    t = res.toetsen
    return t[(t["statistiek"] == statistiek) & (t["groep"] == groep)].iloc[0]


def detail(res, begin: str) -> pd.DataFrame:
    return next(v for k, v in res.details.items() if k.startswith(begin))


@pytest.fixture(scope="module")
def csv_resultaat(tmp_path_factory):
    return meet(maak_meting(tmp_path_factory.mktemp("csv")))


# ----------------------------------------------------------------------------------------
# Known answers through the whole tool
# ----------------------------------------------------------------------------------------
# Hand-computed from the dates in the module docstring.
VERWACHT_TOPX = {
    "personen": 4,
    "delicten_voor": 6,
    "delicten_na": 5,
    "per_jaar_vrij_voor": 6 / 1460 * 365,
    "per_jaar_vrij_na": 5 / 1368 * 365,
    "rate_ratio": (5 / 1368) / (6 / 1460),
    "prevalentie_voor": 75.0,
    "prevalentie_na": 75.0,
}
VERWACHT_OVERIGE = {
    "personen": 1,
    "delicten_voor": 1,
    "delicten_na": 1,
    "per_jaar_vrij_voor": 1.0,
    "per_jaar_vrij_na": 365 / 273,
    "rate_ratio": 365 / 273,
    "prevalentie_voor": 100.0,
    "prevalentie_na": 100.0,
}
VERWACHT_TOTAAL = {
    "personen": 5,
    "delicten_voor": 7,
    "delicten_na": 6,
    "per_jaar_vrij_voor": 7 / 1825 * 365,
    "per_jaar_vrij_na": 6 / 1641 * 365,
    "rate_ratio": (6 / 1641) / (7 / 1825),
    "prevalentie_voor": 80.0,
    "prevalentie_na": 80.0,
}


@pytest.mark.parametrize("ext", [".csv", ".xlsx", ".parquet", ".sav"])
def test_hand_built_persons_known_answers_every_format(tmp_path, ext):
    res = meet(maak_meting(tmp_path, ext=ext))
    for groep, verwacht in (
        (TOPX, VERWACHT_TOPX),
        (OVERIGE, VERWACHT_OVERIGE),
        ("totaal", VERWACHT_TOTAAL),
    ):
        for stat, w in verwacht.items():
            # rate_ratio comes from an iterative GLM fit: agrees to ~1e-11
            assert waarde(res, stat, groep) == pytest.approx(w, rel=1e-9), (ext, groep, stat)
    assert rij(res, "prevalentie_na")["n"] == 4
    assert rij(res, "rate_ratio")["n"] == 4


def test_rows_are_exactly_the_contract_labels(csv_resultaat):
    alle = csv_resultaat.indicatoren
    assert list(alle.columns) == RIJ_KOLOMMEN
    assert set(alle["indicator"]) == {"10-2"}
    assert set(alle["item"]) == {"recidive", "vergelijkingsgroep"}
    # the matched comparison group (issue 16) has its own four statistics per treated group
    v = alle[alle["item"] == "vergelijkingsgroep"]
    assert set(v["statistiek"]) == {
        "did_rate_ratio",
        "rate_ratio_vergelijking",
        "personen_gematcht",
        "personen_vergelijking",
    }
    assert set(v["groep"]) <= {TOPX, OVERIGE}
    r = alle[alle["item"] == "recidive"]
    assert set(r["groep"]) == {TOPX, OVERIGE, "totaal"}
    assert sorted(r["statistiek"].unique()) == sorted(VERWACHT_TOPX)
    assert len(r) == 3 * 8
    assert csv_resultaat.niet_gemeten == {}


def test_rate_ratio_ci_and_p_match_r_glm_vcovcl(csv_resultaat):
    # R: glm(delicten ~ na, family = poisson, offset = log(dagen)) on the Top X persons;
    #    coefci/coeftest with sandwich::vcovCL(fit, cluster = ~id, type = "HC1", cadjust = TRUE)
    t = toets(csv_resultaat, "rate_ratio", TOPX)
    assert t["estimate"] == pytest.approx(0.88937621832352598, rel=1e-9)
    assert t["ci_low"] == pytest.approx(0.20868624852088458, rel=1e-6)
    assert t["ci_high"] == pytest.approx(3.7903314824325696, rel=1e-6)
    assert t["statistic"] == pytest.approx(-0.15850044590655116, rel=1e-6)
    assert t["p_val"] == pytest.approx(0.87406246932174314, rel=1e-6)
    assert not t["familie"]
    assert t["n1"] == 4
    # same model on Top X + Overige (the totaal row)
    t = toets(csv_resultaat, "rate_ratio", "totaal")
    assert t["estimate"] == pytest.approx(0.95325150169755868, rel=1e-9)
    assert t["ci_low"] == pytest.approx(0.29370767629729594, rel=1e-6)
    assert t["ci_high"] == pytest.approx(3.0938531704185372, rel=1e-6)
    assert t["p_val"] == pytest.approx(0.93647186714071129, rel=1e-6)


def test_difference_in_differences_matches_r_interaction_model(csv_resultaat):
    # R: glm(delicten ~ na * topx, family = poisson, offset = log(dagen)), vcovCL as above
    t = toets(csv_resultaat, "rate_ratio", f"{TOPX};vergelijking=Overige casuïstiek")
    assert t["estimate"] == pytest.approx(0.66520467836252639, rel=1e-9)
    assert t["ci_low"] == pytest.approx(0.13543608998177639, rel=1e-6)
    assert t["ci_high"] == pytest.approx(3.2672034771155336, rel=1e-6)
    assert t["p_val"] == pytest.approx(0.61565901342852403, rel=1e-6)
    assert (t["n1"], t["n2"]) == (4, 1)
    assert not t["familie"]


def test_wilcoxon_pratt_matches_scipy_on_person_differences(csv_resultaat):
    # per person 365 * (na / dagen_vrij_na - voor / dagen_vrij_voor): P1 0, P2 -3, P3 2, P6 0
    ref = stats.wilcoxon(
        [0.0, -3.0, 2.0, 0.0],
        zero_method="pratt",
        alternative="two-sided",
        correction=False,
        method="asymptotic",
    )
    t = toets(csv_resultaat, "per_jaar_vrij_na", TOPX)
    assert t["p_val"] == pytest.approx(ref.pvalue, rel=1e-12)
    assert t["statistic"] == pytest.approx(ref.statistic, rel=1e-12)
    assert "2 personen zonder verschil" in t["opmerking"]


def test_tests_table_has_contract_columns(csv_resultaat):
    t = csv_resultaat.toetsen
    assert list(t.columns) == TOETS_KOLOMMEN
    assert not t["familie"].any()
    # rate ratio + Wilcoxon for Top X, Overige, totaal, and the difference-in-differences
    assert len(t[t["item"] == "recidive"]) == 7


def test_kaplan_meier_matches_r_survfit(csv_resultaat):
    # R: summary(survfit(Surv(c(1, 487, 31, 32), c(1, 0, 1, 1)) ~ 1), times = c(182, 365))
    km = detail(csv_resultaat, "Recidive: aandeel zonder nieuw delict")
    topx = km[km["groep"] == TOPX].set_index("maanden")
    assert topx.loc[6, "pct_zonder_delict"] == pytest.approx(25.0, abs=1e-12)
    assert topx.loc[12, "pct_zonder_delict"] == pytest.approx(25.0, abs=1e-12)
    assert topx.loc[12, "ci_laag"] == pytest.approx(100 * 0.045790759666018192, rel=1e-9)
    assert topx.loc[12, "ci_hoog"] == pytest.approx(100.0, abs=1e-12)
    # P2, censored after 487 days at liberty, is the longest follow-up: no value at 24 months
    assert np.isnan(topx.loc[24, "pct_zonder_delict"])
    assert topx.loc[24, "opmerking"] == "niemand zo lang gevolgd"


def test_group_detail_table_change_and_doelgroep_breakdown(csv_resultaat):
    g = detail(csv_resultaat, "Recidive per groep").set_index("groep")
    assert g.loc[TOPX, "verandering_pct"] == pytest.approx(
        100 * ((5 / 1368) / (6 / 1460) - 1), rel=1e-12
    )
    assert g.loc[TOPX, "dagen_vrij_na"] == 1368
    # Top X by doelgroep (of the first approach bespreking): P1, P6 Volwassenen; P2 Jeugd;
    # P3 empty -> onbekend
    assert g.loc[f"{TOPX};doelgroep=Volwassenen", "personen"] == 2
    assert g.loc[f"{TOPX};doelgroep=Volwassenen", "delicten_voor"] == 3
    assert g.loc[f"{TOPX};doelgroep=Jeugd", "delicten_voor"] == 3
    assert g.loc[f"{TOPX};doelgroep=onbekend", "delicten_na"] == 2


def test_cohort_and_exclusions_are_counted(csv_resultaat):
    c = detail(csv_resultaat, "Recidive: cohort").set_index("omschrijving")["aantal"]
    # C1-C6, C9, C10 have a Top X/Overige bespreking in 2016
    assert c["casussen met een Top X- of Overige bespreking in 2016"] == 8
    assert c.filter(like="casussen zonder persoonsnummer").iloc[0] == 1  # C9
    assert c["personen in het cohort"] == 7
    assert c["niet in de vergelijking: < 30 dagen vrij"] == 1  # P5
    assert c["niet in de vergelijking: geen na-periode"] == 1  # P10
    assert c["personen in de vergelijking voor/na"] == 5
    assert c.filter(like="Datum start").iloc[0] == 2  # C2, C10
    assert c["rijen met een andere rol dan Verdachte (overgeslagen)"] == POLITIE_ANDERE_ROL
    assert c["pleegdatum ontbrak: registratiedatum gebruikt"] == 1
    assert c["detentieperioden zonder einddatum (nog gedetineerd)"] == 1
    assert c.filter(like="zonder enige registratie").iloc[0] == 1  # P10


def test_rows_in_equal_used_plus_rejected(csv_resultaat):
    verslagen = {v.bestand: v for v in csv_resultaat.verslagen}
    assert set(verslagen) == {"politie.csv", "detentie.csv"}  # the registry's is not repeated
    pol = verslagen["politie.csv"]
    assert pol.rijen_gelezen == len(POLITIE)
    assert pol.rijen_afgewezen == POLITIE_AFGEWEZEN
    assert pol.rijen_gebruikt == len(POLITIE) - POLITIE_AFGEWEZEN
    assert "Aangever 2" in pol.opmerking and "Getuige 1" in pol.opmerking
    det = verslagen["detentie.csv"]
    assert (det.rijen_gelezen, det.rijen_gebruikt, det.rijen_afgewezen) == (5, 4, 1)


def test_rejected_rows_name_file_row_column_value_reason(csv_resultaat):
    a = csv_resultaat.afgewezen
    assert list(a.columns) == AFGEWEZEN_KOLOMMEN
    pol = a[a["bestand"] == "politie.csv"].set_index("rij")
    # data row i of POLITIE is Excel row i + 2
    assert pol.loc[24, "kolom"] == "Pleegdatum" and pol.loc[24, "waarde"] == "31-02-2016"
    assert "ongeldige datum" in pol.loc[24, "reden"]
    assert pol.loc[25, "reden"] == "pleegdatum en registratiedatum ontbreken allebei"
    assert pol.loc[26, "kolom"] == "Rol"
    det = a[a["bestand"] == "detentie.csv"].iloc[0]
    assert (det["rij"], det["kolom"], det["reden"]) == (
        2,
        "Einddatum",
        "einddatum ligt vóór de begindatum",
    )


def test_toelichting_explains_detention_and_regression_to_the_mean(csv_resultaat):
    tekst = csv_resultaat.toelichting["10-2"]
    assert "dagen in vrijheid" in tekst
    assert "regressie naar het gemiddelde" in tekst
    assert "31-12-2017" in tekst  # the peildatum used


def test_calendar_year_table_counts_offences_of_cohort_persons(csv_resultaat):
    k = detail(csv_resultaat, "Recidive per kalenderjaar")
    topx = k[k["groep"] == TOPX].set_index("jaar")
    # years 2014..2017 (peildatum 31-12-2017 closes 2017); Top X persons P1, P2, P3, P6, all
    # their suspect offences whatever the start: 2014: P6; 2015: P1 x2; 2016: P1 x2, P2 x3,
    # P3 x2; 2017: P1 x2
    assert topx["delicten"].to_dict() == {2014: 1, 2015: 2, 2016: 7, 2017: 2}
    assert topx.loc[2017, "verandering_pct_tov_eerste_jaar"] == pytest.approx(100.0)
    assert (topx["personen"] == 4).all()
    # totaal adds the Overige persons P4 (2016 x2), P5 (2015) and P10 (none)
    totaal = k[k["groep"] == "totaal"].set_index("jaar")
    assert totaal["delicten"].to_dict() == {2014: 1, 2015: 3, 2016: 9, 2017: 2}
    assert totaal.loc[2016, "verandering_pct_tov_eerste_jaar"] == pytest.approx(800.0)
    assert (totaal["personen"] == 7).all()


# ----------------------------------------------------------------------------------------
# Detention and follow-up rules
# ----------------------------------------------------------------------------------------
def test_without_detention_file_days_at_liberty_are_calendar_days(tmp_path):
    res = meet(maak_meting(tmp_path, detentie=None))
    assert waarde(res, "per_jaar_vrij_na") == pytest.approx(1.25, rel=1e-12)  # 5 per 4 x 365
    # P5 is no longer detained, so he is in the comparison
    assert waarde(res, "personen", OVERIGE) == 2
    assert "NIET gecorrigeerd voor detentie" in res.toelichting["10-2"]


def test_peildatum_defaults_to_last_date_of_police_extract_and_truncates(tmp_path):
    # without a peildatum setting the last date in the extract (registratiedatum of PX,
    # 31-12-2017) is the peildatum: same answers as with the explicit setting
    res = meet(maak_meting(tmp_path / "a", peildatum=None))
    assert waarde(res, "rate_ratio") == pytest.approx(VERWACHT_TOPX["rate_ratio"], rel=1e-9)
    inst = detail(res, "Recidive: instellingen").set_index("instelling")["waarde"]
    assert inst["peildatum"] == "31-12-2017 (laatste datum in de politiegegevens)"
    # a registration lag of 400 days ends the data on 26-11-2016: P1 (start 01-03-2016)
    # keeps 271 days after, with 1 offence (01-03-2016)
    res = meet(maak_meting(tmp_path / "b", recidive_extra="wachttijd_dagen = 400"))
    g = detail(res, "Recidive per groep").set_index("groep")
    ruw = res.vensters.set_index("persoonsnummer")
    assert ruw.loc["P1", "dagen_na"] == 271 and ruw.loc["P1", "delicten_na"] == 1
    assert not ruw.loc["P1", "volledig_na"]
    assert g.loc[TOPX, "personen_volledig_na"] == 1  # only P6 (start 2014)


# ----------------------------------------------------------------------------------------
# Linking
# ----------------------------------------------------------------------------------------
def test_koppeltabel_links_registry_without_persoonsnummer(tmp_path):
    koppel = pd.DataFrame(
        {
            "Casusnummer": ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C10", "C10", ""],
            "Persoonsnummer": ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P10", "P10", "P9"],
        }
    )
    reg = _registry_frame(met_persoon=False)
    res = meet(maak_meting(tmp_path, registry=reg, koppeltabel=koppel))
    for stat, w in VERWACHT_TOPX.items():
        assert waarde(res, stat) == pytest.approx(w, rel=1e-9)
    verslag = next(v for v in res.verslagen if v.bestand == "koppel.csv")
    assert (verslag.rijen_gelezen, verslag.rijen_gebruikt, verslag.rijen_afgewezen) == (11, 10, 1)
    assert "1 dubbele rijen" in verslag.opmerking
    inst = detail(res, "Recidive: instellingen").set_index("instelling")["waarde"]
    assert inst["koppeling casus-persoon"] == "koppeltabel koppel.csv"


def test_no_persoonsnummer_and_no_koppeltabel_is_an_input_error(tmp_path):
    pad = maak_meting(tmp_path, registry=_registry_frame(met_persoon=False))
    with pytest.raises(InvoerFout, match="koppeltabel"):
        meet(pad)


def test_person_with_two_casussen_takes_earliest_start(tmp_path):
    extra = [*REGISTRY, ("C11", "Overige casuïstiek", "01-12-2016", "01-11-2016", "P1", "", "")]
    res = meet(maak_meting(tmp_path, registry=_registry_frame(rijen=extra)))
    assert waarde(res, "personen") == 4  # P1 stays in Top X with start 01-03-2016
    c = detail(res, "Recidive: cohort").set_index("omschrijving")["aantal"]
    assert c.filter(like="meer dan één casus").iloc[0] == 1


# ----------------------------------------------------------------------------------------
# Privacy: BSN refused, pseudonymisation
# ----------------------------------------------------------------------------------------
def test_bsn_elfproef_detection():
    ids = pd.Series(
        ["111222333", "12345003", "123456789", "P001", None, " 234567004 ", "000000000"]
    )
    assert bsn_masker(ids).tolist() == [True, True, False, False, False, True, False]


def test_bsn_in_police_file_is_refused_without_showing_numbers(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_SLEUTEL, raising=False)
    monkeypatch.delenv(ENV_SLEUTELBESTAND, raising=False)
    pol = _politie_frame({"P1": "111222333", "P2": "234567004"})
    with pytest.raises(InvoerFout) as fout:
        meet(maak_meting(tmp_path, politie=pol))
    melding = fout.value.melding
    assert "politie.csv" in melding
    assert "10 rij(en) (2 verschillende nummers)" in melding  # P1 6, P2 4
    assert "pseudonimiseren = true" in melding and ENV_SLEUTEL in melding
    assert "111222333" not in melding and "234567004" not in melding


def test_bsn_with_lost_leading_zero_in_registry_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_SLEUTEL, raising=False)
    monkeypatch.delenv(ENV_SLEUTELBESTAND, raising=False)
    reg = _registry_frame({"P3": "12345003"})
    with pytest.raises(InvoerFout) as fout:
        meet(maak_meting(tmp_path, registry=reg))
    assert "gcos.csv" in fout.value.melding and "12345003" not in fout.value.melding


def test_cli_refuses_bsn_with_exit_code_2(tmp_path):
    pad = maak_meting(tmp_path, politie=_politie_frame({"P1": "111222333"}))
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("VHH_")}
    uit = subprocess.run(
        [sys.executable, "-m", "instruments.recidivetool", "--config", str(pad), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert uit.returncode == 2
    assert "politie.csv" in uit.stderr and "111222333" not in uit.stderr + uit.stdout


def test_pseudonymisation_links_all_files_and_hides_original_ids(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_SLEUTEL, SLEUTEL)
    monkeypatch.delenv(ENV_SLEUTELBESTAND, raising=False)
    ids = dict(BSN)
    ids["P3"] = "12345003"  # leading zero lost in the registry and police data ...
    det = _detentie_frame(BSN)  # ... but present in the detention file
    pad = maak_meting(tmp_path, ids=ids, detentie=det, recidive_extra="pseudonimiseren = true")
    res = meet(pad)
    for stat, w in VERWACHT_TOPX.items():
        assert waarde(res, stat) == pytest.approx(w, rel=1e-9)
    for stat, w in VERWACHT_TOTAAL.items():
        assert waarde(res, stat, "totaal") == pytest.approx(w, rel=1e-9)
    # IDs replaced by HMAC-SHA256 (8-digit BSN completed to 9 digits first)
    verwacht = {
        hmac.new(SLEUTEL.encode(), BSN[p].encode(), hashlib.sha256).hexdigest()
        for p in ("P1", "P2", "P3", "P4", "P5", "P6", "P10")
    }
    assert set(res.vensters["persoonsnummer"]) == verwacht
    # nothing the tool returns holds an original ID
    tekst = "\n".join(
        [
            res.indicatoren.to_csv(),
            res.toetsen.to_csv(),
            res.afgewezen.to_csv(),
            *(d.to_csv() for d in res.details.values()),
            *res.toelichting.values(),
            *(str(v) for v in res.verslagen),
        ]
    )
    for origineel in [*BSN.values(), "12345003"]:
        assert origineel not in tekst
    assert "gepseudonimiseerd" in res.verslagen[0].opmerking


def test_same_key_same_pseudonym_other_key_other_pseudonym(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_SLEUTELBESTAND, raising=False)
    pad = maak_meting(tmp_path, ids=BSN, recidive_extra="pseudonimiseren = true")
    monkeypatch.setenv(ENV_SLEUTEL, SLEUTEL)
    a = set(meet(pad).vensters["persoonsnummer"])
    b = set(meet(pad).vensters["persoonsnummer"])
    monkeypatch.setenv(ENV_SLEUTEL, SLEUTEL + "-anders")
    c = set(meet(pad).vensters["persoonsnummer"])
    assert a == b
    assert a.isdisjoint(c) and len(c) == 7


def test_pseudonymisation_key_from_key_file(tmp_path, monkeypatch):
    sleutelbestand = tmp_path / "sleutel.txt"
    sleutelbestand.write_text(SLEUTEL + "\n", encoding="utf-8")
    monkeypatch.delenv(ENV_SLEUTEL, raising=False)
    monkeypatch.setenv(ENV_SLEUTELBESTAND, str(sleutelbestand))
    assert lees_sleutel() == SLEUTEL.encode()
    p = pseudonimiseer(pd.Series(["111222333"]), lees_sleutel())
    assert p.iloc[0] == hmac.new(SLEUTEL.encode(), b"111222333", hashlib.sha256).hexdigest()


@pytest.mark.parametrize(
    ("omgeving", "tekst"),
    [
        ({}, "geen sleutel"),
        ({ENV_SLEUTEL: "kort"}, "te kort"),
        ({ENV_SLEUTEL: SLEUTEL, ENV_SLEUTELBESTAND: "x.txt"}, "zowel"),
        ({ENV_SLEUTELBESTAND: "/bestaat/niet.txt"}, "kan niet worden gelezen"),
    ],
)
def test_missing_or_bad_key_is_an_input_error(omgeving, tekst):
    with pytest.raises(InvoerFout, match=tekst):
        lees_sleutel(omgeving)


def test_pseudonymisation_on_without_key_stops_the_tool(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_SLEUTEL, raising=False)
    monkeypatch.delenv(ENV_SLEUTELBESTAND, raising=False)
    pad = maak_meting(tmp_path, ids=BSN, recidive_extra="pseudonimiseren = true")
    with pytest.raises(InvoerFout, match=ENV_SLEUTEL):
        meet(pad)


# ----------------------------------------------------------------------------------------
# Suppression of small cells
# ----------------------------------------------------------------------------------------
def _groot_cohort(n_topx: int, n_overige: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Registry and police rows for many simple persons: start 01-06-2016; every person 2
    offences before and 1 after, except that every third person has 1 more before and
    every fourth 1 more after (so the model is not degenerate)."""
    n = n_topx + n_overige
    nr = [f"Q{i:03d}" for i in range(n)]
    werksoort = ["Top X"] * n_topx + ["Overige casuïstiek"] * n_overige
    reg = pd.DataFrame(
        {
            "Casusnummer": [f"K{i:03d}" for i in range(n)],
            "Werksoort": werksoort,
            "Datum bespreking": "01-06-2016",
            "Datum aanmelding": "01-05-2016",
            "Gemeente": "Weert",
            "Persoonsnummer": nr,
        }
    )
    extra_voor = [p for i, p in enumerate(nr) if i % 3 == 0]
    extra_na = [p for i, p in enumerate(nr) if i % 4 == 0]
    pol = pd.DataFrame(
        {
            "Persoonsnummer": [*np.repeat(nr, 3), *extra_voor, *extra_na],
            "Pleegdatum": [
                *np.tile(["01-01-2016", "01-02-2016", "01-07-2016"], n),
                *["01-03-2016"] * len(extra_voor),
                *["01-08-2016"] * len(extra_na),
            ],
            "Registratiedatum": "",
            "Delictcategorie": "Vermogen",
            "Rol": "Verdachte",
        }
    )
    return reg, pol


def test_cells_under_minimale_celgrootte_are_suppressed(tmp_path, monkeypatch):
    def geen_parser(*_args):
        raise AssertionError("de statustekst is teruggelezen")

    monkeypatch.setattr(status, "lees_opmerking", geen_parser)  # the columns are set directly
    reg, pol = _groot_cohort(12, 3)
    res = meet(maak_meting(tmp_path, registry=reg, politie=pol, detentie=None, celgrootte=10))
    assert waarde(res, "personen") == 12
    # Top X Q000..Q011: before 24 + 4 (every third), after 12 + 3 (every fourth)
    assert waarde(res, "rate_ratio") == pytest.approx(15 / 28, rel=1e-9)
    r = res.indicatoren[res.indicatoren["item"] == "recidive"]
    overige = r[r["groep"] == OVERIGE]
    assert overige["waarde"].isna().all() and overige["n"].isna().all()
    # the status as columns, set by the instrument; the text only when written
    assert (overige["status"] == "onderdrukt").all() and (overige["drempel"] == 10).all()
    assert (overige["reden"] == "minder dan 10 personen").all()
    assert (overige["opmerking"] == "").all()
    geschreven = geschreven_opmerking(overige)
    assert (geschreven == "onderdrukt: minder dan 10 personen (<10)").all()
    # the totaal minus Top X would reveal Overige: suppressed as well
    totaal = r[r["groep"] == "totaal"]
    assert totaal["waarde"].isna().all()
    assert (totaal["status"] == "onderdrukt").all() and (totaal["drempel"] == 10).all()
    assert totaal["reden"].str.startswith("zou samen met de andere groep").all()
    # tests and detail tables do not show the small group either
    t = toets(res, "rate_ratio", OVERIGE)
    assert np.isnan(t["estimate"]) and t["opmerking"].startswith("onderdrukt")
    did = toets(res, "rate_ratio", f"{TOPX};vergelijking=Overige casuïstiek")
    assert np.isnan(did["estimate"])
    g = detail(res, "Recidive per groep").set_index("groep")
    assert np.isnan(g.loc[OVERIGE, "delicten_voor"]) and g.loc[TOPX, "delicten_voor"] == 28
    k = detail(res, "Recidive per kalenderjaar")
    assert k.loc[k["groep"] == OVERIGE, "delicten"].isna().all()
    assert k.loc[k["groep"] == "totaal", "delicten"].isna().all()
    assert k.loc[k["groep"] == TOPX, "delicten"].sum() == 43


def test_group_without_offences_before_gets_no_infinite_rate_ratio(tmp_path):
    reg, pol = _groot_cohort(10, 10)
    overige = reg.loc[reg["Werksoort"] != "Top X", "Persoonsnummer"]
    voor = pol["Pleegdatum"].isin(["01-01-2016", "01-02-2016", "01-03-2016"])
    pol = pol[~(pol["Persoonsnummer"].isin(overige) & voor)]
    res = meet(maak_meting(tmp_path, registry=reg, politie=pol, detentie=None, celgrootte=10))
    assert np.isnan(waarde(res, "rate_ratio", OVERIGE))
    assert rij(res, "rate_ratio", OVERIGE)["opmerking"].startswith("geen rate ratio")
    assert waarde(res, "delicten_voor", OVERIGE) == 0
    t = toets(res, "rate_ratio", OVERIGE)
    assert np.isnan(t["estimate"]) and t["opmerking"].startswith("geen rate ratio")
    did = toets(res, "rate_ratio", f"{TOPX};vergelijking=Overige casuïstiek")
    assert np.isnan(did["estimate"])
    g = detail(res, "Recidive per groep").set_index("groep")
    assert np.isnan(g.loc[OVERIGE, "rate_ratio"])


def test_no_approach_casussen_in_the_year_is_niet_gemeten(tmp_path):
    reg = _registry_frame(rijen=[r for r in REGISTRY if r[0] in ("C7", "C8")])
    res = meet(maak_meting(tmp_path, registry=reg))
    assert set(res.niet_gemeten) == {"10-2"} and "geen personen" in res.niet_gemeten["10-2"]
    assert {v.bestand for v in res.verslagen} == {"politie.csv", "detentie.csv"}
    assert res.indicatoren.empty


def test_all_groups_large_enough_nothing_suppressed(tmp_path):
    reg, pol = _groot_cohort(10, 10)
    res = meet(maak_meting(tmp_path, registry=reg, politie=pol, detentie=None, celgrootte=10))
    cohort = res.indicatoren[res.indicatoren["item"] == "recidive"]
    assert cohort["waarde"].notna().all()
    assert waarde(res, "delicten_voor", "totaal") == 47  # 40 + 7 (i = 0, 3, ..., 18)


# ----------------------------------------------------------------------------------------
# Other outcomes of meet
# ----------------------------------------------------------------------------------------
def test_without_recidive_section_10_2_is_niet_gemeten(tmp_path):
    pad = tmp_path / "meting.toml"
    pad.write_text('[meting]\nnaam = "2017"\nregistratiejaar = 2016\n', encoding="utf-8")
    res = meet(pad)
    assert set(res.niet_gemeten) == {"10-2"} and res.indicatoren.empty


def test_too_many_rejected_police_rows_stop_the_run(tmp_path):
    with pytest.raises(InvoerFout, match="afgewezen") as fout:
        meet(maak_meting(tmp_path, max_afgewezen=5.0))
    assert "politie.csv" in fout.value.melding
    assert len(fout.value.afgewezen) >= POLITIE_AFGEWEZEN


def test_missing_required_police_column_names_it(tmp_path):
    pol = _politie_frame().drop(columns="Rol")
    with pytest.raises(InvoerFout, match="rol"):
        meet(maak_meting(tmp_path, politie=pol))


def test_kolommen_mapping_renames_police_and_detention_headers(tmp_path):
    pol = _politie_frame().rename(columns={"Pleegdatum": "Datum feit gepleegd"})
    det = _detentie_frame().rename(columns={"Einddatum": "Vrij per"})
    extra = '[recidive.kolommen]\n"Datum feit gepleegd" = "pleegdatum"\n"Vrij per" = "einddatum"'
    pad = maak_meting(tmp_path, politie=pol, detentie=det)
    pad.write_text(pad.read_text().replace("[publicatie]", extra + "\n[publicatie]"))
    res = meet(pad)
    assert waarde(res, "per_jaar_vrij_na") == pytest.approx(5 / 1368 * 365, rel=1e-12)


def test_cli_runs_the_tool_alone(tmp_path):
    pad = maak_meting(tmp_path)
    uit = subprocess.run(
        [sys.executable, "-m", "instruments.recidivetool", "--config", str(pad), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert uit.returncode == 0, uit.stderr
    assert "rate_ratio" in uit.stdout and "10-2" in uit.stdout


@pytest.mark.parametrize(
    ("instelling", "tekst"),
    [
        ("venster_dagen = 0", "venster_dagen = 0"),
        ("wachttijd_dagen = -1", "wachttijd_dagen = -1"),
        ("min_dagen_vrij = 400", "groter dan venster_dagen"),
    ],
)
def test_impossible_window_settings_are_input_errors(tmp_path, instelling, tekst):
    with pytest.raises(InvoerFout, match=tekst):
        meet(maak_meting(tmp_path, recidive_extra=instelling))


def test_peildatum_setting_is_a_date(tmp_path):
    cfg = laad_config(maak_meting(tmp_path))
    assert cfg.recidive["peildatum"] == dt.date(2017, 12, 31)


def test_cohort_without_overige_casuistiek_does_not_crash(tmp_path):
    # a veiligheidshuis whose year had only Top X casussen: the Overige rows are empty
    reg, pol = _groot_cohort(12, 0)
    res = meet(maak_meting(tmp_path, registry=reg, politie=pol, detentie=None, celgrootte=10))
    r = res.indicatoren[res.indicatoren["item"] == "recidive"]
    overige = r[r["groep"] == OVERIGE]
    assert len(overige) == 8 and overige["waarde"].isna().all()
    assert waarde(res, "personen") == 12
    assert waarde(res, "rate_ratio") == pytest.approx(15 / 28, rel=1e-9)
    # no difference-in-differences against an empty group
    t = res.toetsen
    did = t[t["groep"] == f"{TOPX};vergelijking=Overige casuïstiek"]
    assert did.empty or did["estimate"].isna().all()


def test_parquet_text_columns_trimmed_per_distinct_value(tmp_path: Path) -> None:
    """Parquet text read as dictionaries (issue 13): the same rules as every other format.

    Row groups with their own dictionaries, ids and roles with spaces around them, an empty
    id, a pandas categorical column and an all-empty Delictcategorie; the expected offences,
    rejections, duplicates and roles are worked out by hand.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from instruments.recidivetool.lezen import lees_politie

    tabel = pa.table(
        {
            "Persoonsnummer": pa.array([" P1", "P1 ", "", None, "P2", "P2", "  ", "P3"]),
            "Pleegdatum": pa.array([dt.date(2020, 2, 1)] * 8),
            "Registratiedatum": pa.array([dt.date(2020, 2, 2)] * 8),
            "Delictcategorie": pa.array([None] * 8, pa.string()),
            "Rol": pa.array(
                [
                    "Verdachte",
                    " verdachte ",
                    "VERDACHTE",
                    "Verdachte",
                    "Verdachte",
                    "Verdachte",
                    "Verdachte",
                    "getuige ",
                ]
            ).dictionary_encode(),
        }
    )
    pad = tmp_path / "politie.parquet"
    pq.write_table(tabel, pad, row_group_size=3)
    p = lees_politie(pad)
    assert p.delicten["persoonsnummer"].tolist() == ["P1", "P1", "P2", "P2"]
    assert p.delicten["persoonsnummer"].dtype == "str"
    assert p.delicten["_rij"].tolist() == [2, 3, 6, 7]
    assert p.delicten["delictcategorie"].isna().all()
    assert p.afgewezen["rij"].tolist() == [4, 5, 8]
    assert set(p.afgewezen["reden"]) == {"persoonsnummer ontbreekt"}
    assert p.afgewezen["waarde"].tolist() == ["", "", ""]
    # over all rows, ids trimmed, roles trimmed but not casefolded: rows 6/7 (P2) repeat,
    # and so do rows 5/8 (no id, 'Verdachte'); rows 2/3 differ in Rol as written
    assert p.dubbel == 2
    assert p.rollen_overgeslagen == {"Getuige": 1}
    assert (p.verslag.rijen_gelezen, p.verslag.rijen_afgewezen) == (8, 3)


def test_parquet_date_columns_follow_the_written_date_rules(tmp_path):
    """A Parquet date column holding 31-12-9999 used to crash (out of bounds for
    datetime64[ns]) and one holding 2150 or 2220 was accepted; written as text the same
    dates are a placeholder, invalid, or (detention end) an open spell. Hand-worked."""
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    from instruments.recidivetool.lezen import lees_detentie, lees_politie

    d = pa.date32()
    pq.write_table(
        pa.table(
            {
                "Persoonsnummer": ["P1", "P2", "P3", "P4", "P5"],
                "Pleegdatum": pa.array(
                    [
                        dt.date(9999, 12, 31),
                        dt.date(2150, 1, 1),
                        dt.date(2016, 3, 1),
                        dt.date(1985, 1, 1),
                        dt.date(2016, 5, 1),
                    ],
                    d,
                ),
                "Registratiedatum": pa.array(
                    [
                        dt.date(2016, 1, 1),
                        dt.date(2016, 1, 1),
                        dt.date(2220, 1, 1),
                        None,
                        dt.date(2016, 6, 1),
                    ],
                    d,
                ),
                "Rol": ["Verdachte"] * 5,
            }
        ),
        tmp_path / "politie.parquet",
    )
    p = lees_politie(tmp_path / "politie.parquet")
    af = p.afgewezen.set_index("rij")
    assert af.loc[2, "reden"].startswith("opvuldatum 31-12-9999")
    assert af.loc[3, "reden"] == af.loc[4, "reden"] == "ongeldige datum (verwacht dd-mm-jjjj)"
    assert af.loc[4, "kolom"] == "Registratiedatum"
    assert af.loc[5, "reden"].startswith("datum vóór 01-01-1990")
    assert p.delicten["_rij"].tolist() == [6]
    assert p.laatste_datum == pd.Timestamp("2016-06-01")  # not 2220

    pq.write_table(
        pa.table(
            {
                "Persoonsnummer": ["P1", "P2", "P3"],
                "Begindatum": pa.array([dt.date(2015, 1, 1)] * 3, d),
                "Einddatum": pa.array([dt.date(9999, 12, 31), dt.date(2150, 1, 1), None], d),
            }
        ),
        tmp_path / "detentie.parquet",
    )
    det = lees_detentie(tmp_path / "detentie.parquet")
    assert det.afgewezen.empty
    assert det.perioden["einddatum"].isna().all()
    assert (det.open_perioden, det.open_code) == (3, 2)
