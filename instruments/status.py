"""The status of an indicator row: *gemeten*, *niet gemeten* (with a reason) or *onderdrukt*.

Inside the suite the status is three columns (:data:`STATUS_KOLOMMEN`) beside the other
remarks in ``opmerking``; it becomes Dutch text only when ``indicatoren.csv`` is written.
That file keeps exactly its 15 contract columns (formats.md §6), so the status text goes
into ``opmerking``, in front of the other remarks:

- ``niet gemeten: <reden>``
- ``onderdrukt: <reden> (<<drempel>)``, e.g. ``onderdrukt: minder dan 5 respondenten (<5)``

This module is the one writer (:func:`status_tekst`, :func:`schrijf_csv`) and the one parser
(:func:`lees_opmerking`, :func:`met_status`) of that text; the parser is used where rows come
in as text: a saved baseline and the ``[historie]`` files. An instrument sets the columns
itself (:func:`instruments.onderdrukking.onderdruk`); its rows are never parsed.

Examples
--------
>>> status_tekst(ONDERDRUKT, "minder dan 5 respondenten", 5)
'onderdrukt: minder dan 5 respondenten (<5)'
>>> lees_opmerking("onderdrukt: minder dan 5 respondenten (<5); indicatief")
(Status(status='onderdrukt', reden='minder dan 5 respondenten', drempel=5), 'indicatief')
>>> lees_opmerking("niet gemeten: geen politiegegevens")
(Status(status='niet_gemeten', reden='geen politiegegevens', drempel=None), '')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

GEMETEN = "gemeten"
NIET_GEMETEN = "niet_gemeten"
ONDERDRUKT = "onderdrukt"
STATUSSEN = (GEMETEN, NIET_GEMETEN, ONDERDRUKT)
STATUS_KOLOMMEN = ["status", "reden", "drempel"]

#: Remarks are joined with this separator in ``opmerking``.
SCHEIDING = "; "

_ONDERDRUKT = re.compile(r"^onderdrukt: (?P<reden>.+?) \(<(?P<drempel>\d+)\)(?:; (?P<rest>.*))?$")
_NIET_GEMETEN = re.compile(r"^niet gemeten(?:: (?P<reden>.*?))?(?:; (?P<rest>.*))?$")


@dataclass(frozen=True)
class Status:
    """The status of one row: ``status`` one of :data:`STATUSSEN`.

    ``reden`` says why a row is not measured or suppressed (``minder dan 5 respondenten``);
    ``drempel`` is the suppression threshold (the published marker is ``<drempel>``).
    """

    status: str = GEMETEN
    reden: str = ""
    drempel: int | None = None

    def kolommen(self) -> dict[str, object]:
        """The row's :data:`STATUS_KOLOMMEN` (``drempel`` NaN without a threshold)."""
        return {
            "status": self.status,
            "reden": self.reden,
            "drempel": np.nan if self.drempel is None else float(self.drempel),
        }


def niet_gemeten(reden: str) -> Status:
    """The status of a kengetal that was not measured, with the reason in plain Dutch."""
    return Status(NIET_GEMETEN, str(reden or ""))


def onderdrukt(drempel: int, eenheid: str = "respondenten") -> Status:
    """The status of a small cell: fewer than ``drempel`` ``eenheid`` (``personen``, ...)."""
    return Status(ONDERDRUKT, f"minder dan {int(drempel)} {eenheid}", int(drempel))


def status_tekst(status: str, reden: str = "", drempel: float | None = None) -> str:
    """The Dutch text of a status (empty for *gemeten*): the one writer.

    Raises
    ------
    ValueError
        On an unknown status, or a suppressed row without a threshold (a bug, not an input
        error: the published marker ``<drempel>`` would be missing).
    """
    if status == GEMETEN or status == "" or status is None:
        return ""
    reden = "" if reden is None or (isinstance(reden, float) and np.isnan(reden)) else reden
    if status == NIET_GEMETEN:
        return f"niet gemeten: {reden}" if reden else "niet gemeten"
    if status == ONDERDRUKT:
        if drempel is None or pd.isna(drempel):
            raise ValueError(f"onderdrukte rij zonder drempel ({reden!r})")
        return f"onderdrukt: {reden} (<{int(drempel)})"
    raise ValueError(f"onbekende status {status!r}; verwacht een van {STATUSSEN}")


def onderdrukt_merk(drempel: float | None) -> str:
    """The published marker of a suppressed cell (``<5``), or ``""`` without a threshold."""
    return "" if drempel is None or pd.isna(drempel) else f"<{int(drempel)}"


def voeg_toe(opmerking: str, *extra: str) -> str:
    """``opmerking`` with the non-empty ``extra`` remarks appended (``; `` between)."""
    return SCHEIDING.join(t for t in (opmerking, *extra) if isinstance(t, str) and t)


