"""Markdown to safe HTML: markdown-it-py (CommonMark + tables), then nh3 with an allow-list.

The HTML is computed once when text is written and stored beside it; pages only read it.

Two things happen at the level of markdown-it's tokens, where the structure of the text is still
known, rather than on the HTML: images are kept only when they are our own attachments (CT-4),
and ``@username`` becomes a link to that person (mentions), never inside code or a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "img", "li", "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_CLASSES = {"a": {"mention"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

# An attachment's address as Attachment.get_absolute_url() writes it: /files/<uuid>/<name>.
# Images from anywhere else would let a writer track who reads the text (and when), or show
# something nobody checked, so they are dropped.
ATTACHMENT_SRC = re.compile(
    r"^/files/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[^/?#\\]*$"
)

# ID-4's username: 3 to 30 lowercase letters, digits and hyphens, starting and ending with a
# letter or digit. An @ right after a word character or a dot belongs to an email address (or,
# after a slash, to a web address).
MENTION = re.compile(r"(?<![\w.@/])@([a-z0-9][a-z0-9-]{1,28}[a-z0-9])(?![\w-])", re.IGNORECASE)


def is_attachment_src(src: str) -> bool:
    """Whether an image address points at one of our attachments (the only images shown)."""
    return bool(ATTACHMENT_SRC.match(src))


def _render_image(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    if is_attachment_src(src):
        return RendererHTML.image(renderer, tokens, idx, options, env)
    # Not ours: what the image was meant to show stays readable, as text.
    alt = renderer.renderInlineAsText(token.children or [], options, env)
    return escapeHtml(alt)


def _mention_spans(children: list[Token]) -> Iterator[tuple[int, re.Match[str]]]:
    """Each ``@username`` in the text tokens of one inline run, outside links.

    Code spans are ``code_inline`` tokens and image descriptions are children of ``image``
    tokens, so neither is ever looked at."""
    link_depth = 0
    for index, token in enumerate(children):
        if token.type == "link_open":
            link_depth += 1
        elif token.type == "link_close":
            link_depth = max(0, link_depth - 1)
        elif token.type == "text" and link_depth == 0 and "@" in token.content:
            for match in MENTION.finditer(token.content):
                yield index, match


def _link_mentions(state: StateCore) -> None:
    """Core rule: ``@username`` → link, for the usernames the caller passed in ``mentions``."""
    mentions: Mapping[str, str] | None = state.env.get("mentions")
    if not mentions:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        by_token: dict[int, list[re.Match[str]]] = {}
        for index, match in _mention_spans(block.children):
            if match.group(1).lower() in mentions:
                by_token.setdefault(index, []).append(match)
        if not by_token:
            continue
        children: list[Token] = []
        for index, token in enumerate(block.children):
            if index not in by_token:
                children.append(token)
                continue
            position = 0
            for match in by_token[index]:
                if match.start() > position:
                    children.append(_text(token, token.content[position : match.start()]))
                link_open = Token("link_open", "a", 1, level=token.level)
                link_open.attrs = {"class": "mention", "href": mentions[match.group(1).lower()]}
                children.extend(
                    [link_open, _text(token, match.group(0)), Token("link_close", "a", -1)]
                )
                position = match.end()
            if position < len(token.content):
                children.append(_text(token, token.content[position:]))
        block.children = children


def _text(like: Token, content: str) -> Token:
    token = Token("text", "", 0, level=like.level)
    token.content = content
    return token


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable("table")
    parser.enable("strikethrough")
    parser.add_render_rule("image", _render_image)
    parser.core.ruler.after("text_join", "mentions", _link_mentions)
    return parser


_parser = _make_parser()


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    # Second line of defence behind _render_image: an <img> reaches nh3 only from our renderer.
    if element == "img" and attribute == "src" and not is_attachment_src(value):
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_keep_attribute,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
)


def render_markdown(text: str, *, mentions: Mapping[str, str] | None = None) -> str:
    """Render Markdown written by a person into HTML that is safe to show to anyone.

    ``mentions`` maps the usernames that exist (lowercase) to their profile addresses: those
    ``@username`` become links; any other ``@word`` stays text."""
    env: dict[str, Any] = {"mentions": dict(mentions) if mentions else None}
    html = _parser.render(text, env)
    return _cleaner.clean(html)


def find_mentions(text: str) -> list[str]:
    """The usernames mentioned as ``@username`` in a text, lowercase, each once, in order.

    Mentions in code and inside links do not count (they are not rendered as mentions)."""
    found: dict[str, None] = {}
    for block in _parser.parse(text):
        if block.type == "inline" and block.children:
            for _index, match in _mention_spans(block.children):
                found.setdefault(match.group(1).lower(), None)
    return list(found)
