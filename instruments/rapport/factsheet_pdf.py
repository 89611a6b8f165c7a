"""``factsheet.pdf``: the factsheet HTML laid out on A4 by WeasyPrint.

WeasyPrint (pip) needs Pango >= 1.44 from the system; a fresh machine of this project's kind
has Pango 1.50 (``libpango-1.0-0``, ``libpangoft2-1.0-0``), so ``pip install -e .`` is all it
takes. The PDF is the same document as ``factsheet.html`` with its print style sheet
(:mod:`instruments.rapport.factsheet_stijl`): A4 portrait, page numbers, no chart split
across pages. Its metadata carry no time stamp, so the same factsheet gives the same bytes.
"""

from __future__ import annotations

import base64
import logging
import os
import re
import warnings
from contextlib import contextmanager
from pathlib import Path

from instruments.rapport.factsheet_stijl import CSS

MAX_PAGINAS_DEMO = 8


def laad_weasyprint():
    """Import WeasyPrint quietly (it takes half a second; a prepared process does it early)."""
    with warnings.catch_warnings():
        # WeasyPrint 70 announces at import that a future version will need the system's
        # HarfBuzz-Subset; this version lays out and subsets fonts without it. Nothing a
        # user can or must do, so it is not shown.
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint


def render_pdf(html: str):
    """Lay out a factsheet HTML string on A4; returns WeasyPrint's document.

    Returns
    -------
    weasyprint.document.Document
        ``pages`` holds the A4 pages; ``page.anchors`` the element ids on each page (every
        chart figure has the id ``grafiek-<sleutel>``).
    """
    weasyprint = laad_weasyprint()
    pagina = _grafieken_als_afbeelding(html).replace(
        "</head>", f"<style>{_letter_stijl()}</style></head>", 1
    )
    return weasyprint.HTML(string=pagina, base_url=None).render(
        stylesheets=[weasyprint.CSS(string=_AFBEELDING_STIJL)]
    )


def _letter_stijl() -> str:
    """The PDF's own font: DejaVu Sans as matplotlib ships it, the same file on every machine.

    ``factsheet.html`` asks for Arial and its look-alikes; a machine without them (a fresh
    one has only DejaVu) would lay the PDF out in a wider font, one page longer. The PDF
    therefore embeds the DejaVu Sans that comes with matplotlib (a dependency), slightly
    tightened to Arial's measure, so every machine gives the same pages.
    """
    import matplotlib

    map_ = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    vlakken = [
        ("normal", "normal", "DejaVuSans.ttf"),
        ("bold", "normal", "DejaVuSans-Bold.ttf"),
        ("normal", "italic", "DejaVuSans-Oblique.ttf"),
        ("bold", "italic", "DejaVuSans-BoldOblique.ttf"),
    ]
    regels = [
        f'@font-face {{ font-family: "{PDF_LETTER}"; font-weight: {gewicht}; '
        f'font-style: {stijl}; src: url("{(map_ / bestand).as_uri()}"); }}'
        for gewicht, stijl, bestand in vlakken
        if (map_ / bestand).exists()
    ]
    return "\n".join([*regels, _PDF_MAAT])


#: the family name of the embedded font, first in the PDF's font list
PDF_LETTER = "Factsheet Sans"
_PDF_MAAT = f"""
body {{ font-family: "{PDF_LETTER}", Arial, "Liberation Sans", sans-serif; }}
@page {{ @bottom-center {{ font-family: "{PDF_LETTER}", sans-serif; }} }}
body {{ font-size: 9pt; letter-spacing: -0.02em; }}
table {{ font-size: 7.5pt; }}
"""


_SVG = re.compile(r'<svg class="grafiek" role="img"(.*?</svg>)', flags=re.DOTALL)
_TAG = re.compile(r'<(/?)g((?:\s+[^\s=>/]+="[^"]*")*)\s*(/?)>')
_ALLEEN_ID = re.compile(r'^\s+id="([^"]*)"$')
#: the printed size of a chart: the factsheet's rule for its inline SVG, for the image
_AFBEELDING_STIJL = re.search(r"svg\.grafiek\s*\{[^}]*\}", CSS).group(0).replace("svg.", "img.", 1)


def _zonder_lege_groepen(svg: str) -> str:
    """Drop the ``<g>`` elements that carry only an unreferenced id (no style, no transform).

    They draw nothing themselves; WeasyPrint lays out each element, so the chart draws the
    same with fewer of them.
    """
    verwezen = set(re.findall(r"#([^\s\"')]+)", svg))
    uit: list[str] = []
    open_weg: list[bool] = []
    positie = 0
    for m in _TAG.finditer(svg):
        sluit, attributen, leeg = m.groups()
        alleen_id = _ALLEEN_ID.match(attributen)
        weg = not attributen.strip() or (alleen_id is not None and alleen_id[1] not in verwezen)
        uit.append(svg[positie : m.start()])
        positie = m.end()
        if sluit:
            weg = open_weg.pop()
        elif not leeg:
            open_weg.append(weg)
        if not weg:
            uit.append(m.group(0))
    uit.append(svg[positie:])
    return "".join(uit)


def _grafieken_als_afbeelding(html: str) -> str:
    """The factsheet HTML with each inline chart SVG as an ``<img>`` of the same SVG.

    WeasyPrint styles every element of an inline SVG as part of the HTML document; as an
    image the chart is parsed by its SVG reader only, which draws it the same (the pages
    rasterise to the same pixels) in about half the time. ``factsheet.html`` itself keeps
    the inline SVG.
    """

    def als_afbeelding(m: re.Match) -> str:
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" '
            'xmlns:xlink="http://www.w3.org/1999/xlink"' + _zonder_lege_groepen(m.group(1))
        )
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return f'<img class="grafiek" alt="" src="data:image/svg+xml;base64,{data}">'

    return _SVG.sub(als_afbeelding, html)


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
    with _vaste_lettertijd():
        document.write_pdf(pad, pdf_identifier=b"factsheet")
    return pad


#: the time written into the subsetted fonts (1 January 2016): a fixed one, not "now"
VASTE_LETTERTIJD = "1451606400"


@contextmanager
def _vaste_lettertijd():
    """Subset fonts with a fixed time stamp, so that two runs give the same bytes.

    Without the system's HarfBuzz-Subset (not on a fresh machine), WeasyPrint subsets the
    fonts with fontTools, which writes the current time into each font's ``head`` table
    unless ``SOURCE_DATE_EPOCH`` is set (the reproducible-builds convention). A value the
    user set is kept.
    """
    eerder = os.environ.get("SOURCE_DATE_EPOCH")
    if eerder is None:
        os.environ["SOURCE_DATE_EPOCH"] = VASTE_LETTERTIJD
    try:
        yield
    finally:
        if eerder is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
