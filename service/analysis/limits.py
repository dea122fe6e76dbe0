"""The article text limit, applied whatever the input (text, HTML or a fetched page), before parsing.

Extraction itself costs CPU in proportion to the page's text (several seconds per 400,000
characters), so a page is refused before extraction when even its visible text, counted
cheaply, is more than ``PAGE_TEXT_FACTOR`` times the limit; otherwise the extracted text is
checked against the limit itself. Either way spaCy's own ``max_length`` never decides.
"""

from __future__ import annotations

import re

# The longest article text analysed (characters); the service passes NEWSFACTS_MAX_TEXT_CHARS.
MAX_TEXT_CHARS = 200_000
# Visible text counts the page's boilerplate (menus, footers, comments) too: allow that much more.
PAGE_TEXT_FACTOR = 2
# Script and style contents are not text; an unclosed one runs to the end (linear: no backtracking).
_HIDDEN = re.compile(r"<(script|style|template)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


class ArticleTooLong(Exception):
    """The article's text (given, or extracted from HTML or a fetched page) is over the limit."""


def visible_text_chars(html: str) -> int:
    """About how many characters of text ``html`` shows: tags, scripts, styles and comments
    dropped, runs of white space counted as one. An upper bound of what extraction can find
    (entities count as written)."""
    text = _TAG.sub(" ", _COMMENT.sub(" ", _HIDDEN.sub(" ", html)))
    words = text.split()
    return sum(map(len, words)) + max(len(words) - 1, 0)


def check_page(html: str, max_text_chars: int) -> None:
    """ArticleTooLong before extraction when the page's visible text is far over the limit."""
    shown = visible_text_chars(html)
    if shown > PAGE_TEXT_FACTOR * max_text_chars:
        raise ArticleTooLong(
            f"The page holds about {shown:,} characters of text; "
            f"the article text limit is {max_text_chars:,}."
        )


def check_text(text: str, max_text_chars: int) -> None:
    """ArticleTooLong when the article text is over the limit."""
    if len(text) > max_text_chars:
        raise ArticleTooLong(
            f"The article text has {len(text):,} characters; the limit is {max_text_chars:,}."
        )
