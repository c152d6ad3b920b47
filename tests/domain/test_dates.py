"""Dates as the hall writes them: «1 de marzo de 2027», on the hall's own clock."""

from datetime import UTC, datetime

from workshop.domain.dates import HALL_TIME_ZONES, is_time_zone, written_day, written_moment

# 03:05 UTC on 1 March is still the evening of 28 February in Guatemala (UTC−6).
LATE_EVENING = "2027-03-01T03:05:00+00:00"


def test_a_day_is_written_out_in_the_workshops_language():
    assert written_day("2027-03-01", "America/Guatemala", "es") == "1 de marzo de 2027"
    assert written_day("2027-03-01", "America/Guatemala", "en") == "March 1, 2027"


def test_a_timestamp_is_read_on_the_halls_clock_not_the_servers():
    assert written_day(LATE_EVENING, "America/Guatemala", "es") == "28 de febrero de 2027"
    assert written_day(LATE_EVENING, "America/Lima", "es") == "28 de febrero de 2027"
    assert written_day(LATE_EVENING, "Europe/Madrid", "es") == "1 de marzo de 2027"
    moment = written_moment(LATE_EVENING, "America/Guatemala", "es")
    assert moment == "28 de febrero de 2027, 21:05"
    aware = datetime(2027, 3, 1, 3, 5, tzinfo=UTC)
    assert written_moment(aware, "America/Guatemala", "es") == moment


def test_a_milestones_calendar_day_stays_that_day_in_every_time_zone():
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Guatemala"):
        assert written_day("2027-06-30", zone, "es") == "30 de junio de 2027"


def test_what_is_not_a_date_is_kept_as_it_was_stored():
    assert written_day("pronto", "America/Guatemala", "es") == "pronto"
    assert written_day(None, "America/Guatemala", "es") == ""


def test_only_real_time_zone_names_are_accepted():
    assert all(is_time_zone(zone) for zone in HALL_TIME_ZONES)
    assert is_time_zone("America/Argentina/Buenos_Aires")
    for bad in ("UTC-6", "CST", "Mars/Olympus", "", None, 6, "../../etc/passwd"):
        assert not is_time_zone(bad), bad
