"""Rene regler: bare standardbiblioteket, ingen klokke, ingen database, ingen nettverk.

Hver regel oppgir kilden sin (dokument og linje, eller lovparagraf) i docstringen.
Tall kommer fra `Regelverk` (per kommune), med dokumentert standardverdi.
"""
