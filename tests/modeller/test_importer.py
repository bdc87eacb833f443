"""Import fra fil: eksempelfilen, idempotens, alle problemer med JSON-sti, ingenting skrevet ved feil, og volum."""

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, col, select

from modeller.db import arbeidsenhet, lesing
from modeller.importer import Importfeil, Importproblem, Importresultat, importer, les_importfil
from modeller.importer.excel import les_excel
from modeller.importer.struktur import les_struktur
from modeller.innstillinger import Innstillinger
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Rolle
from modeller.regler.identitet import alder, lag_identitetsnummer
from modeller.regler.parametre import Regelverk
from modeller.tabeller import (
    Gruppemedlem,
    IndividuellPlan,
    Koordinatoroppdrag,
    Mote,
    Person,
    Sak,
    Samtykke,
    Tilgangslogg,
    Vedtak,
)
from modeller.tjenester.feil import IngenTilgang, Valideringsfeil
from modeller.tjenester.tilgang import SYSTEM, Aktor
from tests.db_fiks import url_for

EKSEMPEL = Path(__file__).resolve().parents[2] / "docs" / "eksempel-import.json"
IDAG = date(2025, 10, 1)
KARI, EMIL, SARA, JONAS = "12838412481", "20851651242", "02905021004", "08880873394"
ALLE_ARTER = ("virksomheter", "tjenesteytere", "personer", "saker", "relasjoner", "tjenester", "samtykker",
              "samtykkedelinger", "vedtak", "koordinatorer", "planer", "mal", "tiltak", "grupper",
              "gruppemedlemmer", "moter")
EKSEMPEL_NYE = {"virksomheter": 4, "tjenesteytere": 4, "personer": 4, "saker": 4, "relasjoner": 1, "tjenester": 2,
                "samtykker": 3, "samtykkedelinger": 3, "vedtak": 3, "koordinatorer": 2, "planer": 3, "mal": 3,
                "tiltak": 3, "grupper": 1, "gruppemedlemmer": 4, "moter": 2}


def _avh(motor: Engine, tmp_path: Path, *, syntetisk: bool = True) -> Avhengigheter:
    return Avhengigheter(innstillinger=Innstillinger(datamappe=tmp_path, database_url=url_for(motor)), motor=motor,
                         regelverk=Regelverk(tillat_syntetiske_identer=syntetisk))


def _eksempel() -> dict[str, Any]:
    return les_importfil(EKSEMPEL)


def _radtall(motor: Engine) -> dict[str, int]:
    with lesing(motor) as okt:
        return {t.name: okt.execute(select(func.count()).select_from(t)).scalar_one()
                for t in SQLModel.metadata.sorted_tables}


def _problemer(avh: Avhengigheter, data: dict[str, Any]) -> list[Importproblem]:
    with pytest.raises(Importfeil) as feil:
        importer(avh, SYSTEM, data, idag=IDAG)
    return feil.value.problemer


def _stier(problemer: list[Importproblem]) -> set[str]:
    return {p.sti for p in problemer}


def _bytt_ident(data: dict[str, Any], gammel: str, ny: str) -> None:
    """Bytt et identitetsnummer overalt i dokumentet (personen og alle referanser)."""
    for liste in data.values():
        if isinstance(liste, list):
            for rad in liste:
                for felt in ("identitetsnummer", "person"):
                    if rad.get(felt) == gammel:
                        rad[felt] = ny


