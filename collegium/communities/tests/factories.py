from typing import Any

from collegium.accounts.choices import MEMBER_TYPES
from collegium.communities import services
from collegium.communities.choices import DirectoryVisibility, Joining, Role
from collegium.communities.models import Community


def make_community(
    name: str = "Rural medicine",
    *,
    audience: Any = None,
    leaders: Any = (),
    participants: Any = (),
    **fields: Any,
) -> Community:
    """A community saved through the service, with leaders and participants."""
    fields.setdefault("joining", Joining.REQUEST)
    fields.setdefault("visibility", DirectoryVisibility.SIGNED_IN)
    fields.setdefault("description_en", f"About {name}.")
    community = services.community_save(
        actor=None,
        community=Community(name_en=name, **fields),
        audience=audience or sorted(MEMBER_TYPES),
    )
    for leader in leaders:
        services.membership_add(community, leader, role=Role.LEADER)
    for participant in participants:
        services.membership_add(community, participant)
    community.refresh_from_db()
    return community
