from django.urls import path
from django.utils.translation import pgettext_lazy

from collegium.notifications import feeds, views

app_name = "notifications"

urlpatterns = [
    path(pgettext_lazy("URL", "notifications/"), views.notification_list, name="list"),
    path(pgettext_lazy("URL", "notifications/bell/"), views.bell, name="bell"),
    path(
        pgettext_lazy("URL", "notifications/read/"),
        views.notifications_mark_all_read,
        name="mark_all_read",
    ),
    path(
        pgettext_lazy("URL", "notifications/<int:notification_id>/open/"),
        views.notification_open,
        name="open",
    ),
    path(
        pgettext_lazy("URL", "notifications/<int:notification_id>/read/"),
        views.notification_mark_read,
        name="mark_read",
    ),
    path(pgettext_lazy("URL", "notifications/preferences/"), views.preferences, name="preferences"),
    path(
        pgettext_lazy("URL", "notifications/preferences/feeds/reset/"),
        views.feed_token_reset,
        name="feed_token_reset",
    ),
    path(pgettext_lazy("URL", "notifications/follow/"), views.follow, name="follow"),
    path(
        pgettext_lazy("URL", "notifications/unsubscribe/<str:token>/"),
        views.unsubscribe,
        name="unsubscribe",
    ),
    path(
        pgettext_lazy("URL", "feeds/<str:token>/notifications/"),
        feeds.NotificationsFeed(),
        name="feed",
    ),
    path(
        pgettext_lazy("URL", "feeds/<str:token>/communities/<slug:slug>/"),
        feeds.CommunityFeed(),
        name="community_feed",
    ),
]
