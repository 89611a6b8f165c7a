"""Registratietool: the inhabitants per gemeente of the region (``lees_inwoners``).

Part of :mod:`instruments.registratietool` (which re-exports these names); the
reading rules are in that module's docstring.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from instruments.config import MetingConfig
from instruments.fouten import InvoerFout
from instruments.lezen import lees_tabel, parse_datums, parse_getallen

#: The bundled inhabitants file.
INWONERS_STANDAARD = Path(__file__).with_name("data") / "inwoners.csv"


_INWONER_KOLOMMEN = {
    "gemeente": ["Gemeente", "Gemeentenaam", "Regio"],
    "jaar": ["Jaar", "Perioden"],
    "peildatum": ["Peildatum", "Datum"],
    "inwoners": ["Inwoners", "Aantal inwoners", "Bevolking", "Bevolking op 1 januari"],
    "bron": ["Bron"],
    "opmerking": ["Opmerking", "Toelichting", "Noot"],
}


def lees_inwoners(cfg: MetingConfig) -> tuple[pd.DataFrame, str]:
    """Inhabitants per gemeente of the region for the registratiejaar.

    Parameters
    ----------
    cfg : MetingConfig
        ``cfg.registratie["inwoners"]`` overrides the bundled file
        (:data:`INWONERS_STANDAARD`); ``cfg.registratiejaar`` selects the year.

    Returns
    -------
    inwoners : pandas.DataFrame
        Columns ``gemeente``, ``inwoners`` (int), ``jaar``, ``bron``, ``opmerking``, one row
        per gemeente of the region, in file order.
    uitleg : str
        Dutch sentence on the source and reference date, for the toelichting.

    Raises
    ------
    InvoerFout
        Unreadable file, missing column, a gemeente twice in a year, or a count that is not
        a positive whole number.
    """
    pad = Path((cfg.registratie or {}).get("inwoners") or INWONERS_STANDAARD)
    df = lees_tabel(pad, _INWONER_KOLOMMEN, verplicht={"gemeente", "inwoners"})
    naam = pad.name
    if "jaar" in df:
        jaar, fout = parse_getallen(df["jaar"])
        jaar_fout = fout | (jaar.notna() & (jaar != np.floor(jaar)))
    elif "peildatum" in df:
        datums, fout = parse_datums(df["peildatum"])
        jaar, jaar_fout = datums.dt.year.astype(float), fout
    else:
        jaar, jaar_fout = pd.Series(np.nan, index=df.index), pd.Series(False, index=df.index)
    if jaar_fout.any():
        rij = int(df.loc[jaar_fout, "_rij"].iloc[0])
        raise InvoerFout(
            f"{naam}, rij {rij}: jaar/peildatum is geen geldig jaar of geldige datum. "
            "Herstel het inwonerbestand."
        )
    aantal, ongeldig = parse_getallen(df["inwoners"])
    slecht = ongeldig | aantal.isna() | ~(aantal > 0) | (aantal != np.floor(aantal))
    if slecht.any():
        rij = int(df.loc[slecht, "_rij"].iloc[0])
        raise InvoerFout(
            f"{naam}, rij {rij}: 'inwoners' moet een positief geheel getal zijn, niet "
            f"{df.loc[slecht, 'inwoners'].iloc[0]!r}. Herstel het inwonerbestand."
        )
    df["_jaar"] = jaar
    df["inwoners"] = aantal.astype("int64")
    gewenst = cfg.registratiejaar
    jaren = sorted({int(j) for j in jaar.dropna()})
    onbekend = False
    if not jaren:
        gekozen = None
        deel = df
    elif gewenst in jaren:
        gekozen = gewenst
        deel = df[df["_jaar"] == gekozen]
    else:
        # No figures for this year: another year's count is not a stand-in. The region is
        # still the gemeenten of the nearest year in the file; the counts are unknown.
        onbekend = True
        gekozen = min(jaren, key=lambda j: (abs(j - gewenst), -j))
        deel = df[df["_jaar"] == gekozen]
    deel = deel.copy()
    deel["gemeente"] = deel["gemeente"].astype("string").str.strip()
    if deel["gemeente"].isna().any() or deel["gemeente"].duplicated().any():
        dubbel = deel.loc[deel["gemeente"].duplicated(), "gemeente"].dropna().tolist()
        raise InvoerFout(
            f"{naam}: elke gemeente mag per jaar één keer voorkomen en mag niet leeg zijn "
            f"(dubbel: {', '.join(dubbel) or '-'}). Herstel het inwonerbestand."
        )
    for k in ("bron", "opmerking"):
        if k not in deel:
            deel[k] = pd.NA
    uit = pd.DataFrame(
        {
            "gemeente": deel["gemeente"].astype(object).to_numpy(),
            "inwoners": np.nan if onbekend else deel["inwoners"].to_numpy(),
            "jaar": gewenst if onbekend else gekozen,
            "bron": pd.NA if onbekend else deel["bron"].astype("string").to_numpy(),
            "opmerking": pd.NA if onbekend else deel["opmerking"].astype("string").to_numpy(),
        }
    )
    if onbekend:
        return uit, inwoners_onbekend_tekst(naam, gewenst) + (
            f" De regio bestaat uit de gemeenten die het bestand voor {gekozen} noemt."
        )
    bronnen = "; ".join(sorted(set(uit["bron"].dropna())))
    noten = "; ".join(sorted(set(uit["opmerking"].dropna())))
    if gekozen is None:
        uitleg = f"Inwoners uit {naam} (geen peildatum vermeld)"
    else:
        uitleg = f"Inwoners op 1 januari {gekozen} uit {naam}"
    if bronnen:
        uitleg += f"; bron: {bronnen}"
    if noten:
        uitleg += f"; {noten}"
    return uit, uitleg + "."


def inwoners_onbekend_tekst(bestand: str, jaar: int) -> str:
    """Dutch sentence: the inhabitants of 1 January ``jaar`` are not in ``bestand``."""
    return (
        f"Het aantal inwoners op 1 januari {jaar} staat niet in {bestand}, dus het aandeel "
        "van elke gemeente in de inwoners van de regio is niet berekend (een cijfer van een "
        "ander jaar wordt niet gebruikt). Geef de CBS-cijfers van dat jaar op in een eigen "
        'bestand met [registratie] inwoners = "<bestand>.csv" (kolommen gemeente, jaar, '
        "inwoners)."
    )
