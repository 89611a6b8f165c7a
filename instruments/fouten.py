"""The suite's one exception for bad input.

Every reader raises :class:`InvoerFout` for a problem in a user's file or config. The command
line prints its message (Dutch: file, problem, fix) and exits with code 2, without a
traceback. Anything else that goes wrong is a bug (exit code 1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas loads only when a table is made: `--help` stays fast
    import pandas as pd

AFGEWEZEN_KOLOMMEN = ["bestand", "rij", "kolom", "waarde", "reden"]


def lege_afgewezen() -> pd.DataFrame:
    """An empty table of rejected rows with the contract's columns."""
    import pandas as pd

    return pd.DataFrame({k: pd.Series(dtype="object") for k in AFGEWEZEN_KOLOMMEN})


class InvoerFout(Exception):
    """A user's input cannot be used.

    Parameters
    ----------
    melding : str
        One Dutch message that names the file (and row/column where it applies), what is
        wrong, what is allowed, and how to fix it.
    afgewezen : pandas.DataFrame, optional
        All failures found (columns ``bestand, rij, kolom, waarde, reden``), collected
        lazily so that the user sees every problem at once.
    """

    def __init__(self, melding: str, *, afgewezen: pd.DataFrame | None = None):
        super().__init__(melding)
        self.melding = melding
        self._afgewezen = afgewezen

    @property
    def afgewezen(self) -> pd.DataFrame:
        """All failures found (an empty table when none were collected)."""
        if self._afgewezen is None:
            self._afgewezen = lege_afgewezen()
        return self._afgewezen

    @afgewezen.setter
    def afgewezen(self, waarde: pd.DataFrame) -> None:
        self._afgewezen = waarde

    def __str__(self) -> str:
        return self.melding
