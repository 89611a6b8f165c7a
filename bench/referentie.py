"""The recidive figures (kengetal 10-2) recomputed with DuckDB SQL, independently of the suite.

The query is written from the contract (``formats.md`` §1 and §4 and its general reading
rules, ``methods.md`` "Recidive (10-2)" and *Checks*) and the day conventions stated in
:mod:`analysis.recidive`'s module docstring; it shares no code with the suite. It reads the
same files the suite reads (from the meting config, ``--config``, or named one by one) and
returns, per group (``werksoort=Top X``, ``werksoort=Overige casuïstiek``, ``totaal``):
``personen``, ``delicten_voor``, ``delicten_na``, ``dagen_vrij_voor``, ``dagen_vrij_na``,
``per_jaar_vrij_voor``, ``per_jaar_vrij_na``, plus the exclusions. Everything per row is
SQL; Python only looks at the files' first line (code page, separator, headers) or their
Parquet schema.

The rules, step by step:

0. Reading (every file). CSV: separator ``;``, ``,`` or tab (the most frequent one on the
   first line), UTF-8 (with or without BOM) or else Windows-1252, short rows padded with
   empty cells. Headers match ignoring case, accents, spaces, ``_`` and ``-``
   (``[registratie] kolommen`` / ``[recidive] kolommen`` rename). Cells are trimmed of
   every Unicode space; an empty cell is missing. IDs (Persoonsnummer) are trimmed text,
   leading zeros kept, ``12345.0`` read as ``12345``; a Casusnummer the same way (the
   registry and the koppeltabel must link).
   Dates: ``d-m-jjjj`` with ``-``, ``/`` or ``.`` between the parts and ``jjjj-mm-dd``
   (either with a time after a space or ``T``), calendar dates of the years 1900-2100 only,
   Excel serial numbers (4-6 digits, 367-73050) in a CSV column only when no cell of that
   column is a written date (in a Parquet text column always), and Parquet date columns as
   they are (time of day dropped; the year limit holds for them too). The placeholders
   01-01-1900, 01-01-1901, 01-01-9999 and 31-12-9999 and dates before ``[controles]
   vroegste_datum`` (default 01-01-1990) are no dates: the row is rejected. (Where the suite
   reads otherwise than the contract says, the reference follows the contract: a year after
   2100 in a Parquet date column is no date here.)
1. Registry rows are accepted when casusnummer, werksoort, datum bespreking and datum
   aanmelding are present, the werksoort is one of the four (spelling variants:
   case, spaces, ``-``/``_`` and accents ignored, ``Overig(e)`` = Overige casuïstiek), the
   dates are valid (rule 0), bespreking and aanmelding not after 31 December of the year
   after the registratiejaar (Datum start has no upper limit), a given Datum start is
   valid, Procesregie is empty or ja/nee (``j``, ``yes``, ``1``, ``waar``, ...), and the
   bespreking is not before the aanmelding. Exact duplicate rows count once: every use of
   the rows below is a set operation (distinct, minimum, any), so a copy changes nothing.
2. Cohort casussen: at least one accepted Top X or Overige bespreking in the
   registratiejaar. Start of a casus: its earliest Datum start, else its first Top X or
   Overige bespreking in the extract; group: the werksoort of that first approach
   bespreking (Top X when both fall on that day).
3. Persons: the Persoonsnummer on the casus' accepted rows; a person with several cohort
   casussen takes the earliest start (then Top X, then the lowest casusnummer).
4. Offences: police rows with Rol ``Verdachte`` (case and spaces ignored), a person, a
   pleegdatum (or else the registratiedatum), both dates valid where given (rule 0) and no
   pleegdatum after the registratiedatum. The peildatum is the last pleeg- or
   registratiedatum of those rows (unless ``[recidive] peildatum`` is given).
5. Detention rows need a person and a valid Begindatum; the Einddatum is empty or valid
   and not before the begin, or on/after 01-01-2100 (31-12-9999, also a cell that is a
   calendar date only when read without the year limit): an open spell, like an empty one.
   Windows in whole days, half-open: before ``[s - W, s)``, after
   ``[s, min(s + W, peildatum - wachttijd + 1))``. Detention ``[begin, eind)`` (open =
   until the peildatum inclusive), merged per person (gaps and islands), subtracted as
   overlap from each window's length: the days at liberty.
6. Persons without an after-window or with fewer than ``min_dagen_vrij`` days at liberty
   in either window are left out; per group: sums over the others, and
   ``per_jaar_vrij = 365 * delicten / dagen vrij``.

Not covered (the run stops or the files are another kind): XLSX/``.sav`` inputs, a
koppeltabel, pseudonymisation and the BSN refusal, the ``max_afgewezen_pct`` and
``max_dubbel_pct`` stops.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import time
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = ["Referentie", "lees_meting", "main", "recidive_duckdb"]

TOP_X = "Top X"
OVERIGE = "Overige casuïstiek"
#: [controles] vroegste_datum when the config does not give it (methods.md, *Checks*)
VROEGSTE_STANDAARD = dt.date(1990, 1, 1)

#: every character Python's str.strip() removes (Unicode white space)
_WIT = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_WIT_KLASSE = r"[\s\p{Z}\x{1c}-\x{1f}\x{85}]"
_TIJD = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
#: a written Dutch date: d-m-jjjj (separators - / .) or jjjj-mm-dd, optionally a time
_DMJ, _JMD = r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", r"(\d{4})-(\d{1,2})-(\d{1,2})"
_DATUM = rf"^(?:{_DMJ}|{_JMD}){_TIJD}$"
#: the same without any limit, for an end date in the year 9999 (an open spell)
_DATUM_RUIM = rf"^(?:{_DMJ}|(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}))(?:[ T].*)?$"

_MACROS = rf"""
SET TimeZone = 'UTC';
CREATE OR REPLACE MACRO kaal(x) AS
    ord(x) > 32 AND ord(x) < 127 AND ord(x[-1]) > 32 AND ord(x[-1]) < 127;
