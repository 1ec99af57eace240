import pytest
from django.core.management import call_command
from django.db.models import Count, F, Max, Min, Q

from collegium.accounts.models import User
from collegium.communities.choices import MembershipStatus
from collegium.communities.models import Community, Membership
from collegium.core.markdown import render_markdown
from collegium.forums.choices import ThreadKind
from collegium.forums.large_data import (
    EMAIL_DOMAIN,
    LARGE_FORUM_SLUG,
    LARGE_QUESTIONS_SLUG,
    LargePlan,
)
from collegium.forums.models import Post, Reaction, Thread
from collegium.pages.selectors import guidelines_version_current

pytestmark = pytest.mark.django_db

USERS, POSTS = 50, 500


@pytest.fixture
def large_data():
    call_command("demo_data", size="large", users=USERS, posts=POSTS)


def test_the_large_data_set_has_the_requested_people_posts_and_threads(large_data):
    plan = LargePlan.of(users=USERS, posts=POSTS)

    assert User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count() == USERS
    assert Post.objects.filter(thread__community__slug__startswith="large-").count() == POSTS
    assert Thread.objects.filter(community__slug=LARGE_FORUM_SLUG).count() == (
        1 + plan.forum_threads
    )
    long_thread = Thread.objects.get(title__startswith="The long thread")
    assert long_thread.reply_count == plan.long_replies == POSTS // 100
    assert not Thread.objects.filter(
        community__slug=LARGE_QUESTIONS_SLUG, kind=ThreadKind.DISCUSSION
    ).exists()


def test_every_thread_counter_matches_its_posts(large_data):
    threads = Thread.objects.filter(community__slug__startswith="large-").annotate(
        posts_=Count("posts"),
        first=Min("posts__position"),
        last=Max("posts__position"),
        last_at=Max("posts__created_at"),
        verified=Count("posts", filter=Q(posts__verified_at__isnull=False)),
        suggested=Count("posts", filter=Q(posts__suggested_at__isnull=False)),
    )
    assert threads.filter(kind=ThreadKind.QUESTION, verified_answer_count=1).exists()
    assert threads.filter(suggested_answer_count=1).exists()
    for thread in threads:
        assert thread.post_count == thread.posts_
        assert thread.reply_count == thread.posts_ - 1
        assert (thread.first, thread.last) == (0, thread.posts_ - 1)  # contiguous: unique too
        assert thread.last_posted_at == thread.last_at
        assert (thread.verified_answer_count, thread.suggested_answer_count) == (
            thread.verified,
            thread.suggested,
        )
        last_post = thread.posts.get(position=thread.post_count - 1)
        opening = thread.posts.get(position=0)
        assert thread.last_post_author_id == last_post.author_id
        assert (thread.author_id, thread.created_at) == (opening.author_id, opening.created_at)


def test_posts_are_written_in_time_order_by_participants_with_their_own_html(large_data):
    for thread in Thread.objects.filter(community__slug__startswith="large-")[:20]:
        times = list(thread.posts.order_by("position").values_list("created_at", flat=True))
        assert times == sorted(times)
        assert len(set(times)) == len(times)
    for body, body_html in Post.objects.filter(
        thread__community__slug__startswith="large-"
    ).values_list("body", "body_html"):
        assert body_html == render_markdown(body)
    for community in Community.objects.filter(slug__startswith="large-"):
        participants = Membership.objects.filter(
            community=community, status=MembershipStatus.ACTIVE
        )
        assert community.participant_count == participants.count()
        authors = set(
            Post.objects.filter(thread__community=community).values_list("author", flat=True)
        )
        assert authors <= set(participants.values_list("user", flat=True))


def test_helpful_counts_match_the_reactions(large_data):
    posts = Post.objects.filter(thread__community__slug__startswith="large-").annotate(
        marks=Count("reactions")
    )
    assert Reaction.objects.exists()
    assert not posts.exclude(helpful_count=F("marks")).exists()


def test_the_demo_physician_can_sign_in_and_take_part_in_the_large_communities(large_data):
    physician = User.objects.get(email="physician@example.org")
    for slug in (LARGE_FORUM_SLUG, LARGE_QUESTIONS_SLUG):
        membership = Membership.objects.get(community__slug=slug, user=physician)
        assert membership.status == MembershipStatus.ACTIVE
        assert membership.rules_version_accepted == membership.community.rules_version
    generated = User.objects.get(email=f"user1@{EMAIL_DOMAIN}")
    assert generated.check_password("collegium-demo")
    # MO-4: generated people have accepted the community guidelines, so they can write.
    assert generated.guidelines_version_accepted == guidelines_version_current() > 0
    assert generated.profile is not None


def test_running_it_again_generates_nothing(large_data, capsys):
    call_command("demo_data", size="large", users=USERS, posts=POSTS)

    assert "already has threads, nothing generated" in capsys.readouterr().out
    assert Post.objects.filter(thread__community__slug__startswith="large-").count() == POSTS
