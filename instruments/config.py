"""The meting config (``meting.toml``): read, validate, resolve paths.

All settings of a yearly meting live in one TOML file (formats.md §5); nothing about a year
or a path is written into the code. Paths are relative to the TOML file. Every problem is an
:class:`~instruments.fouten.InvoerFout` that names the file, the key, what is allowed and
the fix.
"""

from __future__ import annotations

import datetime as dt
import itertools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from instruments.fouten import InvoerFout

# Kinds of value a key may hold.
PAD, PADEN, TEKST, GEHEEL, GETAL, JANEE, DATUM, TABEL, GEHELEN, TEKSTEN = (
    "pad",
    "lijst van paden",
    "tekst",
    "geheel getal",
    "getal",
    "true/false",
    "datum (jjjj-mm-dd)",
    "tabel",
    "lijst van gehele getallen",
    "lijst van teksten",
)

# section -> key -> (kind, required, default)
SCHEMA: dict[str, dict[str, tuple[str, bool, Any]]] = {
    "meting": {
        "naam": (TEKST, True, None),
        "registratiejaar": (GEHEEL, True, None),
        "veiligheidshuis": (TEKST, False, "Veiligheidshuis"),
    },
    "vorige": {
        "config": (PAD, False, None),
        "resultaten": (PAD, False, None),
    },
    "registratie": {
        "bestand": (PAD, True, None),
        "kolommen": (TABEL, False, {}),
        "inwoners": (PAD, False, None),
        "blad": (TEKST, False, None),
    },
    "vragenlijst": {
        "bestand": (PAD, True, None),
        "populatie": (GEHEEL, False, None),
        "eindige_populatiecorrectie": (JANEE, False, False),
        "codeboek": (PAD, False, None),
        "blad": (TEKST, False, None),
        # layout of the export: "surveymonkey" (two header rows) or "tidy"; default: detected
        "indeling": (TEKST, False, None),
        # invited professionals per organisatie or kant (CSV): representativeness (3-1)
        "uitgenodigd": (PAD, False, None),
        # post-stratification weights to the invited numbers: "geen", "kant" or "organisatie"
        "weging": (TEKST, False, "geen"),
    },
    "casusanalyse": {
        "bestanden": (PADEN, True, None),
    },
    "recidive": {
        "politie": (PAD, True, None),
        "detentie": (PAD, False, None),
        "koppeltabel": (PAD, False, None),
        "venster_dagen": (GEHEEL, False, 365),
        "wachttijd_dagen": (GEHEEL, False, 0),
        "peildatum": (DATUM, False, None),
        "min_dagen_vrij": (GEHEEL, False, 30),
        "pseudonimiseren": (JANEE, False, False),
        "kolommen": (TABEL, False, {}),
        # sheet of an XLSX/XLS input (default: the first)
        "politie_blad": (TEKST, False, None),
        "detentie_blad": (TEKST, False, None),
        "koppeltabel_blad": (TEKST, False, None),
        # matched comparison group (screening/triage only); bands = lower bounds
        "vergelijkingsgroep": (JANEE, False, True),
        "banden_voor": (GEHELEN, False, [0, 1, 2, 3, 5, 8]),
        "banden_jaar_ervoor": (GEHELEN, False, [0, 1, 3]),
    },
    "publicatie": {
        "alpha": (GETAL, False, 0.05),
        "minimale_celgrootte": (GEHEEL, False, 10),
        "klein_n": (GEHEEL, False, 5),
        "max_afgewezen_pct": (GETAL, False, 5.0),
    },
    "historie": {
        "resultaten": (PADEN, False, []),
    },
    # quotes of professionals printed in the factsheet, each a redacted open answer
    "factsheet": {
        "citaten": (TEKSTEN, False, []),
    },
    # the trust gates (instruments.controles); defaults: controles.STANDAARD
    "controles": {
        "min_koppeling_pct": (GETAL, False, 50.0),
        "max_dubbel_pct": (GETAL, False, 10.0),
        "max_buiten_vocabulaire_pct": (GETAL, False, 25.0),
        "vroegste_datum": (DATUM, False, dt.date(1990, 1, 1)),
    },
}


