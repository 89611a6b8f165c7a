"""Readers of the police extracts: offences, detention and the koppeltabel (formats.md §4).

Each reader builds on :func:`instruments.lezen.lees_tabel` (CSV, XLSX, ``.sav``, Parquet;
renamed headers) and returns the clean rows, the rejected rows and a
:class:`~instruments.lezen.Bestandsverslag` in which ``gelezen == gebruikt + afgewezen``.
Rows of the offences file with another role than ``Verdachte`` are valid rows that are not
counted: they are *gebruikt* in the sense of the verslag (read and accounted for) and listed
per role in its ``opmerking``.

Person IDs are checked for BSNs (refused with an :class:`~instruments.fouten.InvoerFout`) or,
with a pseudonymisation key, replaced by their keyed HMAC while reading (see
:mod:`instruments.recidivetool.pseudoniem`). Everything is vectorised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.lidmaatschap import is_lid
from instruments.controles import STANDAARD
from instruments.fouten import InvoerFout
from instruments.geheugen import BLOK, geef_terug
from instruments.lezen import (
    Bestandsverslag,
    Foutentabel,
    als_str,
    lees_tabel,
    parse_datums,
    sha256,
)
from instruments.recidivetool.controles import (
    ROLLEN_BEKEND,
    datum_oordeel,
    opvul_reden,
    tel_dubbel,
    voorloopnul_sleutels,
    vroeg_reden,
)
from instruments.recidivetool.pseudoniem import normaliseer_ids, pseudonimiseer, weiger_bsn
from instruments.schemas import SCHEMAS

__all__ = [
    "DETENTIE_KOLOMMEN",
    "INSTRUMENT",
    "KOPPEL_KOLOMMEN",
    "POLITIE_KOLOMMEN",
    "Detentie",
    "Koppeltabel",
    "Politie",
    "bewerk_ids",
    "hernoem_voor",
    "lees_detentie",
    "lees_koppeltabel",
    "lees_politie",
]

INSTRUMENT = "recidivetool"
ROL_VERDACHTE = "verdachte"

_POLITIE, _DETENTIE, _KOPPEL = (SCHEMAS[n] for n in ("politie", "detentie", "koppeltabel"))
#: canonical column -> header variants, from the declared schemas (instruments/schemas.toml)
POLITIE_KOLOMMEN: dict[str, list[str]] = _POLITIE.aliassen
DETENTIE_KOLOMMEN: dict[str, list[str]] = _DETENTIE.aliassen
KOPPEL_KOLOMMEN: dict[str, list[str]] = _KOPPEL.aliassen


def hernoem_voor(kolommen: dict[str, list[str]], hernoem: dict[str, str] | None) -> dict:
    """The part of the config's ``kolommen`` mapping that renames into this file's columns.

    ``[recidive] kolommen`` is one mapping for the police, detention and koppeltabel files;
    each file only gets the entries whose target it knows.
    """
    return {k: v for k, v in (hernoem or {}).items() if v in kolommen}


def controleer_hernoem(hernoem: dict[str, str] | None, *, config: str) -> None:
    """Refuse a ``kolommen`` entry whose target no police file knows."""
    bekend = set(POLITIE_KOLOMMEN) | set(DETENTIE_KOLOMMEN) | set(KOPPEL_KOLOMMEN)
    onbekend = sorted({v for v in (hernoem or {}).values() if v not in bekend})
    if onbekend:
        raise InvoerFout(
            f"{config}: [recidive] kolommen verwijst naar onbekende kolom(men) "
            f"{', '.join(onbekend)}. Toegestaan: {', '.join(sorted(bekend))}."
        )


def bewerk_ids(
    ids: pd.Series,
    *,
    bestand: str,
    kolom: str,
    sleutel: bytes | None,
    genormaliseerd: bool = False,
) -> pd.Series:
    """Normalise IDs, then refuse BSNs (no key) or pseudonymise them (with a key).

    ``genormaliseerd=True``: ``ids`` already come from :func:`normaliseer_ids`.
    """
    if not genormaliseerd:
        ids = normaliseer_ids(ids)
    if sleutel is None:
        # Only an ID of 8 or 9 digits can be a BSN (the same test ``bsn_masker`` starts
        # with); a column without one needs no elfproef, which saves hashing ten million
        # IDs in a pseudonymised police extract.
        if ids.str.fullmatch(r"\d{8,9}").fillna(False).astype(bool).any():
            weiger_bsn(ids, bestand=bestand, kolom=kolom)
        return ids
    return pseudonimiseer(ids, sleutel)


def _datums_als_tekst(df: pd.DataFrame) -> None:
    """Date columns that a Parquet file holds as text: from categorical back to ``str``.

    :func:`~instruments.lezen.lees_tabel` with ``categorisch=True`` gives the text columns
    of a Parquet file as categoricals; the date parser works on text, as for every other
    file type.
    """
    for kolom in ("pleegdatum", "registratiedatum", "begindatum", "einddatum"):
        if kolom in df and isinstance(df[kolom].dtype, pd.CategoricalDtype):
            df[kolom] = als_str(df[kolom])


def _factoriseer(kolom: pd.Series) -> tuple[np.ndarray, object]:
    """``pd.factorize`` of a column; of a categorical whose every category occurs, its own
    codes and categories (no 64-bit copy of ten million codes).

    Codes ``-1`` stand for a missing cell, as with ``use_na_sentinel=True``.
    """
    if isinstance(kolom.dtype, pd.CategoricalDtype):
        codes = kolom.cat.codes.to_numpy()
        n = len(kolom.cat.categories)
        if n and np.bincount(codes[codes >= 0], minlength=n).all():
            return codes, kolom.cat.categories
    return pd.factorize(kolom, use_na_sentinel=True)


def _kop(df: pd.DataFrame, kolom: str) -> str:
    return df.attrs.get("koppen", {}).get(kolom, kolom)


def _ids_en_nullen(
    df: pd.DataFrame, *, bestand: str, sleutel: bytes | None
) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """The ids as joined (categorical), their keys without leading zeros and their codes.

    The work is done once per distinct cell, not once per row: the column is factorised,
    the distinct cells are normalised (trimmed, ``12345.0`` -> ``12345``), checked for BSNs
    or pseudonymised, and the result is taken back to the rows. A police extract of ten
    million rows holds about a million persons, so this saves nine tenths of the string
    work. ``codes`` numbers the ids as used (``-1`` = missing): equal ids, equal code, for
    the duplicate count.
    """
    kolom = df["persoonsnummer"]
    ruwe_codes, ruw_uniek = _factoriseer(kolom)
    # distinct cells that are text already stay Arrow-backed (no object per distinct id)
    tekst = getattr(ruw_uniek, "dtype", None) == "str"
    ruw_u = normaliseer_ids(pd.Series(ruw_uniek, dtype=None if tekst else object))
    kop = _kop(df, "persoonsnummer")
    if sleutel is None and ruw_u.str.fullmatch(r"\d{8,9}").fillna(False).astype(bool).any():
        # a possible BSN: the refusal counts rows, so it needs every row (it raises)
        weiger_bsn(normaliseer_ids(kolom), bestand=bestand, kolom=kop)
    ids_u = bewerk_ids(ruw_u, bestand=bestand, kolom=kop, sleutel=sleutel, genormaliseerd=True)
    nullen = voorloopnul_sleutels(ruw_u, ids_u, sleutel)
    if (
        isinstance(kolom.dtype, pd.CategoricalDtype)
        and ruw_uniek is kolom.cat.categories
        and ids_u.notna().all()
        and ids_u.equals(pd.Series(ruw_uniek, dtype="str"))
    ):
        # the categories of the column as read (a Parquet file's ids, trimmed and each
        # occurring) are the ids as used: the column is the ids, its codes their codes
        return kolom, nullen, ruwe_codes
    # distinct cells may become one id (' P1' and 'P1'): renumber on the ids as used
    id_codes_u, id_uniek = pd.factorize(ids_u, use_na_sentinel=True)
    codes = np.append(id_codes_u, -1).astype(np.int32)[ruwe_codes]  # 32 bits: 40 MB
    categorieen = pd.Index(id_uniek, dtype="str")
    # the codes are in range by construction: no check over ten million of them
    ids = pd.Series(
        pd.Categorical.from_codes(codes, categories=categorieen, validate=False),
        index=df.index,
        copy=False,
    )
    return ids, nullen, codes


def _datumregels(
    df: pd.DataFrame,
    kolom: str,
    datums: pd.Series,
    fout: pd.Series,
    vroegste: dt.date,
    binnen: pd.Series | bool = True,
    *,
    opvul_2100: bool = True,
) -> tuple[list[tuple[pd.Series, str, str]], pd.Series]:
    """Rejection rules for placeholder dates and dates before ``vroegste`` in one column.

    Returns the rules (for :meth:`~instruments.lezen.Foutentabel.regels`, before the rule for
    an invalid date) and the mask of cells on or after 01-01-2100. With
    ``opvul_2100=False`` the placeholders of year 9999 get no rule (detention: an open
    spell).
    """
    if kolom not in df:
        return [], pd.Series(False, index=df.index)
    opvul, te_vroeg, vanaf = datum_oordeel(df[kolom], datums, fout, vroegste)
    regels = []
    for naam in sorted(set(opvul.unique()) - {""}):
        if opvul_2100 or not naam.endswith("9999"):
            regels.append((binnen & (opvul == naam), kolom, opvul_reden(naam)))
    regels.append((binnen & te_vroeg, kolom, vroeg_reden(vroegste)))
    return regels, vanaf


def _tel_redenen(afgewezen: pd.DataFrame, redenen: list[str]) -> dict:
    """Rejected rows per reason, for the given reasons only (checks: datums)."""
    redenen = set(redenen)
    if afgewezen.empty or not redenen:
        return {}
    tel = afgewezen.loc[afgewezen["reden"].isin(redenen), "reden"].value_counts()
    return {str(k): int(v) for k, v in tel.items()}


def _compacte_datums(df: pd.DataFrame, kolom: str, datums: pd.Series) -> None:
    """A date column of the file as a categorical once it is parsed into ``datums`` (memory).

    The parsed dates (datetime64[ns]) are what is counted. The column as read is still
    needed for the rules (a placeholder such as 31-12-9999 lies outside the parsed range)
    and for the value shown in ``afgewezen.csv``: it keeps its values, as a categorical of
    its few thousand distinct days, two bytes a row instead of eight (a Parquet extract of
    ten million rows: about 60 MB less per column while the rest is read).
    """
    if kolom not in df or not pd.api.types.is_datetime64_any_dtype(df[kolom].dtype):
        return
    ruw = df[kolom]
    if getattr(ruw.dtype, "tz", None) is not None:  # times with a zone: pandas' own way
        df[kolom] = ruw.astype("category")
        return
    waarden = ruw.to_numpy()
    if np.shares_memory(waarden, datums.to_numpy()):  # nothing to gain
        return
    # per block of rows its distinct days and compact codes (one hashing pass; no column-long
    # array of 64-bit codes at the peak of memory), then the categories: the sorted distinct
    # days, as astype("category") gives them, and the block codes translated to those
    blokken = []
    for b in range(0, len(waarden), BLOK):
        blok_codes, blok_dagen = pd.factorize(waarden[b : b + BLOK], use_na_sentinel=True)
        klein = np.int16 if len(blok_dagen) < 2**15 - 1 else np.int32
        blokken.append((blok_codes.astype(klein), np.asarray(blok_dagen)))
    uniek = np.unique(np.concatenate([d for _, d in blokken])) if blokken else waarden[:0]
    categorieen = pd.Index(uniek)  # a factorisation holds no NaT
    codes = np.empty(len(waarden), dtype=np.int32 if len(categorieen) > 2**15 - 1 else np.int16)
    plek = 0
    for blok_codes, blok_dagen in blokken:
        # the last entry stands for an empty cell (code -1), as in a categorical
        naar = np.append(categorieen.get_indexer(blok_dagen), -1).astype(codes.dtype)
        codes[plek : plek + len(blok_codes)] = naar[blok_codes]
        plek += len(blok_codes)
    del blokken
    soort = pd.CategoricalDtype(categorieen)
    df[kolom] = pd.Series(
        pd.Categorical.from_codes(codes, dtype=soort, validate=False), index=ruw.index
    )


def _als_datum(df: pd.DataFrame, kolom: str) -> tuple[pd.Series, pd.Series]:
    """:func:`~instruments.lezen.parse_datums` of a column, or all NaT when it is absent.

    ``parse_datums`` parses each distinct cell once and keeps the date columns of a
    Parquet file as they are, so ten million rows cost a few thousand parses.
    """
    if kolom not in df:
        leeg = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
        return leeg, pd.Series(False, index=df.index)
    return parse_datums(df[kolom])


@dataclass
class Politie:
    """The offences as used: suspect rows only.

    ``delicten`` has columns ``persoonsnummer`` (str), ``pleegdatum`` (datetime64; the
    registratiedatum where the pleegdatum was empty), ``delictcategorie`` (str/NaN) and
    ``_rij``; read with ``personen``, only the rows of those persons. ``laatste_datum`` is the
    last pleeg- or registratiedatum of the suspect rows (the default peildatum);
    ``eerste_datum`` the first. ``n_delicten``, ``ids`` and ``na_peildatum`` always
    describe every used suspect row, whatever ``personen``.
    """

    delicten: pd.DataFrame
    afgewezen: pd.DataFrame
    verslag: Bestandsverslag
    #: how the file was read (code page, NUL bytes): instruments.lezen.lees_controles
    leesinfo: dict = field(default_factory=dict)
    rollen_overgeslagen: dict[str, int] = field(default_factory=dict)
    pleegdatum_vervangen: int = 0
    eerste_datum: pd.Timestamp | None = None
    laatste_datum: pd.Timestamp | None = None
    #: rows that repeat an earlier row exactly (kept; checks: dubbele rijen)
    dubbel: int = 0
    #: id as used -> id without leading zeros (checks: koppeling)
    nullen: pd.Series = field(default_factory=lambda: pd.Series([], dtype="str"))
    #: values of Rol outside the known roles, with their row counts, and filled Rol cells
    rollen_onbekend: dict[str, int] = field(default_factory=dict)
    rol_gevuld: int = 0
    #: rows rejected for a placeholder date or a date before vroegste_datum, per reason
    datums_afgewezen: dict[str, int] = field(default_factory=dict)
    #: every used suspect row: their number, their distinct ids, and how many are dated
    #: after the ``peildatum`` given to the reader (0 without one: none is after the last)
    n_delicten: int = 0
    ids: pd.Series = field(default_factory=lambda: pd.Series([], dtype="str"))
    na_peildatum: int = 0


def lees_politie(
    pad: Path | str,
    *,
    hernoem: dict[str, str] | None = None,
    sleutel: bytes | None = None,
    blad: str | None = None,
    vroegste: dt.date | None = None,
    personen: pd.Series | None = None,
    peildatum: pd.Timestamp | None = None,
) -> Politie:
    """Read the police offences extract.

    Parameters
    ----------
    pad : path
        CSV, XLSX, ``.sav`` or Parquet with ``Persoonsnummer``, ``Pleegdatum``, ``Rol`` and
        optionally ``Registratiedatum`` and ``Delictcategorie``.
    hernoem : dict, optional
        The config's ``[recidive] kolommen`` mapping.
    sleutel : bytes, optional
        Pseudonymisation key; ``None`` = refuse BSNs.
    blad : str, optional
        Sheet of an XLSX/XLS file (``[recidive] politie_blad``; default the first).
    vroegste : datetime.date, optional
        ``[controles] vroegste_datum`` (default 01-01-1990): earlier dates are rejected.
    personen : pandas.Series of str, optional
        Ids as used (after pseudonymisation): ``delicten`` keeps only their rows. Every row
        is still read, checked and counted; a national extract of ten million rows then
        hands on the offences of the cohort and its comparison candidates only.
    peildatum : pandas.Timestamp, optional
        ``[recidive] peildatum``: the used rows dated after it are counted
        (``na_peildatum``; checks: datums).

    Returns
    -------
    Politie

    Notes
    -----
    Only rows whose ``Rol`` is ``Verdachte`` (case and surrounding spaces ignored) count;
    other roles are skipped and counted per role. For suspect rows: an empty
    ``Persoonsnummer`` or ``Rol`` is a rejected row; an empty ``Pleegdatum`` is replaced by
    the ``Registratiedatum`` (counted); both empty, an impossible date in either, or a
    ``Pleegdatum`` after the ``Registratiedatum`` is a rejected row, and so is a placeholder
    date (01-01-1900, 31-12-9999, ...) or a date before ``vroegste`` in either (the reason
    says which). The BSN check covers every row of the file, whatever its role. Exact
    duplicate rows are kept and counted (``dubbel``); the values of ``Rol`` outside
    :data:`~instruments.recidivetool.controles.ROLLEN_BEKEND` are counted too.
    """
    vroegste = vroegste or STANDAARD["vroegste_datum"]
    pad = Path(pad)
    df = lees_tabel(
        pad,
        POLITIE_KOLOMMEN,
        verplicht={"persoonsnummer", "pleegdatum", "rol"},
        hernoem=hernoem_voor(POLITIE_KOLOMMEN, hernoem),
        blad=blad,
        categorisch=True,
        pijl=True,
    )
    _datums_als_tekst(df)
    leesinfo = dict(df.attrs.get("lezen", {}))
    bestand = pad.name
    n = len(df)
    ids, nullen, id_codes = _ids_en_nullen(df, bestand=bestand, sleutel=sleutel)
    geef_terug()

    # A handful of distinct roles over millions of rows: normalise each distinct value once.
    ruwe_codes, ruw_uniek = _factoriseer(df["rol"])
    rol_u = pd.Series(ruw_uniek, dtype=object).astype("str").str.strip()
    codes_u, uniek = pd.factorize(rol_u, use_na_sentinel=True)
    # a handful of roles: 8-bit codes (ten million rows, 10 MB instead of 40)
    klein = np.int8 if len(uniek) < 127 else np.int32
    codes = np.append(codes_u, -1).astype(klein)[ruwe_codes]
    uniek = np.asarray(uniek, dtype=object)
    # the last entry stands for a missing cell (code -1)
    leeg_u = np.append(np.asarray(uniek == "", dtype=bool), True)
    verdachte_u = np.append(
        np.array([u.casefold() == ROL_VERDACHTE for u in uniek], dtype=bool), False
    )
    rol_leeg = pd.Series(leeg_u[codes], index=df.index)
    verdachte = pd.Series(verdachte_u[codes], index=df.index)
    ander = ~rol_leeg & ~verdachte
    # counted per role whatever the capitals ('aangever' and 'Aangever' are one role)
    per_code = np.bincount(codes[ander.to_numpy()], minlength=len(uniek))
    rollen = (
        pd.Series(per_code, index=[u.capitalize() for u in uniek], dtype="int64")
        .loc[per_code > 0]
        .groupby(level=0)
        .sum()
        .sort_index()
    )
    bekend_u = np.array([u.casefold() in ROLLEN_BEKEND for u in uniek], dtype=bool)
    alle_per_code = np.bincount(codes[codes >= 0], minlength=len(uniek))
    onbekend = (alle_per_code > 0) & ~bekend_u & ~leeg_u[:-1]
    rollen_onbekend = (
        pd.Series(alle_per_code[onbekend], index=uniek[onbekend], dtype="int64")
        .groupby(level=0)
        .sum()
    )
    rol_gevuld = int(alle_per_code[~leeg_u[:-1]].sum())

    # each column made compact before the next is parsed: never both forms of both at once
    pleeg, pleeg_fout = _als_datum(df, "pleegdatum")
    _compacte_datums(df, "pleegdatum", pleeg)
    reg, reg_fout = _als_datum(df, "registratiedatum")
    _compacte_datums(df, "registratiedatum", reg)
    # counted before the rule masks exist: the count's key arrays are the peak of memory
    dubbel = tel_dubbel(
        [
            id_codes,
            pleeg.to_numpy(),
            reg.to_numpy(),
            df["delictcategorie"] if "delictcategorie" in df else np.zeros(n),
            codes,
        ]
    )
    geef_terug()  # the count's sort keys: freed memory back before the rule masks exist
    id_leeg = ids.isna()
    datum = pleeg.fillna(reg)

    pleeg_regels, _ = _datumregels(df, "pleegdatum", pleeg, pleeg_fout, vroegste, verdachte)
    reg_regels, _ = _datumregels(df, "registratiedatum", reg, reg_fout, vroegste, verdachte)
    # Every row gets at most one rejection (the first rule it breaks), in the schema's order.
    fouten = Foutentabel(bestand)
    al = _POLITIE.pas_toe(
        fouten,
        df,
        {
            "rol_leeg": rol_leeg,
            "persoonsnummer_leeg": id_leeg,
            "pleeg_datumregels": [(m, reden) for m, _, reden in pleeg_regels],
            "registratie_datumregels": [(m, reden) for m, _, reden in reg_regels],
            "pleegdatum_ongeldig": pleeg_fout,
            "registratiedatum_ongeldig": reg_fout,
            "beide_datums_leeg": pleeg.isna() & reg.isna() & ~pleeg_fout & ~reg_fout,
            "pleeg_na_registratie": pleeg > reg,
        },
        voorwaarden={"niet_andere_rol": ~ander, "verdachte": verdachte},
    )
    afgewezen = fouten.tabel()
    # the rule masks are done with: only their reasons are counted later (memory)
    datum_redenen = [reden for _, _, reden in pleeg_regels + reg_regels]
    n_ander = int(ander.sum())
    del pleeg_regels, reg_regels, rol_leeg, ander, pleeg_fout, reg_fout, id_leeg
    geef_terug()

    houd = (verdachte & ~al).to_numpy()
    vervangen = int((houd & pleeg.isna().to_numpy()).sum())
    n_delicten = int(houd.sum())
    # the distinct ids of the used rows, from the codes (no string per row)
    id_cat = ids.cat.categories
    gebruikt_code = np.zeros(len(id_cat) + 1, dtype=bool)
    gebruikt_code[id_codes[houd]] = True  # code -1 lands on the last slot
    gebruikte_ids = pd.Series(id_cat[gebruikt_code[:-1]], dtype="str")
    # first and last date of the used rows (pleeg- or registratiedatum), without copies
    randen = pd.Series([r for d in (datum, reg) for r in _randen(d, houd)], dtype="datetime64[ns]")
    na_peildatum = (
        int(np.count_nonzero(houd & (datum > pd.Timestamp(peildatum)).to_numpy()))
        if peildatum is not None
        else 0
    )
    if personen is not None:
        # keep the rows of these persons only: membership per distinct id, then per row
        gewenst = np.append(is_lid(pd.Series(id_cat, dtype="str"), personen), False)
        houd = houd & gewenst[id_codes]
    # positions, not boolean Series indexing: no index to carry along for ten million rows
    plek = np.flatnonzero(houd)
    datum_houd = pd.Series(datum.to_numpy()[plek])
    delicten = pd.DataFrame(
        {
            "persoonsnummer": als_str(ids.iloc[plek].reset_index(drop=True)),
            "pleegdatum": datum_houd,
            "delictcategorie": als_str(df["delictcategorie"].iloc[plek].reset_index(drop=True))
            if "delictcategorie" in df
            else pd.Series(np.nan, index=range(len(plek)), dtype="str"),
            "_rij": df["_rij"].to_numpy()[plek],
        }
    )

    opmerking = [f"{n_delicten} delicten als verdachte"]
    if len(rollen):
        per_rol = ", ".join(f"{r} {a}" for r, a in rollen.items())
        opmerking.append(f"{n_ander} rijen met een andere rol overgeslagen ({per_rol})")
    if vervangen:
        opmerking.append(
            f"bij {vervangen} delicten ontbrak de pleegdatum: registratiedatum gebruikt"
        )
    if dubbel:
        opmerking.append(f"{dubbel} rijen precies gelijk aan een eerdere rij (meegeteld)")
    if sleutel is not None:
        opmerking.append("persoonsnummers gepseudonimiseerd (HMAC-SHA256)")
    verslag = fouten.verslag(
        instrument=INSTRUMENT,
        sha256=sha256(pad),
        rijen_gelezen=n,
        rijen_gebruikt=int(n - al.sum()),
        opmerking="; ".join(opmerking),
    )
    return Politie(
        leesinfo=leesinfo,
        delicten=delicten,
        afgewezen=afgewezen,
        verslag=verslag,
        rollen_overgeslagen={str(k): int(v) for k, v in rollen.items()},
        pleegdatum_vervangen=vervangen,
        eerste_datum=randen.min() if n_delicten else None,
        laatste_datum=randen.max() if n_delicten else None,
        dubbel=dubbel,
        nullen=nullen,
        rollen_onbekend={str(k): int(v) for k, v in rollen_onbekend.items()},
        rol_gevuld=rol_gevuld,
        datums_afgewezen=_tel_redenen(afgewezen, datum_redenen),
        n_delicten=n_delicten,
        ids=gebruikte_ids,
        na_peildatum=na_peildatum,
    )


def _randen(datums: pd.Series, houd: np.ndarray) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last date of the rows ``houd``; NaT and NaT when there is none."""
    ns = datums.to_numpy(dtype="datetime64[ns]").view(np.int64)
    geldig = houd & (ns != np.iinfo(np.int64).min)  # NaT excluded
    if not geldig.any():
        return pd.NaT, pd.NaT
    eerste = np.min(ns, where=geldig, initial=np.iinfo(np.int64).max)
    laatste = np.max(ns, where=geldig, initial=np.iinfo(np.int64).min)
    return pd.Timestamp(int(eerste), unit="ns"), pd.Timestamp(int(laatste), unit="ns")


