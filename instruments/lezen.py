"""Generic reading of tabular inputs: CSV, XLSX (and legacy XLS), SPSS ``.sav`` and Parquet.

Every instrument's reader builds on these functions, so that the messy variants of
``formats.md`` (``;``/``,``, Windows-1252, decimal comma, Dutch dates, renamed headers) are
handled once, and every problem becomes an :class:`~instruments.fouten.InvoerFout` or a
rejected row with file, row (as Excel shows it), column, value and reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

import numpy as np
import pandas as pd

from instruments.fouten import AFGEWEZEN_KOLOMMEN, InvoerFout, lege_afgewezen

CSV_EXTENSIES = {".csv", ".txt"}
EXCEL_EXTENSIES = {".xlsx", ".xlsm"}
XLS_EXTENSIES = {".xls"}  # legacy Excel 97-2003 (old SurveyMonkey exports), read with xlrd
SPSS_EXTENSIES = {".sav", ".zsav"}
PARQUET_EXTENSIES = {".parquet", ".pq"}
ONDERSTEUNDE_EXTENSIES = (
    CSV_EXTENSIES | EXCEL_EXTENSIES | XLS_EXTENSIES | SPSS_EXTENSIES | PARQUET_EXTENSIES
)


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


def sha256(pad: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    h = hashlib.sha256()
    with open(pad, "rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def _lijkt_utf16(data: bytes) -> bool:
    """UTF-16 text without a byte-order mark: every other byte is NUL (ASCII text)."""
    if len(data) < 8:
        return False
    helft = len(data) // 2
    return max(data[0::2].count(0), data[1::2].count(0)) > 0.9 * helft


#: Share of NUL bytes (in %) up to which a file that otherwise decodes as text is read with
#: the NUL bytes removed (stray NULs of a damaged copy); above it the file is no text.
MAX_NUL_PCT = 1.0
#: Code pages tried for a file that is no UTF-8, in order of preference: Dutch Excel writes
#: Windows-1252, old DOS programs cp850, some Unix tools ISO-8859-15 or ISO-8859-1.
CODETABELLEN = ("cp1252", "iso-8859-15", "cp850", "latin-1")
CODETABEL_NAMEN = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (met BOM)",
    "cp1252": "Windows-1252",
    "iso-8859-15": "ISO-8859-15",
    "cp850": "DOS (cp850)",
    "latin-1": "ISO-8859-1",
}
# Accented letters of Dutch text and of names from neighbouring languages.
_GOEDE_LETTERS = set("áàâäéèêëíîïóôöúûüçñãõåøæœßšžÿ")
# Signs that may stand inside a word (zo’n, auto’s).
_IN_WOORD = set("’‘´`")
# Characters a wrong code page produces: Latin-1 range, the Windows-1252 extras, box drawing.
_BEOORDEELD = re.compile(r"[\u0080-\u00ff\u0152-\u0192\u02c6-\u02dc\u2013-\u2122\u2500-\u25a0]")
_WOORD_BYTES = re.compile(rb"[A-Za-z\x80-\xff]*[\x80-\xff][A-Za-z\x80-\xff]*")
_WOORD_TEKST = re.compile(r"[A-Za-z\u0080-\uffff]*[\u0080-\uffff][A-Za-z\u0080-\uffff]*")
_STUURTEKENS = re.compile(rb"[\x01-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
# Only the start of a large file is judged (police extracts are mostly ASCII digits).
_PROEF = 8 << 20


def _woordoordeel(woorden: list[str]) -> tuple[int, int, list[str]]:
    """Judge decoded words: (good accented letters, signs of a wrong code page, examples).

    A sign of a wrong code page is, inside a word, a symbol (``£``, ``ƒ``, ``©``, ``”``, a
    box-drawing line), a letter that Dutch text does not use (``ì``), or an upper-case
    letter after a lower-case one (``FinanciÃ«le``).
    """
    goed = fout = 0
    voorbeelden: list[str] = []
    for woord in woorden:
        if len(woord) < 2:
            continue
        slecht = False
        for i, c in enumerate(woord):
            if not _BEOORDEELD.match(c):
                continue
            soort = unicodedata.category(c)
            if soort == "Ll":
                if c in _GOEDE_LETTERS:
                    goed += 1
                else:
                    slecht = True
            elif soort == "Lu":
                if i and unicodedata.category(woord[i - 1]) == "Ll":
                    slecht = True
                elif c.lower() in _GOEDE_LETTERS:
                    goed += 1
            elif soort in ("Zs", "Pd") or c in _IN_WOORD:
                continue
            else:
                slecht = True
        if slecht:
            fout += 1
            if len(voorbeelden) < 3 and woord not in voorbeelden:
                voorbeelden.append(woord)
    return goed, fout, voorbeelden


def _tekenset_melding(naam: str, voorbeelden: list[str]) -> str:
    lijst = ", ".join(f"'{w}'" for w in voorbeelden)
    return (
        f"gelezen als {naam}, maar de tekst bevat tekens die op een verkeerde tekenset wijzen "
        f"(bijvoorbeeld {lijst})"
    )


def _decodeer(pad: Path, data: bytes, info: dict | None = None) -> str:
    """Decode the bytes of a CSV file.

    UTF-8 (with or without BOM) first; otherwise the code page of :data:`CODETABELLEN` that
    gives the most plausible Dutch text (Windows-1252 unless another one clearly decodes
    better, e.g. a DOS file in cp850). Stray NUL bytes (at most :data:`MAX_NUL_PCT` % of
    the bytes) are removed; a file dominated by NUL or control bytes is refused.

    Parameters
    ----------
    pad : Path
        The file (for messages).
    data : bytes
        Its content.
    info : dict, optional
        Filled with what was done: ``codering`` (codec name), ``nul_bytes`` (removed),
        ``tekenset_status`` (``ok`` or ``waarschuwing``) and ``tekenset_melding`` (Dutch).

    Raises
    ------
    InvoerFout
        Empty file, UTF-16, binary content, or no code page that gives text.
    """
    info = {} if info is None else info
    info.update(codering="", nul_bytes=0, tekenset_status="ok", tekenset_melding="")
    if not data.strip():
        raise InvoerFout(
            f"{pad.name}: het bestand is leeg. Lever een export met een kopregel en gegevens."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _lijkt_utf16(data[:65536]):
        raise InvoerFout(
            f"{pad.name}: het bestand is opgeslagen als UTF-16 ('Unicode-tekst'), dat wordt "
            "niet gelezen. Sla het in Excel op als 'CSV UTF-8 (door komma's gescheiden)' of "
            "'CSV (gescheiden door lijstscheidingsteken)' en probeer het opnieuw."
        )
    n_nul = data.count(b"\x00")
    if n_nul:
        binair = n_nul + len(_STUURTEKENS.findall(data[:_PROEF]))
        if 100 * binair / min(len(data), _PROEF) > MAX_NUL_PCT:
            raise InvoerFout(
                f"{pad.name}: dit is geen tekstbestand (CSV), maar heeft wel de extensie "
                f"'{pad.suffix}'. Exporteer opnieuw als CSV (puntkomma of komma gescheiden)."
            )
        data = data.replace(b"\x00", b"")
        info["nul_bytes"] = n_nul
    if data.startswith(b"\xef\xbb\xbf"):
        tekst = data[3:].decode("utf-8", errors="strict")
        info["codering"] = "utf-8-sig"
    else:
        try:
            tekst = data.decode("utf-8")
            info["codering"] = "utf-8"
        except UnicodeDecodeError:
            tekst = None
    if tekst is not None:
        if not data.isascii():
            _, fout, voorbeelden = _woordoordeel(_WOORD_TEKST.findall(tekst[:_PROEF]))
            if fout:
                info["tekenset_status"] = "waarschuwing"
                info["tekenset_melding"] = (
                    _tekenset_melding("UTF-8", voorbeelden)
                    + ": de tekst is waarschijnlijk eerder met een verkeerde tekenset geopend "
                    "en zo opgeslagen"
                )
        return tekst

    woorden = list(dict.fromkeys(_WOORD_BYTES.findall(data[:_PROEF])))[:20000]
    oordelen: dict[str, tuple[int, int, list[str]]] = {}
    for codec in CODETABELLEN:
        try:
            oordelen[codec] = _woordoordeel([w.decode(codec) for w in woorden])
        except UnicodeDecodeError:
            continue
    schoon = [c for c in CODETABELLEN if c in oordelen and oordelen[c][1] == 0]
    if "cp1252" in schoon:
        gekozen = "cp1252"
    elif schoon and max(oordelen[c][0] for c in schoon) > 0:
        gekozen = max(schoon, key=lambda c: oordelen[c][0])  # first of the best (stable)
        info["tekenset_melding"] = f"gelezen als {CODETABEL_NAMEN[gekozen]}: " + (
            "daarin zijn alle bijzondere tekens gewone letters"
            + (
                "; als Windows-1252 gelezen stonden er woorden als "
                f"{', '.join(repr(w) for w in oordelen['cp1252'][2])} in"
                if "cp1252" in oordelen
                else " (als Windows-1252 is het bestand niet te lezen)"
            )
        )
    elif "cp1252" in oordelen:
        gekozen = "cp1252"
        info["tekenset_status"] = "waarschuwing"
        info["tekenset_melding"] = _tekenset_melding("Windows-1252", oordelen["cp1252"][2])
    else:
        raise InvoerFout(
            f"{pad.name}: de tekenset is niet te herkennen (geen UTF-8, Windows-1252 of een "
            "andere gangbare tekenset). Sla het bestand in Excel op als 'CSV UTF-8' en probeer "
            "het opnieuw."
        )
    info["codering"] = gekozen
    return data.decode(gekozen)


def _scheidingsteken(tekst: str) -> str:
    # the first non-empty line, without splitting a file of millions of lines
    begin = tekst[: 1 << 20]
    eerste = next((r for r in begin.splitlines() if r.strip()), None)
    if eerste is None:
        eerste = next((r for r in tekst.splitlines() if r.strip()), "")
    buiten_quotes = re.sub(r'"[^"]*"', "", eerste)
    tellingen = {s: buiten_quotes.count(s) for s in (";", ",", "\t")}
    teken = max(tellingen, key=lambda s: tellingen[s])
    return teken if tellingen[teken] > 0 else ","


def _als_tekst(waarde: object) -> object:
    """Cell value as the readers want it: str, datetime, or None when empty."""
    if waarde is None or (isinstance(waarde, float) and np.isnan(waarde)) or waarde is pd.NaT:
        return None
    if isinstance(waarde, (pd.Timestamp, dt.datetime, dt.date)):
        return waarde
    if isinstance(waarde, (bool, np.bool_)):
        return str(waarde)
    if isinstance(waarde, (float, np.floating)) and float(waarde).is_integer():
        return str(int(waarde))
    if isinstance(waarde, (int, np.integer, float, np.floating)):
        return str(waarde)
    tekst = str(waarde).strip()
    return tekst if tekst else None


def _als_tekstkolom(kolom: pd.Series) -> pd.Series:
    """One column with the cells of :func:`_als_tekst`, vectorised where the type allows.

    Text columns are stripped and empty strings become missing; pandas' string dtype and
    datetime64 columns (Parquet) keep their dtype; numbers are converted once per distinct
    value; mixed object columns (XLSX: text next to date cells) go cell by cell.
    """
    dtype = kolom.dtype
    if isinstance(dtype, pd.StringDtype):
        tekst = kolom.str.strip()
        leeg = tekst == ""
        return tekst.mask(leeg) if leeg.any() else tekst  # no second copy when none is empty
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return kolom
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        codes, uniek = pd.factorize(kolom, use_na_sentinel=True)
        waarden = np.array([*(_als_tekst(u) for u in uniek), None], dtype=object)
        return pd.Series(waarden[codes], index=kolom.index, dtype=object)
    soort = pd.api.types.infer_dtype(kolom, skipna=True) if dtype == np.dtype(object) else ""
    if soort in ("string", "empty"):
        waarden = kolom.str.strip().to_numpy(dtype=object, copy=True)
        waarden[pd.isna(waarden) | (waarden == "")] = None
        return pd.Series(waarden, index=kolom.index, dtype=object)
    return kolom.astype(object).map(_als_tekst)


def _als_tekstkolommen(df: pd.DataFrame) -> pd.DataFrame:
    """:func:`_als_tekstkolom` on every column (column names may repeat)."""
    if df.shape[1] == 0:
        return df.astype(object)
    uit = pd.concat([_als_tekstkolom(df.iloc[:, i]) for i in range(df.shape[1])], axis=1)
    uit.columns = df.columns
    return uit


def lees_ruw(
    pad: Path | str,
    *,
    header: int | None = 0,
    blad: str | int | None = None,
    categorisch: bool = False,
) -> pd.DataFrame:
    """Read a CSV, XLSX, ``.sav`` or Parquet file into a DataFrame of text cells.

    Parameters
    ----------
    pad : path
        The file. The format follows from the extension.
    header : int or None
        Row holding the column names (0 = first), or None to keep every row as data (the
        SurveyMonkey reader handles its two header rows itself).
    blad : str or int, optional
        Sheet of an XLSX or XLS file, by name (default: the first). An unknown name is an
        error that lists the sheets.
    categorisch : bool
        Parquet only: text columns as ``category`` (see :func:`_lees_parquet`), for the
        readers of police extracts that work on distinct values.

    Returns
    -------
    pandas.DataFrame
        Object columns; each cell is a stripped ``str``, a ``datetime`` (Excel/SPSS date
        cells) or ``None`` when empty. Whole empty rows are kept, so that positions still
        match the rows in the file. Parquet files (police extracts of millions of rows)
        keep their column types where that saves a Python object per cell: text columns
        as pandas' string dtype ``str`` (stripped; empty = NaN) and date columns as
        ``datetime64``; numbers become text as elsewhere. ``attrs["lezen"]`` tells how the
        file was read (``bestandstype``; for CSV ``codering``, ``nul_bytes``,
        ``tekenset_status``, ``tekenset_melding``): see :func:`lees_controles`.

    Raises
    ------
    InvoerFout
        Missing, empty, unreadable or truncated file, unknown extension, unknown encoding.
    """
    pad = Path(pad)
    if not pad.exists():
        raise InvoerFout(f"{pad}: bestand niet gevonden. Controleer het pad in de meting-config.")
    ext = pad.suffix.lower()
    if ext not in ONDERSTEUNDE_EXTENSIES:
        raise InvoerFout(
            f"{pad.name}: onbekend bestandstype '{pad.suffix}'. Toegestaan: "
            f"{', '.join(sorted(ONDERSTEUNDE_EXTENSIES))}."
        )
    info: dict = {"bestandstype": ext}
    try:
        if ext in CSV_EXTENSIES:
            data = pad.read_bytes()
            tekst = _decodeer(pad, data, info)
            scheiding = _scheidingsteken(tekst)
            # the C parser reads UTF-8 bytes far faster than the python engine reads text;
            # bytes that already are the UTF-8 of the text are passed on as they are
            zonder_bom = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
            utf8 = info["codering"] in ("utf-8", "utf-8-sig") and not info["nul_bytes"]
            bron = io.BytesIO(zonder_bom if utf8 else tekst.encode("utf-8"))
            del tekst, data
            df = pd.read_csv(
                bron,
                sep=scheiding,
                header=header,
                dtype=object,
                keep_default_na=False,
                skip_blank_lines=False,
                encoding="utf-8",
                engine="c",
            )
        elif ext in EXCEL_EXTENSIES or ext in XLS_EXTENSIES:
            if blad is not None:
                namen = bladen(pad)
                if blad not in namen and not (isinstance(blad, int) and 0 <= blad < len(namen)):
                    raise InvoerFout(
                        f"{pad.name}: het blad '{blad}' bestaat niet. Bladen in het bestand: "
                        f"{', '.join(repr(b) for b in namen)}. Pas 'blad' in de meting-config "
                        "aan."
                    )
            if ext in XLS_EXTENSIES:
                df = _lees_xls(pad, blad if blad is not None else 0, header)
            else:
                df = pd.read_excel(
                    pad,
                    sheet_name=blad if blad is not None else 0,
                    header=header,
                    dtype=object,
                    engine="openpyxl",
                )
        elif ext in SPSS_EXTENSIES:
            import pyreadstat

            df, _meta = pyreadstat.read_sav(str(pad), apply_value_formats=True)
            if header is None:
                df = pd.concat(
                    [pd.DataFrame([df.columns], columns=df.columns), df], ignore_index=True
                )
                df.columns = range(df.shape[1])
        else:
            # date columns as datetime64, text as pandas' string dtype: no Python object
            # per cell, which matters for police extracts of millions of rows
            df = _lees_parquet(pad, categorisch=categorisch)
    except InvoerFout:
        raise
    # NotImplementedError: zipfile on a damaged header ("zip file version 6.4")
    except (
        zipfile.BadZipFile,
        zlib.error,
        ParseError,
        KeyError,
        OSError,
        EOFError,
        NotImplementedError,
    ) as e:
        raise InvoerFout(
            f"{pad.name}: het bestand is beschadigd of onvolledig en kan niet worden geopend "
            f"({type(e).__name__}). Exporteer het opnieuw uit de bron."
        ) from None
    except pd.errors.ParserError as e:
        raise InvoerFout(
            f"{pad.name}: de regels hebben niet allemaal hetzelfde aantal kolommen ({e}). "
            "Controleer het scheidingsteken en aanhalingstekens, of exporteer opnieuw."
        ) from None
    except pd.errors.EmptyDataError:
        raise InvoerFout(
            f"{pad.name}: het bestand is leeg. Lever een export met gegevens."
        ) from None
    except UnicodeDecodeError:
        raise InvoerFout(
            f"{pad.name}: de tekenset is niet te herkennen. Sla het bestand op als 'CSV UTF-8'."
        ) from None
    except ValueError as e:
        raise InvoerFout(
            f"{pad.name}: het bestand kan niet worden gelezen als '{pad.suffix}' ({e}). "
            "Controleer of het bestand echt dit type is en exporteer zo nodig opnieuw."
        ) from None
    except Exception as e:  # readers of third-party formats raise their own types
        if type(e).__module__.split(".")[0] == "xlrd":
            raise InvoerFout(
                f"{pad.name}: het bestand kan niet worden gelezen als Excel 97-2003 (.xls) "
                f"({e}). Oude SurveyMonkey-exports met de extensie .xls zijn soms eigenlijk "
                "HTML of XML: open het bestand in Excel en sla het op als .xlsx of CSV UTF-8, "
                "of exporteer opnieuw als XLSX."
            ) from None
        if type(e).__module__.split(".")[0] in {"pyreadstat", "pyarrow", "openpyxl"}:
            raise InvoerFout(
                f"{pad.name}: het bestand kan niet worden gelezen ({type(e).__name__}: {e}). "
                "Controleer of het bestand compleet is en exporteer zo nodig opnieuw."
            ) from None
        raise
    if not len(df):
        df = df.astype(object)
    elif not (categorisch and ext in PARQUET_EXTENSIES):  # _lees_parquet did it already
        df = _als_tekstkolommen(df)
    if header is not None:
        df.columns = [str(k).strip() for k in df.columns]
    df.attrs["lezen"] = info
    return df


def _lees_parquet(pad: Path, *, categorisch: bool) -> pd.DataFrame:
    """A Parquet file; with ``categorisch`` its text columns as trimmed categoricals.

    Parquet stores a text column with few distinct values (ids, roles, categories) as a
    dictionary and codes. ``categorisch=True`` keeps that form: the column is read as an
    Arrow dictionary, its distinct values are trimmed (the same trim as the other text
    columns), values that become equal are merged and an empty value becomes missing, and
    the codes are kept as a :class:`pandas.Categorical`. Ten million rows then cost work
    on their distinct values plus one pass over integer codes. The other columns get
    :func:`_als_tekstkolom` here (``lees_ruw`` then leaves the frame as it is).
    """
    if not categorisch:
        return pd.read_parquet(pad, to_pandas_kwargs={"date_as_object": False})
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    schema = pq.read_schema(pad)

    def is_tekst(soort: pa.DataType) -> bool:
        return pa.types.is_string(soort) or pa.types.is_large_string(soort)

    tekst = [
        f.name
        for f in schema
        if is_tekst(f.type) or (pa.types.is_dictionary(f.type) and is_tekst(f.type.value_type))
    ]
    tabel = pq.read_table(pad, read_dictionary=[f.name for f in schema if is_tekst(f.type)])
    kolommen: list[pd.Series] = []
    for i, naam in enumerate(tabel.column_names):
        kolom = tabel.column(i)
        if naam not in tekst or not pa.types.is_dictionary(kolom.type):
            ander = pa.table({naam: kolom}).to_pandas(date_as_object=False).iloc[:, 0]
            kolommen.append(_als_tekstkolom(ander) if len(ander) else ander)
            continue
        delen = kolom.chunks
        arr = pa.concat_arrays(delen) if delen else pa.array([], kolom.type)
        woorden = pd.Series(pc.utf8_trim_whitespace(arr.dictionary).to_pandas(), dtype="str")
        woorden = woorden.mask(woorden == "")
        codes_w, uniek = pd.factorize(woorden, use_na_sentinel=True)
        indices = arr.indices.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        geldig = arr.is_valid().to_numpy(zero_copy_only=False)
        codes = np.append(codes_w, -1)[np.where(geldig, indices, -1)]
        categorieen = pd.Index(np.asarray(uniek, dtype=object), dtype="str")
        kolommen.append(
            pd.Series(pd.Categorical.from_codes(codes, categories=categorieen), name=naam)
        )
    df = pd.concat(kolommen, axis=1) if kolommen else pd.DataFrame(index=range(tabel.num_rows))
    df.columns = tabel.column_names
    return df


def als_str(reeks: pd.Series) -> pd.Series:
    """A column as pandas' string dtype ``str``; a categorical through its categories.

    ``Categorical.astype("str")`` makes a Python object per row first; taking from the
    categories does not.
    """
    if isinstance(reeks.dtype, pd.CategoricalDtype):
        categorieen = pd.array(np.asarray(reeks.cat.categories, dtype=object), dtype="str")
        codes = reeks.cat.codes.to_numpy()
        return pd.Series(categorieen.take(codes, allow_fill=True), index=reeks.index)
    return reeks.astype("str")


def _lees_xls(pad: Path, blad: str | int, header: int | None) -> pd.DataFrame:
    """A sheet of a legacy Excel 97-2003 file, read with xlrd (date cells as datetime)."""
    import xlrd

    with xlrd.open_workbook(str(pad), on_demand=True) as wb:
        ws = wb.sheet_by_index(blad) if isinstance(blad, int) else wb.sheet_by_name(blad)
        rijen = []
        for r in range(ws.nrows):
            rij = []
            for cel in ws.row(r):
                if cel.ctype == xlrd.XL_CELL_DATE:
                    rij.append(xlrd.xldate_as_datetime(cel.value, wb.datemode))
                elif cel.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    rij.append(None)
                elif cel.ctype == xlrd.XL_CELL_BOOLEAN:
                    rij.append(bool(cel.value))
                elif cel.ctype == xlrd.XL_CELL_ERROR:
                    rij.append(None)
                else:
                    rij.append(cel.value)
            rijen.append(rij)
    breedte = max((len(r) for r in rijen), default=0)
    rijen = [r + [None] * (breedte - len(r)) for r in rijen]
    if header is None:
        return pd.DataFrame(rijen, dtype=object)
    koppen = [str(k) if k is not None else f"Unnamed: {i}" for i, k in enumerate(rijen[header])]
    return pd.DataFrame(rijen[header + 1 :], columns=koppen, dtype=object)


def bladen(pad: Path | str) -> list[str]:
    """The sheet names of an XLSX or XLS file (empty for other file types).

    Raises
    ------
    InvoerFout
        When the workbook cannot be opened.
    """
    pad = Path(pad)
    ext = pad.suffix.lower()
    try:
        if ext in EXCEL_EXTENSIES:
            from openpyxl import load_workbook

            wb = load_workbook(pad, read_only=True)
            try:
                return list(wb.sheetnames)
            finally:
                wb.close()
        if ext in XLS_EXTENSIES:
            import xlrd

            with xlrd.open_workbook(str(pad), on_demand=True) as wb:
                return list(wb.sheet_names())
    except InvoerFout:
        raise
    except Exception as e:  # damaged workbook: the reader itself gives the message
        raise InvoerFout(
            f"{pad.name}: het bestand is beschadigd of onvolledig en kan niet worden geopend "
            f"({type(e).__name__}). Exporteer het opnieuw uit de bron."
        ) from None
    return []


def bladen_hint(pad: Path | str, blad: str | int | None = None) -> str:
    """A sentence naming the sheets of a workbook with several sheets ('' otherwise).

    Used in messages when the expected columns are not found: the data may be on another
    sheet than the one read.
    """
    try:
        namen = bladen(pad)
    except InvoerFout:
        return ""
    if len(namen) < 2:
        return ""
    gelezen = namen[0] if blad is None else namen[blad] if isinstance(blad, int) else blad
    return (
        f" Het bestand heeft {len(namen)} bladen ({', '.join(repr(b) for b in namen)}); "
        f"gelezen is '{gelezen}'. Staan de gegevens op een ander blad, geef dat dan met "
        "'blad = \"...\"' in de meting-config."
    )


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
    ruw = lees_ruw(pad, header=0, blad=blad, categorisch=categorisch)
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
    df["_rij"] = np.arange(2, len(df) + 2)
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


_DMY = re.compile(
    r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SERIEEL = re.compile(r"^\d{4,6}(?:\.0+)?$")

#: Dates that case systems and police extracts write when the real date is unknown
#: (methods.md, *Checks*): a cell holding one of them is a rejected row, named as such.
PLAATSVERVANGENDE_DATUMS: tuple[dt.date, ...] = (
    dt.date(1900, 1, 1),
    dt.date(1901, 1, 1),
    dt.date(9999, 1, 1),
    dt.date(9999, 12, 31),
)

#: Reason for a cell that is no date (impossible, ambiguous or an unknown form).
REDEN_ONGELDIGE_DATUM = (
    "ongeldige of dubbelzinnige datum; verwacht dd-mm-jjjj, d-m-jjjj, dd/mm/jjjj of "
    "jjjj-mm-dd (of een Excel-datum)"
)
#: Reason for a placeholder date (``{datum}`` = the placeholder as dd-mm-jjjj).
REDEN_PLAATSVERVANGER = (
    "plaatsvervangende datum {datum}: geen echte datum; vul de echte datum in of laat de cel leeg"
)
#: Reason for a plain number among written dates in a CSV column.
REDEN_LOS_GETAL = (
    "los getal tussen geschreven datums (bijvoorbeeld een totaalrij): geen datum; verwijder "
    "de rij of schrijf de datum als dd-mm-jjjj"
)
#: Reason for a date before the lower limit (``{grens}`` as dd-mm-jjjj).
REDEN_TE_VROEG = (
    "datum vóór {grens} ([controles] vroegste_datum): onwaarschijnlijk, vermoedelijk een "
    "tikfout; herstel de datum (of verlaag vroegste_datum als hij echt klopt)"
)
#: Reason for a date after the upper limit (``{grens}`` as dd-mm-jjjj, ``{uitleg}``).
REDEN_TE_LAAT = (
    "datum na {grens}{uitleg}: onwaarschijnlijk, vermoedelijk een tikfout; herstel de datum"
)

# outcome codes of one cell (0 = a date or empty); placeholders: _PLAATS + their index
_ONGELDIG, _LOS_GETAL, _TE_VROEG, _TE_LAAT, _PLAATS = 1, 2, 3, 4, 10
# kinds of a non-empty cell, for the CSV rule on serial numbers
_SOORT_ANDERS, _SOORT_DATUM, _SOORT_GESCHREVEN, _SOORT_GETAL = 0, 1, 2, 3
_PLAATS_DAGEN = {(d.year, d.month, d.day): i for i, d in enumerate(PLAATSVERVANGENDE_DATUMS)}


def parse_datums(
    reeks: pd.Series,
    *,
    vroegste: object = None,
    laatste: object = None,
    serieel: bool | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Parse Dutch dates, vectorised, and flag cells that are no plausible date.

    Parameters
    ----------
    reeks : pandas.Series
        Cells as read: strings, ``datetime`` objects (Excel/SPSS date cells), numbers, or
        missing values (a column of :func:`lees_tabel`, or any Series).
    vroegste : date-like, optional
        Earliest plausible date (e.g. ``[controles] vroegste_datum``): earlier dates are
        invalid. Default: no lower limit beyond the year 1900.
    laatste : date-like, optional
        Latest plausible date: later dates are invalid. Default: no upper limit beyond the
        year 2100.
    serieel : bool, optional
        How plain numbers are read. ``True``: every number is an Excel serial (numeric cells
        of an XLSX, XLS or ``.sav``). ``False``: a number is a serial only when the
        column holds no written dates (``dd-mm-jjjj`` ...), as in a CSV, where a lone
        number among written dates (a totals row) is invalid. ``None`` (default): ``True``
        unless ``reeks.attrs["lezen"]["bestandstype"]`` (set by :func:`lees_ruw`) names a
        CSV or is unknown.

    Returns
    -------
    datums : pandas.Series of datetime64[ns]
        The dates (time of day dropped); NaT where empty or invalid.
    ongeldig : pandas.Series of bool
        True where a cell was not empty but is no valid date (impossible, such as
        31-02-2016, ambiguous two-digit years, an unknown form, a placeholder date, a lone
        number in a CSV column of written dates, or outside ``vroegste``/``laatste``).
        :func:`parse_datums_met_reden` gives the reason per cell.

    Notes
    -----
    Accepted: ``dd-mm-jjjj``, ``d-m-jjjj``, ``dd/mm/jjjj``, ``dd.mm.jjjj``, ``jjjj-mm-dd``
    (each with an optional time), date cells, and Excel serial numbers (days since
    1899-12-30; 4 to 6 digits). Day-first always: a Dutch file never holds month-first dates.
    Years outside 1900–2100 are invalid, and so are the placeholder dates of
    :data:`PLAATSVERVANGENDE_DATUMS` (01-01-1900, 01-01-1901, 01-01-9999, 31-12-9999).

    Examples
    --------
    >>> d, bad = parse_datums(pd.Series(["1-2-2016", "31-02-2016", None]))
    >>> d.dt.strftime("%Y-%m-%d").tolist()[0], bad.tolist()
    ('2016-02-01', [False, True, False])
    >>> parse_datums(pd.Series(["01-01-1900", "1-2-1985"]), vroegste="1990-01-01")[1].tolist()
    [True, True]
    """
    datums, codes = _datum_codes(reeks, vroegste=vroegste, laatste=laatste, serieel=serieel)
    return datums, pd.Series(codes != 0, index=reeks.index, dtype=bool)


