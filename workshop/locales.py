"""The languages Cocrea speaks: one per catalog under workshop/translations, Spanish first.

A municipality adds a language (K'iche', Kaqchikel…) by adding its catalog; nothing else in
the code names the languages. Plain Python, so the domain's rules can use it too.
"""

from pathlib import Path

TRANSLATIONS = Path(__file__).parent / "translations"
DEFAULT_LOCALE = "es"


def _found() -> tuple[str, ...]:
    found = sorted(p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
    return tuple(sorted(found, key=lambda code: (code != DEFAULT_LOCALE, code != "en", code)))


LOCALES: tuple[str, ...] = _found() or (DEFAULT_LOCALE,)


def language_name(code: str) -> str:
    """A language as its own speakers write it: «Español», «English»."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]
