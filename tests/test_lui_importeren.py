"""Lazy imports (issue 13): the heavy libraries load only in the step that needs them.

Checked by what a fresh interpreter has in ``sys.modules``, never by timing (timings depend
on the machine and its load). Each check runs in its own subprocess, so the modules the test
process itself has loaded do not count.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

WORTEL = Path(__file__).resolve().parents[1]

#: libraries that ``python -m instruments.run --help`` must not load
ZWAAR = (
    "matplotlib",
    "statsmodels",
    "scipy",
    "openpyxl",
    "weasyprint",
    "pingouin",
    "pandas",
    "numpy",
    "pyarrow",
    "pydantic",
    "jinja2",
    "babel",
)


def _python(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=WORTEL, timeout=120
    )


def _geladen(code: str) -> list[str]:
    """The libraries of :data:`ZWAAR` loaded after running ``code`` in a fresh interpreter."""
    uit = _python(
        "-c", code + f"\nimport sys\nprint(sorted(m for m in {ZWAAR!r} if m in sys.modules))"
    )
    assert uit.returncode == 0, uit.stderr
    return eval(uit.stdout.strip().splitlines()[-1])  # a printed list of str


def test_the_check_sees_a_loaded_library():
    # the checker itself: a library that is imported must be reported, else the tests below
    # would pass however much is loaded
    assert _geladen("import instruments.run\nimport jinja2") == ["jinja2"]


@pytest.mark.parametrize(
    "module", ["instruments.run", "instruments.cli", "instruments.fouten", "instruments"]
)
def test_importing_the_entry_point_loads_no_heavy_library(module):
    assert _geladen(f"import {module}") == []


def test_help_exits_0_and_loads_no_heavy_library():
    # the real command line, ``-m`` included; ``-X importtime`` lists every module loaded
    uit = _python("-X", "importtime", "-m", "instruments.run", "--help")
    assert uit.returncode == 0, uit.stderr
    assert "Voorbeelden:" in uit.stdout and "--demo" in uit.stdout
    modules = {
        regel.rsplit("|", 1)[-1].strip()
        for regel in uit.stderr.splitlines()
        if regel.startswith("import time:") and "|" in regel
    }
    assert "instruments.cli" in modules  # the listing is really there (run is __main__)
    zwaar = sorted({m.split(".")[0] for m in modules} & set(ZWAAR))
    assert zwaar == []


def test_building_the_parser_loads_no_heavy_library():
    assert _geladen("from instruments.run import maak_parser\nmaak_parser().format_help()") == []


def test_the_instruments_load_no_output_or_workbook_library():
    # the measuring steps of a national meting (registry, police and detention files, no
    # questionnaire or case analyses) need no charts, templates, workbooks or PDF: those
    # libraries load when the outputs are written or a workbook is read or made
    code = (
        "import instruments.meting, instruments.registratietool, instruments.surveytool, "
        "instruments.casusanalysetool, instruments.recidivetool"
    )
    geladen = _geladen(code)
    assert not {"matplotlib", "openpyxl", "weasyprint", "jinja2"} & set(geladen), geladen
