"""Delivery of alert messages: e-mail over SMTP (STARTTLS, sign-in) and a JSON POST to a webhook in the
markdown form 企业微信 and 钉钉 group robots accept. A sender raises `Undelivered` with the reason; the
caller records it and keeps the message for the next run."""

from __future__ import annotations

import http.client
import json
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate

from analytics.supervision import targets

TIMEOUT = 20  # seconds per connection attempt; a dead server must not hold a weekly run for long


class Undelivered(Exception):
    """A message could not be handed over; the text says why (for the delivery log)."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 587
    starttls: bool = True
    user: str = ""
    password: str = ""
    sender: str = ""

    @property
    def from_address(self) -> str:
        return self.sender or self.user or f"govmedia@{self.host}"


class Mailer:
    """One SMTP connection for a run, opened on first use and reopened after a failure."""

    def __init__(self, config: SmtpConfig):
        self.config = config
        self._conn: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        conn = smtplib.SMTP(c.host, c.port, timeout=TIMEOUT)
        if c.starttls:
            conn.starttls(context=ssl.create_default_context())
        if c.user:
            conn.login(c.user, c.password)
        return conn

    def send(self, message_id: str, to: list[str], subject: str, text: str) -> None:
        msg = EmailMessage()
        msg["From"] = formataddr(("政务新媒体数据看板", self.config.from_address))
        msg["To"] = ", ".join(to)
        msg["Subject"] = subject
        msg["Date"] = formatdate(localtime=False)
        # The same message retried keeps its Message-ID, so a mailbox that got it once shows it once.
        msg["Message-ID"] = f"<{message_id}@govmedia.alerts>"
        msg.set_content(text, charset="utf-8")
        try:
            if self._conn is None:
                self._conn = self._connect()
            refused = self._conn.send_message(msg)
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            self.close()
            raise Undelivered(f"SMTP {self.config.host}:{self.config.port}: {type(exc).__name__}: {str(exc)[:200]}") from exc
        if refused:
            raise Undelivered(f"SMTP refused {', '.join(sorted(refused))}")

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._conn = None


class Refused(Undelivered):
    """The webhook points somewhere the server does not send to; trying again cannot help."""


def _connection(target: targets.Target) -> http.client.HTTPConnection:
    """A connection to the judged address, with the name kept for the Host header and TLS (SNI and the
    certificate's check); redirects are not followed, as http.client never does."""
    if target.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(target.host, target.port, timeout=TIMEOUT,
                                                                       context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(target.host, target.port, timeout=TIMEOUT)
    conn._create_connection = lambda where, *args, **kwargs: socket.create_connection(  # type: ignore[attr-defined]
        (target.address, where[1]), *args, **kwargs)
    return conn


def post(url: str, body: dict, allow: targets.Allow | None = None,
         resolver: targets.Resolver = targets.resolve) -> None:
    """POST the JSON body to a public address (judged again now: DNS can change since the list was
    checked); anything but a 2xx answer, or a robot's JSON reply with a non-zero errcode, fails. The
    reason names only the class of the answer: what a target writes back is not shown to anyone."""
    try:
        target = targets.vet(url, targets.configured() if allow is None else allow, resolver)
    except targets.RefusedTarget as exc:
        raise Refused(exc.en) from None
    conn = _connection(target)
    try:
        conn.request("POST", target.path, body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                     headers={"Content-Type": "application/json; charset=utf-8",
                              "Idempotency-Key": body.get("govmedia", {}).get("id", "")})
        response = conn.getresponse()
        status, reply = response.status, response.read(65536)
    except (OSError, http.client.HTTPException) as exc:
        raise Undelivered(f"webhook unreachable ({type(exc).__name__})") from None
    finally:
        conn.close()
    if not 200 <= status < 300:
        raise Undelivered(f"webhook answered HTTP {status // 100}xx")
    try:
        answer = json.loads(reply.decode("utf-8")) if reply.strip() else {}
    except (UnicodeDecodeError, ValueError):
        return
    if isinstance(answer, dict) and answer.get("errcode", 0) not in (0, "0"):
        raise Undelivered("webhook answered 2xx with a non-zero errcode (the robot refused the message)")


def mailer(secrets: dict) -> Mailer | None:
    """The mail sender the settings describe, with the password from secrets.toml's [govmedia.smtp];
    None when no mail server is set."""
    from analytics import settings

    host = settings.get("GOVMEDIA_SMTP_HOST").strip()
    if not host:
        return None
    password = str(secrets.get("govmedia", {}).get("smtp", {}).get("password", ""))
    return Mailer(SmtpConfig(host=host, port=settings.get_int("GOVMEDIA_SMTP_PORT"), starttls=settings.smtp_starttls(),
                             user=settings.get("GOVMEDIA_SMTP_USER").strip(), password=password,
                             sender=settings.get("GOVMEDIA_SMTP_FROM").strip()))
