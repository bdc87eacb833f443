"""Regelparametre per kommune, med dokumenterte standardverdier (kilderegler.md §9).

Der kildene er uenige, blir regelen en innstilling her med standardverdien dokumentet anbefaler.
Innstillingene (`modeller.innstillinger`) bygger et `Regelverk`; reglene tar det som argument.
"""

from dataclasses import dataclass
from enum import StrEnum


class KlagefristStart(StrEnum):
    """Hendelsen klagefristen løper fra (kilderegler.md §8 punkt 1).

    `mottatt`: underretningen kom fram / parten fikk kunnskap (002_846d8582fcb76fa6.txt L347,
    003_e8b2068bec45c70c.txt L198, fvl § 29). `underrettet`: den dagen underretningen ble sendt.
    `fattet`: vedtaksdatoen.
    """

    MOTTATT = "mottatt"
    UNDERRETTET = "underrettet"
    FATTET = "fattet"


@dataclass(frozen=True)
class Regelverk:
    """Kommunens regelparametre. Hvert felt har kilden i kommentaren."""

    # Klagefrist for lovpålagte tjenester og IP/koordinator: pbrl § 7-5; 002_846d8582fcb76fa6.txt L347.
    klagefrist_uker_lovpalagt: int = 4
    # Klagefrist for ikke-lovpålagte tjenester: fvl § 29; 002_846d8582fcb76fa6.txt L142.
    klagefrist_uker_ikke_lovpalagt: int = 3
    # Fristen løper fra (kilderegler.md §9 «Klage frist start»).
    klagefrist_start: KlagefristStart = KlagefristStart.MOTTATT
    # Frister forlenges også forbi julaften og nyttårsaften. Går lenger enn loven, for en kommune som vil være raus:
    # domstolloven § 149 første ledd forlenger bare forbi «lørdag, helgedag eller dag som etter lovgivningen er
    # likestilt med helgedag», og 24. og 31. desember er ingen av delene (helligdagsloven § 2). Standard av.
    frist_forleng_jul_nyttar: bool = False
    # Foreløpig svar når saken ikke er avgjort innen fire uker: 003_e8b2068bec45c70c.txt L187–188; fvl § 11 a.
    forelopig_svar_uker: int = 4
    # Revurdering av vedtak minst en gang per år: 003_e8b2068bec45c70c.txt L515–517.
    revurdering_maneder: int = 12
    # Eget samtykke fra 16 år: 002_846d8582fcb76fa6.txt L326, L383; pbrl § 4-3.
    samtykkealder: int = 16
    # Barnekoordinator til barnet fyller 18: 001_c5df1bb6b580be91.txt L785; pbrl § 2-5 c.
    barnekoordinator_sluttalder: int = 18
    # Overgangsoppgave før barnekoordinatoroppdraget ender (lovkrav K10, tolkning): dager før 18-årsdagen.
    barnekoordinator_overgang_dager: int = 90
    # KE-gruppa møtes minimum 4 ganger i året: 004_cca943988ffadea5.txt L184.
    ke_gruppe_min_moter_per_ar: int = 4
    # Månedlig samhandlingsforum: 004_cca943988ffadea5.txt L224.
    samhandlingsforum_per_ar: int = 12
    # Ansvarsgruppens standard møteintervall i uker (kildene setter ingen frekvens: kilderegler.md §3.7).
    ansvarsgruppe_intervall_uker: int = 12
    # Påminnelser før en frist, i dager (sikkerhet-og-drift.md §6; issue-standard 14 og 2 dager).
    paminnelse_dager_for: tuple[int, ...] = (14, 2)
    # Forfalt oppgave eskaleres til KE-leder etter så mange dager (tolkning, Medplum M02).
    eskalering_dager_etter: int = 7
    # Antall dager før møtet innkallingen sendes (tolkning).
    innkalling_dager_for: int = 14
    # Referat skal være skrevet innen så mange dager etter møtet (tolkning).
    referat_frist_dager: int = 7
    # Koordinator uten opplæring: oppgave til KE innen så mange dager (001_c5df1bb6b580be91.txt L909–910).
    opplaering_frist_dager: int = 30
    # Vurdering av ny melding skal gjøres innen så mange dager (hpl § 38 a «snarest mulig»; tolkning).
    vurdering_frist_dager: int = 7
    # Innhenting av samtykke innen så mange dager (tolkning).
    samtykke_frist_dager: int = 14
    # Syntetiske testnumre (Tenor, måned + 80) godtas bare når dette er slått på (sikkerhet-og-drift.md §2.3).
    tillat_syntetiske_identer: bool = False
    # Myndighetsalder: foreldreansvaret opphører, «Voksne over 18 år» i livsfasetabellen
    # (vergemålsloven § 2; pbrl § 4-3 første ledd a; 001_c5df1bb6b580be91.txt L943).
    myndighetsalder: int = 18
    # Livsfase «spedbarn» til barnet fyller 1 år, deretter barnehage (barnehageloven § 16 rett til plass
    # ved fylte ett år; tolkning av 001_c5df1bb6b580be91.txt L933–935).
    spedbarn_til_alder: int = 1
    # Skolestart det kalenderåret barnet fyller 6 år (opplæringslova § 2-1; tolkning av 001 L935–937).
    skolestart_alder: int = 6
    # Tiårig grunnskole: ender sommeren i kalenderåret barnet fyller 16 (opplæringslova § 2-1; tolkning).
    grunnskole_slutt_alder: int = 16
    # Skoleåret starter i denne måneden (august; tolkning, «skolestart i august»).
    skolear_start_maned: int = 8
    # Koordinering: «minst to eller flere … tjenester fra forskjellige tjenesteytere»
    # (001_c5df1bb6b580be91.txt L859–860; 002_846d8582fcb76fa6.txt L327). Bare advarsel (kilderegler.md §8 p. 6).
    kriterie_min_tjenester: int = 2
    kriterie_min_tjenesteytere: int = 2

    def klagefrist_uker(self, lovpalagt: bool) -> int:
        """Klagefrist i uker etter tjenestens lovpålagt-flagg (kilderegler.md §8 punkt 1 og 23)."""
        return self.klagefrist_uker_lovpalagt if lovpalagt else self.klagefrist_uker_ikke_lovpalagt


STANDARD = Regelverk()
