"""Planlegg påminnelser: legg dagens datodrevne e-poster i utboksen (kilderegler.md §7.13; ARKITEKTUR.md §2).

Én transaksjon per kjøring. Hver utløser filtrerer på en indeksert fristkolonne, så kostnaden følger det som
forfaller, ikke registeret. Påminnelsesdatoen er en virkedag i Europe/Oslo (modeller.regler.paminnelser);
vinduet og innhentingen er beskrevet i modeller.tjenester.paminnelser_felles. Ingen påminnelse lages for en
person uten gyldig samtykke, en avsluttet plan, et avsluttet tiltak, et erstattet vedtak eller en lukket
oppgave. Kjøringen kan gjentas for enhver dato: nøkkelen (type, objekt, påminnelsesdato, mottaker) gjør at
den aldri gir duplikater. Innkallinger, avlysninger og oppnevninger legges i utboksen av bruksområdene selv.
"""

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date

from modeller.db import arbeidsenhet
from modeller.oppsett import Avhengigheter
from modeller.tjenester import paminnelser_plan as plan
from modeller.tjenester import paminnelser_sak as sak
from modeller.tjenester.paminnelser_felles import Planlegger
from modeller.tjenester.tilgang import SYSTEM, logg

UTLOSERE: tuple[Callable[[Planlegger], None], ...] = (
    plan.tiltak_evaluering,
    plan.plan_revisjon,
    plan.referat_mangler,
    plan.opplaering_mangler,
    plan.barnekoordinator_overgang,
    sak.vedtak_revurdering,
    sak.klagefrist_nar,
    sak.forelopig_svar_nar,
    sak.oppgave_forfalt,
    sak.oppgave_eskalert,
)


@dataclass(frozen=True)
class Planleggingsresultat:
    """Antall nye rader i utboksen per varseltype for kjøringen."""

    tiltak_evaluering_snart: int = 0
    tiltak_evaluering_forfalt: int = 0
    plan_revisjon: int = 0
    vedtak_revurdering: int = 0
    referat_mangler: int = 0
    opplaering_mangler: int = 0
    klagefrist_nar: int = 0
    forelopig_svar_nar: int = 0
    barnekoordinator_overgang: int = 0
    oppgave_forfalt: int = 0
    oppgave_eskalert: int = 0

    @property
    def totalt(self) -> int:
        """Alle nye rader til sammen."""
        return sum(getattr(self, f.name) for f in fields(self))


def planlegg_paminnelser(avh: Avhengigheter, *, referansedato: date) -> Planleggingsresultat:
    """Legg påminnelsene som gjelder `referansedato` i utboksen (idempotent; kan kjøres om for enhver dato)."""
    with arbeidsenhet(avh.motor) as okt:
        planlegger = Planlegger(okt, avh, referansedato)
        for utloser in UTLOSERE:
            utloser(planlegger)
        resultat = Planleggingsresultat(**planlegger.antall)
        if resultat.totalt:
            # Bare antallet logges: ingen person, ingen innhold (Normen faktaark 15, telling uten opplysninger).
            logg(okt, SYSTEM, None, "endre", "utboks", f"planla {resultat.totalt} påminnelser for {referansedato}")
        return resultat
