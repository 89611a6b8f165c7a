"""Checks ("controles"): the trust gates between reading and computing.

Every figure that rests on a match (ids across files, values against a vocabulary, this
meting against the previous) is measured, and the measurement is kept as data: one
:class:`Controle` record per check, passed checks too. A check with status ``stop`` ends
the run with exit code 2 (:class:`ControleStop`, an :class:`~instruments.fouten.InvoerFout`);
a ``waarschuwing`` is carried to the affected kengetallen's ``opmerking``, the
verantwoording, the workbook sheet *Controles*, the factsheet's "Let op" box and one Dutch
line on stderr.

The settings live in the config's ``[controles]`` section; their defaults are
:data:`STANDAARD` (methods.md, *Checks*).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from instruments.config_model import Controles
from instruments.fouten import InvoerFout

OK, WAARSCHUWING, STOP = "ok", "waarschuwing", "stop"
STATUSSEN = (OK, WAARSCHUWING, STOP)

#: Defaults of the ``[controles]`` section of the config (methods.md, *Checks*).
STANDAARD: dict[str, object] = Controles().als_dict()  # declared once: [controles] model

CONTROLE_KOLOMMEN = [
    "meting",
    "controle",
    "bestand",
    "status",
    "waarde",
    "eenheid",
    "drempel",
    "melding",
    "oplossing",
    "kengetallen",
]


@dataclass(frozen=True)
class Controle:
    """The result of one check.

    Parameters
    ----------
    controle : str
        Short Dutch name of the check, e.g. ``"koppeling politie"``.
    bestand : str
        The file (or files, joined by `` + ``) the check is about; empty for a check of
        the meting as a whole.
    status : {"ok", "waarschuwing", "stop"}
    waarde : float
        The figure the verdict rests on (a percentage, a count); NaN when not applicable.
    melding : str
        One Dutch sentence for the user: what was measured and what it means.
    oplossing : str
        What the user can do about it (empty for a passed check).
    kengetallen : tuple of str
        The kengetallen whose figures the check concerns (for the ``opmerking``).
    eenheid : str
        The unit of ``waarde``: ``"%"``, ``"rijen"``, ``"personen"``, ...
    drempel : float
        The threshold the figure was held against (NaN when none).
    meting : str
        The meting's name (filled in by the wiring).
    """

    controle: str
    bestand: str
    status: str
    waarde: float = math.nan
    melding: str = ""
    oplossing: str = ""
    kengetallen: tuple[str, ...] = field(default_factory=tuple)
    eenheid: str = ""
    drempel: float = math.nan
    meting: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSSEN:
            raise ValueError(f"onbekende status {self.status!r}; kies uit {STATUSSEN}")
        object.__setattr__(self, "kengetallen", tuple(self.kengetallen))

    def met_meting(self, meting: str) -> Controle:
        """The same record, marked with the meting it belongs to."""
        if self.meting:
            return self
        return Controle(**{**self.__dict__, "meting": meting})

    def regel(self) -> str:
        """The check as one Dutch line (for stderr and error messages)."""
        plek = f"{self.bestand}: " if self.bestand else ""
        fix = f" {self.oplossing}" if self.oplossing else ""
        return f"{plek}{self.melding}{fix}"


class ControleStop(InvoerFout):
    """A check with status ``stop``: the inputs cannot give trustworthy figures."""

    def __init__(self, controle: Controle, *, afgewezen: pd.DataFrame | None = None):
        super().__init__(controle.regel(), afgewezen=afgewezen)
        self.controle = controle


def stop_als_nodig(controles: Iterable[Controle]) -> None:
    """Raise :class:`ControleStop` for the first check with status ``stop``."""
    for c in controles:
        if c.status == STOP:
            raise ControleStop(c)


def controle_tabel(controles: Iterable[Controle]) -> pd.DataFrame:
    """All checks as a table with :data:`CONTROLE_KOLOMMEN` (``kengetallen`` joined by ``, ``)."""
    rijen = [
        {
            **{k: getattr(c, k) for k in CONTROLE_KOLOMMEN if k != "kengetallen"},
            "kengetallen": ", ".join(c.kengetallen),
        }
        for c in controles
    ]
    if not rijen:
        return pd.DataFrame({k: pd.Series(dtype="object") for k in CONTROLE_KOLOMMEN})
    df = pd.DataFrame(rijen, columns=CONTROLE_KOLOMMEN)
    df["waarde"] = pd.to_numeric(df["waarde"]).astype(float)
    df["drempel"] = pd.to_numeric(df["drempel"]).astype(float)
    return df


def waarschuwingen(controles: Iterable[Controle]) -> list[Controle]:
    """Only the checks with status ``waarschuwing``."""
    return [c for c in controles if c.status == WAARSCHUWING]


def opmerking_per_kengetal(controles: Iterable[Controle]) -> dict[str, str]:
    """Per kengetal, the text its rows' ``opmerking`` gets from warnings of this meting.

    Each warning reads ``let op: <controle> (<bestand>): <melding>``; several are joined by
    ``; ``. Only warnings of the meting itself count here (a warning about the previous
    meting's inputs names that meting).
    """
    uit: dict[str, list[str]] = {}
    for c in waarschuwingen(controles):
        plek = f" ({c.bestand})" if c.bestand else ""
        van = f" [meting {c.meting}]" if c.meting else ""
        tekst = f"let op{van}: {c.controle}{plek}: {c.melding}"
        for nr in c.kengetallen:
            if tekst not in uit.setdefault(nr, []):
                uit[nr].append(tekst)
    return {nr: "; ".join(t) for nr, t in uit.items()}


def pct(deel: float, geheel: float) -> float:
    """``deel / geheel`` in percent; NaN when ``geheel`` is 0."""
    return 100.0 * deel / geheel if geheel else math.nan


def instelling(cfg, sleutel: str):
    """A ``[controles]`` setting of a config (its default when the section is absent)."""
    sectie = getattr(cfg, "controles", None) or {}
    return sectie.get(sleutel, STANDAARD[sleutel])
