"""End-to-end tests of ``python -m instruments.run`` on the demo data."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import zlib

import pandas as pd
import pytest
from openpyxl import load_workbook

from instruments.rapport import UITVOERBESTANDEN
from instruments.resultaat import CSV_KOLOMMEN, KENGETAL_NRS
from instruments.run import main


def _lees(pad):
    return pd.read_csv(
        pad, dtype={"indicator": str, "meting": str, "vorige_meting": str}, keep_default_na=False
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    assert main(["--demo", "--out", str(out), "--quiet"]) == 0
    return out


def test_demo_writes_the_full_contract(demo):
    for naam in UITVOERBESTANDEN:
        assert (demo / naam).stat().st_size > 0, naam
    csv = _lees(demo / "indicatoren.csv")
    assert list(csv.columns) == CSV_KOLOMMEN
    assert set(csv["indicator"]) == set(KENGETAL_NRS)
    assert set(csv["meting"]) == {"2017"}
    # every kengetal is measured in the demo, and compared with 2016 where 2016 had it
    assert not csv["opmerking"].str.startswith("niet gemeten").any()
    casussen = csv[(csv["item"] == "casussen") & (csv["statistiek"] == "aantal")].iloc[0]
    assert casussen["vorige_meting"] == "2016"
    assert float(casussen["verschil"]) == float(casussen["waarde"]) - float(
        casussen["vorige_waarde"]
    )
    # procesregie only exists in the 2017 extract: no previous value
    procesregie = csv[(csv["item"] == "procesregie") & (csv["statistiek"] == "percentage")].iloc[0]
    assert procesregie["vorige_waarde"] == "" and 0 <= float(procesregie["waarde"]) <= 100


def test_demo_percentages_in_range_and_significance_only_from_corrected_p(demo):
    csv = _lees(demo / "indicatoren.csv")
    pct = csv[
        csv["statistiek"].str.startswith(("percentage", "prevalentie")) & (csv["waarde"] != "")
    ]
    assert pct["waarde"].astype(float).between(0, 100).all()
    sig = csv[csv["significant"] != ""]
    assert len(sig) > 0
    p = sig["p_gecorrigeerd"].astype(float)
    assert ((sig["significant"] == "ja") == (p < 0.05)).all()


def test_rejected_rows_reconcile_with_verantwoording(demo):
    verantw = json.loads((demo / "verantwoording.json").read_text(encoding="utf-8"))
    afgewezen = pd.read_csv(demo / "afgewezen.csv", dtype=str)
    for b in verantw["bestanden"]:
        assert b["rijen_gelezen"] == b["rijen_gebruikt"] + b["rijen_afgewezen"]
        assert len(b["sha256"]) == 64
    gcos = next(b for b in verantw["bestanden"] if b["bestand"] == "gcos_2016.csv")
    eigen = afgewezen[afgewezen["bestand"] == "gcos_2016.csv"]
    assert eigen["rij"].nunique() == gcos["rijen_afgewezen"]
    redenen = eigen.drop_duplicates("rij")["reden"].str.split(";").str[0].value_counts().to_dict()
    # the demo generator plants exactly one of each, plus 42 exact duplicate lines
    assert redenen == {
        "dubbele rij (identiek aan een eerdere rij): één keer geteld": 42,
        "bespreking vóór de aanmelding": 1,
        "ongeldige of dubbelzinnige datum": 1,
        "onbekende werksoort": 1,
    }


def test_saved_baseline_gives_the_same_summary_tests(demo, tmp_path):
    invoer = demo / "demo-invoer"
    out16 = tmp_path / "2016"
    assert main(["--config", str(invoer / "meting2016.toml"), "--out", str(out16), "--quiet"]) == 0
    tekst = (invoer / "meting2017.toml").read_text(encoding="utf-8")
    tekst = tekst.replace(
        'config = "meting2016.toml"', f'resultaten = "{(out16 / "indicatoren.csv").as_posix()}"'
    )
    (invoer / "meting2017_opgeslagen.toml").write_text(tekst, encoding="utf-8")
    out = tmp_path / "2017"
    assert (
        main(["--config", str(invoer / "meting2017_opgeslagen.toml"), "--out", str(out), "--quiet"])
        == 0
    )
    ruw, opgeslagen = _lees(demo / "indicatoren.csv"), _lees(out / "indicatoren.csv")
    sleutel = ["indicator", "item", "statistiek", "groep"]
    m = ruw.merge(opgeslagen, on=sleutel, suffixes=("_ruw", "_opg"))
    assert len(m) == len(ruw)
    welch = m[m["toets_ruw"] == "welch"]
    assert len(welch) > 10
    # Welch from the saved mean/sd/n equals Welch on the raw answers
    assert welch["p_waarde_opg"].astype(float).to_numpy() == pytest.approx(
        welch["p_waarde_ruw"].astype(float).to_numpy(), rel=1e-9
    )
    verantw = json.loads((out / "verantwoording.json").read_text(encoding="utf-8"))
    assert any("alleen als indicatoren.csv" in o for o in verantw["opmerkingen"])


def test_help_is_dutch_with_example(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    tekst = capsys.readouterr().out
    assert "Voorbeelden" in tekst and "--demo" in tekst and "exitcode" in tekst.lower()


def test_input_error_exit_2_without_traceback(tmp_path):
    cfg = tmp_path / "m.toml"
    cfg.write_text(
        '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[registratie]\nbestand = "weg.csv"\n',
        encoding="utf-8",
    )
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "instruments.run",
            "--config",
            str(cfg),
            "--out",
            str(tmp_path / "uit"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 2
    assert "weg.csv" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "uit" / "indicatorenset.xlsx").exists()


def test_config_without_sections_marks_everything_niet_gemeten(tmp_path):
    cfg = tmp_path / "m.toml"
    cfg.write_text('[meting]\nnaam = "2017"\nregistratiejaar = 2016\n', encoding="utf-8")
    assert main(["--config", str(cfg), "--out", str(tmp_path / "uit"), "--quiet"]) == 0
    csv = _lees(tmp_path / "uit" / "indicatoren.csv")
    assert sorted(csv["indicator"]) == sorted(KENGETAL_NRS)
    assert csv["opmerking"].str.startswith("niet gemeten").all()


def test_factsheet_reads_the_matched_comparison_in_plain_dutch(demo):
    csv = _lees(demo / "indicatoren.csv")
    v = csv[(csv["item"] == "vergelijkingsgroep") & (csv["groep"] == "werksoort=Top X")]
    did = float(v.loc[v["statistiek"] == "did_rate_ratio", "waarde"].iloc[0])
    eigen = float(v.loc[v["statistiek"] == "rate_ratio_vergelijking", "waarde"].iloc[0])
    assert (
        "tegen de gematchte vergelijkingsgroep"
        in (v.loc[v["statistiek"] == "did_rate_ratio", "opmerking"].iloc[0])
    )
    html = (demo / "factsheet.html").read_text(encoding="utf-8")
    assert "zonder aanpak daalde het aantal delicten per jaar in vrijheid ook" in html
    assert f"met {round(100 * (1 - eigen))}\u00a0%" in html  # non-breaking space
    assert f"<strong>{did:.2f}</strong>".replace(".", ",") in html


def _pdf_paginas(pad) -> int:
    """Page count read from the PDF file itself: the /Count of its page tree.

    An independent reading of the written bytes (WeasyPrint compresses its objects into
    streams, so they are inflated first); not WeasyPrint's own layout.
    """
    inhoud = pad.read_bytes()
    tellingen = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", inhoud, re.S):
        try:
            deel = zlib.decompress(m.group(1))
        except zlib.error:
            continue
        for a, b in re.findall(
            rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", deel
        ):
            tellingen.append(int(a or b))
    for a in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", inhoud):
        tellingen.append(int(a))
    if not tellingen:
        raise ValueError(f"{pad}: geen paginaboom gevonden")
    return max(tellingen)


def test_demo_factsheet_pdf_has_at_most_eight_a4_pages(demo):
    # issue "what the board sees": the demo's factsheet prints on at most 8 A4 pages
    assert 1 <= _pdf_paginas(demo / "factsheet.pdf") <= 8


def _cm(breedte):
    # printed width of an Excel column of `breedte` characters (Calibri 11: 7 px a character
    # plus 5 px padding, 96 px an inch)
    return ((breedte or 8.43) * 7 + 5) * 2.54 / 96


def test_demo_wide_sheets_print_legibly_over_pages_across_without_cutting_a_chart(demo):
    werkboek = load_workbook(demo / "indicatorenset.xlsx")
    pagina = 29.7 - 2 * 1.27  # A4 landscape minus the 0.5 inch side margins
    gecontroleerd = []
    for ws in werkboek:
        breedtes = [
            _cm(ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width)
            for j in range(1, ws.max_column + 1)
        ]
        if ws.sheet_properties.pageSetUpPr.fitToPage:
            continue
        # not fitted: printed at 50 % over several pages across, column A repeated
        assert ws.page_setup.scale == 50 and ws.print_title_cols == "$A:$A", ws.title
        assert sum(breedtes) * 0.5 > pagina, ws.title  # fitting would shrink it below 50 %
        eerste = list(
            itertools.takewhile(lambda x: x <= pagina / 0.5, itertools.accumulate(breedtes))
        )
        rand = eerste[-1] if eerste else 0.0
        for chart in ws._charts:
            kolom = chart.anchor._from.col  # 0-based: the columns left of the chart
            breedte_cm = chart.anchor.ext.width / 360000  # EMU -> cm
            assert sum(breedtes[:kolom]) + breedte_cm <= rand + 1e-6, (ws.title, kolom)
            gecontroleerd.append(ws.title)
    assert gecontroleerd  # at least one such sheet holds charts (Recidive in the demo)
    # the demo's test sheet (20 columns, no charts) is such a sheet; the overview is not
    assert werkboek["Toetsen"].sheet_properties.pageSetUpPr.fitToPage is False
    assert werkboek["Indicatorenset"].sheet_properties.pageSetUpPr.fitToPage is True