def test_eksempelfilen_importeres(motor: Engine, tmp_path: Path) -> None:
    resultat = importer(_avh(motor, tmp_path), SYSTEM, _eksempel(), idag=IDAG)
    assert resultat.nye == EKSEMPEL_NYE
    assert sum(resultat.endret.values()) == sum(resultat.uendret.values()) == 0
    with lesing(motor) as okt:
        personer = {p.identitetsnummer: p.id for p in okt.exec(select(Person))}
        emil = okt.exec(select(Person).where(Person.identitetsnummer == EMIL)).one()
        assert (emil.fodselsdato, emil.kommunenummer, emil.identtype) == (date(2016, 5, 20), "9999", "fnr")
        vedtak: dict[int | None, Vedtak] = {v.person_id: v for v in okt.exec(select(Vedtak))}
        kari = vedtak[personer[KARI]]
        # Mottatt onsdag 2025-01-08 + 4 uker (pbrl § 7-5); revurdering 12 måneder etter vedtaket.
        assert (kari.klagerute, kari.klagefrist, kari.klageinstans) == ("pbrl_7_5", date(2025, 2, 5),
                                                                       "statsforvalteren")
        assert kari.revurdering_dato == date(2026, 1, 6)
        assert vedtak[personer[SARA]].revurdering_dato is None  # avslag
        saker = {s.person_id: s.status for s in okt.exec(select(Sak))}
        assert saker == {personer[KARI]: "vedtatt", personer[EMIL]: "vedtatt", personer[SARA]: "vedtatt",
                         personer[JONAS]: "apen"}
        barnekoord = okt.exec(select(Koordinatoroppdrag).where(Koordinatoroppdrag.rolle == "barnekoordinator")).one()
        assert barnekoord.planlagt_slutt == date(2034, 5, 20)
        foresatt = okt.exec(select(Samtykke).where(Samtykke.gitt_av == "foresatt")).one()
        assert foresatt.relasjon_id is not None and "under 16" in foresatt.grunnlag
        forste = okt.exec(select(Mote).order_by(col(Mote.start))).first()
        assert forste is not None and forste.start.hour == 12  # 13:00 norsk vintertid
        assert okt.exec(select(func.count()).select_from(Gruppemedlem)
                        .where(col(Gruppemedlem.relasjon_id).is_not(None))).one() == 1
        logg = okt.exec(select(Tilgangslogg)).one()
        assert (logg.hva, logg.handling, logg.person_id) == ("import", "endre", None)
        assert "46 nye" in logg.hvorfor and KARI not in logg.hvorfor and "Prøvesen" not in logg.hvorfor


def test_samme_fil_to_ganger_endrer_ingenting(motor: Engine, tmp_path: Path) -> None:
    avh = _avh(motor, tmp_path)
    forste = importer(avh, SYSTEM, _eksempel(), idag=IDAG)
    for_andre = _radtall(motor)
    andre = importer(avh, SYSTEM, _eksempel(), idag=IDAG)
    etter_andre = _radtall(motor)
    assert andre == Importresultat(nye=dict.fromkeys(ALLE_ARTER, 0), endret=dict.fromkeys(ALLE_ARTER, 0),
                                   uendret=forste.nye)
    assert etter_andre.pop("tilgangslogg") == for_andre.pop("tilgangslogg") + 1  # bare importens loggrad
    assert etter_andre == for_andre


def test_endret_felt_gir_endret_rad_og_ny_versjon(motor: Engine, tmp_path: Path) -> None:
    avh = _avh(motor, tmp_path)
    importer(avh, SYSTEM, _eksempel(), idag=IDAG)
    data = _eksempel()
    data["personer"][0]["telefon"] = "90000009"
    data["personer"][0]["etternavn"] = "Nyttnavn"  # eget samtykke uten gitt_av_navn skal ikke bli et nytt
    data["planer"][0]["status"] = "avsluttet"
    data["planer"][0]["avsluttet_dato"] = "2025-09-30"
    data["planer"][0]["sluttgrunn"] = "brukers_onske"
    data["planer"].append({"person": KARI, "status": "aktiv", "periode_fra": "2025-10-01"})
    resultat = importer(avh, SYSTEM, data, idag=IDAG)
    assert (resultat.endret["personer"], resultat.uendret["personer"]) == (1, 3)
    assert (resultat.nye["planer"], resultat.endret["planer"]) == (1, 1)
    assert (resultat.nye["samtykker"], resultat.uendret["samtykker"]) == (0, 3)
    with lesing(motor) as okt:
        kari = okt.exec(select(Person).where(Person.identitetsnummer == KARI)).one()
        assert (kari.telefon, kari.etternavn, kari.versjon) == ("90000009", "Nyttnavn", 2)
        planer = okt.exec(select(IndividuellPlan).where(IndividuellPlan.person_id == kari.id)).all()
        assert sorted(p.status for p in planer) == ["aktiv", "avsluttet"]


