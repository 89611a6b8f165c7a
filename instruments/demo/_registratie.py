"""Synthetic case-registry extracts (GCOS style) for the demo.

One simulated universe of casussen with their besprekingen from 2011 up to early 2017 is
built, and cut into two extracts: everything up to mid January 2016 (meting 2016,
registratiejaar 2015) and everything up to mid January 2017 (meting 2017, registratiejaar
2016). The same casus therefore has the same history in both extracts.

The universe is built backwards: first the casussen active in 2016, whose history partly
falls in 2015; then extra 2015 casussen fill up to the 2015 targets. Per casus a duur bucket
and a frequentie bucket are drawn (from the published 2015/2016 distributions of its main
werksoort, coupled through a Gaussian copula so that long-running casussen are also the
frequently discussed ones) and its besprekingen are laid out to realise them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtr

# Werksoort codes used inside the generator.
SCR, TRI, OVR, TOPX = "S", "T", "O", "X"
WERKSOORT_NAAM = {
    SCR: "Screening",
    TRI: "Triage",
    OVR: "Overige casuïstiek",
    TOPX: "Top X",
}
# Spelling variants as the case system writes them (formats.md §1), with their weights.
WERKSOORT_VARIANTEN = {
    SCR: (["Screening"], [1.0]),
    TRI: (["Triage"], [1.0]),
    OVR: (["Overige casuïstiek", "Overige casuistiek", "Overig"], [0.75, 0.15, 0.10]),
    TOPX: (["Top X", "TopX", "Top-X", "top x"], [0.7, 0.12, 0.1, 0.08]),
}

REGIO = ["Roermond", "Weert", "Leudal", "Echt-Susteren", "Maasgouw", "Roerdalen", "Nederweert"]
BUITEN_REGIO = [
    "Venlo",
    "Maastricht",
    "Sittard-Geleen",
    "Heerlen",
    "Venray",
    "Peel en Maas",
    "Beesel",
    "Cranendonck",
    "Eindhoven",
    "\u2019s-Hertogenbosch",
]
BUITEN_GEWICHT = np.array([22, 10, 14, 6, 6, 8, 8, 9, 9, 8], dtype=float)

# Shares of casussen per gemeente (published: Roermond 35 -> 33 %, Weert 22 -> 23 %,
# in regio 86 -> 87 %, small gemeenten under-represented against inhabitants).
GEMEENTE_AANDEEL = {
    2015: {
        "Roermond": 35.0,
        "Weert": 22.0,
        "Leudal": 8.1,
        "Echt-Susteren": 7.2,
        "Maasgouw": 5.3,
        "Roerdalen": 4.6,
        "Nederweert": 3.8,
        "buiten": 12.5,
        "onbekend": 1.5,
    },
    2016: {
        "Roermond": 33.0,
        "Weert": 23.0,
        "Leudal": 8.8,
        "Echt-Susteren": 7.7,
        "Maasgouw": 5.7,
        "Roerdalen": 4.9,
        "Nederweert": 3.9,
        "buiten": 11.7,
        "onbekend": 1.3,
    },
}
GEMEENTE_KLASSEN = [*REGIO, "buiten", "onbekend"]

# Profiles: the set of werksoorten a casus has in the year (ordered: first, then second).
PROFIELEN = [(SCR,), (TRI,), (OVR,), (TOPX,), (SCR, TRI), (SCR, OVR), (SCR, TOPX), (OVR, TOPX)]
# Numbers of casussen per profile, chosen so that unique casussen and casus x werksoort
# combinations land near the published figures (1998 / 2311 in 2015, 2318 / 2898 in 2016).
PROFIEL_AANTAL = {
    2015: {(SCR,): 1091, (TRI,): 380, (OVR,): 192, (TOPX,): 24,
           (SCR, TRI): 165, (SCR, OVR): 130, (SCR, TOPX): 5, (OVR, TOPX): 12},
    2016: {(SCR,): 1815, (TRI,): 29, (OVR,): 40, (TOPX,): 25,
           (SCR, TRI): 120, (SCR, OVR): 240, (SCR, TOPX): 25, (OVR, TOPX): 24},
}  # fmt: skip

# Published duur (< 1 mnd, 1-6 mnd, > 6 mnd) and frequentie (1, 2, 3-10, > 10) in %.
DUUR = {
    2015: {TOPX: [18, 5, 77], OVR: [14, 21, 65], SCR: [67, 14, 19], TRI: [71, 12, 17]},
    2016: {TOPX: [22, 16, 62], OVR: [17, 36, 47], SCR: [66, 13, 21], TRI: [58, 18, 23]},
}
FREQUENTIE = {
    2015: {TOPX: [10, 7, 44, 39], OVR: [14, 19, 61, 6], SCR: [58, 18, 22, 2],
           TRI: [52, 23, 23, 2]},
    2016: {TOPX: [20, 26, 37, 18], OVR: [9, 12, 61, 19], SCR: [51, 19, 27, 3],
           TRI: [14, 44, 41, 1]},
}  # fmt: skip
KOPPELING_RHO = 0.7  # copula correlation between duur and frequentie

DOELGROEPEN = ["Volwassenen", "Jeugd", "Huiselijk geweld", "Jeugdgroep", ""]
DOELGROEP_P = np.array([0.60, 0.20, 0.12, 0.03, 0.05])

OVERLEG = {
    SCR: "Screeningsoverleg",
    TRI: "Triageoverleg",
    OVR: "Casusoverleg",
    TOPX: "Top X-overleg",
}

DAG = np.timedelta64(1, "D")


@dataclass(frozen=True)
class Universum:
    """All simulated besprekingen (one row each) and the casus attributes.

    ``rijen`` columns: casus (int), datum (datetime64[D]), werksoort (code S/T/O/X),
    gemeente (str, '' = empty).
    ``casussen`` columns: casus, casusnummer, aanmelding, persoonsnummer, doelgroep,
    procesregie ('ja'/'nee').
    """

    rijen: pd.DataFrame
    casussen: pd.DataFrame


def _jan1(jaar: int) -> np.datetime64:
    return np.datetime64(f"{jaar}-01-01", "D")


def _kies(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    """Vectorised categorical draw: indices into ``p`` (normalised)."""
    cum = np.cumsum(np.asarray(p, dtype=float))
    cum = cum / cum[-1]
    return np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(cum) - 1)


def _kies_quotum(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    """Categorical draw with exact counts (largest remainder), in random order."""
    p = np.asarray(p, dtype=float) / np.sum(p)
    aantal = np.floor(p * n).astype(int)
    rest = n - aantal.sum()
    aantal[np.argsort(-(p * n - aantal), kind="stable")[:rest]] += 1
    return rng.permutation(np.repeat(np.arange(p.size), aantal))


def _bouw_jaar(
    rng: np.random.Generator,
    jaar: int,
    aantallen: dict[tuple[str, ...], int],
    gemeente_p: np.ndarray,
    eerste_casus: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Casussen active in ``jaar`` with profile counts ``aantallen``.

    Returns (rijen, casussen) without casusnummer/persoonsnummer (added later).
    """
    profielen = [p for p in PROFIELEN if aantallen.get(p, 0) > 0]
    n_per = np.array([aantallen[p] for p in profielen])
    n = int(n_per.sum())
    prof_idx = np.repeat(np.arange(len(profielen)), n_per)
    w1 = np.array([p[0] for p in profielen])[prof_idx]
    w2 = np.array([p[-1] for p in profielen])[prof_idx]
    twee = np.array([len(p) == 2 for p in profielen])[prof_idx]

    # duur and frequentie buckets, coupled by a copula; distributions per profile so that
    # every werksoort's mix over all its casussen lands near the published one
    z1 = rng.standard_normal(n)
    z2 = KOPPELING_RHO * z1 + np.sqrt(1 - KOPPELING_RHO**2) * rng.standard_normal(n)
    u1, u2 = ndtr(z1), ndtr(z2)
    duur = np.zeros(n, dtype=int)
    freq = np.zeros(n, dtype=int)
    verdeling = _profielverdelingen(jaar, {p: aantallen.get(p, 0) for p in PROFIELEN})
    for i, p in enumerate(profielen):
        m = prof_idx == i
        cd = np.cumsum(verdeling[p][0])
        cf = np.cumsum(verdeling[p][1])
        duur[m] = np.minimum(np.searchsorted(cd / cd[-1], u1[m], side="right"), 2)
        freq[m] = np.minimum(np.searchsorted(cf / cf[-1], u2[m], side="right"), 3)

    # number of besprekingen from aanmelding up to the end of the year
    k = np.select(
        [freq == 0, freq == 1, freq == 2],
        [1, 2, 3 + np.minimum(rng.geometric(0.3, n) - 1, 7)],
        11 + np.minimum(rng.geometric(0.15, n) - 1, 30),
    )
    k = np.where(twee, np.maximum(k, 2), k)

    # last bespreking in the year, and aanmelding from the duur bucket
    dagen_jaar = int((_jan1(jaar + 1) - _jan1(jaar)) / DAG)
    laatste = _jan1(jaar) + rng.integers(0, dagen_jaar, n) * DAG
    terug = np.select(
        [duur == 0, duur == 1],
        [rng.integers(0, 30, n), rng.integers(30, 183, n)],
        183 + np.minimum(rng.exponential(330, n), 4 * 365).astype(int),
    )
    aanmelding = laatste - terug * DAG

    # lay out k dates in [aanmelding + lag, laatste]; the last one is `laatste`
    casus = np.repeat(np.arange(n), k)
    start = np.repeat(np.cumsum(k) - k, k)
    pos = np.arange(casus.size) - start  # position within casus, 0..k-1
    kk = k[casus]
    span = (laatste - aanmelding) / DAG
    lag = np.minimum(rng.integers(0, 8, n), span).astype(int)
    eerste = aanmelding + lag * DAG
    binnen = (laatste - eerste) / DAG
    u = rng.random(casus.size)
    u = np.where(pos == 0, 0.0, np.where(pos == kk - 1, 1.0, u))
    u = np.where((kk == 1), 1.0, u)  # a single bespreking is the last one
    # sort the middle positions within each casus
    volgorde = np.lexsort((u, casus))
    u = u[volgorde]
    datum = eerste[casus] + np.floor(u * binnen[casus]).astype(int) * DAG
    jan1 = _jan1(jaar)

    # two-werksoort profiles need a bespreking of the first werksoort in the year: move the
    # one-but-last bespreking into the year when it falls before it
    voorlaatste = twee[casus] & (pos == kk - 2) & (datum < jan1)
    ondergrens = np.maximum(eerste, jan1)
    nieuw = (
        ondergrens[casus]
        + np.floor(rng.random(casus.size) * ((laatste - ondergrens) / DAG)[casus]).astype(int) * DAG
    )
    datum = np.where(voorlaatste, nieuw, datum)

    # werksoort per bespreking: before a split point the first, from it the second
    in_jaar = datum >= jan1
    eerste_in = pd.Series(np.where(in_jaar, pos, 10**6)).groupby(casus).min().to_numpy()
    eerste_in = np.minimum(eerste_in, k - 1)
    lo = np.minimum(eerste_in + 1, k - 1)
    split = lo + np.floor(rng.random(n) * (k - lo)).astype(int)
    split = np.where(twee, split, 0)
    ws = np.where(pos[:] < split[casus], w1[casus], w2[casus]).astype(object)
    # an approach casus with history starts with a screening bespreking
    alleen_aanpak = np.isin(w1, [OVR, TOPX])
    begint_screening = alleen_aanpak[casus] & (pos == 0) & (kk >= 3) & (datum < jan1)
    ws = np.where(begint_screening, SCR, ws)

    # casus attributes
    gem_klasse = _kies_quotum(rng, gemeente_p, n)
    gemeente = _gemeente_namen(rng, gem_klasse)
    doelgroep = np.array(DOELGROEPEN, dtype=object)[_kies(rng, DOELGROEP_P, n)]
    heeft_x = np.array([TOPX in p for p in profielen])[prof_idx]
    heeft_o = np.array([OVR in p for p in profielen])[prof_idx]
    regie = np.where(heeft_x, rng.random(n) < 0.95, np.where(heeft_o, rng.random(n) < 0.22, False))
    casus_nr = eerste_casus + np.arange(n)

    # a few casussen moved: an earlier gemeente on their first besprekingen
    verhuisd = rng.random(n) < 0.03
    ander = _gemeente_namen(rng, _kies(rng, gemeente_p, n))
    rij_gem = np.where(verhuisd[casus] & (pos < kk // 2), ander[casus], gemeente[casus])

    rijen = pd.DataFrame(
        {"casus": casus_nr[casus], "datum": datum, "werksoort": ws, "gemeente": rij_gem}
    )
    casussen = pd.DataFrame(
        {
            "casus": casus_nr,
            "aanmelding": aanmelding,
            "doelgroep": doelgroep,
            "procesregie": np.where(regie, "ja", "nee"),
        }
    )
    return rijen, casussen


def _profielverdelingen(
    jaar: int, aantallen: dict[tuple[str, ...], int]
) -> dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]]:
    """Duur and frequentie distributions to draw from, per profile.

    A two-werksoort profile draws from its second werksoort's distribution (frequentie
    conditional on >= 2 besprekingen). A single-werksoort profile draws from what is left of
    its werksoort's published counts after the two-werksoort casussen that also hold it.
    """
    uit: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = {}
    for p in PROFIELEN:
        if len(p) == 2:
            d = np.array(DUUR[jaar][p[1]], dtype=float)
            f = np.array(FREQUENTIE[jaar][p[1]], dtype=float)
            f[0] = 0.0
            uit[p] = (d / d.sum(), f / f.sum())
    for w in (SCR, TRI, OVR, TOPX):
        n_w = sum(a for p, a in aantallen.items() if w in p)
        d_doel = np.array(DUUR[jaar][w], dtype=float) / 100 * n_w
        f_doel = np.array(FREQUENTIE[jaar][w], dtype=float) / 100 * n_w
        for p, a in aantallen.items():
            if len(p) == 2 and w in p:
                d_doel -= a * uit[p][0]
                f_doel -= a * uit[p][1]
        d_doel = np.clip(d_doel, 0.03 * max(n_w, 1), None)
        f_doel = np.clip(f_doel, 0.01 * max(n_w, 1), None)
        uit[(w,)] = (d_doel / d_doel.sum(), f_doel / f_doel.sum())
    return uit


