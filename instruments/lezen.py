"""Generic reading of tabular inputs: CSV, XLSX (and legacy XLS), SPSS ``.sav`` and Parquet.

Every instrument's reader builds on these functions, so that the messy variants of
``formats.md`` (``;``/``,``, Windows-1252, decimal comma, Dutch dates, renamed headers) are
handled once, and every problem becomes an :class:`~instruments.fouten.InvoerFout` or a
rejected row with file, row (as Excel shows it), column, value and reason.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from instruments.fouten import InvoerFout
from instruments.lezen_afwijzingen import (
    Bestandsverslag,
    Foutentabel,
    afwijzingen,
    controleer_afwijzingen,
    toon_cel,
)
from instruments.lezen_datums import (
    PLAATSVERVANGENDE_DATUMS,
    REDEN_LOS_GETAL,
    REDEN_ONGELDIGE_DATUM,
    REDEN_PLAATSVERVANGER,
    REDEN_TE_LAAT,
    REDEN_TE_VROEG,
    parse_datums,
    parse_datums_met_reden,
    parse_getallen,
)
from instruments.lezen_ruw import (
    CODETABEL_NAMEN,
    CODETABELLEN,
    CSV_EXTENSIES,
    EXCEL_EXTENSIES,
    MAX_NUL_PCT,
    ONDERSTEUNDE_EXTENSIES,
    PARQUET_EXTENSIES,
    SPSS_EXTENSIES,
    XLS_EXTENSIES,
    als_str,
    bladen,
    bladen_hint,
    lees_ruw,
    sha256,
)

#: the public reading interface; the names of the sibling modules are re-exported here
__all__ = [
    "CODETABELLEN",
    "CODETABEL_NAMEN",
    "CSV_EXTENSIES",
    "EXCEL_EXTENSIES",
    "MAX_NUL_PCT",
    "ONDERSTEUNDE_EXTENSIES",
    "PARQUET_EXTENSIES",
    "PLAATSVERVANGENDE_DATUMS",
    "REDEN_LOS_GETAL",
    "REDEN_ONGELDIGE_DATUM",
    "REDEN_PLAATSVERVANGER",
    "REDEN_TE_LAAT",
    "REDEN_TE_VROEG",
    "SPSS_EXTENSIES",
    "XLS_EXTENSIES",
    "Bestandsverslag",
    "Foutentabel",
    "afwijzingen",
    "als_str",
    "bladen",
    "bladen_hint",
    "controleer_afwijzingen",
    "lees_controles",
    "lees_opmerkingen",
    "lees_ruw",
    "lees_tabel",
    "normaliseer_ids",
    "normaliseer_kop",
    "parse_datums",
    "parse_datums_met_reden",
    "parse_getallen",
    "sha256",
    "toon_cel",
]


def normaliseer_kop(naam: object) -> str:
    """Normalise a column header for matching.

    Lower case, accents removed, and spaces, ``_`` and ``-`` dropped, so that
    ``"Datum Bespreking"``, ``"datum_bespreking"`` and ``"DATUM-BESPREKING"`` all match.

    Examples
    --------
    >>> normaliseer_kop("Overige Casuïstiek")
    'overigecasuistiek'
    """
    tekst = unicodedata.normalize("NFKD", str(naam))
    tekst = "".join(t for t in tekst if not unicodedata.combining(t))
    return re.sub(r"[\s_\-]+", "", tekst).lower()


def normaliseer_ids(reeks: pd.Series) -> pd.Series:
    """IDs as trimmed strings (dtype ``str``); empty cells become missing.

    Leading zeros are kept. A numeric cell that a spreadsheet turned into ``"12345.0"``
    loses its ``".0"``. The one id rule of every file: persoonsnummers everywhere, and the
    casusnummers of the registry and the koppeltabel alike (or the two would not link).

    Examples
    --------
    >>> normaliseer_ids(pd.Series([" 0012 ", "12345.0", "", None, "2016.10"])).tolist()
    ['0012', '12345', nan, nan, '2016.10']
    """
    s = reeks.astype("str").str.strip()
    if s.str.contains(".", regex=False).any():
        s = s.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    return s.mask(s == "")


def lees_controles(info: dict, bestand: str, kengetallen: tuple[str, ...] | list[str] = ()) -> list:
    """Check records (:class:`~instruments.controles.Controle`) of how a file was read.

    Parameters
    ----------
    info : dict
        ``df.attrs["lezen"]`` of a table from :func:`lees_ruw` / :func:`lees_tabel`.
    bestand : str
        The file name.
    kengetallen : sequence of str
        The kengetallen that rest on the file.

    Returns
    -------
    list of Controle
        For a CSV file: ``NUL-tekens`` (removed NUL bytes; a warning when there were any)
        and ``tekenset`` (the code page used; a warning when the text shows signs of a
        wrong one). Empty for other file types.
    """
    from instruments.controles import OK, WAARSCHUWING, Controle

    if info.get("bestandstype") not in CSV_EXTENSIES or not info.get("codering"):
        return []
    n_nul = int(info.get("nul_bytes", 0))
    naam = CODETABEL_NAMEN.get(info["codering"], info["codering"])
    nul = Controle(
        controle="NUL-tekens",
        bestand=bestand,
        status=WAARSCHUWING if n_nul else OK,
        waarde=float(n_nul),
        eenheid="bytes",
        melding=(
            f"{n_nul} NUL-teken(s) (byte 0) in de tekst verwijderd; de rest van het bestand "
            f"is gewoon gelezen (boven {MAX_NUL_PCT:g} % van de bytes wordt een bestand "
            "geweigerd)."
            if n_nul
            else "geen NUL-tekens in het bestand."
        ),
        oplossing=(
            "Het bestand is waarschijnlijk beschadigd bij kopiëren of opslaan; exporteer het "
            "zo mogelijk opnieuw en vergelijk de aantallen."
            if n_nul
            else ""
        ),
        kengetallen=tuple(kengetallen),
    )
    waarschuwing = info.get("tekenset_status") == WAARSCHUWING
    tekenset = Controle(
        controle="tekenset",
        bestand=bestand,
        status=WAARSCHUWING if waarschuwing else OK,
        melding=(info.get("tekenset_melding") or f"gelezen als {naam}.").rstrip(".") + ".",
        oplossing=(
            "Controleer namen met accenten in de uitvoer; sla het bestand in Excel op als "
            "'CSV UTF-8' en lever het opnieuw aan."
            if waarschuwing
            else ""
        ),
        kengetallen=tuple(kengetallen),
    )
    return [nul, tekenset]


def lees_opmerkingen(info: dict) -> list[str]:
    """Short Dutch notes for a :class:`Bestandsverslag` about how a file was read."""
    uit = []
    if info.get("bestandstype") in CSV_EXTENSIES and info.get("codering"):
        naam = CODETABEL_NAMEN.get(info["codering"], info["codering"])
        uit.append(info.get("tekenset_melding") or f"tekenset: {naam}")
    if info.get("nul_bytes"):
        uit.append(f"{info['nul_bytes']} NUL-teken(s) verwijderd")
    return uit


def lees_tabel(
    pad: Path | str,
    kolommen: dict[str, list[str]],
    *,
    verplicht: set[str],
    hernoem: dict[str, str] | None = None,
    blad: str | int | None = None,
    categorisch: bool = False,
    pijl: bool = False,
) -> pd.DataFrame:
    """Read a table and give its columns their canonical names.

    Parameters
    ----------
    pad : path
        CSV, XLSX, ``.sav`` or Parquet file with one header row.
    kolommen : dict
        Canonical name -> accepted header variants. The canonical name itself is always
        accepted; matching ignores case, accents, spaces, ``_`` and ``-``.
    verplicht : set of str
        Canonical names that must be present.
    hernoem : dict, optional
        The config's ``kolommen`` mapping ``{header in the file: canonical name}``.
    categorisch : bool
        Parquet text columns as trimmed categoricals (see :func:`lees_ruw`).
    pijl : bool
        CSV text columns as Arrow-backed ``str`` (see :func:`lees_ruw`).

    Returns
    -------
    pandas.DataFrame
        The canonical columns found (other columns dropped) plus ``_rij``: the row number as
        Excel shows it (header = row 1). Completely empty rows are left out. ``attrs`` holds
        ``bestand`` (file name), ``koppen`` (canonical -> header in the file) and
        ``rijen_gelezen``.

    Raises
    ------
    InvoerFout
        When a required column is missing (the message lists the columns found), when two
        headers map to the same column, or when the file cannot be read.
    """
    pad = Path(pad)
    ruw = lees_ruw(pad, header=0, blad=blad, categorisch=categorisch, pijl=pijl)
    varianten: dict[str, str] = {}
    for canoniek, namen in kolommen.items():
        for naam in [canoniek, *namen]:
            varianten[normaliseer_kop(naam)] = canoniek
    hernoem_norm = {normaliseer_kop(k): v for k, v in (hernoem or {}).items()}
    onbekend_doel = sorted(set(hernoem_norm.values()) - set(kolommen))
    if onbekend_doel:
        raise InvoerFout(
            f"{pad.name}: de config-sectie 'kolommen' verwijst naar onbekende kolom(men) "
            f"{', '.join(onbekend_doel)}. Toegestaan: {', '.join(kolommen)}."
        )
    koppen: dict[str, str] = {}
    for kop in ruw.columns:
        sleutel = normaliseer_kop(kop)
        canoniek = hernoem_norm.get(sleutel) or varianten.get(sleutel)
        if canoniek is None:
            continue
        if canoniek in koppen:
            raise InvoerFout(
                f"{pad.name}: de kolommen '{koppen[canoniek]}' en '{kop}' betekenen allebei "
                f"'{canoniek}'. Verwijder of hernoem er één (config: kolommen)."
            )
        koppen[canoniek] = kop
    ontbrekend = [k for k in kolommen if k in verplicht and k not in koppen]
    if ontbrekend:
        gevonden = ", ".join(f"'{k}'" for k in ruw.columns) or "(geen)"
        een_kolom = (
            " Het bestand lijkt maar één kolom te hebben: controleer het scheidingsteken "
            "(verwacht ; of , tussen de kolommen)."
            if len(ruw.columns) == 1 and pad.suffix.lower() in CSV_EXTENSIES
            else ""
        )
        raise InvoerFout(
            f"{pad.name}: verplichte kolom(men) ontbreken: {', '.join(ontbrekend)}. "
            f"Gevonden kolommen: {gevonden}.{een_kolom} Hernoem de kolom in het bestand of "
            "geef een 'kolommen'-vertaling in de meting-config." + bladen_hint(pad, blad)
        )
    # copy-on-write: selecting the columns already gives an independent frame
    df = ruw[list(koppen.values())]
    df.columns = list(koppen)
    # 32 bits: a row number needs no more, and ten million of them are 40 MB, not 80
    df["_rij"] = np.arange(2, len(df) + 2, dtype=np.int32 if len(df) < 2**31 - 2 else np.int64)
    leeg = (
        df.drop(columns="_rij").isna().all(axis=1)
        if len(koppen)
        else pd.Series(True, index=df.index)
    )
    if leeg.any():
        df = df.loc[~leeg].reset_index(drop=True)
    else:
        df = df.reset_index(drop=True)
    df.attrs.update(
        bestand=pad.name, koppen=koppen, rijen_gelezen=len(df), lezen=ruw.attrs.get("lezen", {})
    )
    return df
