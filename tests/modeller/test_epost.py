"""E-postadapteren mot en ekte aiosmtpd-tjener: innhold, hoder, injeksjon, feilklasser, TLS og gjenbruk."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modeller.epost import Epost, SmtpOppsett, SmtpPostsender, UgyldigEpost, bygg_melding
from modeller.maler import PAKREVDE_FELT, VARSELTYPER, lag_epost
from modeller.regler.begreper import Malform
from tests.modeller.test_maler import KONTEKST
from tests.smtp_fiks import Skriptet, SmtpTjener, ledig_port

AVSENDER = "ke@kommune.example"


def sender(tjener: SmtpTjener, *, tls: str = "av", samtidighet: int = 4) -> SmtpPostsender:
    """Postsender mot testtjeneren."""
    oppsett = SmtpOppsett(vert=tjener.vert, port=tjener.port, tls=tls, avsender=AVSENDER, samtidighet=samtidighet)
    return SmtpPostsender(oppsett, tls_context=tjener.klient_tls)


def enkel(nr: int = 0, /, **endringer: object) -> Epost:
    """En enkel gyldig e-post."""
    felt: dict[str, object] = {
        "mottaker": f"mottaker{nr}@kommune.example",
        "emne": f"Påminnelse {nr}",
        "tekst": "Hei æøå\n",
        "html": "<p>Hei æøå</p>",
    }
    felt.update(endringer)
    return Epost(**felt)  # type: ignore[arg-type]


async def test_innhold_for_hver_varseltype_og_malform(smtp_server: SmtpTjener) -> None:
    innhold = [
        (vt, m, lag_epost(vt, m, {f: KONTEKST[f] for f in PAKREVDE_FELT[vt]})) for vt in VARSELTYPER for m in Malform
    ]
    eposter = [Epost(f"m{i}@kommune.example", e.emne, e.tekst, e.html) for i, (_, _, e) in enumerate(innhold)]
    utfall = await sender(smtp_server).send_parti(eposter)
    assert [u.status for u in utfall] == ["sendt"] * len(eposter)
    mottatt = {str(m["To"]): m for m in smtp_server.meldinger}
    assert len(mottatt) == 2 * len(VARSELTYPER)
    for i, (_vt, _m, e) in enumerate(innhold):
        melding = mottatt[f"m{i}@kommune.example"]
        assert str(melding["Subject"]).strip() == e.emne  # lange emner brettes; Python beholder mellomrommet
        tekst = melding.get_body(preferencelist=("plain",))
        html = melding.get_body(preferencelist=("html",))
        assert tekst is not None and html is not None
        assert tekst.get_content().replace("\r\n", "\n") == e.tekst
        assert html.get_content().replace("\r\n", "\n").rstrip("\n") == e.html.rstrip("\n")


async def test_nynorsk_og_bokmal_kommer_fram_ulikt(smtp_server: SmtpTjener) -> None:
    felt = {f: KONTEKST[f] for f in PAKREVDE_FELT["referat_mangler"]}
    nb = lag_epost("referat_mangler", Malform.BOKMAL, felt)
    nn = lag_epost("referat_mangler", Malform.NYNORSK, felt)
    await sender(smtp_server).send_parti(
        [Epost("a@kommune.example", nb.emne, nb.tekst, nb.html), Epost("b@kommune.example", nn.emne, nn.tekst, nn.html)]
    )
    tekster = {str(m["To"]): m.get_body(preferencelist=("plain",)).get_content() for m in smtp_server.meldinger}  # type: ignore[union-attr]
    assert "ikke registrert" in tekster["a@kommune.example"]
    assert "ikkje registrert" in tekster["b@kommune.example"]
    assert "innan 1. mars 2027" in tekster["b@kommune.example"]


async def test_hoder_og_konvolutt(smtp_server: SmtpTjener) -> None:
    epost = enkel(kopi=("kopi@kommune.example",), message_id="<fast-id@kommune.example>")
    utfall = await sender(smtp_server).send_parti([epost])
    assert utfall[0].status == "sendt" and utfall[0].kode == 250
    assert utfall[0].message_id == "<fast-id@kommune.example>"
    melding = smtp_server.meldinger[0]
    assert melding["From"] == AVSENDER
    assert melding["To"] == "mottaker0@kommune.example"
    assert melding["Cc"] == "kopi@kommune.example"
    assert melding["Message-ID"] == "<fast-id@kommune.example>"
    assert melding["Auto-Submitted"] == "auto-generated"
    assert melding["Date"].datetime.tzinfo is not None
    assert melding.get_content_type() == "multipart/alternative"
    assert smtp_server.konvolutter[0].avsender == AVSENDER
    assert set(smtp_server.konvolutter[0].mottakere) == {"mottaker0@kommune.example", "kopi@kommune.example"}


def test_message_id_lages_med_domenet() -> None:
    melding = bygg_melding(enkel(), avsender=AVSENDER, domene="kommune.example")
    assert str(melding["Message-ID"]).endswith("@kommune.example>")
    tidspunkt = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    fast = bygg_melding(enkel(), avsender=AVSENDER, domene="kommune.example", tidspunkt=tidspunkt)
    assert fast["Date"].datetime == tidspunkt


@pytest.mark.parametrize(
    ("felt", "endring"),
    [
        ("mottaker", {"mottaker": "a@kommune.example\r\nBcc: spion@annet.example"}),
        ("mottaker", {"mottaker": "a@kommune.example\n"}),
        ("kopi", {"kopi": ("b@kommune.example\rRCPT TO:<spion@annet.example>",)}),
        ("emne", {"emne": "Hei\r\nBcc: spion@annet.example"}),
        ("emne", {"emne": "Hei\x00"}),
    ],
)
async def test_linjeskift_avvises_for_noe_sendes(
    smtp_server: SmtpTjener, felt: str, endring: dict[str, object]
) -> None:
    with pytest.raises(UgyldigEpost, match=f"«{felt}»"):
        bygg_melding(enkel(**endring), avsender=AVSENDER, domene="kommune.example")
    utfall = await sender(smtp_server).send_parti([enkel(**endring)])
    assert utfall[0].status == "permanent"
    assert felt in (utfall[0].feil or "")
    assert smtp_server.meldinger == []
    assert smtp_server.forbindelser == 0


async def test_ugyldig_stopper_ikke_resten_av_partiet(smtp_server: SmtpTjener) -> None:
    utfall = await sender(smtp_server).send_parti([enkel(0, emne="A\nB"), enkel(1)])
    assert [u.status for u in utfall] == ["permanent", "sendt"]
    assert [str(m["To"]) for m in smtp_server.meldinger] == ["mottaker1@kommune.example"]


@given(emne=st.text(min_size=1).filter(lambda t: any(ord(c) < 32 or ord(c) == 127 for c in t)))
def test_kontrolltegn_i_emne_avvises_alltid(emne: str) -> None:
    with pytest.raises(UgyldigEpost):
        bygg_melding(enkel(emne=emne), avsender=AVSENDER, domene="kommune.example")


async def test_421_gir_midlertidig_for_resten_av_forbindelsen(skriptet_smtp: SmtpTjener) -> None:
    assert isinstance(skriptet_smtp.handler, Skriptet)
    skriptet_smtp.handler.programmer(rcpt=["421 4.3.2 Tjenesten stenger"])
    utfall = await sender(skriptet_smtp, samtidighet=1).send_parti([enkel(0), enkel(1), enkel(2)])
    assert [u.status for u in utfall] == ["midlertidig"] * 3
    assert utfall[0].kode == 421
    assert utfall[1].kode is None and "brutt" in (utfall[1].feil or "")
    assert skriptet_smtp.handler.leveranser == 0


async def test_451_paa_data_gir_midlertidig_og_forbindelsen_brukes_videre(skriptet_smtp: SmtpTjener) -> None:
    assert isinstance(skriptet_smtp.handler, Skriptet)
    skriptet_smtp.handler.programmer(data=["451 4.3.0 Prøv igjen senere"])
    utfall = await sender(skriptet_smtp, samtidighet=1).send_parti([enkel(0), enkel(1)])
    assert [(u.status, u.kode) for u in utfall] == [("midlertidig", 451), ("sendt", 250)]
    assert skriptet_smtp.handler.leveranser == 1
    assert skriptet_smtp.forbindelser == 1


@pytest.mark.parametrize(("rcpt", "data"), [(["550 5.1.1 Ukjent mottaker"], []), ([], ["554 5.6.0 Avvist"])])
async def test_5xx_gir_permanent(skriptet_smtp: SmtpTjener, rcpt: list[str], data: list[str]) -> None:
    assert isinstance(skriptet_smtp.handler, Skriptet)
    skriptet_smtp.handler.programmer(rcpt=rcpt, data=data)
    utfall = await sender(skriptet_smtp, samtidighet=1).send_parti([enkel(0), enkel(1)])
    assert utfall[0].status == "permanent" and utfall[0].kode in (550, 554)
    assert utfall[1].status == "sendt"
    assert skriptet_smtp.handler.leveranser == 1


async def test_en_avvist_kopimottaker_gir_sendt_med_merknad(skriptet_smtp: SmtpTjener) -> None:
    assert isinstance(skriptet_smtp.handler, Skriptet)
    skriptet_smtp.handler.programmer(rcpt=["250 OK", "550 5.1.1 Ukjent"])
    utfall = await sender(skriptet_smtp).send_parti([enkel(kopi=("ukjent@kommune.example",))])
    assert utfall[0].status == "sendt"
    assert "550" in (utfall[0].feil or "")


async def test_tidsavbrudd_etter_data_gir_midlertidig_for_resten(skriptet_smtp: SmtpTjener) -> None:
    assert isinstance(skriptet_smtp.handler, Skriptet)
    skriptet_smtp.handler.programmer(data=["SOV 30"])
    oppsett = SmtpOppsett(
        vert=skriptet_smtp.vert, port=skriptet_smtp.port, tls="av", avsender=AVSENDER, tidsavbrudd=0.5, samtidighet=1
    )
    utfall = await SmtpPostsender(oppsett).send_parti([enkel(0), enkel(1)])
    assert [u.status for u in utfall] == ["midlertidig", "midlertidig"]
    assert "Timeout" in (utfall[0].feil or "")
    assert "brutt" in (utfall[1].feil or "")


async def test_tjener_nede_gir_midlertidig() -> None:
    oppsett = SmtpOppsett(vert="127.0.0.1", port=ledig_port(), tls="av", avsender=AVSENDER, tidsavbrudd=5)
    utfall = await SmtpPostsender(oppsett).send_parti([enkel(0), enkel(1)])
    assert [u.status for u in utfall] == ["midlertidig", "midlertidig"]
    assert all("Tilkobling" in (u.feil or "") for u in utfall)
    assert all(u.message_id for u in utfall)


async def test_starttls_kreves_naar_tjeneren_ikke_tilbyr_det(smtp_server: SmtpTjener) -> None:
    utfall = await sender(smtp_server, tls="starttls").send_parti([enkel(0), enkel(1)])
    assert [u.status for u in utfall] == ["midlertidig", "midlertidig"]
    assert "STARTTLS" in (utfall[0].feil or "")
    assert smtp_server.meldinger == []


async def test_starttls_med_selvsignert_sertifikat_det_stoles_paa(smtp_med_starttls: SmtpTjener) -> None:
    utfall = await sender(smtp_med_starttls, tls="starttls").send_parti([enkel(0), enkel(1)])
    assert [u.status for u in utfall] == ["sendt", "sendt"]
    assert smtp_med_starttls.handler.over_tls == [True, True]


async def test_starttls_med_sertifikat_som_ikke_er_klarert_gir_midlertidig(smtp_med_starttls: SmtpTjener) -> None:
    oppsett = SmtpOppsett(vert=smtp_med_starttls.vert, port=smtp_med_starttls.port, tls="starttls", avsender=AVSENDER)
    utfall = await SmtpPostsender(oppsett).send_parti([enkel()])
    assert utfall[0].status == "midlertidig"
    assert smtp_med_starttls.meldinger == []


async def test_implisitt_tls(smtp_med_tls: SmtpTjener) -> None:
    utfall = await sender(smtp_med_tls, tls="tls").send_parti([enkel()])
    assert utfall[0].status == "sendt"
    assert len(smtp_med_tls.meldinger) == 1


@pytest.mark.parametrize(("samtidighet", "antall"), [(1, 6), (3, 10), (4, 2)])
async def test_forbindelser_gjenbrukes(smtp_server: SmtpTjener, samtidighet: int, antall: int) -> None:
    utfall = await sender(smtp_server, samtidighet=samtidighet).send_parti([enkel(i) for i in range(antall)])
    assert [u.indeks for u in utfall] == list(range(antall))
    assert all(u.status == "sendt" for u in utfall)
    assert len(smtp_server.meldinger) == antall
    assert smtp_server.forbindelser == min(samtidighet, antall)


def test_oppsett_skjuler_passord_og_avviser_ukjent_tls() -> None:
    oppsett = SmtpOppsett(vert="smtp", port=587, tls="starttls", avsender=AVSENDER, passord="hemmelig")
    assert "hemmelig" not in repr(oppsett)
    with pytest.raises(ValueError, match="tls"):
        SmtpOppsett(vert="smtp", port=25, tls="kanskje", avsender=AVSENDER)
