"""Report text made inert and short for the screen (components/safe.py); the browser
proof is tests/e2e/test_long_text_browser.py."""

from __future__ import annotations

import re

import pytest

from components import safe
from components.legend import legend_html
from components.quotes import Source, _source_line

JOINER = "\u2060"


@pytest.mark.parametrize(
    ("value", "rendered_as"),
    [
        ("**bold** _em_ ~~del~~ `code`", "emphasis, strikethrough, code"),
        ("[x](http://evil) ![i](x.png) <b>tag</b> &amp;", "link, image, HTML, entity"),
        (":red[red] :material/home: $x^2$", "Streamlit's colours, icons and math"),
        ("- item\n+ item\n1. item\n# title\n> quote\n===", "blocks at a line's start"),
    ],
)
def test_every_markdown_character_is_escaped(value, rendered_as):
    escaped = safe.markdown_text(value)
    # Unescaped, each of these characters would start some syntax.
    assert not re.search(r"(?<!\\)[*_~`\[\]()!<>&:$#|{}]", escaped), rendered_as
    assert not re.search(r"(?m)^[ \t]*[-+=]", escaped) and not re.search(r"(?m)^\d+\.", escaped)
    # Reading the escapes back gives the text: nothing else is lost or added.
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.S).replace(JOINER, "") == value


@pytest.mark.parametrize("value", ["http://evil.example/x", "https://e.x", "www.evil.example",
                                   "WWW.EVIL.EXAMPLE", "mail@evil.example"])
def test_bare_autolinks_are_broken_by_an_invisible_joiner(value):
    # GitHub's autolinks are found after escapes are read: only a character between
    # "http:" and "//", "w" and "ww.", or before "@" stops them.
    escaped = safe.markdown_text(value)
    unescaped = re.sub(r"\\(.)", r"\1", escaped)
    assert not re.search(r"https?://|www\.|\w@\w", unescaped, flags=re.I)
    assert unescaped.replace(JOINER, "") == value


def test_shorten_keeps_one_line_within_the_limit():
    assert safe.shorten("The War Zone") == "The War Zone"
    assert safe.shorten("a\n\tb\u202e  c\u200b") == "a b c"  # one line, no bidi override
    cut = safe.shorten("x" * 500, 40)
    assert cut == "x" * 39 + "…"
    # Wide letters and East Asian characters take more room: fewer of them fit.
    assert len(safe.shorten("W" * 500, 40)) < len(cut)
    assert len(safe.shorten("新" * 500, 40)) == 20


def test_short_html_keeps_the_whole_value_in_an_escaped_title():
    value = '<img src=x onerror="alert(1)"> ' * 10
    html = safe.short_html(value, 30)
    assert html.startswith('<span class="cm-cut" title="&lt;img src=x onerror=&quot;alert(1)')
    assert "<img" not in html and html.endswith("…</span>")
    assert safe.short_html("Reuters") == "Reuters"


def test_labels_are_short_and_their_help_is_whole():
    long = "**Outlet** " * 20
    assert safe.label_help("Reuters", 20) is None
    assert safe.label("Reuters", 20) == "Reuters"
    assert safe.label(long, 20).endswith("…") and len(safe.label(long, 20)) < 40
    help_text = safe.label_help(long, 20)
    assert help_text is not None and help_text.count("\\*\\*Outlet\\*\\*") == 20


def test_a_long_title_link_shows_a_short_label_and_goes_to_the_whole_url():
    url = "https://example.org/" + "p" * 400
    html = safe.link(url, "T" * 300)
    assert f'href="{url}"' in html
    shown = re.search(r">([^<]*)</a>", html)[1]
    assert shown.endswith("…") and len(shown) < 60
    assert f'title="{"T" * 300}\n{url}"' in html
    unlinked = safe.link("javascript:" + "j" * 300, "title")
    assert "href" not in unlinked and "not linked" in unlinked and "j" * 300 in unlinked
    assert ">javascript:" + "j" * 300 not in unlinked  # shown cut, whole in the title


def test_card_and_legend_show_short_names_and_keep_them_whole_in_titles():
    outlet = "<b>Very</b> long outlet " * 20
    line = _source_line(Source("r1", outlet, "2024-11-29", "Title " * 50, ""))
    assert outlet not in line and safe.text(outlet) not in re.sub(r'title="[^"]*"', "", line)
    assert f'title="{safe.text(safe.one_line(outlet))}"' in line
    legend = legend_html({outlet: "#123456"})
    assert f'title="{safe.text(safe.one_line(outlet))}"' in legend and "<b>Very" not in legend


def test_the_table_and_the_downloads_keep_the_whole_values():
    from components.export import to_csv, to_geojson
    from components.layer_data import mentions_frame
    from components.table import table_frame

    outlet, title = "Outlet " * 80, "Title " * 80
    url = "https://example.org/" + "p" * 480
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.1, 36.2]},
               "properties": {"report": "r", "outlet": outlet, "title": title, "url": url,
                              "place": "Aleppo", "place_id": "a", "mention": "Aleppo"}}
    frame, _ = mentions_frame([feature])
    row = table_frame(frame).iloc[0]
    assert row["outlet"] == outlet and row["link"] == url  # the table has no title column
    assert outlet in to_csv(frame) and url in to_csv(frame)
    assert outlet in to_geojson(frame) and title in to_geojson(frame)
