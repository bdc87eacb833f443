"""Domenets faste begreper som tekstverdier (lagres som tekst i databasen).

Kilder til kategoriene står ved hver klasse; se ../shared/domene/kilderegler.md.
"""

from enum import StrEnum


class Identtype(StrEnum):
    """Typer identitetsnummer (Skatteetaten; sikkerhet-og-drift.md §2.3)."""

    FNR = "fnr"
    DNR = "dnr"
    HNR = "hnr"
    FH = "fh"


class Malform(StrEnum):
    """Målform for brev og e-post (lovkrav K27)."""

    BOKMAL = "nb"
    NYNORSK = "nn"


class Relasjonstype(StrEnum):
    """Representanter og pårørende (kilderegler.md §2.9, §3.2)."""

    FORESATT = "foresatt"
    VERGE = "verge"
    HJELPEVERGE = "hjelpeverge"
    PARORENDE = "parorende"
    FULLMEKTIG = "fullmektig"


class Sektor(StrEnum):
    """Sektorer for tjenesteytere (kilderegler.md §6)."""

    HELSE = "helse"
    OMSORG = "omsorg"
    OPPVEKST = "oppvekst"
    NAV_SOSIAL = "nav_sosial"
    SPESIALIST = "spesialist"
    FYLKESKOMMUNAL = "fylkeskommunal"
    FRIVILLIG_PRIVAT = "frivillig_privat"


class Instans(StrEnum):
    """Instanser i livsfasetabellen (001_c5df1bb6b580be91.txt L929–945)."""

    JORDMOR = "jordmor"
    HELSESYKEPLEIER = "helsesykepleier"
    BARNEHAGE = "barnehage"
    GRUNNSKOLE = "grunnskole"
    VIDEREGAENDE = "videregaende"
    HELSE_OMSORG = "helse_omsorg"
    NAV = "nav"
    ANNET = "annet"


class Livsfase(StrEnum):
    """Livsfaser i livsfasetabellen (001_c5df1bb6b580be91.txt L929–945)."""

    SVANGERSKAP = "svangerskap"
    SPEDBARN = "spedbarn"
    BARNEHAGE = "barnehage"
    GRUNNSKOLE = "grunnskole"
    VIDEREGAENDE = "videregaende"
    VOKSEN = "voksen"


class Meldingskilde(StrEnum):
    """Hvem en melding kommer fra (kilderegler.md §3.1; hpl § 38 a; lovkrav K1, K30)."""

    HELSEPERSONELL = "helsepersonell_38a"
    ANSATT = "ansatt"
    BRUKER = "bruker"
    PARORENDE = "parorende"
    SPESIALIST_KE = "spesialist_ke"
    ANNEN = "annen"


class Kanal(StrEnum):
    """Hvordan en melding kom inn (001_c5df1bb6b580be91.txt L197–204; 003_e8b2068bec45c70c.txt L108–109)."""

    SKRIFTLIG = "skriftlig"
    MUNTLIG = "muntlig"
    DIGITAL = "digital"
    ELEKTRONISK_MELDING = "elektronisk_melding"


class SamtykkeGiver(StrEnum):
    """Hvem som ga samtykket (002_846d8582fcb76fa6.txt L325–326; 003_e8b2068bec45c70c.txt L114–116)."""

    SELV = "selv"
    FORESATT = "foresatt"
    VERGE = "verge"
    HJELPEVERGE = "hjelpeverge"
    FULLMEKTIG = "fullmektig"
    PARORENDE = "parorende"


class Samtykkeomfang(StrEnum):
    """Hva et samtykke gjelder (forskrift om habilitering og rehabilitering § 17; lovkrav K3–K5)."""

    KOORDINATOR = "koordinator"
    IP = "ip"
    DELING = "deling"


class Tiltakstype(StrEnum):
    """Det KE fatter vedtak om (pbrl §§ 2-5, 2-5 b, 2-5 c)."""

    IP = "ip"
    KOORDINATOR = "koordinator"
    BARNEKOORDINATOR = "barnekoordinator"
    TJENESTE = "tjeneste"


class Utfall(StrEnum):
    """Utfall av et vedtak."""

    INNVILGET = "innvilget"
    DELVIS = "delvis"
    AVSLAG = "avslag"


class Klagerute(StrEnum):
    """Klagerute: pbrl § 7-5 (4 uker), fvl § 29 (3 uker) eller ikke klagbar (kilderegler.md §3.10)."""

    PBRL = "pbrl_7_5"
    FVL = "fvl_29"
    IKKE_KLAGBAR = "ikke_klagbar"


class Klageinstans(StrEnum):
    """Endelig klageinstans (kilderegler.md §2.12, §8 punkt 2)."""

    STATSFORVALTEREN = "statsforvalteren"
    KLAGENEMND = "klagenemnd"


