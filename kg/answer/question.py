"""The form of a question, read from its spaCy parse with cue words from question_cues.yaml.

What kind of answer is wanted (yes/no, a count, the whole history) and whether a clause names
an event that gives the question's time ("when it bought Whole Foods"). Pure: no graph, no model
beyond the parse handed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

WH_TAGS = {"WDT", "WP", "WP$", "WRB"}
CLAUSE_DEPS = {"advcl", "relcl", "ccomp", "acl"}


@lru_cache(maxsize=1)
def cues() -> dict:
    return yaml.safe_load(files("kg.answer").joinpath("question_cues.yaml").read_text("utf-8"))


@dataclass(frozen=True)
class QuestionForm:
    yes_no: bool = False  # "Did X buy Y?": answer yes or no
    count: bool = False  # "How many ...": say how many, then list them
    history: bool = False  # "Which clubs has X played for?": every value over time, in order
    event: str = ""  # an event clause giving the time, without its marker ("it bought Whole Foods")
    event_text: str = ""  # the same with its marker ("when it bought Whole Foods")
    event_span: tuple[int, int] = (0, 0)  # token range of event_text in the doc
    event_ends: bool = False  # the clause's verb ends something ("when Dahl left")
    predecessor: bool = False  # "Whom did X replace as ...?": asked as "before X"
    present: bool = False  # "Is X based in Y?": a yes/no about now, not about any time


def read_form(doc) -> QuestionForm:
    words = [t for t in doc if not t.is_punct]
    if not words:
        return QuestionForm()
    lowered = " " + " ".join(t.lower_ for t in doc) + " "
    data = cues()
    opener = words[0]
    yes_no = opener.tag_ not in WH_TAGS and (
        opener.pos_ == "AUX" or opener.lemma_.casefold() in data["yes_no_openers"])
    predecessor = any(t.lemma_.casefold() in data["predecessor_words"] for t in doc)
    present = yes_no and opener.tag_ in ("VBZ", "VBP") and \
        opener.lemma_.casefold() not in data["perfect_auxiliaries"]
    count = any(f" {phrase} " in lowered for phrase in data["count_phrases"])
    history = not yes_no and (_perfect(doc, data) or any(
        f" {adverb} " in lowered for adverb in data["history_adverbs"]))
    clause = _event_clause(doc, data)
    if clause is None:
        return QuestionForm(yes_no, count, history, predecessor=predecessor, present=present)
    marker, verb, end = clause
    return QuestionForm(yes_no, count, history, doc[marker + 1:end].text, doc[marker:end].text,
                        (marker, end), verb.lemma_.casefold() in data["end_verbs"], predecessor, present)


def _perfect(doc, data) -> bool:
    """A form of "have" followed by a participle: the question spans the whole history."""
    for token in doc:
        if token.lemma_.casefold() in data["perfect_auxiliaries"] and token.tag_ in ("VBZ", "VBP"):
            if any(t.tag_ in ("VBN", "VBD") for t in doc[token.i + 1:]):
                return True
    return False


def _event_clause(doc, data) -> tuple[int, object, int] | None:
    """(marker index, clause verb, end index) of "when <clause>" modifying the main clause."""
    markers = set(data["event_markers"])
    for token in doc:
        if token.lower_ not in markers or token.dep_ not in ("advmod", "mark") or token.i == 0:
            continue
        verb = token.head
        if verb.dep_ not in CLAUSE_DEPS or verb.i <= token.i:
            continue
        end = max(t.i for t in verb.subtree) + 1
        while end > token.i + 1 and doc[end - 1].is_punct:
            end -= 1
        return token.i, verb, end
    return None


def event_phrase(text: str) -> tuple[str, str] | None:
    """("at the time of the takeover", "the takeover") when the question names an event in words."""
    for phrase in cues()["event_phrases"]:
        match = re.search(rf"\b{re.escape(phrase)}\s+(?P<what>[^?.,;!]{{1,80}})", text, re.I)
        if match:
            return match.group(0), match["what"].strip()
    return None
