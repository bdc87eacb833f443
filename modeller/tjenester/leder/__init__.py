"""Lederens plikter, tall og rapporter: kvartalskontroll, nøkkeltall, KPR-eksport og nedlasting (lovkrav K2, K9,
K23, K28).

Dette er API-et lederens side i dashbordet og flytene bruker:

* `kvartalskontroll(avh, ar=, kvartal=, na=, aktor=, lagre=True, ny=False) -> Kvartalsrapport` (uten saker)
* `saker_i_funn(avh, aktor, ar=, kvartal=, na=, kode=None) -> {kode: (referanser…)}` (bare leder, logges)
* `lagrede_kvartalsrapporter(avh, aktor) -> (LagretRapport…)`
* `nokkeltall(avh, aktor, ar=, kvartal=None, idag=, tidligere=4) -> Nokkeltall`
* `kpr_eksport(avh, aktor, ar=, na=) -> Kpreksport` (fil med fødselsnummer i datamappen; bare leder, logges)
* `funn_som_rader`, `nokkeltall_som_rader`, `som_csv`, `som_excel` for nedlasting (nøytralisert mot formler)
"""

from modeller.tjenester.leder.eksport import funn_som_rader, nokkeltall_som_rader, som_csv, som_excel
from modeller.tjenester.leder.kpr import Kpreksport, kpr_eksport
from modeller.tjenester.leder.kvartal import (
    KODER,
    LagretRapport,
    kvartalskontroll,
    lagrede_kvartalsrapporter,
    saker_i_funn,
)
from modeller.tjenester.leder.nokkeltall import Nokkeltall, Periodetall, nokkeltall
from modeller.tjenester.leder.typer import Fordeling, Funn, Kvartalsrapport

__all__ = [
    "KODER", "Fordeling", "Funn", "Kpreksport", "Kvartalsrapport", "LagretRapport", "Nokkeltall", "Periodetall",
    "funn_som_rader", "kpr_eksport", "kvartalskontroll", "lagrede_kvartalsrapporter", "nokkeltall",
    "nokkeltall_som_rader", "saker_i_funn", "som_csv", "som_excel",
]
