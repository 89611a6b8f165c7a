"""Tests of the one failure table (:class:`instruments.lezen.Foutentabel`) on small frames."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from instruments.fouten import AFGEWEZEN_KOLOMMEN, InvoerFout
from instruments.lezen import (
    Bestandsverslag,
    Foutentabel,
    controleer_afwijzingen,
    toon_cel,
)


def _frame(**kolommen) -> pd.DataFrame:
    """A table as lees_tabel gives it: ``_rij`` from 2, headers of the file in attrs."""
    df = pd.DataFrame(kolommen)
    df["_rij"] = np.arange(2, len(df) + 2)
    df.attrs["koppen"] = {k: k.upper() for k in kolommen}
    return df


def test_regels_first_rule_wins_and_rows_add_up():
    df = _frame(casus=["1", None, "3", None, "5"], gemeente=["A", "X", "X", "B", "A"])
    ft = Foutentabel("r.csv")
    regels = [
        (df["casus"].isna(), "casus", "casus ontbreekt"),
        (df["gemeente"] == "X", "gemeente", "onbekende gemeente"),
    ]
    al = ft.regels(df, regels)
    tabel = ft.tabel()
    # row 3 breaks both rules: only the first one is recorded
    assert tabel[["rij", "kolom", "waarde", "reden"]].values.tolist() == [
        [3, "CASUS", "", "casus ontbreekt"],
        [4, "GEMEENTE", "X", "onbekende gemeente"],
        [5, "CASUS", "", "casus ontbreekt"],
    ]
    assert list(tabel.columns) == AFGEWEZEN_KOLOMMEN
    assert al.tolist() == [False, True, True, True, False]
    assert ft.rijen_afgewezen == 3
    verslag = ft.verslag(
        instrument="t", sha256="ab", rijen_gelezen=len(df), rijen_gebruikt=int((~al).sum())
    )
    assert (verslag.rijen_gelezen, verslag.rijen_gebruikt, verslag.rijen_afgewezen) == (5, 2, 3)


def test_verslag_refuses_rows_that_do_not_add_up():
    df = _frame(casus=["1", None, "3"])
    ft = Foutentabel("r.csv")
    ft.regel(df, df["casus"].isna(), "casus", "casus ontbreekt")
    with pytest.raises(RuntimeError, match="telling klopt niet"):
        ft.verslag(instrument="t", sha256="ab", rijen_gelezen=3, rijen_gebruikt=3)


def test_regel_records_every_rule_but_counts_a_row_once():
    df = _frame(casus=[None, "2", None], gemeente=["X", "A", "A"])
    ft = Foutentabel("r.csv")
    ft.regel(df, df["gemeente"] == "X", "gemeente", "onbekende gemeente")
    ft.regel(df, df["casus"].isna(), "casus", "casus ontbreekt")
    tabel = ft.tabel()
    # by row number, stable: row 2's two failures in the order recorded
    assert tabel[["rij", "reden"]].values.tolist() == [
        [2, "onbekende gemeente"],
        [2, "casus ontbreekt"],
        [4, "casus ontbreekt"],
    ]
    assert len(ft) == 3
    assert ft.rijen_afgewezen == 2
    assert sorted(ft.afgewezen_rijen.tolist()) == [2, 4]


def test_order_found_is_kept_when_asked():
    ft = Foutentabel("s.csv", op_rij=False)
    ft.rijen(pd.Index([9]), "id", pd.Series([""]), "geen id")
    ft.rijen(pd.Index([3, 5]), "v1", pd.Series(["x", "y"]), "ongeldig", hele_rij=False)
    assert ft.tabel()["rij"].tolist() == [9, 3, 5]
    assert Foutentabel("s.csv").tabel().empty


def test_rijen_shows_values_with_the_given_text_function():
    ft = Foutentabel("s.csv", op_rij=False)
    ft.rijen(pd.Index([2, 3]), "Vraag", pd.Series(["geheim", None]), "fout", tekst=_verberg)
    ft.rijen(pd.Index([4]), "Datum", pd.Series([pd.Timestamp(2017, 3, 15)]), "fout")
    assert ft.tabel()["waarde"].tolist() == ["***", "***", "15-03-2017"]
    assert ft.tabel()["kolom"].tolist() == ["Vraag", "Vraag", "Datum"]


def _verberg(waarden: pd.Series) -> pd.Series:
    return waarden.map(lambda _: "***")


def _honderd_rijen(fout: int) -> tuple[pd.DataFrame, Foutentabel]:
    df = _frame(werksoort=["Onbekend"] * fout + ["Triage"] * (100 - fout))
    ft = Foutentabel("r.csv")
    ft.regel(df, df["werksoort"] == "Onbekend", "werksoort", "onbekende werksoort")
    return df, ft


def test_threshold_not_passed_at_the_limit():
    _, ft = _honderd_rijen(5)
    assert ft.controleer_drempel(5.0, rijen_gelezen=100) is None
    assert ft.controleer_drempel(None, rijen_gelezen=100) is None
    assert Foutentabel("leeg.csv").controleer_drempel(0.0, rijen_gelezen=0) is None


def test_threshold_raises_with_the_dutch_message_and_carries_afgewezen():
    _, ft = _honderd_rijen(6)
    with pytest.raises(InvoerFout) as e:
        ft.controleer_drempel(5.0, rijen_gelezen=100)
    assert e.value.melding == (
        "r.csv: 6 van 100 rijen afgewezen (6.0%), meer dan de toegestane 5%. Meest voorkomend: "
        "onbekende werksoort (6x). Zie afgewezen.csv voor elke rij; herstel het bestand of "
        "verhoog [publicatie] max_afgewezen_pct als dit verantwoord is."
    )
    assert e.value.afgewezen["rij"].tolist() == list(range(2, 8))
    assert list(e.value.afgewezen.columns) == AFGEWEZEN_KOLOMMEN


def test_threshold_message_equals_the_one_for_a_verslag():
    _, ft = _honderd_rijen(6)
    verslag = Bestandsverslag("r", "r.csv", "ab", 100, 94, 6)
    with pytest.raises(InvoerFout) as uit_tabel:
        ft.controleer_drempel(5.0, rijen_gelezen=100)
    with pytest.raises(InvoerFout) as uit_verslag:
        controleer_afwijzingen(verslag, 5.0, ft.tabel())
    assert uit_tabel.value.melding == uit_verslag.value.melding


def test_records_outside_the_threshold_are_not_counted():
    df = _frame(casus=[str(i) for i in range(10)])
    ft = Foutentabel("r.csv")
    ft.regel(df, df["casus"].astype(int) < 5, "(hele rij)", "dubbele rij", drempel=False)
    assert ft.rijen_afgewezen == 5
    assert ft.controleer_drempel(0.0, rijen_gelezen=10) is None  # 50% duplicates: no stop
    ft.regel(df, df["casus"] == "9", "casus", "kapot")
    with pytest.raises(InvoerFout, match=r"1 van 10 rijen afgewezen \(10\.0%\).*kapot \(1x\)"):
        ft.controleer_drempel(5.0, rijen_gelezen=10)


def test_rejected_cells_count_for_the_threshold_not_as_rejected_rows():
    ft = Foutentabel("s.csv", op_rij=False)
    ft.rijen(pd.Index([2]), "id", pd.Series([""]), "leeg", drempel=False)
    ft.rijen(pd.Index([3, 3, 4]), "v", pd.Series(["a", "b", "c"]), "ongeldig", hele_rij=False)
    ft.rijen(pd.Index([4]), "w", pd.Series(["d"]), "anders ongeldig", hele_rij=False)
    assert ft.rijen_afgewezen == 1  # only the empty respondent is not used
    with pytest.raises(InvoerFout) as e:
        ft.controleer_drempel(
            50.0,
            rijen_gelezen=3,
            per="cel",
            wat="respondenten",
            toelichting=" hebben een ongeldig antwoord",
            herstel="herstel de export,",
        )
    # two respondents (rows 3 and 4) of three; the reasons counted per cell
    assert e.value.melding == (
        "s.csv: 2 van 3 respondenten (66.7%) hebben een ongeldig antwoord, meer dan de "
        "toegestane 50%. Meest voorkomend: ongeldig (3x); anders ongeldig (1x). Zie "
        "afgewezen.csv voor elke cel; herstel de export, of verhoog [publicatie] "
        "max_afgewezen_pct als dit verantwoord is."
    )
    assert len(e.value.afgewezen) == 5  # everything found so far, the empty respondent too


def test_reasons_per_row_take_the_first_failure_of_a_row():
    df = _frame(a=["x", "x", "y"], b=["x", "x", "x"])
    ft = Foutentabel("r.csv")
    ft.regel(df, df["a"] == "x", "a", "a kapot")
    ft.regel(df, df["b"] == "x", "b", "b kapot")
    with pytest.raises(InvoerFout, match=r"a kapot \(2x\); b kapot \(1x\)\."):
        ft.controleer_drempel(0.0, rijen_gelezen=3)


def test_cel_records_sheet_cell_and_whole_file_problems():
    ft = Foutentabel("casus_a.xlsx", op_rij=False)
    ft.cel("Casus", "C5", dt.datetime(2017, 3, 15), "geen geldige datum")
    ft.cel("Leefgebieden", "AB12", None, "geen toegestane waarde")
    ft.cel("", "", "casus_a.xlsx", "bestand niet leesbaar")
    ft.bestand = "casusanalyse nr. 1 (naam niet getoond)"  # the name is set until the table
    tabel = ft.tabel()
    assert tabel["rij"].tolist()[:2] == [5, 12] and pd.isna(tabel["rij"].iloc[2])
    assert str(tabel["rij"].dtype) == "Int64"
    assert tabel.drop(columns="rij").to_dict("list") == {
        "bestand": ["casusanalyse nr. 1 (naam niet getoond)"] * 3,
        "kolom": ["Casus!C", "Leefgebieden!AB", ""],
        "waarde": ["15-03-2017", "", "casus_a.xlsx"],
        "reden": ["geen geldige datum", "geen toegestane waarde", "bestand niet leesbaar"],
    }
    assert ft.cellen[0] == ("Casus", "C5", "15-03-2017", "geen geldige datum")
    assert len(ft) == 3


@pytest.mark.parametrize(
    ("waarde", "getoond"),
    [(None, ""), (pd.Timestamp(2016, 1, 2), "02-01-2016"), (7, "7"), ("tekst", "tekst")],
)
def test_toon_cel(waarde, getoond):
    assert toon_cel(waarde) == getoond


def test_threshold_refuses_an_unknown_count():
    _, ft = _honderd_rijen(6)
    with pytest.raises(ValueError, match="per moet"):
        ft.controleer_drempel(5.0, rijen_gelezen=100, per="respondent")
