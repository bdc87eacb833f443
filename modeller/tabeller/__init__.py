"""SQLModel-tabellene, én modul per aggregat. Import herfra registrerer alle tabellene i metadata."""

from modeller.tabeller.aktor import Tjeneste, Tjenestetype, Tjenesteyter, Virksomhet
from modeller.tabeller.bruker import Rapport, Systembruker
from modeller.tabeller.gruppe import Gruppe, Gruppemedlem, Mote
from modeller.tabeller.logg import Tilgangslogg
from modeller.tabeller.okt import Innloggingsokt
from modeller.tabeller.oppgave import Oppgave
from modeller.tabeller.person import Person, Relasjon
from modeller.tabeller.plan import Evaluering, IndividuellPlan, Koordinatoroppdrag, Mal, Tiltak
from modeller.tabeller.sak import Klage, Melding, Sak, Samtykke, SamtykkeDeling, Vedtak
from modeller.tabeller.varsel import Varsel

__all__ = [
    "Evaluering", "Gruppe", "Gruppemedlem", "IndividuellPlan", "Innloggingsokt", "Klage", "Koordinatoroppdrag",
    "Mal", "Melding", "Mote", "Oppgave", "Person", "Rapport", "Relasjon", "Sak", "Samtykke", "SamtykkeDeling",
    "Systembruker", "Tilgangslogg", "Tiltak", "Tjeneste", "Tjenestetype", "Tjenesteyter", "Varsel",
    "Vedtak", "Virksomhet",
]
