"""Renames: "Y renamed itself Z", "Y changed its name to Z", "Y, now called Z", "Z, formerly
known as Y": Z becomes Y's official name and an alias of Y, and Y was its name until then. A
name given at the start ("Y was established as Z in 1942", "Y began as Z") is Y's official
name from then, the first of its timeline."""

from __future__ import annotations

from extract.lexicon import word_map, word_set
from extract.relations.claims import Claim
from extract.relations.reader import DESTINATION, NAMED_AS, RENAMED_AS, SentenceReader
from extract.relations.roles import ROLE_MARKERS

RENAME_VERBS = word_set("rename_verbs")
RENAME_REFLEXIVES = word_set("rename_reflexives")
RENAME_BY_OBJECT = word_map("rename_by_object")
NOW_CALLED_WORDS = word_set("now_called_words")
NOW_WORDS = word_set("now_words")
FORMER_WORDS = word_set("former_words")
NAMED_AT_START_VERBS = word_set("named_at_start_verbs")


def find(r: SentenceReader) -> list[Claim]:
    out = []
    for tok in r.sent:
        lemma = tok.lemma_.lower()
        new_tok = old_tok = None
        if lemma in RENAME_VERBS and tok.pos_ == "VERB":
            old_tok = _renamed(r, tok)
            new_tok = r.pobj(tok, *RENAMED_AS) or r.child(tok, "oprd") or r.child(tok, "dobj")
            if new_tok is not None and new_tok.lower_ in RENAME_REFLEXIVES:
                new_tok = r.pobj(tok, *RENAMED_AS) or r.child(tok, "oprd") or next(
                    (c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "npadvmod", "attr") and c.pos_ == "PROPN"), None)
                if new_tok is None:  # "renamed itself X" is often parsed with X on "itself"
                    new_tok = next((c for c in r.child(tok, "dobj").children if c.pos_ == "PROPN"), None)
        elif lemma in RENAME_BY_OBJECT and tok.pos_ == "VERB":
            obj = r.child(tok, "dobj")
            if obj is None or obj.lemma_.lower() not in RENAME_BY_OBJECT[lemma]:
                continue
            old_tok = r.subject(tok)
            new_tok = r.pobj(tok, *DESTINATION) or r.pobj(obj, *DESTINATION)
        elif lemma in NAMED_AT_START_VERBS and tok.pos_ == "VERB":
            new_tok = r.pobj(tok, *NAMED_AS)
            if new_tok is None or r.m.mention_at(new_tok) is None:
                continue  # "began as a clerk": a role, not a name
            old_tok = _renamed(r, tok)
            if old_tok is not None and r.m.type_of(r.name(old_tok, "ORG") or "") == "PERSON":
                continue  # "she started as Juliet": a part played, not what was set up
        elif tok.lower_ in NOW_CALLED_WORDS and tok.dep_ in ("acl", "amod", "advcl") and any(
                c.lower_ in NOW_WORDS for c in tok.children):
            old_tok = tok.head
            new_tok = r.pobj(tok, *ROLE_MARKERS) or r.child(tok, "oprd") or r.child(tok, "attr")
        elif tok.lower_ in NOW_CALLED_WORDS and tok.dep_ in ("acl", "amod") and any(
                c.lower_ in FORMER_WORDS for c in tok.children):
            old_tok, new_tok = r.pobj(tok, *ROLE_MARKERS) or r.child(tok, "oprd"), _current_name(r, tok.head)
        if old_tok is None or new_tok is None:
            continue
        old = r.name(old_tok, "ORG")
        mention = r.m.mention_at(new_tok)
        new = mention.text if mention is not None else new_tok.text
        if not old or not new or old == new:
            continue
        start, _, _ = r.when(tok)
        modality, reason = r.modality(tok)
        out.append(Claim(subject=old, predicate="official_name", object=new, sentence=r.text,
                         subject_type=r.m.type_of(old) if r.m.type_of(old) != "THING" else "ORG",
                         object_type="text", modality=modality, valid_from=start, confidence=0.85,
                         reason=reason, rule=f"rename:{lemma}", alias_of=old))
        mention = r.m.mention_at(old_tok)
        if lemma not in NAMED_AT_START_VERBS and mention is not None:
            # a rename of a name written here ("Bluefin Labs renamed itself Corvana"; not "It was
            # redesignated VA-15"): until then that was its name
            out.append(Claim(subject=old, predicate="official_name", object=mention.text,
                             sentence=r.text, subject_type=out[-1].subject_type, object_type="text",
                             modality=modality, valid_until=start or r.published, confidence=0.7,
                             reason=reason, rule=f"rename:{lemma}:before"))
        r.used.add(tok.i)
    return out


def _renamed(r: SentenceReader, verb):
    """What the verb names: its own subject, else the subject `r.subject` finds up the clauses,
    else the passive subject of the clause it continues ("It was established as X ...,
    redesignated Y in 1946": "It" for both verbs)."""
    found = r.child(verb, "nsubj", "nsubjpass") or r.subject(verb)
    tok = verb
    for _ in range(4):
        if found is not None or tok.dep_ not in ("conj", "advcl") or tok.head.i == tok.i:
            return found
        tok = tok.head
        found = r.child(tok, "nsubjpass")
    return found


def _current_name(r: SentenceReader, described):
    """The name a thing described as "formerly known as X" has now: the described word itself
    when it is a name ("20th Century Studios, formerly known as X"), else what its clause says
    it is or operates as ("The studio formerly known as X now operates as Y", "... is now Y")."""
    if r.m.mention_at(described) is not None:
        return described
    if described.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = described.head
    found = r.pobj(verb, *ROLE_MARKERS) or r.child(verb, "attr")
    return found if found is not None and r.m.mention_at(found) is not None else None
