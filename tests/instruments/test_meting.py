"""Tests of the meting wiring: within-meting tests on rows, saved baseline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from instruments.fouten import InvoerFout
from instruments.meting import lees_indicatoren_csv, toets_binnen_meting
from instruments.resultaat import CSV_KOLOMMEN, toets_rijen


def test_within_meting_test_lands_on_its_row_only_when_row_has_no_test():
    rijen = pd.DataFrame(
        {
            "indicator": ["10-2", "10-2"],
            "item": ["recidive"] * 2,
            "statistiek": ["rate_ratio", "personen"],
            "groep": ["werksoort=Top X"] * 2,
            "waarde": [0.5, 40.0],
            "toets": ["", ""],
            "p_waarde": [np.nan] * 2,
            "opmerking": ["", ""],
        }
    )
    binnen = toets_rijen(
        [
            {
                "indicator": "10-2",
                "item": "recidive",
                "statistiek": "rate_ratio",
                "groep": "werksoort=Top X",
                "toets": "poisson",
                "p_val": 0.001,
                "ci_low": 0.25,
                "ci_high": 0.75,
            }
        ]
    )
    uit = toets_binnen_meting(rijen, binnen)
    assert uit.loc[0, "toets"] == "poisson" and uit.loc[0, "p_waarde"] == 0.001
    # the CI is in the tests table (ci_low, ci_high), not as decimal-comma text in the
    # unrounded indicatoren.csv
    assert uit.loc[0, "opmerking"] == "toets binnen deze meting (na vs voor)"
    assert uit.loc[1, "toets"] == "" and np.isnan(uit.loc[1, "p_waarde"])


def test_saved_baseline_is_read_with_its_meting_name(tmp_path):
    df = pd.DataFrame([{k: "" for k in CSV_KOLOMMEN}] * 2)
    df["indicator"] = ["1-1", "10-2"]
    df["item"] = ["casussen", ""]
    df["statistiek"] = ["aantal", ""]
    df["groep"] = "totaal"
    df["meting"] = "2016"
    df["waarde"] = ["1998", ""]
    df["n"] = ["1998", ""]
    df.loc[1, "opmerking"] = "niet gemeten: geen [recidive]"
    df.to_csv(tmp_path / "indicatoren.csv", index=False)
    rijen, naam = lees_indicatoren_csv(tmp_path / "indicatoren.csv")
    assert naam == "2016"
    assert rijen[["indicator", "item", "statistiek", "waarde", "n"]].to_dict("records") == [
        {
            "indicator": "1-1",
            "item": "casussen",
            "statistiek": "aantal",
            "waarde": 1998.0,
            "n": 1998.0,
        }
    ]


def test_saved_baseline_must_be_our_csv(tmp_path):
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InvoerFout, match=r"geen indicatoren\.csv"):
        lees_indicatoren_csv(tmp_path / "x.csv")


@pytest.mark.parametrize(
    ("instrumenten", "module", "functie"),
    [
        (("registratietool", "recidivetool"), "instruments.registratietool", "lees_registratie"),
        (("surveytool", "casusanalysetool"), "instruments.surveytool", "lees_antwoorden"),
    ],
)
def test_each_input_is_read_once_per_meting(tmp_path, monkeypatch, instrumenten, module, functie):
    import importlib

    from instruments.config import laad_config
    from instruments.demo import genereer_demo
    from instruments.meting import meet_instrumenten

    cfg = laad_config(genereer_demo(tmp_path / "demo"))
    doel = importlib.import_module(module)
    echt = getattr(doel, functie)
    aanroepen = []

    def tel(*args, **kwargs):
        aanroepen.append(1)
        return echt(*args, **kwargs)

    monkeypatch.setattr(doel, functie, tel)
    uit = meet_instrumenten(cfg, instrumenten=instrumenten)
    assert len(aanroepen) == 1
    assert all(len(r.indicatoren) > 0 for r in uit.values())
