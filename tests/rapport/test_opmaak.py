"""One formatting module: the number format per statistic, Dutch headers, ja/nee."""

from __future__ import annotations

import pytest

from instruments.rapport import opmaak

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("statistiek", "excel", "verschil"),
    [
        ("aantal", "#,##0", "+#,##0;-#,##0;0"),
        ("personen", "#,##0", "+#,##0;-#,##0;0"),
        ("inwoners", "#,##0", "+#,##0;-#,##0;0"),
        ("percentage", "0.0 %", '+0.0" pp";-0.0" pp";0.0" pp"'),
        ("percentage_7_of_hoger", "0.0 %", '+0.0" pp";-0.0" pp";0.0" pp"'),
        ("prevalentie_na", "0.0 %", '+0.0" pp";-0.0" pp";0.0" pp"'),
        ("gemiddelde", "0.0", "+0.0;-0.0;0.0"),
        ("focus_verschil", '0.0" pp"', '+0.0" pp";-0.0" pp";0.0" pp"'),
        ("p_waarde", '[<0.001]"< 0,001";0.000', "0.000"),
        ("rate_ratio", "0.00", "+0.00;-0.00;0.00"),
        ("per_jaar_vrij_voor", "0.00", "+0.00;-0.00;0.00"),
    ],
)
def test_excel_format_per_statistic(statistiek, excel, verschil):
    assert opmaak.excel_formaat(statistiek) == excel
    assert opmaak.verschil_formaat(statistiek) == verschil


@pytest.mark.parametrize(
    ("waarde", "statistiek", "verschil", "tekst"),
    [
        (2200, "aantal", False, "2.200"),
        (57010.0, "inwoners", False, "57.010"),
        (131.0, "n", False, "131"),
        (84.507, "percentage", False, f"84,5{NBSP}%"),
        (7.46, "gemiddelde", False, "7,5"),
        (16.923, "focus_verschil", False, f"16,9{NBSP}pp"),
        (0.0004, "p_waarde", False, "< 0,001"),
        (0.0321, "p_waarde", False, "0,032"),
        (0.3315, "rate_ratio", False, "0,33"),
        (-66.49, "percentage", True, f"\u221266,5{NBSP}pp"),
        (3.2, "gemiddelde", True, "+3,2"),
        (None, "gemiddelde", False, "–"),
    ],
)
def test_dutch_text_per_statistic(waarde, statistiek, verschil, tekst):
    assert opmaak.getal(waarde, statistiek, verschil=verschil) == tekst


def test_column_formats_from_code_names_and_dutch_headers():
    assert opmaak.kolom_formaat("% inwoners regio") == "0.0 %"
    assert opmaak.kolom_formaat("inwoners") == "#,##0"
    assert opmaak.kolom_formaat("p_waarde") == '[<0.001]"< 0,001";0.000'
    assert opmaak.kolom_formaat("rate_ratio_ci_laag") == "0.00"
    assert opmaak.kolom_formaat("jaar") == "0"  # 2016, not 2.016
    assert opmaak.kolom_formaat("tekst", None) == "#,##0.0"


@pytest.mark.parametrize(
    ("code", "kop"),
    [
        ("ci_low", "95%-BI onder"),
        ("percentage_7_of_hoger", "% cijfer 7 of hoger"),
        ("rate_ratio_ci_laag", "rate ratio 95%-BI onder"),
        ("p_waarde", "p"),
        ("weet_niet", "weet niet"),
        ("nog_gevolgd_zonder_delict", "nog gevolgd zonder delict"),
        ("iets_onbekends", "iets onbekends"),
        ("% casussen", "% casussen"),
    ],
)
def test_dutch_headers(code, kop):
    assert opmaak.kop(code) == kop


def test_booleans_as_ja_nee():
    assert [opmaak.ja_nee(w) for w in (True, False, "True", "False", "x", 3)] == [
        "ja",
        "nee",
        "ja",
        "nee",
        "x",
        3,
    ]
