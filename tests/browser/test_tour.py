"""Every page at laptop width in the light theme and in a narrow window in the dark theme."""

from __future__ import annotations

import pytest

from tests.app_pages.conftest import seed
from tests.browser.conftest import shot
from tests.browser.streamlit_ui import go, open_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PAGES = ["Chat", "Upload", "Graph", "Sources", "Changes", "Settings"]


@pytest.mark.parametrize("width,dark", [(1280, False), (400, True)], ids=["laptop-light", "narrow-dark"])
def test_every_page_renders(start_app, page_for, tmp_path, width, dark):
    seed(str(tmp_path / "store"))
    app = start_app()
    page = page_for(width=width, height=800, dark=dark)
    open_app(page, app.url)
    for title in PAGES:
        go(page, title)
        assert page.get_by_test_id("stException").count() == 0, title
        assert page.get_by_test_id("stAlertContentError").count() == 0, title
        # nothing wider than the window: no sideways scrolling on a phone
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (title, overflow)
        shot(page, f"tour-{'narrow-dark' if dark else 'laptop-light'}-{title.lower()}")
