"""Consultations at scale (issue 9): results, exports, and the spike when the email goes out.

    python bench/consultations.py                      # the embedded default (SQLite, /tmp)
    python bench/consultations.py \\
        --database-url postgres://postgres@127.0.0.1:5432/collegium_bench_consult \\
        --redis-url redis://127.0.0.1:6379/7           # the production shape

Makes a fresh data folder (``--data-dir``; never the repository's ``var/``), and with
``--database-url`` a fresh PostgreSQL database whose name starts with ``collegium_bench`` (dropped
and created again; nothing else is touched) and, with ``--redis-url``, empties that one Redis
database. Then ``migrate`` and ``demo_data`` (for staff, the analyst, the guidelines and consent
pages), and in bulk:

- ``max(--sizes) + --members + --drafts`` members (physicians 64 %, learners 26 %, allied
  health 10 %, all in the audience; provinces weighted as the country's physicians are, a few
  outside Canada or not stated), with profiles, verified emails and accepted consents;
- for each size N (1,000 and 20,000 by default) one open consultation with the demo's draft,
  some public comments and the demo's 8-question form (one question of each type, through the
  services ``consultation_create``, ``question_add`` and ``consultation_open_now``), N sent
  responses by the first N members (``Response`` and ``Answer`` rows in bulk, each answer built
  and checked by ``questionnaires.services.answer_rows``) and ``--drafts`` drafts
  (``response_save_draft``).

It measures, in this process:

1. ``questionnaire_results`` and ``breakdowns`` by province (and by user type), and the results
   page with ``?by=province`` as the demo analyst: time and SQL queries at each size;
2. the CSV and XLSX exports of all N responses (``export_prepare(...).csv_chunks()`` /
   ``.xlsx()``): time, queries, the process's peak RSS growth (``/proc/self/clear_refs``) and, in
   a second pass, the peak of Python allocations (tracemalloc);
3. the queries of the pages members open: the consultation, the answering page (no response
   yet), an autosave of a draft (``POST …/feedback/<response_id>/draft/`` as htmx sends it);

and then starts gunicorn as ``manage.py serve`` does (``--workers``, access log, ``DEBUG=0``,
``COLLEGIUM_BENCHMARK=1`` for the ``/bench/hello`` ceiling) and loads those pages with wrk
(``apt-get install wrk``; else a Python client like ``bench/load.py``'s) at ``--connections``
concurrent clients, each request signed in as another of ``--members`` members (the autosaves as
another of the ``--drafts`` members, with their own CSRF cookie): requests/s, p50, p95 and p99.
Before each measured load the server is left to work through what the warm-up left queued (sync
workers answer every request already sent, even from clients that have gone). Last, the analyst
downloads both exports of each size from that server (a download cut off by gunicorn's timeout
is recorded as such).

``--comment-levels 200,1000`` then grows the largest consultation's public comments to each
level (through the service) and measures its page again: in this process at each level, under
load at the last. ``--reuse`` measures the data of an earlier run again without making it;
``--profile`` writes cProfile files of the exports, a breakdown and the two pages to
``<data-dir>/profiles/``.

Only ever loads 127.0.0.1; every load is bounded in time. ``--json`` keeps the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import http.client
import json
import os
import pstats
import random
import re
import secrets
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import forum  # bench/ holds scripts, not a package: its server and port helpers

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
STATE_FILE = "bench-consultations.json"
STAFF_EMAIL = "staff@example.org"
ANALYST_EMAIL = "analyst@example.org"
EMAIL_DOMAIN = "consult.bench.example.org"
WARM_UP_SECONDS = 3
INSERT_BATCH = 2_000
RESPONSE_BATCH = 5_000

# Who answers: the audience of the demo's open consultation, weighted.
TYPE_WEIGHTS = {"physician": 64, "learner": 26, "allied_health": 10}
# Provinces and territories roughly as physicians are spread; "XX" outside Canada, "" not
# stated. The territories and PEI make small groups that the breakdowns withhold.
PROVINCE_WEIGHTS = {
    "ON": 370, "QC": 230, "BC": 140, "AB": 115, "MB": 35, "SK": 30, "NS": 28, "NB": 20,
    "NL": 16, "PE": 4, "YT": 1, "NT": 1, "NU": 1, "XX": 4, "": 5,
}  # fmt: skip
COMMENTS = [
    "A single form would help, if insurers are made to accept it.",
    "Five days is right; some employers ask for a note after one.",
    "Residents fill in many of these forms too: please name them.",
    "Un formulaire unique, oui, mais bilingue dès le départ.",
    "Who sets the rate for third-party forms, and how often is it reviewed?",
    "Les assureurs privés doivent être inclus, pas seulement les régimes publics.",
    "Pre-filled forms only help if the EMR vendors take part.",
    "Please publish the yearly measure by province.",
]
SHORT_TEXTS = [
    "Nothing on forms for learners.",
    "A deadline for insurers.",
    "Rien sur les formulaires des résidents.",
    "How the rate would be set.",
    "Un échéancier pour les assureurs.",
    "The role of clinic staff.",
    "Driver's medical reports are not mentioned.",
]
LONG_TEXTS = [
    "Most of my paperwork is for insurers who ask for the same information three times. A "
    "single electronic form would save me an afternoon a week.",
    "Les billets pour les absences courtes sont une perte de temps pour tout le monde. Merci "
    "de porter ce dossier.",
    "Please include the forms that residents fill in for their programs: they add up too.",
    "=> My main point: every form should fit on one page.",
    "In a rural practice there is nobody else to fill these in. I spend my Saturday mornings "
    "on disability forms, and the insurers still call back with questions that the form "
    "already answers. Payment for that time would at least make the cost visible to them.",
    "Je travaille en milieu hospitalier et la plupart des formulaires qu’on me demande "
    "viennent d’employeurs qui exigent un billet pour une seule journée d’absence. La "
    "politique devrait le dire clairement, et l’association devrait le rappeler chaque année.",
]


@dataclass(frozen=True)
class Person:
    pk: int
    user_type: str
    province: str
    language: str


# Setting up -----------------------------------------------------------------------------------


def environment(args: argparse.Namespace) -> None:
    """The settings of this process and of the server it starts: the bench's own data folder
    and database, never the developer's."""
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    os.environ.update(
        {
            "COLLEGIUM_ENV": "development",
            "COLLEGIUM_DATA_DIR": str(args.data_dir),
            "COLLEGIUM_BENCHMARK": "1",
            "DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        }
    )
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url


def check_targets(args: argparse.Namespace) -> None:
    data_dir = args.data_dir.resolve()
    if data_dir == ROOT or ROOT in data_dir.parents:
        raise SystemExit("--data-dir must be outside the repository (never var/).")
    if args.database_url:
        parts = urlsplit(args.database_url)
        name = parts.path.lstrip("/")
        if not parts.scheme.startswith("postgres") or not name.startswith("collegium_bench"):
            raise SystemExit(
                "--database-url must be postgres://…/collegium_bench…: it is dropped and made "
                "again."
            )
    if args.redis_url:
        parts = urlsplit(args.redis_url)
        if parts.hostname not in {"127.0.0.1", "localhost"} or not parts.path.strip("/"):
            raise SystemExit("--redis-url must name a database on 127.0.0.1 (…:6379/7).")


def reset(args: argparse.Namespace) -> None:
    """A fresh data folder, database and Redis database (only the bench's own)."""
    shutil.rmtree(args.data_dir, ignore_errors=True)
    args.data_dir.mkdir(parents=True)
    if args.database_url:
        import psycopg

        parts = urlsplit(args.database_url)
        name = parts.path.lstrip("/")
        admin = args.database_url.replace(parts.path, "/postgres", 1)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()


def manage(*arguments: str) -> float:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 -- our own interpreter and manage.py
        [sys.executable, "manage.py", *arguments], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - started


# The data -------------------------------------------------------------------------------------


def make_people(count: int, rng: random.Random) -> list[Person]:
    """``count`` members of the audience, in bulk (the large-data generator's way: one password
    hash for all, profiles, verified emails, accepted consents)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from collegium.accounts.choices import MEMBER_TYPES, ConsentDocument
    from collegium.accounts.demo import DEMO_PASSWORD
    from collegium.accounts.models import Consent, Profile, User
    from collegium.accounts.selectors import consent_versions_current
    from collegium.pages.selectors import guidelines_version_current

    password = make_password(DEMO_PASSWORD)
    versions = {
        document: version
        for document, version in consent_versions_current().items()
        if document in ConsentDocument.values
    }
    guidelines = guidelines_version_current()
    joined = timezone.now() - timedelta(days=400)
    types, type_weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    provinces, province_weights = list(PROVINCE_WEIGHTS), list(PROVINCE_WEIGHTS.values())
    people: list[Person] = []
    step = 10_000
    for start in range(0, count, step):
        users, details = [], []
        for n in range(start + 1, min(start + step, count) + 1):
            user_type = rng.choices(types, type_weights)[0]
            province = rng.choices(provinces, province_weights)[0]
            french = (province == "QC" and rng.random() < 0.8) or rng.random() < 0.1
            language = "fr" if french else "en"
            users.append(
                User(
                    email=f"member{n}@{EMAIL_DOMAIN}",
                    username=f"consult-{n}",
                    password=password,
                    user_type=user_type,
                    preferred_language=language,
                    date_joined=joined,
                    member_id=str(7_000_000 + n) if user_type in MEMBER_TYPES else None,
                    member_verified_at=joined if user_type in MEMBER_TYPES else None,
                    guidelines_version_accepted=guidelines,
                )
            )
            details.append((province, language))
        with transaction.atomic():
            User.objects.bulk_create(users, batch_size=INSERT_BATCH)
            Profile.objects.bulk_create(
                [
                    Profile(user=user, province=province)
                    for user, (province, _language) in zip(users, details, strict=True)
                ],
                batch_size=INSERT_BATCH,
            )
            EmailAddress.objects.bulk_create(
                [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
                batch_size=INSERT_BATCH,
            )
            Consent.objects.bulk_create(
                [
                    Consent(user=user, document=document, version=version)
                    for user in users
                    for document, version in versions.items()
                ],
                batch_size=INSERT_BATCH,
            )
        people += [
            Person(user.pk, user.user_type, province, language)
            for user, (province, language) in zip(users, details, strict=True)
        ]
    return people


def typed_answer(question: Any, person: Person, rng: random.Random) -> Any:
    """An answer as the form sends it: leaning towards agreement, learners less so; optional
    questions sometimes left blank."""
    kind = question.kind
    choices = [str(choice.pk) for choice in question.choices.all()]
    learner = person.user_type == "learner"
    if not question.required and rng.random() < 0.12:
        return [] if kind == "multiple" else ""
    if kind == "likert5":
        weights = [2, 3, 4, 4, 2] if learner else [1, 2, 3, 6, 4]
        return str(rng.choices(range(1, 6), weights)[0])
    if kind == "likert7":
        return str(rng.choices(range(1, 8), [1, 1, 2, 3, 5, 4, 2])[0])
    if kind == "rating":
        weights = [1, 1, 2, 3, 4, 5, 5, 4, 2, 1] if learner else [1, 1, 1, 2, 3, 4, 6, 7, 4, 2]
        return str(rng.choices(range(1, 11), weights)[0])
    if kind == "single":
        weights = [2, 5, 3, 2] if learner else [5, 2, 3, 4]
        return rng.choices(choices, weights[: len(choices)])[0]
    if kind == "multiple":
        return rng.sample(choices, rng.randint(1, len(choices)))
    if kind == "ranking":
        return rng.sample(choices, len(choices))
    if kind == "short_text":
        return rng.choice(SHORT_TEXTS) if rng.random() < 0.4 else ""
    return rng.choice(LONG_TEXTS) if rng.random() < 0.3 else ""


def make_consultation(staff: Any, size: int) -> Any:
    """An open consultation with the demo's draft and its 8-question form, through the
    services, as if it had opened two weeks ago."""
    from django.utils import timezone

    from collegium.consultations import demo_content as content
    from collegium.consultations import services
    from collegium.consultations.models import Consultation
    from collegium.questionnaires import services as questionnaire_services

    consultation = services.consultation_create(
        actor=staff,
        community=None,
        title_en=f"Benchmark: administrative burden ({size} responses)",
        title_fr=f"Banc d’essai : fardeau administratif ({size} réponses)",
        summary_en=content.ADMIN_BURDEN_SUMMARY["en"],
        summary_fr=content.ADMIN_BURDEN_SUMMARY["fr"],
        draft_en=content.ADMIN_BURDEN_DRAFT["en"],
        draft_fr=content.ADMIN_BURDEN_DRAFT["fr"],
        audience=list(TYPE_WEIGHTS),
        closes_at=timezone.now() + timedelta(days=30),
    )
    for question in content.ADMIN_BURDEN_QUESTIONS:
        questionnaire_services.question_add(
            actor=staff,
            questionnaire=consultation.questionnaire,
            kind=question["kind"],
            label_en=question["label"][0],
            label_fr=question["label"][1],
            required=question["required"],
            choices=question.get("choices", ()),
        )
    consultation = services.consultation_open_now(actor=staff, consultation=consultation)
    opened = timezone.now() - timedelta(days=14)
    Consultation.objects.filter(pk=consultation.pk).update(opens_at=opened, opened_at=opened)
    consultation.refresh_from_db()
    return consultation


def add_comments(consultation: Any, people: list[Person], count: int) -> None:
    """Public comments by different members, on paragraphs and on the draft as a whole, through
    the service."""
    from collegium.accounts.models import User
    from collegium.consultations import services

    paragraphs = [None, *consultation.paragraphs.all()]
    authors = User.objects.in_bulk([person.pk for person in people[:count]])
    for number, person in enumerate(people[:count]):
        services.consultation_comment_add(
            actor=authors[person.pk],
            consultation=consultation,
            paragraph=paragraphs[number % len(paragraphs)],
            body=f"{COMMENTS[number % len(COMMENTS)]} ({number + 1})",
        )


def add_sent_responses(
    consultation: Any, people: list[Person], rng: random.Random
) -> tuple[int, int]:
    """One sent response per person, in bulk; answers built and checked by ``answer_rows``.
    Answers (responses, answer rows)."""
    from django.db import transaction
    from django.utils import timezone

    from collegium.questionnaires.choices import ResponseStatus
    from collegium.questionnaires.models import Answer, Response
    from collegium.questionnaires.services import answer_rows

    questionnaire = consultation.questionnaire
    questions = list(questionnaire.questions.prefetch_related("choices"))
    now = timezone.now()
    answers = 0
    for start in range(0, len(people), RESPONSE_BATCH):
        batch = people[start : start + RESPONSE_BATCH]
        with transaction.atomic():
            responses = Response.objects.bulk_create(
                [
                    Response(
                        questionnaire=questionnaire,
                        respondent_id=person.pk,
                        status=ResponseStatus.SUBMITTED,
                        user_type=person.user_type,
                        province=person.province,
                        language=person.language,
                        # Most within the first days after the email, some later.
                        submitted_at=now
                        - timedelta(minutes=min(rng.expovariate(1 / 2000), 14 * 24 * 60 - 1)),
                    )
                    for person in batch
                ],
                batch_size=INSERT_BATCH,
            )
            rows: list[Answer] = []
            for response, person in zip(responses, batch, strict=True):
                for question in questions:
                    for row in answer_rows(question, typed_answer(question, person, rng)):
                        row.response = response
                        rows.append(row)
            Answer.objects.bulk_create(rows, batch_size=INSERT_BATCH)
            answers += len(rows)
    return len(people), answers


def draft_form(questions: list[Any], rng: random.Random) -> dict[str, list[str]]:
    """The whole form as the autosave posts it (``q12``, ``q12_c34`` for a ranked choice)."""
    form: dict[str, list[str]] = {}
    for question in questions:
        choices = [str(choice.pk) for choice in question.choices.all()]
        name = question.field_name
        if question.kind == "ranking":
            for rank, pk in enumerate(rng.sample(choices, len(choices)), start=1):
                form[f"{name}_c{pk}"] = [str(rank)]
        elif question.kind == "multiple":
            form[name] = rng.sample(choices, 2)
        elif question.kind == "single":
            form[name] = [rng.choice(choices)]
        elif question.kind == "short_text":
            form[name] = [rng.choice(SHORT_TEXTS)]
        elif question.kind == "long_text":
            form[name] = [rng.choice(LONG_TEXTS)]
        else:
            form[name] = [str(rng.randint(1, 5))]
    return form


def add_drafts(consultation: Any, people: list[Person]) -> list[tuple[int, int]]:
    """A draft (the first two questions answered) for each person, through the service;
    answers (user id, response id) pairs."""
    from collegium.accounts.models import User
    from collegium.questionnaires import services

    questionnaire = consultation.questionnaire
    first, second = list(questionnaire.questions.all()[:2])
    users = User.objects.in_bulk([person.pk for person in people])
    pairs = []
    for person in people:
        response = services.response_save_draft(
            questionnaire=questionnaire,
            user=users[person.pk],
            data={first.field_name: "4", second.field_name: "5"},
        )
        pairs.append((person.pk, response.pk))
    return pairs


def generate(args: argparse.Namespace) -> dict[str, Any]:
    """Everything the bench reads, made in bulk; answers what the later steps need."""
    from django.db import connection

    from collegium.accounts.models import User

    rng = random.Random(args.seed)
    largest = max(args.sizes)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    people = make_people(largest + args.members + args.drafts, rng)
    timings["members"] = time.perf_counter() - started
    respondents = people[:largest]
    members = people[largest : largest + args.members]
    drafters = people[largest + args.members :]
    staff = User.objects.get(email=STAFF_EMAIL)
    consultations: dict[str, Any] = {}
    for index, size in enumerate(args.sizes):
        started = time.perf_counter()
        consultation = make_consultation(staff, size)
        # Other authors on each consultation: the same text twice in ten minutes is refused.
        add_comments(consultation, respondents[index * args.comments :], args.comments)
        sent, answers = add_sent_responses(consultation, respondents[:size], rng)
        drafts = add_drafts(consultation, drafters)
        timings[f"consultation {size}"] = time.perf_counter() - started
        consultations[str(size)] = {
            "slug": consultation.slug,
            "questionnaire": consultation.questionnaire_id,
            "sent": sent,
            "answers": answers,
            "drafts": drafts,
        }
        seconds = timings[f"consultation {size}"]
        print(f"  {size:,} responses ({answers:,} answer rows) in {seconds:.1f} s")
    if connection.vendor == "postgresql":
        # What autovacuum does within a minute of a bulk load; the plans depend on it.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "members": [person.pk for person in members],
        "consultations": consultations,
        "timings": timings,
    }


# Measuring in this process ---------------------------------------------------------------------


def count_queries(action: Callable[[], object]) -> tuple[int, object]:
    queries, result, _sql = capture_queries(action)
    return queries, result


def capture_queries(action: Callable[[], object]) -> tuple[int, object, dict[str, Any]]:
    """The number of queries ``action`` makes, its result, and where the SQL time went: the
    total and the costliest kind of statement (by the table it reads first)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = action()
    kinds: dict[str, list[float]] = {}
    for query in captured.captured_queries:
        match = re.search(r'FROM "(\w+)"', query["sql"])
        kind = match.group(1) if match else query["sql"][:20]
        kinds.setdefault(kind, []).append(float(query["time"]))
    top = max(kinds.items(), key=lambda item: sum(item[1]), default=("", []))
    sql = {
        "sql_ms": sum(sum(times) for times in kinds.values()) * 1000,
        "top_kind": top[0],
        "top_count": len(top[1]),
        "top_ms": sum(top[1]) * 1000,
    }
    return len(captured), result, sql


def timed(action: Callable[[], object], repeats: int) -> dict[str, float]:
    """The first call (cold) and the median of ``repeats`` more, in milliseconds."""
    started = time.perf_counter()
    action()
    first = time.perf_counter() - started
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return {"first_ms": first * 1000, "median_ms": statistics.median(times) * 1000}


def _status(field: str) -> int:
    """A ``/proc/self/status`` figure in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


@contextmanager
def peak_rss() -> Iterator[dict[str, float]]:
    """How far the process's resident memory rose above where it was, in MiB (the kernel's
    high-water mark, reset first)."""
    found: dict[str, float] = {}
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    before = _status("VmRSS")
    yield found
    found["rss_growth_mib"] = (_status("VmHWM") - before) / 1024


@contextmanager
def profiled(args: argparse.Namespace, name: str) -> Iterator[None]:
    if not args.profile:
        yield
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        folder = args.data_dir / "profiles"
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.prof"
        profile.dump_stats(path)
        print(f"\n  profile {path} (top 12 by own time):")
        stats = pstats.Stats(str(path))
        stats.sort_stats("tottime").print_stats(12)


def measure_results(args: argparse.Namespace, questionnaire: Any) -> dict[str, Any]:
    from django.utils import translation

    from collegium.questionnaires import results

    figures: dict[str, Any] = {}
    with translation.override("en"):
        calls = {
            "questionnaire_results": lambda: results.questionnaire_results(
                questionnaire, language="en"
            ),
            "breakdowns by province": lambda: results.breakdowns(
                questionnaire, "province", language="en"
            ),
            "breakdowns by user type": lambda: results.breakdowns(
                questionnaire, "user_type", language="en"
            ),
        }
        for name, call in calls.items():
            queries, found, sql = capture_queries(call)
            figures[name] = {"queries": queries, **timed(call, args.repeats), **sql}
            if name == "breakdowns by province":
                tables = list(found.values())  # type: ignore[attr-defined]
                figures[name]["groups_withheld"] = tables[0].suppressed_count if tables else 0
                figures[name]["groups"] = len(tables[0].groups) if tables else 0
    return figures


_WARMED: set[str] = set()


def measure_export(args: argparse.Namespace, questionnaire: Any, file_format: str) -> dict:
    from django.utils import translation

    from collegium.questionnaires.exports import export_prepare

    def run() -> dict[str, float]:
        started = time.perf_counter()
        prepared = export_prepare(questionnaire, language="en")
        if file_format == "csv":
            size, first = 0, 0.0
            for chunk in prepared.csv_chunks():
                if not first:
                    first = time.perf_counter() - started
                size += len(chunk.encode())
            return {"bytes": size, "first_row_ms": first * 1000, "rows": prepared.response_count}
        return {"bytes": len(prepared.xlsx()), "rows": prepared.response_count}

    with translation.override("en"):
        if file_format not in _WARMED:
            run()  # once: imports and translations
            _WARMED.add(file_format)
        with peak_rss() as memory:
            started = time.perf_counter()
            queries, found, sql = capture_queries(run)
            elapsed = time.perf_counter() - started
        tracemalloc.start()
        run()
        _current, python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        if args.profile and questionnaire.pk == args.largest_questionnaire:
            with profiled(args, f"export-{file_format}"):
                run()
    return {
        **found,  # type: ignore[dict-item]
        "seconds": elapsed,
        "queries": queries,
        **sql,
        "rss_growth_mib": memory["rss_growth_mib"],
        "python_peak_mib": python_peak / 2**20,
    }


def measure_pages(
    args: argparse.Namespace, slug: str, member_id: int, drafter: tuple[int, int], questions: list
) -> dict[str, Any]:
    """The queries and time of each page a member opens, through every middleware (Django's
    test client), and of the results page for the analyst."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from collegium.accounts.models import User

    with translation.override("en"):
        detail = reverse("consultations:detail", args=[slug])
        respond = reverse("consultations:respond", args=[slug])
        draft = reverse("consultations:response_draft", args=[slug, drafter[1]])
        results = reverse("consultations:results", args=[slug])
    member, writer = Client(), Client()
    member.force_login(User.objects.get(pk=member_id))
    writer.force_login(User.objects.get(pk=drafter[0]))
    analyst = Client()
    analyst.force_login(User.objects.get(email=ANALYST_EMAIL))
    body = draft_form(questions, random.Random(1))
    pages: dict[str, tuple[Client, Callable[[Client], Any]]] = {
        "consultation page": (member, lambda c: c.get(detail, HTTP_ACCEPT_LANGUAGE="en")),
        "answering page (no response yet)": (
            member,
            lambda c: c.get(respond, HTTP_ACCEPT_LANGUAGE="en"),
        ),
        "draft autosave (POST)": (
            writer,
            lambda c: c.post(
                draft,
                {**body, "action": "draft"},
                HTTP_HX_REQUEST="true",
                HTTP_ACCEPT_LANGUAGE="en",
            ),
        ),
        "results page ?by=province (analyst)": (
            analyst,
            lambda c: c.get(results, {"by": "province"}, HTTP_ACCEPT_LANGUAGE="en"),
        ),
    }
    figures = {}
    for name, (client, call) in pages.items():
        response = call(client)
        if response.status_code != 200:
            raise SystemExit(f"{name} answered {response.status_code}: nothing to measure.")
        visit = partial(call, client)
        queries, _response = count_queries(visit)
        figures[name] = {"queries": queries, **timed(visit, args.repeats)}
    if args.profile and slug == args.largest_slug:
        for name, short in [
            ("consultation page", "detail"),
            ("answering page (no response yet)", "respond"),
        ]:
            client, call = pages[name]
            with profiled(args, f"page-{short}"):
                for _ in range(20):
                    call(client)
    return figures


