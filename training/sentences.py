"""Build the sentence pool of the entity corpus: `python -m training.sentences SHARED_DATA_DIR`.

Sources (licences in training/PROVENANCE.md):
- Wikinews (one pre-tokenised sentence per line): tokens are re-joined the way Italian is written
  (no space before `,.;:!?)»`, none after `(«` or an elided article such as `l'`), so the corpus reads
  like the documents the pipeline gets.
- Public-administration prose: the PA digitale 2026 FAQ pages (Markdown with front matter) and the
  Piano triennale ICT chapters (reStructuredText), markup removed, paragraphs split into sentences.

Splits are made once, by blocks of neighbouring sentences (news) or by whole source file (PA), so that
no article or page has sentences on both sides: `test` (500 + 500, never trained or tuned on), `dev`
(picks the checkpoint) and `train`. Output: `training/ner/sentences.jsonl` (id, source, split, text)
and the annotation batches `training/ner/batches/NNN.jsonl` (200 sentences each).
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "training" / "ner"
SEED = 20261127
NEWS_TOTAL, NEWS_TEST, NEWS_DEV = 6400, 500, 400
PA_TOTAL, PA_TEST, PA_DEV = 2400, 500, 300
BATCH = 200
NEWS_BLOCK = 40

_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?)\]»%])")
_NO_SPACE_AFTER = re.compile(r"([(\[«]) ")
_ELISION = re.compile(r"\b([A-Za-zÀ-ÿ]+['’]) (?=\w)")  # noqa: RUF001 (the typographic apostrophe on purpose)


def detokenise(line: str) -> str:
    """Join a Wikinews token line as the sentence would be written."""
    text = _NO_SPACE_BEFORE.sub(r"\1", line.strip())
    text = _NO_SPACE_AFTER.sub(r"\1", text)
    return _ELISION.sub(r"\1", text)


_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_TITLE = re.compile(r"title:\s*(.+)")
_MD_LINK = re.compile(r"\[([^\]\n]{1,300})\]\([^)\s]{0,500}\)")
_RST_LINK = re.compile(r"`([^`<\n]{1,300}?)\s*<[^>\n]{0,500}>`__?")
_RST_ROLE = re.compile(r":[a-z]+:`([^`\n]{1,300})`")
_TAG = re.compile(r"<[^>\n]{0,300}>")
_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[«\"(]?[A-ZÀ-Ý0-9])")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")


def _clean(block: str) -> str:
    block = _MD_LINK.sub(r"\1", block)
    block = _RST_LINK.sub(r"\1", block)
    block = _RST_ROLE.sub(r"\1", block)
    block = block.replace("<br>", "\n").replace("<br/>", "\n").replace("<br />", "\n")
    block = _TAG.sub(" ", block)
    block = re.sub(r"\\ ", "", block)
    block = re.sub(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|``", "", block)
    return block


def pa_paragraphs(path: Path) -> list[str]:
    """The prose paragraphs of one PA page: front-matter title, then the body without markup."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    out: list[str] = []
    front = _FRONT.match(raw)
    if front:
        title = _TITLE.search(front.group(1))
        if title:
            out.append(title.group(1).strip().strip("\"'"))
        raw = raw[front.end() :]
    raw = _clean(raw)
    for para in re.split(r"\n\s*\n", raw):
        lines = [ln.strip() for ln in para.splitlines()]
        lines = [ln for ln in lines if ln and not re.fullmatch(r"[=\-~^*#+`:.|_ ]+", ln)]
        lines = [ln for ln in lines if not ln.startswith((".. ", ":", "|", "+", "{%", "{{"))]
        for piece in re.split(r"\n(?=\s*(?:[-•]|\d+[.)]|[a-z][.)])\s)", "\n".join(lines)):
            text = " ".join(
                re.sub(r"^\s*(?:[-•]|#+|\d+[.)]|[a-z][.)])\s+", "", ln) for ln in piece.split("\n")
            )
            text = re.sub(r"\s+", " ", text).strip()
            if text:
                out.append(text)
    return out


def sentences_of(paragraph: str) -> list[str]:
    """Split a paragraph at sentence ends followed by a capital or a digit."""
    return [s.strip() for s in _SPLIT.split(paragraph) if s.strip()]


