"""The input schemas: one declaration per input kind, read from ``schemas.toml``.

Each input kind (registry, police, detention, koppeltabel, questionnaire, case template) is
declared once, as data: its columns with their header variants, kinds and vocabularies, its
row rules with their Dutch reasons in order of precedence, how rejected rows are recorded
and what happens to exact duplicate rows. The readers take their column maps and rule
reasons from here (nothing is retyped in a reader), and :meth:`Schema.pas_toe` is the one
engine that turns a reader's masks into records of the one failure table
(:class:`~instruments.lezen.Foutentabel`).

The file is checked at import: an unknown key, a rule on an undeclared column, a rule
without a reason or a duplicate name is a programming error and stops the import.

Examples
--------
>>> s = SCHEMAS["koppeltabel"]
>>> sorted(s.verplicht)
['casusnummer', 'persoonsnummer']
>>> [r.reden for r in s.regels]
['casusnummer ontbreekt', 'persoonsnummer ontbreekt']
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

    from instruments.lezen_afwijzingen import Foutentabel

__all__ = ["SCHEMAS", "Kolom", "Regel", "Schema"]

Soort = Literal["tekst", "id", "datum", "keuze", "ja_nee"]
SOORTEN = ("tekst", "id", "datum", "keuze", "ja_nee")
REGELSOORTEN = ("ontbreekt", "datums", "eigen")
AFWIJZEN = ("eerste", "elke")
DUBBEL = ("tellen", "een_keer", "een_keer_afgewezen", "weigeren")


@dataclass(frozen=True)
class Kolom:
    """One column of an input: canonical name, header variants, kind, vocabulary."""

    naam: str
    aliassen: tuple[str, ...] = ()
    soort: Soort = "tekst"
    verplicht: bool = False
    vocabulaire: str | None = None


@dataclass(frozen=True)
class Regel:
    """One row rule: the rows it hits are rejected with ``reden`` for column ``kolom``.

    ``soort``: ``ontbreekt`` (an empty cell; the engine computes it, only where the
    condition ``alleen`` holds when given), ``datums`` (the shared date rules of a column:
    the reader hands over one mask per reason, since the reason names the date) or
    ``eigen`` (the reader computes the mask under the rule's ``naam``).
    """

    naam: str
    kolom: str
    reden: str
    soort: str = "eigen"
    alleen: str | None = None


@dataclass(frozen=True)
class Schema:
    """The declaration of one input kind (see ``schemas.toml`` for the vocabulary)."""

    naam: str
    omschrijving: str
    kolommen: tuple[Kolom, ...]
    regels: tuple[Regel, ...]
    afwijzen: str
    dubbel: str
    dubbel_reden: str = ""
    kolommen_uit: str = ""

    @property
    def aliassen(self) -> dict[str, list[str]]:
        """Canonical name -> header variants: the ``kolommen`` of :func:`lees_tabel`."""
        return {k.naam: list(k.aliassen) for k in self.kolommen}

    @property
    def verplicht(self) -> set[str]:
        """The required columns."""
        return {k.naam for k in self.kolommen if k.verplicht}

    @property
    def optioneel(self) -> set[str]:
        """The optional columns."""
        return {k.naam for k in self.kolommen if not k.verplicht}

    def kolommen_van(self, soort: str) -> tuple[str, ...]:
        """The columns of one kind (``"datum"``, ``"id"``, ...), in declared order."""
        return tuple(k.naam for k in self.kolommen if k.soort == soort)

    def regel(self, naam: str) -> Regel:
        """The rule called ``naam``."""
        for r in self.regels:
            if r.naam == naam:
                return r
        raise KeyError(f"schema {self.naam}: geen regel {naam!r}")

    def pas_toe(
        self,
        fouten: Foutentabel,
        df: pd.DataFrame,
        maskers: dict[str, object],
        *,
        voorwaarden: dict[str, pd.Series] | None = None,
    ) -> pd.Series:
        """Apply the rules in declared order and record the rows they reject.

        Parameters
        ----------
        fouten : Foutentabel
            The file's failure table.
        df : pandas.DataFrame
            The table from :func:`~instruments.lezen.lees_tabel` (needs ``_rij``).
        maskers : dict
            Per ``eigen`` rule its mask (True = rejected); per ``datums`` rule a list of
            ``(mask, reason)`` pairs (possibly empty). ``ontbreekt`` rules need none (a
            reader may still give one: the emptiness of normalised ids). With
            ``afwijzen = "elke"`` a rule may get its records ready-made instead (a table
            with ``AFGEWEZEN_KOLOMMEN``, when the value shown needs context).
        voorwaarden : dict, optional
            The conditions that ``alleen`` names (True = the rule applies to the row).

        Returns
        -------
        pandas.Series of bool
            The rejected rows.

        Raises
        ------
        KeyError
            When a rule gets no mask or a mask is given for no rule (a reader bug).
        """
        import pandas as pd

        voorwaarden = voorwaarden or {}
        bekend = {r.naam for r in self.regels}
        onbekend = sorted(set(maskers) - bekend)
        if onbekend:
            raise KeyError(f"schema {self.naam}: maskers voor onbekende regels {onbekend}")

        def binnen(masker, regel: Regel):
            # 'alleen': the rule applies where the named condition holds
            return masker if regel.alleen is None else masker & voorwaarden[regel.alleen]

        lijst: list[tuple[pd.Series, str, str]] = []
        for r in self.regels:
            if r.soort == "ontbreekt":
                masker = maskers.get(r.naam)  # the reader's own emptiness (normalised ids)
                if masker is None:
                    masker = (
                        df[r.kolom].isna() if r.kolom in df else pd.Series(True, index=df.index)
                    )
                lijst.append((binnen(masker, r), r.kolom, r.reden))
            elif r.soort == "datums":
                lijst.extend((binnen(m, r), r.kolom, reden) for m, reden in maskers[r.naam])
            elif isinstance(maskers[r.naam], pd.DataFrame):
                if self.afwijzen == "eerste":
                    raise TypeError(f"schema {self.naam}: kant-en-klare rijen alleen bij 'elke'")
                lijst.append((maskers[r.naam], r.kolom, r.reden))
            else:
                lijst.append((binnen(maskers[r.naam], r), r.kolom, r.reden))
        if self.afwijzen == "eerste":
            return fouten.regels(df, lijst)
        alle = pd.Series(False, index=df.index)
        for masker, kolom, reden in lijst:
            if isinstance(masker, pd.DataFrame):
                # records the reader built itself (a value shown with context)
                fouten.deel(masker)
                alle |= df["_rij"].isin(masker["rij"])
                continue
            fouten.regel(df, masker, kolom, reden)
            alle |= masker.fillna(False).astype(bool)
        return alle


def _fout(tekst: str) -> ValueError:
    return ValueError(f"schemas.toml: {tekst}")


def _lees(pad: Path) -> dict[str, Schema]:
    data = tomllib.loads(pad.read_text(encoding="utf-8"))
    uit: dict[str, Schema] = {}
    sleutels = {"naam", "omschrijving", "afwijzen", "dubbel", "dubbel_reden", "kolommen_uit"}
    for blok in data.get("schema", []):
        if "naam" not in blok:
            raise _fout("een [[schema]] zonder naam")
        naam = blok["naam"]
        extra = set(blok) - sleutels - {"kolom", "regel"}
        if extra:
            raise _fout(f"schema {naam}: onbekende sleutel(s) {sorted(extra)}")
        kolommen = []
        for k in blok.get("kolom", []):
            if set(k) - {"naam", "aliassen", "soort", "verplicht", "vocabulaire"}:
                raise _fout(f"schema {naam}, kolom {k.get('naam')}: onbekende sleutel")
            if k.get("soort", "tekst") not in SOORTEN:
                raise _fout(f"schema {naam}, kolom {k['naam']}: soort {k['soort']!r}")
            kolommen.append(
                Kolom(
                    naam=k["naam"],
                    aliassen=tuple(k.get("aliassen", ())),
                    soort=k.get("soort", "tekst"),
                    verplicht=bool(k.get("verplicht", False)),
                    vocabulaire=k.get("vocabulaire"),
                )
            )
        namen = [k.naam for k in kolommen]
        regels = []
        for r in blok.get("regel", []):
            if set(r) - {"naam", "kolom", "reden", "soort", "alleen"}:
                raise _fout(f"schema {naam}, regel {r.get('naam')}: onbekende sleutel")
            if not r.get("reden"):
                raise _fout(f"schema {naam}, regel {r.get('naam')}: geen reden")
            if r["kolom"] not in namen:
                raise _fout(f"schema {naam}, regel {r['naam']}: kolom {r['kolom']} onbekend")
            if r.get("soort", "eigen") not in REGELSOORTEN:
                raise _fout(f"schema {naam}, regel {r['naam']}: soort {r['soort']!r}")
            regels.append(Regel(**r))
        if len({r.naam for r in regels}) != len(regels) or len(set(namen)) != len(namen):
            raise _fout(f"schema {naam}: een kolom- of regelnaam komt twee keer voor")
        if blok.get("afwijzen") not in AFWIJZEN or blok.get("dubbel") not in DUBBEL:
            raise _fout(f"schema {naam}: afwijzen of dubbel onbekend")
        if blok["dubbel"] == "een_keer_afgewezen" and not blok.get("dubbel_reden"):
            raise _fout(f"schema {naam}: dubbel = een_keer_afgewezen vraagt een dubbel_reden")
        uit[naam] = Schema(
            naam=naam,
            omschrijving=blok["omschrijving"],
            kolommen=tuple(kolommen),
            regels=tuple(regels),
            afwijzen=blok["afwijzen"],
            dubbel=blok["dubbel"],
            dubbel_reden=blok.get("dubbel_reden", ""),
            kolommen_uit=blok.get("kolommen_uit", ""),
        )
    return uit


#: every input kind, by name
SCHEMAS: dict[str, Schema] = _lees(Path(__file__).with_name("schemas.toml"))
