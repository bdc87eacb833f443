"""Regelsjekk for grupper (ansvarsgruppe, KE-gruppe, samhandlingsforum), gruppemedlemmer og møter.

En ansvarsgruppe har ingen vedtaksmyndighet (001_c5df1bb6b580be91.txt L797–798; lovkrav K21): møtene som
importeres, har derfor ingen kobling til vedtak.
"""

import uuid
from datetime import timedelta
from typing import Any

from modeller.importer.kontekst import Kontroll, Skriverad, satte
from modeller.regler.begreper import Gruppetype, Motestatus

GRUPPEFELT = ("gruppetype", "navn", "opprettet_dato", "avsluttet_dato", "intervall_uker", "sted")
MOTEVARIGHET = timedelta(minutes=60)  # Standard lengde når filen ikke har slutt (tolkning).


def sjekk_grupper(k: Kontroll) -> None:
    """Sjekk grupper, medlemmer og møter."""
    for i, rad in k.rader("grupper"):
        _gruppe(k, i, rad)
    relasjoner = _relasjoner_etter_navn(k)
    for i, rad in k.rader("gruppemedlemmer"):
        _medlem(k, i, rad, relasjoner)
    for i, rad in k.rader("moter"):
        _mote(k, i, rad)


def _gruppe(k: Kontroll, i: int, rad: Any) -> None:
    noekkel = (rad.gruppetype, rad.navn, rad.person)
    if not k.unik("grupper", noekkel, i, husk=rad):
        return
    if rad.gruppetype is Gruppetype.ANSVARSGRUPPE and rad.person is None:
        k.feil("En ansvarsgruppe må ha person (identitetsnummeret til personen gruppen er for).",
               "grupper", i, "person")
    elif rad.gruppetype is not Gruppetype.ANSVARSGRUPPE and rad.person is not None:
        k.feil(f"En gruppe av typen «{rad.gruppetype}» tilhører ikke én person; la person stå tom.",
               "grupper", i, "person")
    foreldre = {}
    if rad.person is not None:
        k.kjent_person(rad.person, "grupper", i, "person")
        foreldre["person_id"] = ("personer", rad.person)
    k.rekkefolge("grupper", i, rad, "opprettet_dato", "avsluttet_dato")
    verdier = satte(rad, GRUPPEFELT)
    ny = {}
    if verdier.get("intervall_uker") is None:
        verdier.pop("intervall_uker", None)
        if rad.gruppetype is Gruppetype.ANSVARSGRUPPE:
            ny["intervall_uker"] = k.regelverk.ansvarsgruppe_intervall_uker
    k.skriv["grupper"].append(Skriverad(noekkel, verdier, foreldre, ny))


def _gruppen(k: Kontroll, liste: str, i: int, rad: Any) -> Any:
    """Gruppen raden viser til (fra filen eller fra før), eller None med et problem."""
    noekkel = (rad.gruppetype, rad.gruppe, rad.person)
    i_fil = k.fil["grupper"].get(noekkel)
    if i_fil is not None:
        return i_fil[1]
    if noekkel in k.register.rader["grupper"]:
        return k.register.rader["grupper"][noekkel]
    if noekkel not in k.struktur.formfeil_nokler.get("grupper", ()):
        hvem = " for personen" if rad.person else " uten person"
        k.feil(f"Ukjent gruppe «{rad.gruppe}» ({rad.gruppetype}{hvem}): den står ikke i grupper og finnes ikke "
               "fra før.", liste, i, "gruppe")
    return None


def _relasjoner_etter_navn(k: Kontroll) -> dict[tuple[str, str], Any]:
    """(person, navn) → relasjonens nøkkel; filen går foran det som finnes fra før."""
    oppslag: dict[tuple[str, str], Any] = {}
    for noekkel in [*k.fil["relasjoner"], *k.register.rader["relasjoner"]]:
        ident, _type, navn = noekkel
        oppslag.setdefault((ident, navn), noekkel)
    return oppslag