def _gemeente_namen(rng: np.random.Generator, klasse: np.ndarray) -> np.ndarray:
    namen = np.array(GEMEENTE_KLASSEN, dtype=object)[klasse]
    buiten = klasse == GEMEENTE_KLASSEN.index("buiten")
    namen[buiten] = np.array(BUITEN_REGIO, dtype=object)[
        _kies(rng, BUITEN_GEWICHT, int(buiten.sum()))
    ]
    namen[klasse == GEMEENTE_KLASSEN.index("onbekend")] = ""
    return namen


def _profiel_van_jaar(rijen: pd.DataFrame, jaar: int) -> pd.Series:
    """Per casus active in ``jaar``: its profile tuple (werksoorten in the year)."""
    r = rijen[(rijen["datum"] >= _jan1(jaar)) & (rijen["datum"] < _jan1(jaar + 1))]
    vlag = pd.crosstab(r["casus"], r["werksoort"]).gt(0)
    for w in (SCR, TRI, OVR, TOPX):
        if w not in vlag.columns:
            vlag[w] = False
    code = vlag[SCR] * 1 + vlag[TRI] * 2 + vlag[OVR] * 4 + vlag[TOPX] * 8
    naar_profiel = {sum({SCR: 1, TRI: 2, OVR: 4, TOPX: 8}[w] for w in p): p for p in PROFIELEN}
    return code.map(lambda c: naar_profiel.get(int(c), None))


