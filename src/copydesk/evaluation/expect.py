"""Expect lines of feedparser's cases, judged on what Copydesk stores (rules: evaluation.feeds)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import lxml.html
from feedparser.datetimes import _parse_date
from feedparser.util import FeedParserDict
from lxml import etree

from copydesk.core.types import ArticleInput
from copydesk.ingest.feeds import FeedEntry, ParsedFeed

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
WORD = re.compile(r"\w+")

FEED_FIELDS = {("title",), ("title_detail", "value"), ("link",), ("language",), ("ttl",)}
ENTRY_FIELDS = {
    ("title",),
    ("title_detail", "value"),
    ("link",),
    ("id",),
    ("author",),
    ("summary",),
    ("summary_detail", "value"),
    ("content", "value"),
    ("published",),
    ("published_parsed",),
    ("updated",),
    ("updated_parsed",),
}
ENTRY_ALIASES = {k: (v if isinstance(v, str) else v[0]) for k, v in FeedParserDict.keymap.items()}
SAFE_BUILTINS = {"len": len, "ord": ord}
_NEUTRAL_NAMES = {*SAFE_BUILTINS, "True", "False", "None"}
_METHODS = {"has_key", "get"}
# The only syntax an Expect line may use once reduced (no comprehensions, lambdas, *, ** ...).
_SAFE_NODES = tuple(
    getattr(ast, name)
    for name in "Expression BoolOp And Or UnaryOp Not USub Compare Eq NotEq In NotIn Is IsNot Subscript "
    "Constant Name Load Attribute Call Tuple List Dict BinOp Add".split()
)


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped."""
    return " ".join(text.split())


def plain_text(html: str) -> str:
    """The text of an HTML fragment: entities decoded, tags dropped, block elements as breaks."""
    if "<" not in html and "&" not in html:
        return squash(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return squash(html)
    for bad in [e for e in root.iter("script", "style")]:
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.text, element.tail = " " + (element.text or ""), " " + (element.tail or "")
    return squash(root.text_content())


class Text(str):
    """A stored plain text; equal to an expected value when their plain texts agree (see module doc)."""

    html: bool

    def __new__(cls, value: str, html: bool) -> Text:
        made = super().__new__(cls, value)
        made.html = html
        return made

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        expected = plain_text(other) if self.html and not isinstance(other, Text) else other
        return squash(self) == squash(expected)

    def __ne__(self, other: object) -> bool:
        same = self.__eq__(other)
        return same if same is NotImplemented else not same

    __hash__ = str.__hash__


class Moment(str):
    """A stored moment in place of feedparser's raw date string: equal to a string naming the same second."""

    moment: datetime

    def __new__(cls, moment: datetime) -> Moment:
        made = super().__new__(cls, moment.isoformat())
        made.moment = moment
        return made

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        parsed = _parse_date(other)
        return parsed is not None and tuple(parsed)[:6] == self.moment.utctimetuple()[:6]

    def __ne__(self, other: object) -> bool:
        same = self.__eq__(other)
        return same if same is NotImplemented else not same

    __hash__ = str.__hash__


def _chain(node: ast.AST) -> tuple[str, list[Any]] | None:
    """(root name, keys) of a lookup such as entries[0]['title'], feed.link or entries[0].has_key('x')."""
    if isinstance(node, ast.Name):
        return node.id, []
    inner: tuple[str, list[Any]] | None = None
    key: Any = None
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        inner, key = _chain(node.value), node.slice.value
    elif isinstance(node, ast.Attribute) and node.attr not in _METHODS:
        inner, key = _chain(node.value), node.attr
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _METHODS
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ):
        inner, key = _chain(node.func.value), node.args[0].value
    return (inner[0], [*inner[1], key]) if inner else None


def _lookups(node: ast.AST) -> list[tuple[str, list[Any]]]:
    """Every lookup an expression makes (`'x' in feed` counts as feed['x'])."""
    if isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant) and len(node.ops) == 1:
        whole = _chain(node.comparators[0]) if isinstance(node.ops[0], ast.In | ast.NotIn) else None
        if whole:
            return [(whole[0], [*whole[1], node.left.value])]
    found = _chain(node)
    if found and not (isinstance(node, ast.Name) and found[0] in _NEUTRAL_NAMES):
        return [found]
    return [item for child in ast.iter_child_nodes(node) for item in _lookups(child)]


