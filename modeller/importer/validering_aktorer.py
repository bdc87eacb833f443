"""Regelsjekk for virksomheter, tjenesteytere, personer, relasjoner, tjenester og samtykker."""

from typing import Any

from modeller.importer.kontekst import Kontroll, Samtykkeinfo, Skriverad, effektiv, satte
from modeller.regler.begreper import SamtykkeGiver
from modeller.regler.identitet import Identitet, UgyldigIdentitet, valider_identitetsnummer
from modeller.regler.samtykke import vurder_samtykkegiver

VIRKSOMHETSFELT = ("navn", "sektor", "instans", "epost")
TJENESTEYTERFELT = ("navn", "epost", "telefon", "stilling", "malform", "kan_vaere_koordinator", "opplaering_dato",
                    "veiledning_sist", "aktiv")
PERSONFELT = ("fornavn", "etternavn", "venter_barn", "telefon", "epost", "adresse", "malform", "kommunenummer")
RELASJONSFELT = ("relasjonstype", "navn", "foreldreansvar", "skriftlig_fullmakt", "telefon", "epost", "fra", "til")
SAMTYKKEFELT = ("gitt_av", "gitt", "gyldig_til", "trukket", "trukket_grunn", "omfang_koordinator", "omfang_ip",
                "omfang_deling", "skriftlig", "grunnlag", "manglende_kompetanse_begrunnelse")


def sjekk_aktorer(k: Kontroll) -> None:
    """Sjekk listene som planer og grupper viser til."""
    for i, rad in k.rader("virksomheter"):
        if k.unik("virksomheter", rad.navn, i):
            k.skriv["virksomheter"].append(Skriverad(rad.navn, satte(rad, VIRKSOMHETSFELT)))
    for i, rad in k.rader("tjenesteytere"):
        if not k.unik("tjenesteytere", rad.epost, i):
            continue
        if not k.finnes("virksomheter", rad.virksomhet):
            k.feil(f"Ukjent virksomhet «{rad.virksomhet}»: den står ikke i virksomheter og finnes ikke fra før.",
                   "tjenesteytere", i, "virksomhet")
        k.skriv["tjenesteytere"].append(Skriverad(
            rad.epost, satte(rad, TJENESTEYTERFELT), {"virksomhet_id": ("virksomheter", rad.virksomhet)}))
    for i, rad in k.rader("personer"):
        if k.unik("personer", rad.identitetsnummer, i):
            _person(k, i, rad)
    for ident, i in k.struktur.formfeil_nokler.get("personer", {}).items():
        _person_med_formfeil(k, i, ident)
    for i, rad in k.rader("relasjoner"):
        noekkel = (rad.person, rad.relasjonstype, rad.navn)
        if k.unik("relasjoner", noekkel, i, husk=rad):
            k.kjent_person(rad.person, "relasjoner", i, "person")
            k.rekkefolge("relasjoner", i, rad, "fra", "til")
            k.skriv["relasjoner"].append(Skriverad(noekkel, satte(rad, RELASJONSFELT),
                                                   {"person_id": ("personer", rad.person)}))
    for i, rad in k.rader("tjenester"):
        _tjeneste(k, i, rad)
    # Eget samtykke uten gitt_av_navn: bruk navnet som står på samtykket fra før, så et nytt etternavn på
    # personen ikke gjør samtykket til et nytt samtykke.
    selv = {(n[0], n[1]): n[2] for n, st in k.register.rader["samtykker"].items() if st.gitt_av == SamtykkeGiver.SELV}
    for i, rad in k.rader("samtykker"):
        _samtykke(k, i, rad, selv)
    for noekkel, st in k.register.rader["samtykker"].items():
        if noekkel not in k.fil["samtykker"]:
            k.samtykker[noekkel[0]].append(Samtykkeinfo(st.gitt, st.gyldig_til, st.trukket, st.omfang_ip,
                                                        st.omfang_koordinator))


def _identitet(k: Kontroll, i: int, ident: str) -> Identitet | None:
    try:
        return valider_identitetsnummer(ident, tillat_syntetisk=k.regelverk.tillat_syntetiske_identer)
    except UgyldigIdentitet as feil:
        k.feil(f"Ugyldig fødselsnummer/identitetsnummer: {feil}", "personer", i, "identitetsnummer")
        k.odelagte.add(ident)
        return None


