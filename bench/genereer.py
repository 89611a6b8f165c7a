"""Deterministic synthetic inputs of one meting at national scale.

:func:`genereer` writes, into one folder:

``registratie.csv``
    A GCOS-style registry extract, one row per bespreking: ``;``-separated, Windows-1252,
    CRLF, mixed Dutch date forms (``dd-mm-jjjj``, ``d-m-jjjj``, ``dd/mm/jjjj``,
    ``jjjj-mm-dd``), werksoort spelling variants, history since 2019 and a few rows after
    the registratiejaar 2023, an optional ``Datum start`` for part of the approach
    casussen, a few exact duplicate rows and a few planted bad rows (impossible date,
    unknown werksoort, bespreking before aanmelding). At ``schaal=1`` about 1 million rows.
``politie.parquet``
    Police registrations, about 10 per person over 2018-2024 for 1 million persons
    (``schaal=1``: about 10 million rows): ``Persoonsnummer`` (string), ``Pleegdatum``
    (date, 1.5 % empty), ``Registratiedatum`` (date), ``Delictcategorie`` and ``Rol``
    (88 % ``Verdachte``). The registry's persons with an approach offend more in the year
    before their start (selection at a peak).
``detentie.csv``
    About 60 000 detention spells (``;``, ``dd-mm-jjjj``), some overlapping, some still
    open (empty ``Einddatum``).
``meting.toml``
    A meting with ``[registratie]`` and ``[recidive]`` (no questionnaire: it does not scale
    with the country).

Everything is drawn with vectorised numpy from one seed; the same seed and scale give
byte-identical files. Person numbers are ``P`` plus 8 digits (never a BSN).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

__all__ = ["REGISTRATIEJAAR", "Invoer", "genereer", "main"]

REGISTRATIEJAAR = 2023
AANMELDING_BEGIN = np.datetime64("2019-01-01", "D")
EXTRACT_EIND = np.datetime64("2024-01-10", "D")  # last day in the registry extract
POLITIE_BEGIN = np.datetime64("2018-01-01", "D")
PEILDATUM = np.datetime64("2024-12-31", "D")  # last day in the police extract
DAG = np.timedelta64(1, "D")

# at schaal 1.0
CASUSSEN = 250_000
PERSONEN = 1_000_000
REGISTRATIES_PER_PERSOON = 10.0
DETENTIES = 60_000

# casus types: werksoort codes before/after the switch (S screening, T triage, O overige,
# X top x) with their shares
TYPEN = [("S", "S"), ("T", "T"), ("O", "O"), ("X", "X"), ("S", "O"), ("S", "X"), ("O", "X")]
TYPE_P = np.array([0.52, 0.10, 0.18, 0.04, 0.10, 0.04, 0.02])
WERKSOORT_VARIANTEN = {
    "S": (["Screening"], [1.0]),
    "T": (["Triage"], [1.0]),
    "O": (["Overige casuïstiek", "Overige casuistiek", "Overig"], [0.8, 0.12, 0.08]),
    "X": (["Top X", "TopX", "Top-X", "top x"], [0.75, 0.1, 0.1, 0.05]),
}
OVERLEG = {
    "S": "Screeningsoverleg",
    "T": "Triageoverleg",
    "O": "Casusoverleg",
    "X": "Top X-overleg",
}
GEMEENTEN = [
    "Roermond", "Weert", "Leudal", "Echt-Susteren", "Maasgouw", "Roerdalen", "Nederweert",
    "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
    "Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort",
    "Zaanstad", "'s-Hertogenbosch", "Zwolle", "Leiden", "Maastricht", "Dordrecht",
    "Zoetermeer", "Venlo", "Heerlen", "Sittard-Geleen", "Deventer", "Delft", "Alkmaar",
    "Leeuwarden", "Emmen", "Helmond", "Hilversum", "Westland",
]  # fmt: skip
DOELGROEPEN = ["Volwassenen", "Jeugd", "Huiselijk geweld", "Jeugdgroep", ""]
DOELGROEP_P = np.array([0.58, 0.22, 0.12, 0.03, 0.05])
DELICTEN = ["Vermogen", "Geweld", "Vernieling en openbare orde", "Drugs (Opiumwet)", "Verkeer",
            "Overig"]  # fmt: skip
DELICT_P = np.array([0.32, 0.25, 0.18, 0.10, 0.08, 0.07])
ROLLEN = ["Verdachte", "Aangever", "Getuige", "verdachte", "VERDACHTE "]
ROL_P = np.array([0.87, 0.08, 0.04, 0.007, 0.003])
DATUMVORM_P = np.array([0.70, 0.15, 0.10, 0.05])  # dd-mm-jjjj, d-m-jjjj, dd/mm/jjjj, iso


@dataclass(frozen=True)
class Invoer:
    """The files written by :func:`genereer` and their sizes."""

    map: Path
    config: Path
    registratie: Path
    politie: Path
    detentie: Path
    besprekingen: int
    politierijen: int
    detentieperioden: int
    personen: int


def _kies(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    """Vectorised categorical draw: indices into ``p`` (normalised)."""
    cum = np.cumsum(np.asarray(p, dtype=float))
    return np.minimum(np.searchsorted(cum / cum[-1], rng.random(n), side="right"), len(p) - 1)


class _Datumtekst:
    """Dates as Dutch text through a lookup table of every day in a range (fast)."""

    def __init__(self, begin: np.datetime64, eind: np.datetime64) -> None:
        self.begin = begin
        dagen = pd.Series(pd.date_range(str(begin), str(eind), freq="D"))
        dd, mm, jj = dagen.dt.strftime("%d"), dagen.dt.strftime("%m"), dagen.dt.strftime("%Y")
        d, m = dagen.dt.day.astype(str), dagen.dt.month.astype(str)
        self.vormen = np.stack(
            [
                (dd + "-" + mm + "-" + jj).to_numpy(dtype=object),
                (d + "-" + m + "-" + jj).to_numpy(dtype=object),
                (dd + "/" + mm + "/" + jj).to_numpy(dtype=object),
                (jj + "-" + mm + "-" + dd).to_numpy(dtype=object),
            ]
        )

    def __call__(self, datum: np.ndarray, vorm: np.ndarray | int = 0) -> np.ndarray:
        idx = ((datum - self.begin) // DAG).astype(np.int64)
        return self.vormen[vorm, idx]


def _persoonsnummers(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct pseudonyms ``P`` + 8 digits, in random order."""
    nummers = rng.choice(10**8, size=n, replace=False)
    return np.array([f"P{v:08d}" for v in nummers.tolist()], dtype=object)


