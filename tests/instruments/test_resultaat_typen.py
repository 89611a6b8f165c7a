"""The typed contract between the tools: each instrument returns its own result class.

The reference is the list of instruments in instruments/kengetallen.toml and what each tool
hands on (formats.md: registry -> recidive cohort, questionnaire -> casusanalyse block G).
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from instruments import casusanalysetool, recidivetool, registratietool, surveytool
from instruments.config import laad_config
from instruments.demo import genereer_demo
from instruments.resultaat import (
    INSTRUMENTEN,
    RESULTAAT_KLASSE,
    CasusanalyseResultaat,
    InstrumentResultaat,
    RecidiveResultaat,
    RegistratieResultaat,
    VragenlijstResultaat,
    niet_gemeten_resultaat,
)


def test_every_instrument_has_its_result_class_and_no_untyped_field():
    assert set(RESULTAAT_KLASSE) == set(INSTRUMENTEN.values())
    for klasse in RESULTAAT_KLASSE.values():
        assert issubclass(klasse, InstrumentResultaat)
        namen = {f.name for f in dataclasses.fields(klasse)}
        assert "ruw" not in namen  # no catch-all "object" field left


@pytest.mark.parametrize("instrument", sorted(RESULTAAT_KLASSE))
def test_niet_gemeten_result_has_the_instruments_class(instrument):
    res = niet_gemeten_resultaat(instrument, "geen invoer")
    assert type(res) is RESULTAAT_KLASSE[instrument]
    assert set(res.niet_gemeten.values()) == {"geen invoer"}


@pytest.fixture(scope="module")
def demo_cfg(tmp_path_factory):
    return laad_config(genereer_demo(tmp_path_factory.mktemp("demo-typen")))


def test_demo_results_are_typed_and_hand_on_what_the_next_tool_reads(demo_cfg):
    reg = registratietool.meet(demo_cfg)
    assert isinstance(reg, RegistratieResultaat)
    assert isinstance(reg.casussen, pd.DataFrame) and len(reg.casussen) > 0
    assert reg.jaar == demo_cfg.registratiejaar
    sur = surveytool.meet(demo_cfg)
    assert isinstance(sur, VragenlijstResultaat) and len(sur.antwoorden.data) > 0
    cas = casusanalysetool.meet(demo_cfg, eerder={"surveytool": sur})
    assert isinstance(cas, CasusanalyseResultaat) and len(cas.waarnemingen) > 0
    assert cas.alpha == demo_cfg.publicatie.alpha
    rec = recidivetool.meet(demo_cfg, eerder={"registratietool": reg})
    assert isinstance(rec, RecidiveResultaat) and "persoonsnummer" in rec.vensters
