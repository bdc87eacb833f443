"""Pytest-fiksturer med ekte SMTP-tjenere (aiosmtpd Controller på 127.0.0.1) for e-posttester.

- `smtp_server`: vanlig tjener uten TLS som samler mottatte meldinger (EmailMessage) og konvolutter.
- `skriptet_smtp`: som over, men svarene på RCPT og DATA tas fra programmerbare køer (feiltester).
- `smtp_med_starttls`: tjener som krever STARTTLS med et selvsignert sertifikat; `.klient_tls` er en
  ssl.SSLContext klienten kan stole på (send den som `tls_context=` til SmtpPostsender).
- `smtp_med_tls`: tjener med implisitt TLS (tls="tls"), samme sertifikat.
- `ledig_port()`: en TCP-port på 127.0.0.1 som ingen lytter på akkurat nå.
"""

import asyncio
import ipaddress
import socket
import ssl
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

VERT = "127.0.0.1"


def ledig_port() -> int:
    """En ledig TCP-port på 127.0.0.1 (porten er lukket igjen når funksjonen returnerer)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((VERT, 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Konvolutt:
    """SMTP-konvolutten for én levert melding."""

    avsender: str
    mottakere: tuple[str, ...]


@dataclass
class Oppsamler:
    """aiosmtpd-handler som teller forbindelser (EHLO per økt) og lagrer leverte meldinger."""

    meldinger: list[EmailMessage] = field(default_factory=list)
    konvolutter: list[Konvolutt] = field(default_factory=list)
    over_tls: list[bool] = field(default_factory=list)
    _okter: list[Any] = field(default_factory=list)
    _las: threading.Lock = field(default_factory=threading.Lock)

    @property
    def forbindelser(self) -> int:
        """Antall ulike SMTP-økter (forbindelser) som har sendt EHLO."""
        return len(self._okter)

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        """Registrerer økten første gang den hilser (STARTTLS gir ny EHLO i samme økt)."""
        with self._las:
            if not any(okt is session for okt in self._okter):
                self._okter.append(session)
        session.host_name = hostname
        return responses

    def _lagre(self, session: Any, envelope: Any) -> None:
        """Tolker og lagrer en levert melding."""
        melding = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        assert isinstance(melding, EmailMessage)
        with self._las:
            self.meldinger.append(melding)
            self.konvolutter.append(Konvolutt(envelope.mail_from, tuple(envelope.rcpt_tos)))
            self.over_tls.append(session.ssl is not None)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Tar imot meldingen."""
        self._lagre(session, envelope)
        return "250 OK"


