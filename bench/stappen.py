"""One meting in this process, with the time of every step: ``python -m bench.stappen``.

Runs exactly what ``python -m instruments.run --config`` runs (``voer_meting_uit`` and
``schrijf_uitvoer``), with each instrument's ``meet`` and the two writers wrapped in a
timer, and prints one JSON object on stdout:

* ``stappen``: seconds per step (imports, config, each instrument, comparison and tables,
  workbook, factsheet, the other output files);
* ``groepen``: the recidivetool's per-group table (persons, offences, days at liberty and
  yearly rates, unrounded), for the comparison with DuckDB.

The registry is read by the registratietool; the recidivetool gets that reading passed on
by ``voer_meting_uit`` (``eerder``), as in a normal run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

__all__ = ["main", "meet_stappen"]

INSTRUMENTEN = ("registratietool", "surveytool", "casusanalysetool", "recidivetool")
GROEP_KOLOMMEN = [
    "groep",
    "personen",
    "delicten_voor",
    "delicten_na",
    "dagen_vrij_voor",
    "dagen_vrij_na",
    "per_jaar_vrij_voor",
    "per_jaar_vrij_na",
]


def _getimed(functie, tijden: dict[str, float], naam: str):
    def omhulsel(*args, **kwargs):
        begin = time.perf_counter()
        try:
            return functie(*args, **kwargs)
        finally:
            tijden[naam] = tijden.get(naam, 0.0) + time.perf_counter() - begin

    return omhulsel


def groepentabel(resultaat) -> list[dict]:
    """The recidivetool's detail table per group as records (unrounded floats).

    Found by its columns (not its title), so a retitled sheet still works.
    """
    for tabel in resultaat.details.values():
        if set(GROEP_KOLOMMEN) <= set(tabel.columns):
            t = tabel[GROEP_KOLOMMEN]
            return [
                {k: (str(v) if k == "groep" else float(v)) for k, v in rij.items()}
                for rij in t.to_dict("records")
            ]
    return []


def meet_stappen(config: Path, out: Path) -> dict:
    """Run one meting in-process and time its steps (see the module docstring)."""
    tijden: dict[str, float] = {}
    begin = time.perf_counter()
    import importlib

    import instruments.rapport.factsheet as factsheet
    import instruments.rapport.werkboek as werkboek
    from instruments.config import laad_config
    from instruments.meting import voer_meting_uit
    from instruments.rapport import schrijf_uitvoer

    modules = {naam: importlib.import_module(f"instruments.{naam}") for naam in INSTRUMENTEN}
    tijden["imports"] = time.perf_counter() - begin

    t = time.perf_counter()
    cfg = laad_config(config)
    tijden["config"] = time.perf_counter() - t

    origineel = [(module, "meet", module.meet) for module in modules.values()]
    origineel += [(werkboek, "schrijf_werkboek", werkboek.schrijf_werkboek)]
    origineel += [(factsheet, "schrijf_factsheet", factsheet.schrijf_factsheet)]
    for naam, module in modules.items():
        module.meet = _getimed(module.meet, tijden, naam)
    werkboek.schrijf_werkboek = _getimed(werkboek.schrijf_werkboek, tijden, "werkboek")
    factsheet.schrijf_factsheet = _getimed(factsheet.schrijf_factsheet, tijden, "factsheet")
    try:
        t = time.perf_counter()
        uitkomst = voer_meting_uit(cfg)
        instrumenten = sum(tijden.get(naam, 0.0) for naam in INSTRUMENTEN)
        tijden["vergelijken_en_tabellen"] = time.perf_counter() - t - instrumenten

        t = time.perf_counter()
        schrijf_uitvoer(uitkomst, out)
        schrijven = time.perf_counter() - t
    finally:
        for module, attribuut, functie in origineel:
            setattr(module, attribuut, functie)
    geschreven = tijden.get("werkboek", 0.0) + tijden.get("factsheet", 0.0)
    tijden["overige_uitvoer"] = schrijven - geschreven
    tijden["totaal"] = time.perf_counter() - begin
    return {"stappen": tijden, "groepen": groepentabel(uitkomst.resultaten["recidivetool"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stappen")
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    json.dump(meet_stappen(args.config, args.out), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
