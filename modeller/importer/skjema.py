"""Importfilens struktur: én liste per Excel-ark og én rad per objekt (docs/importformat.md).

Rader viser til hverandre med naturlige nøkler: en person med identitetsnummeret, en tjenesteyter med
e-postadressen, en virksomhet med navnet, en plan med (person, plan_fra), en gruppe med (gruppetype,
gruppe, person). Hver liste som andre viser til har en nøkkelklasse; den brukes også til å kjenne igjen
rader som har formfeil, så en referanse til dem ikke gir en feil nummer to.
"""

from pydantic import BaseModel, ConfigDict

from modeller.importer import felttyper as t
from modeller.regler.begreper import Instans, Malform, Motestatus


class Nokkel(BaseModel):
    """Nøkkelfeltene alene; andre felt ignoreres."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Rad(BaseModel):
    """En rad i en liste: ukjente felt er en feil (skrivefeil i kolonnenavn oppdages)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class VirksomhetNokkel(Nokkel):
    navn: t.Tekst200


class Virksomhetrad(VirksomhetNokkel, Rad):
    sektor: t.SektorValg
    instans: t.InstansValg = Instans.ANNET
    epost: t.ValgfriEpost = None


class TjenesteyterNokkel(Nokkel):
    epost: t.Epost


class Tjenesteyterrad(TjenesteyterNokkel, Rad):
    navn: t.Tekst200
    virksomhet: t.Tekst200
    telefon: t.Valgfri30 = None
    stilling: t.Valgfri100 = None
    malform: t.MalformValg | None = None
    kan_vaere_koordinator: t.JaNei = False
    opplaering_dato: t.Dato | None = None
    veiledning_sist: t.Dato | None = None
    aktiv: t.JaNei = True


class PersonNokkel(Nokkel):
    identitetsnummer: t.Ident


class Personrad(PersonNokkel, Rad):
    fornavn: t.Tekst100
    etternavn: t.Tekst100
    fodselsdato: t.Dato | None = None
    venter_barn: t.JaNei = False
    telefon: t.Valgfri30 = None
    epost: t.ValgfriEpost = None
    adresse: t.Valgfri200 = None
    malform: t.MalformValg = Malform.BOKMAL
    kommunenummer: t.Kommunenummer | None = None
    mottatt: t.Dato | None = None


class RelasjonNokkel(Nokkel):
    person: t.Ident
    relasjonstype: t.RelasjonstypeValg
    navn: t.Tekst200


class Relasjonsrad(RelasjonNokkel, Rad):
    foreldreansvar: t.JaNei = False
    skriftlig_fullmakt: t.JaNei = False
    telefon: t.Valgfri30 = None
    epost: t.ValgfriEpost = None
    fra: t.Dato | None = None
    til: t.Dato | None = None


class Tjenesterad(Rad):
    person: t.Ident
    kode: t.Tekst
    virksomhet: t.Tekst200
    fra: t.Dato
    til: t.Dato | None = None
    lovpalagt: t.JaNei | None = None


class SamtykkeNokkel(Nokkel):
    """Bare personen: en samtykkerad med formfeil gjør at planer og koordinatorer ikke får en feil til."""

    person: t.Ident


class Samtykkerad(SamtykkeNokkel, Rad):
    gitt_av: t.GiverValg
    gitt_av_navn: t.Valgfri200 = None
    gitt: t.Dato
    gyldig_til: t.Dato | None = None
    trukket: t.Dato | None = None
    trukket_grunn: t.Valgfri300 = None
    omfang_koordinator: t.JaNei = False
    omfang_ip: t.JaNei = False
    omfang_deling: t.JaNei = False
    deling: t.Eposter = ()
    skriftlig: t.JaNei = True
    grunnlag: t.Valgfri300 = None
    manglende_kompetanse_begrunnelse: t.Valgfri = None


class Vedtaksrad(Rad):
    person: t.Ident
    tiltak: t.TiltakstypeValg
    tjenestekode: t.Valgfri120 = None
    utfall: t.UtfallValg
    fattet_av: t.Tekst200
    fattet_dato: t.Dato
    underrettet_dato: t.Dato | None = None
    mottatt_dato: t.Dato | None = None
    klagerute: t.KlageruteValg | None = None
    klagefrist: t.Dato | None = None
    klageinstans: t.KlageinstansValg | None = None
    tidsbegrenset_til: t.Dato | None = None
    revurdering_dato: t.Dato | None = None
    lovpalagt: t.JaNei | None = None
    endelig: t.JaNei = False
    begrunnelse: t.Fritekst = ""


