"""Regelsjekk for vedtak, koordinatorer, individuelle planer med mål og tiltak, og sakene personene får."""

from collections import defaultdict
from datetime import date
from typing import Any

from modeller.importer.kontekst import Kontroll, Skriverad, effektiv, satte
from modeller.regler.begreper import Koordinatorrolle, Planstatus, Tiltakstype, Utfall
from modeller.regler.frister import (
    barnekoordinator_sluttdato,
    klagefrist_for_vedtak,
    klageinstans_for,
    klagerute_for,
    revurderingsdato,
)
from modeller.regler.samtykke import samtykke_gjelder
from modeller.tabeller.felles import ny_referanse

VEDTAKSFELT = ("tiltak", "utfall", "fattet_av", "fattet_dato", "underrettet_dato", "mottatt_dato", "klagerute",
               "klagefrist", "klageinstans", "tidsbegrenset_til", "revurdering_dato", "endelig", "begrunnelse")
KOORDINATORFELT = ("rolle", "fra", "til", "brukers_onske", "begrunnelse", "oppnevnt_av")
PLANFELT = ("status", "periode_fra", "periode_til", "neste_revisjon", "ressurser_og_behov", "bidrag", "samarbeid",
            "avsluttet_dato", "sluttgrunn", "sluttmerknad")
TILTAKSFELT = ("beskrivelse", "omfang", "gjennomforing", "start", "evalueringsdato", "status")
# Samtykke før koordinator og plan: forskrift om habilitering og rehabilitering § 17; 003_e8b2068bec45c70c.txt
# L1660–1663; 002_846d8582fcb76fa6.txt L325, L382 (lovkrav K3).
KILDE_SAMTYKKE = "forskriften § 17; 003_e8b2068bec45c70c.txt L1660–1663"


def sjekk_planer(k: Kontroll) -> None:
    """Sjekk vedtak, koordinatorer, planer, mål og tiltak, og lag en sak per person."""
    for i, rad in k.rader("vedtak"):
        _vedtak(k, i, rad)
    for i, rad in k.rader("koordinatorer"):
        _koordinator(k, i, rad)
    for i, rad in k.rader("planer"):
        _plan(k, i, rad)
    _en_aktiv_plan(k)
    maal = [(i, rad) for i, rad in k.rader("mal") if k.unik("mal", (rad.person, rad.plan_fra, rad.beskrivelse), i,
                                                             husk=rad)]
    for i, rad in maal:
        _mal(k, i, rad)
    for i, rad in k.rader("tiltak"):
        _tiltak(k, i, rad)
    _saker(k)


def har_samtykke(k: Kontroll, ident: str, dag: date, omfang: str) -> bool:
    """Finnes et samtykke med dette omfanget som gjelder på dagen (modeller.regler.samtykke.samtykke_gjelder)?"""
    return any(getattr(s, omfang) and samtykke_gjelder(gitt=s.gitt, gyldig_til=s.gyldig_til, trukket=s.trukket,
                                                       idag=dag) for s in k.samtykker[ident])


def _vedtak(k: Kontroll, i: int, rad: Any) -> None:
    ident = rad.person
    noekkel = (ident, rad.tiltak, rad.fattet_dato)
    if not k.unik("vedtak", noekkel, i):
        return
    k.kjent_person(ident, "vedtak", i, "person")
    tt = None if rad.tjenestekode is None else k.register.finn_tjenestetype(rad.tjenestekode)
    if rad.tjenestekode is not None and tt is None:
        k.feil(f"Ukjent tjenestetype «{rad.tjenestekode}». Bruk en kode, et navn eller et alias fra "
               "tjenestekatalogen.", "vedtak", i, "tjenestekode")
    elif rad.tiltak is Tiltakstype.TJENESTE and rad.tjenestekode is None:
        k.feil("Et vedtak om tjeneste må ha tjenestekode.", "vedtak", i, "tjenestekode")
    k.ikke_framtid("vedtak", i, rad, "fattet_dato")
    for felt in ("underrettet_dato", "mottatt_dato", "klagefrist", "tidsbegrenset_til", "revurdering_dato"):
        k.rekkefolge("vedtak", i, rad, "fattet_dato", felt)
    k.rekkefolge("vedtak", i, rad, "underrettet_dato", "mottatt_dato")
    verdier = {**satte(rad, VEDTAKSFELT), **_beregn_vedtak(k, rad, tt, k.register.rader["vedtak"].get(noekkel))}
    foreldre = {"sak_id": ("saker", ident), "person_id": ("personer", ident)}
    if tt is not None:
        foreldre["tjenestetype_id"] = ("tjenestetyper", tt.kode)
    k.skriv["vedtak"].append(Skriverad(noekkel, verdier, foreldre))
    k.vedtatt.add(ident)
    k.trenger_sak.add(ident)
    k.datoer[ident].append(rad.fattet_dato)


