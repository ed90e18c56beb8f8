"""Articles -> statements: parse (spaCy), find relations, link entities, build statements.

Two steps: `Extractor.prepare` reads an article (parse, names, claims in surface form) and
needs no graph, so batches run it in worker processes (`extract.parallel`);
`Extractor.link` maps the claims onto the graph's entities and builds statements, in the
process that holds the graph. `Extractor.extract(article, index)` does both for one article.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from kg.core.catalogue import OPEN_PREFIX, Catalogue, Predicate, role_head
from kg.runtime.settings import Settings
from kg.core.entities import EntityIndex
from kg.core.facts import Entity, HeldBack, Kind, Modality, Precision, Ref, Statement, TimePoint, Value, digest
from kg.runtime.local_models import sentence_encoder, spacy_pipeline
from spacy.tokens import Doc

from extract import headlines
from extract.articles import Article
from kg.core.linking import Linker, compatible
from extract.entity_types import settled_with_graph
from extract.linking import REPEATS_FROM, ArticleMentions
from extract.quotes import quoted_ranges, wholly_quoted
from extract.model.timing import dated
from extract.relations import (ArticleContext, Claim, RelationFinder, SentenceReader, drop_stale_titles,
                               start_on_taking_office)
from extract.sections import fits_whole, parse_all, section_docs

logger = logging.getLogger(__name__)

EXTRACTOR_NAME = "evergreen-rules/1"
LEARNED_MODES = ("learned", "hybrid")  # settings.extraction values that use extract.model
ROLE_TYPE = "ROLE"  # the catalogue's object type of a post named by its role ("position held")
EMPLOYER = "employer"  # the catalogue predicate a departure ends besides a post (as departures.py)


def source_id_for(article: Article) -> str:
    return "art-" + article.content_hash[:16]


@dataclass
class Extraction:
    entities: list[Entity] = field(default_factory=list)  # new or updated (aliases) entities
    statements: list[Statement] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)
    barren_sentences: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)  # surface form, for benchmarks and debugging


@dataclass
class Prepared:
    """One article read: its names (with voted types and aliases) and its claims per sentence.
    Pickles without the spaCy doc, so worker processes can send it back."""

    mentions: ArticleMentions | None
    per_sentence: list[tuple[str, list[Claim]]]
    error: str | None = None
    extractor: str = EXTRACTOR_NAME  # the Source's agent
    held_back: list[HeldBack] = field(default_factory=list)  # claims dropped before linking
    notes: list[str] = field(default_factory=list)  # for the report ("read by the rules instead")


class PredicateMapper:
    """Surface phrases -> catalogue predicates: synonyms first, then embedding similarity."""

    def __init__(self, catalogue: Catalogue, nlp, encode=None, role_cutoff: float = 0.9,
                 relation_cutoff: float = 0.82):
        self.catalogue = catalogue
        self.encode = encode  # list[str] -> normalised vectors (None: synonyms only)
        self.role_cutoff = role_cutoff
        self.relation_cutoff = relation_cutoff
        self.roles: dict[str, Predicate] = catalogue.offices  # posts held by a person: read as roles
        self.relations: dict[str, Predicate] = {}
        office_keys = {p.key for p in self.roles.values()}
        for pred in catalogue:
            if pred.key not in office_keys and not pred.literal:
                phrases = [s for s in pred.synonyms if " " in s or s.endswith(("ed", "s"))] + list(pred.synonyms)
                for doc, name in zip(nlp.pipe(phrases), phrases):
                    lemma = " ".join(t.lemma_.lower() for t in doc)
                    self.relations.setdefault(lemma, pred)
                    self.relations.setdefault(name.lower(), pred)
        self._role_cache: dict[str, Predicate | None] = {}
        self._rel_cache: dict[tuple[str, str, str], tuple[Predicate, bool] | None] = {}
        self._role_names = sorted(self.roles)
        # Only a phrase whose head is the head of a known office ("officer", "coach") is worth
        # comparing by meaning. At the 0.9 cutoff nothing else ever matched (0 of 2,042 phrases
        # over 1,000 biography paragraphs), and each comparison cost an encoder call.
        self._role_heads = catalogue.office_heads
        self._rel_names = sorted(self.relations)
        self._role_vectors = None
        self._rel_vectors = None

    def warm(self) -> None:
        """Encode the catalogue's role and relation names now (else on first need)."""
        if self.encode is not None:
            if self._role_vectors is None:
                self._role_vectors = self.encode(self._role_names)
            if self._rel_vectors is None:
                self._rel_vectors = self.encode(self._rel_names)

    def role(self, phrase: str) -> Predicate | None:
        phrase = re.sub(r"\s+", " ", phrase.lower().replace("-", " ")).strip()
        if not phrase:
            return None
        if phrase not in self._role_cache:
            self._role_cache[phrase] = self._role(phrase)
        return self._role_cache[phrase]

    def _role(self, phrase: str) -> Predicate | None:
        words = phrase.split()
        for i in range(len(words)):
            tail = " ".join(words[i:])
            if tail in self.roles and (i == 0 or " " in tail):
                return self.roles[tail]
        if self.encode is None or len(words) < 2 or not self._ends_in_role_head(role_head(phrase)):
            return None
        if self._role_vectors is None:
            self._role_vectors = self.encode(self._role_names)
        vec = self.encode([phrase])[0]
        scores = self._role_vectors @ vec
        best = int(scores.argmax())
        return self.roles[self._role_names[best]] if scores[best] >= self.role_cutoff else None

    def _ends_in_role_head(self, word: str) -> bool:
        return word in self._role_heads or word.endswith("s") and word[:-1] in self._role_heads

    def relation(self, phrase: str, stype: str, otype: str) -> Predicate | None:
        key = (phrase.lower(), stype, otype)
        if key not in self._rel_cache:
            self._rel_cache[key] = self._relation(*key)
        found = self._rel_cache[key]
        return found[0] if found else None

    def _fits(self, pred: Predicate, stype: str, otype: str) -> bool:
        ok_s = not pred.subject_types or stype == "THING" or any(compatible(stype, t) for t in pred.subject_types)
        ok_o = not pred.object_types or otype == "THING" or any(compatible(otype, t) for t in pred.object_types)
        return ok_s and ok_o

    def _relation(self, phrase: str, stype: str, otype: str):
        pred = self.relations.get(phrase)
        if pred is not None and self._fits(pred, stype, otype) and pred.key not in _ROLE_KEYS(self):
            return pred, False
        if self.encode is None:
            return None
        if self._rel_vectors is None:
            self._rel_vectors = self.encode(self._rel_names)
        vec = self.encode([phrase])[0]
        scores = self._rel_vectors @ vec
        for index in scores.argsort()[::-1][:3]:
            if scores[index] < self.relation_cutoff:
                break
            pred = self.relations[self._rel_names[index]]
            if self._fits(pred, stype, otype):
                return pred, False
        return None


