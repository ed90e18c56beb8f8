"""People using the app see no Deploy button and no developer menu (.streamlit/config.toml)."""

from __future__ import annotations

import pytest

from tests.browser.streamlit_ui import open_app

pytestmark = pytest.mark.browser


def test_no_deploy_button_or_developer_menu(start_app, page_for, tmp_path):
    app = start_app(tmp_path / "store")
    page = page_for()
    open_app(page, app.url)
    page.get_by_test_id("stToolbar").wait_for(state="attached")
    assert page.get_by_test_id("stAppDeployButton").count() == 0
    assert page.get_by_role("button", name="Deploy").count() == 0
    menu = page.get_by_test_id("stMainMenu")  # a viewer's menu, if any, has no developer items
    if menu.count():
        menu.click()
        page.get_by_test_id("stMainMenuPopover").wait_for()
        items = page.get_by_test_id("stMainMenuPopover").inner_text()
        assert "Clear cache" not in items and "Rerun" not in items, items
