"""Property-based tests (hypothesis) of every reader and of the statistics.

For arbitrary rows (valid values, spelling variants, impossible dates, junk text), every
reader either returns its result or raises the suite's own :class:`InvoerFout` (never
anything else); rows in = rows used + rows rejected always holds; every percentage lies in
0-100. The settings (robuust_hulp.SNEL / TRAAG) are derandomised: the same examples every
run, and quick enough for CI.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st
from robuust_hulp import BSNS, SNEL, TRAAG, is_bsn, lees_csv, schrijf_config, schrijf_csv

from analysis.recidive import person_windows, summarise_groups
from analysis.survey import cijfer_statistieken
from instruments import registratietool
from instruments.casusanalysetool import indicatoren as leefgebied_indicatoren
from instruments.casusanalysetool import waarnemingen_vragenlijst
from instruments.casusanalysetool.lezen import lees_casusanalyse, privacy_problemen
from instruments.casusanalysetool.template import vul_template
from instruments.config import laad_config
from instruments.fouten import InvoerFout
from instruments.lezen import lees_ruw
from instruments.recidivetool.lezen import lees_detentie, lees_politie
from instruments.surveytool import bereken, lees_export
from surveys import laad_codebook

EPS = 1e-9
CB = laad_codebook()

# ------------------------------------------------------------------------------------------
# Strategies
# ------------------------------------------------------------------------------------------
#: Junk text: any printable character (no control characters, which no spreadsheet writes),
#: plus the separators, quotes and line breaks that break naive CSV handling.
TEKST = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        st.sampled_from(list(';,"\n\t ')),
    ),
    max_size=12,
)
DATUMVORMEN = ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"]
GELDIGE_DATUM = st.builds(
    lambda d, f: d.strftime(f),
    st.dates(dt.date(2011, 1, 1), dt.date(2016, 12, 31)),
    st.sampled_from(DATUMVORMEN),
)
KAPOTTE_DATUM = st.sampled_from(
    ["31-02-2015", "2015-13-01", "00-00-0000", "13/25/2015", "1-1-15", "gisteren", "45000", ""]
)
DATUM = st.one_of(GELDIGE_DATUM, GELDIGE_DATUM, GELDIGE_DATUM, KAPOTTE_DATUM, TEKST)


def _mengsel(*geldig: str) -> st.SearchStrategy[str]:
    """Mostly valid values, sometimes junk."""
    return st.one_of(st.sampled_from(list(geldig)), st.sampled_from(list(geldig)), TEKST)


def _als_tekst(w) -> str:
    return "" if w is None else str(w)


def _niet_leeg(rij: dict) -> bool:
    return any(_als_tekst(v).strip() for v in rij.values())


@pytest.fixture(scope="module")
def werk(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("eigenschappen")


# ------------------------------------------------------------------------------------------
# Generic reading: arbitrary bytes under every extension
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ext", [".csv", ".txt", ".xlsx", ".sav", ".parquet"])
@SNEL
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        TEKST.map(lambda t: t.encode("utf-8")),
        st.lists(st.lists(TEKST, max_size=5), max_size=6).map(
            lambda r: "\n".join(";".join(x) for x in r).encode("cp1252", errors="replace")
        ),
    ),
)
def test_willekeurige_bytes_geven_tabel_of_invoerfout(werk, data, ext):
    pad = werk / f"bytes{ext}"
    pad.write_bytes(data)
    try:
        df = lees_ruw(pad)
    except InvoerFout as fout:
        event("InvoerFout")
        assert pad.name in fout.melding
        return
    assert isinstance(df, pd.DataFrame)
    for kolom in df.columns:
        for w in df[kolom]:
            assert w is None or isinstance(w, (str, dt.date, pd.Timestamp)) or pd.isna(w)
            assert not (isinstance(w, str) and (w != w.strip() or w == ""))


def test_csv_met_lege_kopregel_geeft_geen_softwarefout(werk):
    """Regression: an empty header line left a table without columns, on which the cell
    conversion failed (ValueError) during the reader's speed-up."""
    pad = werk / "lege_kop.csv"
    pad.write_bytes(b"\n\x01")
    try:
        df = lees_ruw(pad)
    except InvoerFout as fout:
        assert "lege_kop.csv" in fout.melding
    else:
        assert df.shape[1] == 0