def _registratie(
    rng: np.random.Generator, schaal: float, tekst: _Datumtekst, ids: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """The registry extract (text columns), plus per casus: person index, start, type.

    Returns the table and, for the approach casussen, the person index, the first
    approach date and whether the first approach is Top X (for the police simulation).
    """
    n = max(round(CASUSSEN * schaal), 200)
    typ = _kies(rng, TYPE_P, n)
    w1 = np.array([t[0] for t in TYPEN])[typ]
    w2 = np.array([t[1] for t in TYPEN])[typ]
    dagen_aanmelding = int((EXTRACT_EIND - 5 * DAG - AANMELDING_BEGIN) // DAG)
    aanmelding = AANMELDING_BEGIN + rng.integers(0, dagen_aanmelding, n) * DAG
    aanpak = np.isin(w2, ["O", "X"])
    k = np.minimum(rng.geometric(np.where(aanpak, 1 / 6.5, 1 / 2.8)), 40)

    casus = np.repeat(np.arange(n), k)
    pos = np.arange(casus.size) - np.repeat(np.cumsum(k) - k, k)
    lag = rng.integers(0, 8, n)
    stap = np.where(pos == 0, lag[casus], 1 + rng.exponential(40, casus.size).astype(np.int64))
    offset = pd.Series(stap).groupby(casus).cumsum().to_numpy()
    datum = aanmelding[casus] + offset * DAG
    split = np.where(k >= 2, 1 + np.floor(rng.random(n) * (k - 1)).astype(np.int64), 0)
    ws = np.where(pos < split[casus], w1[casus], w2[casus])
    houd = datum <= EXTRACT_EIND
    casus, pos, datum, ws = casus[houd], pos[houd], datum[houd], ws[houd]
    m = casus.size

    # casus attributes
    nummer = 1_000_000 + np.arange(n) * 3 + rng.integers(0, 3, n)
    casusnummer = np.array([f"{v:08d}" for v in nummer.tolist()], dtype=object)
    gem_p = np.r_[np.full(7, 3.0), np.full(len(GEMEENTEN) - 7, 1.0), 0.6]
    gem_idx = _kies(rng, gem_p, n)
    gemeente = np.array([*GEMEENTEN, ""], dtype=object)[gem_idx]
    doelgroep = np.array(DOELGROEPEN, dtype=object)[_kies(rng, DOELGROEP_P, n)]
    regie = np.where(w2 == "X", rng.random(n) < 0.95, rng.random(n) < 0.2)
    # a person may come back with a second casus; 3 % of the casussen have no person
    persoon = rng.integers(0, min(int(0.92 * n), ids.size), n)
    zonder = rng.random(n) < 0.03

    # first approach bespreking (date and werksoort) per casus, and Datum start for 25 %
    is_aanpak = np.isin(ws, ["O", "X"])
    eerste = pd.DataFrame({"c": casus[is_aanpak], "d": datum[is_aanpak], "x": ws[is_aanpak] == "X"})
    eerste = eerste.groupby("c", sort=True).agg(d=("d", "min"), x=("x", "first"))
    met_start = rng.random(n) < 0.25
    start_casus = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    start_casus[eerste.index] = eerste["d"].to_numpy(dtype="datetime64[D]")
    datum_start = start_casus + rng.integers(0, 15, n) * DAG
    heeft_start = met_start & ~np.isnat(start_casus)
    rij_start = heeft_start[casus] & (datum >= start_casus[casus])
    ds_tekst = np.full(m, "", dtype=object)
    ds_tekst[rij_start] = tekst(datum_start[casus][rij_start])

    vorm_b = _kies(rng, DATUMVORM_P, m)
    vorm_a = np.where(rng.random(m) < 0.8, vorm_b, _kies(rng, DATUMVORM_P, m))
    werksoort = np.empty(m, dtype=object)
    overleg = np.empty(m, dtype=object)
    for code, (namen, p) in WERKSOORT_VARIANTEN.items():
        sel = ws == code
        werksoort[sel] = np.array(namen, dtype=object)[_kies(rng, np.array(p), int(sel.sum()))]
        overleg[sel] = OVERLEG[code]
    persoon_tekst = np.where(zonder, "", ids[persoon]).astype(object)
    tabel = pd.DataFrame(
        {
            "CasusNummer": casusnummer[casus],
            "Datum Bespreking": tekst(datum, vorm_b),
            "Overleg": overleg,
            "Werksoort": werksoort,
            "Datum aanmelding": tekst(aanmelding[casus], vorm_a),
            "Gemeente": gemeente[casus],
            "Doelgroep": doelgroep[casus],
            "Procesregie": np.where(regie[casus], "ja", "nee").astype(object),
            "Persoonsnummer": persoon_tekst[casus],
            "Datum start": ds_tekst,
        }
    )

    # planted problems: a few bad rows, and exact duplicates (0.2 %)
    n_fout = max(3, int(20 * schaal))
    in_jaar = np.flatnonzero(
        (datum >= np.datetime64(f"{REGISTRATIEJAAR}-01-01"))
        & (datum < np.datetime64(f"{REGISTRATIEJAAR + 1}-01-01"))
    )
    slecht = rng.choice(in_jaar, 3 * n_fout, replace=False)
    kol = {c: tabel.columns.get_loc(c) for c in tabel.columns}
    tabel.iloc[slecht[:n_fout], kol["Datum Bespreking"]] = f"31-02-{REGISTRATIEJAAR}"
    tabel.iloc[slecht[n_fout : 2 * n_fout], kol["Werksoort"]] = "Adviesvraag"
    vroeg = slecht[2 * n_fout :]
    tabel.iloc[vroeg, kol["Datum Bespreking"]] = tekst(aanmelding[casus[vroeg]] - 10 * DAG)
    dubbel = np.sort(rng.choice(m, max(3, m // 500), replace=False))
    volgorde = np.argsort(np.r_[np.arange(m), dubbel + 0.5], kind="stable")
    tabel = pd.concat([tabel, tabel.iloc[dubbel]], ignore_index=True).iloc[volgorde]

    a = eerste.index.to_numpy()
    heeft_persoon = ~zonder[a]
    return (
        tabel.reset_index(drop=True),
        persoon[a][heeft_persoon],
        np.where(heeft_start[a], datum_start[a], start_casus[a])[heeft_persoon],
        eerste["x"].to_numpy()[heeft_persoon],
    )


def _politie(
    rng: np.random.Generator,
    schaal: float,
    ids: np.ndarray,
    a_persoon: np.ndarray,
    a_start: np.ndarray,
    a_topx: np.ndarray,
) -> tuple[pa.Table, np.ndarray]:
    """Police registrations as an Arrow table, and the rate per person (for detention)."""
    n = ids.size
    vorm = 0.7
    # registry persons (the lowest indices) offend 1.5 times as often as the others
    in_registratie = np.arange(n) <= a_persoon.max(initial=0)
    gem = np.where(in_registratie, 1.5, 1.0)
    gem = gem / gem.mean() * REGISTRATIES_PER_PERSOON * 0.95
    basis = rng.gamma(vorm, gem / vorm)  # expected registrations over 2018-2024
    periode = int((PEILDATUM - POLITIE_BEGIN) // DAG) + 1
    k = rng.poisson(basis)
    p = np.repeat(np.arange(n, dtype=np.int64), k)
    pleeg = POLITIE_BEGIN + rng.integers(0, periode, p.size) * DAG

    # approach clients: extra offences in the year before the start, fewer after (Top X)
    uniek, eerste = np.unique(a_persoon, return_index=True)
    s = a_start[eerste]
    x = a_topx[eerste]
    jaarbasis = basis[uniek] * 365 / periode
    k_piek = rng.poisson(0.9 * jaarbasis)
    pp = np.repeat(uniek, k_piek)
    piek = np.repeat(s, k_piek) - rng.integers(1, 366, pp.size) * DAG
    k_extra_na = rng.poisson(np.where(x, 0.1, 0.4) * jaarbasis)
    pn = np.repeat(uniek, k_extra_na)
    na = np.repeat(s, k_extra_na) + rng.integers(0, 365, pn.size) * DAG
    p = np.concatenate([p, pp, pn])
    pleeg = np.concatenate([pleeg, piek, na])
    binnen = (pleeg >= POLITIE_BEGIN) & (pleeg <= PEILDATUM)
    p, pleeg = p[binnen], pleeg[binnen]

    m = p.size
    lag = np.where(rng.random(m) < 0.4, 0, rng.geometric(1 / 20, m))
    registratie = np.minimum(pleeg + lag * DAG, PEILDATUM)
    volg = np.argsort(registratie.astype(np.int64), kind="stable")  # extract order
    p, pleeg, registratie = p[volg], pleeg[volg], registratie[volg]
    pleeg_mask = rng.random(m) < 0.015

    def tekstkolom(waarden: list[str], idx: np.ndarray) -> pa.Array:
        # dictionary-encoded in memory and on disk; written without the Arrow schema, so
        # readers see a plain string column (as a police system's export has)
        woorden = pa.array(waarden, type=pa.string())
        return pa.DictionaryArray.from_arrays(pa.array(idx, type=pa.int32()), woorden)

    tabel = pa.table(
        {
            "Persoonsnummer": tekstkolom(ids.tolist(), p),
            "Pleegdatum": pa.array(pleeg, type=pa.date32(), mask=pleeg_mask),
            "Registratiedatum": pa.array(registratie, type=pa.date32()),
            "Delictcategorie": tekstkolom(DELICTEN, _kies(rng, DELICT_P, m)),
            "Rol": tekstkolom(ROLLEN, _kies(rng, ROL_P, m)),
        }
    )
    return tabel, basis


def _detentie(
    rng: np.random.Generator,
    schaal: float,
    ids: np.ndarray,
    basis: np.ndarray,
    a_persoon: np.ndarray,
    a_start: np.ndarray,
    tekst: _Datumtekst,
) -> pd.DataFrame:
    """Detention spells: a third around the start of approach clients, the rest spread
    over frequent offenders; 5 % with a second, overlapping spell; open ones at the end."""
    n = max(round(DETENTIES * schaal), 20)
    n_aanpak = min(n // 3, a_persoon.size)
    keuze = rng.choice(a_persoon.size, n_aanpak, replace=False)
    p1 = a_persoon[keuze]
    b1 = a_start[keuze] + rng.integers(-500, 400, n_aanpak) * DAG
    gewicht = basis / basis.sum()
    p2 = rng.choice(ids.size, n - n_aanpak, p=gewicht)
    b2 = POLITIE_BEGIN - 365 * DAG + rng.integers(0, 7 * 365, n - n_aanpak) * DAG
    p = np.concatenate([p1, p2])
    begin = np.concatenate([b1, b2])
    duur = np.minimum(np.exp(rng.normal(4.1, 1.0, n)), 900).astype(np.int64) + 3
    eind = begin + duur * DAG
    tweede = np.flatnonzero(rng.random(n) < 0.05)
    p = np.concatenate([p, p[tweede]])
    b_extra = begin[tweede] + rng.integers(0, 20, tweede.size) * DAG
    e_extra = eind[tweede] + rng.integers(-2, 60, tweede.size) * DAG
    begin = np.concatenate([begin, b_extra])
    eind = np.maximum(np.concatenate([eind, e_extra]), begin)
    houd = begin <= PEILDATUM - 10 * DAG
    p, begin, eind = p[houd], begin[houd], eind[houd]
    open_ = eind > PEILDATUM
    eind_tekst = np.where(open_, "", tekst(np.minimum(eind, PEILDATUM))).astype(object)
    volg = np.lexsort((begin, p))
    return pd.DataFrame(
        {
            "Persoonsnummer": ids[p[volg]],
            "Begindatum": tekst(begin[volg]),
            "Einddatum": eind_tekst[volg],
        }
    )


def _schrijf_csv(tabel: pd.DataFrame, pad: Path, *, eol: str, encoding: str) -> None:
    """Write text columns as a ``;``-separated CSV without quotes (no cell needs them)."""
    buffer = pa.BufferOutputStream()
    pacsv.write_csv(
        pa.Table.from_pandas(tabel.astype(object), preserve_index=False),
        buffer,
        pacsv.WriteOptions(delimiter=";", eol=eol, quoting_style="none", quoting_header="none"),
    )
    data = buffer.getvalue().to_pybytes()
    pad.write_bytes(data if encoding == "utf-8" else data.decode("utf-8").encode(encoding))


def _config(schaal: float, seed: int) -> str:
    return "\n".join(
        [
            f"# Benchmark-meting op landelijke schaal (schaal {schaal:g}, seed {seed}):",
            "# synthetische gegevens, gemaakt door python -m bench.",
            "",
            "[meting]",
            'naam = "landelijk"',
            f"registratiejaar = {REGISTRATIEJAAR}",
            "",
            "[registratie]",
            'bestand = "registratie.csv"',
            "",
            "[recidive]",
            'politie = "politie.parquet"',
            'detentie = "detentie.csv"',
            "venster_dagen = 365",
            "",
            "[publicatie]",
            "alpha = 0.05",
            "minimale_celgrootte = 10",
            "",
        ]
    )


def genereer(map: Path | str, *, schaal: float = 1.0, seed: int = 2024) -> Invoer:
    """Write the benchmark inputs into ``map`` and return their paths and sizes.

    Parameters
    ----------
    map : path
        Folder to write into (created when missing; files are overwritten).
    schaal : float, default 1.0
        1.0 = national scale (about 1M besprekingen, 10M police rows, 1M persons, 60k
        detention spells); the sizes scale linearly.
    seed : int, default 2024
        Seed of the random streams; the same seed and scale give byte-identical files.

    Returns
    -------
    Invoer

    Examples
    --------
    >>> invoer = genereer("bench-invoer", schaal=0.01)  # doctest: +SKIP
    >>> invoer.config.name  # doctest: +SKIP
    'meting.toml'
    """
    if not schaal > 0:
        raise ValueError(f"schaal moet positief zijn, niet {schaal}")
    map_ = Path(map)
    map_.mkdir(parents=True, exist_ok=True)
    rng_id, rng_reg, rng_pol, rng_det = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4)
    )
    tekst = _Datumtekst(np.datetime64("2010-01-01"), np.datetime64("2027-12-31"))
    n_personen = max(round(PERSONEN * schaal), 1000)
    ids = _persoonsnummers(rng_id, n_personen)
    reg, a_persoon, a_start, a_topx = _registratie(rng_reg, schaal, tekst, ids)
    registratie = map_ / "registratie.csv"
    _schrijf_csv(reg, registratie, eol="\r\n", encoding="cp1252")

    politie, basis = _politie(rng_pol, schaal, ids, a_persoon, a_start, a_topx)
    pol_pad = map_ / "politie.parquet"
    pq.write_table(politie, pol_pad, compression="snappy", store_schema=False)

    det = _detentie(rng_det, schaal, ids, basis, a_persoon, a_start, tekst)
    det_pad = map_ / "detentie.csv"
    _schrijf_csv(det, det_pad, eol="\n", encoding="utf-8")

    config = map_ / "meting.toml"
    config.write_text(_config(schaal, seed), encoding="utf-8")
    return Invoer(
        map=map_,
        config=config,
        registratie=registratie,
        politie=pol_pad,
        detentie=det_pad,
        besprekingen=len(reg),
        politierijen=politie.num_rows,
        detentieperioden=len(det),
        personen=n_personen,
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.genereer --map DIR``: write the inputs, print their paths as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.genereer")
    parser.add_argument("--map", type=Path, required=True)
    parser.add_argument("--schaal", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    invoer = genereer(args.map, schaal=args.schaal, seed=args.seed)
    uit = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(invoer).items()}
    json.dump({**uit, "registratiejaar": REGISTRATIEJAAR}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
