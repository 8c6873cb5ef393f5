"""Partial ISO dates (``2023``, ``2023-10``, ``2023-10-05``) and their formatting."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from resumekit.errors import RenderError

if TYPE_CHECKING:
    from babel import Locale

DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
#: The shape alone: whether the day exists is the calendar's to say (``calendar_problem``).
_SHAPE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)
PRESENT = "present"
#: How precisely a date prints: "month" leaves out a day the file gives, which most JSON
#: Resume documents write for a month (2017-05-01 for May 2017); "day" prints it.
DatePrecision = Literal["month", "day"]


class NotOnCalendar(ValueError):
    """Written like a date, but no such day: 2023-02-30, 2023-13, year 0000."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ValueError otherwise.

        Whatever it accepts is a real calendar date, so that ``format_date`` can always
        format it; a text of the right shape that is not one raises ``NotOnCalendar``, which
        says why (``February 2023 has 28 days``).
        """
        found = _SHAPE.fullmatch(text)
        if found is None:
            raise ValueError(text)
        parts = [int(p) for p in found.groups() if p is not None]
        problem = calendar_problem(*parts)
        if problem:
            raise NotOnCalendar(problem)
        return cls(*parts)

    def parts(self) -> tuple[int, ...]:
        """The known parts: (year,), (year, month) or (year, month, day)."""
        return tuple(v for v in (self.year, self.month, self.day) if v is not None)

    def is_before(self, other: PartialDate) -> bool:
        """True when this date is surely earlier than ``other`` at their shared precision."""
        depth = min(len(self.parts()), len(other.parts()))
        return self.parts()[:depth] < other.parts()[:depth]


def ends_before_start(start: object, end: object) -> bool:
    """Whether a period surely ends before it starts; False when either is missing or is no
    date (the schema says what is wrong with it)."""
    try:
        return PartialDate.parse(str(end)).is_before(PartialDate.parse(str(start)))
    except ValueError:
        return False


def calendar_problem(year: int, month: int = 1, day: int = 1) -> str | None:
    """Why a year, month and day name no day of the calendar (1 to 9999), or None."""
    if year < 1:
        return "there is no year 0000; years start at 0001"
    if not 1 <= month <= 12:
        return f"there is no month {month:02d}; months go from 01 to 12"
    if day < 1:
        return "there is no day 00; days start at 01"
    days = calendar.monthrange(year, month)[1]
    if day > days:
        return f"{calendar.month_name[month]} {year} has {days} days"
    return None


def normalize(value: object) -> str | None:
    """Turn what YAML gives for a date (int year, date, string) into ISO text, or None if unsure."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return None


def format_date(text: str | None, locale: Locale, precision: DatePrecision = "day") -> str:
    """A partial ISO date as a reader of ``locale`` writes it: 2023, Oct 2023, Oct 5, 2023;
    never finer than ``precision``."""
    if not text:
        return ""
    from babel.dates import format_skeleton  # babel is slow to import: not for validate

    date = PartialDate.parse(text)
    if date.month is None:
        return str(date.year)
    skeleton = "yMMM" if date.day is None or precision == "month" else "yMMMd"
    return format_skeleton(skeleton, dt.date(date.year, date.month, date.day or 1), locale=locale)


def format_range(
    start: str | None,
    end: str | None,
    present: str,
    locale: Locale,
    precision: DatePrecision = "day",
) -> str:
    """``start – end``; a start with no end runs to the present. Two dates that read the
    same at ``precision`` print once."""
    first, last = format_date(start, locale, precision), format_date(end, locale, precision)
    if first and not last:
        return f"{first} – {present}"
    if first and last and first != last:
        return f"{first} – {last}"
    return first or last


def source_date() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH (reproducible builds) as a time in UTC, or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError):
        raise RenderError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970"
        ) from None


def creation_date(fallback: str | None) -> str | None:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the resume's own date, else none."""
    stamp = source_date()
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ") if stamp else fallback
