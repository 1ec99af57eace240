import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from collegium.blogs import services
from collegium.blogs.choices import Publication
from collegium.blogs.models import BlogComment, BlogPost, guest_disclaimer
from collegium.blogs.tests.factories import make_association_post, make_post
from collegium.core.testing import assert_flat_query_count
from collegium.editor.models import Draft


@pytest.fixture
def post(community, leader):
    return make_post(community, leader, tags="rural")


@pytest.fixture
def draft(community, leader):
    return make_post(community, leader, title="Not yet", publication=Publication.DRAFT)


def _blog_url(community):
    return reverse("blogs:community_blog", args=[community.slug])


def _post_url(post, name="blogs:post"):
    return reverse(name, args=[post.community.slug, post.slug])


def _comment(client, post, body, **extra):
    data = {"body": body, "submission_key": str(uuid.uuid4()), **extra}
    return client.post(_post_url(post, "blogs:comment_add"), data)


def _new_post_data(**fields):
    return {
        "title": "Winter call schedules",
        "summary": "",
        "body": "How we share the call this winter.",
        "tags": "",
        "publication": Publication.NOW,
        "publish_at": "",
        "submission_key": str(uuid.uuid4()),
        **fields,
    }


# Who sees what --------------------------------------------------------------------------------


def test_participants_leaders_and_staff_read_a_private_blog(
    client, post, participant, leader, staff
):
    for person in (participant, leader, staff):
        client.force_login(person)
        for url in (_blog_url(post.community), _post_url(post), reverse("blogs:latest")):
            assert client.get(url).status_code == 200, (person, url)
        assert post.title_en in client.get(reverse("blogs:latest")).content.decode()


def test_anonymous_visitors_and_outsiders_get_404_on_a_private_blog(client, post, outsider):
    for person in (None, outsider):
        if person:
            client.force_login(person)
        assert client.get(_blog_url(post.community)).status_code == 404
        assert client.get(_post_url(post)).status_code == 404
        assert client.get(reverse("blogs:feed", args=[post.community.slug])).status_code == 404
        assert post.title_en not in client.get(reverse("blogs:latest")).content.decode()
    assert _comment(client, post, "Let me in").status_code == 404
    assert not BlogComment.objects.exists()


def test_everyone_reads_a_public_blog_but_only_participants_read_its_comments(
    client, public_community, leader, participant, outsider
):
    post = make_post(public_community, leader)
    services.blog_comment_add(actor=participant, post=post, body="Words of a participant")
    for person in (None, outsider):
        client.logout()
        if person:
            client.force_login(person)
        assert client.get(_blog_url(public_community)).status_code == 200
        page = client.get(_post_url(post)).content.decode()
        assert post.title_en in page
        assert "Words of a participant" not in page
        assert "Comments are visible to the community" in page
        assert _comment(client, post, "Outside words").status_code in (302, 404)
    client.force_login(participant)
    assert "Words of a participant" in client.get(_post_url(post)).content.decode()
    assert BlogComment.objects.count() == 1


def test_drafts_are_404_to_participants_and_shown_to_writers(
    client, draft, participant, leader, staff
):
    client.force_login(participant)
    assert client.get(_post_url(draft)).status_code == 404
    assert "Not yet" not in client.get(_blog_url(draft.community)).content.decode()
    for person in (leader, staff):
        client.force_login(person)
        assert client.get(_post_url(draft)).status_code == 200
        assert "Not yet" in client.get(_blog_url(draft.community)).content.decode()


def test_only_writers_open_the_writing_pages(client, post, participant, leader, staff, outsider):
    slug = post.community.slug
    urls = [
        reverse("blogs:post_create", args=[slug]),
        _post_url(post, "blogs:post_edit"),
        _post_url(post, "blogs:post_delete"),
    ]
    for person, status in ((leader, 200), (staff, 200), (participant, 404), (outsider, 404)):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == status, (person, url)
    association = reverse("blogs:association_post_create", args=[slug])
    for person, status in ((staff, 200), (leader, 404), (participant, 404)):
        client.force_login(person)
        assert client.get(association).status_code == status, person


