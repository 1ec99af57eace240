from django.core.management import call_command

from collegium import permissions
from collegium.blogs.choices import PostStatus
from collegium.blogs.models import BlogComment, BlogPost
from collegium.communities.models import Community


def test_the_demo_blogs_show_every_kind_of_post_and_load_once(db):
    call_command("demo_data")
    call_command("demo_data")
    posts = BlogPost.objects.all()
    assert posts.filter(is_association_post=True).exclude(title_fr="").exists()
    assert posts.filter(is_guest_post=True, status=PostStatus.PUBLISHED).exists()
    assert posts.filter(status=PostStatus.SCHEDULED).exists()
    assert posts.filter(status=PostStatus.DRAFT).exists()
    assert BlogComment.objects.exists()
    assert any(permissions.blog_is_public(c) for c in Community.objects.all())
    assert posts.count() == 5
