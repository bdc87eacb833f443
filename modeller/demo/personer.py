"""Demopersoner i alle aldre, med syntetiske identitetsnumre og representanter (foresatte, verge, fullmektig).

Identitetsnumrene lages med `lag_identitetsnummer(..., syntetisk=True)`: måned + 80 (Skatteetatens
syntetiske nummer, sikkerhet-og-drift.md §2.3). De kan aldri tilhøre en ekte person, og appen godtar dem bare
når `ENHETEN_DEMO=true` eller `ENHETEN_TILLAT_SYNTETISKE_IDENTER=true`.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from modeller.demo.kontekst import EN_DAG, Demo
from modeller.demo.navn import ETTERNAVN, GATER, KVINNER_ELDRE, KVINNER_UNGE, MENN_ELDRE, MENN_UNGE, STEDER, ascii_slug
from modeller.regler.begreper import Identtype, Livsfase, Malform, Relasjonstype
from modeller.regler.frister import legg_til_maneder
from modeller.regler.identitet import alder, fyller_ar, lag_identitetsnummer
from modeller.regler.livsfase import livsfase_for
from modeller.tabeller import Person, Relasjon

# Aldersgrupper: (navn, vekt, yngste alder, eldste alder). Vektene er en tolkning av en typisk KE-portefølje.
GRUPPER = (
    ("svangerskap", 2, 0, 0), ("spedbarn", 4, 0, 0), ("barnehage", 8, 1, 5), ("grunnskole", 18, 6, 15),
    ("videregaende", 7, 16, 17), ("voksen", 36, 18, 66), ("eldre", 25, 67, 98),
)
# De første personene dekker hver livsfase, og én fyller 18 om noen måneder (barnekoordinator slutter).
FASTE = ("svangerskap", "spedbarn", "barnehage", "grunnskole", "snart_18", "voksen", "eldre")
# Aldre for de faste personene: midt i livsfasen, så de alltid har rukket å få vedtak.
FASTE_ALDER = {"barnehage": (2, 4), "grunnskole": (8, 13), "voksen": (25, 60), "eldre": (70, 90)}
ELDRE_ALDER = 67
MANGLER_KOMPETANSE = {
    True: "Legeerklæring: mangler samtykkekompetanse på grunn av demens.",
    False: "Legeerklæring: mangler samtykkekompetanse på grunn av utviklingshemming.",
}


@dataclass(frozen=True)
class Rel:
    """En representant eller pårørende."""

    id: int
    navn: str
    type: Relasjonstype
    foreldreansvar: bool


@dataclass(frozen=True)
class Personinfo:
    """Det resten av generatoren trenger å vite om en demoperson."""

    id: int
    navn: str
    fodselsdato: date  # termin for ufødte
    ufodt: bool
    livsfase: Livsfase
    eldre: bool
    foresatte: tuple[Rel, ...]
    verge: Rel | None
    fullmektig: Rel | None
    parorende: Rel | None
    kompetanse_mangler: str | None

    def alder(self, idag: date) -> int:
        """Alder i hele år `idag` (negativ før termin)."""
        return alder(self.fodselsdato, idag)


def _fodselsdato(demo: Demo, gruppe: str, fast: bool) -> date:
    if gruppe == "svangerskap":
        return demo.dag(20, 200)  # termin
    if gruppe == "snart_18":
        return legg_til_maneder(demo.idag, -12 * demo.regelverk.myndighetsalder) + timedelta(
            days=demo.rng.randint(20, 150))
    _, _, yngst, eldst = next(g for g in GRUPPER if g[0] == gruppe)
    if fast and gruppe in FASTE_ALDER:
        yngst, eldst = FASTE_ALDER[gruppe]
    seneste = legg_til_maneder(demo.idag, -12 * yngst)
    tidligste = legg_til_maneder(demo.idag, -12 * (eldst + 1)) + EN_DAG
    return tidligste + timedelta(days=demo.rng.randint(0, (seneste - tidligste).days))


def _identitet(demo: Demo, fodt: date, kvinne: bool, type_: Identtype) -> str:
    """Et unikt syntetisk nummer; individnummerets siste siffer er partall for kvinner (Skatteetaten)."""
    lav, hoy = (500, 999) if fodt.year >= 2000 else (0, 499)
    while True:
        individ = demo.rng.randint(lav, hoy)
        if individ % 2 != (0 if kvinne else 1):
            individ = individ + 1 if individ < hoy else individ - 1
        nummer = lag_identitetsnummer(fodt, individ, type=type_, syntetisk=True)
        if nummer is not None and nummer not in demo.brukte_identer:
            demo.brukte_identer.add(nummer)
            return nummer


def _rel(demo: Demo, person_id: int, type_: Relasjonstype, navn: str, fra: date | None, *,
         foreldreansvar: bool = False, fullmakt: bool = False) -> Rel:
    epost = f"{ascii_slug(navn)}.{demo.lager.neste_id(Relasjon)}@epost.example" if demo.rng.random() < 0.4 else None
    rid = demo.lager.legg_til(Relasjon, person_id=person_id, relasjonstype=type_, navn=navn,
                              foreldreansvar=foreldreansvar, skriftlig_fullmakt=fullmakt, epost=epost, fra=fra)
    return Rel(rid, navn, type_, foreldreansvar)


def _foresatte(demo: Demo, pid: int, etternavn: str, fodt: date, ufodt: bool) -> tuple[Rel, ...]:
    rng = demo.rng
    fra = None if ufodt else fodt
    mor = _rel(demo, pid, Relasjonstype.FORESATT, f"{rng.choice(KVINNER_ELDRE)} {etternavn}", fra, foreldreansvar=True)
    if rng.random() >= 0.8:
        return (mor,)
    far = _rel(demo, pid, Relasjonstype.FORESATT, f"{rng.choice(MENN_ELDRE)} {rng.choice((etternavn, *ETTERNAVN))}",
               fra, foreldreansvar=rng.random() < 0.9)
    return (mor, far)


def _voksenrelasjoner(demo: Demo, pid: int, etternavn: str, ar: int) -> tuple[Rel | None, Rel | None, Rel | None]:
    rng = demo.rng
    verge = fullmektig = None
    if rng.random() < (0.15 if ar >= 80 else 0.05):
        verge = _rel(demo, pid, Relasjonstype.VERGE, f"{rng.choice(KVINNER_ELDRE + MENN_ELDRE)} "
                     f"{rng.choice(ETTERNAVN)}", demo.dag(-2000, -60))
    elif rng.random() < 0.06:
        fullmektig = _rel(demo, pid, Relasjonstype.FULLMEKTIG, f"{rng.choice(KVINNER_ELDRE)} {etternavn}",
                          demo.dag(-1000, -30), fullmakt=True)
    parorende = None
    if rng.random() < 0.6:
        parorende = _rel(demo, pid, Relasjonstype.PARORENDE, f"{rng.choice(KVINNER_ELDRE + MENN_ELDRE)} {etternavn}",
                         None)
    return verge, fullmektig, parorende


def lag_person(demo: Demo, indeks: int) -> Personinfo:
    """Én demoperson med relasjoner; de første dekker hver livsfase (`FASTE`)."""
    rng = demo.rng
    gruppe = FASTE[indeks] if indeks < len(FASTE) else rng.choices(
        [g[0] for g in GRUPPER], weights=[g[1] for g in GRUPPER])[0]
    fodt = _fodselsdato(demo, gruppe, indeks < len(FASTE))
    ufodt = fodt > demo.idag
    kvinne = rng.random() < 0.5
    if ufodt:
        fornavn = "Ufødt barn"
    else:
        fornavn = rng.choice((KVINNER_ELDRE if kvinne else MENN_ELDRE) if fodt.year < 1980
                             else (KVINNER_UNGE if kvinne else MENN_UNGE))
    etternavn = rng.choice(ETTERNAVN)
    ar = alder(fodt, demo.idag)
    type_ = Identtype.DNR if ar >= demo.regelverk.myndighetsalder and rng.random() < 0.02 else Identtype.FNR
    ident = None if ufodt else _identitet(demo, fodt, kvinne, type_)
    epost = None
    if ar >= demo.regelverk.myndighetsalder and rng.random() < 0.3:
        epost = f"{ascii_slug(fornavn)}.{ascii_slug(etternavn)}.{demo.lager.neste_id(Person)}@epost.example"
    pid = demo.lager.legg_til(
        Person, identitetsnummer=ident, identtype=type_, fodselsdato=fodt, venter_barn=ufodt, fornavn=fornavn,
        etternavn=etternavn, epost=epost, adresse=f"{rng.choice(GATER)} {rng.randint(1, 60)}, {rng.choice(STEDER)}",
        malform=Malform.NYNORSK if rng.random() < 0.15 else Malform.BOKMAL, kommunenummer=demo.kommunenummer,
        referanse=demo.referanse("P"),
    )
    foresatte: tuple[Rel, ...] = ()
    verge = fullmektig = parorende = None
    if ar < demo.regelverk.myndighetsalder:
        foresatte = _foresatte(demo, pid, etternavn, fodt, ufodt)
    else:
        verge, fullmektig, parorende = _voksenrelasjoner(demo, pid, etternavn, ar)
    return Personinfo(
        id=pid, navn=f"{fornavn} {etternavn}", fodselsdato=fodt, ufodt=ufodt,
        livsfase=livsfase_for(fodselsdato=fodt, idag=demo.idag, venter_barn=ufodt, regelverk=demo.regelverk),
        eldre=ar >= ELDRE_ALDER, foresatte=foresatte, verge=verge, fullmektig=fullmektig, parorende=parorende,
        kompetanse_mangler=MANGLER_KOMPETANSE[ar >= ELDRE_ALDER] if verge else None,
    )


def attenarsdag(p: Personinfo, demo: Demo) -> date:
    """Dagen personen blir myndig (og barnekoordinatoren slutter)."""
    return fyller_ar(p.fodselsdato, demo.regelverk.myndighetsalder)