def _person_med_formfeil(k: Kontroll, i: int, ident: str) -> None:
    """Sjekk identen også i en personrad med formfeil, og bruk fødselsdatoen i den til samtykkereglene."""
    if ident in k.fil["personer"] or ident in k.fodt:
        return
    identitet = _identitet(k, i, ident)
    k.fodt[ident] = None if identitet is None else identitet.fodselsdato
    if k.fodt[ident] is None:
        k.odelagte.add(ident)


def _person(k: Kontroll, i: int, rad: Any) -> None:
    ident = rad.identitetsnummer
    verdier = {"identitetsnummer": ident, **satte(rad, PERSONFELT)}
    identitet = _identitet(k, i, ident)
    fodt = rad.fodselsdato
    if identitet is not None:
        verdier["identtype"] = identitet.type
        if fodt is not None and identitet.fodselsdato is not None and fodt != identitet.fodselsdato:
            k.feil(f"Fødselsdatoen ({fodt.isoformat()}) stemmer ikke med identitetsnummeret.",
                   "personer", i, "fodselsdato")
        fodt = fodt or identitet.fodselsdato
        if fodt is None:
            k.feil("Fødselsdatoen kan ikke leses av dette identitetsnummeret (FH-nummer eller 2032-regelen); "
                   "oppgi fodselsdato.", "personer", i, "fodselsdato")
    if fodt is not None:
        verdier["fodselsdato"] = fodt
        if fodt > k.idag:
            k.feil(f"Fødselsdatoen ({fodt.isoformat()}) kan ikke være etter importdagen.", "personer", i, "fodselsdato")
    k.fodt[ident], k.fullt_navn[ident] = fodt, f"{rad.fornavn} {rad.etternavn}"
    if rad.mottatt is not None:
        k.mottatt[ident] = rad.mottatt
    ny = {} if rad.kommunenummer else {"kommunenummer": k.kommunenummer}
    k.skriv["personer"].append(Skriverad(ident, verdier, ny=ny))


def _tjeneste(k: Kontroll, i: int, rad: Any) -> None:
    tt = k.register.finn_tjenestetype(rad.kode)
    if tt is None:
        forslag = k.register.foresla_tjenestetype(rad.kode)
        k.feil(f"Ukjent tjenestetype «{rad.kode}»." + (f" Mente du «{forslag}»?" if forslag else "")
               + " Bruk en kode, et navn eller et alias fra tjenestekatalogen.", "tjenester", i, "kode")
    kode = rad.kode if tt is None else tt.kode
    noekkel = (rad.person, kode, rad.virksomhet, rad.fra)
    if not k.unik("tjenester", noekkel, i):
        return
    k.kjent_person(rad.person, "tjenester", i, "person")
    if not k.finnes("virksomheter", rad.virksomhet):
        k.feil(f"Ukjent virksomhet «{rad.virksomhet}»: den står ikke i virksomheter og finnes ikke fra før.",
               "tjenester", i, "virksomhet")
    k.rekkefolge("tjenester", i, rad, "fra", "til")
    verdier = satte(rad, ("fra", "til", "lovpalagt"))
    ny = {}
    if verdier.get("lovpalagt") is None:
        verdier.pop("lovpalagt", None)
        ny["lovpalagt"] = tt.lovpalagt if tt is not None else True
    k.skriv["tjenester"].append(Skriverad(noekkel, verdier, {
        "person_id": ("personer", rad.person), "tjenestetype_id": ("tjenestetyper", kode),
        "virksomhet_id": ("virksomheter", rad.virksomhet)}, ny))


