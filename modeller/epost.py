"""E-postadapter: bygger MIME-meldinger og sender partier med aiosmtplib over gjenbrukte forbindelser.

TLS er påkrevd: "starttls" avbryter hvis tjeneren ikke tilbyr STARTTLS (aiosmtplib oppgraderer ellers
bare når det tilbys), "tls" er implisitt TLS, og "av" er bare for en lokal oppsamler. Utfall:
2xx → "sendt"; 4xx, tidsavbrudd og brutt forbindelse → "midlertidig"; 5xx og ugyldig melding → "permanent".
Et tidsavbrudd etter DATA er tvetydig (meldingen kan ha kommet fram); utboksen avgjør om den sendes igjen.
Meldingsinnhold logges eller heves aldri.
"""

import asyncio
import re
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Protocol

import aiosmtplib

_KONTROLLTEGN = re.compile(r"[\x00-\x1f\x7f]")
_ADRESSE = re.compile(r"[^@\s<>,;:\"()\[\]\\]+@[^@\s<>,;:\"()\[\]\\]+")
_TLS_VALG = ("starttls", "tls", "av")
_ICS_METODER = ("REQUEST", "CANCEL")


class UgyldigEpost(ValueError):
    """En e-post som ikke kan sendes trygt (for eksempel linjeskift i emne eller adresse)."""


@dataclass(frozen=True)
class Epost:
    """Én e-post som skal sendes; innholdet kommer fra modeller.maler."""

    mottaker: str
    emne: str
    tekst: str
    html: str
    kopi: tuple[str, ...] = ()
    ics: bytes | None = None
    ics_metode: str = "REQUEST"
    message_id: str | None = None


@dataclass(frozen=True)
class SmtpOppsett:
    """Tilkoblingen til SMTP-tjeneren; tls er "starttls", "tls" eller "av" (bare lokal oppsamler)."""

    vert: str
    port: int
    tls: str
    avsender: str
    brukernavn: str | None = None
    passord: str | None = field(default=None, repr=False)
    tidsavbrudd: float = 30.0
    samtidighet: int = 4

    def __post_init__(self) -> None:
        """Avviser ukjent TLS-valg og ugyldig samtidighet med en gang."""
        if self.tls not in _TLS_VALG:
            raise ValueError(f"Feltet «tls» må være en av {', '.join(_TLS_VALG)}.")
        if self.samtidighet < 1:
            raise ValueError("Feltet «samtidighet» må være minst 1.")
        _sjekk_adresse("avsender", self.avsender)


@dataclass(frozen=True)
class Sendeutfall:
    """Utfallet for eposter[indeks]: status "sendt", "midlertidig" eller "permanent"."""

    indeks: int
    status: str
    message_id: str | None
    kode: int | None
    feil: str | None


class Postsender(Protocol):
    """Sender et parti e-poster og gir ett utfall per e-post, i samme rekkefølge."""

    async def send_parti(self, eposter: Sequence[Epost]) -> list[Sendeutfall]: ...


def _sjekk_adresse(felt: str, adresse: str) -> str:
    """Én ren adresse (uten navn), uten linjeskift eller andre kontrolltegn."""
    if _KONTROLLTEGN.search(adresse) or not _ADRESSE.fullmatch(adresse):
        raise UgyldigEpost(f"Feltet «{felt}» må være én e-postadresse uten linjeskift eller kontrolltegn.")
    return adresse


