"""What the site tells search engines and link previews: schema.org ``Person`` as JSON-LD,
Open Graph and Twitter card meta, and a sitemap when the site's address is known."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from markupsafe import Markup

from resumekit import markup
from resumekit.field_types import as_link
from resumekit.schema import Resume

#: What the about page may load: its own files and data: URLs (fonts, photo), and no script;
#: ``watch --site`` serves it with LIVE_CSP added, for its live-reload script.
CSP = ("default-src 'none'; img-src 'self' data:; font-src data:; style-src 'unsafe-inline'; "
       "base-uri 'none'; form-action 'none'")  # fmt: skip
LIVE_CSP = "; script-src 'self'; connect-src 'self'"
#: How many skills a Person says it knows about (each skill's keywords, else its name).
KNOWN = 30
#: The pages a sitemap lists (the others are files, not pages).
PAGES = ("", "resume.html")


def base(url: str | None) -> str:
    """The site's address ending in a slash (https://me.example/cv/), or "" when unknown."""
    return (url if url.endswith("/") else url + "/") if url else ""


def absolute(site_url: str, name: str) -> str:
    """``name`` in the site, as an absolute address when the site's address is known."""
    return urljoin(site_url, name) if site_url else name


def person(resume: Resume, site_url: str, photo: str, description: str) -> dict[str, Any]:
    """The resume's basics as a schema.org Person."""
    basics = resume.basics
    found: dict[str, Any] = {"@context": "https://schema.org", "@type": "Person",
                             "name": basics.name}  # fmt: skip
    if basics.label:
        found["jobTitle"] = markup.to_text(basics.label)
    if description:
        found["description"] = description
    home = as_link(basics.url) if basics.url else None
    if home or site_url:
        found["url"] = site_url or home
    if photo:
        found["image"] = absolute(site_url, photo)
    if basics.email:
        found["email"] = f"mailto:{basics.email}"
    if basics.phone:
        found["telephone"] = basics.phone
    location = basics.location
    if location:
        address = {"streetAddress": location.address, "addressLocality": location.city,
                   "addressRegion": location.region, "postalCode": location.postal_code,
                   "addressCountry": location.country_code}  # fmt: skip
        if any(address.values()):
            found["address"] = {"@type": "PostalAddress",
                                **{k: v for k, v in address.items() if v}}  # fmt: skip
    same = [link for p in basics.profiles if p.url and (link := as_link(p.url))]
    same += [home] if home and site_url and home.rstrip("/") != site_url.rstrip("/") else []
    if same:
        found["sameAs"] = same
    employer = next((job for job in resume.work if job.name and not job.end_date), None)
    if employer:
        found["worksFor"] = {"@type": "Organization", "name": markup.to_text(employer.name)}
    schools = list(dict.fromkeys(e.institution for e in resume.education if e.institution))
    if schools:
        found["alumniOf"] = [{"@type": "EducationalOrganization", "name": markup.to_text(s)}
                             for s in schools]  # fmt: skip
    skills = list(dict.fromkeys(markup.to_text(keyword) for skill in resume.skills
                                for keyword in skill.keywords or [skill.name]))[:KNOWN]  # fmt: skip
    if skills:
        found["knowsAbout"] = skills
    return found


def json_ld(data: dict[str, Any]) -> Markup:
    """``data`` as the text of a ``<script type="application/ld+json">``: < > & escaped as
    JSON escapes, so no text of the resume can end the script or start markup."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def previews(title: str, description: str, site_url: str, photo: str,
             lang: str) -> tuple[tuple[str, str], ...]:  # fmt: skip
    """Open Graph and Twitter card meta as (property, content): a profile page's title,
    description, address and image (previews want an absolute image address: only with the
    site's address)."""
    meta = [("og:type", "profile"), ("og:title", title), ("og:locale", lang.replace("-", "_"))]
    meta += [("og:description", description)] if description else []
    meta += [("og:url", site_url)] if site_url else []
    image = absolute(site_url, photo) if photo and site_url else ""
    meta += [("og:image", image)] if image else []
    meta += [("twitter:card", "summary"), ("twitter:title", title)]
    meta += [("twitter:description", description)] if description else []
    meta += [("twitter:image", image)] if image else []
    return tuple(meta)


def sitemap(site_url: str, lastmod: str | None) -> bytes:
    """The sitemap of the site's pages at ``site_url`` (sitemaps.org 0.9)."""
    entries = "".join(
        f"  <url>\n    <loc>{escape(absolute(site_url, page))}</loc>\n"
        + (f"    <lastmod>{lastmod}</lastmod>\n" if lastmod else "")
        + "  </url>\n"
        for page in PAGES
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</urlset>\n").encode()  # fmt: skip


def robots(site_url: str) -> bytes:
    """A robots.txt that lets every crawler in and names the sitemap."""
    return f"User-agent: *\nAllow: /\nSitemap: {absolute(site_url, 'sitemap.xml')}\n".encode()
