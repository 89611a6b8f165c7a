"""Privacy: the one set of patterns for personal data, how it is redacted, and what is refused.

formats.md §2: IP address, e-mail address, names and custom data are dropped while reading
and never stored or written; in open answers e-mail addresses, phone numbers and 9-digit
numbers are redacted. §3: the case analyses hold no personal data.

Three rules, one set of patterns (:data:`PATRONEN`):

- **Columns** (:func:`is_persoonsgegeven_kolom`): a column whose header is one of
  :data:`PERSOONSGEGEVEN_KOLOMMEN` (SurveyMonkey's own names, English and Dutch, also with a
  number: ``Custom Data 2``) or of the codebook's ``[export] privacy`` list is personal data.
  It is dropped while reading and never reaches an output.
- **Redact** (:func:`redigeer`, the questionnaire's open answers and rejected cells): each
  e-mail address, IP address, phone number and 9-digit number is replaced by a marker.
- **Refuse** (:func:`privacy_problemen`, the case analyses' free text): a text in which any
  pattern is found, or a name (a title such as *mevrouw*/*dhr* followed by a capitalised
  word, or a common Dutch first name), is refused while reading; the text found is never
  repeated in a message.

What is deliberately *not* personal data (near misses, tested in tests/instruments/
test_privacy_patronen.py): dates (``01-02-2016``, also with a time ``01-02-2016 10:15``),
amounts (``€ 125.000.000``, ``125.000.000 euro``, ``123.456.789,50``), postcodes
(``6211 AB``), grades and version numbers (``7.5``, ``1.2.3``), years and counts, and casus
codes such as ``TX-2017-01-001``. A four-part version number (``1.2.3.4``) has the form of an
IPv4 address and is redacted: on the safe side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from surveys import normaliseer_tekst

__all__ = [
    "PATRONEN",
    "PERSOONSGEGEVEN_KOLOMMEN",
    "VOORNAMEN",
    "is_persoonsgegeven_kolom",
    "kolom_sleutel",
    "privacy_problemen",
    "redigeer",
]

# --------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------
#: ``naam@domein.tld`` (the top-level domain in letters).
EMAIL = re.compile(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}")
#: Dutch phone numbers: ``0``, ``+31`` or ``0031`` (optionally ``(0)``) and 9 digits, with
#: spaces, hyphens, dots or brackets between them: ``06-12345678``, ``+31 6 1234 5678``,
#: ``(043) 123 45 67``. Not followed by ``:`` and a digit (a date with a time).
TELEFOON = re.compile(
    r"(?<![\d+])(?:(?:\+|00)31[\s\-.]*(?:\(0\)[\s\-.]*)?|\(?0)\d(?:[\s\-.)]{0,2}\d){8}"
    r"(?!\d|:\d)"
)
#: A BSN-like number: 9 digits, also as ``123 456 789``, ``123.456.789``, ``1234.56.789``;
#: not an amount (``€`` before it, ``euro`` or a decimal comma after it).
NEGEN_CIJFERS = re.compile(
    r"(?<!\d)(?<!€)(?<!€ )(?:\d{9}|\d{3}[ .]\d{3}[ .]\d{3}|\d{4}[ .]\d{2}[ .]\d{3})"
    r"(?!\d|,\d|\s?euro)"
)
#: An IPv4 address or a full IPv6 address.
IP = re.compile(
    r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\.?\d)"
    r"|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])"
)
_TUSSENVOEGSEL = r"(?:(?:van|de|der|den|ter|ten|het|op|in|'t|te)\s+)*"
_NAAMWOORD = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"
#: A title followed by a (capitalised) name: ``mevrouw Jansen``, ``dhr. P. de Vries``.
TITEL_NAAM = re.compile(
    r"(?<![\w])(?:[Mm]eneer|[Mm]evrouw|[Mm]evr|[Mm]vr|[Dd]hr|[Mm]w|[Mm]ej|[Dd]e heer)\.?\s+"
    r"(?:[A-Z]\.\s*)*" + _TUSSENVOEGSEL + _NAAMWOORD
)
#: Common Dutch first names (capitalised, as a whole word). Names that are also ordinary
#: Dutch words (Ben, Roos, Fleur, Iris ...) are left out to avoid refusing normal text.
VOORNAMEN: frozenset[str] = frozenset(
    """
    Jan Piet Kees Henk Gerrit Johan Willem Hendrik Peter Paul Erik Bart Tim Tom Thomas Jeroen
    Stefan Sander Dennis Kevin Marco Martin Patrick Vincent Jasper Ruben Daan Sem Lucas Levi
    Bram Luuk Milan Jesse Thijs Joost Koen Wouter Mohamed Mohammed Ahmed Mustafa Youssef
    Anna Emma Sophie Julia Lisa Sara Sanne Lotte Eva Anouk Femke Nina Laura Linda Sandra
    Monique Petra Ingrid Anja Esther Marieke Karin Wilma Johanna Maria Fatima Ayse Mila Tess
    Noor Yara Saskia Miriam Ilse Annemieke Kim
    """.split()
)
# Not followed by a dot and lower case or '-' ("Jan.-feb.", "Jan. t/m maart": a month).
VOORNAAM = re.compile(r"(?<![\w])(" + "|".join(sorted(VOORNAMEN)) + r")(?![\w])(?!\.\s*[-a-z])")


#: Per kind of personal data: the pattern, the marker that replaces it in redacted text (None:
#: not redacted, only refused) and its description in a refusal (Dutch, never the text).
PATRONEN: dict[str, tuple[re.Pattern[str], str | None, str]] = {
    "email": (EMAIL, "[e-mailadres verwijderd]", "een e-mailadres"),
    "ip": (IP, "[IP-adres verwijderd]", "een IP-adres"),
    "telefoon": (TELEFOON, "[telefoonnummer verwijderd]", "een telefoonnummer"),
    "nummer": (NEGEN_CIJFERS, "[nummer verwijderd]", "een BSN-achtig nummer (9 cijfers)"),
    "titel": (TITEL_NAAM, None, "een naam na een aanspreekvorm zoals 'mevrouw' of 'dhr'"),
    "voornaam": (VOORNAAM, None, "een voornaam"),
}

# The order of the refusal messages (the redaction needs PATRONEN's order: a phone number
# before the 9 digits inside it).
_VOLGORDE_WEIGEREN = ("email", "ip", "nummer", "telefoon", "titel", "voornaam")


def redigeer(reeks: pd.Series) -> pd.Series:
    """Redact e-mail addresses, IP addresses, phone numbers and 9-digit numbers in open answers.

    Parameters
    ----------
    reeks : pandas.Series
        Open answers (str or missing).

    Returns
    -------
    pandas.Series
        Same index, ``string`` dtype; each e-mail address becomes
        ``[e-mailadres verwijderd]``, each IPv4 or full IPv6 address ``[IP-adres
        verwijderd]``, each phone number ``[telefoonnummer verwijderd]`` and
        each other 9-digit number (e.g. a BSN) ``[nummer verwijderd]`` (in that order, so
        that the digits of an IP address or a phone number are not taken for a BSN).

    Examples
    --------
    >>> redigeer(pd.Series(["Bel 06-12345678 of mail a.b@vhh.nl"])).iloc[0]
    'Bel [telefoonnummer verwijderd] of mail [e-mailadres verwijderd]'
    """
    tekst = reeks.astype("string")
    for patroon, markering, _ in PATRONEN.values():
        if markering is not None:
            tekst = tekst.str.replace(patroon, markering, regex=True)
    return tekst


def privacy_problemen(tekst: object) -> list[str]:
    """Kinds of personal data found in a free-text value (empty list: nothing found).

    Parameters
    ----------
    tekst : object
        The cell value (non-strings are converted with ``str``; None gives ``[]``).

    Returns
    -------
    list of str
        Dutch descriptions with the character position, never the text found, e.g.
        ``["een e-mailadres (vanaf teken 12)"]``.

    Examples
    --------
    >>> privacy_problemen("Overleg met mevrouw De Groot ging goed")
    ["een naam na een aanspreekvorm zoals 'mevrouw' of 'dhr' (vanaf teken 13)"]
    >>> privacy_problemen("Politie en zorg werkten goed samen")
    []
    """
    if tekst is None:
        return []
    s = str(tekst)
    gevonden = []
    for soort_naam in _VOLGORDE_WEIGEREN:
        patroon, _, soort = PATRONEN[soort_naam]
        m = patroon.search(s)
        if m:
            gevonden.append(f"{soort} (vanaf teken {m.start() + 1})")
    return gevonden


# --------------------------------------------------------------------------------------------
# Columns that are personal data
# --------------------------------------------------------------------------------------------
#: SurveyMonkey's own headers of personal data (English and Dutch accounts), refused whatever
#: the codebook lists.
PERSOONSGEGEVEN_KOLOMMEN = (
    "IP Address", "Email Address", "First Name", "Last Name", "Custom Data", "IP-adres",
    "E-mailadres", "Voornaam", "Achternaam", "Aangepaste gegevens",
)  # fmt: skip


def kolom_sleutel(kop: object) -> str:
    """A header as compared: normalised (:func:`surveys.normaliseer_tekst`), without
    punctuation, ``_`` and a trailing number.

    Examples
    --------
    >>> kolom_sleutel("Custom Data 2"), kolom_sleutel("E-mail_adres")
    ('customdata', 'emailadres')
    """
    return re.sub(r"[\W_]+|\d+$", "", normaliseer_tekst(kop))


_SLEUTELS = frozenset(kolom_sleutel(k) for k in PERSOONSGEGEVEN_KOLOMMEN)


def is_persoonsgegeven_kolom(kop: object, extra: Iterable[str] = ()) -> bool:
    """Whether a column holds personal data (and must be dropped while reading).

    Parameters
    ----------
    kop : object
        The column header.
    extra : iterable of str
        More headers that are personal data (the codebook's ``[export] privacy``).

    Examples
    --------
    >>> is_persoonsgegeven_kolom("Custom Data 1"), is_persoonsgegeven_kolom("Organisatie")
    (True, False)
    """
    sleutel = kolom_sleutel(kop)
    if not sleutel:
        return False
    return sleutel in _SLEUTELS or sleutel in {kolom_sleutel(k) for k in extra}
