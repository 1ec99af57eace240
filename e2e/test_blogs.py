"""Blogs (SPEC CT-2, NO-4) in both languages, with axe on every page.

Labels are looked up through Django's catalogue at test time, so the French journeys follow the
interface (and the guest disclaimer) whatever its current wording.
"""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from collegium.accounts.choices import StaffRole
from collegium.accounts.models import User
from collegium.accounts.tests.factories import UserFactory
from collegium.blogs import services as blog_services
from collegium.blogs.models import BlogComment, BlogPost, guest_disclaimer
from collegium.communities import services as community_services
from collegium.communities.choices import DirectoryVisibility, Role
from collegium.communities.models import Community
from e2e.journeys import bilingual_community, sign_in, verified_person
from e2e.journeys import press as _press
from e2e.journeys import translated as _
from e2e.journeys import url_in as _url

LANGUAGES = ["en", "fr"]
LOCALES = {"en": "en-CA", "fr": "fr-CA"}
ATOM = "{http://www.w3.org/2005/Atom}"


def _in(language: str, label: str, where: str) -> str:
    """A label of the bilingual form: "Title in English", "Titre en français"…"""
    with translation.override(language):
        return gettext(label) % {"language": gettext(where)}


def _community(slug: str, *people: User, leader: User, **fields) -> Community:
    return bilingual_community(
        slug,
        *people,
        leader=leader,
        name_en=f"Physician wellness {slug}",
        name_fr=f"Mieux-être des médecins {slug}",
        description_en="Looking after those who look after others.",
        description_fr="Prendre soin de celles et ceux qui soignent.",
        **fields,
    )


def _field(page, label: str):
    return page.get_by_label(label, exact=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_and_a_leader_publish_a_participant_comments_an_outsider_gets_404(
    open_page, a11y, page_watch, transactional_db, language
):
    staff = UserFactory(
        email="staff@example.org",
        username="staff-lee",
        staff_role=StaffRole.STAFF,
        is_staff=True,
        preferred_language=language,
    )
    leader = verified_person(language, "lead@example.org", "dr-lead", "4000001")
    participant = verified_person(language, "reader@example.org", "dr-reader", "4000002")
    outsider = verified_person(language, "outsider@example.org", "dr-outsider", "4000003")
    community = _community(
        "wellness",
        participant,
        leader=leader,
        visibility=DirectoryVisibility.PUBLIC,
        blog_is_public=True,
    )
    community_services.membership_add(community, staff, role=Role.LEADER)
    blog_url = _url(language, "blogs:community_blog", slug=community.slug)

    # Staff publish an association post in both languages.
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, staff.email, language=language)
    page.goto(blog_url)
    a11y(page)
    _press(
        page,
        page.get_by_role("link", name=_(language, "New association post (English and French)")),
    )
    a11y(page)
    _field(page, _in(language, "Title %(language)s", "in English")).fill(
        "Our brief on physician workload"
    )
    _field(page, _in(language, "Text %(language)s", "in English")).fill(
        "The association asks for team-based care."
    )
    _field(page, _in(language, "Title %(language)s", "in French")).fill(
        "Notre mémoire sur la charge de travail"
    )
    _field(page, _in(language, "Text %(language)s", "in French")).fill(
        "L’association demande des soins en équipe."
    )
    _field(page, _(language, "Publish now", context="blog publication")).check()
    _press(page, page.get_by_role("button", name=_(language, "Save the post")))
    a11y(page)
    association = BlogPost.objects.get(is_association_post=True)
    assert association.is_published
    mine, other = (
        ("Our brief on physician workload", "Notre mémoire sur la charge de travail")
        if language == "en"
        else ("Notre mémoire sur la charge de travail", "Our brief on physician workload")
    )
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(mine)
    expect(heading).to_have_attribute("lang", language)
    # The reader switches to the other language.
    other_code = "fr" if language == "en" else "en"
    _press(page, page.locator(f'a[hreflang="{other_code}"][href^="?read="]'))
    a11y(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(other)
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", other_code)
    page.close()

    # A leader publishes a guest post by an expert: the disclaimer shows in the reader's language.
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, leader.email, language=language)
    page.goto(blog_url)
    a11y(page)
    _press(page, page.get_by_role("link", name=_(language, "New post", context="blog")))
    a11y(page)
    _field(page, _(language, "Title")).fill("Recovering from overnight call")
    _field(page, _(language, "Text")).fill("Protect the anchor sleep, plan the post-call day.")
    _field(page, _(language, "This is a guest post")).check()
    page.get_by_label(_(language, "Or the expert's name")).fill("Dr. Claire Fontaine")
    page.get_by_label(_(language, "The expert's credentials")).fill("MD, CCFP(EM)")
    _field(page, _(language, "Publish now", context="blog publication")).check()
    _press(page, page.get_by_role("button", name=_(language, "Save the post")))
    a11y(page)
    disclaimer = guest_disclaimer(language)
    expect(page.get_by_role("note")).to_have_text(disclaimer)
    expect(page.locator("main")).to_contain_text("Dr. Claire Fontaine")
    page.goto(blog_url)
    a11y(page)
    expect(page.locator("main")).to_contain_text(disclaimer)
    page.close()

    # A participant comments on the guest post.
    guest = BlogPost.objects.get(is_guest_post=True)
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, participant.email, language=language)
    page.goto(_url(language, "blogs:post", slug=community.slug, post_slug=guest.slug))
    a11y(page)
    expect(page.get_by_role("note")).to_have_text(disclaimer)
    _field(page, _(language, "Your comment", context="form field")).fill(
        "Thank you, the post-call plan is what I needed."
    )
    _press(page, page.get_by_role("button", name=_(language, "Post the comment")))
    a11y(page)
    comment = BlogComment.objects.get()
    expect(page.locator(f"#{comment.anchor}")).to_contain_text("the post-call plan")
    expect(page.locator("#comments-title")).to_contain_text("1")
    page.close()

    # An outsider gets 404 on a private community's post and feed.
    private = _community("private-circle", participant, leader=leader)
    hidden = blog_services.blog_post_create(
        actor=leader,
        community=private,
        texts={"en": blog_services.PostText(title="Members only", body="Private words.")},
        publication="now",
    )
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, outsider.email, language=language)
    errors_before = len(page_watch.console_errors)
    response = page.goto(_url(language, "blogs:post", slug=private.slug, post_slug=hidden.slug))
    a11y(page)
    assert response is not None and response.status == 404
    # Chromium logs the refused page itself on the console: that one error is the point here.
    assert page_watch.console_errors[errors_before:] == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    del page_watch.console_errors[errors_before:]
    expect(page.get_by_role("heading", level=1)).to_have_text(_(language, "Page not found"))
    expect(page.locator("body")).not_to_contain_text("Members only")
    # Feeds are fetched, not opened as pages: a reader's feed client does the same.
    private_feed = page.request.get(_url(language, "blogs:feed", slug=private.slug))
    assert private_feed.status == 404
    assert "Members only" not in private_feed.text()
    # The public blog's feed is open to everyone, with the disclaimer in the guest entry.
    public_feed = page.request.get(_url(language, "blogs:feed", slug=community.slug))
    assert public_feed.status == 200
    entries = ElementTree.fromstring(public_feed.body()).findall(f"{ATOM}entry")  # noqa: S314
    guest_entry = next(e for e in entries if e.findtext(f"{ATOM}title") == guest.heading)
    assert disclaimer in (guest_entry.findtext(f"{ATOM}content") or "")
    assert "Private words" not in public_feed.text()
    page.close()
