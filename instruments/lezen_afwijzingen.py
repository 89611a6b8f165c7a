"""Rejected-row bookkeeping: the afgewezen rows of a file and its Bestandsverslag.

Part of :mod:`instruments.lezen` (which re-exports these names): every row that is
not used is named with file, row, column, value and reason, and
``rijen_gelezen == rijen_gebruikt + rijen_afgewezen`` is checked per file.
:class:`Foutentabel` is the one collector the readers record their failures in (rows by
mask or index, cells of a workbook), with the one rejection threshold.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
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


def _eerste(
    df: pd.DataFrame, regels: list[tuple[pd.Series, str, str]], *, bestand: str
) -> tuple[list[pd.DataFrame], pd.Series]:
    """The records per rule (first rule wins, rules in order) and the mask of all of them."""
    al = pd.Series(False, index=df.index)
    delen = []
    for masker, kolom, reden in regels:
        nieuw = masker.fillna(False).astype(bool) & ~al
        if nieuw.any():
            delen.append(afwijzingen(df, nieuw, bestand=bestand, kolom=kolom, reden=reden))
        al |= nieuw
    return delen, al


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

    The check of :meth:`Foutentabel.controleer_drempel` for a verslag and a table built
    elsewhere: ``verslag.rijen_afgewezen`` counts, the reasons are those of the file's rows.

    Raises
    ------
    InvoerFout
        With the share rejected, the most frequent reasons, and the fix; ``afgewezen``
        travels with it so that ``afgewezen.csv`` can still be written.
    """

    def redenen() -> pd.Series:
        eigen = afgewezen[afgewezen["bestand"] == verslag.bestand]
        return eigen.drop_duplicates(["rij"])["reden"]

    _drempel(
        verslag.bestand,
        verslag.rijen_afgewezen,
        verslag.rijen_gelezen,
        max_pct,
        redenen,
        lambda: afgewezen,
    )


def toon_cel(waarde: object) -> str:
    """A cell value as shown in a record: ``""`` for None, a date as dd-mm-jjjj, else ``str``."""
    if waarde is None:
        return ""
    if isinstance(waarde, (dt.datetime, pd.Timestamp)):
        return waarde.strftime("%d-%m-%Y")
    return str(waarde)


def _drempel(
    bestand: str,
    n: int,
    gelezen: int,
    max_pct: float | None,
    redenen: Callable[[], pd.Series],
    afgewezen: Callable[[], pd.DataFrame],
    *,
    wat: str = "rijen afgewezen",
    toelichting: str = "",
    per: str = "rij",
    herstel: str = "herstel het bestand",
) -> None:
    """The one rejection threshold: raise when ``n`` of ``gelezen`` is more than ``max_pct`` %.

    ``redenen`` gives the reason of every counted record (the three most frequent are named);
    ``afgewezen`` the table that travels with the :class:`InvoerFout`. Both are only built
    when the threshold is passed.
    """
    if max_pct is None or gelezen == 0:
        return
    pct = 100 * n / gelezen
    if pct > max_pct:
        uitleg = "; ".join(f"{r} ({k}x)" for r, k in redenen().value_counts().head(3).items())
        raise InvoerFout(
            f"{bestand}: {n} van {gelezen} {wat} ({pct:.1f}%){toelichting}, meer dan de "
            f"toegestane {max_pct:g}%. Meest voorkomend: {uitleg}. Zie afgewezen.csv voor elke "
            f"{per}; {herstel} of verhoog [publicatie] max_afgewezen_pct als dit verantwoord is.",
            afgewezen=afgewezen(),
        )


