"""The rapport applies the one cell-size rule with the thresholds of the meting's config.

Each test changes ``[publicatie] minimale_celgrootte`` / ``klein_n`` and checks, against
counts written out by hand, that the output follows the config (no threshold retyped in a
rapport module).
"""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pandas as pd
import pytest

from instruments.rapport import figuren
from instruments.rapport.factsheet import maak_factsheet
from instruments.rapport.grafieken_verhalen import (
    kwaliteit_organisatie,
    kwaliteit_verdeling,
)
from instruments.rapport.open_antwoorden import KANT_ONBEKEND, open_antwoorden
from instruments.rapport.verantwoording import METHODEN
from instruments.resultaat import VragenlijstResultaat
from surveys import laad_codebook


def _met_drempels(u, **drempels):
    """The uitkomst with other thresholds in ``[publicatie]``."""
    pub = u.cfg.publicatie.model_copy(update=drempels)
    return dataclasses.replace(u, cfg=dataclasses.replace(u.cfg, publicatie=pub))


def _open(u):
    """7 strafkant and 3 zorg respondents answer block F."""
    rijen = [{"kant": "strafkant", "samen_opmerkingen": f"Straf {i}."} for i in range(7)]
    rijen += [{"kant": "zorg", "samen_opmerkingen": f"Zorg {i}."} for i in range(3)]
    df = pd.DataFrame(rijen)
    df.insert(0, "respondent_id", [f"R{100000 + i}" for i in range(len(df))])
    ruw = SimpleNamespace(data=df.astype("string"), codebook=laad_codebook(None))
    resultaten = dict(u.resultaten)
    resultaten["surveytool"] = VragenlijstResultaat(instrument="surveytool", antwoorden=ruw)
    return dataclasses.replace(u, resultaten=resultaten)


def _kanten(u) -> dict[str, str]:
    (blok,) = [df for titel, df in open_antwoorden(u).items() if titel.startswith("Blok F")]
    return {a.split()[0]: k for a, k in zip(blok["antwoord"], blok["kant"], strict=True)}


def test_open_answers_show_the_kant_from_the_configured_cell_size(demo_uitkomst):
    u = _open(demo_uitkomst)
    # 7 strafkant, 3 zorg: with 7 strafkant is shown (7 is not below 7), zorg is not
    assert _kanten(_met_drempels(u, minimale_celgrootte=7)) == {
        "Straf": "strafkant",
        "Zorg": KANT_ONBEKEND,
    }
    assert _kanten(_met_drempels(u, minimale_celgrootte=8)) == {
        "Straf": KANT_ONBEKEND,
        "Zorg": KANT_ONBEKEND,
    }
    assert _kanten(_met_drempels(u, minimale_celgrootte=3)) == {
        "Straf": "strafkant",
        "Zorg": "zorg",
    }


def _organisaties(u) -> pd.DataFrame:
    extra = pd.DataFrame(
        [
            {"groep": "organisatie=Politie", "waarde": 7.2, "n": 24.0},
            {"groep": "organisatie=Reclassering", "waarde": 7.9, "n": 8.0},
        ]
    ).assign(
        indicator="3-1",
        item="kwaliteit_algemeen",
        statistiek="gemiddelde",
        vorige_waarde=7.0,
        status="gemeten",
        reden="",
    )
    rijen = pd.concat([u.indicatoren, extra], ignore_index=True)
    return dataclasses.replace(u, indicatoren=rijen)


def test_quality_per_organisation_suppressed_with_the_configured_cell_size(demo_uitkomst):
    u = _organisaties(demo_uitkomst)
    g = kwaliteit_organisatie(_met_drempels(u, minimale_celgrootte=8))
    assert list(g.tabel["categorie"]) == ["Politie", "Reclassering"]  # 8 is not below 8
    assert "(<8)" in g.leeswijzer
    g = kwaliteit_organisatie(_met_drempels(u, minimale_celgrootte=25))
    tabel = g.tabel.set_index("categorie")
    assert list(tabel.index) == ["Politie (<25)", "Reclassering (<25)"]
    assert tabel.isna().all().all()
    assert "minder dan 25 respondenten" in g.leeswijzer and "(<25)" in g.leeswijzer


def test_quality_distribution_needs_the_configured_number_of_respondents(demo_uitkomst):
    cb = laad_codebook(None)
    # 6 respondents, each a 7 on every rapportcijfer: class "7" holds 100 %
    data = pd.DataFrame({c: [7.0] * 6 for c in cb.rapportcijfers})
    data["kant"] = "zorg"
    ruw = SimpleNamespace(data=data, codebook=cb)
    u = dataclasses.replace(
        demo_uitkomst,
        resultaten={"surveytool": VragenlijstResultaat("surveytool", antwoorden=ruw)},
        vorige_resultaten=None,
    )
    getoond = kwaliteit_verdeling(_met_drempels(u, minimale_celgrootte=6)).tabel
    assert len(getoond) > 0 and getoond.iloc[:, 1].sum() == pytest.approx(100.0)
    assert kwaliteit_verdeling(_met_drempels(u, minimale_celgrootte=7)).tabel.empty


def _vensters(groottes: dict[str, int]) -> pd.DataFrame:
    rijen = [
        {
            "groep": g,
            "dagen_tot_eerste_delict": 30 + 10 * i,
            "event": i % 2,
            "uitgesloten": "",
            "dagen_vrij_voor": 365,
            "dagen_vrij_na": 365,
            "delicten_voor": 4,
            "delicten_na": 1,
        }
        for g, n in groottes.items()
        for i in range(n)
    ]
    return pd.DataFrame(rijen)


def _legenda(fig) -> list[str]:
    return sorted(t.get_text().split(" (")[0] for t in fig.axes[0].get_legend().get_texts())


def test_notebook_figures_leave_out_groups_below_min_n_default_from_the_config_model():
    v = _vensters({"A": 10, "B": 9, "C": 4})
    # default = [publicatie] minimale_celgrootte's default, 10
    assert _legenda(figuren.km_curve(v)) == ["A"]
    assert _legenda(figuren.rate_veranderingen(v)) == ["A"]
    assert _legenda(figuren.km_curve(v, min_n=9)) == ["A", "B"]
    assert _legenda(figuren.rate_veranderingen(v, min_n=4)) == ["A", "B", "C"]


def test_factsheet_names_the_configured_markers(demo_uitkomst):
    html = maak_factsheet(_met_drempels(demo_uitkomst, klein_n=3, minimale_celgrootte=7))
    assert "(te weinig respondenten of personen) staan als &lt;3 of &lt;7." in html
    html = maak_factsheet(_met_drempels(demo_uitkomst, klein_n=6, minimale_celgrootte=6))
    assert "(te weinig respondenten of personen) staan als &lt;6." in html


def test_verantwoording_states_the_rule():
    assert "Cellen onder de minimale celgrootte zijn onderdrukt. Let op" in METHODEN["Recidive"]