def test_anonymous_visitors_are_sent_to_sign_in_from_the_writing_pages(client, post):
    response = client.get(reverse("blogs:post_create", args=[post.community.slug]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_participants_cannot_publish_or_delete(client, draft, post, participant):
    client.force_login(participant)
    publish = reverse("blogs:post_action", args=[draft.community.slug, draft.slug, "publish"])
    assert client.post(publish).status_code == 404
    assert client.post(_post_url(post, "blogs:post_delete")).status_code == 404
    draft.refresh_from_db()
    post.refresh_from_db()
    assert draft.is_draft and post.deleted_at is None


def test_a_post_of_another_community_is_404_under_this_ones_address(
    client, post, public_community, participant
):
    client.force_login(participant)
    url = reverse("blogs:post", args=[public_community.slug, post.slug])
    assert client.get(url).status_code == 404


# Writing --------------------------------------------------------------------------------------


def test_a_leader_publishes_a_post_from_the_form(client, community, leader):
    client.force_login(leader)
    response = client.post(
        reverse("blogs:post_create", args=[community.slug]), _new_post_data(tags="call, winter")
    )
    post = BlogPost.objects.get()
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert post.is_published
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Winter call schedules" in page
    assert 'lang="en"' in page


def test_a_schedule_in_the_past_is_refused_next_to_the_field_with_the_text_kept(
    client, community, leader
):
    client.force_login(leader)
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("blogs:post_create", args=[community.slug]),
        _new_post_data(publication=Publication.SCHEDULE, publish_at=past),
    )
    assert response.status_code == 200
    assert not BlogPost.objects.exists()
    form = response.context["form"]
    assert form.has_error("publish_at", "past")
    page = response.content.decode()
    assert 'id="id_publish_at_error"' in page
    assert "Choose a date and time in the future" in page
    assert "Winter call schedules" in page
    assert "How we share the call this winter." in page
    # The text is also kept as a draft.
    assert Draft.objects.get(user=leader).body == "How we share the call this winter."


def test_a_past_schedule_on_the_edit_page_changes_nothing(client, draft, leader):
    client.force_login(leader)
    past = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        _post_url(draft, "blogs:post_edit"),
        _new_post_data(title="Changed title", publication=Publication.SCHEDULE, publish_at=past),
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("publish_at", "past")
    assert "Changed title" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft and draft.title_en == "Not yet"


def test_a_scheduled_post_from_the_form(client, community, leader):
    client.force_login(leader)
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("blogs:post_create", args=[community.slug]),
        _new_post_data(publication=Publication.SCHEDULE, publish_at=future),
    )
    post = BlogPost.objects.get()
    assert post.is_scheduled
    assert "scheduled for" in client.get(_blog_url(community)).content.decode()


def test_staff_write_a_bilingual_association_post_and_readers_switch_language(
    client, community, staff, participant
):
    client.force_login(staff)
    url = reverse("blogs:association_post_create", args=[community.slug])
    data = {
        "title_en": "Our brief",
        "summary_en": "",
        "body_en": "English text.",
        "title_fr": "Notre mémoire",
        "summary_fr": "",
        "body_fr": "Texte français.",
        "tags": "",
        "publication": Publication.NOW,
        "submission_key": str(uuid.uuid4()),
    }
    missing = client.post(url, {**data, "body_fr": ""})
    assert missing.status_code == 200
    assert missing.context["form"].has_error("body_fr")
    assert "Notre mémoire" in missing.content.decode()
    client.post(url, data)
    post = BlogPost.objects.get()
    assert post.is_association_post
    client.force_login(participant)
    english = client.get(post.get_absolute_url()).content.decode()
    assert "English text." in english and "Texte français." not in english
    assert 'href="?read=fr"' in english
    french = client.get(post.get_absolute_url() + "?read=fr").content.decode()
    assert "Texte français." in french
    assert '<h1 id="post-title" lang="fr">Notre mémoire</h1>' in french
    with translation.override("fr"):
        french_url = reverse("blogs:post", args=[community.slug, post.slug])
    in_french = client.get(french_url).content.decode()
    assert "Texte français." in in_french


def test_a_guest_post_shows_the_disclaimer_on_the_page_and_in_lists(
    client, community, leader, participant
):
    client.force_login(leader)
    client.post(
        reverse("blogs:post_create", args=[community.slug]),
        _new_post_data(
            is_guest_post="on",
            guest_author_name="Dr. Ada Expert",
            guest_author_credentials="MD, FRCPC",
        ),
    )
    post = BlogPost.objects.get()
    assert post.guest_author_name == "Dr. Ada Expert"
    client.force_login(participant)
    disclaimer = guest_disclaimer("en").replace("'", "&#x27;")
    for url in (post.get_absolute_url(), _blog_url(community), reverse("blogs:latest")):
        page = client.get(url).content.decode()
        assert disclaimer in page, url
        assert "Guest post by Dr. Ada Expert" in page


