"""The factsheet (``factsheet.html``): self-contained, Dutch, printable."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np

from instruments.rapport.werkboek import is_percentage


def nl_getal(waarde: float, statistiek: str = "", *, verschil: bool = False) -> str:
    """A number the Dutch way: decimal comma, percentages with %, differences signed.

    Examples
    --------
    >>> nl_getal(83.25, "percentage")
    '83,3%'
    >>> nl_getal(7.4, "gemiddelde")
    '7,4'
    >>> nl_getal(12.0, "percentage", verschil=True)
    '+12,0 pp'
    """
    if waarde is None or (isinstance(waarde, float) and np.isnan(waarde)):
        return "–"
    if statistiek in {"aantal", "personen", "delicten_voor", "delicten_na"} and not verschil:
        return f"{waarde:,.0f}".replace(",", ".")
    teken = "+" if verschil and waarde > 0 else ""
    tekst = f"{teken}{waarde:.2f}" if statistiek == "rate_ratio" else f"{teken}{waarde:.1f}"
    tekst = tekst.replace(".", ",")
    if is_percentage(statistiek):
        tekst += " pp" if verschil else "%"
    return tekst


CSS = """
body { font-family: Arial, Helvetica, sans-serif; margin: 2em; color: #1a1a1a; }
h1 { color: #1F4E79; } h2 { color: #1F4E79; border-bottom: 2px solid #1F4E79; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
th { background: #1F4E79; color: white; text-align: left; padding: 4px; }
td { border-bottom: 1px solid #ccc; padding: 4px; vertical-align: top; }
td.getal { text-align: right; white-space: nowrap; }
.significant { background: #C6EFCE; font-weight: bold; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; } h2 { page-break-after: avoid; } }
"""


def schrijf_factsheet(uitkomst, pad: Path) -> Path:
    """Write a self-contained HTML factsheet (no external resources)."""
    cfg = uitkomst.cfg
    rijen = []
    for r in uitkomst.overzicht.to_dict("records"):
        sig = str(r["significant"])
        klasse = ' class="significant"' if sig.startswith("ja") else ""
        rijen.append(
            "<tr>"
            f"<td>{html.escape(r['nr'])}</td><td>{html.escape(r['kengetal'])}</td>"
            f"<td>{html.escape(r['maat'])}</td>"
            f"<td class=\"getal\">{nl_getal(r['vorige_meting'], r['statistiek'])}</td>"
            f"<td class=\"getal\">{nl_getal(r['deze_meting'], r['statistiek'])}</td>"
            f"<td class=\"getal\">{nl_getal(r['verschil'], r['statistiek'], verschil=True)}</td>"
            f"<td{klasse}>{html.escape(sig)}</td><td>{html.escape(str(r['toelichting']))}</td>"
            "</tr>"
        )
    vorige = html.escape(uitkomst.vorige_naam or "–")
    inhoud = f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<title>Factsheet {html.escape(cfg.veiligheidshuis)} meting {html.escape(cfg.naam)}</title>
<style>{CSS}</style></head><body>
<h1>Factsheet {html.escape(cfg.veiligheidshuis)} — meting {html.escape(cfg.naam)}</h1>
<p>Registratiejaar {cfg.registratiejaar}; vergeleken met meting {vorige}. "Significant" staat er
alleen waar de toets (na correctie voor meervoudig toetsen) dat zegt.</p>
<h2>Indicatorenset</h2>
<table><thead><tr><th>nr</th><th>kengetal</th><th>maat</th><th>vorige meting</th>
<th>deze meting</th><th>verschil</th><th>significant</th><th>toelichting</th></tr></thead>
<tbody>{''.join(rijen)}</tbody></table>
</body></html>
"""
    pad.write_text(inhoud, encoding="utf-8")
    return pad