@SNEL
@given(
    plekken=st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 255)), min_size=1, max_size=40)
)
# found in CI: a damaged zip header made zipfile raise NotImplementedError ("version 6.4")
@example(plekken=[(19623, 64)])
def test_beschadigde_xlsx_geeft_tabel_of_invoerfout(werk, klein, plekken):
    """Bytes changed inside a valid XLSX (a damaged download or disk): the zip, deflate and
    XML layers all fail in their own way; each must become an InvoerFout."""
    data = bytearray((klein / "gcos.xlsx").read_bytes())
    for plek, waarde in plekken:
        data[plek % len(data)] = waarde
    pad = werk / "beschadigd.xlsx"
    pad.write_bytes(bytes(data))
    try:
        df = lees_ruw(pad)
    except InvoerFout as fout:
        event("InvoerFout")
        assert "beschadigd.xlsx" in fout.melding
        return
    assert isinstance(df, pd.DataFrame)


# ------------------------------------------------------------------------------------------
# Registry
# ------------------------------------------------------------------------------------------
REGISTRATIE_RIJ = st.fixed_dictionaries(
    {
        "Casusnummer": _mengsel("0001", "0002", "0003", "0004", "017"),
        "Werksoort": _mengsel(
            "Screening",
            "Triage",
            "Top X",
            "TopX",
            "top x",
            "Overig",
            "Overige casuïstiek",
            "Nazorg",
        ),
        "Datum bespreking": DATUM,
        "Datum aanmelding": DATUM,
        "Gemeente": _mengsel("Roermond", "weert ", "Echt-Susteren", "Venlo", "", "onbekend"),
        "Doelgroep": TEKST,
        "Procesregie": _mengsel("ja", "nee", "", "J", "misschien"),
        "Persoonsnummer": _mengsel("P1", "P2", ""),
        "Datum start": st.one_of(st.just(""), DATUM),
    }
)

KOP_REGISTRATIE = [
    "Casusnummer",
    "Werksoort",
    "Datum bespreking",
    "Datum aanmelding",
    "Gemeente",
    "Doelgroep",
    "Procesregie",
    "Persoonsnummer",
    "Datum start",
]


@TRAAG
@given(
    rijen=st.lists(REGISTRATIE_RIJ, max_size=30),
    drempel=st.sampled_from([5.0, 100.0]),
    sep=st.sampled_from([";", ","]),
)
def test_registratie_willekeurige_rijen(werk, rijen, drempel, sep):
    kop = KOP_REGISTRATIE
    pad = schrijf_csv(
        werk / "reg.csv", [kop, *([r[k] for k in kop] for r in rijen)], "utf-8", sep=sep
    )
    config = schrijf_config(
        werk,
        {
            "meting": {"naam": "2016", "registratiejaar": 2015},
            "registratie": {"bestand": pad},
            "publicatie": {"max_afgewezen_pct": drempel},
        },
        naam="reg.toml",
    )
    try:
        res = registratietool.meet(laad_config(config))
    except InvoerFout as fout:
        event("InvoerFout")
        assert "reg.csv" in fout.melding
        return
    (v,) = res.verslagen
    assert v.rijen_gelezen == sum(_niet_leeg(r) for r in rijen)
    assert v.rijen_gelezen == v.rijen_gebruikt + v.rijen_afgewezen
    assert res.afgewezen["rij"].nunique() == v.rijen_afgewezen
    _controleer_indicatoren(res.indicatoren)
    r = res.indicatoren
    casussen = r.loc[(r["indicator"] == "1-1"), "waarde"].iloc[0]
    per_gemeente = r.loc[(r["item"] == "gemeente") & (r["statistiek"] == "aantal"), "waarde"]
    assert per_gemeente.sum() == casussen


