"""Privacy of person IDs in the police data: the BSN check and keyed pseudonymisation.

A police extract must hold pseudonyms, never citizen service numbers (BSN). A column of
person IDs in which values look like a BSN (9 digits, or 8 digits whose leading zero a
spreadsheet dropped, that pass the *elfproef*) is refused, unless the user switched on
pseudonymisation: then every ID of every input (police, detention, registry, koppeltabel)
is replaced by its keyed HMAC-SHA256 while reading, so the files still link but the
output never holds an original ID.

The key never lives in the config: it comes from the environment variable
``VHH_PSEUDONIEM_SLEUTEL`` or from a file named by ``VHH_PSEUDONIEM_SLEUTELBESTAND``.

Everything works on the *unique* IDs (``pandas.factorize``) and maps back, so 10 million
rows with a million persons cost a million hashes.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from instruments.fouten import InvoerFout
from instruments.lezen import normaliseer_ids  # the one id rule, re-exported here

__all__ = [
    "ENV_SLEUTEL",
    "ENV_SLEUTELBESTAND",
    "MIN_SLEUTEL_BYTES",
    "bsn_masker",
    "lees_sleutel",
    "normaliseer_ids",
    "pseudonimiseer",
    "weiger_bsn",
]

ENV_SLEUTEL = "VHH_PSEUDONIEM_SLEUTEL"
ENV_SLEUTELBESTAND = "VHH_PSEUDONIEM_SLEUTELBESTAND"
#: A shorter key would make the pseudonyms easy to reverse by trying all BSNs.
MIN_SLEUTEL_BYTES = 16

_ELFPROEF_GEWICHTEN = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1], dtype=np.int64)

_HOE_AANZETTEN = (
    "Zet pseudonimisering aan met `pseudonimiseren = true` in de sectie [recidive] van de "
    f"config en geef een geheime sleutel (minstens {MIN_SLEUTEL_BYTES} tekens) in de "
    f"omgevingsvariabele {ENV_SLEUTEL} of in een sleutelbestand waarvan u het pad in "
    f"{ENV_SLEUTELBESTAND} zet (nooit in de config). Alle persoonsnummers worden dan "
    "bij het inlezen vervangen door een versleuteld pseudoniem (HMAC-SHA256)."
)


def _bsn_uniek(waarden: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Elfproef on an array of unique ID strings.

    Returns ``(masker, genormaliseerd)``: which values are plausible BSNs, and the values
    with the leading zero restored for the 8-digit ones (other values unchanged).
    """
    s = pd.Series(waarden, dtype="str")
    lengte = s.str.len()
    # [0-9], not \d: other Unicode digits are no BSN (and do not fit the byte view below)
    alleen_cijfers = s.str.fullmatch(r"[0-9]{8,9}").fillna(False).to_numpy(dtype=bool)
    aangevuld = s.where(lengte != 8, "0" + s)
    masker = np.zeros(len(s), dtype=bool)
    if alleen_cijfers.any():
        kandidaten = aangevuld[alleen_cijfers].to_numpy(dtype=str).astype("S9")
        cijfers = kandidaten.view(np.uint8).reshape(-1, 9).astype(np.int64) - ord("0")
        som = cijfers @ _ELFPROEF_GEWICHTEN
        # 000000000 passes the test arithmetically but identifies nobody.
        geldig = (som % 11 == 0) & (cijfers.sum(axis=1) > 0)
        masker[alleen_cijfers] = geldig
    genormaliseerd = np.where(masker, aangevuld.to_numpy(dtype=object), waarden)
    return masker, genormaliseerd


def bsn_masker(ids: pd.Series) -> np.ndarray:
    """Which IDs are plausible BSNs (vectorised over the unique values).

    Parameters
    ----------
    ids : pandas.Series
        IDs as strings (``<NA>`` allowed).

    Returns
    -------
    numpy.ndarray of bool
        True where the ID has 9 digits (or 8, read as 9 with a leading zero) and passes the
        elfproef ``9a + 8b + 7c + 6d + 5e + 4f + 3g + 2h - 1i ≡ 0 (mod 11)``.

    Examples
    --------
    >>> bsn_masker(pd.Series(["111222333", "11222333", "123456789", "P001", None])).tolist()
    [True, False, False, False, False]
    """
    codes, uniek = pd.factorize(normaliseer_ids(ids))
    if len(uniek) == 0:
        return np.zeros(len(ids), dtype=bool)
    masker_uniek, _ = _bsn_uniek(np.asarray(uniek, dtype=object))
    return np.where(codes >= 0, masker_uniek[np.maximum(codes, 0)], False)


