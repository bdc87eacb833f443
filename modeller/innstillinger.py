"""Innstillinger fra miljøet (prefiks `ENHETEN_`), med innebygde standardverdier for én maskin.

Bygges én gang per prosess i komposisjonsroten (`modeller.oppsett`) og sendes videre.
"""

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from modeller.regler.begreper import Malform
from modeller.regler.parametre import KlagefristStart, Regelverk


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
    prefect_port: int = 4200

    kommunenavn: str = "Demo kommune"
    kommunenummer: str = "9999"
    ke_navn: str = "Koordinerende enhet"
    malform: Malform = Malform.BOKMAL
    demo: bool = Field(default=False, description="Tillater syntetiske testnumre og viser demo-pålogginger")

    # Regelparametre (kilderegler.md §9); se modeller/regler/parametre.py for kildene.
    klagefrist_uker_lovpalagt: int = 4
    klagefrist_uker_ikke_lovpalagt: int = 3
    klagefrist_start: KlagefristStart = KlagefristStart.MOTTATT
    forelopig_svar_uker: int = 4
    revurdering_maneder: int = 12
    samtykkealder: int = 16
    barnekoordinator_sluttalder: int = 18
    barnekoordinator_overgang_dager: int = 90
    ke_gruppe_min_moter_per_ar: int = 4
    samhandlingsforum_per_ar: int = 12
    ansvarsgruppe_intervall_uker: int = 12
    paminnelse_dager_for: tuple[int, ...] = (14, 2)
    eskalering_dager_etter: int = 7
    innkalling_dager_for: int = 14
    referat_frist_dager: int = 7
    opplaering_frist_dager: int = 30
    vurdering_frist_dager: int = 7
    samtykke_frist_dager: int = 14
    tillat_syntetiske_identer: bool = False
    myndighetsalder: int = 18
    spedbarn_til_alder: int = 1
    skolestart_alder: int = 6
    grunnskole_slutt_alder: int = 16
    skolear_start_maned: int = 8
    kriterie_min_tjenester: int = 2
    kriterie_min_tjenesteytere: int = 2

    okt_inaktiv_minutter: int = 30
    okt_maks_timer: int = 10

    @model_validator(mode="after")
    def _demo_fra_datamappen(self) -> "Innstillinger":
        """En datamappe som er fylt med demodata (merket med filen DEMO) kjører i demomodus."""
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
