"""Training examples from TimeQA's human-annotated train split (Wikipedia pages and their timed facts).

Each page states one time-evolving Wikidata property of its subject (the page's title): a
player's clubs, a club's head coaches, a firm's owners. Its questions' answer spans are values of
that property, and the sentence holding a span is one that states it: biography prose with
dates, which KnowledgeNet's one-sentence passages and Re-DocRED's lead paragraphs have little of.
Only the train split is read; `bench/eval_timeqa.py` reports on the dev part of the test split.

One example per sentence that holds an answer:
- the subject: mentions of the page's name in the sentence (a mention sharing a proper-noun
  word with the title: "Engel" for "Maria Engel"), or else the sentence's subject pronoun;
- positive: the subject with an answer's mention, for the model's predicate of the page's
  property (the catalogue's `wikidata`, or a `wikidata_inverse` in knowledgenet.yaml with the
  two sides swapped);
- negative, for that predicate only: the subject with another name of a type the predicate
  allows that is no answer anywhere on the page (the page's values are all asked about, so a
  name the questions never give is not one of them);
- every other predicate stays unlabelled (mask 0): the page is annotated for one property.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from extract.model.data import MAPPING_FILE, Example, PropertyMap, shared_dir
from extract.model.mentions import OTHER, PRONOUN, Mention, mentions_in
from extract.model.redocred_data import detokenise
from kg.core.catalogue import Catalogue

_WORD = re.compile(r"\w+")
_SUBJECT_DEPS = ("nsubj", "nsubjpass")


def train_file() -> Path:
    return shared_dir() / "eval" / "timeqa-dev" / "timeqa_human_train.json"


def read_pages(path: Path | None = None) -> list[dict]:
    path = path or train_file()
    if not path.is_file():
        raise FileNotFoundError(f"TimeQA train split not found at {path} (expected ../shared beside the checkout).")
    return json.loads(path.read_text("utf-8"))


def property_predicates(mapping: list[PropertyMap], catalogue: Catalogue | None = None,
                        path: Path = MAPPING_FILE) -> dict[str, tuple[int, bool]]:
    """Wikidata property -> (the model's predicate index, swapped): the catalogue's `wikidata` of
    each predicate the model has, and the mapping file's `wikidata_inverse` (swapped)."""
    catalogue = catalogue or Catalogue.load()
    wikidata = {p.key: p.wikidata for p in catalogue}
    extra = yaml.safe_load(path.read_text("utf-8"))
    out: dict[str, tuple[int, bool]] = {}
    for k, m in enumerate(mapping):
        if wikidata.get(m.predicate):
            out.setdefault(wikidata[m.predicate], (k, False))
        for prop in extra.get(m.property, {}).get("wikidata_inverse", []):
            out.setdefault(prop, (k, True))
    return out


def page_paragraphs(page: dict) -> list[tuple[str, list[tuple[int, int, int]]]]:
    """Each paragraph as prose (TimeQA's space-separated tokens joined as Re-DocRED's are) and,
    for each token, (offset in the original, offset in the prose, length), to move answers across."""
    out = []
    for para in page["paras"]:
        tokens = para.split(" ")
        text, spans = detokenise([t for t in tokens if t])
        moves, pos, n = [], 0, 0
        for tok in tokens:
            if tok:
                moves.append((pos, spans[n][0], len(tok)))
                n += 1
            pos += len(tok) + 1
        out.append((text, moves))
    return out


def _moved(moves, start: int, end: int) -> tuple[int, int] | None:
    """An answer's [start, end) in the original paragraph, in the prose's offsets."""
    first = last = None
    for old, new, size in moves:
        if first is None and old <= start < old + size:
            first = new + start - old
        if old < end <= old + size:
            last = new + end - old
    return (first, last) if first is not None and last is not None and last > first else None


def _title_words(title: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(title) if w[:1].isupper() or w[:1].isdigit()}


def sentence_examples(page: dict, parsed: dict[int, object], mapping: list[PropertyMap],
                      predicates: dict[str, tuple[int, bool]]) -> list[Example]:
    """Examples of one page; `parsed`: spaCy's doc of each answer paragraph's text, by index."""
    if page["type"] not in predicates:
        return []
    k, swapped = predicates[page["type"]]
    paragraphs = page_paragraphs(page)
    title = _title_words(paragraphs[0][0])
    answers = [(a["para"], a["from"], a["end"]) for _, spans in page["questions"] for a in spans if a["answer"]]
    values = {_norm(a["answer"]) for _, spans in page["questions"] for a in spans if a["answer"]}
    by_sentence: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for para, start, end in answers:
        if para not in parsed:
            continue
        moved = _moved(paragraphs[para][1], start, end)
        if moved is None:
            continue
        sent = next((s for s in parsed[para].sents if s.start_char <= moved[0] < s.end_char), None)
        if sent is not None and moved[1] <= sent.end_char:
            by_sentence.setdefault((para, sent.start), []).append((moved[0] - sent.start_char, moved[1] - sent.start_char))
    examples = []
    for (para, first), spans in sorted(by_sentence.items()):
        sent = next(s for s in parsed[para].sents if s.start == first)
        mentions = _with_answers(mentions_in(sent), spans, sent)
        subjects = [i for i, m in enumerate(mentions) if _is_page_name(sent.text[m.start:m.end], title)]
        if not subjects:
            subjects = [i for i, m in enumerate(mentions) if m.label == PRONOUN and m.token >= 0
                        and sent.doc[m.token].dep_ in _SUBJECT_DEPS][:1]
        example = Example(sent.text, mentions)
        for i in subjects:
            for j, o in enumerate(mentions):
                if j in subjects or mentions[i].overlaps(o.start, o.end):
                    continue
                answer = any(o.overlaps(*span) for span in spans)
                s_label, o_label = mentions[i].label, o.label
                pair = (j, i) if swapped else (i, j)
                allowed = mapping[k].allows(*((o_label, s_label) if swapped else (s_label, o_label)))
                if not answer and (not allowed or _norm(sent.text[o.start:o.end]) in values or o.label == PRONOUN):
                    continue
                labels, mask = [0] * len(mapping), [0] * len(mapping)
                labels[k], mask[k] = int(answer), 1
                example.pairs.append(pair)
                example.labels.append(labels)
                example.mask.append(mask)
        if example.pairs:
            examples.append(example)
    return examples


def _with_answers(found: list[Mention], spans: list[tuple[int, int]], sent) -> list[Mention]:
    """spaCy's mentions with each answer span in place of those it overlaps (spaCy's label kept)."""
    merged = list(found)
    for start, end in sorted(spans):
        hit = [m for m in merged if m.overlaps(start, end)]
        label = next((m.label for m in hit if m.label != PRONOUN), OTHER)
        merged = [m for m in merged if m not in hit] + [Mention(start, end, label)]
    return sorted(set(merged), key=lambda m: (m.start, m.end))


def _is_page_name(text: str, title: set[str]) -> bool:
    words = {w.casefold() for w in _WORD.findall(text) if w[:1].isupper()}
    return bool(words) and words <= title


def _norm(text: str) -> str:
    return " ".join(w.casefold() for w in _WORD.findall(text))


def build_examples(pages: list[dict], nlp, mapping: list[PropertyMap],
                   predicates: dict[str, tuple[int, bool]] | None = None) -> list[Example]:
    predicates = predicates if predicates is not None else property_predicates(mapping)
    wanted = [(n, para) for n, page in enumerate(pages) if page["type"] in predicates
              for para in sorted({a["para"] for _, spans in page["questions"] for a in spans if a["answer"]})]
    prose = {n: page_paragraphs(pages[n]) for n in {n for n, _ in wanted}}
    texts = [prose[n][para][0] for n, para in wanted]
    parsed: dict[int, dict[int, object]] = {}
    for (n, para), doc in zip(wanted, nlp.pipe(texts, batch_size=32)):
        parsed.setdefault(n, {})[para] = doc
    return [ex for n, page in enumerate(pages) if n in parsed
            for ex in sentence_examples(page, parsed[n], mapping, predicates)]
