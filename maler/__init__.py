"""Maler for e-post og brev (Jinja2), på bokmål og nynorsk."""
