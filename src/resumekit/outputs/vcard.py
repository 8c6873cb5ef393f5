"""A contact card (vCard 4.0, RFC 6350) from the resume's basics: name, title, e-mail,
phone, web page and profiles, address, photo and current employer.

Values are escaped as RFC 6350 section 3.4 says, lines end in CRLF and are folded at 75
octets (never inside a UTF-8 character), so any address book reads the card as written.
"""

from __future__ import annotations

import re

from resumekit import markup
from resumekit.field_types import as_link
from resumekit.schema import Resume

PRODID = "-//resumekit//resumekit//EN"
_FOLD = 75


def card(resume: Resume, photo: str = "") -> bytes:
    """The vCard of ``resume``'s basics; ``photo`` a URL (data: or https:) of the photo."""
    basics = resume.basics
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"PRODID:{PRODID}", "KIND:individual",
             f"FN:{_text(basics.name)}"]  # fmt: skip
    if basics.label:
        lines.append(f"TITLE:{_text(markup.to_text(basics.label))}")
    employer = next((job.name for job in resume.work if job.name and not job.end_date), None)
    if employer:
        lines.append(f"ORG:{_text(employer)}")
    if basics.email:
        lines.append(f"EMAIL;TYPE=work:{_text(basics.email)}")
    if basics.phone:
        lines.append(f"TEL;VALUE=uri;TYPE=voice:{_tel(basics.phone)}")
    links = [basics.url, *(profile.url for profile in basics.profiles)]
    lines += [f"URL:{_text(link)}" for link in filter(None, map(_link, links))]
    location = basics.location
    if location and any((location.address, location.city, location.region,
                         location.postal_code, location.country_code)):  # fmt: skip
        parts = (location.address, location.city, location.region, location.postal_code,
                 location.country_code)  # fmt: skip
        lines.append("ADR:;;" + ";".join(_text(part or "") for part in parts))
    if photo and photo.isprintable() and " " not in photo:  # a URI: one line, as it must be
        lines.append(f"PHOTO:{photo}")
    if basics.summary:
        lines.append(f"NOTE:{_text(markup.to_text(basics.summary))}")
    lines.append("END:VCARD")
    return "".join(_folded(line) + "\r\n" for line in lines).encode("utf-8")


def _text(value: str) -> str:
    """A text value escaped: backslash, comma, semicolon, and line breaks (Unicode's line and
    paragraph separators too) as \\n."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return re.sub(r"\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]", "\\\\n", value)


def _link(text: str | None) -> str | None:
    return as_link(text) if text else None


def _tel(phone: str) -> str:
    """A tel: URI (RFC 3966) of a phone number as people write it: + and digits, the rest
    of its visual separators as hyphens."""
    kept = "".join(c if c.isdigit() or c == "+" else "-" for c in phone.strip())
    return "tel:" + "-".join(part for part in kept.split("-") if part)


def _folded(line: str) -> str:
    """``line`` folded at 75 octets: CRLF and a space before each further part."""
    raw = line.encode("utf-8")
    if len(raw) <= _FOLD:
        return line
    parts, start, limit = [], 0, _FOLD
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:  # not inside a character
            end -= 1
        parts.append(raw[start:end].decode("utf-8"))
        start, limit = end, _FOLD - 1  # a continuation line starts with a space
    return "\r\n ".join(parts)
