from django.urls import path
from django.utils.translation import pgettext_lazy

from collegium.blogs import feeds, views

app_name = "blogs"

urlpatterns = [
    path(pgettext_lazy("URL", "blogs/"), views.latest, name="latest"),
    path(pgettext_lazy("URL", "blogs/feed/"), feeds.LatestPostsFeed(), name="latest_feed"),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/blog/"),
        views.community_blog,
        name="community_blog",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/blog/feed/"),
        feeds.CommunityBlogFeed(),
        name="feed",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/blog/new/"),
        views.post_create,
        name="post_create",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/blog/new/association/"),
        views.post_create,
        {"association": True},
        name="association_post_create",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/blog/posts/<slug:post_slug>/"),
        views.post_detail,
        name="post",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/blog/posts/<slug:post_slug>/edit/"),
        views.post_edit,
        name="post_edit",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/blog/posts/<slug:post_slug>/delete/"),
        views.post_delete,
        name="post_delete",
    ),
    path(
        pgettext_lazy(
            "URL", "communities/<slug:slug>/blog/posts/<slug:post_slug>/do/<str:action>/"
        ),
        views.post_action,
        name="post_action",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/blog/posts/<slug:post_slug>/comments/"),
        views.comment_add,
        name="comment_add",
    ),
    path(
        pgettext_lazy(
            "URL",
            "communities/<slug:slug>/blog/posts/<slug:post_slug>/comments/<int:comment_id>/edit/",
        ),
        views.comment_edit,
        name="comment_edit",
    ),
    path(
        pgettext_lazy(
            "URL",
            "communities/<slug:slug>/blog/posts/<slug:post_slug>/comments/<int:comment_id>/delete/",
        ),
        views.comment_delete,
        name="comment_delete",
    ),
]
