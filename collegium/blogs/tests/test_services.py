import io
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from collegium.blogs import selectors, services
from collegium.blogs.choices import PostStatus, Publication
from collegium.blogs.models import BlogComment, BlogPost
from collegium.blogs.services import Cover, GuestAuthor, PostText
from collegium.blogs.tests.factories import make_association_post, make_post
from collegium.communities.choices import CommunityStatus
from collegium.editor.models import Attachment


def _error_code(caught, field):
    return caught.value.error_dict[field][0].code


def _png(name="cover.png"):
    data = io.BytesIO()
    Image.new("RGB", (32, 18), (10, 120, 200)).save(data, "PNG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/png")


# Writing and publishing -----------------------------------------------------------------------


def test_a_leader_publishes_a_post_now(community, leader):
    post = make_post(community, leader, tags="rural, locums")
    assert post.status == PostStatus.PUBLISHED
    assert post.published_at is not None
    assert post.slug == "rural-locum-programs-this-winter"
    assert post.title_en == "Rural locum programs this winter"
    assert "<p>" in (post.body_html_en or "")
    assert sorted(tag.slug for tag in post.tags.all()) == ["locums", "rural"]


def test_a_post_kept_as_a_draft_has_no_publication_date(community, leader):
    post = make_post(community, leader, publication=Publication.DRAFT)
    assert post.status == PostStatus.DRAFT
    assert post.published_at is None


def test_two_posts_with_the_same_title_get_different_addresses(community, leader):
    first = make_post(community, leader)
    second = make_post(community, leader)
    assert first.slug != second.slug


def test_participants_and_outsiders_cannot_write_the_blog(community, participant, outsider):
    for person in (participant, outsider):
        with pytest.raises(PermissionDenied):
            make_post(community, person)
    assert not BlogPost.objects.exists()


def test_staff_write_any_communitys_blog(community, staff):
    assert make_post(community, staff).is_published


def test_an_archived_community_blog_is_read_only(community, leader):
    post = make_post(community, leader)
    community.status = CommunityStatus.ARCHIVED
    community.save()
    with pytest.raises(PermissionDenied):
        make_post(community, leader, title="Another")
    with pytest.raises(PermissionDenied):
        services.blog_post_edit(
            actor=leader, post=post, texts={"en": PostText(title="Changed", body="Changed")}
        )
    post.refresh_from_db()
    assert post.title_en == "Rural locum programs this winter"


def test_a_french_community_post_fills_french_only(community, leader):
    post = make_post(community, leader, title="Les soins en région", body="Texte", language="fr")
    assert post.language == "fr"
    assert post.title_fr == "Les soins en région"
    assert not post.title_en
    assert post.languages == ("fr",)


# Scheduling -----------------------------------------------------------------------------------


def test_a_schedule_in_the_past_is_refused_next_to_the_date_and_nothing_is_saved(community, leader):
    with pytest.raises(ValidationError) as caught:
        make_post(
            community,
            leader,
            publication=Publication.SCHEDULE,
            publish_at=timezone.now() - timedelta(minutes=5),
        )
    assert _error_code(caught, "publish_at") == "past"
    assert "future" in caught.value.error_dict["publish_at"][0].messages[0]
    assert not BlogPost.objects.exists()


def test_a_schedule_needs_a_date(community, leader):
    with pytest.raises(ValidationError) as caught:
        make_post(community, leader, publication=Publication.SCHEDULE)
    assert _error_code(caught, "publish_at") == "required"


def test_the_periodic_task_publishes_due_posts_once_at_their_time(community, leader):
    soon = timezone.now() + timedelta(minutes=2)
    due = make_post(community, leader, publication=Publication.SCHEDULE, publish_at=soon)
    later = make_post(
        community,
        leader,
        title="Later",
        publication=Publication.SCHEDULE,
        publish_at=timezone.now() + timedelta(days=2),
    )
    assert due.status == PostStatus.SCHEDULED
    now = timezone.now() + timedelta(minutes=3)
    assert services.blog_posts_publish_due(now=now) == 1
    # A second worker, or the next minute, finds nothing left to do.
    assert services.blog_posts_publish_due(now=now) == 0
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == PostStatus.PUBLISHED
    assert due.published_at == soon
    assert later.status == PostStatus.SCHEDULED