@dataclass
class Detentie:
    """Detention spells: ``perioden`` with ``persoonsnummer``, ``begindatum``, ``einddatum``
    (datetime64; NaT = still detained) and ``_rij``."""

    perioden: pd.DataFrame
    afgewezen: pd.DataFrame
    verslag: Bestandsverslag
    #: how the file was read (code page, NUL bytes): instruments.lezen.lees_controles
    leesinfo: dict = field(default_factory=dict)
    open_perioden: int = 0
    #: of ``open_perioden``: an Einddatum on or after 01-01-2100 (e.g. 31-12-9999)
    open_code: int = 0
    dubbel: int = 0
    nullen: pd.Series = field(default_factory=lambda: pd.Series([], dtype="str"))
    datums_afgewezen: dict[str, int] = field(default_factory=dict)


def lees_detentie(
    pad: Path | str,
    *,
    hernoem: dict[str, str] | None = None,
    sleutel: bytes | None = None,
    blad: str | None = None,
    vroegste: dt.date | None = None,
) -> Detentie:
    """Read the detention extract (``Persoonsnummer``, ``Begindatum``, ``Einddatum``).

    ``blad``: sheet of an XLSX/XLS file (``[recidive] detentie_blad``; default the first).

    An empty ``Einddatum`` means still detained (counted), and so does an Einddatum on or
    after 01-01-2100 (31-12-9999 and the like: an open spell, counted as ``open_code``). An
    empty ID or begindatum, an impossible date, a placeholder date (01-01-1900, ...) or a
    date before ``vroegste`` (``[controles] vroegste_datum``, default 01-01-1990), or an
    einddatum before the begindatum is a rejected row. Exact duplicate rows are kept and
    counted (``dubbel``).
    """
    vroegste = vroegste or STANDAARD["vroegste_datum"]
    pad = Path(pad)
    df = lees_tabel(
        pad,
        DETENTIE_KOLOMMEN,
        verplicht=set(DETENTIE_KOLOMMEN),
        hernoem=hernoem_voor(DETENTIE_KOLOMMEN, hernoem),
        blad=blad,
        categorisch=True,
        pijl=True,
    )
    _datums_als_tekst(df)
    leesinfo = dict(df.attrs.get("lezen", {}))
    bestand = pad.name
    n = len(df)
    ids, nullen, id_codes = _ids_en_nullen(df, bestand=bestand, sleutel=sleutel)
    begin, begin_fout = _als_datum(df, "begindatum")
    eind, eind_fout = _als_datum(df, "einddatum")
    begin_regels, _ = _datumregels(df, "begindatum", begin, begin_fout, vroegste)
    eind_regels, eind_open = _datumregels(
        df, "einddatum", eind, eind_fout, vroegste, opvul_2100=False
    )
    dubbel = tel_dubbel([id_codes, begin.to_numpy(), eind.to_numpy(), eind_open.to_numpy()])
    # an end on or after 01-01-2100 (31-12-9999, ...) is an open spell: still detained
    eind = eind.mask(eind_open)
    eind_fout = eind_fout & ~eind_open
    fouten = Foutentabel(bestand)
    al = _DETENTIE.pas_toe(
        fouten,
        df,
        {
            "persoonsnummer_leeg": ids.isna(),
            "begin_datumregels": [(m, reden) for m, _, reden in begin_regels],
            "begindatum_ongeldig": begin_fout,
            "begindatum_leeg": begin.isna() & ~begin_fout,
            "eind_datumregels": [(m, reden) for m, _, reden in eind_regels],
            "einddatum_ongeldig": eind_fout,
            "eind_voor_begin": eind < begin,
        },
    )
    afgewezen = fouten.tabel()
    houd = ~al
    open_ = int((houd & eind.isna()).sum())
    open_code = int((houd & eind_open).sum())
    perioden = pd.DataFrame(
        {
            "persoonsnummer": als_str(ids[houd]),
            "begindatum": begin[houd],
            "einddatum": eind[houd],
            "_rij": df["_rij"][houd],
        }
    ).reset_index(drop=True)
    opmerking = [f"{len(perioden)} detentieperioden"]
    if open_:
        opmerking.append(f"{open_} zonder einddatum (nog gedetineerd op de peildatum)")
    if open_code:
        opmerking.append(
            f"waarvan {open_code} met een einddatum op of na 01-01-2100 (zoals 31-12-9999): "
            "open periode"
        )
    if dubbel:
        opmerking.append(f"{dubbel} rijen precies gelijk aan een eerdere rij (behouden)")
    if sleutel is not None:
        opmerking.append("persoonsnummers gepseudonimiseerd (HMAC-SHA256)")
    verslag = fouten.verslag(
        instrument=INSTRUMENT,
        sha256=sha256(pad),
        rijen_gelezen=n,
        rijen_gebruikt=int(houd.sum()),
        opmerking="; ".join(opmerking),
    )
    return Detentie(
        leesinfo=leesinfo,
        perioden=perioden,
        afgewezen=afgewezen,
        verslag=verslag,
        open_perioden=open_,
        open_code=open_code,
        dubbel=dubbel,
        nullen=nullen,
        datums_afgewezen=_tel_redenen(
            afgewezen, [reden for _, _, reden in begin_regels + eind_regels]
        ),
    )


