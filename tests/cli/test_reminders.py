"""Reminders by e-mail against a real SMTP server (aiosmtpd) started here on 127.0.0.1: who gets a message, its
Thai text (decoded from the MIME), no duplicate on a second run the same day, nothing sent with --dry-run."""

from __future__ import annotations

import datetime as dt
import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from ita_dash.domain.accounts import User
from ita_dash.domain.fiscal import Month
from ita_dash.domain.followup import due_months
from ita_dash.domain.model import Actor, FollowUp, FollowUpStatus, OitStatus, Role
from ita_dash.store.demo import UNITS, build_unit_year

AS_OF = dt.date(2026, 12, 8)  # after the 5th: November's reports are late
NOVEMBER = Month(2026, 11)
ACTOR = Actor.system("test")
UNIT = UNITS[0][0]


class Inbox:
    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for rcpt, m in self.messages if address in rcpt]


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"ita" and auth_data.password == b"secret-pass"
    return AuthResult(success=ok)


@pytest.fixture
def smtp():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=_authenticate,
                            auth_require_tls=False)
    controller.start()
    yield inbox, port
    controller.stop()


def _unit_year(templates):
    """DEMO-01 on 8 Dec 2026: งานอำนวยการ has not reported November; every other section has; one OIT item of
    งานสอบสวน is due in 10 days and still being drafted; every other item is published."""
    data = build_unit_year(templates, UNITS[0], 2570, AS_OF)
    kept = [f for f in data.follow_ups if not (f.month == str(NOVEMBER) and _owner(data, f.measure_code) == "admin")]
    have = {(f.measure_code, f.month) for f in kept}
    for measure in data.measures:
        if measure.owner_section != "admin" and NOVEMBER in due_months(measure, 2570, data.year.plan_start) \
                and (measure.code, str(NOVEMBER)) not in have:
            kept.append(FollowUp(measure_code=measure.code, month=str(NOVEMBER), status=FollowUpStatus.IN_PROGRESS,
                                 percent=50, entered_at=dt.datetime(2026, 12, 2, 3, tzinfo=dt.UTC)))
    items = []
    for item in data.oit_items:
        if item.owner_section == "inquiry" and not any(i.owner_section == "inquiry" for i in items if i.status is OitStatus.DRAFTING):
            items.append(item.model_copy(update={"status": OitStatus.DRAFTING, "due_date": AS_OF + dt.timedelta(days=10), "link": ""}))
        else:
            items.append(item.model_copy(update={"status": OitStatus.PUBLISHED}))
    assert any(i.status is OitStatus.DRAFTING for i in items), "the template gives งานสอบสวน an OIT item"
    return data.model_copy(update={"follow_ups": kept, "oit_items": items})


def _owner(data, code):
    return next(m.owner_section for m in data.measures if m.code == code)


def _people(store):
    for username, role, section in (("chief.one", Role.CHIEF, None), ("head.admin", Role.SECTION_HEAD, "admin"),
                                    ("head.inquiry", Role.SECTION_HEAD, "inquiry"),
                                    ("head.patrol", Role.SECTION_HEAD, "patrol")):
        store.add_user(ACTOR, User(username=username, role=role, unit_code=UNIT, section_code=section,
                                   display_name=f"คุณ {username}", email=f"{username}@station.example.go.th"),
                       "password-123")


@pytest.fixture
def configured(store, templates, tmp_path, monkeypatch, smtp):
    inbox, port = smtp
    store.replace_unit_year(ACTOR, _unit_year(templates))
    _people(store)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = false\nuser = "ita"\n'
                       f'password = "secret-pass"\nsender = "ita@station.example.go.th"\n'
                       f'[app]\nbase_url = "https://ita.example.go.th/"\n', encoding="utf-8")
    import ita_dash.outbound.mail as mail

    monkeypatch.setattr(mail, "SECRETS", secrets)
    monkeypatch.delenv("ITA_APP_URL", raising=False)
    return store, inbox