def _gemeente_klasse_van_jaar(rijen: pd.DataFrame, jaar: int) -> pd.Series:
    r = rijen[(rijen["datum"] >= _jan1(jaar)) & (rijen["datum"] < _jan1(jaar + 1))]
    laatste = r.sort_values(["casus", "datum"]).groupby("casus")["gemeente"].last()
    klasse = pd.Series("buiten", index=laatste.index, dtype=object)
    klasse[laatste.isin(REGIO)] = laatste[laatste.isin(REGIO)]
    klasse[laatste == ""] = "onbekend"
    return klasse


def bouw_universum(rng: np.random.Generator) -> Universum:
    """Simulate all casussen and besprekingen (see module docstring)."""
    p16 = np.array([GEMEENTE_AANDEEL[2016][g] for g in GEMEENTE_KLASSEN])
    rij16, cas16 = _bouw_jaar(rng, 2016, PROFIEL_AANTAL[2016], p16, eerste_casus=0)

    # what the 2016 casussen already contribute to 2015, and fill up to the 2015 targets
    profiel15 = _profiel_van_jaar(rij16, 2015)
    al = profiel15.value_counts()
    aanvul = {p: max(int(PROFIEL_AANTAL[2015][p] - al.get(p, 0)), 0) for p in PROFIELEN}
    n15_totaal = sum(PROFIEL_AANTAL[2015].values())
    al_gem = _gemeente_klasse_van_jaar(rij16, 2015).value_counts()
    n_aanvul = sum(aanvul.values())
    doel = np.array([GEMEENTE_AANDEEL[2015][g] for g in GEMEENTE_KLASSEN]) / 100 * n15_totaal
    p15 = np.clip(doel - np.array([al_gem.get(g, 0) for g in GEMEENTE_KLASSEN]), 0.5, None)
    p15 = p15 / p15.sum() * max(n_aanvul, 1)
    rij15, cas15 = _bouw_jaar(rng, 2015, aanvul, p15, eerste_casus=len(cas16))

    # a few brand-new screening casussen in the first days of 2017 (after the year)
    n17 = 35
    nr17 = len(cas16) + len(cas15) + np.arange(n17)
    d17 = _jan1(2017) + rng.integers(2, 10, n17) * DAG
    rij17 = pd.DataFrame(
        {
            "casus": nr17,
            "datum": d17,
            "werksoort": SCR,
            "gemeente": _gemeente_namen(rng, _kies(rng, p16, n17)),
        }
    )
    cas17 = pd.DataFrame(
        {
            "casus": nr17,
            "aanmelding": d17 - rng.integers(0, 3, n17) * DAG,
            "doelgroep": np.array(DOELGROEPEN, dtype=object)[_kies(rng, DOELGROEP_P, n17)],
            "procesregie": "nee",
        }
    )

    rijen = pd.concat([rij16, rij15, rij17], ignore_index=True)
    # a casus is discussed at most once a day in the same werksoort (random dates collide)
    rijen = rijen.drop_duplicates(["casus", "datum", "werksoort"]).reset_index(drop=True)
    casussen = pd.concat([cas16, cas15, cas17], ignore_index=True)

    # casusnummers in order of aanmelding (leading zeros: IDs are strings)
    volg = np.argsort(casussen["aanmelding"].to_numpy(), kind="stable")
    seq = np.empty(len(casussen), dtype=np.int64)
    seq[volg] = 4000 + np.arange(len(casussen)) * 3 + rng.integers(0, 3, len(casussen))
    casussen["casusnummer"] = pd.Series(seq).map("{:07d}".format).to_numpy()

    # pseudonymous person numbers P + 8 digits; jeugdgroep casussen have none, and a few
    # persons come back with a second casus
    nummers = rng.choice(10**8, size=len(casussen), replace=False)
    pn = np.array([f"P{v:08d}" for v in nummers], dtype=object)
    groep = casussen["doelgroep"].to_numpy() == "Jeugdgroep"
    pn[groep] = ""
    oud = np.flatnonzero(~groep & (casussen["casus"].to_numpy() >= len(cas16)))
    nieuw = np.flatnonzero(~groep & (casussen["casus"].to_numpy() < len(cas16)))
    n_terug = 25
    pn[rng.choice(nieuw, n_terug, replace=False)] = pn[rng.choice(oud, n_terug, replace=False)]
    casussen["persoonsnummer"] = pn
    return Universum(rijen=rijen, casussen=casussen)


