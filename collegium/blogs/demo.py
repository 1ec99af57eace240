"""Demo blog posts: a bilingual association post, a guest post by an expert, a scheduled post,
a draft and comments (CT-2); the wellness community publishes its blog to everyone, so its
Atom feed can be shown."""

from collections.abc import Callable
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from collegium.accounts.models import User
from collegium.blogs import services
from collegium.blogs.choices import Publication
from collegium.blogs.models import BlogPost
from collegium.communities import services as community_services
from collegium.communities.models import Community
from collegium.core import sample_media

WORKLOAD_EN = """\
Physicians across the country tell us the same thing: the hours are long, the paperwork is
longer, and the after-hours call that keeps a community's emergency department open too often
rests on a handful of people.

This fall the association submitted its brief on physician workload to the federal, provincial
and territorial health ministers. It makes three requests.

## 1. Cut the administrative burden

Physicians spend an estimated 18.5 million hours a year on unnecessary paperwork — the
equivalent of 55.6 million patient visits. We ask governments to standardise forms, accept
electronic sick notes and fund the interoperability that lets a referral travel without a fax.

## 2. Fund team-based care

Every Canadian should have access to a team: family physicians, nurse practitioners, nurses,
pharmacists, social workers and mental health professionals working together. Teams share the
load and give patients the right care from the right person.

## 3. Make call sustainable

Rural and remote communities depend on call schedules that are fragile. We ask for regional
call pools, fair compensation for being on call and locum programs that cover parental and
sick leave, not only holidays.

**Tell us what you think** in the comments: which of these would change your week the most?
"""

WORKLOAD_FR = """\
Partout au pays, les médecins nous disent la même chose : les journées sont longues, la
paperasse l’est encore plus, et la garde qui permet de garder ouverte l’urgence d’une
communauté repose trop souvent sur une poignée de personnes.

Cet automne, l’association a présenté son mémoire sur la charge de travail des médecins aux
ministres de la Santé fédéral, provinciaux et territoriaux. Il contient trois demandes.

## 1. Alléger le fardeau administratif

Les médecins consacrent environ 18,5 millions d’heures par année à de la paperasse inutile,
l’équivalent de 55,6 millions de visites de patients. Nous demandons aux gouvernements
d’uniformiser les formulaires, d’accepter les billets médicaux électroniques et de financer
l’interopérabilité qui permet d’envoyer une demande de consultation sans télécopieur.

## 2. Financer les soins en équipe

Chaque personne au Canada devrait avoir accès à une équipe : médecins de famille,
infirmières praticiennes, infirmières, pharmaciens, travailleurs sociaux et professionnels de
la santé mentale qui travaillent ensemble. Les équipes partagent la charge et offrent aux
patients les bons soins, par la bonne personne.

## 3. Rendre la garde viable

Les communautés rurales et éloignées dépendent d’horaires de garde fragiles. Nous demandons
des bassins de garde régionaux, une rémunération équitable de la disponibilité et des
programmes de remplacement qui couvrent les congés parentaux et de maladie, pas seulement les
vacances.

**Dites-nous ce que vous en pensez** dans les commentaires : laquelle de ces mesures
changerait le plus votre semaine?
"""

SLEEP_EN = """\
After twenty years of overnight call, I learned the hard way that recovery is a skill, not a
reward. Three habits changed my practice:

1. **Protect the anchor sleep.** Four hours at the same time every day, call or not, keeps
   the body clock from drifting.
2. **Plan the post-call day before the call.** No driving home tired: a nap at the hospital
   or a ride is part of the schedule.
3. **Talk about it.** Fatigue is a safety issue for patients and for us. Departments that
   discuss it openly build better schedules.

None of this replaces a fair call schedule — but it helps while we fight for one.
"""


def _texts(title: str, summary: str, body: str, language: str = "en") -> dict:
    return {language: services.PostText(title=title, summary=summary, body=body)}


