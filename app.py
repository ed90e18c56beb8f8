"""Evergreen's web app: `streamlit run app.py` (or `evergreen serve`).

Builds the settings (config file, environment, st.secrets), opens the one
service (cached for the server's life), and hands over to the pages in
app_pages/. Each page reads its widgets, makes one service call and renders.
"""

import streamlit as st

from app_pages import common

st.set_page_config(page_title="Evergreen", page_icon=":material/eco:", layout="wide")

ready = False
with common.shows_errors("Evergreen cannot start: "):
    settings = common.load_settings()
    st.session_state["app_settings"] = settings
    svc = common.service()  # open the store now, so a busy or broken store is reported here
    common.warm(svc)  # the answering models load in the background while the page is read
    if settings.app_llm == "local":
        common.warm(svc, "local")
    ready = True
if not ready:
    st.stop()

common.editor_sidebar(settings)

pages = [
    st.Page("app_pages/chat.py", title="Chat", icon=":material/chat:", default=True),
    st.Page("app_pages/upload.py", title="Upload", icon=":material/upload_file:"),
    st.Page("app_pages/graph.py", title="Graph", icon=":material/hub:"),
    st.Page("app_pages/sources.py", title="Sources", icon=":material/article:"),
    st.Page("app_pages/changes.py", title="Changes", icon=":material/history:"),
    st.Page("app_pages/settings.py", title="Settings", icon=":material/settings:"),
]
page = st.navigation(pages)
with common.shows_errors():  # a bug in a page is one message (details in the log), not a traceback
    page.run()