def _mange_feil(data: dict[str, Any]) -> None:
    _bytt_ident(data, SARA, "02905021005")  # feil kontrollsiffer
    data["personr"] = []
    data["virksomheter"][1]["sektorr"] = data["virksomheter"][1].pop("sektor")
    data["tjenesteytere"][1]["virksomhet"] = "Nordpolen skole"
    data["tjenesteytere"].append(dict(data["tjenesteytere"][0]))
    data["personer"][1]["epost"] = "ikke-en-epost"
    data["personer"][3]["malform"] = "svensk"
    data["tjenester"][0]["kode"] = "hjemmesykepleiee"
    data["tjenester"][1]["til"] = "2024-01-01"
    data["samtykker"][0]["omfang_ip"] = False
    data["samtykker"][1]["gitt_av"] = "selv"
    data["vedtak"][0]["fattet_dato"] = "06.01.2025"
    data["vedtak"][2]["utfall"] = "ja"
    data["koordinatorer"][0]["tjenesteyter"] = "tor.lie(at)kommune.example"
    data["planer"].append({"person": JONAS, "status": "utkast", "periode_fra": "2025-05-01"})
    data["tiltak"][0]["ansvarlig"] = "ukjent@kommune.example"
    data["tiltak"][1]["evalueringsdato"] = "2025-01-01"
    data["gruppemedlemmer"][3]["navn"] = "Ukjent Person"
    data["moter"][0]["slutt"] = "2025-03-10T12:00"


# (sti, del av meldingen): hver feil i `_mange_feil`, pluss følgefeilene av barnets ugyldige samtykke.
MANGE_FEIL = [
    ("personr", "Mente du «personer»?"),
    ("personer[2].identitetsnummer", "Ugyldig fødselsnummer"),
    ("virksomheter[1].sektorr", "Ukjent felt «sektorr». Mente du «sektor»?"),
    ("virksomheter[1].sektor", "Feltet mangler"),
    ("tjenesteytere[1].virksomhet", "Ukjent virksomhet «Nordpolen skole»"),
    ("tjenesteytere[4]", "samme epost som tjenesteytere[0]"),
    ("personer[1].epost", "Ugyldig e-postadresse «ikke-en-epost»"),
    ("personer[3].malform", "Ukjent verdi «svensk». Tillatte verdier: nb, nn."),
    ("tjenester[0].kode", "Mente du «hjemmesykepleie»?"),
    ("tjenester[1].til", "til (2024-01-01) kan ikke være før fra (2024-08-19)"),
    ("samtykker[1].gitt_av", "Samtykket er gitt av feil person: Barn under 16 år kan ikke samtykke selv"),
    ("koordinatorer[1].fra", "Mangler samtykke til koordinator"),
    ("planer[1].periode_fra", "Mangler samtykke til individuell plan"),
    ("planer[0].periode_fra", "Mangler samtykke til individuell plan"),
    ("vedtak[0].fattet_dato", "Ugyldig dato «06.01.2025»; skriv datoen som ÅÅÅÅ-MM-DD"),
    ("vedtak[2].utfall", "Ukjent verdi «ja». Tillatte verdier: innvilget, delvis, avslag."),
    ("koordinatorer[0].tjenesteyter", "Ugyldig e-postadresse"),
    ("planer[3].status", "to aktive individuelle planer"),
    ("tiltak[0].ansvarlig", "Ukjent tjenesteyter «ukjent@kommune.example»"),
    ("tiltak[1].evalueringsdato", "evalueringsdato (2025-01-01) kan ikke være før start (2025-02-17)"),
    ("gruppemedlemmer[3].navn", "Ukjent relasjon"),
    ("moter[0].slutt", "slutt (2025-03-10 12:00) kan ikke være før eller lik start (2025-03-10 13:00)"),
]


def test_mange_feil_rapporteres_med_sti_og_ingenting_skrives(motor: Engine, tmp_path: Path) -> None:
    data = _eksempel()
    _mange_feil(data)
    problemer = _problemer(_avh(motor, tmp_path), data)
    meldinger = {p.sti: p.melding for p in problemer}
    for sti, tekst in MANGE_FEIL:
        assert sti in meldinger, f"mangler {sti}: {[str(p) for p in problemer]}"
        assert tekst in meldinger[sti], f"{sti}: {meldinger[sti]}"
    assert _stier(problemer) == {sti for sti, _ in MANGE_FEIL}, "uventede følgefeil"
    assert all(SARA[:6] not in p.melding for p in problemer), "identitetsnummer skal ikke stå i meldingene"
    assert _radtall(motor) == dict.fromkeys(_radtall(motor), 0)  # også katalogen er rullet tilbake


