"""Sending the reminders (issue 19): SMTP settings from ``[smtp]`` of ``.streamlit/secrets.toml`` and one e-mail
per reminder with the standard library (``smtplib`` + ``email.message``). Who gets what is decided in
``ita_dash/domain/reminders.py``.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from ita_dash.domain.reminders import Reminder
from ita_dash.store import SECRETS, read_secrets


class MailSettingsError(ValueError):
    """``[smtp]`` is missing or wrong; the message says which key."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    starttls: bool = True
    user: str = ""
    password: str = ""
    sender: str = ""
    sender_name: str = "ระบบติดตามการประเมิน ITA"
    timeout_seconds: float = 30.0
    ca_file: str = ""  # a CA to trust for STARTTLS (an internal mail server's own CA); empty: the system's

    @classmethod
    def from_mapping(cls, raw: dict) -> SmtpSettings:
        if not raw or not raw.get("host"):
            raise MailSettingsError("ยังไม่ได้ตั้งค่า [smtp] host ใน .streamlit/secrets.toml")
        if not raw.get("sender"):
            raise MailSettingsError("ยังไม่ได้ตั้งค่า [smtp] sender (อีเมลผู้ส่ง) ใน .streamlit/secrets.toml")
        try:
            return cls(host=str(raw["host"]), port=int(raw.get("port", 587)), starttls=bool(raw.get("starttls", True)),
                       user=str(raw.get("user", "")), password=str(raw.get("password", "")), sender=str(raw["sender"]),
                       sender_name=str(raw.get("sender_name", cls.sender_name)),
                       timeout_seconds=float(raw.get("timeout_seconds", 30)), ca_file=str(raw.get("ca_file", "")))
        except (TypeError, ValueError):
            raise MailSettingsError("[smtp] port และ timeout_seconds ต้องเป็นตัวเลข") from None


def smtp_settings(secrets_path=None) -> SmtpSettings:
    return SmtpSettings.from_mapping(read_secrets(secrets_path or SECRETS).get("smtp", {}))


def app_base_url(secrets_path=None) -> str | None:
    """The address people open the app at, for the links in reminders: ``ITA_APP_URL`` or ``[app] base_url``."""
    return os.environ.get("ITA_APP_URL") or read_secrets(secrets_path or SECRETS).get("app", {}).get("base_url") or None


def message(reminder: Reminder, settings: SmtpSettings) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = " ".join(reminder.subject.split())
    mail["From"] = formataddr((settings.sender_name, settings.sender))
    mail["To"] = formataddr((" ".join(reminder.name.split()), reminder.email))
    mail["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(reminder.body, charset="utf-8")
    return mail


class Mailer:
    """One SMTP connection for a run: ``with Mailer(settings) as mailer: mailer.send(reminder)``."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        s = self.settings
        self._smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
        if s.starttls:
            self._smtp.starttls(context=ssl.create_default_context(cafile=s.ca_file or None))
        if s.user:
            self._smtp.login(s.user, s.password)
        return self

    def send(self, reminder: Reminder) -> None:
        assert self._smtp is not None
        self._smtp.send_message(message(reminder, self.settings))

    def __exit__(self, *exc) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except smtplib.SMTPException:
                self._smtp.close()