def _controleer_indicatoren(r: pd.DataFrame) -> None:
    """Percentages in 0-100, counts whole and not negative, n never negative."""
    pct = r[r["statistiek"].str.startswith("percentage")]["waarde"].dropna().astype(float)
    assert ((pct >= -EPS) & (pct <= 100 + EPS)).all(), pct.tolist()
    aantal = r[r["statistiek"].isin(["aantal", "personen"])]["waarde"].dropna().astype(float)
    assert ((aantal >= 0) & (aantal == np.floor(aantal))).all()
    n = r["n"].dropna().astype(float)
    assert (n >= 0).all()


# ------------------------------------------------------------------------------------------
# Questionnaire: tidy files with arbitrary answers, and a damaged SurveyMonkey export
# ------------------------------------------------------------------------------------------
CIJFER_ITEMS = ["functie_advies", "samen_partners", "scr_informatievoorziening", "topx_criteria"]
STELLING_ITEMS = ["scr_vroegsignalering", "regie_proactief"]
STELLINGEN = list(CB.items["scr_vroegsignalering"].opties)
ORGANISATIES = list(CB.items["organisatie"].opties)
CIJFER = st.one_of(
    st.integers(1, 10).map(str),
    st.sampled_from(["0", "11", "7,5", "8.0", "Weet niet / n.v.t.", "", "zeven"]),
    TEKST,
)
OPEN = st.one_of(
    TEKST,
    st.sampled_from(
        [
            f"Bel mij: 06-12345678 of mail a.b@vhh.nl, BSN {BSNS[1]}",
            f"nummer {BSNS[2][:3]} {BSNS[2][3:6]} {BSNS[2][6:]} en +31 6 1234 5678",
            "Goed overleg, prima voorbereiding.",
        ]
    ),
)
RESPONDENT = st.fixed_dictionaries(
    {
        "organisatie": _mengsel(*ORGANISATIES, "OM", "Anders, namelijk"),
        "betrokkenheid": _mengsel("Screening", "Top X|Triage", "Screening; Top X", ""),
        **{c: CIJFER for c in CIJFER_ITEMS},
        **{c: _mengsel(*STELLINGEN, "Weet niet / n.v.t.", "") for c in STELLING_ITEMS},
        "scr_opmerkingen": OPEN,
    }
)
KOP_TIDY = ["organisatie", "betrokkenheid", *CIJFER_ITEMS, *STELLING_ITEMS, "scr_opmerkingen"]


def _controleer_antwoorden(ant) -> None:
    v = ant.verslag
    assert v.rijen_gelezen == v.rijen_gebruikt + v.rijen_afgewezen
    assert len(ant.data) == v.rijen_gebruikt
    for c in CIJFER_ITEMS:
        geldig = ant.data[c].dropna()
        assert geldig.between(1, 10).all() and (geldig == np.floor(geldig)).all()
    for c in STELLING_ITEMS:
        assert set(ant.data[c].dropna()) <= set(STELLINGEN)
    open_ = ant.data["scr_opmerkingen"].dropna().astype(str)
    for tekst in open_:
        assert "@" not in tekst
        assert not [n for n in re.findall(r"\d{9}", re.sub(r"[ .]", "", tekst)) if is_bsn(n)]
        assert "06-12345678" not in tekst and "+31 6" not in tekst


def _controleer_vragenlijst_resultaat(res) -> None:
    _controleer_indicatoren(res.indicatoren)
    r = res.indicatoren
    gem = r[r["statistiek"] == "gemiddelde"]["waarde"].dropna()
    assert gem.between(1, 10).all()
    uitgesplitst = r[r["groep"].str.startswith(("kant=", "organisatie="))]
    getoond = uitgesplitst[uitgesplitst["waarde"].notna()]
    assert (getoond["n"] >= 5).all(), "a breakdown cell under 5 respondents is shown"
    weg = uitgesplitst[uitgesplitst["waarde"].isna()]
    assert weg["n"].isna().all()