CREATE OR REPLACE MACRO schoon(x) AS
    CASE WHEN kaal(x) THEN x ELSE nullif(trim(x, '{_WIT}'), '') END;
CREATE OR REPLACE MACRO id_(x) AS CASE WHEN kaal(x) AND NOT contains(x, '.') THEN x
    ELSE regexp_replace(nullif(trim(x, '{_WIT}'), ''), '^([0-9]+)\.0+$', '\1') END;
CREATE OR REPLACE MACRO sleutel(x) AS
    strip_accents(lower(regexp_replace(x, '(?:{_WIT_KLASSE}|[_-])+', '', 'g')));
CREATE OR REPLACE MACRO geschreven(x) AS regexp_full_match(x, '{_DATUM}');
CREATE OR REPLACE MACRO uit_delen(p) AS CASE
    WHEN p.j1 <> '' THEN try(make_date(CAST(p.j1 AS INTEGER), CAST(p.m1 AS INTEGER),
                                       CAST(p.d1 AS INTEGER)))
    WHEN p.j2 <> '' THEN try(make_date(CAST(p.j2 AS INTEGER), CAST(p.m2 AS INTEGER),
                                       CAST(p.d2 AS INTEGER)))
END;
-- a written date: the common forms through strptime, the rest (a time, mixed separators,
-- an impossible date) through its parts; strptime accepts nothing the pattern refuses
CREATE OR REPLACE MACRO dag(x) AS CASE WHEN geschreven(x) THEN coalesce(
    CAST(try_strptime(x, ['%d-%m-%Y', '%d/%m/%Y', '%d.%m.%Y', '%Y-%m-%d']) AS DATE),
    uit_delen(regexp_extract(x, '{_DATUM}', ['d1', 'm1', 'j1', 'j2', 'm2', 'd2'])))
END;
CREATE OR REPLACE MACRO serieel(x) AS CASE
    WHEN regexp_full_match(x, '[0-9]{{4,6}}(?:\.0+)?')
         AND CAST(x AS DOUBLE) BETWEEN 367 AND 73050
    THEN DATE '1899-12-30' + CAST(floor(CAST(x AS DOUBLE)) AS INTEGER)
END;
CREATE OR REPLACE MACRO ruim(x) AS
    uit_delen(regexp_extract(x, '{_DATUM_RUIM}', ['d1', 'm1', 'j1', 'j2', 'm2', 'd2']));
CREATE OR REPLACE MACRO plausibel(d, vanaf, tot) AS
    d IS NOT NULL AND year(d) BETWEEN 1900 AND 2100
    AND d NOT IN (DATE '1900-01-01', DATE '1901-01-01') AND d >= vanaf AND d <= tot;
