"""The charts of a meting: their data (shared by workbook and factsheet) and their SVG.

Compute, then present: every chart is built from rows of ``indicatoren.csv`` (``waarde``
and ``vorige_waarde``), never from raw data. :func:`grafieken` selects the data of every
chart as a :class:`Grafiek` (a small table: categories in the first column, one column per
series). The workbook draws it as a native Excel chart next to the table
(:mod:`instruments.rapport.werkboek_detail`); the factsheet draws it with
:func:`instruments.rapport.grafieken_svg.svg` (matplotlib, Agg canvas, no pyplot state) as
inline SVG without external references.

Significance is only shown where the test says so: a category of a comparison between
metingen gets `` *`` when its row has ``significant == "ja"``. A suppressed cell (status
*onderdrukt*, :mod:`instruments.status`) stays empty and its category label says ``(<10)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.leefgebieden import LEEFGEBIEDEN
from analysis.registratie import DUUR_LABELS, FREQUENTIE_LABELS
from instruments.rapport.grafieken_basis import (  # noqa: F401
    FREQUENTIE_TEKST,
    KANTEN,
    KLEUR_DERDE,
    KLEUR_DEZE,
    KLEUR_VORIGE,
    LEEFGEBIED_LABELS,
    MULTICOMPLEX_LABELS,
    RESULTAAT_LABELS,
    SIGNIFICANT_NOOT,
    STAPEL_KLEUREN,
    VASTE_LABELS,
    VOLGORDE,
    WERKSOORTEN,
    Grafiek,
    categorie_label,
    groep_delen,
    is_significant,
    item_labels,
    kort_label,
    met_vorige,
    meting_labels,
    selecteer,
)
from instruments.rapport.grafieken_verhalen import verhalen


def _paren_tabel(
    csv: pd.DataFrame,
    sleutels: list[tuple[str, dict]],
    vorige: str | None,
    deze: str,
    *,
    markeer: bool = True,
) -> pd.DataFrame:
    """Categories with (vorige_waarde, waarde) of one selected row each."""
    rijen = []
    for label, filt in sleutels:
        sel = selecteer(csv, **filt).to_dict("records")
        if not sel:
            continue
        r = sel[0]
        rij = {"categorie": categorie_label(label, [r], markeer_significant=markeer)}
        if vorige is not None:
            rij[vorige] = r.get("vorige_waarde", np.nan)
        rij[deze] = r.get("waarde", np.nan)
        rijen.append(rij)
    kolommen = ["categorie", *([vorige] if vorige is not None else []), deze]
    return pd.DataFrame(rijen, columns=kolommen).astype({k: float for k in kolommen[1:]})


def _werksoort_verdeling(uitkomst, item: str, buckets: tuple[str, ...]) -> pd.DataFrame:
    csv = uitkomst.indicatoren
    vorige, deze = meting_labels(uitkomst, registratie=True)
    sel = selecteer(csv, indicator="1-3", item=item, statistiek="percentage")
    if sel.empty:
        return pd.DataFrame(columns=["categorie", *buckets])
    delen = sel["groep"].map(groep_delen)
    sel = sel.assign(
        _werksoort=[d.get("werksoort", "") for d in delen],
        _bucket=[d.get(item, "") for d in delen],
    )
    rijen = []
    for ws in WERKSOORTEN:
        eigen = sel[sel["_werksoort"] == ws].set_index("_bucket")
        if eigen.empty:
            continue
        for kolom, naam in (("vorige_waarde", vorige), ("waarde", deze)):
            if naam is None or eigen[kolom].isna().all():
                continue
            rij = {"categorie": f"{ws} – {naam}"}
            for b in buckets:
                rij[FREQUENTIE_TEKST.get(b, b) if item == "frequentie" else b] = eigen[kolom].get(
                    b, np.nan
                )
            rijen.append(rij)
    kolommen = [
        "categorie",
        *[FREQUENTIE_TEKST.get(b, b) if item == "frequentie" else b for b in buckets],
    ]
    return pd.DataFrame(rijen, columns=kolommen)


def _registratie(uitkomst) -> list[Grafiek]:
    csv = uitkomst.indicatoren
    vorige, deze = meting_labels(uitkomst, registratie=True)
    uit = []
    werk = _paren_tabel(
        csv,
        [
            (
                ws,
                {
                    "indicator": "1-3",
                    "item": "werksoort",
                    "statistiek": "aantal",
                    "groep": f"werksoort={ws}",
                },
            )
            for ws in WERKSOORTEN
        ],
        vorige,
        deze,
        markeer=False,
    )
    uit.append(
        Grafiek(
            "werksoorten",
            "registratietool",
            "werkproces",
            "Casussen per werksoort",
            "Aantal casussen per werksoort; een casus die in twee werksoorten is besproken, telt "
            "in beide mee.",
            werk,
            "aantal",
        )
    )
    gem_rijen = selecteer(csv, indicator="1-2", item="gemeente", statistiek="percentage")
    gemeenten = [groep_delen(g).get("gemeente", g) for g in gem_rijen["groep"]]
    tabel = _paren_tabel(
        csv,
        [
            (
                g,
                {
                    "indicator": "1-2",
                    "item": "gemeente",
                    "statistiek": "percentage",
                    "groep": f"gemeente={g}",
                },
            )
            for g in gemeenten
        ],
        vorige,
        deze,
        markeer=False,
    )
    if len(tabel):
        inwoners = selecteer(
            csv, indicator="1-2", item="gemeente", statistiek="percentage_inwoners"
        )
        inw = dict(
            zip(
                [groep_delen(g).get("gemeente") for g in inwoners["groep"]],
                inwoners["waarde"],
                strict=True,
            )
        )
        tabel["% inwoners regio"] = [inw.get(g, np.nan) for g in gemeenten]
        tabel = tabel.rename(columns={k: f"% casussen {k}" for k in tabel.columns[1:-1]})
    uit.append(
        Grafiek(
            "gemeenten",
            "registratietool",
            "werkproces",
            "Casussen per gemeente",
            "Aandeel van de casussen per gemeente naast het aandeel van de gemeente in de inwoners "
            "van de regio: een kortere donkere staaf dan oranje betekent ondervertegenwoordigd.",
            tabel,
            "percentage",
            kleuren=(KLEUR_VORIGE, KLEUR_DEZE, KLEUR_DERDE)
            if vorige
            else (KLEUR_DEZE, KLEUR_DERDE),
        )
    )
    for item, buckets, titel, uitleg in (
        (
            "duur",
            DUUR_LABELS,
            "Hoe lang worden casussen gevolgd?",
            "Per werksoort de verdeling van de duur vanaf de aanmelding tot de laatste bespreking "
            "in het jaar; elke balk telt op tot 100%.",
        ),
        (
            "frequentie",
            FREQUENTIE_LABELS,
            "Hoe vaak komen casussen terug in het overleg?",
            "Per werksoort hoe vaak een casus sinds de aanmelding is besproken; elke balk telt op "
            "tot 100%.",
        ),
    ):
        uit.append(
            Grafiek(
                item,
                "registratietool",
                "werkproces",
                titel,
                uitleg,
                _werksoort_verdeling(uitkomst, item, buckets),
                "percentage",
                soort="gestapeld",
                kleuren=STAPEL_KLEUREN,
            )
        )
    return uit


def _survey_items(csv: pd.DataFrame, statistiek: str, *, zonder: set[str]) -> list[str]:
    sel = selecteer(csv, statistiek=statistiek, groep="totaal")
    sel = sel[~sel["item"].isin(zonder) & ~sel["indicator"].isin({"2-1", "8-1", "9-1", "10-2"})]
    return list(dict.fromkeys(sel["item"]))


def _vragenlijst(uitkomst, labels: dict[str, str]) -> list[Grafiek]:
    csv = uitkomst.indicatoren
    vorige, deze = meting_labels(uitkomst)
    uit = []
    cijfers = _survey_items(csv, "gemiddelde", zonder={"kwaliteit_algemeen"})
    uit.append(
        Grafiek(
            "rapportcijfers",
            "surveytool",
            "professionals",
            "Rapportcijfers per aspect",
            "Gemiddeld rapportcijfer (1-10) dat professionals per aspect geven. "
            + SIGNIFICANT_NOOT,
            _paren_tabel(
                csv,
                [
                    (labels.get(i, i), {"item": i, "statistiek": "gemiddelde", "groep": "totaal"})
                    for i in cijfers
                ],
                vorige,
                deze,
            ),
            "cijfer",
        )
    )
    kant = [
        (
            "Alle professionals",
            {"item": "kwaliteit_algemeen", "statistiek": "gemiddelde", "groep": "totaal"},
        )
    ]
    kant += [
        (
            k.capitalize(),
            {"item": "kwaliteit_algemeen", "statistiek": "gemiddelde", "groep": f"kant={k}"},
        )
        for k in KANTEN
    ]
    uit.append(
        Grafiek(
            "kwaliteit_kant",
            "surveytool",
            "professionals",
            "Kwaliteit algemeen per kant",
            "Gemiddelde van de 18 rapportcijfers per respondent, gemiddeld per kant van de "
            "organisatie. " + SIGNIFICANT_NOOT,
            _paren_tabel(csv, kant, vorige, deze),
            "cijfer",
        )
    )
    stellingen = _survey_items(csv, "percentage_eens", zonder=set(RESULTAAT_LABELS))
    uit.append(
        Grafiek(
            "stellingen",
            "surveytool",
            "professionals",
            "Stellingen: % (helemaal) mee eens",
            "Aandeel professionals dat het (helemaal) eens is met de stelling, van wie een mening "
            "gaf. " + SIGNIFICANT_NOOT,
            _paren_tabel(
                csv,
                [
                    (
                        labels.get(i, i),
                        {"item": i, "statistiek": "percentage_eens", "groep": "totaal"},
                    )
                    for i in stellingen
                ],
                vorige,
                deze,
            ),
            "percentage",
        )
    )
    uit.append(
        Grafiek(
            "strafzorg",
            "surveytool",
            "topx",
            "Afstemming straf- en zorgdeel van de aanpak",
            "Aandeel professionals met een 7 of hoger en met een onvoldoende (5 of lager) voor de "
            "afstemming tussen straf en zorg. " + SIGNIFICANT_NOOT,
            _paren_tabel(
                csv,
                [
                    (
                        "Cijfer 7 of hoger",
                        {
                            "indicator": "9-2",
                            "item": "strafzorg_afstemming",
                            "statistiek": "percentage_7_of_hoger",
                            "groep": "totaal",
                        },
                    ),
                    (
                        "Onvoldoende (5 of lager)",
                        {
                            "indicator": "9-2",
                            "item": "strafzorg_afstemming",
                            "statistiek": "percentage_onvoldoende",
                            "groep": "totaal",
                        },
                    ),
                ],
                vorige,
                deze,
            ),
            "percentage",
        )
    )
    uit.append(
        Grafiek(
            "resultaten",
            "surveytool",
            "topx",
            "Resultaten van de Top X-aanpak",
            "Aandeel professionals dat het eens is met de stelling over het resultaat in hun Top "
            "X-casussen. " + SIGNIFICANT_NOOT,
            _paren_tabel(
                csv,
                [
                    (
                        lab,
                        {
                            "indicator": "10-1",
                            "item": i,
                            "statistiek": "percentage_eens",
                            "groep": "totaal",
                        },
                    )
                    for i, lab in RESULTAAT_LABELS.items()
                ],
                vorige,
                deze,
            ),
            "percentage",
        )
    )
    return uit


def _casusanalyse(uitkomst) -> list[Grafiek]:
    csv = uitkomst.indicatoren
    vorige, deze = meting_labels(uitkomst)
    uit = [
        Grafiek(
            "multicomplex",
            "casusanalysetool",
            "topx",
            "Hoe multicomplex zijn de Top X-casussen?",
            "Aandeel Top X-casussen met problemen op veel leefgebieden. " + SIGNIFICANT_NOOT,
            _paren_tabel(
                csv,
                [
                    (
                        lab,
                        {
                            "indicator": "2-1",
                            "item": "multicomplex",
                            "statistiek": "percentage",
                            "groep": g,
                        },
                    )
                    for g, lab in MULTICOMPLEX_LABELS.items()
                ],
                vorige,
                deze,
            ),
            "percentage",
        )
    ]
    rijen = []
    for lg in LEEFGEBIEDEN:
        p = selecteer(
            csv, indicator="8-1", item=f"leefgebied_{lg}", statistiek="percentage_sterke_mate"
        ).to_dict("records")
        a = selecteer(
            csv,
            indicator="9-1",
            item=f"leefgebied_{lg}",
            statistiek="percentage_aanpak_sterke_mate",
        ).to_dict("records")
        if not p and not a:
            continue
        rijen.append(
            {
                "categorie": categorie_label(
                    LEEFGEBIED_LABELS[lg], p + a, markeer_significant=False
                ),
                "% problemen in sterke mate": p[0]["waarde"] if p else np.nan,
                "% aanpak in sterke mate gericht": a[0]["waarde"] if a else np.nan,
            }
        )
    uit.append(
        Grafiek(
            "leefgebieden",
            "casusanalysetool",
            "topx",
            f"Problemen en aanpak per leefgebied (meting {uitkomst.cfg.naam})",
            "Per leefgebied het aandeel Top X-casussen met problemen in sterke mate naast het "
            "aandeel waarin de aanpak er in sterke mate op is gericht; bij een goede focus zijn ze "
            "ongeveer gelijk.",
            pd.DataFrame(
                rijen,
                columns=[
                    "categorie",
                    "% problemen in sterke mate",
                    "% aanpak in sterke mate gericht",
                ],
            ),
            "percentage",
            kleuren=(KLEUR_DERDE, KLEUR_DEZE),
        )
    )
    uit.append(
        Grafiek(
            "focus",
            "casusanalysetool",
            "topx",
            "Focusverschil per leefgebied",
            "Procentpunten problemen in sterke mate min aanpak in sterke mate gericht: hoe hoger, "
            "hoe minder de aanpak op dat leefgebied is gericht.",
            _paren_tabel(
                csv,
                [
                    (
                        LEEFGEBIED_LABELS[lg],
                        {
                            "indicator": "9-1",
                            "item": f"leefgebied_{lg}",
                            "statistiek": "focus_verschil",
                        },
                    )
                    for lg in LEEFGEBIEDEN
                ],
                vorige,
                deze,
            ),
            "procentpunten",
        )
    )
    return uit


def recidive_groepen(rijen: pd.DataFrame) -> list[str]:
    """The recidive groups shown in charts and the factsheet: per werksoort and totaal.

    Finer breakdowns (e.g. ``werksoort=Top X;doelgroep=...``) stay on the detail sheet.
    """
    groepen = [g for g in dict.fromkeys(rijen["groep"]) if set(groep_delen(g)) <= {"werksoort"}]
    volgorde = [f"werksoort={ws}" for ws in WERKSOORTEN]
    return sorted(
        groepen, key=lambda g: (g == "totaal", volgorde.index(g) if g in volgorde else 99, g)
    )


def _recidive(uitkomst) -> list[Grafiek]:
    csv = uitkomst.indicatoren
    sel = selecteer(csv, indicator="10-2", item="recidive")
    groepen = recidive_groepen(sel)
    uit = []
    for sleutel, (voor, na), titel, eenheid, uitleg in (
        (
            "recidive",
            ("per_jaar_vrij_voor", "per_jaar_vrij_na"),
            "Delicten per jaar in vrijheid, voor en na de start",
            "per_jaar",
            "Gemiddeld aantal delicten per persoon per 365 dagen in vrijheid (detentie telt niet "
            "mee), in het jaar voor en na de start van de aanpak.",
        ),
        (
            "prevalentie",
            ("prevalentie_voor", "prevalentie_na"),
            "Personen met minstens één delict, voor en na de start",
            "percentage",
            "Aandeel personen dat in het jaar voor of na de start minstens één keer als verdachte "
            "is geregistreerd.",
        ),
    ):
        rijen = []
        for g in groepen:
            v = selecteer(sel, statistiek=voor, groep=g).to_dict("records")
            n = selecteer(sel, statistiek=na, groep=g).to_dict("records")
            if not v and not n:
                continue
            naam = "Totaal" if g == "totaal" else groep_delen(g).get("werksoort", g)
            rijen.append(
                {
                    "categorie": categorie_label(naam, v + n, markeer_significant=False),
                    "voor de start": v[0]["waarde"] if v else np.nan,
                    "na de start": n[0]["waarde"] if n else np.nan,
                }
            )
        uit.append(
            Grafiek(
                sleutel,
                "recidivetool",
                "recidive",
                titel,
                uitleg,
                pd.DataFrame(rijen, columns=["categorie", "voor de start", "na de start"]),
                eenheid,
                kleuren=(KLEUR_VORIGE, KLEUR_DEZE),
            )
        )
    return uit


def grafieken(uitkomst) -> list[Grafiek]:
    """All charts of a meting, in factsheet order; charts without data are left out.

    Parameters
    ----------
    uitkomst : instruments.meting.Uitkomst

    Returns
    -------
    list of Grafiek
    """
    alle = [
        *_registratie(uitkomst),
        *verhalen(uitkomst),
        *_vragenlijst(uitkomst, item_labels(uitkomst)),
        *_casusanalyse(uitkomst),
        *_recidive(uitkomst),
    ]
    if uitkomst.vorige_naam is None:
        for g in alle:
            g.leeswijzer = g.leeswijzer.replace(" " + SIGNIFICANT_NOOT, "")
    volgorde = {s: i for i, s in enumerate(VOLGORDE)}
    alle.sort(key=lambda g: volgorde.get(g.sleutel, len(volgorde)))
    return [g for g in alle if g.heeft_waarden]
