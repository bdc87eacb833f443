"""Hvor fort går importen? 3 000 genererte personer med alt som hører til, mot en grunnlinje i samme kjøring.

Grunnlinjen er en ren `executemany` av de samme personradene (bare personer, ingen validering) i en
ny, migrert database. Forholdstallet sier hvor mye dyrere hele importen er enn den enkleste mulige
innsettingen av personene alene, målt på samme maskin i samme kjøring.

Bruk: `.venv/bin/python bench/import_bench.py [--antall 3000] [--postgres URL-til-tom-database]`
"""

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from modeller.db import lag_motor  # noqa: E402
from modeller.importer import importer  # noqa: E402
from modeller.innstillinger import Innstillinger  # noqa: E402
from modeller.migrering import oppgrader  # noqa: E402
from modeller.oppsett import Avhengigheter  # noqa: E402
from modeller.regler.identitet import valider_identitetsnummer  # noqa: E402
from modeller.regler.parametre import Regelverk  # noqa: E402
from modeller.tabeller.felles import ny_referanse, utc_na  # noqa: E402
from modeller.tjenester.tilgang import SYSTEM  # noqa: E402
from tests.modeller.test_importer import lag_dokument  # noqa: E402

IDAG = date(2025, 10, 1)


def _ny_sqlite(mappe: Path, navn: str) -> Engine:
    url = f"sqlite:///{mappe / navn}"
    oppgrader(url)
    return lag_motor(url)


def _grunnlinje(motor: Engine, personer: list[dict[str, Any]]) -> float:
    """Ren executemany av personradene gjennom DB-API-et, én transaksjon."""
    rader = []
    for p in personer:
        identitet = valider_identitetsnummer(p["identitetsnummer"], tillat_syntetisk=True)
        rader.append((utc_na().isoformat(sep=" "), p["identitetsnummer"], "fnr", identitet.fodselsdato, False,
                      p["fornavn"], p["etternavn"], "nb", "9999", ny_referanse("P"), 1))
    sql = ("INSERT INTO person (opprettet, identitetsnummer, identtype, fodselsdato, venter_barn, fornavn, etternavn, "
           "malform, kommunenummer, referanse, versjon) VALUES ({})")
    start = time.perf_counter()
    with motor.begin() as tilkobling:
        raa = tilkobling.connection.dbapi_connection
        assert raa is not None
        plass = ", ".join(["%s" if motor.dialect.name == "postgresql" else "?"] * 11)
        markor = raa.cursor()
        markor.executemany(sql.format(plass), rader)
        markor.close()
    return time.perf_counter() - start


def _importer(motor: Engine, mappe: Path, data: dict[str, Any]) -> float:
    url = motor.url.render_as_string(hide_password=False)
    avh = Avhengigheter(innstillinger=Innstillinger(datamappe=mappe, database_url=url), motor=motor,
                        regelverk=Regelverk(tillat_syntetiske_identer=True))
    start = time.perf_counter()
    importer(avh, SYSTEM, data, idag=IDAG)
    return time.perf_counter() - start


def _tom_pg(url: str) -> Engine:
    motor = lag_motor(url)
    if "bench" not in (motor.url.database or ""):
        raise SystemExit("Av sikkerhetsgrunner må databasenavnet inneholde «bench»; den tømmes før målingen.")
    with motor.begin() as tilkobling:
        tilkobling.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    oppgrader(url)
    return motor


def main() -> None:
    """Mål og skriv personer per sekund, andre gangs import og forholdet til grunnlinjen."""
    valg = argparse.ArgumentParser(description=__doc__)
    valg.add_argument("--antall", type=int, default=3000)
    valg.add_argument("--postgres", help="URL til en PostgreSQL-database med «bench» i navnet; den tømmes")
    args = valg.parse_args()
    data = json.loads(json.dumps(lag_dokument(args.antall)))
    rader = sum(len(v) for v in data.values() if isinstance(v, list))
    with tempfile.TemporaryDirectory() as tmp:
        mappe = Path(tmp)
        motorer = [("sqlite", lambda navn: _ny_sqlite(mappe, navn))]
        if args.postgres:
            motorer.append(("postgresql", lambda _navn: _tom_pg(args.postgres)))
        for navn, ny_motor in motorer:
            grunn = _grunnlinje(ny_motor("grunnlinje.db"), data["personer"])
            motor = ny_motor("import.db")
            forste = _importer(motor, mappe, data)
            andre = _importer(motor, mappe, data)
            print(f"{navn}: {args.antall} personer, {rader} rader i filen")
            print(f"  import (ny database):    {forste:6.2f} s  {args.antall / forste:8.0f} personer/s  "
                  f"{rader / forste:8.0f} rader/s")
            print(f"  import på nytt (uendret): {andre:6.2f} s  {args.antall / andre:8.0f} personer/s")
            print(f"  grunnlinje executemany:  {grunn:6.2f} s  {args.antall / grunn:8.0f} personer/s")
            print(f"  forhold import/grunnlinje: {forste / grunn:.0f}x")


if __name__ == "__main__":
    main()