"""

# Canonical column -> header of the contract (formats.md §1, §4); matched with _sleutel.
REGISTRATIE_KOPPEN = {
    "casus": "Casusnummer",
    "werksoort": "Werksoort",
    "bespreking": "Datum bespreking",
    "aanmelding": "Datum aanmelding",
    "start": "Datum start",
    "regie": "Procesregie",
    "persoon": "Persoonsnummer",
}
POLITIE_KOPPEN = {
    "p_persoon": "Persoonsnummer",
    "p_pleeg": "Pleegdatum",
    "p_registratie": "Registratiedatum",
    "p_rol": "Rol",
}
DETENTIE_KOPPEN = {"d_persoon": "Persoonsnummer", "d_begin": "Begindatum", "d_eind": "Einddatum"}
_VERPLICHT = {"casus", "werksoort", "bespreking", "aanmelding", "persoon", "p_persoon"}
_VERPLICHT |= {"p_pleeg", "p_rol", "d_persoon", "d_begin", "d_eind"}
_JA_NEE = ("ja", "j", "yes", "y", "1", "true", "waar", "nee", "n", "no", "0", "false", "onwaar")


@dataclass(frozen=True)
class Referentie:
    """DuckDB's figures per group and the time the query took (seconds, wall clock)."""

    groepen: pd.DataFrame
    seconden: float
    peildatum: pd.Timestamp


@dataclass(frozen=True)
class _Bron:
    """One input file as SQL: its FROM clause and, per canonical column, a cell expression."""

    van: str
    kolommen: dict[str, str]
    soorten: dict[str, str]
    csv: bool


def _sleutel(naam: str) -> str:
    """A header as matched: accents, case, spaces, ``_`` and ``-`` ignored."""
    tekst = unicodedata.normalize("NFKD", str(naam))
    tekst = "".join(t for t in tekst if not unicodedata.combining(t))
    return re.sub(r"[\s_\-]+", "", tekst).lower()


def _literal(tekst: str) -> str:
    return "'" + str(tekst).replace("'", "''") + "'"


def _ident(tekst: str) -> str:
    return '"' + str(tekst).replace('"', '""') + '"'


def _csv_opmaak(pad: Path) -> tuple[str, str, list[str]]:
    """Encoding (DuckDB's name), separator and headers of a CSV, from its start."""
    with open(pad, "rb") as f:
        begin = f.read(8 << 20)
    if begin.startswith(b"\xef\xbb\xbf"):
        codering, tekst = "utf-8", begin[3:].decode("utf-8", errors="replace")
    else:
        deel = begin if len(begin) < (8 << 20) else begin[: begin.rfind(b"\n") + 1]
        try:
            codering, tekst = "utf-8", deel.decode("utf-8")
        except UnicodeDecodeError:
            codering, tekst = "latin-1", deel.decode("cp1252", errors="replace")
    eerste = next((r for r in tekst.splitlines() if r.strip()), "")
    buiten = re.sub(r'"[^"]*"', "", eerste)
    teken = max((";", ",", "\t"), key=buiten.count)
    teken = teken if buiten.count(teken) else ","
    koppen = next(csv.reader([eerste], delimiter=teken), [])
    return codering, teken, [k.strip() for k in koppen]


def _bron(pad: Path, koppen: dict[str, str], hernoem: dict[str, str] | None, con) -> _Bron:
    """The FROM clause of a file and its canonical columns (missing optional ones absent)."""
    pad = Path(pad)
    if pad.suffix.lower() in (".parquet", ".pq"):
        van = f"read_parquet({_literal(pad)})"
        schema = con.execute(f"DESCRIBE SELECT * FROM {van}").fetchall()
        gevonden = [(r[0], str(r[1]).upper()) for r in schema]
        is_csv = False
    elif pad.suffix.lower() in (".csv", ".txt"):
        codering, teken, namen = _csv_opmaak(pad)
        typen = ", ".join(f"{_literal(n)}: 'VARCHAR'" for n in namen)
        van = (
            f"read_csv({_literal(pad)}, delim = {_literal(teken)}, header = true, "
            f"quote = '\"', escape = '\"', auto_detect = false, null_padding = true, "
            f"encoding = {_literal(codering)}, columns = {{{typen}}})"
        )
        gevonden = [(n, "VARCHAR") for n in namen]
        is_csv = True
    else:
        raise ValueError(
            f"{pad.name}: de referentie leest alleen CSV en Parquet, geen '{pad.suffix}'."
        )
    doel = {_sleutel(v): k for k, v in koppen.items()}
    for bron, naar in (hernoem or {}).items():
        for k, v in koppen.items():
            if _sleutel(naar) == _sleutel(v):
                doel[_sleutel(bron)] = k
    kolommen, soorten = {}, {}
    for naam, soort in gevonden:
        k = doel.get(_sleutel(naam))
        if k is not None and k not in kolommen:
            kolommen[k], soorten[k] = _ident(naam), soort
    ontbreekt = [koppen[k] for k in koppen if k in _VERPLICHT and k not in kolommen]
    if ontbreekt:
        raise ValueError(
            f"{pad.name}: kolom(men) {', '.join(ontbreekt)} ontbreken; gevonden: "
            f"{', '.join(n for n, _ in gevonden)}."
        )
    return _Bron(van=van, kolommen=kolommen, soorten=soorten, csv=is_csv)


