"""Tests of instruments/onderdrukking.py: the one small-cell rule (methods.md), its texts and
the function that applies it. Expected values are written out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from instruments import resultaat
from instruments.onderdrukking import (
    afgeleid_tekst,
    drempel_zin,
    een_klein,
    klein,
    onderdruk,
    onderdruk_tekst,
)


def test_de_regel_is_minder_dan_de_drempel():
    assert klein(9, 10) is True
    assert klein(10, 10) is False
    assert klein(0, 10) is True
    assert klein(float("nan"), 10) is False


def test_een_aantal_nul_wordt_gepubliceerd_waar_dat_gevraagd_is():
    assert klein(0, 10, leeg_publiceren=True) is False
    assert klein(3, 10, leeg_publiceren=True) is True


def test_reeks_en_array_houden_hun_vorm():
    s = pd.Series([0, 4, 5, np.nan, 12], index=list("abcde"))
    uit = klein(s, 5)
    assert list(uit.index) == list("abcde")
    assert uit.tolist() == [True, True, False, False, False]
    assert klein(np.array([0, 4, 5]), 5, leeg_publiceren=True).tolist() == [False, True, False]


def test_secundair_alleen_als_precies_een_groep_klein_en_niet_leeg_is():
    assert een_klein([3, 40, 50], 10)
    assert not een_klein([3, 4, 50], 10)  # two small ones: neither can be recovered alone
    assert not een_klein([0, 40, 50], 10)  # an empty group reveals nobody
    assert not een_klein([10, 40], 10)


def test_teksten_noemen_de_drempel():
    assert onderdruk_tekst(10) == "onderdrukt: minder dan 10 personen (<10)"
    assert onderdruk_tekst(5, "respondenten") == "onderdrukt: minder dan 5 respondenten (<5)"
    assert afgeleid_tekst(10) == (
        "onderdrukt: zou samen met de andere groep een groep van minder dan 10 personen "
        "herleidbaar maken (<10)"
    )
    assert drempel_zin(5, "respondenten") == "minder dan 5 respondenten zijn onderdrukt (<5)"
    with pytest.raises(ValueError):
        onderdruk_tekst(5, "mensen")


def test_onderdruk_leegt_waarde_en_n_en_zet_de_reden():
    rijen = pd.DataFrame(
        {"waarde": [7.5, 6.0], "n": [3.0, 20.0], "opmerking": ["", "bestaand"]}, index=[4, 7]
    )
    uit = onderdruk(rijen, pd.Series([True, None], index=[4, 7]), "onderdrukt: x")
    assert np.isnan(uit.loc[4, "waarde"]) and np.isnan(uit.loc[4, "n"])
    assert uit.loc[4, "opmerking"] == "onderdrukt: x"
    assert uit.loc[7].tolist() == [6.0, 20.0, "bestaand"]
    assert rijen.loc[4, "waarde"] == 7.5  # a copy


def test_onderdruk_andere_kolommen_en_nieuwe_opmerking():
    t = pd.DataFrame({"groep": ["a", "b"], "n": [2.0, 30.0], "gemiddelde": [7.0, 8.0]})
    uit = onderdruk(t, klein(t["n"], 5).to_numpy(), onderdruk_tekst(5, "respondenten"), ["n"])
    assert np.isnan(uit.loc[0, "n"]) and uit.loc[0, "gemiddelde"] == 7.0
    assert uit["opmerking"].tolist() == ["onderdrukt: minder dan 5 respondenten (<5)", ""]


def test_resultaat_onderdruk_is_dezelfde_functie():
    assert resultaat.onderdruk is onderdruk
