"""Hva en tilbaketrekking stopper: oppgave- og varseltype → samtykkeomfang (forskrift § 17; lovkrav K6; fvl § 33)."""

from pathlib import Path

import pytest

from modeller.regler.begreper import Oppgavetype, Samtykkeomfang
from modeller.regler.tilbaketrekking import (
    FOLGER_OPPGAVEN,
    OPPGAVE_OMFANG,
    VARSEL_OMFANG,
    berorte_oppgavetyper,
    berorte_varseltyper,
)

K, IP, D = Samtykkeomfang.KOORDINATOR, Samtykkeomfang.IP, Samtykkeomfang.DELING
ALLE = frozenset(Samtykkeomfang)

# (oppgavetype, omfanget som trekkes, stoppes?)
OPPGAVER = [
    # Saksbehandling stoppes aldri: fvl § 11 a (foreløpig svar), fvl § 33 (klage), 003 L515–517 (revurdering).
    *[(t, ALLE, False) for t in (Oppgavetype.SEND_FORELOPIG_SVAR, Oppgavetype.VURDER_KLAGE, Oppgavetype.OVERSEND_KLAGE,
                                 Oppgavetype.VEDTAK_REVURDERING, Oppgavetype.VURDER_MELDING,
                                 Oppgavetype.INNHENT_SAMTYKKE, Oppgavetype.VARSEL_FEILET)],
    # Samtykke til koordinator trukket: koordinatoroppgavene stopper, planen og delingen ikke.
    (Oppgavetype.OPPNEVN_KOORDINATOR, frozenset({K}), True),
    (Oppgavetype.BARNEKOORDINATOR_OVERGANG, frozenset({K}), True),
    (Oppgavetype.KOORDINATOROPPLAERING, frozenset({K}), True),
    (Oppgavetype.OPPNEVN_KOORDINATOR, frozenset({IP, D}), False),
    # Samtykke til IP trukket: planoppgavene stopper.
    (Oppgavetype.UTARBEID_PLAN, frozenset({IP}), True),
    (Oppgavetype.PLAN_REVISJON, frozenset({IP}), True),
    (Oppgavetype.EVALUER_TILTAK, frozenset({IP}), True),
    (Oppgavetype.UTARBEID_PLAN, frozenset({K, D}), False),
    (Oppgavetype.EVALUER_TILTAK, frozenset({D}), False),  # oppgaven ligger hos koordinator/KE
    # Samtykke til deling trukket: referat til ansvarsgruppen stopper.
    (Oppgavetype.SKRIV_REFERAT, frozenset({D}), True),
    (Oppgavetype.SKRIV_REFERAT, frozenset({K, IP}), False),
]

# (varseltype, omfanget som trekkes, stoppes?)
VARSLER = [
    *[(v, ALLE, False) for v in ("forelopig_svar_nar", "klagefrist_nar", "vedtak_revurdering", "mote_avlyst")],
    ("tiltak_evaluering_snart", frozenset({D}), True),  # påminnelse til tjenesteyteren bygger på deling
    ("tiltak_evaluering_forfalt", frozenset({D}), True),
    ("tiltak_evaluering_snart", frozenset({IP}), True),
    ("tiltak_evaluering_snart", frozenset({K}), False),
    ("mote_innkalling", frozenset({D}), True),
    ("mote_innkalling", frozenset({K, IP}), False),
    ("plan_revisjon", frozenset({IP}), True),
    ("plan_revisjon", frozenset({D}), False),
    ("koordinator_oppnevnt", frozenset({K}), True),
    ("opplaering_mangler", frozenset({K}), True),
    ("barnekoordinator_overgang", frozenset({K}), True),
    ("barnekoordinator_overgang", frozenset({IP, D}), False),
    ("referat_mangler", frozenset({D}), True),
]


@pytest.mark.parametrize(("oppgavetype", "trukket", "stoppes"), OPPGAVER)
def test_oppgave_stoppes_bare_av_sitt_omfang(oppgavetype: Oppgavetype, trukket: frozenset[Samtykkeomfang],
                                             stoppes: bool) -> None:
    assert (oppgavetype in berorte_oppgavetyper(trukket)) is stoppes


@pytest.mark.parametrize(("varseltype", "trukket", "stoppes"), VARSLER)
def test_varsel_stoppes_bare_av_sitt_omfang(varseltype: str, trukket: frozenset[Samtykkeomfang], stoppes: bool) -> None:
    assert (varseltype in berorte_varseltyper(trukket)) is stoppes


def test_ingenting_trukket_stopper_ingenting() -> None:
    assert berorte_oppgavetyper(frozenset()) == frozenset()
    assert berorte_varseltyper(frozenset()) == frozenset()


def test_hver_oppgavetype_har_et_omfang() -> None:
    assert set(OPPGAVE_OMFANG) == set(Oppgavetype)


def test_hver_varseltype_med_mal_har_et_omfang_eller_folger_oppgaven() -> None:
    maler = {f.name.split(".")[0] for f in (Path(__file__).parents[2] / "maler" / "epost" / "nb").iterdir()
             if not f.name.startswith("_")}
    assert maler <= set(VARSEL_OMFANG) | FOLGER_OPPGAVEN
    assert not set(VARSEL_OMFANG) & FOLGER_OPPGAVEN
