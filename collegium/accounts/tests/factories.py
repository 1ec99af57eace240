import factory

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.models import User
from collegium.pages.selectors import guidelines_version_current

TEST_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    user_type = UserType.PHYSICIAN
    staff_role = StaffRole.NONE
    # People in tests have accepted the community guidelines in force unless a test says
    # otherwise (MO-4).
    guidelines_version_accepted = factory.LazyFunction(lambda: guidelines_version_current())
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save(update_fields=["password"])  # type: ignore[attr-defined]

    @factory.post_generation
    def verified_email(self, create: bool, extracted: object, **kwargs: object) -> None:
        """Their email address is confirmed (allauth), unless a test says otherwise."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(
                user=self,
                email=self.email,
                verified=True,
                primary=True,
            )

    @factory.post_generation
    def accepted_terms(self, create: bool, extracted: object, **kwargs: object) -> None:
        """People in tests have accepted the current terms unless a test says otherwise."""
        if create and extracted is not False:
            from collegium.accounts.selectors import consent_versions_current
            from collegium.accounts.services import consent_record

            consent_record(user=self, versions=consent_versions_current())


def verified_member(
    username: str, member_id: str, *, user_type: str = UserType.PHYSICIAN, **fields: object
) -> User:
    """A physician (or learner) whose member ID staff have verified: a member (ID-3)."""
    from django.utils import timezone

    return UserFactory(
        username=username,
        user_type=user_type,
        member_id=member_id,
        member_verified_at=timezone.now(),
        **fields,
    )