class Foutentabel:
    """All failures of one file, collected lazily: ``bestand, rij, kolom, waarde, reden``.

    The one collector of rejected rows and cells for every reader (in the style of pandera's
    lazy ``failure_cases``): a reader records every failure it finds and asks at the end
    for the table (:meth:`tabel`), the :class:`Bestandsverslag` (:meth:`verslag`) and the
    rejection threshold (:meth:`controleer_drempel`). Rows are recorded a whole block at a
    time (a mask or an index), so a large file costs no Python object per row.

    Every record carries two flags:

    - ``hele_rij``: the row is not used (it counts in ``rijen_afgewezen``); False for a
      rejected cell of a row that is still used (the surveytool's invalid answers);
    - ``drempel``: the record counts towards the threshold; False for failures that lose no
      information (a duplicate row, a respondent who answered nothing).

    Parameters
    ----------
    bestand : str
        The file name in the records (may be changed until :meth:`tabel` for cell records,
        e.g. when the name itself must not be shown).
    op_rij : bool
        :meth:`tabel` sorted by row number (stable); False keeps the order found.

    Examples
    --------
    >>> ft = Foutentabel("x.csv", op_rij=False)
    >>> ft.cel("Casus", "B5", "Jan", "niet toegestaan")
    >>> ft.tabel()[["rij", "kolom", "waarde"]].to_dict("records")
    [{'rij': 5, 'kolom': 'Casus!B', 'waarde': 'Jan'}]
    """

    def __init__(self, bestand: str, *, op_rij: bool = True):
        self.bestand = bestand
        self.op_rij = op_rij
        # per block: a table of records or a list of cells (blad, cel, waarde, reden), and
        # the flags hele_rij and drempel
        self._delen: list[tuple[pd.DataFrame | list[tuple[str, str, str, str]], bool, bool]] = []

    # -- recording --------------------------------------------------------------------------
    def deel(self, tabel: pd.DataFrame, *, hele_rij: bool = True, drempel: bool = True) -> None:
        """Record a block of records built elsewhere (columns ``AFGEWEZEN_KOLOMMEN``)."""
        if len(tabel):
            self._delen.append((tabel, hele_rij, drempel))

    def regel(
        self,
        df: pd.DataFrame,
        masker: pd.Series,
        kolom: str,
        reden: str,
        *,
        waarde_kolom: str | None = None,
        hele_rij: bool = True,
        drempel: bool = True,
    ) -> None:
        """Record every row of ``df`` where ``masker`` is True (see :func:`afwijzingen`)."""
        self.deel(
            afwijzingen(
                df,
                masker,
                bestand=self.bestand,
                kolom=kolom,
                reden=reden,
                waarde_kolom=waarde_kolom,
            ),
            hele_rij=hele_rij,
            drempel=drempel,
        )

    def regels(
        self,
        df: pd.DataFrame,
        regels: list[tuple[pd.Series, str, str]],
        *,
        hele_rij: bool = True,
        drempel: bool = True,
    ) -> pd.Series:
        """Record each row for the first rule it breaks, in the order given.

        Parameters
        ----------
        df : pandas.DataFrame
            A table from :func:`lees_tabel` (needs ``_rij``).
        regels : list of (masker, kolom, reden)
            Rules in order of precedence; ``masker`` is True where the row breaks the rule.

        Returns
        -------
        pandas.Series of bool
            True for the rows recorded (the rows of ``df`` not used).
        """
        delen, al = _eerste(df, regels, bestand=self.bestand)
        for tabel in delen:
            self.deel(tabel, hele_rij=hele_rij, drempel=drempel)
        return al

    def rijen(
        self,
        rijen: pd.Index | np.ndarray,
        kolom: str,
        waarden: pd.Series,
        reden: str,
        *,
        tekst: Callable[[pd.Series], pd.Series] | None = None,
        hele_rij: bool = True,
        drempel: bool = True,
    ) -> None:
        """Record explicit rows (or cells): row numbers as Excel shows them, the header shown.

        ``tekst`` turns the values into the text written (default :func:`toon_cel`), e.g.
        with the redaction of answers (:func:`instruments.privacy.redigeer`).
        """
        getoond = tekst(waarden) if tekst is not None else waarden.map(toon_cel)
        self.deel(
            pd.DataFrame(
                {
                    "bestand": self.bestand,
                    "rij": np.asarray(rijen, dtype=int),
                    "kolom": kolom,
                    "waarde": getoond.to_numpy(dtype=object),
                    "reden": reden,
                },
                columns=AFGEWEZEN_KOLOMMEN,
            ),
            hele_rij=hele_rij,
            drempel=drempel,
        )

    def cel(
        self,
        blad: str,
        cel: str,
        waarde: object,
        reden: str,
        *,
        hele_rij: bool = True,
        drempel: bool = True,
    ) -> None:
        """Record one cell of a workbook: ``rij`` from the cell, ``kolom`` as ``Blad!C``.

        ``cel`` is the cell as Excel names it (``"C5"``), or ``""`` for a problem of the
        whole sheet or file (``rij`` then empty).
        """
        if self._delen and isinstance(self._delen[-1][0], list):
            laatste, h, d = self._delen[-1]
            if (h, d) == (hele_rij, drempel):
                laatste.append((blad, cel, toon_cel(waarde), reden))
                return
        self._delen.append(([(blad, cel, toon_cel(waarde), reden)], hele_rij, drempel))

    # -- reading back -----------------------------------------------------------------------
    def __len__(self) -> int:
        """The number of records (rows and cells)."""
        return sum(len(deel) for deel, _, _ in self._delen)

    @property
    def cellen(self) -> list[tuple[str, str, str, str]]:
        """The cell records as ``(blad, cel, waarde, reden)``, in the order found."""
        return [c for deel, _, _ in self._delen if isinstance(deel, list) for c in deel]

    def _tabel(self, deel: pd.DataFrame | list[tuple[str, str, str, str]]) -> pd.DataFrame:
        if not isinstance(deel, list):
            return deel
        records = []
        for blad, cel, waarde, reden in deel:
            getal = re.search(r"(\d+)$", cel)
            letters = re.match(r"([A-Z]+)", cel)
            records.append(
                {
                    "bestand": self.bestand,
                    "rij": float(getal.group(1)) if getal else np.nan,
                    "kolom": f"{blad}!{letters.group(1)}" if letters else blad,
                    "waarde": waarde,
                    "reden": reden,
                }
            )
        tabel = pd.DataFrame(records, columns=AFGEWEZEN_KOLOMMEN)
        tabel["rij"] = tabel["rij"].astype("Int64")  # empty for whole-file problems
        return tabel

    def _gevonden(self, *, drempel: bool | None = None) -> pd.DataFrame:
        """The records in the order found (only those with flag ``drempel`` when given)."""
        delen = [self._tabel(deel) for deel, _, d in self._delen if drempel is None or d == drempel]
        if not delen:
            return lege_afgewezen()
        return pd.concat(delen, ignore_index=True)[AFGEWEZEN_KOLOMMEN]

    def tabel(self) -> pd.DataFrame:
        """All records (``AFGEWEZEN_KOLOMMEN``): by row number (stable) or in the order found."""
        tabel = self._gevonden()
        if self.op_rij and len(tabel):
            tabel = tabel.sort_values("rij", kind="stable", ignore_index=True)
        return tabel

    def _rijnummers(self, *, hele_rij: bool | None = None, drempel: bool | None = None):
        nummers = [
            self._tabel(deel)["rij"].dropna().to_numpy(dtype="int64")
            for deel, h, d in self._delen
            if (hele_rij is None or h == hele_rij) and (drempel is None or d == drempel)
        ]
        return pd.unique(np.concatenate(nummers)) if nummers else np.array([], dtype="int64")

    @property
    def afgewezen_rijen(self) -> np.ndarray:
        """The distinct row numbers not used (records with ``hele_rij``)."""
        return self._rijnummers(hele_rij=True)

    @property
    def rijen_afgewezen(self) -> int:
        """The number of distinct rows not used (records with ``hele_rij``)."""
        return len(self.afgewezen_rijen)

    def verslag(
        self,
        *,
        instrument: str,
        sha256: str,
        rijen_gelezen: int,
        rijen_gebruikt: int,
        opmerking: str = "",
    ) -> Bestandsverslag:
        """The :class:`Bestandsverslag` of the file; checks gelezen == gebruikt + afgewezen."""
        return Bestandsverslag(
            instrument=instrument,
            bestand=self.bestand,
            sha256=sha256,
            rijen_gelezen=rijen_gelezen,
            rijen_gebruikt=rijen_gebruikt,
            rijen_afgewezen=self.rijen_afgewezen,
            opmerking=opmerking,
        )

    def controleer_drempel(
        self,
        max_pct: float | None,
        *,
        rijen_gelezen: int,
        per: str = "rij",
        wat: str = "rijen afgewezen",
        toelichting: str = "",
        herstel: str = "herstel het bestand",
    ) -> None:
        """Stop the run when the rows with a counted failure are more than ``max_pct`` %.

        Counted are the distinct rows of the records with ``drempel`` (a row with a rejected
        cell included). ``None`` or an empty file never stops.

        Parameters
        ----------
        max_pct : float or None
            ``[publicatie] max_afgewezen_pct``.
        rijen_gelezen : int
            The rows (respondents) read.
        per : {"rij", "cel"}
            The most frequent reasons are counted once per row (its first failure) or once
            per record; also the word in "Zie afgewezen.csv voor elke ...".
        wat, toelichting, herstel : str
            The Dutch message: "{n} van {gelezen} {wat} ({pct}%){toelichting}, ...;
            {herstel} of verhoog [publicatie] max_afgewezen_pct ...".

        Raises
        ------
        InvoerFout
            With the share, the most frequent reasons and the fix; ``afgewezen`` holds the
            records found so far, in the order found (``afgewezen.csv`` of the stopped run).
        ValueError
            When ``per`` is neither ``"rij"`` nor ``"cel"`` (a bug, not bad input).
        """
        if per not in ("rij", "cel"):
            raise ValueError(f"per moet 'rij' of 'cel' zijn, niet {per!r}")

        def redenen() -> pd.Series:
            geteld = self._gevonden(drempel=True)
            if per == "rij":
                geteld = geteld.drop_duplicates(["rij"])
            return geteld["reden"]

        _drempel(
            self.bestand,
            len(self._rijnummers(drempel=True)),
            rijen_gelezen,
            max_pct,
            redenen,
            self._gevonden,
            wat=wat,
            toelichting=toelichting,
            per=per,
            herstel=herstel,
        )