class Klagestatus(StrEnum):
    """Klagens gang (kilderegler.md §3.10, tolkning)."""

    MOTTATT = "mottatt"
    OMGJORT = "omgjort"
    OVERSENDT = "oversendt"
    AVGJORT = "avgjort"


class Koordinatorrolle(StrEnum):
    """Koordinator eller barnekoordinator (hol §§ 7-2, 7-2 a)."""

    KOORDINATOR = "koordinator"
    BARNEKOORDINATOR = "barnekoordinator"


class Planstatus(StrEnum):
    """Status for individuell plan (kilderegler.md §3.8)."""

    UTKAST = "utkast"
    AKTIV = "aktiv"
    AVSLUTTET = "avsluttet"


class Planslutt(StrEnum):
    """Hvorfor en plan avsluttes (002_846d8582fcb76fa6.txt L358)."""

    BEHOV_OPPHORT = "behov_opphort"
    BRUKERS_ONSKE = "brukers_onske"
    ANNET = "annet"


class Gruppetype(StrEnum):
    """Møteserier: ansvarsgruppe, KE-gruppen og samhandlingsforum (004_cca943988ffadea5.txt L184, L200–230)."""

    ANSVARSGRUPPE = "ansvarsgruppe"
    KE_GRUPPE = "ke_gruppe"
    SAMHANDLINGSFORUM = "samhandlingsforum"


class Motestatus(StrEnum):
    """Status for et møte."""

    PLANLAGT = "planlagt"
    GJENNOMFORT = "gjennomfort"
    AVLYST = "avlyst"


class Rolle(StrEnum):
    """Roller for systembrukere (tilgangsstyring; sikkerhet-og-drift.md §1.2)."""

    KOORDINATOR = "koordinator"
    SAKSBEHANDLER = "saksbehandler"
    LEDER = "leder"
    ADMIN = "admin"


class Oppgavestatus(StrEnum):
    """Status for en oppgave i køen."""

    APEN = "apen"
    FULLFORT = "fullfort"
    AVBRUTT = "avbrutt"


class Varselstatus(StrEnum):
    """Tilstander i e-postutboksen (sikkerhet-og-drift.md §3.1, §3.3)."""

    VENTER = "venter"
    SENDER = "sender"
    SENDT = "sendt"
    DOD = "dod"
    KANSELLERT = "kansellert"


class Driftsvarselkode(StrEnum):
    """Slag av driftsvarsel: hvert slag meldes KE høyst én gang per dag (sikkerhet-og-drift.md §3.4, tolkning)."""

    SVEIP = "sveip"
    UTBOKS = "utboks"
    PREFECT = "prefect"
    PLANLEGGER = "planlegger"


class Oppgavetype(StrEnum):
    """Oppgavetyper i køen (kilderegler.md §3.15, §7.13; lovkrav K1–K30)."""

    INNHENT_SAMTYKKE = "innhent_samtykke"
    VURDER_MELDING = "vurder_melding"
    SEND_FORELOPIG_SVAR = "send_forelopig_svar"
    VURDER_KLAGE = "vurder_klage"
    OVERSEND_KLAGE = "oversend_klage"
    OPPNEVN_KOORDINATOR = "oppnevn_koordinator"
    KOORDINATOROPPLAERING = "koordinatoropplaering"
    BARNEKOORDINATOR_OVERGANG = "barnekoordinator_overgang"
    UTARBEID_PLAN = "utarbeid_plan"
    PLAN_REVISJON = "plan_revisjon"
    VEDTAK_REVURDERING = "vedtak_revurdering"
    EVALUER_TILTAK = "evaluer_tiltak"
    SKRIV_REFERAT = "skriv_referat"
    VARSEL_FEILET = "varsel_feilet"


OPPGAVETEKST: dict[str, str] = {
    Oppgavetype.INNHENT_SAMTYKKE: "Innhent samtykke",
    Oppgavetype.VURDER_MELDING: "Vurder melding",
    Oppgavetype.SEND_FORELOPIG_SVAR: "Send foreløpig svar",
    Oppgavetype.VURDER_KLAGE: "Vurder klage",
    Oppgavetype.OVERSEND_KLAGE: "Oversend klage",
    Oppgavetype.OPPNEVN_KOORDINATOR: "Oppnevn koordinator",
    Oppgavetype.KOORDINATOROPPLAERING: "Gi koordinatoropplæring",
    Oppgavetype.BARNEKOORDINATOR_OVERGANG: "Planlegg overgang fra barnekoordinator",
    Oppgavetype.UTARBEID_PLAN: "Utarbeid individuell plan",
    Oppgavetype.PLAN_REVISJON: "Revider individuell plan",
    Oppgavetype.VEDTAK_REVURDERING: "Revurder vedtak",
    Oppgavetype.EVALUER_TILTAK: "Evaluer tiltak",
    Oppgavetype.SKRIV_REFERAT: "Skriv referat",
    Oppgavetype.VARSEL_FEILET: "E-post kunne ikke sendes",
}
