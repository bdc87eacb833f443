"""Prefect-flytene og kommandolinjen: skallet som leser klokka, kaller bruksområdene og lar Prefect prøve igjen."""
