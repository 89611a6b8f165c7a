"""The sections of the meting config (``meting.toml``, formats.md §5) as typed models.

Each section is one pydantic model: its keys, their kind, whether they are required and their
default are declared here once, and nowhere else. :func:`instruments.config.laad_config`
validates the TOML against :class:`MetingToml` and turns every validation error into a Dutch
message that names the file, the section and the key (:func:`melding`); no pydantic text
reaches a user.

A section object is read by attribute (``cfg.publicatie.alpha``). For the callers that read a
section as a mapping (``cfg.recidive["peildatum"]``) it also answers ``[]``, ``get``, ``in``,
``keys`` and ``items``, and compares equal to the dict of its values.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

__all__ = [
    "SECTIES",
    "WEGINGEN",
    "Casusanalyse",
    "Controles",
    "Factsheet",
    "Historie",
    "Meting",
    "MetingToml",
    "Publicatie",
    "Recidive",
    "Registratie",
    "Sectie",
    "Vorige",
    "Vragenlijst",
    "melding",
    "schema",
]

#: Values of ``[vragenlijst] weging``.
WEGINGEN = ("geen", "kant", "organisatie")


# ----------------------------------------------------------------------------------------
# Kinds of value
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Soort:
    """The kind of value a key holds, as named in a message (``geheel getal``, ...)."""

    naam: str


def _veldfout(rest: str) -> PydanticCustomError:
    """An error whose text follows ``[sectie] sleutel`` (``rest`` starts with ' ' or ':')."""
    return PydanticCustomError("veld", "{rest}", {"rest": rest})


def _meldingfout(tekst: str) -> PydanticCustomError:
    """An error whose text is the whole message (cross-key checks of a section)."""
    return PydanticCustomError("melding", "{tekst}", {"tekst": tekst})


def _is_geheel(w: Any) -> bool:
    return isinstance(w, int) and not isinstance(w, bool)


def _eenvoudig(soort: str, goed: Callable[[Any], bool], zet: Callable[[Any], Any]) -> Any:
    """Metadata of a simple kind: a :class:`Soort` and its validator."""

    def valideer(w: Any) -> Any:
        if goed(w):
            return zet(w)
        raise _veldfout(f" moet een {soort} zijn, maar is {w!r}. Pas de config aan.")

    return (Soort(soort), PlainValidator(valideer))


def _bestaand(w: Any, info: ValidationInfo) -> Path:
    """An existing file, relative to the folder of the config."""
    if not isinstance(w, str) or not w.strip():
        raise _veldfout(
            f" moet een bestandsnaam (tekst) zijn, niet {w!r}. Zet de naam tussen "
            'aanhalingstekens, bijvoorbeeld "gcos_2016.csv".'
        )
    vol = (info.context["map"] / w).resolve()
    if not vol.exists():
        raise _veldfout(
            f": bestand '{w}' niet gevonden (gezocht als {vol}). Paden zijn relatief aan de "
            "map van de config; controleer de naam."
        )
    return vol


def _paden(w: Any, info: ValidationInfo) -> list[Path]:
    if not isinstance(w, list):
        raise _veldfout(
            ' moet een lijst zijn. Pas de config aan, bijvoorbeeld ["a.xlsx", "b.xlsx"].'
        )
    return [_bestaand(p, info) for p in w]


def _banden(w: Any) -> list[int]:
    goed = isinstance(w, list) and all(_is_geheel(v) for v in w)
    if goed and w and w[0] == 0 and all(b > a for a, b in itertools.pairwise(w)):
        return list(w)
    raise _veldfout(
        " moet een lijst van oplopende gehele ondergrenzen zijn die met 0 begint, maar is "
        f"{w!r}. Pas de config aan, bijvoorbeeld [0, 1, 3]."
    )


Pad = Annotated[Path | None, Soort("pad"), PlainValidator(_bestaand)]
Paden = Annotated[list[Path], Soort("lijst van paden"), PlainValidator(_paden)]
Tekst = Annotated[
    str | None,
    *_eenvoudig(
        "tekst",
        lambda w: isinstance(w, str) or _is_geheel(w),
        lambda w: w if isinstance(w, str) else str(w),
    ),
]
Geheel = Annotated[int | None, *_eenvoudig("geheel getal", _is_geheel, lambda w: w)]
Getal = Annotated[
    float,
    *_eenvoudig("getal", lambda w: isinstance(w, (int, float)) and not isinstance(w, bool), float),
]
JaNee = Annotated[bool, *_eenvoudig("true/false", lambda w: isinstance(w, bool), lambda w: w)]
Datum = Annotated[
    dt.date | None,
    *_eenvoudig(
        "datum (jjjj-mm-dd)",
        lambda w: isinstance(w, dt.date) and not isinstance(w, dt.datetime),
        lambda w: w,
    ),
]
Tabel = Annotated[
    dict[str, str],
    *_eenvoudig(
        "tabel",
        lambda w: isinstance(w, dict) and all(isinstance(v, str) for v in w.values()),
        dict,
    ),
]
Gehelen = Annotated[list[int], Soort("lijst van gehele getallen"), PlainValidator(_banden)]
Teksten = Annotated[
    list[str],
    *_eenvoudig(
        "lijst van teksten",
        lambda w: isinstance(w, list) and all(isinstance(v, str) for v in w),
        list,
    ),
]


def tussen(
    laag: float,
    hoog: float,
    *,
    strikt: bool = False,
    advies: str = "standaard: {standaard:g}",
    opmaak: str = "g",
) -> AfterValidator:
    """A range check: ``laag <= w <= hoog`` (``strikt``: ``laag < w < hoog``).

    ``advies`` (formatted with the key and its default from the model) ends the message.
    """

    def valideer(w: float) -> float:
        binnen = laag < w < hoog if strikt else laag <= w <= hoog
        if binnen:
            return w
        raise PydanticCustomError(
            "bereik",
            "{waarde}",
            {"laag": laag, "hoog": hoog, "waarde": w, "advies": advies, "opmaak": opmaak},
        )

    return AfterValidator(valideer)


Percentage = Annotated[Getal, tussen(0, 100)]


# ----------------------------------------------------------------------------------------
# Sections
# ----------------------------------------------------------------------------------------
class Sectie(BaseModel):
    """One section of the config: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid")

    # -- read access as a mapping, for callers that read ``sectie["sleutel"]`` ------------
    def __getitem__(self, sleutel: str) -> Any:
        if sleutel not in type(self).model_fields:
            raise KeyError(sleutel)
        return getattr(self, sleutel)

    def get(self, sleutel: str, standaard: Any = None) -> Any:
        """The value of ``sleutel``; ``standaard`` only for a key the section does not have."""
        return getattr(self, sleutel) if sleutel in type(self).model_fields else standaard

    def keys(self) -> list[str]:
        return list(type(self).model_fields)

    def items(self) -> Iterator[tuple[str, Any]]:
        return ((k, getattr(self, k)) for k in type(self).model_fields)

    def __contains__(self, sleutel: object) -> bool:
        return sleutel in type(self).model_fields

    def als_dict(self) -> dict[str, Any]:
        """The values, in declaration order (paths as :class:`~pathlib.Path`)."""
        return dict(self.items())

    def __eq__(self, ander: object) -> bool:
        if isinstance(ander, Mapping):
            return self.als_dict() == dict(ander)
        return super().__eq__(ander)

    __hash__ = None  # type: ignore[assignment]

    def met(self, **wijzigingen: Any) -> Sectie:
        """A copy with other values for existing keys (to try a setting in a notebook).

        The copy is not validated again: the tools check their settings when they run.

        Examples
        --------
        >>> Publicatie().met(alpha=0.01).alpha
        0.01
        """
        onbekend = sorted(set(wijzigingen) - set(type(self).model_fields))
        if onbekend:
            raise KeyError(f"onbekende sleutel(s): {', '.join(onbekend)}")
        return self.model_copy(update=wijzigingen)

    @classmethod
    def standaard(cls, sleutel: str) -> Any:
        """The default of a key, as declared in the model."""
        return cls.model_fields[sleutel].get_default(call_default_factory=True)