def parse_datums_met_reden(
    reeks: pd.Series,
    *,
    vroegste: object = None,
    laatste: object = None,
    serieel: bool | None = None,
    laatste_uitleg: str = "",
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """:func:`parse_datums` plus the Dutch reason of each invalid cell.

    Parameters
    ----------
    reeks, vroegste, laatste, serieel
        As for :func:`parse_datums`.
    laatste_uitleg : str, optional
        Why ``laatste`` is the limit, added to the reason in parentheses (e.g. ``"einde
        van het jaar na het registratiejaar 2016"``).

    Returns
    -------
    datums : pandas.Series of datetime64[ns]
    ongeldig : pandas.Series of bool
        As for :func:`parse_datums`.
    reden : pandas.Series of object
        Where ``ongeldig``: :data:`REDEN_ONGELDIGE_DATUM`, :data:`REDEN_PLAATSVERVANGER`
        (naming the placeholder), :data:`REDEN_LOS_GETAL`, :data:`REDEN_TE_VROEG` or
        :data:`REDEN_TE_LAAT` filled in; None elsewhere.

    Examples
    --------
    >>> _, _, r = parse_datums_met_reden(pd.Series(["31-12-9999", "01-03-2016"]))
    >>> r.tolist()[0].split(":")[0], r.tolist()[1]
    ('plaatsvervangende datum 31-12-9999', None)
    """
    vroeg, laat = _als_dag(vroegste), _als_dag(laatste)
    datums, codes = _datum_codes(reeks, vroegste=vroeg, laatste=laat, serieel=serieel)
    teksten: dict[int, str] = {_ONGELDIG: REDEN_ONGELDIGE_DATUM, _LOS_GETAL: REDEN_LOS_GETAL}
    if vroeg is not None:
        teksten[_TE_VROEG] = REDEN_TE_VROEG.format(grens=_dmj(vroeg))
    if laat is not None:
        uitleg = f" ({laatste_uitleg})" if laatste_uitleg else ""
        teksten[_TE_LAAT] = REDEN_TE_LAAT.format(grens=_dmj(laat), uitleg=uitleg)
    for i, d in enumerate(PLAATSVERVANGENDE_DATUMS):
        teksten[_PLAATS + i] = REDEN_PLAATSVERVANGER.format(datum=d.strftime("%d-%m-%Y"))
    opzoek = np.full(_PLAATS + len(PLAATSVERVANGENDE_DATUMS), None, dtype=object)
    for code, tekst in teksten.items():
        opzoek[code] = tekst
    ongeldig = codes != 0
    return (
        datums,
        pd.Series(ongeldig, index=reeks.index, dtype=bool),
        pd.Series(opzoek[codes], index=reeks.index, dtype=object),
    )


def _als_dag(waarde: object) -> np.datetime64 | None:
    """A date-like limit (date, datetime, Timestamp, ``"jjjj-mm-dd"``) as a day, or None."""
    if waarde is None:
        return None
    if isinstance(waarde, np.datetime64):
        return waarde.astype("datetime64[D]")
    return np.datetime64(pd.Timestamp(waarde).date(), "D")


def _dmj(dag: np.datetime64) -> str:
    return pd.Timestamp(dag).strftime("%d-%m-%Y")


def _datum_codes(
    reeks: pd.Series, *, vroegste: object, laatste: object, serieel: bool | None
) -> tuple[pd.Series, np.ndarray]:
    """The dates of :func:`parse_datums` and an outcome code per cell (0 = fine/empty)."""
    vroeg, laat = _als_dag(vroegste), _als_dag(laatste)
    if pd.api.types.is_datetime64_any_dtype(reeks.dtype):
        # date columns of Parquet files: nothing to parse, only the plausibility rules
        datums = reeks.dt.tz_localize(None) if reeks.dt.tz is not None else reeks
        datums = datums.astype("datetime64[ns]").dt.floor("D")
        dagen = datums.to_numpy().astype("datetime64[D]")
        codes = _grens_codes(dagen, np.zeros(len(dagen), dtype=np.int8), vroeg, laat)
        for i, d in enumerate(PLAATSVERVANGENDE_DATUMS):
            if d.year < 2262:  # a 9999 placeholder cannot be a datetime64[ns]
                codes[dagen == np.datetime64(d, "D")] = _PLAATS + i
        if codes.any():
            datums = datums.mask(codes != 0)
        return datums, codes
    if serieel is None:
        soort = reeks.attrs.get("lezen", {}).get("bestandstype")
        serieel = soort is not None and soort not in CSV_EXTENSIES
    # A column holds few distinct dates (a million besprekingen fall on a few thousand
    # days): parse each distinct cell once and spread the result over the rows. Cells that
    # compare equal (42401 and 42401.0) give the same date, so this changes no outcome.
    codes_rij, uniek = pd.factorize(reeks, use_na_sentinel=True)
    dagen_u, codes_u = _parse_datumcellen(
        pd.Series(np.asarray(uniek, dtype=object)), serieel=bool(serieel)
    )
    dagen = dagen_u.to_numpy(dtype="datetime64[D]")
    codes_u = _grens_codes(dagen, codes_u.to_numpy(dtype=np.int8), vroeg, laat)
    dagen[codes_u != 0] = np.datetime64("NaT")
    datums = np.append(dagen.astype("datetime64[ns]"), np.datetime64("NaT", "ns"))
    codes = np.append(codes_u, np.int8(0))
    return (
        pd.Series(datums[codes_rij], index=reeks.index, dtype="datetime64[ns]"),
        codes[codes_rij],
    )


def _grens_codes(
    dagen: np.ndarray, codes: np.ndarray, vroeg: np.datetime64 | None, laat: np.datetime64 | None
) -> np.ndarray:
    """``codes`` with the days outside ``vroeg``..``laat`` marked (earlier codes win)."""
    codes = codes.copy()
    vrij = (codes == 0) & ~np.isnat(dagen)
    if vroeg is not None:
        codes[vrij & (dagen < vroeg)] = _TE_VROEG
    if laat is not None:
        codes[vrij & (dagen > laat)] = _TE_LAAT
    return codes


def _parse_datumcellen(waarden: pd.Series, *, serieel: bool = True) -> tuple[pd.Series, pd.Series]:
    """:func:`parse_datums` for distinct cells, one cell at a time.

    Called on the distinct values of a column only (a few thousand for a million rows),
    so a loop with compiled regular expressions is cheaper than vectorised string methods,
    which loop per cell internally as well and add a fixed cost per call.

    Returns
    -------
    dagen : pandas.Series of datetime64[ns]
        NaT where empty or invalid.
    codes : pandas.Series of int8
        0 for a date or an empty cell, else the outcome code (invalid, placeholder, lone
        number). With ``serieel=False`` numbers are lone numbers as soon as one cell of
        ``waarden`` is a written date.
    """
    dagen = np.full(len(waarden), np.datetime64("NaT", "D"))
    codes = np.zeros(len(waarden), dtype=np.int8)
    soorten = np.zeros(len(waarden), dtype=np.int8)
    for i, v in enumerate(waarden.to_numpy(dtype=object)):
        if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
            continue
        dag, code, soorten[i] = _datum_van_cel(v)
        if code:
            codes[i] = code
        else:
            dagen[i] = dag
    if not serieel and (soorten == _SOORT_GESCHREVEN).any():
        codes[(soorten == _SOORT_GETAL) & (codes == 0)] = _LOS_GETAL
        dagen[codes != 0] = np.datetime64("NaT")
    return (
        pd.Series(dagen.astype("datetime64[ns]"), index=waarden.index),
        pd.Series(codes, index=waarden.index),
    )


def _datum_van_cel(v: object) -> tuple[np.datetime64 | None, int, int]:
    """The day of one non-empty cell, its outcome code (0 = a date) and its kind."""
    if isinstance(v, (dt.date, dt.datetime, pd.Timestamp)):
        plaats = _PLAATS_DAGEN.get((v.year, v.month, v.day))
        if plaats is not None:
            return None, _PLAATS + plaats, _SOORT_DATUM
        try:
            ts = pd.Timestamp(v)
        except (ValueError, OverflowError):
            return None, _ONGELDIG, _SOORT_DATUM
        if not pd.Timestamp.min <= ts.tz_localize(None) <= pd.Timestamp.max:
            return None, _ONGELDIG, _SOORT_DATUM
        return np.datetime64(ts.tz_localize(None).date(), "D"), 0, _SOORT_DATUM
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)):
        dag = _serieel(float(v))
        return dag, 0 if dag is not None else _ONGELDIG, _SOORT_GETAL
    tekst = str(v).strip()
    m = _DMY.match(tekst)
    if m:
        dag, maand, jaar = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _YMD.match(tekst)
        if m:
            jaar, maand, dag = int(m[1]), int(m[2]), int(m[3])
    if m:
        plaats = _PLAATS_DAGEN.get((jaar, maand, dag))
        if plaats is not None:
            return None, _PLAATS + plaats, _SOORT_GESCHREVEN
        if not 1900 <= jaar <= 2100:
            return None, _ONGELDIG, _SOORT_GESCHREVEN
        try:
            return np.datetime64(dt.date(jaar, maand, dag), "D"), 0, _SOORT_GESCHREVEN
        except ValueError:
            return None, _ONGELDIG, _SOORT_GESCHREVEN
    if _SERIEEL.match(tekst):
        dag = _serieel(float(tekst))
        return dag, 0 if dag is not None else _ONGELDIG, _SOORT_GETAL
    return None, _ONGELDIG, _SOORT_ANDERS


