"""Tjenester, koordinatoroppdrag, individuelle planer med mål og tiltak, og ansvarsgrupper med møter."""

from dataclasses import dataclass
from datetime import date, timedelta

from modeller.demo.felles import lag_mote
from modeller.demo.kontekst import Demo, Virk, Yter, klipp, tidspunkt
from modeller.demo.navn import MOTESTEDER
from modeller.demo.personer import Personinfo
from modeller.demo.saker import Sakinfo, primaertiltak
from modeller.demo.tekster import MAL, TILTAKSTEKST, TJENESTEPOOL, malgruppe
from modeller.regler.begreper import Gruppetype, Koordinatorrolle, Planstatus, Tiltakstype
from modeller.regler.frister import barnekoordinator_sluttdato, legg_til_maneder
from modeller.regler.koordinatorvalg import INSTANSNAVN, LIVSFASENAVN
from modeller.regler.livsfase import primaeransvarlig
from modeller.regler.virkedager import neste_virkedag
from modeller.tabeller import (
    Evaluering,
    Gruppe,
    Gruppemedlem,
    IndividuellPlan,
    Koordinatoroppdrag,
    Mal,
    SamtykkeDeling,
    Tiltak,
    Tjeneste,
)

# Variasjon hos de faste personene, så demokoordinatoren ser hver type forfall (indeks % 3).
FORFALT_TILTAK, MOTE_UTEN_REFERAT, FORFALT_REVISJON = 0, 1, 2
FORSTE_FRIST = 100  # dager fra tiltaket starter til første evaluering (tolkning: om lag tre måneder)


@dataclass(frozen=True)
class Tjenesteinfo:
    """En tjeneste personen mottar, og virksomheten som yter den."""

    kode: str
    virk: Virk


def lag_tjenester(demo: Demo, p: Personinfo) -> list[Tjenesteinfo]:
    """To til fire tjenester fra ulike virksomheter, etter livsfase (kriteriet i 001 L859–860)."""
    rng = demo.rng
    pool = TJENESTEPOOL[malgruppe(p)]
    valgt = [pool[0], *rng.sample(pool[1:], min(len(pool) - 1, rng.randint(1, 3)))]
    tidligst = demo.idag - timedelta(days=150) if p.ufodt else max(p.fodselsdato, demo.idag - timedelta(days=1500))
    tjenester = []
    for kode in valgt:
        art = TILTAKSTEKST[kode][0]
        if kode == "ppt_spesialpedagogisk" and malgruppe(p) in ("barnehage", "grunnskole") and rng.random() < 0.5:
            art = malgruppe(p)  # spesialpedagogisk hjelp gitt av barnehagen eller skolen selv
        virk = demo.virk(art)
        fra = tidligst + timedelta(days=rng.randint(0, (demo.idag - tidligst).days))
        til = None
        if demo.typer[kode].typisk_tidsbegrenset:
            til = fra + timedelta(days=rng.randint(14, 120))
        elif rng.random() < 0.08 and fra + timedelta(days=60) < demo.idag:
            til = fra + timedelta(days=rng.randint(60, (demo.idag - fra).days))
        demo.lager.legg_til(Tjeneste, person_id=p.id, tjenestetype_id=demo.typer[kode].id, virksomhet_id=virk.id,
                            fra=fra, til=til, lovpalagt=demo.typer[kode].lovpalagt, opprettet=tidspunkt(fra))
        tjenester.append(Tjenesteinfo(kode, virk))
    return tjenester


def _velg_koordinator(demo: Demo, p: Personinfo) -> tuple[Yter, str]:
    """Demokoordinatoren for de første, ellers en fra instansen livsfasetabellen peker på (001 L929–945)."""
    if demo.demokoordinator is not None and demo.demokvote > 0:
        demo.demokvote -= 1
        return demo.demokoordinator, "Koordinator i koordinerende enhet (001_c5df1bb6b580be91.txt L919)."
    kandidater = demo.kandidater.get(p.livsfase)
    if kandidater is None:
        instanser = primaeransvarlig(p.livsfase)
        kandidater = [y for i in instanser for y in demo.koordinatorer_per_instans.get(i, [])]
        demo.kandidater[p.livsfase] = kandidater
    yter = demo.rng.choice(kandidater or demo.koordinatorer)
    if kandidater:
        return yter, (f"{INSTANSNAVN[yter.virk.instans].capitalize()} har hovedansvaret i livsfasen "
                      f"«{LIVSFASENAVN[p.livsfase]}» (001_c5df1bb6b580be91.txt L929–945).")
    return yter, "Ingen ledig koordinator hos primæransvarlig instans; valgt etter kapasitet."


