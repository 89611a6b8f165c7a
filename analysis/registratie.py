"""Registry counts (kengetallen 1-1, 1-2, 1-3 and 2-2) from a table of besprekingen.

The computations are split by subject; this module gathers their public names, so that
``from analysis.registratie import X`` (and ``analysis.registratie.X``) keeps working:

* :mod:`analysis.registratie_casus`: the counting rules, the werksoorten and bucket labels,
  the overview per casus and per casus x werksoort;
* :mod:`analysis.registratie_kengetallen`: the kengetallen computed from that overview.
"""

from __future__ import annotations

from analysis.registratie_casus import (
    AANPAK,
    BUITEN_REGIO,
    DUUR_LABELS,
    FREQUENTIE_LABELS,
    ONBEKEND,
    SELECTIE,
    WERKSOORTEN,
    casus_overzicht,
    casus_werksoort,
    duur_bucket,
    frequentie_bucket,
)
from analysis.registratie_kengetallen import (
    buiten_regio_namen,
    duur_verdeling,
    frequentie_verdeling,
    per_gemeente,
    procesregie_aandeel,
    regio_aandeel,
    selectie_aanpak,
    unieke_casussen,
    werksoort_verdeling,
)

__all__ = [
    "AANPAK",
    "BUITEN_REGIO",
    "DUUR_LABELS",
    "FREQUENTIE_LABELS",
    "ONBEKEND",
    "SELECTIE",
    "WERKSOORTEN",
    "buiten_regio_namen",
    "casus_overzicht",
    "casus_werksoort",
    "duur_bucket",
    "duur_verdeling",
    "frequentie_bucket",
    "frequentie_verdeling",
    "per_gemeente",
    "procesregie_aandeel",
    "regio_aandeel",
    "selectie_aanpak",
    "unieke_casussen",
    "werksoort_verdeling",
]
