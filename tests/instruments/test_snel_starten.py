"""`python -m instruments.run --help` must not load the heavy libraries (issue: lazy imports).

Checked by what is imported, not by timing (timings depend on the machine).
"""

from __future__ import annotations

import subprocess
import sys

ZWAAR = ("pandas", "numpy", "scipy", "statsmodels", "matplotlib", "openpyxl", "pyarrow")


def test_help_imports_no_heavy_library():
    code = (
        "import sys, runpy\n"
        "sys.argv = ['instruments.run', '--help']\n"
        "try:\n"
        "    runpy.run_module('instruments.run', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in {ZWAAR!r} if m in sys.modules))\n"
    )
    uit = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert uit.strip().splitlines()[-1] == "[]"