@dataclass
class Koppeltabel:
    """Links ``casusnummer`` -> ``persoonsnummer`` (unique pairs)."""

    koppels: pd.DataFrame
    afgewezen: pd.DataFrame
    verslag: Bestandsverslag
    #: how the file was read (code page, NUL bytes): instruments.lezen.lees_controles
    leesinfo: dict = field(default_factory=dict)
    dubbel: int = 0
    nullen: pd.Series = field(default_factory=lambda: pd.Series([], dtype="str"))
    #: every casusnummer of the used rows (checks: koppeling koppeltabel)
    casussen: pd.Series = field(default_factory=lambda: pd.Series([], dtype="str"))


def lees_koppeltabel(
    pad: Path | str,
    *,
    hernoem: dict[str, str] | None = None,
    sleutel: bytes | None = None,
    blad: str | None = None,
) -> Koppeltabel:
    """Read a koppeltabel ``Casusnummer;Persoonsnummer``.

    ``blad``: sheet of an XLSX/XLS file (``[recidive] koppeltabel_blad``; default the first).

    A row without casusnummer or persoonsnummer is rejected; repeated pairs are used once
    (counted). A casus may link to several persons (a family) and a person to several
    casussen.
    """
    pad = Path(pad)
    df = lees_tabel(
        pad,
        KOPPEL_KOLOMMEN,
        verplicht=set(KOPPEL_KOLOMMEN),
        hernoem=hernoem_voor(KOPPEL_KOLOMMEN, hernoem),
        blad=blad,
        categorisch=True,
        pijl=True,
    )
    _datums_als_tekst(df)
    leesinfo = dict(df.attrs.get("lezen", {}))
    bestand = pad.name
    n = len(df)
    ids, nullen, _ = _ids_en_nullen(df, bestand=bestand, sleutel=sleutel)
    casus = normaliseer_ids(df["casusnummer"])
    fouten = Foutentabel(bestand)
    al = _KOPPEL.pas_toe(
        fouten, df, {"casusnummer_leeg": casus.isna(), "persoonsnummer_leeg": ids.isna()}
    )
    afgewezen = fouten.tabel()
    houd = ~al
    koppels = pd.DataFrame({"casusnummer": casus[houd], "persoonsnummer": als_str(ids[houd])})
    uniek = koppels.drop_duplicates(ignore_index=True)
    dubbel = len(koppels) - len(uniek)
    opmerking = [f"{len(uniek)} koppelingen casus-persoon"]
    if dubbel:
        opmerking.append(f"{dubbel} dubbele rijen één keer geteld")
    if sleutel is not None:
        opmerking.append("persoonsnummers gepseudonimiseerd (HMAC-SHA256)")
    verslag = fouten.verslag(
        instrument=INSTRUMENT,
        sha256=sha256(pad),
        rijen_gelezen=n,
        rijen_gebruikt=int(houd.sum()),
        opmerking="; ".join(opmerking),
    )
    return Koppeltabel(
        leesinfo=leesinfo,
        koppels=uniek,
        afgewezen=afgewezen,
        verslag=verslag,
        dubbel=dubbel,
        nullen=nullen,
        casussen=uniek["casusnummer"],
    )
