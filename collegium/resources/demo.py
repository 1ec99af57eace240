"""A demo resource library (CT-3): collections and a sub-collection, a PDF, an image, a short
video and a link, with downloads and comments. Every file is made here (sample_media)."""

from collections.abc import Callable

from django.core.files.base import ContentFile

from collegium.accounts.models import User
from collegium.communities import services as community_services
from collegium.communities.models import Community
from collegium.core import sample_media
from collegium.resources import services
from collegium.resources.choices import ResourceLanguage
from collegium.resources.models import Collection

COMMUNITY = "substance-use"

CHECKLIST = [
    "Check each kit monthly: two ampoules or two nasal sprays, syringes, gloves, a breathing "
    "barrier and the instruction card.",
    "Replace any dose that has expired or been exposed to heat or freezing.",
    "Train every new staff member in their first week: recognise an overdose, call 911, give "
    "naloxone, start rescue breathing and stay with the person.",
    "Record each kit handed out, without names, so that the clinic can reorder in time.",
]


def load(write: Callable[[str], None]) -> None:
    """Create the demo library once; a community whose library has collections is left alone."""
    community = Community.objects.filter(slug=COMMUNITY).first()
    people = {user.username: user for user in User.objects.all()}
    needed = {"resident-birch", "nurse-cedar", "patient-willow"}
    if community is None or not needed <= people.keys():
        write("resources: demo library skipped (its community or people are missing)")
        return
    if Collection.objects.filter(community=community).exists():
        write("resources: demo library kept")
        return
    leader, nurse = people["resident-birch"], people["nurse-cedar"]
    patient = people["patient-willow"]
    if not community.participants_may_upload:
        community.participants_may_upload = True
        community_services.community_save(
            actor=None,
            community=community,
            audience=sorted(community.audience_types),
            tags=list(community.tags.all()),
        )

    guides = services.collection_create(
        actor=leader,
        community=community,
        title="Guides and protocols",
        description="Checklists and protocols that clinics in the community use.",
    )
    naloxone = services.collection_create(
        actor=leader, community=community, title="Naloxone", parent=guides
    )
    training = services.collection_create(
        actor=leader,
        community=community,
        title="Training",
        description="Short videos and posters for staff training.",
    )

    checklist = services.resource_add_file(
        actor=leader,
        collection=naloxone,
        upload=ContentFile(
            sample_media.pdf_document("Naloxone kit checklist", CHECKLIST, pages=2),
            name="naloxone-kit-checklist.pdf",
        ),
        title="Naloxone kit checklist",
        description="The monthly checklist our clinic uses, **two pages**. Adapt it freely.",
        language=ResourceLanguage.EN,
        tags="naloxone, harm reduction",
    )
    poster = services.resource_add_file(
        actor=nurse,
        collection=training,
        upload=ContentFile(
            sample_media.png_image(label="Carry naloxone"), name="carry-naloxone-poster.png"
        ),
        title="“Carry naloxone” poster",
        description="For the waiting room. Printed on letter paper it stays readable.",
        language=ResourceLanguage.EN,
        tags="naloxone",
    )
    services.resource_add_file(
        actor=leader,
        collection=training,
        upload=ContentFile(
            sample_media.webm_video(label="Recovery position", seconds=3.0),
            name="recovery-position.webm",
        ),
        title="The recovery position in three seconds",
        language=ResourceLanguage.EN,
        tags="training",
    )
    services.resource_add_link(
        actor=patient,
        collection=guides,
        url="https://www.canada.ca/en/health-canada/services/opioids/naloxone.html",
        title="Naloxone: Health Canada's page",
        description="Where to get a free kit, province by province.",
        language=ResourceLanguage.EN,
        tags="naloxone",
    )
    for resource, downloads in ((checklist, 14), (poster, 6)):
        for _time in range(downloads):
            services.resource_count_download(resource=resource)
    services.resource_comment_add(
        actor=nurse,
        resource=checklist,
        body="We added a line for the sharps container; otherwise we use it as is.",
    )
    services.resource_comment_add(
        actor=patient,
        resource=checklist,
        body="As a patient partner: the instruction card is what people read first. Thank you.",
    )
    write("resources: demo library created")
