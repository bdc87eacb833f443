"""Det personene deler: virksomheter, tjenesteytere, demobrukere, KE-gruppen og samhandlingsforum."""

from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from modeller.demo.kontekst import Demo, Virk, Yter, klipp, tidspunkt
from modeller.demo.navn import ETTERNAVN, KVINNER_ELDRE, MENN_ELDRE, STEDER, ascii_slug
from modeller.kalender import lokalt_tidspunkt
from modeller.katalog import STANDARD_VIRKSOMHETER, Virksomhetsmal
from modeller.passord import hash_passord
from modeller.regler.begreper import Gruppetype, Malform, Motestatus, Rolle
from modeller.regler.virkedager import neste_virkedag
from modeller.tabeller import Gruppe, Gruppemedlem, Mote, Systembruker, Tjenesteyter, Virksomhet

DOMENE = "demo-kommune.example"  # RFC 2606: .example leveres aldri til noen
# Hvor mange tjenesteytere hver virksomhetsart får, relativt (tolkning: størst i hjemmetjenesten og skolen).
VEKTER = {
    "ke": 2, "jordmor": 2, "helsestasjon": 5, "barnehage": 8, "grunnskole": 12, "vgs": 5, "hjemmetjenesten": 14,
    "terapi": 7, "psykisk_helse": 6, "sykehjem": 6, "miljotjenesten": 8, "lege": 5, "nav": 6, "ppt": 4,
    "barnevern": 3, "sykehus": 5,
}
REFERAT = "Gjennomgang av status og tiltak; ansvar og frister er fordelt. Neste møte er avtalt."
KE_MOTEMANEDER = (2, 5, 9, 11)  # minst fire møter i året (004_cca943988ffadea5.txt L184)


@dataclass(frozen=True)
class Demoinnlogging:
    """En demoinnlogging som CLI-et skriver ut: brukernavn, passord, rolle og navn."""

    brukernavn: str
    passord: str
    rolle: Rolle
    navn: str


DEMOBRUKERE: tuple[tuple[str, Rolle], ...] = (
    ("koordinator", Rolle.KOORDINATOR),
    ("saksbehandler", Rolle.SAKSBEHANDLER),
    ("leder", Rolle.LEDER),
    ("admin", Rolle.ADMIN),
)


def tilfeldig_navn(demo: Demo) -> str:
    """Et voksent navn (fornavn og etternavn) fra navnelistene."""
    fornavn = demo.rng.choice(KVINNER_ELDRE if demo.rng.random() < 0.6 else MENN_ELDRE)
    return f"{fornavn} {demo.rng.choice(ETTERNAVN)}"


