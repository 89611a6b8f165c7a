"""Checks of the recidivetool's inputs (issue 12): linkage, duplicates, dates, Rol.

Every variant starts from the demo inputs (``instruments.demo``, generated once per module)
and breaks one thing the way real exports break: a police export whose Persoonsnummer lost
its leading zeros in Excel, an export pasted twice, placeholder dates, an open detention
spell coded as 31-12-9999, a renamed role. Each is run through the recidivetool alone, with
a small config without questionnaire or previous meting (registratiejaar 2016).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from instruments import recidivetool
from instruments.config import laad_config
from instruments.controles import OK, STOP, WAARSCHUWING, ControleStop
from instruments.demo import genereer_demo
from instruments.meting import voer_meting_uit

ROOT = Path(__file__).resolve().parents[2]
NAMEN = {
    "dubbele rijen politie",
    "vocabulaire Rol",
    "dubbele rijen detentie",
    "koppeling politie",
    "koppeling detentie",
    "datums politie",
    "datums detentie",
    "peildatum",
    "vergelijkingsgroep",
    "NUL-tekens",
    "tekenset",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo inputs (read-only: every test copies what it changes)."""
    map_ = tmp_path_factory.mktemp("demo_controles")
    genereer_demo(map_)
    return map_


def _lees(pad: Path, encoding: str = "utf-8") -> list[list[str]]:
    return list(
        csv.reader(io.StringIO(pad.read_bytes().decode(encoding), newline=""), delimiter=";")
    )


def _schrijf(pad: Path, rijen: list[list[str]], encoding: str = "utf-8") -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows(rijen)
    pad.write_bytes(buf.getvalue().encode(encoding))


def variant(
    demo: Path,
    map_: Path,
    *,
    politie=None,
    detentie=None,
    registratie=None,
    recidive_extra: str = "",
    extra: str = "",
) -> Path:
    """Copy the demo's 2016 registry and police files, change them, write meting.toml.

    ``politie``, ``detentie``, ``registratie``: functions from rows (header first) to rows.
    """
    map_.mkdir(parents=True, exist_ok=True)
    for naam, functie, encoding in (
        ("politie.csv", politie, "utf-8"),
        ("detentie.csv", detentie, "utf-8"),
        ("gcos_2016.csv", registratie, "cp1252"),
    ):
        if functie is None:
            shutil.copy(demo / naam, map_ / naam)
        else:
            _schrijf(map_ / naam, functie(_lees(demo / naam, encoding)), encoding)
    toml = "\n".join(
        [
            "[meting]",
            'naam = "2017"',
            "registratiejaar = 2016",
            "[registratie]",
            'bestand = "gcos_2016.csv"',
            "[recidive]",
            'politie = "politie.csv"',
            'detentie = "detentie.csv"',
            recidive_extra,
            "[publicatie]",
            "minimale_celgrootte = 10",
            extra,
            "",
        ]
    )
    (map_ / "meting.toml").write_text(toml, encoding="utf-8")
    return map_ / "meting.toml"


def meet(pad: Path):
    return recidivetool.meet(laad_config(pad))


def controle(res, naam: str):
    (c,) = [c for c in res.controles if c.controle == naam]
    return c


