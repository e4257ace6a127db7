"""Who may change data: roles, salted password hashes (scrypt) in secrets.toml, slowed-down retries.

Viewers read everything; analysts also upload and restore. Every function that changes the store
takes an Actor and checks its role itself (see analytics.ingest), so no UI path can skip the check."""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import secrets as token
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import PermissionDenied, SettingError
from analytics.scope import NATIONAL, Scope

VIEWER, ANALYST, ADMIN = "viewer", "analyst", "admin"
ROLES = (VIEWER, ANALYST, ADMIN)
SECTION = "govmedia"
PASSWORDS = "passwords"
ANALYST_EMAILS = "analyst_emails"
USERS = "users"  # [govmedia.users."NAME or e-mail"]: role, provinces, cities, platforms
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
FREE_ATTEMPTS = 3
MAX_WAIT_S = 60.0
THROTTLE_FILE = ".sign-in-throttle.json"  # under the data directory, shared by app processes


@dataclass(frozen=True)
class Actor:
    name: str
    role: str = VIEWER
    scope: Scope = NATIONAL

    @property
    def is_analyst(self) -> bool:
        """Analysts upload within their scope; admins may do everything analysts may."""
        return self.role in (ANALYST, ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


ANONYMOUS = Actor("", VIEWER)


def require_analyst(actor: Actor | None) -> Actor:
    if actor is None or not actor.is_analyst or not actor.name:
        raise PermissionDenied("只有已登录的分析员可以修改数据", "only a signed-in analyst can change data")
    return actor


def require_admin(actor: Actor | None) -> Actor:
    """An administrator with a national scope: what only they may do (restore, rewrite the files) changes
    every province's data at once."""
    if actor is None or not actor.is_admin or not actor.name:
        raise PermissionDenied("只有管理员可以执行此操作", "only an administrator can do this")
    if not actor.scope.national:
        raise PermissionDenied("此操作影响全部地区的数据，只有全国范围的管理员可以执行",
                               "this changes every region's data: only an administrator with a national scope can do it")
    return actor


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


def sign_in(passwords: dict[str, str], name: str, password: str, throttle: Throttle = THROTTLE,
            client: str | None = None, users: dict | None = None) -> Actor:
    """The user's Actor (role and scope from `users`) for a right password; PermissionDenied otherwise
    (the same for unknown names)."""
    name = name.strip()
    keys = [f"user:{name}"] + ([f"client:{client}"] if client else [])
    wait = throttle.attempt(keys)
    if wait > 0:
        raise TooManyAttempts(wait)
    stored = passwords.get(name)
    ok = verify_password(password, stored if stored else _DUMMY) and stored is not None
    if not ok:
        raise PermissionDenied("用户名或密码错误", "wrong user name or password")
    throttle.succeeded(keys)
    return user_actor(users or {}, name, default=Actor(name, ANALYST))


def user_actor(users: dict, name: str, default: Actor | None = None) -> Actor | None:
    """The Actor configured for `name` (e-mail addresses compared without case), else `default`. A password
    user without an entry is a national analyst, as before users had roles and scopes."""
    wanted = name.strip().lower() if "@" in name else name.strip()
    for key, entry in users.items():
        if (key.strip().lower() if "@" in key else key.strip()) == wanted:
            scope = Scope.make(entry.get("provinces", ()), entry.get("cities", ()), entry.get("platforms", ()))
            return Actor(name.strip(), entry.get("role", VIEWER), scope)
    return default


def role_for_email(section: dict, email: str | None) -> str:
    emails = {e.strip().lower() for e in section.get(ANALYST_EMAILS, [])}
    return ANALYST if email and email.strip().lower() in emails else VIEWER


def email_actor(section: dict, email: str | None, display: str) -> Actor:
    """A signed-in OpenID user: their users entry, else analyst by the analyst_emails list, else viewer."""
    found = user_actor(dict(section.get(USERS, {})), email or "") if email else None
    return found or Actor(display, role_for_email(section, email))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise SettingError("secrets.toml 中有无法写回的值", f"secrets.toml holds a value that cannot be written back: {value!r}")


def dump_toml(data: dict, prefix: str = "") -> str:
    """Enough TOML for secrets files: scalars, lists of scalars and nested tables."""
    lines = [f"{_key(k)} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for k, v in data.items():
        if isinstance(v, dict):
            name = f"{prefix}.{_key(k)}" if prefix else _key(k)
            lines += ["", f"[{name}]", dump_toml(v, name).strip("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() and k.isascii() else json.dumps(k, ensure_ascii=False)


def load_secrets(path: Path) -> dict:
    """The secrets file as a dict (empty when absent); a malformed file is a setting error naming it."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingError(f"{path} 不是有效的 TOML 文件：{exc}", f"{path} is not valid TOML: {exc}") from None
    check_section(data.get(SECTION, {}), str(path))
    return data


def check_section(section: object, where: str = "secrets.toml") -> None:
    """The [govmedia] section's shape: passwords a table of name = scrypt hash, analyst_emails a list."""
    if not isinstance(section, dict):
        raise SettingError(f"{where} 中的 [{SECTION}] 应为一个表", f"[{SECTION}] in {where} must be a table")
    passwords = section.get(PASSWORDS, {})
    if not isinstance(passwords, dict) or not all(
            isinstance(v, str) and v.startswith("scrypt$") and v.count("$") == 5 for v in passwords.values()):
        raise SettingError(
            f"{where} 中的 [{SECTION}.{PASSWORDS}] 应为“用户名 = scrypt 哈希”，请用 python -m analytics set-password 设置",
            f"[{SECTION}.{PASSWORDS}] in {where} must map user names to scrypt hashes; set them with "
            "python -m analytics set-password")
    users = section.get(USERS, {})
    if not isinstance(users, dict) or not all(isinstance(v, dict) for v in users.values()):
        raise SettingError(f"{where} 中的 [{SECTION}.{USERS}] 应为每个用户一个表", f"[{SECTION}.{USERS}] in {where} must hold one table per user")
    for name, entry in users.items():
        if entry.get("role", VIEWER) not in ROLES:
            raise SettingError(f"{where} 中用户 {name} 的角色应为 viewer、analyst 或 admin",
                               f"the role of user {name} in {where} must be viewer, analyst or admin")
        if any(not isinstance(entry.get(k, []), list) for k in ("provinces", "cities", "platforms")):
            raise SettingError(f"{where} 中用户 {name} 的范围应为列表", f"the scope of user {name} in {where} must be lists")
        Scope.make(entry.get("provinces", ()), entry.get("cities", ()), entry.get("platforms", ()))
    emails = section.get(ANALYST_EMAILS, [])
    if not isinstance(emails, list) or not all(isinstance(e, str) for e in emails):
        raise SettingError(f"{where} 中的 {SECTION}.{ANALYST_EMAILS} 应为电子邮件地址列表，如 [\"a@b.gov.cn\"]",
                           f"{SECTION}.{ANALYST_EMAILS} in {where} must be a list of e-mail addresses, "
                           "e.g. [\"a@b.gov.cn\"]")


def set_password(secrets_path: Path, name: str, password: str) -> None:
    """Store the salted hash for `name`, keeping everything else in the secrets file."""
    name = name.strip()
    if not name or len(password) < 8:
        raise SettingError("用户名不能为空，密码至少 8 个字符", "the user name must not be empty and the password needs 8+ characters")
    data = load_secrets(secrets_path)
    data.setdefault(SECTION, {}).setdefault(PASSWORDS, {})[name] = hash_password(password)
    _write_secrets(secrets_path, data)


def set_user(secrets_path: Path, name: str, role: str, scope: Scope, password: str | None = None,
             must_exist: bool = False) -> None:
    """Add or change a user's role and scope (and password, for a user who signs in with one)."""
    name = name.strip()
    if not name or role not in ROLES:
        raise SettingError("需要用户名，角色应为 viewer、analyst 或 admin", "a user name is needed and the role must be viewer, analyst or admin")
    data = load_secrets(secrets_path)
    section = data.setdefault(SECTION, {})
    users = section.setdefault(USERS, {})
    if must_exist and name not in users:
        raise SettingError(f"没有用户 {name}", f"there is no user {name}")
    entry = {"role": role, **{k: v for k, v in scope.as_dict().items() if v}}
    users[name] = entry
    if password is not None:
        if len(password) < 8:
            raise SettingError("密码至少 8 个字符", "the password needs 8+ characters")
        section.setdefault(PASSWORDS, {})[name] = hash_password(password)
    _write_secrets(secrets_path, data)


def remove_user(secrets_path: Path, name: str) -> None:
    data = load_secrets(secrets_path)
    section = data.get(SECTION, {})
    if name not in section.get(USERS, {}) and name not in section.get(PASSWORDS, {}):
        raise SettingError(f"没有用户 {name}", f"there is no user {name}")
    section.get(USERS, {}).pop(name, None)
    section.get(PASSWORDS, {}).pop(name, None)
    _write_secrets(secrets_path, data)


def list_users(secrets_path: Path) -> list[dict]:
    """Every user with role, scope and how they sign in (never the hash)."""
    section = load_secrets(secrets_path).get(SECTION, {})
    users, passwords = section.get(USERS, {}), section.get(PASSWORDS, {})
    out = []
    for name in sorted({*users, *passwords}):
        actor = user_actor(users, name, default=Actor(name, ANALYST))
        out.append({"user": name, "role": actor.role, **actor.scope.as_dict(), "scope": actor.scope.describe("en"),
                    "sign_in": "password" if name in passwords else "organisation account (e-mail)"})
    return out


def _write_secrets(secrets_path: Path, data: dict) -> None:
    secrets_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = secrets_path.with_name(f".{secrets_path.name}.tmp")
    tmp.unlink(missing_ok=True)
    # Created readable by the owner only: hashes are never world-readable, not even for a moment.
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as out:
        out.write(dump_toml(data))
    os.replace(tmp, secrets_path)