# Load through the server -----------------------------------------------------------------------


@dataclass
class Target:
    """What a load sends: each request as the next member (method, path, cookie, body)."""

    name: str
    size: int
    method: str
    requests: list[tuple[str, str, str]]  # (path, cookie, body)
    htmx: bool = False


def sessions(user_ids: list[int]) -> list[str]:
    """A session of each member, made as a sign-in makes it, with a CSRF cookie of their own;
    answers the Cookie headers."""
    from django.conf import settings
    from django.test import Client

    from collegium.accounts.models import User

    users = User.objects.in_bulk(user_ids)
    alphabet = string.ascii_letters + string.digits
    cookies = []
    for pk in user_ids:
        client = Client()
        client.force_login(users[pk])
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        csrf = "".join(secrets.choice(alphabet) for _ in range(32))
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"
        )
    return cookies


def _csrf_of(cookie: str) -> str:
    return cookie.rsplit("=", 1)[1]


def request(
    port: int,
    method: str,
    path: str,
    cookie: str,
    body: str = "",
    htmx: bool = False,
    timeout: float = 60,
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    headers = {"Accept-Language": "en"}
    if cookie:
        headers["Cookie"] = cookie
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if htmx:
        headers["HX-Request"] = "true"
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def drain(port: int) -> float:
    """Wait until the server has worked through what the load left queued: the clients hang
    up when their time is over, but the sync workers still answer every request already sent
    (one connection each, first come first served), which would slow the next measurement.
    A request sent now is answered after all of them; answers how long that took."""
    started = time.perf_counter()
    status, _ = request(port, "GET", "/healthz", "", timeout=300)
    if status != 200:
        raise SystemExit(f"/healthz answered HTTP {status} after a load.")
    return time.perf_counter() - started


_LUA = """
local requests = %(requests)s
local method = %(method)s
local htmx = %(htmx)s
local n = 0
notok = 0
local threads = {}
setup = function(thread) table.insert(threads, thread) end
request = function()
  n = n + 1
  local r = requests[(n - 1) %% #requests + 1]
  local headers = { ["Accept-Language"] = "en" }
  if r[2] ~= "" then headers["Cookie"] = r[2] end
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    if htmx then headers["HX-Request"] = "true" end
    return wrk.format("POST", r[1], headers, r[3])
  end
  return wrk.format("GET", r[1], headers)
end
response = function(status, headers, body)
  if status ~= 200 then notok = notok + 1 end
end
done = function(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("notok") or 0) end
  local e = summary.errors
  io.write(string.format(
    "RESULT %%d %%.3f %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), bad,
    e.connect + e.read + e.write + e.timeout))
end
"""


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string of ASCII is a valid Lua string


def run_wrk(port: int, target: Target, seconds: int, connections: int, folder: Path) -> dict:
    rows = ",".join(
        "{" + ",".join(_lua_string(part) for part in entry) + "}" for entry in target.requests
    )
    script = folder / "load.lua"
    script.write_text(
        _LUA
        % {
            "requests": "{" + rows + "}",
            "method": _lua_string(target.method),
            "htmx": "true" if target.htmx else "false",
        }
    )
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    output = subprocess.run(  # noqa: S603 -- wrk against our own server on 127.0.0.1
        [*command, "-s", str(script), f"http://{HOST}:{port}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next((line for line in output.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"Unexpected output from wrk:\n{output}")
    count, duration, p50, p95, p99, bad, errors = line.split()[1:]
    return {
        "requests": int(count),
        "per_second": int(count) / float(duration),
        "p50_ms": int(p50) / 1000,
        "p95_ms": int(p95) / 1000,
        "p99_ms": int(p99) / 1000,
        "not_200": int(bad),
        "socket_errors": int(errors),
        "wrk_output": output,
    }


def run_python(port: int, target: Target, seconds: int, connections: int, _folder: Path) -> dict:
    """``bench/load.py``'s client, each request as the next member (without wrk)."""
    latencies: list[float] = []
    bad = 0
    lock = threading.Lock()
    counter = iter(range(10**9))
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        nonlocal bad
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.perf_counter() < deadline:
            with lock:
                path, cookie, body = target.requests[next(counter) % len(target.requests)]
            headers = {"Accept-Language": "en"}
            if cookie:
                headers["Cookie"] = cookie
            if target.method == "POST":
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                if target.htmx:
                    headers["HX-Request"] = "true"
            started = time.perf_counter()
            try:
                connection.request(target.method, path, body=body or None, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
            with lock:
                latencies.append(time.perf_counter() - started)
                bad += 0 if ok else 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "per_second": len(latencies) / duration,
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
        "p99_ms": cuts[98] * 1000,
        "not_200": bad,
        "socket_errors": 0,
    }


def load_targets(state: dict[str, Any], cookies: dict[int, str]) -> list[Target]:
    from django.urls import reverse
    from django.utils import translation

    from collegium.questionnaires.models import Question

    members = state["members"]
    member_cookies = [cookies[pk] for pk in members]
    targets = [
        Target("ceiling: hello world, anonymous", 0, "GET", [("/bench/hello", "", "")]),
        Target(
            "hello world, signed in",
            0,
            "GET",
            [("/bench/hello", cookie, "") for cookie in member_cookies],
        ),
    ]
    rng = random.Random(7)
    for size in sorted((int(s) for s in state["consultations"]), reverse=True):
        found = state["consultations"][str(size)]
        slug = found["slug"]
        with translation.override("en"):
            detail = reverse("consultations:detail", args=[slug])
            respond = reverse("consultations:respond", args=[slug])
            drafts = [
                (reverse("consultations:response_draft", args=[slug, rid]), cookies[uid])
                for uid, rid in found["drafts"]
            ]
        questions = list(
            Question.objects.filter(questionnaire=found["questionnaire"]).prefetch_related(
                "choices"
            )
        )
        targets += [
            Target("consultation page", size, "GET", [(detail, c, "") for c in member_cookies]),
            Target(
                "answering page (no response yet)",
                size,
                "GET",
                [(respond, c, "") for c in member_cookies],
            ),
        ]
        if size == max(int(s) for s in state["consultations"]):
            bodies = []
            for path, cookie in drafts:
                form = {**draft_form(questions, rng), "action": ["draft"]}
                form["csrfmiddlewaretoken"] = [_csrf_of(cookie)]
                bodies.append((path, cookie, urlencode(form, doseq=True)))
            targets.append(Target("draft autosave (POST, htmx)", size, "POST", bodies, htmx=True))
    targets.append(Target("ceiling again, at the end", 0, "GET", [("/bench/hello", "", "")]))
    return targets


def member_cookies(state: dict[str, Any]) -> dict[int, str]:
    """A session for each loading member, each drafting member and the analyst."""
    from collegium.accounts.models import User

    drafters = sorted({uid for c in state["consultations"].values() for uid, _ in c["drafts"]})
    started = time.perf_counter()
    people = [*state["members"], *drafters, User.objects.get(email=ANALYST_EMAIL).pk]
    cookies = dict(zip(people, sessions(people), strict=True))
    print(f"  {len(cookies):,} sessions made in {time.perf_counter() - started:.1f} s")
    return cookies


def export_downloads(state: dict[str, Any]) -> list[tuple[int, str, str]]:
    from django.urls import reverse
    from django.utils import translation

    downloads = []
    with translation.override("en"):
        for size, found in sorted(state["consultations"].items(), key=lambda kv: int(kv[0])):
            for name in ("export_csv", "export_xlsx"):
                downloads.append(
                    (int(size), name, reverse(f"consultations:{name}", args=[found["slug"]]))
                )
    return downloads


def measure_load(
    args: argparse.Namespace,
    targets: list[Target],
    downloads: list[tuple[int, str, str]],
    analyst_cookie: str,
) -> dict[str, Any]:
    """Start the server, load each target after a warm-up, download the exports, stop it."""
    from django.db import connections

    connections.close_all()
    port = forum.free_port()
    log = args.data_dir / "bench-server.log"
    server = forum.start_server(str(args.data_dir), port, args.workers, log)
    client = run_wrk if shutil.which("wrk") and not args.python_client else run_python
    results = []
    exports = []
    try:
        for target in targets:
            # Every member's request must answer 200 itself: wrk counts a redirect as a success.
            for path, cookie, body in target.requests[:3] + target.requests[-3:]:
                status, _ = request(port, target.method, path, cookie, body, target.htmx)
                if status != 200:
                    raise SystemExit(f"{target.name}: {path} answered HTTP {status}, not 200.")
            with tempfile.TemporaryDirectory() as folder:
                client(port, target, WARM_UP_SECONDS, args.connections, Path(folder))
                drain(port)
                figures = client(port, target, args.duration, args.connections, Path(folder))
                figures["drain_seconds"] = drain(port)
            figures.update(
                page=target.name,
                size=target.size,
                path=target.requests[0][0],
                identities=len({cookie for _p, cookie, _b in target.requests}),
                load_average=os.getloadavg()[0],
            )
            results.append(figures)
            print(
                f"  {target.name} ({target.size or '-'}): {figures['per_second']:.0f} req/s, "
                f"p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, "
                f"not 200: {figures['not_200']}, load {figures['load_average']:.1f}"
            )
        for size, name, path in downloads:
            started = time.perf_counter()
            try:
                status, data = request(port, "GET", path, analyst_cookie, timeout=300)
                outcome = f"HTTP {status}"
            except http.client.IncompleteRead as error:
                # A sync worker killed mid-download (gunicorn's timeout) ends the stream early.
                status, data, outcome = 0, error.partial, "cut off"
            except (OSError, http.client.HTTPException) as error:
                status, data, outcome = 0, b"", f"failed: {error.__class__.__name__}"
            elapsed = time.perf_counter() - started
            exports.append(
                {"size": size, "format": name[-4:].lstrip("_"), "status": status,
                 "outcome": outcome, "bytes": len(data), "seconds": elapsed}
            )  # fmt: skip
            print(f"  download {name} ({size:,}): {outcome}, {len(data):,} B, {elapsed:.1f} s")
    finally:
        forum.stop_server(server)
    ceiling = (results[0]["per_second"] + results[-1]["per_second"]) / 2
    for figures in results:
        figures["ratio"] = figures["per_second"] / ceiling
    return {
        "client": "wrk" if client is run_wrk else "python",
        "pages": results,
        "downloads": exports,
    }


def measure_comment_levels(
    args: argparse.Namespace, state: dict[str, Any], cookies: dict[int, str] | None
) -> dict[str, Any]:
    """The consultation page of the largest consultation as its public comments grow to each
    of ``--comment-levels`` (through the service, by other members each time): its time,
    size and queries in this process, then, at the last level, under load."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from collegium.accounts.models import User
    from collegium.consultations import services
    from collegium.consultations.models import Consultation, ConsultationComment

    largest = str(max(int(size) for size in state["consultations"]))
    consultation = Consultation.objects.get(slug=state["consultations"][largest]["slug"])
    paragraphs = [None, *consultation.paragraphs.all()]
    busy = {
        *state["members"],
        *(u for c in state["consultations"].values() for u, _ in c["drafts"]),
    }
    authors = iter(
        User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
        .exclude(pk__in=busy)
        .exclude(
            pk__in=ConsultationComment.objects.filter(consultation=consultation).values("author")
        )
        .order_by("pk")
    )
    with translation.override("en"):
        url = reverse("consultations:detail", args=[consultation.slug])
    reader = Client()
    reader.force_login(User.objects.get(pk=state["members"][0]))

    def look() -> Any:
        return reader.get(url, HTTP_ACCEPT_LANGUAGE="en")

    levels = []
    for level in args.comment_levels:
        count = consultation.comments.count()
        for number in range(count, level):
            services.consultation_comment_add(
                actor=next(authors),
                consultation=consultation,
                paragraph=paragraphs[number % len(paragraphs)],
                body=f"{COMMENTS[number % len(COMMENTS)]} ({number + 1})",
            )
        look()  # the first look after new comments fills per-process caches
        queries, page = count_queries(look)
        levels.append(
            {
                "comments": consultation.comments.count(),
                "queries": queries,
                "bytes": len(page.content),  # type: ignore[attr-defined]
                **timed(look, args.repeats),
            }
        )
        print(
            f"  consultation page with {levels[-1]['comments']:,} comments: {queries} queries, "
            f"{levels[-1]['bytes']:,} B, {levels[-1]['median_ms']:.0f} ms"
        )
    found: dict[str, Any] = {"levels": levels}
    if cookies is not None:
        members = [cookies[pk] for pk in state["members"]]
        targets = [
            Target("ceiling: hello world, anonymous", 0, "GET", [("/bench/hello", "", "")]),
            Target(
                f"consultation page, {levels[-1]['comments']:,} comments",
                int(largest),
                "GET",
                [(url, cookie, "") for cookie in members],
            ),
            Target("ceiling again, at the end", 0, "GET", [("/bench/hello", "", "")]),
        ]
        found["load"] = measure_load(args, targets, [], "")
    return found


# Report -----------------------------------------------------------------------------------------


def report(figures: dict[str, Any]) -> None:
    sizes = sorted(figures["results"], key=int)
    print(f"\n{figures['label']}: {figures['database']}, {figures['setup']}")
    print("\n| computed in the process | " + " | ".join(f"N = {int(s):,}" for s in sizes) + " |")
    print("| --- |" + " ---: |" * len(sizes))
    for name in figures["results"][sizes[0]]:
        cells = [
            f"{figures['results'][s][name]['queries']} q · "
            f"{figures['results'][s][name]['median_ms']:.0f} ms "
            f"(first {figures['results'][s][name]['first_ms']:.0f}; "
            f"SQL {figures['results'][s][name]['sql_ms']:.0f})"
            for s in sizes
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    for name in figures["pages"][sizes[0]]:
        cells = [
            f"{figures['pages'][s][name]['queries']} q · "
            f"{figures['pages'][s][name]['median_ms']:.0f} ms"
            for s in sizes
        ]
        print(f"| {name} (test client) | " + " | ".join(cells) + " |")
    print(
        "\n| export | N | rows | size | time | first row | queries | of which SQL (costliest) "
        "| RSS growth | Python peak |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
    for s in sizes:
        for file_format in ("csv", "xlsx"):
            e = figures["exports"][s][file_format]
            first = f"{e['first_row_ms']:.0f} ms" if "first_row_ms" in e else "–"
            print(
                f"| {file_format.upper()} | {int(s):,} | {e['rows']:,} | "
                f"{e['bytes'] / 2**20:.1f} MiB | {e['seconds']:.2f} s | {first} | "
                f"{e['queries']} | {e['sql_ms'] / 1000:.2f} s ({e['top_kind']} ×{e['top_count']}: "
                f"{e['top_ms'] / 1000:.2f} s) | {e['rss_growth_mib']:.0f} MiB | "
                f"{e['python_peak_mib']:.0f} MiB |"
            )
    if figures.get("load"):
        print_load(figures, figures["load"])
    if figures.get("comments"):
        print("\n| consultation page, in the process | comments | queries | size | time |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for level in figures["comments"]["levels"]:
            print(
                f"| N = {int(sizes[-1]):,} | {level['comments']:,} | {level['queries']} | "
                f"{level['bytes'] / 1024:.0f} KiB | {level['median_ms']:.0f} ms |"
            )
        if figures["comments"].get("load"):
            print_load(figures, figures["comments"]["load"])


def print_load(figures: dict[str, Any], load: dict[str, Any]) -> None:
    print(
        f"\nLoad ({load['client']}, {figures['connections']} connections, "
        f"{figures['duration']} s a page, {figures['workers']} gunicorn workers):\n"
    )
    print("| page | N | members | req/s | p50 ms | p95 ms | p99 ms | ratio | not 200 | load |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for p in load["pages"]:
        print(
            f"| {p['page']} | {p['size'] or '–'} | {p['identities']:,} | "
            f"{p['per_second']:.0f} | {p['p50_ms']:.0f} | {p['p95_ms']:.0f} | {p['p99_ms']:.0f} | "
            f"{p['ratio']:.1%} | {p['not_200'] + p['socket_errors']} | {p['load_average']:.1f} |"
        )
    if not load["downloads"]:
        return
    print("\n| download through the server (analyst) | N | answer | size | time |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for d in load["downloads"]:
        print(
            f"| {d['format'].upper()} | {d['size']:,} | {d.get('outcome', d['status'])} | "
            f"{d['bytes'] / 2**20:.1f} MiB | {d['seconds']:.1f} s |"
        )


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="default /tmp/collegium-bench-consult[-pg]"
    )
    parser.add_argument("--database-url", default="", help="postgres://…/collegium_bench…")
    parser.add_argument("--redis-url", default="", help="redis://127.0.0.1:6379/<db>")
    parser.add_argument("--sizes", default="1000,20000", help="sent responses per consultation")
    parser.add_argument("--members", type=int, default=1000, help="members loading the pages")
    parser.add_argument("--drafts", type=int, default=200, help="members autosaving a draft")
    parser.add_argument("--comments", type=int, default=40, help="public comments each")
    parser.add_argument(
        "--comment-levels",
        default="",
        help="e.g. 200,1000: then grow the largest one's comments to each (changes the data)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeats", type=int, default=5, help="timed calls after the first")
    parser.add_argument("--duration", type=int, default=10, help="seconds per loaded page")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, as serve")
    parser.add_argument("--python-client", action="store_true", help="not wrk")
    parser.add_argument("--no-load", action="store_true", help="skip the server and the load")
    parser.add_argument("--reuse", action="store_true", help="keep data made by an earlier run")
    parser.add_argument("--profile", action="store_true", help="cProfile the exports and pages")
    parser.add_argument("--label", default="")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    args.sizes = sorted(int(size) for size in args.sizes.split(","))
    args.comment_levels = sorted(int(n) for n in args.comment_levels.split(",") if n)
    if args.data_dir is None:
        suffix = "-pg" if args.database_url else ""
        args.data_dir = Path(tempfile.gettempdir()) / f"collegium-bench-consult{suffix}"
    if not 1 <= args.duration <= 120:
        raise SystemExit("--duration is 1 to 120 seconds.")
    check_targets(args)
    environment(args)
    began = time.perf_counter()
    state_path = args.data_dir / STATE_FILE
    setup: dict[str, float] = {}
    if not (args.reuse and state_path.exists()):
        reset(args)
        setup["migrate"] = manage("migrate", "--noinput", "-v0")
        setup["demo_data"] = manage("demo_data")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    if state_path.exists() and args.reuse:
        state = json.loads(state_path.read_text())
    else:
        print("generating …")
        state = generate(args)
        state_path.write_text(json.dumps(state))
    setup.update(state["timings"])
    from collegium.questionnaires.models import Question, Questionnaire

    largest = str(max(int(s) for s in state["consultations"]))
    args.largest_questionnaire = state["consultations"][largest]["questionnaire"]
    args.largest_slug = state["consultations"][largest]["slug"]
    figures: dict[str, Any] = {
        "label": args.label or ("PostgreSQL" if args.database_url else "SQLite"),
        "database": database_version(),
        "setup": ", ".join(f"{name} {seconds:.0f} s" for name, seconds in setup.items()),
        "connections": args.connections,
        "duration": args.duration,
        "workers": args.workers,
        "results": {},
        "exports": {},
        "pages": {},
        "state": {
            s: {k: v for k, v in c.items() if k != "drafts"}
            for s, c in state["consultations"].items()
        },
    }
    for size, found in sorted(state["consultations"].items(), key=lambda kv: int(kv[0])):
        print(f"measuring N = {int(size):,} …")
        questionnaire = Questionnaire.objects.get(pk=found["questionnaire"])
        figures["results"][size] = measure_results(args, questionnaire)
        if args.profile and size == largest:
            from collegium.questionnaires import results

            with profiled(args, "breakdowns-province"):
                for _ in range(5):
                    results.breakdowns(questionnaire, "province", language="en")
        figures["exports"][size] = {
            file_format: measure_export(args, questionnaire, file_format)
            for file_format in ("csv", "xlsx")
        }
        questions = list(
            Question.objects.filter(questionnaire=questionnaire).prefetch_related("choices")
        )
        figures["pages"][size] = measure_pages(
            args, found["slug"], state["members"][0], found["drafts"][0], questions
        )
    cookies = None
    if not args.no_load:
        print("loading …")
        cookies = member_cookies(state)
        analyst = next(reversed(cookies.values()))
        figures["load"] = measure_load(
            args, load_targets(state, cookies), export_downloads(state), analyst
        )
    if args.comment_levels:
        print("comments …")
        figures["comments"] = measure_comment_levels(args, state, cookies)
    figures["seconds"] = time.perf_counter() - began
    report(figures)
    print(f"\nwhole run: {figures['seconds']:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=str))


if __name__ == "__main__":
    main()
