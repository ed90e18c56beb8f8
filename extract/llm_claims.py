"""Claims from an LLM (setting `extraction = "llm"`): the rules' alternative, never the default.

The article's sentences are numbered and sent in chunks of a few thousand characters, with
the publication date, the title and the catalogue's predicates; the LLM answers with a JSON
array of facts. Every item is checked before it becomes a `Claim` (the value the rules in
`extract.relations` produce, so linking, versioning and reports are the same):

- the reply parses as JSON (code fences and prose around the array are tolerated; a reply
  cut off mid-array keeps its complete items);
- the predicate is a catalogue key or label, or an open relation `rel:<phrase>` (lower
  confidence); the types fit the predicate;
- dates parse (ISO forms, or a relative form resolved against the publication date by
  `kg.core.dates`) and are grounded: their year is written in the sentence or is the
  publication's year (or the one before: "last December");
- subject and object are in the cited sentence, written out or reached through the
  article's names (`ArticleMentions`: short names, aliases, "she", "the company");
- the status is asserted, hedged, negated or ended; hedged and negated become the same
  non-asserted modalities the rules give, which never make or overwrite a fact.

Anything else is dropped and listed as held back with the reason; it is never stored.
An LLM that fails (`LLMError`: down, timeout, not an OpenAI reply) raises; the caller
(`Extractor.prepare`) decides what to do.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field

from kg.core.catalogue import OPEN_PREFIX, Catalogue, Predicate, open_predicate_key
from kg.core.entities import normalise
from kg.core.errors import InvalidFactError, UnknownPredicateError
from kg.core.facts import HeldBack, Kind, Modality, TimePoint
from kg.core.linking import compatible
from kg.llms.base import LLM, complete
from kg.core.dates import find_spans, resolve
from extract.linking import (ENTITY_LABELS, ORG_NOUNS, PERSON_PRONOUNS, PLACE_NOUNS, THING_PRONOUNS,
                             ArticleMentions, clean_name)
from extract.relations import Claim

logger = logging.getLogger(__name__)

EXTRACTOR_PREFIX = "evergreen-llm/1"
CHUNK_CHARS = 2000  # sentence text per prompt; the instructions add about 2,500 characters
MAX_REPLY_TOKENS = 700
CONFIDENCE = 0.75  # below the rules' 0.85-0.9: a model's reading, checked but not parsed
OPEN_CONFIDENCE = 0.5
DESCRIPTIONS = PERSON_PRONOUNS | THING_PRONOUNS | ORG_NOUNS | PLACE_NOUNS  # "she", "the company"
ENTITY_TYPES = (ENTITY_LABELS - {"PROPN"}) | {"ROLE"}
LITERAL_TYPES = {"number", "date", "text"}
TYPE_ALIASES = {"ORGANIZATION": "ORG", "ORGANISATION": "ORG", "COMPANY": "ORG", "PER": "PERSON",
                "PEOPLE": "PERSON", "LOCATION": "GPE", "PLACE": "GPE", "CITY": "GPE", "COUNTRY": "GPE",
                "TOWN": "GPE", "NUMBER": "number", "DATE": "date", "TEXT": "text", "NAME": "text",
                "INTEGER": "number", "QUANTITY": "number", "MONEY": "number"}
STATUSES = {
    "asserted": (Kind.ASSERT, Modality.ASSERTED, None),
    "hedged": (Kind.ASSERT, Modality.HEDGED, "hedged (LLM)"),
    "negated": (Kind.ASSERT, Modality.NEGATED, "negated (LLM)"),
    "ended": (Kind.END, Modality.ASSERTED, "ended (LLM)"),
}
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
          "k": 10**3, "m": 10**6, "bn": 10**9}
_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion|bn|k|m)\b)?",
                     re.IGNORECASE)

SYSTEM = """You extract facts from news articles for a knowledge graph. Answer with a JSON array only.
Each fact is an object with these keys:
"subject": a name as written in the sentence (for "he", "she", "it", "the company": the full name it stands for),
"subject_type": PERSON, ORG, GPE (country, city), LOC, PRODUCT, FAC or NORP,
"predicate": one key from the list below; if none fits, "rel:" followed by a short verb phrase,
"object": a name as written in the sentence, or a number or date for number/date predicates,
"object_type": an entity type as above, or number, date or text,
"valid_from" and "valid_until": when the fact started and ended, as YYYY, YYYY-MM or YYYY-MM-DD, or null;
resolve "last week", "in March", "on Monday" against the publication date,
"status": asserted (stated as true), hedged (reported, planned, in talks, expected),
negated (denied, did not happen) or ended (the fact stopped being true; put the end date in valid_until),
"sentence": the number of the sentence that states it.
Only facts the text states. No fact is fine: answer [].
Predicates (key: subject type -> object type, meaning):
{predicates}
Example: for "[1] Acme Corp named Jane Roe chief executive on Monday." published 2024-03-08:
[{{"subject": "Acme Corp", "subject_type": "ORG", "predicate": "chief_executive", "object": "Jane Roe", "object_type": "PERSON", "valid_from": "2024-03-04", "valid_until": null, "status": "asserted", "sentence": 1}}]"""

USER = """Published: {published}
Title: {title}
Sentences:
{sentences}

