"""Bruksområdene: én transaksjon hver, kalt av både flytene, kommandolinjen og dashbordet."""
