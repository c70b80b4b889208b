"""The shapes of the three kinds of annotation file, as data.

The loader validates YAML against these shapes and `json_schema` turns the same shapes into
JSON Schemas for editors' tools, so the two can never disagree about what a file may hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ScalarKind = Literal["text", "markdown", "date", "bool", "slug", "url", "path", "image", "choice", "wikidata"]

END = r"(?![\s\S])"
"""The end of the text in every regex dialect: Python's `$` (and so the `jsonschema` package's)
also matches before a final newline, and ECMA-262, which editors' tools use, has no `\\Z`.
Python code checks with `fullmatch` as well."""
SLUG_PATTERN = rf"^[a-z0-9]+(-[a-z0-9]+)*{END}"
URL_PATTERN = rf"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s]+){END}"
DATE_PATTERN = rf"^\d{{4}}-\d{{2}}-\d{{2}}{END}"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
"""Image files an entry may show (no SVG: a copied SVG opened on its own could run scripts)."""
IMAGE_PATTERN = (
    r"^(https://[^\s/$.?#][^\s]*|(?!/)(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?![\s\S]*(?:^|/)\.\.(?:/|$))[^\s\\][^\n\\]*\.(?:"
    + "|".join("".join(f"[{c.lower()}{c.upper()}]" for c in s[1:]) for s in IMAGE_SUFFIXES)
    + rf")){END}"
)
"""An https:// address, or a relative path with no `..` step that ends in an image suffix (any case)."""
WIKIDATA_PATTERN = rf"^Q[1-9][0-9]*{END}"
"""A Wikidata item id, e.g. `Q212`."""
TERM_KINDS = ("place", "organisation", "concept", "event", "other")
PLACEHOLDER = "TODO"
"""What `explainer new` writes where an editor must write: refused by the loader and the schemas."""
_NO_PLACEHOLDER = rf"(?![\s\S]*\b{PLACEHOLDER}\b)"
YES_NO_WORDS = tuple(
    f(w) for w in ("yes", "no", "on", "off", "true", "false") for f in (str.lower, str.capitalize, str.upper)
)
"""Words YAML 1.1 reads as booleans: refused as text, quoted or not, by the loader and the schemas alike
(a JSON Schema cannot see quotes, and a lone yes/no is never the text an editor meant)."""


@dataclass(frozen=True, slots=True)
class Scalar:
    """A single value: text, Markdown, a date, a yes/no switch, an id, a URL, a path or a choice."""

    kind: ScalarKind
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    min_length: int = 1
    markup_chars: bool = True
    """False for text that becomes a page title: Material's header shows a long title in a
    tooltip that it writes as HTML, so `<` and `>` must never reach it."""


@dataclass(frozen=True, slots=True)
class ListOf:
    item: Shape
    min_items: int = 0
    max_items: int | None = None


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    shape: Shape
    required: bool
    doc: str


@dataclass(frozen=True, slots=True)
class Mapping:
    fields: tuple[Field, ...]
    doc: str = ""
    by_name: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})


Shape = Scalar | ListOf | Mapping

TEXT = Scalar("text", max_length=500)
TITLE_TEXT = Scalar("text", max_length=500, markup_chars=False)
LONG_TEXT = Scalar("markdown", max_length=20_000)
QUOTE = Scalar("text", max_length=500, min_length=3)
"""A passage shorter than this cannot be told apart from the same letters elsewhere."""
SUMMARY = Scalar("markdown", max_length=1_000)

REFERENCE = Mapping(
    (
        Field("title", TEXT, True, "What the page is, as a reader should see it."),
        Field("url", Scalar("url"), True, "Full http(s) address of the page."),
        Field("publisher", TEXT, False, "Who published the page, e.g. 'Reuters' or 'Office of the President'."),
        Field("date", Scalar("date"), False, "Date (YYYY-MM-DD) the page was published or last updated."),
    ),
    doc="A titled web link, with who published it and when if known.",
)