@TRAAG
@given(rijen=st.lists(RESPONDENT, max_size=25), drempel=st.sampled_from([5.0, 100.0]))
def test_vragenlijst_tidy_willekeurige_antwoorden(werk, rijen, drempel):
    pad = schrijf_csv(
        werk / "tidy.csv", [KOP_TIDY, *([r[k] for k in KOP_TIDY] for r in rijen)], "utf-8"
    )
    try:
        ant = lees_export(pad, max_afgewezen_pct=drempel)
    except InvoerFout as fout:
        event("InvoerFout")
        assert "tidy.csv" in fout.melding
        return
    _controleer_antwoorden(ant)
    assert ant.verslag.rijen_gelezen == sum(_niet_leeg(r) for r in rijen)
    try:
        res = bereken(ant, klein_n=5)
    except InvoerFout:
        event("InvoerFout bij berekenen")
        return
    _controleer_vragenlijst_resultaat(res)


@TRAAG
@given(
    wijzigingen=st.lists(
        st.tuples(st.integers(0, 39), st.integers(0, 10**6), st.one_of(TEKST, CIJFER)),
        min_size=1,
        max_size=12,
    ),
    drempel=st.sampled_from([5.0, 100.0]),
)
def test_vragenlijst_surveymonkey_met_willekeurige_cellen(werk, klein, wijzigingen, drempel):
    """Arbitrary values in arbitrary cells of a real SurveyMonkey export (also the
    respondent ID and metadata columns)."""
    rijen = [list(r) for r in lees_csv(klein / "survey.csv", "utf-8-sig", sep=",")]
    for rij, kolom, waarde in wijzigingen:
        r = rijen[2 + rij]
        r[kolom % len(r)] = waarde
    pad = schrijf_csv(werk / "sm.csv", rijen, "utf-8-sig", sep=",")
    try:
        ant = lees_export(pad, max_afgewezen_pct=drempel)
    except InvoerFout as fout:
        event("InvoerFout")
        assert "sm.csv" in fout.melding
        return
    _controleer_antwoorden(ant)
    assert ant.verslag.rijen_gelezen == 40
    _controleer_vragenlijst_resultaat(bereken(ant, klein_n=5))


# ------------------------------------------------------------------------------------------
# Police and detention
# ------------------------------------------------------------------------------------------
#: IDs: pseudonyms, plausible BSNs (must be refused without a key), junk. Only ASCII junk
#: for IDs; other Unicode digits get their own test below.
ID = st.one_of(
    st.sampled_from(["P001", "P002", " P003 ", "00123", "", BSNS[3], BSNS[4]]),
    st.text(alphabet="ABCPxyz0123456789 -", max_size=10),
)
POLITIE_RIJ = st.fixed_dictionaries(
    {
        "Persoonsnummer": ID,
        "Pleegdatum": st.one_of(st.just(""), DATUM),
        "Registratiedatum": st.one_of(st.just(""), DATUM),
        "Delictcategorie": TEKST,
        "Rol": _mengsel("Verdachte", "verdachte ", "Aangever", "Getuige", ""),
    }
)
DETENTIE_RIJ = st.fixed_dictionaries(
    {"Persoonsnummer": ID, "Begindatum": DATUM, "Einddatum": st.one_of(st.just(""), DATUM)}
)
SLEUTEL = b"test-sleutel-0123456789abcdef"


def _bevat_bsn(rijen: list[dict]) -> bool:
    return any(is_bsn(r["Persoonsnummer"].strip()) for r in rijen)


def _controleer_ids(ids: pd.Series, rijen: list[dict], sleutel: bytes | None) -> None:
    assert ids.notna().all()
    if sleutel is None:
        assert not any(is_bsn(i) for i in ids)
    else:
        assert ids.str.fullmatch(r"[0-9a-f]{64}").all()
        assert not set(ids) & {r["Persoonsnummer"].strip() for r in rijen}


