"""Rejected-row bookkeeping: the afgewezen rows of a file and its Bestandsverslag.

Part of :mod:`instruments.lezen` (which re-exports these names): every row that is
not used is named with file, row, column, value and reason, and
``rijen_gelezen == rijen_gebruikt + rijen_afgewezen`` is checked per file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from instruments.fouten import AFGEWEZEN_KOLOMMEN, InvoerFout, lege_afgewezen


def afwijzingen(
    df: pd.DataFrame,
    masker: pd.Series,
    *,
    bestand: str,
    kolom: str,
    reden: str,
    waarde_kolom: str | None = None,
) -> pd.DataFrame:
    """Rejected-row records for the rows where ``masker`` is True.

    Parameters
    ----------
    df : pandas.DataFrame
        A table from :func:`lees_tabel` (needs ``_rij``).
    masker : pandas.Series of bool
        Rows to reject.
    bestand, kolom, reden : str
        File name, canonical column (shown as the header in the file when known) and the
        Dutch reason.
    waarde_kolom : str, optional
        Column whose value is reported (default ``kolom``).

    Returns
    -------
    pandas.DataFrame
        Columns ``bestand, rij, kolom, waarde, reden``.
    """
    masker = masker.fillna(False).astype(bool)
    if not masker.any():
        return lege_afgewezen()
    koppen = df.attrs.get("koppen", {})
    bron = waarde_kolom or kolom
    waarden = df.loc[masker, bron] if bron in df else pd.Series(None, index=df.index[masker])
    return pd.DataFrame(
        {
            "bestand": bestand,
            "rij": df.loc[masker, "_rij"].astype(int).to_numpy(),
            "kolom": koppen.get(kolom, kolom),
            "waarde": [_waarde_tekst(w) for w in waarden],
            "reden": reden,
        },
        columns=AFGEWEZEN_KOLOMMEN,
    )


def _waarde_tekst(w: object) -> str:
    if w is None or w is pd.NaT or (isinstance(w, float) and np.isnan(w)):
        return ""
    if isinstance(w, (pd.Timestamp, dt.datetime)):
        return w.strftime("%d-%m-%Y")
    return str(w)


def eerste_afwijzing(
    df: pd.DataFrame, regels: list[tuple[pd.Series, str, str]], *, bestand: str
) -> tuple[pd.DataFrame, pd.Series]:
    """Reject each row for the first rule it breaks, in the order given.

    Parameters
    ----------
    df : pandas.DataFrame
        A table from :func:`lees_tabel` (needs ``_rij``).
    regels : list of (masker, kolom, reden)
        Rules in order of precedence; ``masker`` is True where the row breaks the rule.
    bestand : str
        File name for the records.

    Returns
    -------
    afgewezen : pandas.DataFrame
        One record per rejected row (``bestand, rij, kolom, waarde, reden``), by row number.
    afgewezen_masker : pandas.Series of bool
        True for the rejected rows.
    """
    al = pd.Series(False, index=df.index)
    delen = []
    for masker, kolom, reden in regels:
        nieuw = masker.fillna(False).astype(bool) & ~al
        if nieuw.any():
            delen.append(afwijzingen(df, nieuw, bestand=bestand, kolom=kolom, reden=reden))
        al |= nieuw
    if not delen:
        return lege_afgewezen(), al
    tabel = pd.concat(delen, ignore_index=True)
    return tabel.sort_values("rij", kind="stable", ignore_index=True), al


@dataclass
class Bestandsverslag:
    """What happened to one input file (a row of the Verantwoording).

    The invariant ``rijen_gelezen == rijen_gebruikt + rijen_afgewezen`` is checked on
    creation: nothing is ever lost silently.
    """

    instrument: str
    bestand: str
    sha256: str
    rijen_gelezen: int
    rijen_gebruikt: int
    rijen_afgewezen: int
    opmerking: str = ""

    def __post_init__(self) -> None:
        if self.rijen_gelezen != self.rijen_gebruikt + self.rijen_afgewezen:
            raise RuntimeError(
                f"{self.bestand}: telling klopt niet: gelezen {self.rijen_gelezen} != gebruikt "
                f"{self.rijen_gebruikt} + afgewezen {self.rijen_afgewezen}"
            )


def controleer_afwijzingen(
    verslag: Bestandsverslag, max_pct: float, afgewezen: pd.DataFrame
) -> None:
    """Stop the run when more than ``max_pct`` % of a file's rows were rejected.

    Raises
    ------
    InvoerFout
        With the share rejected, the most frequent reasons, and the fix; ``afgewezen``
        travels with it so that ``afgewezen.csv`` can still be written.
    """
    if verslag.rijen_gelezen == 0:
        return
    pct = 100 * verslag.rijen_afgewezen / verslag.rijen_gelezen
    if pct > max_pct:
        eigen = afgewezen[afgewezen["bestand"] == verslag.bestand]
        redenen = eigen.drop_duplicates(["rij"])["reden"].value_counts().head(3)
        uitleg = "; ".join(f"{r} ({n}x)" for r, n in redenen.items())
        raise InvoerFout(
            f"{verslag.bestand}: {verslag.rijen_afgewezen} van {verslag.rijen_gelezen} rijen "
            f"afgewezen ({pct:.1f}%), meer dan de toegestane {max_pct:g}%. Meest voorkomend: "
            f"{uitleg}. Zie afgewezen.csv voor elke rij; herstel het bestand of verhoog "
            "[publicatie] max_afgewezen_pct als dit verantwoord is.",
            afgewezen=afgewezen,
        )
