"""Column classification and layouts: which columns are metadata, personal data or items,
and whether an export is SurveyMonkey's two header rows or a tidy file (formats.md §2)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from instruments.privacy import (
    PERSOONSGEGEVEN_KOLOMMEN,
    is_persoonsgegeven_kolom,
    kolom_sleutel,
)
from instruments.surveytool.antwoorden import _Kolom, _kolom_letter, _kop_tekst
from surveys import Codebook

# -- column classification ----------------------------------------------------------------
#: Layout names (as in the verslag) and the values of ``[vragenlijst] indeling``.
INDELINGEN = {"surveymonkey": "SurveyMonkey", "tidy": "tidy"}
#: Metadata headers of SurveyMonkey exports (English and Dutch accounts, current and legacy
#: exports), recognised whatever the codebook lists.
SM_METADATA = (
    "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
    "First Name", "Last Name", "Custom Data", "Respondent-ID", "Respondentnummer",
    "Verzamelaar-ID", "Verzamelprogramma-ID", "Begindatum", "Startdatum", "Einddatum",
    "IP-adres", "E-mailadres", "Voornaam", "Achternaam", "Aangepaste gegevens",
)  # fmt: skip
#: Generic sub-headers (row 2) of single questions in SurveyMonkey exports.
SM_SUBKOPPEN = (
    "Response", "Open-Ended Response", "Other (please specify)", "Antwoord", "Open antwoord",
    "Reactie", "Open reactie", "Anders (geef op)",
)  # fmt: skip


#: Of those, the respondent number and the personal data (dropped while reading, also with
#: a codebook that does not list them).
SM_RESPONDENT_ID = ("Respondent ID", "Respondent-ID", "Respondentnummer")
SM_PRIVACY = PERSOONSGEGEVEN_KOLOMMEN


_sleutel = kolom_sleutel


_SM_META_SLEUTELS = {_sleutel(k) for k in SM_METADATA}
_SM_ID_SLEUTELS = {_sleutel(k) for k in SM_RESPONDENT_ID}


def _soort_meta(kop: str, cb: Codebook) -> str | None:
    """``privacy``, ``id`` or ``meta`` for a metadata header (codebook or SurveyMonkey's
    own names), else None."""
    sleutel = _sleutel(kop)
    if cb.is_privacy(kop) or is_persoonsgegeven_kolom(kop, cb.privacy):
        return "privacy"
    if cb.is_respondent_id(kop) or sleutel in _SM_ID_SLEUTELS:
        return "id"
    if cb.is_metadata(kop) or sleutel in _SM_META_SLEUTELS:
        return "meta"
    return None


def _is_meta(kop: str, cb: Codebook) -> bool:
    return bool(kop) and _soort_meta(kop, cb) is not None


def _opsomming(teksten: list[str], n: int = 3) -> str:
    delen = [f"'{t}'" for t in teksten[:n]]
    return ", ".join(delen) + (f" en {len(teksten) - n} meer" if len(teksten) > n else "")


def _kies_indeling(
    ruw: pd.DataFrame, cb: Codebook, *, forceer: str | None, spss: bool
) -> tuple[bool, str, bool]:
    """Decide between the SurveyMonkey (two header rows) and the tidy layout.

    The decision rests on the structure of the header rows, never on one header that
    happens to equal an item code: SurveyMonkey evidence is row 2 being empty below the
    metadata columns (``Respondent ID``, ``Collector ID``, ``Start Date``, ... in English or
    Dutch), generic sub-headers (``Response``, ``Open-Ended Response``) in row 2, and matrix
    columns (no question text in row 1, a row label in row 2). Tidy evidence is row 2
    already holding values below the metadata columns. Only when both kinds are present (or
    neither) does the number of columns matching the codebook in each layout decide.

    Returns
    -------
    (tidy, reden, dubbelzinnig)
        ``reden`` says in Dutch which layout was chosen and why.
    """
    if forceer is not None:
        naam = INDELINGEN[forceer]
        return forceer == "tidy", f'{naam} (ingesteld in de config: indeling = "{forceer}")', False
    if spss:
        return True, "tidy (SPSS-bestand: één kopregel met variabelenamen)", False
    if len(ruw) < 2:
        return True, "tidy (het bestand heeft maar één regel)", False
    k1 = [_kop_tekst(w) for w in ruw.iloc[0]]
    k2 = [_kop_tekst(w) for w in ruw.iloc[1]]
    sm: list[str] = []
    td: list[str] = []
    meta = [i for i, k in enumerate(k1) if _is_meta(k, cb)]
    if meta:
        namen = _opsomming([k1[i] for i in meta])
        if all(not k2[i] for i in meta):
            sm.append(f"rij 2 is leeg onder de metagegevens ({namen})")
        elif any(k2[i] for i in meta):
            td.append(f"rij 2 bevat al waarden onder de metagegevens ({namen})")
    generiek_sleutels = {_sleutel(t) for t in (*SM_SUBKOPPEN, *cb.subkoppen_enkel) if t}
    generiek = [i for i, t in enumerate(k2) if t and _sleutel(t) in generiek_sleutels]
    if generiek:
        soorten = _opsomming(sorted({k2[i] for i in generiek}), 2)
        sm.append(f"rij 2 heeft {len(generiek)} subkop(pen) als {soorten}")
    eerste = next((i for i, k in enumerate(k1) if k), len(k1))
    matrix = [
        i
        for i in range(eerste + 1, len(k1))
        if not k1[i] and k2[i] and not re.fullmatch(r"[\d.,\s-]+", k2[i])
    ]
    if matrix:
        sm.append(f"{len(matrix)} kolom(men) zonder vraagtekst in rij 1 met een subkop in rij 2")
    codes = [k for k in k1 if k and cb.zoek_code(k) is not None]
    if sm and not td:
        reden = "SurveyMonkey (twee kopregels): " + "; ".join(sm)
        if codes:
            reden += (
                f". Dat {len(codes)} kolomnaam/-namen in rij 1 ook een itemcode is/zijn "
                f"({_opsomming(codes)}), maakt het geen tidy bestand"
            )
        return False, reden, False
    if td and not sm:
        return True, "tidy (één kopregel): " + "; ".join(td), False
    n_sm = sum(k.soort == "item" for k in _kolommen_export(ruw.iloc[0], ruw.iloc[1], cb))
    n_td = sum(k.soort == "item" for k in _kolommen_tidy(ruw.iloc[0], cb))
    if not sm and not td:
        if n_td >= n_sm:
            return (
                True,
                (
                    f"tidy (één kopregel): {n_td} kolomnaam/-namen zijn itemcodes van het codeboek "
                    "en rij 2 heeft geen subkoppen of lege metagegevens"
                ),
                False,
            )
        return (
            False,
            (
                f"SurveyMonkey (twee kopregels): {n_sm} kolom(men) passen bij vraagtekst en subkop "
                f"van het codeboek, tegen {n_td} als tidy bestand"
            ),
            n_td > 0,
        )
    tidy = n_td > n_sm
    naam = "tidy" if tidy else "SurveyMonkey"
    return (
        tidy,
        (
            f"{naam}, maar dubbelzinnig: voor SurveyMonkey pleit {'; '.join(sm)}; voor tidy "
            f"{'; '.join(td)}. Gekozen op het aantal kolommen dat bij het codeboek past "
            f"({n_sm} als SurveyMonkey, {n_td} als tidy)"
        ),
        True,
    )


def _kolommen_tidy(kopregel: pd.Series, cb: Codebook) -> list[_Kolom]:
    uit = []
    for pos, kop in kopregel.items():
        tekst = _kop_tekst(kop)
        if tekst and (soort := _soort_meta(tekst, cb)) is not None:
            uit.append(_Kolom(pos, tekst, soort))
        elif (code := cb.zoek_code(tekst)) is not None:
            uit.append(_Kolom(pos, tekst, "item", code))
        elif tekst:
            uit.append(_Kolom(pos, tekst, "onbekend"))
    return uit


def _kolommen_export(vragen: pd.Series, subkoppen: pd.Series, cb: Codebook) -> list[_Kolom]:
    gevuld = vragen.ffill()
    uit = []
    for pos in vragen.index:
        eigen = _kop_tekst(vragen[pos])
        vraag = _kop_tekst(gevuld[pos])
        sub = _kop_tekst(subkoppen[pos])
        kop = f"{vraag} / {sub}" if sub and sub != vraag else vraag
        letter = _kolom_letter(int(pos)) if isinstance(pos, (int, np.integer)) else str(pos)
        soort = _soort_meta(vraag, cb) if vraag else None
        if soort == "privacy":
            uit.append(_Kolom(pos, vraag, "privacy"))
        elif soort == "id":
            uit.append(_Kolom(pos, vraag, "id" if eigen else "onbekend"))
        elif soort == "meta":
            uit.append(_Kolom(pos, vraag, "meta"))
        elif (gevonden := cb.zoek(vraag, sub)) is not None:
            code, optie = gevonden
            label = sub if sub and not cb.is_enkele_subkop(sub) else vraag
            uit.append(_Kolom(pos, label, "item", code, optie))
        elif vraag or sub:
            uit.append(_Kolom(pos, f"kolom {letter}: {kop}", "onbekend"))
    return uit