def _usable(text: str, lo: int, hi: int) -> bool:
    words = text.split()
    if any(re.fullmatch(r"[BI]-(?:PER|ORG|LOC|MISC)", w) for w in words):
        return False  # a stray tag left in the source text
    return lo <= len(words) <= hi and len(_WORD.findall(text)) >= lo - 1 and "http" not in text


def news_pool(path: Path) -> list[list[str]]:
    """Wikinews sentences in blocks of neighbours (articles are contiguous in the file)."""
    lines = [detokenise(line) for line in path.read_text(encoding="utf-8").splitlines()]
    blocks = [lines[i : i + NEWS_BLOCK] for i in range(0, len(lines), NEWS_BLOCK)]
    seen: set[str] = set()
    out = []
    for block in blocks:
        kept = []
        for s in block:
            if _usable(s, 4, 70) and s not in seen:
                seen.add(s)
                kept.append(s)
        out.append(kept)
    return out


def pa_pool(root: Path) -> list[tuple[str, list[str]]]:
    """(source file, its sentences) for every PA page with prose."""
    seen: set[str] = set()
    out = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in {".md", ".rst"}:
            continue
        kept = []
        for para in pa_paragraphs(path):
            for s in sentences_of(para):
                if _usable(s, 5, 80) and s not in seen:
                    seen.add(s)
                    kept.append(s)
        if kept:
            out.append((f"{path.parent.name}/{path.name}", kept))
    return out


def _take(groups: list[list[str]], quota: int) -> tuple[list[str], list[list[str]]]:
    """Whole groups from the front until `quota` sentences (the last group cut), and the groups left."""
    out: list[str] = []
    for i, group in enumerate(groups):
        if len(out) >= quota:
            return out, groups[i:]
        out.extend(group[: quota - len(out)])
    return out, []


def build(shared_data: Path) -> list[dict[str, str]]:
    """Select and split the sentences; deterministic for a given input."""
    rng = random.Random(SEED)
    news = news_pool(shared_data / "text" / "wikinews-it.txt")
    rng.shuffle(news)
    news_test, rest = _take(news, NEWS_TEST)
    news_dev, rest = _take(rest, NEWS_DEV)
    news_train, _ = _take(rest, NEWS_TOTAL - NEWS_TEST - NEWS_DEV)
    rows: list[dict[str, str]] = []

    pa = pa_pool(shared_data / "text" / "pa-it")
    rng.shuffle(pa)
    counts = {"test": 0, "dev": 0, "train": 0}
    quotas = {"test": PA_TEST, "dev": PA_DEV, "train": PA_TOTAL - PA_TEST - PA_DEV}
    pa_rows: list[dict[str, str]] = []
    for source, sents in pa:
        split = next((k for k in ("test", "dev", "train") if counts[k] < quotas[k]), None)
        if split is None:
            break
        take = sents[: max(0, quotas[split] - counts[split] + 40)]
        counts[split] += len(take)
        pa_rows.extend({"source": f"pa-it/{source}", "split": split, "text": s} for s in take)

    for split, sents in (("test", news_test), ("dev", news_dev), ("train", news_train)):
        rows.extend({"source": "wikinews", "split": split, "text": s} for s in sents)
    rows.extend(pa_rows)
    n = {"wikinews": 0, "pa": 0}
    for row in rows:
        kind = "wikinews" if row["source"] == "wikinews" else "pa"
        n[kind] += 1
        row["id"] = f"{'wn' if kind == 'wikinews' else 'pa'}-{n[kind]:05d}"
    return rows


def main(argv: list[str]) -> None:
    shared = Path(argv[0]) if argv else ROOT.parent / "shared" / "data"
    rows = build(shared)
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "sentences.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(
                json.dumps({k: row[k] for k in ("id", "source", "split", "text")}, ensure_ascii=False) + "\n"
            )
    batches = OUT / "batches"
    batches.mkdir(exist_ok=True)
    # batches mix the splits only within a source, shuffled, so a reader cannot tell test from train
    rng = random.Random(SEED + 1)
    for kind in ("wn", "pa"):
        part = [r for r in rows if r["id"].startswith(kind)]
        rng.shuffle(part)
        for i in range(0, len(part), BATCH):
            name = f"{kind}-{i // BATCH + 1:03d}.jsonl"
            with (batches / name).open("w", encoding="utf-8") as fh:
                for r in part[i : i + BATCH]:
                    fh.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
    from collections import Counter

    print(Counter((r["source"].split("/")[0], r["split"]) for r in rows))


if __name__ == "__main__":
    main(sys.argv[1:])
