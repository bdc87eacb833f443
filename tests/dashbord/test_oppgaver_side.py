"""Mine oppgaver i AppTest."""

from tests.dashbord.conftest import Apning
from tests.dashbord.verden import Verden


def test_koordinator_ser_egne_oppgaver(verden: Verden, apne: Apning) -> None:
    at = apne(verden.koordinator)
    assert not at.exception
    assert at.title[0].value == "Mine oppgaver"
    tekst = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "Anna Ås" in tekst
    assert "Bjørn Berg" not in tekst
