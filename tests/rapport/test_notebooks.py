"""The notebooks show the researcher's charts, drawn by the package's own chart functions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from instruments.rapport import figuren

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
#: notebook -> package chart calls it must make
VERWACHT = {
    "registratie.ipynb": ["toon_grafieken("],
    "vragenlijst.ipynb": ["toon_grafieken(", "cijfer_verdeling_per_kant("],
    "casusanalyse.ipynb": ["toon_grafieken("],
    "recidive.ipynb": ["toon_grafieken(", "km_curve(", "rate_veranderingen("],
    "jaarmeting.ipynb": ["toon_grafieken("],
}
TEKENCODE = re.compile(r"\b(plt\.|pyplot|\.plot\(|\.barh?\(|\.hist\(|add_subplot|Figure\()")


def _code(naam: str) -> str:
    nb = json.loads((NOTEBOOKS / naam).read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


@pytest.mark.parametrize("naam", sorted(VERWACHT))
def test_every_notebook_draws_its_charts_with_package_functions(naam):
    code = _code(naam)
    for aanroep in VERWACHT[naam]:
        assert aanroep in code, (naam, aanroep)
    assert not TEKENCODE.search(code), (naam, TEKENCODE.search(code).group(0))


def _vensters(n_per_groep: int = 30) -> pd.DataFrame:
    rijen = []
    for g, delicten_na in (("Top X", 1), ("Overige casuïstiek", 2), ("Klein", 0)):
        n = n_per_groep if g != "Klein" else 4
        for i in range(n):
            rijen.append(
                {
                    "groep": g,
                    "dagen_tot_eerste_delict": 30 + 10 * i,
                    "event": i % 2,
                    "uitgesloten": "",
                    "dagen_vrij_voor": 365,
                    "dagen_vrij_na": 365,
                    "delicten_voor": 4,
                    "delicten_na": delicten_na,
                }
            )
    return pd.DataFrame(rijen)


def test_km_curve_one_line_and_band_per_large_enough_group():
    fig = figuren.km_curve(_vensters(), min_n=10)
    ax = fig.axes[0]
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == [
        "Overige casuïstiek",
        "Top X",
    ]
    assert len(ax.collections) == 2  # one band per group
    assert ax.get_ylim() == (0, 100)


def test_rate_changes_histogram_per_group():
    fig = figuren.rate_veranderingen(_vensters(), min_n=10)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert len(labels) == 2
    # Top X: 4 -> 1 per 365 days, a change of -3 for everyone
    assert any(lab.startswith("Top X (mediaan \u22123,00)") for lab in labels)


def test_figures_show_inline_as_svg():
    html = figuren.toon(figuren.km_curve(_vensters()))._repr_html_()
    assert html.count("<svg") == 1
