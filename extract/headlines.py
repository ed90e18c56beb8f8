"""A headline read as a sentence of its own ("Brandon Johnson elected mayor of Chicago").

Headlines are written in a grammar of their own: no article, no auxiliary ("X elected mayor"
is a passive, "X was elected mayor"), the present tense for a past event ("Claudine Gay
resigns"), an infinitive for a plan ("Garber to lead Harvard" is "Garber will lead Harvard").
The headline is rewritten into an ordinary sentence by the tags of its words (the words put
back are the lexicon's), parsed alone and read after the body as the article's last sentence,
so a short name in it resolves to the body's full name ("Garber" -> "Alan Garber"). An undated
headline event is dated by the publication date, as any undated event is. Its claims cite the
headline as written.

Not read: a headline that is only the text's first line (an article with no title of its
own), a question or a label ("Analysis: ..."), one with a quotation mark (someone's words),
and one with no verb (a name, "Gary Mills (footballer)"). `drop_repeated` keeps only the headline's
claims of the catalogue's predicates whose names the body gives no claim of that predicate:
the body's sentence is the better witness (it dates the event).
"""

from __future__ import annotations

from dataclasses import replace

from extract.lexicon import word_list, word_set
from kg.core.catalogue import OPEN_PREFIX
from kg.core.facts import Modality

PASSIVE_AUX = word_list("headline_passive_auxiliary")[0]
FUTURE_AUX = word_list("headline_future_auxiliary")[0]
NOT_STATEMENTS = word_set("headline_non_statement_punctuation")
FULL_STOP = word_list("headline_full_stop")[0]
SENTENCE_ENDS = frozenset(".!")
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})


def readable(title: str | None, body: str) -> bool:
    """Whether a title is a headline of its own, not the body's first line."""
    title = " ".join((title or "").split())
    if not title:
        return False
    first = " ".join(body.lstrip().split("\n", 1)[0].split())
    stem = title[:-3].rstrip() if title.endswith("...") else title  # a first line cut to length
    return not first.startswith(stem)


def rewrite(doc) -> str | None:
    """The headline as an ordinary sentence, or None when it states nothing."""
    words = [t for t in doc if not t.is_space]
    if not words or any(t.is_quote for t in words) or any(t.text in NOT_STATEMENTS for t in words):
        return None
    root = next((t for t in words if t.dep_ == "ROOT"), None)
    if root is None or not any(t.tag_ in VERB_TAGS for t in words):
        return None
    out = [t.text_with_ws for t in doc]
    auxiliaries = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    subject = any(c.dep_ in ("nsubj", "nsubjpass") and c.i < root.i for c in root.children)
    if root.tag_ in ("VBN", "VBD") and subject and not auxiliaries:
        out[root.i] = f"{PASSIVE_AUX} {out[root.i]}"  # "X elected mayor" -> "X was elected mayor"
    elif root.tag_ == "VB" and subject and [a.tag_ for a in auxiliaries] == ["TO"]:
        to = auxiliaries[0]
        out[to.i] = FUTURE_AUX + to.whitespace_  # "X to lead Y" -> "X will lead Y"
    text = "".join(out).strip()
    if text[-1] not in SENTENCE_ENDS:
        text += FULL_STOP
    return text


def drop_repeated(headline: list, body: list, post_holder=lambda claim: (None, False)) -> list:
    """The headline's claims of the catalogue's predicates that the body does not already
    tell. A claim is dropped when an asserted body claim of the same predicate has its subject
    or its object (the body named Bob Chapek chief executive: the headline's "named Disney
    chief executive as Iger steps back" adds nothing, and its parse is the worse one; the
    body's sentence dates the event), and a post named only by its role words
    (`post_holder(claim)`: the person given a post, else None, and whether the post is such a
    role) when the body gives that person any post ("Shear named interim OpenAI chief" after
    the body's "OpenAI named Emmett Shear interim chief executive"). A held-back
    body claim ("Tonight he's the mayor," in quotes) tells no fact. Open relations are left to
    the body: a headline's verb is picked for punch ("Boeing picks Chicago")."""
    asserted = [c for c in body if c.modality is Modality.ASSERTED]
    told = {(c.predicate, name) for c in asserted for name in (c.subject, c.object)}
    holders = {post_holder(c)[0] for c in asserted} - {None}

    def repeated(claim) -> bool:
        told_here = told if claim.modality is Modality.ASSERTED else \
            {(c.predicate, n) for c in body for n in (c.subject, c.object)}
        return any((claim.predicate, name) in told_here for name in (claim.subject, claim.object)) \
            or _vague_post_of(post_holder(claim)) in holders

    return [c for c in headline if not c.predicate.startswith(OPEN_PREFIX) and not repeated(c)]


def _vague_post_of(held: tuple) -> str | None:
    person, vague = held
    return person if vague else None


def cite(claims: list, title: str) -> list:
    return [replace(c, sentence=title) for c in claims]
