"""Passwords: salted scrypt hashes, and the throttle that slows sign-in after a few wrong tries (shared by processes)."""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import hmac
import json
import secrets as token
import threading
import time
from pathlib import Path

from analytics.errors import PermissionDenied

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}

FREE_ATTEMPTS = 3

MAX_WAIT_S = 60.0

THROTTLE_FILE = ".sign-in-throttle.json"  # under the data directory, shared by app processes

def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or token.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return "$".join(["scrypt", str(_SCRYPT["n"]), str(_SCRYPT["r"]), str(_SCRYPT["p"]),
                     base64.b64encode(salt).decode(), base64.b64encode(digest).decode()])

def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), dklen=len(expected),
                                n=int(n), r=int(r), p=int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)

_DUMMY = hash_password("not a password")

class Throttle:
    """After a few wrong passwords for a name or from an address, each further try must wait longer
    (doubling, capped). Checking and recording are one step under a lock, so tries made at the same
    moment cannot all slip through; with a file the count is shared by every process using the data
    directory (several app workers), without one it lives in this process."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._memory: dict[str, list[float]] = {}

    @contextlib.contextmanager
    def _state(self):
        with self._lock:
            if self.path is None:
                yield self._memory
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a+", encoding="utf-8") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                fh.seek(0)
                try:
                    state = json.loads(fh.read() or "{}")
                except ValueError:
                    state = {}
                yield state
                fh.seek(0)
                fh.truncate()
                fh.write(json.dumps(state))
                fh.flush()

    @staticmethod
    def _wait(entry: list[float] | None, now: float) -> float:
        count, last = entry if entry else (0, 0.0)
        if count < FREE_ATTEMPTS:
            return 0.0
        return max(0.0, last + min(MAX_WAIT_S, 2.0 ** (count - FREE_ATTEMPTS + 1)) - now)

    def attempt(self, keys: list[str], now: float | None = None) -> float:
        """0 and the try counted as a failure until it succeeds, or the seconds to wait (nothing counted)."""
        now = time.time() if now is None else now
        with self._state() as state:
            wait = max(self._wait(state.get(k), now) for k in keys)
            if wait > 0:
                return wait
            for k in keys:
                count = state.get(k, [0, 0.0])[0]
                state[k] = [count + 1, now]
            return 0.0

    def succeeded(self, keys: list[str]) -> None:
        with self._state() as state:
            for k in keys:
                state.pop(k, None)

THROTTLE = Throttle()

class TooManyAttempts(PermissionDenied):
    def __init__(self, wait: float):
        seconds = int(wait) + 1
        super().__init__(f"密码错误次数过多，请 {seconds} 秒后再试", f"too many wrong passwords; try again in {seconds} s")
        self.wait = wait