@dataclass
class Skriptet(Oppsamler):
    """Oppsamler som svarer på RCPT og DATA fra køer; tom kø gir «250 OK»."""

    rcpt_svar: deque[str] = field(default_factory=deque)
    data_svar: deque[str] = field(default_factory=deque)
    rcpt_forsok: int = 0
    data_forsok: int = 0

    def programmer(self, *, rcpt: list[str] | None = None, data: list[str] | None = None) -> None:
        """Legger svar i køene, f.eks. rcpt=["421 4.3.2 Stenger"], data=["451 4.3.0 Prøv igjen", "SOV 5"]."""
        self.rcpt_svar.extend(rcpt or [])
        self.data_svar.extend(data or [])

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        """Neste RCPT-svar fra køen; bare 2xx legger mottakeren i konvolutten."""
        with self._las:
            self.rcpt_forsok += 1
            svar = self.rcpt_svar.popleft() if self.rcpt_svar else "250 OK"
        if svar.startswith("2"):
            envelope.rcpt_tos.append(address)
        return svar

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Neste DATA-svar fra køen; bare 2xx teller som levert."""
        with self._las:
            self.data_forsok += 1
            svar = self.data_svar.popleft() if self.data_svar else "250 OK"
        if svar.startswith("SOV "):  # «SOV 5»: svarer 250 først etter 5 s (for tidsavbrudd etter DATA)
            await asyncio.sleep(float(svar.split()[1]))
            svar = "250 OK"
        if svar.startswith("2"):
            self._lagre(session, envelope)
        return svar

    @property
    def leveranser(self) -> int:
        """Antall meldinger tjeneren har godtatt."""
        return len(self.meldinger)


@dataclass
class SmtpTjener:
    """Det fiksturene gir testene: adresse, handler og (for TLS) en klientkontekst å stole på."""

    vert: str
    port: int
    handler: Oppsamler
    klient_tls: ssl.SSLContext | None = None

    @property
    def meldinger(self) -> list[EmailMessage]:
        """Meldingene tjeneren har tatt imot, i mottaksrekkefølge."""
        return self.handler.meldinger

    @property
    def konvolutter(self) -> list[Konvolutt]:
        """Konvoluttene (MAIL FROM og RCPT TO) for meldingene over."""
        return self.handler.konvolutter

    @property
    def forbindelser(self) -> int:
        """Antall SMTP-forbindelser klienter har åpnet (målt med EHLO per økt)."""
        return self.handler.forbindelser


def _start(handler: Oppsamler, **kwargs: Any) -> tuple[Controller, int]:
    """Starter en Controller på en ledig port."""
    port = ledig_port()
    kontroller = Controller(handler, hostname=VERT, port=port, **kwargs)
    kontroller.start()
    return kontroller, port


@pytest.fixture
def smtp_server() -> Iterator[SmtpTjener]:
    """Vanlig SMTP-tjener uten TLS som samler alt den får."""
    handler = Oppsamler()
    kontroller, port = _start(handler)
    try:
        yield SmtpTjener(VERT, port, handler)
    finally:
        kontroller.stop()


@pytest.fixture
def skriptet_smtp() -> Iterator[SmtpTjener]:
    """SMTP-tjener med programmerbare svar: `tjener.handler.programmer(rcpt=[...], data=[...])`."""
    handler = Skriptet()
    kontroller, port = _start(handler)
    try:
        yield SmtpTjener(VERT, port, handler)
    finally:
        kontroller.stop()


@dataclass(frozen=True)
class Sertifikat:
    """Selvsignert sertifikat for 127.0.0.1/localhost, lagret som PEM-filer."""

    sert_pem: bytes
    sert_fil: Path
    nokkel_fil: Path


@pytest.fixture(scope="session")
def selvsignert(tmp_path_factory: pytest.TempPathFactory) -> Sertifikat:
    """Lager et selvsignert sertifikat med cryptography (én gang per testkjøring)."""
    nokkel = ec.generate_private_key(ec.SECP256R1())
    navn = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    na = datetime.now(UTC)
    sertifikat = (
        x509.CertificateBuilder()
        .subject_name(navn)
        .issuer_name(navn)
        .public_key(nokkel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(na - timedelta(days=1))
        .not_valid_after(na + timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(VERT))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(nokkel, hashes.SHA256())
    )
    mappe = tmp_path_factory.mktemp("tls")
    sert_pem = sertifikat.public_bytes(serialization.Encoding.PEM)
    (mappe / "sert.pem").write_bytes(sert_pem)
    (mappe / "nokkel.pem").write_bytes(
        nokkel.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return Sertifikat(sert_pem, mappe / "sert.pem", mappe / "nokkel.pem")


def _tjener_tls(sert: Sertifikat) -> ssl.SSLContext:
    """TLS-kontekst for tjenersiden."""
    kontekst = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    kontekst.load_cert_chain(sert.sert_fil, sert.nokkel_fil)
    return kontekst


def _klient_tls(sert: Sertifikat) -> ssl.SSLContext:
    """Klientkontekst som verifiserer vertsnavn og bare stoler på testsertifikatet."""
    return ssl.create_default_context(cadata=sert.sert_pem.decode("ascii"))


@pytest.fixture
def smtp_med_starttls(selvsignert: Sertifikat) -> Iterator[SmtpTjener]:
    """SMTP-tjener som tilbyr og krever STARTTLS; `.klient_tls` stoler på sertifikatet."""
    handler = Oppsamler()
    kontroller, port = _start(handler, tls_context=_tjener_tls(selvsignert), require_starttls=True)
    try:
        yield SmtpTjener(VERT, port, handler, _klient_tls(selvsignert))
    finally:
        kontroller.stop()


@pytest.fixture
def smtp_med_tls(selvsignert: Sertifikat) -> Iterator[SmtpTjener]:
    """SMTP-tjener med implisitt TLS fra første byte; `.klient_tls` stoler på sertifikatet."""
    handler = Oppsamler()
    kontroller, port = _start(handler, ssl_context=_tjener_tls(selvsignert))
    try:
        yield SmtpTjener(VERT, port, handler, _klient_tls(selvsignert))
    finally:
        kontroller.stop()
