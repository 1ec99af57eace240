import pytest
from django.core.management import call_command

from collegium.resources.choices import PreviewStatus
from collegium.resources.models import Collection, Resource, ResourceComment

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_data_makes_a_library_with_a_pdf_an_image_a_video_and_a_link_once(capsys):
    call_command("demo_data")
    call_command("demo_data")

    library = Collection.objects.filter(community__slug="substance-use")
    assert library.count() == 3
    assert library.filter(parent__isnull=False).count() == 1
    assert library.first().community.participants_may_upload
    kinds = sorted(Resource.objects.exclude(file_kind="").values_list("file_kind", flat=True))
    assert kinds == ["image", "pdf", "video"]
    assert Resource.objects.filter(kind="link").count() == 1
    pdf = Resource.objects.get(file_kind="pdf")
    assert pdf.download_count == 14
    # huey runs tasks at once in tests: the demo's previews and text are made.
    assert pdf.preview_status == PreviewStatus.READY
    assert "Check each kit monthly" in pdf.extracted_text
    assert ResourceComment.objects.count() == 2
    assert "resources: demo library kept" in capsys.readouterr().out
