"""Hjelpere for tester som starter hovedjobben som egen prosess: les utskriften, finn prosesser som ble igjen."""

import subprocess
import time
from pathlib import Path


def les_til(prosess: subprocess.Popen[str], tekst: str, sekunder: float) -> list[str]:
    """Les linjer fra prosessens stdout til `tekst` dukker opp (ellers AssertionError med det som kom)."""
    linjer: list[str] = []
    slutt = time.monotonic() + sekunder
    assert prosess.stdout is not None
    while time.monotonic() < slutt:
        linje = prosess.stdout.readline()
        if not linje:
            if prosess.poll() is not None:
                break
            continue
        linjer.append(linje.rstrip())
        if tekst in linje:
            return linjer
    raise AssertionError(f"Fant ikke «{tekst}» i utskriften:\n" + "\n".join(linjer))


def barneprosesser_med_datamappe(datamappe: Path) -> list[str]:
    """Kommandolinjene til levende prosesser som har ENHETEN_DATAMAPPE=`datamappe` i miljøet sitt."""
    merke = f"ENHETEN_DATAMAPPE={datamappe.resolve()}".encode()
    funnet: list[str] = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if merke in (proc / "environ").read_bytes().split(b"\0"):
                status = (proc / "stat").read_text().split()[2]
                if status != "Z":
                    funnet.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return funnet
