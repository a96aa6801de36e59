"""Japanese first, English second: locale choice and Japanese date formats for the templates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Flask, request
from flask_babel import Babel, get_locale

from handover.web import JST, signed_in_user

LOCALES = ("ja", "en")
DEFAULT_LOCALE = "ja"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
LOCALE_COOKIE = "lang"

babel = Babel()

# (first day, era name): 元号 since the Meiji restoration; each era's year 1 is written 元年.
_ERAS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
    (dt.date(1912, 7, 30), "大正"),
    (dt.date(1873, 1, 1), "明治"),
)
_WEEKDAYS = "月火水木金土日"


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and the date filters."""
    app.config["BABEL_DEFAULT_LOCALE"] = DEFAULT_LOCALE
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Asia/Tokyo"
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["jdate"] = japanese_date
    app.jinja_env.filters["wareki"] = wareki_date
    app.jinja_env.filters["jdatetime"] = japanese_datetime
    app.jinja_env.filters["isodate"] = iso_date
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or DEFAULT_LOCALE)


def select_locale() -> str:
    """The account's language, else the lang cookie, else Japanese (never guessed from the browser)."""
    user = signed_in_user()
    if user is not None and user.locale in LOCALES:
        return user.locale
    chosen = request.cookies.get(LOCALE_COOKIE)
    return chosen if chosen in LOCALES else DEFAULT_LOCALE


def _english() -> bool:
    return str(get_locale() or DEFAULT_LOCALE) == "en"


def wareki(day: dt.date) -> str:
    """The Japanese era form of a date: 令和8年4月1日 (元年 for an era's first year)."""
    for start, name in _ERAS:
        if day >= start:
            year = day.year - start.year + 1
            return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def japanese_date(day: dt.date | dt.datetime | None, weekday: bool = False) -> str:
    """2026年4月1日 (or 2026年4月1日(水) with weekday); 1 Apr 2026 in English."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = _to_jst(day).date()
    if _english():
        return day.strftime("%-d %b %Y")
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text}({_WEEKDAYS[day.weekday()]})" if weekday else text


def wareki_date(day: dt.date | None) -> str:
    """The era form where officials expect it (transfer dates); the Western form in English."""
    if day is None:
        return ""
    return japanese_date(day) if _english() else wareki(day)


def japanese_datetime(moment: dt.datetime | None) -> str:
    """2026年4月1日 09:30 in Japan time (stored times are UTC)."""
    if moment is None:
        return ""
    local = _to_jst(moment)
    return f"{japanese_date(local.date())} {local:%H:%M}"


def iso_date(text: str | None) -> dt.date | None:
    """A date from the ISO form services return in their JSON rows."""
    return dt.date.fromisoformat(text[:10]) if text else None


def _to_jst(moment: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes; they were stored as UTC.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(JST)
