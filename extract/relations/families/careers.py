"""Careers in biographies: "X joined Y in 2004", "played for Y from 2004 to 2006", "was loaned
to Y", "studied at Y", "married Y in 1990", "left Y in 2010": a timeline of memberships
(team, employer, school, party), marriages and their ends. The predicate comes from the verb
and the kind of organisation (a school, a party), and whether the article reads like a sports
biography (then "joined Y" is a club, else an employer)."""

from __future__ import annotations

from kg.core.facts import Kind, Modality
from extract.lexicon import word_map, word_set
from extract.linking import PERSON_PRONOUNS
from extract.relations.claims import Claim
from extract.relations.reader import AGENT, SOURCE, SPORTS_WORDS, SentenceReader
from extract.relations.roles import ROLE_MARKERS

TEAM_MOVES = word_map("team_moves")
JOB_MOVES = word_map("job_moves")
STUDY_MOVES = word_map("study_moves")
MARRY_VERBS = word_map("marry_verbs")
LEAVE_VERBS = word_set("leave_verbs")
CAREER_NOUNS = word_set("career_nouns")
DEGREE_NOUNS = word_set("degree_nouns")
SCHOOL_WORDS = word_set("school_words")
PARTY_WORDS = word_set("party_words")
MARRIAGE_ADJECTIVES = word_set("marriage_adjectives")
MARRIAGE_END_VERBS = word_set("marriage_end_verbs")
RELEASE_VERBS = word_set("release_verbs")
SPORTS_ONLY_PASSIVES = word_set("sports_only_passives")
DEGREE_VERBS = word_set("degree_verbs")
CAREER_NEEDS_CHILD = word_map("career_needs_child")
CAREER_OBJECT_VERBS = word_set("career_object_verbs")
SCHOOL_ONLY_VERBS = word_set("school_only_verbs")
PARTY_JOIN_VERBS = word_set("party_join_verbs")
COPULA = word_set("copula_lemmas")
RUN_SEPARATORS = word_set("name_run_separators")
RUN_ENDERS = word_set("name_run_enders")
RUN_BREAKS = word_set("name_run_breaks")
INNER_PREPOSITIONS = word_set("name_inner_prepositions")
CLUB_SIGNINGS = word_set("club_signings")


def find(r: SentenceReader) -> list[Claim]:
    out: list[Claim] = []
    for verb in r.sent:
        lemma = verb.lemma_.lower()
        if verb.pos_ not in ("VERB", "AUX", "ADJ") or verb.i in r.used:
            continue
        if verb.pos_ == "ADJ" and verb.lower_ not in MARRIAGE_ADJECTIVES:
            continue
        lemma = verb.lower_ if verb.pos_ == "ADJ" else lemma
        if lemma in MARRY_VERBS:
            out.extend(_marriage(r, verb, lemma))
        elif lemma in LEAVE_VERBS and r.child(verb, "nsubjpass") is None and lemma not in RELEASE_VERBS:
            out.extend(_leaving(r, verb))
        elif lemma in CLUB_SIGNINGS and (signed := _signed_by(r, verb, lemma)):
            out.extend(signed)
        elif lemma in TEAM_MOVES or lemma in JOB_MOVES or lemma in STUDY_MOVES:
            out.extend(_membership(r, verb, lemma))
    return out


def _membership(r: SentenceReader, verb, lemma) -> list[Claim]:
    passive = r.child(verb, "nsubjpass") is not None
    person_tok = r.child(verb, "nsubjpass") if passive else r.subject(verb)
    if person_tok is None:
        return []
    person = r.name(person_tok, "PERSON")
    if not person or r.m.type_of(person) not in ("PERSON", "THING") and person_tok.lower_ not in PERSON_PRONOUNS:
        return []
    if r.find_role(verb, person_tok) is not None:
        return []  # "joined Y as head coach": an appointment
    sports = r.sports() or r.m.title_of(person) in r.catalogue.playing_positions  # "Striker X joined Y"
    study = lemma in STUDY_MOVES
    if study and lemma in DEGREE_VERBS:
        obj = r.child(verb, "dobj")
        if obj is None or obj.lemma_.lower() not in DEGREE_NOUNS and not any(
                t.lower_ in DEGREE_NOUNS for t in obj.subtree):
            return []
    if not r.has_child_word(verb, CAREER_NEEDS_CHILD, lemma):
        return []
    if lemma in CAREER_OBJECT_VERBS and not any(
            c.dep_ == "dobj" and c.lemma_.lower() in CAREER_NOUNS for c in verb.children):
        return []
    if passive and lemma in SPORTS_ONLY_PASSIVES and not sports:
        return []
    slots = STUDY_MOVES[lemma] if study else (TEAM_MOVES.get(lemma, ()) if sports else JOB_MOVES.get(lemma, ()))
    if not slots:
        return []
    if passive:
        slots = tuple(s for s in slots if s != "dobj") or AGENT  # "was released by Y"
    elif any(s in AGENT for s in slots) and lemma not in RELEASE_VERBS:
        slots = tuple(s for s in slots if s not in AGENT)
    orgs = slot_names(r, verb, slots, want_person=False)
    out = []
    for tok, org in orgs:
        if org == person:
            continue
        words = set(org.lower().split())
        if study:
            if lemma in SCHOOL_ONLY_VERBS and not words & SCHOOL_WORDS:
                continue
            if r.m.type_of(org) in ("GPE", "LOC", "NORP") and not words & SCHOOL_WORDS:
                continue
            key = "educated_at"
        elif words & PARTY_WORDS and lemma in PARTY_JOIN_VERBS:
            key = "member_of_political_party"
        elif sports:
            key = "member_of_sports_team"
        else:
            if r.m.type_of(org) in ("GPE", "LOC", "NORP", "PERSON"):
                continue
            key = "employer"
        start, until, given = r.when_in_sentence(verb, tok)
        modality, reason = r.modality(verb)
        kind = Kind.ASSERT
        if lemma in RELEASE_VERBS:
            kind, until = Kind.END, None
        out.append(r.claim(person, key, org, "PERSON", "ORG", start, until, f"career:{lemma}",
                           modality, reason, 0.8, kind=kind))
        if kind is Kind.ASSERT and modality is Modality.ASSERTED:
            r.ctx.memberships.append((person, key, org))
    if out and out[-1].kind is Kind.ASSERT and not study:  # "signed for X from Y"
        last = out[-1]
        out.extend(spell_ended_from(r, verb, person, last.predicate, {o for _, o in orgs},
                                    last.valid_from, last.modality, last.reason))
    if out:
        r.used.add(verb.i)
    return out


