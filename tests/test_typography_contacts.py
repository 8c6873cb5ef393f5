"""The contact line wraps between contacts: no separator dangles, no address is split."""

from __future__ import annotations

import pytest

from test_typography_wrap import lines, outside_text_area, render, squeezed

BASICS = """\
basics:
  name: Ada Example
  email: ada.lovelace-byron.analytical-engine@computing-history.example.org
  phone: "+44 (0) 20 7946 0958"
  url: https://ada-lovelace.computing-history.example.org/notes
  location: {city: Stratford-upon-Avon, region: Warwickshire, countryCode: GB}
  profiles:
    - {network: GitHub, url: https://github.com/ada-lovelace-byron-analytical-engine}
    - {network: LinkedIn, url: https://www.linkedin.com/in/ada-lovelace-byron-analytical-engine}
    - {network: Mastodon, url: https://mastodon.example.social/@ada_lovelace_byron}
    - {network: ORCID, url: https://orcid.org/0000-0002-1825-0097}
"""
#: The contacts as printed, in order.
LABELS = [
    "Stratford-upon-Avon, Warwickshire, GB",
    "ada-lovelace.computing-history.example.org/notes",
    "ada.lovelace-byron.analytical-engine@computing-history.example.org",
    "+44 (0) 20 7946 0958",
    "github.com/ada-lovelace-byron-analytical-engine",
    "linkedin.com/in/ada-lovelace-byron-analytical-engine",
    "mastodon.example.social/@ada_lovelace_byron",
    "orcid.org/0000-0002-1825-0097",
]
#: What other themes put between contacts, which must never start or end a line.
SEPARATORS = "|•·,;/–—-"


def contact_lines(theme: str, basics: str, tmp_path) -> list[str]:
    """The printed lines under the name, with every glyph checked to lie in the text area."""
    source = tmp_path / "resume.yaml"
    source.write_text(basics, encoding="utf-8")
    pdf = render(source, theme, tmp_path)
    assert outside_text_area(pdf, theme) == []
    printed = lines(pdf)
    assert printed[0].text == "Ada Example"
    return [line.text for line in printed[1:]]


@pytest.mark.parametrize("theme", ["compact", "classic"])
def test_contacts_wrap_whole_without_dangling_separators(theme, tmp_path):
    printed = contact_lines(theme, BASICS, tmp_path)
    assert 3 <= len(printed) <= 4, printed  # the line wraps two or three times
    assert [t for t in printed if t[0] in SEPARATORS or t[-1] in SEPARATORS] == []
    assert [c for c in LABELS if not any(c in line for line in printed)] == []  # each on one line
    assert " ".join(printed) == " ".join(LABELS)  # in order, set apart


@pytest.mark.parametrize("theme", ["compact", "classic"])
def test_a_contact_longer_than_the_line_breaks_inside_it(theme, tmp_path):
    endless = "https://example.com/" + "ada-lovelace-" * 16 + "byron"
    basics = BASICS + f"    - {{network: Web, url: {endless}}}\n"
    printed = contact_lines(theme, basics, tmp_path)
    assert [c for c in LABELS if not any(c in line for line in printed)] == []
    assert squeezed(" ".join(printed)) == squeezed(" ".join([*LABELS, endless]))
