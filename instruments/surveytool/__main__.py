"""``python -m instruments.surveytool --config meting.toml``."""

import sys

from instruments import cli
from instruments.surveytool import INSTRUMENT

sys.exit(cli.instrument_main(INSTRUMENT, sys.argv[1:]))