def _is_datumtype(soort: str) -> bool:
    return soort.startswith(("DATE", "TIMESTAMP"))


def _datumkolommen(bron: _Bron, namen: list[str], naam: str) -> tuple[list[str], str, list[str]]:
    """SQL for the date columns of one file: the raw select items, the serial CTE, the dates.

    Returns the items of the ``*_ruw`` CTE (text ``t_k`` and parts ``p_k`` of text columns,
    ``d_k`` of date columns), the CTE that tells per CSV column whether its numbers are
    serials (empty when there is none), and the items that give each column's date
    ``k`` and its emptiness ``leeg_k`` from ``{naam}_ruw r`` and ``{naam}_serieel s``.
    """
    ruw, serieel, uit = [], [], []
    for k in namen:
        if k not in bron.kolommen:
            uit += [f"CAST(NULL AS DATE) AS {k}", f"TRUE AS leeg_{k}", f"NULL AS t_{k}"]
            continue
        kol = bron.kolommen[k]
        if _is_datumtype(bron.soorten[k]):
            ruw.append(f"CAST({kol} AS DATE) AS d_{k}")
            uit += [f"r.d_{k} AS {k}", f"r.d_{k} IS NULL AS leeg_{k}", f"NULL AS t_{k}"]
            continue
        tekst = _tekst(bron, k)
        ruw += [
            f"{tekst} AS t_{k}",
            f"dag({tekst}) AS dg_{k}",
            f"coalesce(geschreven({tekst}), false) AS g_{k}",
        ]
        if bron.csv:
            serieel.append(f"NOT coalesce(bool_or(g_{k}), false) AS s_{k}")
            als_getal = f"s.s_{k}"
        else:
            als_getal = "TRUE"
        uit += [
            f"coalesce(r.dg_{k}, CASE WHEN {als_getal} AND NOT r.g_{k} "
            f"THEN serieel(r.t_{k}) END) AS {k}",
            f"r.t_{k} IS NULL AS leeg_{k}",
            f"r.t_{k} AS t_{k}",
        ]
    cte = (
        f"{naam}_serieel AS (SELECT {', '.join(serieel)} FROM {naam}_ruw)"
        if serieel
        else f"{naam}_serieel AS (SELECT TRUE AS niets)"
    )
    return ruw, cte, uit


def _tekst(bron: _Bron, k: str, functie: str = "schoon") -> str:
    """A text cell, cleaned by ``functie`` (``schoon`` or ``id_``); NULL for a missing column."""
    if k not in bron.kolommen:
        return "CAST(NULL AS VARCHAR)"
    kol = bron.kolommen[k]
    tekst = kol if bron.soorten[k] == "VARCHAR" else f"CAST({kol} AS VARCHAR)"
    return f"{functie}({tekst})"