def lees_opmerking(tekst: object) -> tuple[Status, str]:
    """Split a written ``opmerking`` into its status and the other remarks: the one parser.

    The status text stands in front (as :func:`schrijf_csv` writes it); a *niet gemeten*
    reason runs to the first ``; ``. ``schrijf_opmerking(*lees_opmerking(t)) == t``.
    """
    t = "" if tekst is None or (isinstance(tekst, float) and np.isnan(tekst)) else str(tekst)
    m = _ONDERDRUKT.match(t)
    if m:
        return Status(ONDERDRUKT, m["reden"], int(m["drempel"])), m["rest"] or ""
    m = _NIET_GEMETEN.match(t)
    if m:
        return Status(NIET_GEMETEN, m["reden"] or ""), m["rest"] or ""
    return Status(), t


def schrijf_opmerking(status: Status, rest: str = "") -> str:
    """The written ``opmerking``: the status text, then the other remarks."""
    return voeg_toe(status_tekst(status.status, status.reden, status.drempel), rest)


def met_status(rijen: pd.DataFrame) -> pd.DataFrame:
    """Rows with their status as columns, parsed from the written ``opmerking``.

    Used where rows come in as text (a saved ``indicatoren.csv``). Rows that already have
    the status columns (an instrument's rows) are returned unchanged.
    """
    if "status" in rijen.columns:
        return rijen
    uit = rijen.copy()
    gelezen = [lees_opmerking(t) for t in uit["opmerking"].to_numpy(dtype=object)]
    uit["status"] = pd.Series([s.status for s, _ in gelezen], index=uit.index, dtype=object)
    uit["reden"] = pd.Series([s.reden for s, _ in gelezen], index=uit.index, dtype=object)
    uit["drempel"] = pd.Series(
        [np.nan if s.drempel is None else float(s.drempel) for s, _ in gelezen],
        index=uit.index,
        dtype=float,
    )
    uit["opmerking"] = pd.Series([r for _, r in gelezen], index=uit.index, dtype=object)
    return uit


def geschreven_opmerking(tabel: pd.DataFrame) -> pd.Series:
    """The ``opmerking`` column as written: status text plus the other remarks, per row."""
    if "status" not in tabel.columns:
        return tabel["opmerking"].fillna("").astype(object)
    return pd.Series(
        [
            voeg_toe(status_tekst(s, r, d), "" if pd.isna(o) else str(o))
            for s, r, d, o in zip(
                tabel["status"], tabel["reden"], tabel["drempel"], tabel["opmerking"], strict=True
            )
        ],
        index=tabel.index,
        dtype=object,
    )


def schrijf_csv(tabel: pd.DataFrame, kolommen: list[str]) -> pd.DataFrame:
    """The table as written: ``kolommen`` only, the status turned into ``opmerking`` text."""
    uit = tabel.copy()
    uit["opmerking"] = geschreven_opmerking(tabel)
    return uit[kolommen].reset_index(drop=True)


# -- reasons of *niet gemeten* in plain Dutch ------------------------------------------------
#: What a config section brings, for a reason a reader understands without the config.
SECTIE_GEGEVENS = {
    "registratie": "registratiegegevens (het registratie-extract uit GCOS)",
    "vragenlijst": "antwoorden op de vragenlijst onder professionals",
    "casusanalyse": "casusanalyses",
    "recidive": "politiegegevens",
}
_SECTIE = re.compile(r"\[(registratie|vragenlijst|casusanalyse|recidive)\]")


def leesbare_reden(reden: str) -> str:
    """A reason of *niet gemeten* in plain Dutch, with the technical detail in brackets.

    A reason that names missing config sections (``geen sectie [recidive] in de config``)
    says which data were not given; other reasons are kept as the instrument wrote them.

    Examples
    --------
    >>> leesbare_reden("geen sectie [recidive] in de config: geen politiegegevens gegeven")
    'er zijn geen politiegegevens opgegeven (sectie [recidive] in de config)'
    """
    tekst = str(reden or "").strip().rstrip(".")
    if not tekst:
        return "het instrument gaf geen uitkomsten"
    secties = [
        sectie
        for sectie in dict.fromkeys(_SECTIE.findall(tekst))
        if re.search(
            rf"geen (sectie )?\[{sectie}\]|geen [\w-]+ \(\[{sectie}\]\)|"
            rf"\[{sectie}\] ontbreekt",
            tekst,
            flags=re.IGNORECASE,
        )
    ]
    if not secties:
        return tekst[:1].lower() + tekst[1:] if tekst[:2] != tekst[:2].upper() else tekst
    wat = " en geen ".join(SECTIE_GEGEVENS[s] for s in secties)
    namen = " en ".join(f"[{s}]" for s in secties)
    woord = "sectie" if len(secties) == 1 else "secties"
    return f"er zijn geen {wat} opgegeven ({woord} {namen} in de config)"
