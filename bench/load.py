"""A bounded HTTP load run against a Collegium server on this machine.

    python bench/load.py --url http://127.0.0.1:8000/en/ --requests 2000 --concurrency 16

Sends ``--requests`` GET requests from ``--concurrency`` threads (keep-alive connections), or
fewer if ``--seconds`` runs out first, then prints throughput and latency percentiles. ``--header``
adds a request header (``--header "Cookie: sessionid=…"`` to load pages as someone signed in).
It refuses any host that is not loopback.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import statistics
import threading
import time
from urllib.parse import urlsplit


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run(
    url: str,
    total: int,
    concurrency: int,
    *,
    seconds: float | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, float]:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname or not _is_loopback(parts.hostname):
        raise SystemExit("Only http:// URLs on a loopback address may be loaded.")
    host, port, path = parts.hostname, parts.port or 80, parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    remaining = iter(range(total))
    request_headers = {"Accept-Language": "en", **(headers or {})}
    deadline = time.perf_counter() + seconds if seconds else None

    def worker() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection(host, port, timeout=30)
        while True:
            with lock:
                if next(remaining, None) is None:
                    break
            if deadline is not None and time.perf_counter() >= deadline:
                break
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=request_headers)
                response = connection.getresponse()
                response.read()
                ok = response.status < 400
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": duration,
        "per_second": len(latencies) / duration,
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
        "p99_ms": cuts[98] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=None, help="stop after this long")
    parser.add_argument("--header", action="append", default=[], help="'Name: value'")
    args = parser.parse_args()
    headers = dict(header.split(": ", 1) for header in args.header)
    result = run(args.url, args.requests, args.concurrency, seconds=args.seconds, headers=headers)
    print(
        f"{args.url}: {result['requests']:.0f} requests, {result['errors']:.0f} errors, "
        f"{result['per_second']:.0f} req/s, p50 {result['p50_ms']:.1f} ms, "
        f"p95 {result['p95_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms"
    )


if __name__ == "__main__":
    main()
