"""Comparability of two metingen: item sets, 3-1 on common items, a saved baseline.

Realistic variants of the demo inputs: reworded questions in the previous questionnaire,
a saved indicatoren.csv mangled by Excel (``1-feb``), a Dutch Excel re-save (``;``,
decimal commas, cp1252), a CSV of another suite and a copied config with the same naam.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from instruments.baseline import herstel_indicatorcodes, lees_opgeslagen
from instruments.config import laad_config
from instruments.controles import ControleStop
from instruments.demo import genereer_demo
from instruments.fouten import InvoerFout
from instruments.meting import voer_meting_uit
from instruments.resultaat import CSV_KOLOMMEN
from instruments.surveytool import lees_antwoorden
from surveys import laad_codebook

#: Rapportcijfers whose question is reworded in the 2016 export (row label in header row 2),
#: with a piece of their current label there.
HERFORMULEERD_LABEL = {
    "scr_participatie": "actieve participatie van partners",
    "topx_criteria": "toepassing van de Top X",
    "samen_gemeente": "gemeentelijke afdelingen",
}
HERFORMULEERD = tuple(HERFORMULEERD_LABEL)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    map_ = tmp_path_factory.mktemp("vergelijkbaarheid")
    genereer_demo(map_, seed=2017)
    return map_


@pytest.fixture(scope="module")
def opgeslagen_2016(demo, tmp_path_factory) -> Path:
    """The saved indicatoren.csv of meting 2016 (as the suite writes it)."""
    uit = voer_meting_uit(laad_config(demo / "meting2016.toml"))
    pad = tmp_path_factory.mktemp("uit2016") / "indicatoren.csv"
    uit.csv.to_csv(pad, index=False, encoding="utf-8", lineterminator="\n")
    return pad


def _kopie(demo: Path, doel: Path) -> Path:
    shutil.copytree(demo, doel)
    return doel


def _met_opgeslagen(map_: Path, pad: Path, naam: str = "2017") -> Path:
    tekst = (map_ / "meting2017.toml").read_text(encoding="utf-8")
    tekst = tekst.replace('config = "meting2016.toml"', f'resultaten = "{pad.as_posix()}"')
    tekst = tekst.replace('naam = "2017"', f'naam = "{naam}"')
    cfg = map_ / "meting2017_opgeslagen.toml"
    cfg.write_text(tekst, encoding="utf-8")
    return cfg


def _controle(uitkomst, naam: str):
    gevonden = [c for c in uitkomst.controles if c.controle == naam]
    assert len(gevonden) == 1, [c.controle for c in uitkomst.controles]
    return gevonden[0]


def _rij(csv_: pd.DataFrame, nr: str, item: str, stat: str, groep: str = "totaal") -> pd.Series:
    m = (
        (csv_["indicator"] == nr)
        & (csv_["item"] == item)
        & (csv_["statistiek"] == stat)
        & (csv_["groep"] == groep)
    )
    assert m.sum() == 1
    return csv_[m].iloc[0]


# -- reworded questions, raw inputs ---------------------------------------------------------
def _herformuleer(pad: Path) -> None:
    tekst = pad.read_bytes()
    assert tekst.startswith(b"\xef\xbb\xbf")
    rijen = list(csv.reader(io.StringIO(tekst[3:].decode("utf-8"))))
    for i, stuk in enumerate(HERFORMULEERD_LABEL.values()):
        kolommen = [j for j, k in enumerate(rijen[1]) if stuk in k]
        assert len(kolommen) == 1
        rijen[1][kolommen[0]] = f"Nieuw geformuleerd aspect {i + 1}"
    uit = io.StringIO()
    csv.writer(uit, lineterminator="\r\n").writerows(rijen)
    pad.write_bytes(b"\xef\xbb\xbf" + uit.getvalue().encode("utf-8"))


@pytest.fixture(scope="module")
def herformuleerd(demo, tmp_path_factory):
    map_ = _kopie(demo, tmp_path_factory.mktemp("hf") / "invoer")
    _herformuleer(map_ / "surveymonkey_2016.csv")
    cfg = laad_config(map_ / "meting2017.toml")
    return cfg, voer_meting_uit(cfg)


def _kwaliteit(data: pd.DataFrame, items: list[str]) -> pd.Series:
    """Independent 3-1: per respondent the mean of >= 3 valid grades among ``items``."""
    cijfers = data[items].astype(float)
    return cijfers.mean(axis=1)[cijfers.notna().sum(axis=1) >= 3]


def test_reworded_items_3_1_is_compared_on_the_common_items(herformuleerd):
    cfg, uit = herformuleerd
    alle = laad_codebook().rapportcijfers
    samen = [c for c in alle if c not in HERFORMULEERD]
    assert len(samen) == 15
    deze = lees_antwoorden(cfg).data
    vorige = lees_antwoorden(cfg.vorige).data
    assert vorige[list(HERFORMULEERD)].isna().all().all()  # really missing in 2016

    rij = _rij(uit.csv, "3-1", "kwaliteit_algemeen", "gemiddelde")
    # the headline stays this meting's 3-1 on all 18 items
    assert rij["waarde"] == pytest.approx(_kwaliteit(deze, alle).mean(), rel=1e-12)
    assert rij["n"] == len(_kwaliteit(deze, alle))
    # the comparison: both metingen recomputed on the 15 common items
    k_deze, k_vorige = _kwaliteit(deze, samen), _kwaliteit(vorige, samen)
    assert rij["vorige_waarde"] == pytest.approx(k_vorige.mean(), rel=1e-12)
    assert rij["verschil"] == pytest.approx(k_deze.mean() - k_vorige.mean(), rel=1e-9)
    welch = stats.ttest_ind(k_deze, k_vorige, equal_var=False)
    assert rij["toets"] == "welch"
    assert rij["p_waarde"] == pytest.approx(welch.pvalue, rel=1e-6)
    # the naive comparison (2016 on 15 items vs 2017 on 18) would be another p
    naief = stats.ttest_ind(_kwaliteit(deze, alle), k_vorige, equal_var=False).pvalue
    assert not np.isclose(naief, welch.pvalue, rtol=1e-3)

    ontbreekt = ", ".join(sorted(HERFORMULEERD))
    assert (
        f"vergeleken op de 15 items die beide metingen hebben; ontbreekt in 2016: {ontbreekt}"
        in rij["opmerking"]
    )
    assert "deze meting daarop: " + f"{k_deze.mean():.2f}".replace(".", ",") in rij["opmerking"]
    # % 7 of hoger on the common items too
    p7 = _rij(uit.csv, "3-1", "kwaliteit_algemeen", "percentage_7_of_hoger")
    assert p7["vorige_waarde"] == pytest.approx(100 * (k_vorige >= 7).mean(), rel=1e-12)
    assert p7["verschil"] == pytest.approx(
        100 * ((k_deze >= 7).mean() - (k_vorige >= 7).mean()), rel=1e-9
    )
    # Mann-Whitney on the same respondent means
    mw = uit.toetsen[(uit.toetsen["indicator"] == "3-1") & (uit.toetsen["toets"] == "mann_whitney")]
    assert len(mw) == 1
    assert mw["n1"].iloc[0] == len(k_vorige) and mw["n2"].iloc[0] == len(k_deze)
    assert mw["p_val"].iloc[0] == pytest.approx(
        stats.mannwhitneyu(k_vorige, k_deze, alternative="two-sided").pvalue, rel=1e-6
    )


def test_reworded_items_records_and_toelichting(herformuleerd):
    _, uit = herformuleerd
    c31 = _controle(uit, "vergelijkbaarheid 3-1")
    assert (c31.status, c31.waarde, c31.kengetallen, c31.eenheid) == (
        "waarschuwing",
        15.0,
        ("3-1",),
        "items",
    )
    c71 = _controle(uit, "vergelijkbaarheid 7-1")
    assert c71.status == "waarschuwing" and "ontbreekt in 2016: samen_gemeente" in c71.melding
    c61 = _controle(uit, "vergelijkbaarheid 6-1")
    assert (c61.status, c61.waarde) == ("ok", 1.0)
    assert _controle(uit, "vergelijkbaarheid 1-1").status == "ok"
    # 4-2 per item: the common item is compared, the missing one is not
    assert not np.isnan(_rij(uit.csv, "4-2", "topx_afweging", "gemiddelde")["verschil"])
    assert np.isnan(_rij(uit.csv, "4-2", "topx_criteria", "gemiddelde")["verschil"])
    toel = uit.overzicht.set_index("nr").loc["3-1", "toelichting"]
    assert "uit de 18 rapportcijfers met antwoorden" in toel
    assert "Vergelijking met meting 2016: op de 15 items die beide metingen hebben" in toel
    tabel = uit.controle_tabel
    assert "vergelijkbaarheid 3-1" in set(tabel["controle"])


def test_previous_toelichting_counts_only_the_items_it_has(herformuleerd):
    from instruments.surveytool import meet

    cfg, _ = herformuleerd
    toel = meet(cfg.vorige).toelichting["3-1"]
    assert "uit de 15 rapportcijfers met antwoorden (het codeboek heeft er 18" in toel


def test_same_items_give_ok_records_and_no_remark(demo):
    uit = voer_meting_uit(laad_config(demo / "meting2017.toml"), instrumenten=("surveytool",))
    for nr in ("3-1", "4-1", "7-1", "10-1"):
        assert _controle(uit, f"vergelijkbaarheid {nr}").status == "ok"
    rij = _rij(uit.csv, "3-1", "kwaliteit_algemeen", "gemiddelde")
    assert "vergeleken op" not in rij["opmerking"]
    assert rij["verschil"] == pytest.approx(rij["waarde"] - rij["vorige_waarde"])


# -- a kengetal measured in one meting only --------------------------------------------------
def test_kengetal_measured_in_one_meting_only(demo, tmp_path):
    map_ = _kopie(demo, tmp_path / "invoer")
    pad = map_ / "meting2016.toml"
    tekst = pad.read_text(encoding="utf-8")
    for sectie in ("registratie", "recidive"):
        tekst = re.sub(rf"\[{sectie}\]\n(?:(?!\[).*\n?)*", "", tekst)
    pad.write_text(tekst, encoding="utf-8")
    uit = voer_meting_uit(laad_config(map_ / "meting2017.toml"))
    for nr, item, stat in (("1-1", "casussen", "aantal"), ("10-2", None, None)):
        rijen = uit.csv[uit.csv["indicator"] == nr]
        if item:
            rijen = rijen[(rijen["item"] == item) & (rijen["statistiek"] == stat)]
        gemeten = rijen[rijen["waarde"].notna()]
        assert len(gemeten)
        assert (
            gemeten["opmerking"]
            .str.contains("geen vergelijking: in meting 2016 niet gemeten")
            .all()
        )
        assert gemeten["vorige_waarde"].isna().all()
        assert _controle(uit, f"vergelijkbaarheid {nr}").status == "ok"


# -- a saved indicatoren.csv as baseline ---------------------------------------------------
@pytest.fixture(scope="module")
def schoon(demo, opgeslagen_2016, tmp_path_factory):
    map_ = _kopie(demo, tmp_path_factory.mktemp("schoon") / "invoer")
    return voer_meting_uit(laad_config(_met_opgeslagen(map_, opgeslagen_2016)))


def test_clean_saved_baseline_checks_pass(schoon):
    assert _controle(schoon, "aansluiting vorige meting").status == "ok"
    assert _controle(schoon, "aansluiting vorige meting").waarde > 90
    assert _controle(schoon, "indicatorcodes vorige meting").status == "ok"
    assert _controle(schoon, "vergelijkbaarheid 3-1").status == "ok"
    assert _controle(schoon, "vergelijkbaarheid 3-1").waarde == 18


def _excel_nl(bron: Path, doel: Path, *, datums: bool = True) -> None:
    """What a Dutch Excel does on open + save as CSV: ; separator, decimal comma, cp1252,
    and indicator codes shown as dates (1-2 -> 1-feb)."""
    maanden = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov"]
    df = pd.read_csv(bron, dtype=str, keep_default_na=False)
    if datums:
        df["indicator"] = [
            f"{int(a)}-{maanden[int(b) - 1]}" for a, b in df["indicator"].str.split("-")
        ]
    for k in ("waarde", "n", "vorige_waarde", "verschil", "p_waarde", "p_gecorrigeerd"):
        df[k] = df[k].str.replace(".", ",", regex=False)
    doel.write_bytes(df.to_csv(sep=";", index=False, lineterminator="\r\n").encode("cp1252"))


def test_dutch_excel_resave_with_mangled_codes_is_repaired(demo, schoon, opgeslagen_2016, tmp_path):
    excel = tmp_path / "indicatoren_excel.csv"
    _excel_nl(opgeslagen_2016, excel)
    ruw = excel.read_bytes()
    assert b"1-feb;" in ruw and b"10-jan;" in ruw and b"casu\xefstiek" in ruw  # cp1252
    map_ = _kopie(demo, tmp_path / "invoer")
    uit = voer_meting_uit(laad_config(_met_opgeslagen(map_, excel)))
    codes = _controle(uit, "indicatorcodes vorige meting")
    assert codes.status == "waarschuwing"
    assert "'1-feb' -> 1-2" in codes.melding and "hersteld" in codes.melding
    assert "puntkomma" in _controle(uit, "indeling vorige meting").melding
    assert _controle(uit, "aansluiting vorige meting").status == "ok"
    # every comparison equals the one with the clean file
    sleutel = ["indicator", "item", "statistiek", "groep"]
    m = schoon.csv.merge(uit.csv, on=sleutel, suffixes=("_schoon", "_excel"))
    assert len(m) == len(schoon.csv)
    for k in ("vorige_waarde", "verschil", "p_waarde"):
        pd.testing.assert_series_equal(
            m[f"{k}_schoon"], m[f"{k}_excel"], check_names=False, rtol=1e-12
        )
    assert m["vorige_waarde_excel"].notna().sum() > 300
    regio = _rij(uit.csv, "1-2", "regio", "percentage")
    assert not np.isnan(regio["vorige_waarde"])
    assert "let op" in regio["opmerking"] and "1-feb" in regio["opmerking"]


def test_dutch_resave_without_mangling_reads_decimal_commas(opgeslagen_2016, tmp_path):
    excel = tmp_path / "nl.csv"
    _excel_nl(opgeslagen_2016, excel, datums=False)
    opg = lees_opgeslagen(excel)
    schoon = lees_opgeslagen(opgeslagen_2016)
    assert opg.meting == "2016" and not opg.hersteld and opg.excel
    pd.testing.assert_frame_equal(opg.rijen, schoon.rijen)


@pytest.mark.parametrize(
    ("tekst", "code"),
    [
        ("1-feb", "1-2"),
        ("10-jan", "10-1"),
        ("01-02", "1-2"),
        ("2026-02-01", "1-2"),
        ("2026-02-01 00:00:00", "1-2"),
        ("1-2-2026", "1-2"),
        ("10-feb", "10-2"),
        ("3-jan", "3-1"),
    ],
)
def test_excel_dates_map_back_to_indicator_codes(tekst, code):
    codes, hersteld = herstel_indicatorcodes(pd.Series([tekst, "4-1"]))
    assert codes.tolist() == [code, "4-1"] and hersteld == {tekst: code}


def test_english_excel_reading_is_chosen_by_the_items():
    # English Excel: 1-2 -> 2 January ("2-Jan"), 10-2 -> 2 October ("2-Oct")
    codes = pd.Series(["2-Jan", "2-Jan", "2-Oct", "1-Jan"])
    items = pd.Series(["regio", "gemeente", "recidive", "casussen"])
    bekend = {("1-2", "regio"), ("1-2", "gemeente"), ("10-2", "recidive"), ("1-1", "casussen")}
    hersteld, _ = herstel_indicatorcodes(codes, items, bekend)
    assert hersteld.tolist() == ["1-2", "1-2", "10-2", "1-1"]


def test_saved_baseline_with_reworded_items_is_niet_vergelijkbaar(demo, opgeslagen_2016, tmp_path):
    df = pd.read_csv(opgeslagen_2016, dtype=str, keep_default_na=False)
    df = df[df["item"] != "samen_gemeente"]
    pad = tmp_path / "indicatoren.csv"
    df.to_csv(pad, index=False)
    map_ = _kopie(demo, tmp_path / "invoer")
    uit = voer_meting_uit(laad_config(_met_opgeslagen(map_, pad)), instrumenten=("surveytool",))
    for nr in ("3-1", "7-1"):
        c = _controle(uit, f"vergelijkbaarheid {nr}")
        assert c.status == "waarschuwing" and c.waarde == (17.0 if nr == "3-1" else 10.0)
        rijen = uit.csv[(uit.csv["indicator"] == nr) & (uit.csv["item"] != "respons")]
        assert rijen["vorige_waarde"].isna().all() and rijen["verschil"].isna().all()
        assert (rijen["toets"].fillna("") == "").all()
        assert (
            rijen["opmerking"]
            .str.contains(
                "(?i)niet vergelijkbaar met meting 2016: de items verschillen "
                r"\(ontbreekt in 2016: samen_gemeente\)"
            )
            .all()
        )
    assert _controle(uit, "vergelijkbaarheid 4-1").status == "ok"
    assert not np.isnan(_rij(uit.csv, "4-1", "scr_voorbereiding", "gemiddelde")["verschil"])
    toel = uit.overzicht.set_index("nr").loc["3-1", "toelichting"]
    assert "Niet vergelijkbaar met meting 2016" in toel


def test_saved_csv_of_another_suite_stops_with_exit_2(demo, tmp_path, capsys):
    from instruments.run import main

    # right columns, but the rows of another suite (other codes and items)
    df = pd.DataFrame(
        {k: [""] * 3 for k in CSV_KOLOMMEN}
        | {
            "indicator": ["A1", "A2", "B1"],
            "item": ["tevredenheid", "wachttijd", "klachten"],
            "statistiek": ["gemiddelde", "percentage", "aantal"],
            "groep": ["totaal"] * 3,
            "meting": ["2016"] * 3,
            "waarde": ["7.1", "55", "12"],
            "n": ["100", "100", "12"],
        }
    )
    pad = tmp_path / "ander.csv"
    df.to_csv(pad, index=False)
    map_ = _kopie(demo, tmp_path / "invoer")
    cfg = _met_opgeslagen(map_, pad)
    with pytest.raises(ControleStop, match="0 van de 3 rijen") as e:
        voer_meting_uit(laad_config(cfg), instrumenten=("surveytool",))
    assert e.value.controle.controle == "aansluiting vorige meting"
    assert main(["--config", str(cfg), "--out", str(tmp_path / "uit"), "--quiet"]) == 2
    fout = capsys.readouterr().err
    assert "ander.csv" in fout and "0 van de 3 rijen" in fout and "Traceback" not in fout


def test_saved_csv_with_other_columns_is_refused(tmp_path):
    pad = tmp_path / "x.csv"
    pad.write_text("nr;kengetal;waarde\n1-1;casussen;1998\n", encoding="utf-8")
    with pytest.raises(InvoerFout, match=r"geen indicatoren\.csv van deze suite"):
        lees_opgeslagen(pad)


def test_broken_csv_gives_a_clear_message_not_a_parser_dump(opgeslagen_2016, tmp_path):
    tekst = opgeslagen_2016.read_text(encoding="utf-8").splitlines()
    tekst[5] = tekst[5] + ",extra,velden,erbij"
    pad = tmp_path / "kapot.csv"
    pad.write_text("\n".join(tekst) + "\n", encoding="utf-8")
    with pytest.raises(InvoerFout) as e:
        lees_opgeslagen(pad)
    tekst = str(e.value)
    assert tekst.startswith("kapot.csv: is geen leesbaar CSV-bestand (rond regel 6)")
    assert "Error tokenizing" not in tekst and "Expected" not in tekst


def test_text_in_a_number_column_is_refused_with_row_and_column(opgeslagen_2016, tmp_path):
    df = pd.read_csv(opgeslagen_2016, dtype=str, keep_default_na=False)
    df.loc[3, "waarde"] = "7,4 gemiddeld"
    pad = tmp_path / "tekst.csv"
    df.to_csv(pad, index=False)
    with pytest.raises(InvoerFout, match=r"tekst\.csv: rij 5, kolom waarde: '7,4 gemiddeld'"):
        lees_opgeslagen(pad)


def test_saved_baseline_with_the_same_naam_is_refused(demo, opgeslagen_2016, tmp_path):
    map_ = _kopie(demo, tmp_path / "invoer")
    cfg = laad_config(_met_opgeslagen(map_, opgeslagen_2016, naam="2016"))
    with pytest.raises(InvoerFout, match="is gelijk aan de naam van de vorige meting") as e:
        voer_meting_uit(cfg, instrumenten=("surveytool",))
    assert "indicatoren.csv bij [vorige] resultaten" in str(e.value)


def test_indicatorenset_headline_difference_is_on_the_common_items(herformuleerd):
    """The Indicatorenset row shows the same difference as the comparison, never deze - vorige
    of two item sets (2017 on 18 rapportcijfers, 2016 on 15)."""
    cfg, uit = herformuleerd
    alle = laad_codebook().rapportcijfers
    samen = [c for c in alle if c not in HERFORMULEERD]
    deze = lees_antwoorden(cfg).data
    vorige = lees_antwoorden(cfg.vorige).data
    kop = uit.overzicht.set_index("nr").loc["3-1"]
    verwacht = _kwaliteit(deze, samen).mean() - _kwaliteit(vorige, samen).mean()
    assert kop["verschil"] == pytest.approx(verwacht, rel=1e-9)
    assert kop["deze_meting"] == pytest.approx(_kwaliteit(deze, alle).mean(), rel=1e-12)
    # 7-1 (per-item headline): the mean of the per-item differences of the items both have
    r71 = uit.csv[
        (uit.csv["indicator"] == "7-1")
        & (uit.csv["statistiek"] == "gemiddelde")
        & (uit.csv["groep"] == "totaal")
    ]
    gedeeld = [c for c in r71["item"] if c in samen]
    per_item = [deze[c].astype(float).mean() - vorige[c].astype(float).mean() for c in gedeeld]
    assert uit.overzicht.set_index("nr").loc["7-1", "verschil"] == pytest.approx(
        np.mean(per_item), rel=1e-9
    )
