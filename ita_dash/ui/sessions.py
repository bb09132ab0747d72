"""Sign-in sessions that survive a reload and work on any app process (issue 12).

The session lives in the database (``sign_in_session``: hashes only). The browser carries its token in a cookie
that page scripts cannot read (HttpOnly, SameSite=Lax, Secure over HTTPS). Streamlit talks to the browser over a
WebSocket, which cannot set cookies, so the cookie is set by one small HTTP route of our own, mounted next to
Streamlit's through its ASGI app (``st.App(routes=…)`` in ``serve.py``):

1. the sign-in form checks the password over the WebSocket; the store opens a session and returns a one-time
   code (60 s, its hash stored);
2. the page shows a 1-pixel image whose address is ``/session/cookie?code=…``; the browser fetches it like any
   image, and the answer carries ``Set-Cookie`` with a fresh random token (its SHA-256 replaces the code's hash);
3. on a reload, on another tab, or on another app process, the WebSocket's handshake carries the cookie
   (``st.context.cookies``) and the session is found by the token's hash.

The same answer also carries ``ita_browser`` (issue 35): a random token, its SHA-256 kept in ``known_browser``,
that marks this browser as one the account signed in from; with the right password it gets past a lock set off by
strangers' wrong passwords (``SqlStore.sign_in``).

Every run re-reads the session: sign-out, disabling an account and a password reset (each deletes all
the account's rows) end it everywhere at the next action. Run as ``streamlit run app.py`` (no routes), signing in
still works within the tab, as before; a reload then asks to sign in again.
"""

from __future__ import annotations

import base64
import functools
import logging
from urllib.parse import urlsplit

from ita_dash.domain.settings import SECURITY

COOKIE = "ita_session"
BROWSER_COOKIE = "ita_browser"  # issue 35: this browser signed in to an account before (passes a stranger's lock)
ROUTE = "session/cookie"
LOG = logging.getLogger("ita_dash.sessions")
# A transparent 1×1 PNG: the answer of the cookie route (it is fetched as an image).
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
_routes_mounted = False  # set in this process by routes(): the app may hand out cookie codes


def _base_path() -> str:
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def cookie_routes_mounted() -> bool:
    return _routes_mounted


def handoff_url(page_url: str | None, code: str) -> str | None:
    """The absolute address of the cookie route, on the origin the browser sees (through any proxy)."""
    if not page_url:
        return None
    parts = urlsplit(page_url)
    return f"{parts.scheme}://{parts.netloc}{_base_path()}/{ROUTE}?code={code}"


@functools.lru_cache(maxsize=4)
def _sql_store(url: str):
    from ita_dash.store.sql import SqlStore

    return SqlStore(url, apply_migrations=False)  # the app migrated it before anyone could sign in


def _claim(code: str) -> str | None:
    from ita_dash.store import database_url

    return _sql_store(database_url()).claim_session_cookie(code)


def _remember(token: str) -> str | None:
    from ita_dash.store import database_url

    return _sql_store(database_url()).remember_browser(token)


def _served_over_https(request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


async def claim_cookie(request):
    """GET /session/cookie?code=…: trade the one-time code for the session cookie; always answers the pixel."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import Response

    response = Response(PIXEL, media_type="image/png", headers={"Cache-Control": "no-store"})
    site = request.headers.get("sec-fetch-site")
    code = request.query_params.get("code", "")
    if site not in (None, "same-origin") or not code or len(code) > 100:
        return response  # another site cannot sign a visitor in to someone else's session
    try:
        token = await run_in_threadpool(_claim, code)
    except Exception:  # noqa: BLE001 - a database that does not answer: no cookie, the tab stays signed in
        LOG.exception("session cookie: the database did not answer")
        return response
    if token:
        response.set_cookie(COOKIE, token, max_age=SECURITY.session_absolute_hours * 3600, path=_base_path() or "/",
                            httponly=True, samesite="lax", secure=_served_over_https(request))
        try:
            browser = await run_in_threadpool(_remember, token)
        except Exception:  # noqa: BLE001 - no mark: this browser is a stranger to the lock, nothing else changes
            LOG.exception("known browser: the database did not answer")
            browser = None
        if browser:
            response.set_cookie(BROWSER_COOKIE, browser, max_age=SECURITY.known_browser_days * 86400,
                                path=_base_path() or "/", httponly=True, samesite="lax",
                                secure=_served_over_https(request))
    return response


def routes() -> list:
    """The routes ``serve.py`` mounts next to Streamlit's."""
    from starlette.routing import Route

    global _routes_mounted
    _routes_mounted = True
    return [Route(f"{_base_path()}/{ROUTE}", claim_cookie, methods=["GET"])]
