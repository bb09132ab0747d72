"""One run of the reminders (``python -m ita_dash remind``): judge every unit that has someone to tell, compose the
messages (domain), and send each one not yet sent that day, logging it first so a second run sends nothing twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ita_dash.domain.fiscal import fiscal_year_of
from ita_dash.domain.framework import TemplateLibrary
from ita_dash.domain.links import unit_links
from ita_dash.domain.model import Actor, Role
from ita_dash.domain.reminders import Reminder, ReminderKind, digest_reminders, section_reminders, unreachable_owners
from ita_dash.domain.status import assess_unit
from ita_dash.domain.thaidate import now_recorded


@dataclass
class ReminderRun:
    sent: list[Reminder] = field(default_factory=list)
    would_send: list[Reminder] = field(default_factory=list)  # --dry-run
    already: list[Reminder] = field(default_factory=list)  # sent earlier the same day
    failed: list[tuple[Reminder, str]] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)


def compose(store, templates: TemplateLibrary, actor: Actor, as_of: dt.date, base_url: str | None,
            unit_codes: list[str] | None = None) -> tuple[list[Reminder], list[str]]:
    """Every reminder due on ``as_of`` (before the log is consulted), and the sections nobody can be mailed for."""
    users = [u for u in store.list_users(actor) if u.email and not u.disabled]
    with_people = {u.unit_code for u in users if u.role in (Role.CHIEF, Role.SECTION_HEAD)}
    fiscal_year = fiscal_year_of(as_of)
    reminders, unreachable = [], []
    for unit in store.list_units(actor):
        if unit.code not in with_people or (unit_codes and unit.code not in unit_codes):
            continue
        data = store.load_unit_year(actor, unit.code, fiscal_year)
        checks = store.link_checks(actor, [ref.url for ref in unit_links(data)])
        status = assess_unit(store.framework_for(actor, unit, fiscal_year, templates), data, as_of, link_checks=checks)
        reminders += section_reminders(status, users, base_url)
        reminders += digest_reminders(status, users, base_url,
                                      store.last_reminded(actor, ReminderKind.DIGEST.value, unit.code))
        unreachable += unreachable_owners(status, users)
    return reminders, unreachable


def run(store, templates: TemplateLibrary, actor: Actor, as_of: dt.date, base_url: str | None, *,
        dry_run: bool = False, mailer_factory: Callable | None = None, unit_codes: list[str] | None = None,
        now: Callable[[], dt.datetime] | None = None) -> ReminderRun:
    clock = now or now_recorded
    reminders, unreachable = compose(store, templates, actor, as_of, base_url, unit_codes)
    result = ReminderRun(unreachable=unreachable)
    if dry_run:
        result.would_send = reminders
        return result
    mailer, no_server = None, None
    try:
        for reminder in reminders:
            line = reminder.log_line(as_of, clock())
            if no_server is not None:  # the server could not be reached or refused us: the rest wait for the next run
                result.failed.append((reminder, no_server))
                continue
            if not store.claim_reminder(actor, line):
                result.already.append(reminder)
                continue
            try:
                if mailer is None:
                    try:
                        mailer = mailer_factory().__enter__()
                    except Exception as error:  # noqa: BLE001 - connection, STARTTLS or login refused
                        no_server = f"{type(error).__name__}: {error}"[:200]
                        raise
                mailer.send(reminder)
            except Exception as error:  # noqa: BLE001 - any failure: take the claim back, try again next run
                store.release_reminder(actor, line)
                result.failed.append((reminder, f"{type(error).__name__}: {error}"[:200]))
                continue
            result.sent.append(reminder)
    finally:
        if mailer is not None:
            mailer.__exit__(None, None, None)
    return result
