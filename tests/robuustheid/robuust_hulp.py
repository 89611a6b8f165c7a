"""Helpers of the robustness and privacy tests (settings, CSV/TOML writing, messages)."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from hypothesis import HealthCheck, settings

#: Quick and reproducible property tests: the whole folder must stay well under 90 s in CI.
SNEL = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
#: For examples that write an XLSX file or run a whole instrument.
TRAAG = settings(SNEL, max_examples=25)

#: Rows of the demo registry / police extract kept in the small test copies.
REGISTRATIE_RIJEN = 400
POLITIE_RIJEN = 1500
RESPONDENTEN = 40

#: Dutch imperative words with which a message tells the user what to do.
OPLOSSINGSWOORDEN = (
    "controleer",
    "exporteer",
    "lever",
    "sla ",
    "hernoem",
    "herstel",
    "oplossing",
    "verwijder",
    "geef",
    "pas ",
    "zet ",
    "kies",
    "gebruik",
    "voeg",
    "verhoog",
    "typ",
)


def elfproef_bsn(rng: random.Random, aantal: int) -> list[str]:
    """``aantal`` distinct 9-digit numbers that pass the elfproef (plausible BSNs)."""
    uit: list[str] = []
    while len(uit) < aantal:
        cijfers = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(7)]
        som = sum(c * g for c, g in zip(cijfers, range(9, 1, -1), strict=True))
        laatste = som % 11
        if laatste == 10:
            continue
        nummer = "".join(map(str, cijfers)) + str(laatste)
        if nummer not in uit:
            uit.append(nummer)
    return uit


def is_bsn(nummer: str) -> bool:
    """The elfproef, written independently of the suite's own check."""
    if len(nummer) != 9 or not nummer.isdigit():
        return False
    gewichten = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(int(c) * g for c, g in zip(nummer, gewichten, strict=True)) % 11 == 0


def lees_csv(pad: Path, encoding: str, sep: str = ";") -> list[list[str]]:
    """All rows of a CSV file (header first) as lists of strings."""
    tekst = pad.read_bytes().decode(encoding)
    if tekst.startswith("\ufeff"):
        tekst = tekst[1:]
    return [r for r in csv.reader(io.StringIO(tekst, newline=""), delimiter=sep) if r]


def schrijf_csv(
    pad: Path, rijen: list[list[str]], encoding: str, sep: str = ";", eol: str = "\r\n"
) -> Path:
    """Write rows as CSV (quoting only where needed)."""
    buf = io.StringIO(newline="")
    schrijver = csv.writer(buf, delimiter=sep, lineterminator=eol)
    schrijver.writerows(rijen)
    pad.write_bytes(buf.getvalue().encode(encoding))
    return pad


def schrijf_config(map_: Path, secties: dict[str, dict], naam: str = "meting.toml") -> Path:
    """Write a meting.toml from ``{sectie: {sleutel: waarde}}`` (str, int, float, bool, list,
    dict of str, or Path: written as an absolute path)."""

    def waarde(w) -> str:
        if isinstance(w, bool):
            return "true" if w else "false"
        if isinstance(w, Path):
            return '"' + w.resolve().as_posix() + '"'
        if isinstance(w, str):
            return '"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(w, list):
            return "[" + ", ".join(waarde(x) for x in w) + "]"
        if isinstance(w, dict):
            return "{ " + ", ".join(f"{waarde(k)} = {waarde(v)}" for k, v in w.items()) + " }"
        return str(w)

    regels = []
    for sectie, sleutels in secties.items():
        regels.append(f"[{sectie}]")
        regels += [f"{k} = {waarde(v)}" for k, v in sleutels.items()]
        regels.append("")
    pad = map_ / naam
    pad.write_text("\n".join(regels), encoding="utf-8")
    return pad


def melding_uit(stderr: str) -> str:
    """The text of the one input-error message the CLI printed."""
    _, _, rest = stderr.partition("FOUT in de invoer: ")
    for einde in ("\nDe afgewezen rijen staan in ", "\nEr is geen uitvoer geschreven."):
        rest = rest.split(einde)[0]
    return rest


def heeft_oplossing(melding: str) -> bool:
    """Whether a message tells the user what to do."""
    laag = melding.lower()
    return any(w in laag for w in OPLOSSINGSWOORDEN)


# ------------------------------------------------------------------------------------------
# Personal data planted in the inputs (all made up; chosen so that they cannot occur in an
# output by chance)
# ------------------------------------------------------------------------------------------
NAMEN_META = ["Gijsbertha", "Xandrijn", "Vlieghuis-Okkerse", "Bloemkoolsma"]
NAMEN_EXTRA = ["Wiebrand", "Ysbrandina", "Tjallingii-Stoop", "Haverschmidtje"]
NAAM_ANDERS = "Ottolien Kwakernaak"
NAAM_DOELGROEP = "Fokeltje Zeegers-Quist"
NAAM_GEMEENTE = "Reinoutje Pijpelink"
NAAM_OPEN = "Hendrikus Stoopendaal"
EMAILS = ["gijsbertha.vlieghuis@privemail.example", "x.bloemkoolsma@geheim.example"]
IPS = ["198.51.100.213", "203.0.113.199"]
TELEFOONS = ["06-41327589", "+31 6 2938 4756", "0475-318265"]
BSNS = elfproef_bsn(random.Random(2017), 6)
OPEN_TEKST = (
    f"Graag contact met {NAAM_OPEN}, {TELEFOONS[0]} of {TELEFOONS[1]}, {EMAILS[0]}, "
    f"BSN {BSNS[0]}, IP {IPS[0]}."
)
#: Where each planted string went (label -> strings), for the scans of the outputs.
GEPLANT: dict[str, list[str]] = {
    "vragenlijst metadata: namen": NAMEN_META,
    "vragenlijst metadata: e-mail": EMAILS,
    "vragenlijst metadata: IP": IPS,
    "vragenlijst metadata: BSN en telefoon (custom data)": [*BSNS, *TELEFOONS],
    "vragenlijst open antwoord": [NAAM_OPEN, *TELEFOONS[:2], EMAILS[0], BSNS[0], IPS[0]],
    "vragenlijst 'Anders, namelijk'": [NAAM_ANDERS],
    "registratie extra kolommen": [*NAMEN_EXTRA, *BSNS, *TELEFOONS, *EMAILS, NAAM_OPEN],
    "registratie doelgroep": [NAAM_DOELGROEP],
    "registratie gemeente": [NAAM_GEMEENTE],
    "politie en detentie extra kolommen": [*NAMEN_EXTRA, *BSNS, *TELEFOONS, *EMAILS, *IPS],
}