def _query(
    reg: _Bron,
    pol: _Bron,
    det: _Bron | None,
    *,
    jaar: int,
    w: int,
    wacht: int,
    min_vrij: int,
    peildatum: str | None,
    vroegste: dt.date,
) -> str:
    """The whole pipeline as one SQL statement."""
    vanaf = f"DATE '{vroegste:%Y-%m-%d}'"
    laatste = f"DATE '{jaar + 1}-12-31'"
    zonder = "DATE '9999-12-31'"
    r_ruw, r_serieel, r_dat = _datumkolommen(reg, ["bespreking", "aanmelding", "start"], "reg")
    p_ruw, p_serieel, p_dat = _datumkolommen(pol, ["p_pleeg", "p_registratie"], "pol")
    ja_nee = ", ".join(_literal(x) for x in _JA_NEE)
    delen = [
        f"""
reg_ruw AS MATERIALIZED (
    SELECT {_tekst(reg, "casus", "id_")} AS casus,
           {_tekst(reg, "werksoort")} AS ws,
           lower({_tekst(reg, "regie")}) AS regie,
           {_tekst(reg, "persoon", "id_")} AS persoon,
           {", ".join(r_ruw)}
    FROM {reg.van}
),
{r_serieel},
reg AS (
    SELECT r.casus, r.regie, r.persoon,
           CASE sleutel(r.ws)
               WHEN 'topx' THEN 'Top X'
               WHEN 'overigecasuistiek' THEN 'Overige casuïstiek'
               WHEN 'overige' THEN 'Overige casuïstiek'
               WHEN 'overig' THEN 'Overige casuïstiek'
               WHEN 'screening' THEN 'Screening'
               WHEN 'triage' THEN 'Triage'
           END AS werksoort,
           {", ".join(r_dat)}
    FROM reg_ruw r CROSS JOIN reg_serieel s
),
geaccepteerd AS (
    SELECT casus, werksoort, bespreking AS d_bespreking, start AS d_start, persoon FROM reg
    WHERE casus IS NOT NULL AND werksoort IS NOT NULL
      AND plausibel(bespreking, {vanaf}, {laatste})
      AND plausibel(aanmelding, {vanaf}, {laatste})
      AND (leeg_start OR plausibel(start, {vanaf}, {zonder}))
      AND bespreking >= aanmelding
      AND (regie IS NULL OR regie IN ({ja_nee}))
),"""
    ]
    delen.append(
        f"""
aanpak AS (
    SELECT casus, werksoort, d_bespreking FROM geaccepteerd
    WHERE werksoort IN ('Top X', 'Overige casuïstiek')
),
cohortcasus AS (
    SELECT DISTINCT casus FROM aanpak WHERE year(d_bespreking) = {jaar}
),
eerste AS (
    SELECT a.casus, min(a.d_bespreking) AS d_eerste
    FROM aanpak a JOIN cohortcasus USING (casus)
    GROUP BY a.casus
),
groep_casus AS (
    SELECT e.casus, e.d_eerste,
           CASE WHEN bool_or(a.werksoort = 'Top X') THEN 'Top X'
                ELSE 'Overige casuïstiek' END AS groep
    FROM eerste e JOIN aanpak a ON a.casus = e.casus AND a.d_bespreking = e.d_eerste
    GROUP BY e.casus, e.d_eerste
),
casusstart AS (
    SELECT g.casus, g.groep, coalesce(min(r.d_start), g.d_eerste) AS start
    FROM groep_casus g JOIN geaccepteerd r USING (casus)
    GROUP BY g.casus, g.groep, g.d_eerste
),
koppel AS (
    SELECT DISTINCT r.casus, r.persoon
    FROM geaccepteerd r JOIN cohortcasus USING (casus)
    WHERE r.persoon IS NOT NULL
),
personen AS (
    SELECT persoon, start, groep FROM (
        SELECT k.persoon, c.start, c.groep,
               row_number() OVER (
                   PARTITION BY k.persoon
                   ORDER BY c.start, (c.groep <> 'Top X'), k.casus
               ) AS volgorde
        FROM koppel k JOIN casusstart c USING (casus)
    ) WHERE volgorde = 1
),"""
    )
    pol_ruw = "MATERIALIZED " if pol.csv else ""  # read twice: the serial check, the rows
    delen.append(
        f"""
pol_ruw AS {pol_ruw}(
    SELECT {_tekst(pol, "p_persoon", "id_")} AS persoon,
           lower({_tekst(pol, "p_rol")}) AS rol,
           {", ".join(p_ruw)}
    FROM {pol.van}
),
{p_serieel},
politie AS (
    SELECT r.persoon, r.rol, {", ".join(p_dat)}
    FROM pol_ruw r CROSS JOIN pol_serieel s
),
verdacht AS (
    SELECT persoon, coalesce(p_pleeg, p_registratie) AS dag, p_registratie AS registratie
    FROM politie
    WHERE rol = 'verdachte' AND persoon IS NOT NULL
      AND NOT (leeg_p_pleeg AND leeg_p_registratie)
      AND (leeg_p_pleeg OR plausibel(p_pleeg, {vanaf}, {zonder}))
      AND (leeg_p_registratie OR plausibel(p_registratie, {vanaf}, {zonder}))
      AND NOT coalesce(p_pleeg > p_registratie, false)
),
peil AS (
    SELECT coalesce({peildatum}, greatest(max(dag), max(registratie))) AS peildatum
    FROM verdacht
),
vensters AS (
    SELECT p.persoon, p.groep, p.start,
           p.start - {w} AS lo_voor,
           p.start AS s,
           greatest(p.start, least(p.start + {w}, peil.peildatum - {wacht} + 1)) AS hi_na,
           peil.peildatum
    FROM personen p CROSS JOIN peil
),"""
    )
    if det is None:
        delen.append(
            "\ndetentie AS (SELECT CAST(NULL AS VARCHAR) AS persoon, CAST(NULL AS DATE) AS b, "
            "CAST(NULL AS DATE) AS e WHERE false),"
        )
    else:
        d_ruw, d_serieel, d_dat = _datumkolommen(det, ["d_begin", "d_eind"], "det")
        delen.append(
            f"""
det_ruw AS {"MATERIALIZED " if det.csv else ""}(
    SELECT {_tekst(det, "d_persoon", "id_")} AS persoon, {", ".join(d_ruw)}
    FROM {det.van}
    WHERE {_tekst(det, "d_persoon", "id_")} IN (SELECT persoon FROM personen)
),
{d_serieel},
det_dagen AS (
    SELECT r.persoon, {", ".join(d_dat)} FROM det_ruw r CROSS JOIN det_serieel s
),
det_open AS (
    SELECT *,
           NOT leeg_d_eind AND coalesce(d_eind, ruim(t_d_eind)) >= DATE '2100-01-01'
               AS eind_open
    FROM det_dagen
),
detentie AS (
    SELECT d.persoon, d.d_begin AS b,
           CASE WHEN d.leeg_d_eind OR d.eind_open THEN greatest(peil.peildatum + 1, d.d_begin)
                ELSE d.d_eind END AS e
    FROM det_open d CROSS JOIN peil
    WHERE d.persoon IS NOT NULL
      AND plausibel(d.d_begin, {vanaf}, {zonder})
      AND (d.leeg_d_eind OR d.eind_open
           OR (plausibel(d.d_eind, {vanaf}, {zonder}) AND d.d_eind >= d.d_begin))
),"""
        )
    delen.append(
        f"""
eilanden AS (
    SELECT persoon, b, e,
           sum(nieuw) OVER (PARTITION BY persoon ORDER BY b, e
                            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS eiland
    FROM (
        SELECT persoon, b, e,
               CASE WHEN b <= max(e) OVER (PARTITION BY persoon ORDER BY b, e
                                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                    THEN 0 ELSE 1 END AS nieuw
        FROM detentie
    )
),
samengevoegd AS (
    SELECT persoon, min(b) AS b, max(e) AS e FROM eilanden GROUP BY persoon, eiland
),
vast AS (
    SELECT v.persoon,
           sum(greatest(0, least(d.e, v.s) - greatest(d.b, v.lo_voor))) AS vast_voor,
           sum(greatest(0, least(d.e, v.hi_na) - greatest(d.b, v.s))) AS vast_na
    FROM vensters v JOIN samengevoegd d USING (persoon)
    GROUP BY v.persoon
),
telling AS (
    SELECT v.persoon,
           count(*) FILTER (WHERE o.dag >= v.lo_voor AND o.dag < v.s) AS delicten_voor,
           count(*) FILTER (WHERE o.dag >= v.s AND o.dag < v.hi_na) AS delicten_na
    FROM vensters v JOIN verdacht o USING (persoon)
    GROUP BY v.persoon
),
per_persoon AS (
    SELECT v.persoon, v.groep,
           (v.s - v.lo_voor) - coalesce(x.vast_voor, 0) AS vrij_voor,
           (v.hi_na - v.s) - coalesce(x.vast_na, 0) AS vrij_na,
           coalesce(t.delicten_voor, 0) AS delicten_voor,
           coalesce(t.delicten_na, 0) AS delicten_na,
           v.s > v.peildatum - {wacht} AS geen_na
    FROM vensters v
    LEFT JOIN vast x USING (persoon)
    LEFT JOIN telling t USING (persoon)
),
gemarkeerd AS (
    SELECT *, NOT geen_na AND vrij_voor >= greatest({min_vrij}, 1)
              AND vrij_na >= greatest({min_vrij}, 1) AS opgenomen
    FROM per_persoon
)
SELECT coalesce('werksoort=' || groep, 'totaal') AS groep,
       count(*) FILTER (WHERE opgenomen) AS personen,
       coalesce(sum(delicten_voor) FILTER (WHERE opgenomen), 0) AS delicten_voor,
       coalesce(sum(delicten_na) FILTER (WHERE opgenomen), 0) AS delicten_na,
       coalesce(sum(vrij_voor) FILTER (WHERE opgenomen), 0) AS dagen_vrij_voor,
       coalesce(sum(vrij_na) FILTER (WHERE opgenomen), 0) AS dagen_vrij_na,
       count(*) FILTER (WHERE geen_na) AS uitgesloten_geen_na_periode,
       count(*) FILTER (WHERE NOT geen_na AND NOT opgenomen) AS uitgesloten_weinig_vrij,
       (SELECT peildatum FROM peil) AS peildatum
FROM gemarkeerd
GROUP BY ROLLUP (groep)
ORDER BY groep
"""
    )
    return "WITH" + "".join(delen)


