import io
import json
import zipfile

from collegium.accounts.data_rights import account_delete, account_export
from collegium.editor import services
from collegium.editor.models import Draft


def test_drafts_are_in_the_data_export(physician):
    services.draft_save(user=physician, key="forums:reply:1", body="Half a thought")

    archive = zipfile.ZipFile(io.BytesIO(account_export(user=physician)))
    data = json.loads(archive.read("collegium.json"))

    assert data["writing"]["drafts"][0]["body"] == "Half a thought"


def test_drafts_never_outlive_an_account_even_when_its_content_is_kept(physician):
    services.draft_save(user=physician, key="forums:reply:1", body="Private")

    account_delete(user=physician, erase_content=False)

    assert not Draft.objects.exists()
