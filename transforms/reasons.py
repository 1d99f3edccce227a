"""The vocabularies every stage reports in: why a record was rejected, why a line is not
content, why deduplication removed a row. StrEnums: members are the strings stored in the
Parquet tables (a contract: add members, never rename), and compare equal to them."""
from __future__ import annotations

from enum import StrEnum


class RejectReason(StrEnum):
    """A record with no usable article (rejects.reason)."""
    EMPTY = "empty"
    NUL_BYTES = "nul_bytes"  # a preallocated or zeroed file
    ARCHIVE = "archive"      # zip, 7z, rar...: many files in one, never a page
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    TOO_LARGE = "too_large"
    ERROR_PAGE = "error_page"
    CHROME_ONLY = "chrome_only"
    # Prose in another language (English, Korean...), which the Chinese line rules do not read.
    OTHER_LANGUAGE = "other_language"
    LIST_PAGE = "list_page"  # headlines of other pages and no article: an index, a table of contents
    # A fifth or more of the characters are U+FFFD: the scraper lost the text before saving.
    GARBLED = "garbled"
    # The article text is one passage repeated (transforms/degenerate.py).
    REPETITIVE = "repetitive"
    # Nothing left once stretches far beyond any paragraph's length, with no sentence end, are dropped.
    NO_STRUCTURE = "no_paragraph_structure"
    UNREADABLE = "unreadable"
    CHANGING = "changing"  # kept changing while it was read: a crawler still writing it
    # Entries of the raw folder that are not files to read:
    OUTSIDE_RAW = "outside_raw"  # a link to something outside the raw folder (not followed)
    BROKEN_LINK = "broken_link"  # a link to nothing, or a loop of links
    NOT_A_FILE = "not_a_file"    # a FIFO, socket or device
    LINK_TO_FOLDER = "link_to_folder"  # not followed: a crawl mirror can loop
    INTERNAL_ERROR = "internal_error"
    # Responses in a WARC that hold no page:
    HTTP_ERROR = "http_error"  # 4xx/5xx
    REDIRECT = "redirect"      # 3xx
    NOT_TEXT = "not_text"      # an image, a PDF, a script...
    # A record whose headers cannot be read, bytes skipped to the next readable record, or
    # a file that ends inside a record before its body.
    DAMAGED_RECORD = "damaged_record"
    NO_RESPONSES = "no_responses"  # a WARC file of warcinfo, request or metadata records only


# Reads that failed for a reason that may be gone by the next run (a permission fixed, a
# crawler done writing, a link's target restored): such records are read again every run.
TRANSIENT = frozenset({RejectReason.UNREADABLE, RejectReason.CHANGING, RejectReason.BROKEN_LINK})


class LineReason(StrEnum):
    """Why a CHROME, STOP or META line is not article text (the run's 'lines dropped')."""
    NONE = ""
    ERROR_DEBRIS = "error_debris"
    END_MARKER = "related_or_end_marker"
    FOOTER = "footer"
    EDITOR_LINE = "editor_line"
    COMMENT_UI = "comment_ui"
    RESPONSES = "responses_follow"  # a comment section's count (已有3条评论) or 更多回答: responses follow, not the article
    NOTICE = "notice"  # a reprint or help-line notice: the article has ended, its fields may follow
    AUTHOR_NOTE = "author_note"
    BREADCRUMB = "breadcrumb"
    TOOLBAR = "toolbar_or_link"
    PROMOTION = "promotion"  # a short line sending the reader to the outlet's app, account or other pages
    INSERTED_LIST = "inserted_list"  # a related-stories box inside the text, which resumes after it
    LINK_LINE = "link_line"  # saved HTML: a short line inside the article that is a link and little else
    TIMESTAMP = "timestamp"
    BYLINE = "byline"
    META_LINE = "meta_line"
    TEASER = "teaser"
    COUNTER = "counter"  # 您是本文第 N 个阅览者
    CONTENTS = "contents"  # an entry's own table of contents
    SITE_TEMPLATE = "site_template"  # on most of the site's pages (transforms/templates.py)
    NOT_IN_TREE = "not_in_tree_reading"  # at an end of the article, absent from the tree's densest container (HTML)
    LISTING = "listing"  # one of a run of lines each ending in a time: posts of a thread, stories of a list
    MARKUP = "markup"  # a dump's line of HTML tags and nothing outside them (<SCRIPT SRC=…></SCRIPT>)
    OVERLONG = "overlong_text"  # beyond any paragraph's length with no sentence end (transforms/degenerate.py)


class DupMethod(StrEnum):
    """How a duplicate document was found (documents.dup_method)."""
    EXACT = "exact"
    NEAR = "near"


class RemovalRule(StrEnum):
    """Why a row is in the `removed` audit table."""
    EXACT_DUPLICATE = "exact_duplicate"
    NEAR_DUPLICATE = "near_duplicate"
    SITE_BOILERPLATE = "site_boilerplate"
    REPEAT_IN_DOCUMENT = "repeat_in_document"
    SUPERSEDED = "superseded"  # a document replaced by a newer version of its record, or moved

    @classmethod
    def for_duplicate(cls, method: DupMethod) -> RemovalRule:
        return cls.EXACT_DUPLICATE if method is DupMethod.EXACT else cls.NEAR_DUPLICATE