def _medlemskap(k: Kontroll, i: int, rad: Any, relasjoner: dict[tuple[str, str], Any]
                ) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, tuple[str, Any]]] | None:
    """Hvem medlemmet er: nøkkel, verdier og foreldre; None når raden ikke sier det entydig."""
    if sum((rad.epost is not None, rad.navn is not None, rad.er_bruker)) != 1:
        k.feil("Oppgi nøyaktig én av epost (tjenesteyter), navn (relasjon til personen) eller er_bruker: true.",
               "gruppemedlemmer", i)
        return None
    if rad.epost is not None:
        k.kjent_tjenesteyter(rad.epost, "gruppemedlemmer", i, "epost")
        return ("epost", rad.epost), {}, {"tjenesteyter_id": ("tjenesteytere", rad.epost)}
    felt = "navn" if rad.navn is not None else "er_bruker"
    if rad.person is None:
        k.feil("Pårørende og bruker kan bare være medlemmer i en gruppe som tilhører en person.",
               "gruppemedlemmer", i, felt)
        return None
    if rad.er_bruker:
        return ("bruker",), {"er_bruker": True}, {}
    relasjon = relasjoner.get((rad.person, rad.navn))
    if relasjon is None:
        k.feil("Ukjent relasjon: personen har ingen relasjon med dette navnet i relasjoner eller fra før.",
               "gruppemedlemmer", i, "navn")
        return None
    return ("navn", rad.navn), {}, {"relasjon_id": ("relasjoner", relasjon)}


def _medlem(k: Kontroll, i: int, rad: Any, relasjoner: dict[tuple[str, str], Any]) -> None:
    gruppenokkel = (rad.gruppetype, rad.gruppe, rad.person)
    gruppe = _gruppen(k, "gruppemedlemmer", i, rad)
    medlem = _medlemskap(k, i, rad, relasjoner)
    if medlem is None:
        return
    medlemsnokkel, verdier, foreldre = medlem
    if not k.unik("gruppemedlemmer", (gruppenokkel, medlemsnokkel), i):
        return
    k.rekkefolge("gruppemedlemmer", i, rad, "fra", "til")
    verdier.update(satte(rad, ("rolle", "fra", "til")))
    if verdier.get("fra", True) is None:
        verdier.pop("fra")
    ny = {"fra": gruppe.opprettet_dato} if gruppe is not None and "fra" not in verdier else {}
    k.skriv["gruppemedlemmer"].append(Skriverad(
        (gruppenokkel, medlemsnokkel), verdier, {"gruppe_id": ("grupper", gruppenokkel), **foreldre}, ny))


def _mote(k: Kontroll, i: int, rad: Any) -> None:
    gruppenokkel = (rad.gruppetype, rad.gruppe, rad.person)
    gruppe = _gruppen(k, "moter", i, rad)
    if not k.unik("moter", (gruppenokkel, rad.start), i):
        return
    k.rekkefolge("moter", i, rad, "start", "slutt", lik_ok=False)
    if rad.status is Motestatus.GJENNOMFORT and rad.start.date() > k.idag:
        k.feil("Et møte fram i tid kan ikke være gjennomført.", "moter", i, "status")
    verdier = satte(rad, ("start", "slutt", "sted", "status", "referat"))
    for felt in ("slutt", "sted"):
        if verdier.get(felt, True) is None:
            verdier.pop(felt)
    ny: dict[str, Any] = {"uid": f"mote-{uuid.uuid4().hex}@enheten"}
    if "slutt" not in verdier:
        ny["slutt"] = rad.start + MOTEVARIGHET
    if "sted" not in verdier and gruppe is not None:
        ny["sted"] = gruppe.sted
    k.skriv["moter"].append(Skriverad((gruppenokkel, rad.start), verdier, {"gruppe_id": ("grupper", gruppenokkel)},
                                      ny))
