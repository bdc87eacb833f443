"""Én person fra melding til evaluert plan, gjennom bruksområdene og flytene under Prefect, på begge databaser.

Underveis: samtykke mangler, foreløpig svar forfaller, avslag med klage som sendes videre, barnekoordinator
for et barn som fyller 18, og samtykke som trekkes midt i saken. Hvert steg sjekker hvilke oppgaver som
dukker opp og forsvinner.
"""

import asyncio
from datetime import UTC, date, datetime

from sqlmodel import col, select

from flyter.behandle_melding import behandle_melding
from flyter.daglig_oppfolging import daglig_oppfolging
from flyter.oppnevn_koordinator import oppnevn_koordinator
from modeller.db import lesing
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Oppgavestatus, Varselstatus
from modeller.tabeller import Klage, Koordinatoroppdrag, Oppgave, Varsel
from modeller.tjenester import klage, plan, samtykke, tiltak, vedtak
from modeller.tjenester.melding import NyMelding, NyPerson, registrer_melding
from tests.modeller.test_melding import fnr, lag_miljo

NA = datetime(2027, 3, 1, 9, tzinfo=UTC)
BARN_FODT = date(2009, 9, 15)  # fyller 18 den 15.09.2027


def _apne(avh: Avhengigheter, person_id: int) -> set[str]:
    with lesing(avh.motor) as okt:
        return set(okt.exec(select(Oppgave.oppgavetype).where(
            Oppgave.person_id == person_id, Oppgave.status == Oppgavestatus.APEN)))


def _sveip(dag: date) -> None:
    asyncio.run(daglig_oppfolging(referansedato=dag))


