"""Demo follows (NO-2): the demo physician follows a community and a blog, so that the
preferences page has something to show and change."""

from collections.abc import Callable

from collegium.accounts.models import User
from collegium.communities.models import Community
from collegium.notifications.choices import Frequency
from collegium.notifications.models import Subscription


def load(write: Callable[[str], None]) -> None:
    maple = User.objects.filter(username="dr-maple").first()
    if maple is None or Subscription.objects.filter(user=maple, thread=None).exists():
        write("notifications: demo follows kept")
        return
    communities = {community.slug: community for community in Community.objects.all()}
    equity = communities.get("gender-equity-in-medicine")
    wellness = communities.get("physician-health-and-wellness")
    if equity is not None:
        Subscription.objects.create(user=maple, community=equity, frequency=Frequency.INSTANT)
    if wellness is not None:
        Subscription.objects.create(user=maple, blog=wellness, frequency=Frequency.WEEKLY)
    write("notifications: dr-maple follows a community and a blog")
