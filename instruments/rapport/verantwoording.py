"""The Verantwoording: inputs with SHA-256, rows read/used/rejected, settings, versions, methods."""

from __future__ import annotations

import platform
from dataclasses import asdict
from importlib import metadata

from instruments.onderdrukking import REGEL
from instruments.status import NIET_GEMETEN, geschreven_opmerking

PAKKETTEN = (
    "veiligheidshuis-meting",
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "pingouin",
    "openpyxl",
    "pyreadstat",
    "matplotlib",
)

METHODEN = {
    "Registratie": (
        "Een casus telt mee voor het registratiejaar als hij minstens één bespreking in dat jaar "
        "heeft, en voor een werksoort bij minstens één bespreking van die werksoort. De duur is de "
        "laatste bespreking in het jaar min de eerste aanmelding; de frequentie telt alle "
        "besprekingen vanaf de aanmelding tot het einde van het jaar. De gemeente is die van de "
        "laatste bespreking in het jaar. Het gaat om een volledige telling: verschillen zijn echt, "
        "toetsen op verdelingen zijn alleen indicatief."
    ),
    "Vragenlijst": (
        "Percentages zijn berekend over de geldige antwoorden; 'Weet niet / n.v.t.' en niet "
        "gerouteerde vragen tellen niet mee. Kwaliteit algemeen (3-1) is het gemiddelde over "
        "respondenten van hun gemiddelde rapportcijfer (minstens 3 geldige cijfers). Verschillen "
        "tussen metingen: chi-kwadraat zonder continuïteitscorrectie of Fisher's exacte toets voor "
        "proporties (met Newcombe-interval), Welch-t-toets voor gemiddelden (met Hedges' g), "
        "Mann-Whitney ernaast; Benjamini-Hochberg-correctie over alle toetsen van de vergelijking."
    ),
    "Casusanalyse": (
        "Per leefgebied het percentage Top X-casussen met problemen in sterke mate en het "
        "percentage waarbij de aanpak in sterke mate op dat leefgebied is gericht; het "
        "focusverschil is het verschil in procentpunten. Multicomplex: problemen op 7 of 8 "
        "leefgebieden, onder respondenten met een geldig antwoord op alle acht."
    ),
    "Recidive": (
        "Delicten (rol verdachte, op pleegdatum) in de 365 dagen voor en na de start van de "
        "aanpak, per 365 dagen in vrijheid: dagen in detentie tellen niet mee. Rate ratio uit een "
        "Poisson-model met log(dagen vrij) als offset en naar persoon geclusterde robuuste "
        "standaardfouten; Wilcoxon-rangtekentoets (Pratt) op het verschil per persoon; "
        "Kaplan-Meier voor de tijd tot het eerste nieuwe delict. "
        f"{REGEL}. Let op regressie naar het gemiddelde: casussen worden "
        "geselecteerd op een piek in hun criminaliteit."
    ),
}


def versies() -> dict[str, str]:
    """Versions of Python and the packages that computed the numbers."""
    uit = {"python": platform.python_version()}
    for p in PAKKETTEN:
        try:
            uit[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            uit[p] = "niet geïnstalleerd"
    return uit


def _niet_gemeten(tabel) -> dict[str, str]:
    """Kengetal nr -> the written text of its *niet gemeten* row (status and remarks)."""
    niet = tabel[tabel["status"] == NIET_GEMETEN]
    return dict(zip(niet["indicator"], geschreven_opmerking(niet), strict=True))


def verantwoording(uitkomst) -> dict:
    """All facts a reader needs to reproduce the meting, as plain JSON-able data.

    Holds no timestamps, so the same inputs give the same file.
    """
    cfg = uitkomst.cfg
    return {
        "meting": cfg.naam,
        "registratiejaar": cfg.registratiejaar,
        "vorige_meting": uitkomst.vorige_naam,
        "bestanden": [asdict(v) for v in uitkomst.verslagen],
        "afgewezen_per_bestand_en_reden": (
            uitkomst.afgewezen.groupby(["bestand", "reden"])
            .size()
            .rename("rijen")
            .reset_index()
            .to_dict("records")
            if len(uitkomst.afgewezen)
            else []
        ),
        "instellingen": cfg.instellingen(),
        "software": versies(),
        "methoden": METHODEN,
        "opmerkingen": uitkomst.opmerkingen,
        "controles": [
            {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
            for r in uitkomst.controle_tabel.to_dict("records")
        ],
        "niet_gemeten": _niet_gemeten(uitkomst.indicatoren),
    }
