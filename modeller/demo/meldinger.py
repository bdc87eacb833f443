"""Meldinger fra alle kilder (også helsepersonell etter hpl § 38 a) og samtykker fra rett giver."""

from datetime import date, timedelta

from modeller.demo.felles import tilfeldig_navn
from modeller.demo.kontekst import EN_DAG, Demo, klipp, tidspunkt
from modeller.demo.personer import Personinfo, Rel
from modeller.regler.begreper import Kanal, Meldingskilde, SamtykkeGiver, Tiltakstype
from modeller.regler.identitet import alder, fyller_ar
from modeller.regler.samtykke import vurder_samtykkegiver
from modeller.tabeller import Melding, Samtykke

# Fordeling av meldingskilder (tolkning; kilderegler.md §3.1, hpl § 38 a).
KILDER = (
    (Meldingskilde.HELSEPERSONELL, 35), (Meldingskilde.ANSATT, 20), (Meldingskilde.BRUKER, 15),
    (Meldingskilde.PARORENDE, 15), (Meldingskilde.SPESIALIST_KE, 10), (Meldingskilde.ANNEN, 5),
)
HELSEPERSONELL = ("lege", "helsestasjon", "hjemmetjenesten", "sykehus", "jordmor", "psykisk_helse")
ANSATTE = ("barnehage", "grunnskole", "vgs", "nav", "ppt", "barnevern", "terapi", "miljotjenesten")


def _avsender(demo: Demo, p: Personinfo, kilde: Meldingskilde) -> tuple[Meldingskilde, str, str | None, Kanal]:
    rng = demo.rng
    parorende = [r for r in (*p.foresatte, p.parorende, p.verge) if r is not None]
    if kilde is Meldingskilde.BRUKER and (p.ufodt or p.alder(demo.idag) < demo.regelverk.samtykkealder):
        kilde = Meldingskilde.PARORENDE
    if kilde is Meldingskilde.PARORENDE and not parorende:
        kilde = Meldingskilde.BRUKER
    if kilde is Meldingskilde.BRUKER:
        return kilde, p.navn, None, rng.choice((Kanal.DIGITAL, Kanal.SKRIFTLIG, Kanal.MUNTLIG))
    if kilde is Meldingskilde.PARORENDE:
        return kilde, rng.choice(parorende).navn, None, rng.choice((Kanal.DIGITAL, Kanal.SKRIFTLIG, Kanal.MUNTLIG))
    if kilde is Meldingskilde.ANNEN:
        return kilde, tilfeldig_navn(demo), "Frivilligsentralen", Kanal.MUNTLIG
    art = {Meldingskilde.HELSEPERSONELL: rng.choice(HELSEPERSONELL), Meldingskilde.ANSATT: rng.choice(ANSATTE),
           Meldingskilde.SPESIALIST_KE: "sykehus"}[kilde]
    virk = demo.virk(art)
    elektronisk = kilde is not Meldingskilde.ANSATT and rng.random() < 0.8
    kanal = Kanal.ELEKTRONISK_MELDING if elektronisk else rng.choice((Kanal.SKRIFTLIG, Kanal.DIGITAL))
    return kilde, demo.yter(virk).navn, virk.navn, kanal


def lag_meldinger(demo: Demo, p: Personinfo, sak_id: int, mottatt: date, senest: date, vedlagt: bool,
                  registrert_av: int | None) -> None:
    """Første melding `mottatt`, og av og til en melding til fra en annen kilde før `senest`."""
    rng = demo.rng
    barn = p.ufodt or p.alder(demo.idag) < demo.regelverk.myndighetsalder
    gjelder = Tiltakstype.BARNEKOORDINATOR if barn and rng.random() < 0.6 else (
        Tiltakstype.KOORDINATOR if rng.random() < 0.3 else Tiltakstype.IP)
    datoer = [mottatt]
    if rng.random() < 0.1 and senest > mottatt:
        datoer.append(mottatt + timedelta(days=rng.randint(1, min(20, (senest - mottatt).days))))
    for nr, dag in enumerate(datoer):
        kilde = rng.choices([k for k, _ in KILDER], weights=[v for _, v in KILDER])[0]
        kilde, navn, virksomhet, kanal = _avsender(demo, p, kilde)
        demo.lager.legg_til(Melding, person_id=p.id, sak_id=sak_id, kilde=kilde, avsender_navn=navn,
                            avsender_virksomhet=virksomhet, mottatt=dag, kanal=kanal,
                            samtykke_vedlagt=vedlagt and nr == 0, gjelder=gjelder, registrert_av=registrert_av,
                            opprettet=tidspunkt(dag))


