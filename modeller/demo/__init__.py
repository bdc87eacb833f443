"""Syntetisk demokommune: `lag_demo(avh, personer=500, seed=1, idag=...)` fyller en tom database.

Personene har syntetiske identitetsnumre (måned + 80, Skatteetatens testnumre; sikkerhet-og-drift.md §2.3) som
aldri kan tilhøre en ekte person. Appen godtar dem bare når `ENHETEN_DEMO=true` eller
`ENHETEN_TILLAT_SYNTETISKE_IDENTER=true` (se `Innstillinger.regelverk`), og `lag_demo` nekter å kjøre ellers.
Demoinnloggingene (brukernavn = passord): koordinator, saksbehandler, leder og admin.
"""

from modeller.demo.felles import DEMOBRUKERE, Demoinnlogging
from modeller.demo.generator import Demoresultat, lag_demo

__all__ = ["DEMOBRUKERE", "Demoinnlogging", "Demoresultat", "lag_demo"]
