"""Parquet text columns read as categoricals (``lees_ruw(..., categorisch=True)``).

Reference: pyarrow's plain read of the same file as Python strings, trimmed in Python
(``str.strip``, an empty cell is missing). Files are written in the forms a police extract
comes in: one dictionary per row group (pyarrow from plain text), the same dictionary in
every row group (written from a pandas categorical, unused categories included), no
dictionary at all, and missing cells.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.lezen_ruw import lees_ruw


def _verwacht(pad, kolom):
    waarden = pq.read_table(pad, columns=[kolom]).column(0).to_pylist()
    uit = []
    for w in waarden:
        w = None if w is None else str(w).strip()
        uit.append(w or None)
    return uit


def _gelezen(df, kolom):
    return [None if pd.isna(w) else w for w in df[kolom].astype(object)]


IDS = [" P1", "P2 ", "P1", None, "", "P3", "P2", "  ", "P10", "P1"]


@pytest.mark.parametrize(
    "vorm",
    ["per_rijgroep", "categorie_met_ongebruikte", "zonder_woordenboek", "alles_leeg"],
)
def test_text_columns_equal_a_plain_read(tmp_path, vorm):
    pad = tmp_path / "politie.parquet"
    ids = IDS * 7
    if vorm == "categorie_met_ongebruikte":
        reeks = pd.Series(
            pd.Categorical(
                ids,
                categories=[*dict.fromkeys(i for i in ids if i is not None), "NOOIT", "OOK NIET"],
            )
        )
        tabel = pa.table({"Persoonsnummer": pa.array(reeks), "Rol": ["Verdachte"] * len(ids)})
    elif vorm == "alles_leeg":
        tabel = pa.table({"Persoonsnummer": pa.array([None] * 12, pa.string()), "Rol": ["x"] * 12})
    else:
        tabel = pa.table(
            {"Persoonsnummer": ids, "Rol": ["Verdachte", " getuige"] * (len(ids) // 2)}
        )
    pq.write_table(tabel, pad, row_group_size=9, use_dictionary=vorm != "zonder_woordenboek")
    assert pq.ParquetFile(pad).metadata.num_row_groups > 1
    df = lees_ruw(pad, categorisch=True)
    for kolom in ("Persoonsnummer", "Rol"):
        assert _gelezen(df, kolom) == _verwacht(pad, kolom), kolom
        # only values some row holds are categories (no unused categorical values)
        assert set(df[kolom].cat.categories) == {w for w in _verwacht(pad, kolom) if w}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["A", " A", "B", "", None, "C ", "  ", "D"]), min_size=1, max_size=60),
    st.integers(1, 7),
    st.booleans(),
)
def test_any_text_column_any_row_groups(tmp_path_factory, waarden, groep, categorie):
    pad = tmp_path_factory.mktemp("pq") / "x.parquet"
    reeks = (
        pa.array(pd.Series(pd.Categorical(waarden)))
        if categorie
        else pa.array(waarden, pa.string())
    )
    pq.write_table(pa.table({"k": reeks}), pad, row_group_size=groep)
    df = lees_ruw(pad, categorisch=True)
    assert _gelezen(df, "k") == _verwacht(pad, "k")


def test_police_dates_kept_compact_give_the_same_reading(tmp_path, monkeypatch):
    # Parquet date columns are kept as categoricals after parsing (memory); the reading must
    # be the same as with the columns as read: placeholders (9999, 1900), a date before
    # vroegste_datum, a pleegdatum after the registratiedatum, an empty pleegdatum
    import datetime as dt

    import instruments.recidivetool.lezen as politie_lezen

    d = dt.date
    pleeg = [d(2018, 3, 1), d(9999, 12, 31), d(1900, 1, 1), d(1985, 5, 5), d(2019, 2, 2), None]
    reg = [d(2018, 3, 2), d(2018, 1, 1), d(2018, 1, 1), d(2018, 1, 1), d(2019, 1, 1), d(2020, 1, 1)]
    pad = tmp_path / "politie.parquet"
    pq.write_table(
        pa.table(
            {
                "Persoonsnummer": [f"P{i}" for i in range(6)] * 3,
                "Pleegdatum": pa.array(pleeg * 3, pa.date32()),
                "Registratiedatum": pa.array(reg * 3, pa.date32()),
                "Delictcategorie": ["Geweld"] * 18,
                "Rol": ["Verdachte"] * 18,
            }
        ),
        pad,
        row_group_size=5,
    )
    compact = politie_lezen.lees_politie(pad)
    monkeypatch.setattr(politie_lezen, "_compacte_datums", lambda df, kolom, datums: None)
    zo_gelezen = politie_lezen.lees_politie(pad)
    pd.testing.assert_frame_equal(compact.afgewezen, zo_gelezen.afgewezen)
    pd.testing.assert_frame_equal(compact.delicten, zo_gelezen.delicten)
    assert compact.datums_afgewezen == zo_gelezen.datums_afgewezen
    assert len(compact.afgewezen) == 12  # 4 of every 6 rows, each for its own reason
    assert set(compact.afgewezen["waarde"]) >= {"31-12-9999", "01-01-1900", "05-05-1985"}


def _parquet_datums(n, seed):
    """Dates as a Parquet extract gives them (datetime64[ms]): usual days, empty cells, and
    the hard cases (a placeholder of 9999, 1900, a year past 2100, before 1990)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    dagen = pd.to_datetime(rng.integers(0, 60, n), unit="D", origin="2016-01-01")
    waarden = pd.Series(dagen.astype("datetime64[ms]")).mask(rng.random(n) < 0.2)
    moeilijk = ["9999-12-31", "1900-01-01", "2150-06-01", "1985-05-05", "2101-01-01"]
    for i, dag in zip(rng.choice(n, size=min(n, 5), replace=False), moeilijk, strict=False):
        waarden.iloc[i] = np.datetime64(dag, "ms")
    return waarden


