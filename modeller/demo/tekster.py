"""Faste tekster til demoen: tjenester per livsfase, tiltak per tjeneste og mål per livsfase."""

from typing import Protocol

from modeller.regler.begreper import Livsfase

ELDRE = "eldre"


class _Person(Protocol):
    @property
    def eldre(self) -> bool: ...

    @property
    def livsfase(self) -> Livsfase: ...


def malgruppe(p: _Person) -> str:
    """Livsfasen, men «eldre» for voksne fra 67 år (annen tjenesteprofil)."""
    return ELDRE if p.eldre else str(p.livsfase)


# Tjenester etter målgruppe; den første er tjenesten fra primæransvarlig instans (001 L929–945).
TJENESTEPOOL: dict[str, tuple[str, ...]] = {
    "svangerskap": ("svangerskapsomsorg", "spesialisthelsetjeneste", "nav_oppfolging"),
    "spedbarn": ("helsestasjon", "spesialisthelsetjeneste", "fysioterapi", "avlastning_hjemme", "fastlege"),
    "barnehage": ("ppt_spesialpedagogisk", "helsestasjon", "fysioterapi", "ergoterapi", "avlastning_barn_unge",
                  "spesialisthelsetjeneste"),
    "grunnskole": ("ppt_spesialpedagogisk", "fysioterapi", "ergoterapi", "stottekontakt", "avlastning_barn_unge",
                   "bpa", "spesialisthelsetjeneste", "helsestasjon"),
    "videregaende": ("psykisk_helse_rus", "nav_oppfolging", "stottekontakt", "fysioterapi", "avlastning_barn_unge",
                     "spesialisthelsetjeneste", "helsestasjon"),
    "voksen": ("hjemmesykepleie", "nav_oppfolging", "psykisk_helse_rus", "praktisk_bistand", "stottekontakt", "bpa",
               "fysioterapi", "boveiledning", "dagaktivitet", "fastlege", "habilitering_rehabilitering"),
    ELDRE: ("hjemmesykepleie", "praktisk_bistand", "trygghetsalarm", "middagsombringing", "fysioterapi",
            "ergoterapi", "hverdagsrehabilitering", "korttidsopphold", "dagsenter_demens", "fastlege"),
}

# Tjenestekode → (virksomhetsart, tiltak, omfang, gjennomføring).
TILTAKSTEKST: dict[str, tuple[str, str, str, str]] = {
    "svangerskapsomsorg": ("jordmor", "Oppfølging i svangerskapet og etter fødsel", "Etter programmet",
                           "Jordmor samordner kontrollene med sykehuset."),
    "spesialisthelsetjeneste": ("sykehus", "Utredning og behandling i spesialisthelsetjenesten", "Etter innkalling",
                                "Sykehuset sender epikrise til fastlege og koordinator."),
    "nav_oppfolging": ("nav", "Arbeidsrettet oppfølging og veiledning om ytelser", "Møte hver måned",
                       "Veileder i NAV følger opp aktivitetsplanen."),
    "helsestasjon": ("helsestasjon", "Oppfølging fra helsesykepleier", "Etter helsestasjonsprogrammet",
                     "Helsesykepleier følger opp vekst, utvikling og familie."),
    "fysioterapi": ("terapi", "Fysioterapi for motorikk og funksjon", "1 time per uke",
                    "Fysioterapeut trener sammen med personen og gir hjemmeprogram."),
    "ergoterapi": ("terapi", "Tilrettelegging og hjelpemidler", "Ved behov",
                   "Ergoterapeut kartlegger og søker om hjelpemidler."),
    "avlastning_hjemme": ("miljotjenesten", "Avlastning i hjemmet", "8 timer per uke",
                          "Avlaster kommer hjem etter avtale med familien."),
    "avlastning_barn_unge": ("miljotjenesten", "Avlastning for barn og unge", "2 helger per måned",
                             "Opphold i avlastningsboligen etter fast turnus."),
    "ppt_spesialpedagogisk": ("ppt", "Spesialpedagogisk hjelp etter sakkyndig vurdering", "5 timer per uke",
                              "PPT vurderer behovet; barnehagen eller skolen gjennomfører tiltakene."),
    "stottekontakt": ("miljotjenesten", "Støttekontakt for fritid og sosial deltakelse", "4 timer per uke",
                      "Støttekontakten følger til en fast fritidsaktivitet."),
    "bpa": ("miljotjenesten", "Brukerstyrt personlig assistanse", "20 timer per uke",
            "Personen eller familien er arbeidsleder for assistentene."),
    "psykisk_helse_rus": ("psykisk_helse", "Samtaler og oppfølging av psykisk helse", "Samtale hver 14. dag",
                          "Psykiatrisk sykepleier har faste samtaler."),
    "hjemmesykepleie": ("hjemmetjenesten", "Helsetjenester i hjemmet", "Morgen og kveld",
                        "Hjemmesykepleien hjelper med medisiner og stell."),
    "praktisk_bistand": ("hjemmetjenesten", "Praktisk bistand i hverdagen", "3 timer per uke",
                         "Hjelp til innkjøp, måltider og renhold."),
    "boveiledning": ("miljotjenesten", "Boveiledning og opplæring i daglige gjøremål", "2 timer per uke",
                     "Miljøarbeider øver på økonomi og matlaging."),
    "dagaktivitet": ("miljotjenesten", "Dag- og aktivitetstilbud", "2 dager per uke",
                     "Fast plass med transport til og fra."),
    "fastlege": ("lege", "Oppfølging hos fastlegen", "Kontroll hver tredje måned",
                 "Fastlegen følger opp medisiner og henviser videre."),
    "habilitering_rehabilitering": ("terapi", "Habilitering og rehabilitering i hjemmet", "Intensivt i 8 uker",
                                    "Tverrfaglig team trener mot personens egne mål."),
    "trygghetsalarm": ("hjemmetjenesten", "Trygghetsalarm", "Døgnet rundt",
                       "Alarmen går til responssenteret og hjemmetjenesten."),
    "middagsombringing": ("sykehjem", "Middagsombringing", "5 dager per uke", "Middag leveres på døra."),
    "hverdagsrehabilitering": ("terapi", "Hverdagsrehabilitering", "Intensivt i 4 uker",
                               "Hjemmetrener øver på aktiviteter personen selv har valgt."),
    "korttidsopphold": ("sykehjem", "Korttidsopphold for rehabilitering", "3 uker",
                        "Opphold på sykehjemmet med opptrening."),
    "dagsenter_demens": ("sykehjem", "Dagsenter for personer med demens", "3 dager per uke",
                         "Tilrettelagt dagtilbud med transport."),
}

