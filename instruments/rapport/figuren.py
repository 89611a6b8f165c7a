"""Figures a researcher inspects in the notebooks, drawn by the package (no chart code there).

- :func:`toon_grafieken`: the factsheet's charts of one instrument (the same
  :class:`~instruments.rapport.grafieken.Grafiek` data and drawing as the factsheet);
- :func:`km_curve`: the Kaplan–Meier curve of the share without a new offence per group,
  with its pointwise 95 % band (:func:`analysis.recidive.kaplan_meier`);
- :func:`rate_veranderingen`: the distribution of the per-person change in offences per
  365 days at liberty (after minus before the start);
- :func:`cijfer_verdeling_per_kant`: the distribution of the overall cijfer (respondent
  means, kengetal 3-1's rule) per kant.

Every function returns a matplotlib :class:`~matplotlib.figure.Figure` (Agg canvas, no
pyplot state); :func:`toon` turns figures into an inline SVG for a notebook. Groups smaller
than ``min_n`` are left out (the same cell size as the publication).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from instruments.config_model import Publicatie
from instruments.onderdrukking import klein
from instruments.rapport import opmaak
from instruments.rapport.grafieken import KLEUR_DERDE, KLEUR_DEZE, KLEUR_VORIGE, grafieken
from instruments.rapport.grafieken_svg import RC, figuur

#: The publication threshold when none is given (``[publicatie] minimale_celgrootte``).
MIN_N = Publicatie.model_fields["minimale_celgrootte"].default

KLEUREN = (KLEUR_DEZE, KLEUR_DERDE, KLEUR_VORIGE, "#70AD47", "#7030A0")


class Figuren:
    """Figures shown inline in a notebook as SVG (through ``_repr_html_``)."""

    def __init__(self, figuren: list[Figure]):
        self.figuren = list(figuren)

    def __len__(self) -> int:
        return len(self.figuren)

    def _repr_html_(self) -> str:
        import matplotlib

        delen = []
        with matplotlib.rc_context(RC):
            for fig in self.figuren:
                buf = io.StringIO()
                fig.savefig(buf, format="svg", metadata={"Date": None})
                tekst = buf.getvalue()
                delen.append(tekst[tekst.index("<svg") :])
        return "".join(f'<div style="margin:8px 0">{d}</div>' for d in delen)


def toon(*figuren: Figure) -> Figuren:
    """Show figures inline in a notebook (as SVG)."""
    return Figuren(list(figuren))


def grafiek_figuren(uitkomst, instrument: str | None = None) -> list[Figure]:
    """The factsheet's charts (of one instrument) as figures, in factsheet order."""
    import matplotlib

    with matplotlib.rc_context(RC):
        return [
            figuur(g, breedte=7.0)
            for g in grafieken(uitkomst)
            if instrument is None or g.instrument == instrument
        ]


def toon_grafieken(uitkomst, instrument: str | None = None) -> Figuren:
    """Show the factsheet's charts of an instrument (``registratietool`` ...) in a notebook."""
    return Figuren(grafiek_figuren(uitkomst, instrument))


def _nieuw(breedte: float = 7.0, hoogte: float = 3.6) -> tuple[Figure, object]:
    fig = Figure(figsize=(breedte, hoogte))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    return fig, ax


def _opgenomen(vensters: pd.DataFrame) -> pd.DataFrame:
    if "uitgesloten" in vensters:
        return vensters[vensters["uitgesloten"].fillna("") == ""]
    return vensters


