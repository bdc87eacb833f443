"""Lederens nøkkeltall i dashbordet: trend over de siste kvartalene og saker per koordinator, som diagrammer
(Altair) med tallene også i tabell, og nedlasting som CSV og Excel. Tallene regnes av
`modeller.tjenester.leder.nokkeltall`; her blir de bare tegnet.

Diagrammene skiller seriene med både farge, strektype og punktform, og tabellen under gir de samme tallene som
tekst (WCAG 1.1.1 og 1.4.1).
"""

from collections.abc import Callable, Sequence

import altair as alt
import streamlit as st

from dashbord.sider.leder_kvartal import CSV, EXCEL
from modeller.tjenester.dashbord_oversikt import Koordinatorlinje
from modeller.tjenester.leder import Nokkeltall, Periodetall, nokkeltall_som_rader, som_csv, som_excel

Rad = dict[str, object]
FORKLARING = (
    "**Dager til vedtak**: fra saken ble mottatt til første vedtak, for saker som fikk første vedtak i kvartalet. "
    "**Dager til koordinator**: fra innvilget vedtak om koordinator til koordinatoren startet. "
    "**Evalueringer i tide**: evalueringer gjort innen fristen, av alle som skulle vært gjort i kvartalet. "
    "Medianen er den midterste verdien; 90-persentilen er verdien 9 av 10 saker ligger under. "
    "Antall med plan, koordinator og ansvarsgruppe gjelder per kvartalets siste dag (eller i dag)."
)


def _serier(perioder: Sequence[Periodetall], serier: dict[str, Callable[[Periodetall], float | None]]) -> list[Rad]:
    """Lange rader (periode, serie, verdi) for hver serie (visningsnavn → verdi); tomme verdier hoppes over."""
    return [{"periode": p.periode, "serie": navn, "verdi": verdi}
            for p in perioder for navn, hent in serier.items() if (verdi := hent(p)) is not None]


