"""Checks (controles) of the registratietool on realistic variants of the demo extract.

The demo generator writes the 2016 extract (``gcos_2016.csv``: Windows-1252, ``;``, mixed
date forms, werksoort spellings, 42 exact duplicate rows, three planted bad rows). Each
test changes one thing the way a real export does and checks the check record and, where
the reader repairs the variant, that the figures equal those of the clean file.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from instruments import registratietool as rt
from instruments.config import laad_config
from instruments.controles import OK, STOP, WAARSCHUWING, opmerking_per_kengetal
from instruments.demo import genereer_demo
from instruments.fouten import InvoerFout
from instruments.lezen import REDEN_LOS_GETAL, parse_datums

REGIO = [
    "Roermond",
    "Weert",
    "Leudal",
    "Echt-Susteren",
    "Maasgouw",
    "Roerdalen",
    "Nederweert",
]
NAMEN = {
    "spelling Gemeente",
    "spelling Werksoort",
    "vocabulaire Werksoort",
    "datums registratie",
    "dubbele rijen",
    "vocabulaire Gemeente",
    "dekking registratiejaar",
    "NUL-tekens",
    "tekenset",
}


# ----------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_extract(tmp_path_factory) -> pd.DataFrame:
    """The demo's 2016 registry extract as text cells (read-only for the tests)."""
    map_ = tmp_path_factory.mktemp("demo")
    genereer_demo(map_)
    return _lees_csv(map_ / "gcos_2016.csv")


def _lees_csv(pad: Path) -> pd.DataFrame:
    return pd.read_csv(pad, sep=";", dtype=str, keep_default_na=False, encoding="cp1252")


def _schrijf(map_: Path, df: pd.DataFrame, naam: str = "gcos.csv", **config) -> Path:
    """Write ``df`` like the demo (Windows-1252, ``;``) with a meting config for 2016."""
    if naam.endswith(".csv"):
        (map_ / naam).write_bytes(
            df.to_csv(sep=";", index=False, lineterminator="\r\n").encode("cp1252")
        )
    else:
        df.to_excel(map_ / naam, index=False)
    secties = {"publicatie": config.pop("publicatie", ""), "controles": config.pop("controles", "")}
    toml = map_ / "meting.toml"
    toml.write_text(
        '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n\n'
        f'[registratie]\nbestand = "{naam}"\n\n'
        f"[publicatie]\n{secties['publicatie']}\n\n[controles]\n{secties['controles']}\n",
        encoding="utf-8",
    )
    return toml


def _meet(map_: Path, df: pd.DataFrame, **kw):
    return rt.meet(laad_config(_schrijf(map_, df, **kw)))


def _controles(res) -> dict[str, object]:
    return {c.controle: c for c in res.controles}


def _rijen(res, indicator: str) -> pd.DataFrame:
    ind = res.indicatoren
    return ind[ind["indicator"] == indicator].reset_index(drop=True)


@pytest.fixture(scope="module")
def schoon(demo_extract, tmp_path_factory):
    """The registratietool on the unchanged demo extract."""
    return _meet(tmp_path_factory.mktemp("schoon"), demo_extract)


# ----------------------------------------------------------------------------------------
# the demo: every registry check passes, with its figure
# ----------------------------------------------------------------------------------------
def test_demo_has_all_registry_checks_ok(schoon, demo_extract):
    c = _controles(schoon)
    assert set(c) == NAMEN
    assert all(x.status == OK for x in c.values())
    assert all(x.bestand == "gcos.csv" for x in c.values())
    n = len(demo_extract)
    assert c["dubbele rijen"].waarde == pytest.approx(100 * 42 / n)
    assert c["dubbele rijen"].eenheid == "%" and c["dubbele rijen"].drempel == 10.0
    assert "42 van de" in c["dubbele rijen"].melding
    assert c["datums registratie"].waarde == 0
    assert c["spelling Gemeente"].waarde == 0
    # 'Adviesvraag' is the planted unknown werksoort
    assert c["vocabulaire Werksoort"].waarde == pytest.approx(100 / n)
    assert "'Adviesvraag' (1×)" in c["vocabulaire Werksoort"].melding
    gem = c["vocabulaire Gemeente"]
    buiten = _rijen(schoon, "1-2").query(
        "groep == 'gemeente=buiten regio' and statistiek == 'percentage'"
    )
    assert gem.waarde == pytest.approx(float(buiten["waarde"].iloc[0]))
    assert gem.eenheid == "%" and gem.drempel == 25.0 and gem.kengetallen == ("1-2",)
    assert "'Venlo'" in gem.melding
    assert opmerking_per_kengetal(schoon.controles) == {}