def _ugyldig_fnr(d: dict[str, Any]) -> None:
    _bytt_ident(d, JONAS, "08880873395")


def _ukjent_ansvarlig(d: dict[str, Any]) -> None:
    d["tiltak"][2]["ansvarlig"] = "siri.dahl@annen-kommune.example"


def _ukjent_tjenestetype(d: dict[str, Any]) -> None:
    d["vedtak"][2]["tjenestekode"] = "romferd"


def _ukjent_plan(d: dict[str, Any]) -> None:
    d["mal"][0]["plan_fra"] = "2025-02-02"


def _til_for_fra(d: dict[str, Any]) -> None:
    d["koordinatorer"][0]["til"] = "2025-01-01"


def _underrettet_for_fattet(d: dict[str, Any]) -> None:
    d["vedtak"][0]["underrettet_dato"] = "2025-01-01"


def _plan_uten_samtykke(d: dict[str, Any]) -> None:
    d["planer"][2]["status"] = "aktiv"
    d["samtykker"].pop(2)


def _samtykke_utlopt(d: dict[str, Any]) -> None:
    d["samtykker"][0]["gyldig_til"] = "2025-01-31"  # planen starter 2025-02-01


def _barn_samtykker_selv(d: dict[str, Any]) -> None:
    d["samtykker"][1] = {"person": EMIL, "gitt_av": "selv", "gitt": "2025-01-10", "omfang_koordinator": True,
                         "omfang_ip": True}


def _foresatt_uten_foreldreansvar(d: dict[str, Any]) -> None:
    d["relasjoner"][0]["foreldreansvar"] = False


def _barnekoordinator_for_voksen(d: dict[str, Any]) -> None:
    d["koordinatorer"][0]["rolle"] = "barnekoordinator"


def _to_aktive_planer(d: dict[str, Any]) -> None:
    d["planer"].append({"person": KARI, "status": "aktiv", "periode_fra": "2025-06-01"})


def _fodselsdato_stemmer_ikke(d: dict[str, Any]) -> None:
    d["personer"][0]["fodselsdato"] = "1984-03-13"


def _ansvarsgruppe_uten_person(d: dict[str, Any]) -> None:
    d["grupper"].append({"gruppetype": "ansvarsgruppe", "navn": "Løs gruppe", "opprettet_dato": "2025-01-01"})


@pytest.mark.parametrize(("endring", "sti", "tekst"), [
    (_ugyldig_fnr, "personer[3].identitetsnummer", "Andre kontrollsiffer stemmer ikke"),
    (_ukjent_ansvarlig, "tiltak[2].ansvarlig", "Ukjent tjenesteyter «siri.dahl@annen-kommune.example»"),
    (_ukjent_tjenestetype, "vedtak[2].tjenestekode", "Ukjent tjenestetype «romferd»"),
    (_ukjent_plan, "mal[0].plan_fra", "Ukjent plan"),
    (_til_for_fra, "koordinatorer[0].til", "til (2025-01-01) kan ikke være før fra (2025-01-15)"),
    (_underrettet_for_fattet, "vedtak[0].underrettet_dato", "kan ikke være før fattet_dato (2025-01-06)"),
    (_plan_uten_samtykke, "planer[2].periode_fra", "Mangler samtykke til individuell plan"),
    (_samtykke_utlopt, "planer[0].periode_fra", "Mangler samtykke til individuell plan"),
    (_barn_samtykker_selv, "samtykker[1].gitt_av", "Barn under 16 år kan ikke samtykke selv"),
    (_foresatt_uten_foreldreansvar, "samtykker[1].gitt_av", "Foresatt uten foreldreansvar kan ikke samtykke"),
    (_barnekoordinator_for_voksen, "koordinatorer[0].rolle", "Barnekoordinator gjelder bare til barnet fyller 18"),
    (_to_aktive_planer, "planer[3].status", "bare én plan per person kan være aktiv (lovkrav K13)"),
    (_fodselsdato_stemmer_ikke, "personer[0].fodselsdato", "stemmer ikke med identitetsnummeret"),
    (_ansvarsgruppe_uten_person, "grupper[1].person", "En ansvarsgruppe må ha person"),
])
def test_en_feil_gir_ett_problem_og_ingenting_skrevet(
    motor: Engine, tmp_path: Path, endring: Callable[[dict[str, Any]], None], sti: str, tekst: str
) -> None:
    data = _eksempel()
    endring(data)
    problemer = _problemer(_avh(motor, tmp_path), data)
    assert [p.sti for p in problemer if p.sti == sti] == [sti], [str(p) for p in problemer]
    assert tekst in next(p.melding for p in problemer if p.sti == sti)
    assert _radtall(motor)["person"] == 0