def _signed_by(r: SentenceReader, verb, lemma) -> list[Claim]:
    """"Al Nassr signed Cristiano Ronaldo": the club (or firm) is the subject, the person it
    takes on the object. A club's signing (the article reads as sport, or the organisation is
    described by a word of the game, "Saudi club Al Nassr") is a team membership, and there the
    object is a player even where spaCy's one label on the name said otherwise; a firm's is
    employment, of a name that reads as a person."""
    subject_tok, person_tok = r.subject(verb), r.child(verb, "dobj")
    if subject_tok is None or person_tok is None or r.child(verb, "nsubjpass") is not None:
        return []
    org = r.name(subject_tok, "ORG")
    person = r.name(person_tok, "PERSON") if r.m.mention_at(person_tok) or person_tok.lower_ in PERSON_PRONOUNS else None
    if not org or not person or org == person or r.m.type_of(org) != "ORG":
        return []
    sports = r.sports() or r.m.descriptor_of(org) in SPORTS_WORDS \
        or r.m.title_of(person) in r.catalogue.playing_positions
    kind = r.m.type_of(person)
    if kind not in ("PERSON", "THING") and not (sports and r.m.weakly_typed(person)):
        return []
    start, until, _ = r.when_in_sentence(verb, person_tok)
    modality, reason = r.modality(verb)
    key = "member_of_sports_team" if sports else "employer"
    r.used.add(verb.i)
    claim = r.claim(person, key, org, "PERSON", "ORG", start, until, f"signed:{lemma}", modality, reason, 0.8)
    if modality is Modality.ASSERTED:
        r.ctx.memberships.append((person, key, org))
    return [claim]


def spell_ended_from(r: SentenceReader, verb, person, key, joined: set[str], start, modality, reason) -> list[Claim]:
    """"joined X from Y": the spell at Y ends when the one at X starts."""
    left = r.pobj(verb, *SOURCE)
    name = r.name(left, "ORG") if left is not None and r.m.mention_at(left) else None
    if not name or name in joined or name == person:
        return []
    return [r.claim(person, key, name, "PERSON", "ORG", start, None, "join:from", modality, reason, 0.75,
                    kind=Kind.END)]


def _marriage(r: SentenceReader, verb, lemma) -> list[Claim]:
    head = verb.head if lemma in MARRIAGE_ADJECTIVES and verb.dep_ in ("acomp", "amod") else verb
    person_tok = r.subject(head) or r.child(head, "nsubjpass")
    if person_tok is None:
        return []
    person = r.name(person_tok, "PERSON")
    if not person:
        return []
    spouses = slot_names(r, verb, MARRY_VERBS[lemma], want_person=True)
    if not spouses:  # "X and Y married in 1990"
        spouses = [(c, r.name(c, "PERSON")) for c in person_tok.children if c.dep_ == "conj"]
        spouses = [(t, n) for t, n in spouses if n]
    out = []
    ends = lemma in MARRIAGE_END_VERBS
    for tok, spouse in spouses:
        if spouse == person or r.m.type_of(spouse) not in ("PERSON", "THING"):
            continue
        start, until, given = r.when(head, tok)
        if lemma in MARRIAGE_ADJECTIVES and head.lemma_ in COPULA and not given:
            continue  # "was married to Y": true once, we do not know when
        modality, reason = r.modality(head)
        kind = Kind.END if ends else Kind.ASSERT
        out.append(r.claim(person, "spouse", spouse, "PERSON", "PERSON", start, None if ends else until,
                           f"career:{lemma}", modality, reason, 0.8, kind=kind))
        if ends:  # the other side of the marriage ends too
            out.append(r.claim(spouse, "spouse", person, "PERSON", "PERSON", start, None,
                               f"career:{lemma}", modality, reason, 0.8, kind=kind))
    if out:
        r.used.add(verb.i)
    return out