def recidive_duckdb(
    registratie: Path,
    politie: Path,
    detentie: Path | None,
    *,
    registratiejaar: int,
    venster_dagen: int = 365,
    wachttijd_dagen: int = 0,
    min_dagen_vrij: int = 30,
    peildatum: str | dt.date | None = None,
    vroegste_datum: str | dt.date = VROEGSTE_STANDAARD,
    kolommen_registratie: dict[str, str] | None = None,
    kolommen_recidive: dict[str, str] | None = None,
    threads: int | None = None,
    encoding: str | None = None,
) -> Referentie:
    """Run the reference query over the meting's files.

    Parameters
    ----------
    registratie : path
        The registry extract, CSV (headers as :data:`REGISTRATIE_KOPPEN`, matched loosely).
    politie : path
        The police offences, Parquet or CSV (headers as :data:`POLITIE_KOPPEN`).
    detentie : path, optional
        The detention spells, CSV or Parquet (headers as :data:`DETENTIE_KOPPEN`).
    registratiejaar, venster_dagen, wachttijd_dagen, min_dagen_vrij : int
        As in the meting config.
    peildatum : date or str, optional
        ``jjjj-mm-dd``; default the last date of the suspect rows.
    vroegste_datum : date or str
        ``[controles] vroegste_datum``: earlier dates are no dates (default 01-01-1990).
    kolommen_registratie, kolommen_recidive : dict, optional
        ``[registratie] kolommen`` and ``[recidive] kolommen``: header in the file ->
        column name.
    threads : int, optional
        DuckDB threads (default: all cores).
    encoding : str, optional
        Ignored (kept for old callers): the code page of each CSV is detected.

    Returns
    -------
    Referentie
        ``groepen``: one row per group label (``totaal``, ``werksoort=...``) with
        ``personen``, ``delicten_voor``, ``delicten_na``, ``dagen_vrij_voor``,
        ``dagen_vrij_na``, ``per_jaar_vrij_voor``, ``per_jaar_vrij_na`` and the
        exclusion counts. The time covers connecting, reading the files and the query.
    """
    import duckdb

    del encoding
    begin = time.perf_counter()
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        con.execute(_MACROS)
        sql = _query(
            _bron(Path(registratie), REGISTRATIE_KOPPEN, kolommen_registratie, con),
            _bron(Path(politie), POLITIE_KOPPEN, kolommen_recidive, con),
            _bron(Path(detentie), DETENTIE_KOPPEN, kolommen_recidive, con)
            if detentie is not None
            else None,
            jaar=int(registratiejaar),
            w=int(venster_dagen),
            wacht=int(wachttijd_dagen),
            min_vrij=int(min_dagen_vrij),
            peildatum=f"DATE '{pd.Timestamp(peildatum):%Y-%m-%d}'" if peildatum else "NULL::DATE",
            vroegste=pd.Timestamp(vroegste_datum).date(),
        )
        groepen = con.execute(sql).df()
    finally:
        con.close()
    seconden = time.perf_counter() - begin
    groepen = groepen.assign(
        per_jaar_vrij_voor=365 * groepen["delicten_voor"] / groepen["dagen_vrij_voor"],
        per_jaar_vrij_na=365 * groepen["delicten_na"] / groepen["dagen_vrij_na"],
    ).set_index("groep")
    peil = pd.Timestamp(groepen["peildatum"].iloc[0])
    return Referentie(groepen=groepen.drop(columns="peildatum"), seconden=seconden, peildatum=peil)


