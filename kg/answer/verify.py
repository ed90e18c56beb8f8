"""Is an LLM's answer supported by the graph? A check, not a judge: the answer must name
every one of the graph's answer values and must name no person, place or organisation that
is absent from the retrieved facts. Anything else is flagged unverified, with the reason."""

from __future__ import annotations

import re

from kg.answer.answers import Answer
from kg.core.entities import normalise

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT"}
_NO_ANSWER = re.compile(r"\b(no answer|does not (say|answer|contain|mention)|do not (say|answer|contain|mention)|"
                        r"not (known|available|in the (facts|graph))|cannot (answer|be answered))\b", re.I)


def says_no_answer(text: str) -> bool:
    return bool(_NO_ANSWER.search(text))


def mentions(text: str, name: str) -> bool:
    """Whole-word mention of a name, or of its last word (a surname) when that is distinctive."""
    haystack = f" {normalise(text)} "
    key = normalise(name)
    if key and f" {key} " in haystack:
        return True
    words = key.split()
    return len(words) > 1 and len(words[-1]) >= 4 and f" {words[-1]} " in haystack


def verify(answer: Answer, llm_text: str, nlp) -> tuple[bool, str]:
    text = (llm_text or "").strip()
    if not text:
        return False, "The LLM gave an empty answer."
    if not answer.answered:
        if says_no_answer(text):
            return True, "Agrees with the graph: the graph holds no answer."
        return False, "The graph holds no answer to this question, but the LLM gave one."
    named = [value for value in answer.values if mentions(text, value)]
    if not named:
        return False, f"Names none of the graph's answers ({', '.join(answer.values[:5])})."
    missing = [value for value in answer.values if value not in named]
    if missing:  # one of two holders is half an answer, not agreement
        return False, (f"Names only part of the graph's answer: {', '.join(named[:5])}, "
                       f"not {', '.join(missing[:5])}.")
    known = {normalise(n) for row in answer.facts for n in (row.subject, row.object)}
    known_words = {w for n in known for w in n.split()}
    absent = []
    for ent in nlp(text[:2000]).ents:
        if ent.label_ not in NAME_LABELS:
            continue
        key = normalise(ent.text)
        if key and key not in known and not set(key.split()) <= known_words:
            absent.append(ent.text)
    if absent:
        return False, f"Names {', '.join(dict.fromkeys(absent))}, which the retrieved facts do not hold."
    return True, "Names the graph's answer and nothing outside the retrieved facts."
