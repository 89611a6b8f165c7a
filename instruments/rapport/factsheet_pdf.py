"""``factsheet.pdf``: the factsheet HTML laid out on A4 by WeasyPrint.

WeasyPrint (pip) needs Pango >= 1.44 from the system; a fresh machine of this project's kind
has Pango 1.50 (``libpango-1.0-0``, ``libpangoft2-1.0-0``), so ``pip install -e .`` is all it
takes. The PDF is the same document as ``factsheet.html`` with its print style sheet
(:mod:`instruments.rapport.factsheet_stijl`): A4 portrait, page numbers, no chart split
across pages. Its metadata carry no time stamp, so the same factsheet gives the same bytes.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

MAX_PAGINAS_DEMO = 8


def render_pdf(html: str):
    """Lay out a factsheet HTML string on A4; returns WeasyPrint's document.

    Returns
    -------
    weasyprint.document.Document
        ``pages`` holds the A4 pages; ``page.anchors`` the element ids on each page (every
        chart figure has the id ``grafiek-<sleutel>``).
    """
    with warnings.catch_warnings():
        # WeasyPrint 70 announces at import that a future version will need the system's
        # HarfBuzz-Subset; this version lays out and subsets fonts without it. Nothing a
        # user can or must do, so it is not shown.
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint.HTML(string=html, base_url=None).render()


def schrijf_pdf(html: str, pad: Path) -> Path:
    """Write ``factsheet.pdf`` from the factsheet HTML (deterministic bytes).

    Parameters
    ----------
    html : str
        Output of :func:`instruments.rapport.factsheet.maak_factsheet`.
    pad : path
        Where to write.

    Returns
    -------
    Path
    """
    pad = Path(pad)
    document = render_pdf(html)
    document.metadata.created = None
    document.metadata.modified = None
    document.metadata.generator = "veiligheidshuis-meting"
    document.write_pdf(pad, pdf_identifier=b"factsheet")
    return pad