def _ROLE_KEYS(mapper: PredicateMapper) -> set[str]:
    return {p.key for p in mapper.roles.values()}


class Extractor:
    def __init__(self, settings: Settings, catalogue: Catalogue, use_embeddings: bool = True):
        self.settings = settings
        self.catalogue = catalogue
        self.nlp = spacy_pipeline(settings.spacy_model)
        self._encoder = None
        encode = self.encode if use_embeddings else None
        self.mapper = PredicateMapper(catalogue, self.nlp, encode)
        self.finder = RelationFinder(catalogue, self.mapper)
        self._llm_finder = None
        self.ontology = None  # the ontology mode (setting ontology): claims of the user's relations too
        self._learned_finder = None
        if settings.ontology:
            from extract.ontology_claims import OntologyClaimFinder, load_ontology

            ontology = load_ontology(settings.ontology)  # a bad file stops here, before any model loads
            # the learned modes' model, when on, serves the ontology mode too (one copy in memory)
            model = self._learned().model if settings.extraction in LEARNED_MODES else None
            self.ontology = OntologyClaimFinder.for_ingest(ontology, self.encode, catalogue, model,
                                                           settings.model_runtime)

    # -- models ----------------------------------------------------------------------------

    def loaded(self) -> Extractor:
        """This extractor with its models in memory (forked workers then share them)."""
        from kg.core.dates import warm as warm_dates

        self._sentence_encoder()
        self.mapper.warm()
        warm_dates()
        if self.settings.extraction in LEARNED_MODES:
            self._learned()
        return self

    def _learned(self):
        """The learned relation extractor (extract.model), loaded once per Extractor."""
        if self._learned_finder is None:
            from extract.model.artefact import RelationModel
            from extract.model.claims import LearnedClaimFinder

            model = RelationModel.load(runtime=self.settings.model_runtime)
            self._learned_finder = LearnedClaimFinder(model, self.catalogue,
                                                      min_confidence=self.settings.learned_min_confidence)
        return self._learned_finder

    def encode(self, texts: list[str]):
        return _encode_cached(self._sentence_encoder(), tuple(texts))

    def _sentence_encoder(self):
        if self._encoder is None:
            self._encoder = sentence_encoder(self.settings.embedding_model, self.settings.embedding_runtime)
        return self._encoder

    # -- reading: parse and claims, no graph needed (runs in worker processes too) ------------

    def prepare(self, article: Article, doc=None) -> Prepared:
        """The article's claims in surface form, before linking. Needs only the models, not
        the graph, so `extract.parallel` runs it in worker processes."""
        published = article.published or TimePoint.parse("1970-01-01")
        if doc is None and not fits_whole(self.nlp, article.text):
            return self._prepare_sections(article, published)
        doc = self.nlp(article.text) if doc is None else doc
        headline = self._headline(article)
        if headline is None:
            return self._prepare_doc(doc, published, article.title, ArticleContext())
        body = sum(1 for s in doc.sents if s.text.strip())
        whole = Doc.from_docs([doc, headline])
        whole.user_data[REPEATS_FROM] = len(doc)  # the headline's names repeat the body's (linking.py)
        return self._prepare_doc(whole, published, article.title, ArticleContext(), headline_from=body)

    def _headline(self, article: Article):
        """The article's headline parsed as a sentence of its own, when it states something
        (extract.headlines); read after the body, as the article's last sentence."""
        if not headlines.readable(article.title, article.text):
            return None
        text = headlines.rewrite(self.nlp(" ".join(article.title.split())))
        return self.nlp(text) if text else None

    def _post_holder(self, claim: Claim) -> tuple[str | None, bool]:
        """The person a claim gives a post, and whether the post is named only by its role
        words: the object of an office ("chief executive"; False), the subject of a predicate
        whose object is a role ("position held"; True); else (None, False)."""
        pred = self.catalogue.get(claim.predicate) if claim.predicate in self.catalogue else None
        if pred is None or pred.open:
            return None, False
        if pred.key in {p.key for p in self.catalogue.offices.values()}:
            return claim.object, False
        return (claim.subject, True) if ROLE_TYPE in pred.object_types else (None, False)

    def _prepare_doc(self, doc, published: TimePoint, title: str | None, context: ArticleContext,
                     headline_from: int | None = None) -> Prepared:
        """`headline_from`: the index of the first sentence that is the headline, if any."""
        if self.settings.extraction == "llm":
            prepared = self._prepare_llm(doc, published, title)
        elif self.settings.extraction in LEARNED_MODES:
            prepared = self._prepare_learned(doc, published, title, context)
        else:
            mentions, per_sentence = self.claims(doc, published, title, context)
            prepared = Prepared(mentions, per_sentence)
        context.readers.clear()  # they hold this Doc; a long text's next section needs its own
        start_on_taking_office(prepared.per_sentence, self.catalogue, published)  # every reader's claims in
        _hold_back_quoted(doc, prepared)
        if headline_from is not None:
            _cite_headline(prepared, headline_from, title, self._post_holder)
        if self.ontology is not None:
            self._add_ontology_claims(doc, published, prepared)
        self._settle_types(prepared)
        return prepared

    def _settle_types(self, prepared: Prepared) -> None:
        """Each name's type decided once for the article, now that every claim is in."""
        if prepared.mentions is not None:
            claims = [c for _, found in prepared.per_sentence for c in found]
            prepared.mentions.settle_types(claims, self.catalogue)

    def _prepare_sections(self, article: Article, published: TimePoint) -> Prepared:
        """A text too long for one Doc, read one section at a time (extract.sections): each
        section's claims and names are kept as plain data and its Doc dropped before the next
        is parsed, so memory does not grow with the text's tokens. What earlier sentences
        established (roles, dates) carries over from section to section."""
        context = ArticleContext()
        whole = Prepared(None, [])
        for doc in section_docs(self.nlp, article.text):
            part = self._prepare_doc(doc, published, article.title, context)
            part.mentions.forget_doc()
            if whole.mentions is None:
                whole.mentions = part.mentions
            else:
                whole.mentions.absorb(part.mentions)
            whole.per_sentence.extend(part.per_sentence)
            whole.held_back.extend(part.held_back)
            whole.notes.extend(n for n in part.notes if n not in whole.notes)
            whole.extractor = part.extractor
            del doc, part  # the section's Doc goes before the next one is parsed
        drop_stale_titles(whole.per_sentence, self.catalogue)  # an event in one section outranks a title in another
        start_on_taking_office(whole.per_sentence, self.catalogue, published)
        self._settle_types(whole)  # over the sections' evidence together
        return whole

    def _add_ontology_claims(self, doc, published: TimePoint, prepared: Prepared) -> None:
        """The ontology mode: each sentence's claims of the user's relations join the ones the
        extractor found in it (matched by the sentence's text, whichever extractor that was)."""
        sents = [s for s in doc.sents if s.text.strip()]
        mentions = prepared.mentions or ArticleMentions(doc)
        by_text = {text: claims for text, claims in prepared.per_sentence}
        for sent, claims in zip(sents, self.ontology.claims(sents, mentions, published)):
            text = sent.text.strip()
            if text not in by_text:
                by_text[text] = []
                prepared.per_sentence.append((text, by_text[text]))
            by_text[text].extend(claims)

    def _prepare_learned(self, doc, published: TimePoint, title: str | None,
                         context: ArticleContext | None = None) -> Prepared:
        """`learned`: the model's claims only. `hybrid`: the rules' claims (events, dates,
        figures, ends) plus the model's for the pairs of names the rules said nothing about,
        and not for a single-valued slot the rules filled in that sentence: when the rules read
        "Boeing will move its headquarters from Chicago to Arlington, Virginia", the model's
        Boeing-Virginia headquarters is a second value for the one the rules dated."""
        finder = self._learned()
        context = ArticleContext() if context is None else context  # the rules' events, read below
        if self.settings.extraction == "hybrid":
            mentions, per_sentence = self.claims(doc, published, title, context)
        else:
            mentions = ArticleMentions(doc, title)
            per_sentence = [(s.text.strip(), []) for s in doc.sents if s.text.strip()]
        sentences = [s for s in doc.sents if s.text.strip()]
        learned = finder.article_claims(sentences, mentions, published)
        merged = []
        for (text, claims), extra, sentence in zip(per_sentence, learned, sentences):
            told = {frozenset((c.subject, c.object)) for c in claims if not c.predicate.startswith(OPEN_PREFIX)}
            filled = {(c.subject, c.predicate) for c in claims if c.predicate in self.catalogue
                      and self.catalogue.get(c.predicate).single}
            extra = [self._as_departure(c, sentence, context) for c in extra]
            if extra:
                reader = self._reader(sentence, mentions, published, context)
                extra = [dated(c, reader, self.catalogue.get(c.predicate).literal) for c in extra]
            merged.append((text, claims + [c for c in extra if frozenset((c.subject, c.object)) not in told
                                           and (c.subject, c.predicate) not in filled]))
        return Prepared(mentions, merged, extractor=finder.model.name if self.settings.extraction == "learned"
                        else f"{EXTRACTOR_NAME}+{finder.model.name}")

    def _reader(self, sentence, mentions, published: TimePoint, context: ArticleContext):
        """The rules' reader of this sentence (hybrid), or a new one (learned: no rules ran)."""
        reader = context.readers.get(sentence.text.strip())
        if reader is None or reader.sent.doc is not sentence.doc:
            reader = SentenceReader(sentence, mentions, published, context, self.catalogue, self.mapper)
        return reader

    def _as_departure(self, claim: Claim, sentence, context: ArticleContext) -> Claim:
        """The model reads a relation, the rules read the event: where the rules read that a
        person left in this sentence ("X resigned as president of Y", a post they could not
        name), the model's fact of that person's post or employer ends there, dated by the
        event, instead of starting."""
        pred = self.catalogue.get(claim.predicate) if claim.predicate in self.catalogue else None
        if pred is None or claim.kind is not Kind.ASSERT:
            return claim
        person = claim.object if pred.roles else claim.subject if pred.key == EMPLOYER else None
        left = context.departures.get((sentence.text.strip(), person)) if person else None
        if left is None:
            return claim
        date, modality, reason = left
        return replace(claim, kind=Kind.END, valid_from=date, modality=modality, reason=reason)

    def _prepare_llm(self, doc, published: TimePoint, title: str | None) -> Prepared:
        """Claims from the LLM (extract.llm_claims), checked; if the LLM fails, the rules read
        the article instead and the report says so."""
        from extract.llm_claims import LLMClaimFinder
        from kg.core.errors import LLMError, ModelMissingError
        from kg.llms.base import make_llm

        if self._llm_finder is None:
            self._llm_finder = LLMClaimFinder(self.catalogue, make_llm(self.settings.extraction_llm, self.settings))
        mentions = ArticleMentions(doc, title)
        try:
            reading = self._llm_finder.read(doc, published, title, mentions)
        except (LLMError, ModelMissingError) as err:
            logger.warning("LLM extraction failed; reading with the rules: %s", err)
            mentions, per_sentence = self.claims(doc, published, title)
            return Prepared(mentions, per_sentence, notes=[f"LLM extraction failed, read by the rules instead: {err}"])
        return Prepared(mentions, reading.per_sentence, extractor=self._llm_finder.name, held_back=reading.held_back)

    def prepare_many(self, articles: list[Article], batch_size: int = 32) -> Iterator[Prepared]:
        """`prepare` for each article, in order, parsing them in batches through `nlp.pipe`.
        An article whose extraction fails gives a Prepared with its error; the rest go on."""
        for article, doc in zip(articles, parse_all(self.nlp, (a.text for a in articles), batch_size)):
            try:
                yield self.prepare(article, doc)
            except Exception as err:  # a bug in one article must not stop the batch
                logger.exception("extraction of %s failed", article.file_name or article.title)
                yield Prepared(None, [], error=f"extraction failed ({type(err).__name__}: {err})")

    def claims(self, doc, published: TimePoint, title: str | None = None, context: ArticleContext | None = None
               ) -> tuple[ArticleMentions, list[tuple[str, list[Claim]]]]:
        """`context`: what the article's earlier sections established (a long text)."""
        mentions = ArticleMentions(doc, title)
        context = ArticleContext() if context is None else context
        per_sentence = []
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            per_sentence.append((sent.text.strip(), self.finder.sentence_claims(sent, mentions, published, context)))
        drop_stale_titles(per_sentence, self.catalogue)
        return mentions, per_sentence

    # -- linking: claims -> statements against the graph's entities (main process) ------------

    def extract(self, article: Article, index: EntityIndex) -> Extraction:
        return self.link(article, self.prepare(article), index)

    def link(self, article: Article, prepared: Prepared, index: EntityIndex) -> Extraction:
        mentions, per_sentence = prepared.mentions, prepared.per_sentence
        source_id = source_id_for(article)
        linker = Linker(index, self.encode)
        linker.prefetch(self._names_to_link(per_sentence, mentions))
        out = Extraction(held_back=list(prepared.held_back))
        touched = _Touched()
        for sentence, claims in per_sentence:
            if not claims:
                out.barren_sentences.append(sentence)
                continue
            for claim in claims:
                out.claims.append(claim)
                built = self._statement(claim, mentions, linker, source_id, touched)
                if isinstance(built, HeldBack):
                    out.held_back.append(built)
                    continue
                out.statements.append(built)
                if built.modality is not Modality.ASSERTED:
                    out.held_back.append(HeldBack(sentence, claim.reason or built.modality.value,
                                                  self._describe(claim)))
        used = {s.subject for s in out.statements} | {
            s.object.id for s in out.statements if isinstance(s.object, Ref)}
        out.entities = [e for i, e in touched.items() if i in used or i not in touched.created]
        return out

    @staticmethod
    def _names_to_link(per_sentence, mentions: ArticleMentions) -> list[tuple[str, str]]:
        """The article's entity names with their likeliest types (literals left out)."""
        found: dict[str, str] = {}
        for _, claims in per_sentence:
            for c in claims:
                for name, kind in ((c.subject, c.subject_type), (c.object, c.object_type)):
                    if name and kind not in ("number", "date", "text"):
                        found.setdefault(name, mentions.type_of(name) if kind in ("THING", "", None) else kind)
        return sorted(found.items())

    def _describe(self, claim: Claim) -> str:
        label = self.catalogue.get(claim.predicate).label
        verb = "ended" if claim.kind is Kind.END else ""
        return " | ".join(x for x in (claim.subject, label, claim.object, verb) if x)

    def _link(self, name: str, type_: str, mentions: ArticleMentions, linker: Linker,
              touched: dict[str, Entity]):
        settled = mentions.type_weights(name)
        if settled:  # one entity per name per article, of the type the article's evidence settled
            type_, firm = settled_with_graph(settled, linker.candidates.exact(name), mentions.type_of(name))
            weak = not firm
        else:
            voted = mentions.type_of(name)
            weak = type_ in ("THING", "", None) or (voted not in ("THING",) and type_ not in ("PERSON", "ORG", "GPE"))
            if weak:
                type_ = voted
                weak = max(mentions.votes.get(mentions.name(name), {}).values(), default=0) < 2
        aliases = tuple(sorted(mentions.aliases.get(name, ())))
        link = linker.link(name, type_, aliases, weak=weak)
        if link.new or link.changed:
            touched[link.entity.id] = link.entity
        if link.new:
            touched.created.add(link.entity.id)
        return link

    def _statement(self, claim: Claim, mentions: ArticleMentions, linker: Linker, source_id: str,
                   touched: dict[str, Entity]) -> Statement | HeldBack:
        if claim.predicate in mentions.ambiguous or claim.subject in mentions.ambiguous:
            return HeldBack(claim.sentence, f"'{claim.subject}' is ambiguous in this article", self._describe(claim))
        subject = self._link(claim.subject, claim.subject_type, mentions, linker, touched)
        if subject.ambiguity:
            return HeldBack(claim.sentence, subject.ambiguity, self._describe(claim))
        entity = subject.entity
        if not _fits_gate(entity.type, self.catalogue.get(claim.predicate).subject_types):
            return HeldBack(claim.sentence, _off_gate(entity, claim.predicate), self._describe(claim))
        if claim.alias_of is not None:  # a rename: the new name becomes an alias of the same entity
            if claim.modality is Modality.ASSERTED and claim.object not in (entity.label, *entity.aliases):
                entity = replace(entity, aliases=(*entity.aliases, claim.object))
                linker.index.add(entity)
                touched[entity.id] = entity
        obj = self._object(claim, mentions, linker, touched)
        if isinstance(obj, str):
            return HeldBack(claim.sentence, obj, self._describe(claim))
        return Statement(
            subject=entity.id, predicate=claim.predicate, object=obj, source_id=source_id, kind=claim.kind,
            valid_from=claim.valid_from, valid_until=claim.valid_until, modality=claim.modality,
            sentence=claim.sentence, extractor=claim.extractor or f"{EXTRACTOR_NAME}:{claim.rule}", confidence=claim.confidence,
            reason=claim.reason,
        )

    def _object(self, claim: Claim, mentions, linker, touched):
        if claim.object_type == "number":
            datatype = "integer" if re.fullmatch(r"-?\d+", claim.object) else "decimal"
            return Value(claim.object, datatype, claim.unit)
        if claim.object_type == "date":
            point = TimePoint.parse(claim.object)
            datatype = {Precision.DAY: "date", Precision.YEAR: "year"}.get(point.precision, "string")
            return Value(str(point), datatype)
        if claim.object_type == "text":
            return Value(claim.object)
        link = self._link(claim.object, claim.object_type, mentions, linker, touched)
        if link.ambiguity:
            return link.ambiguity
        if not _fits_gate(link.entity.type, self.catalogue.get(claim.predicate).object_types):
            return _off_gate(link.entity, claim.predicate)
        return Ref(link.entity.id)