def _linjer(rader: list[Rad], rekkefolge: list[str], y_tittel: str) -> alt.LayerChart | alt.FacetChart:
    """Linjediagram med punkter; seriene skilles med farge, strektype og punktform, og har forklaring under."""
    grunn = alt.Chart(alt.Data(values=rader)).encode(
        x=alt.X("periode:O", title="Kvartal", sort=rekkefolge, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("verdi:Q", title=y_tittel),
        color=alt.Color("serie:N", title=None, legend=alt.Legend(orient="bottom", columns=2)),
        tooltip=[alt.Tooltip("periode:O", title="Kvartal"), alt.Tooltip("serie:N", title="Mål"),
                 alt.Tooltip("verdi:Q", title=y_tittel)])
    return alt.layer(grunn.mark_line().encode(strokeDash=alt.StrokeDash("serie:N", title=None)),
                     grunn.mark_point(filled=True, size=70).encode(shape=alt.Shape("serie:N", title=None)))


def _diagram(tittel: str, rader: list[Rad], rekkefolge: list[str], y_tittel: str) -> None:
    st.markdown(f"**{tittel}**")
    if not rader:
        st.caption("Ingen tall å vise for disse kvartalene.")
        return
    serier = ", ".join(dict.fromkeys(str(r["serie"]) for r in rader))
    st.altair_chart(_linjer(rader, rekkefolge, y_tittel), width="stretch",
                    alt=f"{tittel}: linjediagram per kvartal med {serier}. Tallene står i tabellen under.")


def _evalueringer(perioder: Sequence[Periodetall], rekkefolge: list[str]) -> None:
    st.markdown("**Evalueringer av tiltak gjort i tide**")
    rader: list[Rad] = [{"periode": p.periode, "prosent": round(100 * p.andel_evalueringer_i_tide, 1),
                         "tekst": f"{p.evalueringer_i_tide} av {p.evalueringer_forfalt}"}
                        for p in perioder if p.andel_evalueringer_i_tide is not None]
    if not rader:
        st.caption("Ingen evalueringer hadde frist i disse kvartalene.")
        return
    grunn = alt.Chart(alt.Data(values=rader)).encode(
        x=alt.X("periode:O", title="Kvartal", sort=rekkefolge, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("prosent:Q", title="Prosent i tide", scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("periode:O", title="Kvartal"), alt.Tooltip("prosent:Q", title="Prosent i tide"),
                 alt.Tooltip("tekst:N", title="Antall")])
    st.altair_chart(alt.layer(grunn.mark_bar(), grunn.mark_text(dy=-8).encode(text="tekst:N")), width="stretch",
                    alt="Søylediagram: prosent av evalueringene som ble gjort i tide, per kvartal. Tallene står i "
                        "tabellen under.")


def _saker_per_koordinator(koordinatorer: Sequence[Koordinatorlinje], grense: int) -> None:
    st.markdown("**Aktive koordinatoroppdrag per koordinator i dag**")
    rader: list[Rad] = [{"navn": r.navn, "antall": r.aktive_oppdrag}
                        for r in sorted(koordinatorer, key=lambda r: (-r.aktive_oppdrag, r.navn))]
    if not rader:
        st.caption("Ingen aktive koordinatorer er registrert.")
        return
    grunn = alt.Chart(alt.Data(values=rader)).encode(
        y=alt.Y("navn:N", title=None, sort=None, axis=alt.Axis(labelOverlap=False, labelLimit=220)),
        x=alt.X("antall:Q", title="Aktive oppdrag"),
        tooltip=[alt.Tooltip("navn:N", title="Koordinator"), alt.Tooltip("antall:Q", title="Aktive oppdrag")])
    diagram = alt.layer(grunn.mark_bar(), grunn.mark_text(align="left", dx=3).encode(text="antall:Q"))
    st.altair_chart(diagram.properties(height=max(120, 24 * len(rader))), width="stretch",
                    alt="Liggende søylediagram: antall aktive koordinatoroppdrag per koordinator i dag, flest øverst; "
                        "tallet står ved hver søyle.")
    if len(koordinatorer) >= grense:
        st.caption(f"Viser de første {grense} koordinatorene i alfabetisk rekkefølge.")


def _tabell(perioder: Sequence[Periodetall]) -> list[Rad]:
    """Nøkkeltallene per kvartal med norske kolonnenavn (samme tall som i diagrammene)."""
    def andel(p: Periodetall) -> str:
        return "–" if p.andel_evalueringer_i_tide is None else f"{100 * p.andel_evalueringer_i_tide:.0f} %"

    return [{"Kvartal": p.periode, "Dager til vedtak (median)": p.dager_til_vedtak.median,
             "Dager til vedtak (90-persentil)": p.dager_til_vedtak.p90,
             "Dager til koordinator (median)": p.dager_til_koordinator.median,
             "Dager til koordinator (90-persentil)": p.dager_til_koordinator.p90,
             "Venter på koordinator": p.venter_pa_koordinator, "Evalueringer i tide": andel(p),
             "Saker per koordinator (median)": p.saker_per_koordinator.median, "Med individuell plan": p.med_ip,
             "Med koordinator": p.med_koordinator, "Med barnekoordinator": p.med_barnekoordinator,
             "Med ansvarsgruppe": p.med_ansvarsgruppe} for p in perioder]


def nokkeltall(tall: Nokkeltall, koordinatorer: Sequence[Koordinatorlinje], grense: int) -> None:
    """Diagrammer, tabell og nedlasting for nøkkeltallene."""
    perioder = tall.perioder
    rekkefolge = [p.periode for p in perioder]
    st.caption(FORKLARING)
    venstre, hoyre = st.columns(2)
    with venstre:
        _diagram("Dager fra melding til vedtak", _serier(perioder, {
            "Median": lambda p: p.dager_til_vedtak.median, "90-persentil": lambda p: p.dager_til_vedtak.p90}),
            rekkefolge, "Dager")
    with hoyre:
        _diagram("Dager fra vedtak til koordinator", _serier(perioder, {
            "Median": lambda p: p.dager_til_koordinator.median,
            "90-persentil": lambda p: p.dager_til_koordinator.p90}), rekkefolge, "Dager")
    venstre, hoyre = st.columns(2)
    with venstre:
        _evalueringer(perioder, rekkefolge)
    with hoyre:
        _diagram("Personer med plan, koordinator og ansvarsgruppe", _serier(perioder, {
            "Individuell plan": lambda p: p.med_ip, "Koordinator": lambda p: p.med_koordinator,
            "Barnekoordinator": lambda p: p.med_barnekoordinator, "Ansvarsgruppe": lambda p: p.med_ansvarsgruppe}),
            rekkefolge, "Personer")
    venstre, hoyre = st.columns(2)
    with venstre:
        _diagram("Saker per koordinator", _serier(perioder, {
            "Median": lambda p: p.saker_per_koordinator.median, "90-persentil": lambda p: p.saker_per_koordinator.p90,
            "Flest": lambda p: p.saker_per_koordinator.maks}), rekkefolge, "Saker")
    with hoyre:
        _saker_per_koordinator(koordinatorer, grense)
    st.markdown("**Tallene i tabell**")
    st.dataframe(_tabell(perioder), hide_index=True)
    rader = nokkeltall_som_rader(tall)
    venstre, hoyre = st.columns(2)
    venstre.download_button("Last ned nøkkeltallene (CSV)", som_csv(rader), file_name=f"nokkeltall-{tall.periode}.csv",
                            mime=CSV, key="leder_tall_csv", on_click="ignore")
    hoyre.download_button("Last ned nøkkeltallene (Excel)", som_excel(rader, ark=tall.periode), mime=EXCEL,
                          file_name=f"nokkeltall-{tall.periode}.xlsx", key="leder_tall_excel", on_click="ignore")
