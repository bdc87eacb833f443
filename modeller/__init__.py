"""Kjernen i enheten: regler, tabeller, bruksområder og adaptere som flytene og dashbordet deler."""
