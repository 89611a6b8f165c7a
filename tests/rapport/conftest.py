"""Fixtures of the reporting tests (the builder is in ``rapport_hulp``)."""

from __future__ import annotations

import pytest
from rapport_hulp import bouw_uitkomst

from instruments.meting import Uitkomst


@pytest.fixture(scope="module")
def demo_uitkomst(tmp_path_factory) -> Uitkomst:
    """Shared by the tests of one module: do not modify it in a test."""
    return bouw_uitkomst(tmp_path_factory.mktemp("meting"))
