"""Bench data at scale (``manage.py demo_data --size large``): 100,000 people, a million posts.

The rows are written with ``bulk_create`` in batches, not through the services: the services
write one post at a time with its checks and follow-ups, which would take hours for a million
posts. The generator sets every denormalised counter itself (post and reply counts, last post,
answer counts, helpful counts, participant counts), consistently with the rows it writes
(``tests/test_large_data.py`` checks that). Bench data only: never load it into a real site.

What it makes (``bench/README.md``):

- ``users`` people ``user{n}@large.example.org`` (all user types; physicians and learners
  verified), signing in with the demo password;
- the community ``large-forum`` with every one of them as participant and ``posts // 10``
  threads (100,000 for a million posts), among them "The long thread (10,000 replies)";
- the community ``large-questions`` (questions only) with a third of them and ``posts // 50``
  threads;
- ``posts`` posts in all; the demo physician (physician@example.org) takes part in both
  communities, with their rules accepted, and wrote some of the threads and posts.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import DateTimeField, Model
from django.utils import timezone
from django.utils.text import slugify

from collegium.accounts.choices import MEMBER_TYPES, ConsentDocument, UserType
from collegium.accounts.demo import DEMO_PASSWORD
from collegium.accounts.models import Consent, Profile, User
from collegium.accounts.selectors import consent_versions_current
from collegium.communities import services as community_services
from collegium.communities.choices import (
    CommunityKind,
    CommunityLanguage,
    DirectoryVisibility,
    Joining,
    MembershipStatus,
    Role,
)
from collegium.communities.models import Community, Membership
from collegium.core.markdown import render_markdown
from collegium.core.models import Tag
from collegium.forums.choices import ThreadKind
from collegium.forums.models import Post, Reaction, Thread
from collegium.pages.selectors import guidelines_version_current

LARGE_FORUM_SLUG = "large-forum"
LARGE_QUESTIONS_SLUG = "large-questions"
EMAIL_DOMAIN = "large.example.org"
DEMO_PARTICIPANT = "physician@example.org"
LONG_THREAD_REPLIES = 10_000
SPAN = timedelta(days=730)
# Rows per transaction: big enough to amortise the commit, small enough to keep memory flat.
USER_BATCH = 10_000
POST_BATCH = 20_000
INSERT_BATCH = 2_000

Write = Callable[[str], None]

USER_TYPE_WEIGHTS = {
    UserType.PHYSICIAN: 45, UserType.LEARNER: 20, UserType.ALLIED_HEALTH: 12,
    UserType.PATIENT: 10, UserType.STAKEHOLDER: 5, UserType.POLICY_MAKER: 3, UserType.PUBLIC: 5,
}  # fmt: skip
FIRST_NAMES = ("Alex", "Camille", "Jordan", "Priya", "Marc", "Taylor", "Chris", "Robin", "Léa",
               "Noah", "Amira", "Sam", "Élodie", "Kai", "Mei", "Olivier", "Fatima")  # fmt: skip
LAST_NAMES = ("Tremblay", "Lee", "Singh", "Gagnon", "Roy", "Martin", "Bouchard", "Côté", "Wong",
              "Nguyen", "Smith", "Pelletier", "Ahmed", "Brown", "Lavoie", "Chen")  # fmt: skip
TAG_NAMES = ("scheduling", "burnout", "research", "teaching", "rural practice", "billing",
             "parental leave", "mentorship")  # fmt: skip
TITLES = (
    "How do you organise on-call weeks?", "Resources for new residents", "Billing codes for "
    "virtual visits", "Peer support after a difficult case", "Sharing data on parental leave",
    "What changed in your clinic this year?", "Mentorship programmes that worked",
    "Questions for the policy committee", "Reducing charting time", "Rural recruitment ideas",
    "Teaching in a busy emergency department", "Research collaborations across provinces",
)  # fmt: skip
# Rendered once each; a post joins two of them and a numbered line, so its HTML is the
# concatenation of the pieces' HTML (each piece is a whole Markdown block).
TEXTS = (
    "Thanks for starting this. In our clinic we tried **protected time** on Fridays and it "
    "helped more than we expected.",
    "I agree with most of this, but the numbers from last year tell a *different* story.",
    "Three things worked for us:\n\n- a shared calendar\n- a weekly huddle\n- one person who "
    "owns the schedule",
    "There is a good summary in the [association's guide](https://example.org/guide) — see "
    "the section on workload.",
    "Could the committee publish the draft before the meeting? It is hard to comment on "
    "`version 2` without seeing it.",
    "> We should measure before we change anything.\n\nExactly. Who has the baseline data?",
    "Our residents asked for the same thing. We now pair each of them with a mentor for the "
    "first six months.",
    "Merci pour ce partage. Chez nous, la garde est répartie sur quatre semaines et cela "
    "fonctionne bien.",
)


@dataclass(frozen=True)
class LargePlan:
    """How many of each thing to make, derived from the requested sizes."""

    users: int
    posts: int
    long_replies: int
    forum_threads: int
    question_threads: int

    @classmethod
    def of(cls, *, users: int, posts: int) -> LargePlan:
        if users < 10 or posts < 100:
            raise ValueError("Make at least 10 users and 100 posts.")
        return cls(
            users=users,
            posts=posts,
            long_replies=min(LONG_THREAD_REPLIES, posts // 100),
            forum_threads=posts // 10,
            question_threads=posts // 50,
        )

    @property
    def threads(self) -> int:
        return 1 + self.forum_threads + self.question_threads


@dataclass
class _PlannedThread:
    thread: Thread
    posts: list[Post]
    reactions: list[tuple[int, int]] = field(default_factory=list)  # (post index, user id)
    tag_ids: list[int] = field(default_factory=list)


def load_large(
    write: Write, *, users: int = 100_000, posts: int = 1_000_000, seed: int = 2026
) -> None:
    """Make the large data set; skip it when the large forum already has threads."""
    plan = LargePlan.of(users=users, posts=posts)
    if Thread.objects.filter(community__slug=LARGE_FORUM_SLUG).exists():
        write(f"large data: {LARGE_FORUM_SLUG} already has threads, nothing generated")
        return
    participant = User.objects.filter(email=DEMO_PARTICIPANT).first()
    if participant is None:
        raise RuntimeError(f"Load the demo data first: {DEMO_PARTICIPANT} is missing.")
    rng = random.Random(seed)  # noqa: S311 -- reproducible bench data, not secrets
    with _bulk_writing():
        user_ids = _users_ensure(write, plan.users, rng)
        forum, questions = _communities_ensure()
        forum_pool = [*user_ids, participant.pk]
        question_pool = [*user_ids[::3], participant.pk]
        for community, pool in ((forum, forum_pool), (questions, question_pool)):
            _memberships_ensure(
                community, pool, leader_id=user_ids[0], participant_id=participant.pk
            )
        generator = _ThreadGenerator(
            rng=rng,
            bodies=[(text, render_markdown(text)) for text in TEXTS],
            tag_ids=_tags_ensure(),
            participant_id=participant.pk,
        )
        _threads_write(write, generator, plan, forum, questions, forum_pool, question_pool)
    write(
        f"large data: {plan.users:,} users, {plan.threads:,} threads, {plan.posts:,} posts "
        f"({LARGE_FORUM_SLUG}: {1 + plan.forum_threads:,} threads)"
    )


# People and communities ------------------------------------------------------------------------


def _users_ensure(write: Write, count: int, rng: random.Random) -> list[int]:
    """The ids of the generated people, creating those that are missing."""
    existing = dict(
        User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").values_list("email", "pk")
    )
    password = make_password(DEMO_PASSWORD)  # one hash for all: hashing 100,000 takes hours
    versions = consent_versions_current()
    guidelines_version = guidelines_version_current()
    joined = timezone.now() - SPAN - timedelta(days=1)
    types = list(USER_TYPE_WEIGHTS)
    weights = list(USER_TYPE_WEIGHTS.values())
    missing = [n for n in range(1, count + 1) if _email(n) not in existing]
    for start in range(0, len(missing), USER_BATCH):
        people = []
        for n in missing[start : start + USER_BATCH]:
            user_type = rng.choices(types, weights)[0]
            is_member = user_type in MEMBER_TYPES
            people.append(
                User(
                    email=_email(n),
                    username=f"large-{n}",
                    password=password,
                    user_type=user_type,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    preferred_language="fr" if rng.random() < 0.3 else "en",
                    date_joined=joined,
                    member_id=str(5_000_000 + n) if is_member else None,
                    member_verified_at=joined if is_member else None,
                    guidelines_version_accepted=guidelines_version,
                )
            )
        with transaction.atomic():
            User.objects.bulk_create(people, batch_size=INSERT_BATCH)
            Profile.objects.bulk_create(
                [
                    Profile(
                        user=user,
                        display_name=f"{user.first_name} {user.last_name}" if i % 2 else "",
                    )
                    for i, user in enumerate(people)
                ],
                batch_size=INSERT_BATCH,
            )
            EmailAddress.objects.bulk_create(
                [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in people],
                batch_size=INSERT_BATCH,
            )
            Consent.objects.bulk_create(
                [
                    Consent(user=user, document=document, version=version)
                    for user in people
                    for document, version in versions.items()
                    if document in ConsentDocument.values
                ],
                batch_size=INSERT_BATCH,
            )
        existing.update((user.email, user.pk) for user in people)
        write(f"large data: {start + len(people):,} of {len(missing):,} users created")
    return [existing[_email(n)] for n in range(1, count + 1)]


def _email(n: int) -> str:
    return f"user{n}@{EMAIL_DOMAIN}"


def _communities_ensure() -> tuple[Community, Community]:
    specs: list[dict[str, Any]] = [
        {
            "slug": LARGE_FORUM_SLUG,
            "name_en": "Large forum (benchmark)",
            "description_en": "Generated data for the load benchmark: 100,000 threads.",
        },
        {
            "slug": LARGE_QUESTIONS_SLUG,
            "name_en": "Large questions (benchmark)",
            "description_en": "Generated data for the load benchmark: questions and answers.",
        },
    ]
    communities = []
    for spec in specs:
        community = Community.objects.filter(slug=spec["slug"]).first()
        if community is None:
            community = community_services.community_save(
                actor=None,
                community=Community(
                    **spec,
                    rules_en="Be kind; this is generated data.",
                    kind=CommunityKind.ASSOCIATION,
                    language=CommunityLanguage.EN,
                    joining=Joining.OPEN,
                    visibility=DirectoryVisibility.SIGNED_IN,
                ),
                audience=UserType.values,
            )
        communities.append(community)
    return communities[0], communities[1]


def _memberships_ensure(
    community: Community, user_ids: list[int], *, leader_id: int, participant_id: int
) -> None:
    """Everyone in ``user_ids`` an active participant who accepted the current rules."""
    existing = set(Membership.objects.filter(community=community).values_list("user", flat=True))
    missing = [pk for pk in user_ids if pk not in existing]
    for start in range(0, len(missing), USER_BATCH):
        with transaction.atomic():
            Membership.objects.bulk_create(
                [
                    Membership(
                        community=community,
                        user_id=pk,
                        role=Role.LEADER if pk == leader_id else Role.PARTICIPANT,
                        status=MembershipStatus.ACTIVE,
                        rules_version_accepted=community.rules_version,
                    )
                    for pk in missing[start : start + USER_BATCH]
                ],
                batch_size=INSERT_BATCH,
            )
    # The benchmark signs in as the demo participant: a participant whatever they were before.
    Membership.objects.filter(community=community, user_id=participant_id).update(
        status=MembershipStatus.ACTIVE, rules_version_accepted=community.rules_version
    )
    Community.objects.filter(pk=community.pk).update(
        participant_count=Membership.objects.filter(
            community=community, status=MembershipStatus.ACTIVE
        ).count()
    )


def _tags_ensure() -> list[int]:
    ids = []
    for name in TAG_NAMES:
        tag, _created = Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        ids.append(tag.pk)
    return ids


# Threads and posts ------------------------------------------------------------------------------


class _ThreadGenerator:
    """Builds one thread with its posts, reactions and tags, all counters filled in."""

    def __init__(
        self,
        *,
        rng: random.Random,
        bodies: list[tuple[str, str]],
        tag_ids: list[int],
        participant_id: int,
    ) -> None:
        self.rng = rng
        self.bodies = bodies
        self.tag_ids = tag_ids
        self.participant_id = participant_id
        self.end = timezone.now() - timedelta(minutes=1)

    def author(self, pool: list[int]) -> int:
        # The demo participant writes about one post in a thousand, so "my threads" has rows.
        if self.rng.random() < 0.001:
            return self.participant_id
        return pool[self.rng.randrange(len(pool))]

    def body(self, position: int) -> tuple[str, str]:
        (first, first_html), (second, second_html) = self.rng.sample(self.bodies, 2)
        line = f"Post {position} of this thread."
        return (
            f"{first}\n\n{second}\n\n{line}",
            f"{first_html}{second_html}<p>{line}</p>\n",
        )

    def build(
        self,
        *,
        community: Community,
        kind: str,
        title: str,
        created_at: datetime,
        replies: int,
        pool: list[int],
        max_gap: timedelta = timedelta(hours=3),
    ) -> _PlannedThread:
        rng = self.rng
        # Posts spaced so that the last one is never in the future.
        gap = min(max_gap, (self.end - created_at) / (replies + 1))
        posts = []
        for position in range(replies + 1):
            body, body_html = self.body(position)
            jitter = rng.random() / 2 if position else 0.0
            posts.append(
                Post(
                    position=position,
                    author_id=self.author(pool),
                    body=body,
                    body_html=body_html,
                    created_at=created_at + gap * (position + jitter),
                )
            )
        thread = Thread(
            community=community,
            kind=kind,
            title=title,
            author_id=posts[0].author_id,
            created_at=created_at,
            last_posted_at=posts[-1].created_at,
            last_post_author_id=posts[-1].author_id,
            post_count=len(posts),
            reply_count=replies,
        )
        planned = _PlannedThread(thread=thread, posts=posts)
        if kind == ThreadKind.QUESTION and replies:
            self._answer(planned, pool)
        for index in range(1, len(posts)):
            if rng.random() < 0.05:
                self._react(planned, index, pool)
        if rng.random() < 0.3:
            planned.tag_ids = rng.sample(self.tag_ids, rng.randint(1, 2))
        return planned

    def _answer(self, planned: _PlannedThread, pool: list[int]) -> None:
        thread, posts = planned.thread, planned.posts
        answer = posts[self.rng.randint(1, len(posts) - 1)]
        chance = self.rng.random()
        if chance < 0.35:  # the asker verified a reply
            answer.verified_by_id = thread.author_id
            answer.verified_at = thread.last_posted_at
            thread.verified_answer_count = 1
        elif chance < 0.55:  # someone else suggested one
            suggester = self.author(pool)
            if suggester != answer.author_id:
                answer.suggested_by_id = suggester
                answer.suggested_at = thread.last_posted_at
                thread.suggested_answer_count = 1

    def _react(self, planned: _PlannedThread, index: int, pool: list[int]) -> None:
        post = planned.posts[index]
        people = {self.author(pool) for _ in range(self.rng.randint(1, 3))} - {post.author_id}
        post.helpful_count = len(people)
        planned.reactions.extend((index, user_id) for user_id in people)


def _reply_counts(rng: random.Random, threads: int, replies: int) -> list[int]:
    """``replies`` spread over ``threads``: most threads have a few, some have none, a few many."""
    weights = [min(rng.paretovariate(1.5) - 1, 60.0) for _ in range(threads)]
    total = sum(weights) or 1.0
    counts = [int(replies * weight / total) for weight in weights]
    for _ in range(replies - sum(counts)):
        counts[rng.randrange(threads)] += 1
    return counts


def _threads_write(
    write: Write,
    generator: _ThreadGenerator,
    plan: LargePlan,
    forum: Community,
    questions: Community,
    forum_pool: list[int],
    question_pool: list[int],
) -> None:
    rng = generator.rng
    start = generator.end - SPAN
    # The long thread first: it runs from the start of the span to now.
    long_thread = generator.build(
        community=forum,
        kind=ThreadKind.DISCUSSION,
        title=f"The long thread ({plan.long_replies:,} replies)",
        created_at=start,
        replies=plan.long_replies,
        pool=forum_pool,
        max_gap=SPAN,
    )
    _flush([long_thread])
    others = [forum] * plan.forum_threads + [questions] * plan.question_threads
    rng.shuffle(others)
    counts = _reply_counts(rng, len(others), plan.posts - plan.long_replies - 1 - len(others))
    step = SPAN / (len(others) + 1)
    pending: list[_PlannedThread] = []
    pending_posts = written = 0
    for index, (community, replies) in enumerate(zip(others, counts, strict=True)):
        is_question = community.pk == questions.pk or rng.random() < 0.2
        planned = generator.build(
            community=community,
            kind=ThreadKind.QUESTION if is_question else ThreadKind.DISCUSSION,
            title=f"{rng.choice(TITLES)} ({index + 1})",
            created_at=start + step * (index + 1),
            replies=replies,
            pool=forum_pool if community.pk == forum.pk else question_pool,
        )
        pending.append(planned)
        pending_posts += len(planned.posts)
        if pending_posts >= POST_BATCH:
            _flush(pending)
            written += pending_posts
            write(f"large data: {written + len(long_thread.posts):,} posts written")
            pending, pending_posts = [], 0
    _flush(pending)


def _flush(planned: list[_PlannedThread]) -> None:
    if not planned:
        return
    with transaction.atomic(), _explicit_timestamps(Thread, Post):
        Thread.objects.bulk_create([p.thread for p in planned], batch_size=INSERT_BATCH)
        posts = []
        for p in planned:
            for post in p.posts:
                post.thread = p.thread
                posts.append(post)
        Post.objects.bulk_create(posts, batch_size=INSERT_BATCH)
        Reaction.objects.bulk_create(
            [
                Reaction(post=p.posts[index], user_id=user_id, created_at=p.thread.last_posted_at)
                for p in planned
                for index, user_id in p.reactions
            ],
            batch_size=INSERT_BATCH,
        )
        through = Thread.tags.through
        through.objects.bulk_create(
            [through(thread=p.thread, tag_id=tag_id) for p in planned for tag_id in p.tag_ids],
            batch_size=INSERT_BATCH,
        )


# Database settings -----------------------------------------------------------------------------


@contextmanager
def _explicit_timestamps(*models: type[Model]) -> Iterator[None]:
    """Keep the ``created_at`` the generator chose instead of ``auto_now_add``'s "now"."""
    fields: list[DateTimeField[Any, Any]] = []
    for model in models:
        created_at = model._meta.get_field("created_at")
        assert isinstance(created_at, DateTimeField) and created_at.auto_now_add
        fields.append(created_at)
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


@contextmanager
def _bulk_writing() -> Iterator[None]:
    """On SQLite, skip fsync and use a larger page cache while generating (bench data only)."""
    tune = connection.vendor == "sqlite" and not connection.in_atomic_block
    if tune:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB
    try:
        yield
    finally:
        if tune:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA cache_size=-2000")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
