from modeltranslation.translator import TranslationOptions, register

from collegium.communities.models import Community, RulesVersion


@register(Community)
class CommunityTranslationOptions(TranslationOptions):
    # Association-led communities fill both languages; member-led ones may fill one (CO-1).
    fields = (
        "name", "description", "description_html", "objectives", "objectives_html",
        "who_participates", "rules", "rules_html",
    )  # fmt: skip


@register(RulesVersion)
class RulesVersionTranslationOptions(TranslationOptions):
    # A copy of the community's rules as they were saved, in both languages.
    fields = ("rules", "rules_html")
