"""Settings read from the environment, each with a default and help text (documented in README)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import SettingError

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO_ROOT / "sample_data"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS = (
    Setting("GOVMEDIA_DATA_DIR", "./data", "Directory of the snapshot store; the app writes nowhere else."),
    Setting("GOVMEDIA_SEED", "1", "Load sample_data/ into an empty store on first start (1) or not (0)."),
    Setting("GOVMEDIA_MAX_UPLOAD_MB", "200", "Largest upload accepted, in MB; larger files are refused before reading."),
    Setting("GOVMEDIA_CACHE_ENTRIES", "256", "Query results kept in memory per process."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    return os.environ.get(name, _BY_NAME[name].default)


def get_int(name: str, minimum: int = 0) -> int:
    raw = get(name)
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise SettingError(
            f"设置 {name} 的值 {raw!r} 无效，应为不小于 {minimum} 的整数",
            f"setting {name} has invalid value {raw!r}; expected an integer >= {minimum}",
        )
    return value


def data_dir(override: str | os.PathLike | None = None) -> Path:
    return Path(override if override is not None else get("GOVMEDIA_DATA_DIR")).expanduser().resolve()


def seed_enabled() -> bool:
    return get("GOVMEDIA_SEED").strip() not in ("0", "false", "no", "")
