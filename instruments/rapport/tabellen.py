"""Tables of the presentation that need the whole meting.

The indicator table and the kengetal overview are built in :mod:`instruments.overzicht`
(compute, then present); they are re-exported here for the modules of the presentation.
"""

from __future__ import annotations

import re

from instruments.overzicht import (  # noqa: F401
    INSTRUMENT_NAAM,
    kengetal_overzicht,
    kop_rijen,
    maak_tabel,
)
from instruments.status import leesbare_reden


def niet_gemeten_vorige(uitkomst) -> dict[str, str]:
    """Kengetal nr -> why it has no figure in the previous meting (plain Dutch).

    From the previous meting's own results when it was run from its config, else from the
    comparison's remark (``geen vergelijking: in meting 2016 niet gemeten``) in this
    meting's rows.
    """
    vorige = uitkomst.vorige_naam
    if vorige is None:
        return {}
    uit: dict[str, str] = {}
    for res in (uitkomst.vorige_resultaten or {}).values():
        for nr, reden in res.niet_gemeten.items():
            uit[nr] = f"in meting {vorige} niet gemeten: {leesbare_reden(reden)}"
    tabel = uitkomst.indicatoren
    merk = (
        tabel["opmerking"]
        .astype(str)
        .str.contains(f"in meting {re.escape(str(vorige))} niet gemeten", regex=True)
    )
    for nr in dict.fromkeys(tabel.loc[merk, "indicator"]):
        uit.setdefault(nr, f"in meting {vorige} niet gemeten")
    return uit