def bygg_melding(epost: Epost, *, avsender: str, domene: str, tidspunkt: datetime | None = None) -> EmailMessage:
    """Bygger multipart/alternative (tekst, HTML og eventuelt text/calendar) med Message-ID og Date."""
    _sjekk_adresse("avsender", avsender)
    _sjekk_adresse("mottaker", epost.mottaker)
    for adresse in epost.kopi:
        _sjekk_adresse("kopi", adresse)
    if _KONTROLLTEGN.search(epost.emne) or not epost.emne.strip():
        raise UgyldigEpost("Feltet «emne» må være én ikke-tom linje uten kontrolltegn.")
    if epost.message_id is not None and (_KONTROLLTEGN.search(epost.message_id) or not epost.message_id):
        raise UgyldigEpost("Feltet «message_id» inneholder kontrolltegn.")
    if epost.ics is not None and epost.ics_metode not in _ICS_METODER:
        raise UgyldigEpost(f"Feltet «ics_metode» må være en av {', '.join(_ICS_METODER)}.")
    melding = EmailMessage()
    melding["From"] = avsender
    melding["To"] = epost.mottaker
    if epost.kopi:
        melding["Cc"] = ", ".join(epost.kopi)
    melding["Subject"] = epost.emne
    melding["Date"] = format_datetime(tidspunkt or datetime.now(UTC))
    melding["Message-ID"] = epost.message_id or make_msgid(domain=domene)
    melding["Auto-Submitted"] = "auto-generated"  # RFC 3834: ingen autosvar tilbake
    melding.set_content(epost.tekst)
    melding.add_alternative(epost.html, subtype="html")
    if epost.ics is not None:
        # Som bytes, så CRLF-linjene fra iCalendar bevares uendret (RFC 5545).
        parametre = {"method": epost.ics_metode, "charset": "utf-8"}
        melding.add_alternative(epost.ics, maintype="text", subtype="calendar", params=parametre)
        melding.add_attachment(epost.ics, maintype="application", subtype="ics", filename="invite.ics")
    return melding


def _kort(tekst: str) -> str:
    """Feiltekst på én linje og høyst 300 tegn (passer i utboksens siste_feil)."""
    return _KONTROLLTEGN.sub(" ", tekst)[:300]


def _klassifiser_kode(kode: int) -> str:
    """4xx er midlertidig, 5xx permanent; alt annet (for eksempel -1) behandles som midlertidig."""
    return "permanent" if 500 <= kode <= 599 else "midlertidig"


