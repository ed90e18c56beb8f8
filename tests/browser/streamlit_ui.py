"""Small Playwright helpers for Streamlit pages: wait for a run to finish, pick, type, navigate."""

from __future__ import annotations

import re


def settle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script (the app root's script state)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => { const app = document.querySelector('[data-testid=stApp]');"
        " return app && !['running', 'rerunRequested', 'initial']"
        ".includes(app.getAttribute('data-test-script-state')); }",
        timeout=timeout,
    )
    page.wait_for_timeout(300)


def open_app(page, url: str) -> None:
    page.goto(url)
    page.get_by_test_id("stMainBlockContainer").wait_for()
    page.get_by_role("heading").first.wait_for()
    settle(page)


def go(page, title: str) -> None:
    """Switch page with the sidebar navigation (keeps the session, unlike a URL)."""
    narrow = page.viewport_size["width"] < 640
    if narrow:  # the sidebar is collapsed on a narrow window: open it, then close it again
        page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=re.compile(rf"^{title}$")).click()
    page.get_by_role("heading", name=title, exact=True).first.wait_for()
    settle(page)
    if narrow and page.get_by_test_id("stSidebarNav").is_visible():
        page.get_by_test_id("stSidebar").hover()
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        page.wait_for_timeout(500)


def pick(page, label: str, text: str, attempts: int = 3) -> None:
    """Choose the option containing `text` in the selectbox labelled `label` (typing to filter).

    A rerun that lands while the list is open (the graph component reporting its first
    render, for instance) closes the list and drops what was typed; the pick is then tried
    again on the redrawn box, as a person would."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).first
        # Centre the box first: a box near the bottom of a short window opens its list off-screen,
        # and the scroll Playwright then makes to reach an option closes and redraws the list.
        box.evaluate("e => e.scrollIntoView({block: 'center'})")
        box.locator("input").click()
        box.locator("input").fill(text)
        option = page.get_by_role("option").filter(has_text=text).first
        try:
            option.wait_for(timeout=10_000)
            option.click()
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
            settle(page)
            continue
        settle(page)
        return


def options(page, label: str) -> list[str]:
    """The options a selectbox offers (opened, read, closed again)."""
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).first
    box.locator("input").click()
    page.get_by_role("option").first.wait_for()
    found = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return found


def fill(page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Tab")


def click(page, name: str, timeout: float = 60_000) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    settle(page, timeout=timeout)


def main_text(page) -> str:
    return page.get_by_test_id("stMainBlockContainer").inner_text()