# ----------------------------------------------------------------------------------------
# vocabulaire Gemeente
# ----------------------------------------------------------------------------------------
VARIANT = {
    "Roermond": "Gemeente Roermond",
    "Weert": "gem. Weert",
    "Leudal": "Gem Leudal",
    "Echt-Susteren": "Echt Susteren",
    "Maasgouw": "MAASGOUW",
    "Roerdalen": "gemeente roerdalen",
    "Nederweert": "Gem. Nederweert",
}
ONBEKEND = ["Onbekend", "Niet bekend", "NB", "onb.", "n.v.t.", "-", "?"]


def test_administrative_variants_give_the_clean_figures(demo_extract, schoon, tmp_path):
    df = demo_extract.copy()
    df["Gemeente"] = df["Gemeente"].map(lambda g: VARIANT.get(g, g))
    # empty gemeenten as the spellings of onbekend; chosen per casus, so duplicate rows
    # stay duplicates
    leeg = df["Gemeente"] == ""
    df.loc[leeg, "Gemeente"] = [
        ONBEKEND[sum(map(ord, c)) % len(ONBEKEND)] for c in df.loc[leeg, "CasusNummer"]
    ]
    res = _meet(tmp_path, df)
    for kengetal in ("1-1", "1-2", "1-3", "2-2"):
        pd.testing.assert_frame_equal(_rijen(res, kengetal), _rijen(schoon, kengetal))
    c = _controles(res)
    # every regional name changed spelling (MAASGOUW: case only), every empty one too
    herkend = int(demo_extract["Gemeente"].isin(REGIO).sum()) + int(leeg.sum())
    assert c["spelling Gemeente"].status == OK
    assert c["spelling Gemeente"].waarde == herkend
    assert "'Gemeente Roermond' -> 'Roermond'" in c["spelling Gemeente"].melding
    assert c["vocabulaire Gemeente"].status == OK
    assert c["vocabulaire Gemeente"].waarde == _controles(schoon)["vocabulaire Gemeente"].waarde


def test_gemeente_prefix_on_every_name_is_recognised(demo_extract, schoon, tmp_path):
    # the example from practice: 'Gemeente Roermond', 'Gemeente Weert', ... used to put
    # every casus buiten regio (0 % in regio) without any warning
    df = demo_extract.copy()
    gevuld = df["Gemeente"] != ""
    df.loc[gevuld, "Gemeente"] = "Gemeente " + df.loc[gevuld, "Gemeente"]
    res = _meet(tmp_path, df)
    pd.testing.assert_frame_equal(_rijen(res, "1-2"), _rijen(schoon, "1-2"))
    assert _controles(res)["spelling Gemeente"].waarde == int(
        demo_extract["Gemeente"].isin(REGIO).sum()
    )


def test_unrecognised_spelling_of_a_big_gemeente_warns_on_1_2(demo_extract, schoon, tmp_path):
    # a case system that writes 'Roermond (L)': a third of the casussen falls buiten regio
    df = demo_extract.copy()
    df.loc[df["Gemeente"] == "Roermond", "Gemeente"] = "Roermond (L)"
    res = _meet(tmp_path, df)
    gem = _controles(res)["vocabulaire Gemeente"]
    rijen = _rijen(res, "1-2").set_index(["groep", "statistiek"])["waarde"]
    roermond = int(
        _rijen(schoon, "1-2").set_index(["groep", "statistiek"])["waarde"][
            ("gemeente=Roermond", "aantal")
        ]
    )
    buiten = roermond + int(
        _rijen(schoon, "1-2").set_index(["groep", "statistiek"])["waarde"][
            ("gemeente=buiten regio", "aantal")
        ]
    )
    assert rijen[("gemeente=buiten regio", "aantal")] == buiten
    assert gem.status == WAARSCHUWING
    assert gem.waarde == pytest.approx(rijen[("gemeente=buiten regio", "percentage")])
    assert gem.waarde > 25
    assert f"'Roermond (L)' ({roermond}×)" in gem.melding
    assert "buiten de 7 gemeenten van de regio" in gem.melding
    assert "controleer of dit echt andere gemeenten zijn" in gem.melding
    assert gem.oplossing and gem.kengetallen == ("1-2",)
    assert "vocabulaire Gemeente" in opmerking_per_kengetal(res.controles)["1-2"]