def weiger_bsn(ids: pd.Series, *, bestand: str, kolom: str = "Persoonsnummer") -> None:
    """Raise :class:`InvoerFout` when any ID is a plausible BSN.

    The message names the file, the column and how many rows and distinct numbers, and
    explains how to switch on pseudonymisation. It never shows the numbers themselves.
    """
    masker = bsn_masker(ids)
    aantal = int(masker.sum())
    if aantal == 0:
        return
    verschillend = int(normaliseer_ids(ids)[masker].nunique())
    raise InvoerFout(
        f"{bestand}: de kolom {kolom} bevat in {aantal} rij(en) ({verschillend} verschillende "
        "nummers) een waarde die eruitziet als een burgerservicenummer (BSN: 9 cijfers die de "
        "elfproef doorstaan). BSN's mogen niet onversleuteld worden verwerkt; de nummers "
        f"worden hier daarom niet getoond. Lever gepseudonimiseerde nummers aan, of: "
        f"{_HOE_AANZETTEN}"
    )


def lees_sleutel(omgeving: Mapping[str, str] | None = None) -> bytes:
    """The pseudonymisation key from the environment (never from the config).

    ``VHH_PSEUDONIEM_SLEUTEL`` holds the key itself (UTF-8); ``VHH_PSEUDONIEM_SLEUTELBESTAND``
    names a file whose contents (without trailing line breaks/spaces) are the key. Setting
    both is an error, so that the pseudonyms never depend on which one wins.

    Raises
    ------
    InvoerFout
        When no key is set, both are set, the key file cannot be read, or the key is shorter
        than :data:`MIN_SLEUTEL_BYTES` bytes.
    """
    omgeving = os.environ if omgeving is None else omgeving
    direct = omgeving.get(ENV_SLEUTEL) or None
    bestand = omgeving.get(ENV_SLEUTELBESTAND) or None
    if direct is not None and bestand is not None:
        raise InvoerFout(
            f"Pseudonimisering: zowel {ENV_SLEUTEL} als {ENV_SLEUTELBESTAND} is gezet. Gebruik "
            "er één, zodat steeds dezelfde sleutel (en dus hetzelfde pseudoniem) wordt gebruikt."
        )
    if direct is None and bestand is None:
        raise InvoerFout(
            "Pseudonimisering staat aan ([recidive] pseudonimiseren = true), maar er is geen "
            f"sleutel. Zet de geheime sleutel in de omgevingsvariabele {ENV_SLEUTEL}, of zet "
            f"in {ENV_SLEUTELBESTAND} het pad van een bestand met de sleutel. De sleutel "
            "hoort nooit in de config."
        )
    if direct is not None:
        sleutel = direct.encode("utf-8")
        herkomst = f"de omgevingsvariabele {ENV_SLEUTEL}"
    else:
        pad = Path(bestand).expanduser()
        try:
            sleutel = pad.read_bytes().rstrip(b"\r\n \t")
        except OSError as fout:
            raise InvoerFout(
                f"Pseudonimisering: het sleutelbestand {pad} (uit {ENV_SLEUTELBESTAND}) kan "
                f"niet worden gelezen ({fout.strerror or fout}). Controleer het pad en de "
                "leesrechten."
            ) from None
        herkomst = f"het sleutelbestand {pad}"
    if len(sleutel) < MIN_SLEUTEL_BYTES:
        raise InvoerFout(
            f"Pseudonimisering: de sleutel in {herkomst} is te kort ({len(sleutel)} bytes). "
            f"Gebruik een willekeurige geheime sleutel van minstens {MIN_SLEUTEL_BYTES} tekens; "
            "een korte sleutel maakt de pseudoniemen terug te rekenen."
        )
    return sleutel


def pseudonimiseer(ids: pd.Series, sleutel: bytes) -> pd.Series:
    """Replace every ID by the hex HMAC-SHA256 of the ID under ``sleutel``.

    IDs are trimmed first, and a BSN whose leading zero was lost (8 digits) gets it back,
    so that the same person gets the same pseudonym in every file. Each distinct ID is
    hashed once. Empty IDs stay ``<NA>``.

    Parameters
    ----------
    ids : pandas.Series
        IDs as strings.
    sleutel : bytes
        The secret key (see :func:`lees_sleutel`).

    Returns
    -------
    pandas.Series
        Same index, dtype ``str``, 64 hex characters per non-empty ID.

    Notes
    -----
    ``pseudoniem = HMAC-SHA256(sleutel, utf8(id)).hexdigest()``. Without the key the
    pseudonym cannot be recomputed, even though the space of BSNs is small.

    Examples
    --------
    >>> p = pseudonimiseer(pd.Series(["A1", "A1", None]), b"0123456789abcdef")
    >>> bool(p.iloc[0] == p.iloc[1]), len(p.iloc[0]), bool(p.isna().iloc[2])
    (True, 64, True)
    """
    codes, uniek = pd.factorize(normaliseer_ids(ids))
    if len(uniek) == 0:
        return pd.Series(np.nan, index=ids.index, dtype="str")
    _, genormaliseerd = _bsn_uniek(np.asarray(uniek, dtype=object))
    gehasht = [hmac.digest(sleutel, w.encode("utf-8"), "sha256").hex() for w in genormaliseerd]
    # Map back through Arrow: taking from the unique pseudonyms avoids building
    # millions of Python string objects.
    genomen = pa.array(gehasht, type=pa.large_string()).take(pa.array(codes, mask=codes < 0))
    return pd.Series(pd.array(genomen, dtype="str"), index=ids.index)
