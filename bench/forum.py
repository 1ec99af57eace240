"""The forum pages under load as a signed-in member, against a hello-world ceiling (issue 5).

    python bench/forum.py --data-dir /tmp/collegium-large --duration 15 --connections 16

Starts gunicorn as ``manage.py serve`` does (``config.wsgi``, 2 sync workers, access log) on a
free port of 127.0.0.1, with ``DEBUG=0`` and ``COLLEGIUM_BENCHMARK=1`` (which adds
``/bench/hello``), against the data folder given. Signs in through the real sign-in form as the
demo physician, then loads each page for ``--duration`` seconds after a short warm-up, with wrk
(``apt-get install wrk``) or, without it, ``bench/load.py``'s Python client. Prints requests/s,
p50, p99 and the ratio to the hello-world ceiling, measured first and last in the same run
(the ratio uses the mean of the two); stops the server.

Only ever loads 127.0.0.1, and every load is bounded in time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # bench/ holds scripts, not a package

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
EMAIL = "physician@example.org"
PASSWORD = "collegium-demo"  # noqa: S105 -- the demo password published in the README
WARM_UP_SECONDS = 3

# Finds the pages to load in the data set itself, with the project's own URL names.
TARGETS_SCRIPT = """
import json
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation
from collegium.accounts.models import User
from collegium.communities.models import Community
from collegium.forums.models import Thread
from collegium.forums.selectors import POSTS_PER_PAGE

translation.activate("en")
me = User.objects.get(email=%(email)r)
mine = Community.objects.filter(
    memberships__user=me, memberships__status="active", status="active"
).annotate(n=Count("threads", filter=Q(threads__deleted_at__isnull=True)))
community = mine.order_by("-n", "slug").first()
threads = Thread.objects.filter(community=community, deleted_at__isnull=True)
# The generator's long thread where there is one, so that small and large compare the same
# kind of page (a discussion: a question also shows its answers first).
longest = (
    threads.filter(title__startswith="The long thread").first()
    or threads.order_by("-post_count", "pk").first()
)
small = (
    threads.filter(post_count__range=(3, 10), kind="discussion").order_by("-last_posted_at").first()
    or threads.filter(post_count__range=(3, 10)).order_by("-last_posted_at").first()
    or threads.exclude(pk=longest.pk).order_by("-post_count").first()
    or longest
)
def url(thread):
    return reverse("forums:thread", kwargs={"slug": community.slug, "thread_id": thread.pk})