def load(write: Callable[[str], None]) -> None:
    """Create the demo posts once; nothing is created when posts exist already."""
    people = {user.username: user for user in User.objects.all()}
    communities = {community.slug: community for community in Community.objects.all()}
    needed = {"dr-maple", "resident-birch", "staff-sam"}
    if not needed <= people.keys() or BlogPost.objects.exists():
        write("blogs: demo posts kept")
        return
    maple, birch, sam = people["dr-maple"], people["resident-birch"], people["staff-sam"]
    now = timezone.now()

    wellness = communities.get("physician-health-and-wellness")
    if wellness is not None:
        # CT-2, NO-4: this community publishes its blog (never its comments) to everyone.
        wellness.blog_is_public = True
        community_services.community_save(
            actor=sam,
            community=wellness,
            audience=[audience.user_type for audience in wellness.audiences.all()],
            tags=list(wellness.tags.all()),
        )
        brief = services.blog_post_create(
            actor=sam,
            community=wellness,
            texts={
                "en": services.PostText(
                    title="Our brief on physician workload: three requests to governments",
                    summary="Less paperwork, team-based care and sustainable call: what the "
                    "association asked health ministers for this fall.",
                    body=WORKLOAD_EN,
                ),
                "fr": services.PostText(
                    title="Notre mémoire sur la charge de travail : trois demandes aux "
                    "gouvernements",
                    summary="Moins de paperasse, des soins en équipe et une garde viable : ce "
                    "que l’association a demandé aux ministres de la Santé cet automne.",
                    body=WORKLOAD_FR,
                ),
            },
            is_association_post=True,
            tags="workload, advocacy",
            cover=services.Cover(
                upload=SimpleUploadedFile(
                    "workload.png",
                    sample_media.png_image(width=1200, height=500, label="Workload · Charge"),
                ),
                alt="A banner reading “Workload” and “Charge”",
                alt_fr="Une bannière où on lit «\u00a0Workload\u00a0» et «\u00a0Charge\u00a0»",
            ),
            publication=Publication.NOW,
        )
        services.blog_comment_add(
            actor=maple,
            post=brief,
            body="Regional call pools, without hesitation. Our group of four covers 40,000 "
            "people and one sick leave breaks the schedule.",
        )
        services.blog_post_create(
            actor=sam,
            community=wellness,
            texts=_texts(
                "Recovering from overnight call: what twenty years taught me",
                "Three habits that make overnight call survivable, from an emergency physician.",
                SLEEP_EN,
            ),
            guest=services.GuestAuthor(
                name="Dr. Claire Fontaine",
                credentials="MD, CCFP(EM), emergency physician and sleep researcher",
            ),
            tags="sleep, call",
            publication=Publication.NOW,
        )
        services.blog_post_create(
            actor=sam,
            community=wellness,
            texts=_texts(
                "Peer support: how to reach a colleague in confidence",
                "The association's peer support line, its hours and what to expect.",
                "From next month, the peer support line is open evenings and weekends. "
                "Calls are confidential and answered by trained physicians.",
            ),
            tags="peer support",
            publication=Publication.SCHEDULE,
            publish_at=now + timedelta(days=7),
        )
        services.blog_post_create(
            actor=sam,
            community=wellness,
            texts=_texts(
                "Draft: survey results on burnout (do not publish yet)",
                "",
                "Waiting for the final numbers from the survey team.",
            ),
            publication=Publication.DRAFT,
        )

    equity = communities.get("gender-equity-in-medicine")
    if equity is not None:
        post = services.blog_post_create(
            actor=maple,
            community=equity,
            texts=_texts(
                "What we heard at the regional forum on pay equity",
                "A summary of the discussion and the questions we will bring to the association.",
                "Forty members joined the forum. The clearest message: publish billing data "
                "by gender, every year, so progress can be measured.\n\nNext steps: a survey "
                "of members in the spring and a proposal to the association.",
            ),
            tags="equity",
            publication=Publication.NOW,
        )
        services.blog_comment_add(
            actor=birch,
            post=post,
            body="Thank you for the summary. Could the survey include residents too?",
        )
    write("blogs: demo posts created")
