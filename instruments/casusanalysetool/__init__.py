"""casusanalysetool: the problems of Top X casussen and the focus of their approach.

Indicators 2-1 (aandeel multicomplex), 8-1 (problemen in sterke mate per leefgebied) and
9-1 (aanpak in sterke mate gericht, focusverschil), from

* block G of the questionnaire (each respondent's most recent Top X casus), read with
  :func:`instruments.surveytool.lees_antwoorden`, when ``[vragenlijst]`` is configured;
* the in-depth case analyses (filled templates, ``[casusanalyse] bestanden``): each analysed
  casus adds one observation with its problem **at the start of Top X** (the problems the
  approach was set up for, like the selection criterion "multicomplex") and its focus of the
  approach. The problem *now* is reported per casus (start -> nu) on the detail sheet.

The indicator rows combine both sources; the detail tables show each source separately
and combined. The case analyses' res_ answers and lessons are reported on the detail sheet
only (indicator 10-1 is the questionnaire's).

Command line::

    python -m instruments.casusanalysetool --config meting.toml [--out DIR]
    python -m instruments.casusanalysetool template --out casus.xlsx
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.leefgebieden import (
    LEEFGEBIEDEN,
    WEET_NIET,
    bootstrap_verschil_focus,
    focus_verschil,
    multicomplex,
    percentage_sterke_mate,
)
from instruments.casusanalysetool import rapport
from instruments.casusanalysetool.lezen import (
    Casusanalyse,
    lees_casusanalyse,
    lees_casusanalyses,
    privacy_problemen,
)
from instruments.casusanalysetool.template import schrijf_template, vul_template
from instruments.config import MetingConfig
from instruments.lezen import Foutentabel
from instruments.resultaat import (
    CasusanalyseResultaat,
    InstrumentResultaat,
    indicator_rijen,
    niet_gemeten_resultaat,
    toets_rijen,
)

__all__ = [
    "BOOTSTRAP_SEED",
    "BOOTSTRAP_TREKKINGEN",
    "INSTRUMENT",
    "Casusanalyse",
    "indicatoren",
    "lees_casusanalyse",
    "lees_casusanalyses",
    "meet",
    "privacy_problemen",
    "schrijf_template",
    "vergelijk",
    "vul_template",
    "waarnemingen_casussen",
    "waarnemingen_vragenlijst",
]

INSTRUMENT = "casusanalysetool"
#: Bootstrap settings of the CI of the change in the focus gap (fixed: same inputs, same numbers).
BOOTSTRAP_TREKKINGEN = 2000
BOOTSTRAP_SEED = 20170
PROBLEEM = [f"probleem_{lg}" for lg in LEEFGEBIEDEN]
AANPAK = [f"aanpak_{lg}" for lg in LEEFGEBIEDEN]
REDEN_NIET_GEMETEN = (
    "Geen vragenlijst ([vragenlijst]) en geen casusanalyses ([casusanalyse]) in de "
    "meting-config: de leefgebieden van Top X casussen zijn niet gemeten."
)


def _stil(_: str) -> None:
    return None


# --------------------------------------------------------------------------------------------
# Observations: one row per Top X casus, columns probleem_<lg>, aanpak_<lg>, bron
# --------------------------------------------------------------------------------------------
def waarnemingen_vragenlijst(data: pd.DataFrame, weet_niet: pd.DataFrame | None) -> pd.DataFrame:
    """Block G answers as observations.

    Parameters
    ----------
    data : pandas.DataFrame
        ``Antwoorden.data`` (index respondent id; columns ``probleem_<lg>``, ``aanpak_<lg>``
        with mate labels or ``<NA>``).
    weet_niet : pandas.DataFrame or None
        ``Antwoorden.weet_niet``: True where the answer was "Weet niet"; those cells get the
        label ``"Weet niet"`` so that they are counted (and still left out of every base).

    Returns
    -------
    pandas.DataFrame
        Respondents with at least one answer (valid or Weet niet) on a block G leefgebied
        item; columns ``probleem_<lg>``, ``aanpak_<lg>`` (object) and ``bron`` =
        ``"vragenlijst"``. Items absent from ``data`` (a codebook without them) are
        missing answers.
    """
    kolommen = [*PROBLEEM, *AANPAK]
    # a custom codebook may lack (some of) the block G items: their answers are missing
    obs = data.reindex(columns=kolommen).astype(object)
    obs = obs.where(obs.notna(), None)
    if weet_niet is not None:
        wn = weet_niet.reindex(index=obs.index, columns=kolommen, fill_value=False).astype(bool)
        obs = obs.mask(wn & obs.isna(), WEET_NIET)
    beantwoord = obs.notna().any(axis=1)
    obs = obs.loc[beantwoord].copy()
    obs.index = obs.index.astype(str)
    obs["bron"] = "vragenlijst"
    return obs


def waarnemingen_casussen(casussen: list[Casusanalyse]) -> pd.DataFrame:
    """Case analyses as observations: problem at the start of Top X, focus of the approach.

    Returns
    -------
    pandas.DataFrame
        Index ``casus:<code>``; columns ``probleem_<lg>`` (= problem at start),
        ``aanpak_<lg>`` and ``bron`` = ``"casusanalyse"``.
    """
    rijen = {}
    for c in casussen:
        rij = {f"probleem_{lg}": c.leefgebieden.at[lg, "start"] for lg in LEEFGEBIEDEN}
        rij.update({f"aanpak_{lg}": c.leefgebieden.at[lg, "aanpak"] for lg in LEEFGEBIEDEN})
        rijen[f"casus:{c.casuscode}"] = rij
    obs = pd.DataFrame.from_dict(rijen, orient="index", columns=[*PROBLEEM, *AANPAK]).astype(object)
    obs = obs.where(obs.notna(), None)
    obs["bron"] = "casusanalyse"
    return obs


# --------------------------------------------------------------------------------------------
# Indicator rows
# --------------------------------------------------------------------------------------------
def _getal(x: float) -> float:
    return float(x) if pd.notna(x) else np.nan


def indicatoren(waarnemingen: pd.DataFrame) -> pd.DataFrame:
    """Indicator rows of 2-1, 8-1 and 9-1 (labels of spine-api.md) from observations.

    Parameters
    ----------
    waarnemingen : pandas.DataFrame
        One row per Top X casus with ``probleem_<lg>`` and ``aanpak_<lg>``.

    Returns
    -------
    pandas.DataFrame
        :data:`~instruments.resultaat.RIJ_KOLOMMEN`. 2-1: item ``multicomplex``, statistiek
        ``percentage``, groep ``leefgebieden=7-8`` / ``leefgebieden=4+`` / ``sterke_mate=3+``,
        ``n`` = casussen with a valid answer on all 8 probleem items. 8-1: item
        ``leefgebied_<lg>``, ``percentage_sterke_mate``. 9-1: item ``leefgebied_<lg>``,
        ``percentage_aanpak_sterke_mate`` (n = valid aanpak answers) and ``focus_verschil``
        (procentpunten; n = the smaller of the two bases). A value without valid answers is
        NaN with the reason in ``opmerking``.
    """
    geen = "geen geldige antwoorden"
    rijen = []
    for r in multicomplex(waarnemingen).itertuples():
        rijen.append(
            {
                "indicator": "2-1",
                "item": "multicomplex",
                "statistiek": "percentage",
                "groep": r.groep,
                "waarde": _getal(r.estimate),
                "n": r.n,
                "opmerking": "" if r.n else geen + " op alle 8 leefgebieden",
            }
        )
    for r in percentage_sterke_mate(waarnemingen, prefix="probleem_").itertuples():
        rijen.append(
            {
                "indicator": "8-1",
                "item": f"leefgebied_{r.leefgebied}",
                "statistiek": "percentage_sterke_mate",
                "waarde": _getal(r.estimate),
                "n": r.n,
                "opmerking": "" if r.n else geen,
            }
        )
    for r in focus_verschil(waarnemingen).itertuples():
        rijen.append(
            {
                "indicator": "9-1",
                "item": f"leefgebied_{r.leefgebied}",
                "statistiek": "percentage_aanpak_sterke_mate",
                "waarde": _getal(r.pct_aanpak),
                "n": r.n_aanpak,
                "opmerking": "" if r.n_aanpak else geen,
            }
        )
        rijen.append(
            {
                "indicator": "9-1",
                "item": f"leefgebied_{r.leefgebied}",
                "statistiek": "focus_verschil",
                "waarde": _getal(r.estimate),
                "n": r.n,
                "opmerking": "" if r.n else geen,
            }
        )
    return indicator_rijen(rijen)


def _toelichting(obs: pd.DataFrame, n_casussen: int, vragenlijst: bool) -> dict[str, str]:
    n_vl = int((obs["bron"] == "vragenlijst").sum())
    bron = []
    if vragenlijst:
        bron.append(
            f"de vragenlijst, blok G ({n_vl} respondenten beantwoordden vragen over hun meest "
            "recente Top X casus)"
        )
    if n_casussen:
        bron.append(
            f"{n_casussen} casusanalyse(s) (per casus het probleem bij de start van Top X en "
            "de focus van de aanpak; het probleem nu staat per casus op het blad Casusanalyse)"
        )
    bron_tekst = "Bron: " + " en ".join(bron) + "."
    if vragenlijst and n_casussen:
        bron_tekst += (
            " De cijfers tellen beide bronnen samen (elke casusanalyse telt als één casus); "
            "het blad Casusanalyse toont ze ook per bron."
        )
    basis = (
        "Basis: geldige antwoorden (Niet, In enige mate, In sterke mate); 'Weet niet' en lege "
        "antwoorden tellen niet mee (aantallen per leefgebied op het blad Casusanalyse)."
    )
    return {
        "2-1": (
            f"{bron_tekst} Aandeel Top X casussen met problemen (in enige of sterke mate) op "
            "7 of 8 leefgebieden, op 4 of meer, en met problemen in sterke mate op 3 of meer; "
            "alleen casussen met een geldig antwoord op alle 8 leefgebieden tellen mee (de "
            "overige worden geteld op het blad Casusanalyse). Verschillen met de vorige meting: "
            "toets op twee proporties."
        ),
        "8-1": (
            f"{bron_tekst} Per leefgebied het percentage Top X casussen met problemen in sterke "
            f"mate. {basis} Verschillen met de vorige meting: toets op twee proporties."
        ),
        "9-1": (
            f"{bron_tekst} Per leefgebied het percentage casussen waarin de aanpak in sterke "
            "mate op het leefgebied is gericht, en het focusverschil = % probleem in sterke mate "
            "− % aanpak in sterke mate gericht, in procentpunten (positief: de aanpak richt "
            f"zich minder vaak sterk op het leefgebied dan het probleem sterk speelt). {basis} "
            "Elk percentage heeft zijn eigen basis; n van het focusverschil is de kleinste van "
            "de twee. De verandering van het focusverschil krijgt een 95%-bootstrapinterval "
            f"(percentielmethode, {BOOTSTRAP_TREKKINGEN} trekkingen per meting, vast "
            "startgetal); het verschil is niet significant als het interval 0 bevat."
        ),
    }


def meet(
    cfg: MetingConfig, *, voortgang: Callable[[str], None] = _stil, eerder: dict | None = None
) -> CasusanalyseResultaat:
    """Measure indicators 2-1, 8-1 and 9-1 for one meting.

    Parameters
    ----------
    cfg : MetingConfig
        Uses ``[vragenlijst]`` (block G via the surveytool) and ``[casusanalyse] bestanden``.
    voortgang : callable
        Receives Dutch progress messages.
    eerder : dict, optional
        Results of instruments run before this one in the same meting; when the
        surveytool's result is there, its answers (``antwoorden``) are used instead of reading the
        questionnaire again.

    Returns
    -------
    CasusanalyseResultaat
        Indicator rows, detail tables (Dutch titles), toelichting per indicator, one
        Bestandsverslag per case-analysis file, and in ``waarnemingen`` the observations (for the
        bootstrap in :func:`vergelijk`). When neither section is configured, all three
        kengetallen are *niet gemeten*.

    Raises
    ------
    InvoerFout
        When a case-analysis file is invalid or holds personal data (every problem listed).
    """
    if cfg.vragenlijst is None and cfg.casusanalyse is None:
        return niet_gemeten_resultaat(INSTRUMENT, REDEN_NIET_GEMETEN)

    delen = []
    controles = []
    zonder_items: list[str] = []  # block G items the questionnaire's codebook lacks
    if cfg.vragenlijst is not None:
        voortgang("casusanalysetool: blok G (meest recente Top X casus) uit de vragenlijst")
        from instruments import surveytool

        vorig = (eerder or {}).get("surveytool")
        antwoorden = getattr(vorig, "antwoorden", None)
        if antwoorden is None:
            antwoorden = surveytool.lees_antwoorden(cfg)
            # the checks of the reading: not reported by the surveytool in this run
            controles = list(getattr(antwoorden, "controles", []))
        codebook = getattr(antwoorden, "codebook", None)
        if codebook is not None:
            zonder_items = [c for c in (*PROBLEEM, *AANPAK) if c not in codebook.items]
        delen.append(waarnemingen_vragenlijst(antwoorden.data, antwoorden.weet_niet))
    casussen: list[Casusanalyse] = []
    verslagen = []
    if cfg.casusanalyse is not None:
        bestanden = cfg.casusanalyse["bestanden"]
        voortgang(f"casusanalysetool: {len(bestanden)} casusanalyse(s) lezen en controleren")
        casussen = lees_casusanalyses(bestanden)
        delen.append(waarnemingen_casussen(casussen))
        # a file with a problem stops the run (lees_casusanalyses): one row read and used
        verslagen = [
            Foutentabel(c.bestand).verslag(
                instrument=INSTRUMENT,
                sha256=c.sha256,
                rijen_gelezen=1,
                rijen_gebruikt=1,
                opmerking=f"casusanalyse {c.casuscode}: {len(c.interventies)} interventies",
            )
            for c in casussen
        ]
    obs = pd.concat(delen) if delen else pd.DataFrame(columns=[*PROBLEEM, *AANPAK, "bron"])

    voortgang("casusanalysetool: leefgebieden berekenen")
    rijen = indicatoren(obs)
    niet_gemeten = {}
    nodig = {"2-1": PROBLEEM, "8-1": PROBLEEM, "9-1": [*PROBLEEM, *AANPAK]}
    for nr in ("2-1", "8-1", "9-1"):
        eigen = rijen["indicator"] == nr
        if not (rijen.loc[eigen, "n"] > 0).any():
            mist = [c for c in nodig[nr] if c in zonder_items]
            niet_gemeten[nr] = (
                "Geen enkele Top X casus met geldige antwoorden over de leefgebieden (vragenlijst "
                "blok G of casusanalyses)."
            )
            if mist:
                niet_gemeten[nr] += (
                    f" Het codeboek van de vragenlijst mist de items {', '.join(mist)}; zonder "
                    "casusanalyses kan dit kengetal dan niet worden gemeten."
                )
            rijen = rijen.loc[~eigen]
    rijen = rijen.reset_index(drop=True)

    details: dict[str, pd.DataFrame] = {}
    if len(obs):
        details["Leefgebieden per bron"] = rapport.leefgebieden_per_bron(obs)
        details["Multicomplex per bron"] = rapport.multicomplex_per_bron(obs)
    if casussen:
        details["Casusanalyses per casus"] = rapport.per_casus(casussen)
        details["Casusanalyses samen"] = rapport.samen(casussen)
        details["Casusanalyses: leefgebieden start en nu"] = rapport.leefgebieden_per_casus(
            casussen
        )
        details["Casusanalyses samen: leefgebieden"] = rapport.leefgebieden_samen(casussen)
        details["Casusanalyses: tijdlijn interventies"] = rapport.tijdlijn(casussen)
        details["Casusanalyses: lessen"] = rapport.lessen(casussen)

    toelichting = {
        nr: tekst
        for nr, tekst in _toelichting(obs, len(casussen), cfg.vragenlijst is not None).items()
        if nr not in niet_gemeten
    }
    return CasusanalyseResultaat(
        instrument=INSTRUMENT,
        indicatoren=rijen,
        niet_gemeten=niet_gemeten,
        verslagen=verslagen,
        details=details,
        toelichting=toelichting,
        controles=controles,
        waarnemingen=obs[[*PROBLEEM, *AANPAK, "bron"]],
        alpha=cfg.publicatie.alpha,
    )


def vergelijk(deze: InstrumentResultaat, vorige: InstrumentResultaat) -> pd.DataFrame:
    """Bootstrap CI of the change in the focus gap per leefgebied (needs raw data).

    The generic two-proportion tests of 2-1, 8-1 and 9-1 are done centrally
    (:mod:`instruments.vergelijking`); this adds, per leefgebied, the percentile bootstrap
    interval of ``focus_verschil(deze) - focus_verschil(vorige)`` (seeded, so the same inputs
    give the same interval).

    Returns
    -------
    pandas.DataFrame
        :data:`~instruments.resultaat.TOETS_KOLOMMEN`: indicator ``9-1``, item
        ``leefgebied_<lg>``, statistiek ``focus_verschil``, groep ``totaal``, toets
        ``bootstrap``, ``estimate`` (change in procentpunten), ``ci_low``, ``ci_high``,
        ``n1`` (vorige), ``n2`` (deze), ``familie`` False; no p-value. Empty when either
        meting has no observations.
    """
    obs2, obs1 = getattr(deze, "waarnemingen", None), getattr(vorige, "waarnemingen", None)
    if obs1 is None or obs2 is None or len(obs1) == 0 or len(obs2) == 0:
        return toets_rijen([])
    alpha = deze.alpha
    r = bootstrap_verschil_focus(
        obs1,
        obs2,
        n_boot=BOOTSTRAP_TREKKINGEN,
        confidence=1 - alpha,
        seed=BOOTSTRAP_SEED,
    )
    niveau = f"{100 * (1 - alpha):g}%"
    opmerking = (
        f"{niveau}-percentielinterval van de verandering van het focusverschil (bootstrap per "
        f"meting, {BOOTSTRAP_TREKKINGEN} trekkingen, startgetal {BOOTSTRAP_SEED}); "
        "niet significant als het interval 0 bevat"
    )
    return toets_rijen(
        pd.DataFrame(
            {
                "indicator": "9-1",
                "item": "leefgebied_" + r["leefgebied"],
                "statistiek": "focus_verschil",
                "groep": "totaal",
                "toets": "bootstrap",
                "statistic": np.nan,
                "df": np.nan,
                "p_val": np.nan,
                "p_gecorrigeerd": np.nan,
                "estimate": r["estimate"],
                "ci_low": r["ci_low"],
                "ci_high": r["ci_high"],
                "effect": np.nan,
                "effect_naam": "",
                "n1": r["n1"],
                "n2": r["n2"],
                "familie": False,
                "opmerking": np.where(
                    r["n_boot"] > 0, opmerking, "geen interval: te weinig geldige antwoorden"
                ),
            }
        )
    )