def _remind(store, *extra) -> int:
    from ita_dash.cli import main

    return main(["--db", store.url, "remind", "--as-of", AS_OF.isoformat(), "--unit", UNIT, *extra])


def test_reminders_reach_the_people_who_are_late(configured, capsys):
    store, inbox = configured

    # --dry-run: says who would get what, sends and logs nothing
    assert _remind(store, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "head.admin@" in out and "head.inquiry@" in out and "chief.one@" in out and "head.patrol@" not in out
    assert inbox.messages == [] and store.reminders_sent(ACTOR) == []

    assert _remind(store) == 0
    recipients = sorted(r for rcpt, _ in inbox.messages for r in rcpt)
    assert recipients == ["chief.one@station.example.go.th", "head.admin@station.example.go.th",
                          "head.inquiry@station.example.go.th"]  # patrol reported and owns nothing due

    (admin,) = inbox.to("head.admin@station.example.go.th")
    body = admin.get_body(preferencelist=("plain",)).get_content()
    assert admin["Subject"].startswith("[ITA] สภ.เมืองตัวอย่าง: มีรายการที่ต้องดำเนินการ")
    assert "เรียน คุณ head.admin" in body and "รายงานผลเดือน พ.ย. 2569 ที่ยังไม่ได้รายงาน" in body
    assert "https://ita.example.go.th/my_section?unit=DEMO-01&fy=2570" in body
    assert "รายการ OIT" not in body  # admin's items are all published

    (traffic,) = inbox.to("head.inquiry@station.example.go.th")
    text = traffic.get_body(preferencelist=("plain",)).get_content()
    assert "รายการ OIT ที่ใกล้ครบกำหนด" in text and "อีก 10 วัน" in text and "รายงานผลเดือน" not in text

    (chief,) = inbox.to("chief.one@station.example.go.th")
    digest = chief.get_body(preferencelist=("plain",)).get_content()
    assert chief["Subject"].startswith("[ITA] สรุปรายการที่ล่าช้าประจำสัปดาห์")
    assert "งานอำนวยการ" in digest and "ยังไม่รายงาน" in digest
    assert "https://ita.example.go.th/overview?unit=DEMO-01&fy=2570" in digest
    assert chief.get_content_charset() == "utf-8"

    log = store.reminders_sent(ACTOR, UNIT)
    assert sorted(line.username for line in log) == ["chief.one", "head.admin", "head.inquiry"]
    assert all(line.sent_on == AS_OF for line in log)

    # a second run the same day sends nothing again
    capsys.readouterr()
    assert _remind(store) == 0
    assert len(inbox.messages) == 3
    second = capsys.readouterr().out
    assert second.count("ส่งไปแล้ววันนี้") == 2  # the heads' reminders; the chief's digest is weekly anyway
    assert "ส่งแล้ว 0 ฉบับ" in second

    # the next day: the section heads again, the chief's weekly digest not before a week has passed
    from ita_dash.cli import main

    assert main(["--db", store.url, "remind", "--as-of", (AS_OF + dt.timedelta(days=1)).isoformat(), "--unit", UNIT]) == 0
    assert sorted(r for rcpt, _ in inbox.messages[3:] for r in rcpt) == ["head.admin@station.example.go.th",
                                                                         "head.inquiry@station.example.go.th"]


def test_a_failed_send_is_not_logged_and_is_tried_again(configured, monkeypatch):
    store, inbox = configured
    import re

    import ita_dash.outbound.mail as mail

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    good = mail.SECRETS.read_text(encoding="utf-8")
    mail.SECRETS.write_text(re.sub(r"port = \d+", f"port = {closed}", good), encoding="utf-8")
    assert _remind(store) == 1  # the server does not answer: an error, nothing logged
    assert inbox.messages == [] and store.reminders_sent(ACTOR) == []
    mail.SECRETS.write_text(good, encoding="utf-8")
    assert _remind(store) == 0  # the next run sends them
    assert len(inbox.messages) == 3


def test_no_smtp_settings_is_a_thai_refusal(store, tmp_path, monkeypatch, capsys):
    import ita_dash.outbound.mail as mail

    monkeypatch.setattr(mail, "SECRETS", tmp_path / "none.toml")
    from ita_dash.cli import main

    assert main(["--db", store.url, "remind"]) == 1
    assert "[smtp]" in capsys.readouterr().err


def test_the_log_is_the_chiefs_to_read(configured):
    store, _ = configured
    with pytest.raises(Exception, match="ไม่มีสิทธิ์"):
        store.reminders_sent(Actor(username="x", role=Role.VIEWER, unit_code=UNIT), UNIT)
    assert store.reminders_sent(Actor(username="c", role=Role.CHIEF, unit_code=UNIT), UNIT) == []


def test_starttls_and_login(tmp_path):
    """STARTTLS against a server that requires it (certificate of a test CA), then login, then a Thai message."""
    import ssl

    from cryptography.hazmat.primitives import serialization

    from helpers.tls import certificate, private_key, tls_context
    from ita_dash.domain.reminders import Reminder, ReminderKind
    from ita_dash.outbound.mail import Mailer, SmtpSettings

    ca_key, site_key = private_key(), private_key()
    ca = certificate("ITA test CA", ca_key, "ITA test CA", ca_key, ca=True)
    site = certificate("localhost", site_key, "ITA test CA", ca_key, ca=False)
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    context: ssl.SSLContext = tls_context(tmp_path, "smtp", site, site_key)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=_authenticate)
    controller.start()
    try:
        settings = SmtpSettings(host="127.0.0.1", port=port, starttls=True, user="ita", password="secret-pass",
                                sender="ita@station.example.go.th", ca_file=str(ca_file), timeout_seconds=10)
        reminder = Reminder("head.admin", "head@station.example.go.th", "คุณหัวหน้า", ReminderKind.SECTION, UNIT, 2570,
                            "[ITA] ทดสอบภาษาไทย", "เรียน คุณหัวหน้า\nรายการที่ต้องดำเนินการ\n", ("ก",))
        with Mailer(settings) as mailer:
            mailer.send(reminder)
    finally:
        controller.stop()
    [(rcpt, message)] = inbox.messages
    assert rcpt == ["head@station.example.go.th"]
    assert message["Subject"] == "[ITA] ทดสอบภาษาไทย"
    assert message.get_body(preferencelist=("plain",)).get_content().splitlines() == ["เรียน คุณหัวหน้า", "รายการที่ต้องดำเนินการ"]


