"""Relations from one parsed sentence: patterns over spaCy's dependency parse.

Each finder looks for one family of events (appointments, departures, moves of a
head office, acquisitions, figures, founding, renames, copular roles, other verb
relations) and returns `Claim` values in surface form: names as the article writes
them, the predicate key, dates resolved against the publication date, and a
modality (asserted, hedged, negated). `extract.pipeline` turns claims into
statements and entities. Nothing here knows any particular name: only function
words, catalogue synonyms and the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kg.core.catalogue import Catalogue, Predicate, open_predicate_key
from kg.core.facts import Kind, Modality, TimePoint
from kg.core.dates import TimeSpan, duration_before, find_spans
from extract.lexicon import word_map, word_set
from extract.linking import ORG_NOUNS, PERSON_PRONOUNS, PLACE_NOUNS, PLAYING_POSITIONS, ROLE_HEADS, ArticleMentions

APPOINT_BY_OTHER = word_set("appoint_by_other")
APPOINT_SELF = word_set("appoint_self")
DEPART_SELF = word_set("depart_self")
DEPART_BY_OTHER = word_set("depart_by_other")
PREDECESSOR_VERBS = word_set("predecessor_verbs")
ACQUIRE_VERBS = word_set("acquire_verbs")
ACQUIRE_NOUNS = word_set("acquire_nouns")
MOVE_VERBS = word_set("move_verbs")
HQ_NOUNS = word_set("hq_nouns")
OPEN_VERBS = word_set("open_verbs")
FOUND_VERBS = word_set("found_verbs")
RENAME_VERBS = word_set("rename_verbs")
REPORT_VERBS = word_set("report_verbs")
HEDGE_GOVERNORS = word_set("hedge_governors")
HEDGE_NOUNS = word_set("hedge_nouns")
HEDGE_ADVERBS = word_set("hedge_adverbs")
HEDGE_MODALS = word_set("hedge_modals")
NEGATORS = word_set("negators")
DENY_VERBS = word_set("deny_verbs")
TEAM_MOVES = word_map("team_moves")
JOB_MOVES = word_map("job_moves")
STUDY_MOVES = word_map("study_moves")
MARRY_VERBS = word_map("marry_verbs")
LEAVE_VERBS = word_set("leave_verbs")
CAREER_NOUNS = word_set("career_nouns")
DEGREE_NOUNS = word_set("degree_nouns")
SCHOOL_WORDS = word_set("school_words")
PARTY_WORDS = word_set("party_words")
SPORTS_WORDS = word_set("sports_words")
PAST_MARKERS = word_set("past_markers")
SKIP_ROLE_MODIFIERS = word_set("skip_role_modifiers")
FIGURE_NOUNS = word_map("figure_nouns")
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "m": 10**6, "bn": 10**9, "k": 10**3}
_CURRENCY = {"$": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR", "euro": "EUR", "euros": "EUR",
             "£": "GBP", "pound": "GBP", "pounds": "GBP", "yen": "JPY", "¥": "JPY"}


@dataclass(frozen=True)
class Claim:
    """One relation in surface form, before entity linking."""

    subject: str
    predicate: str
    object: str  # a name, or the literal's text
    sentence: str
    subject_type: str = "THING"
    object_type: str = "THING"  # or number/date/text for literals
    kind: Kind = Kind.ASSERT
    modality: Modality = Modality.ASSERTED
    valid_from: TimePoint | None = None
    valid_until: TimePoint | None = None
    confidence: float = 0.9
    unit: str | None = None
    reason: str | None = None
    rule: str = ""
    alias_of: str | None = None  # renames: `object` becomes an alias of `subject`
    extractor: str = ""  # who found it when not the rules ("evergreen-llm/1:openai")


@dataclass
class ArticleContext:
    """What earlier sentences of the article established (for successions without a role)."""

    roles: list[tuple[str, str, str]] = field(default_factory=list)  # (person, predicate, holder)
    event_dates: dict[str, TimePoint] = field(default_factory=dict)  # person -> last event date
    narrative: TimePoint | None = None  # the date the article last mentioned ("two days later" counts from it)
    memberships: list[tuple[str, str, str]] = field(default_factory=list)  # (person, predicate, org)
    sports: bool | None = None  # does the article read like a sports biography (set on first use)


class RelationFinder:
    def __init__(self, catalogue: Catalogue, mapper):
        self.catalogue = catalogue
        self.mapper = mapper  # extract.pipeline.PredicateMapper

    # -- entry point ----------------------------------------------------------------------

    def sentence_claims(self, sent, mentions: ArticleMentions, published: TimePoint,
                        context: ArticleContext) -> list[Claim]:
        ctx = _Sentence(sent, mentions, published, context, self)
        claims: list[Claim] = []
        for finder in (ctx.careers, ctx.appointments, ctx.departures, ctx.headquarters, ctx.acquisitions,
                       ctx.figures, ctx.founding, ctx.renames, ctx.copular_roles, ctx.verb_relations):
            claims.extend(finder())
        return _dedupe(claims)


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen, out = set(), []
    for c in claims:
        key = (c.subject, c.predicate, c.object, c.kind, c.valid_from, c.valid_until)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


class _Sentence:
    def __init__(self, sent, mentions: ArticleMentions, published: TimePoint, context: ArticleContext,
                 finder: RelationFinder):
        self.sent = sent
        self.text = sent.text.strip()
        self.m = mentions
        self.published = published
        self.ctx = context
        self.catalogue = finder.catalogue
        self.mapper = finder.mapper
        self.used: set[int] = set()  # verb tokens a specific finder handled
        self.taken: set[int] = set()  # tokens of people already placed as predecessors or leavers
        self.spans = self._spans()

    # -- helpers: dates -------------------------------------------------------------------

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
            if chars is not None:
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
            if tok.dep_ in ("advcl", "relcl", "ccomp", "parataxis", "acl", "pcomp", "appos") or (
                    tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX")):
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
            follow = set(range(obj.i + 1, min(obj.i + 5, self.sent.end)))
            for tokens, span in self.spans:
                if tokens & own or (min(tokens) in follow and not tokens & self.clause_of_others(obj)):
                    return self._interval(span)
            for sibling in self._siblings(obj):
                claimed.update(range(sibling.i + 1, min(sibling.i + 5, self.sent.end)))
        for verb_ in self._verb_and_heads(verb):
            clause = self.clause(verb_)
            hits = [span for tokens, span in self.spans if tokens & clause and min(tokens) not in claimed]
            if hits:
                if verb_ is not verb and (self.future(verb) or verb_.lemma_ not in REPORT_VERBS and verb_.dep_ != "ROOT"):
                    break
                return self._interval(_best(hits))
        return self.published, None, False

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

    def _interval(self, span: TimeSpan) -> tuple[TimePoint | None, TimePoint | None, bool]:
        if span.kind == "range":
            return span.start, span.end, True
        if span.kind == "until":  # "until the end of the season": from now until then
            start = self.published if span.end and span.end.date > self.published.date else None
            return start, span.end, True
        if span.kind in ("before", "after"):
            return self.published, None, False
        return span.start, None, True

    def future(self, verb) -> bool:
        if any(c.lower_ in ("will", "shall", "'ll") for c in verb.children):
            return True
        return any(c.lemma_ == "be" and c.dep_ == "aux" for c in verb.children) and verb.tag_ == "VB"

    # -- helpers: modality ------------------------------------------------------------------

    def modality(self, verb, acquisition: bool = False) -> tuple[Modality, str | None]:
        chain = [verb]
        head = verb
        while head.head.i != head.i and head.dep_ in ("xcomp", "ccomp", "acl", "pcomp", "pobj", "advcl", "conj",
                                                      "dobj", "prep", "relcl", "nsubj", "attr"):
            head = head.head
            chain.append(head)
            if head.pos_ == "VERB" and head.dep_ not in ("xcomp", "acl", "pcomp", "conj"):
                break
        for tok in chain:
            kids = list(tok.children)
            if tok.pos_ in ("VERB", "AUX") and any(k.dep_ == "neg" or k.lower_ in NEGATORS for k in kids):
                return Modality.NEGATED, f"negated ('{' '.join(t.text for t in kids if t.dep_ == 'neg') or 'not'} {tok.text}')"
            if tok is not verb and tok.lemma_ in DENY_VERBS:
                return Modality.NEGATED, f"denied ('{tok.text}')"
        for tok in chain:
            kids = list(tok.children)
            if tok is not verb and (tok.lemma_ in HEDGE_GOVERNORS or tok.lower_ in HEDGE_NOUNS):
                if not (tok.lemma_ == "set" and any(k.lower_ in ("up",) for k in kids)):
                    return Modality.HEDGED, f"not done yet ('{tok.text}')"
            for k in kids:
                if k.lower_ in HEDGE_ADVERBS:
                    return Modality.HEDGED, f"hedged ('{k.text}')"
                if k.dep_ == "aux" and k.lower_ in HEDGE_MODALS and tok.pos_ == "VERB":
                    return Modality.HEDGED, f"hedged ('{k.text}')"
        lower = self.text.lower()
        if any(w in lower for w in ("reportedly", "rumour", "rumor", "allegedly", "sources said",
                                    "people familiar", "is said to", "are said to", "speculation")):
            return Modality.HEDGED, "hedged (reported, not confirmed)"
        if acquisition and re.search(r"\b(needs?|requires?|awaits?|awaiting|pending|subject to)\b[^.]{0,40}\b(approval|clearance|vote)", lower):
            return Modality.HEDGED, "agreed, not completed (needs approval)"
        if acquisition and re.search(r"\b(expected to close|yet to close|not yet (?:completed|closed))\b", lower):
            return Modality.HEDGED, "agreed, not completed"
        return Modality.ASSERTED, None

    # -- helpers: names -------------------------------------------------------------------

    def name(self, tok, want: str | None = None) -> str | None:
        if tok is None:
            return None
        return self.m.resolve(tok, want)

    def child(self, tok, *deps):
        for c in tok.children:
            if c.dep_ in deps:
                return c
        return None

    def pobj(self, tok, *preps):
        for c in tok.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in preps:
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

    def subject(self, verb):
        """The verb's subject, following conjoined and participle clauses up to one that has one."""
        tok = verb
        for _ in range(8):
            subj = self.child(tok, "nsubj")
            if subj is not None:
                return subj
            if tok.dep_ in ("conj", "advcl", "xcomp", "pcomp", "pobj", "prep", "appos", "dobj", "acl") and tok.head.i != tok.i:
                tok = tok.head
                continue
            break
        return None

    # -- roles ------------------------------------------------------------------------------

    def role_phrase(self, noun) -> str:
        """The role's own words: the noun and its contiguous modifiers ("interim chief executive")."""
        words = [noun]
        i = noun.i - 1
        inside = {t.i for t in noun.subtree}
        while i >= self.sent.start and i in inside:
            tok = self.sent.doc[i]
            if tok.is_space or tok.dep_ in ("det", "poss", "case", "cc", "conj", "nummod", "prep", "appos"):
                break
            if tok.dep_ == "punct" and tok.text != "-":
                break
            words.insert(0, tok)
            i -= 1
        kept = [t.lower_ for t in words if t.lower_ not in (
            "interim", "acting", "new", "permanent", "current", "sitting", "incoming", "a", "an", "the")]
        return " ".join(kept).replace(" - ", "-").strip()

    def is_role(self, noun) -> bool:
        if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
            return False
        return noun.lemma_.lower() in ROLE_HEADS or self.mapper.role(self.role_phrase(noun)) is not None

    def role_holder(self, noun, verb=None, pred: Predicate | None = None) -> str | None:
        """The organisation or place whose role it is: "of X", "X's", "at X", the appointing subject."""
        want = "GPE" if pred and set(pred.subject_types) & {"GPE"} else "ORG"
        heads = [noun] + ([noun.head] if noun.dep_ == "conj" else [])
        for head in heads:
            for prep in ("of", "at", "for", "in", "with"):
                obj = self.pobj(head, prep)
                if obj is not None and not self.is_role(obj) and self.m.mention_at(obj) is not None \
                        or obj is not None and obj.pos_ == "PRON":
                    name = self.name(obj, want)
                    if name:
                        return name
            poss = self.child(head, "poss")
            if poss is not None and poss.lower_ not in PERSON_PRONOUNS:
                name = self.name(poss, want)
                if name:
                    return name
            for c in head.children:
                mention = self.m.mention_at(c)
                # "prime minister" tagged as a proper noun: its own first word holds nothing
                if c.dep_ == "compound" and mention is not None and mention is not self.m.mention_at(head) \
                        and not self.is_role(c):
                    return self.name(c, want)
        if verb is not None:
            for prep in ("at", "of", "for", "by"):
                obj = self.pobj(verb, prep)
                if obj is not None and obj.i != noun.i:
                    name = self.name(obj, want)
                    if name:
                        return name
            # The subject of "appoint"/"sack" is the organisation; of "succeed"/"replace" it is the successor.
            by_other = verb.lemma_ in APPOINT_BY_OTHER or verb.lemma_ in DEPART_BY_OTHER
            if by_other and verb.lemma_ not in ("succeed", "replace") or verb.lemma_ == "join":
                subj = (verb.head if verb.dep_ == "acl" else None) or (
                    self.subject(verb) if self.child(verb, "nsubjpass") is None else None)
                target = self.child(verb, "dobj") if verb.lemma_ == "join" else subj
                name = self.name(target, want) if target is not None else None
                if name and target.lower_ not in PERSON_PRONOUNS and (
                        self.m.type_of(name) != "PERSON" or self.m.votes[name].get("PERSON", 0) < 2):
                    self.m.vote(name, want)
                    return name
        fits = (lambda t: t in ("GPE", "LOC", "NORP")) if want == "GPE" else (
            lambda t: t not in ("PERSON", "GPE", "LOC", "NORP", "DATE", "CARDINAL"))
        return self.m.main(fits)

    def role_predicate(self, noun) -> Predicate | None:
        return self.mapper.role(self.role_phrase(noun))

    def role_claims(self, person: str, noun, verb, start, until, rule, modality=Modality.ASSERTED,
                    reason=None, confidence=0.9) -> list[Claim]:
        out = []
        for role in self.conjuncts(noun):
            if any(t.lower_ in SKIP_ROLE_MODIFIERS for t in role.children):
                continue
            pred = self.role_predicate(role)
            if pred is None:
                phrase = self.role_phrase(role)
                if role.lemma_.lower() not in ROLE_HEADS or role.lemma_.lower() in ("successor", "predecessor"):
                    continue
                holder = self.pobj(role, "of", "at", "for")
                title = phrase + (f" of {self.name(holder) or holder.text}" if holder is not None else "")
                out.append(self.claim(person, "position_held", title, "PERSON", "THING", start, until, rule,
                                      modality, reason, confidence - 0.1))
                continue
            holder = self.role_holder(role, verb, pred) or self.role_holder(noun, verb, pred)
            if holder is None or holder == person or self.mapper.role(holder) is not None:
                continue
            if set(pred.subject_types) <= {"GPE", "LOC"} and self.m.type_of(holder) == "ORG":
                # "president of the federation": a post in an organisation, not a head of state
                out.append(self.claim(person, "position_held", f"{self.role_phrase(role)} of {holder}", "PERSON",
                                      "THING", start, until, rule, modality, reason, confidence - 0.1))
                continue
            subject_type = pred.subject_types[0] if pred.subject_types else "ORG"
            out.append(self.claim(holder, pred.key, person, subject_type, "PERSON", start, until, rule,
                                  modality, reason, confidence))
            self.m.vote(person, "PERSON")
            self.m.vote(holder, subject_type)
        return out

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

    # -- appointments ----------------------------------------------------------------------

    def appointments(self) -> list[Claim]:
        out: list[Claim] = []
        for verb in self.sent:
            lemma = verb.lemma_.lower()
            if verb.pos_ not in ("VERB", "AUX") or (lemma not in APPOINT_BY_OTHER and lemma not in APPOINT_SELF):
                continue
            passive = self.child(verb, "nsubjpass") is not None
            if lemma in APPOINT_BY_OTHER and not passive:
                person_tok = self.child(verb, "dobj") or next(
                    (c for c in verb.children if c.dep_ in ("oprd", "attr", "npadvmod")
                     and self.m.mention_at(c) is not None), None)
            elif lemma in APPOINT_BY_OTHER:
                person_tok = self.child(verb, "nsubjpass")
            else:
                person_tok = self.subject(verb)
            if lemma == "step" and not any(c.lower_ == "in" for c in verb.children):
                continue
            if lemma == "take" and not any(c.lower_ in ("over", "helm", "reins", "charge", "office") for c in verb.subtree):
                continue
            role = self.find_role(verb, person_tok)
            person = self.name(person_tok, "PERSON")
            if person is None:
                continue
            start, until, given = self.when(verb)
            modality, reason = self.modality(verb)
            if lemma == "nominate" and modality is Modality.ASSERTED:
                modality, reason = Modality.HEDGED, "nominated, not yet appointed"
            claims = []
            if role is not None and role.lemma_.lower() in ("successor", "replacement"):
                poss = self.child(role, "poss") or self.pobj(role, "to", "of")
                before = self.name(poss, "PERSON") if poss is not None else None
                if before == person and poss is not None and poss.lower_ in PERSON_PRONOUNS:
                    before = self.m.latest_person(poss.i, exclude=person)
                for held_by, pred, holder in reversed(self.ctx.roles):
                    if held_by == before:
                        when_ = start if given else self.ctx.event_dates.get(before, start)
                        claims = [self.claim(holder, pred, person, self.catalogue.get(pred).subject_types[0],
                                             "PERSON", when_, until, f"successor:{lemma}", modality, reason, 0.8)]
                        break
            elif role is not None:
                claims = self.role_claims(person, role, verb, start, until, f"appoint:{lemma}", modality, reason)
            elif lemma in ("succeed", "replace") or (lemma == "take" and self.pobj(verb, "from") is not None) \
                    or (lemma == "take" and any(c.lower_ in ("helm", "reins") for c in verb.subtree)):
                claims = self.inherited_role(person, verb, start, until, modality, reason)
            if lemma == "join" and verb.i not in self.used and self.child(verb, "dobj") is not None:
                org = self.name(self.child(verb, "dobj"), "ORG")
                if org and org != person:
                    player = role is not None and self.role_phrase(role) in PLAYING_POSITIONS \
                        or self.m.title_of(person) in PLAYING_POSITIONS or self.sports()
                    key = "member_of_sports_team" if player else "employer"
                    claims.append(self.claim(person, key, org, "PERSON", "ORG", start, until, "join", modality,
                                             reason, 0.8))
                    claims.extend(self._spell_ended_from(verb, person, key, {org}, start, modality, reason))
            if not claims:
                continue
            self.used.add(verb.i)
            out.extend(claims)
            for c in claims:
                if c.modality is Modality.ASSERTED and c.object == person:
                    self.ctx.roles.append((person, c.predicate, c.subject))
                    self.ctx.event_dates[person] = c.valid_from or self.published
            out.extend(self.predecessors(verb, person, claims, start or self.published))
        return out

    def find_role(self, verb, person_tok):
        """The role noun of an appointment: "as X", "named Y X", "became X", "X of Y"."""
        for prep in ("as", "to"):
            obj = self.pobj(verb, prep)
            if obj is not None and self.is_role(obj):
                return obj
        for dep in ("oprd", "attr", "acomp", "xcomp", "dobj", "npadvmod", "appos", "ccomp"):
            for c in verb.children:
                if c.dep_ == dep and (person_tok is None or c.i != person_tok.i) and self.is_role(c):
                    return c
                if c.dep_ == dep and c.pos_ in ("NOUN", "PROPN"):
                    for g in c.children:  # "began his tenure as X", "took the helm as X"
                        if g.dep_ == "prep" and g.lower_ == "as":
                            obj = self.child(g, "pobj")
                            if obj is not None and self.is_role(obj):
                                return obj
        if person_tok is not None:
            for c in person_tok.children:  # "named Smith, 52, as chief" parsed onto the person
                if c.dep_ == "prep" and c.lower_ == "as":
                    obj = self.child(c, "pobj")
                    if obj is not None and self.is_role(obj):
                        return obj
                if c.dep_ == "appos" and self.is_role(c):  # "named X its new chief executive"
                    return c
        return None

    def inherited_role(self, person, verb, start, until, modality, reason) -> list[Claim]:
        """"X succeeds Y" with no role: Y's or X's role as established earlier in the article."""
        other = self.child(verb, "dobj") or self.pobj(verb, "from")
        other_name = self.name(other, "PERSON") if other is not None else None
        for holder_person, pred, holder in reversed(self.ctx.roles):
            if holder_person in (person, other_name):
                return [self.claim(holder, pred, person, self.catalogue.get(pred).subject_types[0], "PERSON",
                                   start if holder_person == other_name else self.ctx.event_dates.get(person, start),
                                   until, f"succession:{verb.lemma_}", modality, reason, 0.8)]
        return []

    def predecessors(self, verb, person, claims, when) -> list[Claim]:
        """The person an appointee replaced held the role until the appointment."""
        found = []
        for tok in self.sent:
            if tok.lemma_ in PREDECESSOR_VERBS or (tok.lemma_ == "take" and self.pobj(tok, "from") is not None) \
                    or tok.lemma_ == "end":
                target = self.pobj(tok, "from") if tok.lemma_ == "take" else self.child(tok, "dobj")
                if tok.lemma_ == "end" and target is not None:  # "ending X's tenure", "the tenure of X"
                    target = self.child(target, "poss") or self.pobj(target, "of")
                if target is None:
                    continue
                if target.pos_ == "NOUN":  # "defeated the sitting mayor, Peter Cole"
                    target = self.child(target, "appos") or target
                name = self.name(target, "PERSON")
                if not name or name == person:
                    continue
                found.append((tok, target, name))
                self.used.add(tok.i)
                self.taken.update(t.i for t in target.subtree)
        out = []
        for tok, target, name in found:
            scope = " ".join(t.text for t in tok.subtree)
            for rel in target.children:
                if rel.dep_ in ("relcl", "acl"):
                    scope += " " + " ".join(t.text for t in rel.subtree)
            start = duration_before(when, scope) if re.search(r"\b(year|month|week|day|decade)s?\b", scope) else None
            for c in claims:
                if c.kind is not Kind.ASSERT or c.predicate == "position_held":
                    continue
                if start is not None:
                    out.append(self.claim(c.subject, c.predicate, name, c.subject_type, "PERSON", start, when,
                                          "predecessor", c.modality, c.reason, 0.7))
                else:
                    out.append(self.claim(c.subject, c.predicate, name, c.subject_type, "PERSON", None, when,
                                          "predecessor", c.modality, c.reason, 0.6))
            self.m.vote(name, "PERSON")
        return out

    # -- departures ------------------------------------------------------------------------

    def departures(self) -> list[Claim]:
        out = []
        for verb in self.sent:
            lemma = verb.lemma_.lower()
            if verb.pos_ != "VERB" or verb.i in self.used:
                continue
            passive = self.child(verb, "nsubjpass") is not None
            role_noun = None
            if lemma in DEPART_SELF and not passive and (lemma != "step" or any(c.lower_ in ("down", "aside") for c in verb.children)):
                person_tok = self.subject(verb)
                if person_tok is not None and person_tok.pos_ == "NOUN" and self.child(person_tok, "appos") is not None \
                        and self.is_role(person_tok):  # "Valdoria's prime minister, Marta Ilves, resigned"
                    role_noun = person_tok
                    person_tok = self.child(person_tok, "appos")
            elif lemma in DEPART_BY_OTHER and (lemma not in ("push", "force") or any(c.lower_ == "out" for c in verb.children)):
                person_tok = self.child(verb, "nsubjpass") if passive else self.child(verb, "dobj")
                if person_tok is not None and person_tok.pos_ == "NOUN" and self.child(person_tok, "appos") is not None:
                    role_noun = person_tok
                    person_tok = self.child(person_tok, "appos")
            else:
                continue
            person = self.name(person_tok, "PERSON") if person_tok is not None else None
            if not person:
                continue
            start, _, _ = self.when(verb)
            modality, reason = self.modality(verb)
            role = self.pobj(verb, "as") or self.pobj(verb, "from") or role_noun or next(
                (c for c in person_tok.children if c.dep_ == "compound" and self.is_role(c)), None)
            self.taken.update(t.i for t in person_tok.subtree)
            if role_noun is not None:
                self.taken.update(t.i for t in role_noun.subtree)
            ends = []
            if role is not None and self.is_role(role):
                for c in self.role_claims(person, role, verb, start, None, f"depart:{lemma}", modality, reason):
                    ends.append(c)
            elif lemma in ("leave", "quit", "exit") and self.child(verb, "dobj") is not None:
                org = self.name(self.child(verb, "dobj"), "ORG")
                if org:
                    ends.append(self.claim(person, "employer", org, "PERSON", "ORG", start, None, f"depart:{lemma}",
                                           modality, reason))
            else:
                for held_by, pred, holder in reversed(self.ctx.roles):
                    if held_by == person:
                        ends.append(self.claim(holder, pred, person, self.catalogue.get(pred).subject_types[0],
                                               "PERSON", start, None, f"depart:{lemma}", modality, reason))
                        break
            for c in ends:
                if c.predicate == "position_held":
                    continue
                self.used.add(verb.i)
                why = f"{lemma}" + (f" ({reason})" if reason else "")
                out.append(Claim(**{**c.__dict__, "kind": Kind.END, "reason": why, "confidence": 0.85}))
                self.ctx.roles.append((person, c.predicate, c.subject))
                self.ctx.event_dates[person] = start or self.published
        return out

    # -- head offices ------------------------------------------------------------------------

    def headquarters(self) -> list[Claim]:
        out = []
        for tok in self.sent:
            lemma = tok.lemma_.lower()
            opens = lemma in OPEN_VERBS and tok.pos_ == "VERB" and _names_head_office(self.child(tok, "dobj"))
            if lemma in MOVE_VERBS and tok.pos_ == "VERB" or opens:
                obj = self.child(tok, "dobj")
                moves_hq = obj is not None and (obj.lemma_.lower() in HQ_NOUNS or any(
                    c.lemma_.lower() in HQ_NOUNS for c in obj.children))
                subj = self.subject(tok)
                owner = None
                if moves_hq:
                    poss = self.child(obj, "poss")
                    owner = self.name(poss, "ORG") if poss is not None else None
                owner = owner or (self.name(subj, "ORG") if subj is not None else None)
                if not owner or not (moves_hq or (obj is None and self.m.type_of(owner) == "ORG")):
                    continue
                if self.m.type_of(owner) == "PERSON" and not moves_hq:
                    continue
                self.m.vote(owner, "ORG")
                old = self.pobj(tok, "from")
                new = self.pobj(tok, "to")
                if new is None and old is not None:  # "from A to B" often hangs "to B" on "from"
                    new = self.pobj(old.head, "to")
                if new is None and opens:  # "opened its new head office in Oslo"
                    new = self.pobj(tok, "in") or self.pobj(obj, "in")
                start, _, _ = self.when(tok)
                modality, reason = self.modality(tok)
                if new is not None and self.name(new, "GPE"):
                    out.append(self.claim(owner, "headquarters", self.name(new, "GPE"), "ORG", "GPE", start, None,
                                          f"move:{lemma}", modality, reason))
                    self.m.vote(self.name(new, "GPE"), "GPE")
                if old is not None and self.name(old, "GPE"):
                    out.append(self.claim(owner, "headquarters", self.name(old, "GPE"), "ORG", "GPE", None, start,
                                          "move-from", modality, reason, 0.7))
                self.used.add(tok.i)
            elif lemma in ("base", "headquarter") and tok.tag_ == "VBN" or tok.lower_.endswith("-based"):
                place = self.pobj(tok, "in", "at") if not tok.lower_.endswith("-based") else None
                place_name = self.name(place, "GPE") if place is not None else (
                    tok.text[: -len("-based")] if tok.lower_.endswith("-based") else None)
                if not place_name:
                    continue
                owner_tok = tok.head
                if owner_tok.dep_ == "appos" or (owner_tok.pos_ == "NOUN" and owner_tok.dep_ in ("appos",)):
                    owner_tok = owner_tok.head
                if tok.dep_ in ("ROOT",) or owner_tok.pos_ in ("VERB", "AUX"):
                    owner_tok = self.child(tok, "nsubjpass") or self.subject(tok) or owner_tok
                owner = self.name(owner_tok, "ORG")
                if owner is None and owner_tok.dep_ == "appos":
                    owner = self.name(owner_tok.head, "ORG")
                if owner is None and owner_tok.head.i != owner_tok.i:
                    owner = self.name(owner_tok.head, "ORG")
                if not owner or self.m.type_of(owner) == "PERSON" or owner == place_name:
                    continue
                modality, reason = self.modality(tok) if tok.pos_ == "VERB" else (Modality.ASSERTED, None)
                start, until, given = self.when(tok)
                out.append(self.claim(owner, "headquarters", place_name, "ORG", "GPE", start, until, "based-in",
                                      modality, reason, 0.8))
                self.m.vote(owner, "ORG", 1)
        return out

    # -- acquisitions --------------------------------------------------------------------------

    def acquisitions(self) -> list[Claim]:
        out = []
        for tok in self.sent:
            lemma = tok.lemma_.lower()
            targets, verb = [], None
            if lemma in ACQUIRE_VERBS and tok.pos_ == "VERB" or (
                    lemma == "take" and any(c.lower_ == "over" for c in tok.children) and self.child(tok, "dobj") is not None):
                verb = tok
                obj = self.child(tok, "dobj")
                if obj is None and self.child(tok, "nsubjpass") is not None:
                    obj = self.child(tok, "nsubjpass")
                    buyer_tok = self.pobj(tok, "by")
                else:
                    buyer_tok = self.subject(tok)
                if obj is not None and obj.lemma_.lower() in ("stake", "share", "shares", "majority", "control"):
                    continue
                targets = self.conjuncts(obj) if obj is not None else []
            elif lemma in ACQUIRE_NOUNS and tok.pos_ == "NOUN":
                of = self.pobj(tok, "of")
                if of is None or tok.head.pos_ != "VERB":
                    continue
                verb = tok.head
                buyer_tok = self.subject(verb) if verb.lemma_ not in ("announce",) else self.subject(verb)
                poss = self.child(tok, "poss")
                if poss is not None and poss.lower_ not in ("its", "their"):
                    buyer_tok = poss
                targets = self.conjuncts(of)
            else:
                continue
            buyer = self.name(buyer_tok, "ORG") if buyer_tok is not None else None
            if not buyer:
                continue
            modality, reason = self.modality(verb if lemma not in ACQUIRE_NOUNS else tok, acquisition=True)
            if lemma in ACQUIRE_NOUNS and verb.lemma_ in ("agree", "announce", "propose", "plan", "seek", "discuss", "sign"):
                modality, reason = Modality.HEDGED, f"{verb.lemma_}d, not completed"
            for target_tok in targets:
                target = self.name(target_tok, "ORG")
                if not target or target == buyer or self.m.votes[target].get("PERSON", 0) >= 2:
                    continue
                start, until, _ = self.when(verb, target_tok)
                out.append(self.claim(buyer, "acquired", target, "ORG", "ORG", start, None, f"acquire:{lemma}",
                                      modality, reason))
                out.append(self.claim(target, "owned_by", buyer, "ORG", "ORG", start, None, f"acquire:{lemma}",
                                      modality, reason, 0.8))
                self.m.vote(target, "ORG")
                self.m.vote(buyer, "ORG")
            self.used.add(verb.i)
        return out

    # -- figures -----------------------------------------------------------------------------

    def figures(self) -> list[Claim]:
        out = []
        for tok in self.sent:
            if tok.pos_ != "NUM" or not re.search(r"\d", tok.text) or tok.ent_type_ in ("DATE", "TIME", "PERCENT", "ORDINAL"):
                continue
            if re.fullmatch(r"(1[0-9]{3}|20[0-9]{2})", tok.text) and tok.ent_type_ != "CARDINAL":
                continue
            key, unit = self.figure_kind(tok)
            if key is None:
                continue
            value = _number(tok)
            if value is None:
                continue
            want = "GPE" if key == "population" else "ORG"
            holder = self.figure_holder(tok, want)
            if not holder:
                continue
            start, until, _ = self.when(tok.head if tok.head.pos_ in ("VERB", "ADP") else tok, tok)
            modality, reason = self.modality(tok.head) if tok.head.pos_ == "VERB" else (Modality.ASSERTED, None)
            out.append(self.claim(holder, key, value, want, "number", start, None, f"figure:{key}", modality,
                                  reason, 0.85, unit=unit or self.currency(tok)))
            self.m.vote(holder, want, 1)
        return out

    def figure_kind(self, num) -> tuple[str | None, str | None]:
        near = [num.head, *num.head.children, *num.head.ancestors][:8]
        if any(t.lemma_ == "employ" for t in near):  # "employs 1,400 people": staff, not residents
            return "employees", None
        for t in near:
            if t.lemma_.lower() in FIGURE_NOUNS:
                return FIGURE_NOUNS[t.lemma_.lower()]
        for t in self.sent:
            if t.lemma_.lower() in ("population",):
                return "population", None
        return None, None

    def currency(self, num) -> str | None:
        for t in (*num.head.children, num.head, *self.sent[max(0, num.i - self.sent.start - 1): num.i - self.sent.start]):
            unit = _CURRENCY.get(t.lower_)
            if unit:
                return unit
        return None

    def figure_holder(self, num, want) -> str | None:
        for t in self.sent:
            if t.lemma_.lower() in FIGURE_NOUNS:
                poss = self.child(t, "poss")
                if poss is not None:
                    return self.name(poss, want)
                of = self.pobj(t, "of")
                if of is not None and self.name(of, want):
                    return self.name(of, want)
        verb = num.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subj = self.subject(verb) if verb.pos_ in ("VERB", "AUX") else None
        if subj is not None and subj.lemma_.lower() not in FIGURE_NOUNS:
            name = self.name(subj, want)
            if name:
                return name
        fits = (lambda t: t in ("GPE", "LOC", "NORP")) if want == "GPE" else (lambda t: t == "ORG")
        return self.m.main(fits)

    # -- founding -----------------------------------------------------------------------------

    def founding(self) -> list[Claim]:
        out = []
        for tok in self.sent:
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" and lemma in FOUND_VERBS and (lemma != "set" or any(c.lower_ == "up" for c in tok.children)):
                participle = tok.dep_ == "acl" and tok.tag_ == "VBN"  # "X, founded in 1998 by Y"
                passive = self.child(tok, "nsubjpass") is not None or participle
                org_tok = self.child(tok, "nsubjpass") if passive else self.child(tok, "dobj")
                founder_tok = self.pobj(tok, "by") if passive else self.subject(tok)
                if org_tok is None and tok.dep_ == "acl":
                    org_tok = tok.head
                if passive and org_tok is None:
                    continue
                org = self.name(org_tok, "ORG") if org_tok is not None else None
                if not org or self.m.type_of(org) == "PERSON":
                    continue
                start, _, given = self.when(tok)
                modality, reason = self.modality(tok)
                if lemma in ("start", "launch", "create", "form") and not passive and founder_tok is None:
                    continue
                if given and start is not None:
                    out.append(self.claim(org, "inception", str(start), "ORG", "date", start, None, f"found:{lemma}",
                                          modality, reason, 0.85))
                for f in self.conjuncts(founder_tok) if founder_tok is not None else []:
                    founder = self.name(f, "PERSON")
                    if founder and founder != org:
                        out.append(self.claim(org, "founded_by", founder, "ORG", self.m.type_of(founder),
                                              start if given else None, None, f"found:{lemma}", modality, reason, 0.85))
                self.used.add(tok.i)
            elif tok.lemma_.lower() in ("founder", "co-founder", "cofounder") or (
                    tok.lower_ == "founder" and tok.i > 0 and tok.nbor(-1).lower_ in ("-", "co")):
                org_tok = self.pobj(tok, "of") or self.child(tok, "poss")
                person_tok = tok.head if tok.dep_ == "appos" else (self.subject(tok.head) if tok.dep_ == "attr" else None)
                if org_tok is None and tok.dep_ in ("appos",) and tok.i + 1 < len(tok.doc):
                    continue
                org = self.name(org_tok, "ORG") if org_tok is not None else None
                person = self.name(person_tok, "PERSON") if person_tok is not None else None
                if org_tok is not None and org is None:
                    apps = [c for c in org_tok.children if c.dep_ == "appos"] + [c for c in org_tok.head.children if c.dep_ == "appos"]
                    org = next((self.name(a, "ORG") for a in apps if self.name(a, "ORG")), None)
                if org is None:
                    # "the co-founder of the streaming site Twitch": the name hangs off the person
                    for c in (person_tok.children if person_tok is not None else ()):
                        if c.dep_ == "appos" and c.i > tok.i and self.name(c, "ORG"):
                            org = self.name(c, "ORG")
                if org and person and org != person:
                    out.append(self.claim(org, "founded_by", person, "ORG", "PERSON", None, None, "founder-of",
                                          Modality.ASSERTED, None, 0.8))
                    self.m.vote(org, "ORG")
                    self.m.vote(person, "PERSON")
        return out

    # -- renames -------------------------------------------------------------------------------

    def renames(self) -> list[Claim]:
        out = []
        for tok in self.sent:
            lemma = tok.lemma_.lower()
            new_tok = old_tok = None
            if lemma in RENAME_VERBS and tok.pos_ == "VERB":
                old_tok = self.subject(tok) or self.child(tok, "nsubjpass")
                new_tok = self.pobj(tok, "as", "to") or self.child(tok, "oprd") or self.child(tok, "dobj")
                if new_tok is not None and new_tok.lower_ in ("itself", "themselves", "it"):
                    new_tok = self.pobj(tok, "as", "to") or self.child(tok, "oprd") or next(
                        (c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "npadvmod", "attr") and c.pos_ == "PROPN"), None)
                    if new_tok is None:  # "renamed itself X" is often parsed with X on "itself"
                        new_tok = next((c for c in self.child(tok, "dobj").children if c.pos_ == "PROPN"), None)
            elif lemma == "change" and tok.pos_ == "VERB":
                obj = self.child(tok, "dobj")
                if obj is None or obj.lemma_.lower() != "name":
                    continue
                old_tok = self.subject(tok)
                new_tok = self.pobj(tok, "to") or self.pobj(obj, "to")
            elif tok.lower_ in ("called", "known") and tok.dep_ in ("acl", "amod", "advcl") and any(
                    c.lower_ == "now" for c in tok.children):
                old_tok = tok.head
                new_tok = self.pobj(tok, "as") or self.child(tok, "oprd") or self.child(tok, "attr")
            if old_tok is None or new_tok is None:
                continue
            old = self.name(old_tok, "ORG")
            mention = self.m.mention_at(new_tok)
            new = mention.text if mention is not None else new_tok.text
            if not old or not new or old == new:
                continue
            start, _, _ = self.when(tok)
            modality, reason = self.modality(tok)
            out.append(Claim(subject=old, predicate="official_name", object=new, sentence=self.text,
                             subject_type=self.m.type_of(old) if self.m.type_of(old) != "THING" else "ORG",
                             object_type="text", modality=modality, valid_from=start, confidence=0.85,
                             reason=reason, rule=f"rename:{lemma}", alias_of=old))
            self.used.add(tok.i)
        return out

    # -- careers: teams, employers, schools, spouses, parties -----------------------------------

    def careers(self) -> list[Claim]:
        """"X joined Y in 2004", "played for Y from 2004 to 2006", "was loaned to Y", "studied at
        Y", "married Y in 1990", "left Y in 2010": a biography's timeline. The predicate comes
        from the verb and the kind of organisation (a school, a party), and whether the article
        reads like a sports biography (then "joined Y" is a club, else an employer)."""
        out: list[Claim] = []
        for verb in self.sent:
            lemma = verb.lemma_.lower()
            if verb.pos_ not in ("VERB", "AUX", "ADJ") or verb.i in self.used:
                continue
            if verb.pos_ == "ADJ" and verb.lower_ != "married":
                continue
            lemma = "married" if verb.pos_ == "ADJ" else lemma
            if lemma in MARRY_VERBS:
                out.extend(self._marriage(verb, lemma))
            elif lemma in LEAVE_VERBS and self.child(verb, "nsubjpass") is None and lemma != "release":
                out.extend(self._leaving(verb))
            elif lemma in TEAM_MOVES or lemma in JOB_MOVES or lemma in STUDY_MOVES:
                out.extend(self._membership(verb, lemma))
        return out

    def _membership(self, verb, lemma) -> list[Claim]:
        passive = self.child(verb, "nsubjpass") is not None
        person_tok = self.child(verb, "nsubjpass") if passive else self.subject(verb)
        if person_tok is None:
            return []
        person = self.name(person_tok, "PERSON")
        if not person or self.m.type_of(person) not in ("PERSON", "THING") and person_tok.lower_ not in PERSON_PRONOUNS:
            return []
        if self.find_role(verb, person_tok) is not None:
            return []  # "joined Y as head coach": an appointment
        sports = self.sports()
        study = lemma in STUDY_MOVES
        if study and lemma in ("receive", "earn", "obtain", "complete"):
            obj = self.child(verb, "dobj")
            if obj is None or obj.lemma_.lower() not in DEGREE_NOUNS and not any(
                    t.lower_ in DEGREE_NOUNS for t in obj.subtree):
                return []
        if lemma == "turn" and not any(c.lower_ == "professional" for c in verb.children):
            return []
        if lemma in ("start", "begin", "spend") and not any(
                c.dep_ == "dobj" and c.lemma_.lower() in CAREER_NOUNS for c in verb.children):
            return []
        if passive and lemma in ("loan", "sell", "transfer", "release") and not sports:
            return []
        slots = STUDY_MOVES[lemma] if study else (TEAM_MOVES.get(lemma, ()) if sports else JOB_MOVES.get(lemma, ()))
        if not slots:
            return []
        if passive:
            slots = tuple(s for s in slots if s != "dobj") or ("by",)
        elif "by" in slots and lemma not in ("release",):
            slots = tuple(s for s in slots if s != "by")
        orgs = self._slot_names(verb, slots, want_person=False)
        out = []
        for tok, org in orgs:
            if org == person:
                continue
            words = set(org.lower().split())
            if study:
                if lemma == "attend" and not words & SCHOOL_WORDS:
                    continue
                if self.m.type_of(org) in ("GPE", "LOC", "NORP") and not words & SCHOOL_WORDS:
                    continue
                key = "educated_at"
            elif words & PARTY_WORDS and lemma in ("join", "rejoin"):
                key = "member_of_political_party"
            elif sports:
                key = "member_of_sports_team"
            else:
                if self.m.type_of(org) in ("GPE", "LOC", "NORP", "PERSON"):
                    continue
                key = "employer"
            start, until, given = self.when_in_sentence(verb, tok)
            modality, reason = self.modality(verb)
            kind = Kind.ASSERT
            if lemma == "release":
                kind, until = Kind.END, None
            out.append(self.claim(person, key, org, "PERSON", "ORG", start, until, f"career:{lemma}",
                                  modality, reason, 0.8, kind=kind))
            if kind is Kind.ASSERT and modality is Modality.ASSERTED:
                self.ctx.memberships.append((person, key, org))
        if out and out[-1].kind is Kind.ASSERT and not study:  # "signed for X from Y"
            last = out[-1]
            out.extend(self._spell_ended_from(verb, person, last.predicate, {o for _, o in orgs},
                                              last.valid_from, last.modality, last.reason))
        if out:
            self.used.add(verb.i)
        return out

    def _spell_ended_from(self, verb, person, key, joined: set[str], start, modality, reason) -> list[Claim]:
        """"joined X from Y": the spell at Y ends when the one at X starts."""
        left = self.pobj(verb, "from")
        name = self.name(left, "ORG") if left is not None and self.m.mention_at(left) else None
        if not name or name in joined or name == person:
            return []
        return [self.claim(person, key, name, "PERSON", "ORG", start, None, "join:from", modality, reason, 0.75,
                           kind=Kind.END)]

    def _marriage(self, verb, lemma) -> list[Claim]:
        head = verb.head if lemma == "married" and verb.dep_ in ("acomp", "amod") else verb
        person_tok = self.subject(head) or self.child(head, "nsubjpass")
        if person_tok is None:
            return []
        person = self.name(person_tok, "PERSON")
        if not person:
            return []
        spouses = self._slot_names(verb, MARRY_VERBS[lemma], want_person=True)
        if not spouses:  # "X and Y married in 1990"
            spouses = [(c, self.name(c, "PERSON")) for c in person_tok.children if c.dep_ == "conj"]
            spouses = [(t, n) for t, n in spouses if n]
        out = []
        ends = lemma in ("divorce", "separate")
        for tok, spouse in spouses:
            if spouse == person or self.m.type_of(spouse) not in ("PERSON", "THING"):
                continue
            start, until, given = self.when(head, tok)
            if lemma == "married" and head.lemma_ == "be" and not given:
                continue  # "was married to Y": true once, we do not know when
            modality, reason = self.modality(head)
            kind = Kind.END if ends else Kind.ASSERT
            out.append(self.claim(person, "spouse", spouse, "PERSON", "PERSON", start, None if ends else until,
                                  f"career:{lemma}", modality, reason, 0.8, kind=kind))
            if ends:  # the other side of the marriage ends too
                out.append(self.claim(spouse, "spouse", person, "PERSON", "PERSON", start, None,
                                      f"career:{lemma}", modality, reason, 0.8, kind=kind))
        if out:
            self.used.add(verb.i)
        return out

    def _leaving(self, verb) -> list[Claim]:
        """"left Y in 2010" / "but left in 1906": ends a membership the article has told of."""
        person_tok = self.subject(verb)
        person = self.name(person_tok, "PERSON") if person_tok is not None else None
        if not person or self.find_role(verb, person_tok) is not None:
            return []
        named = [org for _, org in self._slot_names(verb, ("dobj",), want_person=False)]
        obj = self.child(verb, "dobj")
        if self.pobj(verb, "as") is not None or obj is not None and not named and obj.pos_ != "PRON":
            return []  # "left Y as coach", or left something the article has not named
        out = []
        for held_by, key, org in reversed(self.ctx.memberships):
            if held_by == person and (org in named or not named):
                start, _, _ = self.when(verb)
                modality, reason = self.modality(verb)
                out.append(self.claim(person, key, org, "PERSON", "ORG", start, None, f"career:{verb.lemma_}",
                                      modality, reason, 0.8, kind=Kind.END))
                break
        if not out and named and self.sports():
            start, _, _ = self.when(verb)
            modality, reason = self.modality(verb)
            out = [self.claim(person, "member_of_sports_team", org, "PERSON", "ORG", start, None,
                              f"career:{verb.lemma_}", modality, reason, 0.8, kind=Kind.END) for org in named[:1]]
        if out:
            self.used.add(verb.i)
        return out

    def _slot_names(self, verb, slots, want_person: bool) -> list[tuple[object, str]]:
        """Names in the verb's slots, read left to right from the slot's first word: a run of
        names without a comma or "and" between them is one ("Second Division rivals Watford" ->
        Watford, "local clubs Hibernians and Marsaxlokk" -> both); the run stops at another
        preposition, a verb, a bracket or a date."""
        starts = []
        for c in verb.children:
            if "dobj" in slots and c.dep_ in ("dobj", "attr") and c.lemma_.lower() not in CAREER_NOUNS:
                starts.append(c.left_edge.i)
            if c.dep_ in ("prep", "agent", "dative", "prt") and c.lower_ in slots:
                starts.append(c.i + 1)
            if c.dep_ == "dobj" and c.lemma_.lower() in CAREER_NOUNS | DEGREE_NOUNS:
                for g in c.subtree:  # "spent two seasons with X", "received a degree from X"
                    if g.dep_ == "prep" and g.lower_ in slots and g.head.i == c.i:
                        starts.append(g.i + 1)
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in slots):
            for g in prep.children:
                if g.dep_ == "pcomp":
                    starts.append(g.i)
        if not starts and "dobj" in slots and verb.i + 1 < self.sent.end and \
                (self.sent.doc[verb.i + 1].pos_ in ("DET", "ADJ", "PROPN", "NOUN") or self.sent.doc[verb.i + 1].is_title):
            starts.append(verb.i + 1)  # the object right after the verb, parsed as something else
        found: list[tuple[object, str]] = []
        for begin in sorted(set(starts)):
            run: tuple[object, str] | None = None
            i = begin
            while i < self.sent.end:
                tok = self.sent.doc[i]
                mention = self.m.mention_at(tok)
                if mention is not None:
                    last = self.sent.doc[min(mention.end, self.sent.end) - 1]
                    name = self.m.name(mention.text)
                    kind = self.m.type_of(name)
                    # clubs are often tagged as people ("Molde Kameratene"): only the reader's own
                    # names are left out of organisation slots
                    ok = kind in ("PERSON", "THING") if want_person else name != self.m.topic_name
                    if ok:
                        run = (last, name)
                    i = mention.end
                    continue
                if i == begin and tok.is_title and tok.pos_ in ("VERB", "NOUN", "ADJ"):
                    # a club the tagger missed ("sold to Reading"): the capitalised words
                    end = i
                    while end < self.sent.end and self.sent.doc[end].is_title:
                        end += 1
                    run = (self.sent.doc[end - 1], self.m.name(self.sent.doc[i:end].text))
                    i = end
                    continue
                if tok.pos_ == "VERB" and run is not None and i + 1 < self.sent.end \
                        and self.m.mention_at(self.sent.doc[i + 1]) is not None:
                    i += 1  # "Second Division rivals Watford", "rivals" tagged as a verb
                    continue
                if tok.lower_ in (",", "and", "&", "or", ";") or tok.lower_ == "as" and tok.dep_ == "prep":
                    if run is not None:
                        found.append(run)
                        run = None
                    if tok.lower_ in (";",) or tok.lower_ == "as":
                        break
                    nxt = self.sent.doc[i + 1] if i + 1 < self.sent.end else None
                    if nxt is None or self.m.mention_at(nxt) is None and nxt.pos_ not in ("DET", "ADJ", "NOUN", "PROPN"):
                        break
                elif tok.pos_ in ("ADP", "VERB", "AUX", "SCONJ", "PRON") and tok.i != begin - 1 or \
                        tok.ent_type_ in ("DATE", "MONEY") or tok.text in ("(", ")", "—", "–", ":"):
                    if tok.pos_ == "ADP" and tok.lower_ == "of" and run is None:
                        pass  # "the University of X" split by NER
                    elif tok.pos_ == "PRON" and tok.tag_ == "PRP$":
                        pass  # "his hometown club X"
                    else:
                        break
                i += 1
            if run is not None:
                found.append(run)
        return list(dict.fromkeys(found))

    def when_in_sentence(self, verb, obj):
        """`when`, and else the sentence's one date if it has only one (the small parser often
        hangs "in 1991" on a word it misread as a second verb)."""
        start, until, given = self.when(verb, obj)
        if not given and len(self.spans) == 1:
            return self._interval(self.spans[0][1])
        return start, until, given

    def sports(self) -> bool:
        """Does the article read like a sportsperson's (or a club's) story? Several words of the
        game, counted once per article."""
        if self.ctx.sports is None:
            doc = self.sent.doc
            hits = [t.lemma_.lower() for t in doc if t.lemma_.lower() in SPORTS_WORDS]
            self.ctx.sports = len(hits) >= 4 and len(set(hits)) >= 3
        return self.ctx.sports

    # -- roles stated as a description ---------------------------------------------------------

    def copular_roles(self) -> list[Claim]:
        """"X is chief executive of Y", "Y's chief executive, X,", "X, mayor of Y", "Mayor X"."""
        out = []
        for tok in self.sent:
            person_tok, role = None, None
            if tok.dep_ == "attr" and tok.head.lemma_ == "be" and self.is_role(tok):
                person_tok, role = self.subject(tok.head), tok
                verb = tok.head
            elif tok.dep_ == "appos" and self.is_role(tok) and self.m.mention_at(tok.head) is not None:
                person_tok, role, verb = tok.head, tok, None
            elif tok.dep_ == "appos" and self.is_role(tok.head) and self.m.mention_at(tok) is not None:
                person_tok, role, verb = tok, tok.head, None
            elif tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and self.is_role(tok) and \
                    self.m.mention_at(tok) is None:
                person_tok, role, verb = tok.head, tok, None
            if person_tok is None or role is None or person_tok.i in self.taken or role.i in self.taken:
                continue
            if role.lemma_.lower() in ("founder", "co-founder", "cofounder", "successor", "predecessor"):
                continue
            if any(t.lower_ in SKIP_ROLE_MODIFIERS or t.lower_ in PAST_MARKERS for t in role.children):
                continue
            person = self.name(person_tok, "PERSON")
            if not person:
                continue
            past = verb is not None and verb.tag_ == "VBD"
            start, until, given = self.when(verb) if verb is not None else (self.published, None, False)
            if past and not given:
                continue  # "X was CEO of Y": true once, we do not know when
            modality, reason = self.modality(verb) if verb is not None else (Modality.ASSERTED, None)
            rule = "role" if verb is not None else "title"  # "Mayor X", "X, chief executive of Y,"
            claims = self.role_claims(person, role, verb, start, until, rule, modality, reason, 0.75)
            out.extend(claims)
            for c in claims:
                if c.object == person and c.modality is Modality.ASSERTED:
                    self.ctx.roles.append((person, c.predicate, c.subject))
        return out

    # -- other verb relations --------------------------------------------------------------------

    def verb_relations(self) -> list[Claim]:
        """Subject - verb (+ preposition) - object: a catalogue predicate when the phrase maps
        onto one (synonyms, then embeddings), else an open relation with lower confidence."""
        out = []
        for verb in self.sent:
            if verb.pos_ != "VERB" or verb.i in self.used or verb.lemma_ in ("be", "have", "say") \
                    or not any(c.isalpha() for c in verb.lemma_):  # "co-founded" split, "-" tagged a verb
                continue
            if verb.dep_ == "relcl":  # "X, where he had signed from Y": the clause's own subject first
                subj_tok = self.child(verb, "nsubj", "nsubjpass") or verb.head
            elif verb.dep_ in ("acl", "amod"):
                subj_tok = verb.head
            else:
                subj_tok = self.subject(verb) or self.child(verb, "nsubjpass")
            subject = self.name(subj_tok) if subj_tok is not None else None
            if not subject:
                continue
            passive = self.child(verb, "nsubjpass") is not None
            pairs = []
            obj = self.child(verb, "dobj", "attr")
            if obj is not None and not passive:
                pairs.extend((verb.lemma_, o) for o in self.conjuncts(obj))
            for prep in verb.children:
                if prep.dep_ in ("prep", "agent", "dative"):
                    pobj = self.child(prep, "pobj")
                    if pobj is not None:
                        word = verb.text.lower() if passive else verb.lemma_
                        pairs.extend((f"{word} {prep.lower_}", o) for o in self.conjuncts(pobj))
            particle = self.child(verb, "prt")
            for phrase, obj_tok in pairs:
                obj_name = self.name(obj_tok)
                # "led the operator": a described direct object counts ("retired ... on the board" not)
                described = obj_tok.dep_ in ("dobj", "attr") and (obj_tok.lower_ in ORG_NOUNS or obj_tok.lower_ in PLACE_NOUNS)
                if not obj_name or obj_name == subject or \
                        self.m.mention_at(obj_tok) is None and obj_tok.pos_ != "PROPN" and not described:
                    continue
                if particle is not None:
                    phrase = phrase.replace(verb.lemma_, f"{verb.lemma_} {particle.lower_}", 1)
                stype, otype = self.m.type_of(subject), self.m.type_of(obj_name)
                pred = self.mapper.relation(phrase, stype, otype)
                start, until, given = self.when(verb, obj_tok)
                modality, reason = self.modality(verb)
                if pred is None:
                    if len(phrase) > 40:
                        continue
                    # types here are NER's guesses: leave them to the linker's vote
                    out.append(self.claim(subject, open_predicate_key(phrase), obj_name, "THING", "THING", start,
                                          until, "open", modality, reason, 0.5))
                    continue
                sub, ob = (subject, obj_name)
                if pred.key in ("founded_by",) and not passive or _reversed(pred, stype, otype):
                    sub, ob = obj_name, subject
                out.append(self.claim(sub, pred.key, ob, pred.subject_types[0] if pred.subject_types else stype,
                                      pred.object_types[0] if pred.object_types else otype, start, until,
                                      f"verb:{phrase}", modality, reason, 0.7))
        return out