def cli(pad: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "instruments.recidivetool", "--config", str(pad), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def opmerkingen_10_2(pad: Path) -> pd.Series:
    uitkomst = voer_meting_uit(laad_config(pad), instrumenten=("recidivetool",))
    csv_ = uitkomst.csv
    return csv_.loc[csv_["indicator"] == "10-2", "opmerking"].fillna("")


def _cijfers(rijen, *, id_kolom: int = 0, prefix: str = "0012"):
    """Numeric person ids with leading zeros: ``P43903246`` -> ``001243903246``."""
    uit = [rijen[0]]
    for r in rijen[1:]:
        r = list(r)
        r[id_kolom] = re.sub(r"^P(\d+)$", rf"{prefix}\1", r[id_kolom])
        uit.append(r)
    return uit


def _registratie_cijfers(rijen, prefix: str = "0012"):
    i = [k.casefold() for k in rijen[0]].index("persoonsnummer")
    return _cijfers(rijen, id_kolom=i, prefix=prefix)


def _som(res, statistiek: str, groep: str = "totaal") -> float:
    r = res.indicatoren
    return float(r.loc[(r["statistiek"] == statistiek) & (r["groep"] == groep), "waarde"].iloc[0])


# ----------------------------------------------------------------------------------------
# The demo passes every check
# ----------------------------------------------------------------------------------------
def test_demo_has_every_recidive_check_and_all_are_ok(demo):
    res = meet(demo / "meting2017.toml")
    assert {c.controle for c in res.controles} == NAMEN
    assert all(c.status == OK for c in res.controles), [c.regel() for c in res.controles]
    assert all(c.kengetallen == ("10-2",) for c in res.controles)
    koppeling = controle(res, "koppeling politie")
    assert koppeling.eenheid == "%" and 50 < koppeling.waarde <= 100
    assert koppeling.bestand == "gcos_2016.csv + politie.csv"
    assert controle(res, "vocabulaire Rol").waarde == 0
    assert controle(res, "peildatum").waarde == 334  # 30-11-2017 - 31-12-2016


# ----------------------------------------------------------------------------------------
# Linkage
# ----------------------------------------------------------------------------------------
def test_police_ids_that_lost_leading_zeros_stop_with_exit_2(demo, tmp_path):
    # the registry keeps 001243903246, the police export (opened in Excel) has 1243903246:
    # before issue 12 this gave 0 offences before and after for everyone, exit 0
    pad = variant(
        demo,
        tmp_path,
        registratie=_registratie_cijfers,
        politie=lambda r: _cijfers(r, prefix="12"),
        detentie=_cijfers,
    )
    uit = cli(pad)
    assert uit.returncode == 2, uit.stderr
    melding = " ".join(uit.stderr.split())
    assert "gcos_2016.csv" in melding and "politie.csv" in melding
    assert "geen enkele van de" in melding and "voorloopnullen" in melding
    assert "in politie.csv zijn de voorloopnullen van Persoonsnummer verdwenen" in melding
    assert "Exporteer Persoonsnummer als tekst" in melding
    assert not (tmp_path / "indicatoren.csv").exists()


def test_registry_ids_that_lost_leading_zeros_are_named_too(demo, tmp_path):
    pad = variant(
        demo,
        tmp_path,
        registratie=lambda r: _registratie_cijfers(r, prefix="12"),
        politie=_cijfers,
        detentie=_cijfers,
    )
    with pytest.raises(ControleStop) as fout:
        voer_meting_uit(laad_config(pad), instrumenten=("recidivetool",))
    c = fout.value.controle
    assert c.controle == "koppeling politie" and c.status == STOP and c.waarde == 0
    assert "in gcos_2016.csv zijn de voorloopnullen van Persoonsnummer verdwenen" in c.melding
    assert "Exporteer Persoonsnummer als tekst" in c.oplossing


def test_leading_zeros_are_detected_on_pseudonymised_ids(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("VHH_PSEUDONIEM_SLEUTEL", "een-geheime-sleutel-voor-de-test")
    pad = variant(
        demo,
        tmp_path,
        registratie=_registratie_cijfers,
        politie=lambda r: _cijfers(r, prefix="12"),
        detentie=_cijfers,
        recidive_extra="pseudonimiseren = true",
    )
    with pytest.raises(ControleStop) as fout:
        meet(pad)
    assert "voorloopnullen" in fout.value.melding
    assert "1243903246" not in fout.value.melding


def test_some_ids_without_leading_zeros_is_a_warning(demo, tmp_path):
    # only the ids in the first half of the police file lost their zeros
    def half(rijen):
        rijen = _cijfers(rijen)
        n = len(rijen) // 2
        return [rijen[0]] + [
            [re.sub(r"^0012", "12", r[0]), *r[1:]] if i < n else r for i, r in enumerate(rijen[1:])
        ]

    pad = variant(demo, tmp_path, registratie=_registratie_cijfers, politie=half, detentie=_cijfers)
    c = controle(meet(pad), "koppeling politie")
    assert c.status == WAARSCHUWING
    assert "Zonder voorloopnullen zouden nog" in c.melding


def test_no_cohort_person_in_police_data_stops_naming_both_files(demo, tmp_path):
    pad = variant(demo, tmp_path, politie=lambda r: _cijfers(r, prefix="X"))
    uit = cli(pad)
    assert uit.returncode == 2
    melding = " ".join(uit.stderr.split())
    assert "geen enkele van de" in melding and "gcos_2016.csv" in melding
    assert "politie.csv" in melding and "hetzelfde persoonsnummer" in melding
    assert "voorloopnullen" not in melding


def test_low_linkage_is_a_warning_on_the_10_2_rows(demo, tmp_path):
    # keep the police rows of only a third of the persons
    def derde(rijen):
        personen = sorted({r[0] for r in rijen[1:]})
        houd = set(personen[::3])
        return [rijen[0]] + [r for r in rijen[1:] if r[0] in houd]

    pad = variant(demo, tmp_path, politie=derde)
    c = controle(meet(pad), "koppeling politie")
    assert c.status == WAARSCHUWING and c.waarde < 50 and c.drempel == 50
    opm = opmerkingen_10_2(pad)
    assert (
        len(opm)
        and opm.str.contains(
            "]: koppeling politie (gcos_2016.csv + politie.csv): maar", regex=False
        ).all()
    )


def test_detention_file_of_other_persons_stops(demo, tmp_path):
    pad = variant(demo, tmp_path, detentie=lambda r: _cijfers(r, prefix="X"))
    with pytest.raises(ControleStop) as fout:
        meet(pad)
    assert fout.value.controle.controle == "koppeling detentie"
    assert (
        "detentie.csv" in fout.value.melding
        and "laat dan `detentie` weg uit [recidive]" in fout.value.melding
    )


def test_koppeltabel_duplicates_counted_once_and_linkage_measured(demo, tmp_path):
    pad = variant(demo, tmp_path)
    reg = pd.read_csv(tmp_path / "gcos_2016.csv", sep=";", encoding="cp1252", dtype=str)
    koppel = reg[["CasusNummer", "Persoonsnummer"]].dropna().drop_duplicates()
    n = len(koppel)
    pd.concat([koppel, koppel.iloc[:50]]).to_csv(tmp_path / "koppel.csv", sep=";", index=False)
    zonder = meet(pad)
    tekst = pad.read_text(encoding="utf-8").replace(
        "[recidive]", '[recidive]\nkoppeltabel = "koppel.csv"'
    )
    pad.write_text(tekst, encoding="utf-8")
    met = meet(pad)
    d = controle(met, "dubbele rijen koppeltabel")
    assert d.status == OK and d.waarde == pytest.approx(100 * 50 / (n + 50))
    assert "50 van de" in d.melding
    k = controle(met, "koppeling koppeltabel")
    # the demo registry has some approach casussen without a Persoonsnummer: not in the table
    assert k.status == OK and 90 < k.waarde < 100 and k.bestand == "gcos_2016.csv + koppel.csv"
    # counted once: the same figures as the link through the registry's column
    for stat in ("personen", "delicten_voor", "delicten_na"):
        assert _som(met, stat) == _som(zonder, stat)


def test_koppeltabel_with_casusnummers_without_leading_zeros_stops(demo, tmp_path):
    pad = variant(demo, tmp_path)
    reg = pd.read_csv(tmp_path / "gcos_2016.csv", sep=";", encoding="cp1252", dtype=str)
    koppel = reg[["CasusNummer", "Persoonsnummer"]].dropna().drop_duplicates()
    koppel["CasusNummer"] = koppel["CasusNummer"].str.lstrip("0")
    koppel.to_csv(tmp_path / "koppel.csv", sep=";", index=False)
    tekst = pad.read_text(encoding="utf-8").replace(
        "[recidive]", '[recidive]\nkoppeltabel = "koppel.csv"'
    )
    pad.write_text(tekst, encoding="utf-8")
    with pytest.raises(ControleStop) as fout:
        meet(pad)
    c = fout.value.controle
    assert c.controle == "koppeling koppeltabel" and c.waarde == 0
    assert "voorloopnullen" in c.melding and "Casusnummer als tekst" in c.oplossing


# ----------------------------------------------------------------------------------------
# Duplicates
# ----------------------------------------------------------------------------------------
def test_police_export_pasted_twice_stops_with_the_count(demo, tmp_path):
    n = len(_lees(demo / "politie.csv")) - 1
    pad = variant(demo, tmp_path, politie=lambda r: r + r[1:])
    uit = cli(pad)
    assert uit.returncode == 2, uit.stderr
    melding = " ".join(uit.stderr.split())
    assert f"van de {2 * n} rijen" in melding and "dubbel geëxporteerd" in melding
    assert "max_dubbel_pct" in melding


def test_few_duplicates_are_kept_and_counted(demo, tmp_path):
    basis = meet(variant(demo, tmp_path / "a"))
    rijen = _lees(demo / "politie.csv")
    # repeat the first 30 suspect rows of persons in the cohort's windows (2015-2017)
    extra = [r for r in rijen[1:] if r[4] == "Verdachte" and r[1][-4:] in ("2015", "2016")][:30]
    res = meet(variant(demo, tmp_path / "b", politie=lambda r: r + extra))
    c = controle(res, "dubbele rijen politie")
    assert c.status == OK
    assert c.waarde == pytest.approx(
        100
        * (controle(basis, "dubbele rijen politie").waarde * (len(rijen) - 1) / 100 + 30)
        / (len(rijen) - 1 + 30)
    )
    assert (
        res.verslagen[0].rijen_gelezen
        == res.verslagen[0].rijen_gebruikt + res.verslagen[0].rijen_afgewezen
    )
    # kept: the offences of the cohort can only go up
    assert _som(res, "delicten_voor") + _som(res, "delicten_na") >= _som(
        basis, "delicten_voor"
    ) + _som(basis, "delicten_na")


def test_detention_export_pasted_twice_stops(demo, tmp_path):
    pad = variant(demo, tmp_path, detentie=lambda r: r + r[1:])
    with pytest.raises(ControleStop) as fout:
        meet(pad)
    assert fout.value.controle.controle == "dubbele rijen detentie"
    assert fout.value.controle.waarde == pytest.approx(50.0)


# ----------------------------------------------------------------------------------------
# Dates
# ----------------------------------------------------------------------------------------
def test_placeholder_and_too_early_police_dates_are_rejected_with_the_reason(demo, tmp_path):
    def plant(rijen):
        rijen = [list(r) for r in rijen]
        verdachte = [i for i, r in enumerate(rijen) if i and r[4] == "Verdachte"]
        for i in verdachte[:5]:
            rijen[i][1] = "01-01-1900"
        for i in verdachte[5:8]:
            rijen[i][2] = "31-12-9999"
        for i in verdachte[8:10]:
            rijen[i][1] = "15-06-1985"
        return rijen

    res = meet(variant(demo, tmp_path, politie=plant))
    af = res.afgewezen[res.afgewezen["bestand"] == "politie.csv"]
    redenen = af["reden"]
    assert redenen.str.startswith("opvuldatum 01-01-1900").sum() == 5
    assert redenen.str.startswith("opvuldatum 31-12-9999").sum() == 3
    assert redenen.str.startswith("datum vóór 01-01-1990").sum() == 2
    c = controle(res, "datums politie")
    assert c.status == OK and c.waarde == 10 and c.eenheid == "rijen"
    v = res.verslagen[0]
    assert v.rijen_gelezen == v.rijen_gebruikt + v.rijen_afgewezen


def test_detention_end_9999_is_an_open_spell_not_a_rejected_row(demo, tmp_path):
    rijen = _lees(demo / "detentie.csv")
    open_ = [i for i, r in enumerate(rijen) if i and r[2] == ""]
    assert open_
    leeg = meet(variant(demo, tmp_path / "a"))
    code = meet(
        variant(
            demo,
            tmp_path / "b",
            detentie=lambda r: [
                [x[0], x[1], "31-12-9999"] if i in open_ else x for i, x in enumerate(r)
            ],
        )
    )
    assert not (code.afgewezen["bestand"] == "detentie.csv").any()
    c = controle(code, "datums detentie")
    assert f"waarvan {len(open_)} met een einddatum op of na 01-01-2100" in c.melding
    assert "open periode" in code.verslagen[1].opmerking
    pd.testing.assert_frame_equal(code.indicatoren, leeg.indicatoren)


def test_detention_begin_before_vroegste_datum_is_rejected(demo, tmp_path):
    pad = variant(
        demo,
        tmp_path,
        detentie=lambda r: [r[0], [r[1][0], "01-01-1900", r[1][2]], *r[2:]],
        extra="[controles]\nvroegste_datum = 2000-01-01",
    )
    res = meet(pad)
    af = res.afgewezen[res.afgewezen["bestand"] == "detentie.csv"]
    assert af["reden"].str.startswith("opvuldatum 01-01-1900").sum() == 1
    assert controle(res, "datums detentie").waarde == 1


def test_peildatum_before_end_of_registratiejaar_is_a_warning(demo, tmp_path):
    pad = variant(demo, tmp_path, recidive_extra="peildatum = 2016-09-30")
    c = controle(meet(pad), "peildatum")
    assert c.status == WAARSCHUWING and c.waarde == -92 and c.bestand == "meting.toml"
    assert "30-09-2016" in c.melding
    assert (
        opmerkingen_10_2(pad)
        .str.contains("]: peildatum (meting.toml): de peildatum", regex=False)
        .all()
    )


# ----------------------------------------------------------------------------------------
# Vocabulary of Rol
# ----------------------------------------------------------------------------------------
def test_renamed_role_is_a_vocabulary_warning_with_counts(demo, tmp_path):
    def hernoem(rijen):
        return [rijen[0]] + [
            [*r[:4], "Vd"] if r[4] == "Verdachte" and i % 3 else r for i, r in enumerate(rijen[1:])
        ]

    rijen = hernoem(_lees(demo / "politie.csv"))
    vd = sum(r[4] == "Vd" for r in rijen[1:])
    pad = variant(demo, tmp_path, politie=hernoem)
    c = controle(meet(pad), "vocabulaire Rol")
    assert c.status == WAARSCHUWING and c.eenheid == "%" and c.drempel == 25
    assert c.waarde == pytest.approx(100 * vd / (len(rijen) - 1))
    assert f"'Vd' {vd}" in c.melding
    assert (
        opmerkingen_10_2(pad).str.contains("]: vocabulaire Rol (politie.csv):", regex=False).all()
    )


def test_tel_dubbel_equals_pandas_duplicated_on_mixed_columns():
    """tel_dubbel (offset codes for integers and dates, categorical codes, factorised rest)
    against pandas' row-wise ``DataFrame.duplicated`` on the same values as objects."""
    import numpy as np

    from instruments.recidivetool.controles import tel_dubbel

    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(0, 40))
        dagen = pd.Series(pd.to_datetime(rng.integers(0, 3, n), unit="D"))
        kolommen = [
            rng.integers(-1, 4, n),  # id codes, -1 = missing
            dagen.mask(rng.random(n) < 0.2).to_numpy(),  # dates with NaT
            pd.to_datetime(rng.integers(0, 3, n) * 3600, unit="s").to_numpy(),  # not midnight
            pd.Series(pd.Categorical(rng.choice(["x", "y", None], n))),
            pd.Series(rng.choice(["a", "b", None], n), dtype=object),
            rng.random(n) < 0.5,
        ]
        tabel = pd.DataFrame(
            {
                i: pd.Series(k).astype(object).where(pd.Series(k).notna(), "<leeg>")
                for i, k in enumerate(kolommen)
            }
        )
        verwacht = int(tabel.duplicated().sum()) if n else 0
        assert tel_dubbel(kolommen) == verwacht


def test_tel_dubbel_midnight_check_over_blocks(monkeypatch):
    """The midnight check runs per block: one time of day in a later block must still make
    the dates be factorised as they are (reference: pandas' ``duplicated``)."""
    import numpy as np

    import instruments.recidivetool.controles as controles

    monkeypatch.setattr(controles, "_BLOK", 3)
    dagen = pd.to_datetime(["2020-01-01"] * 4 + ["2020-01-02"] * 4 + [None])
    for tijd in (None, "2020-01-02 12:00"):
        waarden = dagen.to_numpy().copy()
        if tijd is not None:
            waarden[7] = np.datetime64(tijd)  # block 3 of 3, after two midnight blocks
        kolommen = [np.zeros(len(waarden), dtype=np.int64), waarden]
        verwacht = int(pd.DataFrame({"d": waarden}).duplicated().sum())
        assert controles.tel_dubbel(kolommen) == verwacht


def test_datum_oordeel_placeholders_as_categories():
    import datetime as dt

    from instruments.lezen import parse_datums
    from instruments.recidivetool.controles import datum_oordeel

    ruw = pd.Series(["01-01-1900", "31-12-9999", "15-03-1985", "02-02-2020", None, "abc"])
    datums, fout = parse_datums(ruw)
    opvul, te_vroeg, vanaf = datum_oordeel(ruw, datums, fout, dt.date(1990, 1, 1))
    assert list(opvul.astype(str)) == ["01-01-1900", "31-12-9999", "", "", "", ""]
    assert te_vroeg.tolist() == [False, False, True, False, False, False]
    assert vanaf.tolist() == [False, True, False, False, False, False]
