"""verify, backup (full and incremental) and restore-backup on a generated store, timed.

    python -m bench durability --rows 10M"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.data import fill_store


def run(rows: int) -> None:
    from analytics.store import backup, verify
    from analytics.store.table import Store

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        stored, secs, _ = fill_store(str(root), rows)
        store = Store(root)
        size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) / 1e6
        print(f"durability: a store of {stored:,} rows ({size:,.0f} MB, {store.version() + 1} versions) loaded in {secs:.0f} s")
        steps = []

        def timed(label: str, fn):
            start = time.perf_counter()
            out = fn()
            steps.append((label, time.perf_counter() - start))
            return out

        cheap = timed("verify, the app's start check (log, sizes, footers)", lambda: verify.check(store, deep=False))
        deep = timed("verify (every checksum, rollup against the rows)", lambda: verify.check(store))
        full = timed("backup", lambda: backup.backup(store, Path(tmp) / "backups"))
        again = timed("backup --incremental (nothing changed)", lambda: backup.backup(store, Path(tmp) / "backups", incremental=True))
        timed("restore-backup", lambda: backup.restore_backup(Path(tmp) / "backups", Path(tmp) / "restored"))
        restored = timed("verify of the restored store", lambda: verify.check(Store(Path(tmp) / "restored")))
        for label, secs in steps:
            print(f"  {label:56} {secs:8.2f} s")
        print(f"  problems: start check {len(cheap)}, verify {len(deep)}, restored {len(restored)}; backup "
              f"{len(full.files):,} files {full.bytes / 1e6:,.0f} MB ({full.bytes / 1e6 / steps[2][1]:,.0f} MB/s), "
              f"incremental copied {again.copied} and linked {again.linked}")
