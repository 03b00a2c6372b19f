"""Deadline calendars a planning unit subscribes to: ``/plans/{key}/deadlines.ics``, ``/agencies/{key}/deadlines.ics``.

iCalendar (RFC 5545) written by the ``icalendar`` library: one all-day event per
task deadline on its due day, a yearly duty as one event with a yearly recurrence
rule up to its plan's last occurrence. Outlook, Google Calendar and Apple Calendar
subscribe to the URL and refresh it (``REFRESH-INTERVAL``, RFC 7986, and the
``X-PUBLISHED-TTL`` Outlook reads). Each event's ``UID`` is the task's id, so an
event stays the same event when its deadline changes, and its ``URL`` is the
task's page. A feed holds at most ``MAX_EVENTS`` events (a plan or agency with more dated
tasks gets a 422 that says so, rather than a calendar missing some), and is written
in a worker thread, so a large one does not hold up other requests.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Final

from icalendar import Calendar, Event
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.records import Label, Node
from stratagraph.queries.calendar import DeadlineEntry, agency_deadlines, plan_deadlines

__all__ = ["CalendarFeeds", "deadline_calendar"]

REFRESH: Final = timedelta(hours=12)
MAX_EVENTS: Final = 5_000
_ROLE_VI = {"lead": "Chủ trì", "support": "Phối hợp"}


def _name(node: Node) -> str:
    for key in ("nameVi", "nameEn"):
        value = node.get(key)
        if isinstance(value, str) and value:
            return value
    return node.id


def deadline_calendar(title: str, entries: Sequence[DeadlineEntry], base: str, stamp: datetime) -> bytes:
    """The calendar named ``title`` holding ``entries``; links and ids under ``base`` (ends with ``/``)."""
    calendar = Calendar()
    calendar.add("prodid", "-//stratagraph//deadlines//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", title)
    calendar.add("x-wr-calname", title)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    for entry in entries:
        task = entry.task
        key = task.id.split("/", 1)[1]
        event = Event()
        event.add("uid", f"{task.id}@stratagraph")
        event.add("dtstamp", stamp)
        event.add("summary", f"Hạn: {_name(task)}")
        event.add("dtstart", entry.first)
        event.add("dtend", entry.first + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        if entry.yearly:
            rule: dict[str, object] = {"freq": "yearly", "bymonth": entry.first.month, "bymonthday": entry.first.day}
            if entry.deadline.every != 12:  # every half-year or quarter, on the same day or the month's last
                last = entry.deadline.day == 31 and not entry.deadline.before
                day = -1 if last else entry.first.day
                rule = {"freq": "monthly", "interval": entry.deadline.every, "bymonthday": day}
            if entry.until is not None:
                rule["until"] = entry.until
            event.add("rrule", rule)
        lines = [f"Thời hạn: {entry.deadline.text}"]
        if entry.leads:
            lines.append(f"Chủ trì: {', '.join(entry.leads)}")
        if entry.role is not None:
            lines.append(f"Vai trò: {_ROLE_VI[entry.role]}")
        lines.append(f"{base}tasks/{key}")
        event.add("description", "\n".join(lines))
        event.add("url", f"{base}tasks/{key}")
        calendar.add_component(event)
    written: bytes = calendar.to_ical()
    return written


Loader = Callable[[Store, Derived, str], Awaitable[list[DeadlineEntry]]]


class CalendarFeeds:
    """The two feeds over ``derived``'s store, with links under ``base`` (the service's published address)."""

    def __init__(self, derived: Derived, base: str) -> None:
        self.store = derived.store
        self.derived = derived
        self.base = base

    @property
    def routes(self) -> list[BaseRoute]:
        return [
            Route("/plans/{key}/deadlines.ics", self._feed(Label.PLAN, plan_deadlines)),
            Route("/agencies/{key}/deadlines.ics", self._feed(Label.AGENCY, agency_deadlines)),
        ]

    def _feed(self, label: Label, load: Loader) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            key = request.path_params["key"]
            entity_id = f"{label.prefix}/{key}"
            node = (await self.store.get([entity_id])).get(entity_id)
            if node is None or node.label is not label:
                return PlainTextResponse(f"no {label.prefix} {entity_id}\n", 404)
            entries = await load(self.store, self.derived, entity_id)
            if len(entries) > MAX_EVENTS:
                return PlainTextResponse(
                    f"{entity_id} has {len(entries)} dated tasks; a calendar feed holds at most {MAX_EVENTS}: "
                    "subscribe to the feeds of the agencies that lead them instead\n",
                    422,
                )
            title = f"Thời hạn — {_name(node)}"
            body = await run_in_threadpool(deadline_calendar, title, entries, self.base, datetime.now(UTC))
            return Response(
                body,
                media_type="text/calendar; charset=utf-8",
                headers={
                    "Content-Disposition": f'inline; filename="{key}-deadlines.ics"',
                    "Cache-Control": "no-cache",
                },
            )

        return endpoint
