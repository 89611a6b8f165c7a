"""The second process that lays out factsheet.pdf (``instruments.rapport.pdf_werker``).

Reference: :func:`instruments.rapport.factsheet_pdf.schrijf_pdf` run in this process; the
second process must give the same bytes, report its failures as a software error, pass its
warnings on, and never leave a process or a file behind.
"""

from __future__ import annotations

import subprocess
import warnings
from pathlib import Path

import pytest

from instruments.rapport import UITVOERBESTANDEN, schrijf_uitvoer
from instruments.rapport.factsheet import maak_factsheet
from instruments.rapport.factsheet_pdf import schrijf_pdf
from instruments.rapport.pdf_werker import PdfFout, PdfWerker


@pytest.fixture(scope="module")
def html_pad(demo_uitkomst, tmp_path_factory):
    pad = tmp_path_factory.mktemp("html") / "factsheet.html"
    pad.write_text(maak_factsheet(demo_uitkomst), encoding="utf-8")
    return pad


def test_second_process_writes_the_same_bytes_as_this_process(html_pad, tmp_path):
    schrijf_pdf(html_pad.read_text(encoding="utf-8"), tmp_path / "hier.pdf")
    with PdfWerker() as werker:
        assert werker._proces is not None  # really a second process
        werker.begin(html_pad, tmp_path / "daar.pdf")
        werker.wacht()
    assert (tmp_path / "daar.pdf").read_bytes() == (tmp_path / "hier.pdf").read_bytes()
    assert werker._proces.returncode == 0


def test_failure_of_the_second_process_is_raised_with_its_traceback(tmp_path):
    with PdfWerker() as werker:
        werker.begin(tmp_path / "bestaat-niet.html", tmp_path / "x.pdf")
        with pytest.raises(PdfFout, match="FileNotFoundError"):
            werker.wacht()
    assert not (tmp_path / "x.pdf").exists()


def test_a_second_process_that_hangs_is_stopped_after_the_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(PdfWerker, "opdracht", ("-c", "import time; time.sleep(60)"))
    monkeypatch.setattr(PdfWerker, "tijdslimiet", 0.5)
    with PdfWerker() as werker:
        werker.begin(tmp_path / "a.html", tmp_path / "a.pdf")
        with pytest.raises(PdfFout, match="niet klaar"):
            werker.wacht()
        assert werker._proces.poll() is not None


def test_stopped_before_the_html_exists_ends_the_process_without_a_file(tmp_path):
    werker = PdfWerker()
    proces = werker._proces
    werker.stop()
    assert proces.poll() == 0
    assert list(tmp_path.iterdir()) == []


def test_no_second_process_possible_makes_the_pdf_here(html_pad, tmp_path, monkeypatch):
    def geen_proces(*args, **kwargs):
        raise OSError("geen processen meer")

    monkeypatch.setattr(subprocess, "Popen", geen_proces)
    schrijf_pdf(html_pad.read_text(encoding="utf-8"), tmp_path / "hier.pdf")
    with PdfWerker() as werker:
        assert werker._proces is None
        werker.begin(html_pad, tmp_path / "zelf.pdf")
        werker.wacht()
    assert (tmp_path / "zelf.pdf").read_bytes() == (tmp_path / "hier.pdf").read_bytes()


def test_warnings_of_the_second_process_are_raised_here(tmp_path, monkeypatch):
    # a stand-in second process that prints one marked warning line and one stray line
    script = (
        "import sys; sys.stdin.readline(); "
        "print('iets wat een bibliotheek zelf print'); "
        "print('afbeelding niet te tekenen', file=sys.stderr); "
        'print(\'waarschuwing\\t{"tekst": "lettertype ontbreekt", '
        '"soort": "DeprecationWarning"}\')'
    )
    monkeypatch.setattr(PdfWerker, "opdracht", ("-c", script))
    with warnings.catch_warnings(record=True) as gezien:
        warnings.simplefilter("always")
        with PdfWerker() as werker:
            werker.begin(tmp_path / "a.html", tmp_path / "a.pdf")
            werker.wacht()
    assert [(str(w.message), w.category) for w in gezien] == [
        ("lettertype ontbreekt", DeprecationWarning),
        ("afbeelding niet te tekenen", UserWarning),
    ]


def test_failing_html_leaves_no_process_and_no_output(demo_uitkomst, tmp_path, monkeypatch):
    import instruments.rapport.factsheet as factsheet_module

    gestart: list[PdfWerker] = []
    origineel = PdfWerker.__init__

    def onthoud(self):
        origineel(self)
        gestart.append(self)

    def kapot(*args, **kwargs):
        raise OSError("schijf vol")

    monkeypatch.setattr(PdfWerker, "__init__", onthoud)
    monkeypatch.setattr(factsheet_module, "schrijf_factsheet", kapot)
    with pytest.raises(OSError, match="schijf vol"):
        schrijf_uitvoer(demo_uitkomst, tmp_path / "uit")
    assert len(gestart) == 1 and gestart[0]._proces.poll() is not None
    assert not any((tmp_path / "uit" / n).exists() for n in UITVOERBESTANDEN)


def test_second_process_imports_this_checkout():
    # the second process must run the same code as this one (PYTHONPATH starts with the
    # folder of this package), not another installed copy
    import instruments
    from instruments.rapport import pdf_werker

    assert pdf_werker._WORTEL / "instruments" / "__init__.py" == Path(instruments.__file__)
