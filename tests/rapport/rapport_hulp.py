"""Builder of a small but complete synthetic meting for the reporting tests.

Rows for every instrument (registry counts and distributions, survey grades and
statements, leefgebieden, recidive with a suppressed cell), two metingen run through the
real pipeline (``voer_meting_uit``) with stand-in instruments that return these rows, one
kengetal niet gemeten. Built with fixed numbers, no input files read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from instruments.config import laad_config
from instruments.kengetallen import INSTRUMENTEN, KENGETALLEN
from instruments.meting import Uitkomst, voer_meting_uit
from instruments.onderdrukking import onderdrukt_status
from instruments.resultaat import InstrumentResultaat, indicator_rijen, toets_rijen
from instruments.status import Status

WERKSOORTEN = ("Screening", "Triage", "Top X", "Overige casuïstiek")
DUUR = ("< 1 mnd", "1-6 mnd", "> 6 mnd")
FREQ = ("1", "2", "3-10", "> 10")
LEEFGEBIEDEN = (
    "huisvesting",
    "dagbesteding",
    "financien",
    "psychisch",
    "gezin",
    "verslaving",
    "delicten",
    "overlast",
)
CIJFERS = {
    "4-1": ["scr_informatievoorziening", "scr_voorbereiding", "scr_participatie"],
    "4-2": ["topx_afweging", "topx_criteria"],
    "5-1": ["regie_toegevoegde_waarde", "regie_professionaliteit"],
    "6-1": ["functie_informatieknooppunt"],
    "6-2": ["functie_advies"],
    "7-1": ["samen_partners", "samen_afspraken", "strafzorg_afstemming"],
    "9-2": ["strafzorg_afstemming"],
}
STELLINGEN = {
    "4-1": ["scr_vroegsignalering"],
    "5-1": ["regie_helder_doel", "regie_proactief"],
    "10-1": ["res_vooruitgang", "res_gedragsverandering", "res_recidive", "res_rust"],
}


def _verdeling(totaal: int, delen: tuple[float, ...]) -> list[int]:
    a = np.floor(np.array(delen) / sum(delen) * totaal).astype(int)
    a[-1] = totaal - a[:-1].sum()
    return [int(x) for x in a]


def meting_rijen(jaar_factor: float, verschuiving: float, seed: int) -> pd.DataFrame:
    """Indicator rows of one synthetic meting (RIJ_KOLOMMEN)."""
    rng = np.random.default_rng(seed)
    r: list[dict] = []

    def rij(indicator, item, statistiek, waarde, n, groep="totaal", opmerking=""):
        rec = {
            "indicator": indicator,
            "item": item,
            "statistiek": statistiek,
            "groep": groep,
            "waarde": waarde,
            "n": n,
            "opmerking": opmerking,
        }
        if isinstance(opmerking, Status):  # as an instrument suppresses: status columns
            rec.update(opmerking="", status=opmerking.status, reden=opmerking.reden)
            rec["drempel"] = opmerking.drempel
        r.append(rec)

    casussen = int(2000 * jaar_factor)
    rij("1-1", "casussen", "aantal", casussen, casussen)
    gemeenten = {
        "Roermond": 0.34,
        "Weert": 0.22,
        "Leudal": 0.1,
        "Echt-Susteren": 0.08,
        "Maasgouw": 0.05,
        "Roerdalen": 0.04,
        "Nederweert": 0.03,
        "buiten regio": 0.14,
    }
    inwoners = {
        "Roermond": 24.5,
        "Weert": 21.1,
        "Leudal": 15.5,
        "Echt-Susteren": 13.7,
        "Maasgouw": 10.2,
        "Roerdalen": 8.9,
        "Nederweert": 7.2,
    }
    for g, p in gemeenten.items():
        rij("1-2", "gemeente", "aantal", round(p * casussen), round(p * casussen), f"gemeente={g}")
        rij("1-2", "gemeente", "percentage", 100 * p, casussen, f"gemeente={g}")
        if g in inwoners:
            rij("1-2", "gemeente", "percentage_inwoners", inwoners[g], 230000, f"gemeente={g}")
    rij("1-2", "regio", "percentage", 86.0 + verschuiving, casussen)
    aantallen = dict(
        zip(WERKSOORTEN, _verdeling(int(2600 * jaar_factor), (70, 15, 2, 13)), strict=True)
    )
    selectie = aantallen["Screening"] + aantallen["Triage"]
    aanpak = aantallen["Top X"] + aantallen["Overige casuïstiek"]
    for cat, a in (("selectie", selectie), ("aanpak", aanpak)):
        rij("1-3", "selectie_aanpak", "aantal", a, a, f"selectie_aanpak={cat}")
        rij(
            "1-3",
            "selectie_aanpak",
            "percentage",
            100 * a / (selectie + aanpak),
            selectie + aanpak,
            f"selectie_aanpak={cat}",
        )
    for ws, a in aantallen.items():
        basis = selectie if ws in ("Screening", "Triage") else aanpak
        rij("1-3", "werksoort", "aantal", a, a, f"werksoort={ws}")
        rij("1-3", "werksoort", "percentage", 100 * a / basis, basis, f"werksoort={ws}")
        for item, labels in (("duur", DUUR), ("frequentie", FREQ)):
            k = _verdeling(a, tuple(rng.uniform(1, 5, len(labels))))
            for lab, x in zip(labels, k, strict=True):
                g = f"werksoort={ws};{item}={lab}"
                rij("1-3", item, "aantal", x, x, g)
                rij("1-3", item, "percentage", 100 * x / a, a, g)
    for nr, items in CIJFERS.items():
        for i, item in enumerate(items):
            gem = (
                7.0
                + verschuiving * (i % 2)
                + 0.1 * i
                + (0.8 * verschuiving if item == "functie_advies" else 0)
            )
            rij(nr, item, "gemiddelde", gem, 110)
            rij(nr, item, "sd", 1.1, 110)
            rij(nr, item, "percentage_7_of_hoger", 60 + 10 * verschuiving * (i % 2) + i, 110)
            rij(nr, item, "percentage_8_of_hoger", 40 + 5 * verschuiving, 110)
            rij(nr, item, "percentage_onvoldoende", 10 - 2 * verschuiving, 110)
            rij(nr, item, "gemiddelde", 7.1, 40, "kant=strafkant")
            rij(
                nr,
                item,
                "gemiddelde",
                np.nan,
                np.nan,
                "kant=overig",
                onderdrukt_status(5, "respondenten"),
            )
    for item in ("regie_professionaliteit", "regie_toegevoegde_waarde"):
        rij("5-2", item, "percentage_8_of_hoger", 57 + 12 * verschuiving, 110)
    rij("3-1", "kwaliteit_algemeen", "gemiddelde", 7.2 + 0.2 * verschuiving, 125)
    rij("3-1", "kwaliteit_algemeen", "sd", 0.7, 125)
    rij("3-1", "kwaliteit_algemeen", "percentage_7_of_hoger", 70.0, 125)
    for kant, m in (("strafkant", 7.0), ("zorg", 7.5), ("gemeente/veiligheidshuis", 7.6)):
        rij("3-1", "kwaliteit_algemeen", "gemiddelde", m + 0.1 * verschuiving, 40, f"kant={kant}")
        rij("3-1", "kwaliteit_algemeen", "sd", 0.7, 40, f"kant={kant}")
    rij(
        "3-1",
        "kwaliteit_algemeen",
        "gemiddelde",
        np.nan,
        np.nan,
        "kant=overig",
        onderdrukt_status(5, "respondenten"),
    )
    for nr, items in STELLINGEN.items():
        for i, item in enumerate(items):
            rij(nr, item, "percentage_eens", 50 + 5 * i + 10 * verschuiving, 100)
            rij(nr, item, "percentage_oneens", 20 - 2 * verschuiving, 100)
    for g, p in (
        ("leefgebieden=7-8", 64 + 12 * verschuiving),
        ("leefgebieden=4+", 98.0),
        ("sterke_mate=3+", 78 + 13 * verschuiving),
    ):
        rij("2-1", "multicomplex", "percentage", p, 45, g)
    for j, lg in enumerate(LEEFGEBIEDEN):
        probleem = 50 + 3 * j
        aanpak = 35 + 2 * j + 10 * verschuiving
        rij("8-1", f"leefgebied_{lg}", "percentage_sterke_mate", probleem, 45)
        rij("9-1", f"leefgebied_{lg}", "percentage_aanpak_sterke_mate", aanpak, 44)
        rij("9-1", f"leefgebied_{lg}", "focus_verschil", probleem - aanpak, 44)
    for ws, personen in (("Top X", 60), ("Overige casuïstiek", 250)):
        g = f"werksoort={ws}"
        for stat, w in (
            ("personen", personen),
            ("delicten_voor", 3 * personen),
            ("delicten_na", 2 * personen),
            ("per_jaar_vrij_voor", 3.2),
            ("per_jaar_vrij_na", 2.1),
            ("rate_ratio", 0.66),
            ("prevalentie_voor", 80.0),
            ("prevalentie_na", 55.0),
        ):
            rij("10-2", "recidive", stat, w, personen, g)
    for stat in (
        "personen",
        "per_jaar_vrij_voor",
        "per_jaar_vrij_na",
        "prevalentie_voor",
        "prevalentie_na",
    ):
        rij(
            "10-2",
            "recidive",
            stat,
            np.nan,
            np.nan,
            "werksoort=Jeugdgroep",
            onderdrukt_status(10),
        )
    return indicator_rijen(r)


class _StandIn:
    """An instrument for the real pipeline that returns fixed results instead of reading files.

    ``resultaten`` maps a meting name to the :class:`InstrumentResultaat` of that meting.
    """

    def __init__(self, resultaten: dict[str, InstrumentResultaat]):
        self.resultaten = resultaten

    def meet(self, cfg, *, voortgang=None, eerder=None) -> InstrumentResultaat:
        return self.resultaten[cfg.naam]


def _per_instrument(rijen: pd.DataFrame) -> dict[str, pd.DataFrame]:
    letter = {k.nr: k.instrument for k in KENGETALLEN}
    naam = rijen["indicator"].map(letter).map(INSTRUMENTEN)
    return {n: rijen[naam == n].reset_index(drop=True) for n in INSTRUMENTEN.values()}


def bouw_uitkomst(tmp_path, *, met_vorige: bool = True, historie: list | None = None) -> Uitkomst:
    """An :class:`Uitkomst` of meting 2017 (compared with 2016 when ``met_vorige``).

    Made by the real pipeline (:func:`instruments.meting.voer_meting_uit`: comparison,
    tests, the test within the meting, the indicator table and the overview); only the four
    instruments are stand-ins that return the fixed rows of :func:`meting_rijen`.
    """
    regels = [
        "[meting]",
        'naam = "2017"',
        "registratiejaar = 2016",
        'veiligheidshuis = "Veiligheidshuis Midden-Limburg"',
    ]
    if met_vorige:
        (tmp_path / "vorige.toml").write_text(
            '[meting]\nnaam = "2016"\nregistratiejaar = 2015\n', encoding="utf-8"
        )
        regels += ["[vorige]", 'config = "vorige.toml"']
    if historie:
        regels += ["[historie]", "resultaten = [" + ", ".join(f'"{p}"' for p in historie) + "]"]
    pad = tmp_path / "meting.toml"
    pad.write_text("\n".join(regels) + "\n", encoding="utf-8")
    cfg = laad_config(pad)
    rijen = {"2017": _per_instrument(meting_rijen(1.16, 1.0, seed=2))}
    if met_vorige:
        rijen["2016"] = _per_instrument(meting_rijen(1.0, 0.0, seed=1))
    binnen = toets_rijen(
        [
            {
                "indicator": "10-2",
                "item": "recidive",
                "statistiek": "rate_ratio",
                "groep": "werksoort=Top X",
                "toets": "poisson_cluster",
                "statistic": -3.1,
                "p_val": 0.002,
                "estimate": 0.66,
                "ci_low": 0.5,
                "ci_high": 0.86,
                "n1": 60,
                "n2": 60,
            }
        ]
    )
    niet = {"2-2": "het registratie-extract heeft geen kolom Procesregie (ja/nee)"}
    toelichting = {"1-1": "Unieke casussen met minstens één bespreking in 2016."}
    details = {
        "registratietool": {
            "Duur per werksoort (% casussen)": pd.DataFrame(
                {
                    "werksoort": list(WERKSOORTEN),
                    "casussen": [1800, 300, 60, 300],
                    "< 1 mnd (%)": [66.0, 58.0, 22.0, 17.0],
                }
            )
        },
        "surveytool": {"Respons": pd.DataFrame({"kant": ["strafkant"], "respondenten": [40]})},
    }
    afgewezen = pd.DataFrame(
        {
            "bestand": ["gcos.csv", "gcos.csv", "survey.xlsx"],
            "rij": [3, 9, 14],
            "kolom": ["Werksoort", "Werksoort", "Q3"],
            "waarde": ["Foo", "Bar", "11"],
            "reden": ["onbekende werksoort", "onbekende werksoort", "cijfer buiten 1-10"],
        }
    )
    from instruments.lezen import Bestandsverslag

    verslagen = {
        "registratietool": [
            Bestandsverslag("registratietool", "gcos.csv", "ab" * 32, 5000, 4998, 2)
        ],
        "surveytool": [Bestandsverslag("surveytool", "survey.xlsx", "cd" * 32, 131, 130, 1)],
    }
    standins = {}
    for naam in INSTRUMENTEN.values():
        per_meting = {}
        for meting, delen in rijen.items():
            res = InstrumentResultaat(naam, indicatoren=indicator_rijen(delen[naam]))
            if meting == "2017":
                res.details = details.get(naam, {})
                res.verslagen = verslagen.get(naam, [])
                if naam == "registratietool":
                    res.toelichting = dict(toelichting)
                    res.niet_gemeten = dict(niet)
                    res.afgewezen = afgewezen.iloc[:2].reset_index(drop=True)
                if naam == "surveytool":
                    res.afgewezen = afgewezen.iloc[2:].reset_index(drop=True)
                if naam == "recidivetool":
                    res.toetsen = binnen
            per_meting[meting] = res
        standins[naam] = _StandIn(per_meting)
    return voer_meting_uit(cfg, modules=standins)


def verwacht_kop(csv: pd.DataFrame, nr: str, kolom: str = "waarde") -> float:
    """The headline of kengetal ``nr`` worked out here, independently of the suite's code.

    The selection is written out from the indicatorenset (statistic, group and item of the
    headline) and the figure is the plain mean of the selected rows' ``kolom`` (one row for
    the single-item kengetallen), with numpy; NaN when nothing is there.
    """
    kop = {  # nr: (statistiek, groep, item or None), from docs/indicatorenset
        "1-1": ("aantal", "totaal", "casussen"),
        "1-2": ("percentage", "totaal", "regio"),
        "1-3": ("percentage", "selectie_aanpak=aanpak", "selectie_aanpak"),
        "2-1": ("percentage", "leefgebieden=7-8", "multicomplex"),
        "2-2": ("percentage", "totaal", "procesregie"),
        "3-1": ("gemiddelde", "totaal", "kwaliteit_algemeen"),
        "4-1": ("gemiddelde", "totaal", None),
        "4-2": ("gemiddelde", "totaal", None),
        "5-1": ("gemiddelde", "totaal", None),
        "5-2": ("percentage_8_of_hoger", "totaal", None),
        "6-1": ("gemiddelde", "totaal", None),
        "6-2": ("gemiddelde", "totaal", None),
        "7-1": ("gemiddelde", "totaal", None),
        "8-1": ("percentage_sterke_mate", "totaal", None),
        "9-1": ("percentage_aanpak_sterke_mate", "totaal", None),
        "9-2": ("gemiddelde", "totaal", "strafzorg_afstemming"),
        "10-1": ("percentage_eens", "totaal", None),
        "10-2": ("rate_ratio", "werksoort=Top X", "recidive"),
    }
    statistiek, groep, item = kop[nr]
    sel = (csv["indicator"] == nr) & (csv["statistiek"] == statistiek) & (csv["groep"] == groep)
    if item is not None:
        sel &= csv["item"] == item
    waarden = csv.loc[sel, kolom].to_numpy(dtype=float)
    waarden = waarden[~np.isnan(waarden)]
    return float(np.mean(waarden)) if len(waarden) else float("nan")
