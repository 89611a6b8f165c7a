"""Raw reading of one tabular file: file types, code page and separator detection.

Part of :mod:`instruments.lezen` (which re-exports these names): the bytes of a CSV
become text (UTF-8, UTF-16 or a Windows/DOS code page, stray NUL bytes), the separator
is detected, and XLSX, XLS, ``.sav`` and Parquet files become a DataFrame of text
columns, with every problem an :class:`~instruments.fouten.InvoerFout`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

import numpy as np
import pandas as pd

from instruments.fouten import InvoerFout
from instruments.geheugen import geef_terug

CSV_EXTENSIES = {".csv", ".txt"}
EXCEL_EXTENSIES = {".xlsx", ".xlsm"}
XLS_EXTENSIES = {".xls"}  # legacy Excel 97-2003 (old SurveyMonkey exports), read with xlrd
SPSS_EXTENSIES = {".sav", ".zsav"}
PARQUET_EXTENSIES = {".parquet", ".pq"}
ONDERSTEUNDE_EXTENSIES = (
    CSV_EXTENSIES | EXCEL_EXTENSIES | XLS_EXTENSIES | SPSS_EXTENSIES | PARQUET_EXTENSIES
)


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
# Words with at least one non-ASCII letter: the runs of non-ASCII characters are found
# first (few in Dutch text), then widened to the letters around them. The same words as
# ``findall`` of ``[A-Za-z\x80-\xff]*[\x80-\xff][A-Za-z\x80-\xff]*``, which tried every
# position of every plain ASCII word (0.55 s on the 8 MB judged of a registry extract).
_HOOG_BYTES = re.compile(rb"[\x80-\xff]+")
_HOOG_TEKST = re.compile(r"[\u0080-\uffff]+")
_LETTERS_BYTES = re.compile(rb"[A-Za-z\x80-\xff]*")
_LETTERS_TEKST = re.compile(r"[A-Za-z\u0080-\uffff]*")
_LETTER_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") | frozenset(
    range(0x80, 0x100)
)


def _woorden_met_hoog(buf: bytes | str) -> list:
    """The words of ``buf`` (bytes or text) that hold a non-ASCII character, in order."""
    if isinstance(buf, str):
        hoog, letters = _HOOG_TEKST, _LETTERS_TEKST

        def is_letter(c: str) -> bool:
            return ("A" <= c <= "Z") or ("a" <= c <= "z") or ("\x80" <= c <= "\uffff")
    else:
        hoog, letters = _HOOG_BYTES, _LETTERS_BYTES

        def is_letter(c: int) -> bool:
            return c in _LETTER_BYTES

    uit = []
    eind = 0
    for m in hoog.finditer(buf):
        if m.start() < eind:
            continue  # part of the word just taken
        begin = m.start()
        while begin > eind and is_letter(buf[begin - 1]):
            begin -= 1
        eind = letters.match(buf, m.end()).end()
        uit.append(buf[begin:eind])
    return uit


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
    if not data or data.isspace():  # no copy of the whole file, as strip() makes
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
            _, fout, voorbeelden = _woordoordeel(_woorden_met_hoog(tekst[:_PROEF]))
            if fout:
                info["tekenset_status"] = "waarschuwing"
                info["tekenset_melding"] = (
                    _tekenset_melding("UTF-8", voorbeelden)
                    + ": de tekst is waarschijnlijk eerder met een verkeerde tekenset geopend "
                    "en zo opgeslagen"
                )
        return tekst

    woorden = list(dict.fromkeys(_woorden_met_hoog(data[:_PROEF])))[:20000]
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


def _lees_csv_pijl(bron: io.BytesIO, scheiding: str) -> pd.DataFrame | None:
    """A CSV with one header row through Arrow's multi-threaded reader, or ``None``.

    The cells come out as :func:`_als_tekstkolom` makes them of pandas' ``str`` columns
    (trimmed by the same Arrow kernel, empty = missing), five times faster than pandas' C
    parser for the registry extract of a million rows. Only a regular file takes this
    path: every row as many cells as the header (a blank line is a row of empty cells, as
    with pandas), unique and non-empty header names. Anything else gives ``None`` and goes
    to pandas' parser, whose behaviour (padding short rows, its messages) stays the
    contract; a test compares the two readers on the irregular cases.
    """
    import csv

    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    data = bron.getbuffer()
    einde = bytes(data[: 1 << 16]).find(b"\n")
    eerste = bytes(data[: einde if einde >= 0 else len(data)]).decode("utf-8", "replace")
    namen = next(csv.reader([eerste.rstrip("\r")], delimiter=scheiding), [])
    if not namen or len(set(namen)) != len(namen) or any(not n.strip() for n in namen):
        return None
    try:
        tabel = pcsv.read_csv(
            pa.py_buffer(data),
            parse_options=pcsv.ParseOptions(
                delimiter=scheiding, newlines_in_values=True, ignore_empty_lines=False
            ),
            # an empty cell (quoted or not) is missing, and only that: no "NA" or "NULL"
            convert_options=pcsv.ConvertOptions(
                column_types={n: pa.string() for n in namen},
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    if tabel.column_names != namen:
        return None
    soort = pd.StringDtype("pyarrow", na_value=np.nan)
    kolommen = {}
    for i, naam in enumerate(namen):
        kolom = pc.utf8_trim_whitespace(tabel.column(i))
        if pc.any(pc.equal(kolom, "")).as_py():  # cells of spaces only: missing too
            kolom = pc.if_else(pc.equal(kolom, ""), pa.scalar(None, pa.string()), kolom)
        kolommen[i] = pd.Series(pd.array(kolom, dtype=soort), name=naam)
    del tabel
    df = pd.DataFrame(kolommen)
    df.columns = namen
    return df


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
    pijl: bool = False,
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
    pijl : bool
        CSV only: text columns as pandas' Arrow-backed string dtype ``str`` (stripped;
        empty = NaN) instead of Python objects: no object per cell, for the registry
        extract of a million rows.

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
    klaar = False
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
            df = _lees_csv_pijl(bron, scheiding) if pijl and header == 0 else None
            if df is not None:
                klaar = True  # trimmed by Arrow already
            else:
                bron.seek(0)
                df = pd.read_csv(
                    bron,
                    sep=scheiding,
                    header=header,
                    dtype="str" if pijl else object,
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
    elif not (klaar or (categorisch and ext in PARQUET_EXTENSIES)):  # done while reading
        df = _als_tekstkolommen(df)
    if header is not None:
        df.columns = [str(k).strip() for k in df.columns]
    df.attrs["lezen"] = info
    geef_terug()  # the file's bytes and Arrow buffers are gone: return their memory
    return df


def _een_woordenboek(kolom) -> tuple[np.ndarray, object]:
    """One dictionary for a dictionary column of Parquet's row groups: (codes, values).

    Parquet gives each row group (and each batch of it) its own dictionary. Batches of one
    row group share theirs, and a file written from a categorical repeats the same
    dictionary in every row group; the distinct dictionaries are found by buffer and by
    content, encoded once together, and each batch's indices are taken through the code of
    its own dictionary. Returns 32-bit codes per row (``-1`` = missing) and the distinct
    values that rows use (an Arrow string array, without missing values). Ten million rows
    with a million ids then cost the hashing of the distinct dictionaries, not of every row.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    delen = [c for c in kolom.chunks if len(c)]
    if not delen:
        return np.zeros(0, dtype=np.int32), pa.array([], kolom.type.value_type)
    verschillend: list = []  # the distinct dictionaries
    per_buffer: dict[tuple, int] = {}
    welk: list[int] = []  # per batch: which distinct dictionary
    for deel in delen:
        d = deel.dictionary
        sleutel = (len(d), d.offset, *(b.address if b is not None else 0 for b in d.buffers()))
        j = per_buffer.get(sleutel)
        if j is None:
            if not (verschillend and d.equals(verschillend[-1])):
                verschillend.append(d)
            j = per_buffer[sleutel] = len(verschillend) - 1
        welk.append(j)
    alles = pa.concat_arrays(verschillend) if len(verschillend) > 1 else verschillend[0]
    gecodeerd = pc.dictionary_encode(alles)  # a missing dictionary value: a null index
    waarden = gecodeerd.dictionary
    naar = gecodeerd.indices.fill_null(-1).to_numpy().astype(np.int32)
    begin = np.cumsum([0] + [len(d) for d in verschillend])
    # per distinct dictionary its codes; the last entry stands for a missing index
    vertalingen = [
        np.append(naar[begin[j] : begin[j + 1]], np.int32(-1)) for j in range(len(verschillend))
    ]
    codes = np.empty(sum(len(c) for c in delen), dtype=np.int32)
    plek = 0
    for deel, j in zip(delen, welk, strict=True):
        vertaal = vertalingen[j]
        indices = deel.indices
        if indices.null_count:
            idx = np.where(
                indices.is_valid().to_numpy(zero_copy_only=False),
                indices.fill_null(0).to_numpy(),
                -1,
            )
        else:
            idx = indices.to_numpy()
        codes[plek : plek + len(deel)] = vertaal[idx]
        plek += len(deel)
    # a dictionary may hold values no row uses (a categorical's unused categories): drop them
    gebruikt = np.zeros(len(waarden) + 1, dtype=bool)
    gebruikt[codes] = True  # code -1 lands on the last slot
    if not gebruikt[:-1].all():
        nieuw = np.append(np.cumsum(gebruikt[:-1], dtype=np.int32) - 1, np.int32(-1))
        codes = nieuw[codes]
        waarden = waarden.filter(pa.array(gebruikt[:-1]))
    return codes, waarden


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
    woordenboek = {f.name for f in schema if is_tekst(f.type)}
    namen, n_rijen = schema.names, pq.ParquetFile(pad).metadata.num_rows
    kolommen: list[pd.Series] = []
    for naam in namen:
        # one column at a time, its text as Parquet's own dictionaries (no string per row)
        kolom = pq.read_table(
            pad, columns=[naam], read_dictionary=[naam] if naam in woordenboek else None
        ).column(0)
        if naam not in tekst or not pa.types.is_dictionary(kolom.type):
            ander = pa.table({naam: kolom}).to_pandas(date_as_object=False).iloc[:, 0]
            kolommen.append(_als_tekstkolom(ander) if len(ander) else ander)
            continue
        indices, dictionary = _een_woordenboek(kolom)
        del kolom
        woorden = pd.Series(pc.utf8_trim_whitespace(dictionary).to_pandas(), dtype="str")
        woorden = woorden.mask(woorden == "")
        codes_w, uniek = pd.factorize(woorden, use_na_sentinel=True)
        # the last entry stands for a missing cell; codes stay 32-bit (no copy per row)
        per_woord = np.append(codes_w, -1).astype(np.int32)
        codes = per_woord[indices]  # index -1 is the missing entry
        del indices, dictionary
        soort = pd.CategoricalDtype(pd.Index(uniek, dtype="str"))  # text already: no objects
        kolommen.append(
            pd.Series(pd.Categorical.from_codes(codes, dtype=soort, validate=False), name=naam)
        )
        geef_terug()
    df = pd.concat(kolommen, axis=1) if kolommen else pd.DataFrame(index=range(n_rijen))
    df.columns = namen
    return df


def als_str(reeks: pd.Series) -> pd.Series:
    """A column as pandas' string dtype ``str``; a categorical through its categories.

    ``Categorical.astype("str")`` makes a Python object per row first; taking from the
    categories does not.
    """
    if isinstance(reeks.dtype, pd.CategoricalDtype):
        cats = reeks.cat.categories
        # categories that are text already are taken as they are (no object per value)
        categorieen = (
            cats.array
            if cats.dtype == "str"
            else pd.array(np.asarray(cats, dtype=object), dtype="str")
        )
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