def test_politie_zonder_enige_rol_geeft_geen_softwarefout(werk):
    """Regression: with no role in any row, the per-distinct-role code of the reader's
    speed-up failed (TypeError); such rows are rejected."""
    pad = schrijf_csv(
        werk / "politie_zonder_rol.csv",
        [["Persoonsnummer", "Pleegdatum", "Rol"], ["P001", "01-02-2016", ""]],
        "utf-8",
    )
    pol = lees_politie(pad)
    assert (pol.verslag.rijen_gelezen, pol.verslag.rijen_afgewezen) == (1, 1)
    assert pol.afgewezen["kolom"].tolist() == ["Rol"]


@SNEL
@given(
    rijen=st.lists(POLITIE_RIJ, max_size=30),
    met_sleutel=st.booleans(),
    ext=st.sampled_from([".csv", ".xlsx"]),
)
def test_politie_willekeurige_rijen(werk, rijen, met_sleutel, ext):
    kop = ["Persoonsnummer", "Pleegdatum", "Registratiedatum", "Delictcategorie", "Rol"]
    pad = werk / f"politie{ext}"
    tabel = [kop, *([r[k] for k in kop] for r in rijen)]
    if ext == ".csv":
        schrijf_csv(pad, tabel, "utf-8")
    else:
        pd.DataFrame(tabel[1:], columns=kop, dtype=object).to_excel(pad, index=False)
    sleutel = SLEUTEL if met_sleutel else None
    try:
        pol = lees_politie(pad, sleutel=sleutel)
    except InvoerFout as fout:
        event("InvoerFout")
        assert pad.name in fout.melding
        if sleutel is None and _bevat_bsn(rijen):
            assert "burgerservicenummer" in fout.melding
        return
    v = pol.verslag
    assert v.rijen_gelezen == sum(_niet_leeg(r) for r in rijen)
    assert v.rijen_gelezen == v.rijen_gebruikt + v.rijen_afgewezen
    assert pol.afgewezen["rij"].nunique() == v.rijen_afgewezen
    assert pol.delicten["pleegdatum"].notna().all()
    assert len(pol.delicten) + sum(pol.rollen_overgeslagen.values()) == v.rijen_gebruikt
    _controleer_ids(pol.delicten["persoonsnummer"], rijen, sleutel)
    # read for some persons only: the same file, checks and counts; only their offences
    alle = pol.delicten
    assert pol.n_delicten == len(alle)
    assert set(pol.ids) == set(alle["persoonsnummer"])
    some = pd.Series([*sorted(set(alle["persoonsnummer"]))[::2], "onbekend-id"], dtype="str")
    deel = lees_politie(pad, sleutel=sleutel, personen=some)
    verwacht = alle[alle["persoonsnummer"].isin(set(some))].reset_index(drop=True)
    pd.testing.assert_frame_equal(deel.delicten, verwacht)
    assert deel.verslag == pol.verslag and deel.n_delicten == pol.n_delicten
    pd.testing.assert_frame_equal(deel.afgewezen, pol.afgewezen)
    assert (deel.eerste_datum, deel.laatste_datum) == (pol.eerste_datum, pol.laatste_datum)
    for datum in alle["pleegdatum"].head(2):
        met_peil = lees_politie(pad, sleutel=sleutel, personen=some, peildatum=datum)
        assert met_peil.na_peildatum == int((alle["pleegdatum"] > datum).sum())
    if len(alle):
        assert pol.laatste_datum >= alle["pleegdatum"].max()
        assert pol.eerste_datum <= alle["pleegdatum"].min()


