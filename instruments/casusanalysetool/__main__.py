"""Command line of the casusanalysetool.

``python -m instruments.casusanalysetool --config meting.toml [--out DIR] [--quiet]``
    runs the tool alone (indicators 2-1, 8-1, 9-1).
``python -m instruments.casusanalysetool template --out casus.xlsx``
    writes the empty case-analysis template.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from instruments import cli


def template_main(argv: list[str]) -> int:
    """Write the empty template; exit code 0, or 2 when the file cannot be written."""
    parser = argparse.ArgumentParser(
        prog="python -m instruments.casusanalysetool template",
        description=(
            "Schrijft een leeg invulsjabloon (Excel) voor één casusanalyse van een Top X "
            "casus, met keuzelijsten en instructies."
        ),
        epilog="Voorbeeld: python -m instruments.casusanalysetool template --out casus_a.xlsx",
    )
    parser.add_argument("--out", required=True, type=Path, help="pad van het nieuwe .xlsx-bestand")
    args = parser.parse_args(argv)

    def taak() -> int:
        from instruments.casusanalysetool.template import schrijf_template
        from instruments.fouten import InvoerFout

        if args.out.suffix.lower() != ".xlsx":
            raise InvoerFout(
                f"{args.out}: het sjabloon is een Excel-bestand; geef een naam die eindigt op "
                ".xlsx (bijvoorbeeld casus_a.xlsx)."
            )
        try:
            pad = schrijf_template(args.out)
        except OSError as e:
            raise InvoerFout(
                f"{args.out}: kan het sjabloon niet schrijven ({e.strerror or e}). Kies een map "
                "waarin u mag schrijven, of sluit het bestand als het in Excel open staat."
            ) from None
        print(f"Leeg casusanalysesjabloon geschreven: {pad}")
        return 0

    return cli.voer_veilig_uit(taak)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] == "template":
        return template_main(argv[1:])
    return cli.instrument_main("casusanalysetool", argv)


if __name__ == "__main__":
    sys.exit(main())
