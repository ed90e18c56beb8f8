"""Settings.save: the app's Settings page writes the file that Settings.load (and the CLI) reads."""

import pytest

from kg.runtime.settings import Settings, SettingsError


def test_save_keeps_other_settings_and_comments_and_load_reads_it(tmp_path):
    path = tmp_path / "evergreen.toml"
    path.write_text('# ours\n[evergreen]\nstore = "data/x"  # where the graph lives\n', "utf-8")
    Settings.save({"app_llm": "local", "app_as_of": "2021-05"}, path)
    text = path.read_text("utf-8")
    assert "# ours" in text and "# where the graph lives" in text
    loaded = Settings.load(config_file=path, environ={})
    assert (loaded.store, loaded.app_llm, loaded.app_as_of) == ("data/x", "local", "2021-05")


def test_save_back_to_the_default_removes_the_line(tmp_path):
    path = tmp_path / "evergreen.toml"
    Settings.save({"app_llm": "local"}, path)
    assert "app_llm" in path.read_text("utf-8")
    Settings.save({"app_llm": "none"}, path)
    assert "app_llm" not in path.read_text("utf-8")
    assert Settings.load(config_file=path, environ={}).app_llm == "none"


@pytest.mark.parametrize("changes,message", [
    ({"app_as_of": "2021-13"}, "app_as_of must be a date"),
    ({"app_llm": "gpt"}, "app_llm must be none, local or openai"),
    ({"llm": "none"}, "llm must be graph, local or openai"),
    ({"model_runtime": "int8"}, "model_runtime must be onnx, onnx-int8 or torch"),
    ({"colour": "green"}, "Unknown setting"),
])
def test_a_bad_value_writes_nothing(tmp_path, changes, message):
    path = tmp_path / "evergreen.toml"
    path.write_text('store = "memory"\n', "utf-8")
    with pytest.raises(SettingsError, match=message):
        Settings.save(changes, path)
    assert path.read_text("utf-8") == 'store = "memory"\n'


def test_config_path_follows_the_environment(tmp_path):
    assert Settings.config_path({}).name == "evergreen.toml"
    assert Settings.config_path({"EVERGREEN_CONFIG": str(tmp_path / "x.toml")}) == tmp_path / "x.toml"
