"""Tests of the kengetallen table (instruments/kengetallen.toml) and what derives from it."""

from __future__ import annotations

import pytest

from instruments.kengetallen import KENGETALLEN, lees_kengetallen, met_beleid, per_sectie

# The indicatorenset of ../shared/domain/indicatorenset.md, written out by hand.
VERWACHT = {
    "1-1": "R", "1-2": "R", "1-3": "R", "2-1": "C", "2-2": "R", "3-1": "S", "4-1": "S",
    "4-2": "S", "5-1": "S", "5-2": "S", "6-1": "S", "6-2": "S", "7-1": "S", "8-1": "C",
    "9-1": "C", "9-2": "S", "10-1": "S", "10-2": "X",
}  # fmt: skip


def test_table_holds_the_18_kengetallen_with_their_instruments():
    assert {k.nr: k.instrument for k in KENGETALLEN} == VERWACHT


def test_policies_and_sections_derive_from_the_table():
    assert met_beleid("indicatief") == {"1-1", "1-2", "1-3", "2-2"}
    assert met_beleid("zonder_toets") == {"10-2"}
    secties = per_sectie()
    assert sorted(nr for nrs in secties.values() for nr in nrs) == sorted(VERWACHT)
    assert secties["recidive"] == ("10-2",)


@pytest.mark.parametrize(
    "tekst",
    [
        '[[kengetal]]\nnr = "1-1"\nkernindicator = "a"\nkengetal = "b"\ninstrument = "Q"\n'
        'kop_statistiek = "aantal"\nsectie = "werkproces"\n',
        '[[kengetal]]\nnr = "1-1"\nkernindicator = "a"\nkengetal = "b"\ninstrument = "R"\n'
        'kop_statistiek = "aantal"\nsectie = "werkproces"\ntoetsbeleid = "soms"\n',
        '[[kengetal]]\nnr = "1-1"\nkernindicator = "a"\ninstrument = "R"\n'
        'kop_statistiek = "aantal"\nsectie = "werkproces"\n',
        '[[kengetal]]\nnr = "1-1"\nkernindicator = "a"\nkengetal = "b"\ninstrument = "R"\n'
        'kop_statistiek = "aantal"\nsectie = "werkproces"\nkleur = "rood"\n',
    ],
)
def test_a_broken_table_is_refused(tekst):
    with pytest.raises(ValueError):
        lees_kengetallen(tekst)


def test_headline_rule_per_kengetal():
    regels = {k.nr: k.kop_regel for k in KENGETALLEN}
    # written out by hand: one row where the headline names its item, else the item mean
    assert {nr for nr, r in regels.items() if r == "een_rij"} == {
        "1-1", "1-2", "1-3", "2-1", "2-2", "3-1", "9-2", "10-2"
    }  # fmt: skip
    assert regels["4-1"] == regels["8-1"] == regels["10-1"] == "gemiddelde_items"
    basis = (
        '[[kengetal]]\nnr = "1-1"\nkernindicator = "a"\nkengetal = "b"\ninstrument = "R"\n'
        'kop_statistiek = "aantal"\nsectie = "werkproces"\n'
    )
    with pytest.raises(ValueError, match="kop_regel"):
        lees_kengetallen(basis + 'kop_regel = "mediaan"\n')


def test_instruments_are_declared_once_in_run_order():
    # reference: domain.md's four instruments; a meting runs the registry first (the recidive
    # cohort comes from it) and the questionnaire before the casusanalyse (block G)
    import importlib

    from instruments import meting
    from instruments.kengetallen import INSTRUMENT_TABEL, INSTRUMENTEN
    from instruments.rapport.werkboek_detail import DETAILBLADEN

    assert [x.naam for x in INSTRUMENT_TABEL] == [
        "registratietool",
        "surveytool",
        "casusanalysetool",
        "recidivetool",
    ]
    assert INSTRUMENTEN == {
        "R": "registratietool",
        "S": "surveytool",
        "C": "casusanalysetool",
        "X": "recidivetool",
    }
    assert meting.INSTRUMENTEN == tuple(INSTRUMENTEN.values())
    assert list(DETAILBLADEN.values()) == ["Registratie", "Vragenlijst", "Casusanalyse", "Recidive"]
    for naam in INSTRUMENTEN.values():  # each tool names itself as the table does
        assert importlib.import_module(f"instruments.{naam}").INSTRUMENT == naam