@SNEL
@given(rijen=st.lists(DETENTIE_RIJ, max_size=30), met_sleutel=st.booleans())
def test_detentie_willekeurige_rijen(werk, rijen, met_sleutel):
    kop = ["Persoonsnummer", "Begindatum", "Einddatum"]
    pad = schrijf_csv(werk / "detentie.csv", [kop, *([r[k] for k in kop] for r in rijen)], "utf-8")
    sleutel = SLEUTEL if met_sleutel else None
    try:
        det = lees_detentie(pad, sleutel=sleutel)
    except InvoerFout as fout:
        event("InvoerFout")
        assert "detentie.csv" in fout.melding
        if sleutel is None and _bevat_bsn(rijen):
            assert "burgerservicenummer" in fout.melding
        return
    v = det.verslag
    assert v.rijen_gelezen == sum(_niet_leeg(r) for r in rijen)
    assert v.rijen_gelezen == v.rijen_gebruikt + v.rijen_afgewezen
    p = det.perioden
    assert p["begindatum"].notna().all()
    assert ((p["einddatum"] >= p["begindatum"]) | p["einddatum"].isna()).all()
    _controleer_ids(p["persoonsnummer"], rijen, sleutel)


def test_persoonsnummer_met_andere_unicodecijfers_is_geen_softwarefout(werk):
    """Arabic-Indic digits are digits to a regex (\\d) but no BSN: read as ordinary IDs
    (this used to crash the BSN check with a UnicodeEncodeError)."""
    pad = schrijf_csv(
        werk / "politie_unicode.csv",
        [
            ["Persoonsnummer", "Pleegdatum", "Rol"],
            ["١٢٣٤٥٦٧٨٢", "01-02-2016", "Verdachte"],
            ["１２３４５６７８２", "02-02-2016", "Verdachte"],
        ],
        "utf-8",
    )
    pol = lees_politie(pad)
    assert pol.delicten["persoonsnummer"].tolist() == ["١٢٣٤٥٦٧٨٢", "１２３４５６７８２"]


# ------------------------------------------------------------------------------------------
# Case-analysis template: arbitrary values in the cells
# ------------------------------------------------------------------------------------------
MATE = [*CB.items["probleem_huisvesting"].opties, "Weet niet"]


@pytest.fixture(scope="module")
def casus_gegevens(klein) -> dict:
    return lees_casusanalyse(klein / "casus_a.xlsx").als_gegevens()


BEHOUD = "<behoud>"  # keep the demo case's own value
WEG = "<weg>"  # leave the cell empty


def _soms(strategie: st.SearchStrategy) -> st.SearchStrategy:
    """Usually the case's own value, sometimes another one."""
    return st.one_of(st.just(BEHOUD), st.just(BEHOUD), st.just(BEHOUD), strategie)


@TRAAG
@given(
    casuscode=_soms(st.one_of(st.sampled_from(["TX-2017-09", BSNS[5], WEG]), TEKST)),
    aanmelding=_soms(st.one_of(st.dates(dt.date(2010, 1, 1), dt.date(2018, 1, 1)), TEKST)),
    professionals=_soms(st.one_of(st.integers(-3, 40), TEKST, st.just(WEG))),
    mate=st.lists(_soms(st.one_of(st.sampled_from(MATE), TEKST)), min_size=3, max_size=3),
    partner=_soms(st.one_of(st.sampled_from(["Politie", "Mevrouw Jansen", "GGZ"]), TEKST)),
    soort=_soms(st.one_of(st.sampled_from(["straf", "zorg", "regie", "onbekend"]), TEKST)),
    les=_soms(OPEN),
)
def test_casusanalyse_willekeurige_cellen(
    werk, casus_gegevens, casuscode, aanmelding, professionals, mate, partner, soort, les
):
    g = dict(casus_gegevens)
    g["leefgebieden"] = {k: dict(v) for k, v in casus_gegevens["leefgebieden"].items()}
    g["interventies"] = [dict(i) for i in casus_gegevens["interventies"]]
    g["lessen"] = dict(casus_gegevens["lessen"])
    for sleutel, waarde in (
        ("casuscode", casuscode),
        ("datum_aanmelding", aanmelding),
        ("professionals", professionals),
    ):
        if waarde == WEG:
            g.pop(sleutel, None)
        elif waarde != BEHOUD:
            g[sleutel] = waarde
    for moment, waarde in zip(("start", "nu", "aanpak"), mate, strict=True):
        if waarde != BEHOUD:
            g["leefgebieden"].setdefault("huisvesting", {})[moment] = waarde
    for sleutel, waarde in (("partner", partner), ("soort", soort)):
        if waarde != BEHOUD:
            g["interventies"][0][sleutel] = waarde
    if les != BEHOUD:
        g["lessen"]["wat_werkte"] = les
    pad = vul_template(werk / "casus.xlsx", g)
    try:
        c = lees_casusanalyse(pad)
    except InvoerFout as fout:
        event("InvoerFout")
        assert "casus.xlsx" in fout.melding
        assert fout.afgewezen["bestand"].eq("casus.xlsx").all()
        return
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,29}", c.casuscode)
    assert not is_bsn(c.casuscode)
    for tekst in [*c.lessen.values(), *c.interventies["partner"]]:
        assert not privacy_problemen(tekst)
    assert set(c.leefgebieden.stack().dropna()) <= set(MATE)
    assert c.interventies["datum"].notna().all()


