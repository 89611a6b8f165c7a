"""Writing the outputs of a meting, atomically.

All files are first written into a temporary folder inside the output folder and only then
moved into place, so a failed run never leaves a half-written workbook and earlier outputs
stay intact until the new ones are complete.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from instruments.rapport.verantwoording import verantwoording

UITVOERBESTANDEN = (
    "indicatorenset.xlsx",
    "indicatoren.csv",
    "factsheet.html",
    "factsheet.pdf",
    "afgewezen.csv",
    "open-antwoorden.xlsx",
    "verantwoording.json",
)


def schrijf_uitvoer(
    uitkomst, out: Path, *, voortgang: Callable[[str], None] = lambda s: None
) -> list[Path]:
    """Write all outputs of a meting into ``out``.

    Parameters
    ----------
    uitkomst : instruments.meting.Uitkomst
        The computed meting.
    out : path
        Output folder (created when missing). Must not be an input folder's file.

    Returns
    -------
    list of Path
        The files written, in :data:`UITVOERBESTANDEN` order.
    """
    from instruments.rapport.factsheet import schrijf_factsheet
    from instruments.rapport.open_antwoorden import controleer_citaten, schrijf_open_antwoorden
    from instruments.rapport.pdf_werker import PdfWerker
    from instruments.rapport.werkboek import schrijf_werkboek

    controleer_citaten(uitkomst)  # a wrong quote is an input error: nothing is written
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tijdelijk = Path(tempfile.mkdtemp(prefix=".bezig-", dir=out))
    try:
        # factsheet.pdf is laid out by a second process, started first (it imports
        # WeasyPrint while the HTML is made); it needs only factsheet.html and runs while
        # this process writes the other files
        with PdfWerker() as pdf:
            verantw = verantwoording(uitkomst)
            voortgang("schrijven: factsheet.html")
            schrijf_factsheet(uitkomst, tijdelijk / "factsheet.html")
            pdf.begin(tijdelijk / "factsheet.html", tijdelijk / "factsheet.pdf")
            voortgang(
                "schrijven: factsheet.pdf (in een tweede proces), indicatorenset.xlsx, "
                "indicatoren.csv, open-antwoorden.xlsx, afgewezen.csv, verantwoording.json"
            )
            schrijf_werkboek(uitkomst, verantw, tijdelijk / "indicatorenset.xlsx")
            uitkomst.csv.to_csv(
                tijdelijk / "indicatoren.csv", index=False, encoding="utf-8", lineterminator="\n"
            )
            schrijf_open_antwoorden(uitkomst, tijdelijk / "open-antwoorden.xlsx")
            uitkomst.afgewezen.to_csv(
                tijdelijk / "afgewezen.csv", index=False, encoding="utf-8", lineterminator="\n"
            )
            (tijdelijk / "verantwoording.json").write_text(
                json.dumps(verantw, ensure_ascii=False, indent=2, default=str) + "\n",
                encoding="utf-8",
            )
            voortgang("wachten op factsheet.pdf")
            pdf.wacht()
        return _zet_op_zijn_plaats(tijdelijk, out)
    finally:
        shutil.rmtree(tijdelijk, ignore_errors=True)


def _zet_op_zijn_plaats(tijdelijk: Path, out: Path) -> list[Path]:
    """Move the finished files from ``tijdelijk`` into ``out``, all or nothing.

    The previous outputs are first moved aside (into ``tijdelijk``); when a move fails
    halfway (e.g. a file is open in Excel on Windows), the files already moved are taken
    back out and the previous ones restored, so ``out`` never mixes two runs.
    """
    oud = tijdelijk / ".vorige"
    oud.mkdir()
    gedaan: list[tuple[str, bool]] = []  # (name, had a previous version)
    try:
        for naam in UITVOERBESTANDEN:
            vorige = (out / naam).exists()
            if vorige:
                os.replace(out / naam, oud / naam)
            gedaan.append((naam, vorige))
            os.replace(tijdelijk / naam, out / naam)
    except BaseException:
        for naam, vorige in reversed(gedaan):
            try:
                if vorige:
                    os.replace(oud / naam, out / naam)
                elif (out / naam).exists():
                    os.remove(out / naam)
            except OSError:
                pass  # best effort: the original error is the one to report
        raise
    return [out / naam for naam in UITVOERBESTANDEN]


def schrijf_afgewezen(afgewezen, out: Path) -> Path:
    """Write only ``afgewezen.csv`` (after a stopped run), atomically."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".bezig-{os.getpid()}-afgewezen.csv"
    try:
        afgewezen.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
        os.replace(tmp, out / "afgewezen.csv")
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return out / "afgewezen.csv"
