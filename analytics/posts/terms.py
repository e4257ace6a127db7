"""Words of a post for its keywords: jieba with a shipped user dictionary of 政务 terms (so that 政务新媒体,
一网通办 and 营商环境 stay one word) and stop words, offline and deterministic.

jieba writes a cache of its dictionary on first use; it goes into the data directory's staging folder,
never the system's temp directory. Only the title and the first TEXT_CHARS characters of the text are
cut: that is where a post says what it is about, and it bounds the cost of a long text to that of a
short one."""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "vocab" / "data"
USER_DICT = DATA / "zhengwu_dict.txt"
STOP_WORDS = DATA / "stopwords.txt"
TEXT_CHARS = 300
_WORD = re.compile(r"^(?=.*[\u4e00-\u9fff])[\u4e00-\u9fffA-Za-z0-9]{2,}$|^[A-Za-z][A-Za-z0-9]{2,}$")
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return frozenset(w.strip() for w in STOP_WORDS.read_text(encoding="utf-8").splitlines() if w.strip())


_TOKENIZERS: dict[str, object] = {}


def _tokenizer(cache_dir: Path):
    with _LOCK:
        key = str(cache_dir)
        if key not in _TOKENIZERS:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            cache_dir.mkdir(parents=True, exist_ok=True)
            tok = jieba.Tokenizer()
            tok.tmp_dir = str(cache_dir)
            tok.initialize()
            tok.load_userdict(str(USER_DICT))
            _TOKENIZERS[key] = tok
        return _TOKENIZERS[key]


def words(title: str | None, text: str | None, cache_dir: Path) -> list[str]:
    """The post's words, repeated as often as they occur (stop words, single characters, numbers and
    punctuation left out)."""
    body = " ".join(part for part in (title, (text or "")[:TEXT_CHARS]) if part)
    if not body:
        return []
    stop = stop_words()
    return [w for w in _tokenizer(cache_dir).cut(body, HMM=False) if _WORD.match(w) and w not in stop]


def words_of(posts: list[tuple[str | None, str | None]], cache_dir: Path) -> list[list[str]]:
    """`words` of many posts: what a worker process of a large build runs."""
    return [words(title, text, cache_dir) for title, text in posts]
