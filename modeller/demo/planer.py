"""Tjenester, koordinatoroppdrag og individuelle planer med mål og tiltak (ansvarsgruppen: `ansvarsgrupper`)."""

from dataclasses import dataclass
from datetime import date, timedelta

from modeller.demo.ansvarsgrupper import lag_ansvarsgruppe
from modeller.demo.kontekst import EN_DAG, Demo, Virk, Yter, klipp, tidspunkt
from modeller.demo.personer import Personinfo
from modeller.demo.saker import Sakinfo, primaertiltak
from modeller.demo.tekster import MAL, TILTAKSTEKST, TJENESTEPOOL, malgruppe
from modeller.regler.begreper import Koordinatorrolle, Livsfase, Planstatus, Tiltakstype
from modeller.regler.frister import barnekoordinator_sluttdato, legg_til_maneder
from modeller.regler.koordinatorvalg import INSTANSNAVN, LIVSFASENAVN
from modeller.regler.livsfase import primaeransvarlig
from modeller.tabeller import (
    Evaluering,
    IndividuellPlan,
    Koordinatoroppdrag,
    Mal,
    SamtykkeDeling,
    Tiltak,
    Tjeneste,
)

# Variasjon hos de faste personene, så demokoordinatoren har hver type frist i køen: tiltaksevaluering og
# planrevisjon innen horisonten (av og til forfalt, `Demo.frist`), og ett møte uten referat.
TILTAK_I_KO, MOTE_UTEN_REFERAT, REVISJON_I_KO = 0, 1, 2
VARIANTER = (TILTAK_I_KO, MOTE_UTEN_REFERAT, REVISJON_I_KO, TILTAK_I_KO, REVISJON_I_KO, TILTAK_I_KO, REVISJON_I_KO)
FORSTE_FRIST = 100  # dager fra tiltaket starter til første evaluering (tolkning: om lag tre måneder)
EVALUERING_PERIODE = 182  # senere evalueringer spres over et halvt år, om lag annethvert ansvarsgruppemøte (tolkning)
MINSTE_INTERVALL = timedelta(days=30)  # en evaluering forfaller tidligst en måned etter start eller forrige


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


def _kandidater(demo: Demo, livsfase: Livsfase | None, ny: bool) -> list[Yter]:
    """Koordinatorene hos instansene livsfasetabellen peker på (None: alle); uten opplæring bare når `ny`."""
    nokkel = (livsfase, ny)
    if nokkel not in demo.kandidater:
        alle = demo.koordinatorer if livsfase is None else [
            y for i in primaeransvarlig(livsfase) for y in demo.koordinatorer_per_instans.get(i, [])]
        demo.kandidater[nokkel] = [y for y in alle if ny or y.opplaert]
    return demo.kandidater[nokkel]


def _velg_koordinator(demo: Demo, p: Personinfo, fra: date) -> tuple[Yter, str]:
    """Demokoordinatoren for de første, ellers en fra instansen livsfasetabellen peker på (001 L929–945).

    En koordinator uten opplæring får bare oppdrag fra den siste opplæringsfristen (001 L909–910), så
    opplæringsoppgaven i køen gjelder nye koordinatorer og ikke har ligget i årevis.
    """
    if demo.demokoordinator is not None and demo.demokvote > 0:
        demo.demokvote -= 1
        return demo.demokoordinator, "Koordinator i koordinerende enhet (001_c5df1bb6b580be91.txt L919)."
    ny = fra > demo.idag - timedelta(days=demo.regelverk.opplaering_frist_dager)
    kandidater = _kandidater(demo, p.livsfase, ny)
    yter = demo.rng.choice(kandidater or _kandidater(demo, None, ny) or demo.koordinatorer)
    if kandidater:
        return yter, (f"{INSTANSNAVN[yter.virk.instans].capitalize()} har hovedansvaret i livsfasen "
                      f"«{LIVSFASENAVN[p.livsfase]}» (001_c5df1bb6b580be91.txt L929–945).")
    return yter, "Ingen ledig koordinator hos primæransvarlig instans; valgt etter kapasitet."


def lag_oppdrag(demo: Demo, p: Personinfo, sak: Sakinfo) -> Yter:
    """Koordinator eller barnekoordinator (til 18-årsdagen, 001 L785) fra kort tid etter vedtaket."""
    assert sak.vedtatt is not None
    fra = klipp(sak.vedtatt + timedelta(days=demo.rng.randint(1, 14)), senest=demo.idag)
    yter, begrunnelse = _velg_koordinator(demo, p, fra)
    barn = primaertiltak(demo, p) is Tiltakstype.BARNEKOORDINATOR
    onske = demo.rng.random() < 0.15
    demo.lager.legg_til(
        Koordinatoroppdrag, person_id=p.id, tjenesteyter_id=yter.id,
        rolle=Koordinatorrolle.BARNEKOORDINATOR if barn else Koordinatorrolle.KOORDINATOR,
        fra=fra, til=sak.avsluttet,
        planlagt_slutt=barnekoordinator_sluttdato(p.fodselsdato, demo.regelverk) if barn else None,
        brukers_onske=f"Ønsker koordinator fra {yter.virk.navn}." if onske else None,
        onsket_tjenesteyter_id=yter.id if onske else None, begrunnelse=begrunnelse, oppnevnt_av=demo.leder[1],
        sluttgrunn=str(sak.planslutt) if sak.avsluttet else None, opprettet=tidspunkt(sak.vedtatt),
    )
    return yter


