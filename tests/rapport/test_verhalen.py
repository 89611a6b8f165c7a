"""The story charts: selectie versus aanpak, leefgebieden with change, kwaliteit per organisatie."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from instruments.rapport.grafieken_verhalen import (
    cijfer_klasse,
    kwaliteit_organisatie,
    leefgebied_verandering,
    selectie_aanpak,
)


def test_selectie_aanpak_both_metingen_sum_to_100_with_the_splits(demo_uitkomst):
    g = selectie_aanpak(demo_uitkomst)
    assert g.soort == "gestapeld"
    assert g.categorieen == ["2015", "2016"]
    assert g.reeksen == [
        "Screening (selectie)",
        "Triage (selectie)",
        "Top X (aanpak)",
        "Overige casuïstiek (aanpak)",
    ]
    csv = demo_uitkomst.csv
    ws = csv[(csv["item"] == "werksoort") & (csv["statistiek"] == "aantal")].set_index("groep")
    totaal = ws["waarde"].sum()
    rij = g.tabel.set_index("categorie").loc["2016"]
    assert rij.sum() == pytest.approx(100)
    assert rij["Top X (aanpak)"] == pytest.approx(
        100 * ws.loc["werksoort=Top X", "waarde"] / totaal
    )


def test_leefgebieden_with_change_in_the_label(demo_uitkomst):
    g = leefgebied_verandering(demo_uitkomst)
    csv = demo_uitkomst.csv
    assert (
        len(g.categorieen) == csv[csv["statistiek"] == "percentage_sterke_mate"]["item"].nunique()
    )
    r = csv[
        (csv["item"] == "leefgebied_huisvesting") & (csv["statistiek"] == "percentage_sterke_mate")
    ].iloc[0]
    label = g.categorieen[0]
    assert label.startswith("Huisvesting (problemen ")
    pijl = "=" if round(r["verschil"]) == 0 else ("▲" if r["verschil"] > 0 else "▼")
    assert pijl in label.split(";")[0]


def test_kwaliteit_per_organisatie_suppressed_below_cell_size(demo_uitkomst):
    extra = pd.DataFrame(
        [
            {
                "indicator": "3-1",
                "item": "kwaliteit_algemeen",
                "statistiek": "gemiddelde",
                "groep": "organisatie=Politie",
                "waarde": 7.2,
                "n": 24.0,
                "vorige_waarde": 7.0,
            },
            {
                "indicator": "3-1",
                "item": "kwaliteit_algemeen",
                "statistiek": "gemiddelde",
                "groep": "organisatie=Openbaar Ministerie",
                "waarde": 7.9,
                "n": 8.0,
                "vorige_waarde": 7.5,
            },
        ]
    )
    u = dataclasses.replace(
        demo_uitkomst,
        indicatoren=pd.concat(
            [demo_uitkomst.indicatoren, extra.assign(status="gemeten", reden="")],
            ignore_index=True,
        ),
    )
    tabel = kwaliteit_organisatie(u).tabel.set_index("categorie")
    assert tabel.loc["Politie", "meting 2017"] == 7.2
    assert "Openbaar Ministerie (<10)" in tabel.index
    assert tabel.loc["Openbaar Ministerie (<10)"].isna().all()


def test_cijfer_classes_round_half_up_and_pool_the_tails():
    klassen = cijfer_klasse(pd.Series([3.2, 5.49, 5.5, 6.5, 7.49, 8.5, 9.9, np.nan]))
    assert klassen.tolist()[:7] == [
        "5 of lager",
        "5 of lager",
        "6",
        "7",
        "7",
        "9 of hoger",
        "9 of hoger",
    ]