def _beregn_vedtak(k: Kontroll, rad: Any, tt: Any, fra_for: Any) -> dict[str, Any]:
    """Klagerute, klageinstans og klagefrist (pbrl § 7-5; fvl § 29) og revurdering (003 L515–517) som mangler."""
    lovpalagt = rad.lovpalagt if rad.lovpalagt is not None else (tt.lovpalagt if tt is not None else True)
    rute = rad.klagerute or klagerute_for(rad.tiltak, lovpalagt=lovpalagt,
                                          kan_paklages=tt.kan_paklages if tt is not None else True)
    beregnet: dict[str, Any] = {"klagerute": rute}
    if rad.klageinstans is None:
        beregnet["klageinstans"] = klageinstans_for(rute)
    if rad.klagefrist is None:
        beregnet["klagefrist"] = klagefrist_for_vedtak(
            fattet=rad.fattet_dato, underrettet=effektiv(rad, fra_for, "underrettet_dato"),
            mottatt=effektiv(rad, fra_for, "mottatt_dato"), rute=rute, regelverk=k.regelverk,
            fridager=k.fridager(rad.fattet_dato))
    if rad.revurdering_dato is None and rad.utfall is not Utfall.AVSLAG:
        beregnet["revurdering_dato"] = revurderingsdato(rad.fattet_dato, k.regelverk)
    return beregnet


def _koordinator(k: Kontroll, i: int, rad: Any) -> None:
    ident = rad.person
    noekkel = (ident, rad.rolle, rad.fra)
    if not k.unik("koordinatorer", noekkel, i):
        return
    kjent = k.kjent_person(ident, "koordinatorer", i, "person")
    k.kjent_tjenesteyter(rad.tjenesteyter, "koordinatorer", i, "tjenesteyter")
    k.rekkefolge("koordinatorer", i, rad, "fra", "til")
    if kjent and k.samtykke_kan_sjekkes(ident) and not har_samtykke(k, ident, rad.fra, "omfang_koordinator"):
        k.feil(f"Mangler samtykke til koordinator: ingen gyldig samtykke med omfang_koordinator: true på "
               f"startdatoen ({rad.fra.isoformat()}). Koordinator skal ikke oppnevnes uten samtykke "
               f"({KILDE_SAMTYKKE}).",
               "koordinatorer", i, "fra")
    verdier = satte(rad, KOORDINATORFELT)
    fodt = k.fodselsdato(ident)
    if rad.rolle is Koordinatorrolle.BARNEKOORDINATOR and fodt is not None:
        slutt = barnekoordinator_sluttdato(fodt, k.regelverk)
        verdier["planlagt_slutt"] = slutt
        if rad.fra >= slutt:
            k.feil(f"Barnekoordinator gjelder bare til barnet fyller {k.regelverk.barnekoordinator_sluttalder} år "
                   f"({slutt.isoformat()}); bruk rollen «koordinator» (pbrl § 2-5 c; 001_c5df1bb6b580be91.txt L785).",
                   "koordinatorer", i, "rolle")
    k.skriv["koordinatorer"].append(Skriverad(noekkel, verdier, {
        "person_id": ("personer", ident), "tjenesteyter_id": ("tjenesteytere", rad.tjenesteyter)}))
    k.datoer[ident].append(rad.fra)


def _plan(k: Kontroll, i: int, rad: Any) -> None:
    ident = rad.person
    noekkel = (ident, rad.periode_fra)
    if not k.unik("planer", noekkel, i, husk=rad):
        return
    kjent = k.kjent_person(ident, "planer", i, "person")
    for felt in ("periode_til", "neste_revisjon", "avsluttet_dato"):
        k.rekkefolge("planer", i, rad, "periode_fra", felt)
    avsluttet = rad.status is Planstatus.AVSLUTTET
    if avsluttet and effektiv(rad, k.register.rader["planer"].get(noekkel), "avsluttet_dato") is None:
        k.feil("En avsluttet plan må ha avsluttet_dato.", "planer", i, "avsluttet_dato")
    elif not avsluttet and rad.avsluttet_dato is not None:
        k.feil(f"avsluttet_dato brukes bare når status er «avsluttet» (status er «{rad.status}»).",
               "planer", i, "avsluttet_dato")
    # Lovkrav K3: ingen plan forbi utkast uten samtykke, og samtykket må gjelde når planperioden starter.
    if (kjent and rad.status is not Planstatus.UTKAST and k.samtykke_kan_sjekkes(ident)
            and not har_samtykke(k, ident, rad.periode_fra, "omfang_ip")):
        k.feil(f"Mangler samtykke til individuell plan: ingen gyldig samtykke med omfang_ip: true på startdatoen "
               f"({rad.periode_fra.isoformat()}). Plan skal ikke utarbeides uten samtykke ({KILDE_SAMTYKKE}).",
               "planer", i, "periode_fra")
    k.skriv["planer"].append(Skriverad(noekkel, satte(rad, PLANFELT), {"person_id": ("personer", ident)},
                                       {"referanse": ny_referanse("IP")}))
    k.datoer[ident].append(rad.periode_fra)


