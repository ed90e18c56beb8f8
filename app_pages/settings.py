"""Settings: the preferences people may change here (saved to the config file the CLI reads
too), then the effective configuration, where each value came from, secrets masked."""

import dataclasses
import os
import tomllib
from pathlib import Path

import streamlit as st

from app_pages import common
from kg.runtime.settings import Settings, SettingsError

st.title("Settings")
settings: Settings = st.session_state["app_settings"]


def origins() -> tuple[dict[str, str], str | None]:
    """Which layer set each setting (the last one wins, as in Settings.load)."""
    names = [f.name for f in dataclasses.fields(Settings)]
    where = dict.fromkeys(names, "default")
    path = os.environ.get("EVERGREEN_CONFIG") or "evergreen.toml"
    config = None
    if Path(path).is_file():
        config = path
        try:
            data = tomllib.loads(Path(path).read_text("utf-8"))
            for name in data.get("evergreen", data):
                if name in where:
                    where[name] = f"config file ({path})"
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            pass
    for name in names:
        if os.environ.get("EVERGREEN_" + name.upper()) is not None:
            where[name] = f"environment (EVERGREEN_{name.upper()})"
    for name in common.secrets_mapping():
        if name in where:
            where[name] = "st.secrets"
    return where, config


where, config = origins()
helps = Settings.help()
svc = common.service()

# -- preferences, changed from the page ----------------------------------------------------------
ANSWERERS = {"none": "Graph only", "local": "Local LLM", "openai": "OpenAI-compatible endpoint"}
CLI_ANSWERERS = {"graph": "Graph only", "local": "Local LLM", "openai": "OpenAI-compatible endpoint"}


def configured(name: str) -> bool:
    """An answerer is offered only if it can run here (its model file, its endpoint)."""
    if name in ("none", "graph"):
        return True
    if name == "openai":
        return bool(settings.openai_base_url and settings.openai_model)
    return svc.llm_available(name)[0]


def local_model_problem(text: str) -> str | None:
    if text and not (Path(text).is_dir() or (Path(text).is_file() and text.endswith(".gguf"))):
        return f"No model at {text}: give a transformers model folder or a .gguf file, or leave it empty."
    return None


def save(changes: dict) -> None:
    problem = local_model_problem(changes.get("local_model", ""))
    if problem:
        st.session_state["settings_message"] = ("error", problem)
        return
    try:
        path = Settings.save(changes)
    except SettingsError as err:
        st.session_state["settings_message"] = ("error", f"Nothing was saved: {err}")
        return
    changed = [n for n, v in changes.items() if getattr(settings, n) != v]
    restart = [n for n in changed if n in common.NEEDS_RESTART]
    text = f"Saved to {path.resolve()} (the CLI reads the same file)."
    if not changed:
        text = f"Nothing changed; {path.resolve()} is as it was."
    elif restart:
        text += f" {', '.join(restart)} takes effect after the app is restarted; the rest applies now."
    else:
        text += " It applies now."
    st.session_state["settings_message"] = ("success", text)


st.subheader("Preferences")
message = st.session_state.pop("settings_message", None)
if message:
    (st.success if message[0] == "success" else st.error)(common.md(message[1]),
                                                          icon=":material/check:" if message[0] == "success" else ":material/error:")
reason = common.write_block_reason(settings)
if reason:
    st.info(reason.replace("upload, edit or delete", "change settings"), icon=":material/lock:")
else:
    fixed = {n for n in common.PREFERENCES if not where[n].startswith(("default", "config file"))}
    offered = [n for n in ANSWERERS if configured(n) or n == settings.app_llm]
    cli_offered = [n for n in CLI_ANSWERERS if configured(n) or n == settings.llm]
    with st.form("settings_form"):
        st.caption("Saved to the config file "
                   f"({Settings.config_path()}); a setting given by the environment or st.secrets wins "
                   "over the file and cannot be changed here.")
        c1, c2 = st.columns(2)
        app_llm = c1.selectbox("Default answerer in the app (app_llm)", offered, format_func=ANSWERERS.get,
                               index=offered.index(settings.app_llm) if settings.app_llm in offered else 0,
                               disabled="app_llm" in fixed, key="settings_app_llm",
                               help="Only answerers that can run here are offered.")
        llm = c2.selectbox("Answerer for the CLI (llm)", cli_offered, format_func=CLI_ANSWERERS.get,
                           index=cli_offered.index(settings.llm) if settings.llm in cli_offered else 0,
                           disabled="llm" in fixed, key="settings_llm")
        local_model = c1.text_input("Local model (local_model)", value=settings.local_model, key="settings_local_model",
                                    disabled="local_model" in fixed, placeholder="empty: SmolLM2-135M-Instruct",
                                    help="A transformers model folder or a .gguf file. Needs a restart of the app.")
        as_of = c2.text_input("Start the chat and graph at (app_as_of)", value=settings.app_as_of,
                              key="settings_app_as_of", disabled="app_as_of" in fixed, placeholder="empty: today",
                              help="YYYY, YYYY-MM or YYYY-MM-DD.")
        if st.form_submit_button("Save settings", type="primary"):
            values = {"app_llm": app_llm, "llm": llm, "local_model": local_model.strip(),
                      "app_as_of": as_of.strip()}
            save({n: v for n, v in values.items() if n not in fixed})
            st.rerun()

st.subheader("All settings")
shown = settings.effective()
st.caption(
    "Later layers win: defaults < config file "
    f"({config or 'none found; evergreen.toml or $EVERGREEN_CONFIG'}) < environment "
    "(EVERGREEN_<NAME>) < st.secrets. Secrets are masked. Restart the app after changing any other "
    "setting than the preferences above."
)
# A static table: its cells wrap, so no name or meaning is cut off (a dataframe cuts them at
# the column's width). Two columns, so that both still fit a phone's width. st.table renders
# Markdown in its cells, so every cell is escaped.
st.table([{"setting": f"**{common.md(name)}**: {common.md(helps[name])}",
           "value": f"{common.md(value if value != '' else '(empty)')} · from {common.md(where[name])}"}
          for name, value in shown.items()])
