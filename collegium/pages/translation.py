from modeltranslation.translator import TranslationOptions, register

from collegium.pages.models import PageVersion


@register(PageVersion)
class PageVersionTranslationOptions(TranslationOptions):
    fields = ("title", "body", "body_html")
    required_languages = ("en", "fr")
