"""The WebM written by hand in ``sample_media`` is one a browser really plays, not just parses.

No page of the site is opened, so neither the live server nor axe is involved: the video is given
to Chromium as a ``data:`` URL in a page of its own.
"""

import base64
import io

import pytest
from PIL import Image, ImageChops, ImageStat

from collegium.core import sample_media

WIDTH, HEIGHT, SECONDS, FPS, LABEL = 320, 180, 3.0, 10, "Démo"


@pytest.fixture
def video_page(browser):
    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    video = sample_media.webm_video(
        width=WIDTH, height=HEIGHT, seconds=SECONDS, fps=FPS, label=LABEL
    )
    data = base64.b64encode(video)
    page.set_content(
        '<video id="v" muted preload="auto" src="data:video/webm;base64,'
        f'{data.decode()}"></video><canvas id="c" width="{WIDTH}" height="{HEIGHT}"></canvas>'
    )
    yield page
    context.close()
    assert not errors


def test_chromium_reads_the_videos_size_and_duration(video_page):
    video_page.wait_for_function("document.getElementById('v').readyState >= 2")

    size = video_page.evaluate(
        "() => { const v = document.getElementById('v');"
        " return [v.videoWidth, v.videoHeight, v.duration, v.error && v.error.message]; }"
    )

    assert size[:2] == [WIDTH, HEIGHT]
    assert size[2] == pytest.approx(SECONDS, abs=0.05)
    assert size[3] is None


def test_chromium_decodes_the_first_frame_into_the_picture_that_was_drawn(video_page):
    video_page.wait_for_function("document.getElementById('v').readyState >= 2")

    url = video_page.evaluate(
        "() => { const c = document.getElementById('c');"
        " c.getContext('2d').drawImage(document.getElementById('v'), 0, 0);"
        " return c.toDataURL('image/png'); }"
    )

    shown = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGB")
    background = sample_media._picture(WIDTH, HEIGHT, "", sample_media.COLLEGIUM_BLUE)
    drawn = sample_media._video_frame(background, 0, round(SECONDS * FPS), LABEL)
    # Lossy coding blurs the edges of the text a little; another frame differs by far more.
    difference = ImageChops.difference(shown, drawn).convert("L")
    assert ImageStat.Stat(difference).mean[0] < 4


def test_chromium_plays_the_video_to_its_end_and_can_seek_back(video_page):
    video_page.evaluate("document.getElementById('v').play()")
    video_page.wait_for_function("document.getElementById('v').ended", timeout=15_000)

    video_page.evaluate(
        "() => new Promise(done => { const v = document.getElementById('v');"
        " v.addEventListener('seeked', done, {once: true}); v.currentTime = 1.5; })"
    )

    assert video_page.evaluate("document.getElementById('v').currentTime") == pytest.approx(1.5)