def _en_aktiv_plan(k: Kontroll) -> None:
    """Bare én individuell plan per person som ikke er avsluttet (lovkrav K13)."""
    aktive: dict[str, list[tuple[int | None, date | None]]] = defaultdict(list)
    for noekkel, plan in k.register.rader["planer"].items():
        if noekkel not in k.fil["planer"] and plan.status != Planstatus.AVSLUTTET:
            aktive[noekkel[0]].append((None, plan.periode_fra))
    for (ident, fra), (i, rad) in k.fil["planer"].items():
        if rad.status is not Planstatus.AVSLUTTET:
            aktive[ident].append((i, fra))
    for liste in aktive.values():
        for indeks, _fra in liste[1:]:
            if indeks is not None:
                andre = liste[0][1].isoformat() if liste[0][1] else "uten startdato"
                k.feil(f"Personen ville få to aktive individuelle planer (denne og planen fra {andre}); bare én "
                       "plan per person kan være aktiv (lovkrav K13). Sett status «avsluttet» på den gamle.",
                       "planer", indeks, "status")


def _kjent_plan(k: Kontroll, liste: str, i: int, rad: Any) -> bool:
    if k.finnes("planer", (rad.person, rad.plan_fra)):
        return True
    k.kjent_person(rad.person, liste, i, "person")
    k.feil(f"Ukjent plan: personen har ingen plan med periode_fra {rad.plan_fra.isoformat()} i planer eller fra før.",
           liste, i, "plan_fra")
    return False


def _mal(k: Kontroll, i: int, rad: Any) -> None:
    plan = (rad.person, rad.plan_fra)
    _kjent_plan(k, "mal", i, rad)
    verdier = satte(rad, ("beskrivelse", "livsomrade", "status"))
    foreldre: dict[str, tuple[str, Any]] = {"plan_id": ("planer", plan)}
    if rad.hovedmal is not None:
        hoved = (*plan, rad.hovedmal)
        i_fil = k.fil["mal"].get(hoved)
        er_delmal = (i_fil[1].hovedmal is not None if i_fil is not None
                     else getattr(k.register.rader["mal"].get(hoved), "hovedmal_id", None) is not None)
        if rad.hovedmal == rad.beskrivelse:
            k.feil("Et mål kan ikke være sitt eget hovedmål.", "mal", i, "hovedmal")
        elif not k.finnes("mal", hoved):
            k.feil("Ukjent hovedmål: ingen mål med denne beskrivelsen i samme plan.", "mal", i, "hovedmal")
        elif er_delmal:
            k.feil("Hovedmålet er selv et delmål; bare ett nivå med delmål er tillatt.", "mal", i, "hovedmal")
        foreldre["hovedmal_id"] = ("mal", hoved)
    elif "hovedmal" in rad.model_fields_set:
        verdier["hovedmal_id"] = None
    k.skriv["mal"].append(Skriverad((*plan, rad.beskrivelse), verdier, foreldre))


def _tiltak(k: Kontroll, i: int, rad: Any) -> None:
    plan = (rad.person, rad.plan_fra)
    if not k.unik("tiltak", (*plan, rad.beskrivelse), i):
        return
    if _kjent_plan(k, "tiltak", i, rad) and rad.mal is not None and not k.finnes("mal", (*plan, rad.mal)):
        k.feil("Ukjent mål: ingen mål med denne beskrivelsen i samme plan.", "tiltak", i, "mal")
    k.kjent_tjenesteyter(rad.ansvarlig, "tiltak", i, "ansvarlig")
    k.rekkefolge("tiltak", i, rad, "start", "evalueringsdato")
    verdier = satte(rad, TILTAKSFELT)
    foreldre = {"plan_id": ("planer", plan), "ansvarlig_id": ("tjenesteytere", rad.ansvarlig)}
    if rad.mal is not None:
        foreldre["mal_id"] = ("mal", (*plan, rad.mal))
    elif "mal" in rad.model_fields_set:
        verdier["mal_id"] = None
    k.skriv["tiltak"].append(Skriverad((*plan, rad.beskrivelse), verdier, foreldre))


def _saker(k: Kontroll) -> None:
    """Én sak per importert person: «vedtatt» når filen har et vedtak for personen, ellers «apen»."""
    identer = list(k.fil["personer"]) + sorted(k.trenger_sak - set(k.fil["personer"]))
    for ident in identer:
        if not k.finnes("personer", ident):
            continue
        status = "vedtatt" if ident in k.vedtatt else "apen"
        sak = k.register.rader["saker"].get(ident)
        if sak is None:
            verdier = {"status": status}
        else:
            verdier = {"status": status} if status == "vedtatt" and sak.status == "apen" else {}
        mottatt = k.mottatt.get(ident) or min([*k.datoer[ident], k.idag])
        k.skriv["saker"].append(Skriverad(ident, verdier, {"person_id": ("personer", ident)}, {"mottatt": mottatt}))
