"""The questionnaire codebook: which export column is which item.

The questionnaire for professionals (vragenlijst-professionals.md) is described as data in
``surveys/vragenlijst.toml``: blocks with their routing, questions with their wording(s),
items with their row label(s), answer scale, options and the kengetallen they feed, and the
mapping of organisations to *kant*. :func:`laad_codebook` reads and validates it; the
:class:`Codebook` answers the questions a reader asks ("which item is the column with
question text *q* and sub-header *r*?", "which answers are valid for this item?").

Text matching ignores case, whitespace and accents (:func:`normaliseer_tekst`), so that
small layout differences between exports do not matter. One item may list several
wordings; the same question text may occur in several blocks (the row label tells them
apart).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from instruments.fouten import InvoerFout
from instruments.kengetallen import van_instrument

__all__ = [
    "KENGETALLEN_SURVEY",
    "SCHALEN",
    "Blok",
    "Codebook",
    "Item",
    "laad_codebook",
    "normaliseer_tekst",
]

#: Answer scales an item can have.
SCHALEN = ("cijfer", "stelling", "mate", "choice", "multi", "open")
#: Kengetallen the surveytool computes (instrument ``S`` in instruments/kengetallen.toml;
#: 2-1, 8-1 and 9-1 are the casusanalysetool's).
KENGETALLEN_SURVEY = van_instrument("S")
_STATISTIEKEN = {
    "cijfer": (
        "gemiddelde",
        "sd",
        "percentage_7_of_hoger",
        "percentage_8_of_hoger",
        "percentage_onvoldoende",
    ),
    "stelling": ("percentage_eens", "percentage_oneens"),
}
_STANDAARD = Path(__file__).with_name("vragenlijst.toml")


def normaliseer_tekst(tekst: object) -> str:
    """Normalise a question text, row label or answer for matching.

    Case-folded, accents removed, all whitespace dropped (also non-breaking spaces).

    Examples
    --------
    >>> normaliseer_tekst("  Overige  Casuïstiek ")
    'overigecasuistiek'
    >>> normaliseer_tekst("Weet niet / n.v.t.") == normaliseer_tekst("weet niet/n.v.t.")
    True
    """
    if tekst is None:
        return ""
    t = unicodedata.normalize("NFKD", str(tekst))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"\s+", "", t).casefold()


def _kop(tekst: object) -> str:
    """Normalised metadata header: also without ``_`` and ``-``."""
    return re.sub(r"[_\-]+", "", normaliseer_tekst(tekst))


@dataclass(frozen=True)
class Blok:
    """A block of the questionnaire; ``routing`` = options of the routing item that lead
    to it (empty: shown to everyone)."""

    code: str
    titel: str
    routing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """One item: one answer per respondent (a multi-select question is one item)."""

    code: str
    blok: str
    schaal: str
    vraag: tuple[str, ...]
    rij: tuple[str, ...] = ()
    opties: tuple[str, ...] = ()
    indicatoren: tuple[str, ...] = ()
    kwaliteit_algemeen: bool = False
    anders_van: str | None = None
    varianten: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    weet_niet: frozenset[str] = field(default_factory=frozenset, compare=False, repr=False)

    @property
    def label(self) -> str:
        """Text that identifies the item to a user: its row label, else its question."""
        return self.rij[0] if self.rij else self.vraag[0]

    def canoniek(self, antwoord: object) -> str | None:
        """The canonical option label of an answer, or None when it is no valid option."""
        return self.varianten.get(normaliseer_tekst(antwoord))

    def is_weet_niet(self, antwoord: object) -> bool:
        """True when the answer is a 'weet niet / n.v.t.' variant."""
        return normaliseer_tekst(antwoord) in self.weet_niet


@dataclass
class Codebook:
    """The loaded codebook (see ``surveys/vragenlijst.toml`` for the fields)."""

    pad: Path
    naam: str
    versie: str
    items: dict[str, Item]
    blokken: dict[str, Blok]
    schalen: dict[str, dict]
    kanten: dict[str, tuple[str, ...]]
    kant_item: str
    routing_item: str
    kengetallen: dict[str, dict]
    respondent_id: tuple[str, ...]
    negeren: tuple[str, ...]
    privacy: tuple[str, ...]
    subkoppen_enkel: tuple[str, ...]
    scheiding_multi: tuple[str, ...]
    _sleutels: dict[tuple[str, str], tuple[str, str | None]] = field(
        default_factory=dict, repr=False
    )
    _enkel: dict[str, str] = field(default_factory=dict, repr=False)
    _codes: dict[str, str] = field(default_factory=dict, repr=False)

    # -- lookups ---------------------------------------------------------------------
    @property
    def rapportcijfers(self) -> list[str]:
        """Codes of the rapportcijfers that make up kengetal 3-1 (``kwaliteit_algemeen``)."""
        return [c for c, i in self.items.items() if i.kwaliteit_algemeen]

    def items_met_schaal(self, *schalen: str) -> list[str]:
        """Codes of the items with one of the given scales, in codebook order."""
        return [c for c, i in self.items.items() if i.schaal in schalen]

    def items_van(self, kengetal: str) -> list[str]:
        """Codes of the items listed under a kengetal, in codebook order."""
        return [c for c, i in self.items.items() if kengetal in i.indicatoren]

    def statistieken(self, kengetal: str, schaal: str) -> tuple[str, ...]:
        """Statistics reported for an item of ``schaal`` under ``kengetal``."""
        eigen = self.kengetallen.get(kengetal, {}).get("statistieken")
        standaard = _STATISTIEKEN.get(schaal, ())
        return tuple(s for s in eigen if s in standaard) if eigen else standaard

    def per_kant(self, kengetal: str) -> bool:
        """Whether rapportcijfers under ``kengetal`` are broken down by kant."""
        return bool(self.kengetallen.get(kengetal, {}).get("per_kant", True))

    def kant_van(self) -> dict[str, str]:
        """Organisation option -> kant."""
        return {org: kant for kant, orgs in self.kanten.items() for org in orgs}

    def zoek(self, vraag: object, subkop: object) -> tuple[str, str | None] | None:
        """The item of an expanded-export column.

        Parameters
        ----------
        vraag : str
            Question text above the column (row 1, carried over from a matrix's first
            column).
        subkop : str
            Sub-header (row 2): matrix row label, option of a multi-select question, or a
            generic header such as ``Response``.

        Returns
        -------
        (code, optie) or None
            ``optie`` is the option a multi-select column stands for, else None.
        """
        nv, ns = normaliseer_tekst(vraag), normaliseer_tekst(subkop)
        gevonden = self._sleutels.get((nv, ns))
        if gevonden is None and ns in self._enkel_subkoppen:
            code = self._enkel.get(nv)
            gevonden = (code, None) if code else None
        return gevonden

    def zoek_code(self, kop: object) -> str | None:
        """The item whose code is the header of a tidy-file column."""
        return self._codes.get(_kop(kop))

    def is_respondent_id(self, kop: object) -> bool:
        return _kop(kop) in {_kop(k) for k in self.respondent_id}

    def is_privacy(self, kop: object) -> bool:
        """True for a column with personal data (also with a number: ``Custom Data 2``)."""
        naam = re.sub(r"\d+$", "", _kop(kop))
        return bool(naam) and naam in {_kop(k) for k in self.privacy}

    def is_metadata(self, kop: object) -> bool:
        """True for metadata that no kengetal uses (collector, start/end date)."""
        return _kop(kop) in {_kop(k) for k in self.negeren}

    def is_enkele_subkop(self, subkop: object) -> bool:
        """True for the generic sub-header of a single question (``Response``, ...)."""
        return normaliseer_tekst(subkop) in self._enkel_subkoppen

    @property
    def _enkel_subkoppen(self) -> set[str]:
        return {normaliseer_tekst(s) for s in self.subkoppen_enkel}


# ----------------------------------------------------------------------------------------
# Loading and validation
# ----------------------------------------------------------------------------------------
def _lijst(waarde: object, plaats: str, fout) -> tuple[str, ...]:
    if waarde is None:
        return ()
    if isinstance(waarde, str):
        return (waarde,)
    if not isinstance(waarde, list) or not all(isinstance(w, str) for w in waarde):
        raise fout(f"{plaats} moet een tekst of een lijst van teksten zijn")
    return tuple(waarde)


def laad_codebook(pad: Path | str | None = None) -> Codebook:
    """Read and validate a questionnaire codebook.

    Parameters
    ----------
    pad : path, optional
        A codebook TOML file (``[vragenlijst] codeboek`` in the meting config); default the
        bundled ``surveys/vragenlijst.toml``.

    Returns
    -------
    Codebook

    Raises
    ------
    InvoerFout
        When the file is missing or no valid TOML, or its content is inconsistent (unknown
        scale or block, duplicate code, two items with the same question text and row
        label, a routing or kant option that is no option of its item, ...). The message
        names the file and the place.

    Examples
    --------
    >>> cb = laad_codebook()
    >>> len(cb.rapportcijfers)
    18
    >>> cb.zoek("In hoeverre bent u het eens met de volgende stellingen?",
    ...         "Partijen staan open voor kritische bevraging")
    ('samen_kritisch', None)
    """
    if pad is None:
        tekst = resources.files("surveys").joinpath("vragenlijst.toml").read_text("utf-8")
        pad = _STANDAARD
    else:
        pad = Path(pad)
        if not pad.exists():
            raise InvoerFout(f"{pad}: codeboek niet gevonden. Controleer [vragenlijst] codeboek.")
        tekst = pad.read_text(encoding="utf-8-sig")
    naam = pad.name

    def fout(melding: str) -> InvoerFout:
        return InvoerFout(f"{naam}: {melding}. Herstel het codeboek.")

    try:
        ruw = tomllib.loads(tekst)
    except tomllib.TOMLDecodeError as e:
        raise fout(f"geen geldige TOML ({e})") from None

    export = ruw.get("export", {})
    schalen = ruw.get("schalen", {})
    for s in ("cijfer", "stelling", "mate"):
        if s not in schalen or not schalen[s].get("opties"):
            raise fout(f"[schalen.{s}] met 'opties' ontbreekt")
    blokken: dict[str, Blok] = {}
    for b in ruw.get("blokken", []):
        code = b.get("code")
        if not isinstance(code, str) or code in blokken:
            raise fout(f"blok zonder code of met dubbele code: {code!r}")
        blokken[code] = Blok(
            code, str(b.get("titel", code)), _lijst(b.get("routing"), f"blok {code}: routing", fout)
        )

    items: dict[str, Item] = {}
    for nr, vraag in enumerate(ruw.get("vragen", []), start=1):
        plaats = f"vraag {nr} ([[vragen]])"
        teksten = _lijst(vraag.get("tekst"), f"{plaats}: tekst", fout)
        if not teksten:
            raise fout(f"{plaats} heeft geen 'tekst'")
        blok = vraag.get("blok")
        if blok not in blokken:
            raise fout(f"{plaats}: onbekend blok {blok!r} (bekend: {', '.join(blokken)})")
        for it in vraag.get("items", []):
            code = it.get("code")
            if not isinstance(code, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", code):
                raise fout(f"{plaats}: ongeldige itemcode {code!r} (kleine letters, cijfers, _)")
            if code in items:
                raise fout(f"itemcode '{code}' komt twee keer voor")
            schaal = it.get("schaal", vraag.get("schaal"))
            if schaal not in SCHALEN:
                raise fout(
                    f"item {code}: onbekende schaal {schaal!r} (toegestaan: {', '.join(SCHALEN)})"
                )
            basis = schalen.get(schaal, {})
            opties = _lijst(it.get("opties", basis.get("opties")), f"item {code}: opties", fout)
            if schaal in ("choice", "multi") and not opties:
                raise fout(f"item {code}: schaal {schaal} heeft 'opties' nodig")
            varianten = {normaliseer_tekst(o): o for o in opties}
            for canon, andere in (it.get("varianten") or {}).items():
                if canon not in opties:
                    raise fout(f"item {code}: variant van onbekend antwoord {canon!r}")
                for a in _lijst(andere, f"item {code}: varianten", fout):
                    varianten[normaliseer_tekst(a)] = canon
            weet_niet = frozenset(
                normaliseer_tekst(w) for w in _lijst(basis.get("weet_niet"), "weet_niet", fout)
            )
            indicatoren = _lijst(
                it.get("indicatoren", vraag.get("indicatoren")), f"item {code}: indicatoren", fout
            )
            ka = bool(it.get("kwaliteit_algemeen", vraag.get("kwaliteit_algemeen", False)))
            if ka and schaal != "cijfer":
                raise fout(
                    f"item {code}: alleen een rapportcijfer kan meetellen voor kwaliteit_algemeen"
                )
            items[code] = Item(
                code=code,
                blok=blok,
                schaal=schaal,
                vraag=teksten,
                rij=_lijst(it.get("rij"), f"item {code}: rij", fout),
                opties=opties,
                indicatoren=indicatoren,
                kwaliteit_algemeen=ka,
                anders_van=it.get("anders_van"),
                varianten=varianten,
                weet_niet=weet_niet,
            )

    sleutels: dict[tuple[str, str], tuple[str, str | None]] = {}
    enkel: dict[str, str] = {}
    codes: dict[str, str] = {}

    def zet(sleutel: tuple[str, str], doel: tuple[str, str | None]) -> None:
        if sleutel in sleutels and sleutels[sleutel][0] != doel[0]:
            raise fout(
                f"de items '{sleutels[sleutel][0]}' en '{doel[0]}' hebben dezelfde vraagtekst en "
                "rijtekst; maak de rijtekst uniek"
            )
        sleutels[sleutel] = doel

    for code, item in items.items():
        codes[_kop(code)] = code
        for v in map(normaliseer_tekst, item.vraag):
            if item.schaal == "multi":
                for variant, canon in item.varianten.items():
                    zet((v, variant), (code, canon))
            elif item.rij:
                for r in item.rij:
                    zet((v, normaliseer_tekst(r)), (code, None))
            else:
                if v in enkel and enkel[v] != code:
                    raise fout(
                        f"de items '{enkel[v]}' en '{code}' hebben dezelfde vraagtekst zonder "
                        "rijtekst"
                    )
                enkel[v] = code
        if item.anders_van is not None and item.anders_van not in items:
            raise fout(f"item {code}: anders_van verwijst naar onbekend item {item.anders_van!r}")

    routing_item = ruw.get("routing", {}).get("item", "betrokkenheid")
    if any(b.routing for b in blokken.values()):
        if routing_item not in items or items[routing_item].schaal not in ("multi", "choice"):
            raise fout(f"[routing] item {routing_item!r} is geen keuzevraag van het codeboek")
        for b in blokken.values():
            vreemd = [o for o in b.routing if o not in items[routing_item].opties]
            if vreemd:
                raise fout(
                    f"blok {b.code}: routing-antwoord(en) {vreemd} zijn geen optie van "
                    f"{routing_item}"
                )

    kant_ruw = dict(ruw.get("kant", {}))
    kant_item = kant_ruw.pop("item", "organisatie")
    kanten = {k: _lijst(v, f"[kant] {k}", fout) for k, v in kant_ruw.items()}
    if kanten:
        if kant_item not in items:
            raise fout(f"[kant] item {kant_item!r} staat niet in het codeboek")
        opties = items[kant_item].opties
        gezien: set[str] = set()
        for k, orgs in kanten.items():
            for o in orgs:
                if o not in opties:
                    raise fout(f"[kant] {k}: {o!r} is geen antwoord van {kant_item}")
                if o in gezien:
                    raise fout(f"[kant]: {o!r} staat bij meer dan één kant")
                gezien.add(o)

    kengetallen = ruw.get("kengetallen", {})
    for nr, inst in kengetallen.items():
        if nr not in KENGETALLEN_SURVEY:
            raise fout(f'[kengetallen."{nr}"] is geen kengetal van de surveytool')
        for s in inst.get("statistieken", []):
            if not any(s in v for v in _STATISTIEKEN.values()):
                raise fout(f'[kengetallen."{nr}"]: onbekende statistiek {s!r}')
    for code, item in items.items():
        onbekend = [i for i in item.indicatoren if not re.fullmatch(r"\d{1,2}-\d", i)]
        if onbekend:
            raise fout(f"item {code}: ongeldige kengetalnummer(s) {onbekend}")

    if not any(i.kwaliteit_algemeen for i in items.values()):
        raise fout("geen enkel item heeft kwaliteit_algemeen = true (kengetal 3-1)")

    meta = ruw.get("codeboek", {})
    return Codebook(
        pad=pad,
        naam=str(meta.get("naam", "")),
        versie=str(meta.get("versie", "")),
        items=items,
        blokken=blokken,
        schalen=schalen,
        kanten=kanten,
        kant_item=kant_item,
        routing_item=routing_item,
        kengetallen=kengetallen,
        respondent_id=_lijst(export.get("respondent_id", ["Respondent ID"]), "respondent_id", fout),
        negeren=_lijst(export.get("negeren"), "negeren", fout),
        privacy=_lijst(export.get("privacy"), "privacy", fout),
        subkoppen_enkel=_lijst(
            export.get("subkoppen_enkel", ["Response"]), "subkoppen_enkel", fout
        ),
        scheiding_multi=_lijst(export.get("scheiding_multi", ["|"]), "scheiding_multi", fout),
        _sleutels=sleutels,
        _enkel=enkel,
        _codes=codes,
    )