IMAGE = Mapping(
    (
        Field(
            "src",
            Scalar("image"),
            True,
            "A file under the docs or annotations folder (path from the repository root), or an https:// address.",
        ),
        Field("alt", TEXT, True, "What the image shows, for readers who cannot see it."),
        Field("credit", TEXT, True, "Who made the image (photographer, agency, or 'Made for this site')."),
        Field("license", TEXT, True, "The licence that lets the site show it, e.g. 'CC BY-SA 4.0' or 'Public domain'."),
    ),
    doc="A picture shown on the hover card and the entry page.",
)

ROLE = Mapping(
    (
        Field("title", TEXT, True, "The position, e.g. 'Secretary of Ukraine's NSDC'."),
        Field("as_of", Scalar("date"), True, "Date (YYYY-MM-DD) on which the role is known to hold."),
    ),
    doc="What the person does, and when that was true.",
)

ALIASES = ListOf(TEXT, max_items=100)
SOURCES = ListOf(REFERENCE, min_items=1, max_items=50)
LINKS = ListOf(REFERENCE, max_items=50)
SAME_AS = ListOf(Scalar("url"), max_items=20)

_IDENTIFIERS = (
    Field("wikidata", Scalar("wikidata"), False, "The Wikidata item for the same person or thing, e.g. Q212."),
    Field("same_as", SAME_AS, False, "Addresses that identify the same person or thing (official site, Wikipedia)."),
    Field(
        "as_of",
        Scalar("date"),
        False,
        "Date (YYYY-MM-DD) the entry's time-bound facts describe (who holds a city or a post).",
    ),
)

_COMMON_TAIL = (
    Field("summary", SUMMARY, True, "One to three sentences of Markdown for the hover card."),
    Field("body", LONG_TEXT, False, "Longer Markdown for the entry's own page."),
    Field("image", IMAGE, False, "An optional picture."),
    Field("links", LINKS, False, "Further reading."),
    Field("sources", SOURCES, True, "Public references that back every claim (at least one)."),
    Field("reviewed", Scalar("date"), True, "Date (YYYY-MM-DD) the entry was last checked."),
    Field(
        "match_case",
        Scalar("bool"),
        False,
        "true (default): names match with this exact capitalisation; false: in any case.",
    ),
)

PERSON = Mapping(
    (
        Field("name", TITLE_TEXT, True, "The person's name as readers know it; linked in articles."),
        Field("aliases", ALIASES, False, "Other spellings or short forms, each linked in articles."),
        Field("role", ROLE, True, "The person's role and the date it holds."),
        Field(
            "sort",
            TEXT,
            False,
            "What the People index sorts by when it is not the name's last word, e.g. 'Xi' for Xi Jinping.",
        ),
        *_COMMON_TAIL,
        *_IDENTIFIERS,
    ),
    doc="A person mentioned in the explainers (annotations/people/<id>.yml).",
)

TERM = Mapping(
    (
        Field("term", TITLE_TEXT, True, "The place, organisation, concept or event; linked in articles."),
        Field("aliases", ALIASES, False, "Other spellings or short forms, each linked in articles."),
        Field("kind", Scalar("choice", choices=TERM_KINDS), True, "What sort of entry this is."),
        Field("date", Scalar("date"), False, "For events: the day (YYYY-MM-DD); puts it on the timeline."),
        *_COMMON_TAIL,
        *_IDENTIFIERS,
    ),
    doc="A glossary entry (annotations/glossary/<id>.yml).",
)

NOTE = Mapping(
    (
        Field("id", Scalar("slug"), True, "Unique within the file: lowercase words joined by hyphens."),
        Field("quote", QUOTE, True, "The passage, exactly as a reader sees it on the page (3 characters or more)."),
        Field("prefix", TEXT, False, "Text just before the passage, to tell repeats apart."),
        Field("suffix", TEXT, False, "Text just after the passage, to tell repeats apart."),
        Field("title", TEXT, True, "Heading of the note."),
        Field("body", LONG_TEXT, True, "The note itself, in Markdown."),
        Field("sources", SOURCES, True, "Public references that back the note (at least one)."),
        Field("reviewed", Scalar("date"), True, "Date (YYYY-MM-DD) the note was last checked."),
    ),
    doc="A context note anchored to one passage of the article.",
)

