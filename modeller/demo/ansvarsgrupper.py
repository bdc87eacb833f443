"""Ansvarsgrupper for personer med plan: medlemmer, de siste møtene i gruppens takt og neste planlagte møte."""

from datetime import date, timedelta

from modeller.demo.felles import lag_mote
from modeller.demo.kontekst import EN_DAG, FORSINKELSE, Demo, Yter, klipp
from modeller.demo.navn import MOTESTEDER
from modeller.demo.personer import Personinfo
from modeller.regler.begreper import Gruppetype
from modeller.regler.moteplikt import neste_motedag
from modeller.regler.virkedager import forrige_virkedag
from modeller.tabeller import Gruppe, Gruppemedlem

FORSTE_MOTE = timedelta(days=14)  # første møte to uker etter at gruppen er opprettet


def lag_ansvarsgruppe(demo: Demo, p: Personinfo, referanse: str, fra: date, yters: list[Yter],
                      slutt: date | None, *, uten_referat: bool) -> None:
    """Ansvarsgruppe (001 L795–798): medlemmer, de siste møtene og neste planlagte møte."""
    rng = demo.rng
    start = _start(demo, fra, uten_referat=uten_referat)
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
    _moter(demo, gid, start, slutt, uten_referat=uten_referat)


def _start(demo: Demo, fra: date, *, uten_referat: bool) -> date:
    """Gruppen starter kort etter planen; `uten_referat`: i en takt der siste møte var for én til tre uker siden."""
    if uten_referat:
        siste = demo.idag - timedelta(days=demo.rng.randint(8, 20))
        forste = siste - FORSTE_MOTE
        if forste >= fra:
            takt = timedelta(weeks=demo.regelverk.ansvarsgruppe_intervall_uker)
            return forste - takt * ((forste - fra) // takt)
    return klipp(fra + timedelta(days=demo.rng.randint(0, 30)), senest=demo.idag)


def _moter(demo: Demo, gid: int, start: date, slutt: date | None, *, uten_referat: bool) -> None:
    """De siste tre møtene i gruppens takt, og neste møte én takt etter det siste (som `registrer_mote_gjennomfort`).

    Holdte møter flyttes til virkedagen før, neste møte til virkedagen etter (`neste_motedag`), så ingen møter
    havner på helligdager og ingen to på samme dag.
    """
    rng = demo.rng
    intervall = timedelta(weeks=demo.regelverk.ansvarsgruppe_intervall_uker)
    datoer, dag = [], start + FORSTE_MOTE
    while dag < (slutt or demo.idag):
        datoer.append(forrige_virkedag(dag, demo.fridager))
        dag += intervall
    sted, kl = rng.choice(MOTESTEDER), rng.choice((9, 10, 12, 13, 14))
    holdte = datoer[-3:]
    for nr, holdt in enumerate(holdte):
        siste = nr == len(holdte) - 1
        avlyst = not siste and rng.random() < 0.05
        referat = not (siste and (uten_referat or _mangler_referat(demo, holdt)))
        lag_mote(demo, gid, holdt, kl=kl, minutter=90, sted=sted, avlyst=avlyst, referat=referat)
    if slutt is None:
        neste = neste_motedag(max(dag, demo.idag + EN_DAG), demo.fridager)
        lag_mote(demo, gid, neste, kl=kl, minutter=90, sted=sted)


def _mangler_referat(demo: Demo, holdt: date) -> bool:
    """Referatet skrives innen `referat_frist_dager`; etter fristen mangler det bare når fristen står igjen."""
    frist = holdt + timedelta(days=demo.regelverk.referat_frist_dager)
    if frist >= demo.idag:
        return demo.rng.random() < 0.5
    return (demo.idag - frist).days <= FORSINKELSE and demo.star_igjen()
