from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def membership(request: HttpRequest) -> dict[str, Any]:
    """The state of an unverified member's claim, for the banner on every page (ID-3).

    Lazy: the query runs only for physicians and learners who are not verified yet.
    """
    user = getattr(request, "user", None)

    def claim() -> Any:
        from collegium.accounts.selectors import member_claim_latest_for

        return member_claim_latest_for(user=user)  # type: ignore[arg-type]

    needs_banner = bool(
        user is not None and user.is_authenticated and user.is_member_type and not user.is_member
    )
    return {
        "membership_banner": needs_banner,
        "membership_claim": SimpleLazyObject(claim) if needs_banner else None,
    }