def test_buiten_regio_threshold_is_a_setting(demo_extract, tmp_path):
    res = _meet(tmp_path, demo_extract, controles="max_buiten_vocabulaire_pct = 5")
    gem = _controles(res)["vocabulaire Gemeente"]
    assert gem.status == WAARSCHUWING and gem.drempel == 5.0


# ----------------------------------------------------------------------------------------
# vocabulaire Werksoort
# ----------------------------------------------------------------------------------------
def test_renamed_werksoort_is_rejected_and_warns(demo_extract, tmp_path):
    # a newer case system calls Screening 'Screeningsoverleg': those rows are unknown
    df = demo_extract.copy()
    screening = df["Werksoort"] == "Screening"
    df.loc[screening, "Werksoort"] = "Screeningsoverleg"
    with pytest.raises(InvoerFout, match="afgewezen"):
        _meet(tmp_path, df)
    res = _meet(tmp_path, df, publicatie="max_afgewezen_pct = 100")
    ws = _controles(res)["vocabulaire Werksoort"]
    assert ws.status == WAARSCHUWING
    assert ws.waarde == pytest.approx(100 * (int(screening.sum()) + 1) / len(df))
    assert f"'Screeningsoverleg' ({int(screening.sum())}×)" in ws.melding
    assert "Screening" in ws.oplossing
    v = res.verslagen[0]
    assert v.rijen_gelezen == v.rijen_gebruikt + v.rijen_afgewezen


# ----------------------------------------------------------------------------------------
# datums registratie
# ----------------------------------------------------------------------------------------
def test_implausible_and_placeholder_dates_are_rejected_with_the_reason(demo_extract, tmp_path):
    df = demo_extract.copy()
    rijen = {5: "01-01-1900", 6: "31-12-9999", 7: "15-03-1985", 8: "01-02-2018"}
    for i, datum in rijen.items():
        df.loc[i, "Datum aanmelding"] = datum
    df.loc[9, "Datum Bespreking"] = "31-12-2017"  # the last plausible day: kept
    res = _meet(tmp_path, df)
    af = res.afgewezen.set_index("rij")
    redenen = {i + 2: af.loc[i + 2, "reden"] for i in rijen}
    assert redenen[7].startswith("plaatsvervangende datum 01-01-1900: geen echte datum")
    assert redenen[8].startswith("plaatsvervangende datum 31-12-9999: geen echte datum")
    assert redenen[9].startswith("datum vóór 01-01-1990 ([controles] vroegste_datum)")
    assert redenen[10].startswith(
        "datum na 31-12-2017 (einde van het jaar na het registratiejaar 2016)"
    )
    assert 11 not in af.index
    d = _controles(res)["datums registratie"]
    assert d.status == OK and d.waarde == 4 and d.eenheid == "rijen"
    assert "plaatsvervangende datum 01-01-1900 (1×)" in d.melding
    v = res.verslagen[0]
    assert v.rijen_gelezen == len(df) == v.rijen_gebruikt + v.rijen_afgewezen


def test_vroegste_datum_is_a_setting(demo_extract, tmp_path):
    df = demo_extract.copy()
    df.loc[5, "Datum aanmelding"] = "15-03-1985"
    res = _meet(tmp_path, df, controles="vroegste_datum = 1980-01-01")
    assert 7 not in set(res.afgewezen["rij"])
    assert _controles(res)["datums registratie"].waarde == 0


def test_totals_row_with_a_plain_number_is_rejected_in_a_csv(demo_extract, tmp_path):
    # an export with a totals row: the number of rows in the date column
    df = demo_extract.copy()
    totaal = df.iloc[[0]].copy()
    totaal["CasusNummer"] = "Totaal"
    totaal["Datum Bespreking"] = str(len(df))
    df = pd.concat([df, totaal], ignore_index=True)
    res = _meet(tmp_path, df)
    af = res.afgewezen[res.afgewezen["rij"] == len(df) + 1]
    assert af["reden"].tolist() == [REDEN_LOS_GETAL]
    assert af["kolom"].tolist() == ["Datum Bespreking"]
    assert _controles(res)["datums registratie"].waarde == 1


