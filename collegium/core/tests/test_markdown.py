"""Markdown written by people becomes HTML that is safe to show to anyone (CT-4)."""

import time
from html.parser import HTMLParser

import pytest

from collegium.core.markdown import find_mentions, render_markdown

ATTACHMENT = "/files/0b5cad00-1234-4abc-8def-000000000001/scan.webp"


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html):
    """Every element of the HTML, with its attributes, as a browser would parse it."""
    parser = _Elements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "<iframe src=https://example.org></iframe>",
        "<svg onload=alert(1)></svg>",
        '<div style="position:fixed">x</div>',
        "[x](https://example.org){onclick=alert(1)}",
        f'![x]({ATTACHMENT} "t" onerror=alert(1))',
        f'![x" onerror="alert(1)]({ATTACHMENT})',
        '[x](https://example.org "a" onmouseover="alert(1)")',
    ],
)
def test_raw_html_event_handlers_and_styles_never_reach_the_page(text):
    for tag, attributes in elements(render_markdown(text)):
        assert tag in {"p", "a", "img"}
        assert not [name for name in attributes if name.startswith("on") or name == "style"]


def test_raw_html_is_shown_as_text():
    assert render_markdown("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        " javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/passwd",
    ],
)
def test_links_to_scripts_and_data_lose_their_address(url):
    html = render_markdown(f"[click]({url}) and <{url}>")

    for _tag, attributes in elements(html):
        assert "href" not in attributes
        assert "src" not in attributes


def test_links_get_rel_nofollow_ugc_noopener():
    html = render_markdown("[Our site](https://example.org/page)")

    assert html == (
        '<p><a href="https://example.org/page" rel="nofollow ugc noopener">Our site</a></p>\n'
    )


def test_mailto_and_relative_links_are_kept():
    html = render_markdown("[write](mailto:a@example.org) [thread](/en/communities/x/)")

    assert 'href="mailto:a@example.org"' in html
    assert 'href="/en/communities/x/"' in html


def test_images_from_our_attachments_are_shown():
    html = render_markdown(f'![A scan]({ATTACHMENT} "The scan")')

    assert f'<img src="{ATTACHMENT}" alt="A scan" title="The scan">' in html


@pytest.mark.parametrize(
    "src",
    [
        "https://tracker.example.org/pixel.gif",
        "//tracker.example.org/pixel.gif",
        "data:image/png;base64,iVBORw0KGgo=",
        "/media/attachments/ab/secret.webp",
        "/files/../admin/",
        "/files/not-a-uuid/x.png",
        "/files/0b5cad00-1234-4abc-8def-000000000001/../../admin",
        "javascript:alert(1)",
    ],
)
def test_images_from_anywhere_else_are_dropped_but_their_description_stays(src):
    html = render_markdown(f"Look: ![the chart]({src})")

    assert "<img" not in html
    assert "the chart" in html


def test_an_image_inside_a_link_still_needs_to_be_ours():
    html = render_markdown("[![logo](https://evil.example.org/x.png)](https://example.org)")

    assert "<img" not in html
    assert 'href="https://example.org"' in html


def test_tables_render_without_inline_styles():
    html = render_markdown("| Drug | Dose |\n|:-----|-----:|\n| A | 5 mg |\n")

    assert "<table>" in html
    assert "<th>Drug</th>" in html
    assert "<td>5 mg</td>" in html
    assert "style" not in html


def test_fenced_code_blocks_keep_their_text_escaped():
    html = render_markdown('```python\nprint("<b>hi</b>")\n```\n')

    assert html == '<pre><code>print("&lt;b&gt;hi&lt;/b&gt;")\n</code></pre>\n'


def test_strikethrough_headings_and_lists_render():
    html = render_markdown("## Plan\n\n- ~~old~~ new\n1. first\n")

    assert "<h2>Plan</h2>" in html
    assert "<s>old</s>" in html
    assert "<ol>" in html


@pytest.mark.parametrize(
    "text",
    [
        "```\nnever closed\n<script>alert(1)</script>",
        ">" * 5000 + " deep",
        "- " * 5000 + "deep",
        "[" * 20000,
        "*" * 20000 + "a",
        "![" * 5000 + "x" + "](" * 5000,
        "| a |\n|---|\n" + "| x |\n" * 2000,
        "\x00\ufffe\ud7ff text",
    ],
)
def test_broken_or_hostile_markdown_renders_quickly_without_error(text):
    started = time.monotonic()

    html = render_markdown(text)

    assert time.monotonic() - started < 5
    assert "<script" not in html


# Mentions ------------------------------------------------------------------------------------


def test_find_mentions_lists_each_username_once_in_order():
    text = "Thanks @dr-lee and @Nurse-Ana, and again @dr-lee."

    assert find_mentions(text) == ["dr-lee", "nurse-ana"]


@pytest.mark.parametrize(
    "text",
    [
        "write to jane.doe@clinic-x.ca",
        "write to jane@clinic-x.ca",
        "see `@dr-lee` in code",
        "```\n@dr-lee\n```",
        "    @dr-lee in an indented code block",
        "[@dr-lee](https://example.org)",
        "![@dr-lee](/files/0b5cad00-1234-4abc-8def-000000000001/a.webp)",
        "@ab is too short",
        "@" + "a" * 31 + " is too long",
        "@-dr-lee starts with a hyphen",
        "https://example.org/@dr-lee",
    ],
)
def test_what_is_not_a_mention(text):
    assert find_mentions(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@dr-lee at the start", ["dr-lee"]),
        ("(@dr-lee)", ["dr-lee"]),
        ("**@dr-lee** in bold", ["dr-lee"]),
        ("> quoting @dr-lee", ["dr-lee"]),
        ("- a list item for @abc", ["abc"]),
        ("thirty: @" + "a" * 30, ["a" * 30]),
        ("@dr-lee, @dr-lee. @dr-lee!", ["dr-lee"]),
    ],
)
def test_what_is_a_mention(text, expected):
    assert find_mentions(text) == expected


def test_known_usernames_become_links_and_others_stay_text():
    html = render_markdown(
        "Ask @dr-lee or @nobody-here.", mentions={"dr-lee": "/en/people/dr-lee/"}
    )

    assert html == (
        '<p>Ask <a class="mention" href="/en/people/dr-lee/" rel="nofollow ugc noopener">'
        "@dr-lee</a> or @nobody-here.</p>\n"
    )


def test_mentions_are_not_linked_inside_code_links_or_emails():
    html = render_markdown(
        "`@dr-lee` [@dr-lee](https://example.org) dr@dr-lee.ca\n\n```\n@dr-lee\n```",
        mentions={"dr-lee": "/u/dr-lee"},
    )

    assert "mention" not in html


def test_a_mention_url_cannot_smuggle_a_script():
    html = render_markdown("@dr-lee", mentions={"dr-lee": 'javascript:alert(1)" onclick="x'})

    assert "javascript" not in html
    assert "onclick" not in html


def test_only_our_class_is_kept_on_links():
    html = render_markdown("[x](https://example.org)", mentions={"x": "/u/x"})

    assert "class" not in html


def test_render_markdown_without_mentions_leaves_at_signs_alone():
    assert render_markdown("Hi @dr-lee") == "<p>Hi @dr-lee</p>\n"
