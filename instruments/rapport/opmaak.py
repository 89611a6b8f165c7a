"""One place for how a number and a column header look, in the workbook and in text.

Every output that shows a number asks this module: the workbook for an Excel number format
(:func:`excel_formaat`, :func:`verschil_formaat`, :func:`kolom_formaat`), the factsheet, the
trend sheet and the chart labels for Dutch text (:func:`getal`, :func:`p_tekst`). The rule
is one per kind of statistic (:func:`soort`):

============  =======================  ===================  =====================
soort         statistics               Excel                text
============  =======================  ===================  =====================
aantal        counts, n, personen      ``#,##0``            ``2.200``
inwoners      inhabitants              ``#,##0``            ``57.010``
percentage    ``percentage*``, ``%``   ``0.0 %`` (fraction) ``84,5 %``
gemiddelde    means, sd, cijfers       ``0.0``              ``7,5``
pp            focusverschil            ``0.0" pp"``         ``16,9 pp``
p             p-values                 three decimals       ``0,032``, ``< 0,001``
ratio         rate ratio               ``0.00``             ``0,34``
per_jaar      delicten per jaar vrij   ``0.00``             ``4,10``
============  =======================  ===================  =====================

Differences between metingen are signed, and percentages differ in procentpunten (pp).
Dutch text uses babel's ``nl_NL`` number symbols (decimal comma, thousands point), a
non-breaking space before ``%`` and ``pp`` and a true minus sign (U+2212).

Column headers: :data:`KOPPEN` maps the code names of the instruments' tables
(``ci_low``, ``percentage_7_of_hoger``, ``rate_ratio_ci_laag``, ``p_waarde`` ...) to Dutch;
:func:`kop` applies it (with a readable fallback for names it does not know).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from babel.numbers import format_decimal

LOCALE = "nl_NL"
NBSP = "\u00a0"
MIN = "\u2212"
LEEG = "–"

#: Statistics (``statistiek`` of indicatoren.csv, or column code names) that are counts.
AANTALLEN = {
    "aantal",
    "n",
    "n1",
    "n2",
    "personen",
    "delicten",
    "delicten_voor",
    "delicten_na",
    "dagen_vrij",
    "dagen_vrij_voor",
    "dagen_vrij_na",
    "personen_volledig_na",
    "nog_gevolgd_zonder_delict",
    "weet_niet",
    "niet_voorgelegd",
    "leeg",
    "casussen",
    "respondenten",
    "populatie",
    "rijen",
    "rijen_gelezen",
    "rijen_gebruikt",
    "rijen_afgewezen",
}
#: Whole numbers that are no amounts (no thousands separator: 2016, not 2.016).
GEHELE = {"jaar", "maanden", "registratiejaar"}

#: Excel number format per soort (values of percentages written as fractions).
EXCEL = {
    "aantal": "#,##0",
    "inwoners": "#,##0",
    "geheel": "0",
    "percentage": "0.0 %",
    "gemiddelde": "0.0",
    "pp": '0.0" pp"',
    "p": '[<0.001]"< 0,001";0.000',
    "ratio": "0.00",
    "per_jaar": "0.00",
    "getal": "#,##0.0",
}
#: Excel number format of a difference between metingen per soort.
EXCEL_VERSCHIL = {
    "aantal": "+#,##0;-#,##0;0",
    "inwoners": "+#,##0;-#,##0;0",
    "geheel": "+0;-0;0",
    "percentage": '+0.0" pp";-0.0" pp";0.0" pp"',
    "pp": '+0.0" pp";-0.0" pp";0.0" pp"',
    "gemiddelde": "+0.0;-0.0;0.0",
    "p": "0.000",
    "ratio": "+0.00;-0.00;0.00",
    "per_jaar": "+0.00;-0.00;0.00",
    "getal": "+#,##0.0;-#,##0.0;0.0",
}
DECIMALEN = {
    "aantal": 0,
    "inwoners": 0,
    "geheel": 0,
    "percentage": 1,
    "gemiddelde": 1,
    "pp": 1,
    "p": 3,
    "ratio": 2,
    "per_jaar": 2,
    "getal": 1,
}


def soort(statistiek: object) -> str:
    """The kind of a statistic or column (code name or Dutch header), which fixes its format.

    Parameters
    ----------
    statistiek : str
        A ``statistiek`` of indicatoren.csv (``percentage_eens``, ``rate_ratio`` ...) or a
        column name of an instrument's table (``p_waarde``, ``% casussen``, ``inwoners``).

    Returns
    -------
    str
        One of ``aantal``, ``inwoners``, ``geheel``, ``percentage``, ``gemiddelde``, ``pp``,
        ``p``, ``ratio``, ``per_jaar`` or ``getal`` (anything else).

    Examples
    --------
    >>> soort("percentage_7_of_hoger"), soort("p_waarde"), soort("rate_ratio_ci_laag")
    ('percentage', 'p', 'ratio')
    >>> soort("% inwoners regio"), soort("inwoners"), soort("personen")
    ('percentage', 'inwoners', 'aantal')
    """
    s = str(statistiek).strip()
    laag = s.lower()
    if laag in AANTALLEN or laag.startswith(("rijen ", "aantal", "n ")):
        return "aantal"
    if laag in GEHELE:
        return "geheel"
    if "inwoners" in laag and "%" not in laag and "per" not in laag:
        return "inwoners"
    if laag in ("p", "p_val", "p_waarde", "p_gecorrigeerd") or laag.startswith("p gecorrigeerd"):
        return "p"
    if laag.startswith("rate_ratio") or laag.startswith("rate ratio"):
        return "ratio"
    if laag.startswith("per_jaar") or "per jaar" in laag:
        return "per_jaar"
    if laag in ("focus_verschil", "procentpunten") or laag.endswith("(procentpunten)"):
        return "pp"
    if laag.startswith(("percentage", "prevalentie", "pct", "verandering_pct")) or (
        "%" in laag and "bi " not in laag and not laag.startswith("95%")
    ):
        return "percentage"
    if laag in ("gemiddelde", "sd", "cijfer", "standaardafwijking", "rapportcijfer"):
        return "gemiddelde"
    return "getal"


def is_percentage(statistiek: object) -> bool:
    """Whether values of this statistic are percentages 0–100 (written as fractions)."""
    return soort(statistiek) == "percentage"


def excel_formaat(statistiek: object) -> str:
    """Excel number format of a value of this statistic.

    Examples
    --------
    >>> excel_formaat("aantal"), excel_formaat("percentage"), excel_formaat("gemiddelde")
    ('#,##0', '0.0 %', '0.0')
    """
    return EXCEL[soort(statistiek)]


def verschil_formaat(statistiek: object) -> str:
    """Excel number format of a difference between metingen (signed; pp for percentages)."""
    return EXCEL_VERSCHIL[soort(statistiek)]


def kolom_formaat(naam: object, waarden: pd.Series | None = None) -> str | None:
    """Excel number format of a table column, from its (code or Dutch) name.

    A column the name does not classify gets ``#,##0`` when all its values are whole and
    ``#,##0.0`` otherwise; a non-numeric column gets ``None`` (Excel's General).
    """
    if waarden is not None and not pd.api.types.is_numeric_dtype(waarden):
        getallen = pd.to_numeric(waarden, errors="coerce")
        if getallen.notna().sum() == 0:
            return None
    else:
        getallen = waarden
    s = soort(naam)
    if s != "getal":
        return EXCEL[s]
    if getallen is not None:
        eindig = getallen.dropna().astype(float)
        eindig = eindig[np.isfinite(eindig)]
        if len(eindig) and (eindig == eindig.round()).all():
            return EXCEL["aantal"]
    return EXCEL["getal"]


def leeg(waarde: object) -> bool:
    """Whether a value is missing (None, NA, NaN)."""
    if waarde is None or waarde is pd.NA or waarde is pd.NaT:
        return True
    return isinstance(waarde, (float, np.floating)) and math.isnan(waarde)


def _decimaal(waarde: float, decimalen: int) -> str:
    patroon = "#,##0" + ("." + "0" * decimalen if decimalen else "")
    tekst = format_decimal(abs(waarde), format=patroon, locale=LOCALE)
    return tekst


def getal(
    waarde: object,
    statistiek: object = "getal",
    *,
    verschil: bool = False,
    decimalen: int | None = None,
) -> str:
    """A value as Dutch text, with the precision of its statistic.

    Parameters
    ----------
    waarde : float
        The value (percentages 0–100).
    statistiek : str
        Statistic or column name (see :func:`soort`).
    verschil : bool
        A difference between metingen: signed, percentages in ``pp``.
    decimalen : int, optional
        Override of the statistic's number of decimals.

    Returns
    -------
    str
        ``–`` for a missing value.

    Examples
    --------
    >>> getal(2200, "aantal"), getal(84.51, "percentage"), getal(7.46, "gemiddelde")
    ('2.200', '84,5\\xa0%', '7,5')
    >>> getal(12, "percentage", verschil=True), getal(-0.334, "rate_ratio", verschil=True)
    ('+12,0\\xa0pp', '−0,33')
    >>> getal(0.0004, "p_waarde"), getal(0.0321, "p_waarde")
    ('< 0,001', '0,032')
    """
    if leeg(waarde):
        return LEEG
    waarde = float(waarde)
    s = soort(statistiek)
    d = DECIMALEN[s] if decimalen is None else decimalen
    if s == "p" and not verschil:
        return f"< {_decimaal(0.001, 3)}" if waarde < 0.001 else _decimaal(waarde, 3)
    if round(waarde, d) == 0:
        waarde = 0.0  # no "−0,0"
    teken = MIN if waarde < 0 else ("+" if verschil and waarde > 0 else "")
    tekst = teken + _decimaal(waarde, d)
    if s in ("percentage", "pp") and (verschil or s == "pp"):
        return f"{tekst}{NBSP}pp"
    if s == "percentage":
        return f"{tekst}{NBSP}%"
    return tekst


def procent(waarde: object, decimalen: int = 1, *, teken: bool = False) -> str:
    """A percentage (0–100) as text, e.g. a relative change: ``−66,5 %`` / ``+3,0 %``."""
    if leeg(waarde):
        return LEEG
    tekst = getal(waarde, "percentage", decimalen=decimalen)
    if teken and float(waarde) > 0 and round(float(waarde), decimalen) != 0:
        tekst = "+" + tekst
    return tekst


def p_tekst(p: object) -> str:
    """A p-value for readers: ``p < 0,001`` or ``p = 0,032``.

    Examples
    --------
    >>> p_tekst(5e-18), p_tekst(0.0321)
    ('p < 0,001', 'p = 0,032')
    """
    if leeg(p):
        return ""
    tekst = getal(p, "p")
    return f"p {tekst}" if tekst.startswith("<") else f"p = {tekst}"


def ja_nee(waarde: object) -> object:
    """Booleans (also the strings ``True``/``False``) as ``ja``/``nee``; others unchanged."""
    if isinstance(waarde, (bool, np.bool_)):
        return "ja" if waarde else "nee"
    if isinstance(waarde, str) and waarde in ("True", "False"):
        return "ja" if waarde == "True" else "nee"
    return waarde


#: Dutch headers of the code names of the instruments' tables, one mapping for all outputs.
KOPPEN = {
    # indicatoren.csv
    "indicator": "kengetal",
    "item": "item",
    "statistiek": "statistiek",
    "groep": "groep",
    "meting": "meting",
    "waarde": "waarde",
    "vorige_meting": "vorige meting",
    "vorige_waarde": "vorige meting",
    "verschil": "verschil",
    "toets": "toets",
    "p_waarde": "p",
    "p_val": "p",
    "p_gecorrigeerd": "p gecorrigeerd (BH)",
    "significant": "significant",
    "opmerking": "opmerking",
    # statistics
    "n": "n",
    "aantal": "aantal",
    "percentage": "%",
    "gemiddelde": "gemiddelde",
    "sd": "standaardafwijking",
    "ci_low": "95%-BI onder",
    "ci_high": "95%-BI boven",
    "ci_laag": "95%-BI onder",
    "ci_hoog": "95%-BI boven",
    "percentage_7_of_hoger": "% cijfer 7 of hoger",
    "percentage_8_of_hoger": "% cijfer 8 of hoger",
    "percentage_onvoldoende": "% onvoldoende (5 of lager)",
    "percentage_eens": "% (helemaal) eens",
    "percentage_oneens": "% (helemaal) oneens",
    "percentage_sterke_mate": "% problemen in sterke mate",
    "percentage_aanpak_sterke_mate": "% aanpak in sterke mate gericht",
    "percentage_inwoners": "% inwoners",
    "focus_verschil": "focusverschil (pp)",
    # questionnaire
    "weet_niet": "weet niet",
    "niet_voorgelegd": "niet voorgelegd",
    "leeg": "niet ingevuld",
    "tekst": "vraag",
    "kengetallen": "kengetallen",
    "blok": "blok",
    "kant": "kant",
    "organisatie": "organisatie",
    "werkzaamheden": "werkzaamheden",
    # recidive
    "personen": "personen",
    "delicten": "delicten",
    "delicten_voor": "delicten voor",
    "delicten_na": "delicten na",
    "dagen_vrij": "dagen in vrijheid",
    "dagen_vrij_voor": "dagen in vrijheid voor",
    "dagen_vrij_na": "dagen in vrijheid na",
    "per_jaar_vrij_voor": "delicten per jaar vrij, voor",
    "per_jaar_vrij_na": "delicten per jaar vrij, na",
    "verandering_pct": "verandering (%)",
    "verandering_pct_tov_eerste_jaar": "verandering t.o.v. eerste jaar (%)",
    "rate_ratio": "rate ratio (na/voor)",
    "rate_ratio_ci_laag": "rate ratio 95%-BI onder",
    "rate_ratio_ci_hoog": "rate ratio 95%-BI boven",
    "personen_volledig_na": "personen met een volledig jaar na",
    "prevalentie_voor": "% met delict voor",
    "prevalentie_na": "% met delict na",
    "maanden": "maanden",
    "jaar": "jaar",
    "nog_gevolgd_zonder_delict": "nog gevolgd zonder delict",
    "pct_zonder_delict": "% zonder delict",
    # tests
    "toets_omschrijving": "omschrijving toets",
    "statistic": "toetsingsgrootheid",
    "df": "vrijheidsgraden",
    "estimate": "verschil / schatting",
    "effect": "effectgrootte",
    "effect_naam": "maat effectgrootte",
    "n1": "n1",
    "n2": "n2",
    "familie": "in BH-familie",
    # verantwoording, checks
    "sha256": "SHA-256",
    "rijen_gelezen": "rijen gelezen",
    "rijen_gebruikt": "rijen gebruikt",
    "rijen_afgewezen": "rijen afgewezen",
    "onderdeel": "onderdeel",
    "omschrijving": "omschrijving",
    "eenheid": "eenheid",
    "instelling": "instelling",
    "melding": "bevinding",
    "oplossing": "wat u kunt doen",
    "drempel": "drempel",
}

_CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


def is_codenaam(kop_tekst: object) -> bool:
    """Whether a header looks like a code name (``snake_case``) rather than Dutch text."""
    return bool(_CODE.match(str(kop_tekst)))


def kop(naam: object) -> str:
    """The Dutch header of a column (code names via :data:`KOPPEN`, others unchanged).

    Examples
    --------
    >>> kop("rate_ratio_ci_laag"), kop("% casussen"), kop("nog_iets_nieuws")
    ('rate ratio 95%-BI onder', '% casussen', 'nog iets nieuws')
    """
    tekst = str(naam)
    if tekst in KOPPEN:
        return KOPPEN[tekst]
    if is_codenaam(tekst):
        tekst = tekst.replace("_pct", " (%)").replace("_", " ")
    return tekst
