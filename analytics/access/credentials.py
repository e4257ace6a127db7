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

def fingerprint(stored: str) -> str:
    """A short digest of a stored hash: a session keeps it and ends when the hash (the password) changes,
    without holding the hash itself."""
    return hashlib.sha256(stored.encode()).hexdigest()[:16]


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

SEVERAL_ADDRESSES = 3  # failures on one name from this many addresses slow it down for unknown addresses
USER_FREE_ATTEMPTS = 10
KEEP_S = 24 * 3600.0  # an entry untouched this long is forgotten
MAX_ENTRIES = 20_000
MAX_NAME = 64  # characters of a sign-in name
MAX_PASSWORD = 1024  # characters of a password: hashing a longer one is work nobody needs


def _digest(*parts: str) -> str:
    """Names and addresses are kept as short digests: the file stays small whatever people type."""
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _backoff(count: int, last: float, free: int, now: float) -> float:
    if count < free:
        return 0.0
    return max(0.0, last + min(MAX_WAIT_S, 2.0 ** (count - free + 1)) - now)


def _user_entry(state: dict, key: str) -> tuple[int, float, list[str], list[str]]:
    """(failures, last change, addresses that failed, addresses signed in from) of one name."""
    entry = state.get(key)
    if not isinstance(entry, list) or len(entry) != 4:
        return 0, 0.0, [], []
    return int(entry[0]), float(entry[1]), list(entry[2]), list(entry[3])


class Throttle:
    """After a few wrong passwords for one name from one address, each further try of that pair must
    wait longer (doubling, capped). A colleague behind the same address is never slowed by someone
    else's mistakes; a name is slowed for everyone only after failures from several addresses, and
    even then not from an address it signed in from before, so nobody can keep a user locked out.
    Checking and recording are one step under a lock, so tries made at the same moment cannot all slip
    through; with a file the state is shared by every process using the data directory (several app
    workers), without one it lives in this process. Old entries are pruned on every write."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._memory: dict[str, list] = {}

    @contextlib.contextmanager
    def _state(self, now: float):
        with self._lock:
            if self.path is None:
                yield self._memory
                self._prune(self._memory, now)
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a+", encoding="utf-8") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                fh.seek(0)
                try:
                    state = json.loads(fh.read() or "{}")
                except ValueError:
                    state = {}
                if not isinstance(state, dict):
                    state = {}
                yield state
                self._prune(state, now)
                fh.seek(0)
                fh.truncate()
                fh.write(json.dumps(state))
                fh.flush()

    @staticmethod
    def _prune(state: dict, now: float) -> None:
        for key in [k for k, v in state.items() if not isinstance(v, list) or len(v) < 2 or v[1] < now - KEEP_S]:
            del state[key]
        if len(state) > MAX_ENTRIES:
            for key in sorted(state, key=lambda k: state[k][1])[: len(state) - MAX_ENTRIES]:
                del state[key]

    def attempt(self, name: str, client: str | None = None, now: float | None = None) -> float:
        """0 and the try counted as a failure until it succeeds, or the seconds to wait (nothing counted)."""
        now = time.time() if now is None else now
        pair, user, where = "p" + _digest(name, client or ""), "u" + _digest(name), _digest(client or "")
        with self._state(now) as state:
            count, last = state.get(pair, [0, 0.0])[:2]
            wait = _backoff(count, last, FREE_ATTEMPTS, now)
            u_count, u_last, failing, known = _user_entry(state, user)
            if len(failing) >= SEVERAL_ADDRESSES and where not in known:
                wait = max(wait, _backoff(u_count, u_last, USER_FREE_ATTEMPTS, now))
            if wait > 0:
                return wait
            state[pair] = [count + 1, now]
            failing = failing if where in failing else [*failing, where][-16:]
            state[user] = [u_count + 1, now, failing, known]
            return 0.0

    def succeeded(self, name: str, client: str | None = None, now: float | None = None) -> None:
        """The pair starts afresh, and the address is one this name is known to sign in from."""
        now = time.time() if now is None else now
        pair, user, where = "p" + _digest(name, client or ""), "u" + _digest(name), _digest(client or "")
        with self._state(now) as state:
            state.pop(pair, None)
            count, _, failing, known = _user_entry(state, user)
            state[user] = [count, now, [f for f in failing if f != where], known if where in known else [*known, where][-8:]]


THROTTLE = Throttle()

class TooManyAttempts(PermissionDenied):
    def __init__(self, wait: float):
        seconds = int(wait) + 1
        super().__init__(f"密码错误次数过多，请 {seconds} 秒后再试", f"too many wrong passwords; try again in {seconds} s")
        self.wait = wait
