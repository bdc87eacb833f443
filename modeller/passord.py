"""Passord for lokale kontoer: argon2id med tilfeldig salt (argon2-cffi, standardparametrene i `PasswordHasher`)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()


def hash_passord(passord: str) -> str:
    """Lag en argon2id-hash (med salt og parametre i selve strengen) av et ikke-tomt passord."""
    if not passord:
        raise ValueError("Passordet kan ikke være tomt.")
    return _HASHER.hash(passord)


def sjekk_passord(passord_hash: str, passord: str) -> bool:
    """Sann når passordet stemmer med hashen; feil passord eller ødelagt hash gir False, aldri unntak."""
    try:
        return _HASHER.verify(passord_hash, passord)
    except (VerificationError, InvalidHashError, ValueError):  # ValueError: f.eks. ikke-ASCII i hashen
        return False


def trenger_ny_hash(passord_hash: str) -> bool:
    """Sann når hashen er laget med svakere parametre enn dagens; lag ny hash ved neste innlogging."""
    return _HASHER.check_needs_rehash(passord_hash)
