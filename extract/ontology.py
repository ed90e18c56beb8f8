"""Ontology-guided extraction: map what the parse finds onto a given list of relations.

Given relations such as Wikidata properties ({label, domain, range}) and one
sentence, extraction runs in three small steps, with no rule keyed to a relation:

1. the sentence's subject: the first noun phrase that names something (encyclopaedic
   sentences open with it: "X is a 2000 American film directed by Y");
2. candidate objects: the other names, dates and the nouns that classify the subject
   ("a former tennis player" -> "tennis player", "tennis"), each with the words that
   link it to the subject on the dependency path ("directed by", "illustrations by");
3. each (subject, object) pair goes to the relation whose label is closest in meaning
   to the linking words, weighed by how well the object's kind (its entity type, or the
   class noun itself) fits the relation's range concept, sentence-transformers
   embeddings for both, and less the further the subject's kinds (entity type, class
   nouns) fit the relation's domain concept below the best-fitting domain; dates only go
   to time-valued relations and vice versa. Pairs under a cut-off are dropped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from kg.core.dates import resolve
from extract.linking import ArticleMentions
from kg.core.facts import Precision, TimePoint

# What a spaCy entity type means, in words an embedding can compare with a range
# concept's label ("human", "film production company", "country").
ENTITY_KINDS = {
    "PERSON": "person, human", "ORG": "organization, company", "GPE": "country, city, place",
    "LOC": "location, place, region", "FAC": "building, venue, facility",
    "PRODUCT": "product, object, device", "EVENT": "event", "WORK_OF_ART": "creative work, title",
    "LAW": "law, document", "LANGUAGE": "language", "PROPN": "",  # a name of unknown type
}
UNKNOWN_FIT = 0.5  # how well a name of unknown type fits any range: neither for nor against
OWN_TYPE = 0.6  # a bare class noun this close to a domain concept is the subject's own type
DOMAIN_WEIGHT = 1.0  # per unit of similarity the subject fits a relation's domain worse than the best
SAME_KIND = 0.85  # a class noun this close to a range concept is that concept, not a value of it
TIME_KIND = "date"  # nearer "publication date", "date of birth" than longer glosses are
_NO_BASE = dt.date(2000, 1, 1)  # dates here carry their year; the base only fills nothing
SUBJECT_STOP = {"(", ",", ";", "[", "—", "–"}
MAX_REMEMBERED = 50_000  # similarity rows a mapper keeps (each one float per relation)


@dataclass(frozen=True)
class Relation:
    label: str
    pid: str = ""
    domain: str = ""
    range: str = ""


@dataclass(frozen=True)
class Candidate:
    """An object the sentence offers for its subject, with the words that link them."""
    subject: str
    object: str
    phrases: tuple[str, ...]  # linking words; empty for a class noun of the subject
    kind: str  # what sort of thing the object is, in words
    is_time: bool = False
    group: int = -1  # candidates of one noun chain compete for a relation (-1: none)
    bare: bool = False  # the class noun without modifiers ("film" in "a 2010 animated film")
    head: str = ""  # a name's last word, often its class ("Purple Mountain Observatory")
    via: int = 0  # which of several coordinated verbs links the object
    subject_kinds: tuple[str, ...] = ()  # what the subject is: its entity type, its class nouns
    date: str = ""  # a time object as a TimePoint ("2003", "2003-12-04"), at the precision given
    # where subject and object are in the sentence (character offsets into its text; (0, 0):
    # unknown), for the trained extractor's view of the pair (extract.ontology_evidence)
    subject_span: tuple[int, int] = (0, 0)
    span: tuple[int, int] = (0, 0)
    object_label: str = ""  # the object's spaCy entity label ("DATE" for dates, "" for a class noun)
    subject_label: str = ""


@dataclass(frozen=True)
class Triple:
    subject: str
    relation: str
    object: str
    score: float
    date: str = ""  # the object as a TimePoint when it is a date


# -- 1. the subject --------------------------------------------------------------------

def sentence_subject(sent) -> tuple[str, set[int]] | None:
    """The subject's surface words and token offsets, or None when it is not a name.

    The nominal subject of the main clause, cut at a bracket or comma ("Spirited Away
    (Japanese: ...) is ..."); a common-noun subject with a named owner ("Keyboard Cat's
    original form was ...") gives the owner."""
    opening = _opening_title(sent)
    if opening is not None:
        return opening
    subj = _main_subject(sent)
    if subj is None:
        return None
    if subj.pos_ not in ("PROPN", "NUM", "X") and not subj.ent_type_:
        owner = next((c for c in subj.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
        if owner is None:
            return None
        subj = owner
    tokens = _title_tokens(subj)
    if not tokens:
        return None
    doc = subj.doc
    text = doc[tokens[0].i: tokens[-1].i + 1].text
    return _clean(text), set(range(tokens[0].i, tokens[-1].i + 1))


def _opening_title(sent) -> tuple[str, set[int]] | None:
    """The words before the first lowercase verb, bracket or comma, when they read as a
    name: capitalised words, numbers and short function words only ("Always Room for One
    More is ...", "Metal Skin Panic MADOX-01 was ..."). Small parsers often split such
    titles, while their capitals and position still mark them; a lowercase content word
    ("Keyboard Cat's original form was") or an opening preposition means it is not one."""
    quoted = _quoted_title(sent)
    if quoted is not None:
        return quoted
    start = _leading_bracket_end(sent)
    end = start
    for tok in sent.doc[start:sent.end]:
        if tok.text in SUBJECT_STOP or (tok.pos_ in ("VERB", "AUX") and tok.text.islower()):
            break
        end = tok.i + 1
    tokens = [t for t in sent.doc[sent.start:end]]
    while tokens and tokens[0].text in ('"', "'", "“", "‘"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].text in ("'s", "’s") or tokens[-1].text.islower()):
        tokens = tokens[:-1]  # "Opera Software also implemented": "also" is not the name's
    if not tokens or end >= sent.end or tokens[0].dep_ == "prep" or (
            tokens[0].pos_ in ("ADP", "VERB", "SCONJ") and not _title_word(tokens[0], sent)):
        return None  # "Directed by X, the film ...", "In 1955 X was ...": an opening phrase, not a title
    if not any(_namelike(t) for t in tokens):
        return None
    if any(t.is_alpha and t.text.islower() and not (t.is_stop or len(t) <= 3) for t in tokens):
        return None
    text = _clean(sent.doc[tokens[0].i: tokens[-1].i + 1].text)
    return (text, set(range(sent.start, end))) if text else None


def _quoted_title(sent) -> tuple[str, set[int]] | None:
    """A sentence that opens with a quoted, capitalised title names it first ("'Far, Far
    Away' is a song ..."): the subject is the whole quotation, commas included."""
    first = sent[0]
    if first.text not in ('"', "“", "‘") or len(sent) < 3:
        return None
    close = next((t for t in sent[1:] if t.text in ('"', "”", "’")), None)
    if close is None or close.i == first.i + 1 or close.i + 1 >= sent.end:
        return None
    text = _clean(sent.doc[first.i + 1: close.i].text)
    if not text[:1].isupper() or len(text.split()) > 12:
        return None
    return text, set(range(first.i, close.i + 1))


def _leading_bracket_end(sent) -> int:
    """"(4521) 1999 XY is an asteroid": a bracket that opens the sentence belongs to the name."""
    if sent[0].text != "(":
        return sent.start
    close = next((t.i for t in sent if t.text == ")"), None)
    return close + 1 if close is not None and close + 1 < sent.end else sent.start


def _title_word(tok, sent) -> bool:
    """An opening "Till"/"Until" that the parser made the main clause's own subordinator
    ("Till the Rivers Run was written by ...") is a title's first word: a main clause has
    no subordinator, while "In 1955 X was ..." has a preposition with its object."""
    return tok.dep_ == "mark" and tok.head.i == sent.root.i and not list(tok.children) and tok.text[:1].isupper()


def _main_subject(sent):
    root = sent.root
    for verb in [root, *[t for t in sent if t.pos_ in ("VERB", "AUX") and t.i != root.i]]:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.pos_ != "PRON":
            return subj
    return None


def _title_tokens(head) -> list:
    """The head's subtree from its left edge, stopping at a bracket, comma or clause."""
    out = []
    for tok in head.subtree:
        if tok.i > head.i and (tok.text in SUBJECT_STOP or tok.dep_ in ("relcl", "acl", "appos")):
            break
        if tok.i < head.i and tok.text in SUBJECT_STOP:
            out = []  # "The Life on the Earth - ..., also known as X": keep the part nearest the head
            continue
        out.append(tok)
    while out and (out[0].lower_ in ("a", "an") or out[0].text in ('"', "'", "“", "‘")
                   or (out[0].lower_ == "the" and out[0].text == "the")):
        out = out[1:]  # a lowercase "the" is grammar, "The" at the start may be the title's
    while out and (out[-1].text in ('"', "'", "”", "’", "'s") or out[-1].is_punct):
        out = out[:-1]
    return out if any(_namelike(t) or t.pos_ in ("NUM", "X") for t in out) else []


def _namelike(tok) -> bool:
    """A proper noun, or a capitalised singular subject with no determiner ("Winterfall is
    a novel"): small taggers call unknown single-word names common nouns."""
    if tok.pos_ == "PROPN":
        return True
    return (tok.tag_ == "NN" and tok.text[:1].isupper() and tok.dep_ in ("nsubj", "nsubjpass")
            and not any(c.dep_ in ("det", "poss") for c in tok.children))


def _clean(text: str) -> str:
    return text.strip(" \"'“”‘’,.:;")


# -- 2. candidate objects -----------------------------------------------------------------

def candidates(sent, mentions: ArticleMentions) -> list[Candidate]:
    """Every object the sentence offers for its subject (names, dates, class nouns)."""
    found = sentence_subject(sent)
    if found is None:
        return []
    subject, taken = found
    out: list[Candidate] = []
    seen: set[str] = set()
    classes = class_candidates(sent, subject, taken, seen)
    kinds = subject_kinds(sent, taken, classes)
    for ent in sent.ents:
        if ent.label_ == "DATE" and not taken & set(range(ent.start, ent.end)):
            point = date_point(ent.text)
            value = render_point(point)
            if value and value not in seen:
                seen.add(value)
                out.append(Candidate(subject, value, link_phrases(ent.root, taken), TIME_KIND, is_time=True,
                                     date=str(point), span=_chars(sent, ent.start, ent.end), object_label="DATE"))
    for mention in mentions.mentions:
        if not sent.start <= mention.start < sent.end:
            continue  # the article's other sentences have their own subjects
        if set(range(mention.start, mention.end)) & taken or mention.label not in ENTITY_KINDS:
            continue
        if _in_brackets(sent.doc, mention.start):
            continue  # "(Japanese: ..., Hepburn: ...)", "(PBA)": other names, not values
        if mention.text in seen or mention.text == subject:
            continue
        seen.add(mention.text)
        span = sent.doc[mention.start: mention.end]
        last = span[-1].lower_ if mention.label != "PERSON" and span[-1].is_alpha and len(span) > 1 else ""
        phrases = link_phrases(span.root, taken)
        noun = _class_of_name(span)
        if noun:  # "the constellation Lyra": the noun says what the name is and how it relates
            last, phrases = noun, (*phrases, noun)
        # "written and directed by Y": each coordinated verb may name its own relation
        for via, group in enumerate(_per_verb(phrases)):
            out.append(Candidate(subject, mention.text, group, ENTITY_KINDS[mention.label], head=last, via=via,
                                 span=_chars(sent, mention.start, mention.end), object_label=mention.label))
    out.extend(c for c in classes if c.object not in seen)
    subject_span = _chars(sent, min(taken), max(taken) + 1)
    subject_label = next((t.ent_type_ for t in sent if t.i in taken and t.ent_type_), "")
    return [replace(c, subject_kinds=kinds, subject_span=subject_span, subject_label=subject_label) for c in out]


def _chars(sent, start: int, end: int) -> tuple[int, int]:
    """Tokens start..end of the doc as character offsets into the sentence's text."""
    doc = sent.doc
    first, last = doc[max(start, sent.start)], doc[min(end, sent.end) - 1]
    return first.idx - sent.start_char, last.idx + len(last) - sent.start_char


def subject_kinds(sent, taken: set[int], classes: list[Candidate]) -> tuple[str, ...]:
    """What the subject is, in words: its entity type ("person, human") and the nouns the
    sentence classifies it with ("a 2003 novel" -> "novel")."""
    labels = [ENTITY_KINDS.get(t.ent_type_, "") for t in sent if t.i in taken]
    kinds = [k for k in dict.fromkeys(labels) if k]
    return tuple(dict.fromkeys([*kinds, *(c.object for c in classes if c.bare)]))


def _class_of_name(span) -> str:
    """The common noun a name is given as ("the constellation Lyra", "singer Ann Lee"):
    the noun the name stands in apposition to, or a noun compound just before it."""
    root = span.root
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i == span.start - 1 - (span.doc[span.start - 1].is_punct if span.start else 0):
        return root.head.lemma_.lower()
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.pos_ == "NOUN" and before.dep_ == "compound" and before.head.i in range(span.start, span.end):
        return before.lemma_.lower()
    return ""


def _in_brackets(doc, i: int) -> bool:
    return _bracket_depths(doc)[i] > 0


def _bracket_depths(doc) -> list[int]:
    """How many brackets are open before each token, computed once per doc (asking anew for
    each name cost a walk from the article's start: quadratic in a long article)."""
    depths = doc.user_data.get(_DEPTHS)
    if depths is None or len(depths) != len(doc):
        depths, depth = [], 0
        for tok in doc:
            depths.append(depth)
            depth += tok.text == "("
            depth -= tok.text == ")" and depth > 0
        doc.user_data[_DEPTHS] = depths
    return depths


_DEPTHS = "evergreen.ontology.bracket_depths"


def class_candidates(sent, subject: str, taken: set[int], seen: set[str]) -> list[Candidate]:
    """Nouns that say what the subject is ("X is a former professional tennis player"):
    the noun with each run of its noun/adjective modifiers, and the modifiers alone."""
    out = []
    for group, noun in enumerate(_class_nouns(sent, taken)):
        mods = _modifier_run(noun)
        # each variant's text -> its tokens (where it is in the sentence)
        variants = {" ".join(t.text for t in mods[k:] + [noun]): ((mods[k:] + [noun])[0].i, noun.i + 1)
                    for k in range(len(mods) + 1)}
        nouns = [t for t in mods if t.pos_ in ("NOUN", "PROPN") and t.dep_ == "compound"]
        if nouns:  # "tennis player" -> "tennis" (what the subject does)
            variants.setdefault(" ".join(t.text for t in nouns), (nouns[0].i, nouns[-1].i + 1))
        for text, (first, end) in sorted(variants.items()):
            if text not in seen:
                out.append(Candidate(subject, text, (), text, group=group, bare=text == noun.text,
                                     span=_chars(sent, first, end)))
    return out


def _class_nouns(sent, taken: set[int]):
    """Predicate nouns of the subject: copula attributes and their conjuncts."""
    for tok in sent:
        if tok.pos_ == "NOUN" and tok.dep_ in ("attr", "appos") and tok.i not in taken:
            if tok.dep_ == "appos" and tok.head.i not in taken:
                continue
            yield tok
            yield from (c for c in tok.children if c.dep_ == "conj" and c.pos_ == "NOUN")


def _modifier_run(noun) -> list:
    """The adjacent compound/amod words left of the noun, nearest last, names excluded."""
    run = []
    for tok in reversed(list(noun.lefts)):
        adjacent = tok.i == (run[0].i if run else noun.i) - 1 or tok.text == "-"
        if not adjacent or tok.dep_ not in ("compound", "amod") or tok.ent_type_ in ("NORP", "DATE", "GPE"):
            break
        if tok.pos_ not in ("NOUN", "ADJ", "PROPN", "VERB"):
            break
        run.insert(0, tok)
    return run


def link_phrases(obj, taken: set[int]) -> tuple[str, ...]:
    """The words between subject and object on the dependency path: from the object up
    to the nearest verb or noun, with its preposition ("directed by", "illustrations by").
    Verbs coordinated with it share the object ("written and directed by Y")."""
    tok, prep = obj, ""
    while tok.dep_ in ("conj", "appos", "compound") and tok.head.i != tok.i:
        tok = tok.head  # "starring A and B": B is linked like A
    if tok.dep_ in ("pobj", "pcomp") and tok.head.pos_ == "ADP":
        prep, tok = tok.head.lower_, tok.head
    head = tok.head
    while head.pos_ in ("PROPN", "ADP") and head.head.i != head.i and head.i not in taken and prep:
        head = head.head  # "discovered by Paul Wild at X": X hangs on the name, is linked by the verb
    if head.i == tok.i or head.i in taken:
        return (prep,) if prep else ()
    if head.pos_ not in ("VERB", "NOUN", "AUX", "ADJ", "PROPN"):
        return (prep,) if prep else ()
    words = [head, *_coordinated(head)]
    heads = [w.text.lower() if w.pos_ == "VERB" else w.lemma_.lower() for w in words]
    # the bare word too: "illustration" is nearer "illustrator" than "illustration by" is
    return tuple(dict.fromkeys([*(f"{h} {prep}".strip() for h in heads), *heads]))


def _per_verb(phrases: tuple[str, ...]) -> list[tuple[str, ...]]:
    """("written by", "directed by", "written", "directed") -> one group per verb."""
    verbs = [p for p in phrases if " " in p] or list(phrases)
    if len(verbs) < 2:
        return [phrases]
    return [tuple(p for p in phrases if p == v or v.startswith(p + " ")) for v in verbs]


def _coordinated(verb) -> list:
    """"written and directed by Y": "written" has no agent of its own, so Y is its too;
    in "written by X and illustrated by Y" each verb keeps its own."""
    if verb.pos_ != "VERB":
        return []
    out = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        out.append(verb.head)
    return [v for v in out if not any(c.dep_ in ("agent", "dobj") for c in v.children)]


@functools.lru_cache(maxsize=4096)
def date_point(text: str) -> TimePoint | None:
    """The date a text names, when it names its year ("2003", "4 December 2003"), else None.
    Cached: the base is fixed, so a text always names the same date, and dateparser is the
    slowest step of a sentence."""
    year = re.search(r"\b(1[0-9]{3}|20[0-9]{2})\b", text)
    if not year:
        return None
    return _calendar_day(text) or resolve(text, _NO_BASE) or resolve(year.group(1), _NO_BASE)


def _calendar_day(text: str) -> TimePoint | None:
    """"4 December 2003", "December 4, 2003": a full calendar date, read without dateparser."""
    for form in ("%d %B %Y", "%B %d, %Y", "%B %d %Y"):
        try:
            return TimePoint(dt.datetime.strptime(text.strip(), form).date())
        except ValueError:
            continue
    return None


def render_date(text: str) -> str | None:
    """A date in the graph's value format, "DD Month YYYY"; parts the sentence leaves out
    are the first day and month, as Wikidata renders a year-precision date. The date itself is
    read by kg.core.dates; only dates that name their year count (no "last week")."""
    return render_point(date_point(text))


def render_point(point: TimePoint | None) -> str | None:
    if point is None:
        return None
    day = point.date if point.precision is Precision.DAY else point.date.replace(day=1)
    if point.precision is Precision.YEAR:
        day = day.replace(month=1)
    return f"{day.day:02d} {calendar.month_name[day.month]} {day.year}"


# -- 3. mapping onto relations ------------------------------------------------------------

class OntologyMapper:
    """Scores each candidate against the ontology's relations and keeps the best one.

    score = similarity(linking words, relation label) + weight * similarity(object kind,
    range concept); a class noun has no linking words, so its kind is compared with both
    the range concept and the label, and must clear a higher bar on its own."""

    def __init__(self, relations: Iterable[Relation], encode: Callable[[Sequence[str]], np.ndarray],
                 cutoff: float = 0.7, concepts: dict[str, str] | None = None, type_weight: float = 0.5,
                 domain_weight: float = DOMAIN_WEIGHT):
        self.relations = list(relations)
        self.encode = encode
        self.cutoff = cutoff
        self.type_weight = type_weight
        self.domain_weight = domain_weight
        concepts = concepts or {}
        self._cache: dict[str, np.ndarray] = {}
        self._sims: dict[tuple[str, str], np.ndarray] = {}
        # every text this mapper will compare, encoded in one call (one call per text made
        # the whole mode run at 2-3 sentences per second)
        self.prefetch(t for t in [r.label for r in self.relations] + [TIME_KIND] + [
            concepts.get(k, "").strip() for r in self.relations for k in (r.domain, r.range)] if t)
        self._labels = self._vectors([r.label for r in self.relations])
        self._ranges = self._vectors([concepts.get(r.range, "").strip() or r.label for r in self.relations])
        self._has_range = np.array([bool(concepts.get(r.range, "").strip()) for r in self.relations], dtype=bool)
        self._time = np.array([is_time_relation(r, concepts, self) for r in self.relations])
        self._domain_of = self._vectors([concepts.get(r.domain, "").strip() or r.label for r in self.relations])
        self._has_domain = np.array([bool(concepts.get(r.domain, "").strip()) for r in self.relations], dtype=bool)
        domains = sorted({concepts[r.domain].strip() for r in self.relations if concepts.get(r.domain, "").strip()})
        self._domains = self._vectors(domains)

    def _vectors(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384))
        self.prefetch(texts)
        return np.stack([self._cache[t] for t in texts])

    def vector(self, text: str) -> np.ndarray:
        if text not in self._cache:
            self.prefetch([text])
        return self._cache[text]

    def prefetch(self, texts: Iterable[str]) -> None:
        """Encode, in one encoder call, those of `texts` not seen before."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            self._cache.update(zip(missing, np.asarray(self.encode(missing))))

    def prefetch_candidates(self, cands: Iterable[Candidate]) -> None:
        """Every text that scoring `cands` will compare: their kinds, heads, linking words and
        the subject's kinds."""
        self.prefetch(text for c in cands for text in (c.kind, c.head, *c.phrases, *c.subject_kinds) if text)

    def scores(self, cand: Candidate) -> np.ndarray:
        """One score per relation; -inf where the object cannot be a value of it."""
        if cand.bare and self._is_own_type(cand.kind):
            return np.full(len(self.relations), -np.inf)
        fit = self._similar("range", cand.kind) if cand.kind else np.full(len(self.relations), UNKNOWN_FIT)
        if cand.head:  # "... Observatory" fits a range "observatory" whatever NER thought
            fit = np.maximum(fit, self._similar("range", cand.head))
        if cand.is_time:  # "a 2003 novel": the date's own kind decides, its linking words only break ties
            link = np.max([self._similar("label", p) for p in cand.phrases], axis=0) if cand.phrases else 0.0
            total = fit * (1 + self.type_weight) + 0.25 * link
        elif cand.phrases:
            link = np.max([self._similar("label", p) for p in cand.phrases], axis=0)
            total = link + self.type_weight * fit
        else:  # a class noun: its meaning against the range concept (the label where there is none)
            total = np.where(self._has_range, fit, self._similar("label", cand.kind)) * (1 + self.type_weight)
        return np.where(self._time == cand.is_time, total + self._domain_penalty(cand.subject_kinds), -np.inf)

    def _similar(self, what: str, text: str) -> np.ndarray:
        """Similarity of a text to every relation's label ("label"), range ("range") or domain
        ("domain") concept; remembered, as the same phrases and kinds come back sentence after
        sentence (a sentence's candidates share their subject's kinds)."""
        key = (what, text)
        found = self._sims.get(key)
        if found is None:
            if len(self._sims) > MAX_REMEMBERED:
                self._sims.clear()
            matrix = {"label": self._labels, "range": self._ranges, "domain": self._domain_of}[what]
            found = self._sims[key] = matrix @ self.vector(text)
        return found

    def _domain_penalty(self, subject_kinds: tuple[str, ...]) -> np.ndarray | float:
        """How much worse the subject fits each relation's domain concept than the best
        fitting one ("country" of a person vs of a sport); 0 where no domain is given."""
        if not subject_kinds or not self._has_domain.any():
            return 0.0
        fit = np.max([self._similar("domain", k) for k in subject_kinds], axis=0)
        best = float(np.max(fit[self._has_domain]))
        return np.where(self._has_domain, self.domain_weight * (fit - best), 0.0)

    def _names_a_range(self, noun: str) -> bool:
        """"X is an operating system": a class noun that is a range concept itself names a
        kind of value, not a value (one would be a particular operating system)."""
        return bool(self._has_range.any() and float(np.max(self._similar("range", noun)[self._has_range])) >= SAME_KIND)

    def _is_own_type(self, noun: str) -> bool:
        """"X is a book": "book" names what X is (a domain of the ontology), not a value."""
        return bool(len(self._domains) and float(np.max(self._domains @ self.vector(noun))) >= OWN_TYPE)

    @property
    def label_vectors(self) -> np.ndarray:
        """The relations' labels, encoded (one row per relation)."""
        return self._labels

    def map(self, cands: Iterable[Candidate], extra: np.ndarray | None = None) -> list[Triple]:
        """The best relation of each candidate that clears the cut-off; `extra` (candidates x
        relations) is added to the scores (the trained extractor's evidence, extract.ontology_evidence)."""
        cands = list(cands)
        # "X is a mainframe operating system": no variant of a chain that names a range concept is a value
        kinds = {(c.subject, c.group) for c in cands if c.group >= 0 and self._names_a_range(c.kind)}
        best: dict[tuple, Triple] = {}
        for n, cand in enumerate(cands):
            if not self.relations:
                break
            if (cand.subject, cand.group) in kinds:
                continue
            row = self.scores(cand) if extra is None else self.scores(cand) + extra[n]
            index = int(np.argmax(row))
            if row[index] < self.cutoff:
                continue
            rel = self.relations[index].label
            # one object per noun chain and relation; one relation per named object
            key = (cand.subject, rel, cand.group) if cand.group >= 0 else (cand.subject, cand.object, cand.via)
            triple = Triple(cand.subject, rel, cand.object, float(row[index]), cand.date)
            if key not in best or best[key].score < triple.score:
                best[key] = triple
        unique: dict[tuple[str, str, str], Triple] = {}
        for t in sorted(best.values(), key=lambda t: -t.score):
            unique.setdefault((t.subject, t.relation, t.object), t)
        return list(unique.values())


def is_time_relation(relation: Relation, concepts: dict[str, str], mapper: OntologyMapper) -> bool:
    """A relation whose values are dates: its label or range concept reads as a time."""
    text = f"{relation.label} {concepts.get(relation.range, '')}".lower()
    if re.search(r"\b(date|time|year|day|birth|death|inception|founded|established|launch)\b", text):
        return True
    return bool(float(mapper.vector(relation.label) @ mapper.vector(TIME_KIND)) > 0.6)


def extract(sent, mentions: ArticleMentions, mapper: OntologyMapper) -> list[Triple]:
    return mapper.map(candidates(sent, mentions))


def extract_many(sentences: Iterable[tuple], mapper: OntologyMapper, evidence=None) -> list[list[Triple]]:
    """`extract` for many (sentence, mentions) pairs, with the texts of all their candidates
    encoded in one batch before any is scored. With `evidence` (an
    extract.ontology_evidence.OntologyEvidence), the trained extractor's view of each pair,
    from one encoder pass per batch of sentences, joins the scores."""
    sentences = list(sentences)
    per_sentence = [candidates(sent, mentions) for sent, mentions in sentences]
    mapper.prefetch_candidates(c for cands in per_sentence for c in cands)
    if evidence is None:
        return [mapper.map(cands) for cands in per_sentence]
    extra = evidence.scores(mapper, [sent.text for sent, _ in sentences], per_sentence)
    return [mapper.map(cands, more) for cands, more in zip(per_sentence, extra)]
