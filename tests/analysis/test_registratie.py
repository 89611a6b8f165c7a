"""Tests for analysis/registratie.py against counts worked out by hand (methods.md)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import registratie as reg

JAAR = 2016
OV = "Overige casuïstiek"


def _extract(rijen: list[tuple]) -> pd.DataFrame:
    """(casus, werksoort, datum, aanmelding, gemeente[, procesregie]) -> besprekingen."""
    rijen = [r if len(r) == 6 else (*r, None) for r in rijen]
    df = pd.DataFrame(
        rijen,
        columns=[
            "casusnummer",
            "werksoort",
            "datum_bespreking",
            "datum_aanmelding",
            "gemeente",
            "procesregie",
        ],
    )
    df["datum_bespreking"] = pd.to_datetime(df["datum_bespreking"])
    df["datum_aanmelding"] = pd.to_datetime(df["datum_aanmelding"])
    df["gemeente"] = df["gemeente"].astype("string")
    df["procesregie"] = df["procesregie"].astype("string")
    return df


@pytest.fixture
def extract() -> pd.DataFrame:
    """A hand-made extract for registratiejaar 2016 with history from 2015 and a 2017 row.

    casus  aanmelding  besprekingen (werksoort, gemeente)               in 2016
    A      2015-06-01  2015-06-10 Scr Weert, 2015-09-01 Tri Weert,      Top X; Roermond (moved);
                       2016-02-01 TopX Roermond, 2016-05-01 TopX Roerm.  duur 335 (> 6), freq 4
                       2017-01-15 TopX Roermond (after the year)
    B      2016-03-01  2016-03-10 Scr Leudal, 2016-03-31 Tri Leudal     Scr+Tri; Leudal;
           2016-02-20  (second row: earliest aanmelding)                 duur 40 (1-6), freq 2
    C      2016-12-01  2016-12-30 Scr Venlo                             Scr; buiten regio;
                                                                          duur 29 (< 1), freq 1
    D      2015-10-01  2015-10-05 Scr Weert                             not counted
    E      2016-01-01  2016-01-01 Scr Weert, 2016-01-31 Overige (empty)  Scr+Ov; onbekend;
                                                                          duur 30 (1-6), freq 2
    F      2015-01-01  10 x Scr 2015 Weert, 2016-01-01 TopX Weert       Top X; Weert;
                                                                          duur 365 (> 6), freq 11
    G      2016-01-01  2016-07-01 TopX Echt-Susteren,                   TopX+Ov; Echt-Susteren;
                       2016-07-01 Overige Echt-Susteren                  duur 182 (1-6), freq 2
    """
    rijen = [
        ("A", "Screening", "2015-06-10", "2015-06-01", "Weert", "nee"),
        ("A", "Triage", "2015-09-01", "2015-06-01", "Weert", "nee"),
        ("A", "Top X", "2016-02-01", "2015-06-01", "Roermond", "ja"),
        ("A", "Top X", "2016-05-01", "2015-06-01", "Roermond", "ja"),
        ("A", "Top X", "2017-01-15", "2015-06-01", "Roermond", "nee"),
        ("B", "Screening", "2016-03-10", "2016-03-01", "Leudal"),
        ("B", "Triage", "2016-03-31", "2016-02-20", "Leudal"),
        ("C", "Screening", "2016-12-30", "2016-12-01", "Venlo"),
        ("D", "Screening", "2015-10-05", "2015-10-01", "Weert"),
        ("E", "Screening", "2016-01-01", "2016-01-01", "Weert"),
        ("E", OV, "2016-01-31", "2016-01-01", None),
    ]
    rijen += [("F", "Screening", f"2015-{m:02d}-05", "2015-01-01", "Weert") for m in range(1, 11)]
    rijen += [
        ("F", "Top X", "2016-01-01", "2015-01-01", "Weert", "nee"),
        ("G", "Top X", "2016-07-01", "2016-01-01", "Echt-Susteren", None),
        ("G", OV, "2016-07-01", "2016-01-01", "Echt-Susteren", "ja"),
    ]
    return _extract(rijen)


@pytest.fixture
def inwoners() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "gemeente": [
                "Roermond",
                "Weert",
                "Leudal",
                "Echt-Susteren",
                "Maasgouw",
                "Roerdalen",
                "Nederweert",
            ],
            "inwoners": [400, 300, 100, 100, 50, 30, 20],
        }
    )


# ----------------------------------------------------------------------------------------
# buckets
# ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("dagen", "label"),
    [(0, "< 1 mnd"), (29, "< 1 mnd"), (30, "1-6 mnd"), (182, "1-6 mnd"), (183, "> 6 mnd")],
)
def test_duur_bucket_edges_methods_md(dagen, label):
    assert reg.duur_bucket([dagen]).tolist() == [label]


@pytest.mark.parametrize(
    ("aantal", "label"),
    [(1, "1"), (2, "2"), (3, "3-10"), (10, "3-10"), (11, "> 10"), (250, "> 10")],
)
def test_frequentie_bucket_edges_methods_md(aantal, label):
    assert reg.frequentie_bucket([aantal]).tolist() == [label]


def test_bucket_keeps_missing_and_refuses_impossible_values():
    assert reg.duur_bucket(pd.Series([np.nan, 5])).isna().tolist() == [True, False]
    with pytest.raises(ValueError, match="kleiner dan 0"):
        reg.duur_bucket([-1])
    with pytest.raises(ValueError, match="kleiner dan 1"):
        reg.frequentie_bucket([0])


# ----------------------------------------------------------------------------------------
# per casus
# ----------------------------------------------------------------------------------------
def test_casus_overzicht_hand_computed(extract):
    ov = reg.casus_overzicht(extract, JAAR).set_index("casusnummer")
    assert list(ov.index) == ["A", "B", "C", "E", "F", "G"]
    casus_dict = ov[["gemeente", "duur_dagen", "duur", "besprekingen", "frequentie"]]
    verwacht = {
        "A": ("Roermond", 335, "> 6 mnd", 4, "3-10"),
        "B": ("Leudal", 40, "1-6 mnd", 2, "2"),
        "C": ("Venlo", 29, "< 1 mnd", 1, "1"),
        "E": (pd.NA, 30, "1-6 mnd", 2, "2"),
        "F": ("Weert", 365, "> 6 mnd", 11, "> 10"),
        "G": ("Echt-Susteren", 182, "1-6 mnd", 2, "2"),
    }
    for casus, (gem, dagen, duur, aantal, freq) in verwacht.items():
        rij = casus_dict.loc[casus]
        assert (pd.isna(rij.gemeente) and gem is pd.NA) or rij.gemeente == gem
        assert (int(rij.duur_dagen), rij.duur, int(rij.besprekingen), rij.frequentie) == (
            dagen,
            duur,
            aantal,
            freq,
        )
    assert ov.loc["B", "aanmelding"] == pd.Timestamp("2016-02-20")
    assert ov.loc["A", "laatste_bespreking"] == pd.Timestamp("2016-05-01")


def test_casus_werksoort_combinations(extract):
    cw = reg.casus_werksoort(extract, JAAR)
    paren = list(zip(cw.casusnummer, cw.werksoort.astype(str), strict=True))
    assert paren == [
        ("A", "Top X"),
        ("B", "Screening"),
        ("B", "Triage"),
        ("C", "Screening"),
        ("E", "Screening"),
        ("E", OV),
        ("F", "Top X"),
        ("G", "Top X"),
        ("G", OV),
    ]
    assert cw.categorie.tolist() == ["aanpak"] + ["selectie"] * 4 + ["aanpak"] * 4


def test_casus_werksoort_from_an_overview_in_any_order(extract):
    # the hand-listed pairs of the test above, whatever the order of the overview passed in
    # (casus_overzicht gives it sorted; a caller may have reordered it)
    ov = reg.casus_overzicht(extract, JAAR)
    verwacht = reg.casus_werksoort(extract, JAAR)
    for volgorde in (ov.index[::-1], ov.sample(frac=1, random_state=3).index):
        cw = reg.casus_werksoort(extract, JAAR, overzicht=ov.loc[volgorde])
        pd.testing.assert_frame_equal(cw, verwacht)


def test_gemeente_tie_on_last_date_prefers_known_then_last_row():
    df = _extract(
        [
            ("A", "Top X", "2016-07-01", "2016-01-01", "Weert"),
            ("A", OV, "2016-07-01", "2016-01-01", "Maasgouw"),
            ("A", "Screening", "2016-07-01", "2016-01-01", None),
            ("A", "Screening", "2016-03-01", "2016-01-01", "Roermond"),
        ]
    )
    assert reg.casus_overzicht(df, JAAR).gemeente.tolist() == ["Maasgouw"]


def test_time_part_is_ignored_for_duur():
    df = _extract([("A", "Triage", "2016-01-30 08:00", "2016-01-01 17:30", "Weert")])
    assert reg.casus_overzicht(df, JAAR).duur_dagen.tolist() == [29]


@pytest.mark.parametrize(
    ("aanmelding", "laatste", "label"),
    [
        ("2016-01-01", "2016-01-30", "< 1 mnd"),  # 29 days
        ("2016-01-01", "2016-01-31", "1-6 mnd"),  # 30 days
        ("2016-01-01", "2016-07-01", "1-6 mnd"),  # 182 days (2016 is a leap year)
        ("2016-01-01", "2016-07-02", "> 6 mnd"),  # 183 days
        ("2015-12-01", "2016-01-09", "1-6 mnd"),  # 39 days across the year boundary
    ],
)
def test_duur_edges_in_extract(aanmelding, laatste, label):
    df = _extract(
        [
            ("A", "Screening", aanmelding, aanmelding, "Weert"),
            ("A", "Triage", laatste, aanmelding, "Weert"),
        ]
    )
    r = reg.duur_verdeling(df, JAAR)
    triage = r[r.werksoort == "Triage"].set_index("duur")
    assert triage.aantal.to_dict() == {lab: int(lab == label) for lab in reg.DUUR_LABELS}


@pytest.mark.parametrize(
    ("in_2015", "in_2016", "label"),
    [(0, 1, "1"), (1, 1, "2"), (0, 3, "3-10"), (7, 3, "3-10"), (9, 2, "> 10"), (0, 11, "> 10")],
)
def test_frequentie_edges_count_history(in_2015, in_2016, label):
    rijen = [
        ("A", "Screening", f"2015-03-{d + 1:02d}", "2015-03-01", "Weert") for d in range(in_2015)
    ]
    rijen += [("A", "Top X", f"2016-04-{d + 1:02d}", "2015-03-01", "Weert") for d in range(in_2016)]
    rijen.append(("A", "Top X", "2017-01-02", "2015-03-01", "Weert"))  # after the year
    r = reg.frequentie_verdeling(_extract(rijen), JAAR)
    topx = r[r.werksoort == "Top X"].set_index("frequentie")
    assert topx.aantal.to_dict() == {lab: int(lab == label) for lab in reg.FREQUENTIE_LABELS}


# ----------------------------------------------------------------------------------------
# kengetallen
# ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("jaar", "n"), [(2016, 6), (2015, 3), (2017, 1)])
def test_unieke_casussen_1_1(extract, jaar, n):
    # 2016: A B C E F G; 2015: A D F; 2017: A
    r = reg.unieke_casussen(extract, jaar)
    assert r.n.tolist() == [n]
    assert r.jaar.tolist() == [jaar]


def test_per_gemeente_1_2(extract, inwoners):
    r = reg.per_gemeente(extract, JAAR, inwoners).set_index("gemeente")
    assert list(r.index) == [*inwoners.gemeente, "buiten regio", "onbekend"]
    assert r.aantal.to_dict() == {
        "Roermond": 1,
        "Weert": 1,
        "Leudal": 1,
        "Echt-Susteren": 1,
        "Maasgouw": 0,
        "Roerdalen": 0,
        "Nederweert": 0,
        "buiten regio": 1,
        "onbekend": 1,
    }
    assert (r.n == 6).all()
    assert r.loc["Roermond", "percentage"] == pytest.approx(100 / 6, abs=1e-12)
    assert r.loc["Maasgouw", "percentage"] == 0.0
    assert r.loc["Roermond", "percentage_inwoners"] == pytest.approx(40.0, abs=1e-12)
    assert r.loc["Nederweert", "percentage_inwoners"] == pytest.approx(2.0, abs=1e-12)
    assert r.loc["Roermond", "inwoners_regio"] == 1000
    assert r.loc["Weert", "per_1000_inwoners"] == pytest.approx(1000 / 300, abs=1e-12)
    assert r.loc[["buiten regio", "onbekend"], "percentage_inwoners"].isna().all()


def test_per_gemeente_unknown_inhabitants_give_nan_shares_not_a_guess(extract, inwoners):
    # Hand-computed: Weert's count unknown -> the region total is unknown, so every
    # percentage_inwoners is NaN; Roermond's per 1,000 stays 1000 x 1 / 400.
    inw = inwoners.astype({"inwoners": float})
    inw.loc[inw.gemeente == "Weert", "inwoners"] = np.nan
    r = reg.per_gemeente(extract, JAAR, inw).set_index("gemeente")
    assert r["percentage_inwoners"].isna().all() and r["inwoners_regio"].isna().all()
    assert r.loc["Roermond", "per_1000_inwoners"] == pytest.approx(2.5, abs=1e-12)
    assert np.isnan(r.loc["Weert", "per_1000_inwoners"])
    assert r.loc["Weert", "aantal"] == 1  # the counts do not depend on inhabitants


def test_regio_aandeel_1_2_counts_onbekend_in_base(extract, inwoners):
    r = reg.regio_aandeel(extract, JAAR, list(inwoners.gemeente))
    assert r[["aantal", "n"]].iloc[0].tolist() == [4, 6]
    assert r.percentage.iloc[0] == pytest.approx(400 / 6, abs=1e-12)


def test_selectie_aanpak_1_3(extract):
    r = reg.selectie_aanpak(extract, JAAR).set_index("categorie")
    assert r.aantal.to_dict() == {"selectie": 4, "aanpak": 5}
    assert (r.n == 9).all()
    assert r.percentage.tolist() == pytest.approx([400 / 9, 500 / 9], abs=1e-12)


def test_werksoort_verdeling_1_3(extract):
    r = reg.werksoort_verdeling(extract, JAAR).set_index("werksoort")
    assert r.aantal.to_dict() == {"Screening": 3, "Triage": 1, "Top X": 3, OV: 2}
    assert r.n.to_dict() == {"Screening": 4, "Triage": 4, "Top X": 5, OV: 5}
    assert r.percentage.tolist() == pytest.approx([75.0, 25.0, 60.0, 40.0], abs=1e-12)
    assert r.categorie.tolist() == ["selectie", "selectie", "aanpak", "aanpak"]


def test_duur_verdeling_1_3(extract):
    r = reg.duur_verdeling(extract, JAAR)
    tab = r.pivot(index="werksoort", columns="duur", values="aantal")
    assert tab.loc["Screening", list(reg.DUUR_LABELS)].tolist() == [1, 2, 0]
    assert tab.loc["Triage", list(reg.DUUR_LABELS)].tolist() == [0, 1, 0]
    assert tab.loc["Top X", list(reg.DUUR_LABELS)].tolist() == [0, 1, 2]
    assert tab.loc[OV, list(reg.DUUR_LABELS)].tolist() == [0, 2, 0]
    assert len(r) == 12
    topx = r[r.werksoort == "Top X"]
    assert topx.percentage.tolist() == pytest.approx([0.0, 100 / 3, 200 / 3], abs=1e-12)
    assert (topx.n == 3).all()


def test_frequentie_verdeling_1_3(extract):
    r = reg.frequentie_verdeling(extract, JAAR)
    tab = r.pivot(index="werksoort", columns="frequentie", values="aantal")
    labels = list(reg.FREQUENTIE_LABELS)
    assert tab.loc["Screening", labels].tolist() == [1, 2, 0, 0]
    assert tab.loc["Triage", labels].tolist() == [0, 1, 0, 0]
    assert tab.loc["Top X", labels].tolist() == [0, 1, 1, 1]
    assert tab.loc[OV, labels].tolist() == [0, 2, 0, 0]
    scr = r[r.werksoort == "Screening"]
    assert scr.percentage.tolist() == pytest.approx([100 / 3, 200 / 3, 0.0, 0.0], abs=1e-12)


def test_empty_werksoort_gives_nan_percentage():
    df = _extract([("A", "Screening", "2016-02-01", "2016-01-01", "Weert")])
    r = reg.duur_verdeling(df, JAAR)
    triage = r[r.werksoort == "Triage"]
    assert (triage.aantal == 0).all() and (triage.n == 0).all()
    assert triage.percentage.isna().all()
    w = reg.werksoort_verdeling(df, JAAR).set_index("werksoort")
    assert np.isnan(w.loc["Top X", "percentage"])


def test_procesregie_aandeel_2_2(extract):
    # aanpak casussen A (ja), E (unknown), F (nee), G (NA + ja -> ja)
    r = reg.procesregie_aandeel(extract, JAAR)
    assert r[["aantal", "n", "onbekend"]].iloc[0].tolist() == [2, 3, 1]
    assert r.percentage.iloc[0] == pytest.approx(200 / 3, abs=1e-12)


def test_procesregie_accepts_case_and_spaces_refuses_other_values(extract):
    df = extract.copy()
    df.loc[:, "procesregie"] = df["procesregie"].str.upper().str.pad(5)
    assert reg.procesregie_aandeel(df, JAAR).aantal.tolist() == [2]
    df.loc[0, "procesregie"] = "misschien"
    with pytest.raises(ValueError, match="misschien"):
        reg.procesregie_aandeel(df, JAAR)


# ----------------------------------------------------------------------------------------
# argument validation
# ----------------------------------------------------------------------------------------
def test_year_without_besprekingen_gives_zero_and_nan(extract, inwoners):
    assert reg.unieke_casussen(extract, 2010).n.tolist() == [0]
    g = reg.per_gemeente(extract, 2010, inwoners)
    assert (g.aantal == 0).all() and g.percentage.isna().all()
    assert reg.selectie_aanpak(extract, 2010).percentage.isna().all()


@pytest.mark.parametrize("jaar", ["2016", 2016.0, True])
def test_jaar_must_be_int(extract, jaar):
    with pytest.raises(TypeError, match="jaar"):
        reg.unieke_casussen(extract, jaar)


def test_missing_column_is_value_error(extract):
    with pytest.raises(ValueError, match="gemeente"):
        reg.unieke_casussen(extract.drop(columns="gemeente"), JAAR)


def test_custom_column_names(extract):
    df = extract.rename(columns={"casusnummer": "id", "datum_bespreking": "wanneer"})
    r = reg.unieke_casussen(df, JAAR, casus="id", datum="wanneer")
    assert r.n.tolist() == [6]


def test_unknown_werksoort_is_value_error(extract):
    df = extract.copy()
    df.loc[0, "werksoort"] = "TopX"
    with pytest.raises(ValueError, match="TopX"):
        reg.unieke_casussen(df, JAAR)


def test_text_dates_are_type_error(extract):
    df = extract.copy()
    df["datum_bespreking"] = df["datum_bespreking"].dt.strftime("%d-%m-%Y")
    with pytest.raises(TypeError, match="datetime64"):
        reg.unieke_casussen(df, JAAR)


def test_per_gemeente_validates_inwoners(extract, inwoners):
    with pytest.raises(ValueError, match="groter dan 0"):
        reg.per_gemeente(extract, JAAR, inwoners.assign(inwoners=0))
    with pytest.raises(ValueError, match="uniek"):
        reg.per_gemeente(extract, JAAR, pd.concat([inwoners, inwoners.head(1)]))
    with pytest.raises(ValueError, match="kolommen"):
        reg.per_gemeente(extract, JAAR, inwoners.rename(columns={"inwoners": "x"}))


@pytest.mark.parametrize(
    "functie",
    [
        reg.unieke_casussen,
        reg.selectie_aanpak,
        reg.werksoort_verdeling,
        reg.duur_verdeling,
        reg.frequentie_verdeling,
    ],
)
def test_precomputed_overzicht_gives_the_same_result(extract, functie):
    zonder = functie(extract, 2016)
    met = functie(extract, 2016, overzicht=reg.casus_overzicht(extract, 2016))
    assert isinstance(zonder, pd.DataFrame) and len(zonder) > 0
    pd.testing.assert_frame_equal(zonder, met)
