"""The chat page: a Rasa input channel that only serves the web widget, never talks to the bot.

Listed in credentials.yml as `rasa_ext.webchat.WebChatPage:`, Rasa mounts its blueprint under
/webhooks/chat/:

- GET /webhooks/chat/               the demo page, with the widget embedded as the city embeds it
- GET /webhooks/chat/static/<file>  the widget (web/stodguiden-chat.js, .css) and web/vendor/

The widget itself talks to Rasa's standard socket.io channel (/socket.io). Files are served from
web/ only, by an allow-list of file types, with headers that keep the page private (no referrer,
no caching of the page, a strict Content-Security-Policy: nothing is loaded from other sites).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
DEMO_PAGE = "demo.html"
# Only these kinds of file are served from web/ (no .md, .map, .py ...).
STATIC_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
# The demo page loads only from its own server; connect-src 'self' includes ws(s):// there.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def static_file(relative: str, web_dir: Path = WEB_DIR) -> Path | None:
    """The file under web_dir that `relative` names, or None when it is not one to serve."""
    if not relative or "\\" in relative or "\x00" in relative:
        return None
    parts = relative.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    root = web_dir.resolve()
    path = (root / relative).resolve()
    if root not in path.parents or not path.is_file():
        return None
    if path.suffix.lower() not in STATIC_TYPES:
        return None
    return path


class WebChatPage(InputChannel):
    """Serves the demo chat page and the widget's files; sends nothing to the bot."""

    def __init__(self, web_dir: Path = WEB_DIR) -> None:
        self.web_dir = web_dir

    @classmethod
    def name(cls) -> str:
        """Mounted by Rasa under /webhooks/chat/."""
        return "chat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Nothing to configure: the page's settings are in web/demo.html."""
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """GET / (the demo page) and GET /static/<path> (files under web/)."""
        chat_page = Blueprint("webchat_page", __name__)
        web_dir = self.web_dir

        @chat_page.route("/", methods=["GET"])
        async def demo_page(request: Request) -> HTTPResponse:
            html = (web_dir / DEMO_PAGE).read_text(encoding="utf-8")
            headers = {**COMMON_HEADERS, "Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-store"}
            return response.html(html, headers=headers)

        @chat_page.route("/static/<relative:path>", methods=["GET"])
        async def static(request: Request, relative: str) -> HTTPResponse:
            path = static_file(relative, web_dir)
            if path is None:
                return response.text("Hittades inte", status=404, headers=COMMON_HEADERS)
            content_type = STATIC_TYPES[path.suffix.lower()]
            headers = {**COMMON_HEADERS, "Cache-Control": "no-cache"}
            return await response.file(path, mime_type=content_type, headers=headers)

        return chat_page