def _evaluering(demo: Demo, start: date, slutt: date | None, i_ko: bool) -> tuple[date | None, date]:
    """Første evaluering (None før fristen er passert) og neste evalueringsdato, aldri før tiltaket starter.

    Første frist er `FORSTE_FRIST` dager etter start; om lag fire av fem evalueres innen den. Deretter spres
    neste evaluering over `EVALUERING_PERIODE` dager; i en avsluttet plan er den sluttdatoen.
    """
    forste_frist = start + timedelta(days=FORSTE_FRIST)
    if forste_frist >= demo.idag:
        return None, demo.frist(FORSTE_FRIST, tidligst=start + MINSTE_INTERVALL, i_ko=True) if i_ko else forste_frist
    evaluert = min(start + timedelta(days=demo.rng.randint(60, 110)), demo.idag - EN_DAG)
    if slutt is not None:
        return evaluert, slutt
    return evaluert, demo.frist(EVALUERING_PERIODE, tidligst=evaluert + MINSTE_INTERVALL, i_ko=i_ko)


def _mal_og_tiltak(demo: Demo, p: Personinfo, plan_id: int, fra: date, tjenester: list[Tjenesteinfo],
                   avsluttet: date | None, i_ko: bool) -> list[Yter]:
    rng = demo.rng
    maler = rng.sample(MAL[malgruppe(p)], rng.randint(2, 3))
    mal_ider = [demo.lager.legg_til(Mal, plan_id=plan_id, beskrivelse=tekst, livsomrade=omrade,
                                    status="avsluttet" if avsluttet else "aktiv") for omrade, tekst in maler]
    ansvarlige = []
    for nr, tjeneste in enumerate(tjenester[:3]):
        ansvarlig = demo.yter(tjeneste.virk)
        _, beskrivelse, omfang, gjennomforing = TILTAKSTEKST[tjeneste.kode]
        evaluert, neste = _evaluering(demo, fra, avsluttet, i_ko and nr == 0)
        tiltak_id = demo.lager.legg_til(
            Tiltak, plan_id=plan_id, mal_id=mal_ider[nr % len(mal_ider)], beskrivelse=beskrivelse, omfang=omfang,
            gjennomforing=gjennomforing, ansvarlig_id=ansvarlig.id, start=fra, evalueringsdato=neste,
            status="avsluttet" if avsluttet else "aktiv", opprettet=tidspunkt(fra),
        )
        if evaluert is not None:
            demo.lager.legg_til(Evaluering, tiltak_id=tiltak_id, dato=evaluert,
                                frist=fra + timedelta(days=FORSTE_FRIST),
                                vurdering="Tiltaket virker etter hensikten; fortsetter som før.",
                                maloppnaelse=rng.choice(("delvis", "oppnadd")),
                                neste_evalueringsdato=neste, evaluert_av=ansvarlig.navn,
                                opprettet=tidspunkt(evaluert))
        ansvarlige.append(ansvarlig)
    return ansvarlige


def _revisjon(demo: Demo, fra: date, *, i_ko: bool) -> date:
    """Neste revisjon: senest `revurdering_maneder` etter start (som `tjenester.plan`), aldri forfalt før det."""
    senest = legg_til_maneder(fra, demo.regelverk.revurdering_maneder)
    igjen = (senest - demo.idag).days
    return demo.frist(igjen if 0 < igjen < 365 else 365, tidligst=senest, i_ko=i_ko)


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
    revisjon = _revisjon(demo, fra, i_ko=variant == REVISJON_I_KO) if status is Planstatus.AKTIV else None
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
    ansvarlige = _mal_og_tiltak(demo, p, plan_id, fra, tjenester, sak.avsluttet, variant == TILTAK_I_KO)
    delt = {koordinator.id, *(a.id for a in ansvarlige)}
    if status is not Planstatus.UTKAST and (variant is not None or rng.random() < 0.55):
        lag_ansvarsgruppe(demo, p, referanse, fra, [koordinator, *ansvarlige], sak.avsluttet,
                          uten_referat=variant == MOTE_UTEN_REFERAT)
    return delt


def lag_deling(demo: Demo, samtykke_id: int, tjenesteytere: set[int]) -> None:
    """Samtykket deler opplysninger med de navngitte tjenesteyterne (§ 19 h; lovkrav K5)."""
    for yid in sorted(tjenesteytere):
        demo.lager.legg_til(SamtykkeDeling, samtykke_id=samtykke_id, tjenesteyter_id=yid)
