"""The language of a document's text, by py3langid (langid.py: a naive Bayes model shipped in the wheel).

py3langid is small, BSD-licensed and offline: its model is inside the package, nothing is downloaded
at run time. Only the languages a press release in Italy or Switzerland is likely to be written in
are considered, which makes short texts far more reliable than a choice among 97 languages.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# the candidate languages: Italian and English are read, the others are flagged
LANGUAGES = ("it", "en", "de", "fr", "es", "pt", "nl", "la")
# the finders read these; a document in another language is extracted and flagged
READ_LANGUAGES = frozenset({"it", "en"})
# fewer letters than this tell nothing reliable
MIN_LETTERS = 20
# the classifier looks at the start of the text only: enough to decide, and fast on long documents
SAMPLE_CHARS = 5000


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of `text`, or None when it is too short to tell.

    >>> detect_language("La Regione Lombardia stanzia 5 milioni di euro per la ricerca industriale.")
    'it'
    >>> detect_language("The Commission grants EUR 40 million to the region for research.")
    'en'
    >>> detect_language("Milano, 9") is None
    True
    """
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    code, _ = _identifier().classify(sample)
    return str(code)
