"""Settings read from the environment, each with a default and help text (documented in README)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import SettingError

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO_ROOT / "sample_data"


BOOLEAN = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    accepted: tuple[str, str]  # what a valid value looks like, (zh, en), for the message naming a bad one


SETTINGS = (
    Setting("GOVMEDIA_DATA_DIR", "./data", "Directory of the snapshot store; the app writes nowhere else.",
            ("一个可写目录的路径", "the path of a writable directory")),
    Setting("GOVMEDIA_SEED", "1", "Load sample_data/ into an empty store on first start (1) or not (0).",
            ("1 或 0（也可写 true/false、yes/no、on/off）", "1 or 0 (or true/false, yes/no, on/off)")),
    Setting("GOVMEDIA_MAX_UPLOAD_MB", "200", "Largest upload accepted, in MB; larger files are refused before reading.",
            ("1 到 10000 之间的整数", "a whole number from 1 to 10000")),
    Setting("GOVMEDIA_CACHE_ENTRIES", "256", "Query results kept in memory per process.",
            ("0 到 100000 之间的整数", "a whole number from 0 to 100000")),
    Setting("GOVMEDIA_CACHE_SESSION_PERCENT", "25", "The share of those results one browser session's own queries may "
            "hold (a burst of new queries from one session then replaces its own results, not other people's).",
            ("1 到 100 之间的整数", "a whole number from 1 to 100")),
    Setting("GOVMEDIA_EXPORT_WORKERS", "1", "PPTX exports built at once per process; more wait in a queue, each reader "
            "seeing their place in it. One build serves everyone asking for the same file.",
            ("1 到 16 之间的整数", "a whole number from 1 to 16")),
    Setting("GOVMEDIA_EXPORT_QUEUE", "8", "PPTX exports that may wait per process; beyond it a reader is asked to try again.",
            ("1 到 200 之间的整数", "a whole number from 1 to 200")),
    Setting("GOVMEDIA_QUERY_MEMORY_MB", "2048", "Memory DuckDB may use for the app's queries, per process, in MB; "
            "beyond it a query spills to the data directory instead of growing.",
            ("256 到 1000000 之间的整数", "a whole number from 256 to 1000000")),
    Setting("GOVMEDIA_ENGINE", "duckdb", "The query engine: duckdb (in the app's process) or spark (needs "
            "requirements-spark.txt and Java; see GOVMEDIA_SPARK_MASTER).", ("duckdb 或 spark", "duckdb or spark")),
    Setting("GOVMEDIA_SPARK_MASTER", "local[2]", "Where Spark runs with GOVMEDIA_ENGINE=spark: local[N], spark://host:port, "
            "yarn, or a Spark Connect address sc://host:port.",
            ("local[N]、spark://主机:端口、yarn 或 sc://主机:端口", "local[N], spark://host:port, yarn or sc://host:port")),
    Setting("GOVMEDIA_ANONYMOUS", "national", "What visitors who have not signed in may see: national (everything, "
            "the bundled demo's default), none (sign-in required: the production setting), or a comma-separated scope "
            "such as 浙江 or 浙江/杭州,浙江/宁波.",
            ("national、none 或以逗号分隔的省份、省/市", "national, none, or a comma-separated list of provinces and province/city")),
    Setting("GOVMEDIA_SESSION_IDLE_HOURS", "8", "A password sign-in ends after this many hours without a page "
            "being drawn for it (it also ends at once when the user's password changes or the user is removed).",
            ("1 到 720 之间的整数", "a whole number from 1 to 720")),
    Setting("GOVMEDIA_BEHIND_PROXY", "0", "The app is reached only through scripts/serve.sh's proxy (1): the client's "
            "address is taken from the X-Real-IP header the proxy sets, not from the connection.",
            ("1 或 0（也可写 true/false、yes/no、on/off）", "1 or 0 (or true/false, yes/no, on/off)")),
    Setting("GOVMEDIA_PUBLIC_URL", "", "The address people reach the dashboard by (e.g. https://zwxmt.example.gov.cn), "
            "for the links in alerts; empty: alerts carry links relative to the dashboard.",
            ("以 http:// 或 https:// 开头的地址，或留空", "an http:// or https:// address, or empty")),
    Setting("GOVMEDIA_SMTP_HOST", "", "Mail server for alerts (empty: no e-mail is sent; units with a webhook still get one). "
            "The password is [govmedia.smtp] password in secrets.toml.", ("主机名，或留空", "a host name, or empty")),
    Setting("GOVMEDIA_SMTP_PORT", "587", "Port of the mail server.", ("1 到 65535 之间的整数", "a whole number from 1 to 65535")),
    Setting("GOVMEDIA_SMTP_STARTTLS", "1", "Upgrade the mail connection with STARTTLS before signing in (1) or not (0).",
            ("1 或 0（也可写 true/false、yes/no、on/off）", "1 or 0 (or true/false, yes/no, on/off)")),
    Setting("GOVMEDIA_SMTP_USER", "", "User name on the mail server (empty: send without signing in).",
            ("用户名，或留空", "a user name, or empty")),
    Setting("GOVMEDIA_SMTP_FROM", "", "Sender address of alert e-mails (empty: the SMTP user).",
            ("一个邮箱地址，或留空", "an e-mail address, or empty")),
    Setting("GOVMEDIA_OIDC_DOMAINS", "", "Organisation accounts admitted by mail domain besides the listed users, as "
            "domain=role[:places] separated by ';', e.g. zj.gov.cn=analyst:浙江;hz.gov.cn=viewer:浙江/杭州 (empty: listed "
            "users and analyst_emails only).",
            ("以分号分隔的 域名=角色[:地区]，或留空", "domain=role[:places] entries separated by ';', or empty")),
    Setting("GOVMEDIA_WEBHOOK_ALLOW", "", "Hosts and networks inside (loopback, private, link-local) that robot webhooks "
            "may reach, separated by commas, e.g. robot.intranet,10.8.0.0/16 (empty: public addresses only).",
            ("以逗号分隔的主机名或网段，或留空", "host names or networks separated by commas, or empty")),
)
_BY_NAME = {s.name: s for s in SETTINGS}
_RANGES = {"GOVMEDIA_MAX_UPLOAD_MB": (1, 10_000), "GOVMEDIA_CACHE_ENTRIES": (0, 100_000),
           "GOVMEDIA_CACHE_SESSION_PERCENT": (1, 100), "GOVMEDIA_EXPORT_WORKERS": (1, 16), "GOVMEDIA_EXPORT_QUEUE": (1, 200),
           "GOVMEDIA_SESSION_IDLE_HOURS": (1, 720),
           "GOVMEDIA_QUERY_MEMORY_MB": (256, 1_000_000), "GOVMEDIA_SMTP_PORT": (1, 65535)}


def get(name: str) -> str:
    return os.environ.get(name, _BY_NAME[name].default)


def invalid(name: str, raw: object) -> SettingError:
    zh, en = _BY_NAME[name].accepted
    shown = repr(str(raw)[:60])
    return SettingError(f"设置 {name} 的值 {shown} 无效，应为{zh}", f"setting {name} has invalid value {shown}; expected {en}")


def get_int(name: str) -> int:
    raw = get(name)
    lo, hi = _RANGES[name]
    try:
        value = int(raw.strip())
    except ValueError:
        raise invalid(name, raw) from None
    if not lo <= value <= hi:
        raise invalid(name, raw)
    return value


def data_dir(override: str | os.PathLike | None = None) -> Path:
    raw = override if override is not None else get("GOVMEDIA_DATA_DIR")
    path = Path(raw).expanduser().resolve()
    if not str(raw).strip() or (path.exists() and not path.is_dir()):
        raise invalid("GOVMEDIA_DATA_DIR", raw)
    return path


def _flag(name: str) -> bool:
    raw = get(name)
    value = BOOLEAN.get(raw.strip().lower())
    if value is None:
        raise invalid(name, raw)
    return value


def seed_enabled() -> bool:
    return _flag("GOVMEDIA_SEED")


def behind_proxy() -> bool:
    return _flag("GOVMEDIA_BEHIND_PROXY")


def public_url() -> str:
    """The dashboard's address without a trailing slash; empty when not set."""
    raw = get("GOVMEDIA_PUBLIC_URL").strip()
    if raw and (not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", raw)):
        raise invalid("GOVMEDIA_PUBLIC_URL", raw)
    return raw.rstrip("/")


def smtp_starttls() -> bool:
    return _flag("GOVMEDIA_SMTP_STARTTLS")


_MASTER = re.compile(r"^(local(\[(\d+|\*)\])?|yarn|(spark|sc)://[A-Za-z0-9.\-]+(:\d+)?(,[A-Za-z0-9.\-]+(:\d+)?)*/?)$")


def engine() -> str:
    raw = get("GOVMEDIA_ENGINE").strip().lower()
    if raw not in ("duckdb", "spark"):
        raise invalid("GOVMEDIA_ENGINE", raw)
    if raw == "spark" and not _MASTER.match(get("GOVMEDIA_SPARK_MASTER").strip()):
        raise invalid("GOVMEDIA_SPARK_MASTER", get("GOVMEDIA_SPARK_MASTER"))
    return raw


def anonymous() -> list[str] | None:
    """None: visitors must sign in; []: national; else the places (provinces, province/city) they may see."""
    raw = get("GOVMEDIA_ANONYMOUS").strip()
    if raw.lower() == "none":
        return None
    if raw.lower() in ("national", "全国", ""):
        return []
    places = [p.strip() for p in raw.replace("，", ",").split(",") if p.strip()]
    if any(p.count("/") > 1 or p.startswith("/") or p.endswith("/") for p in places):
        raise invalid("GOVMEDIA_ANONYMOUS", raw)
    return places


def check() -> None:
    """Read every setting once, so a bad value is named before anything else runs."""
    data_dir()
    seed_enabled()
    behind_proxy()
    public_url()
    smtp_starttls()
    engine()
    anonymous()
    for name in _RANGES:
        get_int(name)
