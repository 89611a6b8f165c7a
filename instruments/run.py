"""Run a yearly meting: ``python -m instruments.run --config meting.toml --out DIR``.

``--demo`` first generates the bundled synthetic inputs of two metingen and then runs
exactly the same code path as a real meting.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from instruments.cli import Voortgang, meld_controles, voer_veilig_uit

HULP = """\
Voorbeelden:
  python -m instruments.run --demo --out uitvoer/demo
  python -m instruments.run --config meting2017.toml --out uitvoer/2017

Uitvoer in de map --out: indicatorenset.xlsx, indicatoren.csv, factsheet.html,
afgewezen.csv en verantwoording.json. Exitcode 0 = gelukt, 2 = fout in de invoer
(de melding noemt het bestand en wat u kunt doen), 1 = fout in de software.
"""


def maak_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m instruments.run",
        description="Voert de jaarlijkse meting van een veiligheidshuis uit en schrijft de "
        "indicatorenset.",
        epilog=HULP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bron = parser.add_mutually_exclusive_group(required=True)
    bron.add_argument("--config", type=Path, help="pad van de meting.toml van deze meting")
    bron.add_argument(
        "--demo", action="store_true", help="draai op meegeleverde synthetische demogegevens"
    )
    parser.add_argument("--out", type=Path, required=True, help="map voor de uitvoerbestanden")
    parser.add_argument("--quiet", action="store_true", help="geen voortgangsmeldingen")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = maak_parser().parse_args(argv)
    voortgang = Voortgang(args.quiet)

    def taak() -> int:
        from instruments.config import laad_config
        from instruments.meting import voer_meting_uit
        from instruments.rapport import schrijf_uitvoer

        if args.demo:
            from instruments.demo import genereer_demo

            invoer = args.out / "demo-invoer"
            voortgang(f"demogegevens maken in {invoer}")
            config = genereer_demo(invoer)
        else:
            config = args.config
        cfg = laad_config(config)
        if args.out.resolve() in {cfg.map.resolve()} and not args.demo:
            from instruments.fouten import InvoerFout

            raise InvoerFout(
                f"--out {args.out} is de map met de invoer; kies een aparte uitvoermap."
            )
        uitkomst = voer_meting_uit(cfg, voortgang=voortgang)
        meld_controles(uitkomst)
        paden = schrijf_uitvoer(uitkomst, args.out, voortgang=voortgang)
        voortgang("klaar: " + ", ".join(str(p) for p in paden))
        return 0

    return voer_veilig_uit(taak, out=args.out)


if __name__ == "__main__":
    sys.exit(main())
