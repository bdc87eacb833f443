"""Streamlit-dashbordet: arbeidsplassen for koordinatorer, saksbehandlere og KE-leder."""
