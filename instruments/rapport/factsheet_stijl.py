"""The style sheet of the factsheet (screen and A4 print) and the printed figure sizes.

Charts are drawn at the width they print at (:data:`FIGUUR_INCH` for a chart in one of the
two columns, :data:`FIGUUR_BREED_INCH` for a chart across the page), so the font sizes set
in :mod:`instruments.rapport.grafieken_svg` are the printed sizes (>= 8 pt).
"""

from __future__ import annotations

#: Printable width of A4 with the page margins below: 210 - 11 - 11 mm.
PAGINA_INCH = (210 - 22) / 25.4
#: Width of a chart in one of the two columns (gap 4 mm) and across the page.
FIGUUR_INCH = round((PAGINA_INCH - 4 / 25.4) / 2, 2)
FIGUUR_BREED_INCH = round(PAGINA_INCH, 2)

CSS = """
:root { --blauw: #1F4E79; --licht: #DEEBF7; --grijs: #595959; }
* { box-sizing: border-box; }
body {
  font-family: Arial, Helvetica, "Liberation Sans", sans-serif; color: #1a1a1a; margin: 0;
  background: #f4f6f9; line-height: 1.4; font-size: 10.5pt;
}
main { max-width: 1000px; margin: 0 auto; background: white; padding: 0 28px 28px; }
header.kop {
  background: var(--blauw); color: white; margin: 0 -28px 18px; padding: 22px 28px 16px;
}
header.kop h1 { margin: 0 0 4px; font-size: 22pt; }
header.kop p { margin: 0; opacity: .9; }
h2 {
  color: var(--blauw); border-bottom: 3px solid var(--blauw); padding-bottom: 3px;
  margin: 26px 0 10px; text-transform: uppercase; font-size: 14pt; letter-spacing: .02em;
}
h2 .nr {
  display: inline-block; background: var(--blauw); color: white; padding: 0 8px;
  margin-right: 8px;
}
h3 { color: var(--blauw); font-size: 11.5pt; margin: 14px 0 6px; }
.tegels {
  display: grid; grid-template-columns: repeat(auto-fit, minmax(135px, 1fr)); gap: 10px;
  margin: 6px 0 10px;
}
.tegel { background: var(--licht); border-left: 5px solid var(--blauw); padding: 8px 10px; }
.tegel .getal { font-size: 20pt; font-weight: bold; color: var(--blauw); }
.tegel .label { font-size: 9pt; }
.tegel .verschil { font-size: 8.5pt; color: var(--grijs); }
.tegel .merk { font-size: 8pt; color: var(--grijs); margin-top: 2px; }
.tegel .merk.sig { color: #006100; font-weight: bold; }
.figuren { margin-top: 8px; font-size: 0; display: flex; justify-content: space-between;
  align-items: flex-start; }
figure.figuur {
  margin: 0 0 12px; break-inside: avoid; page-break-inside: avoid; font-size: 10pt;
  width: calc(50% - 2mm);
}
figure.breed { width: 100%; }
figcaption { font-weight: bold; color: var(--blauw); margin-bottom: 2px; }
svg.grafiek { width: 100%; height: auto; display: block; }
p.leeswijzer { font-size: 8.5pt; color: var(--grijs); margin: 2px 0 0; }
p.leeswijzer span { font-weight: bold; }
ul { padding-left: 20px; margin: 6px 0; }
li { margin: 2px 0; }
.uitleg {
  background: #f2f2f2; padding: 8px 12px; font-size: 9pt; border-left: 4px solid #bfbfbf;
}
.let-op { border: 2px solid #c55a11; background: #fff2cc; padding: 0.4em 1em; margin: 1em 0;
  break-inside: avoid; }
.let-op h3 { margin: 0.2em 0; color: #843c0c; }
.niet-gemeten-melding {
  background: #f2f2f2; color: #555; font-style: italic; padding: 6px 10px; margin: 4px 0;
}
table { border-collapse: collapse; width: 100%; font-size: 8.8pt; margin: 6px 0 10px; }
th {
  background: var(--blauw); color: white; text-align: left; padding: 4px 5px;
  vertical-align: bottom;
}
td { border-bottom: 1px solid #d0d0d0; padding: 3px 5px; vertical-align: top; }
td.getal { text-align: right; white-space: nowrap; }
td.significant { background: #C6EFCE; color: #006100; font-weight: bold; }
td.deels { background: #EAF4E4; }
tr.niet-gemeten td { color: #7f7f7f; font-style: italic; background: #f7f7f7; }
table.indicatorenset td:first-child,
table.indicatorenset td:nth-child(7) { white-space: nowrap; }
.methoden p { font-size: 9pt; margin: 4px 0; }
aside.citaten { break-inside: avoid; margin: 8px 0; }
aside.citaten blockquote {
  margin: 4px 0; padding: 4px 10px; border-left: 4px solid var(--blauw); background: #f7f9fc;
  font-style: italic;
}
dl.begrippen { font-size: 9pt; margin: 4px 0 10px; columns: 2; column-gap: 6mm; }
dl.begrippen dt { font-weight: bold; color: var(--blauw); break-after: avoid; }
dl.begrippen dd { margin: 0 0 4px; break-inside: avoid; }
td.toelichting { font-size: 8pt; color: #404040; max-width: 420px; }
footer {
  margin-top: 24px; font-size: 8pt; color: var(--grijs); border-top: 1px solid #ccc;
  padding-top: 6px;
}
@page {
  size: A4 portrait; margin: 12mm 11mm 14mm;
  @bottom-center { content: "pagina " counter(page) " van " counter(pages); font-size: 8pt;
    color: #595959; font-family: Arial, Helvetica, "Liberation Sans", "DejaVu Sans", sans-serif; }
}
@media print {
  body { background: white; font-size: 9.5pt; }
  main { max-width: none; padding: 0; }
  header.kop { margin: 0 0 12px; }
  section.hoofdstuk { break-before: auto; }
  figure.figuur, .tegels, table.compact, .let-op, .uitleg { break-inside: avoid; }
  h2, h3, figcaption { break-after: avoid; page-break-after: avoid; }
  tr, .tegel { break-inside: avoid; page-break-inside: avoid; }
  header.kop, th, td.significant, td.deels, .tegel, h2 .nr, tr.niet-gemeten td {
    -webkit-print-color-adjust: exact; print-color-adjust: exact;
  }
  .tegels { grid-template-columns: repeat(6, 1fr); gap: 6px; }
  .tegel .getal { font-size: 15pt; }
  figure.figuur { margin-bottom: 6px; }
  table { font-size: 8pt; line-height: 1.2; }
  th { padding: 2px 4px; }
  td { padding: 1.5px 4px; }
  .methoden p, dl.begrippen { font-size: 8.5pt; line-height: 1.3; }
  h2 { margin: 16px 0 8px; }
  p.leeswijzer { font-size: 8pt; line-height: 1.25; }
}
"""