def _leaving(r: SentenceReader, verb) -> list[Claim]:
    """"left Y in 2010" / "but left in 1906": ends a membership the article has told of."""
    person_tok = r.subject(verb)
    person = r.name(person_tok, "PERSON") if person_tok is not None else None
    if not person or r.find_role(verb, person_tok) is not None:
        return []
    named = [org for _, org in slot_names(r, verb, ("dobj",), want_person=False)]
    obj = r.child(verb, "dobj")
    if r.pobj(verb, *ROLE_MARKERS) is not None or obj is not None and not named and obj.pos_ != "PRON":
        return []  # "left Y as coach", or left something the article has not named
    out = []
    for held_by, key, org in reversed(r.ctx.memberships):
        if held_by == person and (org in named or not named):
            start, _, _ = r.when(verb)
            modality, reason = r.modality(verb)
            out.append(r.claim(person, key, org, "PERSON", "ORG", start, None, f"career:{verb.lemma_}",
                               modality, reason, 0.8, kind=Kind.END))
            break
    if not out and named and r.sports():
        start, _, _ = r.when(verb)
        modality, reason = r.modality(verb)
        out = [r.claim(person, "member_of_sports_team", org, "PERSON", "ORG", start, None,
                       f"career:{verb.lemma_}", modality, reason, 0.8, kind=Kind.END) for org in named[:1]]
    if out:
        r.used.add(verb.i)
    return out


def slot_names(r: SentenceReader, verb, slots, want_person: bool) -> list[tuple[object, str]]:
    """Names in the verb's slots, read left to right from the slot's first word: a run of
    names without a comma or "and" between them is one ("Second Division rivals Watford" ->
    Watford, "local clubs Hibernians and Marsaxlokk" -> both); the run stops at another
    preposition, a verb, a bracket or a date."""
    sent, doc = r.sent, r.sent.doc
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
    if not starts and "dobj" in slots and verb.i + 1 < sent.end and \
            (doc[verb.i + 1].pos_ in ("DET", "ADJ", "PROPN", "NOUN") or doc[verb.i + 1].is_title):
        starts.append(verb.i + 1)  # the object right after the verb, parsed as something else
    found: list[tuple[object, str]] = []
    for begin in sorted(set(starts)):
        run: tuple[object, str] | None = None
        i = begin
        while i < sent.end:
            tok = doc[i]
            mention = r.m.mention_at(tok)
            if mention is not None:
                last = doc[min(mention.end, sent.end) - 1]
                name = r.m.name(mention.text)
                kind = r.m.type_of(name)
                # clubs are often tagged as people ("Molde Kameratene"): only the reader's own
                # names are left out of organisation slots
                ok = kind in ("PERSON", "THING") if want_person else name != r.m.topic_name
                if ok:
                    run = (last, name)
                i = mention.end
                continue
            if i == begin and tok.is_title and tok.pos_ in ("VERB", "NOUN", "ADJ"):
                # a club the tagger missed ("sold to Reading"): the capitalised words
                end = i
                while end < sent.end and doc[end].is_title:
                    end += 1
                run = (doc[end - 1], r.m.name(doc[i:end].text))
                i = end
                continue
            if tok.pos_ == "VERB" and run is not None and i + 1 < sent.end \
                    and r.m.mention_at(doc[i + 1]) is not None:
                i += 1  # "Second Division rivals Watford", "rivals" tagged as a verb
                continue
            role_marker = tok.lower_ in ROLE_MARKERS and tok.dep_ == "prep"  # "joined X as ..."
            if tok.lower_ in RUN_SEPARATORS or role_marker:
                if run is not None:
                    found.append(run)
                    run = None
                if tok.lower_ in RUN_ENDERS or tok.lower_ in ROLE_MARKERS:
                    break
                nxt = doc[i + 1] if i + 1 < sent.end else None
                if nxt is None or r.m.mention_at(nxt) is None and nxt.pos_ not in ("DET", "ADJ", "NOUN", "PROPN"):
                    break
            elif tok.pos_ in ("ADP", "VERB", "AUX", "SCONJ", "PRON") and tok.i != begin - 1 or \
                    tok.ent_type_ in ("DATE", "MONEY") or tok.text in RUN_BREAKS:
                if tok.pos_ == "ADP" and tok.lower_ in INNER_PREPOSITIONS and run is None:
                    pass  # "the University of X" split by NER
                elif tok.pos_ == "PRON" and tok.tag_ == "PRP$":
                    pass  # "his hometown club X"
                else:
                    break
            i += 1
        if run is not None:
            found.append(run)
    return list(dict.fromkeys(found))
