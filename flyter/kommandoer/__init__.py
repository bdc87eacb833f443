"""Underkommandoene til `enheten`, gruppert etter tema."""