class Meting(Sectie):
    naam: Tekst
    registratiejaar: Geheel
    veiligheidshuis: Tekst = "Veiligheidshuis"


class Vorige(Sectie):
    #: raw inputs of the previous meting (preferred) ...
    config: Pad = None
    #: ... or its saved ``indicatoren.csv``
    resultaten: Pad = None

    @model_validator(mode="after")
    def _precies_een(self, info: ValidationInfo) -> Vorige:
        if (self.config is None) == (self.resultaten is None):
            raise _meldingfout(
                "[vorige] heeft precies één van 'config' (ruwe bestanden van de vorige meting) "
                "of 'resultaten' (haar indicatoren.csv) nodig. Geef er één en verwijder de "
                "andere."
            )
        if self.config is not None and self.config == info.context["pad"]:
            raise _meldingfout(
                "[vorige] config verwijst naar deze config zelf. Geef de config van de "
                "vorige meting."
            )
        return self


class Registratie(Sectie):
    bestand: Pad
    kolommen: Tabel = Field(default_factory=dict)
    inwoners: Pad = None
    blad: Tekst = None


def _weging(w: str) -> str:
    weging = w.strip().lower()
    if weging not in WEGINGEN:
        raise _meldingfout(
            f'[vragenlijst] weging = "{w}" is onbekend. Kies "geen" (standaard), "kant" of '
            '"organisatie" (weging naar de uitgenodigden per kant of per organisatie).'
        )
    return weging


