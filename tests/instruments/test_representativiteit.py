"""Representativeness and weighting of the questionnaire (issue 16, kengetal 3-1).

The statistics themselves are tested against R in ``tests/analysis`` (analysis.weging); here
the surveytool's wiring is checked: the rows and names in ``indicatoren.csv``, the test and
the table, suppression, the errors of a bad invitation file, and that nothing changes
without ``[vragenlijst] uitgenodigd``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.survey import respondent_gemiddelden
from analysis.weging import gewogen_gemiddelden, gewogen_percentages
from instruments import cli
from instruments.config import laad_config
from instruments.demo import genereer_demo
from instruments.fouten import InvoerFout
from instruments.meting import voer_meting_uit
from instruments.status import geschreven_opmerking
from instruments.surveytool import bereken, lees_antwoorden, meet, vergelijk
from instruments.surveytool_weging import lees_uitgenodigd

ITEM31 = "kwaliteit_algemeen"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    map_ = tmp_path_factory.mktemp("demo_repr")
    genereer_demo(map_, seed=2017)
    return map_


@pytest.fixture(scope="module")
def cfg17(demo):
    return laad_config(demo / "meting2017.toml")


@pytest.fixture(scope="module")
def ant17(cfg17):
    return lees_antwoorden(cfg17)


@pytest.fixture(scope="module")
def uitn17(demo, ant17):
    return lees_uitgenodigd(demo / "uitgenodigd_2017.csv", ant17.codebook)


@pytest.fixture(scope="module")
def res17(cfg17):
    return meet(cfg17)


def _config(demo: Path, naam: str, vervang: dict[str, str]) -> Path:
    """A copy of the 2016 demo config with lines replaced (key -> new line, '' = drop)."""
    regels = []
    for r in (demo / "meting2016.toml").read_text(encoding="utf-8").splitlines():
        sleutel = r.split("=")[0].strip()
        regels.append(vervang.get(sleutel, r))
    for sleutel, r in vervang.items():
        if sleutel.startswith("+"):
            i = regels.index("[vragenlijst]")
            regels.insert(i + 1, r)
    pad = demo / naam
    pad.write_text("\n".join(x for x in regels if x != "") + "\n", encoding="utf-8")
    return pad


def _uitnodiging_csv(demo: Path, naam: str, tekst: str) -> Path:
    pad = demo / naam
    pad.write_text(tekst, encoding="utf-8")
    return pad


# --- the demo: rows, names, test, table, verdict ------------------------------------------------
def test_demo_invitation_lists_match_the_respondents(demo, ant17):
    for jaar in ("2016", "2017"):
        lijst = pd.read_csv(demo / f"uitgenodigd_{jaar}.csv", sep=";")
        assert list(lijst.columns) == ["organisatie", "uitgenodigd"]
        assert lijst["uitgenodigd"].sum() == 260
        assert set(lijst["organisatie"]) == set(ant17.codebook.items["organisatie"].opties)
    lijst = pd.read_csv(demo / "uitgenodigd_2017.csv", sep=";").set_index("organisatie")
    n = ant17.data["organisatie"].value_counts()
    assert (n.reindex(lijst.index, fill_value=0) <= lijst["uitgenodigd"]).all()
    for jaar in ("2016", "2017"):
        tekst = (demo / f"meting{jaar}.toml").read_text(encoding="utf-8")
        assert f'uitgenodigd = "uitgenodigd_{jaar}.csv"' in tekst


def test_demo_rows_per_group_against_invited(demo, ant17, res17):
    rijen = res17.indicatoren
    r = rijen[(rijen["indicator"] == "3-1") & (rijen["item"] == "respons")]
    lijst = pd.read_csv(demo / "uitgenodigd_2017.csv", sep=";").set_index("organisatie")
    n = ant17.data["organisatie"].value_counts().reindex(lijst.index, fill_value=0)
    n_tot, inv_tot = int(n.sum()), int(lijst["uitgenodigd"].sum())
    for org, inv in lijst["uitgenodigd"].items():
        groep = f"organisatie={org}"
        sel = r[r["groep"] == groep].set_index("statistiek")
        assert set(sel.index) == {"percentage", "aandeel_respondenten", "aandeel_uitgenodigd"}
        if n[org] < 5:  # the tool's own threshold ([publicatie] klein_n)
            assert sel["waarde"].isna().all() and sel["n"].isna().all()
            assert (sel["status"] == "onderdrukt").all() and (sel["drempel"] == 5).all()
            assert geschreven_opmerking(sel).str.startswith("onderdrukt: minder dan 5").all()
            continue
        assert sel.loc["percentage", "waarde"] == pytest.approx(100 * n[org] / inv)
        assert sel.loc["percentage", "n"] == inv
        assert sel.loc["aandeel_respondenten", "waarde"] == pytest.approx(100 * n[org] / n_tot)
        assert sel.loc["aandeel_uitgenodigd", "waarde"] == pytest.approx(100 * inv / inv_tot)
        assert sel.loc["aandeel_uitgenodigd", "n"] == inv_tot
    kanten = {g for g in r["groep"] if g.startswith("kant=")}
    assert kanten == {f"kant={k}" for k in ant17.codebook.kanten}
    # the total response row is unchanged
    tot = r[(r["groep"] == "totaal") & (r["statistiek"] == "percentage")]
    assert tot["waarde"].iloc[0] == pytest.approx(100 * len(ant17.data) / 260)


def test_demo_suppresses_the_small_group_also_in_the_table_and_verdict(res17, ant17):
    klein = [o for o, k in ant17.data["organisatie"].value_counts().items() if k < 5]
    assert klein, "the demo should have a group below the threshold"
    tabel = res17.details["Representativiteit"]
    for org in klein:
        rij = tabel[(tabel["indeling"] == "organisatie") & (tabel["groep"] == org)].iloc[0]
        assert np.isnan(rij["respondenten"]) and np.isnan(rij["respons (%)"])
        assert rij["opmerking"].startswith("onderdrukt")
        assert not re.search(rf"{re.escape(org)} \(\d", res17.toelichting["3-1"])


def test_demo_test_verdict_and_table(res17):
    t = res17.toetsen
    assert list(t["groep"]) == ["organisatie", "kant"]
    assert (t["indicator"] == "3-1").all() and (t["item"] == "respons").all()
    assert not t["familie"].any()
    assert (t["p_val"] < 0.05).all()  # the demo's response is uneven on purpose
    assert t["opmerking"].str.contains("toets binnen deze meting").all()
    tekst = res17.toelichting["3-1"]
    assert "ondervertegenwoordigd: Politie" in tekst
    assert "oververtegenwoordigd:" in tekst
    tabel = res17.details["Representativiteit"]
    assert list(res17.details).index("Representativiteit") == 1  # after Respons
    for kop in ("indeling", "groep", "uitgenodigd", "respondenten", "respons (%)",
                "% van de respondenten", "% van de uitgenodigden", "vertegenwoordiging"):  # fmt: skip
        assert kop in tabel.columns
    pol = tabel[tabel["groep"] == "Politie"].iloc[0]
    assert pol["vertegenwoordiging"] == "ondervertegenwoordigd"
    assert any(v.bestand == "uitgenodigd_2017.csv" for v in res17.verslagen)


def test_demo_names_in_indicatoren_csv(cfg17):
    # the indicatoren.csv table of the meting (with the comparison with 2016)
    csv = voer_meting_uit(cfg17, instrumenten=("surveytool",)).csv
    r = csv[(csv["indicator"] == "3-1") & (csv["item"] == "respons")]
    assert {"aantal", "percentage", "aandeel_respondenten", "aandeel_uitgenodigd"} == set(
        r["statistiek"]
    )
    groepen = set(r.loc[r["statistiek"] == "aandeel_uitgenodigd", "groep"])
    assert "organisatie=Politie" in groepen and "kant=strafkant" in groepen
    # descriptive between metingen: no test on the response rows
    assert (r["toets"] == "").all()
    assert not csv["statistiek"].str.endswith("_gewogen").any()  # weging = "geen" in the demo


# --- without uitgenodigd nothing changes ------------------------------------------------------
def test_without_uitgenodigd_outputs_unchanged(demo, ant17, uitn17):
    zonder = bereken(ant17, populatie=260)
    met = bereken(ant17, populatie=260, uitnodiging=uitn17)
    nieuw = (met.indicatoren["item"] == "respons") & (met.indicatoren["groep"] != "totaal")
    pd.testing.assert_frame_equal(
        met.indicatoren[~nieuw].reset_index(drop=True), zonder.indicatoren.reset_index(drop=True)
    )
    assert zonder.toetsen.empty and len(met.toetsen) == 2
    assert list(zonder.details) == [k for k in met.details if k != "Representativiteit"]
    assert "Representativiteit" not in zonder.toelichting["3-1"]
    assert met.toelichting["3-1"].startswith(zonder.toelichting["3-1"])
    assert len(zonder.verslagen) == 1

    cfg = laad_config(_config(demo, "zonder.toml", {"uitgenodigd": ""}))
    assert cfg.vragenlijst["uitgenodigd"] is None and cfg.vragenlijst["weging"] == "geen"
    via_meet = meet(cfg)
    ant16 = lees_antwoorden(cfg)
    pd.testing.assert_frame_equal(via_meet.indicatoren, bereken(ant16, populatie=260).indicatoren)
    assert via_meet.toetsen.empty and "Representativiteit" not in via_meet.details


# --- weighting --------------------------------------------------------------------------------
@pytest.mark.parametrize("weging", ["organisatie", "kant"])
def test_weighted_estimates_equal_a_direct_call_of_analysis_weging(demo, ant17, uitn17, weging):
    res = bereken(ant17, populatie=260, uitnodiging=uitn17, weging=weging)
    rijen = res.indicatoren.set_index(["indicator", "item", "statistiek", "groep"])
    cb = ant17.codebook
    kant_van = cb.kant_van()
    org = ant17.data["organisatie"].astype(object)
    lijst = pd.read_csv(demo / "uitgenodigd_2017.csv", sep=";")
    if weging == "kant":
        lijst = (
            lijst.assign(kant=lijst["organisatie"].map(kant_van))
            .groupby("kant", as_index=False)["uitgenodigd"]
            .sum()
        )
    groep = org if weging == "organisatie" else org.map(kant_van)
    rg = respondent_gemiddelden(ant17.data, cb.rapportcijfers, min_geldig=3)
    d = pd.DataFrame({weging: groep, "x": rg["gemiddelde"].astype(float)})
    ref = gewogen_gemiddelden(d, "x", lijst, groep=weging).iloc[0]
    assert rijen.loc[("3-1", ITEM31, "gemiddelde_gewogen", "totaal"), "waarde"] == pytest.approx(
        ref["gemiddelde"], rel=1e-12
    )
    assert rijen.loc[("3-1", ITEM31, "gemiddelde_gewogen_se", "totaal"), "waarde"] == (
        pytest.approx(ref["se"], rel=1e-12)
    )
    # the unweighted figure beside it is the tool's own
    assert rijen.loc[("3-1", ITEM31, "gemiddelde", "totaal"), "waarde"] == pytest.approx(
        ref["gemiddelde_ongewogen"], rel=1e-12
    )
    d7 = d.assign(x=(d["x"] >= 7).astype(float).where(d["x"].notna()))
    ref7 = gewogen_percentages(d7, "x", lijst, groep=weging).iloc[0]
    assert rijen.loc[
        ("3-1", ITEM31, "percentage_7_of_hoger_gewogen", "totaal"), "waarde"
    ] == pytest.approx(ref7["percentage"], rel=1e-12)
    # a rapportcijfer of another kengetal
    item = "functie_advies"
    nr = next(
        n for n in cb.items[item].indicatoren if (n, item, "gemiddelde", "totaal") in rijen.index
    )
    di = pd.DataFrame({weging: groep, item: ant17.data[item].astype(float)})
    refi = gewogen_gemiddelden(di, item, lijst, groep=weging).iloc[0]
    assert rijen.loc[(nr, item, "gemiddelde_gewogen", "totaal"), "waarde"] == pytest.approx(
        refi["gemiddelde"], rel=1e-12
    )
    assert rijen.loc[(nr, item, "gemiddelde_gewogen", "totaal"), "n"] == refi["n"]
    assert "Gewogen uitkomsten" in res.details
    assert f"Weging: poststratificatie naar {weging}" in res.toelichting["3-1"]


def test_weging_is_in_the_verantwoording_settings(demo):
    cfg = laad_config(_config(demo, "gewogen.toml", {"+weging": 'weging = "Organisatie"'}))
    inst = cfg.instellingen()["vragenlijst"]
    assert inst["weging"] == "organisatie" and inst["uitgenodigd"] == "uitgenodigd_2016.csv"


# --- suppression ------------------------------------------------------------------------------
def test_higher_threshold_suppresses_more_groups(ant17, uitn17):
    res = bereken(ant17, populatie=260, uitnodiging=uitn17, klein_n=10)
    r = res.indicatoren
    r = r[(r["item"] == "respons") & r["groep"].str.startswith("organisatie=")]
    n = ant17.data["organisatie"].value_counts()
    for org, k in n.items():
        sel = r[r["groep"] == f"organisatie={org}"]
        assert sel["waarde"].isna().all() == (k < 10)
    tekst = res.toelichting["3-1"]
    for org, k in n.items():
        if k < 10:
            assert not re.search(rf"{re.escape(org)} \(\d", tekst)


# --- errors of a bad invitation file ------------------------------------------------------------
@pytest.mark.parametrize(
    "tekst, melding",
    [
        ("organisatie;aantal_mensen\nPolitie;30\n", "verplichte kolom(men) ontbreken: uitgenodigd"),
        ("naam;uitgenodigd\nPolitie;30\n", "geen kolom 'organisatie' of 'kant'"),
        ("organisatie;uitgenodigd\nBrandweer;30\n", "'Brandweer' staat niet in het codeboek"),
        ("organisatie;uitgenodigd\nPolitie;dertig\n", "geen geheel getal van 0 of meer"),
        ("organisatie;uitgenodigd\nPolitie;-3\n", "geen geheel getal van 0 of meer"),
        ("organisatie;uitgenodigd\nPolitie;2,5\n", "geen geheel getal van 0 of meer"),
        ("organisatie;uitgenodigd\nPolitie;3\nPolitie;4\n", "staat twee keer"),
        ("organisatie;uitgenodigd\nTotaal;260\n", "Een totaalrij hoort niet"),
        ("kant;uitgenodigd\nstraf;30\n", "'straf' staat niet in het codeboek"),
    ],
)
def test_bad_invitation_file_gives_a_dutch_error(demo, ant17, tekst, melding):
    pad = _uitnodiging_csv(demo, "fout.csv", tekst)
    with pytest.raises(InvoerFout) as e:
        lees_uitgenodigd(pad, ant17.codebook)
    assert melding in str(e.value) and "fout.csv" in str(e.value)


def test_variants_of_organisatie_names_are_accepted(demo, ant17):
    pad = _uitnodiging_csv(demo, "varianten.csv", "Organisatie;Aantal uitgenodigd\nOM;12\n")
    u = lees_uitgenodigd(pad, ant17.codebook)
    assert u.niveau == "organisatie" and u.aantallen.to_dict() == {"Openbaar Ministerie": 12}


def test_respondents_not_invited_or_more_than_invited(demo, ant17, uitn17):
    lijst = pd.read_csv(demo / "uitgenodigd_2017.csv", sep=";")
    n_pol = int((ant17.data["organisatie"] == "Politie").sum())
    te_weinig = lijst.assign(
        uitgenodigd=np.where(lijst["organisatie"] == "Politie", n_pol - 1, lijst["uitgenodigd"])
    )
    pad = _uitnodiging_csv(demo, "weinig.csv", te_weinig.to_csv(sep=";", index=False))
    with pytest.raises(InvoerFout, match=f"Politie heeft {n_pol} respondenten maar {n_pol - 1}"):
        bereken(ant17, uitnodiging=lees_uitgenodigd(pad, ant17.codebook))
    zonder_pol = lijst[lijst["organisatie"] != "Politie"]
    pad = _uitnodiging_csv(demo, "zonder_pol.csv", zonder_pol.to_csv(sep=";", index=False))
    with pytest.raises(InvoerFout, match=r"Politie .* staat niet in het bestand met uitgenodigden"):
        bereken(ant17, uitnodiging=lees_uitgenodigd(pad, ant17.codebook))
    with pytest.raises(InvoerFout, match="populatie = 300"):
        bereken(ant17, populatie=300, uitnodiging=uitn17)


@pytest.mark.parametrize(
    "tekst, melding",
    [
        ("organisatie;personen\nPolitie;30\n", "verplichte kolom(men) ontbreken"),
        ("organisatie;uitgenodigd\nGemeente;1\nVeiligheidshuis;1\nPolitie;1\n", "respondenten"),
    ],
)
def test_bad_invitation_file_exit_2_without_traceback(demo, capsys, tekst, melding):
    _uitnodiging_csv(demo, "fout_run.csv", tekst)
    cfg = _config(demo, "fout_run.toml", {"uitgenodigd": 'uitgenodigd = "fout_run.csv"'})
    assert cli.instrument_main("surveytool", ["--config", str(cfg), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "fout_run.csv" in err and melding in err and "Traceback" not in err


@pytest.mark.parametrize(
    "regel, melding",
    [
        ('weging = "gewicht"', 'weging = "gewicht" is onbekend'),
        ('weging = "kant"', "heeft de aantallen uitgenodigden nodig"),
    ],
)
def test_weging_setting_is_validated(demo, regel, melding):
    vervang = {"+weging": regel}
    if "kant" in regel:
        vervang["uitgenodigd"] = ""
    pad = _config(demo, "weging.toml", vervang)
    with pytest.raises(InvoerFout, match=re.escape(melding)):
        laad_config(pad)


def test_weging_organisatie_needs_a_list_per_organisatie(demo, ant17):
    pad = _uitnodiging_csv(demo, "kant.csv", "kant;uitgenodigd\nstrafkant;100\nzorg;160\n")
    with pytest.raises(InvoerFout, match="per organisatie"):
        lees_uitgenodigd(pad, ant17.codebook, weging="organisatie")
    u = lees_uitgenodigd(pad, ant17.codebook, weging="kant")
    assert u.niveau == "kant" and u.aantallen.sum() == 260


# --- tests between metingen on the weighted estimates ---------------------------------------------
@pytest.mark.parametrize("weging16", ["organisatie", "geen"])
def test_tests_between_metingen_use_the_weighted_estimates(demo, weging16):
    regel16 = f'weging = "{weging16}"'
    _config(demo, "meting2016_w.toml", {"+weging": regel16})
    tekst = (demo / "meting2017.toml").read_text(encoding="utf-8")
    tekst = tekst.replace('config = "meting2016.toml"', 'config = "meting2016_w.toml"')
    tekst = tekst.replace("[vragenlijst]\n", '[vragenlijst]\nweging = "organisatie"\n')
    (demo / "meting2017_w.toml").write_text(tekst, encoding="utf-8")
    cfg = laad_config(demo / "meting2017_w.toml")
    deze, vorige = meet(cfg), meet(cfg.vorige)
    t = vergelijk(deze, vorige)
    w = t[t["statistiek"].str.endswith("_gewogen")].set_index(["indicator", "item", "statistiek"])
    assert len(w) == len(deze.details["Gewogen uitkomsten"])
    r = w.loc[("3-1", ITEM31, "gemiddelde_gewogen")]
    if weging16 == "geen":
        assert r["toets"] == "niet getoetst" and np.isnan(r["p_val"]) and not r["familie"]
        assert "de vorige meting is niet gewogen" in r["opmerking"]
        return
    rij = deze.indicatoren.set_index(["indicator", "item", "statistiek", "groep"])
    oud = vorige.indicatoren.set_index(["indicator", "item", "statistiek", "groep"])
    k, ks = (
        ("3-1", ITEM31, "gemiddelde_gewogen", "totaal"),
        ("3-1", ITEM31, "gemiddelde_gewogen_se", "totaal"),
    )
    d = rij.loc[k, "waarde"] - oud.loc[k, "waarde"]
    se = np.hypot(rij.loc[ks, "waarde"], oud.loc[ks, "waarde"])
    assert r["toets"] == "z_gewogen" and r["familie"]
    assert r["estimate"] == pytest.approx(d) and r["statistic"] == pytest.approx(d / se)
    from scipy import stats

    assert r["p_val"] == pytest.approx(2 * stats.norm.sf(abs(d / se)))
