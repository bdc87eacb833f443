"""Felttypene i importfilen: tekst, dato, tidspunkt, e-post, ja/nei og kjente verdier, med norske feilmeldinger.

Typene sjekker bare formen. Reglene (fødselsnummer, referanser, datorekkefølge, samtykke) ligger i `validering`.
"""

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from modeller.kalender import lokalt_tidspunkt
from modeller.regler.begreper import (
    Gruppetype,
    Instans,
    Klageinstans,
    Klagerute,
    Koordinatorrolle,
    Malform,
    Motestatus,
    Planslutt,
    Planstatus,
    Relasjonstype,
    SamtykkeGiver,
    Sektor,
    Tiltakstype,
    Utfall,
)

_DATO = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIDSPUNKT = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:\d{2})?")
_EPOST = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+")
_KOMMUNENUMMER = re.compile(r"\d{4}")
# Vanlige skrivemåter fra regneark som betyr det samme som en kjent verdi.
_SYNONYMER = {"bokmal": "nb", "nynorsk": "nn"}
_JA = frozenset({"ja", "true", "sann", "j", "x"})
_NEI = frozenset({"nei", "false", "usann", "n"})
E = TypeVar("E", bound=StrEnum)


def feil(melding: str, **kontekst: Any) -> PydanticCustomError:
    """En valideringsfeil med ferdig norsk melding (malen fylles med `kontekst`)."""
    return PydanticCustomError("import", melding, {k: str(v).strip() for k, v in kontekst.items()})


def _les_dato(verdi: Any) -> Any:
    if verdi is None:
        raise feil("Feltet må ha en verdi.")
    if isinstance(verdi, datetime):
        if verdi.time() != time(0):
            raise feil("Forventet en dato uten klokkeslett, fikk «{verdi}».", verdi=verdi.isoformat())
        return verdi.date()
    if isinstance(verdi, date):
        return verdi
    tekst = verdi.strip() if isinstance(verdi, str) else None
    if tekst is None or not _DATO.fullmatch(tekst):
        raise feil("Ugyldig dato «{verdi}»; skriv datoen som ÅÅÅÅ-MM-DD (f.eks. 2025-03-01).", verdi=verdi)
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise feil("Datoen «{verdi}» finnes ikke.", verdi=verdi) from None


def _les_tidspunkt(verdi: Any) -> datetime:
    """ÅÅÅÅ-MM-DDTTT:MM; uten tidssone tolkes tiden som norsk veggklokketid (Europe/Oslo). Gir UTC."""
    if isinstance(verdi, datetime):
        return verdi.astimezone(UTC) if verdi.tzinfo else lokalt_tidspunkt(verdi.date(), verdi.time())
    treff = _TIDSPUNKT.fullmatch(verdi.strip()) if isinstance(verdi, str) else None
    if treff is None:
        raise feil("Ugyldig tidspunkt «{verdi}»; skriv ÅÅÅÅ-MM-DDTTT:MM (f.eks. 2025-03-10T09:00).", verdi=verdi)
    try:
        d, kl = date.fromisoformat(treff.group(1)), time.fromisoformat(treff.group(2))
    except ValueError:
        raise feil("Tidspunktet «{verdi}» finnes ikke.", verdi=verdi) from None
    if treff.group(3) is None:
        return lokalt_tidspunkt(d, kl)
    return datetime.fromisoformat(verdi.strip().replace("Z", "+00:00")).astimezone(UTC)


def _les_epost(verdi: Any) -> Any:
    if not isinstance(verdi, str):
        raise feil("Feltet må ha en e-postadresse.") if verdi is None else feil("E-postadressen må være tekst.")
    renset = verdi.strip().lower()
    if len(renset) > 200 or not _EPOST.fullmatch(renset):
        raise feil("Ugyldig e-postadresse «{verdi}».", verdi=verdi)
    return renset


def _les_ident(verdi: Any) -> Any:
    if isinstance(verdi, int | float) and not isinstance(verdi, bool):
        raise feil("Identitetsnummeret må være tekst i anførselstegn; som tall forsvinner en null foran.")
    if isinstance(verdi, str):
        return "".join(verdi.split())
    return verdi


def _les_kommunenummer(verdi: Any) -> Any:
    if not isinstance(verdi, str) or not _KOMMUNENUMMER.fullmatch(verdi.strip()):
        raise feil("Kommunenummeret må være fire sifre i anførselstegn (f.eks. «0301»), fikk «{verdi}».", verdi=verdi)
    return verdi.strip()


def _les_ja_nei(verdi: Any) -> Any:
    if isinstance(verdi, bool):
        return verdi
    tekst = verdi.strip().lower() if isinstance(verdi, str) else None
    if tekst in _JA:
        return True
    if tekst in _NEI:
        return False
    if verdi is None:
        raise feil("Feltet må ha en verdi (true eller false).")
    raise feil("Ugyldig verdi «{verdi}»; bruk true eller false (eller «ja»/«nei»).", verdi=verdi)


def normaliser_valg(tekst: str) -> str:
    """«Pårørende» → «parorende», «KE-gruppe» → «ke_gruppe»: små bokstaver, ASCII, understrek."""
    renset = tekst.strip().lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    renset = re.sub(r"[\s\-]+", "_", renset)
    return _SYNONYMER.get(renset, renset)