The facts as a JSON array:"""


@dataclass
class LLMReading:
    """What the LLM gave for one article, checked: claims per sentence and what was dropped."""

    per_sentence: list[tuple[str, list[Claim]]]
    held_back: list[HeldBack] = field(default_factory=list)
    returned: int = 0  # items in the replies
    valid: int = 0  # items that became claims


@dataclass
class _Sentence:
    number: int
    text: str
    span: object  # the spaCy sentence
    years: set[int]  # years its dates name


class LLMClaimFinder:
    """`read(doc, published, title)` -> LLMReading. Raises LLMError when the LLM fails."""

    def __init__(self, catalogue: Catalogue, llm: LLM, chunk_chars: int = CHUNK_CHARS,
                 max_reply_tokens: int = MAX_REPLY_TOKENS):
        self.catalogue = catalogue
        self.llm = llm
        self.name = f"{EXTRACTOR_PREFIX}:{llm.name}"
        self.chunk_chars = chunk_chars
        self.max_reply_tokens = max_reply_tokens
        self.system = SYSTEM.format(predicates="\n".join(_describe(p) for p in catalogue))

    def read(self, doc, published: TimePoint, title: str | None,
             mentions: ArticleMentions) -> LLMReading:
        sentences = [self._sentence(n, sent, mentions, published)
                     for n, sent in enumerate((s for s in doc.sents if s.text.strip()), start=1)]
        claims: dict[int, list[Claim]] = {s.number: [] for s in sentences}
        reading = LLMReading([])
        for chunk in self._chunks(sentences):
            user = USER.format(published=published, title=title or "(none)",
                               sentences="\n".join(f"[{s.number}] {s.text}" for s in chunk))
            reply = complete(self.llm, self.system, user, self.max_reply_tokens)
            items, problem = parse_reply(reply)
            if problem:
                reading.held_back.append(HeldBack(chunk[0].text, f"LLM reply: {problem}", _short(reply)))
            by_number = {s.number: s for s in chunk}
            for item in items:
                reading.returned += 1
                checked = self.check(item, by_number, published, mentions)
                if isinstance(checked, str):
                    sentence = by_number.get(_int(item.get("sentence") if isinstance(item, dict) else None))
                    reading.held_back.append(HeldBack(sentence.text if sentence else chunk[0].text,
                                                      f"LLM fact dropped: {checked}", _item_text(item)))
                    continue
                number, claim = checked
                if claim not in claims[number]:
                    claims[number].append(claim)
                    reading.valid += 1
        reading.per_sentence = [(s.text, claims[s.number]) for s in sentences]
        logger.info("LLM extraction: %d items, %d valid, %d held back", reading.returned, reading.valid,
                    len(reading.held_back))
        return reading

    # -- sentences and chunks ----------------------------------------------------------------

    @staticmethod
    def _sentence(number: int, sent, mentions: ArticleMentions, published: TimePoint) -> _Sentence:
        text = sent.text.strip()
        years = {int(y) for y in re.findall(r"\b(1[0-9]{3}|20[0-9]{2})\b", text)}
        for span in find_spans(text, published):
            years.update(p.date.year for p in (span.start, span.end) if p is not None)
        return _Sentence(number, text, sent, years)

    @staticmethod
    def _names(sentence: _Sentence, mentions: ArticleMentions) -> dict[str, str]:
        """Normalised name -> the article's canonical name, for every name the sentence writes
        or refers to ("she", "the company"). Read afresh for each item: the types earlier facts
        voted for change what "the company" refers to."""
        names: dict[str, str] = {}
        for token in sentence.span:
            found = mentions.resolve(token)
            if found:
                for name in (found, *mentions.aliases.get(found, ())):
                    names.setdefault(normalise(name), found)
            mention = mentions.mention_at(token)
            if mention is not None:
                names.setdefault(normalise(mention.text), mentions.name(mention.text))
        return names

    def _chunks(self, sentences: list[_Sentence]):
        chunk, size = [], 0
        for s in sentences:
            if chunk and size + len(s.text) > self.chunk_chars:
                yield chunk
                chunk, size = [], 0
            chunk.append(s)
            size += len(s.text) + 6
        if chunk:
            yield chunk

    # -- validation -------------------------------------------------------------------------

    def check(self, item, sentences: dict[int, _Sentence], published: TimePoint,
              mentions: ArticleMentions) -> tuple[int, Claim] | str:
        """(sentence number, Claim) for a valid item, else the reason it was dropped."""
        if not isinstance(item, dict):
            return "not a JSON object"
        subject_text, object_text = _text(item.get("subject")), _text(item.get("object"))
        if not subject_text or not object_text or not _text(item.get("predicate")):
            return "subject, predicate or object missing"
        sentence = sentences.get(_int(item.get("sentence")))
        if sentence is None:
            return f"sentence {item.get('sentence')!r} is not one of this prompt's"
        pred = self._predicate(_text(item.get("predicate")))
        if isinstance(pred, str):
            return pred
        status = _text(item.get("status")).lower() or "asserted"
        if status not in STATUSES:
            return f"unknown status {status!r}"
        kind, modality, reason = STATUSES[status]
        stype = _type(item.get("subject_type"))
        otype = _type(item.get("object_type"))
        subject = self._name(subject_text, sentence, mentions, stype)
        if subject is None:
            return f"subject {subject_text!r} is not in sentence {sentence.number}"
        stype = stype or _voted(mentions, subject) or (pred.subject_types[0] if len(pred.subject_types) == 1 else "THING")
        if not _fits(stype, pred.subject_types, literal=False):
            return f"subject type {stype} does not fit {pred.key} ({'/'.join(pred.subject_types)})"
        if pred.literal or otype in LITERAL_TYPES:
            otype = otype or pred.object_types[0]
            if not _fits(otype, pred.object_types, literal=True) or otype not in LITERAL_TYPES:
                return f"object type {otype} does not fit {pred.key} ({'/'.join(pred.object_types) or 'entity'})"
            obj = self._literal(object_text, otype, sentence)
        else:
            obj = self._name(object_text, sentence, mentions, otype)
            otype = otype or _voted(mentions, obj or "") or (
                pred.object_types[0] if len(pred.object_types) == 1 else "THING")
            if not _fits(otype, pred.object_types, literal=False):
                return f"object type {otype} does not fit {pred.key} ({'/'.join(pred.object_types)})"
        if obj is None:
            return f"object {object_text!r} is not in sentence {sentence.number}"
        if otype not in LITERAL_TYPES and otype not in ENTITY_TYPES | {"THING"}:
            return f"unknown object type {otype}"
        if stype not in ENTITY_TYPES | {"THING"}:
            return f"unknown subject type {stype}"
        try:
            start = self._date(item.get("valid_from"), sentence, published)
            until = self._date(item.get("valid_until"), sentence, published)
        except InvalidFactError as err:
            return str(err)
        if start and until and until.date < start.date:
            return f"valid_until {until} is before valid_from {start}"
        if kind is Kind.END:
            start, until = until or start or published, None
        elif start is None and until is None:
            start = published  # as the rules do: an undated event dates from the article
        if modality is Modality.ASSERTED:
            for name, type_ in ((subject, stype), (obj, otype)):
                if type_ in ("PERSON", "ORG", "GPE"):
                    mentions.vote(name, type_)
        claim = Claim(subject=subject, predicate=pred.key, object=obj, sentence=sentence.text,
                      subject_type=stype, object_type=otype, kind=kind, modality=modality,
                      valid_from=start, valid_until=until,
                      confidence=OPEN_CONFIDENCE if pred.open else CONFIDENCE, reason=reason,
                      rule=self.llm.name, extractor=self.name,
                      alias_of=subject if pred.key == "official_name" and modality is Modality.ASSERTED else None)
        return sentence.number, claim

    def _predicate(self, text: str) -> Predicate | str:
        key = text.strip()
        if key.lower().startswith(OPEN_PREFIX):
            try:
                return self.catalogue.get(open_predicate_key(key[len(OPEN_PREFIX):]))
            except UnknownPredicateError as err:
                return str(err)
        folded = key.casefold().replace(" ", "_")
        for pred in self.catalogue:
            if folded in (pred.key, pred.label.casefold().replace(" ", "_")):
                return pred
        return f"unknown predicate {key!r} (not in the catalogue, not rel:<phrase>)"

    @staticmethod
    def _name(text: str, sentence: _Sentence, mentions: ArticleMentions, want: str = "") -> str | None:
        """The article's name for `text` if the sentence names it (or refers to it), else None."""
        key = normalise(text)
        if not key:
            return None
        if key in DESCRIPTIONS:  # only as what that word, here, refers to: never "company" itself
            want = want if want in ("PERSON", "ORG", "GPE", "LOC") else None
            return next((found for token in sentence.span if token.lower_ == key
                         for found in [mentions.resolve(token, want)] if found), None)
        names = LLMClaimFinder._names(sentence, mentions)
        if key in names:
            return names[key]
        if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", normalise(sentence.text)):
            return mentions.name(clean_name(text))
        return None

    @staticmethod
    def _literal(text: str, type_: str, sentence: _Sentence) -> str | None:
        if type_ == "number":
            value = _number(text)
            found = {_number(m.group(0)) for m in _NUMBER.finditer(sentence.text)}
            return value if value is not None and value in found else None
        if type_ == "date":
            try:
                point = TimePoint.parse(text)
            except InvalidFactError:
                return None
            return str(point) if point and point.date.year in sentence.years else None
        key = normalise(text)
        return clean_name(text) if key and re.search(rf"(?<!\w){re.escape(key)}(?!\w)",
                                                     normalise(sentence.text)) else None

    @staticmethod
    def _date(value, sentence: _Sentence, published: TimePoint) -> TimePoint | None:
        if value is None or (isinstance(value, str) and value.strip().lower() in ("", "null", "none", "unknown")):
            return None
        text = str(value).strip()
        try:
            point = TimePoint.parse(text)
        except InvalidFactError:
            point = resolve(text, published)
            if point is None:
                raise InvalidFactError(f"date {text!r} cannot be read") from None
        year = point.date.year
        if year not in sentence.years and year not in (published.date.year, published.date.year - 1):
            raise InvalidFactError(f"date {text!r} is not in the sentence nor near the publication date")
        return point


