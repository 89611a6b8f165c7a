"""Shared command-line manners: progress, exit codes, one clear message for input errors.

Exit codes: 0 success, 2 input error (the message names the file and the fix), 1 a bug
(with traceback, so it can be reported).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from instruments.fouten import InvoerFout


class Voortgang:
    """Prints progress lines with elapsed seconds to stderr (silent when ``stil``)."""

    def __init__(self, stil: bool = False):
        self.stil = stil
        self.start = time.perf_counter()

    def __call__(self, tekst: str) -> None:
        if not self.stil:
            print(
                f"[{time.perf_counter() - self.start:6.1f} s] {tekst}", file=sys.stderr, flush=True
            )


def meld_controles(uitkomst) -> None:
    """Print every warning of the checks once, as one Dutch line each, on stderr."""
    from instruments.controles import waarschuwingen

    gezien = set()
    for c in waarschuwingen(uitkomst.controles):
        regel = f"LET OP (meting {c.meting}, {c.controle}): {c.regel()}"
        if regel not in gezien:
            gezien.add(regel)
            print(regel, file=sys.stderr, flush=True)


def _meld_python_waarschuwingen(lijst: list[warnings.WarningMessage]) -> None:
    """Safety net: a library warning the code did not turn into a Dutch message.

    The user sees one Dutch line with the library's text, never a source line.
    """
    gezien = set()
    for w in lijst:
        tekst = str(w.message).strip().splitlines()[0] if str(w.message).strip() else ""
        if tekst and tekst not in gezien:
            gezien.add(tekst)
            print(f"Let op (technische melding van een bibliotheek): {tekst}", file=sys.stderr)


#: New container objects between two runs of Python's cycle collector during a meting
#: (Python's own default is 700); see :func:`zelden_opruimen`.
GC_DREMPEL = 50_000


@contextmanager
def zelden_opruimen() -> Iterator[None]:
    """Let Python's cycle collector run less often while a meting runs (restored afterwards).

    A meting makes and drops many small objects (DataFrames, matplotlib artists, WeasyPrint
    boxes). With the default threshold the collector ran about 1.450 times in the demo, ten
    of them full passes over every object of pandas, matplotlib and WeasyPrint: about 1.3 s
    of a 10 s demo. Objects without cycles are freed by reference counting at once
    whatever the threshold; cycles are still collected, only later (the demo's peak memory
    grows by about 15 MB). Nothing of the outcome depends on it.
    """
    oud = gc.get_threshold()
    gc.set_threshold(GC_DREMPEL, *oud[1:])
    try:
        yield
    finally:
        gc.set_threshold(*oud)


def voer_veilig_uit(taak: Callable[[], int], *, out: Path | None = None) -> int:
    """Run ``taak``; turn an InvoerFout into a message and exit code 2, a bug into 1.

    Python warnings raised while ``taak`` runs are collected and shown as one Dutch line
    each (no raw warning with a source line reaches the user). The cycle collector runs
    less often meanwhile (:func:`zelden_opruimen`).
    """
    with warnings.catch_warnings(record=True) as gevangen, zelden_opruimen():
        warnings.simplefilter("always")
        try:
            return _voer_uit(taak, out)
        finally:
            _meld_python_waarschuwingen(gevangen)


def _voer_uit(taak: Callable[[], int], out: Path | None) -> int:
    try:
        return taak()
    except InvoerFout as fout:
        print(f"FOUT in de invoer: {fout.melding}", file=sys.stderr)
        if out is not None and len(fout.afgewezen):
            from instruments.rapport import schrijf_afgewezen

            pad = schrijf_afgewezen(fout.afgewezen, out)
            print(f"De afgewezen rijen staan in {pad}.", file=sys.stderr)
        print("Er is geen uitvoer geschreven.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 1
    except Exception:
        traceback.print_exc()
        print(
            "Dit is een fout in de software, niet in uw bestanden. Meld hem met de melding "
            "hierboven en de verantwoording.json van een eerdere run.",
            file=sys.stderr,
        )
        return 1


def instrument_main(naam: str, argv: list[str] | None = None) -> int:
    """Run one instrument alone: ``python -m instruments.<naam> --config meting.toml``.

    Prints the instrument's indicator rows; with ``--out`` it writes the full output
    contract in which the other instruments' kengetallen are *niet gemeten*.
    """
    parser = argparse.ArgumentParser(
        prog=f"python -m instruments.{naam}",
        description=f"Voert alleen de {naam} uit voor één meting (met de vergelijking).",
        epilog=f"Voorbeeld: python -m instruments.{naam} --config meting2017.toml --out uit/{naam}",
    )
    parser.add_argument("--config", required=True, type=Path, help="pad van de meting.toml")
    parser.add_argument("--out", type=Path, help="map voor de uitvoerbestanden (optioneel)")
    parser.add_argument("--quiet", action="store_true", help="geen voortgangsmeldingen")
    args = parser.parse_args(argv)

    def taak() -> int:
        import pandas as pd

        from instruments.config import laad_config
        from instruments.meting import voer_meting_uit

        voortgang = Voortgang(args.quiet)
        cfg = laad_config(args.config)
        uitkomst = voer_meting_uit(cfg, instrumenten=(naam,), voortgang=voortgang)
        meld_controles(uitkomst)
        eigen = uitkomst.csv[
            uitkomst.csv["indicator"].isin(
                uitkomst.resultaten[naam].indicatoren["indicator"].unique()
            )
            | uitkomst.csv["indicator"].isin(uitkomst.resultaten[naam].niet_gemeten)
        ]
        with pd.option_context("display.max_rows", 60, "display.width", 160):
            print(
                eigen[
                    [
                        "indicator",
                        "item",
                        "statistiek",
                        "groep",
                        "waarde",
                        "n",
                        "vorige_waarde",
                        "verschil",
                        "significant",
                        "opmerking",
                    ]
                ].to_string(index=False)
            )
        if args.out:
            from instruments.rapport import schrijf_uitvoer

            for pad in schrijf_uitvoer(uitkomst, args.out, voortgang=voortgang):
                voortgang(f"geschreven: {pad}")
        return 0

    return voer_veilig_uit(taak, out=args.out)
