"""Claims from the learned relation extractor, for `extraction = learned` and `hybrid`.

The model reads windows of consecutive sentences (as many as fit in its token budget, so a
fact split across a spaCy sentence boundary is still one pair), all windows of an article in
one batched call. Each scored pair becomes a `LearnedClaim` whose names are resolved the way
the rules resolve them (pronouns to their antecedent, short names to the full one), whose
`extractor` names the model, whose confidence is the model's probability, and which carries
the character spans of the two mentions that produced it (also when a mention is a pronoun),
so provenance and evaluation point at the words the model read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from kg.core.dates import resolve as resolve_date
from extract.model.artefact import RelationModel
from extract.model.data import candidate_pairs
from extract.model.mentions import PRONOUN, mentions_in
from extract.model.network import MAX_TOKENS
from extract.relations import Claim
from kg.core.facts import TimePoint

Span = tuple[int, int]


@dataclass(frozen=True)
class LearnedClaim(Claim):
    subject_span: Span | None = None  # character offsets in the article's text of the mention read
    object_span: Span | None = None


def windows(sentences: list, tokenizer, budget: int = MAX_TOKENS - 2) -> list[list[int]]:
    """Consecutive sentences grouped so that each group's word pieces fit the model's budget
    (a sentence longer than the budget is a group of its own and is truncated)."""
    lengths = [len(ids) for ids in tokenizer([s.text for s in sentences], add_special_tokens=False)["input_ids"]]
    groups, used = [], budget + 1
    for n, length in enumerate(lengths):
        if used + length > budget:
            groups.append([])
            used = 0
        groups[-1].append(n)
        used += length
    return groups


class LearnedClaimFinder:
    def __init__(self, model: RelationModel, catalogue, window: bool = True, check_types: str = "pronouns",
                 pairs_within: str = "sentence", min_confidence: float = 0.0):
        self.model = model
        # Scored pairs below this probability give no claim (over the model's own cut-off):
        # its cut-off was chosen on passages that state facts, and news mostly does not.
        self.min_confidence = min_confidence
        self.catalogue = catalogue
        self.gates = {m.predicate: m for m in model.mapping}
        self.window = window  # False: one sentence per pass (kept to measure what windows buy)
        # "sentence": only pairs of mentions in one spaCy sentence are scored (the window is
        # context); the model was trained on one-sentence passages, and its pairs across
        # sentences were mostly wrong (docs/BENCHMARKS.md, Re-DocRED). "window": every pair.
        self.pairs_within = pairs_within
        self.check_types = check_types  # "pronouns" (see _types_fit), "all" (every voted type), "none"
        self.dropped: Counter = Counter()  # why scored pairs gave no claim (for the benchmark)

    def article_claims(self, sentences: list, mentions, published: TimePoint) -> list[list[Claim]]:
        """One list of claims per spaCy sentence (a pair across sentences goes with the later one)."""
        if not sentences:
            return []
        groups = windows(sentences, self.model.tokenizer) if self.window else [[n] for n in range(len(sentences))]
        doc = sentences[0].doc
        spans = [doc[sentences[g[0]].start:sentences[g[-1]].end] for g in groups]
        found = [mentions_in(span) for span in spans]
        sentence_of = {tok: n for n, sent in enumerate(sentences) for tok in range(sent.start, sent.end)}
        pairs = [[(i, j) for i, j in candidate_pairs(ms, self.model.mapping)
                  if self.pairs_within == "window" or sentence_of[ms[i].token] == sentence_of[ms[j].token]]
                 for ms in found]
        scored = self.model.predict([span.text for span in spans], found, pairs=pairs)
        out: list[list[Claim]] = [[] for _ in sentences]
        for span, ms, scores in zip(spans, found, scored):
            seen: set = set()  # one claim per fact and window; another window is more provenance
            for score in sorted(scores, key=lambda s: -s.probability):
                if score.probability < self.min_confidence:
                    self._drop("below the product's confidence floor")
                    continue
                claim = self._claim(span, ms[score.subject], ms[score.object], score, mentions, published,
                                    sentences, sentence_of, seen)
                if claim is not None:
                    out[max(sentence_of[ms[score.subject].token], sentence_of[ms[score.object].token])].append(claim)
        return out

    def _claim(self, span, s_mention, o_mention, score, mentions, published, sentences, sentence_of, seen):
        predicate = self.catalogue.get(score.predicate)
        subject = self._name(span, s_mention, mentions)
        if predicate.literal:
            point = resolve_date(_text(span, o_mention), published)
            obj, obj_type = (str(point), "date") if point else (None, "date")
        else:
            obj = self._name(span, o_mention, mentions)
            obj_type = mentions.type_of(obj) if obj else "THING"
        key = (subject, score.predicate, obj)
        if not subject or not obj:
            return self._drop("no name (a pronoun without antecedent, or a date that does not resolve)")
        if subject == obj or key in seen:
            return self._drop("same name twice, or already claimed")
        subject_type = mentions.type_of(subject)
        if self.check_types != "none" and not self._types_fit(score.predicate, subject_type, obj_type, s_mention, o_mention):
            return self._drop("types")  # a pronoun resolved to a name of the wrong kind ("its" -> a firm as spouse)
        seen.add(key)
        first, last = sorted((sentence_of[s_mention.token], sentence_of[o_mention.token]))
        doc = span.doc
        return LearnedClaim(subject, score.predicate, obj, doc.text[sentences[first].start_char:sentences[last].end_char].strip(),
                            subject_type=subject_type, object_type=obj_type,
                            confidence=round(score.probability, 3), rule="learned", extractor=self.model.name,
                            subject_span=_doc_span(span, s_mention), object_span=_doc_span(span, o_mention))

    def _drop(self, reason: str) -> None:
        self.dropped[reason] += 1
        return None

    def _types_fit(self, predicate: str, subject_type: str, object_type: str, s_mention, o_mention) -> bool:
        """The article's voted type of each resolved name must fit the predicate's gate. A named
        mention was already gated by its own label when the pair was scored, so the voted type is
        only consulted where that label says nothing of the referent: a pronoun, whose antecedent's
        type decides. (`check_types = "all"` consults it for every name, as before windows.)"""
        gate = self.gates[predicate]
        every = self.check_types == "all"
        ok_s = not (every or s_mention.label == PRONOUN) or subject_type == "THING" or subject_type in gate.subject
        ok_o = not (every or o_mention.label == PRONOUN) or object_type in ("THING", "date") or object_type in gate.object
        return ok_s and ok_o

    @staticmethod
    def _name(span, mention, mentions) -> str | None:
        """The canonical name a mention stands for (a pronoun's antecedent), or None."""
        found = mentions.resolve(span.doc[mention.token])
        if found is None and mention.label != PRONOUN:
            found = mentions.name(_text(span, mention))
        return found


def _text(span, mention) -> str:
    return span.text[mention.start:mention.end]


def _doc_span(span, mention) -> Span:
    return span.start_char + mention.start, span.start_char + mention.end
