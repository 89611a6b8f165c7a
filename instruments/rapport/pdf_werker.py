"""``factsheet.pdf`` laid out in a second process while this one writes the other files.

Laying out the factsheet on A4 (WeasyPrint: text, charts, fonts) is the longest step of
writing the outputs: about as long as the workbook, the CSV files and the HTML together.
It needs nothing but the finished ``factsheet.html``, so a second Python process does it
on the machine's second core while this process writes the workbook and the other files.
The second process starts when writing starts, so WeasyPrint is imported while the HTML is
being made. The PDF is made by the same function either way
(:func:`instruments.rapport.factsheet_pdf.schrijf_pdf`): the bytes are the same.

When no second process can be started (no ``sys.executable``, a frozen program), the PDF is
made in this process, as before. A failure of the second process is a failure of the
software: its traceback is raised here as :class:`PdfFout`, and so is a second process that
is not done within :attr:`PdfWerker.tijdslimiet` (it is stopped). Its Python warnings and
what WeasyPrint logged there are raised again in this one as warnings, so the user sees them
as every other warning.

Run as ``python -m instruments.rapport.pdf_werker``, the module is that second process: it
imports WeasyPrint, reads one JSON line ``{"html": ..., "pdf": ...}`` from stdin, writes
the PDF and reports the warnings it saw on stdout, one marked JSON line each. An empty stdin (the
writing stopped before the HTML existed) ends it without doing anything.
"""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

__all__ = ["PdfFout", "PdfWerker"]

#: the folder that holds the ``instruments`` package: the second process imports this code
_WORTEL = Path(__file__).resolve().parents[2]

#: how the second process marks a warning line on its stdout
_MELDING = "waarschuwing\t"


class PdfFout(RuntimeError):
    """The second process could not write ``factsheet.pdf`` (a software error)."""


class PdfWerker:
    """A second process that writes ``factsheet.pdf``; use as a context manager.

    Examples
    --------
    >>> with PdfWerker() as werker:  # doctest: +SKIP
    ...     schrijf_html(html_pad)
    ...     werker.begin(html_pad, pdf_pad)
    ...     schrijf_werkboek(...)  # meanwhile the PDF is laid out
    ...     werker.wacht()  # the PDF is complete, or PdfFout
    """

    #: the command of the second process (a test may run another one)
    opdracht: tuple[str, ...] = ("-m", "instruments.rapport.pdf_werker")
    #: seconds the second process may take (a national factsheet takes a few)
    tijdslimiet: float = 600.0

    def __init__(self) -> None:
        self._proces: subprocess.Popen | None = None
        self._fouten = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self._zelf: tuple[Path, Path] | None = None
        omgeving = dict(os.environ)
        omgeving["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(_WORTEL), omgeving.get("PYTHONPATH", "")) if p
        )
        try:
            if not sys.executable:
                raise OSError("geen sys.executable")
            self._proces = subprocess.Popen(
                [sys.executable, *self.opdracht],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._fouten,
                env=omgeving,
                text=True,
                encoding="utf-8",
            )
        except OSError:
            self._proces = None  # the PDF is then made in this process (see wacht)

    def __enter__(self) -> PdfWerker:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def begin(self, html: Path, pdf: Path) -> None:
        """Hand the finished ``html`` file to the second process, which writes ``pdf``."""
        if self._proces is None:
            self._zelf = (Path(html), Path(pdf))
            return
        opdracht = json.dumps({"html": str(html), "pdf": str(pdf)})
        try:
            self._proces.stdin.write(opdracht + "\n")
            self._proces.stdin.close()
        except OSError:
            pass  # the process already ended: wacht() reports why
        self._proces.stdin = None  # closed: communicate() then only reads

    def wacht(self) -> None:
        """Wait until the PDF is written.

        Raises
        ------
        PdfFout
            The second process failed (the message holds its traceback) or took longer
            than :attr:`tijdslimiet` (it is then stopped).
        """
        if self._proces is None:
            if self._zelf is not None:
                from instruments.rapport.factsheet_pdf import schrijf_pdf

                html, pdf = self._zelf
                schrijf_pdf(html.read_text(encoding="utf-8"), pdf)
            return
        try:
            uit, _ = self._proces.communicate(timeout=self.tijdslimiet)
        except subprocess.TimeoutExpired:
            self._proces.kill()
            self._proces.communicate()
            raise PdfFout(
                f"factsheet.pdf kon niet worden gemaakt: het tweede proces was na "
                f"{self.tijdslimiet:.0f} s nog niet klaar en is gestopt."
            ) from None
        if self._proces.returncode != 0:
            self._fouten.seek(0)
            raise PdfFout(
                "factsheet.pdf kon niet worden gemaakt (tweede proces, exitcode "
                f"{self._proces.returncode}):\n{self._fouten.read().strip()}"
            )
        for regel in uit.splitlines():
            if regel.startswith(_MELDING):  # anything else a library printed is not ours
                melding = json.loads(regel[len(_MELDING) :])
                warnings.warn(melding["tekst"], _soort(melding["soort"]), stacklevel=2)
        # what WeasyPrint logged (errors only, e.g. an image it could not draw), which in
        # this process would have reached stderr: one warning per distinct line
        self._fouten.seek(0)
        for regel in dict.fromkeys(r.strip() for r in self._fouten.read().splitlines()):
            if regel:
                warnings.warn(regel, UserWarning, stacklevel=2)

    def stop(self) -> None:
        """End the second process if it still runs (writing stopped early)."""
        if self._proces is not None:
            for stroom in (self._proces.stdin, self._proces.stdout):
                try:
                    if stroom is not None:
                        stroom.close()
                except OSError:
                    pass
            if self._proces.poll() is None:
                try:
                    self._proces.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._proces.kill()
                    self._proces.wait()
        self._fouten.close()


def _soort(naam: str) -> type[Warning]:
    """The warning class of that name (a builtin one), else ``UserWarning``."""
    soort = getattr(builtins, naam, None)
    return soort if isinstance(soort, type) and issubclass(soort, Warning) else UserWarning


def _werk() -> int:
    """The second process: import WeasyPrint, then write the PDF asked for on stdin."""
    from instruments.rapport.factsheet_pdf import laad_weasyprint, schrijf_pdf

    with warnings.catch_warnings(record=True) as gezien:
        warnings.simplefilter("always")
        laad_weasyprint()
        regel = sys.stdin.readline()
        if not regel.strip():
            return 0  # writing stopped before the HTML was ready
        opdracht = json.loads(regel)
        html = Path(opdracht["html"]).read_text(encoding="utf-8")
        schrijf_pdf(html, Path(opdracht["pdf"]))
    for w in gezien:
        tekst = str(w.message).strip()
        if tekst:
            melding = {"tekst": tekst, "soort": w.category.__name__}
            print(_MELDING + json.dumps(melding), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(_werk())
