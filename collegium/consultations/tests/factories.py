"""Consultations built straight in the database, open now and put to physicians unless told
otherwise; tests of the services build theirs through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from collegium.accounts.choices import UserType
from collegium.consultations.choices import ConsultationStatus
from collegium.consultations.models import Consultation, ConsultationAudience, Paragraph
from collegium.questionnaires.tests.factories import QuestionnaireFactory


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"draft-policy-{n}")
    title_en = factory.Sequence(lambda n: f"Draft policy {n}")
    title_fr = factory.Sequence(lambda n: f"Projet de politique {n}")
    summary_en = "What the association proposes, for your feedback."
    summary_fr = "Ce que l’association propose, pour vos commentaires."
    status = ConsultationStatus.OPEN
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    opened_at = factory.LazyAttribute(lambda o: o.opens_at)
    questionnaire = factory.SubFactory(QuestionnaireFactory)

    @factory.post_generation
    def audience(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Put to ``audience=[user types]``; physicians and learners by default."""
        if not create:
            return
        types = extracted if extracted is not None else [UserType.PHYSICIAN, UserType.LEARNER]
        ConsultationAudience.objects.bulk_create(
            ConsultationAudience(consultation=self, user_type=t)  # type: ignore[misc]
            for t in types
        )

    @factory.post_generation
    def paragraphs(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Numbered paragraphs from ``paragraphs=[(en, fr), …]``; three by default."""
        if not create:
            return
        pairs = extracted or [
            (
                "Physicians should be paid for time spent on forms.",
                "Les médecins devraient être payés pour le temps consacré aux formulaires.",
            ),
            ("Forms should be shorter and shared.", "Les formulaires devraient être plus courts."),
            (
                "Governments should report progress yearly.",
                "Les gouvernements devraient rendre compte de leurs progrès chaque année.",
            ),
        ]
        Paragraph.objects.bulk_create(
            Paragraph(
                consultation=self,  # type: ignore[misc]
                number=number,
                text_en=english,
                text_fr=french,
                html_en=f"<p>{english}</p>",
                html_fr=f"<p>{french}</p>",
            )
            for number, (english, french) in enumerate(pairs, start=1)
        )