# Mål etter målgruppe: (livsområde, mål).
MAL: dict[str, tuple[tuple[str, str], ...]] = {
    "svangerskap": (("Helse", "Trygg fødsel og god oppfølging de første ukene."),
                    ("Familie og nettverk", "Foreldrene vet hvem de skal kontakte for hva."),
                    ("Økonomi", "Familien kjenner rettighetene sine til stønader.")),
    "spedbarn": (("Helse", "Barnet får behandling og oppfølging samordnet."),
                 ("Familie og nettverk", "Foreldrene får nok avlastning og søvn."),
                 ("Kommunikasjon", "Familien har én fast kontaktperson.")),
    "barnehage": (("Skole og utdanning", "Barnet deltar i leken i barnegruppen med støtte."),
                  ("Helse", "Barnet holder bevegelighet og funksjon ved like."),
                  ("Familie og nettverk", "Familien får avlastning som passer hverdagen."),
                  ("Kommunikasjon", "Barnet bruker alternativ kommunikasjon hjemme og i barnehagen.")),
    "grunnskole": (("Skole og utdanning", "Eleven deltar i undervisningen i klassen med tilrettelegging."),
                   ("Fritid", "Eleven deltar i én fritidsaktivitet hver uke."),
                   ("Familie og nettverk", "Familien får avlastning som passer hverdagen."),
                   ("Helse", "Eleven holder bevegelighet og funksjon ved like.")),
    "videregaende": (("Skole og utdanning", "Fullføre videregående opplæring."),
                     ("Arbeid", "Forberede overgangen til arbeid eller studier etter 18 år."),
                     ("Fritid", "Ha et sosialt nettverk utenfor skolen."),
                     ("Helse", "Mestre angst og stress i hverdagen.")),
    "voksen": (("Arbeid", "Komme i arbeid eller aktivitet tilpasset helsen."),
               ("Bolig", "Bo trygt i egen bolig."),
               ("Daglige gjøremål", "Klare mer av hverdagen selv."),
               ("Økonomi", "Ha oversikt over egen økonomi.")),
    ELDRE: (("Daglige gjøremål", "Klare personlig stell og måltider med litt hjelp."),
            ("Helse", "Bo trygt hjemme så lenge som mulig."),
            ("Fritid", "Delta på dagsenter og treffe andre."),
            ("Mobilitet", "Gå trygt innendørs og til postkassen.")),
}
