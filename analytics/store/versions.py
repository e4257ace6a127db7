"""What the rollup and the account summary share: per-version files, of which the last few are kept."""

from __future__ import annotations

from pathlib import Path

KEEP_VERSIONS = 3  # a process still reading the previous version's files must not lose them


def drop_older(folder: Path, suffix: str, version: int) -> None:
    """Remove `v<number><suffix>` files of versions more than KEEP_VERSIONS before `version`."""
    for f in folder.glob(f"v*{suffix}"):
        try:
            if int(f.name[1:-len(suffix)]) <= version - KEEP_VERSIONS:
                f.unlink()
        except (ValueError, FileNotFoundError):
            continue
