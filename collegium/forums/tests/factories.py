from typing import Any

from collegium.forums import services
from collegium.forums.choices import ThreadKind
from collegium.forums.models import Thread


def make_thread(
    community: Any,
    author: Any,
    *,
    title: str = "Locum coverage in the north",
    body: str = "Who covers your practice when you are away?",
    kind: str = ThreadKind.DISCUSSION,
    **fields: Any,
) -> Thread:
    """A thread started through the service, as a participant would."""
    return services.thread_create(
        actor=author, community=community, kind=kind, title=title, body=body, **fields
    )


def make_question(community: Any, author: Any, **fields: Any) -> Thread:
    fields.setdefault("title", "Which anticoagulant before a dental extraction?")
    return make_thread(community, author, kind=ThreadKind.QUESTION, **fields)
