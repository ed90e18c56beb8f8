"""Roles in a sentence: the role noun of an event ("as chief executive"), its words ("interim
chief executive" -> "chief executive"), the organisation or place it belongs to, and the claims
a person holding it gives. Role nouns come from the catalogue (`Catalogue.role_heads`: kg/core/roles.yaml and every
predicate's `roles`, so a user's predicates file adds its own) and its role predicates (through
the predicate mapper)."""

from __future__ import annotations

from kg.core.catalogue import Predicate
from kg.core.facts import Modality
from extract.lexicon import word_list, word_set
from extract.linking import PERSON_PRONOUNS

APPOINT_BY_OTHER = word_set("appoint_by_other")
DEPART_BY_OTHER = word_set("depart_by_other")
SUCCESSION_VERBS = word_set("succession_verbs")
JOINING_VERBS = word_set("joining_verbs")
REPORT_VERBS = word_set("report_verbs")
INSTITUTION_HEAD_TITLES = word_set("institution_head_titles")
INSTITUTION_KINDS = word_set("institution_kinds")
INSTITUTION_HEAD = word_list("institution_head_predicate")[0]
SKIP_ROLE_MODIFIERS = word_set("skip_role_modifiers")
RELATIVE_ROLE_NOUNS = word_set("relative_role_nouns")
ROLE_QUALIFIERS = word_set("role_qualifiers")
ROLE_PREPOSITIONS = word_list("role_prepositions")
ROLE_MARKERS = word_set("role_marker_prepositions")
ROLE_INNER_PUNCTUATION = word_set("role_inner_punctuation")
HOLDER_PREPOSITIONS = word_list("role_holder_prepositions")
APPOINTER_PREPOSITIONS = word_list("appointer_prepositions")
TITLE_HOLDER_PREPOSITIONS = word_list("title_holder_prepositions")


