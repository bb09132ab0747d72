"""Where Thai text may be broken: word boundaries for line breaking and for shortening with "…", and the finer
cluster boundaries to fall back on when one word is wider than its line.

Thai is written without spaces between words, so a line may only break where a word segmenter says a word ends.
The segmenter is PyThaiNLP's dictionary tokenizer ``newmm`` (maximal matching over PyThaiNLP's Thai word list,
constrained to Thai Character Cluster boundaries, so it never cuts a vowel or tone mark from its consonant), in its
``newmm-safe`` variant, which bounds the time spent on long runs with many ambiguous breaks (a pasted note can be
thousands of characters without a space).

Why PyThaiNLP and not ICU's line-break iterator: ICU would be as good for Thai (it also breaks by a dictionary),
but its Python binding, PyICU, is published as source only and must be compiled against the system's ICU headers
(a C++ tool chain in every install and in CI, and a binding tied to one ICU version), while PyThaiNLP is pure Python,
works offline with its bundled dictionary, is maintained by the Thai NLP community, and is already the library the
project's charter names for Thai text.

Nothing here knows about PDF or Word: the PDF engine (``reports/pdf.py``) uses :func:`with_break_hints` and
:func:`cut_points`, and any other writer (Word, the UI) may use the same functions.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ZWSP = "\u200b"  # ZERO WIDTH SPACE: a line-break opportunity that draws nothing (fpdf2 and Word both honour it)
SEGMENTER = "newmm-safe"
_THAI = re.compile("[\u0e00-\u0e7f]")
_BREAKS = re.compile(f"([\\s{ZWSP}]+)")
SARA_AM, NIKHAHIT, SARA_AA = "\u0e33", "\u0e4d", "\u0e32"


@lru_cache(maxsize=32768)
def _thai_words(chunk: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize  # imported on first use: loading the dictionary takes a moment

    return tuple(word_tokenize(chunk, engine=SEGMENTER, keep_whitespace=True))


@lru_cache(maxsize=16384)
def words(text: str) -> tuple[str, ...]:
    """``text`` cut into words and runs of whitespace; ``"".join(words(text)) == text``. Thai is cut by the
    segmenter; a run without Thai letters (a number, a Latin word, a link) is one word."""
    pieces: list[str] = []
    for chunk in _BREAKS.split(text):
        if not chunk:
            continue
        if _BREAKS.fullmatch(chunk) or not _THAI.search(chunk):
            pieces.append(chunk)
        else:
            pieces.extend(_thai_words(chunk))
    return tuple(pieces)


def word_boundaries(text: str) -> frozenset[int]:
    """Every index of ``text`` at which a word starts or ends (0 and ``len(text)`` included)."""
    return frozenset(_boundaries(text))


@lru_cache(maxsize=16384)
def _boundaries(text: str) -> tuple[int, ...]:
    positions, at = [0], 0
    for word in words(text):
        at += len(word)
        positions.append(at)
    return tuple(positions)


def cut_points(text: str) -> tuple[int, ...]:
    """The lengths ``n`` at which ``text[:n]`` ends a word, shortest first (0 and ``len(text)`` included): where a
    text may be shortened with "…"."""
    return _boundaries(text)


def is_grapheme_boundary(text: str, index: int) -> bool:
    """False where cutting ``text`` before ``index`` would split a grapheme cluster: before a combining mark (Thai
    vowels above and below, tone marks), before SARA AM (a spacing mark that belongs to the consonant before it),
    before SARA AA that follows NIKHAHIT (SARA AM written in two code points), or inside a CR LF pair."""
    if index <= 0 or index >= len(text):
        return True
    char, before = text[index], text[index - 1]
    if unicodedata.category(char) in ("Mn", "Mc", "Me") or char in (SARA_AM, "\u200d", "\u200c"):
        return False
    if char == SARA_AA and before == NIKHAHIT:
        return False
    if before == "\u200d" or (before == "\r" and char == "\n"):
        return False
    return True


@lru_cache(maxsize=4096)
def cluster_cuts(word: str) -> tuple[int, ...]:
    """Where a word too wide for its line may be cut as a last resort: between Thai Character Clusters (PyThaiNLP's
    TCC, which keeps a leading vowel with its consonant) for Thai, between grapheme clusters otherwise; never inside
    a grapheme cluster. ``0`` and ``len(word)`` are not listed."""
    if _THAI.search(word):
        from pythainlp.tokenize import tcc

        positions, at = [], 0
        for cluster in tcc.segment(word):
            at += len(cluster)
            positions.append(at)
        candidates = positions[:-1]
    else:
        candidates = list(range(1, len(word)))
    return tuple(i for i in candidates if is_grapheme_boundary(word, i) and word[i - 1] != "-")


@lru_cache(maxsize=16384)
def with_break_hints(text: str) -> str:
    """``text`` with a ZERO WIDTH SPACE between any two words that are not already separated by whitespace, so a
    line-breaking writer (fpdf2's ``multi_cell``, Word) breaks Thai lines between words only. The hints must not
    reach the text layer: the PDF engine drops them when it shapes a line."""
    if not _THAI.search(text):
        return text
    out: list[str] = []
    previous = ""
    for word in words(text):
        if out and not _BREAKS.fullmatch(word) and not _BREAKS.fullmatch(previous) and not previous.endswith("-"):
            out.append(ZWSP)  # (not after a hyphen: pdftotext would join the lines and drop the hyphen)
        out.append(word)
        previous = word
    return "".join(out)


def without_break_hints(text: str) -> str:
    return text.replace(ZWSP, "")