def lag_oppdrag(demo: Demo, p: Personinfo, sak: Sakinfo) -> Yter:
    """Koordinator eller barnekoordinator (til 18-årsdagen, 001 L785) fra kort tid etter vedtaket."""
    assert sak.vedtatt is not None
    yter, begrunnelse = _velg_koordinator(demo, p)
    barn = primaertiltak(demo, p) is Tiltakstype.BARNEKOORDINATOR
    onske = demo.rng.random() < 0.15
    demo.lager.legg_til(
        Koordinatoroppdrag, person_id=p.id, tjenesteyter_id=yter.id,
        rolle=Koordinatorrolle.BARNEKOORDINATOR if barn else Koordinatorrolle.KOORDINATOR,
        fra=klipp(sak.vedtatt + timedelta(days=demo.rng.randint(1, 14)), senest=demo.idag), til=sak.avsluttet,
        planlagt_slutt=barnekoordinator_sluttdato(p.fodselsdato, demo.regelverk) if barn else None,
        brukers_onske=f"Ønsker koordinator fra {yter.virk.navn}." if onske else None,
        onsket_tjenesteyter_id=yter.id if onske else None, begrunnelse=begrunnelse, oppnevnt_av=demo.leder[1],
        sluttgrunn=str(sak.planslutt) if sak.avsluttet else None, opprettet=tidspunkt(sak.vedtatt),
    )
    return yter


def _evalueringsdato(demo: Demo, forfalt: bool) -> date:
    """Spredt over de neste tolv månedene; noen er forfalt."""
    if forfalt or demo.rng.random() < 0.08:
        return demo.dag(-45, -1)
    return demo.dag(1, 365)


def _mal_og_tiltak(demo: Demo, p: Personinfo, plan_id: int, fra: date, tjenester: list[Tjenesteinfo],
                   avsluttet: date | None, forfalt: bool) -> list[Yter]:
    rng = demo.rng
    maler = rng.sample(MAL[malgruppe(p)], rng.randint(2, 3))
    mal_ider = [demo.lager.legg_til(Mal, plan_id=plan_id, beskrivelse=tekst, livsomrade=omrade,
                                    status="avsluttet" if avsluttet else "aktiv") for omrade, tekst in maler]
    ansvarlige = []
    for nr, tjeneste in enumerate(tjenester[:3]):
        ansvarlig = demo.yter(tjeneste.virk)
        _, beskrivelse, omfang, gjennomforing = TILTAKSTEKST[tjeneste.kode]
        evaluering = avsluttet or _evalueringsdato(demo, forfalt and nr == 0)
        tiltak_id = demo.lager.legg_til(
            Tiltak, plan_id=plan_id, mal_id=mal_ider[nr % len(mal_ider)], beskrivelse=beskrivelse, omfang=omfang,
            gjennomforing=gjennomforing, ansvarlig_id=ansvarlig.id, start=fra, evalueringsdato=evaluering,
            status="avsluttet" if avsluttet else "aktiv", opprettet=tidspunkt(fra),
        )
        if (demo.idag - fra).days > 120:
            # Evalueringen gjøres 60–110 dager etter start; om lag fire av fem kommer innen fristen.
            dato = fra + timedelta(days=rng.randint(60, 110))
            demo.lager.legg_til(Evaluering, tiltak_id=tiltak_id, dato=dato, frist=fra + timedelta(days=FORSTE_FRIST),
                                vurdering="Tiltaket virker etter hensikten; fortsetter som før.",
                                maloppnaelse=rng.choice(("delvis", "oppnadd")), neste_evalueringsdato=evaluering,
                                evaluert_av=ansvarlig.navn, opprettet=tidspunkt(dato))
        ansvarlige.append(ansvarlig)
    return ansvarlige