class Vragenlijst(Sectie):
    bestand: Pad
    populatie: Geheel = None
    eindige_populatiecorrectie: JaNee = False
    codeboek: Pad = None
    blad: Tekst = None
    #: layout of the export: "surveymonkey" (two header rows) or "tidy"; default: detected
    indeling: Tekst = None
    #: invited professionals per organisatie or kant (CSV): representativeness (3-1)
    uitgenodigd: Pad = None
    #: post-stratification weights to the invited numbers: "geen", "kant" or "organisatie"
    weging: Annotated[Tekst, AfterValidator(_weging)] = "geen"

    @model_validator(mode="after")
    def _uitgenodigd_bij_weging(self) -> Vragenlijst:
        if self.weging != "geen" and self.uitgenodigd is None:
            raise _meldingfout(
                f'[vragenlijst] weging = "{self.weging}" heeft de aantallen uitgenodigden '
                'nodig. Geef uitgenodigd = "..." (een CSV met de kolommen organisatie of kant '
                'en uitgenodigd), of zet weging = "geen".'
            )
        return self


class Casusanalyse(Sectie):
    bestanden: Paden


class Recidive(Sectie):
    politie: Pad
    detentie: Pad = None
    koppeltabel: Pad = None
    venster_dagen: Geheel = 365
    wachttijd_dagen: Geheel = 0
    peildatum: Datum = None
    min_dagen_vrij: Geheel = 30
    pseudonimiseren: JaNee = False
    kolommen: Tabel = Field(default_factory=dict)
    #: sheet of an XLSX/XLS input (default: the first)
    politie_blad: Tekst = None
    detentie_blad: Tekst = None
    koppeltabel_blad: Tekst = None
    #: matched comparison group (screening/triage only); bands = lower bounds
    vergelijkingsgroep: JaNee = True
    banden_voor: Gehelen = Field(default_factory=lambda: [0, 1, 2, 3, 5, 8])
    banden_jaar_ervoor: Gehelen = Field(default_factory=lambda: [0, 1, 3])


class Publicatie(Sectie):
    alpha: Annotated[
        Getal, tussen(0, 1, strikt=True, advies="gebruikelijk: alpha = {standaard}", opmaak="")
    ] = 0.05
    minimale_celgrootte: Geheel = 10
    klein_n: Geheel = 5
    max_afgewezen_pct: Percentage = 5.0


class Historie(Sectie):
    resultaten: Paden = Field(default_factory=list)


class Factsheet(Sectie):
    #: quotes of professionals printed in the factsheet, each a redacted open answer
    citaten: Teksten = Field(default_factory=list)


class Controles(Sectie):
    """The trust gates (:mod:`instruments.controles`)."""

    min_koppeling_pct: Percentage = 50.0
    max_dubbel_pct: Percentage = 10.0
    max_buiten_vocabulaire_pct: Percentage = 25.0
    vroegste_datum: Datum = dt.date(1990, 1, 1)


class MetingToml(BaseModel):
    """The whole TOML file: one optional attribute per section, unknown sections refused."""

    model_config = ConfigDict(extra="forbid")

    meting: Meting | None = None
    vorige: Vorige | None = None
    registratie: Registratie | None = None
    vragenlijst: Vragenlijst | None = None
    casusanalyse: Casusanalyse | None = None
    recidive: Recidive | None = None
    publicatie: Publicatie | None = None
    historie: Historie | None = None
    factsheet: Factsheet | None = None
    controles: Controles | None = None


