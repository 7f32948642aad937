"""The catalogue of stable error codes: E1xx read, E2xx extract, E3xx load."""

from __future__ import annotations

ERRORS: dict[str, str] = {
    "E100": "the file is empty; replace it with the complete document",
    "E101": "the file is not a valid {fmt}; check that it opens in a viewer and that its extension is right",
    "E102": "the PDF is encrypted; save a copy without a password",
    "E103": "no text layer and OCR found no text; check the file",
    "E104": "the PDF has no text layer and OCR is not available; install tesseract-ocr and tesseract-ocr-ita",
    "E105": "the file type {suffix!r} is not supported; use .pdf, .html, .htm, .md or .txt",
    "E106": "the text encoding could not be detected; save the file as UTF-8",
    "E107": "no main text found in the HTML page; check that it is an article and not only scripts",
    "E108": "the file exceeds the limit of {limit}; split it or raise the limit",
    "E109": "reading took longer than {limit} s; check the file or raise the limit",
    "E110": "the path is a symbolic link that points outside raw/; copy the file into raw/ instead",
    "E111": "the file could not be read from disk: {detail}",
    "E112": "reading needed more than {limit} of memory; check the file or raise the limit",
    "E113": "the reader stopped unexpectedly on this file ({detail}); check it in a PDF or web viewer",
    "E114": "the file name is not valid UTF-8 (shown with \\x escapes); rename the file",
    "E115": "the path is {kind}, not a regular file; only files are read from raw/",
    "E116": "the path is a broken symbolic link ({detail}); fix or remove it",
    "E117": "the file is a hard link shared with a file outside raw/; copy the file into raw/ instead",
    "E118": "the page is only a redirect to {target}; save the page it points to instead",
    "E201": "extraction failed with an unexpected error ({detail}); this is a bug: report it with the file",
    "E302": "the records file could not be read ({detail}); run `pipeline run` to extract the document again",
    "E303": "the records could not be written ({detail}); free disk space and run again",
    "E301": "loading into the database failed ({detail}); the previous version of the document is kept",
}


def error_message(code: str, **details: object) -> str:
    """The catalogue message for `code`, prefixed with the code.

    >>> error_message("E102")
    'E102: the PDF is encrypted; save a copy without a password'
    """
    return f"{code}: " + ERRORS[code].format(**details)
