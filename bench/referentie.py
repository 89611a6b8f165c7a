"""The recidive figures (kengetal 10-2) recomputed with DuckDB SQL, independently of the suite.

The query is written from the contract (``formats.md`` §1 and §4, ``methods.md`` "Recidive
(10-2)") and the day conventions stated in :mod:`analysis.recidive`'s module docstring;
it shares no code with the suite. It reads the same files the suite reads and returns, per
group (``werksoort=Top X``, ``werksoort=Overige casuïstiek``, ``totaal``): ``personen``,
``delicten_voor``, ``delicten_na``, ``dagen_vrij_voor``, ``dagen_vrij_na``,
``per_jaar_vrij_voor``, ``per_jaar_vrij_na``, plus the exclusions.

The rules, step by step:

1. Registry rows are accepted when casusnummer, werksoort, datum bespreking and datum
   aanmelding are present, the werksoort is one of the four (spelling variants:
   case, spaces, ``-``/``_`` and accents ignored, ``Overig(e)`` = Overige casuïstiek), the
   dates are valid Dutch dates (``dd-mm-jjjj``, ``d-m-jjjj``, ``dd/mm/jjjj``,
   ``dd.mm.jjjj``, ``jjjj-mm-dd``; year 1900-2100), a given Datum start is valid,
   Procesregie is empty or ja/nee, and the bespreking is not before the aanmelding.
2. Cohort casussen: at least one accepted Top X or Overige bespreking in the
   registratiejaar. Start of a casus: its earliest Datum start, else its first Top X or
   Overige bespreking in the extract; group: the werksoort of that first approach
   bespreking (Top X when both fall on that day).
3. Persons: the Persoonsnummer on the casus' accepted rows; a person with several cohort
   casussen takes the earliest start (then Top X, then the lowest casusnummer).
4. Offences: police rows with Rol ``Verdachte`` (case and spaces ignored), a person, a
   pleegdatum (or else the registratiedatum) and no pleegdatum after the registratiedatum.
   The peildatum is the last pleeg- or registratiedatum of those rows (unless given).
5. Windows in whole days, half-open: before ``[s - W, s)``, after
   ``[s, min(s + W, peildatum - wachttijd + 1))``. Detention ``[begin, eind)`` (open =
   until the peildatum inclusive), merged per person (gaps and islands), subtracted as
   overlap from each window's length: the days at liberty.
6. Persons without an after-window or with fewer than ``min_dagen_vrij`` days at liberty
   in either window are left out; per group: sums over the others, and
   ``per_jaar_vrij = 365 * delicten / dagen vrij``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = ["Referentie", "main", "recidive_duckdb"]

TOP_X = "Top X"
OVERIGE = "Overige casuïstiek"

_MACROS = r"""
CREATE OR REPLACE MACRO nl_datum(x) AS
    try_strptime(trim(x), ['%d-%m-%Y', '%d/%m/%Y', '%d.%m.%Y', '%Y-%m-%d'])::DATE;
CREATE OR REPLACE MACRO geldig(d) AS d IS NOT NULL AND year(d) BETWEEN 1900 AND 2100;
CREATE OR REPLACE MACRO sleutel(x) AS
    strip_accents(lower(regexp_replace(trim(x), '[\s_-]+', '', 'g')));
"""

_QUERY = r"""
WITH
reg AS (
    SELECT
        nullif(trim("{casus}"), '') AS casus,
        CASE sleutel("{werksoort}")
            WHEN 'topx' THEN 'Top X'
            WHEN 'overigecasuistiek' THEN 'Overige casuïstiek'
            WHEN 'overige' THEN 'Overige casuïstiek'
            WHEN 'overig' THEN 'Overige casuïstiek'
            WHEN 'screening' THEN 'Screening'
            WHEN 'triage' THEN 'Triage'
        END AS werksoort,
        nl_datum("{bespreking}") AS d_bespreking,
        nl_datum("{aanmelding}") AS d_aanmelding,
        nullif(trim("{start}"), '') AS start_tekst,
        nl_datum("{start}") AS d_start,
        lower(nullif(trim("{regie}"), '')) AS regie,
        nullif(trim("{persoon}"), '') AS persoon
    FROM read_csv('{registratie}', delim = ';', header = true, all_varchar = true,
                  encoding = '{encoding}', auto_detect = false,
                  columns = {{{kolommen}}})
),
geaccepteerd AS (
    SELECT * FROM reg
    WHERE casus IS NOT NULL AND werksoort IS NOT NULL
      AND geldig(d_bespreking) AND geldig(d_aanmelding)
      AND d_bespreking >= d_aanmelding
      AND (start_tekst IS NULL OR geldig(d_start))
      AND (regie IS NULL OR regie IN ('ja', 'j', 'yes', 'y', '1', 'true', 'waar',
                                      'nee', 'n', 'no', '0', 'false', 'onwaar'))
),
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
),
politie AS (
    SELECT nullif(trim(CAST("{p_persoon}" AS VARCHAR)), '') AS persoon,
           CAST("{p_pleeg}" AS DATE) AS pleeg,
           CAST("{p_registratie}" AS DATE) AS registratie,
           lower(trim(CAST("{p_rol}" AS VARCHAR))) AS rol
    FROM read_parquet('{politie}')
),
verdacht AS (
    SELECT persoon, coalesce(pleeg, registratie) AS dag, registratie
    FROM politie
    WHERE rol = 'verdachte' AND persoon IS NOT NULL
      AND coalesce(pleeg, registratie) IS NOT NULL
      AND NOT coalesce(pleeg > registratie, false)
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
),
detentie_ruw AS (
    SELECT nullif(trim("{d_persoon}"), '') AS persoon,
           nl_datum("{d_begin}") AS b,
           nullif(trim("{d_eind}"), '') AS eind_tekst,
           nl_datum("{d_eind}") AS e
    FROM read_csv('{detentie}', delim = ';', header = true, all_varchar = true,
                  auto_detect = false, columns = {{{d_kolommen}}})
),
detentie AS (
    SELECT d.persoon, d.b,
           CASE WHEN d.eind_tekst IS NULL THEN greatest(peil.peildatum + 1, d.b)
                ELSE d.e END AS e
    FROM detentie_ruw d CROSS JOIN peil
    WHERE d.persoon IS NOT NULL AND geldig(d.b)
      AND (d.eind_tekst IS NULL OR (geldig(d.e) AND d.e >= d.b))
      AND d.persoon IN (SELECT persoon FROM personen)
),
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

