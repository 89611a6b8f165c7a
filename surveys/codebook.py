"""The shape of a codebook TOML (``surveys/vragenlijst.toml``) as typed pydantic models.

:class:`CodeboekToml` declares every table and key a codebook may hold, its type and its
default; unknown keys are refused (a misspelt ``indicatoren`` would otherwise drop an item
from its kengetal without a word). Only ``[kengetallen."…"]`` tables may carry further keys:
they are settings read by the tools. :func:`melding` turns a validation error into a Dutch
message that names the place (``item x: opties``, ``vraag 3 ([[vragen]])``); no pydantic
text reaches a user. The cross-references (known block, unique codes, routing and kant
options) are checked by :func:`surveys.laad_codebook` on the validated model.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError
from pydantic_core import PydanticCustomError

__all__ = ["CodeboekToml", "melding"]


def _lijst(waarde: Any) -> tuple[str, ...]:
    """A text or a list of texts, as a tuple."""
    if isinstance(waarde, str):
        return (waarde,)
    if isinstance(waarde, list) and all(isinstance(w, str) for w in waarde):
        return tuple(waarde)
    raise PydanticCustomError("lijst", "tekst of lijst van teksten")


def _als_tekst(waarde: Any) -> str:
    """A text; a number (``versie = 2017``) is read as its text."""
    if isinstance(waarde, str):
        return waarde
    if isinstance(waarde, (int, float)) and not isinstance(waarde, bool):
        return str(waarde)
    raise PydanticCustomError("string_type", "tekst")


#: A text; also a number written without quotes.
Tekst = Annotated[str, PlainValidator(_als_tekst)]
#: A text or a list of texts (``tekst = "V"`` and ``tekst = ["V", "V oud"]`` both work).
Teksten = Annotated[tuple[str, ...], PlainValidator(_lijst)]


class _Tabel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Meta(_Tabel):
    naam: Tekst = ""
    versie: Tekst = ""


class Export(_Tabel):
    respondent_id: Teksten = ("Respondent ID",)
    negeren: Teksten = ()
    privacy: Teksten = ()
    subkoppen_enkel: Teksten = ("Response",)
    scheiding_multi: Teksten = ("|",)


class Schaal(_Tabel):
    opties: Teksten = ()
    weet_niet: Teksten = ()
    eens: Teksten = ()
    oneens: Teksten = ()


class Blok(_Tabel):
    code: str
    titel: Tekst | None = None
    routing: Teksten = ()


class ItemToml(_Tabel):
    code: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    #: unset: the question's
    schaal: str | None = None
    #: unset: the scale's
    opties: Teksten | None = None
    varianten: dict[str, Teksten] = Field(default_factory=dict)
    #: unset: the question's
    indicatoren: Teksten | None = None
    #: unset: the question's
    kwaliteit_algemeen: bool | None = None
    rij: Teksten = ()
    anders_van: str | None = None


class Vraag(_Tabel):
    blok: str
    tekst: Teksten
    schaal: str | None = None
    indicatoren: Teksten = ()
    kwaliteit_algemeen: bool = False
    items: list[ItemToml] = Field(default_factory=list)


class Routing(_Tabel):
    item: str = "betrokkenheid"


class Kant(_Tabel):
    """``item`` = the organisation question; every other key is a kant with its options."""

    model_config = ConfigDict(extra="allow", strict=True)
    __pydantic_extra__: dict[str, Teksten] = Field(init=False)

    item: str = "organisatie"

    @property
    def kanten(self) -> dict[str, tuple[str, ...]]:
        return dict(self.__pydantic_extra__ or {})


class Kengetal(_Tabel):
    """Settings of one kengetal; further keys are kept for the tools."""

    model_config = ConfigDict(extra="allow", strict=True)

    naam: str | None = None
    item: str | None = None
    min_cijfers: int | None = None
    statistieken: list[str] | None = None
    per_kant: bool | None = None


class CodeboekToml(_Tabel):
    """A whole codebook file."""

    codeboek: Meta = Field(default_factory=Meta)
    export: Export = Field(default_factory=Export)
    schalen: dict[str, Schaal] = Field(default_factory=dict)
    kant: Kant = Field(default_factory=Kant)
    routing: Routing = Field(default_factory=Routing)
    blokken: list[Blok] = Field(default_factory=list)
    kengetallen: dict[str, Kengetal] = Field(default_factory=dict)
    vragen: list[Vraag] = Field(default_factory=list)


# ----------------------------------------------------------------------------------------
# Errors in Dutch
# ----------------------------------------------------------------------------------------
_SOORT = {
    "string_type": "een tekst",
    "bool_type": "true of false",
    "int_type": "een geheel getal",
    "list_type": "een lijst",
    "dict_type": "een tabel",
    "model_type": "een tabel",
    "model_attributes_type": "een tabel",
}


def _plaats(ruw: dict, loc: tuple) -> str:
    """A place in the codebook as a user reads it, from a pydantic location."""

    def code(tabel: Any, reserve: str) -> str:
        c = tabel.get("code") if isinstance(tabel, dict) else None
        return c if isinstance(c, str) else reserve

    if not loc:
        return "het codeboek"
    eerste = loc[0]
    if eerste == "vragen" and len(loc) >= 2:
        nr = int(loc[1])
        vraag = (ruw.get("vragen") or [None] * (nr + 1))[nr]
        if len(loc) >= 4 and loc[2] == "items":
            j = int(loc[3])
            items = vraag.get("items") if isinstance(vraag, dict) else None
            item = items[j] if isinstance(items, list) and j < len(items) else None
            waar = f"item {code(item, f'{j + 1} van vraag {nr + 1}')}"
            rest = loc[4:]
        else:
            waar = f"vraag {nr + 1} ([[vragen]])"
            rest = loc[2:]
    elif eerste == "blokken" and len(loc) >= 2:
        blokken = ruw.get("blokken")
        nr = int(loc[1])
        blok = blokken[nr] if isinstance(blokken, list) and nr < len(blokken) else None
        waar = f"blok {code(blok, str(nr + 1))}"
        rest = loc[2:]
    elif eerste == "export" and len(loc) >= 2:
        waar, rest = str(loc[1]), loc[2:]
    elif eerste in ("schalen", "kengetallen") and len(loc) >= 2:
        sleutel = f'"{loc[1]}"' if eerste == "kengetallen" else str(loc[1])
        waar, rest = f"[{eerste}.{sleutel}]", loc[2:]
    elif len(loc) >= 2:
        waar, rest = f"[{eerste}] {loc[1]}", loc[2:]
    else:
        waar, rest = f"[{eerste}]", ()
    delen = [f"element {r + 1}" if isinstance(r, int) else str(r) for r in rest]
    return ": ".join([waar, *delen])


def melding(fout: ValidationError, ruw: dict) -> str:
    """The Dutch message (without file name and advice) of the first problem.

    Parameters
    ----------
    fout : pydantic.ValidationError
        From ``CodeboekToml.model_validate(ruw)``.
    ruw : dict
        The parsed TOML (to name items and blocks by their code).
    """
    e = fout.errors()[0]
    loc, soort = tuple(e["loc"]), e["type"]
    if soort == "extra_forbidden" and len(loc) == 1:
        toegestaan = ", ".join(f"[{t}]" for t in CodeboekToml.model_fields)
        return f"onbekende tabel [{loc[0]}] (toegestaan: {toegestaan}); controleer de spelling"
    if soort == "extra_forbidden":
        return f"{_plaats(ruw, loc[:-1])}: onbekende sleutel '{loc[-1]}'; controleer de spelling"
    if loc[-1] == "code" and loc[:1] == ("blokken",):
        waarde = None if soort == "missing" else e.get("input")
        return f"blok zonder code of met dubbele code: {waarde!r}"
    if loc[-1] == "code" and "items" in loc:
        nr = int(loc[1]) + 1
        waarde = None if soort == "missing" else e.get("input")
        return (
            f"vraag {nr} ([[vragen]]): ongeldige itemcode {waarde!r} (kleine letters, cijfers, _)"
        )
    if soort == "missing":
        return f"{_plaats(ruw, loc[:-1])} heeft geen '{loc[-1]}'"
    plaats = _plaats(ruw, loc)
    if soort == "lijst":
        return f"{plaats} moet een tekst of een lijst van teksten zijn"
    return f"{plaats} moet {_SOORT.get(soort, 'een geldige waarde')} zijn, niet {e.get('input')!r}"
