from modeltranslation.translator import TranslationOptions, register

from collegium.blogs.models import BlogPost


@register(BlogPost)
class BlogPostTranslationOptions(TranslationOptions):
    # Association posts fill both languages; community posts only their own (CT-2).
    fields = ("title", "summary", "body", "body_html", "cover_alt")
    required_languages = ()