REGISTRATIE_KOPPEN = {
    "casus": "CasusNummer",
    "werksoort": "Werksoort",
    "bespreking": "Datum Bespreking",
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


@dataclass(frozen=True)
class Referentie:
    """DuckDB's figures per group and the time the query took (seconds, wall clock)."""

    groepen: pd.DataFrame
    seconden: float
    peildatum: pd.Timestamp


def _kolomlijst(koppen: list[str]) -> str:
    return ", ".join(f"'{k}': 'VARCHAR'" for k in koppen)


def _koppen_csv(pad: Path, encoding: str) -> list[str]:
    with open(pad, encoding="cp1252" if encoding == "latin-1" else "utf-8") as f:
        return f.readline().rstrip("\r\n").split(";")


def recidive_duckdb(
    registratie: Path,
    politie: Path,
    detentie: Path,
    *,
    registratiejaar: int,
    venster_dagen: int = 365,
    wachttijd_dagen: int = 0,
    min_dagen_vrij: int = 30,
    peildatum: str | None = None,
    encoding: str = "latin-1",
    threads: int | None = None,
) -> Referentie:
    """Run the reference query over the benchmark's files.

    Parameters
    ----------
    registratie : path
        The ``;``-separated registry extract (headers as :data:`REGISTRATIE_KOPPEN`).
    politie : path
        The police Parquet file (headers as :data:`POLITIE_KOPPEN`; date columns).
    detentie : path
        The ``;``-separated detention CSV (headers as :data:`DETENTIE_KOPPEN`).
    registratiejaar, venster_dagen, wachttijd_dagen, min_dagen_vrij : int
        As in the meting config.
    peildatum : str, optional
        ``jjjj-mm-dd``; default the last date of the suspect rows.
    encoding : str
        Encoding of the registry CSV for DuckDB (``latin-1`` reads the Windows-1252 file;
        the two agree on every character the generator writes).
    threads : int, optional
        DuckDB threads (default: all cores).

    Returns
    -------
    Referentie
        ``groepen``: one row per group label (``totaal``, ``werksoort=...``) with
        ``personen``, ``delicten_voor``, ``delicten_na``, ``dagen_vrij_voor``,
        ``dagen_vrij_na``, ``per_jaar_vrij_voor``, ``per_jaar_vrij_na`` and the
        exclusion counts. The time covers connecting, reading the files and the query.
    """
    import duckdb

    begin = time.perf_counter()
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        con.execute(_MACROS)
        sql = _QUERY.format(
            registratie=str(registratie).replace("'", "''"),
            politie=str(politie).replace("'", "''"),
            detentie=str(detentie).replace("'", "''"),
            encoding=encoding,
            kolommen=_kolomlijst(_koppen_csv(registratie, encoding)),
            d_kolommen=_kolomlijst(_koppen_csv(detentie, "utf-8")),
            jaar=int(registratiejaar),
            w=int(venster_dagen),
            wacht=int(wachttijd_dagen),
            min_vrij=int(min_dagen_vrij),
            peildatum=f"DATE '{peildatum}'" if peildatum else "NULL::DATE",
            **REGISTRATIE_KOPPEN,
            **POLITIE_KOPPEN,
            **DETENTIE_KOPPEN,
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


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.referentie``: run the query and print the figures as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.referentie")
    parser.add_argument("--registratie", type=Path, required=True)
    parser.add_argument("--politie", type=Path, required=True)
    parser.add_argument("--detentie", type=Path, required=True)
    parser.add_argument("--jaar", type=int, required=True, help="registratiejaar")
    parser.add_argument("--venster", type=int, default=365)
    parser.add_argument("--wachttijd", type=int, default=0)
    parser.add_argument("--min-vrij", type=int, default=30)
    parser.add_argument("--peildatum", default=None)
    args = parser.parse_args(argv)
    r = recidive_duckdb(
        args.registratie,
        args.politie,
        args.detentie,
        registratiejaar=args.jaar,
        venster_dagen=args.venster,
        wachttijd_dagen=args.wachttijd,
        min_dagen_vrij=args.min_vrij,
        peildatum=args.peildatum,
    )
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
