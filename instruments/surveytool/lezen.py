"""Reading the export: answers parsed and validated per item of the codebook, rejected
cells, checks, and the meting's :class:`~instruments.surveytool.antwoorden.Antwoorden`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from instruments.config import MetingConfig
from instruments.controles import OK, STANDAARD, WAARSCHUWING, Controle, instelling, pct
from instruments.fouten import InvoerFout
from instruments.lezen import (
    SPSS_EXTENSIES,
    Foutentabel,
    bladen_hint,
    lees_controles,
    lees_opmerkingen,
    lees_ruw,
    sha256,
)
from instruments.privacy import (
    redigeer,
)
from instruments.resultaat import (
    KENGETALLEN,
)
from instruments.surveytool.antwoorden import (
    _AANGEVINKT,
    INSTRUMENT,
    REDEN_GEEN_ID,
    REDEN_LEEG,
    Antwoorden,
    _cel_tekst,
    _is_leeg,
    _Kolom,
)
from instruments.surveytool.indeling import (
    INDELINGEN,
    _kies_indeling,
    _kolommen_export,
    _kolommen_tidy,
    _opsomming,
)
from surveys import Codebook, Item, laad_codebook, normaliseer_tekst

_ALLE_KENGETALLEN = {k.nr for k in KENGETALLEN}


# -- parsing answers ----------------------------------------------------------------------
_WN = "\x00weet_niet"
_FOUT = "\x00ongeldig"


def _vertaal(reeks: pd.Series, functie: Callable[[object], object]) -> pd.Series:
    """Apply ``functie`` once per distinct non-empty value (vectorised lookup)."""
    gevuld = reeks.where(~_is_leeg(reeks))
    uniek = pd.unique(gevuld.dropna().astype(object))
    tabel = {u: functie(u) for u in uniek}
    return gevuld.map(tabel)


def _parse_cijfer(item: Item, w: object) -> object:
    if item.is_weet_niet(w):
        return _WN
    if isinstance(w, (pd.Timestamp, dt.datetime, dt.date)):
        return _FOUT
    tekst = str(w).strip().replace(",", ".")
    try:
        getal = float(tekst)
    except ValueError:
        return _FOUT
    if getal.is_integer() and 1 <= getal <= 10:
        return getal
    return _FOUT


def _parse_label(item: Item, w: object) -> object:
    if item.is_weet_niet(w):
        return _WN
    canon = item.canoniek(w)
    return canon if canon is not None else _FOUT


def _parse_multi_cel(item: Item, scheiding: tuple[str, ...], w: object) -> object:
    tekst = _cel_tekst(w)
    for s in scheiding:
        tekst = tekst.replace(s, "|")
    delen = [d for d in (x.strip() for x in tekst.split("|")) if d]
    canon = [item.canoniek(d) for d in delen]
    if not delen or any(c is None for c in canon):
        return _FOUT
    return frozenset(canon)


def _reden(item: Item) -> str:
    if item.schaal == "cijfer":
        return (
            f"geen geldig rapportcijfer voor {item.code}: verwacht een geheel getal van 1 t/m 10 "
            "of 'Weet niet / n.v.t.'"
        )
    opties = ", ".join(f"'{o}'" for o in item.opties)
    extra = " of 'Weet niet'" if item.weet_niet else ""
    if item.schaal == "multi":
        return f"onbekend antwoord voor {item.code}: verwacht een of meer van {opties}"
    return f"geen geldig antwoord voor {item.code}: verwacht {opties}{extra}"


def _antwoord_tekst(waarden: pd.Series) -> pd.Series:
    """A rejected answer as written: redacted like open answers."""
    return redigeer(waarden.map(_cel_tekst)).fillna("")


def _id_tekst(waarden: pd.Series) -> pd.Series:
    """A respondent number as written (not redacted)."""
    return waarden.map(_cel_tekst)


def _kengetallen_van(item: Item) -> list[str]:
    """The kengetallen of the indicatorenset an item feeds (3-1 for a rapportcijfer)."""
    nrs = [nr for nr in item.indicatoren if nr in _ALLE_KENGETALLEN]
    if item.kwaliteit_algemeen and "3-1" not in nrs:
        nrs.append("3-1")
    return nrs


def _vocabulaire_controles(
    cb: Codebook,
    buiten: dict[str, list[int]],
    bestand: str,
    max_pct: float,
    alle_kengetallen: tuple[str, ...],
) -> list[Controle]:
    """One ``vocabulaire ...`` check per block of closed items, and one for the organisatie
    and the routing item (whose answers every breakdown and routed block rests on).

    ``waarde`` = % of the filled cells whose answer is none of the item's options (or
    'weet niet'); above ``max_pct`` the check is a ``waarschuwing`` on the kengetallen of
    those items. A record is made for every group with a column in the file, passed or not.
    """
    groepen: dict[str, list[str]] = {}
    for code in buiten:
        if code in (cb.kant_item, cb.routing_item):
            groepen[code] = [code]
        else:
            groepen.setdefault(f"blok {cb.items[code].blok}", []).append(code)
    uit = []
    for naam, codes in groepen.items():
        gevuld = sum(buiten[c][0] for c in codes)
        fout = sum(buiten[c][1] for c in codes)
        waarde = pct(fout, gevuld)
        if naam.startswith("blok "):
            blok = cb.blokken.get(naam[5:])
            titel = f"{naam} ({blok.titel})" if blok is not None and blok.titel else naam
            kengetallen = tuple(
                dict.fromkeys(nr for c in codes for nr in _kengetallen_van(cb.items[c]))
            )
        else:
            titel = naam
            kengetallen = alle_kengetallen
        te_veel = waarde == waarde and waarde > max_pct
        tekst = f"{waarde:.1f}".replace(".", ",")
        uit.append(
            Controle(
                controle=f"vocabulaire {titel}",
                bestand=bestand,
                status=WAARSCHUWING if te_veel else OK,
                waarde=waarde,
                eenheid="%",
                drempel=float(max_pct),
                melding=(
                    f"{fout} van {gevuld} ingevulde antwoorden ({tekst} %) bij "
                    f"{', '.join(codes)} vallen buiten de antwoordopties van het codeboek "
                    "(afgewezen cellen)."
                    if gevuld
                    else f"geen ingevulde antwoorden bij {', '.join(codes)}."
                ),
                oplossing=(
                    "Zijn antwoordopties anders gaan heten, voeg ze dan als varianten toe aan "
                    "het codeboek; zie afgewezen.csv voor elke cel."
                    if te_veel
                    else ""
                ),
                kengetallen=kengetallen,
            )
        )
    return uit


# -- reading ------------------------------------------------------------------------------
def lees_export(
    pad: Path | str,
    codebook: Codebook | None = None,
    *,
    max_afgewezen_pct: float | None = None,
    blad: str | None = None,
    indeling: str | None = None,
    max_buiten_vocabulaire_pct: float = float(STANDAARD["max_buiten_vocabulaire_pct"]),
) -> Antwoorden:
    """Read and validate a questionnaire export.

    Parameters
    ----------
    pad : path
        SurveyMonkey *expanded* export (XLSX or CSV: question texts in row 1, sub-headers in
        row 2, one respondent per row from row 3), or a *tidy* file with a header row of
        item codes (CSV, XLSX, ``.sav``). The layout is detected from the header.
    codebook : Codebook, optional
        Default: the bundled codebook.
    max_afgewezen_pct : float, optional
        Stop when more than this percentage of the respondents has a rejected answer or no
        respondent number (``[publicatie] max_afgewezen_pct``). Respondents who answered
        nothing do not count for this limit (they are normal in web surveys), but are
        counted as rejected rows in the verslag.
    blad : str, optional
        Sheet of an XLSX/XLS file (default: the first).
    indeling : {"surveymonkey", "tidy"}, optional
        Force the layout; by default it is detected from the structure of the header rows
        (see :func:`_kies_indeling`) and the reason is written in the verslag.
    max_buiten_vocabulaire_pct : float
        A block (or the organisatie item) with a larger share of filled answers outside the
        item's options gets a ``waarschuwing`` check (``[controles]``).

    Returns
    -------
    Antwoorden

    Raises
    ------
    InvoerFout
        Unreadable file, missing ``Respondent ID`` column (SurveyMonkey layout), an item
        found in two columns, duplicate respondent numbers, or too many rejected
        respondents.
    """
    pad = Path(pad)
    cb = codebook if codebook is not None else laad_codebook()
    bestand = pad.name
    if indeling is not None and indeling not in INDELINGEN:
        raise InvoerFout(
            f'[vragenlijst] indeling = {indeling!r} is onbekend. Kies "surveymonkey" (export '
            'met twee kopregels) of "tidy" (één kolom per itemcode), of laat de sleutel weg.'
        )
    ruw = lees_ruw(pad, header=None, blad=blad)
    lezen = ruw.attrs.get("lezen", {})
    ruw.index = pd.RangeIndex(1, len(ruw) + 1)  # row numbers as Excel shows them
    if len(ruw) == 0:
        raise InvoerFout(f"{bestand}: het bestand is leeg. Lever de export met alle antwoorden.")

    tidy, indeling_reden, dubbelzinnig = _kies_indeling(
        ruw, cb, forceer=indeling, spss=pad.suffix.lower() in SPSS_EXTENSIES
    )
    if tidy:
        kolommen = _kolommen_tidy(ruw.iloc[0], cb)
        inhoud = ruw.iloc[1:]
        indeling = "tidy"
    else:
        if len(ruw) < 2:
            raise InvoerFout(
                f"{bestand}: verwacht een SurveyMonkey-export met twee kopregels (vraagteksten "
                "en subkoppen) of een bestand met itemcodes als kolomnamen; geen van beide "
                "gevonden. Exporteer uit SurveyMonkey als 'Alle antwoorden', 'Uitgebreid'."
            )
        kolommen = _kolommen_export(ruw.iloc[0], ruw.iloc[1], cb)
        inhoud = ruw.iloc[2:]
        indeling = "SurveyMonkey"
    if not any(k.soort == "item" for k in kolommen):
        gevonden = [k.kop for k in kolommen if k.soort == "onbekend"]
        raise InvoerFout(
            f"{bestand}: geen enkele kolom past bij een vraag van het codeboek "
            f"({cb.pad.name}); gelezen als {indeling_reden}. Gevonden kolommen: "
            f"{_opsomming(gevonden, 12) if gevonden else '(geen)'}. Is dit de export van de "
            "vragenlijst voor professionals? Controleer de vraagteksten of voeg de nieuwe "
            "formuleringen toe aan het codeboek (surveys/vragenlijst.toml); klopt de indeling "
            'niet, zet dan [vragenlijst] indeling = "surveymonkey" of "tidy".'
            + bladen_hint(pad, blad)
        )
    controles: list[Controle] = []
    alle_kengetallen = tuple(
        dict.fromkeys(nr for it in cb.items.values() for nr in _kengetallen_van(it))
    )
    controles += lees_controles(lezen, bestand, alle_kengetallen)
    controles.append(
        Controle(
            controle="indeling vragenlijst",
            bestand=bestand,
            status=WAARSCHUWING if dubbelzinnig else OK,
            melding=f"gelezen als {indeling_reden}.",
            oplossing=(
                "Controleer de keuze en leg hem zo nodig vast met [vragenlijst] indeling = "
                '"surveymonkey" of "tidy".'
                if dubbelzinnig
                else ""
            ),
            kengetallen=alle_kengetallen if dubbelzinnig else (),
        )
    )

    # Personal data never leaves this function: only id and item columns are copied.
    blanco = inhoud.isna().all(axis=1)
    id_kolommen = [k for k in kolommen if k.soort == "id"]
    item_kolommen = [k for k in kolommen if k.soort == "item"]
    bewaar = [k.positie for k in id_kolommen[:1] + item_kolommen]
    cellen = inhoud.loc[~blanco, bewaar].copy()
    del ruw, inhoud
    onbekend = [k.kop for k in kolommen if k.soort == "onbekend"]

    # -- which columns hold which item ----------------------------------------------------
    per_item: dict[str, list[_Kolom]] = {}
    for k in item_kolommen:
        per_item.setdefault(k.code, []).append(k)
    for code, ks in per_item.items():
        item = cb.items[code]
        sleutels = (
            [k.optie for k in ks] if item.schaal == "multi" and not tidy else [None] * len(ks)
        )
        dubbel = [s for s in set(sleutels) if sleutels.count(s) > 1]
        if dubbel:
            koppen = " en ".join(f"'{k.kop}'" for k in ks if k.optie in dubbel)
            raise InvoerFout(
                f"{bestand}: de kolommen {koppen} horen allebei bij item '{code}'. Verwijder de "
                "dubbele kolom of pas de vraagtekst aan."
            )

    # -- respondent numbers ---------------------------------------------------------------
    # a respondent without id or without any answer is not used (hele_rij); an invalid
    # answer rejects that cell only. The threshold counts invalid answers and missing ids.
    fouten = Foutentabel(bestand, op_rij=False)
    gelezen = len(cellen)
    if id_kolommen:
        id_kol = id_kolommen[0]
        ids = cellen[id_kol.positie].map(_cel_tekst)
        id_kop = id_kol.kop
    elif tidy:
        ids = pd.Series(cellen.index.astype(str), index=cellen.index)
        id_kop = "rij"
    else:
        gevonden = ", ".join(f"'{k.kop}'" for k in kolommen[:8])
        raise InvoerFout(
            f"{bestand}: de kolom 'Respondent ID' (of 'Respondentnummer') ontbreekt. Gevonden "
            f"kolommen: {gevonden} ... Exporteer opnieuw uit SurveyMonkey met de "
            "respondentgegevens."
        )
    zonder_id = ids == ""
    if zonder_id.any():
        fouten.rijen(ids.index[zonder_id], id_kop, ids[zonder_id], REDEN_GEEN_ID, tekst=_id_tekst)
    dubbel = ids.duplicated(keep=False) & ~zonder_id
    if dubbel.any():
        fouten.rijen(
            ids.index[dubbel],
            id_kop,
            ids[dubbel],
            "respondentnummer komt meer dan eens voor",
            tekst=_id_tekst,
        )
        voorbeeld = ", ".join(
            f"{i} (rijen {', '.join(map(str, ids.index[ids == i]))})"
            for i in ids[dubbel].unique()[:5]
        )
        raise InvoerFout(
            f"{bestand}: kolom '{id_kop}': {ids[dubbel].nunique()} respondentnummer(s) komen meer "
            f"dan eens voor: {voorbeeld}. Elke respondent mag één keer in de export staan; "
            "verwijder de dubbele rijen of exporteer opnieuw.",
            afgewezen=fouten.tabel(),
        )
    cellen = cellen.loc[~zonder_id]
    ids = ids.loc[~zonder_id]

    # -- respondents who answered nothing -------------------------------------------------
    item_pos = [k.positie for k in item_kolommen]
    leeg = cellen[item_pos].isna().all(axis=1)
    if leeg.any():
        # the row number identifies the respondent; the Respondent ID itself is not written
        geen_waarde = pd.Series("", index=ids.index[leeg], dtype=object)
        fouten.rijen(
            ids.index[leeg], id_kop, geen_waarde, REDEN_LEEG, tekst=_id_tekst, drempel=False
        )
    cellen = cellen.loc[~leeg]
    ids = ids.loc[~leeg]
    n_leeg = int(leeg.sum())

    # -- answers ------------------------------------------------------------------------
    index = cellen.index
    data: dict[str, pd.Series] = {}
    weet_niet: dict[str, pd.Series] = {}
    aangevinkt: dict[str, pd.DataFrame] = {}
    ongeldig_resp = pd.Series(False, index=index)
    # closed items: [filled cells, cells outside the item's options] for the vocabulary check
    buiten: dict[str, list[int]] = {}
    for code, item in cb.items.items():
        ks = per_item.get(code, [])
        wn = pd.Series(False, index=index)
        if not ks:
            if item.schaal == "cijfer":
                waarden = pd.Series(np.nan, index=index, dtype=float)
            else:
                waarden = pd.Series(pd.NA, index=index, dtype="string")
        elif item.schaal == "multi":
            if tidy:
                k = ks[0]
                sets = _vertaal(
                    cellen[k.positie],
                    lambda w, it=item: _parse_multi_cel(it, cb.scheiding_multi, w),
                )
                fout = sets.map(lambda s: isinstance(s, str) and s == _FOUT).astype(bool)
                buiten[code] = [int(sets.notna().sum()), int(fout.sum())]
                vinkjes = pd.DataFrame(
                    {
                        o: sets.map(lambda s, o=o: isinstance(s, frozenset) and o in s).astype(bool)
                        for o in item.opties
                    },
                    index=index,
                )
                if fout.any():
                    fouten.rijen(
                        index[fout],
                        k.kop,
                        cellen.loc[fout, k.positie],
                        _reden(item),
                        tekst=_antwoord_tekst,
                        hele_rij=False,
                    )
                    ongeldig_resp |= fout
            else:
                vinkjes = pd.DataFrame(False, index=index, columns=list(item.opties))
                for k in ks:
                    geldig = {
                        normaliseer_tekst(v) for v, c in item.varianten.items() if c == k.optie
                    }
                    geldig |= {normaliseer_tekst(o) for o in (k.optie,)} | _AANGEVINKT
                    kolom = cellen[k.positie]
                    gevuld = ~_is_leeg(kolom)
                    herkend = _vertaal(kolom, lambda w, g=geldig: normaliseer_tekst(w) in g).eq(
                        True
                    )
                    fout = gevuld & ~herkend
                    telling = buiten.setdefault(code, [0, 0])
                    telling[0] += int(gevuld.sum())
                    telling[1] += int(fout.sum())
                    if fout.any():
                        fouten.rijen(
                            index[fout],
                            k.kop,
                            kolom[fout],
                            f"aangevinkt vakje van {code} bevat niet '{k.optie}'",
                            tekst=_antwoord_tekst,
                            hele_rij=False,
                        )
                        ongeldig_resp |= fout
                    vinkjes[k.optie] = vinkjes[k.optie] | herkend
            aangevinkt[code] = vinkjes
            tekst = pd.Series("", index=index, dtype=object)
            for o in item.opties:
                tekst = tekst + np.where(vinkjes[o], o + "|", "")
            waarden = tekst.str.rstrip("|").replace("", pd.NA).astype("string")
        else:
            k = ks[0]
            kolom = cellen[k.positie]
            if item.schaal == "open":
                waarden = redigeer(
                    kolom.where(~_is_leeg(kolom)).map(lambda w: _cel_tekst(w) or None)
                )
            else:
                parser = _parse_cijfer if item.schaal == "cijfer" else _parse_label
                uitkomst = _vertaal(kolom, lambda w, it=item, p=parser: p(it, w))
                wn = (uitkomst == _WN).fillna(False).astype(bool)
                fout = (uitkomst == _FOUT).fillna(False).astype(bool)
                buiten[code] = [int(uitkomst.notna().sum()), int(fout.sum())]
                if fout.any():
                    fouten.rijen(
                        index[fout],
                        k.kop,
                        kolom[fout],
                        _reden(item),
                        tekst=_antwoord_tekst,
                        hele_rij=False,
                    )
                    ongeldig_resp |= fout
                geldig = uitkomst.where(~(wn | fout))
                if item.schaal == "cijfer":
                    waarden = pd.to_numeric(geldig, errors="coerce").astype(float)
                else:
                    waarden = geldig.astype("string")
        data[code] = waarden
        weet_niet[code] = wn

    # "Anders, namelijk ..." typed without ticking Anders counts as Anders.
    for code, item in cb.items.items():
        if item.anders_van and code in per_item and item.anders_van in data:
            doel = item.anders_van
            anders = cb.items[doel].canoniek("Anders")
            if anders is not None:
                doel_leeg = data[doel].isna() & ~weet_niet[doel]
                if doel in per_item and per_item[doel][0].positie in cellen:
                    doel_leeg &= _is_leeg(cellen[per_item[doel][0].positie])
                vul = doel_leeg & data[code].notna()
                data[doel] = data[doel].mask(vul, anders)

    df = pd.DataFrame(data, index=index)
    wn_df = pd.DataFrame(weet_niet, index=index)

    # -- routing ----------------------------------------------------------------------------
    voorgelegd = pd.DataFrame(True, index=index, columns=list(cb.items))
    routing_vinkjes = aangevinkt.get(cb.routing_item)
    if routing_vinkjes is not None:
        for blok in cb.blokken.values():
            if not blok.routing:
                continue
            getoond = routing_vinkjes[list(blok.routing)].any(axis=1)
            for code, item in cb.items.items():
                if item.blok == blok.code:
                    voorgelegd[code] = getoond

    kant_van = cb.kant_van()
    kant = df[cb.kant_item].map(kant_van) if cb.kant_item in df else pd.Series(pd.NA, index=index)
    df["kant"] = kant.astype("string")

    rij_index = pd.Index(ids.to_numpy(dtype=object).astype(str), name="respondent")
    df.index = rij_index
    wn_df.index = rij_index
    voorgelegd.index = rij_index

    # -- verslag --------------------------------------------------------------------------
    n_zonder_id = int(zonder_id.sum())
    afgewezen_df = fouten.tabel()
    ontbrekende_items = [c for c in cb.items if c not in per_item]
    opmerking = [f"indeling: {indeling_reden}", *lees_opmerkingen(lezen)]
    if n_leeg:
        opmerking.append(f"{n_leeg} respondent(en) zonder enig antwoord niet meegeteld")
    if n_zonder_id:
        opmerking.append(f"{n_zonder_id} rij(en) zonder respondentnummer afgewezen")
    n_cel = int(ongeldig_resp.sum())
    if n_cel:
        opmerking.append(
            f"{n_cel} respondent(en) met een ongeldig antwoord: alleen die antwoorden afgewezen"
        )
    if onbekend:
        opmerking.append(f"kolommen zonder item in het codeboek (genegeerd): {'; '.join(onbekend)}")
    controles.append(
        Controle(
            controle="onbekende kolommen",
            bestand=bestand,
            status=WAARSCHUWING if onbekend else OK,
            waarde=float(len(onbekend)),
            eenheid="kolommen",
            melding=(
                f"{len(onbekend)} kolom(men) horen bij geen vraag van het codeboek en zijn "
                f"genegeerd: {'; '.join(onbekend)}."
                if onbekend
                else "elke kolom hoort bij een vraag van het codeboek of bij de metagegevens."
            ),
            oplossing=(
                "Hoort een van deze kolommen bij een vraag met een nieuwe formulering, voeg die "
                "dan toe aan het codeboek (tekst of rij)."
                if onbekend
                else ""
            ),
        )
    )
    controles += _vocabulaire_controles(
        cb, buiten, bestand, max_buiten_vocabulaire_pct, alle_kengetallen
    )
    if ontbrekende_items:
        opmerking.append(f"items niet in het bestand: {', '.join(ontbrekende_items)}")
    verslag = fouten.verslag(
        instrument=INSTRUMENT,
        sha256=sha256(pad),
        rijen_gelezen=gelezen,
        rijen_gebruikt=len(df),
        opmerking="; ".join(opmerking),
    )
    fouten.controleer_drempel(
        max_afgewezen_pct,
        rijen_gelezen=gelezen,
        per="cel",
        wat="respondenten",
        toelichting=" hebben een ongeldig antwoord of geen respondentnummer",
        herstel="herstel de export, voeg antwoordvarianten toe aan het codeboek,",
    )
    return Antwoorden(
        data=df,
        weet_niet=wn_df,
        afgewezen=afgewezen_df,
        verslag=verslag,
        codebook=cb,
        voorgelegd=voorgelegd,
        lege_respondenten=n_leeg,
        onbekende_kolommen=onbekend,
        ontbrekende_items=ontbrekende_items,
        indeling=indeling,
        indeling_reden=indeling_reden,
        controles=controles,
    )


def lees_antwoorden(cfg: MetingConfig) -> Antwoorden:
    """Read the questionnaire of a meting (``[vragenlijst]`` of the config).

    Parameters
    ----------
    cfg : MetingConfig
        Uses ``vragenlijst.bestand``, ``vragenlijst.codeboek`` (optional, default the
        bundled codebook), ``vragenlijst.blad``, ``vragenlijst.indeling``,
        ``publicatie.max_afgewezen_pct`` and ``[controles] max_buiten_vocabulaire_pct``.

    Returns
    -------
    Antwoorden
        See :class:`Antwoorden`; the casusanalysetool uses ``data[probleem_<lg>]`` and
        ``data[aanpak_<lg>]`` (labels ``Niet``, ``In enige mate``, ``In sterke mate``;
        ``Weet niet`` is ``<NA>`` and flagged in ``weet_niet``).

    Raises
    ------
    InvoerFout
        No ``[vragenlijst]`` section, or any problem of :func:`lees_export`.
    """
    sectie = cfg.vragenlijst
    if sectie is None:
        raise InvoerFout(
            f"{cfg.pad.name}: de sectie [vragenlijst] ontbreekt; geef daar het bestand met de "
            'export van de vragenlijst (bestand = "...").'
        )
    cb = laad_codebook(sectie.get("codeboek"))
    indeling = sectie.get("indeling")
    if indeling is not None and indeling.strip().lower() not in INDELINGEN:
        raise InvoerFout(
            f'{cfg.pad.name}: [vragenlijst] indeling = "{indeling}" is onbekend. Kies '
            '"surveymonkey" (export met twee kopregels) of "tidy" (één kolom per itemcode), '
            "of laat de sleutel weg om de indeling te laten herkennen."
        )
    return lees_export(
        sectie["bestand"],
        cb,
        max_afgewezen_pct=cfg.publicatie.max_afgewezen_pct,
        blad=sectie.get("blad"),
        indeling=indeling.strip().lower() if indeling is not None else None,
        max_buiten_vocabulaire_pct=float(instelling(cfg, "max_buiten_vocabulaire_pct")),
    )
