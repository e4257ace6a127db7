"""The kinds of work an account publishes (作品类型): codes, names and the aliases exports use."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.vocab.text import fold


@dataclass(frozen=True)
class WorkKind:
    code: str
    zh: str
    en: str
    aliases: tuple[str, ...]

    def name(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


KINDS: tuple[WorkKind, ...] = (
    WorkKind("article", "图文", "Article", ("图文", "文章", "推文", "图文消息", "article", "post", "text")),
    WorkKind("video", "视频", "Video", ("视频", "短视频", "video")),
    WorkKind("live", "直播", "Live", ("直播", "live")),
    WorkKind("image", "图片", "Image", ("图片", "图集", "组图", "image", "photo")),
    WorkKind("repost", "转发", "Repost", ("转发", "转载", "转发微博", "repost", "retweet")),
    WorkKind("audio", "音频", "Audio", ("音频", "语音", "audio")),
    WorkKind("other", "其他", "Other", ("其他", "其它", "other")),
)
BY_CODE: dict[str, WorkKind] = {k.code: k for k in KINDS}
CODES: tuple[str, ...] = tuple(BY_CODE)
_ALIASES = {fold(a): k.code for k in KINDS for a in (k.code, k.zh, *k.aliases)}


def canonical_kind(value: object) -> str | None:
    return None if value is None else _ALIASES.get(fold(str(value)))


def name(code: str | None, lang: str = "zh") -> str:
    kind = BY_CODE.get(code or "")
    return kind.name(lang) if kind else ("Unknown" if lang == "en" else "未标注")