def _giver(demo: Demo, p: Personinfo, dag: date) -> tuple[SamtykkeGiver, Rel | None]:
    """Hvem som samtykker på `dag`: foresatt under 16 år, ellers personen selv, verge eller fullmektig."""
    if p.ufodt or alder(p.fodselsdato, dag) < demo.regelverk.samtykkealder:
        return SamtykkeGiver.FORESATT, next(r for r in p.foresatte if r.foreldreansvar)
    if p.verge is not None:
        return SamtykkeGiver.VERGE, p.verge
    if p.fullmektig is not None:
        return SamtykkeGiver.FULLMEKTIG, p.fullmektig
    return SamtykkeGiver.SELV, None


def _samtykke(demo: Demo, p: Personinfo, gitt: date, *, gyldig_til: date | None, trukket: date | None,
              registrert_av: int | None) -> int:
    giver, rel = _giver(demo, p, gitt)
    begrunnelse = p.kompetanse_mangler if giver is SamtykkeGiver.VERGE else None
    vurdering = vurder_samtykkegiver(
        fodselsdato=p.fodselsdato, idag=gitt, gitt_av=giver, skriftlig_fullmakt=giver is SamtykkeGiver.FULLMEKTIG,
        foreldreansvar=rel.foreldreansvar if rel else False, manglende_kompetanse_begrunnelse=begrunnelse,
        regelverk=demo.regelverk,
    )
    if not vurdering.gyldig:
        raise RuntimeError(f"Demogeneratoren laget et ugyldig samtykke: {vurdering.grunner}")
    return demo.lager.legg_til(
        Samtykke, person_id=p.id, gitt_av=giver, gitt_av_navn=rel.navn if rel else p.navn,
        relasjon_id=rel.id if rel else None, grunnlag=vurdering.grunner[0][:300], skriftlig=True,
        manglende_kompetanse_begrunnelse=begrunnelse, omfang_koordinator=True, omfang_ip=True, omfang_deling=True,
        gitt=gitt, gyldig_til=gyldig_til, trukket=trukket, trukket_grunn="Brukeren ønsket å avslutte." if trukket
        else None, registrert_av=registrert_av, opprettet=tidspunkt(gitt),
    )


def lag_samtykke(demo: Demo, p: Personinfo, gitt: date, *, slutt: date | None = None, trekkes: bool = False,
                 registrert_av: int | None = None) -> int:
    """Samtykke fra rett giver; fyller personen 16 etter `gitt`, fornyes det av personen selv (pbrl § 4-3).

    `slutt` avslutter samtykket: trukket den dagen når `trekkes`, ellers utløpt (gyldig til dagen før).
    Gir id-en til samtykket som gjelder sist.
    """
    rng = demo.rng
    seksten = fyller_ar(p.fodselsdato, demo.regelverk.samtykkealder)
    if not p.ufodt and gitt < seksten <= (slutt or demo.idag):
        _samtykke(demo, p, gitt, gyldig_til=seksten - EN_DAG, trukket=None, registrert_av=registrert_av)
        gitt = klipp(seksten + timedelta(days=rng.randint(0, 14)), senest=slutt or demo.idag)
    gyldig_til = None
    if slutt is None and rng.random() < 0.12:
        gyldig_til = demo.dag(20, 700)
    elif slutt is not None and not trekkes:
        gyldig_til = slutt - EN_DAG
    return _samtykke(demo, p, gitt, gyldig_til=gyldig_til, trukket=slutt if trekkes else None,
                     registrert_av=registrert_av)
