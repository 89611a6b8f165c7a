"""The layers of the suite, checked mechanically from the imports of every module (ast).

- ``instruments.meting`` (wiring) and the tools never import the presentation
  (``instruments.rapport``); the composition root is ``instruments.run`` (and ``cli``);
- the presentation never imports the wiring (``instruments.meting``, ``instruments.run``);
- ``analysis`` (pure statistics) imports nothing of ``instruments``;
- no import cycles between the modules (imports inside functions included; imports under
  ``if TYPE_CHECKING:`` only name types and never run, so they do not count);
- no source module over 800 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

WORTEL = Path(__file__).resolve().parents[1]
PAKKETTEN = ("instruments", "analysis", "surveys")
MAX_REGELS = 800
WIRING = {"instruments.meting", "instruments.run", "instruments.cli"}


def _modules() -> dict[str, Path]:
    uit = {}
    for pakket in PAKKETTEN:
        for pad in sorted((WORTEL / pakket).rglob("*.py")):
            delen = list(pad.relative_to(WORTEL).with_suffix("").parts)
            if delen[-1] == "__init__":
                delen = delen[:-1]
            uit[".".join(delen)] = pad
    return uit


MODULES = _modules()


def _imports(naam: str, pad: Path) -> set[str]:
    """The modules of the suite that ``naam`` imports (anywhere in the file)."""
    boom = ast.parse(pad.read_text(encoding="utf-8"))
    pakket = naam if pad.name == "__init__.py" else naam.rpartition(".")[0]
    uit: set[str] = set()
    # imports under ``if TYPE_CHECKING:`` only name types for annotations; they never run
    alleen_typen = {
        id(k)
        for blok in ast.walk(boom)
        if isinstance(blok, ast.If)
        and (
            (isinstance(blok.test, ast.Name) and blok.test.id == "TYPE_CHECKING")
            or (isinstance(blok.test, ast.Attribute) and blok.test.attr == "TYPE_CHECKING")
        )
        for tak in blok.body
        for k in ast.walk(tak)
    }
    for knoop in ast.walk(boom):
        if id(knoop) in alleen_typen:
            continue
        if isinstance(knoop, ast.Import):
            doelen = [a.name for a in knoop.names]
        elif isinstance(knoop, ast.ImportFrom):
            basis = knoop.module or ""
            if knoop.level:
                delen = pakket.split(".")
                delen = delen[: len(delen) - knoop.level + 1]
                basis = ".".join([*delen, basis] if basis else delen)
            doelen = [basis] + [f"{basis}.{a.name}" for a in knoop.names]
        else:
            continue
        for d in doelen:
            # the longest known module the name refers to
            while d and d not in MODULES:
                d = d.rpartition(".")[0]
            if d and d != naam:
                uit.add(d)
    return uit


IMPORTS = {naam: _imports(naam, pad) for naam, pad in MODULES.items()}


def _in(module: str, laag: str) -> bool:
    return module == laag or module.startswith(laag + ".")


def test_parser_sees_known_imports():
    # the checker itself: a known edge must be found, else every test below passes vacuously
    assert "instruments.vergelijking" in IMPORTS["instruments.meting"]
    assert "instruments.rapport.werkboek" in IMPORTS["instruments.rapport"]


def test_wiring_and_tools_do_not_import_the_presentation():
    fout = {
        naam: sorted(d for d in doelen if _in(d, "instruments.rapport"))
        for naam, doelen in IMPORTS.items()
        if not _in(naam, "instruments.rapport")
        and naam not in {"instruments.run", "instruments.cli"}
    }
    assert {k: v for k, v in fout.items() if v} == {}


def test_presentation_does_not_import_the_wiring():
    fout = {
        naam: sorted(d for d in doelen if d in WIRING)
        for naam, doelen in IMPORTS.items()
        if _in(naam, "instruments.rapport")
    }
    assert {k: v for k, v in fout.items() if v} == {}


def test_analysis_is_pure():
    fout = {
        naam: sorted(d for d in doelen if _in(d, "instruments"))
        for naam, doelen in IMPORTS.items()
        if _in(naam, "analysis")
    }
    assert {k: v for k, v in fout.items() if v} == {}


def _cycli() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    laag: dict[str, int] = {}
    stapel: list[str] = []
    op_stapel: set[str] = set()
    uit: list[list[str]] = []
    teller = [0]

    def bezoek(v: str) -> None:
        index[v] = laag[v] = teller[0]
        teller[0] += 1
        stapel.append(v)
        op_stapel.add(v)
        for w in IMPORTS[v]:
            # a package's __init__ importing its own submodules is no cycle of layers
            if _in(w, v) or _in(v, w):
                continue
            if w not in index:
                bezoek(w)
                laag[v] = min(laag[v], laag[w])
            elif w in op_stapel:
                laag[v] = min(laag[v], index[w])
        if laag[v] == index[v]:
            comp = []
            while True:
                w = stapel.pop()
                op_stapel.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                uit.append(sorted(comp))

    for v in sorted(IMPORTS):
        if v not in index:
            bezoek(v)
    return uit


def test_no_import_cycles():
    assert _cycli() == []


TE_LANG = sorted(
    naam
    for naam, pad in MODULES.items()
    if len(pad.read_text(encoding="utf-8").splitlines()) > MAX_REGELS
)


def test_no_module_over_800_lines():
    assert TE_LANG == []