@pytest.mark.parametrize("n", [1, 7, 50])
def test_parquet_date_rules_per_block_equal_one_block(monkeypatch, n):
    # the plausibility rules of Parquet dates run per block of rows (memory); with blocks of
    # 3 rows every outcome must equal the outcome with the whole column as one block
    import instruments.lezen_datums as datums_mod

    waarden = _parquet_datums(n, seed=n)
    heel = datums_mod.parse_datums_met_reden(waarden, vroegste="1990-01-01")
    monkeypatch.setattr(datums_mod, "BLOK", 3)
    blokken = datums_mod.parse_datums_met_reden(waarden, vroegste="1990-01-01")
    for a, b in zip(heel, blokken, strict=True):
        pd.testing.assert_series_equal(a, b)
    assert heel[1].sum() >= min(n, 5) - (n < 5)  # the hard cases are rejected


@pytest.mark.parametrize("n", [0, 1, 7, 50, "leeg", "zone"])
def test_compact_police_dates_equal_astype_category(monkeypatch, n):
    # reference: pandas' own astype("category") of the column as read (sorted categories,
    # NaT missing), here built per block of 3 rows; also a column without any date and
    # times with a zone (a Parquet timestamp stored as UTC)
    import numpy as np

    import instruments.recidivetool.lezen as politie_lezen

    if n == "leeg":
        waarden, n = pd.Series([pd.NaT] * 5, dtype="datetime64[ms]"), 5
    elif n == "zone":
        waarden, n = _parquet_datums(9, seed=3).iloc[[0, 1, 3]].dt.tz_localize("UTC"), 3
    else:
        waarden = _parquet_datums(n, seed=10 + n) if n else pd.Series([], dtype="datetime64[ms]")
    verwacht = waarden.astype("category")
    monkeypatch.setattr(politie_lezen, "BLOK", 3)
    df = pd.DataFrame({"pleegdatum": waarden})
    politie_lezen._compacte_datums(df, "pleegdatum", pd.Series(np.zeros(n, "datetime64[ns]")))
    pd.testing.assert_series_equal(df["pleegdatum"], verwacht, check_names=False)


def test_parquet_date_rules_equal_the_rules_for_written_dates():
    # independent reference: the same days written as text ("dd-mm-jjjj", empty for none)
    # go through the parser of CSV cells; a Parquet date cell must get the same date and the
    # same reason (placeholders named, years past 2100 invalid, before vroegste too early)
    import instruments.lezen_datums as datums_mod

    waarden = _parquet_datums(60, seed=5)
    tekst = pd.Series(
        [None if pd.isna(w) else f"{w.day:02d}-{w.month:02d}-{w.year:04d}" for w in waarden],
        dtype="str",
    )
    als_datum = datums_mod.parse_datums_met_reden(waarden, vroegste="1990-01-01")
    als_tekst = datums_mod.parse_datums_met_reden(tekst, vroegste="1990-01-01", serieel=False)
    pd.testing.assert_series_equal(als_datum[0], als_tekst[0])
    pd.testing.assert_series_equal(als_datum[1], als_tekst[1])
    pd.testing.assert_series_equal(als_datum[2], als_tekst[2])
    assert als_datum[1].sum() == 5  # the five hard cases, each rejected


@pytest.mark.parametrize(
    "ids",
    [
        ["P1", "P2", "P3", "P1", "P10", "0042"],  # clean: the column's own categories are used
        [" P1", "P2 ", "P3", "P1", "12345.0", "0042"],  # trimmed / ".0": renumbered
    ],
)
def test_police_ids_from_parquet_equal_the_same_file_as_csv(tmp_path, ids):
    # reference: the CSV reader of the same cells (a text column, never categorical)
    import instruments.recidivetool.lezen as politie_lezen

    rijen = {
        "Persoonsnummer": ids * 2,
        "Pleegdatum": ["01-03-2018", "02-03-2018", "03-03-2018", "04-03-2018", "05-03-2018", ""]
        * 2,
        "Registratiedatum": ["10-03-2018"] * 12,
        "Delictcategorie": ["Geweld", "Vermogen"] * 6,
        "Rol": ["Verdachte"] * 10 + ["Getuige"] * 2,
    }
    pq.write_table(pa.table(rijen), tmp_path / "p.parquet", row_group_size=5)
    pd.DataFrame(rijen).to_csv(tmp_path / "p.csv", sep=";", index=False)
    uit_parquet = politie_lezen.lees_politie(tmp_path / "p.parquet")
    uit_csv = politie_lezen.lees_politie(tmp_path / "p.csv")
    pd.testing.assert_frame_equal(
        uit_parquet.delicten.drop(columns="pleegdatum"), uit_csv.delicten.drop(columns="pleegdatum")
    )
    assert (uit_parquet.delicten["pleegdatum"] == uit_csv.delicten["pleegdatum"]).all()
    assert sorted(uit_parquet.ids) == sorted(uit_csv.ids)
    assert uit_parquet.nullen.to_dict() == uit_csv.nullen.to_dict()
    assert (uit_parquet.dubbel, uit_parquet.n_delicten) == (uit_csv.dubbel, uit_csv.n_delicten)