@dataclass
class MetingConfig:
    """A validated meting config. Section dicts hold every key, defaults filled in, paths
    as absolute :class:`~pathlib.Path` objects; an absent section is ``None``."""

    pad: Path
    naam: str
    registratiejaar: int
    veiligheidshuis: str = "Veiligheidshuis"
    vorige: MetingConfig | None = None
    vorige_resultaten: Path | None = None
    registratie: dict | None = None
    vragenlijst: dict | None = None
    casusanalyse: dict | None = None
    recidive: dict | None = None
    publicatie: dict = field(default_factory=dict)
    historie: list[Path] = field(default_factory=list)
    factsheet: dict = field(default_factory=dict)
    controles: dict = field(
        default_factory=lambda: {k: d for k, (_, _, d) in SCHEMA["controles"].items()}
    )

    @property
    def map(self) -> Path:
        """Folder of the config file (base of relative paths)."""
        return self.pad.parent

    def instellingen(self) -> dict[str, Any]:
        """All settings as plain JSON-able values, for the Verantwoording."""

        def plat(w: Any) -> Any:
            if isinstance(w, Path):
                return w.name
            if isinstance(w, (dt.date, dt.datetime)):
                return w.isoformat()
            if isinstance(w, dict):
                return {k: plat(v) for k, v in w.items()}
            if isinstance(w, list):
                return [plat(v) for v in w]
            return w

        secties = (
            "registratie",
            "vragenlijst",
            "casusanalyse",
            "recidive",
            "publicatie",
            "controles",
        )
        return {
            "meting": self.naam,
            "registratiejaar": self.registratiejaar,
            "vorige_meting": self.vorige.naam if self.vorige else None,
            "vorige_resultaten": plat(self.vorige_resultaten),
            **{s: plat(getattr(self, s)) for s in secties},
            "historie": plat(self.historie),
        }


def _fout(pad: Path, tekst: str) -> InvoerFout:
    return InvoerFout(f"{pad.name}: {tekst}")


def _waarde(pad: Path, sectie: str, sleutel: str, soort: str, w: Any) -> Any:
    plaats = f"[{sectie}] {sleutel}"

    def bestaand(p: Any) -> Path:
        if not isinstance(p, str) or not p.strip():
            raise _fout(
                pad,
                f"{plaats} moet een bestandsnaam (tekst) zijn, niet {p!r}. Zet de naam tussen "
                'aanhalingstekens, bijvoorbeeld "gcos_2016.csv".',
            )
        vol = (pad.parent / p).resolve()
        if not vol.exists():
            raise _fout(
                pad,
                f"{plaats}: bestand '{p}' niet gevonden (gezocht als {vol}). Paden zijn "
                "relatief aan de map van de config; controleer de naam.",
            )
        return vol

    if soort == PAD:
        return bestaand(w)
    if soort == PADEN:
        if not isinstance(w, list):
            raise _fout(
                pad,
                f"{plaats} moet een lijst zijn. Pas de config aan, bijvoorbeeld "
                '["a.xlsx", "b.xlsx"].',
            )
        return [bestaand(p) for p in w]
    if soort == GEHELEN:
        goed = isinstance(w, list) and all(
            isinstance(v, int) and not isinstance(v, bool) for v in w
        )
        if goed and w and w[0] == 0 and all(b > a for a, b in itertools.pairwise(w)):
            return list(w)
        raise _fout(
            pad,
            f"{plaats} moet een lijst van oplopende gehele ondergrenzen zijn die met 0 begint, "
            f"maar is {w!r}. Pas de config aan, bijvoorbeeld [0, 1, 3].",
        )
    if soort == TEKSTEN and isinstance(w, list) and all(isinstance(v, str) for v in w):
        return list(w)
    if soort == TEKST and isinstance(w, str):
        return w
    if soort == TEKST and isinstance(w, int) and not isinstance(w, bool):
        return str(w)
    if soort == GEHEEL and isinstance(w, int) and not isinstance(w, bool):
        return w
    if soort == GETAL and isinstance(w, (int, float)) and not isinstance(w, bool):
        return float(w)
    if soort == JANEE and isinstance(w, bool):
        return w
    if soort == DATUM and isinstance(w, dt.date) and not isinstance(w, dt.datetime):
        return w
    if soort == TABEL and isinstance(w, dict) and all(isinstance(v, str) for v in w.values()):
        return dict(w)
    raise _fout(pad, f"{plaats} moet een {soort} zijn, maar is {w!r}. Pas de config aan.")


