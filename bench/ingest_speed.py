"""Ingest speed: words per second of the whole ingest (parse, extraction, linking, one atomic
store commit per article) against plain `nlp.pipe` of the same spaCy model on the same text,
measured in the same run, with one process and with `n_process` processes.

    .venv/bin/python bench/ingest_speed.py [--articles 1000] [--processes 1 2] [--extraction hybrid]
        [--runtime onnx-int8|onnx|torch]
        [--embedding-runtime onnx|torch] [--json]

The corpus is real prose: paragraphs (over 40 words) of the TimeQA development documents
(Wikipedia biographies and organisations), one article each, dated one day apart. Each
ingest goes into a fresh embedded Oxigraph store on disk. The models are loaded before the
clock starts; the sentence encoder is warmed with one call.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file (python bench/x.py): the project root is importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import json
import resource
import tempfile
import time

SHARED = Path(__file__).resolve().parents[1].parent / "shared"  # beside the checkout, as in CI
DATA = SHARED / "eval" / "timeqa-dev" / "timeqa_human_test_dev.json"


def corpus(limit: int, data: Path = DATA):
    from bench.eval_timeqa import tidy
    from extract.articles import article_from_text

    import datetime as dt

    docs = json.loads(data.read_text("utf-8"))
    paragraphs = [(doc["paras"][0], tidy(p)) for doc in docs for p in doc["paras"][1:] if len(p.split()) > 40]
    start = dt.date(2020, 1, 1)
    return [article_from_text(text, title=f"{title} ({n})", published=str(start + dt.timedelta(days=n)))
            for n, (title, text) in enumerate(paragraphs[:limit])]


class Timer:
    """Adds up the time spent inside one method of an object (extraction, commits)."""

    def __init__(self, owner, name: str):
        self.seconds = 0.0
        inner = getattr(owner, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        setattr(owner, name, timed)


def pipe_words_per_s(nlp, texts: list[str], processes: int, words: int) -> tuple[float, float]:
    """Words per second of wall time, and CPU seconds of this process (the steadier figure on a
    loaded machine; with one process all the work is in it)."""
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=32, n_process=processes):
        pass
    return words / (time.perf_counter() - started), time.process_time() - cpu


def ingest_words_per_s(extractor, articles, processes: int, words: int, extraction: str = "rules",
                       runtime: str = "onnx-int8", embedding_runtime: str = "onnx") -> dict:
    from kg.runtime.settings import Settings
    from kg.app.service import Evergreen

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store=str(Path(tmp) / "store"), n_process=processes, user="bench", extraction=extraction,
                            model_runtime=runtime, embedding_runtime=embedding_runtime)
        with Evergreen(settings) as service:
            extractor.settings = settings
            service._extractor = extractor
            link = Timer(extractor, "link")
            commit = Timer(service, "commit")
            started, cpu = time.perf_counter(), time.process_time()
            reports = list(service.ingest_articles(articles))
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            del extractor.link  # the instance attribute the timer set
            facts = len(service.facts(history=True))
    failed = [r for r in reports if r.status not in ("ok", "duplicate")]
    return {"words_per_s": round(words / seconds), "seconds": round(seconds, 1), "cpu_s": round(cpu, 1),
            "link_s": round(link.seconds, 1), "commit_s": round(commit.seconds, 1),
            "read_or_wait_s": round(seconds - link.seconds - commit.seconds, 1),
            "articles_failed": len(failed), "facts": facts}


def run(limit: int, processes: list[int], extraction: str = "rules", runtime: str = "onnx-int8",
        embedding_runtime: str = "onnx") -> dict:
    from kg.core.catalogue import Catalogue
    from kg.runtime.settings import Settings
    from extract.pipeline import Extractor

    from extract import pipeline

    articles = corpus(limit)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    out = {"articles": len(articles), "words": words, "extraction": extraction, "model_runtime": runtime,
           "embedding_runtime": embedding_runtime, "runs": []}
    for n in processes:
        # A fresh extractor and an empty vector cache for each run: the second run must not
        # profit from the first one's cached embeddings.
        pipeline._VECTORS.clear()
        extractor = Extractor(Settings(store="memory", extraction=extraction, model_runtime=runtime,
                                       embedding_runtime=embedding_runtime), Catalogue.load()).loaded()
        out["spacy_model"] = extractor.settings.spacy_model
        extractor.encode(["warm up"])
        pipe, pipe_cpu = pipe_words_per_s(extractor.nlp, texts, n, words)
        ingest = ingest_words_per_s(extractor, articles, n, words, extraction, runtime, embedding_runtime)
        cpu_ratio = {"cpu_ratio_to_nlp_pipe": round(pipe_cpu / ingest["cpu_s"], 3)} if n == 1 and ingest["cpu_s"] else {}
        out["runs"].append({"processes": n, "nlp_pipe_words_per_s": round(pipe), "nlp_pipe_cpu_s": round(pipe_cpu, 1),
                            **ingest, "ratio_to_nlp_pipe": round(ingest["words_per_s"] / pipe, 3), **cpu_ratio})
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def main() -> None:
    from kg.runtime.settings import MODEL_RUNTIMES, Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--extraction", default="rules", choices=["rules", "learned", "hybrid"],
                        help="the extraction setting to ingest with (learned and hybrid load the adapter first)")
    parser.add_argument("--runtime", default=None, choices=MODEL_RUNTIMES,
                        help="the setting model_runtime: how the learned extractor's encoder runs (default: its default)")
    parser.add_argument("--embedding-runtime", default=None, choices=["onnx", "torch"],
                        help="the setting embedding_runtime: how ingest runs the sentence encoder (default: its default)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.articles, args.processes, args.extraction, args.runtime or Settings().model_runtime,
                 args.embedding_runtime or Settings().embedding_runtime)
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['articles']} articles, {result['words']} words, {result['spacy_model']}, extraction {result['extraction']}, "
          f"model runtime {result['model_runtime']}, embedding runtime {result['embedding_runtime']}")
    for r in result["runs"]:
        cpu = f" (CPU time ratio {r['cpu_ratio_to_nlp_pipe']})" if "cpu_ratio_to_nlp_pipe" in r else ""
        print(f"  n_process={r['processes']}: ingest {r['words_per_s']} words/s, nlp.pipe {r['nlp_pipe_words_per_s']} "
              f"words/s, ratio {r['ratio_to_nlp_pipe']}{cpu} (linking {r['link_s']} s, commits {r['commit_s']} s, reading "
              f"or waiting for the readers {r['read_or_wait_s']} s; {r['facts']} facts, {r['articles_failed']} failed)")


if __name__ == "__main__":
    main()
