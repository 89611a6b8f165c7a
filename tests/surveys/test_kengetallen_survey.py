"""KENGETALLEN_SURVEY is derived from the kengetallen table, not kept by hand."""

from __future__ import annotations

import tomllib
from pathlib import Path

import surveys

TABEL = Path(__file__).resolve().parents[2] / "instruments" / "kengetallen.toml"


def test_kengetallen_survey_zijn_de_s_rijen_van_de_tabel():
    rijen = tomllib.loads(TABEL.read_text(encoding="utf-8"))["kengetal"]
    assert surveys.KENGETALLEN_SURVEY == tuple(r["nr"] for r in rijen if r["instrument"] == "S")


def test_kengetallen_survey_van_de_indicatorenset():
    # the rows with instrument S in indicatorenset.md (the domain contract)
    assert surveys.KENGETALLEN_SURVEY == (
        "3-1", "4-1", "4-2", "5-1", "5-2", "6-1", "6-2", "7-1", "9-2", "10-1",
    )  # fmt: skip
