"""The chat page in a real browser against the real bot.

A module fixture starts the action server and Rasa (the trained model, a copy of credentials.yml,
endpoints pointing at that action server) on free loopback ports, and headless Debian Chromium
through Playwright (never a downloaded browser). Chromium resolves no host name but 127.0.0.1, and
the one outside address the page may go to ("Lämna snabbt") is answered by the test itself.

Run: `pytest -m servers tests/integration/browser` (trains the model first if models/stodguiden.tar.gz is
missing). Screenshots go to tests/artifacts/ on every run and to docs/screenshots/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from email.message import Message
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parents[3]  # the repository
RASA = ROOT / ".venv" / "bin" / "rasa"
# STODGUIDEN_MODEL may name another trained model (e.g. while models/ is being retrained).
MODEL = Path(os.environ.get("STODGUIDEN_MODEL") or ROOT / "models" / "stodguiden.tar.gz")
ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
INSTALL_CHROMIUM = Path(__file__).with_name("install_chromium.sh")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Loopback only: every other host name fails to resolve inside the browser.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

FARSTA = "jag är 14 och bor i Farsta, vilket stöd kan jag få?"
EXPECTED_INSATS = "Stödsamtal för barn från 12 år"
PRIVACY = (
    "Du är anonym. Det du skriver sparas inte efter samtalet och raderas efter 30 minuter utan aktivitet "
    "eller när du väljer Börja om."
)
INJECTION = '<img src=x onerror="window.__xss=1"><b>fet</b>'
EXIT_URL = "https://www.google.com/search?q=v%C3%A4der"
TIMEOUT_MS = 30_000  # one bot turn, generous for a loaded 2-core machine
SERVER_START_S = 300


# ---------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(url: str, body: dict | None = None, timeout: float = 10) -> tuple[int, Message, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (loopback only)
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop(process: subprocess.Popen) -> None:
    """Stop a server this module started (its own process group), with bounded waits."""
    if process.poll() is not None:
        return
    for sig, wait_s in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_until(check, what: str, processes: dict[str, tuple[subprocess.Popen, Path]], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for name, (process, log) in processes.items():
            if process.poll() is not None:
                pytest.fail(f"the {name} exited ({process.returncode}) before {what}:\n{tail(log)}")
        try:
            if check():
                return
        except (OSError, ValueError):
            pass
        time.sleep(1)
    logs = "\n".join(f"--- {name}\n{tail(log)}" for name, (_, log) in processes.items())
    pytest.fail(f"timed out after {timeout_s}s waiting for {what}\n{logs}")


def ensure_model() -> None:
    if MODEL.exists():
        return
    result = subprocess.run(["make", "train"], cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False)
    if result.returncode != 0 or not MODEL.exists():
        pytest.fail(
            f"`make train` failed, so there is no model to test:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    """The real action server and Rasa server on free loopback ports; yields the base URL."""
    ensure_model()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tmp = tmp_path_factory.mktemp("webchat")
    actions_port, rasa_port = free_port(), free_port()

    credentials = tmp / "credentials.yml"
    shutil.copyfile(ROOT / "credentials.yml", credentials)
    assert "rasa_ext.webchat.WebChatPage" in credentials.read_text(), "credentials.yml must list the chat page"
    endpoints_data = yaml.safe_load((ROOT / "endpoints.yml").read_text()) or {}
    endpoints_data["action_endpoint"] = {"url": f"http://127.0.0.1:{actions_port}/webhook"}
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(yaml.safe_dump(endpoints_data))

    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }
    commands = {
        "action server": [str(RASA), "run", "actions", "--actions", "actions", "--port", str(actions_port)],
        "rasa server": [
            str(RASA), "run", "--model", str(MODEL), "--interface", "127.0.0.1", "--port", str(rasa_port),
            "--credentials", str(credentials), "--endpoints", str(endpoints), "--cors", "*",
        ],
    }  # fmt: skip
    processes: dict[str, tuple[subprocess.Popen, Path]] = {}
    try:
        for name, command in commands.items():
            log = ARTIFACTS / f"{name.replace(' ', '-')}.log"
            with log.open("w") as out:
                process = subprocess.Popen(
                    command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
                )
            processes[name] = (process, log)

        base = f"http://127.0.0.1:{rasa_port}"
        wait_until(
            lambda: http(f"http://127.0.0.1:{actions_port}/health", timeout=3)[0] == 200,
            "the action server",
            processes,
            SERVER_START_S,
        )
        wait_until(lambda: http(f"{base}/", timeout=3)[0] == 200, "the Rasa server", processes, SERVER_START_S)

        def rest_answers() -> bool:
            status, _, body = http(
                f"{base}/webhooks/rest/webhook", {"sender": f"ready-{uuid.uuid4().hex}", "message": "hej"}, timeout=30
            )
            return status == 200 and len(json.loads(body)) > 0

        wait_until(rest_answers, "a REST answer", processes, 120)
        yield base
    finally:
        for process, _ in processes.values():
            stop(process)


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        result = subprocess.run(
            ["bash", str(INSTALL_CHROMIUM)], capture_output=True, text=True, timeout=900, check=False
        )
        if not CHROMIUM.exists():
            pytest.skip(
                "Debian chromium could not be installed (tests/integration/browser/install_chromium.sh): "
                + (result.stderr or result.stdout)[-500:]
            )
    from playwright.sync_api import sync_playwright  # only here: the unit test run does not need it

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_chat(bot, browser):
    """Opens the demo page in a fresh context; returns the page once the bot has greeted."""
    contexts = []

    def _open(width: int = 1280, height: int = 800, scale: float = 1, greeted: bool = True, setup=None):
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
        contexts.append(context)
        # The one outside address the page may go to is answered here, never fetched.
        context.route(
            re.compile(r"^https://www\.google\.com/"),
            lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Väder</title>väder"),
        )
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(f"pageerror: {error}"))
        page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
        if setup:
            setup(page)
        page.goto(f"{bot}/webhooks/chat/")
        page.wait_for_selector(".sg-log[role=log]")
        if greeted:
            page.wait_for_selector(".sg-msg--bot")
            page.wait_for_selector(".sg-choice")
            wait_idle(page)
        return page

    yield _open
    for context in contexts:
        context.close()


def wait_idle(page) -> None:
    """Waits until the typing indicator is gone and the widget has settled (one message at a time)."""
    page.wait_for_selector(".sg-typing", state="hidden")
    page.wait_for_timeout(900)


def wait_for_bot(page, more_than: int) -> None:
    """Waits until the log holds more than `more_than` bot messages (locators: the page's CSP forbids eval)."""
    page.locator(".sg-msg--bot").nth(more_than).wait_for()


def send(page, text: str) -> None:
    page.fill("#sg-input", text)
    page.press("#sg-input", "Enter")


def user_texts(page) -> list[str]:
    return page.locator(".sg-msg--user .sg-body").all_inner_texts()


def bot_text(page) -> str:
    return "\n".join(page.locator(".sg-msg--bot .sg-body").all_inner_texts())


def choices(page) -> list[str]:
    return page.locator(".sg-choices .sg-choice").all_inner_texts()


def screenshot(page, name: str, docs: bool = False) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))
    if docs:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name))


