"""Seconds per answer on an emulated slow 3G connection (400 ms round trip).

Builds the demo survey in a fresh SQLite database, serves the application on loopback and
lets Debian's Chromium (driven by Playwright) answer it as a tenant on a phone, with
Chromium's own network emulation (DevTools protocol ``Network.emulateNetworkConditions``:
400 ms latency, 400 kbit/s down and up, the browser cache on as on a real phone). Each
answer is timed from the press of "Volgende" until the next page has loaded: the POST, the
redirect, the page and whatever it asks for again (the stylesheet, if it is revalidated).
Target: at most 1.0 s per answer. Prints one line per run and a JSON line.

    .venv/bin/python -m bench.slow_3g [--answers 15]
"""

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from bench.page_weight import _app, _survey

CHROMIUM = "/usr/bin/chromium"
LATENCY_MS = 400
KBIT = 400
TARGET = 1.0


def _serve(app, seen: list[str]):
    """Serve on loopback, noting every path that reaches the server (cache hits do not)."""
    from werkzeug.serving import make_server

    inner = app.wsgi_app

    def noting(environ, start_response):
        seen.append(environ.get("PATH_INFO", ""))
        return inner(environ, start_response)

    app.wsgi_app = noting
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def _answer(page) -> None:
    """A plausible answer on the current question page (as the browser tests give)."""
    if page.locator("textarea").count():
        page.locator("textarea").fill("Meer groen")
    elif page.locator("select").count():
        for index in range(3):
            page.locator("select").nth(index).select_option(str(index + 1))
    elif page.locator(".number-input").count():
        page.locator(".number-input").fill("14")
    elif page.locator("input[type=checkbox]").count():
        page.locator("input[type=checkbox]").first.check()
    else:
        page.locator("input[type=radio]").first.check()


def measure(answers: int) -> dict:
    """Answer ``answers`` questions under slow 3G; the seconds each took and what was fetched."""
    from playwright.sync_api import sync_playwright

    instance = Path(tempfile.mkdtemp(prefix="slow3g-"))
    app = _app(instance)
    code = _survey(app)[0]
    requests: list[str] = []
    server, base = _serve(app, requests)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            context = browser.new_context(
                base_url=base, viewport={"width": 390, "height": 844}, is_mobile=True
            )
            page = context.new_page()
            page.goto("/")
            page.get_by_label("Vul de code uit uw brief in").fill(code)
            with page.expect_navigation():
                page.get_by_role("button", name="Verder").click()
            with page.expect_navigation():
                page.get_by_role("button", name="Beginnen").click()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            rate = KBIT * 1000 / 8
            cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": LATENCY_MS,
                    "downloadThroughput": rate,
                    "uploadThroughput": rate,
                },
            )
            requests.clear()
            seconds = []
            while len(seconds) < answers and "/vraag/" in page.url:
                _answer(page)
                start = time.perf_counter()
                with page.expect_navigation(wait_until="load"):
                    page.get_by_role("button", name="Volgende").click()
                seconds.append(time.perf_counter() - start)
            browser.close()
    finally:
        server.shutdown()
    stylesheet = sum(path.startswith("/static/") for path in requests)
    kinds = sorted({re.sub(r"\d+", "N", path) for path in requests})
    return {
        "seconds": seconds,
        "requests": len(requests),
        "static_requests": stylesheet,
        "paths": kinds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=15)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing", file=sys.stderr)
        return 1
    result = measure(args.answers)
    seconds = result["seconds"]
    mean, median = statistics.mean(seconds), statistics.median(seconds)
    print(
        f"slow 3G ({LATENCY_MS} ms round trip, {KBIT} kbit/s), {date.today()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"{len(seconds)} answers: mean {mean:.2f} s, median {median:.2f} s, "
        f"max {max(seconds):.2f} s per answer (target <= {TARGET:.1f} s); "
        f"{result['requests']} requests reached the server, "
        f"{result['static_requests']} of them for /static/"
    )
    print(json.dumps({"mean": round(mean, 3), "median": round(median, 3), **result}))
    return 0 if mean <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