def km_curve(
    vensters: pd.DataFrame, *, groep: str = "groep", alpha: float = 0.05, min_n: int = MIN_N
) -> Figure:
    """Kaplan–Meier curve (share without a new offence) per group with its 95 % band.

    Parameters
    ----------
    vensters : pandas.DataFrame
        One row per person (the recidivetool's windows, ``res.vensters``): columns
        ``dagen_tot_eerste_delict``, ``event``, ``uitgesloten`` and ``groep``.
    min_n : int
        Groups with fewer included persons are left out.
    """
    from analysis.recidive import kaplan_meier

    data = _opgenomen(vensters)
    fig, ax = _nieuw()
    maximum = float(data["dagen_tot_eerste_delict"].max()) if len(data) else 730.0
    tijden = tuple(np.arange(0, min(maximum, 3 * 365) + 1, 7))
    for j, (naam, deel) in enumerate(data.groupby(groep, sort=True)):
        if klein(len(deel), min_n):
            continue
        km = kaplan_meier(deel, times=tijden, alpha=alpha)
        km = km[~klein(km["n_risk"], min_n)]
        kleur = KLEUREN[j % len(KLEUREN)]
        ax.step(km["time"], 100 * km["surv"], where="post", color=kleur, label=f"{naam}")
        ax.fill_between(
            km["time"],
            100 * km["ci_low"].astype(float),
            100 * km["ci_high"].astype(float),
            step="post",
            color=kleur,
            alpha=0.2,
            linewidth=0,
        )
    ax.set_ylim(0, 100)
    ax.set_xlabel("dagen in vrijheid na de start")
    ax.set_ylabel("% nog zonder nieuw delict")
    ax.set_title("Kaplan–Meier: aandeel zonder nieuw delict (band: 95%-BI)", fontsize=10)
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig


def rate_veranderingen(
    vensters: pd.DataFrame, *, groep: str = "groep", min_n: int = MIN_N
) -> Figure:
    """Distribution of the per-person change in offences per 365 days at liberty."""
    data = _opgenomen(vensters)
    data = data[(data["dagen_vrij_voor"] > 0) & (data["dagen_vrij_na"] > 0)]
    voor = 365 * data["delicten_voor"] / data["dagen_vrij_voor"]
    na = 365 * data["delicten_na"] / data["dagen_vrij_na"]
    verandering = (na - voor).rename("verandering")
    fig, ax = _nieuw()
    grens = float(np.nanpercentile(np.abs(verandering), 98)) if len(verandering) else 1.0
    bakken = np.linspace(-grens, grens, 41)
    for j, (naam, deel) in enumerate(verandering.groupby(data[groep], sort=True)):
        if klein(len(deel), min_n):
            continue
        ax.hist(
            deel.clip(-grens, grens),
            bins=bakken,
            histtype="step",
            linewidth=1.5,
            color=KLEUREN[j % len(KLEUREN)],
            label=f"{naam} (mediaan {opmaak.getal(deel.median(), 'per_jaar')})",
        )
    ax.axvline(0, color="#666666", linewidth=0.8)
    ax.set_xlabel("verandering in delicten per 365 dagen in vrijheid (na min voor)")
    ax.set_ylabel("personen")
    ax.set_title("Verandering per persoon: links van 0 = minder delicten na de start", fontsize=10)
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig


def cijfer_verdeling_per_kant(res, *, min_n: int = MIN_N) -> Figure:
    """Distribution of the overall cijfer (respondent means) per kant of the organisatie."""
    from instruments.rapport.grafieken_verhalen import respondent_cijfers

    cijfers = respondent_cijfers(res)
    fig, ax = _nieuw()
    if cijfers is not None:
        bakken = np.arange(1, 10.01, 0.5)
        kanten = cijfers["kant"].dropna().astype(str)
        for j, kant in enumerate(sorted(kanten.unique())):
            deel = cijfers.loc[kanten.index[kanten == kant], "cijfer"]
            if klein(len(deel), min_n):
                continue
            gewicht = np.full(len(deel), 100 / len(deel))
            ax.hist(
                deel,
                bins=bakken,
                weights=gewicht,
                histtype="step",
                linewidth=1.5,
                color=KLEUREN[j % len(KLEUREN)],
                label=(
                    f"{kant} (n = {len(deel)}, gemiddeld {opmaak.getal(deel.mean(), 'gemiddelde')})"
                ),
            )
    ax.set_xlim(1, 10)
    ax.set_xlabel("rapportcijfer kwaliteit algemeen (gemiddelde per respondent)")
    ax.set_ylabel("% van de respondenten van de kant")
    ax.set_title("Spreiding van het rapportcijfer per kant", fontsize=10)
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig
