"""The sentence reader every event family shares: one parsed sentence with its article's names
(`extract.linking.ArticleMentions`), its dates resolved against the publication date, and the
helpers the families read it with: a verb's clause, subject and prepositional objects, when an
event happened, its modality, a role and its holder (`roles.RoleReading`), and `claim`, which
builds a `Claim` and lets the slot's type count as a vote for the name's type.

`used` and `taken` are shared between the families of one sentence, in the order
`registry.FAMILIES` runs them: a verb one family read is not read again as a plain relation.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.core.facts import Kind, Modality, TimePoint
from kg.core.dates import TimeSpan, find_spans
from extract.lexicon import word_map, word_set
from extract.clauses import relative_antecedent
from extract.linking import ENTITY_LABELS, ArticleMentions
from extract.relations import modality as modality_
from extract.relations.claims import ArticleContext, Claim
from extract.relations.roles import RoleReading

REPORT_VERBS = word_set("report_verbs")
SPORTS_WORDS = word_set("sports_words")
COPULA = word_set("copula_lemmas")
_RELATIVE_TO_STORY = re.compile(r"\b(" + "|".join(sorted(word_set("story_relative_words"), key=len, reverse=True))
                                + r")\s*$", re.I)
# the prepositions of a slot, by what it holds (lexicon: slot_prepositions)
_SLOTS = word_map("slot_prepositions")
SOURCE, DESTINATION, AGENT, BELONGING = _SLOTS["source"], _SLOTS["destination"], _SLOTS["agent"], _SLOTS["belonging"]
OPENED_IN, BASED_IN, RENAMED_AS, SUCCESSOR_TO = (_SLOTS["opened_in"], _SLOTS["based_in"], _SLOTS["renamed_as"],
                                                 _SLOTS["successor_to"])
NAMED_AS = _SLOTS["named_as"]
_NESTED = ("advcl", "relcl", "ccomp", "parataxis", "acl", "pcomp", "appos")


class SentenceReader(RoleReading):
    def __init__(self, sent, mentions: ArticleMentions, published: TimePoint, context: ArticleContext,
                 catalogue, mapper):
        self.sent = sent
        self.text = sent.text.strip()
        self.m = mentions
        self.published = published
        self.ctx = context
        self.catalogue = catalogue
        self.mapper = mapper  # extract.pipeline.PredicateMapper
        self.used: set[int] = set()  # verb tokens a specific family handled
        self.taken: set[int] = set()  # tokens of people already placed as predecessors or leavers
        self.spans = self._spans()

    # -- dates ----------------------------------------------------------------------------

    def _spans(self) -> list[tuple[set[int], TimeSpan]]:
        out = []
        offset = self.sent.start_char
        for span in find_spans(self.sent.text, self.published):
            if self.ctx.narrative is not None and _RELATIVE_TO_STORY.search(span.text):
                # "resigned on Saturday ... took office two days later": later than Saturday
                again = find_spans(span.text, self.ctx.narrative)
                if again:
                    span = replace(again[0], begin=span.begin, stop=span.stop)
            chars = self.sent.doc.char_span(offset + span.begin, offset + span.stop, alignment_mode="expand")
            # a "date" wholly inside a name ("Jan Kos", "May Lee") is part of the name
            if chars is not None and not all(t.ent_type_ in ENTITY_LABELS for t in chars):
                out.append(({t.i for t in chars}, span))
        points = [span.start or span.end for _, span in out if span.start or span.end]
        if points:
            self.ctx.narrative = points[-1]
        return out

    def clause(self, verb) -> set[int]:
        """Token ids of the verb's own clause (nested clauses excluded)."""
        keep, todo = {verb.i}, list(verb.children)
        while todo:
            tok = todo.pop()
            if tok.dep_ in _NESTED or (tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX")):
                continue
            keep.add(tok.i)
            todo.extend(tok.children)
        return keep

    def when(self, verb, obj=None) -> tuple[TimePoint | None, TimePoint | None, bool]:
        """(valid_from, valid_until, given) for an event; falls back to the publication date."""
        claimed: set[int] = set()  # dates that sit right after a sibling object belong to it
        if obj is not None:
            own = {t.i for t in obj.subtree} - {t.i for c in obj.children if c.dep_ in (
                "conj", "appos", "relcl", "acl") for t in c.subtree}
            last = max(t.i for t in obj.subtree)  # "Lucasfilm, the company behind Star Wars, in 2012"
            follow = set(range(obj.i + 1, min(obj.i + 5, self.sent.end))) | set(range(last + 1, min(last + 4, self.sent.end)))
            for tokens, span in self.spans:
                if tokens & own or (min(tokens) in follow and not tokens & self.clause_of_others(obj)):
                    return self.interval(self._tense(span, verb))
            for sibling in self._siblings(obj):
                claimed.update(range(sibling.i + 1, min(sibling.i + 5, self.sent.end)))
        for verb_ in self._verb_and_heads(verb):
            clause = self.clause(verb_)
            hits = [span for tokens, span in self.spans if tokens & clause and min(tokens) not in claimed]
            if hits:
                if verb_ is not verb and (self.future(verb) or verb_.lemma_ not in REPORT_VERBS and verb_.dep_ != "ROOT"):
                    break
                return self.interval(self._tense(_best(hits), verb_))
        return self.published, None, False

    def _tense(self, span: TimeSpan, verb) -> TimeSpan:
        """A date of a verb in the future is its next occurrence ("will be sworn in on May 20",
        written in April, is this May, not last May)."""
        if not self.future(verb) or _RELATIVE_TO_STORY.search(span.text):
            return span
        again = find_spans(span.text, self.published, future=True)
        return replace(again[0], begin=span.begin, stop=span.stop) if again else span

    def when_in_sentence(self, verb, obj):
        """`when`, and else the sentence's one date if it has only one (the small parser often
        hangs "in 1991" on a word it misread as a second verb)."""
        start, until, given = self.when(verb, obj)
        if not given and len(self.spans) == 1:
            return self.interval(self.spans[0][1])
        return start, until, given

    def _siblings(self, obj):
        root = obj
        while root.dep_ == "conj":
            root = root.head
        return [t for t in self.conjuncts(root) if t.i != obj.i]

    def clause_of_others(self, obj) -> set[int]:
        return {t.i for c in obj.children if c.dep_ == "conj" for t in c.subtree}

    def _verb_and_heads(self, verb):
        """The verb, then (for "X said that ...") the reporting verb that governs it."""
        yield verb
        head = verb
        while head.dep_ in ("ccomp", "xcomp", "conj", "advcl", "parataxis") and head.head.i != head.i:
            head = head.head
            yield head
            if head.lemma_ in REPORT_VERBS:
                return

    def interval(self, span: TimeSpan) -> tuple[TimePoint | None, TimePoint | None, bool]:
        if span.kind == "range":
            return span.start, span.end, True
        if span.kind == "until":  # "until the end of the season": from now until then
            start = self.published if span.end and span.end.date > self.published.date else None
            return start, span.end, True
        if span.kind in ("before", "after"):
            return self.published, None, False
        return span.start, None, True

    def future(self, verb) -> bool:
        return modality_.future(verb)

    def modality(self, verb, acquisition: bool = False) -> tuple[Modality, str | None]:
        return modality_.modality(verb, self.text, acquisition, modality_.shapes(self.sent.doc))

    # -- names and slots --------------------------------------------------------------------

    def name(self, tok, want: str | None = None) -> str | None:
        if tok is None:
            return None
        return self.m.resolve(tok, want)

    def child(self, tok, *deps):
        for c in tok.children:
            if c.dep_ in deps:
                return c
        if "dobj" in deps:  # "replacing Per Dahl": a first name read as a preposition is the object
            return next((c for c in tok.children if c.dep_ == "prep" and self.m.mention_at(c) is not None), None)
        return None

    def appositive(self, noun):
        """The name in apposition to a noun, also where the parser hung it on the noun's "of"
        object ("The chief executive of Norsk Rail, Henrik Lunde, resigned": "Lunde" on "Rail")."""
        found = self.child(noun, "appos")
        if found is None:
            held = self.pobj(noun, *BELONGING)
            found = self.child(held, "appos") if held is not None else None
            if found is not None and self.m.type_of(self.name(found) or "") != "PERSON":
                found = None
        return found

    def pobj(self, tok, *preps):
        for c in tok.children:  # the parser marks some a "dative" ("change its name to X")
            if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        return None

    def conjuncts(self, tok):
        out = [tok]
        for c in tok.children:
            if c.dep_ == "conj":
                out.extend(self.conjuncts(c))
        return out

    def group(self, tok):
        """`tok` and its conjuncts; a relative pronoun stands for its antecedent and the
        antecedent's conjuncts ("A and B, who founded X": both)."""
        antecedent = relative_antecedent(tok)
        if antecedent is not None:
            tok = antecedent
            while tok.dep_ == "conj" and tok.head.i != tok.i:
                tok = tok.head
        if tok.pos_ == "NOUN":  # "three friends - A, B and C -": the names the noun describes
            named = next((c for c in tok.children if c.dep_ == "appos" and self.m.mention_at(c) is not None), None)
            tok = named if named is not None else tok
        return self.conjuncts(tok)

    def subject(self, verb):
        """The verb's subject, following conjoined and participle clauses up to one that has one.
        Above the verb a passive subject counts: the clause's subject is the participle's too
        ("She will be sworn in, succeeding X": she succeeds X)."""
        tok = verb
        for _ in range(8):
            deps = ("nsubj",) if tok is verb else ("nsubj", "nsubjpass")
            # of several subjects the last is the noun: the parser splits "co-founder" into three
            subj = next((c for c in reversed(list(tok.children)) if c.dep_ in deps and c.i < tok.i),
                        None) or self.child(tok, *deps)
            if subj is not None:
                return subj
            if tok.dep_ in ("xcomp", "advcl") and tok.lemma_ in COPULA and tok.head.i != tok.i \
                    and any(c.tag_ == "TO" and c.dep_ == "aux" for c in tok.children) \
                    and self.child(tok.head, "dobj") is not None:
                return self.child(tok.head, "dobj")  # "poached Sven Aas to be its chief executive": Aas
            if tok.dep_ in ("conj", "advcl", "xcomp", "pcomp", "pobj", "prep", "appos", "dobj", "acl") and tok.head.i != tok.i:
                tok = tok.head
                continue
            break
        return None

    def has_child_word(self, tok, needs: dict, key: str) -> bool:
        """Whether `tok` has a child among the words `needs[key]` asks for (true when it asks none).
        The word must stand as a particle: one that heads an object is a preposition ("stepped
        down in March" has no "stepped in")."""
        words = needs.get(key)
        return words is None or any(c.lower_ in words and not any(g.dep_ == "pobj" for g in c.children)
                                    for c in tok.children)

    def sports(self) -> bool:
        """Does the article read like a sportsperson's (or a club's) story? Several words of the
        game, counted once per article."""
        if self.ctx.sports is None:
            doc = self.sent.doc
            hits = [t.lemma_.lower() for t in doc if t.lemma_.lower() in SPORTS_WORDS]
            self.ctx.sports = len(hits) >= 4 and len(set(hits)) >= 3
        return self.ctx.sports

    # -- claims -------------------------------------------------------------------------------

    def claim(self, subject, predicate, obj, stype, otype, start, until, rule, modality=Modality.ASSERTED,
              reason=None, confidence=0.9, kind=Kind.ASSERT, unit=None) -> Claim:
        if start and until and until.date < start.date:
            start = None
        # A slot that needs a type is evidence of the name's type, later in the article too
        # ("Maren Holt joined ..." makes her a person even where NER said organisation).
        for name, type_ in ((subject, stype), (obj, otype)):
            if type_ in ("PERSON", "ORG", "GPE") and name and modality is Modality.ASSERTED:
                self.m.vote(name, type_)
        return Claim(subject=subject, predicate=predicate, object=obj, sentence=self.text, subject_type=stype,
                     object_type=otype, kind=kind, modality=modality, valid_from=start, valid_until=until,
                     confidence=confidence, unit=unit, reason=reason, rule=rule)


def _best(spans: list[TimeSpan]) -> TimeSpan:
    """Prefer ranges, then explicit starts, then the most precise point."""
    order = {"range": 0, "since": 1, "until": 2, "point": 3, "before": 4, "after": 5}
    return min(spans, key=lambda s: (order.get(s.kind, 9), -{"day": 3, "month": 2, "year": 1}[
        (s.start or s.end).precision.value] if (s.start or s.end) else 0))