def test_barnets_eget_samtykke_gir_ogsa_manglende_samtykke_for_plan_og_koordinator(
    motor: Engine, tmp_path: Path
) -> None:
    data = _eksempel()
    _barn_samtykker_selv(data)
    assert _stier(_problemer(_avh(motor, tmp_path), data)) == {
        "samtykker[1].gitt_av", "koordinatorer[1].fra", "planer[1].periode_fra"}


def test_syntetiske_nummer_avvises_uten_innstillingen(motor: Engine, tmp_path: Path) -> None:
    problemer = _problemer(_avh(motor, tmp_path, syntetisk=False), _eksempel())
    assert _stier(problemer) == {f"personer[{i}].identitetsnummer" for i in range(4)}
    assert all("Syntetiske testnummer" in p.melding for p in problemer)


def test_importfeil_er_en_valideringsfeil_med_hele_rapporten(motor: Engine, tmp_path: Path) -> None:
    data = _eksempel()
    _mange_feil(data)
    with pytest.raises(Valideringsfeil) as feil:
        importer(_avh(motor, tmp_path), SYSTEM, data, idag=IDAG)
    assert isinstance(feil.value, Importfeil)
    assert f"{len(MANGE_FEIL)} problem(er); ingenting er lagret" in str(feil.value)
    assert len(feil.value.rapport().splitlines()) == len(MANGE_FEIL)


def test_bare_leder_kan_importere(motor: Engine, tmp_path: Path) -> None:
    koordinator = Aktor(id=None, navn="koordinator", rolle=Rolle.KOORDINATOR, tjenesteyter_id=None)
    with pytest.raises(IngenTilgang):
        importer(_avh(motor, tmp_path), koordinator, _eksempel(), idag=IDAG)
    tall = _radtall(motor)
    assert tall.pop("tilgangslogg") == 1 and set(tall.values()) == {0}
    with lesing(motor) as okt:
        assert okt.exec(select(Tilgangslogg.handling)).one() == "nektet"


@pytest.mark.parametrize(("innhold", "forventet"), [
    ('{\n  "personer": [\n    {"fornavn": "A",}\n  ]\n}', "linje 3, kolonne 21: forventet et feltnavn"),
    ('{"personer": [\n  {"fornavn": "A"}\n  {"fornavn": "B"}\n]}', "linje 3, kolonne 3: forventet komma"),
    ("{'personer': []}", "linje 1, kolonne 2: forventet et feltnavn i doble anførselstegn"),
    ('{"personer": []}\n{}', "linje 2, kolonne 1: mer innhold"),
    ('[{"fornavn": "A"}]', "ett JSON-objekt"),
])
def test_ugyldig_json_gir_linje_og_kolonne(tmp_path: Path, innhold: str, forventet: str) -> None:
    fil = tmp_path / "import.json"
    fil.write_text(innhold, encoding="utf-8")
    with pytest.raises(Importfeil) as feil:
        les_importfil(fil)
    assert len(feil.value.problemer) == 1
    assert forventet in feil.value.problemer[0].melding


def test_fil_med_bom_og_manglende_fil(tmp_path: Path) -> None:
    fil = tmp_path / "fra-excel.json"
    fil.write_bytes(EKSEMPEL.read_bytes().decode("utf-8").encode("utf-8-sig"))
    assert les_importfil(fil)["formatversjon"] == 1
    with pytest.raises(Importfeil, match="Finner ikke filen"):
        les_importfil(tmp_path / "finnes-ikke.json")


