"""Structured log lines and failure records shared by the stages."""

from __future__ import annotations

import json
import logging

from schemas import Failure, error_message

log = logging.getLogger("pipeline.stages")


class KeyValues:
    """Log fields rendered as `key=value` when a handler formats the message (None values left out)."""

    def __init__(self, fields: dict[str, object]) -> None:
        self.fields = fields

    def __str__(self) -> str:
        parts = []
        for key, value in self.fields.items():
            if value is not None:
                text = str(value)
                # quoted when it has a space, a quote or a character that is not printable (a newline
                # in a file name), so one event stays on one line
                plain = text.isprintable() and not any(c in text for c in ' "=')
                parts.append(f"{key}={text if plain else json.dumps(text, ensure_ascii=False)}")
        return " ".join(parts)


def log_event(level: int, event: str, **fields: object) -> None:
    """One structured log line: the rendered message for any handler, `record.fields` for tests.

    The "document" event is the canonical line of one document; "run" is the run's summary line.
    """
    prefix = "" if event == "document" else f"{event} "
    log.log(level, "%s%s", prefix, KeyValues(fields), extra={"fields": fields, "event": event})


def make_failure(doc_id: str, path: str, stage: str, code: str, **details: object) -> Failure:
    return Failure(
        doc_id=doc_id,
        path=path,
        stage=stage,
        code=code,
        message=error_message(code, **details),
    )