def test_the_periodic_task_skips_deleted_posts(community, leader):
    post = make_post(
        community,
        leader,
        publication=Publication.SCHEDULE,
        publish_at=timezone.now() + timedelta(minutes=1),
    )
    services.blog_post_delete(actor=leader, post=post)
    assert services.blog_posts_publish_due(now=timezone.now() + timedelta(hours=1)) == 0


def test_the_huey_task_runs_the_service(community, leader):
    from collegium.blogs.tasks import publish_scheduled_posts

    post = make_post(
        community,
        leader,
        publication=Publication.SCHEDULE,
        publish_at=timezone.now() + timedelta(seconds=1),
    )
    BlogPost.objects.filter(pk=post.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    publish_scheduled_posts.call_local()
    post.refresh_from_db()
    assert post.is_published


def test_publish_now_and_unpublish(community, leader):
    post = make_post(community, leader, publication=Publication.DRAFT)
    services.blog_post_publish(actor=leader, post=post)
    post.refresh_from_db()
    assert post.is_published and post.published_at
    services.blog_post_unpublish(actor=leader, post=post)
    post.refresh_from_db()
    assert post.is_draft and post.published_at is None


def test_editing_a_published_post_keeps_its_publication_date(community, leader):
    post = make_post(community, leader)
    published_at = post.published_at
    services.blog_post_edit(
        actor=leader,
        post=post,
        texts={"en": PostText(title="New title", body="New text")},
        publication=Publication.DRAFT,
    )
    post.refresh_from_db()
    assert post.is_published
    assert post.published_at == published_at
    assert post.title_en == "New title"
    assert post.slug == "rural-locum-programs-this-winter"


# Association posts ----------------------------------------------------------------------------


def test_an_association_post_needs_both_languages(community, staff):
    with pytest.raises(ValidationError) as caught:
        services.blog_post_create(
            actor=staff,
            community=community,
            texts={"en": PostText(title="Only English", body="Text")},
            is_association_post=True,
        )
    assert _error_code(caught, "title_fr") == "required"
    assert "body_fr" in caught.value.error_dict
    assert not BlogPost.objects.exists()


def test_only_staff_write_association_posts(community, leader, staff):
    with pytest.raises(PermissionDenied):
        make_association_post(community, leader)
    post = make_association_post(community, staff)
    assert post.languages == ("en", "fr")
    assert post.text_in("fr")["title"] == "Notre mémoire sur la charge de travail"
    # Leaders cannot change the association's words either.
    with pytest.raises(PermissionDenied):
        services.blog_post_unpublish(actor=leader, post=post)


# Guest posts ----------------------------------------------------------------------------------


def test_a_guest_post_names_a_member_or_an_expert_never_both_nor_neither(
    community, leader, participant
):
    for guest in (
        GuestAuthor(),
        GuestAuthor(member_username=participant.username, name="Dr. Ada Expert"),
    ):
        with pytest.raises(ValidationError) as caught:
            make_post(community, leader, guest=guest)
        assert _error_code(caught, "guest_member") == "one_guest"
    with pytest.raises(ValidationError) as caught:
        make_post(community, leader, guest=GuestAuthor(member_username="nobody-here"))
    assert _error_code(caught, "guest_member") == "unknown"
    by_member = make_post(
        community, leader, guest=GuestAuthor(member_username=participant.username)
    )
    assert by_member.is_guest_post and by_member.guest_member == participant
    by_expert = make_post(
        community,
        leader,
        guest=GuestAuthor(name="Dr. Ada Expert", credentials="MD, FRCPC"),
    )
    assert by_expert.guest_author_name == "Dr. Ada Expert"
    assert by_expert.guest_member is None


# Cover images ---------------------------------------------------------------------------------


def test_a_cover_is_stored_as_an_attachment_and_needs_a_description(community, leader):
    with pytest.raises(ValidationError) as caught:
        make_post(community, leader, cover=Cover(upload=_png()))
    assert _error_code(caught, "cover_alt") == "required"
    post = make_post(community, leader, cover=Cover(upload=_png(), alt="A clinic in the snow"))
    assert post.cover is not None and post.cover.is_image
    assert post.cover_alt == "A clinic in the snow"


def test_a_cover_that_is_not_an_image_is_refused_and_leaves_nothing(community, leader):
    upload = SimpleUploadedFile("cover.png", b"%PDF-1.4 not an image", content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        make_post(community, leader, cover=Cover(upload=upload, alt="Cover"))
    assert "cover" in caught.value.error_dict
    assert not Attachment.objects.exists()
    assert not BlogPost.objects.exists()


# Deleting -------------------------------------------------------------------------------------


def test_a_deleted_post_vanishes_from_lists(community, leader, participant):
    post = make_post(community, leader)
    services.blog_post_delete(actor=leader, post=post)
    page = selectors.blog_post_list(viewer=participant, community=community)
    assert page.posts == []
    assert selectors.latest_posts(viewer=participant).posts == []


# Comments -------------------------------------------------------------------------------------


def test_participants_comment_edit_and_delete_their_comments(community, leader, participant):
    post = make_post(community, leader)
    comment = services.blog_comment_add(actor=participant, post=post, body="Thank you!")
    assert comment.body_html.startswith("<p>")
    edited = services.blog_comment_edit(actor=participant, comment=comment, body="Thanks a lot!")
    assert edited.edited_at is not None
    deleted = services.blog_comment_delete(actor=participant, comment=edited)
    assert deleted.is_deleted
    assert BlogComment.objects.count() == 1


def test_only_the_author_changes_a_comment(community, leader, participant, second_participant):
    post = make_post(community, leader)
    comment = services.blog_comment_add(actor=participant, post=post, body="Mine")
    for person in (second_participant, leader):
        with pytest.raises(PermissionDenied):
            services.blog_comment_edit(actor=person, comment=comment, body="Theirs")
        with pytest.raises(PermissionDenied):
            services.blog_comment_delete(actor=person, comment=comment)


def test_outsiders_and_drafts_take_no_comments(community, leader, participant, outsider):
    post = make_post(community, leader)
    with pytest.raises(PermissionDenied):
        services.blog_comment_add(actor=outsider, post=post, body="Let me in")
    draft = make_post(community, leader, title="Draft", publication=Publication.DRAFT)
    with pytest.raises(PermissionDenied):
        services.blog_comment_add(actor=participant, post=draft, body="Too early")
    assert not BlogComment.objects.exists()


def test_an_empty_comment_is_refused_next_to_the_text(community, leader, participant):
    post = make_post(community, leader)
    with pytest.raises(ValidationError) as caught:
        services.blog_comment_add(actor=participant, post=post, body="   ")
    assert _error_code(caught, "body") == "required"


def test_a_double_submit_makes_one_comment(community, leader, participant):
    post = make_post(community, leader)
    key = uuid.uuid4()
    first = services.blog_comment_add(actor=participant, post=post, body="Once", submission_key=key)
    second = services.blog_comment_add(
        actor=participant, post=post, body="Once", submission_key=key
    )
    assert first.pk == second.pk
    assert BlogComment.objects.count() == 1


def test_a_double_submit_makes_one_post(community, leader):
    key = uuid.uuid4()
    first = make_post(community, leader, submission_key=key)
    second = make_post(community, leader, submission_key=key)
    assert first.pk == second.pk


def test_an_archived_community_takes_no_comments(community, leader, participant):
    post = make_post(community, leader)
    community.status = CommunityStatus.ARCHIVED
    community.save()
    post.community = community
    with pytest.raises(PermissionDenied):
        services.blog_comment_add(actor=participant, post=post, body="Late")


# Data rights ----------------------------------------------------------------------------------


def test_an_erasing_deletion_empties_the_persons_comments_and_posts(community, leader, participant):
    from collegium.blogs import data_rights

    post = make_post(community, leader)
    services.blog_comment_add(actor=participant, post=post, body="My words")
    exported = data_rights.export(participant, None)
    assert exported["comments"][0]["text"] == "My words"
    assert data_rights.export(leader, None)["posts"][0]["slug"] == post.slug
    data_rights.erase(participant, True)
    comment = BlogComment.objects.get()
    assert comment.body == "" and comment.is_deleted
    data_rights.erase(leader, True)
    post.refresh_from_db()
    assert post.deleted_at is not None and not post.title_en
