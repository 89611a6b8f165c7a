"""Small-cell suppression: the one rule, its text, and the function that applies it.

methods.md: every published count or rate resting on fewer than ``minimale_celgrootte``
persons (``[publicatie]``, default 10; the questionnaire uses its own, smaller threshold for
respondents) is suppressed. A suppressed cell is empty (its value and its count: the exact
small count is not published either) and its ``opmerking`` names the threshold, e.g.
``"onderdrukt: minder dan 10 personen (<10)"``.

The rule (:func:`klein`): a cell is small when its base ``n`` is below the threshold. Where a
table publishes a plain count (the cohort flow, the number still followed in Kaplan-Meier,
the matched group sizes), a count of zero is published: it identifies nobody
(``leeg_publiceren=True``). Secondary suppression (:func:`een_klein`): when exactly one of a
set of groups is small but not empty, a total or a sibling group would reveal it by
subtraction, so that one is suppressed too (the callers choose which).

Every tool uses these functions; :func:`instruments.resultaat.onderdruk` is a re-export.
On indicator rows the status is set as columns (:func:`onderdrukt_status`, a
:class:`~instruments.status.Status`); it becomes text only when ``indicatoren.csv`` is
written (:func:`instruments.status.schrijf_csv`). Other tables (details, verslagen) get the
text in their ``opmerking`` directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from instruments.status import (
    GEMETEN,
    ONDERDRUKT,
    STATUS_KOLOMMEN,
    Status,
    onderdrukt,
    schrijf_opmerking,
)

__all__ = [
    "REGEL",
    "afgeleid_status",
    "afgeleid_tekst",
    "drempel_zin",
    "een_klein",
    "klein",
    "onderdruk",
    "onderdruk_tekst",
    "onderdrukt_status",
]

#: The rule in one sentence, for a methods text that names no threshold (the thresholds are
#: in the written settings).
REGEL = "Cellen onder de minimale celgrootte zijn onderdrukt"

#: What a threshold counts, as written in the texts.
EENHEDEN = ("personen", "respondenten")


def _eenheid(eenheid: str) -> str:
    if eenheid not in EENHEDEN:
        raise ValueError(f"onbekende eenheid voor onderdrukking: {eenheid!r}")
    return eenheid


def onderdrukt_status(drempel: int, eenheid: str = "personen") -> Status:
    """The status of a small cell: fewer than ``drempel`` ``eenheid``.

    Examples
    --------
    >>> onderdrukt_status(5, "respondenten")
    Status(status='onderdrukt', reden='minder dan 5 respondenten', drempel=5)
    """
    return onderdrukt(drempel, _eenheid(eenheid))


def afgeleid_status(drempel: int) -> Status:
    """The status of a cell suppressed because it would reveal a small group (secondary
    suppression)."""
    return Status(
        ONDERDRUKT,
        f"zou samen met de andere groep een groep van minder dan {int(drempel)} personen "
        "herleidbaar maken",
        int(drempel),
    )


def onderdruk_tekst(drempel: int, eenheid: str = "personen") -> str:
    """The ``opmerking`` of a suppressed cell.

    Parameters
    ----------
    drempel : int
        The minimum cell size.
    eenheid : {"personen", "respondenten"}
        What the cell counts.

    Examples
    --------
    >>> onderdruk_tekst(10)
    'onderdrukt: minder dan 10 personen (<10)'
    >>> onderdruk_tekst(5, "respondenten")
    'onderdrukt: minder dan 5 respondenten (<5)'
    """
    return schrijf_opmerking(onderdrukt_status(drempel, eenheid))


def afgeleid_tekst(drempel: int) -> str:
    """The ``opmerking`` of a cell suppressed because it would reveal a small group
    (secondary suppression).

    Examples
    --------
    >>> afgeleid_tekst(10)[:43]
    'onderdrukt: zou samen met de andere groep e'
    """
    return schrijf_opmerking(afgeleid_status(drempel))


def drempel_zin(drempel: int, eenheid: str = "personen") -> str:
    """The rule in a sentence for a toelichting (no capital, no full stop).

    Examples
    --------
    >>> drempel_zin(10)
    'minder dan 10 personen zijn onderdrukt (<10)'
    """
    return f"minder dan {drempel} {_eenheid(eenheid)} zijn onderdrukt (<{drempel})"


def klein(n: object, drempel: int, *, leeg_publiceren: bool = False) -> object:
    """Whether a cell with base ``n`` is suppressed: ``n < drempel``.

    Parameters
    ----------
    n : number, array-like or pandas.Series
        The base (persons or respondents) of each cell. A missing ``n`` is not small.
    drempel : int
        The minimum cell size.
    leeg_publiceren : bool, default False
        For plain counts: a count of zero is published (not small).

    Returns
    -------
    bool, numpy.ndarray or pandas.Series
        Same shape as ``n`` (a Series keeps its index).

    Examples
    --------
    >>> klein(4, 5), klein(5, 5), klein(0, 5), klein(0, 5, leeg_publiceren=True)
    (True, False, True, False)
    """
    if np.ndim(n) == 0:
        waarde = float(n)  # type: ignore[arg-type]
        if np.isnan(waarde):
            return False
        return bool(waarde < drempel and (waarde > 0 or not leeg_publiceren))
    reeks = n if isinstance(n, pd.Series) else pd.Series(np.asarray(n, dtype=float))
    reeks = pd.to_numeric(reeks).astype(float)
    uit = reeks < drempel
    if leeg_publiceren:
        uit &= reeks > 0
    return uit if isinstance(n, pd.Series) else uit.to_numpy()


def een_klein(n: Iterable[float], drempel: int) -> bool:
    """Whether exactly one of the groups is small but not empty: then a total or a sibling
    would reveal it by subtraction (secondary suppression).

    Examples
    --------
    >>> een_klein([3, 40, 50], 10), een_klein([3, 4, 50], 10), een_klein([0, 40], 10)
    (True, False, False)
    """
    return sum(bool(klein(x, drempel, leeg_publiceren=True)) for x in n) == 1


def onderdruk(
    rijen: pd.DataFrame,
    masker: pd.Series | np.ndarray,
    opmerking: str | Status,
    kolommen: Sequence[str] = ("waarde", "n"),
) -> pd.DataFrame:
    """Suppress cells: empty ``kolommen``; the status in its columns, or the reason as text.

    Parameters
    ----------
    rijen : pandas.DataFrame
        The table (indicator rows by default).
    masker : pandas.Series or numpy.ndarray of bool
        The rows to suppress (missing counts as False), e.g. from :func:`klein`.
    opmerking : Status or str
        For indicator rows the status (:func:`onderdrukt_status`): it is set in the columns
        :data:`~instruments.status.STATUS_KOLOMMEN` (added as *gemeten* where absent) and
        the row's ``opmerking`` is emptied (the writer puts the status text there).
        For other tables the text, naming the threshold (:func:`onderdruk_tekst`). A table
        without an ``opmerking`` column gets one (``""`` for the rows that are published).
    kolommen : sequence of str, default ("waarde", "n")
        The cells to empty (the value and its base: the exact small count is not
        published either).

    Returns
    -------
    pandas.DataFrame
        A copy.
    """
    uit = rijen.copy()
    if isinstance(masker, pd.Series):
        masker = masker.fillna(False).astype(bool)
    else:
        masker = np.asarray(masker, dtype=bool)
    if "opmerking" not in uit.columns:
        uit["opmerking"] = ""
    uit.loc[masker, list(kolommen)] = np.nan
    if isinstance(opmerking, Status):
        if "status" not in uit.columns:
            uit["status"], uit["reden"], uit["drempel"] = GEMETEN, "", np.nan
        for k in STATUS_KOLOMMEN[:2]:
            uit[k] = uit[k].astype(object)
        uit["drempel"] = uit["drempel"].astype(float)
        uit.loc[masker, "status"] = opmerking.status
        uit.loc[masker, "reden"] = opmerking.reden
        uit.loc[masker, "drempel"] = np.nan if opmerking.drempel is None else opmerking.drempel
        uit.loc[masker, "opmerking"] = ""
    else:
        uit.loc[masker, "opmerking"] = opmerking
    return uit
