"""Hver side vises for hver rolle som skal se den, og finnes ikke for rollene som ikke skal se den."""

import ast
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashbord.tilstand import AKTOR, FAST_NA, SIDE, SIDER
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Rolle
from modeller.tjenester.dashbord_innlogging import hent_innlogget
from tests.dashbord.conftest import APP, Apning
from tests.dashbord.verden import NA, Verden

BRUKER_FOR_ROLLE = {Rolle.KOORDINATOR: "koordinator", Rolle.SAKSBEHANDLER: "saksbehandler", Rolle.LEDER: "leder",
                    Rolle.ADMIN: "admin"}
DASHBORD = Path(APP).parent
TILFELLER = [(s.navn, r) for s in SIDER for r in Rolle]


def test_hver_sidefil_er_registrert_og_hver_registrert_side_finnes() -> None:
    hjelpere = {"__init__", "personskjema", "planskjema", "leder_kvartal", "leder_tall", "leder_arkiv",
                "leder_data"}
    filer = {f.stem for f in (DASHBORD / "sider").glob("*.py")} - hjelpere
    assert filer == set(SIDE)


@pytest.mark.parametrize(("side", "rolle"), TILFELLER, ids=[f"{s}-{r.value}" for s, r in TILFELLER])
def test_side_for_rolle(verden: Verden, apne: Apning, side: str, rolle: Rolle) -> None:
    bruker = getattr(verden, BRUKER_FOR_ROLLE[rolle])
    if rolle not in SIDE[side].roller:
        at = apne(bruker)
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(SIDE[side].fil)
        return
    at = apne(bruker, side, person=verden.p1_ref if rolle != Rolle.ADMIN else None)
    assert not at.exception, at.exception
    assert at.title, f"{side} har ingen overskrift"
    assert not [e.value for e in at.error if "tilgang" in e.value.lower()]


@pytest.mark.parametrize(("side", "rolle"), [(s, r) for s, r in TILFELLER if r not in SIDE[s].roller])
def test_siden_selv_nekter_feil_rolle(verden: Verden, avh: Avhengigheter, side: str, rolle: Rolle) -> None:
    """Dybdeforsvar: også om en side skulle nås uten menyen, stopper den en rolle uten tilgang."""
    at = AppTest.from_file(str(DASHBORD / SIDE[side].fil), default_timeout=30)
    at.session_state[FAST_NA] = NA
    at.session_state[AKTOR] = hent_innlogget(avh, getattr(verden, BRUKER_FOR_ROLLE[rolle]))
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Du har ikke tilgang til denne siden."]


def test_admin_faar_ingen_personsider(verden: Verden, apne: Apning) -> None:
    at = apne(verden.admin)
    assert at.title[0].value == "Brukere og referansedata"
    for side in ("person", "personer", "plan", "mine_oppgaver", "moter", "koordinatorer"):
        with pytest.raises(ValueError):
            at.switch_page(SIDE[side].fil)


def test_sidene_bruker_ikke_sql_eller_html() -> None:
    """Sidene leser inndata, kaller bruksområder og tegner: ingen sqlmodel/sqlalchemy, ingen rå HTML."""
    for fil in [*DASHBORD.glob("*.py"), *(DASHBORD / "sider").glob("*.py")]:
        tekst = fil.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in tekst, fil.name
        for node in ast.walk(ast.parse(tekst)):
            if isinstance(node, ast.Import | ast.ImportFrom):
                moduler = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not [m for m in moduler if re.match(r"^(sqlmodel|sqlalchemy)\b", m)], fil.name


def test_tjenesteytervalg_sok_og_beholdte_valg(verden: Verden, avh: Avhengigheter) -> None:
    from dashbord.tilstand import tjenesteytervalg

    assert set(tjenesteytervalg("")) == {verden.ty1, verden.ty2}
    assert list(tjenesteytervalg("ola helse")) == [verden.ty2]
    assert list(tjenesteytervalg("ola", [verden.ty1])) == [verden.ty1, verden.ty2]
    assert tjenesteytervalg("finnes ikke") == {}
