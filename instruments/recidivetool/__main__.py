"""``python -m instruments.recidivetool --config meting.toml``: run the recidivetool alone."""

import sys

from instruments.cli import instrument_main

if __name__ == "__main__":
    sys.exit(instrument_main("recidivetool", sys.argv[1:]))