class RoleReading:
    """Mixed into `reader.SentenceReader` (it needs the reader's names, slots and `claim`)."""

    def role_phrase(self, noun) -> str:
        """The role's own words: the noun and its contiguous modifiers ("interim chief executive")."""
        words = [noun]
        i = noun.i - 1
        inside = {t.i for t in noun.subtree}
        while i >= self.sent.start and i in inside:
            tok = self.sent.doc[i]
            if tok.is_space or tok.dep_ in ("det", "poss", "case", "cc", "conj", "nummod", "prep", "appos") \
                    or tok.ent_type_ == "ORDINAL":  # "its 30th president": which one, not the post
                break
            if tok.dep_ == "punct" and tok.text not in ROLE_INNER_PUNCTUATION:
                break
            words.insert(0, tok)
            i -= 1
        kept = [t.lower_ for t in words if t.lower_ not in ROLE_QUALIFIERS]
        return " ".join(kept).replace(" - ", "-").strip()

    def is_role(self, noun) -> bool:
        if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
            return False
        return noun.lemma_.lower() in self.catalogue.role_heads or self.mapper.role(self.role_phrase(noun)) is not None

    def role_predicate(self, noun) -> Predicate | None:
        return self.mapper.role(self.role_phrase(noun))

    def find_role(self, verb, person_tok, skip: int | None = None):
        """The role noun of an appointment: "as X", "named Y X", "became X", "X of Y" (not the
        token `skip`: a role that named no post, such as "successor")."""
        return next((t for t in self._role_nouns(verb, person_tok) if t.i != skip), None)

    def _role_nouns(self, verb, person_tok):
        """The role nouns of an appointment, in the order `find_role` prefers them."""
        for prep in ROLE_PREPOSITIONS:
            obj = self.pobj(verb, prep)
            if obj is not None and self.is_role(obj):
                yield obj
        for dep in ("oprd", "attr", "acomp", "xcomp", "dobj", "npadvmod", "appos", "ccomp"):
            for c in verb.children:
                if c.dep_ == dep and (person_tok is None or c.i != person_tok.i) and self.is_role(c):
                    yield c
                if c.dep_ == dep and c.pos_ in ("NOUN", "PROPN"):
                    for g in c.children:  # "began his tenure as X", "took the helm as X"
                        if g.dep_ == "prep" and g.lower_ in ROLE_MARKERS:
                            obj = self.child(g, "pobj")
                            if obj is not None and self.is_role(obj):
                                yield obj
        for c in verb.children:  # "chose X to be its president": the predicate noun of the clause
            if c.dep_ == "xcomp":
                yield from (g for g in c.children if g.dep_ in ("attr", "oprd") and self.is_role(g))
        if person_tok is not None:
            for c in person_tok.children:  # "named Smith, 52, as chief" parsed onto the person
                if c.dep_ == "prep" and c.lower_ in ROLE_MARKERS:
                    obj = self.child(c, "pobj")
                    if obj is not None and self.is_role(obj):
                        yield obj
                if c.dep_ == "appos" and self.is_role(c):  # "named X its new chief executive"
                    yield c

    def role_holder(self, noun, verb=None, pred: Predicate | None = None, fallback: bool = True) -> str | None:
        """The organisation or place whose role it is: "of X", "X's", "at X", the appointing
        subject, the one who reports it; else (with `fallback`) the article's main one."""
        want = "GPE" if pred and set(pred.subject_types) & {"GPE"} else "ORG"
        heads = [noun] + ([noun.head] if noun.dep_ == "conj" else [])
        for head in heads:
            for prep in HOLDER_PREPOSITIONS:
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
            for prep in APPOINTER_PREPOSITIONS:
                obj = self.pobj(verb, prep)
                if obj is not None and obj.i != noun.i:
                    name = self.name(obj, want)
                    if name:
                        return name
            # The subject of "appoint"/"sack" is the organisation; of "succeed"/"replace" it is the successor.
            by_other = verb.lemma_ in APPOINT_BY_OTHER or verb.lemma_ in DEPART_BY_OTHER
            joins = verb.lemma_ in JOINING_VERBS
            if by_other and verb.lemma_ not in SUCCESSION_VERBS or joins:
                subj = (verb.head if verb.dep_ == "acl" else None) or (
                    self.subject(verb) if self.child(verb, "nsubjpass") is None else None)
                target = self.child(verb, "dobj") if joins else subj
                name = self.name(target, want) if target is not None else None
                if name and target.lower_ not in PERSON_PRONOUNS and (
                        self.m.type_of(name) != "PERSON" or self.m.said_person(name) < 2):
                    # a university that chose its president is no place for being asked for one
                    institution = noun.lemma_.lower() in INSTITUTION_HEAD_TITLES and _institution(name)
                    self.m.vote(name, "ORG" if institution else want)
                    return name
        fits = (lambda t: t in ("GPE", "LOC", "NORP")) if want == "GPE" else (
            lambda t: t not in ("PERSON", "GPE", "LOC", "NORP", "DATE", "CARDINAL"))
        if verb is not None:
            announcer = self._announcer(verb)
            if announcer is not None and fits(self.m.type_of(announcer) or ""):
                return announcer
        return self.m.main(fits) if fallback else None

    def _announcer(self, verb) -> str | None:
        """Who reports the event, where a reporting verb governs it: "iRobot said that X had
        stepped down as chief executive" is iRobot's post, whatever the article is mostly about."""
        head = verb
        while head.dep_ in ("ccomp", "conj") and head.head.i != head.i:
            head = head.head
            if head.lemma_ in REPORT_VERBS:
                subj = self.child(head, "nsubj")
                return self.name(subj, "ORG") if subj is not None and subj.lower_ not in PERSON_PRONOUNS else None
        return None

    def role_claims(self, person: str, noun, verb, start, until, rule, modality=Modality.ASSERTED,
                    reason=None, confidence=0.9) -> list:
        out = []
        roles = self.conjuncts(noun)
        # conjoined roles share the holder one of them names ("president and chief executive
        # of Boeing", "Starbucks said X would retire as president and chief executive")
        named = {role.i: self.role_holder(role, verb, pred, fallback=False) for role in roles
                 if (pred := self.role_predicate(role)) is not None}
        shared = next((h for h in named.values() if h), None) if len(roles) > 1 else None
        for role in roles:
            if any(t.lower_ in SKIP_ROLE_MODIFIERS for t in role.children):
                continue
            pred = self.role_predicate(role)
            if pred is None:
                phrase = self.role_phrase(role)
                if role.lemma_.lower() not in self.catalogue.role_heads or role.lemma_.lower() in RELATIVE_ROLE_NOUNS:
                    continue
                holder = self.pobj(role, *TITLE_HOLDER_PREPOSITIONS)
                title = phrase + (f" of {self.name(holder) or holder.text}" if holder is not None else "")
                out.append(self.claim(person, "position_held", title, "PERSON", "THING", start, until, rule,
                                      modality, reason, confidence - 0.1))
                continue
            holder = named.get(role.i) or shared or self.role_holder(role, verb, pred) \
                or self.role_holder(noun, verb, pred)
            if holder is None and role.lemma_.lower() in INSTITUTION_HEAD_TITLES:
                # "will serve as president": no place holds it; the article's institution may
                head = self.catalogue.get(INSTITUTION_HEAD)
                holder = self.role_holder(role, verb, head)
                holder = holder if holder is not None and _institution(holder) else None
            if holder is None or holder == person or self.mapper.role(holder) is not None:
                continue
            if set(pred.subject_types) <= {"GPE", "LOC"} and self.m.type_of(holder) == "ORG" \
                    and role.lemma_.lower() in INSTITUTION_HEAD_TITLES and _institution(holder):
                pred = self.catalogue.get(INSTITUTION_HEAD)  # "president of Harvard University"
            elif set(pred.subject_types) <= {"GPE", "LOC"} and (self.m.type_of(holder) == "ORG" or holder == shared
                                                                 and self.m.type_of(holder) not in ("GPE", "LOC")):
                # "president of Norrland Paper": a post in a firm, not a head of state
                out.append(self.claim(person, "position_held", f"{self.role_phrase(role)} of {holder}", "PERSON",
                                      "THING", start, until, rule, modality, reason, confidence - 0.1))
                continue
            subject_type = pred.subject_types[0] if pred.subject_types else "ORG"
            out.append(self.claim(holder, pred.key, person, subject_type, "PERSON", start, until, rule,
                                  modality, reason, confidence))
            self.m.vote(person, "PERSON")
            self.m.vote(holder, subject_type)
        return out


def _institution(name: str) -> bool:
    """Is the organisation named as an institution (lexicon: institution_kinds), whose head
    title is its chief executive's?"""
    return any(word in INSTITUTION_KINDS for word in name.lower().replace("-", " ").split())
