"""The kengetallen of the indicatorenset, read from one table (``kengetallen.toml``).

The table is the single definition of a kengetal: its number and texts, the instrument that
computes it, its headline figure, its test policy and its factsheet section. Every other list
(which kengetallen an instrument produces, which are indicatief or without a test between
metingen, which section of the factsheet shows them) is derived from it here.

There is exactly one table, the one beside this module: no setting or environment variable
swaps it, so a meting's kengetallen cannot change unseen. tests/test_nieuw_kengetal.py
extends it in a copy of the suite to show that nothing else needs editing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from importlib import resources

from analysis.kopcijfer import KOP_REGELS

TOETSBELEID = ("toetsen", "indicatief", "zonder_toets")
SECTIES = ("werkproces", "professionals", "topx", "recidive")


@dataclass(frozen=True)
class Kengetal:
    """One numbered kengetal of the indicatorenset and its headline figure.

    The headline (``kop_*``) selects the rows shown on the Indicatorenset sheet: the rows of
    this indicator with statistic ``kop_statistiek`` and group ``kop_groep`` (and item
    ``kop_item`` when given); ``kop_regel`` (one of :data:`analysis.kopcijfer.KOP_REGELS`)
    says how they make one figure. ``toetsbeleid`` is one of :data:`TOETSBELEID`,
    ``sectie`` one of :data:`SECTIES`.
    """

    nr: str
    kernindicator: str
    kengetal: str
    instrument: str
    kop_statistiek: str
    kop_groep: str = "totaal"
    kop_item: str | None = None
    kop_label: str = ""
    kop_regel: str = "een_rij"
    toetsbeleid: str = "toetsen"
    sectie: str = ""


@dataclass(frozen=True)
class Instrument:
    """One of the four instruments: its letter in the table, module name, detail sheet."""

    letter: str
    naam: str
    blad: str
    uitleg: str


def lees_instrumenten(tekst: str, bron: str = "kengetallen.toml") -> tuple[Instrument, ...]:
    """The ``[[instrument]]`` tables, in run order.

    Raises
    ------
    ValueError
        On an unknown or missing key, or a letter or name that occurs twice.
    """
    uit: list[Instrument] = []
    for i, r in enumerate(tomllib.loads(tekst).get("instrument", []), start=1):
        try:
            uit.append(Instrument(**r))
        except TypeError as e:
            raise ValueError(f"{bron}: instrument {i}: {e}") from None
    for veld in ("letter", "naam"):
        waarden = [getattr(x, veld) for x in uit]
        if len(set(waarden)) != len(waarden):
            raise ValueError(f"{bron}: instrument: {veld} staat dubbel: {waarden}")
    return tuple(uit)


def lees_kengetallen(tekst: str, bron: str = "kengetallen.toml") -> tuple[Kengetal, ...]:
    """Parse and validate a kengetallen table.

    Raises
    ------
    ValueError
        On an unknown key, a missing key, an unknown instrument, headline rule, test policy or
        section, or a number that occurs twice (this table ships with the code: a broken one
        is a bug).
    """
    ruw = tomllib.loads(tekst).get("kengetal", [])
    # a table without [[instrument]] (a fragment) uses the bundled instruments
    letters = {x.letter for x in (lees_instrumenten(tekst, bron) or INSTRUMENT_TABEL)}
    namen = {f.name for f in fields(Kengetal)}
    uit: list[Kengetal] = []
    for i, r in enumerate(ruw, start=1):
        vreemd = set(r) - namen
        if vreemd:
            raise ValueError(f"{bron}: kengetal {i}: onbekende sleutel(s) {sorted(vreemd)}")
        try:
            k = Kengetal(**r)
        except TypeError as e:
            raise ValueError(f"{bron}: kengetal {i}: {e}") from None
        if k.instrument not in letters:
            raise ValueError(f"{bron}: {k.nr}: onbekend instrument {k.instrument!r}")
        if k.toetsbeleid not in TOETSBELEID:
            raise ValueError(f"{bron}: {k.nr}: toetsbeleid moet een van {TOETSBELEID} zijn")
        if k.kop_regel not in KOP_REGELS:
            raise ValueError(f"{bron}: {k.nr}: kop_regel moet een van {KOP_REGELS} zijn")
        if k.sectie not in SECTIES:
            raise ValueError(f"{bron}: {k.nr}: sectie moet een van {SECTIES} zijn")
        uit.append(k)
    nrs = [k.nr for k in uit]
    dubbel = sorted({n for n in nrs if nrs.count(n) > 1})
    if dubbel:
        raise ValueError(f"{bron}: kengetal(len) staan dubbel: {dubbel}")
    return tuple(uit)


def _tabel() -> tuple[str, str]:
    """The text of the table and its name (for messages)."""
    bundel = resources.files("instruments").joinpath("kengetallen.toml")
    return bundel.read_text(encoding="utf-8"), "kengetallen.toml"


#: The instruments in run order, and letter -> module name.
_TEKST, _BRON = _tabel()  # read once; both tables come from this text
INSTRUMENT_TABEL: tuple[Instrument, ...] = lees_instrumenten(_TEKST, _BRON)
INSTRUMENTEN: dict[str, str] = {x.letter: x.naam for x in INSTRUMENT_TABEL}
KENGETALLEN: tuple[Kengetal, ...] = lees_kengetallen(_TEKST, _BRON)
KENGETAL_NRS = [k.nr for k in KENGETALLEN]


def met_beleid(beleid: str) -> frozenset[str]:
    """Numbers of the kengetallen with test policy ``beleid``."""
    return frozenset(k.nr for k in KENGETALLEN if k.toetsbeleid == beleid)


def per_sectie() -> dict[str, tuple[str, ...]]:
    """Factsheet section -> the numbers of its kengetallen, in table order."""
    return {s: tuple(k.nr for k in KENGETALLEN if k.sectie == s) for s in SECTIES}


def van_instrument(letter: str) -> tuple[str, ...]:
    """Numbers of the kengetallen of one instrument (``R``, ``S``, ``C`` or ``X``)."""
    return tuple(k.nr for k in KENGETALLEN if k.instrument == letter)
