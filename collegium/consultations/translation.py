from modeltranslation.translator import TranslationOptions, register

from collegium.consultations.models import Consultation, ConsultationDocument, Paragraph


@register(Consultation)
class ConsultationTranslationOptions(TranslationOptions):
    # A consultation is the association's: written in both languages (EN-1).
    fields = ("title", "summary", "draft", "what_we_heard", "what_we_heard_html")
    required_languages = ()


@register(Paragraph)
class ParagraphTranslationOptions(TranslationOptions):
    fields = ("text", "html")
    required_languages = ()


@register(ConsultationDocument)
class ConsultationDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ()
