"""The meting config (``meting.toml``): read, validate, resolve paths.

All settings of a yearly meting live in one TOML file (formats.md §5); nothing about a year
or a path is written into the code. Paths are relative to the TOML file. Every problem is an
:class:`~instruments.fouten.InvoerFout` that names the file, the key, what is allowed and
the fix.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from instruments.config_model import (
    WEGINGEN,
    Casusanalyse,
    Controles,
    Factsheet,
    MetingToml,
    Publicatie,
    Recidive,
    Registratie,
    Sectie,
    Vragenlijst,
    melding,
    schema,
)
from instruments.fouten import InvoerFout

__all__ = ["SCHEMA", "WEGINGEN", "MetingConfig", "controleer_volgorde", "laad_config"]

#: section -> key -> (kind, required, default), derived from the section models.
SCHEMA = schema()


@dataclass
class MetingConfig:
    """A validated meting config.

    Each section is its typed model from :mod:`instruments.config_model` (every key present,
    defaults filled in, paths as absolute :class:`~pathlib.Path` objects); an absent optional
    section is ``None``, an absent ``[publicatie]``, ``[controles]`` or ``[factsheet]`` holds
    its defaults. Read a setting as ``cfg.publicatie.alpha``.
    """

    pad: Path
    naam: str
    registratiejaar: int
    veiligheidshuis: str = "Veiligheidshuis"
    vorige: MetingConfig | None = None
    vorige_resultaten: Path | None = None
    registratie: Registratie | None = None
    vragenlijst: Vragenlijst | None = None
    casusanalyse: Casusanalyse | None = None
    recidive: Recidive | None = None
    publicatie: Publicatie = field(default_factory=Publicatie)
    historie: list[Path] = field(default_factory=list)
    factsheet: Factsheet = field(default_factory=Factsheet)
    controles: Controles = field(default_factory=Controles)

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
            if isinstance(w, Sectie):
                return plat(w.als_dict())
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

    try:
        toml = MetingToml.model_validate(ruw, context={"pad": pad, "map": pad.parent})
    except ValidationError as e:
        raise _fout(pad, melding(e)) from None
    if toml.meting is None:
        raise _fout(
            pad,
            "de sectie [meting] met naam en registratiejaar ontbreekt. Voeg bovenaan toe: "
            '[meting], naam = "2017", registratiejaar = 2016 (elk op een eigen regel).',
        )

    vorige_cfg = None
    vorige_res = None
    if toml.vorige is not None:
        if toml.vorige.config is not None and _met_vorige:
            vorige_cfg = laad_config(toml.vorige.config, _met_vorige=False)
        vorige_res = toml.vorige.resultaten

    meting = toml.meting
    if vorige_cfg is not None:
        controleer_volgorde(
            pad,
            meting.naam,
            meting.registratiejaar,
            vorige_cfg.naam,
            vorige_cfg.registratiejaar,
            vorige_cfg.pad.name,
        )
    return MetingConfig(
        pad=pad,
        naam=meting.naam,
        registratiejaar=meting.registratiejaar,
        veiligheidshuis=meting.veiligheidshuis,
        vorige=vorige_cfg,
        vorige_resultaten=vorige_res,
        registratie=toml.registratie,
        vragenlijst=toml.vragenlijst,
        casusanalyse=toml.casusanalyse,
        recidive=toml.recidive,
        publicatie=toml.publicatie or Publicatie(),
        historie=toml.historie.resultaten if toml.historie else [],
        controles=toml.controles or Controles(),
        factsheet=toml.factsheet or Factsheet(),
    )


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
