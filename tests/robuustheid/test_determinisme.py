"""Determinism: the same inputs give byte-identical outputs.

The full demo meting (2017 against 2016, all four instruments, with the personal data of
test_privacy planted in the inputs) is run twice through the command line, each time from
its own copy of the input folder at another place on disk, into another output folder. Every
output file must be byte-identical: no run time, no absolute path, no random order.
"""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from instruments.rapport import UITVOERBESTANDEN


@pytest.fixture(scope="module")
def twee_runs(geplante_meting):
    assert geplante_meting.rc == (0, 0), geplante_meting.stderr[0][-3000:]
    return geplante_meting.uit


@pytest.mark.parametrize("naam", UITVOERBESTANDEN)
def test_twee_runs_geven_identieke_bestanden(twee_runs, naam):
    a, b = twee_runs
    assert (a / naam).read_bytes() == (b / naam).read_bytes()


def test_indicatoren_csv_identiek_en_gevuld(twee_runs):
    a, b = (pd.read_csv(m / "indicatoren.csv", dtype=str, keep_default_na=False) for m in twee_runs)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) > 400
    assert set(a["meting"]) == {"2017"}
    assert set(a["vorige_meting"]) <= {"2016", ""} and (a["vorige_meting"] == "2016").any()


def test_werkboek_zonder_tijdstempels_en_paden(twee_runs, geplante_meting):
    with zipfile.ZipFile(twee_runs[0] / "indicatorenset.xlsx") as z:
        tijden = {i.date_time for i in z.infolist()}
        kern = z.read("docProps/core.xml").decode("utf-8")
        alles = "".join(z.read(n).decode("utf-8", errors="ignore") for n in z.namelist())
    assert len(tijden) == 1  # one fixed time for every zip entry
    assert "<dcterms:created" in kern
    for map_ in (*geplante_meting.invoer, *geplante_meting.uit):
        assert str(map_) not in alles
        assert map_.parent.name not in alles


def test_geen_absolute_paden_in_tekstuitvoer(twee_runs, geplante_meting):
    for naam in ("indicatoren.csv", "factsheet.html", "afgewezen.csv", "verantwoording.json"):
        tekst = (twee_runs[0] / naam).read_text(encoding="utf-8")
        for map_ in (*geplante_meting.invoer, *geplante_meting.uit):
            assert str(map_) not in tekst, naam
