"""Changed community rules are read and accepted before taking part again (SPEC MO-4), in both
languages, with axe on every page.

Labels are looked up through Django's catalogue at test time, so the French journey follows the
interface whatever its current wording.
"""

from __future__ import annotations

import pytest
from django.utils.text import capfirst
from playwright.sync_api import expect

from collegium.communities.models import Membership, RulesVersion
from collegium.forums.models import Post
from e2e.journeys import bilingual_community, sign_in, verified_person
from e2e.journeys import press as _press
from e2e.journeys import translated as _
from e2e.journeys import url_in as _url

LANGUAGES = ["en", "fr"]
LOCALES = {"en": "en-CA", "fr": "fr-CA"}
NEW_RULES = {"en": "Be kind. No advertising.", "fr": "Soyez bienveillants. Pas de publicité."}
NOTE = "Advertising is now forbidden."


def _rules_field(page, language: str, field_language: str):
    # modeltranslation labels each language's field "<verbose name> [<language>]".
    return page.get_by_label(f"{capfirst(_(language, 'rules of engagement'))} [{field_language}]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_participant_accepts_changed_rules_and_then_replies(
    open_page, a11y, transactional_db, language
):
    leader = verified_person(language, "lead@example.org", "dr-lead", "5000001")
    participant = verified_person(language, "part@example.org", "dr-part", "5000002")
    community = bilingual_community(
        "rural-care",
        participant,
        leader=leader,
        name_en="Rural care",
        name_fr="Soins en région",
        rules_en="Be kind.",
        rules_fr="Soyez bienveillants.",
    )
    from collegium.forums import services

    thread = services.thread_create(
        actor=leader, community=community, kind="discussion", title="Locums", body="Who covers?"
    )
    thread_url = _url(language, "forums:thread", slug=community.slug, thread_id=thread.pk)

    # The participant opens the thread and starts a reply, under the first rules.
    reader = open_page(locale=LOCALES[language])
    sign_in(reader, a11y, participant.email, language=language)
    reader.goto(thread_url)
    a11y(reader)
    reply_box = reader.get_by_label(_(language, "Your reply", context="form field"))
    reply_box.fill("I cover two clinics on weekends.")

    # Meanwhile the leader changes the rules, saying what changed.
    lead = open_page(locale=LOCALES[language])
    sign_in(lead, a11y, leader.email, language=language)
    lead.goto(_url(language, "communities:detail", slug=community.slug))
    a11y(lead)
    _press(lead, lead.get_by_role("link", name=_(language, "Settings")))
    a11y(lead)
    _rules_field(lead, language, "en").fill(NEW_RULES["en"])
    _rules_field(lead, language, "fr").fill(NEW_RULES["fr"])
    lead.get_by_label(_(language, "What changed in the rules")).fill(NOTE)
    _press(lead, lead.get_by_role("button", name=_(language, "Save the settings")))
    a11y(lead)
    expect(lead.get_by_text(_(language, "The community's settings are saved."))).to_be_visible()
    _press(lead, lead.get_by_role("link", name=_(language, "History of the rules")))
    a11y(lead)
    expect(lead.get_by_text(NOTE)).to_be_visible()
    assert RulesVersion.objects.filter(community=community).count() == 2

    # The participant's reply is refused: the rules changed, and a link says where to accept.
    _press(reader, reader.get_by_role("button", name=_(language, "Post the reply")))
    a11y(reader)
    refusal = _(language, "This community's rules have changed: read and accept them to take part.")
    expect(reader.get_by_text(refusal)).to_be_visible()
    assert not Post.objects.filter(author=participant).exists()
    _press(reader, reader.get_by_role("link", name=_(language, "Read and accept the new rules")))
    a11y(reader)

    # They read the new rules and what changed, and accept them.
    rules = reader.locator("#rules")
    expect(rules).to_contain_text(NEW_RULES[language])
    expect(rules).to_contain_text(NOTE)
    _press(reader, rules.get_by_role("button", name=_(language, "I accept the new rules")))
    a11y(reader)
    assert Membership.objects.get(user=participant).rules_version_accepted == 2

    # Back on their reply, with the text kept, they post it.
    reply_box = reader.get_by_label(_(language, "Your reply", context="form field"))
    expect(reply_box).to_have_value("I cover two clinics on weekends.")
    _press(reader, reader.get_by_role("button", name=_(language, "Post the reply")))
    a11y(reader)
    expect(reader.get_by_text("I cover two clinics on weekends.")).to_be_visible()
    assert Post.objects.filter(author=participant).count() == 1
