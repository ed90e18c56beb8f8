"""Settings: the effective configuration, where each value came from, secrets masked."""

import dataclasses
import os
import tomllib
from pathlib import Path

import streamlit as st

from app_pages import common
from kg.runtime.settings import Settings

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
shown = settings.effective()
st.caption(
    "Later layers win: defaults < config file "
    f"({config or 'none found; evergreen.toml or $EVERGREEN_CONFIG'}) < environment "
    "(EVERGREEN_<NAME>) < st.secrets. Secrets are masked. Restart the app after changing them."
)
# A static table: its cells wrap, so no name or meaning is cut off (a dataframe cuts them at
# the column's width). st.table renders Markdown in its cells, so every cell is escaped.
st.table([{"setting": common.md(name), "value": common.md(value), "from": common.md(where[name]),
           "meaning": common.md(helps[name])} for name, value in shown.items()])
