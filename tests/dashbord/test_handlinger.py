"""Hovedhandlingen på hver side endrer databasen som forventet; feil inndata beholder det som ble skrevet."""

import re
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import col, func, select
from streamlit.testing.v1 import AppTest

from modeller.db import arbeidsenhet, lesing
from modeller.kalender import lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Gruppetype, Motestatus, Varselstatus
from modeller.regler.identitet import lag_identitetsnummer
from modeller.tabeller import (
    Evaluering,
    Gruppe,
    Gruppemedlem,
    IndividuellPlan,
    Melding,
    Mote,
    Oppgave,
    Person,
    Samtykke,
    Systembruker,
    Tiltak,
    Tjenesteyter,
    Varsel,
    Vedtak,
)
from tests.dashbord.conftest import Apning
from tests.dashbord.verden import IDAG, NA, Verden


def knapp(at: AppTest, etikett: str) -> AppTest:
    """Klikk knappen (også skjemaknapper) med denne teksten og kjør på nytt."""
    treff = [b for b in at.button if b.label == etikett]
    assert treff, f"fant ingen knapp «{etikett}» blant {[b.label for b in at.button]}"
    return treff[0].click().run()


def merker(at: AppTest) -> list[tuple[str, str]]:
    """Statusmerkene på siden som (farge, tekst); st.badge tegnes som markdown «:farge-badge[tekst]»."""
    return [(m.group(1), m.group(2)) for e in at.markdown if (m := re.fullmatch(r":(\w+)-badge\[(.*)\]", e.value))]


def feiltekst(at: AppTest) -> str:
    """Feilmeldingene slik brukeren leser dem (dataene i dem er markdown-escapet)."""
    return re.sub(r"\\(.)", r"\1", " ".join(e.value for e in at.error))


def antall(avh: Avhengigheter, tabell: type, *vilkar: object) -> int:
    with lesing(avh.motor) as okt:
        return int(okt.exec(select(func.count()).select_from(tabell).where(*vilkar)).one())  # type: ignore[arg-type]