# ------------------------------------------------------------------------------------------
# Config
# ------------------------------------------------------------------------------------------
WAARDE_TOML = st.one_of(
    TEKST.map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'),
    st.integers(-5, 3000).map(str),
    st.sampled_from(["true", "false", "2016-02-30", "2016-11-30", "[]", '["x.csv"]', "{}", "1.5"]),
    TEKST,
)


@SNEL
@given(
    bewerkingen=st.lists(
        st.tuples(
            st.sampled_from(["weg", "dubbel", "waarde", "regel"]), st.integers(0, 50), WAARDE_TOML
        ),
        max_size=2,
    )
)
def test_config_willekeurig_bewerkt(werk, klein, bewerkingen):
    regels = [
        "[meting]",
        'naam = "2016"',
        "registratiejaar = 2015",
        "[registratie]",
        f'bestand = "{(klein / "gcos.csv").as_posix()}"',
        "[recidive]",
        f'politie = "{(klein / "politie.csv").as_posix()}"',
        "peildatum = 2016-11-30",
        "[publicatie]",
        "max_afgewezen_pct = 5",
    ]
    for soort, plek, waarde in bewerkingen:
        i = plek % len(regels)
        if soort == "weg" and len(regels) > 1:
            del regels[i]
        elif soort == "dubbel":
            regels.insert(i, regels[i])
        elif soort == "waarde" and "=" in regels[i]:
            regels[i] = regels[i].split("=")[0] + "= " + waarde
        else:
            regels.insert(i, waarde)
    pad = werk / "config.toml"
    pad.write_text("\n".join(regels) + "\n", encoding="utf-8")
    try:
        cfg = laad_config(pad)
    except InvoerFout as fout:
        event("InvoerFout")
        assert "config.toml" in fout.melding
        return
    assert isinstance(cfg.registratiejaar, int)
    assert 0 <= cfg.publicatie["max_afgewezen_pct"] <= 100


# ------------------------------------------------------------------------------------------
# Statistics
# ------------------------------------------------------------------------------------------
@SNEL
@given(
    cijfers=st.lists(
        st.tuples(st.one_of(st.none(), st.integers(1, 10)), st.sampled_from(["a", "b", None])),
        max_size=40,
    )
)
def test_cijferstatistieken_binnen_grenzen(cijfers):
    data = pd.DataFrame(
        {
            "x": [np.nan if c is None else float(c) for c, _ in cijfers],
            "kant": pd.Series([k for _, k in cijfers], dtype=object),
        }
    )
    for by in (None, "kant"):
        s = cijfer_statistieken(data, "x", by=by)
        for k in ("percentage_7_of_hoger", "percentage_8_of_hoger", "percentage_onvoldoende"):
            w = s[k].dropna()
            assert ((w >= 0) & (w <= 100)).all()
        assert s["gemiddelde"].dropna().between(1, 10).all()
        assert (s["n"] >= 0).all() and s["n"].sum() <= len(data)
        ok = s.dropna(subset=["ci_low", "ci_high"])
        assert (ok["ci_low"] <= ok["gemiddelde"] + EPS).all()
        assert (ok["gemiddelde"] <= ok["ci_high"] + EPS).all()