def lag_virksomheter(demo: Demo, personer: int) -> None:
    """Standardvirksomhetene, og flere barnehager og skoler i store kommuner (én per 2000 personer)."""
    maler: list[Virksomhetsmal] = list(STANDARD_VIRKSOMHETER)
    for sted in STEDER[: personer // 2000]:
        for art, navn in (("barnehage", f"{sted} barnehage"), ("grunnskole", f"{sted} skole")):
            mal = next(m for m in STANDARD_VIRKSOMHETER if m.kode == art)
            maler.append(replace(mal, navn=navn))
    for mal in maler:
        vid = demo.lager.legg_til(Virksomhet, navn=mal.navn, sektor=mal.sektor, instans=mal.instans,
                                  epost=f"postmottak.{ascii_slug(mal.navn)}@{DOMENE}")
        demo.virk_per_art.setdefault(mal.kode, []).append(Virk(vid, mal.kode, mal.navn, mal.instans))
        demo.yter_per_virk[vid] = []


def _lag_yter(demo: Demo, virk: Virk, *, stilling: str | None = None, koordinator: bool | None = None,
              opplaert: bool | None = None) -> Yter:
    mal = next(m for m in STANDARD_VIRKSOMHETER if m.kode == virk.art)
    rng = demo.rng
    navn = tilfeldig_navn(demo)
    kan = (mal.kan_koordinere and rng.random() < 0.5) if koordinator is None else koordinator
    har_opplaering = kan and rng.random() < 0.75 if opplaert is None else opplaert
    opplaering = demo.dag(-1500, -20) if har_opplaering else None
    veiledning = demo.dag(-300, -5) if opplaering and rng.random() < 0.5 else None
    epost = f"{ascii_slug(navn)}.{demo.lager.neste_id(Tjenesteyter)}@{DOMENE}"
    yid = demo.lager.legg_til(
        Tjenesteyter, navn=navn, epost=epost, virksomhet_id=virk.id, stilling=stilling or rng.choice(mal.stillinger),
        malform=Malform.NYNORSK if rng.random() < 0.15 else None, kan_vaere_koordinator=kan,
        opplaering_dato=opplaering, veiledning_sist=veiledning,
    )
    yter = Yter(yid, navn, virk, kan, opplaering is not None)
    demo.yter_per_virk[virk.id].append(yter)
    if kan:
        demo.koordinatorer.append(yter)
        demo.koordinatorer_per_instans.setdefault(virk.instans, []).append(yter)
    return yter


def lag_tjenesteytere(demo: Demo, antall: int) -> tuple[Yter, Yter, Yter]:
    """Tjenesteytere i alle virksomheter; gir KE-lederen, saksbehandleren og demokoordinatoren."""
    ke = demo.virk_per_art["ke"][0]
    leder = _lag_yter(demo, ke, stilling="Leder for koordinerende enhet", koordinator=False)
    saksbehandler = _lag_yter(demo, ke, stilling="Saksbehandler", koordinator=False)
    # Demokoordinatoren har fått opplæring (001_c5df1bb6b580be91.txt L909–910).
    koordinator = _lag_yter(demo, ke, stilling="Koordinator", koordinator=True, opplaert=True)
    # Demokoordinatoren får bare de første sakene (DEMOKVOTE), ikke en andel av alle.
    demo.koordinatorer.remove(koordinator)
    demo.koordinatorer_per_instans[ke.instans].remove(koordinator)
    andre = [v for arter in demo.virk_per_art.values() for v in arter if v.art != "ke"]
    for virk in andre:
        _lag_yter(demo, virk)
    arter = sorted(demo.virk_per_art)
    for _ in range(max(0, antall - len(andre) - 3)):
        art = demo.rng.choices(arter, weights=[VEKTER.get(a, 1) for a in arter])[0]
        _lag_yter(demo, demo.virk(art))
    return leder, saksbehandler, koordinator


def lag_systembrukere(demo: Demo, leder: Yter, saksbehandler: Yter, koordinator: Yter) -> list[Demoinnlogging]:
    """Én demobruker per rolle; passordet er lik brukernavnet (bare for demo)."""
    yter_for = {Rolle.KOORDINATOR: koordinator, Rolle.SAKSBEHANDLER: saksbehandler, Rolle.LEDER: leder}
    innlogginger = []
    for brukernavn, rolle in DEMOBRUKERE:
        yter = yter_for.get(rolle)
        navn = yter.navn if yter else tilfeldig_navn(demo)
        bid = demo.lager.legg_til(Systembruker, brukernavn=brukernavn, navn=navn, epost=f"{brukernavn}@{DOMENE}",
                                  rolle=rolle, passord_hash=hash_passord(brukernavn),
                                  tjenesteyter_id=yter.id if yter else None)
        if rolle is Rolle.SAKSBEHANDLER:
            demo.saksbehandler = (bid, navn)
        if rolle is Rolle.LEDER:
            demo.leder = (bid, navn)
        innlogginger.append(Demoinnlogging(brukernavn, brukernavn, rolle, navn))
    return innlogginger


def lag_mote(demo: Demo, gruppe_id: int, dag: date, *, kl: int, minutter: int, sted: str,
             referat: bool = True, avlyst: bool = False) -> int:
    """Et møte på virkedag `dag`: gjennomført før i dag (med eller uten referat), ellers planlagt."""
    start = lokalt_tidspunkt(dag, time(kl))
    holdt = dag < demo.idag
    status = Motestatus.AVLYST if avlyst else Motestatus.GJENNOMFORT if holdt else Motestatus.PLANLAGT
    skrevet = holdt and referat and not avlyst
    skrevet_dag = klipp(dag + timedelta(days=demo.rng.randint(0, 4)), senest=demo.idag)
    return demo.lager.legg_til(
        Mote, gruppe_id=gruppe_id, start=start, slutt=start + timedelta(minutes=minutter), sted=sted,
        status=status, referat=REFERAT if skrevet else None, referat_skrevet=tidspunkt(skrevet_dag, 14)
        if skrevet else None, uid=demo.uid(), sekvens=0, opprettet=tidspunkt(min(dag, demo.idag), 7),
    )


def _medlemmer(demo: Demo, gruppe_id: int, fra: date, yters: list[Yter]) -> None:
    for nr, yter in enumerate(yters):
        demo.lager.legg_til(Gruppemedlem, gruppe_id=gruppe_id, tjenesteyter_id=yter.id,
                            rolle="leder" if nr == 0 else "medlem", fra=fra)


def lag_ke_gruppe_og_forum(demo: Demo, leder: Yter) -> None:
    """KE-gruppen (minst fire møter i året, 004 L184) og månedlig samhandlingsforum (004 L224–230)."""
    start = date(demo.idag.year - 3, 1, 2)
    ke = demo.lager.legg_til(Gruppe, gruppetype=Gruppetype.KE_GRUPPE, navn="KE-gruppen (rådgivende gruppe)",
                             opprettet_dato=start, intervall_uker=13, sted="Rådhuset, møterom 2")
    _medlemmer(demo, ke, start, [leder, *(demo.yter(demo.virk(a)) for a in ("helsestasjon", "nav", "barnevern"))])
    for ar in (demo.idag.year - 1, demo.idag.year):
        for maned in KE_MOTEMANEDER:
            dag = neste_virkedag(date(ar, maned, 10), demo.fridager)
            lag_mote(demo, ke, dag, kl=13, minutter=120, sted="Rådhuset, møterom 2")
    forum = demo.lager.legg_til(Gruppe, gruppetype=Gruppetype.SAMHANDLINGSFORUM, navn="Samhandlingsforum",
                                opprettet_dato=start, intervall_uker=4, sted="Helsehuset, møterom Fjord")
    arter = ("helsestasjon", "barnehage", "grunnskole", "vgs", "hjemmetjenesten", "terapi", "psykisk_helse",
             "nav", "ppt", "barnevern", "lege")
    _medlemmer(demo, forum, start, [leder, *(demo.yter(demo.virk(a)) for a in arter)])
    for maned in range(1, 13):
        dag = neste_virkedag(date(demo.idag.year, maned, 15), demo.fridager)
        lag_mote(demo, forum, dag, kl=9, minutter=90, sted="Helsehuset, møterom Fjord")
