"""The cycle collector runs less often while a meting runs, and is restored afterwards."""

from __future__ import annotations

import gc

from instruments.cli import GC_DREMPEL, voer_veilig_uit
from instruments.fouten import InvoerFout


def test_threshold_during_the_task_and_restored_after():
    voor = gc.get_threshold()
    assert voor[0] < GC_DREMPEL  # else the test below shows nothing
    gezien = []

    def taak() -> int:
        gezien.append(gc.get_threshold())
        return 0

    assert voer_veilig_uit(taak) == 0
    assert gezien == [(GC_DREMPEL, *voor[1:])]
    assert gc.get_threshold() == voor


def test_restored_after_an_input_error(capsys):
    voor = gc.get_threshold()

    def taak() -> int:
        raise InvoerFout("proef")

    assert voer_veilig_uit(taak) == 2
    assert gc.get_threshold() == voor
    assert "FOUT in de invoer: proef" in capsys.readouterr().err
