"""Relations from one parsed sentence: rules over spaCy's dependency parse, their words data.

Each event family (families/: appointments and successions, departures, head offices,
acquisitions, figures, founding, renames, careers, copular roles, other verb relations) reads
a sentence through the shared `reader.SentenceReader` and returns `Claim` values in surface
form: names as the article writes them, the predicate key, dates resolved against the
publication date, and a modality (asserted, hedged, negated; modality.py). The families' words
are lists in extract/lexicon.yaml, read by name. `extract.pipeline` turns claims into
statements and entities. Nothing here knows any particular name. See docs/extraction.md.
"""

from __future__ import annotations

from kg.core.catalogue import Catalogue
from kg.core.facts import TimePoint
from extract.linking import ArticleMentions
from extract.relations.claims import ArticleContext, Claim, dedupe, drop_stale_titles, start_on_taking_office
from extract.relations.reader import SentenceReader
from extract.relations.registry import FAMILIES

__all__ = ["ArticleContext", "Claim", "RelationFinder", "SentenceReader", "drop_stale_titles", "start_on_taking_office"]


class RelationFinder:
    def __init__(self, catalogue: Catalogue, mapper):
        self.catalogue = catalogue
        self.mapper = mapper  # extract.pipeline.PredicateMapper

    def sentence_claims(self, sent, mentions: ArticleMentions, published: TimePoint,
                        context: ArticleContext) -> list[Claim]:
        reader = SentenceReader(sent, mentions, published, context, self.catalogue, self.mapper)
        context.readers[reader.text] = reader
        claims: list[Claim] = []
        for family in FAMILIES:
            claims.extend(family(reader))
        return dedupe(claims)