print(json.dumps({
    "community": community.slug,
    "threads": community.n,
    "posts": sum(threads.values_list("post_count", flat=True)),
    "overview": reverse("communities:detail", kwargs={"slug": community.slug}),
    "list": reverse("forums:threads", kwargs={"slug": community.slug}),
    "per_page": POSTS_PER_PAGE,
    "long": url(longest), "long_posts": longest.post_count,
    "small": url(small), "small_posts": small.post_count,
}))
"""


@dataclass
class Result:
    page: str
    path: str
    requests: int
    errors: int
    per_second: float
    p50_ms: float
    p99_ms: float
    load_average: float
    ratio: float = 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def server_environment(data_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "COLLEGIUM_DATA_DIR": data_dir,
        "COLLEGIUM_BENCHMARK": "1",
        "DEBUG": "0",
    }


def find_targets(data_dir: str) -> dict[str, object]:
    output = subprocess.run(  # noqa: S603 -- our own interpreter and manage.py
        [sys.executable, "manage.py", "shell", "-c", TARGETS_SCRIPT % {"email": EMAIL}],
        cwd=ROOT,
        env=server_environment(data_dir),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def start_server(data_dir: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    """gunicorn with the arguments ``manage.py serve`` gives it (the task worker is not needed:
    the pages loaded here queue no tasks)."""
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"{HOST}:{port}",
        "--workers", str(workers),
        "--access-logfile", "-",
        "--graceful-timeout", "5",
    ]  # fmt: skip
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 -- fixed arguments
            command, cwd=ROOT, env=server_environment(data_dir), stdout=output, stderr=output
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _, _ = get(port, "/healthz")
            if status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit(f"The server did not start; see {log}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def get(
    port: int, path: str, cookie: str = "", method: str = "GET", body: str = ""
) -> tuple[int, dict[str, list[str]], bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Accept-Language": "en"}
    if cookie:
        headers["Cookie"] = cookie
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    received: dict[str, list[str]] = {}
    for name, value in response.getheaders():
        received.setdefault(name.lower(), []).append(value)
    connection.close()
    return response.status, received, data


def sign_in(port: int) -> str:
    """Sign in through allauth's form, as a browser would; returns the Cookie header."""
    jar: dict[str, str] = {}

    def keep(headers: dict[str, list[str]]) -> None:
        for line in headers.get("set-cookie", []):
            parsed = SimpleCookie()
            parsed.load(line)
            jar.update({name: morsel.value for name, morsel in parsed.items()})

    status, headers, page = get(port, "/en/accounts/login/")
    keep(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or match is None:
        raise SystemExit(f"No sign-in form at /en/accounts/login/ (HTTP {status}).")
    form = {"csrfmiddlewaretoken": match.group(1).decode(), "login": EMAIL, "password": PASSWORD}
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    status, headers, _ = get(port, "/en/accounts/login/", cookie, "POST", urlencode(form))
    keep(headers)
    if status != 302 or "sessionid" not in jar:
        raise SystemExit(f"Signing in as {EMAIL} failed (HTTP {status}).")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def check_page(port: int, path: str, cookie: str) -> int:
    """Every loaded page must answer 200 itself: wrk would count a redirect to the sign-in
    page as a success."""
    status, _, body = get(port, path, cookie)
    if status != 200:
        raise SystemExit(f"{path} answered HTTP {status}, not 200: nothing to measure.")
    return len(body)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def run_wrk(url: str, cookie: str, seconds: int, connections: int) -> dict[str, float]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    command += ["-H", "Accept-Language: en"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603 -- wrk, loopback URL checked by the caller
        [*command, url], check=True, capture_output=True, text=True
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if set(latency) != {"50", "99"}:
        raise SystemExit(f"Unexpected output from wrk for {url}:\n{output}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),  # type: ignore[union-attr]
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
        "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p50_ms": _milliseconds(latency["50"]),
        "p99_ms": _milliseconds(latency["99"]),
    }


def run_python(url: str, cookie: str, seconds: int, connections: int) -> dict[str, float]:
    headers = {"Cookie": cookie} if cookie else {}
    return load.run(url, 10**9, connections, seconds=seconds, headers=headers)


def measure(args: argparse.Namespace) -> tuple[dict[str, object], list[Result]]:
    targets = find_targets(args.data_dir)
    port = args.port or free_port()
    log = Path(args.data_dir) / "bench-server.log"
    server = start_server(args.data_dir, port, args.workers, log)
    client = run_wrk if shutil.which("wrk") and not args.python_client else run_python
    try:
        cookie = sign_in(port)
        # The last full page: as many posts as the first, as far from it as the thread allows.
        last_after = int(str(targets["long_posts"])) - 1 - int(str(targets["per_page"]))
        pages: list[tuple[str, str, str]] = [
            ("ceiling: hello world", "/bench/hello", ""),
            ("hello world, signed in", "/bench/hello", cookie),
            ("community overview", str(targets["overview"]), cookie),
            ("thread list", str(targets["list"]), cookie),
            ("thread page, long thread", str(targets["long"]), cookie),
        ]
        if last_after > 0:
            pages.append(
                ("same, last page (keyset)", f"{targets['long']}?after={last_after}", cookie)
            )
        pages.append(("thread page, small thread", str(targets["small"]), cookie))
        # The ceiling again at the end: a drift between the two means the machine was not idle.
        pages.append(("ceiling again, at the end", "/bench/hello", ""))
        results = []
        for name, path, page_cookie in pages:
            check_page(port, path, page_cookie)
            url = f"http://{HOST}:{port}{path}"
            client(url, page_cookie, WARM_UP_SECONDS, args.connections)
            figures = client(url, page_cookie, args.duration, args.connections)
            results.append(
                Result(
                    page=name,
                    path=path,
                    requests=int(figures["requests"]),
                    errors=int(figures["errors"]),
                    per_second=figures["per_second"],
                    p50_ms=figures["p50_ms"],
                    p99_ms=figures["p99_ms"],
                    load_average=os.getloadavg()[0],
                )
            )
            print(f"  {name}: {figures['per_second']:.0f} req/s", file=sys.stderr)
    finally:
        stop_server(server)
    ceiling = (results[0].per_second + results[-1].per_second) / 2
    for result in results:
        result.ratio = result.per_second / ceiling
    targets["client"] = "wrk" if client is run_wrk else "python"
    return targets, results


def summarise(paths: list[str]) -> None:
    """Each page's ratio to the ceiling per data set, and the last set's against each other's."""
    runs = [json.loads(Path(path).read_text()) for path in paths]
    labels = [str(run["label"]) for run in runs]
    versus = [f"{labels[-1]} vs {label}" for label in labels[:-1]]
    print(f"| page | {' | '.join(labels + versus)} |")
    print(f"| --- | {' | '.join('---:' for _ in labels + versus)} |")
    for page in [result["page"] for result in runs[-1]["results"]]:
        ratios = [
            next((r["ratio"] for r in run["results"] if r["page"] == page), None) for run in runs
        ]
        cells = [f"{ratio:.1%}" if ratio is not None else "–" for ratio in ratios]
        last = ratios[-1]
        for ratio in ratios[:-1]:
            cells.append(f"{last / ratio - 1:+.0%}" if ratio and last is not None else "–")
        print(f"| {page} | {' | '.join(cells)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="COLLEGIUM_DATA_DIR of the data set")
    parser.add_argument("--summary", nargs="+", metavar="JSON", help="compare earlier runs")
    parser.add_argument("--label", default="", help="the data set's name in the table")
    parser.add_argument("--duration", type=int, default=15, help="seconds per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, as serve")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--python-client", action="store_true", help="bench/load.py, not wrk")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if args.summary:
        summarise(args.summary)
        return
    if not args.data_dir:
        parser.error("--data-dir is required")
    if not 1 <= args.duration <= 120:
        raise SystemExit("--duration is 1 to 120 seconds.")
    load_average = os.getloadavg()[0]
    targets, results = measure(args)
    label = args.label or args.data_dir
    print(
        f"\n{label}: {targets['community']} ({targets['threads']:,} threads, "
        f"{targets['posts']:,} posts), long thread {targets['long_posts']:,} posts; "
        f"{args.connections} connections, {args.duration} s per page, {targets['client']}, "
        f"load average before {load_average:.2f}\n"
    )
    # The 1-minute load average after each page: above ~2.5 something else used the cores.
    print("| page | path | req/s | p50 ms | p99 ms | ratio to ceiling | errors | load |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r.page} | `{r.path}` | {r.per_second:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} "
            f"| {r.ratio:.1%} | {r.errors} | {r.load_average:.1f} |"
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"label": label, "targets": targets, "results": [asdict(r) for r in results]}
            )
        )


if __name__ == "__main__":
    main()