def _datum_tekst(datum: np.ndarray, vorm: np.ndarray) -> np.ndarray:
    """Format dates in the mixed Dutch forms: 0 dd-mm-jjjj, 1 d-m-jjjj, 2 dd/mm/jjjj,
    3 jjjj-mm-dd."""
    s = pd.Series(pd.to_datetime(datum))
    dd = s.dt.strftime("%d")
    mm = s.dt.strftime("%m")
    jj = s.dt.strftime("%Y")
    d = s.dt.day.astype(str)
    m = s.dt.month.astype(str)
    vormen = [dd + "-" + mm + "-" + jj, d + "-" + m + "-" + jj, dd + "/" + mm + "/" + jj,
              jj + "-" + mm + "-" + dd]  # fmt: skip
    return np.select([vorm == i for i in range(4)], [v.to_numpy(dtype=object) for v in vormen])


def _werksoort_tekst(rng: np.random.Generator, codes: np.ndarray) -> np.ndarray:
    uit = np.empty(codes.size, dtype=object)
    for w, (namen, p) in WERKSOORT_VARIANTEN.items():
        m = codes == w
        uit[m] = np.array(namen, dtype=object)[_kies(rng, np.array(p), int(m.sum()))]
    return uit


@dataclass(frozen=True)
class Extract:
    """A written registry extract: the text and the planted bad rows (for the report)."""

    tekst: str
    geplant: list[dict[str, object]]