def test_numeric_cells_in_an_xlsx_date_column_are_serials(demo_extract, tmp_path):
    df = demo_extract.head(40).copy()
    datums, _ = parse_datums(df["Datum Bespreking"])
    df["Datum Bespreking"] = datums.dt.strftime("%d-%m-%Y")
    xlsx = df.astype(object)
    xlsx.loc[3, "Datum Bespreking"] = int((datums.iloc[3] - pd.Timestamp("1899-12-30")).days)
    res = rt.meet(laad_config(_schrijf(tmp_path, xlsx, naam="gcos.xlsx")))
    reg = res.registratie
    b = reg.besprekingen.set_index("_rij")
    assert b.loc[5, "datum_bespreking"] == datums.iloc[3]
    assert _controles(res)["datums registratie"].waarde == 0


# ----------------------------------------------------------------------------------------
# dubbele rijen
# ----------------------------------------------------------------------------------------
def test_extract_pasted_twice_warns_on_1_1_and_counts_once(demo_extract, schoon, tmp_path):
    df = pd.concat([demo_extract, demo_extract], ignore_index=True)
    res = _meet(tmp_path, df)
    for kengetal in ("1-1", "1-2", "1-3", "2-2"):
        pd.testing.assert_frame_equal(_rijen(res, kengetal), _rijen(schoon, kengetal))
    dub = _controles(res)["dubbele rijen"]
    # the second copy's valid rows (all but the 3 planted bad rows) plus the demo's 42
    n_dubbel = len(demo_extract) - 3 + 42
    assert dub.status == WAARSCHUWING and dub.kengetallen == ("1-1",)
    assert dub.waarde == pytest.approx(100 * n_dubbel / len(df))
    assert f"{n_dubbel} van de {len(df)} rijen" in dub.melding
    assert dub.oplossing
    assert "dubbele rijen" in opmerking_per_kengetal(res.controles)["1-1"]
    v = res.verslagen[0]
    assert v.rijen_gelezen == len(df) == v.rijen_gebruikt + v.rijen_afgewezen


def test_empty_extract_gives_ok_checks_without_figures(demo_extract, tmp_path):
    res = _meet(tmp_path, demo_extract.head(0))
    c = _controles(res)
    assert set(c) == NAMEN
    # no bespreking in the registratiejaar: the coverage check stops the meting
    assert c["dekking registratiejaar"].status == STOP
    assert all(x.status == OK for k, x in c.items() if k != "dekking registratiejaar")
    assert math.isnan(c["vocabulaire Gemeente"].waarde)


def _datums(reeks: pd.Series) -> pd.Series:
    """Dates as written in the demo (ISO or day first), parsed here without the suite."""
    iso = pd.to_datetime(reeks, format="%Y-%m-%d", errors="coerce")
    rest = pd.to_datetime(reeks.where(iso.isna()), dayfirst=True, format="mixed", errors="coerce")
    return iso.fillna(rest)


def test_last_years_extract_warns_that_the_year_is_not_covered(demo_extract, tmp_path):
    # the extract ends on 15 March of the registratiejaar (drawn too early, or last year's)
    datums = _datums(demo_extract["Datum Bespreking"])
    vroeg = demo_extract[datums < pd.Timestamp(2016, 3, 16)]
    c = _controles(_meet(tmp_path, vroeg))["dekking registratiejaar"]
    assert c.status == WAARSCHUWING and c.eenheid == "dagen"
    assert "15-03-2016" in c.melding and "1-1" in c.kengetallen
    eerste = datums[(datums >= pd.Timestamp(2016, 1, 1)) & (datums < pd.Timestamp(2016, 3, 16))]
    assert c.waarde == (eerste.max() - eerste.min()).days + 1
    assert "dekking registratiejaar" in opmerking_per_kengetal([c])["1-1"]


def test_extract_without_a_bespreking_in_the_year_stops(demo_extract, tmp_path):
    datums = _datums(demo_extract["Datum Bespreking"])
    c = _controles(_meet(tmp_path, demo_extract[datums.dt.year < 2016]))
    assert c["dekking registratiejaar"].status == STOP
    assert (
        "geen enkele bespreking in het registratiejaar 2016" in c["dekking registratiejaar"].melding
    )