def _samtykke(k: Kontroll, i: int, rad: Any, selv: dict[tuple[str, Any], str]) -> None:
    ident, navn = rad.person, rad.gitt_av_navn
    kjent = k.kjent_person(ident, "samtykker", i, "person")
    if navn is None and rad.gitt_av is SamtykkeGiver.SELV:
        navn = selv.get((ident, rad.gitt)) or k.navn(ident)
    elif navn is None:
        k.feil("Feltet mangler: navnet på den som ga samtykket (påkrevd når gitt_av ikke er «selv»).",
               "samtykker", i, "gitt_av_navn")
    noekkel = (ident, rad.gitt, navn)
    if not k.unik("samtykker", noekkel, i):
        return
    k.ikke_framtid("samtykker", i, rad, "gitt")
    k.rekkefolge("samtykker", i, rad, "gitt", "gyldig_til")
    k.rekkefolge("samtykker", i, rad, "gitt", "trukket")
    _deling(k, i, rad, noekkel)
    relasjon = None if rad.gitt_av is SamtykkeGiver.SELV else (ident, rad.gitt_av, navn)
    grunnlag = _vurder_giver(k, i, rad, relasjon) if kjent and navn is not None else None
    verdier = {**satte(rad, SAMTYKKEFELT), "gitt_av_navn": navn}
    foreldre = {"person_id": ("personer", ident)}
    if relasjon is not None and k.finnes("relasjoner", relasjon):
        foreldre["relasjon_id"] = ("relasjoner", relasjon)
    ny = {"grunnlag": grunnlag[:300]} if grunnlag and "grunnlag" not in verdier else {}
    k.skriv["samtykker"].append(Skriverad(noekkel, verdier, foreldre, ny))
    k.datoer[ident].append(rad.gitt)
    if grunnlag is not None:
        k.samtykker[ident].append(_info(k, rad, noekkel))


def _deling(k: Kontroll, i: int, rad: Any, samtykke: tuple[Any, ...]) -> None:
    if rad.deling and not rad.omfang_deling:
        k.feil("Deling med navngitte tjenesteytere krever omfang_deling: true.", "samtykker", i, "omfang_deling")
    for j, epost in enumerate(rad.deling):
        if k.kjent_tjenesteyter(epost, "samtykker", i, "deling", j):
            k.skriv["samtykkedelinger"].append(Skriverad((samtykke, epost), {}, {
                "samtykke_id": ("samtykker", samtykke), "tjenesteyter_id": ("tjenesteytere", epost)}))


def _relasjonsrad(k: Kontroll, noekkel: tuple[Any, ...] | None) -> Any:
    if noekkel is None:
        return None
    i_fil = k.fil["relasjoner"].get(noekkel)
    return i_fil[1] if i_fil is not None else k.register.rader["relasjoner"].get(noekkel)


def _vurder_giver(k: Kontroll, i: int, rad: Any, relasjon: tuple[Any, ...] | None) -> str | None:
    """Kan giveren samtykke (modeller.regler.samtykke)? Gir grunnlaget, eller None når samtykket ikke gjelder."""
    fodt = k.fodselsdato(rad.person)
    if fodt is None:
        if not k.person_odelagt(rad.person):
            k.feil("Personen mangler fødselsdato, så det kan ikke vurderes hvem som kan samtykke.",
                   "samtykker", i, "gitt_av")
        return None
    rel = _relasjonsrad(k, relasjon)
    vurdering = vurder_samtykkegiver(
        fodselsdato=fodt, idag=rad.gitt, gitt_av=rad.gitt_av,
        skriftlig_fullmakt=bool(rel and rel.skriftlig_fullmakt), foreldreansvar=bool(rel and rel.foreldreansvar),
        manglende_kompetanse_begrunnelse=rad.manglende_kompetanse_begrunnelse, regelverk=k.regelverk,
    )
    if vurdering.gyldig:
        return vurdering.grunner[0]
    hint = ("" if rel is not None or relasjon is None else
            f" Fant ingen relasjon av typen «{rad.gitt_av}» med dette navnet for personen i relasjoner.")
    k.feil("Samtykket er gitt av feil person: " + " ".join(vurdering.grunner) + hint, "samtykker", i, "gitt_av")
    return None


def _info(k: Kontroll, rad: Any, noekkel: tuple[Any, ...]) -> Samtykkeinfo:
    """Samtykket slik det blir etter importen: felt som mangler i filen, beholder verdien fra før."""
    fra_for = k.register.rader["samtykker"].get(noekkel)
    return Samtykkeinfo(rad.gitt, *(effektiv(rad, fra_for, f) for f in (
        "gyldig_til", "trukket", "omfang_ip", "omfang_koordinator")))