def stored_field(root: str, keys: list[Any]) -> tuple[str, ...] | None:
    """The stored field a lookup reads ('feed.title', 'entries.content.value'), or None."""
    path = tuple(k for k in keys if not isinstance(k, int))
    if root in {"feed", "channel"} and path in FEED_FIELDS:
        return ("feed", *path)
    if root in {"entries", "items"} and path:
        path = (ENTRY_ALIASES.get(path[0], path[0]), *path[1:])
        return ("entries", *path) if path in ENTRY_FIELDS else None
    return None


@dataclass
class Expectation:
    """An Expect line, reduced to its conjuncts on stored fields (`code` is None when not counted)."""

    source: str
    scope: str  # "stored", "other" (nothing stored), "mixed", "unsafe" or "invalid"
    code: Any = None
    fields: tuple[str, ...] = ()
    entries: tuple[int, ...] = ()  # the entry positions it reads


def expectation(source: str) -> Expectation:
    """Classify an Expect line and compile what Copydesk can be judged on."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError:
        return Expectation(source, "invalid")
    body = tree.body
    parts = body.values if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And) else [body]
    kept, fields, entries = [], [], []
    for part in parts:
        lookups = _lookups(part)
        marks = [stored_field(*lookup) for lookup in lookups]
        if marks and all(marks):
            kept.append(part)
            fields += [".".join(m) for m in marks if m]
            entries += [keys[0] for _, keys in lookups if keys and isinstance(keys[0], int)]
        elif any(marks):
            return Expectation(source, "mixed")
    if not kept:
        return Expectation(source, "other")
    expr = ast.Expression(kept[0] if len(kept) == 1 else ast.BoolOp(op=ast.And(), values=kept))
    for node in ast.walk(expr):
        if not isinstance(node, _SAFE_NODES) or (isinstance(node, ast.Attribute) and node.attr[:1] == "_"):
            return Expectation(source, "unsafe")
    code = compile(ast.fix_missing_locations(expr), "<expect>", "eval")
    return Expectation(source, "stored", code, tuple(dict.fromkeys(fields)), tuple(sorted(set(entries))))


def holds(expect: Expectation, view: dict[str, Any]) -> bool:
    """Whether a counted Expect line holds on the view (an error means it does not)."""
    try:
        return bool(eval(expect.code, {"__builtins__": SAFE_BUILTINS}, dict(view)))  # vetted AST
    except Exception:  # a missing field or entry is a line that does not hold
        return False


def _is_html(detail: Any) -> bool:
    return not isinstance(detail, dict) or detail.get("type") != "text/plain"


def _entry_view(entry: FeedEntry, stored: ArticleInput, got: Any) -> FeedParserDict:
    """One entry as feedparser would show it, from what Copydesk keeps of it (`got`: feedparser's entry)."""
    title = Text(stored.title, _is_html(got.get("title_detail")))
    summary = Text(stored.text, _is_html(got.get("summary_detail")))
    content = Text(stored.text, _is_html((got.get("content") or [{}])[0]))
    item = FeedParserDict(title=title, title_detail=FeedParserDict(value=title), summary=summary)
    item.update(summary_detail=FeedParserDict(value=summary), content=[FeedParserDict(value=content)])
    extra = {"link": stored.url, "id": entry.guid, "author": stored.author}
    item.update({k: v for k, v in extra.items() if v is not None})
    if stored.published is not None:
        moment, parsed = Moment(stored.published), stored.published.utctimetuple()
        item.update(published=moment, updated=moment, published_parsed=parsed, updated_parsed=parsed)
    return item


def build_view(
    feed: ParsedFeed | None, articles: list[ArticleInput | None], ref: Any, parsed: bool = False
) -> dict[str, Any]:
    """A feedparser-shaped result holding only what Copydesk keeps; `ref` is feedparser's own result.

    An entry article_from_entry did not store is empty, unless `parsed`: then it shows the values
    parse_feed read for it (what would be stored once the poller has fetched its page's text).
    """
    out, entries = FeedParserDict(), []
    ref_feed, ref_entries = ref.get("feed", {}), ref.get("entries", [])
    if feed is not None:
        title = Text(feed.title, _is_html(ref_feed.get("title_detail")))
        out.update(title=title, title_detail=FeedParserDict(value=title))
        extra = {"link": feed.link, "language": feed.language, "ttl": feed.ttl_minutes}
        out.update({k: str(v) for k, v in extra.items() if v is not None})
        for i, (entry, article) in enumerate(zip(feed.entries, articles, strict=True)):
            got = ref_entries[i] if i < len(ref_entries) else {}
            if article is None and parsed:
                article = ArticleInput(
                    entry.title, entry.text, entry.link, None, entry.published, None, entry.author
                )
            entries.append(FeedParserDict() if article is None else _entry_view(entry, article, got))
    return {"feed": out, "entries": entries}
