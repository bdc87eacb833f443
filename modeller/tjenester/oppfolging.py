"""Det daglige oppfølgingssveipet: lager oppgavene som forfaller, og gjør vedtak endelige (kilderegler.md §7.13).

Hver kategori er én spørring på en indeksert forfallskolonne (mottatt, revurdering_dato, planlagt_slutt,
neste_revisjon, evalueringsdato, start, klagefrist) og status, som hopper over objekter som alt har oppgaven
(NOT EXISTS på oppgavens objekt). Radene behandles i batcher med nøkkelsett-paginering på id, én transaksjon
per batch, så kostnaden følger det som forfaller og ikke registerets størrelse. Oppgavenøklene gjør sveipet
idempotent: to kjøringer for samme dato lager ingenting nytt.

Oppgaver som krever samtykke (koordinator- og planarbeid): barnekoordinatorovergang, planrevisjon,
tiltaksevaluering, koordinatoropplæring, referat fra ansvarsgruppemøter og revurdering av vedtak om IP,
koordinator og barnekoordinator. De lages ikke for en person som har trukket samtykket og ikke har et annet
gyldig samtykke (lovkrav K3, K6). Foreløpig svar (fvl § 11 a), revurdering av tjenestevedtak, referat fra
KE-gruppen og samhandlingsforum og endelige vedtak krever ikke samtykke.
"""

from dataclasses import dataclass
from datetime import date

from modeller.oppsett import Avhengigheter
from modeller.tjenester import oppfolging_plan as plan
from modeller.tjenester import oppfolging_sak as sak
from modeller.tjenester.oppfolging_felles import Kjoring

BATCH = 500


@dataclass(frozen=True)
class Oppfolgingsresultat:
    """Nye oppgaver per oppgavetype, og antall vedtak som ble endelige fordi klagefristen gikk ut."""

    send_forelopig_svar: int = 0
    vedtak_revurdering: int = 0
    barnekoordinator_overgang: int = 0
    plan_revisjon: int = 0
    koordinatoropplaering: int = 0
    skriv_referat: int = 0
    evaluer_tiltak: int = 0
    endelige_vedtak: int = 0


def daglig_oppfolging(avh: Avhengigheter, *, referansedato: date, batch: int = BATCH) -> Oppfolgingsresultat:
    """Lag oppgavene som forfaller per `referansedato` (idempotent).

    Horisonten for «forfaller snart» er den tidligste påminnelsen i regelverket (`paminnelse_dager_for`,
    standard 14 dager), så oppgaven står i køen når den første e-postpåminnelsen går.
    """
    k = Kjoring(avh, referansedato, max(avh.regelverk.paminnelse_dager_for, default=14), batch)
    return Oppfolgingsresultat(
        send_forelopig_svar=sak.send_forelopig_svar(k), vedtak_revurdering=sak.vedtak_revurdering(k),
        barnekoordinator_overgang=plan.barnekoordinator_overgang(k), plan_revisjon=plan.plan_revisjon(k),
        koordinatoropplaering=plan.koordinatoropplaering(k), skriv_referat=plan.skriv_referat(k),
        evaluer_tiltak=plan.evaluer_tiltak(k), endelige_vedtak=sak.endelige_vedtak(k))