def lag_dokument(antall: int, *, start: date = date(1960, 1, 1)) -> dict[str, Any]:
    """Et generert dokument med `antall` personer (syntetiske nummer) og alt som hører til dem."""
    ytere = [{"navn": f"Ansatt {n}", "epost": f"ansatt{n}@kommune.example", "virksomhet": "Hjemmetjenesten",
              "kan_vaere_koordinator": True} for n in range(50)]
    d: dict[str, Any] = {
        "virksomheter": [{"navn": "Hjemmetjenesten", "sektor": "omsorg"}], "tjenesteytere": ytere,
        **{liste: [] for liste in ("personer", "relasjoner", "tjenester", "samtykker", "vedtak", "koordinatorer",
                                   "planer", "mal", "tiltak", "grupper", "gruppemedlemmer", "moter")},
    }
    for n in range(antall):
        _legg_til_person(d, n, start + timedelta(days=7 * n))
    return d


def _ident(fodt: date) -> str:
    individ = 100 if fodt.year < 2000 else 600
    while (ident := lag_identitetsnummer(fodt, individ, syntetisk=True)) is None:
        individ += 1
    return ident


def _legg_til_person(d: dict[str, Any], n: int, fodt: date) -> None:
    ident, epost = _ident(fodt), f"ansatt{n % 50}@kommune.example"
    barn = alder(fodt, date(2024, 1, 1)) < 16
    d["personer"].append({"identitetsnummer": ident, "fornavn": f"Person{n}", "etternavn": "Generert"})
    d["tjenester"].append({"person": ident, "kode": "hjemmesykepleie", "virksomhet": "Hjemmetjenesten",
                           "fra": "2023-01-01"})
    samtykke = {"person": ident, "gitt": "2024-01-01", "omfang_ip": True, "omfang_koordinator": True}
    if barn:
        d["relasjoner"].append({"person": ident, "relasjonstype": "foresatt", "navn": f"Forelder{n}",
                                "foreldreansvar": True})
        samtykke |= {"gitt_av": "foresatt", "gitt_av_navn": f"Forelder{n}"}
    d["samtykker"].append(samtykke | ({} if barn else {"gitt_av": "selv"}))
    d["vedtak"].append({"person": ident, "tiltak": "ip", "utfall": "innvilget", "fattet_av": "Leder",
                        "fattet_dato": "2024-01-15"})
    d["koordinatorer"].append({"person": ident, "tjenesteyter": epost, "rolle": "koordinator", "fra": "2024-02-01"})
    d["planer"].append({"person": ident, "status": "aktiv", "periode_fra": "2024-02-01"})
    for m in range(2):
        d["mal"].append({"person": ident, "plan_fra": "2024-02-01", "beskrivelse": f"Mål {m}"})
        d["tiltak"].append({"person": ident, "plan_fra": "2024-02-01", "beskrivelse": f"Tiltak {m}",
                            "mal": f"Mål {m}", "ansvarlig": epost, "start": "2024-02-05",
                            "evalueringsdato": "2024-08-05"})
    if n % 3 == 0:
        gruppe = {"gruppetype": "ansvarsgruppe", "gruppe": "Ansvarsgruppe", "person": ident}
        d["grupper"].append({"gruppetype": "ansvarsgruppe", "navn": "Ansvarsgruppe", "person": ident,
                             "opprettet_dato": "2024-02-01"})
        d["gruppemedlemmer"] += [gruppe | {"epost": epost}, gruppe | {"er_bruker": True}]
        d["moter"].append(gruppe | {"start": "2024-03-04T10:00"})


