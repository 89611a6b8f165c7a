"""Drawing a :class:`~instruments.rapport.grafieken.Grafiek` as inline SVG (matplotlib, Agg).

The figure is drawn at the width it prints at (see :mod:`instruments.rapport.factsheet_stijl`)
with every text at least :data:`MIN_PT` points, so the printed factsheet has no text below
8 pt. Value labels use the precision rule of their statistic (:mod:`instruments.rapport.opmaak`).
"""

from __future__ import annotations

import io
import re
import textwrap

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from instruments.rapport import opmaak
from instruments.rapport.grafieken import KLEUR_DEZE, KLEUR_VORIGE, STAPEL_KLEUREN, Grafiek

MIN_PT = 8.0  # smallest printed text


RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "veiligheidshuis",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "font.size": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


#: The statistic whose precision a chart unit takes.
EENHEID_STATISTIEK = {
    "percentage": "percentage",
    "procentpunten": "focus_verschil",
    "cijfer": "gemiddelde",
    "aantal": "aantal",
    "per_jaar": "per_jaar_vrij_na",
}


def waarde_tekst(waarde: float, eenheid: str) -> str:
    """A bar's value label with the precision of its statistic (``84,5 %``, ``7,5``)."""
    tekst = opmaak.getal(waarde, EENHEID_STATISTIEK.get(eenheid, "getal"))
    return tekst.replace(opmaak.NBSP + "pp", "")


def _as_formatter(eenheid: str) -> FuncFormatter:
    def fmt(x, _pos):
        if eenheid == "percentage":
            return opmaak.getal(x, "percentage", decimalen=0)
        if eenheid in ("aantal", "procentpunten"):
            return opmaak.getal(x, "aantal")
        return opmaak.getal(x, "gemiddelde")

    return FuncFormatter(fmt)