def test_a_broken_evidence_link_is_told_to_its_section_head(templates):
    from ita_dash.domain.links import LinkCheck, LinkState
    from ita_dash.domain.reminders import section_reminders
    from ita_dash.domain.status import assess_unit

    data = _unit_year(templates)
    first = next(f for f in data.follow_ups if _owner(data, f.measure_code) == "patrol")
    evidence = first.model_copy(update={"evidence_url": "https://station.example.go.th/files/gone.pdf"})
    data = data.model_copy(update={"follow_ups": [evidence if f is first else f for f in data.follow_ups]})
    check = LinkCheck(url=evidence.evidence_url, state=LinkState.NOT_FOUND, http_status=404,
                      checked_at=dt.datetime(2026, 12, 7, 1, tzinfo=dt.UTC))
    users = [User(username="head.patrol", role=Role.SECTION_HEAD, unit_code=UNIT, section_code="patrol",
                  email="p@station.example.go.th")]
    template = templates.for_year(data.unit.kind, 2570)
    assert section_reminders(assess_unit(template, data, AS_OF), users, None) == []
    [reminder] = section_reminders(assess_unit(template, data, AS_OF, link_checks={check.url: check}), users, None)
    assert "ลิงก์หลักฐานในรายงานผลที่เปิดไม่ได้ (1 รายการ)" in reminder.body and evidence.evidence_url in reminder.body
    # a check made after the day judged does not count
    later = check.model_copy(update={"checked_at": dt.datetime(2026, 12, 9, 1, tzinfo=dt.UTC)})
    assert section_reminders(assess_unit(template, data, AS_OF, link_checks={check.url: later}), users, None) == []
