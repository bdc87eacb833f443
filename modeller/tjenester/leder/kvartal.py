"""Kvartalskontrollen: lederens plikter per kvartal, lagret som øyeblikksbilde og meldt til lederne (K28).

* Rapporten regnes per kvartalets siste dag (eller i dag i et løpende kvartal) og lagres i `Rapport`
  (rapporttype «kvartal», periode «2027-K1») når kvartalet er over. Finnes et øyeblikksbilde, gis det tilbake
  uendret, så rapporten for et gammelt kvartal ikke endrer seg når data endres senere; `ny=True` regner ut
  og lagrer på nytt. Et løpende kvartal lagres aldri (det er ikke ferdig).
* Når et øyeblikksbilde lagres, får hver aktiv leder med e-post et sammendrag i utboksen (varseltype
  «kvartalsrapport»): bare periode, dato, antall saker med avvik og lenke — ingen personopplysninger.
* Bare leder (og systemet) kan kjøre kontrollen. Saksreferansene i funnene gis bare ut av `saker_i_funn`,
  som logger oppslaget.
* Utregningen skjer i en lesetransaksjon, og bare lagringen i en skrivetransaksjon, så SQLite-skrivelåsen ikke
  holdes mens hele registeret telles. Kommer to kjøringer samtidig, vinner øyeblikksbildet som ble lagret først.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet, lesing
from modeller.kalender import lokal_dato
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Rolle
from modeller.regler.nokkeltall import Periode, periode, regeldag, sluttdato
from modeller.tabeller import Rapport, Systembruker
from modeller.tjenester.feil import IngenTilgang, Valideringsfeil
from modeller.tjenester.leder import funn, funn_moter
from modeller.tjenester.leder.typer import Kontekst, Kvartalsrapport
from modeller.tjenester.tilgang import SYSTEM, Aktor, logg
from modeller.tjenester.utboks import legg_i_utboks

RAPPORTTYPE = "kvartal"
HVORFOR = "kvartalsvis kontroll av KEs plikter (ledelsesforskriften §§ 6–9)"
FUNN = (funn_moter.ke_gruppe, funn_moter.samhandlingsforum, funn.forfalte_oppgaver, funn.plan_revisjon,
        funn.tiltak_evaluering, funn.vedtak_revurdering, funn.forelopig_svar, funn.apne_klager,
        funn.koordinator_opplaering, funn.barnekoordinator_overgang)
KODER = ("ke_gruppe", "samhandlingsforum", "forfalte_oppgaver", "plan_revisjon", "tiltak_evaluering",
         "vedtak_revurdering", "forelopig_svar", "klager", "koordinator_opplaering", "barnekoordinator_overgang")


@dataclass(frozen=True)
class LagretRapport:
    """Et lagret øyeblikksbilde i oversikten: periode, når det ble laget og antall avvik og brudd."""

    periode: str
    dato: date
    laget: datetime
    avvik: int
    brudd: int


def krev_leder(avh: Avhengigheter, aktor: Aktor, hva: str) -> None:
    """Bare leder (og systemet) slipper til; et forsøk fra andre logges som «nektet» før `IngenTilgang`."""
    if aktor.rolle == Rolle.LEDER:
        return
    with arbeidsenhet(avh.motor) as okt:
        logg(okt, aktor, None, "nektet", hva, HVORFOR)
    raise IngenTilgang("Bare lederen for koordinerende enhet har tilgang til lederrapportene.")


def kvartalsperiode(ar: int, kvartal: int, idag: date) -> Periode:
    """Kvartalet som skal kontrolleres; Valideringsfeil for ugyldig år eller kvartal, eller et framtidig kvartal."""
    if not 2000 <= ar <= 2100:
        raise Valideringsfeil.en("år", "Året må være mellom 2000 og 2100.")
    if not 1 <= kvartal <= 4:
        raise Valideringsfeil.en("kvartal", "Kvartal må være 1, 2, 3 eller 4.")
    p = periode(ar, kvartal)
    if p.fra > idag:
        raise Valideringsfeil.en("kvartal", f"{p.navn} har ikke begynt ennå.")
    return p


def beregn(okt: Session, avh: Avhengigheter, p: Periode, *, na: datetime) -> Kvartalsrapport:
    """Regn ut alle funnene for kvartalet per sluttdatoen (uten å lagre noe)."""
    idag = lokal_dato(na)
    k = Kontekst(periode=p, dato=sluttdato(p, idag), regeldag=regeldag(p, idag), regelverk=avh.regelverk)
    return Kvartalsrapport(periode=p.navn, ar=p.ar, kvartal=p.kvartal or 0, fra=p.fra, til=p.til, dato=k.dato,
                           ferdig=idag > p.til, laget=na, funn=tuple(f(okt, k) for f in FUNN))


def _lagret(okt: Session, navn: str) -> Rapport | None:
    return okt.exec(select(Rapport).where(col(Rapport.rapporttype) == RAPPORTTYPE,
                                          col(Rapport.periode) == navn)).first()


def _meld_ledere(okt: Session, avh: Avhengigheter, rapport: Kvartalsrapport, rapport_id: int | None) -> int:
    """Legg sammendraget i utboksen til hver aktiv leder med e-post (idempotent per dag og mottaker)."""
    innst = avh.innstillinger
    mottakere = okt.exec(select(Systembruker.epost).where(
        col(Systembruker.rolle) == Rolle.LEDER, col(Systembruker.aktiv).is_(True),
        col(Systembruker.epost).is_not(None)).order_by(col(Systembruker.id))).all()
    kontekst = {"referanse": rapport.periode, "dato": rapport.dato, "antall": rapport.saker_med_avvik(),
                "lenke": f"{innst.dashbord_url.rstrip('/')}/leder", "kommunenavn": innst.kommunenavn,
                "ke_navn": innst.ke_navn, "mottakerrolle": "leder for koordinerende enhet"}
    lagt = 0
    for epost in mottakere:
        if epost and legg_i_utboks(okt, varseltype="kvartalsrapport", mottaker_epost=epost,
                                   forfallsdato=lokal_dato(rapport.laget), objekt_type="rapport",
                                   objekt_id=rapport_id, kontekst=kontekst, malform=innst.malform) is not None:
            lagt += 1
    return lagt


def _lagre(okt: Session, avh: Avhengigheter, rapport: Kvartalsrapport, *, ny: bool) -> Kvartalsrapport:
    """Lagre øyeblikksbildet og meld lederne; et bilde lagret i mellomtiden vinner uten `ny`."""
    rad = _lagret(okt, rapport.periode)
    if rad is not None and not ny:
        return Kvartalsrapport.fra_json(rad.innhold)
    innhold = rapport.til_json(med_saker=True)
    if rad is None:
        rad = Rapport(rapporttype=RAPPORTTYPE, periode=rapport.periode, innhold=innhold, laget=rapport.laget)
    else:
        rad.innhold, rad.laget = innhold, rapport.laget
    okt.add(rad)
    okt.flush()
    _meld_ledere(okt, avh, rapport, rad.id)
    return rapport


def hent_kvartalsrapport(avh: Avhengigheter, aktor: Aktor, p: Periode, *, na: datetime, lagre: bool, ny: bool,
                         hva: str) -> Kvartalsrapport:
    """Øyeblikksbildet, eller en ny utregning (lagret når kvartalet er over og `lagre`); logger oppslaget."""
    with lesing(avh.motor) as okt:
        rad = None if ny else _lagret(okt, p.navn)
        rapport = Kvartalsrapport.fra_json(rad.innhold) if rad else beregn(okt, avh, p, na=na)
    with arbeidsenhet(avh.motor) as okt:
        if lagre and rapport.ferdig and not rapport.fra_lager:
            rapport = _lagre(okt, avh, rapport, ny=ny)
        logg(okt, aktor, None, "les", hva, HVORFOR)
    return rapport


def kvartalskontroll(avh: Avhengigheter, *, ar: int, kvartal: int, na: datetime, aktor: Aktor = SYSTEM,
                     lagre: bool = True, ny: bool = False) -> Kvartalsrapport:
    """Kvartalskontrollen for `ar`/`kvartal` per kvartalets siste dag (eller i dag), uten saksreferanser.

    Finnes et lagret øyeblikksbilde, gis det tilbake uendret; `ny=True` regner ut på nytt (og lagrer det nye
    bildet når `lagre`). Et nytt øyeblikksbilde meldes til lederne gjennom utboksen. Bare leder eller systemet.
    """
    p = kvartalsperiode(ar, kvartal, lokal_dato(na))
    krev_leder(avh, aktor, f"kvartalskontroll {p.navn}")
    return hent_kvartalsrapport(avh, aktor, p, na=na, lagre=lagre, ny=ny,
                                hva=f"kvartalskontroll {p.navn}").uten_saker()


def saker_i_funn(avh: Avhengigheter, aktor: Aktor, *, ar: int, kvartal: int, na: datetime,
                 kode: str | None = None) -> dict[str, tuple[str, ...]]:
    """Saksreferansene (P-, S- eller IP-) bak hvert funn, eller bak ett funn (`kode`); bare leder, logges."""
    p = kvartalsperiode(ar, kvartal, lokal_dato(na))
    if kode is not None and kode not in KODER:
        raise Valideringsfeil.en("kode", f"Ukjent funn «{kode}»; gyldige er {', '.join(KODER)}.")
    hva = f"kvartalsrapport {p.navn}: saksliste {kode or 'alle funn'}"
    krev_leder(avh, aktor, hva)
    rapport = hent_kvartalsrapport(avh, aktor, p, na=na, lagre=True, ny=False, hva=hva)
    return {f.kode: f.saker for f in rapport.funn if kode is None or f.kode == kode}


def lagrede_kvartalsrapporter(avh: Avhengigheter, aktor: Aktor) -> tuple[LagretRapport, ...]:
    """Oversikt over lagrede kvartalsrapporter, nyeste først (bare leder)."""
    krev_leder(avh, aktor, "oversikt over kvartalsrapporter")
    with lesing(avh.motor) as okt:
        rapporter = [Kvartalsrapport.fra_json(r.innhold)
                     for r in okt.exec(select(Rapport).where(col(Rapport.rapporttype) == RAPPORTTYPE))]
    return tuple(LagretRapport(r.periode, r.dato, r.laget, r.avvik, r.brudd)
                 for r in sorted(rapporter, key=lambda r: (r.ar, r.kvartal), reverse=True))
