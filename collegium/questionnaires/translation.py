from modeltranslation.translator import TranslationOptions, register

from collegium.questionnaires.models import Choice, Question


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    # Staff write every label in both languages (EN-1); the services require both.
    fields = ("label", "help_text")
    required_languages = ()


@register(Choice)
class ChoiceTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = ()