def reach_insatser(page) -> int:
    """Answers with quick replies until the bot has named matching insatser and one reply was clicked."""
    clicked = 0
    for _ in range(6):
        if EXPECTED_INSATS in bot_text(page) and clicked:
            break
        options = [option for option in choices(page) if option != "Börja om"]
        assert options, f"the bot neither named insatser nor offered quick replies:\n{bot_text(page)}"
        preferred = [o for o in options if o.startswith("Vet inte") or o == "Visa fler"]
        title = (preferred or options)[0]
        before = page.locator(".sg-msg--bot").count()
        page.locator(".sg-choice", has_text=title).first.click()
        clicked += 1
        assert user_texts(page)[-1] == title, "a quick reply shows its title as the user's message"
        assert choices(page) == [], "the old quick replies go once one is chosen"
        wait_for_bot(page, before)
        wait_idle(page)
    assert EXPECTED_INSATS in bot_text(page)
    return clicked


# ---------------------------------------------------------------- the page itself


def test_page_and_files_are_served_from_rasa(bot):
    status, headers, body = http(f"{bot}/webhooks/chat/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in headers
    html = body.decode()
    # One script that loads the widget, and the config object.
    assert re.findall(r"<script[^>]*\bsrc=", html) == ["<script src="]
    assert '<script src="/webhooks/chat/static/stodguiden-chat.js" defer>' in html
    config = json.loads(re.search(r'id="stodguiden-chat-config">(.*?)</script>', html, re.S).group(1))
    assert {"serverUrl", "title", "colors", "language", "persist", "exitUrl"} <= set(config)
    assert config["persist"] is False and config["language"] == "sv"

    for path, kind in [
        ("stodguiden-chat.js", "text/javascript"),
        ("stodguiden-chat.css", "text/css"),
        ("vendor/socket.io.min.js", "text/javascript"),
    ]:
        status, headers, body = http(f"{bot}/webhooks/chat/static/{path}")
        assert status == 200, path
        assert headers["Content-Type"].startswith(kind), path
    assert b"Socket.IO v4.8.4" in http(f"{bot}/webhooks/chat/static/vendor/socket.io.min.js")[2][:200]
    for path in ["vendor/README.md", "demo.html", "../credentials.yml", "%2e%2e/credentials.yml", "nope.js"]:
        assert http(f"{bot}/webhooks/chat/static/{path}")[0] == 404, path


# ---------------------------------------------------------------- conversations


def test_conversation_finds_insatser(open_chat):
    page = open_chat()
    assert page.locator(".sg-privacy").inner_text() == PRIVACY
    send(page, FARSTA)
    wait_for_bot(page, 1)
    wait_idle(page)
    assert user_texts(page) == [FARSTA]
    assert reach_insatser(page) >= 1
    assert not any(text.startswith("/") for text in user_texts(page)), "payloads are sent, titles shown"
    screenshot(page, "desktop.png", docs=True)
    # The bot's own "Börja om" quick reply works like the button: a clean slate and a new greeting.
    page.locator(".sg-choices .sg-choice", has_text="Börja om").first.click()
    assert page.locator(".sg-msg").count() == 0
    page.wait_for_selector(".sg-choice")
    assert page.locator(".sg-msg--user").count() == 0 and EXPECTED_INSATS not in bot_text(page)
    assert page.problems == []


def test_keyboard_only(open_chat):
    page = open_chat()
    # Tab from the top of the page to the input; every stop shows a visible focus indicator.
    for _ in range(15):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
                       return {id: e.id, outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""
        )
        assert focused["outline"] != "none" and focused["width"] >= 2, f"no visible focus on {focused}"
        if focused["id"] == "sg-input":
            break
    else:
        pytest.fail("Tab never reached the message input")
    page.keyboard.type(FARSTA)
    page.keyboard.press("Enter")
    wait_for_bot(page, 1)
    wait_idle(page)
    assert user_texts(page) == [FARSTA]
    assert choices(page), "the bot offers quick replies"
    # The quick replies come just before the input: Shift+Tab reaches them.
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.classList.contains('sg-choice')"):
            break
    else:
        pytest.fail("Shift+Tab never reached a quick reply")
    title = page.evaluate("document.activeElement.textContent")
    before = page.locator(".sg-msg--bot").count()
    page.keyboard.press("Enter")
    wait_for_bot(page, before)
    assert user_texts(page)[-1] == title
    assert page.evaluate("document.activeElement.id") == "sg-input", "focus returns to the input"
    assert page.problems == []


def test_restart_clears_the_conversation(open_chat):
    sent = []  # what the page sends over the WebSocket

    def websocket(ws):
        server = ws.connect_to_server()
        ws.on_message(lambda message: (sent.append(message), server.send(message)))

    page = open_chat(setup=lambda page: page.route_web_socket(re.compile(r"/socket\.io/"), websocket))
    send(page, FARSTA)
    wait_for_bot(page, 1)
    wait_idle(page)
    page.get_by_role("button", name="Börja om", exact=True).first.click()
    assert page.locator(".sg-msg").count() == 0, "the log is empty at once"
    assert FARSTA not in page.locator(".sg-log").inner_text()
    assert page.locator(".sg-privacy").inner_text() == PRIVACY
    wait_idle(page)
    # The bot was told to forget ("/restart"), greets anew, and nothing of the old conversation came back.
    page.wait_for_selector(".sg-choice")
    wait_idle(page)
    said = [re.search(r'"message":"([^"]*)"', m).group(1) for m in sent if '"user_uttered"' in m]
    assert said[-2:] == ["/restart", "/greet"], said
    assert page.locator(".sg-msg--user").count() == 0
    log = page.locator(".sg-log").inner_text()
    assert FARSTA not in log and "/restart" not in log
    assert page.evaluate("document.activeElement.id") == "sg-input"
    assert page.problems == []


def test_html_from_user_and_bot_is_shown_as_text(open_chat):
    sockets = []
    page = open_chat(
        setup=lambda page: page.route_web_socket(
            re.compile(r"/socket\.io/"), lambda ws: (sockets.append(ws), ws.connect_to_server())
        )
    )
    send(page, INJECTION)
    page.wait_for_selector(".sg-msg--user")
    assert user_texts(page) == [INJECTION]
    # A bot message with HTML in it, through the real socket (as a hostile server would send it).
    wait_idle(page)
    assert sockets, "the widget uses a WebSocket after the upgrade"
    bot_html = {"text": "Bot: " + INJECTION, "quick_replies": [{"title": "<i>knapp</i>", "payload": "/greet"}]}
    sockets[-1].send("42" + json.dumps(["bot_uttered", bot_html]))
    page.wait_for_selector(".sg-msg--bot >> text=Bot: <img")
    wait_idle(page)
    assert page.locator(".sg-log img, .sg-log b, .sg-log i, .sg-log script").count() == 0
    assert "<i>knapp</i>" in choices(page)
    assert page.locator(".sg-msg--bot").last.locator(".sg-body").inner_text() == "Bot: " + INJECTION
    assert page.evaluate("window.__xss") is None
    assert page.problems == []


def test_lost_connection_is_shown_and_the_message_is_kept(open_chat):
    online = {"on": True}
    sockets = []

    def websocket(ws):
        if not online["on"]:
            ws.close()
            return
        sockets.append(ws)
        ws.connect_to_server()

    def setup(page):
        page.route(re.compile(r"/socket\.io/"), lambda route: route.continue_() if online["on"] else route.abort())
        page.route_web_socket(re.compile(r"/socket\.io/"), websocket)

    page = open_chat(setup=setup)
    assert sockets

    online["on"] = False
    sockets[-1].close()
    page.wait_for_selector(".sg-status >> text=Anslutningen bröts – försöker igen …")
    send(page, FARSTA)
    page.wait_for_selector(".sg-msg--user .sg-queued")
    assert user_texts(page) == [FARSTA]
    screenshot(page, "connection-lost.png")

    online["on"] = True
    page.wait_for_selector(".sg-msg--user .sg-queued", state="detached", timeout=20_000)
    page.wait_for_selector(".sg-msg--user ~ .sg-msg--bot")  # the bot answered it
    assert page.locator(".sg-status").inner_text() in ("", "Ansluten igen.")
    # (the refused requests while offline are logged by the browser; no script error is allowed)
    assert [problem for problem in page.problems if not problem.startswith("console")] == []


def test_one_message_at_a_time(open_chat):
    frames = []  # (who, text) of every socket.io frame after the upgrade to WebSocket

    def websocket(ws):
        server = ws.connect_to_server()

        def from_page(message):
            frames.append(("page", message))
            server.send(message)

        def from_server(message):
            frames.append(("server", message))
            ws.send(message)

        ws.on_message(from_page)
        server.on_message(from_server)

    page = open_chat(setup=lambda page: page.route_web_socket(re.compile(r"/socket\.io/"), websocket))
    send(page, "hej")
    send(page, FARSTA)  # at once, before the bot has answered "hej"
    assert user_texts(page) == ["hej", FARSTA], "both show at once"
    wait_for_bot(page, 2)
    wait_idle(page)
    events = [
        (who, "hej" if '"message":"hej"' in text else "farsta" if "Farsta" in text else "bot")
        for who, text in frames
        if "user_uttered" in text or "bot_uttered" in text
    ]
    first, second = events.index(("page", "hej")), events.index(("page", "farsta"))
    assert ("server", "bot") in events[first:second], f"the second message waited for the reply: {events}"
    assert page.problems == []


# ---------------------------------------------------------------- privacy and exit


def test_anonymous_nothing_kept_on_the_device(open_chat):
    page = open_chat()
    send(page, FARSTA)
    wait_for_bot(page, 1)
    wait_idle(page)
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("document.cookie") == ""
    page.reload()
    page.wait_for_selector(".sg-msg--bot")
    wait_idle(page)
    assert page.locator(".sg-msg--user").count() == 0, "a reload starts a new, empty conversation"
    assert FARSTA not in page.locator(".sg-log").inner_text()


def test_persist_true_keeps_the_conversation_in_the_tab_until_restart(open_chat):
    def persist_on(route):
        response = route.fetch()
        body = response.text()
        assert '"persist": false' in body
        route.fulfill(response=response, body=body.replace('"persist": false', '"persist": true'))

    page = open_chat(setup=lambda page: page.route(re.compile(r"/webhooks/chat/$"), persist_on))
    send(page, FARSTA)
    wait_for_bot(page, 1)
    wait_idle(page)
    saved = json.loads(page.evaluate("sessionStorage.getItem('stodguiden-chat')"))
    assert [m["text"] for m in saved["messages"] if m["from"] == "user"] == [FARSTA]
    assert page.evaluate("localStorage.length") == 0 and page.context.cookies() == []
    page.reload()
    page.wait_for_selector(".sg-msg--user")
    assert user_texts(page) == [FARSTA], "kept across a reload in the same tab"
    assert json.loads(page.evaluate("sessionStorage.getItem('stodguiden-chat')"))["sessionId"] == saved["sessionId"]
    page.get_by_role("button", name="Börja om", exact=True).first.click()
    wait_idle(page)
    assert [m for m in json.loads(page.evaluate("sessionStorage.getItem('stodguiden-chat')"))["messages"]
            if m["from"] == "user"] == []  # fmt: skip
    assert page.locator(".sg-msg--user").count() == 0


def test_quick_exit_leaves_without_a_way_back(open_chat):
    page = open_chat()
    send(page, FARSTA)
    wait_for_bot(page, 1)
    chat_url = page.url
    page.get_by_role("button", name="Lämna snabbt").click()
    page.wait_for_url(re.compile(r"^https://www\.google\.com/search\?q="))
    assert page.url == EXIT_URL
    page.go_back()
    assert page.url != chat_url, "Back must not return to the chat (location.replace)"


# ---------------------------------------------------------------- accessibility and layout


CONTRAST = """(selectors) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (e) => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
                                if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; };
  return selectors.map((s) => { const e = document.querySelector(s); if (!e) return [s, null];
    const a = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
    return [s, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]; });
}"""


def test_accessibility_basics(open_chat):
    page = open_chat()
    log = page.locator(".sg-log")
    assert log.get_attribute("role") == "log"
    assert log.get_attribute("aria-live") == "polite"
    assert log.get_attribute("aria-label")
    assert page.locator(".sg-chat").get_attribute("lang") == "sv"
    # Every control has a name.
    page.get_by_role("textbox", name="Skriv ditt meddelande").wait_for()
    for name in ("Skicka", "Börja om", "Lämna snabbt"):
        page.get_by_role("button", name=name, exact=True).first.wait_for()
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('.sg-chat button, .sg-chat input')]
                 .filter((e) => !(e.labels && e.labels.length) && !e.textContent.trim())
                 .map((e) => e.outerHTML)"""
    )
    assert unnamed == []
    # New messages land inside the live region, with who said it for screen readers.
    send(page, "hej")
    page.wait_for_selector(".sg-log .sg-msg--user")
    assert page.locator(".sg-log .sg-msg--user .sg-sr").text_content() == "Du: "
    assert page.locator(".sg-log .sg-msg--bot .sg-sr").first.text_content() == "Stödguiden: "
    wait_idle(page)
    ratios = page.evaluate(
        CONTRAST,
        [".sg-msg--bot .sg-body", ".sg-msg--user .sg-body", ".sg-choice", ".sg-send", ".sg-restart", ".sg-exit",
         ".sg-privacy", ".sg-label", ".sg-title", ".sg-input"],
    )  # fmt: skip
    low = [(s, r) for s, r in ratios if r is None or r < 4.5]
    assert low == [], f"text contrast below 4.5:1: {low}"


@pytest.mark.parametrize(
    "width,height,scale,name",
    [(320, 640, 1, "narrow-320.png"), (640, 400, 2, "zoom-200.png"), (360, 740, 1, "mobile.png")],
)
def test_small_screens_and_zoom_have_no_horizontal_scroll(open_chat, width, height, scale, name):
    page = open_chat(width, height, scale)
    send(page, FARSTA)
    wait_for_bot(page, 1)
    wait_idle(page)
    page.locator(".sg-chat").scroll_into_view_if_needed()
    screenshot(page, name, docs=name == "mobile.png")
    send(page, "https://www.stockholm.se/" + "en-mycket-lang-adress-utan-mellanslag" * 4)
    page.wait_for_selector(".sg-msg--user >> nth=1")
    wait_idle(page)
    sizes = page.evaluate(
        """() => { const html = document.documentElement, log = document.querySelector('.sg-log');
                   return {doc: html.scrollWidth, view: html.clientWidth,
                           log: log.scrollWidth, logView: log.clientWidth}; }"""
    )
    assert sizes["doc"] <= sizes["view"], f"horizontal scroll: {sizes}"
    assert sizes["log"] <= sizes["logView"], f"the log scrolls sideways: {sizes}"
    for control in ("#sg-input", ".sg-send", ".sg-restart", ".sg-exit"):
        box = page.locator(control).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"{control} is cut off: {box}"
    screenshot(page, name.replace(".png", "-long-url.png"))
    assert page.problems == []
