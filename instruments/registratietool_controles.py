"""Registratietool: gemeente normalisation and the checks on the registry extract.

Part of :mod:`instruments.registratietool` (which re-exports these names); the checks
and spelling rules are described in that module's docstring.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from instruments.config import MetingConfig
from instruments.controles import OK, WAARSCHUWING, Controle, pct
from instruments.lezen import normaliseer_kop
from instruments.registratietool_inwoners import lees_inwoners

#: Spellings of *onbekend* (keys of :func:`_gemeente_sleutel`): ``Onbekend``, ``Niet
#: bekend``, ``NB``, ``onb.``, ``n.v.t.``, ``-``, ``?``, empty.
_GEMEENTE_ONBEKEND = {
    "",
    "onbekend",
    "onbekendegemeente",
    "nietbekend",
    "nb",
    "onb",
    "nvt",
    "nietvantoepassing",
    "?",
}
#: Administrative prefixes before a gemeente name: ``Gemeente Roermond``, ``gem. Roermond``,
#: ``Gem Roermond`` (a space or a point is required: ``Gemert`` is a municipality).
_GEMEENTE_VOORVOEGSEL = re.compile(r"^(?:gemeente\s+|gem\.\s*|gem\s+)", re.IGNORECASE)
#: How many of the most frequent unmatched values a check message names.
TOP_ONBEKEND = 5


def _per_waarde(reeks: pd.Series, functie: Callable[[object], object]) -> pd.Series:
    """``functie`` on each distinct non-missing value, spread over the rows (string dtype).

    A column of a million rows holds a handful of werksoorten or a few hundred gemeenten,
    so the Python-level normalisation runs once per distinct value.
    """
    codes, uniek = pd.factorize(reeks, use_na_sentinel=True)
    # the distinct results as text, then taken per row (code -1, a missing cell, takes the
    # last entry, None): no Python object per row
    waarden = pd.array([*(functie(u) for u in uniek), None], dtype="string")
    return pd.Series(waarden.take(codes), index=reeks.index)


def _regio_namen(cfg: MetingConfig) -> list[str]:
    inw, _ = lees_inwoners(cfg)
    return list(inw["gemeente"])


def _gemeente_sleutel(tekst: str) -> str:
    """Matching key of a gemeente name: :func:`normaliseer_kop` without points."""
    return normaliseer_kop(tekst).replace(".", "")


def _gemeente_naam(w: object, canoniek: dict[str, str]) -> object:
    """The regional gemeente (as in the inhabitants file), None for onbekend, else the text.

    Recognises case, accents, spaces vs hyphens (``Echt Susteren``), surrounding spaces,
    the prefixes ``Gemeente``, ``gem.`` and ``Gem``, and the spellings of onbekend.
    """
    tekst = re.sub(r"\s+", " ", str(w).strip())
    sleutel = _gemeente_sleutel(tekst)
    if sleutel in _GEMEENTE_ONBEKEND:
        return None
    if sleutel in canoniek:
        return canoniek[sleutel]
    kaal = _GEMEENTE_VOORVOEGSEL.sub("", tekst)
    return canoniek.get(_gemeente_sleutel(kaal), tekst) if kaal != tekst else tekst


def _normaliseer_gemeente(
    reeks: pd.Series, regio: list[str]
) -> tuple[pd.Series, dict[tuple[str, str], int]]:
    """Gemeente names as in the inhabitants file, and what was rewritten.

    Returns
    -------
    gemeente : pandas.Series of string
        A regional gemeente's name as in ``regio``, <NA> for onbekend, other names as
        written (spaces collapsed): they count as buiten regio.
    herkend : dict
        ``(value in the file, result)`` -> number of rows, for every filled value that was
        mapped onto a regional gemeente in another spelling or onto onbekend.
    """
    canoniek = {_gemeente_sleutel(g): g for g in regio}
    uit = _per_waarde(reeks, lambda w: _gemeente_naam(w, canoniek))
    herkend: dict[tuple[str, str], int] = {}
    gevuld = reeks.notna()
    if gevuld.any():
        paren = pd.DataFrame(
            {"bron": reeks[gevuld].astype("string"), "naam": uit[gevuld].fillna("onbekend")}
        )
        anders = (paren["bron"] != paren["naam"]).fillna(True)
        paren = paren[anders & paren["naam"].isin([*regio, "onbekend"])]
        for (bron, naam), n in paren.value_counts(["bron", "naam"], sort=True).items():
            herkend[(str(bron), str(naam))] = int(n)
    return uit, herkend


def _getal(x: float) -> str:
    """A percentage the Dutch way: one decimal, decimal comma."""
    return f"{x:.1f}".replace(".", ",")


def _lijst(tellingen: dict[str, int] | pd.Series, n: int = TOP_ONBEKEND) -> str:
    """``'Venlo' (12×), 'Venray' (3×)``: the ``n`` most frequent values with their counts."""
    paren = sorted(dict(tellingen).items(), key=lambda x: (-x[1], str(x[0])))
    tekst = ", ".join(f"'{w}' ({a}×)" for w, a in paren[:n])
    return tekst + (f" en {len(paren) - n} andere" if len(paren) > n else "")


def _controle_spelling(
    kolom: str, bestand: str, herkend: dict[tuple[str, str], int], kengetallen: tuple[str, ...]
) -> Controle:
    """``spelling <kolom>``: how many filled values were recognised in another spelling."""
    n = sum(herkend.values())
    voorbeelden = _lijst({f"{b}' -> '{w}": a for (b, w), a in herkend.items()})
    return Controle(
        controle=f"spelling {kolom}",
        bestand=bestand,
        status=OK,
        waarde=float(n),
        eenheid="rijen",
        melding=(
            f"{n} waarde(n) van {kolom} in een andere schrijfwijze herkend en gelijkgetrokken: "
            f"{voorbeelden}."
            if n
            else f"alle waarden van {kolom} staan in de standaardschrijfwijze."
        ),
        kengetallen=kengetallen,
    )


def _controle_werksoort(bestand: str, onbekend: pd.Series, gevuld: int, max_pct: float) -> Controle:
    """``vocabulaire Werksoort``: % of the filled werksoorten outside the four (rejected rows)."""
    n = len(onbekend)
    waarde = pct(n, gevuld)
    te_veel = gevuld > 0 and waarde > max_pct
    if n:
        melding = (
            f"{n} van de {gevuld} ingevulde werksoorten ({_getal(waarde)} %) zijn geen "
            f"Screening, Triage, Top X of Overige casuïstiek: "
            f"{_lijst(onbekend.astype(str).value_counts())}; deze rijen zijn afgewezen."
        )
    else:
        melding = (
            f"alle {gevuld} ingevulde werksoorten zijn bekend."
            if gevuld
            else "geen ingevulde werksoorten."
        )
    return Controle(
        controle="vocabulaire Werksoort",
        bestand=bestand,
        status=WAARSCHUWING if te_veel else OK,
        waarde=waarde,
        eenheid="%",
        drempel=max_pct,
        melding=melding,
        oplossing=(
            "Heten de werksoorten in deze export anders (een ander casussysteem of een nieuwe "
            "versie), hernoem ze dan in het bestand naar Screening, Triage, Top X of Overige "
            "casuïstiek; zie afgewezen.csv voor elke rij."
            if te_veel
            else ("Zie afgewezen.csv voor elke rij." if n else "")
        ),
        kengetallen=("1-1", "1-3"),
    )


def _controle_datums(
    bestand: str,
    rijen: int,
    per_reden: dict[str, int],
    vroegste: object,
    laatste: pd.Timestamp,
) -> Controle:
    """``datums registratie``: rows rejected for an implausible or placeholder date."""
    grenzen = f"{pd.Timestamp(vroegste):%d-%m-%Y} tot en met {laatste:%d-%m-%Y}"
    if rijen:
        delen = "; ".join(f"{r} ({a}×)" for r, a in per_reden.items())
        melding = (
            f"{rijen} rij(en) afgewezen om een onwaarschijnlijke of plaatsvervangende datum "
            f"(plausibel is {grenzen}): {delen}."
        )
    else:
        melding = f"alle datums liggen van {grenzen}; geen plaatsvervangende datums."
    return Controle(
        controle="datums registratie",
        bestand=bestand,
        status=OK,
        waarde=float(rijen),
        eenheid="rijen",
        melding=melding,
        oplossing=(
            "Zie afgewezen.csv voor elke rij; herstel de datums in het casussysteem en maak "
            "een nieuwe export."
            if rijen
            else ""
        ),
        kengetallen=("1-1", "1-3"),
    )


def _controle_dubbel(bestand: str, dubbel: int, rijen: int, max_pct: float) -> Controle:
    """``dubbele rijen``: exact duplicates (counted once); a warning above ``max_pct``."""
    waarde = pct(dubbel, rijen)
    tekst = f"{dubbel} van de {rijen} rijen ({_getal(waarde if rijen else 0.0)} %)"
    te_veel = rijen > 0 and waarde > max_pct
    if te_veel:
        melding = (
            f"{tekst} zijn precies gelijk aan een eerdere rij, meer dan {max_pct:g} % "
            "([controles] max_dubbel_pct); ze zijn één keer geteld, maar zoveel dubbele "
            "rijen wijzen op een export die dubbel is gemaakt of aan elkaar is geplakt."
        )
    elif dubbel:
        melding = f"{tekst} zijn precies gelijk aan een eerdere rij en zijn één keer geteld."
    else:
        melding = "geen dubbele rijen."
    return Controle(
        controle="dubbele rijen",
        bestand=bestand,
        status=WAARSCHUWING if te_veel else OK,
        waarde=waarde,
        eenheid="%",
        drempel=max_pct,
        melding=melding,
        oplossing=(
            "Maak de export opnieuw (één keer, zonder samenvoegen) en vergelijk het aantal "
            "rijen; de dubbele rijen staan in afgewezen.csv."
            if te_veel
            else ""
        ),
        kengetallen=("1-1",),
    )


def controle_gemeente(
    bestand: str,
    buiten: pd.DataFrame,
    casussen: int,
    jaar: int,
    regio: list[str],
    max_pct: float,
) -> Controle:
    """``vocabulaire Gemeente``: % of the year's casussen outside the region's gemeenten.

    Parameters
    ----------
    bestand : str
        The registry extract.
    buiten : pandas.DataFrame
        :func:`analysis.registratie.buiten_regio_namen` of the year.
    casussen : int
        All casussen of the year (onbekend included: the base of 1-2).
    jaar : int
        The registratiejaar.
    regio : list of str
        The region's gemeenten.
    max_pct : float
        ``[controles] max_buiten_vocabulaire_pct``: above it, a ``waarschuwing`` on 1-2.

    Returns
    -------
    Controle
        ``waarde`` = the 1-2 share buiten regio (%); the message names the most frequent
        names outside the region.
    """
    n = int(buiten["aantal"].sum()) if len(buiten) else 0
    waarde = pct(n, casussen)
    te_veel = casussen > 0 and waarde > max_pct
    namen = _lijst(dict(zip(buiten["gemeente"], buiten["aantal"], strict=True)))
    if n:
        melding = (
            f"{_getal(waarde)} % van de casussen van {jaar} ({n} van de {casussen}) valt "
            f"buiten de {len(regio)} gemeenten van de regio; de meest voorkomende: {namen}"
        )
        melding += (
            f"; dat is meer dan {max_pct:g} % ([controles] max_buiten_vocabulaire_pct): "
            "controleer of dit echt andere gemeenten zijn."
            if te_veel
            else "."
        )
    else:
        melding = (
            f"alle {casussen} casussen van {jaar} hebben een gemeente van de regio of onbekend."
            if casussen
            else f"geen casussen in {jaar}."
        )
    return Controle(
        controle="vocabulaire Gemeente",
        bestand=bestand,
        status=WAARSCHUWING if te_veel else OK,
        waarde=waarde,
        eenheid="%",
        drempel=max_pct,
        melding=melding,
        oplossing=(
            "Staan hier schrijfwijzen van de regiogemeenten (" + ", ".join(regio) + ") "
            "die niet zijn herkend, hernoem ze dan in het bestand naar de naam uit het "
            "inwonerbestand; zijn het echt andere gemeenten, dan klopt het cijfer 'buiten "
            "regio'."
            if te_veel
            else ""
        ),
        kengetallen=("1-2",),
    )


#: The kengetallen that rest on the registry extract (the recidive cohort too).
REGISTRATIE_KENGETALLEN = ("1-1", "1-2", "1-3", "2-2", "10-2")
#: A registry extract whose besprekingen of the year start later or end earlier than this
#: many days from the year's edges probably misses part of the year.
DEKKING_MARGE_DAGEN = 31


def controle_dekking(bestand: str, datums: pd.Series, jaar: int) -> Controle:
    """Does the extract cover the whole registratiejaar?

    An extract drawn too early, or last year's extract named in this year's config, holds
    few or no besprekingen of the registratiejaar and gives counts that look plausible but
    are far too low. No bespreking in the year is a ``stop``; a first bespreking of the year
    more than :data:`DEKKING_MARGE_DAGEN` days after 1 January, or a last one that many days
    before 31 December, is a ``waarschuwing`` on the registry kengetallen.

    Parameters
    ----------
    bestand : str
        The extract's file name.
    datums : pandas.Series
        Datum bespreking of the used rows (datetime).
    jaar : int
        The registratiejaar.

    Returns
    -------
    Controle
        ``dekking registratiejaar`` with ``waarde`` = the days of the year between the
        first and the last bespreking of the year (inclusive), ``eenheid`` "dagen".
    """
    from instruments.controles import STOP

    begin, eind = pd.Timestamp(jaar, 1, 1), pd.Timestamp(jaar, 12, 31)
    in_jaar = datums[(datums >= begin) & (datums <= eind)]
    alle = datums.dropna()
    bereik = (
        f"; het extract loopt van {alle.min():%d-%m-%Y} tot {alle.max():%d-%m-%Y}"
        if len(alle)
        else ""
    )
    if in_jaar.empty:
        return Controle(
            "dekking registratiejaar",
            bestand,
            STOP,
            0.0,
            f"het extract heeft geen enkele bespreking in het registratiejaar {jaar}{bereik}.",
            "Is dit het extract van een ander jaar? Geef bij [registratie] bestand het extract "
            f"dat de besprekingen van {jaar} bevat, of pas [meting] registratiejaar aan.",
            REGISTRATIE_KENGETALLEN,
            eenheid="dagen",
        )
    eerste, laatste = in_jaar.min(), in_jaar.max()
    dagen = float((laatste - eerste).days + 1)
    te_laat = (eerste - begin).days > DEKKING_MARGE_DAGEN
    te_vroeg = (eind - laatste).days > DEKKING_MARGE_DAGEN
    melding = (
        f"de besprekingen van {jaar} lopen van {eerste:%d-%m-%Y} tot {laatste:%d-%m-%Y}"
        f" ({dagen:.0f} dagen){bereik}."
    )
    if not (te_laat or te_vroeg):
        return Controle(
            "dekking registratiejaar",
            bestand,
            OK,
            dagen,
            melding,
            kengetallen=REGISTRATIE_KENGETALLEN,
            eenheid="dagen",
        )
    return Controle(
        "dekking registratiejaar",
        bestand,
        WAARSCHUWING,
        dagen,
        f"{melding} Het extract dekt waarschijnlijk niet het hele jaar: de aantallen casussen "
        "en besprekingen zijn dan te laag.",
        "Vraag een extract dat het hele registratiejaar bevat (getrokken na 31 december), of "
        "controleer of het extract van het juiste jaar is.",
        REGISTRATIE_KENGETALLEN,
        eenheid="dagen",
    )
