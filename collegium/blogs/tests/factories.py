from typing import Any

from collegium.blogs import services
from collegium.blogs.choices import Publication
from collegium.blogs.models import BlogPost


def make_post(
    community: Any,
    author: Any,
    *,
    title: str = "Rural locum programs this winter",
    body: str = "What the new locum program covers, and how to apply.",
    summary: str = "",
    language: str = "en",
    publication: str = Publication.NOW,
    **fields: Any,
) -> BlogPost:
    """A community post written through the service, published unless told otherwise."""
    return services.blog_post_create(
        actor=author,
        community=community,
        texts={language: services.PostText(title=title, summary=summary, body=body)},
        language=language,
        publication=publication,
        **fields,
    )


def make_association_post(community: Any, author: Any, **fields: Any) -> BlogPost:
    """A bilingual association post by staff."""
    fields.setdefault("publication", Publication.NOW)
    return services.blog_post_create(
        actor=author,
        community=community,
        texts={
            "en": services.PostText(
                title="Our brief on physician workload",
                summary="What we asked for.",
                body="The association asks governments to fund team-based care.",
            ),
            "fr": services.PostText(
                title="Notre mémoire sur la charge de travail",
                summary="Ce que nous avons demandé.",
                body="L’association demande aux gouvernements de financer les soins en équipe.",
            ),
        },
        is_association_post=True,
        **fields,
    )