def laad_config(pad: Path | str, *, _met_vorige: bool = True) -> MetingConfig:
    """Read and validate a ``meting.toml``.

    Parameters
    ----------
    pad : path
        The config file.

    Returns
    -------
    MetingConfig

    Raises
    ------
    InvoerFout
        Missing file, TOML syntax error, unknown section or key, wrong type, missing
        required key, a path that does not exist, or both/neither of ``[vorige] config`` and
        ``resultaten``.

    Examples
    --------
    >>> cfg = laad_config("meting2017.toml")  # doctest: +SKIP
    >>> cfg.naam, cfg.registratiejaar  # doctest: +SKIP
    ('2017', 2016)
    """
    pad = Path(pad).resolve()
    if not pad.exists():
        raise InvoerFout(f"{pad}: config niet gevonden. Geef het pad van een meting.toml.")
    if not pad.is_file():
        raise InvoerFout(
            f"{pad}: dit is een map, geen config. Geef het pad van een meting.toml "
            "(bijvoorbeeld --config meting2017.toml)."
        )
    try:
        ruw = tomllib.loads(pad.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise _fout(pad, "de config is geen UTF-8-tekst. Sla hem op als UTF-8.") from None
    except OSError as e:
        raise _fout(
            pad,
            f"de config kan niet worden gelezen ({e.strerror or e}). Controleer de leesrechten.",
        ) from None
    except tomllib.TOMLDecodeError as e:
        raise _fout(
            pad, f"de config is geen geldige TOML ({e}). Herstel de aangegeven regel."
        ) from None

    onbekend = sorted(set(ruw) - set(SCHEMA))
    if onbekend:
        raise _fout(
            pad,
            f"onbekende sectie(s) {', '.join(f'[{s}]' for s in onbekend)}. Toegestaan: "
            f"{', '.join(f'[{s}]' for s in SCHEMA)}. Controleer de spelling.",
        )
    secties: dict[str, dict | None] = {}
    for sectie, sleutels in SCHEMA.items():
        inhoud = ruw.get(sectie)
        if inhoud is None:
            secties[sectie] = None
            continue
        if not isinstance(inhoud, dict):
            raise _fout(
                pad,
                f"[{sectie}] moet een sectie zijn (een kop tussen blokhaken). Zet '[{sectie}]' "
                "op een eigen regel met de sleutels eronder.",
            )
        vreemd = sorted(set(inhoud) - set(sleutels))
        if vreemd:
            raise _fout(
                pad,
                f"onbekende sleutel(s) in [{sectie}]: {', '.join(vreemd)}. Toegestaan: "
                f"{', '.join(sleutels)}. Controleer de spelling.",
            )
        waarden = {}
        for sleutel, (soort, verplicht, standaard) in sleutels.items():
            if sleutel in inhoud:
                waarden[sleutel] = _waarde(pad, sectie, sleutel, soort, inhoud[sleutel])
            elif verplicht:
                raise _fout(
                    pad,
                    f"[{sectie}] mist de verplichte sleutel '{sleutel}' ({soort}). Voeg "
                    f"'{sleutel} = ...' toe aan de sectie [{sectie}].",
                )
            else:
                waarden[sleutel] = standaard
        secties[sectie] = waarden

    if secties["meting"] is None:
        raise _fout(
            pad,
            "de sectie [meting] met naam en registratiejaar ontbreekt. Voeg bovenaan toe: "
            '[meting], naam = "2017", registratiejaar = 2016 (elk op een eigen regel).',
        )
    publicatie = secties["publicatie"] or {k: d for k, (_, _, d) in SCHEMA["publicatie"].items()}
    if not 0 < publicatie["alpha"] < 1:
        raise _fout(
            pad,
            f"[publicatie] alpha moet tussen 0 en 1 liggen, niet {publicatie['alpha']}. Pas de "
            "config aan (gebruikelijk: alpha = 0.05).",
        )
    if not 0 <= publicatie["max_afgewezen_pct"] <= 100:
        raise _fout(
            pad,
            "[publicatie] max_afgewezen_pct moet tussen 0 en 100 liggen, niet "
            f"{publicatie['max_afgewezen_pct']:g}. Pas de config aan (standaard: 5).",
        )

    vragenlijst = secties["vragenlijst"]
    if vragenlijst is not None:
        _controleer_weging(pad, vragenlijst)

    controles = secties["controles"] or {k: d for k, (_, _, d) in SCHEMA["controles"].items()}
    for sleutel in ("min_koppeling_pct", "max_dubbel_pct", "max_buiten_vocabulaire_pct"):
        if not 0 <= controles[sleutel] <= 100:
            raise _fout(
                pad,
                f"[controles] {sleutel} moet tussen 0 en 100 liggen, niet "
                f"{controles[sleutel]:g}. Pas de config aan (standaard: "
                f"{SCHEMA['controles'][sleutel][2]:g}).",
            )

    vorige_cfg = None
    vorige_res = None
    vorige = secties["vorige"]
    if vorige is not None:
        if (vorige["config"] is None) == (vorige["resultaten"] is None):
            raise _fout(
                pad,
                "[vorige] heeft precies één van 'config' (ruwe bestanden van de vorige meting) "
                "of 'resultaten' (haar indicatoren.csv) nodig. Geef er één en verwijder de "
                "andere.",
            )
        if vorige["config"] is not None:
            if vorige["config"] == pad:
                raise _fout(
                    pad,
                    "[vorige] config verwijst naar deze config zelf. Geef de config van de "
                    "vorige meting.",
                )
            if _met_vorige:
                vorige_cfg = laad_config(vorige["config"], _met_vorige=False)
        vorige_res = vorige["resultaten"]

    meting = secties["meting"]
    if vorige_cfg is not None:
        controleer_volgorde(
            pad,
            meting["naam"],
            meting["registratiejaar"],
            vorige_cfg.naam,
            vorige_cfg.registratiejaar,
            vorige_cfg.pad.name,
        )
    return MetingConfig(
        pad=pad,
        naam=meting["naam"],
        registratiejaar=meting["registratiejaar"],
        veiligheidshuis=meting["veiligheidshuis"],
        vorige=vorige_cfg,
        vorige_resultaten=vorige_res,
        registratie=secties["registratie"],
        vragenlijst=secties["vragenlijst"],
        casusanalyse=secties["casusanalyse"],
        recidive=secties["recidive"],
        publicatie=publicatie,
        historie=(secties["historie"] or {}).get("resultaten", []),
        controles=controles,
        factsheet=secties["factsheet"] or {"citaten": []},
    )


#: Values of ``[vragenlijst] weging``.
WEGINGEN = ("geen", "kant", "organisatie")


def _controleer_weging(pad: Path, vragenlijst: dict) -> None:
    """Validate ``[vragenlijst] weging`` (normalised in place) against ``uitgenodigd``."""
    weging = str(vragenlijst["weging"]).strip().lower()
    if weging not in WEGINGEN:
        raise _fout(
            pad,
            f'[vragenlijst] weging = "{vragenlijst["weging"]}" is onbekend. Kies "geen" '
            '(standaard), "kant" of "organisatie" (weging naar de uitgenodigden per kant of '
            "per organisatie).",
        )
    if weging != "geen" and vragenlijst["uitgenodigd"] is None:
        raise _fout(
            pad,
            f'[vragenlijst] weging = "{weging}" heeft de aantallen uitgenodigden nodig. Geef '
            'uitgenodigd = "..." (een CSV met de kolommen organisatie of kant en '
            'uitgenodigd), of zet weging = "geen".',
        )
    vragenlijst["weging"] = weging


def controleer_volgorde(
    pad: Path,
    naam: str,
    jaar: int | None,
    vorige_naam: str,
    vorige_jaar: int | None,
    bron: str,
) -> None:
    """Refuse a previous meting with the same name, or a registratiejaar not after it.

    A config copied for next year without changing ``naam`` (or ``registratiejaar``) would
    compare a meting with itself or with a later one.

    Raises
    ------
    InvoerFout
        When ``naam`` equals the previous meting's, or ``jaar`` is not after ``vorige_jaar``.
    """
    if str(naam).strip() == str(vorige_naam).strip():
        raise _fout(
            pad,
            f'[meting] naam = "{naam}" is gelijk aan de naam van de vorige meting ({bron}). '
            "Is de config gekopieerd zonder hem aan te passen? Geef deze meting een eigen "
            "naam (bijvoorbeeld het jaar van de meting) en controleer registratiejaar en "
            "bestanden.",
        )
    if jaar is not None and vorige_jaar is not None and jaar <= vorige_jaar:
        raise _fout(
            pad,
            f"[meting] registratiejaar = {jaar} ligt niet na dat van de vorige meting "
            f"({vorige_jaar}, {bron}). Controleer registratiejaar in beide configs; [vorige] "
            "moet naar een eerdere meting wijzen.",
        )
