"""Timing child processes, reading the suite's figures and comparing them with DuckDB's.

Each measured program runs as its own child process; its wall time is taken around it and
its peak memory (maximum resident set size) comes from ``os.wait4`` for exactly that
child. Linux carries a parent's resident size at ``fork`` over into the child's maximum,
so the benchmark process itself stays small: it generates the inputs in a child process
too and imports pandas only after the measurements (see :mod:`bench.__main__`).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "RATE_REL_TOL",
    "STATISTIEKEN",
    "Proces",
    "draai",
    "suite_cijfers",
    "vergelijk_cijfers",
]

#: Relative tolerance for the yearly rates; counts and days must be equal.
RATE_REL_TOL = 1e-9
#: Statistics compared per group, and whether they are counts (exact) or rates.
STATISTIEKEN = {
    "personen": "telling",
    "delicten_voor": "telling",
    "delicten_na": "telling",
    "dagen_vrij_voor": "telling",
    "dagen_vrij_na": "telling",
    "per_jaar_vrij_voor": "rate",
    "per_jaar_vrij_na": "rate",
}
GROEPEN = ("werksoort=Top X", "werksoort=Overige casuïstiek", "totaal")


@dataclass(frozen=True)
class Proces:
    """A finished child process: exit code, wall seconds, peak memory (MB) and output."""

    code: int
    seconden: float
    piek_mb: float
    stdout: str
    stderr: str

    def json(self) -> dict:
        """The last line of stdout as JSON (the bench's own child programs print one)."""
        regels = [r for r in self.stdout.splitlines() if r.strip()]
        if self.code != 0 or not regels:
            raise RuntimeError(
                f"het kindproces stopte met code {self.code}:\n{self.stderr[-3000:]}"
            )
        return json.loads(regels[-1])


def draai(args: list[str], *, cwd: Path | None = None) -> Proces:
    """Run ``args`` as a child process; measure wall time and its own peak RSS.

    ``os.wait4`` returns the resource usage of that one child (on Linux ``ru_maxrss`` is in
    kilobytes), unlike ``RUSAGE_CHILDREN``, which keeps the maximum over all children.
    """
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    begin = time.perf_counter()
    proces = subprocess.Popen(
        args,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # read both pipes in threads so that a chatty child never blocks, then reap it with
    # wait4 to get its rusage
    uit: dict[str, str] = {}

    def lees(naam: str, stroom) -> None:
        uit[naam] = stroom.read()

    lezers = [
        threading.Thread(target=lees, args=("stdout", proces.stdout)),
        threading.Thread(target=lees, args=("stderr", proces.stderr)),
    ]
    for t in lezers:
        t.start()
    _, status, gebruik = os.wait4(proces.pid, 0)
    seconden = time.perf_counter() - begin
    for t in lezers:
        t.join()
    proces.returncode = os.waitstatus_to_exitcode(status)
    proces.stdout.close()
    proces.stderr.close()
    kb = gebruik.ru_maxrss if sys.platform != "darwin" else gebruik.ru_maxrss / 1024
    return Proces(
        code=proces.returncode,
        seconden=seconden,
        piek_mb=kb / 1024,
        stdout=uit.get("stdout", ""),
        stderr=uit.get("stderr", ""),
    )


def suite_cijfers(indicatoren_csv: Path) -> pd.DataFrame:
    """The 10-2 figures of a run's ``indicatoren.csv``: one row per group, a column per
    statistic (``personen``, ``delicten_voor/na``, ``per_jaar_vrij_voor/na``)."""
    import pandas as pd

    df = pd.read_csv(indicatoren_csv, dtype={"groep": str, "statistiek": str})
    r = df[(df["indicator"] == "10-2") & (df["item"] == "recidive")]
    return r.pivot_table(index="groep", columns="statistiek", values="waarde", aggfunc="first")


def vergelijk_cijfers(
    suite: pd.DataFrame, duckdb: pd.DataFrame, *, bron: str = "suite"
) -> pd.DataFrame:
    """Compare the suite's recidive figures with DuckDB's, group by group.

    Parameters
    ----------
    suite, duckdb : pandas.DataFrame
        Indexed by group label (``werksoort=Top X``, ``werksoort=Overige casuïstiek``,
        ``totaal``), a column per statistic. Statistics missing from ``suite`` are skipped
        (``indicatoren.csv`` has no days at liberty).
    bron : str
        Label of the suite's source, for the report.

    Returns
    -------
    pandas.DataFrame
        Columns ``bron``, ``groep``, ``statistiek``, ``suite``, ``duckdb``, ``gelijk``:
        counts must be equal, rates equal within a relative tolerance of
        :data:`RATE_REL_TOL`. A group or value absent on either side is not equal.
    """
    import pandas as pd

    rijen = []
    for groep in GROEPEN:
        for stat, soort in STATISTIEKEN.items():
            if stat not in suite.columns:
                continue
            s = suite[stat].get(groep, math.nan) if groep in suite.index else math.nan
            d = duckdb[stat].get(groep, math.nan) if groep in duckdb.index else math.nan
            s, d = float(s), float(d)
            if math.isnan(s) or math.isnan(d):
                gelijk = False
            elif soort == "telling":
                gelijk = s == d
            else:
                gelijk = math.isclose(s, d, rel_tol=RATE_REL_TOL, abs_tol=0.0)
            rijen.append(
                {
                    "bron": bron,
                    "groep": groep,
                    "statistiek": stat,
                    "suite": s,
                    "duckdb": d,
                    "gelijk": gelijk,
                }
            )
    return pd.DataFrame(rijen, columns=["bron", "groep", "statistiek", "suite", "duckdb", "gelijk"])