def test_generert_dokument_med_3000_personer(sqlite_motor: Engine, tmp_path: Path) -> None:
    data = lag_dokument(3000)
    barn = len(data["relasjoner"])
    assert 0 < barn < 3000  # både barn (foresatt samtykker) og voksne
    resultat = importer(_avh(sqlite_motor, tmp_path), SYSTEM, json.loads(json.dumps(data)), idag=IDAG)
    assert resultat.nye == {
        "virksomheter": 1, "tjenesteytere": 50, "personer": 3000, "saker": 3000, "relasjoner": barn,
        "tjenester": 3000, "samtykker": 3000, "samtykkedelinger": 0, "vedtak": 3000, "koordinatorer": 3000,
        "planer": 3000, "mal": 6000, "tiltak": 6000, "grupper": 1000, "gruppemedlemmer": 2000, "moter": 1000,
    }
    tall = _radtall(sqlite_motor)
    assert (tall["person"], tall["tiltak"], tall["mote"]) == (3000, 6000, 1000)
    with lesing(sqlite_motor) as okt:
        assert okt.execute(text("select count(distinct referanse) from individuell_plan")).scalar_one() == 3000
    # Andre gang: registeret hentes i biter (IN-lister), og ingenting er nytt eller endret.
    andre = importer(_avh(sqlite_motor, tmp_path), SYSTEM, data, idag=IDAG)
    assert andre.uendret == resultat.nye and sum(andre.nye.values()) == sum(andre.endret.values()) == 0


def test_eksempelfilen_bruker_bare_syntetiske_nummer() -> None:
    data = _eksempel()
    assert "SYNTETISKE" in data["merknad"]
    assert all(int(p["identitetsnummer"][2:4]) > 80 for p in data["personer"])  # måned + 80 (Tenor)


def test_nye_rader_etter_importen_far_ledige_id(motor: Engine, tmp_path: Path) -> None:
    # Importen reserverer id-er selv (sekvensen på PostgreSQL); vanlige innsettinger etterpå må ikke kollidere.
    importer(_avh(motor, tmp_path), SYSTEM, _eksempel(), idag=IDAG)
    with arbeidsenhet(motor) as okt:
        ny = Person(fornavn="Ny", etternavn="Etter import")
        okt.add(ny)
        okt.flush()
        assert ny.id is not None and ny.id > 4


def _skriv_excel(data: dict[str, Any], sti: Path) -> None:
    """Lag en arbeidsbok slik en kommune ville hatt den: datoer som Excel-datoer, et fødselsnummer som tall."""
    bok = Workbook()
    veiledning = bok.active
    assert veiledning is not None
    veiledning.title = "_Veiledning"
    veiledning.append(["Ark som begynner med understrek leses ikke."])
    for liste, rader in data.items():
        if not isinstance(rader, list):
            continue
        ark = bok.create_sheet(liste.capitalize())
        kolonner = list(dict.fromkeys(k for rad in rader for k in rad))
        ark.append(kolonner)
        for rad in rader:
            ark.append([_excelverdi(k, rad.get(k)) for k in kolonner])
    bok.save(sti)


def _excelverdi(kolonne: str, verdi: Any) -> Any:
    if isinstance(verdi, list):
        return "; ".join(verdi)
    if kolonne in ("identitetsnummer", "person") and verdi == SARA:
        return int(verdi)  # Excel gjør nummeret til et tall og mister nullen foran
    if isinstance(verdi, str) and len(verdi) == 10 and verdi[4] == "-" and verdi[7] == "-":
        return date.fromisoformat(verdi)
    if isinstance(verdi, str) and len(verdi) == 16 and verdi[10] == "T":
        return datetime.fromisoformat(verdi)
    return verdi


def test_excel_gir_samme_resultat_som_json(motor: Engine, tmp_path: Path) -> None:
    avh = _avh(motor, tmp_path)
    forste = importer(avh, SYSTEM, _eksempel(), idag=IDAG)
    _skriv_excel(_eksempel(), tmp_path / "lister.xlsx")
    dokument = les_excel(tmp_path / "lister.xlsx")
    assert "_veiledning" not in dokument and dokument["personer"][2]["identitetsnummer"] == SARA
    fra_excel = importer(avh, SYSTEM, dokument, idag=IDAG)
    assert fra_excel.uendret == forste.nye, fra_excel.sammendrag()


def test_excel_som_ikke_kan_leses(tmp_path: Path) -> None:
    fil = tmp_path / "ikke-excel.xlsx"
    fil.write_text("dette er ikke en arbeidsbok", encoding="utf-8")
    with pytest.raises(Importfeil, match="Kan ikke lese Excel-filen"):
        les_excel(fil)