def _serieel(getal: float) -> np.datetime64 | None:
    """An Excel serial number (days since 1899-12-30; the time of day dropped)."""
    if not 367 <= getal <= 73050:
        return None
    return np.datetime64("1899-12-30", "D") + int(np.floor(getal))


def parse_getallen(reeks: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse numbers written the Dutch or the English way.

    Returns
    -------
    getallen : pandas.Series of float
    ongeldig : pandas.Series of bool
        True where a cell was not empty but holds no number.

    Notes
    -----
    ``7,5`` is 7.5; with both separators (``1.234,5``) the point groups thousands. A value
    with only points keeps them as decimal point (``7.5``).
    """
    waarden = reeks.astype(object)
    leeg = waarden.isna()
    tekst = waarden.astype("string").str.strip().str.replace(" ", "", regex=False)
    beide = tekst.str.contains(",", regex=False) & tekst.str.contains(".", regex=False)
    tekst = tekst.where(~beide.fillna(False), tekst.str.replace(".", "", regex=False))
    tekst = tekst.str.replace(",", ".", regex=False)
    getallen = pd.to_numeric(tekst, errors="coerce").astype(float)
    return getallen, ((~leeg) & getallen.isna()).astype(bool)


def afwijzingen(
    df: pd.DataFrame,
    masker: pd.Series,
    *,
    bestand: str,
    kolom: str,
    reden: str,
    waarde_kolom: str | None = None,
) -> pd.DataFrame:
    """Rejected-row records for the rows where ``masker`` is True.

    Parameters
    ----------
    df : pandas.DataFrame
        A table from :func:`lees_tabel` (needs ``_rij``).
    masker : pandas.Series of bool
        Rows to reject.
    bestand, kolom, reden : str
        File name, canonical column (shown as the header in the file when known) and the
        Dutch reason.
    waarde_kolom : str, optional
        Column whose value is reported (default ``kolom``).

    Returns
    -------
    pandas.DataFrame
        Columns ``bestand, rij, kolom, waarde, reden``.
    """
    masker = masker.fillna(False).astype(bool)
    if not masker.any():
        return lege_afgewezen()
    koppen = df.attrs.get("koppen", {})
    bron = waarde_kolom or kolom
    waarden = df.loc[masker, bron] if bron in df else pd.Series(None, index=df.index[masker])
    return pd.DataFrame(
        {
            "bestand": bestand,
            "rij": df.loc[masker, "_rij"].astype(int).to_numpy(),
            "kolom": koppen.get(kolom, kolom),
            "waarde": [_waarde_tekst(w) for w in waarden],
            "reden": reden,
        },
        columns=AFGEWEZEN_KOLOMMEN,
    )


def _waarde_tekst(w: object) -> str:
    if w is None or w is pd.NaT or (isinstance(w, float) and np.isnan(w)):
        return ""
    if isinstance(w, (pd.Timestamp, dt.datetime)):
        return w.strftime("%d-%m-%Y")
    return str(w)


def eerste_afwijzing(
    df: pd.DataFrame, regels: list[tuple[pd.Series, str, str]], *, bestand: str
) -> tuple[pd.DataFrame, pd.Series]:
    """Reject each row for the first rule it breaks, in the order given.

    Parameters
    ----------
    df : pandas.DataFrame
        A table from :func:`lees_tabel` (needs ``_rij``).
    regels : list of (masker, kolom, reden)
        Rules in order of precedence; ``masker`` is True where the row breaks the rule.
    bestand : str
        File name for the records.

    Returns
    -------
    afgewezen : pandas.DataFrame
        One record per rejected row (``bestand, rij, kolom, waarde, reden``), by row number.
    afgewezen_masker : pandas.Series of bool
        True for the rejected rows.
    """
    al = pd.Series(False, index=df.index)
    delen = []
    for masker, kolom, reden in regels:
        nieuw = masker.fillna(False).astype(bool) & ~al
        if nieuw.any():
            delen.append(afwijzingen(df, nieuw, bestand=bestand, kolom=kolom, reden=reden))
        al |= nieuw
    if not delen:
        return lege_afgewezen(), al
    tabel = pd.concat(delen, ignore_index=True)
    return tabel.sort_values("rij", kind="stable", ignore_index=True), al


@dataclass
class Bestandsverslag:
    """What happened to one input file (a row of the Verantwoording).

    The invariant ``rijen_gelezen == rijen_gebruikt + rijen_afgewezen`` is checked on
    creation: nothing is ever lost silently.
    """

    instrument: str
    bestand: str
    sha256: str
    rijen_gelezen: int
    rijen_gebruikt: int
    rijen_afgewezen: int
    opmerking: str = ""

    def __post_init__(self) -> None:
        if self.rijen_gelezen != self.rijen_gebruikt + self.rijen_afgewezen:
            raise RuntimeError(
                f"{self.bestand}: telling klopt niet: gelezen {self.rijen_gelezen} != gebruikt "
                f"{self.rijen_gebruikt} + afgewezen {self.rijen_afgewezen}"
            )


def controleer_afwijzingen(
    verslag: Bestandsverslag, max_pct: float, afgewezen: pd.DataFrame
) -> None:
    """Stop the run when more than ``max_pct`` % of a file's rows were rejected.

    Raises
    ------
    InvoerFout
        With the share rejected, the most frequent reasons, and the fix; ``afgewezen``
        travels with it so that ``afgewezen.csv`` can still be written.
    """
    if verslag.rijen_gelezen == 0:
        return
    pct = 100 * verslag.rijen_afgewezen / verslag.rijen_gelezen
    if pct > max_pct:
        eigen = afgewezen[afgewezen["bestand"] == verslag.bestand]
        redenen = eigen.drop_duplicates(["rij"])["reden"].value_counts().head(3)
        uitleg = "; ".join(f"{r} ({n}x)" for r, n in redenen.items())
        raise InvoerFout(
            f"{verslag.bestand}: {verslag.rijen_afgewezen} van {verslag.rijen_gelezen} rijen "
            f"afgewezen ({pct:.1f}%), meer dan de toegestane {max_pct:g}%. Meest voorkomend: "
            f"{uitleg}. Zie afgewezen.csv voor elke rij; herstel het bestand of verhoog "
            "[publicatie] max_afgewezen_pct als dit verantwoord is.",
            afgewezen=afgewezen,
        )
