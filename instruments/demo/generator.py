"""Deterministic synthetic input files for two demo metingen (2016 and 2017).

:func:`genereer_demo` writes, into one folder, the raw exports a researcher would collect,
in the messy real-life formats of ``formats.md``, for meting 2016 (registratiejaar 2015) and
meting 2017 (registratiejaar 2016), plus the two meting configs. Everything is synthetic:
names, e-mail addresses, IP addresses and person numbers are made up (on purpose, so that
the privacy handling of the readers can be tested). The same seed gives byte-identical
files.

Files written
-------------
``gcos_2015.csv``, ``gcos_2016.csv``
    Registry extracts (one row per bespreking): ``;``-separated, Windows-1252, CRLF, mixed
    Dutch date forms, werksoort spelling variants, history before the registratiejaar and a
    few rows after it, planted bad rows. Only the 2016 extract has a ``Procesregie`` column.
``surveymonkey_2016.csv``
    SurveyMonkey expanded export: UTF-8 with BOM, ``,``-separated, two header rows,
    English metadata headers, month-first dates.
``surveymonkey_2017.xlsx``
    The same layout as XLSX, with Dutch metadata headers and datetime cells.
``uitgenodigd_2016.csv``, ``uitgenodigd_2017.csv``
    Invited professionals per organisatie (``;``, UTF-8), consistent with the simulated
    respondents and :data:`POPULATIE`; response is slightly uneven between organisaties.
``politie.csv``, ``detentie.csv``
    Pseudonymised police registrations and detention periods (``;``, UTF-8, dd-mm-jjjj),
    shared by both metingen.
``casus_a.xlsx``, ``casus_b.xlsx``
    Two filled case-analysis templates (meting 2017).
``meting2016.toml``, ``meting2017.toml``
    The meting configs; 2017 points to 2016 as its baseline.
``LEESMIJ.txt``
    What the files are and which problems were planted on purpose.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from instruments.demo import _politie, _registratie, _vragenlijst

__all__ = ["genereer_demo"]

# Mix of date forms (dd-mm-jjjj, d-m-jjjj, dd/mm/jjjj, jjjj-mm-dd) per extract.
DATUMVORMEN = {2015: (0.70, 0.15, 0.10, 0.05), 2016: (0.55, 0.20, 0.15, 0.10)}
POPULATIE = 260
RESPONDENTEN = 130


def _schrijf_tekst(pad: Path, tekst: str, encoding: str) -> None:
    pad.write_bytes(tekst.encode(encoding))


def _config(
    naam: str,
    jaar: int,
    registratie: str,
    vragenlijst: str,
    seed: int,
    uitgenodigd: str | None = None,
    vorige: str | None = None,
    casusanalyse: list[str] | None = None,
    peildatum: str | None = None,
) -> str:
    regels = [
        f"# Demo-meting {naam}: synthetische gegevens, gemaakt door instruments.demo "
        f"(seed {seed}).",
        "# Paden zijn relatief aan de map van dit bestand.",
        "",
        "[meting]",
        f'naam = "{naam}"',
        f"registratiejaar = {jaar}",
        'veiligheidshuis = "Demo-veiligheidshuis (synthetische gegevens)"',
        "",
    ]
    if vorige:
        regels += ["[vorige]", f'config = "{vorige}"', ""]
    regels += ["[registratie]", f'bestand = "{registratie}"', ""]
    regels += ["[vragenlijst]", f'bestand = "{vragenlijst}"', f"populatie = {POPULATIE}"]
    if uitgenodigd:
        regels += [f'uitgenodigd = "{uitgenodigd}"']
    regels += [""]
    if casusanalyse:
        lijst = ", ".join(f'"{b}"' for b in casusanalyse)
        regels += ["[casusanalyse]", f"bestanden = [{lijst}]", ""]
    regels += [
        "[recidive]",
        'politie = "politie.csv"',
        'detentie = "detentie.csv"',
        "venster_dagen = 365",
    ]
    if peildatum:
        regels += [
            "# De politiegegevens lopen tot eind 2017; voor meting 2016 telt alleen wat toen",
            "# bekend was.",
            f"peildatum = {peildatum}",
        ]
    regels += ["", "[publicatie]", "alpha = 0.05", "minimale_celgrootte = 10", ""]
    return "\n".join(regels)


def _leesmij(seed: int, geplant: dict[str, list[str]], casus: list[str]) -> str:
    regels = [
        "DEMOGEGEVENS - volledig synthetisch",
        "===================================",
        "",
        f"Gemaakt door instruments.demo.genereer_demo met seed {seed}. Alle namen,",
        "e-mailadressen, IP-adressen, telefoonnummers en persoonsnummers zijn verzonnen.",
        "",
        "meting2016.toml  meting 2016, registratiejaar 2015 (gcos_2015.csv, surveymonkey_2016.csv)",
        "meting2017.toml  meting 2017, registratiejaar 2016 (gcos_2016.csv, surveymonkey_2017.xlsx"
        + (", casus_a.xlsx, casus_b.xlsx" if casus else "")
        + "); vorige meting = meting2016.toml",
        "politie.csv, detentie.csv  politiegegevens voor beide metingen (peildatum 30-11-2017)",
        "uitgenodigd_2016.csv, uitgenodigd_2017.csv  uitgenodigde professionals per organisatie",
        "  (representativiteit van de vragenlijst; de respons verschilt iets per organisatie)",
        "",
        "Met opzet ingebouwde problemen (de inleesfuncties moeten ze melden):",
    ]
    for bestand, lijst in geplant.items():
        for p in lijst:
            regels.append(f"- {bestand}: {p}")
    if not casus:
        regels += ["", "Casusanalyses ontbreken: instruments.casusanalysetool is niet beschikbaar."]
    return "\r\n".join(regels) + "\r\n"


def genereer_demo(map: Path, seed: int = 2017) -> Path:
    """Write the synthetic inputs of two demo metingen and return the 2017 config.

    Parameters
    ----------
    map : pathlib.Path
        Folder to write into (created if needed; existing demo files are overwritten).
    seed : int, default 2017
        Seed of :func:`numpy.random.default_rng`; the same seed gives byte-identical files.

    Returns
    -------
    pathlib.Path
        Path of ``meting2017.toml``, whose ``[vorige] config`` is ``meting2016.toml``.

    Notes
    -----
    Registry counts, survey grades and stellingen are drawn so that the results land near
    the published figures of Veiligheidshuis Midden-Limburg (about 1998 and 2318 unique
    casussen; rapportcijfer kwaliteit algemeen about 7.2 and 7.4). Each part uses its own
    stream spawned from ``seed``, so changing one part does not change the others.

    Examples
    --------
    >>> from pathlib import Path
    >>> config = genereer_demo(Path("demo-invoer"))  # doctest: +SKIP
    >>> config.name  # doctest: +SKIP
    'meting2017.toml'
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed moet een geheel getal zijn, niet {type(seed).__name__}")
    map_ = Path(map)
    map_.mkdir(parents=True, exist_ok=True)
    stromen = np.random.SeedSequence(int(seed)).spawn(6)
    rng_uni, rng_ext, rng_pol, rng_s16, rng_s17, rng_cas = (
        np.random.default_rng(s) for s in stromen
    )
    geplant: dict[str, list[str]] = {}

    # 1. registry extracts
    uni = _registratie.bouw_universum(rng_uni)
    for jaar, procesregie in ((2015, False), (2016, True)):
        ext = _registratie.maak_extract(rng_ext, uni, jaar, procesregie, DATUMVORMEN[jaar])
        naam = f"gcos_{jaar}.csv"
        _schrijf_tekst(map_ / naam, ext.tekst, "cp1252")
        geplant[naam] = [
            (f"rij {g['rij']}: " if g["rij"] is not None else "") + str(g["reden"])
            for g in ext.geplant
        ]

    # 2. police data (shared by both metingen)
    pol = _politie.maak_politie(rng_pol, uni)
    _schrijf_tekst(
        map_ / "politie.csv", pol.politie.to_csv(sep=";", index=False, lineterminator="\n"), "utf-8"
    )
    _schrijf_tekst(
        map_ / "detentie.csv",
        pol.detentie.to_csv(sep=";", index=False, lineterminator="\n"),
        "utf-8",
    )
    geplant["politie.csv"] = [
        f"{int((pol.politie['Pleegdatum'] == '').sum())} rijen zonder pleegdatum",
        f"{int((pol.politie['Rol'] != 'Verdachte').sum())} rijen met een andere rol dan Verdachte",
    ]
    geplant["detentie.csv"] = [
        f"{int((pol.detentie['Einddatum'] == '').sum())} open detenties (geen einddatum)",
        "één persoon met twee overlappende detentieperiodes",
    ]

    # 3. questionnaire exports
    codeboek = _vragenlijst.lees_codeboek()
    e16 = _vragenlijst.maak_export(rng_s16, "2016", RESPONDENTEN, False, codeboek)
    _vragenlijst.schrijf_csv(e16, map_ / "surveymonkey_2016.csv")
    e17 = _vragenlijst.maak_export(rng_s17, "2017", RESPONDENTEN, True, codeboek)
    _vragenlijst.schrijf_xlsx(e17, map_ / "surveymonkey_2017.xlsx")
    for jaar, export in (("2016", e16), ("2017", e17)):
        lijst = _vragenlijst.uitgenodigden(export, POPULATIE)
        _schrijf_tekst(
            map_ / f"uitgenodigd_{jaar}.csv",
            lijst.to_csv(sep=";", index=False, lineterminator="\n"),
            "utf-8",
        )
    geplant["surveymonkey_2016.csv"] = e16.geplant
    geplant["surveymonkey_2017.xlsx"] = e17.geplant

    # 4. case analyses (template and filler of the casusanalysetool)
    try:
        from instruments.demo import _casusanalyse

        casus = _casusanalyse.schrijf(rng_cas, uni, map_)
    except ModuleNotFoundError as fout:
        if not (fout.name or "").startswith("instruments.casusanalysetool"):
            raise
        casus = []

    # 5. configs
    (map_ / "meting2016.toml").write_text(
        _config(
            "2016",
            2015,
            "gcos_2015.csv",
            "surveymonkey_2016.csv",
            seed,
            uitgenodigd="uitgenodigd_2016.csv",
            peildatum="2016-11-30",
        ),
        encoding="utf-8",
    )
    config = map_ / "meting2017.toml"
    config.write_text(
        _config(
            "2017",
            2016,
            "gcos_2016.csv",
            "surveymonkey_2017.xlsx",
            seed,
            uitgenodigd="uitgenodigd_2017.csv",
            vorige="meting2016.toml",
            casusanalyse=casus,
        ),
        encoding="utf-8",
    )
    (map_ / "LEESMIJ.txt").write_bytes(_leesmij(seed, geplant, casus).encode("utf-8"))
    return config