def test_rader_kan_vise_til_personer_som_finnes_fra_for(motor: Engine, tmp_path: Path) -> None:
    avh = _avh(motor, tmp_path)
    importer(avh, SYSTEM, _eksempel(), idag=IDAG)
    tillegg = {"vedtak": [{"person": KARI, "tiltak": "ip", "utfall": "innvilget", "fattet_av": "Leder KE",
                           "fattet_dato": "2025-09-01"}],
               "tiltak": [{"person": EMIL, "plan_fra": "2025-02-15", "beskrivelse": "Nytt tiltak",
                           "mal": "Gå trappene på skolen uten hjelp", "ansvarlig": "tor.lie@kommune.example",
                           "start": "2025-09-01", "evalueringsdato": "2025-12-01"}]}
    resultat = importer(avh, SYSTEM, tillegg, idag=IDAG)
    assert {art: n for art, n in resultat.nye.items() if n} == {"vedtak": 1, "tiltak": 1}
    assert resultat.uendret["saker"] == 1  # Karis sak fantes og var allerede vedtatt


@pytest.mark.parametrize(("data", "sti", "tekst"), [
    ([], "", "ett JSON-objekt"),
    ({"personer": {}}, "personer", "Må være en liste"),
    ({"personer": [5]}, "personer[0]", "Raden må være et JSON-objekt"),
    ({"formatversjon": 2}, "formatversjon", "Ukjent formatversjon «2»"),
    ({"personer": [{"identitetsnummer": 12838412481, "fornavn": "A", "etternavn": "B"}]},
     "personer[0].identitetsnummer", "tekst i anførselstegn"),
    ({"personer": [{"identitetsnummer": KARI, "fornavn": None, "etternavn": "B"}]},
     "personer[0].fornavn", "Feltet må ha en verdi"),
    ({"personer": [{"identitetsnummer": KARI, "fornavn": "A", "etternavn": "B", "kommunenummer": 301}]},
     "personer[0].kommunenummer", "fire sifre"),
    ({"tjenesteytere": [{"navn": "x" * 201, "epost": "a@b.no", "virksomhet": "V"}]},
     "tjenesteytere[0].navn", "for lang: høyst 200 tegn"),
    ({"moter": [{"gruppetype": "KE-gruppe", "gruppe": "KE", "start": "2025-03-10T25:00"}]},
     "moter[0].start", "finnes ikke"),
    ({"samtykker": [{"person": KARI, "gitt_av": "selv", "gitt": "2025-01-01", "deling": "a@b.no; feil"}]},
     "samtykker[0].deling[1]", "Ugyldig e-postadresse «feil»"),
    ({"grupper": [{"gruppetype": "ansvarsgruppe", "navn": "x", "opprettet_dato": "2025-01-01",
                   "intervall_uker": 0}]}, "grupper[0].intervall_uker", "minst 1"),
    ({"planer": [{"person": KARI, "status": "ferdig", "periode_fra": "2025-01-01"}]},
     "planer[0].status", "Tillatte verdier: utkast, aktiv, avsluttet."),
    ({"relasjoner": [{"person": KARI, "relasjonstype": "foresatt", "navn": "N", "foreldreansvar": "kanskje"}]},
     "relasjoner[0].foreldreansvar", "true eller false"),
])
def test_formfeil_oversettes_til_norsk_med_sti(data: Any, sti: str, tekst: str) -> None:
    problemer = les_struktur(data).problemer
    assert [p.sti for p in problemer] == [sti], [str(p) for p in problemer]
    assert tekst in problemer[0].melding


def test_vanlige_skrivemater_fra_regneark_godtas() -> None:
    struktur = les_struktur({
        "relasjoner": [{"person": "128384 12481", "relasjonstype": "Pårørende", "navn": "N", "foreldreansvar": "Ja"}],
        "grupper": [{"gruppetype": "KE-gruppe", "navn": "KE", "opprettet_dato": "2025-01-01"}],
        "personer": [{"identitetsnummer": KARI, "fornavn": " Kari ", "etternavn": "P", "malform": "Nynorsk",
                      "telefon": ""}],
    })
    assert struktur.problemer == []
    relasjon = struktur.rader["relasjoner"][0][1]
    assert (relasjon.person, relasjon.relasjonstype, relasjon.foreldreansvar) == (KARI, "parorende", True)
    assert struktur.rader["grupper"][0][1].gruppetype == "ke_gruppe"
    person = struktur.rader["personer"][0][1]
    assert (person.fornavn, person.malform, person.telefon) == ("Kari", "nn", None)