def parse_reply(text: str) -> tuple[list, str | None]:
    """The items of the JSON array in an LLM reply, and what was wrong with it (or None).
    Tolerates code fences, prose around the array, one object alone, {"facts": [...]}, and a
    reply cut off mid-array (its complete items are kept)."""
    text = re.sub(r"```(?:json)?", "", text or "")
    decoder = json.JSONDecoder()
    starts = [i for i in (text.find("["), text.find("{")) if i >= 0]
    if not starts:
        return [], "no JSON array in the reply" if text.strip() else "empty reply"
    pos = min(starts)
    try:
        value, _ = decoder.raw_decode(text, pos)
    except json.JSONDecodeError:
        value = None
    if isinstance(value, dict):
        inner = next((v for v in value.values() if isinstance(v, list)), None)
        return (inner, None) if inner is not None and "subject" not in value else ([value], None)
    if isinstance(value, list):
        return value, None
    items, pos = [], pos + 1 if text[pos] == "[" else pos  # item by item, up to the damage
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            break
        try:
            item, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            return items, f"malformed JSON after {len(items)} item(s)"
        items.append(item)
    return items, None


def _describe(pred: Predicate) -> str:
    subject = "/".join(pred.subject_types) or "any"
    obj = "/".join(pred.object_types) or "any"
    return f"- {pred.key}: {subject} -> {obj} ({pred.label}; {pred.cardinality}-valued)"


