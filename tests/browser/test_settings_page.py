"""The Settings page in a real browser: a preference changed there is saved to the config file
(which the CLI reads too) and is still there after the app restarts."""

from __future__ import annotations

import pytest

from tests.app_pages.conftest import seed
from tests.browser.conftest import shot
from tests.browser.streamlit_ui import click, go, main_text, open_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_setting_changed_on_the_page_persists(start_app, page_for, tmp_path):
    seed(str(tmp_path / "store"))
    app = start_app()
    page = page_for(width=1280, height=900)
    open_app(page, app.url)
    go(page, "Settings")
    shot(page, "settings-1280-light")
    field = page.get_by_label("Start the chat and graph at (app_as_of)", exact=True)
    field.fill("2021-06-01")
    click(page, "Save settings")
    page.get_by_text("It applies now").first.wait_for()
    assert "the CLI reads the same file" in main_text(page)
    assert 'app_as_of = "2021-06-01"' in (tmp_path / "evergreen.toml").read_text()  # the app runs in tmp_path

    app.stop()  # a restart reads it back from the file
    app = start_app()
    page = page_for(width=420, height=900, dark=True)
    open_app(page, app.url)
    go(page, "Settings")
    assert page.get_by_label("Start the chat and graph at (app_as_of)", exact=True).input_value() == "2021-06-01"
    assert "config file" in main_text(page)
    shot(page, "settings-420-dark")