def _names_head_office(obj) -> bool:
    """"headquarters", "HQ", "head office": not any office (a company opens many)."""
    if obj is None:
        return False
    lemma = obj.lemma_.lower()
    return lemma in ("headquarters", "hq") or lemma == "office" and any(c.lower_ == "head" for c in obj.children)


def _reversed(pred: Predicate, stype: str, otype: str) -> bool:
    """The sentence names the predicate's object first ("X owns Y" for "Y | owned by | X")."""
    def fits(name_type: str, types) -> bool:
        return name_type in types or name_type in ("THING", "PROPN")

    return bool(pred.subject_types and pred.object_types) and not fits(stype, pred.subject_types) \
        and fits(stype, pred.object_types) and fits(otype, pred.subject_types) and stype != otype


def _best(spans: list[TimeSpan]) -> TimeSpan:
    """Prefer ranges, then explicit starts, then the most precise point."""
    order = {"range": 0, "since": 1, "until": 2, "point": 3, "before": 4, "after": 5}
    return min(spans, key=lambda s: (order.get(s.kind, 9), -{"day": 3, "month": 2, "year": 1}[
        (s.start or s.end).precision.value] if (s.start or s.end) else 0))


_NUM_TEXT = re.compile(r"^[\d.,]+$")
_RELATIVE_TO_STORY = re.compile(r"\b(later|earlier|afterwards?)\s*$", re.I)


def _number(tok) -> str | None:
    text = tok.text.replace(",", "")
    if not _NUM_TEXT.match(text):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in _SCALE:
        value *= _SCALE[nxt.lower_]
    return str(int(value)) if value.is_integer() else repr(value)


def drop_stale_titles(per_sentence: list[tuple[str, list[Claim]]], catalogue: Catalogue) -> None:
    """A title ("Mayor Dana Okoro did not seek re-election") says who held a post at some point
    the article describes, not on its publication date; where the same article reports an event
    that gives the post to someone else ("Sam Ilunga was elected mayor in October"), the title
    dated at publication would undo the event. The event wins; the title is dropped, and so is
    a title of the same holder ("named X its new chief executive, effective May 1"), whose
    date the event gives better."""
    events = {(c.subject, c.predicate) for _, claims in per_sentence for c in claims
              if c.rule != "title" and c.modality is Modality.ASSERTED and c.kind is Kind.ASSERT
              and catalogue.get(c.predicate).single}
    for n, (sentence, claims) in enumerate(per_sentence):
        kept = [c for c in claims if not (c.rule == "title" and (c.subject, c.predicate) in events)]
        if len(kept) != len(claims):
            per_sentence[n] = (sentence, kept)