def test_fra_melding_til_evaluert_plan(flytmiljo: Avhengigheter, tmp_path: object) -> None:
    m = lag_miljo(flytmiljo.motor, tmp_path)  # type: ignore[arg-type]
    avh, sb = flytmiljo, m.saksbehandler

    # 1. Melding uten samtykke → innhent samtykke.
    mottak = registrer_melding(avh, sb, NyMelding(
        kilde="helsepersonell_38a", avsender_navn="Helsesykepleier", mottatt=date(2027, 3, 1),
        kanal="elektronisk_melding", gjelder="barnekoordinator",
        ny_person=NyPerson(identitetsnummer=fnr(BARN_FODT), fornavn="Ola", etternavn="Barn")), idag=date(2027, 3, 1),
        na=NA)
    pid, sak_id = mottak.person.id, mottak.sak.id
    assert pid and sak_id
    assert _apne(avh, pid) == {"innhent_samtykke"}
    status = asyncio.run(behandle_melding(melding_id=mottak.melding.id, referansedato=date(2027, 3, 1)))
    assert status["samtykke_dekker"] is False and list(status["apne_oppgaver"]) == ["innhent_samtykke"]
    assert status["forelopig_svar_dato"] == date(2027, 3, 29)
    assert _apne(avh, pid) == {"innhent_samtykke"}, "flyten er idempotent"

    # 2. Fire uker uten vedtak → foreløpig svar (flyten under Prefect).
    _sveip(date(2027, 3, 29))
    assert _apne(avh, pid) == {"innhent_samtykke", "send_forelopig_svar"}

    # 3. Barnet (17 år) samtykker selv → vurder meldingen.
    sam = samtykke.registrer_samtykke(avh, sb, samtykke.NyttSamtykke(
        person_id=pid, gitt_av="selv", gitt=date(2027, 3, 30), omfang_koordinator=True, omfang_ip=True,
        deling_med=(m.tjenesteytere[1],)), idag=date(2027, 3, 30), na=NA)
    assert _apne(avh, pid) == {"vurder_melding", "send_forelopig_svar"}

    # 4. Vedtak om barnekoordinator → oppnevn koordinator; foreløpig svar trengs ikke lenger.
    vedtak.fatt_vedtak(avh, sb, vedtak.NyttVedtak(sak_id=sak_id, tiltak="barnekoordinator", utfall="innvilget",
                                                   fattet_dato=date(2027, 4, 1), begrunnelse="Vilkårene er oppfylt."),
                       idag=date(2027, 4, 1), na=NA)
    assert _apne(avh, pid) == {"oppnevn_koordinator"}

    # 5. Oppnevn barnekoordinator gjennom flyten; uten opplæring → opplæringsoppgave, og e-post i utboksen.
    svar = asyncio.run(oppnevn_koordinator(person_id=pid, tjenesteyter_id=m.tjenesteytere[0], rolle="barnekoordinator",
                                           begrunnelse="Helsesykepleier følger barnet.",
                                           referansedato=date(2027, 4, 2)))
    with lesing(avh.motor) as okt:
        oppdrag = okt.get(Koordinatoroppdrag, svar["oppdrag_id"])
        assert oppdrag is not None and oppdrag.planlagt_slutt == date(2027, 9, 15)
        assert okt.exec(select(Varsel).where(Varsel.varseltype == "koordinator_oppnevnt")).first() is not None
    assert _apne(avh, pid) == set()
    with lesing(avh.motor) as okt:
        opplaering = okt.exec(select(Oppgave).where(Oppgave.oppgavetype == "koordinatoropplaering")).one()
        assert opplaering.status == Oppgavestatus.APEN and opplaering.eier_rolle == "leder"

    # 6. Avslag på IP, sen klage, ikke omgjort → oversendes Statsforvalteren; instansen omgjør; nytt vedtak.
    avslag = vedtak.fatt_vedtak(avh, sb, vedtak.NyttVedtak(
        sak_id=sak_id, tiltak="ip", utfall="avslag", fattet_dato=date(2027, 4, 1), mottatt_dato=date(2027, 4, 2),
        begrunnelse="Få tjenester."), idag=date(2027, 4, 2), na=NA).vedtak
    k = klage.registrer_klage(avh, sb, avslag.id or 0, mottatt=date(2027, 5, 10), klager="bruker",
                              idag=date(2027, 5, 10), na=NA)
    assert "vurder_klage" in _apne(avh, pid)
    with lesing(avh.motor) as okt:
        assert okt.get(Klage, k.id).for_sent is True  # type: ignore[union-attr]
    klage.behandle_klage(avh, sb, k.id or 0, omgjor=False, dato=date(2027, 5, 12), idag=date(2027, 5, 12), na=NA)
    apne = _apne(avh, pid)
    assert "oversend_klage" in apne and "vurder_klage" not in apne
    klage.registrer_oversendelse(avh, sb, k.id or 0, oversendt=date(2027, 5, 13), idag=date(2027, 5, 13), na=NA)
    assert "oversend_klage" not in _apne(avh, pid)
    klage.registrer_klageutfall(avh, sb, k.id or 0, utfall="omgjort", avgjort_dato=date(2027, 5, 20),
                                idag=date(2027, 5, 20), na=NA)
    vedtak.fatt_vedtak(avh, sb, vedtak.NyttVedtak(sak_id=sak_id, tiltak="ip", utfall="innvilget",
                                                   fattet_dato=date(2027, 5, 21), begrunnelse="Omgjort etter klage.",
                                                   erstatter_vedtak_id=avslag.id), idag=date(2027, 5, 21), na=NA)
    assert "utarbeid_plan" in _apne(avh, pid)

    # 7. Planen lages av koordinatoren og aktiveres → utarbeid plan er gjort.
    kd = m.koordinator
    ip = plan.opprett_plan(avh, kd, pid, plan.NyPlan(periode_fra=date(2027, 5, 24), ressurser_og_behov="Skole."),
                           idag=date(2027, 5, 24))
    mal = tiltak.legg_til_mal(avh, kd, ip.id or 0, tiltak.NyttMal(beskrivelse="Fullføre skoleåret"),
                              versjon=ip.versjon, idag=date(2027, 5, 24))
    with lesing(avh.motor) as okt:
        from modeller.tabeller import IndividuellPlan
        versjon = okt.get(IndividuellPlan, ip.id).versjon  # type: ignore[union-attr]
    ny = tiltak.legg_til_tiltak(avh, kd, ip.id or 0, tiltak.NyttTiltak(
        beskrivelse="Tilrettelegging i timene", ansvarlig_id=m.tjenesteytere[1], start=date(2027, 5, 24),
        evalueringsdato=date(2027, 7, 1), mal_id=mal.id, gjennomforing="Ukentlig"), versjon=versjon,
        idag=date(2027, 5, 24))
    with lesing(avh.motor) as okt:
        versjon = okt.get(IndividuellPlan, ip.id).versjon  # type: ignore[union-attr]
    plan.aktiver_plan(avh, kd, ip.id or 0, versjon=versjon, idag=date(2027, 5, 24), na=NA)
    assert "utarbeid_plan" not in _apne(avh, pid)

    # 8. Sveip i juni: tiltaket skal evalueres, og barnet nærmer seg 18 år.
    _sveip(date(2027, 6, 20))
    assert {"evaluer_tiltak", "barnekoordinator_overgang"} <= _apne(avh, pid)

    # 9. Evaluering → oppgaven forsvinner, ny dato satt.
    tiltak.evaluer_tiltak(avh, kd, ny.id or 0, tiltak.NyEvaluering(
        vurdering="Går bra.", maloppnaelse="delvis", neste_evalueringsdato=date(2027, 12, 1)), idag=date(2027, 6, 21),
        na=NA)
    assert "evaluer_tiltak" not in _apne(avh, pid)

    # 10. Samtykket (koordinator, IP og deling) trekkes → oppgaver og e-poster som bygger på det stoppes med en
    #     gang; her er alt som er åpent koordinator- og planarbeid (modeller.regler.tilbaketrekking).
    samtykke.trekk_samtykke(avh, sb, sam.id or 0, trukket=date(2027, 6, 25), grunn="Ønsker ikke mer.",
                            idag=date(2027, 6, 25), na=NA)
    assert _apne(avh, pid) == set()
    with lesing(avh.motor) as okt:
        ventende = okt.exec(select(Varsel).where(Varsel.person_id == pid,
                                                 col(Varsel.status).in_([Varselstatus.VENTER]))).all()
    assert ventende == []
    _sveip(date(2027, 11, 25))
    assert _apne(avh, pid) == set(), "ingen nye oppgaver uten gyldig samtykke"
