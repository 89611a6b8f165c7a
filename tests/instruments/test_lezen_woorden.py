"""The words judged for the code page (``lezen_ruw._woorden_met_hoog``).

Reference: ``re.findall`` of the plain pattern ``[A-Za-z\\x80-\\xff]*[\\x80-\\xff][A-Za-z\\x80-\\xff]*``
(and its text form), which the faster search must equal on any input.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.lezen_ruw import _woorden_met_hoog

OUD_BYTES = re.compile(rb"[A-Za-z\x80-\xff]*[\x80-\xff][A-Za-z\x80-\xff]*")
OUD_TEKST = re.compile(r"[A-Za-z\u0080-\uffff]*[\u0080-\uffff][A-Za-z\u0080-\uffff]*")

BYTES = st.lists(
    st.sampled_from([b"a", b"Z", b" ", b";", b"\xe9", b"\xeb", b"\x80", b"1", b"\n", b"-"]),
    max_size=80,
).map(b"".join)
TEKST = st.text(
    alphabet=st.sampled_from(["a", "Z", " ", ";", "é", "ë", "€", "1", "\n", "Ã", "«", "😀"]),
    max_size=80,
)


@settings(max_examples=300)
@given(BYTES)
def test_bytes_equal_the_plain_pattern(data):
    assert _woorden_met_hoog(data) == OUD_BYTES.findall(data)


@settings(max_examples=300)
@given(TEKST)
def test_text_equals_the_plain_pattern(tekst):
    assert _woorden_met_hoog(tekst) == OUD_TEKST.findall(tekst)


def test_example_by_hand():
    assert _woorden_met_hoog("Financi\u00c3\u00able steun; caf\u00e9 en ge\u00efnd") == [
        "Financi\u00c3\u00able",
        "caf\u00e9",
        "ge\u00efnd",
    ]
    assert _woorden_met_hoog(b"Caf\xe9;a\xe9b \xe9") == [b"Caf\xe9", b"a\xe9b", b"\xe9"]