def test_mine_oppgaver_fullfor_oppgave_med_notat(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    at = apne(verden.koordinator)
    assert ("red", "Forfalt 20. februar 2027") in merker(at)
    at.selectbox(key="fullfor_id").select(verden.oppgave1)
    at.text_area(key="fullfor_notat").input("Ringte og avtalte evaluering")
    knapp(at, "Marker som fullført")
    assert not at.exception
    assert any("er fullført" in s.value for s in at.success)
    with lesing(avh.motor) as okt:
        o = okt.get(Oppgave, verden.oppgave1)
        assert o is not None and (o.status, o.notat, o.fullfort_av) == ("fullfort", "Ringte og avtalte evaluering",
                                                                         "Koordinator")
        annen = okt.get(Oppgave, verden.oppgave2)
        assert annen is not None and annen.status == "apen"
    assert at.info[0].value.startswith("Ingen oppgaver her")


def test_personsok_og_apne_person(verden: Verden, apne: Apning) -> None:
    at = apne(verden.koordinator, "personer")
    at.text_input(key="sok_tekst").input("B")
    knapp(at, "Søk")
    assert "søketekst" in feiltekst(at)
    at.text_input(key="sok_tekst").input("Berg")
    knapp(at, "Søk")
    assert at.info[0].value.startswith("Ingen treff")
    at.text_input(key="sok_tekst").input("Ås")
    knapp(at, "Søk")
    assert any(m.value == "**Anna Ås**" for m in at.markdown)
    at.button(key=f"apne_person_{verden.p1}").click().run()
    assert at.title[0].value == "Anna Ås"


def test_person_registrer_samtykke(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    at = apne(verden.saksbehandler, "person", person=verden.p1_ref)
    at.date_input(key="sam_gitt").set_value(IDAG + timedelta(days=3))
    at.text_input(key="sam_navn").input("Anna Ås")
    at.checkbox(key="sam_ip").check()
    knapp(at, "Lagre samtykke")
    assert "**gitt**: Datoen kan ikke være i framtiden." in feiltekst(at)
    assert at.text_input(key="sam_navn").value == "Anna Ås"
    assert antall(avh, Samtykke, col(Samtykke.person_id) == verden.p1) == 1
    at.date_input(key="sam_gitt").set_value(IDAG)
    knapp(at, "Lagre samtykke")
    assert not feiltekst(at), feiltekst(at)
    assert antall(avh, Samtykke, col(Samtykke.person_id) == verden.p1, col(Samtykke.gitt) == IDAG,
                  col(Samtykke.omfang_ip)) == 1


def test_person_fatt_vedtak_uten_begrunnelse_beholder_skjemaet(verden: Verden, apne: Apning,
                                                                avh: Avhengigheter) -> None:
    at = apne(verden.saksbehandler, "person", person=verden.p1_ref)
    at.selectbox(key="vedtak_tiltak").select("ip")
    at.selectbox(key="vedtak_utfall").select("innvilget")
    knapp(at, "Fatt vedtak")
    assert "begrunnelse" in feiltekst(at)
    assert at.selectbox(key="vedtak_tiltak").value == "ip"
    assert antall(avh, Vedtak) == 0
    at.text_area(key="vedtak_begrunnelse").input("Vilkårene er oppfylt.")
    knapp(at, "Fatt vedtak")
    assert not feiltekst(at), feiltekst(at)
    assert antall(avh, Vedtak, col(Vedtak.person_id) == verden.p1, col(Vedtak.tiltak) == "ip") == 1
    assert at.text_area(key="vedtak_begrunnelse").value == ""


def test_koordinator_ser_ikke_vedtaksskjema(verden: Verden, apne: Apning) -> None:
    at = apne(verden.koordinator, "person", person=verden.p1_ref)
    assert "Fatt vedtak" not in [b.label for b in at.button]


def _fnr() -> str:
    for individ in range(400, 500):
        nummer = lag_identitetsnummer(date(1988, 4, 12), individ)
        if nummer:
            return nummer
    raise AssertionError


def test_ny_melding_feil_og_riktig(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    at = apne(verden.saksbehandler, "ny_melding")
    at.text_input(key="mld_nummer").input("12345678901")
    at.text_input(key="mld_fornavn").input("Eva")
    at.text_input(key="mld_etternavn").input("Fjell")
    at.text_input(key="mld_avsender").input("Fastlege Lie")
    knapp(at, "Registrer meldingen")
    assert "identitetsnummer" in feiltekst(at)
    assert at.text_input(key="mld_fornavn").value == "Eva"
    assert antall(avh, Melding) == 0
    at.text_input(key="mld_nummer").input(_fnr())
    knapp(at, "Registrer meldingen")
    assert not feiltekst(at), feiltekst(at)
    assert any("Meldingen er registrert" in s.value for s in at.success)
    with lesing(avh.motor) as okt:
        person = okt.exec(select(Person).where(Person.etternavn == "Fjell")).one()
        assert okt.exec(select(func.count()).select_from(Melding).where(Melding.person_id == person.id)).one() == 1
        assert at.session_state["person_ref"] == person.referanse
    assert at.text_input(key="mld_fornavn").value == ""


def _plan(avh: Avhengigheter, person_id: int) -> IndividuellPlan | None:
    with lesing(avh.motor) as okt:
        plan = okt.exec(select(IndividuellPlan).where(IndividuellPlan.person_id == person_id)).first()
        if plan is not None:
            okt.expunge(plan)
        return plan


def test_plan_opprett_tiltak_og_evaluering(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    at = apne(verden.koordinator, "plan", person=verden.p1_ref)
    at.text_area(key="plan_ny_behov").input("Trenger hjelp i hverdagen")
    knapp(at, "Opprett planutkast")
    assert not feiltekst(at), feiltekst(at)
    plan = _plan(avh, verden.p1)
    assert plan is not None and plan.status == "utkast"
    at.text_area(key="tiltak_beskrivelse").input("Støttekontakt to timer i uka")
    at.selectbox(key="tiltak_ansvarlig").select(verden.ty1)
    at.date_input(key="tiltak_evaluering").set_value(IDAG + timedelta(days=60))
    knapp(at, "Legg til tiltak")
    assert not feiltekst(at), feiltekst(at)
    with lesing(avh.motor) as okt:
        tiltak = okt.exec(select(Tiltak).where(Tiltak.plan_id == plan.id)).one()
        tiltak_id = tiltak.id
    at.selectbox(key="eval_tiltak").select(tiltak_id)
    at.text_area(key="eval_vurdering").input("Går bra")
    at.date_input(key="eval_neste").set_value(IDAG + timedelta(days=120))
    knapp(at, "Lagre evalueringen")
    assert not feiltekst(at), feiltekst(at)
    with lesing(avh.motor) as okt:
        evalueringer = okt.exec(select(Evaluering).where(Evaluering.tiltak_id == tiltak_id)).all()
        assert [(e.vurdering, e.evaluert_av) for e in evalueringer] == [("Går bra", "Koordinator")]
        assert okt.get(Tiltak, tiltak_id).evalueringsdato == IDAG + timedelta(days=120)  # type: ignore[union-attr]
    person = apne(verden.koordinator, "person", person=verden.p1_ref)
    assert "**Støttekontakt to timer i uka**" in [m.value for m in person.markdown]


def test_plan_samtidig_endring_gir_konfliktmelding(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    from modeller.tjenester.dashbord_innlogging import hent_innlogget
    from modeller.tjenester.plan import NyPlan, NyttMal, legg_til_mal, opprett_plan

    leder = hent_innlogget(avh, verden.leder)
    assert leder is not None
    plan = opprett_plan(avh, leder, verden.p1, NyPlan(), idag=IDAG)
    at = apne(verden.koordinator, "plan", person=verden.p1_ref)
    at.text_area(key="mal_beskrivelse").input("Klare meg selv i butikken")
    legg_til_mal(avh, leder, plan.id or 0, NyttMal(beskrivelse="Lederens mål"), versjon=plan.versjon, idag=IDAG)
    knapp(at, "Legg til mål")
    assert "endret av noen andre" in feiltekst(at)
    assert at.text_area(key="mal_beskrivelse").value == "Klare meg selv i butikken"
    knapp(at, "Legg til mål")
    assert not feiltekst(at), feiltekst(at)
    with lesing(avh.motor) as okt:
        from modeller.tabeller import Mal

        assert sorted(m.beskrivelse for m in okt.exec(select(Mal))) == ["Klare meg selv i butikken", "Lederens mål"]


def _gruppe(avh: Avhengigheter, verden: Verden) -> int:
    with arbeidsenhet(avh.motor) as okt:
        g = Gruppe(gruppetype=Gruppetype.ANSVARSGRUPPE, navn="Ansvarsgruppe", person_id=verden.p1,
                   opprettet_dato=date(2026, 6, 1))
        okt.add(g)
        okt.flush()
        assert g.id is not None
        okt.add(Gruppemedlem(gruppe_id=g.id, tjenesteyter_id=verden.ty1, fra=date(2026, 6, 1)))
        return g.id


def test_moter_opprett_gruppe_og_kall_inn(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    at = apne(verden.koordinator, "moter", person=verden.p1_ref)
    at.multiselect(key="grp_medlemmer").select(verden.ty1)
    knapp(at, "Opprett gruppen")
    assert "brukers_onske" in feiltekst(at) or "ønsker" in feiltekst(at)
    at.checkbox(key="grp_onske").check()
    knapp(at, "Opprett gruppen")
    assert not feiltekst(at), feiltekst(at)
    assert antall(avh, Gruppe, col(Gruppe.person_id) == verden.p1) == 1
    at.date_input(key="innk_dato").set_value(IDAG + timedelta(days=14))
    knapp(at, "Kall inn")
    assert not feiltekst(at), feiltekst(at)
    with lesing(avh.motor) as okt:
        mote = okt.exec(select(Mote)).one()
        assert mote.status == "planlagt" and mote.start.date() >= IDAG + timedelta(days=14)
        mottakere = okt.exec(select(Varsel.mottaker_epost).where(Varsel.objekt_id == mote.id)).all()
    assert mottakere == ["kari@k.no"]
    assert any("Ansvarsgruppe" in m.value and "Anna Ås" in m.value for m in at.markdown)


def test_moter_registrer_holdt_og_referat(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    gruppe_id = _gruppe(avh, verden)
    with arbeidsenhet(avh.motor) as okt:
        start = lokalt_tidspunkt(IDAG - timedelta(days=2), time(10))
        okt.add(Mote(gruppe_id=gruppe_id, start=start, slutt=start + timedelta(hours=1), uid="m1@test"))
    at = apne(verden.koordinator, "moter")
    knapp(at, "Møtet er holdt")
    assert not feiltekst(at), feiltekst(at)
    at.text_area(key="ref_tekst").input("Gikk gjennom tiltakene.")
    knapp(at, "Lagre referatet")
    assert not feiltekst(at), feiltekst(at)
    with lesing(avh.motor) as okt:
        m = okt.exec(select(Mote).where(Mote.uid == "m1@test")).one()
        assert (m.status, m.referat) == (Motestatus.GJENNOMFORT, "Gikk gjennom tiltakene.")
        assert okt.exec(select(func.count()).select_from(Mote).where(Mote.gruppe_id == gruppe_id)).one() == 2


def test_koordinatorer_forslag_og_oppnevning(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    at = apne(verden.leder, "koordinatorer", person=verden.p2_ref)
    forklaring = " ".join(m.value for m in at.markdown)
    assert "koordinatoroppdrag fra før" in forklaring and "livsfasen" in forklaring
    at.selectbox(key="opp_ty").select(verden.ty1)
    knapp(at, "Oppnevn")
    if feiltekst(at):
        assert "begrunnelse" in feiltekst(at)
        at.text_area(key="opp_begrunnelse").input("Kjenner familien godt.")
        knapp(at, "Oppnevn")
    assert not feiltekst(at), feiltekst(at)
    from modeller.tabeller import Koordinatoroppdrag

    with lesing(avh.motor) as okt:
        oppdrag = okt.exec(select(Koordinatoroppdrag).where(Koordinatoroppdrag.person_id == verden.p2)
                           .order_by(col(Koordinatoroppdrag.id))).all()
        assert [(o.tjenesteyter_id, o.til is None) for o in oppdrag] == [(verden.ty2, False), (verden.ty1, True)]


def test_koordinatorer_registrer_opplaering(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    at = apne(verden.saksbehandler, "koordinatorer")
    assert merker(at).count(("orange", "Mangler opplæring")) == 2
    at.selectbox(key="oppl_ty").select(verden.ty2)
    knapp(at, "Registrer opplæring")
    assert not feiltekst(at), feiltekst(at)
    with lesing(avh.motor) as okt:
        assert okt.get(Tjenesteyter, verden.ty2).opplaering_dato == IDAG  # type: ignore[union-attr]
        assert okt.get(Tjenesteyter, verden.ty1).opplaering_dato is None  # type: ignore[union-attr]


def _dodt_varsel(avh: Avhengigheter) -> int:
    with arbeidsenhet(avh.motor) as okt:
        v = Varsel(nokkel="test|dod", varseltype="plan_revisjon", mottaker_epost="kari@k.no",
                   forfallsdato=IDAG, neste_forsok=NA, status=Varselstatus.DOD, forsok=3,
                   siste_feil="550 Mailbox unavailable")
        okt.add(v)
        okt.flush()
        assert v.id is not None
        return v.id


def test_varsler_send_dodt_varsel_paa_nytt(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    varsel_id = _dodt_varsel(avh)
    admin = apne(verden.admin, "varsler")
    assert "550 Mailbox unavailable" in " ".join(c.value for c in admin.caption)
    assert f"igjen_{varsel_id}" not in [b.key for b in admin.button]
    at = apne(verden.leder, "varsler")
    at.button(key=f"igjen_{varsel_id}").click().run()
    assert not feiltekst(at), feiltekst(at)
    with lesing(avh.motor) as okt:
        v = okt.get(Varsel, varsel_id)
        assert v is not None and (v.status, v.forsok, v.siste_feil) == (Varselstatus.VENTER, 0, None)


def test_leder_ser_forfalt_arbeid(verden: Verden, apne: Apning) -> None:
    at = apne(verden.leder, "leder")
    tall = {m.label: m.value for m in at.metric}
    assert tall["Forfalte oppgaver"] == "1"
    assert tall["Åpne oppgaver"] == "2"


def test_admin_oppretter_og_deaktiverer_bruker(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    at = apne(verden.admin, "admin")
    at.text_input(key="nyb_brukernavn").input("Ny Bruker")
    at.text_input(key="nyb_navn").input("Nina Nilsen")
    knapp(at, "Opprett bruker")
    assert "brukernavn" in feiltekst(at) and "passord" in feiltekst(at)
    assert at.text_input(key="nyb_navn").value == "Nina Nilsen"
    at.text_input(key="nyb_brukernavn").input("nina")
    at.text_input(key="nyb_epost").input("nina@k.no")
    at.selectbox(key="nyb_rolle").select("saksbehandler")
    knapp(at, "Opprett bruker")
    assert not feiltekst(at), feiltekst(at)
    assert antall(avh, Systembruker, col(Systembruker.brukernavn) == "nina") == 1
    at.selectbox(key="endb_id").select(verden.koordinator)
    at.selectbox(key="endb_rolle").select("koordinator")
    at.selectbox(key="endb_ty").select(verden.ty1)
    at.checkbox(key="endb_aktiv").uncheck()
    knapp(at, "Lagre tilgangen")
    assert not feiltekst(at), feiltekst(at)
    assert antall(avh, Systembruker, col(Systembruker.id) == verden.koordinator, col(Systembruker.aktiv)) == 0


def test_epostlenke_med_ref_aapner_personen_og_fjernes_fra_adressen(verden: Verden, avh: Avhengigheter) -> None:
    from dashbord.innlogging import NOKKEL, lag_innlogging
    from tests.dashbord.conftest import APP

    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["fast_na"] = NA
    at.query_params["ref"] = verden.p1_ref
    at.run()
    assert at.title[0].value == "Logg inn"
    at.session_state[NOKKEL] = lag_innlogging(verden.koordinator, NA)
    at.run()
    assert at.title[0].value == "Anna Ås"
    assert "ref" not in at.query_params
    andre = AppTest.from_file(APP, default_timeout=30)
    andre.session_state["fast_na"] = NA
    andre.session_state[NOKKEL] = lag_innlogging(verden.koordinator2, NA)
    andre.query_params["ref"] = verden.p1_ref
    andre.run()
    assert "Anna" not in " ".join(t.value for t in andre.title)
    assert "Ingen tilgang" in feiltekst(andre)


def test_ugyldig_ref_ignoreres() -> None:
    from dashbord.tilstand import gyldig_referanse

    assert gyldig_referanse(" p-7f3a9c2k ") == "P-7F3A9C2K"
    assert gyldig_referanse("IP-ABCDEFGH") == "IP-ABCDEFGH"
    for ugyldig in ("", "15108695088", "P-<script>", "../../etc", "P-" + "A" * 20, None):
        assert gyldig_referanse(ugyldig) is None


def test_dagens_dato_er_datoen_i_oslo(verden: Verden, avh: Avhengigheter) -> None:
    from dashbord.innlogging import NOKKEL, lag_innlogging
    from tests.dashbord.conftest import APP

    sent = datetime(2027, 3, 1, 23, 30, tzinfo=UTC)  # kl. 00.30 2. mars i Oslo (UTC+1)
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["fast_na"] = sent
    at.session_state[NOKKEL] = lag_innlogging(verden.leder, sent)
    at.run()
    at.switch_page("sider/leder.py").run()
    assert at.caption[0].value.startswith("Per 2. mars 2027")