def valg(enum: type[E]) -> Callable[[Any], Any]:
    tillatte = ", ".join(e.value for e in enum)

    def les(verdi: Any) -> Any:
        if isinstance(verdi, enum):
            return verdi
        if isinstance(verdi, str):
            try:
                return enum(normaliser_valg(verdi))
            except ValueError:
                pass
        elif verdi is None:
            raise feil("Feltet må ha en verdi. Tillatte verdier: {tillatte}.", tillatte=tillatte)
        raise feil("Ukjent verdi «{verdi}». Tillatte verdier: {tillatte}.", verdi=verdi, tillatte=tillatte)

    return les


def _tom_til_none(verdi: Any) -> Any:
    return None if isinstance(verdi, str) and not verdi.strip() else verdi


def _none_til_tom(verdi: Any) -> Any:
    return "" if verdi is None else verdi


def _liste(verdi: Any) -> Any:
    if isinstance(verdi, str):
        return [d for d in re.split(r"[;,\n]", verdi) if d.strip()]
    return [] if verdi is None else verdi


def _krav(maks: int | None, minst: int = 0) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=minst, max_length=maks)


# Påkrevd tekst, ikke tom, høyst så mange tegn.
Tekst = Annotated[str, _krav(None, 1)]
Tekst12 = Annotated[str, _krav(12, 1)]
Tekst30 = Annotated[str, _krav(30, 1)]
Tekst100 = Annotated[str, _krav(100, 1)]
Tekst200 = Annotated[str, _krav(200, 1)]
# Valgfri tekst for felt som kan mangle i databasen; tom tekst betyr ingen verdi.
Valgfri = Annotated[Annotated[str, _krav(None)] | None, BeforeValidator(_tom_til_none)]
Valgfri30 = Annotated[Annotated[str, _krav(30)] | None, BeforeValidator(_tom_til_none)]
Valgfri100 = Annotated[Annotated[str, _krav(100)] | None, BeforeValidator(_tom_til_none)]
Valgfri120 = Annotated[Annotated[str, _krav(120)] | None, BeforeValidator(_tom_til_none)]
Valgfri200 = Annotated[Annotated[str, _krav(200)] | None, BeforeValidator(_tom_til_none)]
Valgfri300 = Annotated[Annotated[str, _krav(300)] | None, BeforeValidator(_tom_til_none)]
Valgfri500 = Annotated[Annotated[str, _krav(500)] | None, BeforeValidator(_tom_til_none)]
# Tekst som kan være tom; null blir tom tekst.
Fritekst = Annotated[str, _krav(None), BeforeValidator(_none_til_tom)]
Fritekst60 = Annotated[str, _krav(60), BeforeValidator(_none_til_tom)]
Fritekst200 = Annotated[str, _krav(200), BeforeValidator(_none_til_tom)]
Fritekst300 = Annotated[str, _krav(300), BeforeValidator(_none_til_tom)]
Fritekst500 = Annotated[str, _krav(500), BeforeValidator(_none_til_tom)]

Dato = Annotated[date, BeforeValidator(_les_dato)]
Tidspunkt = Annotated[datetime, BeforeValidator(_les_tidspunkt)]
Epost = Annotated[str, BeforeValidator(_les_epost)]
ValgfriEpost = Annotated[Epost | None, BeforeValidator(_tom_til_none)]
Eposter = Annotated[tuple[Epost, ...], BeforeValidator(_liste)]
Ident = Annotated[str, StringConstraints(min_length=1), BeforeValidator(_les_ident)]
ValgfriIdent = Annotated[Ident | None, BeforeValidator(_tom_til_none)]
JaNei = Annotated[bool, BeforeValidator(_les_ja_nei)]
Kommunenummer = Annotated[str, BeforeValidator(_les_kommunenummer)]
Uker = Annotated[int, Field(ge=1, le=104)]

SektorValg = Annotated[Sektor, BeforeValidator(valg(Sektor))]
InstansValg = Annotated[Instans, BeforeValidator(valg(Instans))]
MalformValg = Annotated[Malform, BeforeValidator(valg(Malform))]
RelasjonstypeValg = Annotated[Relasjonstype, BeforeValidator(valg(Relasjonstype))]
GiverValg = Annotated[SamtykkeGiver, BeforeValidator(valg(SamtykkeGiver))]
TiltakstypeValg = Annotated[Tiltakstype, BeforeValidator(valg(Tiltakstype))]
UtfallValg = Annotated[Utfall, BeforeValidator(valg(Utfall))]
KlageruteValg = Annotated[Klagerute, BeforeValidator(valg(Klagerute))]
KlageinstansValg = Annotated[Klageinstans, BeforeValidator(valg(Klageinstans))]
KoordinatorrolleValg = Annotated[Koordinatorrolle, BeforeValidator(valg(Koordinatorrolle))]
PlanstatusValg = Annotated[Planstatus, BeforeValidator(valg(Planstatus))]
PlansluttValg = Annotated[Planslutt, BeforeValidator(valg(Planslutt))]
GruppetypeValg = Annotated[Gruppetype, BeforeValidator(valg(Gruppetype))]
MotestatusValg = Annotated[Motestatus, BeforeValidator(valg(Motestatus))]
