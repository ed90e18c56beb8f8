"""Claims from the learned relation extractor, for `extraction = learned` and `hybrid`.

All sentences of an article go through the model in one call (one encoder pass per
sentence); each scored pair becomes a Claim whose names are resolved the way the rules
resolve them (pronouns to their antecedent, short names to the full one), whose
`extractor` names the model and whose confidence is the model's probability.
"""

from __future__ import annotations

from kg.core.dates import resolve as resolve_date
from extract.model.artefact import RelationModel
from extract.model.mentions import PRONOUN, mentions_in
from extract.relations import Claim
from kg.core.facts import TimePoint


class LearnedClaimFinder:
    def __init__(self, model: RelationModel, catalogue):
        self.model = model
        self.catalogue = catalogue
        self.gates = {m.predicate: m for m in model.mapping}

    def article_claims(self, sentences: list, mentions, published: TimePoint) -> list[list[Claim]]:
        """One list of claims per spaCy sentence."""
        found = [mentions_in(sent) for sent in sentences]
        scored = self.model.predict([sent.text for sent in sentences], found)
        return [self._claims(sent, ms, scores, mentions, published)
                for sent, ms, scores in zip(sentences, found, scored)]

    def _claims(self, sent, ms, scores, mentions, published: TimePoint) -> list[Claim]:
        claims, seen = [], set()
        for score in sorted(scores, key=lambda s: -s.probability):
            predicate = self.catalogue.get(score.predicate)
            subject = self._name(sent, ms[score.subject], mentions)
            if predicate.literal:
                point = resolve_date(_text(sent, ms[score.object]), published)
                obj, obj_type = (str(point), "date") if point else (None, "date")
            else:
                obj = self._name(sent, ms[score.object], mentions)
                obj_type = mentions.type_of(obj) if obj else "THING"
            key = (subject, score.predicate, obj)
            if not subject or not obj or subject == obj or key in seen:
                continue
            if not self._types_fit(score.predicate, mentions.type_of(subject), obj_type):
                continue  # a pronoun resolved to a name of the wrong kind ("its" -> a firm as spouse)
            seen.add(key)
            claims.append(Claim(subject, score.predicate, obj, sent.text.strip(),
                                subject_type=mentions.type_of(subject), object_type=obj_type,
                                confidence=round(score.probability, 3), rule="learned",
                                extractor=self.model.name))
        return claims

    def _types_fit(self, predicate: str, subject_type: str, object_type: str) -> bool:
        gate = self.gates[predicate]
        return (subject_type == "THING" or subject_type in gate.subject) and (
            object_type in ("THING", "date") or object_type in gate.object)

    @staticmethod
    def _name(sent, mention, mentions) -> str | None:
        """The canonical name a mention stands for (a pronoun's antecedent), or None."""
        found = mentions.resolve(sent.doc[mention.token])
        if found is None and mention.label != PRONOUN:
            found = mentions.name(_text(sent, mention))
        return found


def _text(sent, mention) -> str:
    return sent.text[mention.start:mention.end]