QUOTED_SPEECH = "quoted speech (someone's words, not the article's)"


def _cite_headline(prepared: Prepared, first: int, title: str, post_holder) -> None:
    """The headline's sentences cite the headline as written, and keep only the claims the
    body does not state as well (extract.headlines)."""
    body = [c for _, claims in prepared.per_sentence[:first] for c in claims]
    title = " ".join(title.split())
    prepared.per_sentence[first:] = [
        (title, headlines.cite(headlines.drop_repeated(claims, body, post_holder), title))
        for _, claims in prepared.per_sentence[first:]]


def _hold_back_quoted(doc, prepared: Prepared) -> None:
    """The claims of a sentence that is wholly a quotation are the speaker's, and a pronoun in
    it points into the speaker's world ("Tonight he's the mayor," said a voter): held back as
    hedged, whichever reader found them (extract.quotes)."""
    sentences = [s for s in doc.sents if s.text.strip()]
    quoted = {sentences[n].text.strip() for n in wholly_quoted(sentences, quoted_ranges(doc.text))}
    if quoted:
        prepared.per_sentence = [
            (text, [replace(c, modality=Modality.HEDGED, reason=QUOTED_SPEECH)
                    if text in quoted and c.modality is Modality.ASSERTED else c for c in claims])
            for text, claims in prepared.per_sentence]


