"""Plain text and Markdown: bytes in any common encoding → SourceText."""

from __future__ import annotations

import codecs
import html
import re
import unicodedata

from charset_normalizer import from_bytes

from pipeline.extract.source import ReadError, SourceText
from pipeline.readers.frontmatter import split_front_matter
from schemas.errors import error_message

# characters that render as nothing; a PDF producer or a CMS may put them inside words (U+200B in a
# signed decree splits "dece\u200bmbre"), where they break every pattern that follows
INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# characters that render as a space of some width; the extractors expect a plain space
SPACE_CHARS = "\u00a0\u2007\u2009\u200a\u202f\u205f\u3000\u2002\u2003\u2004\u2005\u2006\u2008\u0085"
# typographic ligatures that PDF fonts emit as one code point ("ﬁnanziamento")
LIGATURES = "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
# encodings the detector may choose: Unicode, and the Western and Central European code pages
# that Italian text comes in; with every code page allowed, binary noise decodes as Korean
DETECTED_ENCODINGS = [
    "utf_8",
    "utf_16",
    "utf_32",
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "cp850",
    "mac_roman",
]
# the share of replacement characters above which a decoding is considered wrong
MAX_REPLACEMENT_SHARE = 0.01
# a first line longer than this is a paragraph, not a title
MAX_TITLE_CHARS = 200

_TRANSLATION = {ord(c): None for c in INVISIBLE_CHARS} | {ord(c): " " for c in SPACE_CHARS}
_TRANSLATION |= {ord(c): unicodedata.normalize("NFKC", c) for c in LIGATURES}
_TRANSLATION |= {ord("\u2028"): "\n", ord("\u2029"): "\n", ord("\x0c"): "\n", ord("\x0b"): "\n"}
_NEWLINES = re.compile(r"\r\n?")
# controls other than tab and newline carry no text
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# half of a UTF-16 pair with no other half (a broken PDF font map): not a character, cannot be stored
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")

# markdown syntax that is markup, not text
# every pattern is linear on any input: a bracket or parenthesis ends the scan of the one before it
# (with `[^\]\n]*` a line of 60,000 "[" took minutes), and a run is matched from its first character only
_MD_IMAGE_OR_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+\"[^\"\n]*\")?\)")
_MD_REF_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_MD_LINK_DEFINITION = re.compile(r"(?m)^ {0,3}\[[^\]\n]+\]:[ \t]+\S+.*$")
# a footnote's definition keeps its text, its mark in the text goes: `[^1]: Decreto ...`, `fondo[^1]`
_MD_FOOTNOTE_DEFINITION = re.compile(r"(?m)^ {0,3}\[\^[^\[\]\s]{1,40}\]:[ \t]*")
_MD_FOOTNOTE_MARK = re.compile(r"\[\^[^\[\]\s]{1,40}\]")
# a kramdown abbreviation's definition (`*[PNRR]: Piano ...`) is shown nowhere
_MD_ABBREVIATION = re.compile(r"(?m)^ {0,3}\*\[[^\[\]\n]+\]:.*$")
_MD_BLOCKQUOTE = re.compile(r"(?m)^ {0,3}(?:>[ \t]?)+")
_MD_STRIKETHROUGH = re.compile(r"~~")
_MD_HEADING = re.compile(r"(?m)^ {0,3}#{1,6}(?:[ \t]+|$)")
_MD_CLOSING_HASHES = re.compile(r"(?m)(?<![ \t])[ \t]+#+[ \t]*$")
_MD_TABLE_RULE = re.compile(r"(?m)^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*\n?")
_MD_BULLET = re.compile(r"(?m)^([ \t]*)[*+][ \t]+")
_MD_THEMATIC_BREAK = re.compile(r"(?m)^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_MD_STRONG = re.compile(r"\*\*|(?<![\w_])__|__(?![\w_])")
# a single * or _ that opens (followed by a non-space) or closes (preceded by a non-space) emphasis
_MD_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])|(?<!\w)_(?=[^\s_])|(?<=[^\s_])_(?!\w)"
)
_MD_HARD_BREAK = re.compile(r"(?m)(?:(?<! ) {2,}|\\)$")
_MD_BACKSLASH_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_ESCAPE_BASE = 0xE000
_ESCAPE_RESTORE = {_ESCAPE_BASE + ord(c): c for c in "\\`*_{}[]()#+-.!|"}
_MD_INLINE_CODE = re.compile(r"`+")
# an HTML comment is invisible in the rendered page ('<!-- more -->' marks where an excerpt ends)
_MD_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
# the site generators' syntax, which renders as nothing: kramdown attribute lists and extensions
# (`[Foto](url){:target="_blank"}`, a `{:.small}` line, `{::options /}`), Liquid tags and output
# (`{% include x.html %}`, `{{ site.baseurl }}`), Hugo shortcodes (`{{< figure >}}`); none holds a brace
_MD_SITE_SYNTAX = re.compile(r"\{:[^{}\n]*\}|\{%[^{}\n]*%\}|\{\{[^{}\n]*\}\}")
# blocks whose content is not shown: Liquid and kramdown comments, scripts and styles
_HIDDEN_BLOCKS = (
    (re.compile(r"\{%-?\s*comment\s*-?%\}"), re.compile(r"\{%-?\s*endcomment\s*-?%\}")),
    (re.compile(r"\{::comment\}"), re.compile(r"\{:/comment\}")),
    (re.compile(r"<script\b[^<>]*>", re.I), re.compile(r"</script\s*>", re.I)),
    (re.compile(r"<style\b[^<>]*>", re.I), re.compile(r"</style\s*>", re.I)),
)
# HTML elements written inside Markdown: the tags go, their text stays; a line break or a block
# element ends a line
_HTML_BLOCK_TAGS = (
    "address|article|aside|blockquote|br|caption|center|dd|details|div|dl|dt|figcaption|figure|footer|"
    "h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul"
)
_HTML_INLINE_TAGS = (
    "a|abbr|b|button|cite|code|del|em|font|i|iframe|img|input|ins|label|mark|picture|q|s|small|source|"
    "span|strong|sub|sup|time|u|video"
)
_MD_HTML_BLOCK_TAG = re.compile(rf"</?(?:{_HTML_BLOCK_TAGS})(?:\s[^<>]*)?/?>", re.I)
_MD_HTML_INLINE_TAG = re.compile(rf"</?(?:{_HTML_INLINE_TAGS})(?:\s[^<>]*)?/?>", re.I)
# a table row of a Markdown table: a line break inside a cell is a space there, so the row stays a line
_MD_TABLE_ROW = re.compile(r"(?m)^[ \t]*\|.*$")
_HTML_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
# a character reference with its semicolon (`&egrave;`, `&#8217;`); without one, `&` is text
_HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# the label a press release opens with, perhaps with its number or date: not its title
_RELEASE_LABEL = re.compile(
    r"(?i)(?:(?:comunicato|nota|informazione)(?:[ ]+(?:alla|per[ ]+la))?[ ]+stampa|press[ ]+release"
    r"|comunicato)(?:[ ]*(?:n\.?|nr\.?|numero)?[ ]*[0-9]+(?:/[0-9]{2,4})?)?"
    r"(?:[ ]*[-\u2013,][ ]*[^\n]{0,40}[0-9]{4})?[ ]*[.:]?"
)
_MD_FIRST_HEADING = re.compile(r"(?m)^ {0,3}#{1,6}[ \t]+(\S.*)$")


