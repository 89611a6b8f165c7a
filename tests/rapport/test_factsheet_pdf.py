"""factsheet.pdf: A4 pages, at most 8, every chart on a page, printed text >= 8 pt."""

from __future__ import annotations

import re

import pytest

from instruments.rapport.factsheet import maak_factsheet
from instruments.rapport.factsheet_pdf import render_pdf, schrijf_pdf
from instruments.rapport.grafieken import grafieken

A4_PX = (210 / 25.4 * 96, 297 / 25.4 * 96)  # WeasyPrint page sizes in CSS px
# printed widths: a chart in one of two columns, or across the page (A4 minus 2 x 11 mm)
KOLOM_PT = ((210 - 22 - 4) / 2) / 25.4 * 72
PAGINA_PT = (210 - 22) / 25.4 * 72


@pytest.fixture(scope="module")
def html(demo_uitkomst) -> str:
    return maak_factsheet(demo_uitkomst)


@pytest.fixture(scope="module")
def document(html):
    return render_pdf(html)


def test_at_most_eight_a4_pages(document):
    assert 1 <= len(document.pages) <= 8
    for p in document.pages:
        assert p.width == pytest.approx(A4_PX[0], abs=1)
        assert p.height == pytest.approx(A4_PX[1], abs=1)


def test_pdf_holds_every_chart(document, demo_uitkomst, html):
    op_pagina = {a for p in document.pages for a in p.anchors}
    figuren = set(re.findall(r'<figure class="[^"]*" id="(grafiek-[^"]+)"', html))
    # every chart of the factsheet, counted from the charts' data, not from the HTML
    verwacht = {f"grafiek-{g.sleutel}" for g in grafieken(demo_uitkomst)} - {"grafiek-leefgebieden"}
    assert verwacht <= figuren
    assert figuren <= op_pagina


def test_chart_text_prints_at_least_8_pt(html):
    for klasse, svg in re.findall(
        r'<figure class="([^"]*)"[^>]*>.*?(<svg.*?</svg>)', html, flags=re.DOTALL
    ):
        breedte = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
        gedrukt = PAGINA_PT if "breed" in klasse else KOLOM_PT
        schaal = gedrukt / breedte
        groottes = [float(x) for x in re.findall(r"font-size: ([\d.]+)px", svg)]
        assert groottes, klasse
        assert min(groottes) * schaal >= 8 - 0.05, (klasse, min(groottes), schaal)


def test_css_text_at_least_8_pt(html):
    css = html[html.index("<style>") : html.index("</style>")]
    groottes = [float(x) for x in re.findall(r"font-size: ([\d.]+)pt", css)]
    assert groottes and min(groottes) >= 8


def test_pdf_written_deterministically(html, tmp_path):
    a = schrijf_pdf(html, tmp_path / "a.pdf").read_bytes()
    b = schrijf_pdf(html, tmp_path / "b.pdf").read_bytes()
    assert a.startswith(b"%PDF") and a == b


def test_pdf_charts_are_the_factsheets_svgs(html):
    """The PDF draws each chart from the factsheet's own SVG as an image: every path, text
    and referenced id is kept; only groups that carry nothing but an unused id go."""
    import base64

    from instruments.rapport.factsheet_pdf import _grafieken_als_afbeelding

    inline = re.findall(r"<svg.*?</svg>", html, flags=re.DOTALL)
    pdf_html = _grafieken_als_afbeelding(html)
    assert "<svg" not in pdf_html
    beelden = [
        base64.b64decode(b).decode("utf-8")
        for b in re.findall(
            r'<img class="grafiek" alt="" src="data:image/svg\+xml;base64,([^"]+)"', pdf_html
        )
    ]
    assert len(beelden) == len(inline) > 0
    for oud, nieuw in zip(inline, beelden, strict=True):
        for tag in ("<path", "<text", "<use", "<clipPath", "<rect"):
            assert oud.count(tag) == nieuw.count(tag)
        assert re.findall(r">([^<>]+)</text>", oud) == re.findall(r">([^<>]+)</text>", nieuw)
        for ref in re.findall(r"#([\w-]+)\)|href=\"#([\w-]+)\"", nieuw):
            assert f'id="{ref[0] or ref[1]}"' in nieuw
        assert nieuw.count("<g") < oud.count("<g")
        assert nieuw.count("<g") == nieuw.count("</g>") + nieuw.count("<g/>")
