"""Where a name starts and ends in spaCy's tokens: the repairs of spans the small NER model cuts
short, runs on or glues together (extract.linking reads the article's names through these)."""

from __future__ import annotations

from extract.lexicon import word_set

NAME_SPLIT_PUNCTUATION = word_set("name_split_punctuation")
NAME_PARTICLES = word_set("name_particles")
JOINING_PREPOSITIONS = word_set("name_joining_prepositions")


def _has_digit(token) -> bool:
    return any(c.isdigit() for c in token.text)


def without_trailing_figure(span):
    """A name cut before a figure that the tagger glued onto it: "Embraer 20 per cent" is
    Embraer. By token shape: a word with a digit after the name's first word, followed only by
    lower-case words or symbols ("per cent", "%", "bn"). A number that ends the name or comes
    before a capitalised word belongs to it ("Apollo 11", "Boeing 737 Max")."""
    for n in range(1, len(span) - 1):
        rest = span[n + 1:]
        if _has_digit(span[n]) and all(not t.is_title and not t.is_upper and not _has_digit(t) for t in rest):
            return span[:n]
    return span


def split_names(span) -> list:
    """One NER span as the names it holds: "Norrland Paper to Ostmark Bank" is two. A
    lower-case preposition between capitalised words ends a name unless it is one that joins
    the words of a name (the lexicon's `name_joining_prepositions`: "Bank of England",
    "Newcastle upon Tyne"; the parser's attachment is no help there, it hangs "upon" on the
    verb as often as "to"). A comma ends one where no word on one side hangs on a word on the
    other: in "Under Iger, Disney bought" each side belongs to its own clause; "Arlington,
    Virginia" is one place, its state hung on the city."""
    parts, begin = [], span.start
    for tok in span[1:-1]:
        if tok.pos_ == "ADP" and tok.is_lower and tok.lower_ not in JOINING_PREPOSITIONS \
                and span.doc[tok.i - 1].is_title and span.doc[tok.i + 1].is_title \
                or tok.text in NAME_SPLIT_PUNCTUATION and not _joined(span.doc[begin:tok.i], span.doc[tok.i + 1:span.end]):
            parts.append(span.doc[begin:tok.i])
            begin = tok.i + 1
    parts.append(span.doc[begin:span.end])
    return parts


def to_proper_head(span) -> int:
    """Where a name ends: NER sometimes stops before the proper noun its words modify ("Chipotle
    Mexican" + "Grill", the parser hanging both words on "Grill" as compounds); the name runs on
    to that head. Returns the end token offset (the span's own end when nothing follows)."""
    end = span.end
    doc = span.doc
    while end < len(doc) and doc[end].pos_ == "PROPN" and not doc[end].ent_type_ \
            and doc[end - 1].dep_ == "compound" and doc[end - 1].head.i >= end:
        end += 1
    return end


# tags of words that are capitalised mid-sentence only as part of a name ("Per", "Will", "May")
FUNCTION_TAGS = frozenset({"ADP", "AUX", "CCONJ", "PART", "SCONJ"})


def with_capitalised_first_word(doc, start: int) -> int:
    """Where a person's name starts: a first name that is also a function word is read as that
    word ("replacing Per Dahl": "Per" a preposition; "Will", "May"). It belongs to the name
    when it is capitalised in running text: not first in its sentence, after a word written in
    lower case (so a headline in title case, "Deal For Dahl", does not count)."""
    if start < 2 or doc[start - 1].is_sent_start:
        return start
    first, before = doc[start - 1], doc[start - 2]
    if first.is_title and first.pos_ in FUNCTION_TAGS and not first.ent_type_ and before.is_lower:
        return start - 1
    return start


def joined_by_particles(doc, names: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Names (start, end, label), with two joined into one where only surname particles (the
    lexicon's `name_particles`, written in lower case) stand between them: "Erik" + "ten" + "Hag"
    is "Erik ten Hag" (the small NER model labels "Erik" and reads "ten" as a number). The
    joined name keeps a label only where the two agree or one has none."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in names:
        if out:
            prev_start, prev_end, prev_label = out[-1]
            between = doc[prev_end:start]
            if len(between) and all(t.is_lower and t.lower_ in NAME_PARTICLES for t in between) \
                    and doc[start].is_title and doc[prev_end - 1].is_title:
                labels = {prev_label, label} - {"PROPN"}
                out[-1] = (prev_start, end, labels.pop() if len(labels) == 1 else "PROPN")
                continue
        out.append((start, end, label))
    return out


def _joined(left, right) -> bool:
    """Does a word of one span hang on a word of the other (in either direction)?"""
    lefts, rights = range(left.start, left.end), range(right.start, right.end)
    return any(t.head.i in rights for t in left) or any(t.head.i in lefts for t in right)


def clean_name(text: str) -> str:
    text = " ".join(text.split())
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if text.lower().startswith("the "):
        text = text[4:]
    if text.count("(") > text.count(")"):  # "Patrol Squadron 52 (VP-52": the bracket opened after the name
        text = text[:text.rindex("(")]
    return text.strip(" ,.;:-")