def normalise_text(text: str) -> str:
    """Make text comparable across formats: one kind of space, no invisible characters, `\\n` lines.

    Every reader passes its text through this function, so that offsets and patterns see the
    same characters whether the document was a PDF, a web page or a text file.

    Args:
        text: decoded text.

    Returns:
        The text with non-breaking and typographic spaces as U+0020, zero-width characters and soft
        hyphens removed, ligatures expanded, line ends as `\\n`, and lone surrogates (which a
        broken PDF font map yields) as U+FFFD.

    >>> normalise_text("4.163.400\\u00a0euro")
    '4.163.400 euro'
    >>> normalise_text("dicem\\u200bbre\\r\\n")
    'dicembre\\n'
    >>> normalise_text("\\ufb01nanziamento")
    'finanziamento'
    """
    text = _NEWLINES.sub("\n", text)
    text = text.translate(_TRANSLATION)
    text = _LONE_SURROGATES.sub("\ufffd", text)
    return _CONTROLS.sub("", text)


def decode_text(data: bytes) -> str | None:
    """Decode bytes in UTF-8 (with or without BOM), cp1252, latin-1 or another detected encoding.

    Args:
        data: the raw bytes of a text file.

    Returns:
        The decoded text, or None when no encoding fits.

    >>> decode_text("città".encode("utf-8-sig"))
    'città'
    >>> decode_text("l\\u2019Italia è".encode("cp1252")) == "l\\u2019Italia è"
    True
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        # strict utf-8 almost never decodes text written in another encoding, so it goes first
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # italian text in a single-byte encoding: cp1252 is a superset of latin-1 for printable
    # characters (it adds curly quotes and the euro sign in 0x80-0x9f), and the detector often
    # names a cousin (cp1250, mac_roman) that turns "è" into "č"; it decides only when cp1252
    # cannot decode the bytes
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and not _CONTROLS.search(text.replace("\x0c", "")):
        return text
    best = from_bytes(data, cp_isolation=DETECTED_ENCODINGS).best()
    if best is None:
        return None
    decoded = str(best)
    if decoded.count("\ufffd") > MAX_REPLACEMENT_SHARE * max(1, len(decoded)):
        return None
    return decoded


def strip_markdown(text: str) -> str:
    """Remove Markdown markup and keep its text, line by line.

    Line breaks are kept, so a heading or table line stays on its own line.

    The markup is removed in place rather than rendered by a CommonMark library: the text keeps its
    lines where the source has them (headings, table rows, list items), which the extractors read,
    and the site generators' own syntax (kramdown, Liquid, Hugo), which CommonMark does not know,
    goes too.

    Args:
        text: Markdown source.

    Returns:
        The text without emphasis markers, heading markers, link syntax, table rule lines, HTML tags,
        hidden blocks (comments, scripts, styles), character references (decoded) and the site
        generators' syntax.

    >>> strip_markdown("a **4.163.400 euro** b")
    'a 4.163.400 euro b'
    >>> strip_markdown("## [Regione](https://x.it) *Milano*")
    'Regione Milano'
    >>> strip_markdown('Foto di [Ada Neri](https://x.it){:target="_blank"} su Unsplash')
    'Foto di Ada Neri su Unsplash'
    """
    # escaped markup characters are text: park them in the private use area while markup goes
    text = _MD_BACKSLASH_ESCAPE.sub(lambda m: chr(_ESCAPE_BASE + ord(m.group(1))), text)
    text = _MD_HTML_COMMENT.sub("", text)
    for opening, closing in _HIDDEN_BLOCKS:
        text = _drop_blocks(text, opening, closing)
    text = _MD_SITE_SYNTAX.sub("", text)
    text = _MD_TABLE_ROW.sub(lambda m: _HTML_LINE_BREAK.sub(" ", m.group()), text)
    text = _MD_HTML_BLOCK_TAG.sub("\n", text)
    text = _MD_HTML_INLINE_TAG.sub("", text)
    text = _MD_FOOTNOTE_DEFINITION.sub("", text)
    text = _MD_FOOTNOTE_MARK.sub("", text)
    text = _MD_ABBREVIATION.sub("", text)
    text = _MD_LINK_DEFINITION.sub("", text)
    text = _MD_BLOCKQUOTE.sub("", text)
    text = _MD_IMAGE_OR_LINK.sub(r"\1", text)
    text = _MD_REF_LINK.sub(r"\1", text)
    text = _MD_TABLE_RULE.sub("", text)
    text = _MD_BULLET.sub(r"\1- ", text)
    text = _MD_THEMATIC_BREAK.sub("", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_CLOSING_HASHES.sub("", text)
    text = _MD_HARD_BREAK.sub("", text)
    text = _MD_INLINE_CODE.sub("", text)
    text = _MD_STRONG.sub("", text)
    text = _MD_STRIKETHROUGH.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    text = _HTML_ENTITY.sub(lambda m: normalise_text(html.unescape(m.group())), text)
    return text.translate(_ESCAPE_RESTORE)


def _drop_blocks(text: str, opening: re.Pattern[str], closing: re.Pattern[str]) -> str:
    """`text` without every block from a match of `opening` to the next match of `closing` (an opening
    without a closing is left as it is); one pass over the text."""
    parts: list[str] = []
    pos = 0
    while (start := opening.search(text, pos)) is not None:
        end = closing.search(text, start.end())
        if end is None:
            break
        parts.append(text[pos : start.start()])
        pos = end.end()
    parts.append(text[pos:])
    return "".join(parts)


def read_text(data: bytes, markdown: bool = False) -> SourceText | ReadError:
    """Read a plain text or Markdown file.

    Args:
        data: the file's bytes.
        markdown: strip Markdown markup, keeping line breaks.

    Returns:
        SourceText with format "markdown" or "text", or ReadError E100 (empty), E106 (encoding).

    >>> read_text(b"**Milano**, 9 luglio", markdown=True).text
    'Milano, 9 luglio'
    >>> read_text(b"").code
    'E100'
    """
    if not data.strip():
        return ReadError("E100", error_message("E100"))
    decoded = decode_text(data)
    if decoded is None:
        return ReadError("E106", error_message("E106"))
    text = normalise_text(decoded)
    front = split_front_matter(text)
    text = front.text
    title = front.title
    if markdown:
        heading = _MD_FIRST_HEADING.search(text)
        text = strip_markdown(text)
        if heading:
            title = strip_markdown(heading.group(1)).strip() or None
    if not text.strip():
        return ReadError("E100", error_message("E100"))
    return SourceText(
        text=text,
        format="markdown" if markdown else "text",
        title=title or _find_first_line(text),
        publication_date=front.published,
        modified_date=front.modified,
        language=front.language,
        tags=front.tags,
    )


def _find_first_line(text: str) -> str | None:
    """The first non-blank line, when it is short enough to be a title; a press release's label line
    (`COMUNICATO STAMPA N. 45/2025`) is passed over.

    >>> _find_first_line("COMUNICATO STAMPA N. 45/2025\\n\\nUniversità, 2 milioni\\nPadova, 12 marzo")
    'Università, 2 milioni'
    """
    for line in text.splitlines():
        line = line.strip()
        if line and not _RELEASE_LABEL.fullmatch(line):
            return line if len(line) <= MAX_TITLE_CHARS else None
    return None
