"""``python -m instruments.demo MAP [--seed N]``: write the demo inputs into MAP."""

from __future__ import annotations

import argparse
from pathlib import Path

from instruments.demo import genereer_demo


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m instruments.demo",
        description="Schrijf synthetische invoerbestanden voor twee demo-metingen.",
    )
    p.add_argument("map", type=Path, help="map waarin de bestanden komen")
    p.add_argument("--seed", type=int, default=2017, help="startwaarde (standaard 2017)")
    args = p.parse_args(argv)
    config = genereer_demo(args.map, args.seed)
    print(f"Demogegevens geschreven in {args.map}; config: {config.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