NOTES_FILE = Mapping(
    (Field("notes", ListOf(NOTE, min_items=1, max_items=500), True, "The article's context notes."),),
    doc="Context notes for one article (annotations/notes/<article path>.yml).",
)

ARTICLE_META = Mapping(
    (
        Field("published", Scalar("date"), False, "Date (YYYY-MM-DD) of publication: the day the facts describe."),
        Field("updated", Scalar("date"), False, "Date (YYYY-MM-DD) of the last update, on or after `published`."),
        Field("dateline", Scalar("text", max_length=100), False, "Where the story was reported from, e.g. ABU DHABI."),
        Field("sources", ListOf(REFERENCE, max_items=100), False, "Reports and statements behind the article."),
    ),
    doc="The explainer's keys in an article's front matter (other keys belong to MkDocs and the theme).",
)

FILE_SHAPES: dict[str, Mapping] = {"person": PERSON, "term": TERM, "notes": NOTES_FILE}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for one kind of annotation file."""
    shape = FILE_SHAPES[kind]
    schema = _shape_schema(shape)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://mkdocs-explainer.invalid/schemas/{kind}.schema.json",
        "title": shape.doc,
        **schema,
    }


def _shape_schema(shape: Shape) -> dict[str, Any]:
    if isinstance(shape, Mapping):
        out: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                f.name: {"description": f.doc, **_shape_schema(f.shape)} for f in shape.fields
            },
            "required": [f.name for f in shape.fields if f.required],
        }
        if shape.doc:
            out["description"] = shape.doc
        return out
    if isinstance(shape, ListOf):
        out = {"type": "array", "items": _shape_schema(shape.item)}
        if shape.min_items:
            out["minItems"] = shape.min_items
        if shape.max_items is not None:
            out["maxItems"] = shape.max_items
        return out
    return _scalar_schema(shape)


def _text_pattern(min_length: int, markup_chars: bool = True) -> str:
    """As the loader reads text: no control character (C0, DEL, C1) but tab and newline (nor `<` and `>`
    without `markup_chars`), and at least `min_length` characters from the first to the last
    that is not a space."""
    controls = r"\u0000-\u0008\u000b-\u001f\u007f-\u009f"
    printable = rf"[^{controls}]" if markup_chars else rf"[^{controls}<>]"
    span = r"[\s\S]*\S" if min_length <= 1 else rf"\s*\S[\s\S]{{{min_length - 2},}}\S"
    return rf"^{_NO_PLACEHOLDER}(?={span}){printable}*$"


def _scalar_schema(shape: Scalar) -> dict[str, Any]:
    # Editors' tools read YAML 1.2, where an unquoted date stays a string: the pattern is the check.
    if shape.kind == "bool":
        return {"type": "boolean"}
    if shape.kind == "date":
        # `format` lets editors' tools (and jsonschema's format checker) refuse 2026-02-30 too.
        return {"type": "string", "pattern": DATE_PATTERN, "format": "date"}
    if shape.kind == "choice":
        return {"type": "string", "enum": list(shape.choices)}
    # The loader refuses a lone yes/no word, quoted or not, as any text.
    not_yes_no = {"not": {"enum": list(YES_NO_WORDS)}}
    if shape.kind == "slug":
        return {"type": "string", "pattern": SLUG_PATTERN, **not_yes_no}
    if shape.kind == "wikidata":
        return {"type": "string", "pattern": WIKIDATA_PATTERN}
    if shape.kind == "url":
        return {"type": "string", "pattern": "^" + _NO_PLACEHOLDER + URL_PATTERN.removeprefix("^")}
    if shape.kind == "image":
        return {"type": "string", "pattern": "^" + _NO_PLACEHOLDER + IMAGE_PATTERN.removeprefix("^")}
    pattern = _text_pattern(shape.min_length, shape.markup_chars)
    out: dict[str, Any] = {"type": "string", "minLength": shape.min_length, "pattern": pattern, **not_yes_no}
    if shape.max_length is not None:
        out["maxLength"] = shape.max_length
    return out