MATE_OF_LEEG = st.sampled_from([*MATE, None])
LEEFGEBIED_KOLOMMEN = [
    f"{p}_{lg}"
    for p in ("probleem", "aanpak")
    for lg in (
        "huisvesting",
        "dagbesteding",
        "financien",
        "psychisch",
        "gezin",
        "verslaving",
        "delicten",
        "overlast",
    )
]


@SNEL
@given(rijen=st.lists(st.lists(MATE_OF_LEEG, min_size=16, max_size=16), max_size=30))
def test_leefgebieden_percentages_binnen_grenzen(rijen):
    data = pd.DataFrame(rijen, columns=LEEFGEBIED_KOLOMMEN, dtype=object)
    data.index = [f"r{i}" for i in range(len(data))]
    obs = waarnemingen_vragenlijst(data, None)
    r = leefgebied_indicatoren(obs)
    pct = r[r["statistiek"].str.startswith("percentage")]["waarde"].dropna()
    assert ((pct >= -EPS) & (pct <= 100 + EPS)).all()
    focus = r[r["statistiek"] == "focus_verschil"]["waarde"].dropna()
    assert ((focus >= -100 - EPS) & (focus <= 100 + EPS)).all()
    assert (r["n"].dropna() <= len(obs)).all()


@SNEL
@given(
    personen=st.lists(
        st.tuples(st.integers(0, 900), st.sampled_from(["Top X", "Overige casuïstiek"])),
        min_size=1,
        max_size=12,
    ),
    delicten=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 1400)), max_size=60),
    detentie=st.lists(
        st.tuples(
            st.integers(0, 11), st.integers(0, 1400), st.one_of(st.none(), st.integers(0, 400))
        ),
        max_size=8,
    ),
    peil=st.integers(300, 1500),
)
def test_recidive_vensters_en_samenvatting_binnen_grenzen(personen, delicten, detentie, peil):
    basis = pd.Timestamp("2014-01-01")
    dag = lambda d: basis + pd.Timedelta(days=int(d))  # noqa: E731
    n = len(personen)
    cohort = pd.DataFrame(
        {
            "persoonsnummer": [f"p{i}" for i in range(n)],
            "start": pd.to_datetime([dag(s) for s, _ in personen]),
            "groep": [g for _, g in personen],
        }
    )
    off = pd.DataFrame(
        {
            "persoonsnummer": [f"p{i % n}" for i, _ in delicten],
            "pleegdatum": pd.to_datetime([dag(d) for _, d in delicten]),
        }
    )
    det = pd.DataFrame(
        {
            "persoonsnummer": [f"p{i % n}" for i, _, _ in detentie],
            "begindatum": pd.to_datetime([dag(b) for _, b, _ in detentie]),
            "einddatum": pd.to_datetime(
                [pd.NaT if d is None else dag(b + d) for _, b, d in detentie]
            ),
        }
    )
    w = person_windows(cohort, off, det, dag(peil), venster_dagen=365)
    assert len(w) == n
    for kant in ("voor", "na"):
        assert (
            (w[f"dagen_vrij_{kant}"] >= 0) & (w[f"dagen_vrij_{kant}"] <= w[f"dagen_{kant}"])
        ).all()
        assert (w[f"dagen_{kant}"] <= 365).all() and (w[f"delicten_{kant}"] >= 0).all()
    assert w["delicten_voor"].sum() + w["delicten_na"].sum() <= len(off)
    s = summarise_groups(w, groep="groep")
    assert s["personen"].sum() + (w["uitgesloten"] != "").sum() == n
    for k in ("prevalentie_voor", "prevalentie_na"):
        v = s[k].dropna()
        assert ((v >= 0) & (v <= 100)).all()
    for k in ("per_jaar_vrij_voor", "per_jaar_vrij_na"):
        assert (s[k].dropna() >= 0).all()
