"""The user directory in secrets.toml: password hashes, users' roles and scopes, organisation e-mails.

[govmedia.passwords] NAME = hash; [govmedia.users."NAME or e-mail"] role, provinces, cities, platforms;
[govmedia] analyst_emails. Written atomically under a lock, so two changes at once never lose one. Signing in
looks a name up here and checks its password, throttled."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from analytics import durable, settings
from analytics.access.credentials import (
    _DUMMY,
    MAX_NAME,
    MAX_PASSWORD,
    THROTTLE,
    Throttle,
    TooManyAttempts,
    hash_password,
    verify_password,
)
from analytics.access.roles import ANALYST, ROLES, VIEWER, Actor
from analytics.access.scope import Scope
from analytics.errors import SettingError, WrongPassword

SECTION = "govmedia"

PASSWORDS = "passwords"

ANALYST_EMAILS = "analyst_emails"

USERS = "users"  # [govmedia.users."NAME or e-mail"]: role, provinces, cities, platforms

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

@dataclass(frozen=True)
class DomainRule:
    """Organisation accounts of a mail domain (and its subdomains) admitted with one role and scope."""
    domain: str
    role: str
    scope: Scope

    def admits(self, email: str) -> bool:
        domain = email.rsplit("@", 1)[-1].lower()
        return domain == self.domain or domain.endswith("." + self.domain)


def domain_rules(raw: str) -> list[DomainRule]:
    """'zj.gov.cn=analyst:浙江; hz.gov.cn=viewer:浙江/杭州; gov.cn=viewer': domain=role[:places], places
    separated by commas (a city as 省/市); ValueError names the first entry that is not one."""
    rules = []
    for entry in (e.strip() for e in raw.split(";")):
        if not entry:
            continue
        domain, _, grant = entry.partition("=")
        role, _, places = grant.strip().partition(":")
        domain, role = domain.strip().lower().lstrip("@"), role.strip()
        names = [p.strip() for p in places.split(",") if p.strip()]
        if not domain or "." not in domain or role not in ROLES or any(c.isspace() or c in "@/" for c in domain):
            raise ValueError(entry)
        rules.append(DomainRule(domain, role, Scope.make(provinces=[p for p in names if "/" not in p],
                                                         cities=[p for p in names if "/" in p])))
    return rules


def configured_domain_rules() -> list[DomainRule]:
    raw = settings.get("GOVMEDIA_OIDC_DOMAINS")
    try:
        return domain_rules(raw)
    except ValueError:
        raise settings.invalid("GOVMEDIA_OIDC_DOMAINS", raw) from None


def verified(claims: dict) -> bool:
    """Whether the provider vouches for the e-mail address (some send the claim as text)."""
    return claims.get("email_verified") in (True, "true", "True", 1)


def oidc_actor(section: dict, claims: dict, rules: list[DomainRule]) -> Actor | None:
    """Who an identity from the organisation's provider is, or None when it is not admitted: only a
    verified e-mail counts, and only a listed user (their role and scope), an address on analyst_emails
    (national analyst) or one a domain rule grants. Judged on every request, so a removed or changed
    user loses or changes access on their next one."""
    email = str(claims.get("email") or "").strip()
    if not email or "@" not in email or not verified(claims):
        return None
    listed = user_actor(dict(section.get(USERS, {})), email)
    if listed is not None:
        return listed
    if role_for_email(section, email) == ANALYST:
        return Actor(email, ANALYST)
    for rule in rules:
        if rule.admits(email):
            return Actor(email, rule.role, rule.scope)
    return None

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

def _name(raw: str) -> str:
    name = raw.strip()
    if not name or len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
        raise SettingError(f"用户名应为 1 到 {MAX_NAME} 个字符，不含控制字符",
                           f"a user name needs 1 to {MAX_NAME} characters and no control characters")
    return name


def set_password(secrets_path: Path, name: str, password: str) -> None:
    """Store the salted hash for `name`, keeping everything else in the secrets file."""
    name = _name(name)
    if not 8 <= len(password) <= MAX_PASSWORD:
        raise SettingError(f"密码应为 8 到 {MAX_PASSWORD} 个字符", f"a password needs 8 to {MAX_PASSWORD} characters")
    data = load_secrets(secrets_path)
    data.setdefault(SECTION, {}).setdefault(PASSWORDS, {})[name] = hash_password(password)
    _write_secrets(secrets_path, data)

def set_user(secrets_path: Path, name: str, role: str, scope: Scope, password: str | None = None,
             must_exist: bool = False) -> None:
    """Add or change a user's role and scope (and password, for a user who signs in with one)."""
    name = _name(name)
    if role not in ROLES:
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
    durable.replace(tmp, secrets_path)


def sign_in(passwords: dict[str, str], name: str, password: str, throttle: Throttle = THROTTLE,
            client: str | None = None, users: dict | None = None) -> Actor:
    """The user's Actor (role and scope from `users`) for a right password; PermissionDenied otherwise
    (the same for unknown names)."""
    name = name.strip()
    if len(name) > MAX_NAME or len(password) > MAX_PASSWORD:
        raise WrongPassword("用户名或密码错误", "wrong user name or password")
    wait = throttle.attempt(name, client)
    if wait > 0:
        raise TooManyAttempts(wait)
    stored = passwords.get(name)
    ok = verify_password(password, stored if stored else _DUMMY) and stored is not None
    if not ok:
        raise WrongPassword("用户名或密码错误", "wrong user name or password")
    throttle.succeeded(name, client)
    return user_actor(users or {}, name, default=Actor(name, ANALYST))