#: Section name -> model, in the order of the file (and of the messages).
SECTIES: dict[str, type[Sectie]] = {
    naam: veld.annotation.__args__[0]  # type: ignore[union-attr]
    for naam, veld in MetingToml.model_fields.items()
}


def schema() -> dict[str, dict[str, tuple[str, bool, Any]]]:
    """section -> key -> (kind, required, default): a read-only view derived from the models."""
    return {
        naam: {
            k: (
                _soort_van(model, k),
                v.is_required(),
                None if v.is_required() else model.standaard(k),
            )
            for k, v in model.model_fields.items()
        }
        for naam, model in SECTIES.items()
    }


# ----------------------------------------------------------------------------------------
# Errors in Dutch
# ----------------------------------------------------------------------------------------
def _soort_van(model: type[Sectie], sleutel: str) -> str:
    for m in model.model_fields[sleutel].metadata:
        if isinstance(m, Soort):
            return m.naam
    return "waarde"  # pragma: no cover - every field has a Soort


def _volgorde(fout: dict) -> tuple:
    """Sort key: unknown sections first, then by section, within a section: not a table,
    unknown keys, then the keys in declaration order."""
    loc = fout["loc"]
    namen = list(SECTIES)
    if len(loc) == 1 and loc[0] not in SECTIES:
        return (0,)
    sectie = namen.index(loc[0])
    if len(loc) == 1:
        return (1, sectie, 0 if fout["type"] != "melding" else 3, 0)
    if fout["type"] == "extra_forbidden":
        return (1, sectie, 1, 0)
    velden = list(SECTIES[loc[0]].model_fields)
    return (1, sectie, 2, velden.index(loc[1]) if loc[1] in velden else len(velden))


def melding(fout: ValidationError) -> str:
    """The Dutch message (without the file name) of the first problem of a validation.

    Parameters
    ----------
    fout : pydantic.ValidationError
        From ``MetingToml.model_validate``.

    Returns
    -------
    str
        Names the section and key, what is allowed and the fix.
    """
    fouten = sorted(fout.errors(), key=_volgorde)
    eerste = fouten[0]
    loc, soort = eerste["loc"], eerste["type"]
    if len(loc) == 1 and loc[0] not in SECTIES:
        onbekend = sorted(str(f["loc"][0]) for f in fouten if _volgorde(f) == (0,))
        return (
            f"onbekende sectie(s) {', '.join(f'[{s}]' for s in onbekend)}. Toegestaan: "
            f"{', '.join(f'[{s}]' for s in SECTIES)}. Controleer de spelling."
        )
    sectie = str(loc[0])
    model = SECTIES[sectie]
    if soort == "melding":
        return eerste["ctx"]["tekst"]
    if len(loc) == 1:
        return (
            f"[{sectie}] moet een sectie zijn (een kop tussen blokhaken). Zet '[{sectie}]' op "
            "een eigen regel met de sleutels eronder."
        )
    if soort == "extra_forbidden":
        vreemd = sorted(
            str(f["loc"][1])
            for f in fouten
            if f["type"] == "extra_forbidden" and len(f["loc"]) == 2 and f["loc"][0] == sectie
        )
        return (
            f"onbekende sleutel(s) in [{sectie}]: {', '.join(vreemd)}. Toegestaan: "
            f"{', '.join(model.model_fields)}. Controleer de spelling."
        )
    sleutel = str(loc[1])
    plaats = f"[{sectie}] {sleutel}"
    if soort == "missing":
        return (
            f"[{sectie}] mist de verplichte sleutel '{sleutel}' ({_soort_van(model, sleutel)}). "
            f"Voeg '{sleutel} = ...' toe aan de sectie [{sectie}]."
        )
    if soort == "veld":
        return plaats + eerste["ctx"]["rest"]
    if soort == "bereik":
        c = eerste["ctx"]
        advies = c["advies"].format(sleutel=sleutel, standaard=model.standaard(sleutel))
        return (
            f"{plaats} moet tussen {c['laag']:g} en {c['hoog']:g} liggen, niet "
            f"{format(c['waarde'], c['opmaak'])}. Pas de config aan ({advies})."
        )
    # not reached with the kinds above; still Dutch, never pydantic's text
    return (  # pragma: no cover
        f"{plaats} moet een {_soort_van(model, sleutel)} zijn, maar is "
        f"{eerste.get('input')!r}. Pas de config aan."
    )
