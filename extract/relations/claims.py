"""What the rules produce: `Claim` (one relation in surface form), what earlier sentences of an
article established (`ArticleContext`), and the clean-ups over a sentence's or an article's claims."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.core.catalogue import Catalogue
from kg.core.facts import Kind, Modality, TimePoint


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
    # (sentence's text, person) -> (date or None, modality, reason): the departures the rules read,
    # also where they could name no role to end, so that another reader's fact about that person
    # in that sentence ends rather than starts ("X resigned as president of Y"). By text, not token
    # index: a long text's sections are separate Docs that share this context.
    departures: dict[tuple[str, str], tuple] = field(default_factory=dict)
    # sentence's text -> the rules' SentenceReader of it, whose reading of dates another
    # reader's claims in that sentence reuse (extract.model.timing)
    readers: dict[str, object] = field(default_factory=dict)


def dedupe(claims: list[Claim]) -> list[Claim]:
    seen, out = set(), []
    for c in claims:
        key = (c.subject, c.predicate, c.object, c.kind, c.valid_from, c.valid_until)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


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


def start_on_taking_office(per_sentence: list[tuple[str, list[Claim]]], catalogue: Catalogue,
                           published: TimePoint) -> None:
    """"Lori Lightfoot was elected mayor on Tuesday ... She will be sworn in on May 20": where
    the article gives one holder a single-valued post from a past date (the election, the
    appointment) and again from a date after its publication (the day they take office), the
    post starts on that later day, and the claim from the earlier date is dropped; else the
    predecessor, who holds the post until the later day, would overlap the newcomer. Two starts
    in the past (a re-appointment of a post held throughout) both stay."""
    def key(c: Claim):
        return c.subject, c.predicate, c.object

    def asserted(c: Claim) -> bool:
        return c.kind is Kind.ASSERT and c.modality is Modality.ASSERTED and catalogue.get(c.predicate).single

    later = {key(c) for _, claims in per_sentence for c in claims
             if asserted(c) and c.valid_from is not None and c.valid_from.date > published.date}
    if not later:
        return
    for n, (sentence, claims) in enumerate(per_sentence):
        kept = [c for c in claims if not (asserted(c) and key(c) in later and c.valid_from is not None
                                          and c.valid_from.date <= published.date)]
        if len(kept) != len(claims):
            per_sentence[n] = (sentence, kept)
