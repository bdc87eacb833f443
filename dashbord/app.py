"""Dashbordets ruter: sideoppsett, innlogging og sidene rollen har tjenstlig behov for (`st.navigation`).

Filen har to roller. `streamlit run dashbord/app.py` finner `app = st.App(...)` og importerer filen som modul:
da lages ASGI-appen med rutene som setter øktens HttpOnly-informasjonskapsel (`informasjonskapsel.py`).
Streamlit kjører så den samme filen som skript (`__name__ == "__main__"`) for hver økt, og AppTest gjør det samme.
"""

from pathlib import Path

import streamlit as st

from dashbord import informasjonskapsel, innlogging, komponenter, tilstand
from modeller.tjenester.dashbord_oppslag import person_for_referanse

# Sidens ikon ligger i appen (Material Symbols «diversity_3», Apache 2.0); et «:material/…:»-ikon her ville
# nettleseren hente fra fonts.gstatic.com, og dashbordet skal ikke kontakte noen utenfor maskinen.
IKON = Path(__file__).resolve().with_name("ikon.svg")

if __name__ != "__main__":
    app = st.App(__file__, routes=informasjonskapsel.ruter())
else:
    st.set_page_config(page_title="Enheten – koordinerende enhet", page_icon=str(IKON), layout="wide")

    na = tilstand.ny_kjoring()
    avh = tilstand.avhengigheter()
    tilstand.ta_imot_lenke()
    aktor = innlogging.krev_innlogging(avh, na)

    sider = tilstand.sider_for(aktor.rolle)
    sideobjekter = {
        s.navn: st.Page(s.fil, title=s.tittel, icon=s.ikon, default=(i == 0), url_path=s.navn,
                        visibility="hidden" if s.skjult else "visible")
        for i, s in enumerate(sider)
    }
    valgt = st.navigation(list(sideobjekter.values()))
    innlogging.vis_brukerpanel(avh, aktor)

    lenke = st.session_state.pop(tilstand.LENKE, None)
    if lenke and "person" in sideobjekter:
        referanse = person_for_referanse(avh, lenke)
        if referanse:
            st.session_state[tilstand.PERSON] = referanse
            st.switch_page(sideobjekter["person"])
        elif lenke.startswith("G-") and "moter" in sideobjekter:
            st.switch_page(sideobjekter["moter"])
        st.warning("Lenken peker ikke til noe du kan åpne her.")

    ga_til = tilstand.hent_ga_til()
    if ga_til and ga_til in sideobjekter:
        st.switch_page(sideobjekter[ga_til])

    komponenter.vis_flash()
    valgt.run()
