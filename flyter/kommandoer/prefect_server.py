"""Den lokale Prefect-serveren til en datamappe: hvor den er, og om serveren på porten er vår.

`enheten start` merker serveren den starter med datamappens instans-id (en Prefect-variabel i serverens egen
database). En server på porten uten det merket tilhører noe annet, og da kobler verken `enheten start` eller
`enheten kjor` seg til den.
"""

import json
import urllib.error
import urllib.request
import uuid
from enum import StrEnum
from pathlib import Path

from modeller.innstillinger import Innstillinger

VARIABEL = "enheten_instans"


class Eierskap(StrEnum):
    """Hva som svarer på Prefect-porten."""

    INGEN = "ingen"
    VAR = "var"
    FREMMED = "fremmed"
    UMERKET = "umerket"


def prefect_hjem(innst: Innstillinger) -> Path:
    """Prefects mappe i datamappen (PREFECT_HOME for prosessene hovedjobben starter)."""
    return (innst.datamappe / "prefect").resolve()


def api_url(innst: Innstillinger) -> str:
    """API-adressen til hovedjobbens Prefect-server."""
    return f"http://127.0.0.1:{innst.prefect_port}/api"


def instans_id(innst: Innstillinger) -> str:
    """Datamappens faste instans-id (lages første gang)."""
    fil = prefect_hjem(innst) / "instans"
    if not fil.exists():
        fil.parent.mkdir(parents=True, exist_ok=True)
        fil.write_text(uuid.uuid4().hex + "\n", encoding="utf-8")
    return fil.read_text(encoding="utf-8").strip()


def _hent(url: str, data: dict[str, object] | None = None, metode: str = "GET") -> tuple[int, object]:
    kropp = None if data is None else json.dumps(data).encode()
    foresporsel = urllib.request.Request(url, data=kropp, method=metode, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(foresporsel, timeout=3) as svar:  # noqa: S310 - bare 127.0.0.1
            tekst = svar.read()
            return svar.status, json.loads(tekst) if tekst else None
    except urllib.error.HTTPError as e:
        return e.code, None


def svarer(url: str) -> bool:
    """Sann når en Prefect-server svarer på /health."""
    try:
        return _hent(f"{url}/health")[0] == 200
    except (OSError, ValueError):
        return False


def eierskap(url: str, instans: str) -> Eierskap:
    """Om serveren på adressen er vår (merket med instans-id-en), en annens, umerket eller ingen."""
    if not svarer(url):
        return Eierskap.INGEN
    try:
        status, variabel = _hent(f"{url}/variables/name/{VARIABEL}")
    except (OSError, ValueError):
        return Eierskap.FREMMED
    if status == 404:
        return Eierskap.UMERKET
    verdi = variabel.get("value") if isinstance(variabel, dict) else None
    return Eierskap.VAR if verdi == instans else Eierskap.FREMMED


def merk(url: str, instans: str) -> None:
    """Merk en nystartet (tom) server som vår."""
    status, _ = _hent(f"{url}/variables/", {"name": VARIABEL, "value": instans}, "POST")
    if status not in (200, 201, 409):
        raise OSError(f"Prefect-serveren svarte {status} da den skulle merkes.")


def var_server(innst: Innstillinger) -> str | None:
    """API-adressen når hovedjobbens egen Prefect-server kjører for denne datamappen, ellers None."""
    fil = prefect_hjem(innst) / "instans"
    if not fil.exists():
        return None
    url = api_url(innst)
    return url if eierskap(url, fil.read_text(encoding="utf-8").strip()) is Eierskap.VAR else None
