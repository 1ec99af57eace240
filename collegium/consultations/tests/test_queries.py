"""The consultation pages cost the same number of queries however many consultations,
paragraphs and comments there are (scale, STYLE.md)."""

from django.urls import reverse

from collegium.consultations import services
from collegium.consultations.tests.build import draft_of, make_consultation, make_open
from collegium.core.testing import assert_flat_query_count


def test_the_list_costs_the_same_with_more_consultations(client, staff, physician, community):
    make_open(staff)
    services.consultation_close_now(actor=staff, consultation=make_open(staff))
    url = reverse("consultations:list")

    def grow():
        for number in range(4):
            make_open(staff, title_en=f"Open {number}")
            make_open(staff, title_en=f"In a community {number}", community=community)
            services.consultation_close_now(
                actor=staff, consultation=make_open(staff, title_en=f"Closed {number}")
            )
            make_consultation(staff, title_en=f"Preparing {number}")

    for viewer in (physician, staff):
        client.force_login(viewer)
        assert_flat_query_count(lambda: client.get(url), lambda: None)
    client.force_login(staff)
    assert_flat_query_count(lambda: client.get(url), grow)
    client.force_login(physician)
    assert_flat_query_count(lambda: client.get(url), grow)


def test_a_consultation_page_costs_the_same_with_more_paragraphs_and_comments(
    client, staff, physician, second_physician, community, participant
):
    for viewer, options in ((physician, {}), (participant, {"community": community})):
        consultation = make_open(staff, paragraphs=3, **options)
        services.consultation_comment_add(
            actor=viewer, consultation=consultation, paragraph=None, body="First."
        )
        client.force_login(viewer)
        url = consultation.get_absolute_url()

        def grow(consultation=consultation, viewer=viewer):
            services.consultation_edit(
                actor=staff,
                consultation=consultation,
                title_en="Draft policy on forms",
                title_fr="Projet",
                draft_en=draft_of(12),
                draft_fr=draft_of(12, "fr"),
                audience=sorted(consultation.audience_types),
                opens_at=consultation.opens_at,
                closes_at=consultation.closes_at,
            )
            for number, paragraph in enumerate(consultation.paragraphs.all()):
                author = (viewer, staff)[number % 2]
                services.consultation_comment_add(
                    actor=author,
                    consultation=consultation,
                    paragraph=paragraph,
                    body=f"On paragraph {paragraph.number}, @{viewer.username}.",
                )
            services.consultation_comment_add(
                actor=staff, consultation=consultation, paragraph=None, body="Staff too."
            )

        assert_flat_query_count(lambda url=url: client.get(url), grow)
        assert_flat_query_count(lambda url=url: client.get(url, {"display": "fr"}), lambda: None)
