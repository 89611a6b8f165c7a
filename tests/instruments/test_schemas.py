"""The declared input schemas (instruments/schemas.toml) and their engine, Schema.pas_toe."""

from __future__ import annotations

import pandas as pd
import pytest

from instruments import registratietool
from instruments.lezen import Foutentabel
from instruments.recidivetool import lezen as politie_lezen
from instruments.schemas import SCHEMAS, _lees


def test_every_input_kind_is_declared_once():
    assert set(SCHEMAS) == {
        "registratie",
        "politie",
        "detentie",
        "koppeltabel",
        "vragenlijst",
        "casussjabloon",
    }
    for s in SCHEMAS.values():
        assert s.dubbel in {"tellen", "een_keer", "een_keer_afgewezen", "weigeren"}
        assert s.kolommen or s.kolommen_uit  # columns here, or where they are declared


def test_readers_take_their_columns_from_the_schema():
    assert registratietool.KOLOMMEN == SCHEMAS["registratie"].aliassen
    assert registratietool.VERPLICHT == SCHEMAS["registratie"].verplicht
    assert registratietool.DATUMKOLOMMEN == ("datum_bespreking", "datum_aanmelding", "datum_start")
    assert politie_lezen.POLITIE_KOLOMMEN == SCHEMAS["politie"].aliassen
    assert politie_lezen.DETENTIE_KOLOMMEN == SCHEMAS["detentie"].aliassen
    assert politie_lezen.KOPPEL_KOLOMMEN == SCHEMAS["koppeltabel"].aliassen


def test_a_reason_in_the_schema_is_the_reason_in_the_output(tmp_path):
    pad = tmp_path / "koppel.csv"
    pad.write_text("Casusnummer;Persoonsnummer\n;P1\nC2;\nC3;P3\n", encoding="utf-8")
    k = politie_lezen.lees_koppeltabel(pad)
    verwacht = [r.reden for r in SCHEMAS["koppeltabel"].regels]
    assert k.afgewezen["reden"].tolist() == verwacht
    assert k.afgewezen["rij"].tolist() == [2, 3]
    assert k.verslag.rijen_gelezen == 3 == k.verslag.rijen_gebruikt + k.verslag.rijen_afgewezen


def _tabel():
    return pd.DataFrame({"a": ["x", None, "z", None], "b": [1, 2, 3, 4], "_rij": [2, 3, 4, 5]})


def _schema(tmp_path, afwijzen="eerste", extra=""):
    pad = tmp_path / "schemas.toml"
    pad.write_text(
        f"""
[[schema]]
naam = "proef"
omschrijving = "proef"
afwijzen = "{afwijzen}"
dubbel = "tellen"
[[schema.kolom]]
naam = "a"
[[schema.kolom]]
naam = "b"
[[schema.regel]]
naam = "a_leeg"
soort = "ontbreekt"
kolom = "a"
alleen = "telt"
reden = "a ontbreekt"
[[schema.regel]]
naam = "b_groot"
kolom = "b"
reden = "b te groot"
{extra}
""",
        encoding="utf-8",
    )
    return _lees(pad)["proef"]


def test_first_rule_wins_in_declared_order_and_alleen_limits_a_rule(tmp_path):
    s = _schema(tmp_path)
    df = _tabel()
    fouten = Foutentabel("f.csv")
    telt = pd.Series([True, True, True, False])
    al = s.pas_toe(fouten, df, {"b_groot": df["b"] >= 3}, voorwaarden={"telt": telt})
    t = fouten.tabel()
    # row 3: a empty (counted); row 4: b too big; row 5: a empty but not counted, b too big
    assert t[["rij", "reden"]].values.tolist() == [
        [3, "a ontbreekt"],
        [4, "b te groot"],
        [5, "b te groot"],
    ]
    assert al.tolist() == [False, True, True, True]


def test_every_rule_is_recorded_when_afwijzen_is_elke(tmp_path):
    s = _schema(tmp_path, afwijzen="elke")
    df = _tabel()
    fouten = Foutentabel("f.csv")
    s.pas_toe(
        fouten, df, {"b_groot": df["b"] >= 3}, voorwaarden={"telt": pd.Series(True, index=df.index)}
    )
    t = fouten.tabel()
    assert t[["rij", "reden"]].values.tolist() == [
        [3, "a ontbreekt"],
        [4, "b te groot"],
        [5, "a ontbreekt"],
        [5, "b te groot"],
    ]
    assert fouten.rijen_afgewezen == 3


def test_a_missing_or_unknown_mask_is_a_reader_bug(tmp_path):
    s = _schema(tmp_path)
    df = _tabel()
    with pytest.raises(KeyError):
        s.pas_toe(Foutentabel("f.csv"), df, {}, voorwaarden={"telt": df["b"] > 0})
    with pytest.raises(KeyError, match="onbekende regels"):
        s.pas_toe(Foutentabel("f.csv"), df, {"b_groot": df["b"] > 9, "c": df["b"] > 0})


@pytest.mark.parametrize(
    ("extra", "fout"),
    [
        ('[[schema.regel]]\nnaam = "c"\nkolom = "c"\nreden = "x"', "kolom c onbekend"),
        ('[[schema.regel]]\nnaam = "c"\nkolom = "a"\nreden = ""', "geen reden"),
        ('[[schema.regel]]\nnaam = "a_leeg"\nkolom = "a"\nreden = "x"', "twee keer"),
        ('[[schema.regel]]\nnaam = "c"\nkolom = "a"\nreden = "x"\nsoortt = "x"', "onbekende"),
    ],
)
def test_a_broken_declaration_stops_at_import(tmp_path, extra, fout):
    with pytest.raises(ValueError, match=fout):
        _schema(tmp_path, extra=extra)
