"""Workshop codes: six characters people can read aloud and type on a phone."""

import secrets

from workshop.domain.errors import N_, NotFound

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: they get misread
LENGTH = 6


def generate_code(choice=secrets.choice) -> str:
    return "".join(choice(ALPHABET) for _ in range(LENGTH))


def normalize_code(raw: object) -> str:
    """Accept any case, and spaces or dashes anywhere ("63c 6q9"); refuse what cannot be a code."""
    code = "".join(raw.split()).replace("-", "").upper() if isinstance(raw, str) else ""
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        raise NotFound(N_("There is no workshop with that code."))
    return code


def new_join_pin() -> str:
    """Four digits for the projector: typed in a second, and 10,000 of them against guessing
    (wrong PINs are limited per address)."""
    return f"{secrets.randbelow(10**4):04d}"
