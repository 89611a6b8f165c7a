"""Byte-reproducible XLSX files.

openpyxl stamps the save time into ``docProps/core.xml`` and into every zip entry. For the
demo the same seed must give the same bytes, so the workbook is saved to memory and the zip
is rewritten with a fixed timestamp and fixed core properties.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

VAST_MOMENT = dt.datetime(2017, 6, 30, 12, 0, 0)
_ZIP_TIJD = (2017, 6, 30, 12, 0, 0)


def normaliseer_xlsx(data: bytes, moment: dt.datetime = VAST_MOMENT) -> bytes:
    """Rewrite an XLSX (zip) with fixed entry timestamps and fixed created/modified times."""
    stempel = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    uit = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(uit, "w", compression=zipfile.ZIP_DEFLATED) as zuit,
    ):
        for info in zin.infolist():
            inhoud = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                tekst = inhoud.decode("utf-8")
                tekst = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    lambda m: m.group(1) + stempel + m.group(2),
                    tekst,
                )
                inhoud = tekst.encode("utf-8")
            nieuw = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIJD)
            nieuw.compress_type = zipfile.ZIP_DEFLATED
            nieuw.external_attr = 0o600 << 16
            zuit.writestr(nieuw, inhoud)
    return uit.getvalue()


def bewaar_werkboek(wb, pad: Path, moment: dt.datetime = VAST_MOMENT) -> None:
    """Save an openpyxl workbook reproducibly (fixed metadata and zip timestamps)."""
    wb.properties.created = moment
    wb.properties.modified = moment
    wb.properties.creator = "veiligheidshuis-meting demo"
    wb.properties.lastModifiedBy = "veiligheidshuis-meting demo"
    buf = io.BytesIO()
    wb.save(buf)
    Path(pad).write_bytes(normaliseer_xlsx(buf.getvalue(), moment))


def normaliseer_bestand(pad: Path, moment: dt.datetime = VAST_MOMENT) -> None:
    """Make an XLSX written by someone else reproducible, in place."""
    pad = Path(pad)
    pad.write_bytes(normaliseer_xlsx(pad.read_bytes(), moment))