def _fits_gate(type_: str, gate: tuple[str, ...]) -> bool:
    """Whether an entity of this type may fill a slot the catalogue gates with `gate` (no gate,
    an untyped entity or an untyped slot: yes)."""
    return not gate or type_ == "THING" or "THING" in gate or any(compatible(type_, t) for t in gate)


def _off_gate(entity: Entity, predicate: str) -> str:
    return (f"'{entity.label}' reads as {entity.type} in this article, which '{predicate}' does not take: "
            "held back for review")


class _Touched(dict):
    """Entities an article created or changed, by id; `created` holds the new ones. (Asking the
    index which ids existed before would read every entity of a large graph.)"""

    def __init__(self):
        super().__init__()
        self.created: set[str] = set()


_VECTORS: dict[tuple[int, str], object] = {}
_MAX_VECTORS = 20_000  # about 30 MB of 384-dimension vectors


def _encode_cached(encoder, texts: tuple[str, ...]):
    """Vectors for texts, each text encoded once per process. Entity linking compares a new
    name with every known name sharing a word ("... Bank"); encoding that whole pool again for
    each mention made an article naming 200 banks take minutes (quadratic in the graph)."""
    import numpy as np

    key = id(encoder)
    vectors = {t: _VECTORS.get((key, t)) for t in texts}  # local: another thread may clear the cache
    missing = [t for t, v in vectors.items() if v is None]
    if missing:
        fresh = encoder.encode(missing, normalize_embeddings=True, show_progress_bar=False, batch_size=64)
        vectors.update(zip(missing, fresh))
        if len(_VECTORS) + len(missing) > _MAX_VECTORS:
            _VECTORS.clear()
        _VECTORS.update(((key, t), vectors[t]) for t in missing)
    return np.stack([vectors[t] for t in texts])


def statement_key(st: Statement) -> str:
    return digest(st.subject, st.predicate, st.kind)