def maak_extract(
    rng: np.random.Generator,
    uni: Universum,
    registratiejaar: int,
    met_procesregie: bool,
    datum_vormen_p: tuple[float, float, float, float],
) -> Extract:
    """The extract of the universe as the case system writes it on ``extractiedatum``.

    Contains every bespreking up to the extract date (a few days into the next year).
    Planted problems: exact duplicate rows, one unknown werksoort, one impossible date and
    one bespreking before its aanmelding.
    """
    einde = _jan1(registratiejaar + 1) + 8 * DAG
    r = uni.rijen[uni.rijen["datum"] <= einde].merge(uni.casussen, on="casus", how="left")
    r = r.sort_values(["casusnummer", "datum"], kind="stable").reset_index(drop=True)
    n = len(r)

    vorm_b = _kies(rng, np.array(datum_vormen_p), n)
    # a row's dates share a form most of the time (same clerk), sometimes not
    vorm_a = np.where(rng.random(n) < 0.8, vorm_b, _kies(rng, np.array(datum_vormen_p), n))
    kolommen: dict[str, np.ndarray] = {
        "CasusNummer": r["casusnummer"].to_numpy(dtype=object),
        "Datum Bespreking": _datum_tekst(r["datum"].to_numpy(), vorm_b),
        "Overleg": np.array([OVERLEG[w] for w in (SCR, TRI, OVR, TOPX)], dtype=object)[
            pd.Series(r["werksoort"]).map({SCR: 0, TRI: 1, OVR: 2, TOPX: 3}).to_numpy(dtype=int)
        ],
        "Werksoort": _werksoort_tekst(rng, r["werksoort"].to_numpy(dtype=object)),
        "Datum aanmelding": _datum_tekst(r["aanmelding"].to_numpy(), vorm_a),
        "Gemeente": r["gemeente"].to_numpy(dtype=object),
        "Doelgroep": r["doelgroep"].to_numpy(dtype=object),
    }
    if met_procesregie:
        kolommen["Procesregie"] = r["procesregie"].to_numpy(dtype=object)
    kolommen["Persoonsnummer"] = r["persoonsnummer"].to_numpy(dtype=object)
    tabel = pd.DataFrame(kolommen)

    # --- planted problems ------------------------------------------------------------
    geplant: list[dict[str, object]] = []
    in_jaar = np.flatnonzero(
        (r["datum"].to_numpy() >= _jan1(registratiejaar))
        & (r["datum"].to_numpy() < _jan1(registratiejaar + 1))
    )
    kandidaten = rng.choice(in_jaar, 3, replace=False)
    extra = tabel.iloc[kandidaten].copy()
    onbekend = "Nazorg" if registratiejaar == 2015 else "Adviesvraag"
    extra.iloc[0, extra.columns.get_loc("Werksoort")] = onbekend
    onmogelijk = "29-02-2015" if registratiejaar == 2015 else "31-02-2016"
    extra.iloc[1, extra.columns.get_loc("Datum Bespreking")] = onmogelijk
    aanm = pd.Timestamp(r["aanmelding"].iloc[kandidaten[2]])
    extra.iloc[2, extra.columns.get_loc("Datum Bespreking")] = (
        aanm - pd.Timedelta(days=17)
    ).strftime("%d-%m-%Y")
    redenen = [
        f"onbekende werksoort '{onbekend}'",
        f"onmogelijke datum {onmogelijk}",
        "bespreking 17 dagen voor de datum aanmelding",
    ]
    # exact duplicates (about 0.4 % of the rows)
    n_dub = max(3, n // 250)
    dubbel = tabel.iloc[np.sort(rng.choice(n, n_dub, replace=False))].copy()

    plek = np.concatenate([kandidaten + 0.5, dubbel.index.to_numpy() + 0.25])
    alles = pd.concat([tabel, extra, dubbel])
    sleutel = np.concatenate([np.arange(n, dtype=float), plek])
    alles = alles.iloc[np.argsort(sleutel, kind="stable")].reset_index(drop=True)

    # report positions as Excel shows them (header = row 1)
    extra_pos = np.searchsorted(np.sort(sleutel), kandidaten + 0.5)
    for i, reden in enumerate(redenen):
        geplant.append({"rij": int(extra_pos[i]) + 2, "reden": reden})
    geplant.append({"rij": None, "reden": f"{n_dub} exact dubbele rijen"})

    tekst = alles.to_csv(sep=";", index=False, lineterminator="\r\n")
    return Extract(tekst=tekst, geplant=geplant)