def lag_plan(demo: Demo, p: Personinfo, sak: Sakinfo, koordinator: Yter, tjenester: list[Tjenesteinfo],
             variant: int | None) -> set[int]:
    """Individuell plan (§ 19 a–i), med ansvarsgruppe for mange; gir tjenesteyterne som skal få innsyn."""
    assert sak.vedtatt is not None
    rng = demo.rng
    fra = klipp(sak.vedtatt + timedelta(days=rng.randint(7, 30)), senest=demo.idag)
    status = Planstatus.AKTIV
    if sak.avsluttet:
        status = Planstatus.AVSLUTTET
    elif (demo.idag - sak.vedtatt).days < 30 and rng.random() < 0.5 and variant is None:
        status = Planstatus.UTKAST
    revisjon = None
    if status is Planstatus.AKTIV:
        forfalt = variant == FORFALT_REVISJON or rng.random() < 0.07
        revisjon = demo.dag(-60, -1) if forfalt else demo.dag(1, 365)
    referanse = demo.referanse("IP")
    virksomheter = sorted({t.virk.navn for t in tjenester})
    plan_id = demo.lager.legg_til(
        IndividuellPlan, person_id=p.id, referanse=referanse, status=status, periode_fra=fra,
        periode_til=legg_til_maneder(fra, 36) if rng.random() < 0.5 else None, neste_revisjon=revisjon,
        ressurser_og_behov="Personens ressurser, mål og behov for tjenester er kartlagt sammen med personen.",
        bidrag="Personen og familien deltar i planarbeidet og i ansvarsgruppemøtene.",
        samarbeid=f"Koordinator {koordinator.navn} samordner med {', '.join(virksomheter)}.",
        avsluttet_dato=sak.avsluttet, sluttgrunn=sak.planslutt, opprettet=tidspunkt(fra),
    )
    ansvarlige = _mal_og_tiltak(demo, p, plan_id, fra, tjenester, sak.avsluttet, variant == FORFALT_TILTAK)
    delt = {koordinator.id, *(a.id for a in ansvarlige)}
    if status is not Planstatus.UTKAST and (variant is not None or rng.random() < 0.55):
        _ansvarsgruppe(demo, p, referanse, fra, [koordinator, *ansvarlige], sak.avsluttet,
                       uten_referat=variant == MOTE_UTEN_REFERAT)
    return delt


def _ansvarsgruppe(demo: Demo, p: Personinfo, referanse: str, fra: date, yters: list[Yter], slutt: date | None,
                   *, uten_referat: bool) -> None:
    """Ansvarsgruppe (001 L795–798): medlemmer, de siste møtene og neste planlagte møte."""
    rng = demo.rng
    start = klipp(fra + timedelta(days=rng.randint(0, 30)), senest=demo.idag)
    gid = demo.lager.legg_til(Gruppe, gruppetype=Gruppetype.ANSVARSGRUPPE, navn=f"Ansvarsgruppe {referanse}",
                              person_id=p.id, opprettet_dato=start, avsluttet_dato=slutt,
                              intervall_uker=demo.regelverk.ansvarsgruppe_intervall_uker, sted=rng.choice(MOTESTEDER))
    unike = list(dict.fromkeys(yters))
    for nr, yter in enumerate(unike):
        demo.lager.legg_til(Gruppemedlem, gruppe_id=gid, tjenesteyter_id=yter.id,
                            rolle="koordinator" if nr == 0 else "medlem", fra=start, til=slutt)
    if not p.ufodt and p.alder(demo.idag) >= 12:
        demo.lager.legg_til(Gruppemedlem, gruppe_id=gid, er_bruker=True, rolle="bruker", fra=start, til=slutt)
    for rel in (*p.foresatte, p.verge):
        if rel is not None:
            demo.lager.legg_til(Gruppemedlem, gruppe_id=gid, relasjon_id=rel.id, rolle=str(rel.type), fra=start,
                                til=slutt)
    intervall = timedelta(weeks=demo.regelverk.ansvarsgruppe_intervall_uker)
    datoer, dag = [], start + timedelta(days=14)
    while dag < (slutt or demo.idag):
        datoer.append(dag)
        dag += intervall
    sted, kl = rng.choice(MOTESTEDER), rng.choice((9, 10, 12, 13, 14))
    holdte = datoer[-3:]
    for nr, dag in enumerate(holdte):
        siste = nr == len(holdte) - 1
        avlyst = not siste and rng.random() < 0.05
        referat = not (siste and (uten_referat or rng.random() < 0.15))
        lag_mote(demo, gid, neste_virkedag(dag, demo.fridager), kl=kl, minutter=90, sted=sted, avlyst=avlyst,
                 referat=referat)
    if slutt is None:
        lag_mote(demo, gid, neste_virkedag(dag, demo.fridager), kl=kl, minutter=90, sted=sted)


def lag_deling(demo: Demo, samtykke_id: int, tjenesteytere: set[int]) -> None:
    """Samtykket deler opplysninger med de navngitte tjenesteyterne (§ 19 h; lovkrav K5)."""
    for yid in sorted(tjenesteytere):
        demo.lager.legg_til(SamtykkeDeling, samtykke_id=samtykke_id, tjenesteyter_id=yid)