def lees_meting(config: Path) -> dict:
    """The arguments of :func:`recidive_duckdb` from a meting config (``meting.toml``).

    Reads ``[meting] registratiejaar``, ``[registratie] bestand``/``kolommen``,
    ``[recidive]`` (politie, detentie, venster_dagen, wachttijd_dagen, min_dagen_vrij,
    peildatum, kolommen) and ``[controles] vroegste_datum``, with the defaults of
    formats.md / methods.md; paths are relative to the config's folder.
    """
    config = Path(config)
    toml = tomllib.loads(config.read_text(encoding="utf-8"))
    map_ = config.parent
    rc = toml.get("recidive") or {}
    reg = toml.get("registratie") or {}
    if not rc or not reg:
        raise ValueError(f"{config.name}: [registratie] en [recidive] zijn allebei nodig.")
    if rc.get("koppeltabel") or rc.get("pseudonimiseren"):
        raise ValueError(
            f"{config.name}: de referentie kent geen koppeltabel en geen pseudonimisering."
        )
    return {
        "registratie": (map_ / reg["bestand"]).resolve(),
        "politie": (map_ / rc["politie"]).resolve(),
        "detentie": (map_ / rc["detentie"]).resolve() if rc.get("detentie") else None,
        "registratiejaar": int(toml["meting"]["registratiejaar"]),
        "venster_dagen": int(rc.get("venster_dagen", 365)),
        "wachttijd_dagen": int(rc.get("wachttijd_dagen", 0)),
        "min_dagen_vrij": int(rc.get("min_dagen_vrij", 30)),
        "peildatum": rc.get("peildatum"),
        "vroegste_datum": (toml.get("controles") or {}).get("vroegste_datum", VROEGSTE_STANDAARD),
        "kolommen_registratie": reg.get("kolommen") or None,
        "kolommen_recidive": rc.get("kolommen") or None,
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.referentie``: run the query and print the figures as JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.referentie",
        description="Recidivecijfers (10-2) met DuckDB, los van de suite. Geef --config "
        "(meting.toml) of de bestanden en --jaar; losse opties gaan voor de config.",
    )
    parser.add_argument("--config", type=Path, default=None, help="meting.toml")
    parser.add_argument("--registratie", type=Path)
    parser.add_argument("--politie", type=Path)
    parser.add_argument("--detentie", type=Path)
    parser.add_argument("--jaar", type=int, help="registratiejaar")
    parser.add_argument("--venster", type=int)
    parser.add_argument("--wachttijd", type=int)
    parser.add_argument("--min-vrij", type=int)
    parser.add_argument("--peildatum", default=None, help="jjjj-mm-dd")
    parser.add_argument("--vroegste", default=None, help="jjjj-mm-dd ([controles] vroegste_datum)")
    args = parser.parse_args(argv)
    kw = lees_meting(args.config) if args.config is not None else {}
    for naam, waarde in (
        ("registratie", args.registratie),
        ("politie", args.politie),
        ("detentie", args.detentie),
        ("registratiejaar", args.jaar),
        ("venster_dagen", args.venster),
        ("wachttijd_dagen", args.wachttijd),
        ("min_dagen_vrij", args.min_vrij),
        ("peildatum", args.peildatum),
        ("vroegste_datum", args.vroegste),
    ):
        if waarde is not None:
            kw[naam] = waarde
    ontbreekt = [n for n in ("registratie", "politie", "registratiejaar") if kw.get(n) is None]
    if ontbreekt:
        parser.error(f"geef --config of {', '.join(ontbreekt)}")
    kw.setdefault("detentie", None)
    r = recidive_duckdb(**kw)
    groepen = [
        {k: (v if isinstance(v, str) else float(v)) for k, v in rij.items()}
        for rij in r.groepen.reset_index().to_dict("records")
    ]
    uit = {"seconden": r.seconden, "peildatum": f"{r.peildatum:%Y-%m-%d}", "groepen": groepen}
    json.dump(uit, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