class Koordinatorrad(Rad):
    person: t.Ident
    tjenesteyter: t.Epost
    rolle: t.KoordinatorrolleValg
    fra: t.Dato
    til: t.Dato | None = None
    brukers_onske: t.Valgfri300 = None
    begrunnelse: t.Fritekst500 = ""
    oppnevnt_av: t.Fritekst200 = ""


class PlanNokkel(Nokkel):
    person: t.Ident
    periode_fra: t.Dato


class Planrad(PlanNokkel, Rad):
    status: t.PlanstatusValg
    periode_til: t.Dato | None = None
    neste_revisjon: t.Dato | None = None
    ressurser_og_behov: t.Fritekst = ""
    bidrag: t.Fritekst = ""
    samarbeid: t.Fritekst = ""
    avsluttet_dato: t.Dato | None = None
    sluttgrunn: t.PlansluttValg | None = None
    sluttmerknad: t.Valgfri500 = None


class MalNokkel(Nokkel):
    person: t.Ident
    plan_fra: t.Dato
    beskrivelse: t.Tekst


class Malrad(MalNokkel, Rad):
    livsomrade: t.Fritekst60 = ""
    status: t.Tekst12 = "aktiv"
    hovedmal: t.Valgfri = None


class Tiltaksrad(Rad):
    person: t.Ident
    plan_fra: t.Dato
    beskrivelse: t.Tekst
    mal: t.Valgfri = None
    ansvarlig: t.Epost
    start: t.Dato
    evalueringsdato: t.Dato
    omfang: t.Fritekst = ""
    gjennomforing: t.Fritekst = ""
    status: t.Tekst12 = "aktiv"


class GruppeNokkel(Nokkel):
    gruppetype: t.GruppetypeValg
    navn: t.Tekst200
    person: t.ValgfriIdent = None


class Grupperad(GruppeNokkel, Rad):
    opprettet_dato: t.Dato
    avsluttet_dato: t.Dato | None = None
    intervall_uker: t.Uker | None = None
    sted: t.Fritekst200 = ""


class Gruppemedlemsrad(Rad):
    gruppetype: t.GruppetypeValg
    gruppe: t.Tekst200
    person: t.ValgfriIdent = None
    epost: t.ValgfriEpost = None
    navn: t.Valgfri200 = None
    er_bruker: t.JaNei = False
    rolle: t.Tekst30 = "medlem"
    fra: t.Dato | None = None
    til: t.Dato | None = None


class Moterad(Rad):
    gruppetype: t.GruppetypeValg
    gruppe: t.Tekst200
    person: t.ValgfriIdent = None
    start: t.Tidspunkt
    slutt: t.Tidspunkt | None = None
    sted: t.Valgfri200 = None
    status: t.MotestatusValg = Motestatus.PLANLAGT
    referat: t.Valgfri = None


class Hode(BaseModel):
    """Feltene på øverste nivå som ikke er lister."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    merknad: t.Valgfri = None
    formatversjon: int = 1


# Listene i filen, i den rekkefølgen de valideres og skrives, med radklasse og eventuell nøkkelklasse.
LISTER: dict[str, tuple[type[Rad], type[Nokkel] | None]] = {
    "virksomheter": (Virksomhetrad, VirksomhetNokkel),
    "tjenesteytere": (Tjenesteyterrad, TjenesteyterNokkel),
    "personer": (Personrad, PersonNokkel),
    "relasjoner": (Relasjonsrad, RelasjonNokkel),
    "tjenester": (Tjenesterad, None),
    "samtykker": (Samtykkerad, SamtykkeNokkel),
    "vedtak": (Vedtaksrad, None),
    "koordinatorer": (Koordinatorrad, None),
    "planer": (Planrad, PlanNokkel),
    "mal": (Malrad, MalNokkel),
    "tiltak": (Tiltaksrad, None),
    "grupper": (Grupperad, GruppeNokkel),
    "gruppemedlemmer": (Gruppemedlemsrad, None),
    "moter": (Moterad, None),
}
TOPPNIVA = ("merknad", "formatversjon", *LISTER)
FORMATVERSJON = 1

