"""Feil i Prefect-serverens logg (`<datamappe>/logg/prefect.log`): de siste ERROR-postene og tilbakesporingene.

Prefect skriver «HH:MM:SS.mmm | NIVÅ | logger - melding» (formatet `standard` i prefect/logging/logging.yml),
uten dato, og tilbakesporinger på linjene etter. Loggen vokser over omstarter (hovedjobben åpner den med «ab»),
så bare de siste 512 KiB leses, og bare det som står etter siste oppstartsbanner regnes med. Datoen utledes
baklengs fra filens endringstid: siste post ble skrevet senest da, og hver gang klokkeslettet hopper fram når
vi går bakover, er det gått en midnatt (best mulig uten dato i loggen; et døgn uten poster kan ikke sees).
Tekstene vaskes for e-postadresser og lange sifferrekker og kortes av: serverloggen skal ikke ha
personopplysninger, men vi stoler ikke blindt på det.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path

HALE = 512 * 1024
MAKS_TEGN = 300
_POST = re.compile(r"^(?P<tid>(?:\d{4}-\d{2}-\d{2}[ T])?\d{2}:\d{2}:\d{2})(?:[.,]\d+)? \| (?P<niva>[A-Z]+) *\| "
                   r"(?P<kilde>\S+) - (?P<melding>.*)$")
_UVICORN = re.compile(r"^(?P<niva>ERROR|CRITICAL):\s+(?P<melding>.*)$")
_TRACEBACK = "Traceback (most recent call last):"
_OPPSTART = "Configure Prefect to communicate with the server"
_PLANLEGGER = re.compile(r"schedul", re.IGNORECASE)
_FEILNIVA = frozenset({"ERROR", "CRITICAL"})
_EPOST = re.compile(r"[^\s@<>()\"',;:]+@[^\s@<>()\"',;:]+")
_SIFRE = re.compile(r"\d{6,}")
_KONTROLL = re.compile(r"[\x00-\x1f\x7f]")


def vask(tekst: str, maks: int = MAKS_TEGN) -> str:
    """Én linje uten e-postadresser og lange sifferrekker (mulige fødselsnumre), høyst `maks` tegn."""
    renset = _SIFRE.sub("[tall]", _EPOST.sub("[e-post]", _KONTROLL.sub(" ", tekst))).strip()
    return renset if len(renset) <= maks else renset[: maks - 1] + "…"


@dataclass(frozen=True)
class Loggfeil:
    """Én feil i loggen: klokkeslettet slik loggen viser det, utledet tidspunkt (UTC), kilde og vasket tekst."""

    tid: str | None
    tidspunkt: datetime | None
    kilde: str
    melding: str
    planlegger: bool


@dataclass(frozen=True)
class Loggutdrag:
    """De siste feilene siden serveren sist startet (eldste først) og hvor mange det var i alt."""

    sti: str
    finnes: bool
    feil: tuple[Loggfeil, ...] = ()
    antall: int = 0


@dataclass
class _Post:
    tid: str | None
    niva: str
    kilde: str
    melding: str
    traceback: bool = False
    siste: str = ""
    planlegger: bool = False

    def legg_til(self, linje: str) -> None:
        """En fortsettelseslinje: tilbakesporing, unntakslinjen eller mer av meldingen."""
        if linje.startswith(_TRACEBACK):
            self.traceback = True
        elif linje.strip() and not linje.startswith((" ", "\t")):
            self.siste = linje.strip()  # siste linje uten innrykk er unntaket («RuntimeError: …»)
        self.planlegger = self.planlegger or bool(_PLANLEGGER.search(linje))

    @property
    def er_feil(self) -> bool:
        """ERROR/CRITICAL, eller en post med tilbakesporing."""
        return self.niva in _FEILNIVA or self.traceback


def _ny_post(linje: str) -> _Post | None:
    """En ny post hvis linjen starter en (Prefect-format, uvicorn-format eller en løs tilbakesporing)."""
    if m := _POST.match(linje):
        return _Post(m["tid"], m["niva"], m["kilde"], m["melding"], planlegger=bool(_PLANLEGGER.search(linje)))
    if m := _UVICORN.match(linje):
        return _Post(None, m["niva"], "uvicorn", m["melding"], planlegger=bool(_PLANLEGGER.search(linje)))
    return None


def tolk_linjer(linjer: Iterable[str]) -> list[_Post]:
    """Postene etter siste oppstartsbanner, i rekkefølge."""
    poster: list[_Post] = []
    for linje in linjer:
        linje = linje.rstrip("\r\n")
        if _OPPSTART in linje:
            poster.clear()
        elif ny := _ny_post(linje):
            poster.append(ny)
        elif linje.startswith(_TRACEBACK) and not poster:
            poster.append(_Post(None, "ERROR", "traceback", "", traceback=True))
        elif poster:
            poster[-1].legg_til(linje)
    return poster


def utled_tidspunkter(tider: list[str | None], anker: datetime) -> list[datetime | None]:
    """Tidspunkt (UTC) for klokkeslettene, baklengs fra `anker` (filens endringstid, lokal tid med sone)."""
    sone = anker.tzinfo
    grense = anker + timedelta(minutes=1)
    ut: list[datetime | None] = [None] * len(tider)
    for i in range(len(tider) - 1, -1, -1):
        tekst = tider[i]
        if tekst is None:
            continue
        if len(tekst) > 8:
            kandidat = datetime.fromisoformat(tekst.replace(" ", "T")).replace(tzinfo=sone)
        else:
            kandidat = datetime.combine(grense.date(), time.fromisoformat(tekst), tzinfo=sone)
            if kandidat > grense:
                kandidat -= timedelta(days=1)
        grense = kandidat
        ut[i] = kandidat.astimezone(UTC)
    return ut


def _tekst(post: _Post) -> str:
    deler = [d for d in (post.melding.strip(), post.siste) if d]
    return vask(" → ".join(deler) or "Tilbakesporing uten melding")


def _les_hale(sti: Path) -> list[str]:
    """De siste HALE bytene som linjer (første, halve linje droppes når vi ikke leser fra starten)."""
    with sti.open("rb") as fil:
        storrelse = fil.seek(0, 2)
        fil.seek(max(0, storrelse - HALE))
        data = fil.read()
    linjer = data.decode("utf-8", errors="replace").splitlines()
    return linjer[1:] if storrelse > HALE else linjer


def les_loggfeil(sti: Path, *, grense: int = 10, sone: tzinfo | None = None) -> Loggutdrag:
    """De siste `grense` feilene i Prefect-loggen siden siste oppstart; en manglende fil er ingen feil.

    `sone` er tidssonen loggen er skrevet i; standard er maskinens lokaltid, som serverprosessen bruker.
    """
    if not sti.is_file():
        return Loggutdrag(sti=str(sti), finnes=False)
    poster = tolk_linjer(_les_hale(sti))
    anker = datetime.fromtimestamp(sti.stat().st_mtime, UTC).astimezone(sone)
    tidspunkter = utled_tidspunkter([p.tid for p in poster], anker)
    feil = [Loggfeil(p.tid, t, p.kilde, _tekst(p), p.planlegger)
            for p, t in zip(poster, tidspunkter, strict=True) if p.er_feil]
    return Loggutdrag(sti=str(sti), finnes=True, feil=tuple(feil[-grense:]), antall=len(feil))
