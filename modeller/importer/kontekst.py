"""Konteksten regelsjekkene deler: filen, det som finnes fra før, problemene og skriveplanen."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from modeller.importer.oppslag import Register
from modeller.importer.resultat import Importproblem
from modeller.importer.struktur import Struktur, sti
from modeller.kalender import OSLO
from modeller.regler.parametre import Regelverk

# Hva som gjør en rad unik i hver liste (for meldingen om duplikater).
NOKKELTEKST = {
    "virksomheter": "navn", "tjenesteytere": "epost", "personer": "identitetsnummer",
    "relasjoner": "person, relasjonstype og navn", "tjenester": "person, kode, virksomhet og fra",
    "samtykker": "person, gitt og gitt_av_navn", "vedtak": "person, tiltak og fattet_dato",
    "koordinatorer": "person, rolle og fra", "planer": "person og periode_fra",
    "mal": "person, plan_fra og beskrivelse", "tiltak": "person, plan_fra og beskrivelse",
    "grupper": "gruppetype, navn og person", "gruppemedlemmer": "gruppe og epost/navn/er_bruker",
    "moter": "gruppe og start",
}


@dataclass
class Skriverad:
    """Én rad som skal skrives: naturlig nøkkel, verdier, foreldre (kolonne → art og nøkkel), og verdier bare
    for nye rader (genererte referanser og standardverdier som ikke skal overskrive det som finnes)."""

    nokkel: Any
    verdier: dict[str, Any]
    foreldre: dict[str, tuple[str, Any]] = field(default_factory=dict)
    ny: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Samtykkeinfo:
    """Det plan- og koordinatorsjekken trenger å vite om et samtykke."""

    gitt: date
    gyldig_til: date | None
    trukket: date | None
    omfang_ip: bool
    omfang_koordinator: bool


@dataclass
class Kontroll:
    """Felles kontekst for sjekkene: filen, det som finnes fra før, regelverket og problemene så langt."""

    struktur: Struktur
    register: Register
    regelverk: Regelverk
    fridager: Callable[[date], frozenset[date]]
    idag: date
    kommunenummer: str
    problemer: list[Importproblem] = field(default_factory=list)
    skriv: dict[str, list[Skriverad]] = field(default_factory=lambda: defaultdict(list))
    fil: dict[str, dict[Any, tuple[int, Any]]] = field(default_factory=lambda: defaultdict(dict))
    fodt: dict[str, date | None] = field(default_factory=dict)
    fullt_navn: dict[str, str] = field(default_factory=dict)
    samtykker: dict[str, list[Samtykkeinfo]] = field(default_factory=lambda: defaultdict(list))
    datoer: dict[str, list[date]] = field(default_factory=lambda: defaultdict(list))
    mottatt: dict[str, date] = field(default_factory=dict)
    odelagte: set[str] = field(default_factory=set)
    vedtatt: set[str] = field(default_factory=set)
    trenger_sak: set[str] = field(default_factory=set)

    def feil(self, melding: str, *deler: str | int) -> None:
        """Registrer et problem på stien `deler`."""
        self.problemer.append(Importproblem(sti(*deler), melding))

    def rader(self, liste: str) -> list[tuple[int, Any]]:
        """Radene med riktig form i en liste, med indeksen de har i filen."""
        return self.struktur.rader.get(liste, [])

    def unik(self, liste: str, nokkel: Any, i: int, *, husk: Any = None) -> bool:
        """Sann første gang nøkkelen sees i listen; ellers et problem om duplikat."""
        tidligere = self.fil[liste].get(nokkel)
        if tidligere is not None:
            self.feil(f"Raden har samme {NOKKELTEKST[liste]} som {liste}[{tidligere[0]}]; hver rad må være unik.",
                      liste, i)
            return False
        self.fil[liste][nokkel] = (i, husk)
        return True

    def finnes(self, art: str, nokkel: Any) -> bool:
        """Finnes raden i filen, fra før, eller i en rad med formfeil (som allerede er meldt)?"""
        return (nokkel in self.fil[art] or nokkel in self.register.rader[art]
                or nokkel in self.struktur.formfeil_nokler.get(art, ()))

    def kjent_person(self, ident: str, *deler: str | int) -> bool:
        """Sjekk at identen er en person i filen eller fra før (identen gjentas ikke i meldingen)."""
        if self.finnes("personer", ident):
            return True
        self.feil("Ukjent person: identitetsnummeret står ikke i personer og finnes ikke fra før.", *deler)
        return False

    def kjent_tjenesteyter(self, epost: str, *deler: str | int) -> bool:
        """Sjekk at e-postadressen tilhører en tjenesteyter i filen eller fra før."""
        if self.finnes("tjenesteytere", epost):
            return True
        self.feil(f"Ukjent tjenesteyter «{epost}»: e-postadressen står ikke i tjenesteytere og finnes ikke fra før.",
                  *deler)
        return False

    def person_odelagt(self, ident: str) -> bool:
        """Er identen ugyldig, eller mangler fødselsdatoen i en rad med formfeil? Da hoppes følgefeil over."""
        return ident in self.odelagte

    def samtykke_kan_sjekkes(self, ident: str) -> bool:
        """Kan samtykkekravet sjekkes uten følgefeil (personen og samtykkeradene har ingen meldte formfeil)?"""
        return not self.person_odelagt(ident) and ident not in self.struktur.formfeil_nokler.get("samtykker", ())

    def fodselsdato(self, ident: str) -> date | None:
        """Fødselsdatoen fra filen, ellers fra databasen."""
        if ident in self.fodt:
            return self.fodt[ident]
        person = self.register.rader["personer"].get(ident)
        return None if person is None else person.fodselsdato

    def navn(self, ident: str) -> str | None:
        """Personens fulle navn fra filen, ellers fra databasen."""
        if ident in self.fullt_navn:
            return self.fullt_navn[ident]
        person = self.register.rader["personer"].get(ident)
        return None if person is None else f"{person.fornavn} {person.etternavn}"

    def rekkefolge(self, liste: str, i: int, rad: Any, tidlig: str, sen: str, *, lik_ok: bool = True) -> bool:
        """Problem når `sen` er før `tidlig` (eller lik, når `lik_ok` er usann)."""
        a, b = getattr(rad, tidlig), getattr(rad, sen)
        if a is None or b is None or b > a or (lik_ok and b == a):
            return True
        ord_ = "før" if lik_ok else "før eller lik"
        self.feil(f"{sen} ({_vis(b)}) kan ikke være {ord_} {tidlig} ({_vis(a)}).", liste, i, sen)
        return False

    def ikke_framtid(self, liste: str, i: int, rad: Any, felt: str) -> None:
        """Problem når datoen er etter importdagen."""
        verdi = getattr(rad, felt)
        if verdi is not None and verdi > self.idag:
            self.feil(f"Datoen ({_vis(verdi)}) kan ikke være etter importdagen ({_vis(self.idag)}).", liste, i, felt)


def _vis(verdi: Any) -> str:
    if isinstance(verdi, datetime):
        return verdi.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")
    return verdi.isoformat() if isinstance(verdi, date) else str(verdi)


def satte(rad: Any, felt: Iterable[str]) -> dict[str, Any]:
    """Verdiene til feltene som står i filen (felt som mangler, rører ikke det som finnes fra før)."""
    satt = rad.model_fields_set
    return {f: getattr(rad, f) for f in felt if f in satt}


def effektiv(rad: Any, fra_for: Any, felt: str) -> Any:
    """Verdien etter importen: fra filen når feltet står der, ellers verdien som finnes fra før."""
    return getattr(rad, felt) if felt in rad.model_fields_set or fra_for is None else getattr(fra_for, felt)
