"""Registratietool: the indicator rows and details of kengetallen 1-1, 1-2, 1-3 and 2-2.

Part of :mod:`instruments.registratietool`; the counts themselves are the pure
:mod:`analysis.registratie` functions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import registratie as reken
from instruments.resultaat import groep_label, indicator_rijen


# ----------------------------------------------------------------------------------------
# Computing
# ----------------------------------------------------------------------------------------
def _rij(indicator, item, statistiek, groep, waarde, n, opmerking="") -> dict:
    if statistiek.startswith("percentage") and (n == 0 or pd.isna(waarde)) and not opmerking:
        opmerking = "geen casussen in de basis"
    return {
        "indicator": indicator,
        "item": item,
        "statistiek": statistiek,
        "groep": groep,
        "waarde": waarde,
        "n": n,
        "opmerking": opmerking,
    }


def _indicator_rijen(
    besprekingen: pd.DataFrame,
    jaar: int,
    inwoners: pd.DataFrame,
    met_procesregie: bool,
    ov: pd.DataFrame,
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    rijen: list[dict] = []
    n = int(reken.unieke_casussen(besprekingen, jaar, overzicht=ov)["n"].iloc[0])
    rijen.append(_rij("1-1", "casussen", "aantal", "totaal", n, n))

    gem = reken.per_gemeente(besprekingen, jaar, inwoners, overzicht=ov)
    regio_namen = set(inwoners["gemeente"])
    for r in gem.itertuples(index=False):
        groep = groep_label(gemeente=r.gemeente)
        rijen.append(_rij("1-2", "gemeente", "aantal", groep, r.aantal, r.aantal))
        rijen.append(_rij("1-2", "gemeente", "percentage", groep, r.percentage, r.n))
        if not np.isnan(r.inwoners):
            rijen.append(
                _rij(
                    "1-2",
                    "gemeente",
                    "percentage_inwoners",
                    groep,
                    r.percentage_inwoners,
                    r.inwoners_regio,
                    "aandeel van de gemeente in de inwoners van de regio",
                )
            )
        elif r.gemeente in regio_namen:
            rijen.append(
                _rij(
                    "1-2",
                    "gemeente",
                    "percentage_inwoners",
                    groep,
                    np.nan,
                    np.nan,
                    f"inwoners op 1 januari {jaar} onbekend: geef de CBS-cijfers op met "
                    "[registratie] inwoners",
                )
            )
    regio = reken.regio_aandeel(besprekingen, jaar, list(inwoners["gemeente"]), overzicht=ov)
    rijen.append(
        _rij(
            "1-2", "regio", "percentage", "totaal", regio["percentage"].iloc[0], regio["n"].iloc[0]
        )
    )

    sa = reken.selectie_aanpak(besprekingen, jaar, overzicht=ov)
    for r in sa.itertuples(index=False):
        groep = groep_label(selectie_aanpak=r.categorie)
        rijen.append(_rij("1-3", "selectie_aanpak", "aantal", groep, r.aantal, r.aantal))
        rijen.append(_rij("1-3", "selectie_aanpak", "percentage", groep, r.percentage, r.n))
    ws = reken.werksoort_verdeling(besprekingen, jaar, overzicht=ov)
    for r in ws.itertuples(index=False):
        groep = groep_label(werksoort=r.werksoort)
        rijen.append(_rij("1-3", "werksoort", "aantal", groep, r.aantal, r.aantal))
        rijen.append(
            _rij(
                "1-3",
                "werksoort",
                "percentage",
                groep,
                r.percentage,
                r.n,
                "" if r.n == 0 else f"binnen {r.categorie}",
            )
        )
    duur = reken.duur_verdeling(besprekingen, jaar, overzicht=ov)
    freq = reken.frequentie_verdeling(besprekingen, jaar, overzicht=ov)
    for item, tabel in (("duur", duur), ("frequentie", freq)):
        for r in tabel.to_dict("records"):
            groep = groep_label(werksoort=r["werksoort"], **{item: r[item]})
            rijen.append(_rij("1-3", item, "aantal", groep, r["aantal"], r["aantal"]))
            rijen.append(_rij("1-3", item, "percentage", groep, r["percentage"], r["n"]))

    if met_procesregie:
        pr = reken.procesregie_aandeel(besprekingen, jaar, overzicht=ov).iloc[0]
        noot = (
            f"{int(pr['onbekend'])} aanpakcasus(sen) zonder ja/nee niet in de basis"
            if pr["onbekend"]
            else ""
        )
        rijen.append(_rij("2-2", "procesregie", "aantal", "totaal", pr["aantal"], pr["aantal"]))
        rijen.append(
            _rij("2-2", "procesregie", "percentage", "totaal", pr["percentage"], pr["n"], noot)
        )

    details = {
        "Selectie en aanpak (casus×werksoort)": pd.DataFrame(
            {
                "werksoort": ws["werksoort"],
                "selectie/aanpak": ws["categorie"],
                "casussen": ws["aantal"],
                "% binnen selectie/aanpak": ws["percentage"],
            }
        ),
        "Duur per werksoort (% casussen)": _breed(duur, "duur", reken.DUUR_LABELS),
        "Frequentie per werksoort (% casussen)": _breed(
            freq, "frequentie", reken.FREQUENTIE_LABELS
        ),
        "Casussen per gemeente": pd.DataFrame(
            {
                "gemeente": gem["gemeente"],
                "casussen": gem["aantal"],
                "% casussen": gem["percentage"],
                "inwoners": gem["inwoners"],
                "% inwoners regio": gem["percentage_inwoners"],
                "casussen per 1.000 inwoners": gem["per_1000_inwoners"],
            }
        ),
    }
    return indicator_rijen(rijen), details


def _breed(tabel: pd.DataFrame, kolom: str, labels: tuple[str, ...]) -> pd.DataFrame:
    breed = tabel.pivot(index="werksoort", columns=kolom, values="percentage")
    breed = breed.reindex(index=list(reken.WERKSOORTEN), columns=list(labels))
    n = tabel.groupby("werksoort")["n"].first().reindex(list(reken.WERKSOORTEN))
    uit = pd.DataFrame({"werksoort": list(reken.WERKSOORTEN), "casussen": n.to_numpy()})
    for lab in labels:
        uit[f"{lab} (%)"] = breed[lab].to_numpy()
    return uit