def test_a_guest_post_with_both_kinds_of_author_is_refused_next_to_the_field(
    client, community, leader, participant
):
    client.force_login(leader)
    response = client.post(
        reverse("blogs:post_create", args=[community.slug]),
        _new_post_data(
            is_guest_post="on", guest_member=participant.username, guest_author_name="Someone"
        ),
    )
    assert response.context["form"].has_error("guest_member", "one_guest")
    assert not BlogPost.objects.exists()


def test_publish_now_unpublish_and_delete_from_the_post_page(client, draft, leader, participant):
    client.force_login(leader)
    slug = draft.community.slug
    client.post(reverse("blogs:post_action", args=[slug, draft.slug, "publish"]))
    draft.refresh_from_db()
    assert draft.is_published
    client.post(reverse("blogs:post_action", args=[slug, draft.slug, "unpublish"]))
    draft.refresh_from_db()
    assert draft.is_draft
    response = client.post(_post_url(draft, "blogs:post_delete"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.deleted_at is not None
    assert client.get(_post_url(draft)).status_code == 404


def test_tags_filter_the_blog(client, community, leader, participant):
    make_post(community, leader, title="Tagged", tags="rural")
    make_post(community, leader, title="Untagged")
    client.force_login(participant)
    page = client.get(_blog_url(community) + "?tag=rural").content.decode()
    assert "Tagged" in page and "Untagged" not in page


# Comments -------------------------------------------------------------------------------------


def test_a_participant_comments_and_the_comment_shows(client, post, participant):
    client.force_login(participant)
    response = _comment(client, post, "Very useful, thank you.")
    comment = BlogComment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#{comment.anchor}")
    page = client.get(_post_url(post)).content.decode()
    assert "Very useful, thank you." in page
    assert "Comments (1)" in page


def test_an_empty_comment_is_refused_next_to_the_field_and_nothing_is_saved(
    client, post, participant
):
    client.force_login(participant)
    response = _comment(client, post, "  ")
    assert response.status_code == 200
    assert response.context["comment_form"].has_error("body")
    assert 'id="id_body_error"' in response.content.decode()
    assert not BlogComment.objects.exists()


def test_a_refused_comment_keeps_its_text(client, post, participant, community):
    client.force_login(participant)
    text = "My patient Jane Roe, born 1962-03-14, health card 1234-567-890, is better."
    response = _comment(client, post, text)
    assert response.status_code == 200
    assert response.context["comment_form"].has_health_warning
    assert "Jane Roe" in response.content.decode()
    assert not BlogComment.objects.exists()
    assert Draft.objects.get(user=participant).body == text


def test_a_double_submitted_comment_is_saved_once(client, post, participant):
    client.force_login(participant)
    key = str(uuid.uuid4())
    _comment(client, post, "Once", submission_key=key)
    _comment(client, post, "Once", submission_key=key)
    assert BlogComment.objects.count() == 1


def test_a_comment_sent_after_the_session_expired_is_kept_through_sign_in(client, post):
    response = _comment(client, post, "Kept over the sign-in")
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not BlogComment.objects.exists()


def test_authors_edit_and_delete_their_comments_others_get_404(
    client, post, participant, second_participant, leader
):
    comment = services.blog_comment_add(actor=participant, post=post, body="First words")
    edit = reverse("blogs:comment_edit", args=[post.community.slug, post.slug, comment.pk])
    delete = reverse("blogs:comment_delete", args=[post.community.slug, post.slug, comment.pk])
    for person in (second_participant, leader):
        client.force_login(person)
        assert client.get(edit).status_code == 404
        assert client.post(delete).status_code == 404
    client.force_login(participant)
    assert client.get(edit).status_code == 200
    refused = client.post(edit, {"body": ""})
    assert refused.status_code == 200 and refused.context["form"].has_error("body")
    client.post(edit, {"body": "Better words"})
    comment.refresh_from_db()
    assert comment.body == "Better words" and comment.edited_at
    page = client.get(_post_url(post)).content.decode()
    assert "edited" in page
    client.post(delete)
    comment.refresh_from_db()
    assert comment.is_deleted
    page = client.get(_post_url(post)).content.decode()
    assert "This comment was deleted." in page and "Better words" not in page


def test_the_comment_section_is_in_french_on_french_pages(client, post, participant):
    client.force_login(participant)
    with translation.override("fr"):
        url = reverse("blogs:post", args=[post.community.slug, post.slug])
        expected = gettext("Post the comment")
    assert expected in client.get(url).content.decode()


# Query counts ---------------------------------------------------------------------------------


def test_the_blog_page_costs_the_same_queries_with_more_posts(
    client, community, leader, staff, participant
):
    make_post(community, leader, tags="first")
    client.force_login(participant)

    def grow():
        for number in range(12):
            make_post(community, leader, title=f"Post {number}", tags=f"tag{number}, shared")
            make_association_post(community, staff)
        make_post(community, leader, title="Draft", publication=Publication.DRAFT)

    assert_flat_query_count(lambda: client.get(_blog_url(community)), grow)
    client.force_login(leader)
    assert_flat_query_count(
        lambda: client.get(_blog_url(community)),
        lambda: make_post(community, leader, title="Another draft", publication=Publication.DRAFT),
    )


def test_the_latest_page_costs_the_same_queries_with_more_blogs(
    client, community, public_community, leader, participant
):
    from collegium.communities.tests.factories import make_community

    make_post(community, leader)
    client.force_login(participant)

    def grow():
        for number in range(5):
            other = make_community(f"Other {number}", leaders=[leader], participants=[participant])
            make_post(other, leader, tags="x", guest=services.GuestAuthor(name="Dr. Guest"))
            make_post(public_community, leader, title=f"Public {number}")

    assert_flat_query_count(lambda: client.get(reverse("blogs:latest")), grow)


def test_the_post_page_costs_the_same_queries_with_more_comments(
    client, post, participant, second_participant
):
    services.blog_comment_add(actor=participant, post=post, body="First")
    client.force_login(participant)

    def grow():
        for number in range(20):
            person = participant if number % 2 else second_participant
            comment = services.blog_comment_add(actor=person, post=post, body=f"Comment {number}")
            if number % 5 == 0:
                services.blog_comment_delete(actor=person, comment=comment)

    assert_flat_query_count(lambda: client.get(_post_url(post)), grow)


def test_a_public_blogs_drafts_are_404_to_everyone_but_its_writers(
    client, public_community, leader, participant, outsider
):
    draft = make_post(public_community, leader, title="Unfinished", publication=Publication.DRAFT)
    published = make_post(public_community, leader, title="Finished")
    for person in (None, outsider, participant):
        client.logout()
        if person:
            client.force_login(person)
        assert client.get(_post_url(draft)).status_code == 404, person
        assert client.get(_post_url(published)).status_code == 200, person
        latest = client.get(reverse("blogs:latest")).content.decode()
        assert "Finished" in latest and "Unfinished" not in latest


def test_a_post_sent_after_the_session_expired_is_kept_through_sign_in(client, community, leader):
    url = reverse("blogs:post_create", args=[community.slug])
    response = client.post(url, _new_post_data(body="Typed before the session expired."))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not BlogPost.objects.exists()
    client.force_login(leader)
    page = client.get(url).content.decode()
    assert "Typed before the session expired." in page


def test_an_association_posts_cover_is_described_in_each_language(
    client, community, staff, participant
):
    from collegium.blogs.tests.test_services import _png

    client.force_login(staff)
    url = reverse("blogs:association_post_create", args=[community.slug])
    data = {
        "title_en": "Our brief",
        "summary_en": "",
        "body_en": "English text.",
        "title_fr": "Notre mémoire",
        "summary_fr": "",
        "body_fr": "Texte français.",
        "cover_alt_en": "Physicians at a meeting",
        "cover_alt_fr": "",
        "tags": "",
        "publication": Publication.NOW,
        "submission_key": str(uuid.uuid4()),
    }
    missing = client.post(url, {**data, "cover": _png()})
    assert missing.context["form"].has_error("cover_alt_fr")
    assert "Physicians at a meeting" in missing.content.decode()
    assert not BlogPost.objects.exists()

    client.post(url, {**data, "cover_alt_fr": "Des médecins en réunion", "cover": _png()})
    post = BlogPost.objects.get()
    client.force_login(participant)
    english = client.get(post.get_absolute_url()).content.decode()
    french = client.get(post.get_absolute_url() + "?read=fr").content.decode()
    assert 'alt="Physicians at a meeting" lang="en"' in english
    assert 'alt="Des médecins en réunion" lang="fr"' in french
