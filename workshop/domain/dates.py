"""Dates as people write them («1 de marzo de 2027»), on the hall's clock, never as ISO.

The protocol and the open data keep ISO 8601 in UTC; only what people read goes through here.
"""

from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel.dates import format_date, format_time

DEFAULT_TIME_ZONE = "America/Guatemala"

# Offered first on the home form, north to south; any IANA zone name is accepted.
HALL_TIME_ZONES = (
    "America/Mexico_City",
    "America/Cancun",
    "America/Tijuana",
    "America/Guatemala",
    "America/El_Salvador",
    "America/Tegucigalpa",
    "America/Managua",
    "America/Costa_Rica",
    "America/Panama",
    "America/Havana",
    "America/Santo_Domingo",
    "America/Puerto_Rico",
    "America/Bogota",
    "America/Caracas",
    "America/Guayaquil",
    "Pacific/Galapagos",
    "America/Lima",
    "America/La_Paz",
    "America/Sao_Paulo",
    "America/Manaus",
    "America/Asuncion",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
    "America/Montevideo",
)


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_time_zone(name: object) -> bool:
    """An IANA name this machine knows («America/Lima»), not an offset or an abbreviation."""
    if not isinstance(name, str) or name not in _zones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _moment(value: str | date | datetime) -> date | datetime | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        return None


def _on_hall_clock(moment: date | datetime, time_zone: str) -> date | datetime:
    """A timestamp moves to the hall's clock; a calendar date (a milestone's) stays the day."""
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        return moment.astimezone(ZoneInfo(time_zone))
    return moment


def written_day(value: str | date | datetime | None, time_zone: str, locale: str) -> str:
    """«1 de marzo de 2027»; what cannot be read as a date is kept as it was stored."""
    if not value:
        return ""
    moment = _moment(value)
    if moment is None:
        return str(value)
    return format_date(_on_hall_clock(moment, time_zone), format="long", locale=locale)


def written_time(value: str | datetime, time_zone: str, locale: str) -> str:
    """«21:05» on the hall's clock (12-hour where the language writes it so)."""
    moment = _moment(value) if isinstance(value, str) else value
    if not isinstance(moment, datetime):
        return str(value)
    return format_time(_on_hall_clock(moment, time_zone), format="short", locale=locale)


def written_moment(value: str | datetime | None, time_zone: str, locale: str) -> str:
    """«28 de febrero de 2027, 21:05»: a day and its hour, for histories and logs."""
    if not value:
        return ""
    moment = _moment(value) if isinstance(value, str) else value
    if not isinstance(moment, datetime):
        return written_day(value, time_zone, locale)
    return f"{written_day(moment, time_zone, locale)}, {written_time(moment, time_zone, locale)}"