def _fits(type_: str, allowed: tuple[str, ...], literal: bool) -> bool:
    if not allowed:  # open relations: any entity, or a text value
        return type_ == "text" or not literal
    if type_ in LITERAL_TYPES:
        return type_ in allowed
    return any(t not in LITERAL_TYPES and compatible(type_, t) for t in allowed)


def _type(value) -> str:
    text = _text(value)
    if not text:
        return ""
    upper = text.upper().replace(" ", "_")
    if upper in TYPE_ALIASES:
        return TYPE_ALIASES[upper]
    return text.lower() if text.lower() in LITERAL_TYPES else upper


def _voted(mentions: ArticleMentions, name: str) -> str:
    kind = mentions.type_of(name) if name else "THING"
    return "" if kind == "THING" else kind


def _number(text: str) -> str | None:
    match = _NUMBER.search(str(text))
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    if match.group(2):
        value *= _SCALE[match.group(2).lower()]
    return str(int(value)) if value == int(value) else f"{value:g}"


def _text(value) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def _int(value) -> int | None:
    try:
        return int(str(value).strip().strip("[]"))
    except (TypeError, ValueError):
        return None


def _item_text(item) -> str:
    if isinstance(item, dict):
        return " | ".join(_text(item.get(k)) for k in ("subject", "predicate", "object", "status") if item.get(k))
    return _short(json.dumps(item, ensure_ascii=False))


def _short(text: str) -> str:
    return " ".join(str(text).split())[:160]
