"""Rangering av koordinatorkandidater (001_c5df1bb6b580be91.txt L909–945)."""

from hypothesis import given
from hypothesis import strategies as st

from modeller.regler.begreper import Instans, Livsfase
from modeller.regler.koordinatorvalg import Kandidat, ranger_kandidater

SKOLE_OPPLAERT = Kandidat(1, "Kari Lærer", Instans.GRUNNSKOLE, True, 3)
SKOLE_NY = Kandidat(2, "Ola Lærer", Instans.GRUNNSKOLE, False, 0)
HELSE_LETT = Kandidat(3, "Siri Sykepleier", Instans.HELSE_OMSORG, True, 1)
NAV_TUNG = Kandidat(4, "Per NAV", Instans.NAV, True, 8)
SKOLE_OPPLAERT_LETT = Kandidat(5, "Anne Lærer", Instans.GRUNNSKOLE, True, 1)
ALLE = [SKOLE_OPPLAERT, SKOLE_NY, HELSE_LETT, NAV_TUNG, SKOLE_OPPLAERT_LETT]


def ider(kandidater: list[Kandidat], livsfase: Livsfase, onsket: int | None) -> list[int]:
    return [r.kandidat.id for r in ranger_kandidater(kandidater, livsfase=livsfase, onsket_id=onsket)]


def test_livsfase_opplaering_og_belastning() -> None:
    # grunnskole: skolen først (L937), opplært før ny (L909–910), færre oppdrag først, så id
    assert ider(ALLE, Livsfase.GRUNNSKOLE, None) == [5, 1, 2, 3, 4]


def test_brukerens_onske_forst() -> None:
    # L923–924: stor vekt på hva søker ønsker, selv fra annen instans og med mange oppdrag
    rangert = ranger_kandidater(ALLE, livsfase=Livsfase.GRUNNSKOLE, onsket_id=4)
    assert [r.kandidat.id for r in rangert] == [4, 5, 1, 2, 3]
    assert "ønsket" in rangert[0].forklaring[0]
    assert "ikke er primæransvarlig" in rangert[0].forklaring[1]


def test_voksen_helse_eller_nav() -> None:
    # L943–945: voksne → helse- og omsorgstjenesten eller NAV
    assert ider(ALLE, Livsfase.VOKSEN, None) == [3, 4, 5, 1, 2]


def test_likt_avgjores_av_id() -> None:
    a = Kandidat(9, "A", Instans.NAV, True, 2)
    b = Kandidat(7, "B", Instans.NAV, True, 2)
    assert ider([a, b], Livsfase.VOKSEN, None) == [7, 9]


def test_onsket_som_ikke_finnes_ignoreres() -> None:
    assert ider(ALLE, Livsfase.GRUNNSKOLE, 99) == [5, 1, 2, 3, 4]


def test_forklaring_og_plass() -> None:
    rangert = ranger_kandidater(ALLE, livsfase=Livsfase.GRUNNSKOLE, onsket_id=None)
    assert [r.plass for r in rangert] == [1, 2, 3, 4, 5]
    ny = next(r for r in rangert if r.kandidat.id == 2)
    assert any("Mangler opplæring" in linje for linje in ny.forklaring)
    assert any("grunnskole" in linje and "hovedansvaret" in linje for linje in ny.forklaring)
    assert ny.forklaring[-1] == "Har 0 koordinatoroppdrag fra før."


KANDIDATER = st.lists(
    st.builds(
        Kandidat,
        id=st.integers(min_value=1, max_value=50),
        navn=st.just("X"),
        instans=st.sampled_from(list(Instans)),
        opplaert=st.booleans(),
        antall_oppdrag=st.integers(min_value=0, max_value=20),
    ),
    max_size=8,
    unique_by=lambda k: k.id,
)


@given(KANDIDATER, st.sampled_from(list(Livsfase)), st.none() | st.integers(min_value=1, max_value=50))
def test_rangering_er_deterministisk_og_komplett(
    kandidater: list[Kandidat], livsfase: Livsfase, onsket: int | None
) -> None:
    forst = ranger_kandidater(kandidater, livsfase=livsfase, onsket_id=onsket)
    baklengs = ranger_kandidater(list(reversed(kandidater)), livsfase=livsfase, onsket_id=onsket)
    assert forst == baklengs
    assert sorted(r.kandidat.id for r in forst) == sorted(k.id for k in kandidater)
    if onsket is not None and any(k.id == onsket for k in kandidater):
        assert forst[0].kandidat.id == onsket
