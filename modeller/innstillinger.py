"""Innstillinger fra miljøet (prefiks `ENHETEN_`), med innebygde standardverdier for én maskin.

Bygges én gang per prosess i komposisjonsroten (`modeller.oppsett`) og sendes videre.
"""

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from modeller.regler.begreper import Malform
from modeller.regler.parametre import STANDARD, KlagefristStart, Regelverk


class Innstillinger(BaseSettings):
    """Alle innstillinger for en kommune; regelparametrene har standardverdiene fra kilderegler.md §9."""

    model_config = SettingsConfigDict(env_prefix="ENHETEN_", env_file=".env", extra="ignore")

    datamappe: Path = Path("data")
    database_url: str | None = Field(default=None, description="Standard: SQLite-fil i datamappen")

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_tls: Literal["starttls", "tls", "av"] = "starttls"
    smtp_brukernavn: str | None = None
    smtp_passord: str | None = None
    smtp_avsender: str = "koordinerende.enhet@kommune.example"
    smtp_samtidighet: int = Field(default=4, ge=1, le=32)
    smtp_tidsavbrudd: float = 30.0
    lokal_smtp_port: int = 8025

    dashbord_url: str = "http://localhost:8501"
    dashbord_port: int = 8501
    dashbord_adresse: str = "127.0.0.1"
    prefect_port: int = 4200

    kommunenavn: str = "Demo kommune"
    kommunenummer: str = "9999"
    ke_navn: str = "Koordinerende enhet"
    malform: Malform = Malform.BOKMAL
    demo: bool = Field(default=False, description="Tillater syntetiske testnumre og viser demo-pålogginger")

    # Regelparametre (kilderegler.md §9): standardverdiene og kildene står ett sted, i modeller/regler/parametre.py.
    klagefrist_uker_lovpalagt: int = STANDARD.klagefrist_uker_lovpalagt
    klagefrist_uker_ikke_lovpalagt: int = STANDARD.klagefrist_uker_ikke_lovpalagt
    klagefrist_start: KlagefristStart = STANDARD.klagefrist_start
    frist_forleng_jul_nyttar: bool = STANDARD.frist_forleng_jul_nyttar
    forelopig_svar_uker: int = STANDARD.forelopig_svar_uker
    revurdering_maneder: int = STANDARD.revurdering_maneder
    samtykkealder: int = STANDARD.samtykkealder
    barnekoordinator_sluttalder: int = STANDARD.barnekoordinator_sluttalder
    barnekoordinator_overgang_dager: int = STANDARD.barnekoordinator_overgang_dager
    ke_gruppe_min_moter_per_ar: int = STANDARD.ke_gruppe_min_moter_per_ar
    samhandlingsforum_per_ar: int = STANDARD.samhandlingsforum_per_ar
    ansvarsgruppe_intervall_uker: int = STANDARD.ansvarsgruppe_intervall_uker
    paminnelse_dager_for: tuple[int, ...] = STANDARD.paminnelse_dager_for
    eskalering_dager_etter: int = STANDARD.eskalering_dager_etter
    innkalling_dager_for: int = STANDARD.innkalling_dager_for
    referat_frist_dager: int = STANDARD.referat_frist_dager
    opplaering_frist_dager: int = STANDARD.opplaering_frist_dager
    vurdering_frist_dager: int = STANDARD.vurdering_frist_dager
    samtykke_frist_dager: int = STANDARD.samtykke_frist_dager
    tillat_syntetiske_identer: bool = STANDARD.tillat_syntetiske_identer
    myndighetsalder: int = STANDARD.myndighetsalder
    spedbarn_til_alder: int = STANDARD.spedbarn_til_alder
    skolestart_alder: int = STANDARD.skolestart_alder
    grunnskole_slutt_alder: int = STANDARD.grunnskole_slutt_alder
    skolear_start_maned: int = STANDARD.skolear_start_maned
    kriterie_min_tjenester: int = STANDARD.kriterie_min_tjenester
    kriterie_min_tjenesteytere: int = STANDARD.kriterie_min_tjenesteytere

    okt_inaktiv_minutter: int = 30
    okt_maks_timer: int = 10

    driftsvakt_intervall_sekunder: float = Field(default=300.0, gt=0)
    # Tidsplan per flyt (cron i Europe/Oslo) som erstatter standarden, f.eks. {"utsending": "*/10 8-15 * * 1-5"}.
    tidsplaner: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _demo_fra_datamappen(self) -> "Innstillinger":
        """Datamappen er absolutt; en datamappe fylt med demodata (merket med filen DEMO) kjører i demomodus."""
        self.datamappe = self.datamappe.expanduser().resolve()
        if "demo" not in self.model_fields_set and self.demomerke.exists():
            self.demo = True
        return self

    @property
    def demomerke(self) -> Path:
        """Filen som sier at datamappen inneholder en syntetisk demokommune."""
        return self.datamappe / "DEMO"

    @property
    def database(self) -> str:
        """Databasens URL; standard er en SQLite-fil i datamappen."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.datamappe / 'enheten.db').resolve()}"

    @property
    def maildir(self) -> Path:
        """Hvor den lokale SMTP-mottakeren lagrer e-post når ingen SMTP-vert er satt."""
        return self.datamappe / "epost"

    def regelverk(self) -> Regelverk:
        """Regelparametrene som et rent objekt reglene kan ta imot."""
        verdier = {navn: getattr(self, navn) for navn in Regelverk.__dataclass_fields__ if hasattr(self, navn)}
        verdier["tillat_syntetiske_identer"] = self.tillat_syntetiske_identer or self.demo
        return Regelverk(**verdier)
