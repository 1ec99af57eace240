"""The fan-out benchmark of issue 8 (NO-3): 50,000 followers of a community, one new thread.

    python bench/notify_fanout.py --followers 50000 --workers 2

Makes a fresh data folder (``--data-dir``, default /tmp/collegium-bench-notify; never var/) with
one community, its author and ``--followers`` participants who follow it (email every time,
half of them reading French); starts bench/smtp_sink.py (aiosmtpd on 127.0.0.1) and the huey
consumer (``manage.py run_huey``, ``--workers`` threads) as ``make run`` does; then posts one new
thread through the real view with Django's test client (a signed-in POST through every
middleware) and measures:

- the posting request's time, and for comparison the same request in a community with one
  follower;
- the time from the request until the SMTP server has been handed every email.

The embedded default throughout (SQLite in WAL mode, huey on SQLite); ``DATABASE_URL`` and
``REDIS_URL`` in the environment measure the production shape instead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def read_count(path: Path) -> tuple[int, float]:
    try:
        messages, last_at = path.read_text().split()
    except (FileNotFoundError, ValueError):
        return 0, 0.0
    return int(messages), float(last_at)


def make_people(followers: int) -> tuple[Any, Any, Any]:
    """The community with ``followers`` following participants, a small one with one, and the
    author, straight into the database (the generator's way: bulk inserts)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from collegium.accounts.models import User
    from collegium.communities.choices import MembershipStatus, Role
    from collegium.communities.models import Community, Membership
    from collegium.communities.services import community_save
    from collegium.notifications.models import Subscription
    from collegium.pages.selectors import guidelines_version_current

    guidelines = guidelines_version_current()
    author = User.objects.create(
        username="bench-author",
        email="author@bench.example",
        password=make_password("bench-password"),
        member_id="9000000",
        member_verified_at=timezone.now(),
        guidelines_version_accepted=guidelines,
    )
    big = community_save(
        actor=None,
        community=Community(name_en="Fan-out", description_en="Benchmark."),
        audience=["physician"],
    )
    small = community_save(
        actor=None,
        community=Community(name_en="Quiet", description_en="Benchmark."),
        audience=["physician"],
    )
    for community in (big, small):
        Membership.objects.create(
            community=community,
            user=author,
            role=Role.LEADER,
            rules_version_accepted=community.rules_version,
        )
    password = make_password(None)
    step = 5000
    for start in range(0, followers, step):
        people = User.objects.bulk_create(
            [
                User(
                    username=f"follower-{index}",
                    email=f"follower-{index}@bench.example",
                    password=password,
                    preferred_language="fr" if index % 2 else "en",
                    guidelines_version_accepted=guidelines,
                )
                for index in range(start, min(start + step, followers))
            ]
        )
        Membership.objects.bulk_create(
            [
                Membership(community=big, user=person, status=MembershipStatus.ACTIVE)
                for person in people
            ]
        )
        Subscription.objects.bulk_create(
            [Subscription(user=person, community=big) for person in people]
        )
    one = User.objects.create(
        username="lone-follower",
        email="lone@bench.example",
        guidelines_version_accepted=guidelines,
    )
    Membership.objects.create(community=small, user=one)
    Subscription.objects.create(user=one, community=small)
    return author, big, small


def post_thread(client: object, community: object, title: str) -> float:
    """One signed-in POST of the new-thread form; answers its time in seconds."""
    from django.urls import reverse

    url = reverse("forums:thread_create", kwargs={"slug": community.slug})  # type: ignore[attr-defined]
    started = time.perf_counter()
    response = client.post(  # type: ignore[attr-defined]
        url, {"kind": "discussion", "title": title, "body": f"{title}: who covers you?"}
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"Posting answered {response.status_code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--followers", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path("/tmp/collegium-bench-notify"),  # noqa: S108
    )
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args()

    shutil.rmtree(args.data_dir, ignore_errors=True)
    args.data_dir.mkdir(parents=True)
    port = free_port()
    count_file = args.data_dir / "smtp-count"
    os.environ.update(
        {
            "COLLEGIUM_DATA_DIR": str(args.data_dir),
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "DEBUG": "0",
            "HUEY_WORKERS": str(args.workers),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            # The benchmark posts a few threads in a row from a brand-new account.
            "COLLEGIUM_RATE_LIMIT_THREAD": "1000/h,1000/h",
        }
    )
    python = sys.executable
    subprocess.run(  # noqa: S603 -- our own interpreter and manage.py
        [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    made = time.perf_counter()
    author, big, small = make_people(args.followers)
    print(f"{args.followers} followers made in {time.perf_counter() - made:.1f} s")

    sink = subprocess.Popen(  # noqa: S603
        [python, "bench/smtp_sink.py", "--port", str(port), "--count-file", str(count_file)],
        cwd=ROOT,
    )
    consumer = subprocess.Popen(  # noqa: S603
        [python, "manage.py", "run_huey", "--workers", str(args.workers)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(2)
        client = Client()
        client.force_login(author)
        quiet = post_thread(client, small, "Warm-up")  # the first request loads templates
        while read_count(count_file)[0] < 1:
            time.sleep(0.1)
        quiet = min(post_thread(client, small, f"One follower {n}") for n in range(5))
        while read_count(count_file)[0] < 6:
            time.sleep(0.1)
        baseline = read_count(count_file)[0]

        started = time.time()
        request = post_thread(client, big, "Fifty thousand followers")
        deadline = started + args.timeout
        wanted = baseline + args.followers
        while time.time() < deadline:
            messages, last_at = read_count(count_file)
            if messages >= wanted:
                break
            time.sleep(0.2)
        messages, last_at = read_count(count_file)
        print(f"posting, community with 1 follower (best of 5): {quiet * 1000:.0f} ms")
        print(f"posting, community with {args.followers} followers: {request * 1000:.0f} ms")
        handed = messages - baseline
        if handed >= args.followers:
            print(f"all {handed} emails handed to the SMTP server after {last_at - started:.1f} s")
        else:
            print(f"only {handed} of {args.followers} emails after {args.timeout} s")
            raise SystemExit(1)
    finally:
        consumer.terminate()
        sink.terminate()
        consumer.wait(10)
        sink.wait(10)


if __name__ == "__main__":
    main()
