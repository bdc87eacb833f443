"""Hva en tilbaketrekking av samtykke stopper: oppgavetype og varseltype → samtykkeomfanget de bygger på.

Kilder: forskrift om habilitering og rehabilitering § 17 og 003_e8b2068bec45c70c.txt L1660–1663 (ingen koordinator,
plan eller deling uten samtykke); lovkrav K6 (tilbaketrekking stopper det som bygger på samtykket).

Tolkning som andre må kjenne til:

* En tilbaketrekking er avgrenset: den stopper bare oppgaver og påminnelser som bygger på et omfang personen
  ikke lenger har gyldig samtykke til. Et tomt omfang betyr saksbehandling som aldri stoppes av at et samtykke
  trekkes: foreløpig svar (fvl § 11 a), klagefrist (pbrl § 7-5; fvl § 29), vurdering og oversending av klage
  (fvl § 33; pbrl § 7-2), revurdering av vedtak (003_e8b2068bec45c70c.txt L515–517) og vurdering av en
  melding (saken skal avsluttes med vedtak eller henleggelse også når samtykket er trukket).
* Påminnelser om en forfalt eller eskalert oppgave («oppgave_forfalt», «oppgave_eskalert») følger oppgaven:
  de stoppes når oppgaven de gjelder stoppes, og aldri ellers (`FOLGER_OPPGAVEN`).
* Påminnelser om tiltak går til tjenesteyteren som har ansvaret, og bygger derfor både på planen og på
  samtykket til deling (§ 19 h; lovkrav K5). Oppgaven «evaluer tiltak» ligger hos koordinator/KE og bygger
  bare på planen.
* Møteinnkallinger og referat fra ansvarsgruppen deler opplysninger med deltakerne og bygger på deling.
  En avlysning av et møte stopper behandling og går alltid ut.
"""

from modeller.regler.begreper import Oppgavetype, Samtykkeomfang

Omfangsett = frozenset[Samtykkeomfang]

SAKSBEHANDLING: Omfangsett = frozenset()
KOORDINATOR: Omfangsett = frozenset({Samtykkeomfang.KOORDINATOR})
IP: Omfangsett = frozenset({Samtykkeomfang.IP})
DELING: Omfangsett = frozenset({Samtykkeomfang.DELING})
IP_OG_DELING: Omfangsett = IP | DELING

OPPGAVE_OMFANG: dict[Oppgavetype, Omfangsett] = {
    Oppgavetype.INNHENT_SAMTYKKE: SAKSBEHANDLING,  # meldingen skal besvares (fvl § 11 a)
    Oppgavetype.VURDER_MELDING: SAKSBEHANDLING,  # saken avsluttes med vedtak eller henleggelse
    Oppgavetype.SEND_FORELOPIG_SVAR: SAKSBEHANDLING,  # fvl § 11 a
    Oppgavetype.VURDER_KLAGE: SAKSBEHANDLING,  # fvl § 33; pbrl § 7-2
    Oppgavetype.OVERSEND_KLAGE: SAKSBEHANDLING,  # fvl § 33; pbrl § 7-2
    Oppgavetype.VEDTAK_REVURDERING: SAKSBEHANDLING,  # 003_e8b2068bec45c70c.txt L515–517
    Oppgavetype.VARSEL_FEILET: SAKSBEHANDLING,  # drift: en død e-post skal ses av en person
    Oppgavetype.OPPNEVN_KOORDINATOR: KOORDINATOR,  # pbrl § 2-5 b; forskrift § 17
    Oppgavetype.KOORDINATOROPPLAERING: KOORDINATOR,  # 001_c5df1bb6b580be91.txt L909–910
    Oppgavetype.BARNEKOORDINATOR_OVERGANG: KOORDINATOR,  # pbrl § 2-5 c; 001 L785
    Oppgavetype.UTARBEID_PLAN: IP,  # pbrl § 2-5; forskrift § 17
    Oppgavetype.PLAN_REVISJON: IP,  # kilderegler.md §3.8
    Oppgavetype.EVALUER_TILTAK: IP,  # 002_846d8582fcb76fa6.txt L355
    Oppgavetype.SKRIV_REFERAT: DELING,  # referatet deles med ansvarsgruppen (§ 19 h)
}

VARSEL_OMFANG: dict[str, Omfangsett] = {
    "forelopig_svar_nar": SAKSBEHANDLING,  # fvl § 11 a
    "klagefrist_nar": SAKSBEHANDLING,  # pbrl § 7-5; fvl § 29
    "vedtak_revurdering": SAKSBEHANDLING,  # 003_e8b2068bec45c70c.txt L515–517
    "mote_avlyst": SAKSBEHANDLING,  # avlysningen stanser behandling og må nå kalenderne
    "kvartalsrapport": SAKSBEHANDLING,  # gjelder ingen person
    "driftsvarsel": SAKSBEHANDLING,  # gjelder ingen person
    "koordinator_oppnevnt": KOORDINATOR,  # pbrl § 2-5 b
    "opplaering_mangler": KOORDINATOR,  # 001 L909–910
    "barnekoordinator_overgang": KOORDINATOR,  # pbrl § 2-5 c; 001 L785
    "plan_revisjon": IP,  # pbrl § 2-5
    "tiltak_evaluering_snart": IP_OG_DELING,  # til tjenesteyteren (§ 19 h; 002 L355)
    "tiltak_evaluering_forfalt": IP_OG_DELING,  # til tjenesteyteren (§ 19 h; 002 L355)
    "mote_innkalling": DELING,  # innkallingen deler opplysninger med deltakerne (§ 19 h)
    "referat_mangler": DELING,  # som oppgaven «skriv referat»
}

# Påminnelser om en oppgave i køen: stoppes når, og bare når, oppgaven de gjelder stoppes.
FOLGER_OPPGAVEN = frozenset({"oppgave_forfalt", "oppgave_eskalert"})


def berorte_oppgavetyper(mistet: frozenset[Samtykkeomfang]) -> frozenset[Oppgavetype]:
    """Oppgavetypene som stoppes når personen har mistet samtykket til `mistet` (lovkrav K6; forskrift § 17)."""
    return frozenset(t for t, omfang in OPPGAVE_OMFANG.items() if omfang & mistet)


def berorte_varseltyper(mistet: frozenset[Samtykkeomfang]) -> frozenset[str]:
    """Varseltypene som stoppes når personen har mistet samtykket til `mistet` (lovkrav K6; forskrift § 17)."""
    return frozenset(t for t, omfang in VARSEL_OMFANG.items() if omfang & mistet)