class SmtpPostsender:
    """Postsender over aiosmtplib: partiet fordeles på høyst `samtidighet` forbindelser."""

    def __init__(
        self, oppsett: SmtpOppsett, *, domene: str | None = None, tls_context: ssl.SSLContext | None = None
    ) -> None:
        """`tls_context` brukes til å stole på et eget sertifikat (for eksempel selvsignert i test)."""
        self._oppsett = oppsett
        self._domene = domene or oppsett.avsender.rsplit("@", 1)[1]
        self._tls_context = tls_context

    async def send_parti(self, eposter: Sequence[Epost]) -> list[Sendeutfall]:
        """Sender alle gyldige e-poster; ugyldige blir "permanent" uten at noe sendes for dem."""
        utfall: list[Sendeutfall] = []
        klare: list[tuple[int, EmailMessage]] = []
        for indeks, epost in enumerate(eposter):
            try:
                melding = bygg_melding(epost, avsender=self._oppsett.avsender, domene=self._domene)
            except UgyldigEpost as feil:
                utfall.append(Sendeutfall(indeks, "permanent", epost.message_id, None, _kort(str(feil))))
            else:
                klare.append((indeks, melding))
        antall = min(self._oppsett.samtidighet, len(klare))
        andeler = [klare[i::antall] for i in range(antall)]
        for resultat in await asyncio.gather(*(self._send_andel(andel) for andel in andeler)):
            utfall.extend(resultat)
        return sorted(utfall, key=lambda u: u.indeks)

    async def _koble_til(self) -> aiosmtplib.SMTP:
        """Åpner én forbindelse; STARTTLS kreves når tls er "starttls", og innlogging skjer etter TLS."""
        o = self._oppsett
        klient = aiosmtplib.SMTP(
            hostname=o.vert,
            port=o.port,
            timeout=o.tidsavbrudd,
            use_tls=o.tls == "tls",
            start_tls=False,  # STARTTLS styres selv under, ikke opportunistisk
            tls_context=self._tls_context,
            local_hostname=self._domene,
        )
        await klient.connect()
        try:
            if o.tls == "starttls":
                await klient.ehlo()
                if not klient.supports_extension("starttls"):
                    raise aiosmtplib.SMTPException(
                        "Tjeneren tilbyr ikke STARTTLS; sender ikke ukryptert (tls='starttls')."
                    )
                await klient.starttls()
            if o.brukernavn is not None:
                await klient.login(o.brukernavn, o.passord or "")
        except BaseException:
            klient.close()
            raise
        return klient

    async def _send_andel(self, andel: list[tuple[int, EmailMessage]]) -> list[Sendeutfall]:
        """Sender én andel sekvensielt over én forbindelse; brutt forbindelse gir resten "midlertidig"."""
        try:
            klient = await self._koble_til()
        except Exception as feil:  # tilkoblingsfeil, TLS-feil, avvist innlogging: ingenting er sendt
            kode = feil.code if isinstance(feil, aiosmtplib.SMTPResponseException) else None
            tekst = _kort(f"Tilkobling feilet: {type(feil).__name__}: {feil}")
            return [Sendeutfall(i, "midlertidig", str(m["Message-ID"]), kode, tekst) for i, m in andel]
        utfall: list[Sendeutfall] = []
        try:
            for indeks, melding in andel:
                if not klient.is_connected:
                    tekst = "Forbindelsen ble brutt før denne meldingen ble sendt."
                    utfall.append(Sendeutfall(indeks, "midlertidig", str(melding["Message-ID"]), None, tekst))
                    continue
                utfall.append(await self._send_en(klient, indeks, melding))
        finally:
            await self._lukk(klient)
        return utfall

    async def _send_en(self, klient: aiosmtplib.SMTP, indeks: int, melding: EmailMessage) -> Sendeutfall:
        """Sender én melding og klassifiserer svaret."""
        message_id = str(melding["Message-ID"])
        try:
            avviste, _svar = await klient.send_message(melding)
        except aiosmtplib.SMTPRecipientsRefused as feil:
            koder = [r.code for r in feil.recipients]
            status = "permanent" if all(500 <= k <= 599 for k in koder) else "midlertidig"
            tekst = _kort(f"Alle mottakere avvist (koder {', '.join(map(str, koder))}).")
            return Sendeutfall(indeks, status, message_id, koder[0] if koder else None, tekst)
        except aiosmtplib.SMTPResponseException as feil:
            tekst = _kort(f"{type(feil).__name__}: {feil.code} {feil.message}")
            return Sendeutfall(indeks, _klassifiser_kode(feil.code), message_id, feil.code, tekst)
        except aiosmtplib.SMTPNotSupported as feil:  # f.eks. SMTPUTF8 mangler: hjelper ikke å prøve igjen
            return Sendeutfall(indeks, "permanent", message_id, None, _kort(f"SMTPNotSupported: {feil}"))
        except (aiosmtplib.SMTPException, OSError) as feil:
            return Sendeutfall(indeks, "midlertidig", message_id, None, _kort(f"{type(feil).__name__}: {feil}"))
        except Exception as feil:  # uventet: partiet skal likevel få vite hva som ble sendt
            return Sendeutfall(indeks, "midlertidig", message_id, None, f"Uventet feil: {type(feil).__name__}")
        if avviste:
            avvist_koder = ", ".join(str(svar.code) for svar in avviste.values())
            tekst = _kort(f"Sendt, men {len(avviste)} mottaker(e) avvist (koder {avvist_koder}).")
            return Sendeutfall(indeks, "sendt", message_id, 250, tekst)
        return Sendeutfall(indeks, "sendt", message_id, 250, None)

    async def _lukk(self, klient: aiosmtplib.SMTP) -> None:
        """Avslutter pent med QUIT; lukker bare hvis det feiler."""
        if not klient.is_connected:
            return
        try:
            await klient.quit()
        except (aiosmtplib.SMTPException, OSError):
            klient.close()