def _maak_svg(fig: Figure, prefix: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    tekst = buf.getvalue()
    tekst = tekst[tekst.index("<svg") :]
    tekst = re.sub(r"<metadata>.*?</metadata>\s*", "", tekst, flags=re.DOTALL)
    tekst = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", tekst)
    tekst = re.sub(r"<style[^>]*>.*?</style>", "", tekst, flags=re.DOTALL)
    # ids unique per chart (several inline SVGs share one HTML document) and sequential:
    # matplotlib's hash ids hold random-looking digit runs that privacy scans would flag
    nieuw: dict[str, str] = {}
    for oud in re.findall(r'id="([^"]+)"', tekst):
        nieuw.setdefault(oud, f"{prefix}-{len(nieuw) + 1}")
    tekst = re.sub(r'id="([^"]+)"', lambda m: f'id="{nieuw[m.group(1)]}"', tekst)
    tekst = re.sub(
        r"url\(#([^)]+)\)", lambda m: f"url(#{nieuw.get(m.group(1), m.group(1))})", tekst
    )
    tekst = re.sub(
        r'href="#([^"]+)"', lambda m: f'href="#{nieuw.get(m.group(1), m.group(1))}"', tekst
    )
    # scale with the page: keep the viewBox, drop the fixed size
    tekst = re.sub(
        r'<svg width="[^"]*" height="[^"]*"', '<svg class="grafiek" role="img"', tekst, count=1
    )
    return tekst.strip() + "\n"


def svg(grafiek: Grafiek, *, breedte: float = 3.6) -> str:
    """Draw a chart as an inline SVG string (no XML prolog, no external references).

    Parameters
    ----------
    grafiek : Grafiek
    breedte : float
        Figure width in inches (the height follows the number of bars).

    Returns
    -------
    str
        ``<svg ...>...</svg>``; the same chart gives the same string.
    """
    import matplotlib

    with matplotlib.rc_context(RC):
        return _maak_svg(figuur(grafiek, breedte=breedte), f"g-{grafiek.sleutel}")


def figuur(grafiek: Grafiek, *, breedte: float = 3.6) -> Figure:
    """Draw a chart as a matplotlib :class:`~matplotlib.figure.Figure` (Agg, no pyplot).

    The factsheet saves it as SVG (:func:`svg`); a notebook can show it directly.
    """
    import matplotlib

    with matplotlib.rc_context(RC):
        tabel = grafiek.tabel
        cats = [
            textwrap.fill(c, 28 if breedte < 5 else 60, break_long_words=False)
            for c in grafiek.categorieen
        ]
        reeksen = grafiek.reeksen
        k = len(reeksen)
        gestapeld = grafiek.soort == "gestapeld"
        regels = sum(c.count("\n") + 1 for c in cats)
        per_cat = 0.25 if gestapeld else 0.06 + 0.11 * k
        # legend entries side by side when they fit the width (8 pt: ~0.075 in a character)
        naast = sum(len(r) + 4 for r in reeksen) * 0.075 <= breedte
        legenda = 0.0 if not (k > 1 or gestapeld) else (0.3 if naast else 0.08 + 0.17 * k)
        hoogte = 0.5 + legenda + max(regels * 0.15, len(cats) * per_cat)
        fig = Figure(figsize=(breedte, hoogte))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        y = np.arange(len(cats))
        kleuren = grafiek.kleuren or ((KLEUR_VORIGE, KLEUR_DEZE) if k == 2 else (KLEUR_DEZE,) * k)
        if gestapeld:
            links = np.zeros(len(cats))
            for j, reeks in enumerate(reeksen):
                w0 = np.nan_to_num(tabel[reeks].to_numpy(dtype=float))
                kleur = STAPEL_KLEUREN[j % len(STAPEL_KLEUREN)]
                ax.barh(y, w0, left=links, color=kleur, label=reeks, height=0.72)
                for yi, (li, wi) in enumerate(zip(links, w0, strict=True)):
                    if wi >= 15:  # room for "23 %" at 8 pt
                        ax.text(
                            li + wi / 2,
                            yi,
                            opmaak.getal(wi, "percentage", decimalen=0),
                            ha="center",
                            va="center",
                            fontsize=MIN_PT,
                            color="white" if j < 2 else "#1a1a1a",
                        )
                links = links + w0
            ax.set_xlim(0, 100)
        else:
            hoogte_staaf = 0.8 / k
            alle = tabel[reeksen].to_numpy(dtype=float)
            maximum = np.nanmax(np.abs(alle)) if np.isfinite(alle).any() else 1.0
            if not maximum > 0:  # all values 0: axis limits must still differ
                maximum = 1.0
            for j, reeks in enumerate(reeksen):
                w = tabel[reeks].to_numpy(dtype=float)
                pos = y - 0.4 + hoogte_staaf * (j + 0.5)
                ax.barh(
                    pos,
                    np.nan_to_num(w),
                    height=hoogte_staaf * 0.92,
                    color=kleuren[j % len(kleuren)],
                    label=reeks,
                )
                for p, wi in zip(pos, w, strict=True):
                    if np.isfinite(wi):
                        ax.text(
                            wi + (0.01 * maximum if wi >= 0 else -0.01 * maximum),
                            p,
                            waarde_tekst(wi, grafiek.eenheid),
                            va="center",
                            ha="left" if wi >= 0 else "right",
                            fontsize=MIN_PT,
                        )
            if grafiek.eenheid == "cijfer":
                ax.set_xlim(0, 10)
            elif grafiek.eenheid == "percentage":
                ax.set_xlim(0, 100.0 if maximum > 60 else 10 * np.ceil(maximum * 1.2 / 10))
            else:
                # room left of a negative bar for its label, clear of the category labels
                laag = min(0.0, np.nanmin(alle) - 0.3 * maximum) if np.isfinite(alle).any() else 0.0
                ax.set_xlim(laag, maximum * 1.15)
            ax.axvline(0, color="#666666", linewidth=0.6)
        ax.set_yticks(y, cats)
        ax.set_ylim(len(cats) - 0.5, -0.5)
        ax.xaxis.set_major_formatter(_as_formatter(grafiek.eenheid))
        ax.tick_params(axis="y", length=0)
        ax.tick_params(axis="x", labelsize=MIN_PT)
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
        boven = 1.0
        if legenda:
            handles, namen = ax.get_legend_handles_labels()
            fig.legend(
                handles,
                namen,
                ncols=len(namen) if naast else 1,
                loc="upper center",
                bbox_to_anchor=(0.5, 1.0),
                frameon=False,
                fontsize=MIN_PT,
                handlelength=1.2,
                columnspacing=1.2,
            )
            boven = 1 - legenda / hoogte
        fig.tight_layout(pad=0.3, rect=(0, 0, 1, boven))
        # tight_layout leaves a placeholder layout engine behind, and with any engine set
        # savefig draws the whole figure once more before drawing it for real; the layout
        # is done, so none is needed (the same SVG, in about two thirds of the time)
        fig.set_layout_engine(None)
        return fig
