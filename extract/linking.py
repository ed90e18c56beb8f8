"""Names within one article: one name per thing (the graph's entities are found by kg.core.linking).

Within an article (`ArticleMentions`): names come from spaCy's NER plus chains of
proper nouns it missed; a surname ("Johnson") or a short company name ("Corvid")
resolves to the one full name in the article that ends or starts with it; pronouns
and descriptions ("he", "its", "the company", "the town") resolve to the latest
mention of a fitting type. Types are voted while the article is read: NER's guess counts
once, each relation slot that needs a type (the person named chief executive) counts twice.
Once every claim is in, `settle_types` decides each name's type for the whole article from
weighted evidence (extract.entity_types), so that one name links to one entity.

Across articles, `kg.core.linking.Linker` maps these names onto the graph's entities
(the same module and cut-offs link the names in questions).
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.core.catalogue import Catalogue
from kg.core.entities import normalise, org_designators, short_form_of

from extract.clauses import relative_antecedent
from extract.datelines import is_dateline
from extract.entity_types import NER, WORD, TypeEvidence
from extract.name_spans import (clean_name, joined_by_particles, split_names, to_proper_head, with_capitalised_first_word,
                                 without_trailing_figure)
from extract.lexicon import word_map, word_set

logger = logging.getLogger(__name__)

ENTITY_LABELS = word_set("entity_labels")
PERSON_PRONOUNS = word_set("person_pronouns")
PRONOUN_GENDER = {word: gender for gender, words in word_map("pronoun_genders").items() for word in words}
THING_PRONOUNS = word_set("thing_pronouns")
GROUP_PRONOUNS = word_set("group_pronouns")  # "they": people, or a firm or club
# Doc.user_data key: the token from which the text repeats names the body gave (a headline read
# after the body); there NER's label of a name the body already labelled is no new evidence
REPEATS_FROM = "evergreen.repeats_from"
THING_CHAIN = 3  # how many "it"s back a firm's pronoun follows (ArticleMentions._thing_antecedent)
# Role words belong to the catalogue (kg/core/roles.yaml and each predicate's roles); these
# are the packaged catalogue's, for the rules that read them as module constants.
_ROLE_WORDS = Catalogue.load()
ROLE_HEADS = _ROLE_WORDS.role_heads
PLAYING_POSITIONS = _ROLE_WORDS.playing_positions
HONORIFICS = word_set("honorifics")
PERSON_TITLES = PLAYING_POSITIONS | HONORIFICS | _ROLE_WORDS.office_titles  # dropped from a name written after them
ORGANISATION_POSTS = _ROLE_WORDS.organisation_post_heads  # posts held only in an organisation
ORGANISATION_POSSESSIONS = word_set("organisation_possessions")  # things only a firm has, as written
CAREER_NOUNS = word_set("career_nouns")  # "spell", "stint": "his spell at X" was spent in an organisation
HOLDING_PREPOSITIONS = word_set("holding_prepositions")  # "the chief executive of X"
CAREER_PLACE_PREPOSITIONS = word_set("career_place_prepositions")  # "his spell at X"
ORG_NOUNS = word_set("org_nouns")
PLACE_NOUNS = word_set("place_nouns")
ORG_DESIGNATORS = org_designators()  # "Group", "Inc", "Ltd" (kg/core/names.yaml)


@dataclass
class Mention:
    start: int  # token offsets in the doc
    end: int
    text: str  # the surface name, possessive dropped
    label: str  # NER label, or PROPN for a chain NER missed


def _is_title_word(token, label: str) -> bool:
    """A title written before a name. Words that also begin company names ("General Electric
    Company", "Premier League Limited") count only where NER says the name is a person."""
    lower = token.lower_.rstrip(".")
    return lower in PERSON_TITLES or lower in ROLE_HEADS and label == "PERSON"


def _prefer_designated(short: str, longer: list[str]) -> list[str]:
    """Of several longer names that fit a short one, the one it names by its distinctive
    words, when there is exactly one: "Disney" is "Walt Disney Company", not "Disney Parks"
    (kg.core.entities.short_form_of; the designators are data in kg/core/names.yaml)."""
    designated = [n for n in longer if short_form_of(short, n, last_words=True)]
    return designated if len(designated) == 1 else longer


class ArticleMentions:
    """Names in one parsed article, with canonical names and voted types."""

    def __init__(self, doc, title: str | None = None):
        self.doc = doc
        self.title = title
        self.mentions: list[Mention] = []
        self._by_token: dict[int, Mention] = {}
        self.votes: dict[str, Counter] = defaultdict(Counter)
        self.labels: dict[str, Counter] = defaultdict(Counter)  # the part of `votes` that is spaCy's labels
        self.canonical: dict[str, str] = {}
        self.ambiguous: dict[str, list[str]] = {}
        self.aliases: dict[str, set[str]] = defaultdict(set)
        self.titles: dict[str, str] = {}  # name -> the title word written before it ("striker")
        self.descriptors: dict[str, str] = {}  # name -> the noun that says what it is ("club" Al Nassr)
        self.topic_name: str | None = None  # the name the title is about, once the names are read
        self.evidence = TypeEvidence(ENTITY_LABELS)  # for the article's decision on each name's type
        self.settled: dict[str, tuple[str, bool]] = {}  # name -> (type, firm), once `settle_types` ran
        self._collect()
        self._vote_descriptions()
        self._vote_holders()
        self._resolve_short_names()
        self._vote_topic()
        self._sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        self._sentence_of = {}
        for n, sent in enumerate(self._sentences):
            for i in range(sent.start, sent.end):
                self._sentence_of[i] = n
        self._antecedents: dict[int, str | None] = {}
        self.genders: dict[str, str] = {}  # person -> the gender of the pronouns that stood for them
        self.lead: tuple[str, frozenset[str]] | None = self._lead_class()

    _DOC_STATE = ("doc", "_by_token", "_sentences", "_sentence_of", "_antecedents")  # lead is kept: names only

    def __getstate__(self) -> dict:
        """Pickled (from a worker process) without the doc: linking needs only the names,
        their votes and aliases, not the tokens."""
        state = dict(self.__dict__)
        for key in self._DOC_STATE:
            state[key] = None
        return state

    # -- a long text, one section at a time ----------------------------------------------

    def forget_doc(self) -> None:
        """Keep only what linking reads (names, votes, aliases, titles), one mention per name:
        a long text's sections are read one at a time and their Docs must not be kept."""
        for key in self._DOC_STATE:
            setattr(self, key, None)
        first: dict[str, Mention] = {}
        for mention in self.mentions:
            first.setdefault(mention.text, mention)
        self.mentions = list(first.values())

    def absorb(self, later: ArticleMentions) -> None:
        """Take in the names of a later section of the same article (both without their Docs):
        type votes add up; a name's canonical form, aliases and title are the first section's
        where they differ. A short name is resolved within its section; across sections the
        graph's linker (kg.core.linking) matches it to the full name."""
        known = {m.text for m in self.mentions}
        self.mentions.extend(m for m in later.mentions if m.text not in known)
        for name, votes in later.votes.items():
            self.votes[name].update(votes)
        for name, labels in later.labels.items():
            self.labels[name].update(labels)
        for name, aliases in later.aliases.items():
            self.aliases[name] |= aliases
        self.evidence.absorb(later.evidence)
        for mine, theirs in ((self.canonical, later.canonical), (self.ambiguous, later.ambiguous),
                             (self.titles, later.titles), (self.genders, later.genders),
                             (self.descriptors, later.descriptors)):
            for name, value in theirs.items():
                mine.setdefault(name, value)
        self.topic_name = self.topic_name or later.topic_name

    # -- building ----------------------------------------------------------------------

    def _collect(self) -> None:
        names: list[tuple[int, int, str]] = []  # (start, end, label) of each name, in text order
        for ent in self.doc.ents:
            if ent.label_ in ENTITY_LABELS and not is_dateline(ent):
                end = to_proper_head(ent)
                start = with_capitalised_first_word(self.doc, ent.start) if ent.label_ == "PERSON" else ent.start
                # a span NER cut short of its head noun was misread, its label with it: "Chipotle
                # Mexican" (NORP) is the start of the firm "Chipotle Mexican Grill"
                label = ent.label_ if end == ent.end else "PROPN"
                names.extend((part.start, part.end, label) for part in split_names(self.doc[start:end]))
        taken = {i for start, end, _ in names for i in range(start, end)}
        for token in self.doc:
            if token.pos_ == "PROPN" and token.i not in taken and token.dep_ != "compound" \
                    and not token.ent_type_:
                left = token.i
                while left > 0 and self.doc[left - 1].pos_ == "PROPN" and self.doc[left - 1].head.i in range(left, token.i + 1):
                    left -= 1
                if not any(i in taken for i in range(left, token.i + 1)) \
                        and not is_dateline(self.doc[left:token.i + 1]):
                    names.append((with_capitalised_first_word(self.doc, left), token.i + 1, "PROPN"))
        names.extend(self._short_forms_read_as_nouns(names, taken))
        for start, end, label in joined_by_particles(self.doc, sorted(names)):
            self._add(start, end, label)

    def _short_forms_read_as_nouns(self, names: list[tuple[int, int, str]], taken: set[int]) -> list[tuple[int, int, str]]:
        """A firm's short name opening a sentence, which the tagger read as a common noun ("Lumen,
        set up in 1994 by ...", after "Lumen Optics"): a capitalised bare noun (no determiner or
        modifier of its own) standing as a subject or object, that is the first word of a
        longer name of the article. It is then a name, which resolves to the longer one."""
        firsts = {self.doc[start].text for start, end, _ in names if end - start > 1}
        found = []
        for token in self.doc:
            if token.i in taken or token.pos_ != "NOUN" or not token.is_title or token.text not in firsts:
                continue
            if token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and not any(
                    c.dep_ in ("det", "compound", "amod", "poss", "nummod") for c in token.children):
                found.append((token.i, token.i + 1, "PROPN"))
        return found

    def _add(self, start: int, end: int, label: str) -> None:
        span = self.doc[start:end]
        while len(span) and span[0].lower_ in ("the", "a", "an"):
            span = span[1:]
        title = None
        while len(span) > 2 and _is_title_word(span[0], label):  # "Striker Noah Bergqvist" is Noah Bergqvist
            title, span = span[0].lower_, span[1:]
        span = without_trailing_figure(span)
        text = clean_name(span.text)
        if not text or not any(c.isalpha() for c in text) or len(span) == 0:
            return
        mention = Mention(span.start, span.end, text, label)
        self.mentions.append(mention)
        if title is not None:
            self.titles[text] = title
        for i in range(span.start, span.end):
            self._by_token[i] = mention
        repeats = self.doc.user_data.get(REPEATS_FROM)
        repeated = repeats is not None and span.start >= repeats and text in self.votes
        if label in ENTITY_LABELS and not repeated:  # a headline's "Glasgow" is the body's, labelled once
            self.votes[text][label] += 1
            self.labels[text][label] += 1
            self.evidence.add(text, label, NER)
        kind = self._kind_of_word(title) if title else None
        if kind is None and span.start > 0:
            before = self.doc[span.start - 1]
            kind = self._kind_of_word(before.lower_, before.lemma_.lower())
            if kind is not None:
                self.descriptors.setdefault(text, before.lemma_.lower())
        words = normalise(text).split()
        if kind is None and len(words) > 1 and words[-1] in ORG_DESIGNATORS:
            kind = "ORG"  # a legal form ends the name: "Stellis Group", "Baird Lister Ltd"
        if kind is not None:  # "chief executive Bob Iger", "the carmaker Tesla"
            self.evidence.add(text, kind, WORD)
            self.votes[text][kind] += 2  # as a description in apposition does (_vote_descriptions)

    @staticmethod
    def _kind_of_word(lower: str, lemma: str | None = None) -> str | None:
        """The type a word says its name is: a title or role head (the catalogue's) a person, a
        company noun an organisation, a place noun a place (the lexicon's); else None."""
        lower = lower.rstrip(".")
        if lower in PERSON_TITLES or lower in ROLE_HEADS:
            return "PERSON"
        lemma = lemma or lower
        if lemma in ORG_NOUNS:
            return "ORG"
        if lemma in PLACE_NOUNS:
            return "GPE"
        return None

    def _vote_descriptions(self) -> None:
        """A name beside a description says its type: "Tallis Software, the payroll company",
        "Harwick, a market town" (the small model often tags such names as people)."""
        for token in self.doc:
            if token.dep_ != "appos" or token.pos_ not in ("NOUN", "PROPN"):
                continue
            noun, name = (token, token.head) if token.i not in self._by_token else (token.head, token)
            mention = self._by_token.get(name.i)
            lemma = noun.lemma_.lower()
            if mention is None or noun.i in self._by_token:
                continue
            if lemma in ORG_NOUNS:
                self.votes[mention.text]["ORG"] += 2
            elif lemma in PLACE_NOUNS:
                self.votes[mention.text]["GPE"] += 2
            kind = self._kind_of_word(noun.lower_, lemma)
            if kind is not None:  # "Iger, the chairman", "Tallis Software, the payroll company"
                self.evidence.add(mention.text, kind, WORD)
                self.descriptors.setdefault(mention.text, lemma)

    def _vote_holders(self) -> None:
        """A name that has what only an organisation has is one: the possessor, or the object of
        "of", of a post held in an organisation or of a thing only a firm owns ("the chief
        executive of Chipotle Mexican Grill", "Chipotle's shares"); and the place of a spell
        of a career ("his second spell at Manchester United": the lexicon's career nouns). The
        small model often tags a one-word firm, or a club, as a person."""
        for token in self.doc:
            preposition = token.head.lower_ if token.dep_ == "pobj" and token.head.dep_ == "prep" else None
            career = preposition in CAREER_PLACE_PREPOSITIONS
            if token.dep_ == "poss":
                noun = token.head
            elif career or preposition in HOLDING_PREPOSITIONS:
                noun = token.head.head
            else:
                continue
            mention = self._by_token.get(token.i)
            if mention is None or noun.pos_ != "NOUN" or noun.i in self._by_token:
                continue
            lemma = noun.lemma_.lower()
            if career:
                holds = lemma in CAREER_NOUNS
            else:
                holds = lemma in ORGANISATION_POSTS or noun.lower_ in ORGANISATION_POSSESSIONS
            if holds:
                self.votes[mention.text]["ORG"] += 2
                self.evidence.add(mention.text, "ORG", WORD)

    def _resolve_short_names(self) -> None:
        """"Johnson" -> "Boris Johnson", "Corvid" -> "Corvid Biotech" when exactly one fits.
        A short name that is not a person's stands for the longer one only when the longer was
        written first: a firm is named in full, then shortly ("Corvid Biotech ... Corvid"); a
        name written alone before a longer one that starts with it is a thing of its own
        ("Amazon ... Amazon Studios", "Boeing ... Boeing Capital")."""
        first: dict[str, int] = {}
        for mention in self.mentions:
            first.setdefault(mention.text, mention.start)
        names = set(first)
        for name in names:
            words = name.split()
            longer = [
                other for other in names
                if other != name and len(other.split()) > len(words)
                and (other.split()[-len(words):] == words or other.split()[: len(words)] == words
                     or short_form_of(name, other, last_words=True))
                and (first[other] < first[name] or self.type_of(other) == "PERSON")
            ]
            longer = _prefer_designated(name, longer)
            if len(longer) == 1:
                self.canonical[name] = longer[0]
                self.aliases[longer[0]].add(name)
            elif len(longer) > 1:
                self.ambiguous[name] = sorted(longer)

    def _vote_topic(self) -> None:
        """A biography names its person in full first ("Lee Nogan is a footballer"), where NER
        is usually right; the surname alone later ("Nogan joined ...") is often tagged as a
        place or firm. When the title's first mention is a person, that outweighs the rest."""
        topic = self.topic_name = self.topic()
        if topic is None:
            return
        first = next((m for m in self.mentions if self.name(m.text) == topic), None)
        if first is not None and first.label == "PERSON":
            count = sum(1 for m in self.mentions if self.name(m.text) == topic)
            self.votes[topic]["PERSON"] += count + 1

    def _lead_class(self) -> tuple[str, frozenset[str]] | None:
        """What the article's lead sentence says its subject is: "VP-29 was a Patrol Squadron of
        the U.S. Navy" -> ("VP-29", {"squadron"}). A reference work names its subject and its
        kind first, then goes on with "the squadron", "the club", "the manager"; those mean the
        subject. The subject is the title's name when the lead's subject is it (or there is no
        title); the kind is the head noun of the copula's complement (and its conjuncts)."""
        if not self._sentences:
            return None
        lead = self._sentences[0]
        for verb in lead:
            if verb.dep_ != "ROOT" or verb.pos_ != "AUX":
                continue
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None:
                return None
            mention = self._by_token.get(subject.i)
            if mention is not None:
                name = self.name(mention.text)
            else:  # a name the NER missed ("VP-29"), written as the title writes it
                written = self.doc[subject.left_edge.i:subject.i + 1].text
                name = self.title if self.title and normalise(written) == normalise(self.title) else None
            if name is None or self.title and name not in (self.topic_name, self.title):
                return None  # the lead is about someone the title does not name
            # the complement's head noun; a name there counts when it has an article ("a
            # Patrol Squadron": the small model tags kinds as names), not an identity ("X is Y")
            kinds = {t.lemma_.lower() for c in verb.children if c.dep_ == "attr"
                     and (c.i not in self._by_token or any(d.dep_ == "det" for d in c.children))
                     for t in (c, *c.conjuncts) if t.pos_ in ("NOUN", "PROPN")}
            return (name, frozenset(kinds)) if kinds else None
        return None

    def _as_lead(self, token, want: str | None) -> str | None:
        """The lead's subject, for a definite description of its kind ("the squadron")."""
        if self.lead is None or token.lemma_.lower() not in self.lead[1] or token.i in self._by_token:
            return None
        if self._sentence_of.get(token.i) == 0 or not any(
                c.dep_ == "det" and ("Def" in c.morph.get("Definite") or "Dem" in c.morph.get("PronType"))
                for c in token.children):
            return None
        kind = self.type_of(self.lead[0])
        if want == "PERSON" and kind not in ("PERSON", "THING") or want == "ORG" and kind == "PERSON":
            return None
        return self.lead[0]

    # -- reading -----------------------------------------------------------------------

    def name(self, text: str) -> str:
        return self.canonical.get(text, text)

    def title_of(self, name: str) -> str | None:
        canon = self.name(name)
        if canon in self.titles:
            return self.titles[canon]
        return next((self.titles[a] for a in self.aliases.get(canon, ()) if a in self.titles), None)

    def vote(self, name: str, type_: str, weight: int = 2) -> None:
        self.votes[self.name(name)][type_] += weight

    def _running(self, table: dict[str, Counter], name: str) -> Counter:
        """A table's counts (`votes` or `labels`) for a name and its aliases, added up."""
        canon = self.name(name)
        total = Counter()
        for written in (canon, *self.aliases.get(canon, ())):
            total.update(table.get(written, {}))
        return total

    def said_person(self, name: str) -> int:
        """How much of the running vote for "person" on a name is more than spaCy's labels: a
        title, a description, a slot that needs a person. Two labels of the small model are
        no reason to refuse a name a firm's slot ("Kora Mining has appointed ...")."""
        return self._running(self.votes, name)["PERSON"] - self._running(self.labels, name)["PERSON"]

    def descriptor_of(self, name: str) -> str | None:
        """The noun the article describes a name by ("club" for "Saudi club Al Nassr", "the
        payroll company"), from the name or one of its aliases."""
        canon = self.name(name)
        return self.descriptors.get(canon) or next(
            (self.descriptors[a] for a in sorted(self.aliases.get(canon, ())) if a in self.descriptors), None)

    def weakly_typed(self, name: str) -> bool:
        """Whether the running vote on a name rests on a single label of spaCy's and nothing
        else (no second mention, description or slot): too little to rule a type out."""
        canon = self.name(name)
        if canon in self.settled:
            return not self.settled[canon][1]
        return sum(self._running(self.votes, canon).values()) <= 1

    def type_of(self, name: str) -> str:
        """The article's type for a name: settled from all its evidence once the claims are in
        (`settle_types`), the running vote before."""
        canon = self.name(name)
        if canon in self.settled:
            return self.settled[canon][0]
        votes = self._running(self.votes, canon)
        if not votes:
            return "THING"
        label = votes.most_common(1)[0][0]
        return "THING" if label == "PROPN" else label

    def settle_types(self, claims: Iterable, catalogue: Catalogue) -> None:
        """Decide each name's type once for the article, from its mentions' labels, the words
        around them and the slots of the catalogue's predicates it fills in `claims`
        (extract.entity_types). After this, `type_of` gives the decision.

        A claim of a second reader (one with an `extractor`: the learned model in `hybrid`)
        votes only on names the rules' claims did not place: the rules are the more precise
        reader, and one wrong model slot ("Tom Berg | employer | Ines Vidal") must not make a
        person the rules read as a predecessor into a firm, losing the rules' fact."""
        claims = list(claims)
        placed = {self.name(n) for c in claims if not c.extractor and c.predicate in catalogue for n in (c.subject, c.object)}
        for claim in claims:
            if claim.predicate not in catalogue:
                continue
            pred = catalogue.get(claim.predicate)
            second = bool(claim.extractor)
            subject, obj = self.name(claim.subject), self.name(claim.object)
            if not (second and subject in placed):
                self.evidence.add_slot(subject, pred.key, "subject", pred.subject_types, claim.subject_type)
            # a rename's object is a new name, not a thing
            if not pred.literal and claim.alias_of is None and not (second and obj in placed):
                self.evidence.add_slot(obj, pred.key, "object", pred.object_types, claim.object_type)
        names = {self.name(n) for n in (*(m.text for m in self.mentions), *self.evidence.weights)}
        self.settled = {}
        for name in names:
            running = self.type_of(name)
            decided = TypeEvidence.decide(self.evidence.total((name, *self.aliases.get(name, ()))), running)
            if decided is not None:
                self.settled[name] = decided

    def type_weights(self, name: str) -> Counter:
        """The evidence the type of a settled name was decided on (empty before `settle_types`
        or for a name the article has no evidence about)."""
        canon = self.name(name)
        if canon not in self.settled:
            return Counter()
        return self.evidence.total((canon, *self.aliases.get(canon, ())))

    def firm(self, name: str) -> bool:
        """Whether the article's evidence settled the name's type clearly (False before
        `settle_types`, or with no evidence)."""
        return self.settled.get(self.name(name), ("", False))[1]

    def mention_at(self, token) -> Mention | None:
        return self._by_token.get(token.i)

    def resolve(self, token, want: str | None = None) -> str | None:
        """The canonical name a token refers to: a name, a pronoun or a description."""
        mention = self._by_token.get(token.i)
        if mention is not None:
            if want in ("GPE", "LOC"):
                self._keep_place_apart(mention.text)
            return self.name(mention.text)
        topic = self.topic_name
        if topic and token.is_title and token.text == topic.split()[-1]:
            return topic  # the title's surname where the tagger saw no name ("Lubbers joined ...")
        lower = token.lower_
        antecedent = relative_antecedent(token)
        if antecedent is not None:
            return self.resolve(antecedent, want)  # "Colm Doherty, who has led the operator"
        if token.pos_ == "NOUN":  # a description beside a name stands for it
            for child in token.children:  # "her deputy, Sam Ilunga, was elected"
                if child.dep_ == "appos" and child.i in self._by_token:
                    return self.resolve(child, want)
            if token.dep_ == "appos" and token.head.i in self._by_token:  # "X, the payroll company founded ..."
                return self.resolve(token.head, want)
        lead = self._as_lead(token, want)
        if lead is not None:
            return lead
        if lower in PERSON_PRONOUNS:
            return self._person_antecedent(token)
        if lower in GROUP_PRONOUNS and want != "PERSON":
            return self._organisation_subject(token)
        if want == "PERSON" and token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass") \
                and any(c.lower_ == "the" for c in token.children):
            return self._latest(token.i, lambda t: t == "PERSON")
        if lower in ORG_NOUNS and want != "PERSON":  # "Orvik's board" is Orvik's
            owner = next((c for c in token.children if c.dep_ == "poss" and c.i in self._by_token), None)
            if owner is not None:
                return self.resolve(owner, want)
        if lower in THING_PRONOUNS or lower in ORG_NOUNS and want != "PERSON":
            if want in ("GPE", "LOC"):
                return self._latest(token.left_edge.i, lambda t: t in ("GPE", "LOC", "NORP"))
            # a nationality ("Halvard Foods, the Norwegian seafood group, said it ...") is no firm
            found = self._thing_antecedent(token, lambda t: t not in ("PERSON", "GPE", "LOC", "DATE", "NORP"))
            if found or lower not in THING_PRONOUNS:
                return found  # "the company" is never a person; "it" may be a firm NER took for one
            return self._latest(token.i, lambda t: t == "PERSON", unconfirmed=True)
        if lower in PLACE_NOUNS:
            return self._latest(token.left_edge.i, lambda t: t in ("GPE", "LOC", "NORP"))
        return None

    def _organisation_subject(self, token) -> str | None:
        """What "they" stands for where it may be a firm or club ("Al Nassr announced that they
        had signed ..."): the nearest subject before it in its sentence, when that is an
        organisation's name, alone; else nothing (people are "they" as often)."""
        sent = self._sentences[self._sentence_of.get(token.i, 0)]
        for subj in reversed([t for t in sent if t.i < token.i and t.dep_ in ("nsubj", "nsubjpass")]):
            mention = self._by_token.get(subj.i)
            if mention is None or any(c.dep_ == "conj" for c in subj.children):
                return None  # "Amazon and iRobot ... their merger": the pair, not one of them
            name = self.name(mention.text)
            return name if self.type_of(name) == "ORG" else None
        return None

    def _keep_place_apart(self, short: str) -> None:
        """A name used as a place ("Hollowby has 80,000 people") is not the longer name it
        begins ("the Hollowby Gazette"): a town lends its name to papers, clubs and firms.
        Undo that short-name resolution for the rest of the article."""
        full = self.canonical.get(short)
        if full is not None and full.split()[: len(short.split())] == short.split():
            del self.canonical[short]
            self.aliases[full].discard(short)

    def _person_antecedent(self, token) -> str | None:
        """Who "he" or "she" is. Subjects are the likeliest antecedents (centering): walking back
        sentence by sentence, the pronoun takes the person who is the sentence's subject (itself
        possibly a pronoun, resolved the same way), else the latest person named in it. With no
        person in the last few sentences, the article's topic (its title names a person) wins."""
        if token.i in self._antecedents:
            return self._antecedents[token.i]
        self._antecedents[token.i] = None  # guards against cycles through the recursion
        gender = PRONOUN_GENDER.get(token.lower_)

        def agrees(name: str | None) -> bool:  # "she" is not someone an earlier "he" stood for
            return name is not None and (gender is None or self.genders.get(name, gender) == gender)

        found = self._centered(token, lambda subj: (lambda n: n if agrees(n) else None)(self._person_at(subj)),
                               lambda t: t == "PERSON", accept=agrees)
        if not found:
            topic = self.topic_name
            found = topic if topic and self.type_of(topic) == "PERSON" and agrees(topic) else self._latest(
                token.i, lambda t: t == "PERSON", accept=agrees)
        if found and gender:
            self.genders.setdefault(found, gender)
        self._antecedents[token.i] = found
        return found

    def _thing_antecedent(self, token, fits, depth: int = 0) -> str | None:
        """What "it", "its" or "the company" stands for, read as `_person_antecedent` reads "he":
        the subject of its sentence before it, or of the sentences before, when that subject is
        a name of a fitting kind (or itself stands for one); else the latest fitting name in that
        sentence; else the latest before it anywhere. Subjects first, because the latest name is
        often one said in passing: in "Boeing named Ortberg, the former head of Rockwell Collins,
        as its next chief executive", "its" is Boeing's."""
        # Not remembered, unlike a person's antecedent: the names' types, which decide what
        # fits, are settled while the article is read. Each step goes to an earlier word, so
        # there is no cycle; a chain of "it"s is followed THING_CHAIN steps back at most (a
        # long text of "The company ..." sentences would otherwise recurse once per sentence).
        found = self._centered(token, lambda subj: self._thing_at(subj, fits, depth), fits)
        return found or self._latest(token.left_edge.i, fits)

    def _centered(self, token, at_subject, fits, sentences: int = 4, accept=None) -> str | None:
        """Centering's walk back from `token`, sentence by sentence (its own first, up to the
        token): the latest subject `at_subject` names, else the latest name of a type that
        `fits`; None when the last `sentences` sentences have neither."""
        here = self._sentence_of.get(token.i, 0)
        for n in range(here, max(-1, here - sentences), -1):
            sent = self._sentences[n]
            # before the description's whole phrase: "the Bergen-based company" is not Bergen
            limit = token.left_edge.i if n == here else sent.end
            for subj in reversed([t for t in sent if t.i < limit and t.dep_ in ("nsubj", "nsubjpass")]):
                found = at_subject(subj)
                if found:
                    return found
            named = [m for m in self.mentions if sent.start <= m.start < limit and fits(self.type_of(m.text))
                     and (accept is None or accept(self.name(m.text)))]
            if named:
                return self.name(named[-1].text)
        return None

    def _thing_at(self, tok, fits, depth: int) -> str | None:
        mention = self._by_token.get(tok.i)
        if mention is not None:
            return self.name(mention.text) if fits(self.type_of(mention.text)) else None
        if (tok.lower_ in THING_PRONOUNS or tok.lower_ in ORG_NOUNS) and depth < THING_CHAIN:
            return self._thing_antecedent(tok, fits, depth + 1)
        return None

    def _person_at(self, tok) -> str | None:
        if tok.lower_ in PERSON_PRONOUNS:
            return self._person_antecedent(tok)
        antecedent = relative_antecedent(tok)  # "succeeding Hale, who announced that he would retire"
        if antecedent is not None and antecedent.i != tok.i:
            return self._person_at(antecedent)
        mention = self._by_token.get(tok.i)
        if mention is not None and self.type_of(mention.text) == "PERSON":
            return self.name(mention.text)
        return None

    def topic(self) -> str | None:
        """The name the article's title is about ("Gary Mills (footballer)" -> "Gary Roland
        Mills"): the article's name whose words start and end like the title's, if one does."""
        if not self.title:
            return None
        words = normalise(re.sub(r"\(.*?\)", " ", self.title)).split()
        if not words or len(words) > 6:
            return None
        for mention in self.mentions:
            theirs = normalise(self.name(mention.text)).split()
            if theirs and theirs[0] == words[0] and theirs[-1] == words[-1]:
                return self.name(mention.text)
        return None

    def _latest(self, before: int, fits, unconfirmed: bool = False, accept=None) -> str | None:
        for mention in reversed(self.mentions):
            if mention.start < before and fits(self.type_of(mention.text)) \
                    and (accept is None or accept(self.name(mention.text))):
                if unconfirmed and self.votes[self.name(mention.text)].get("PERSON", 0) >= 2:
                    continue  # a relation said it is a person: "it" cannot be them
                return self.name(mention.text)
        return None

    def latest_person(self, before: int, exclude: str) -> str | None:
        for mention in reversed(self.mentions):
            name = self.name(mention.text)
            if mention.start < before and name != exclude and self.type_of(name) == "PERSON":
                return name
        return None

    def main(self, fits) -> str | None:
        """The most mentioned name of a fitting type (ties: the earliest)."""
        counts: Counter = Counter()
        first: dict[str, int] = {}
        for mention in self.mentions:
            name = self.name(mention.text)
            if fits(self.type_of(name)):
                counts[name] += 1
                first.setdefault(name, mention.start)
        if not counts:
            return None
        return min(counts, key=lambda n: (-counts[n], first[n]))
