"""Which word a relative word stands for, read from the dependency parse.

A relative word ("who", "which", "that", "whose", "where") opens a relative clause; the
parser attaches the clause's verb to the noun it describes with the `relcl` relation. So the
word's referent is the head of the nearest `relcl` above it: "Colm Doherty, who has led the
operator" (who -> Doherty), "the company in which she invested" (which -> company), "Boston,
where he lived" (where -> Boston). The words are recognised by their Penn wh-tags, not listed,
and an interrogative wh-word ("Who founded it?") has no such clause above it.
"""

from __future__ import annotations

WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})  # Penn Treebank wh-determiner, -pronoun, -possessive, -adverb


def relative_antecedent(token):
    """The token a relative word refers to, or None when the token is not one."""
    if token.tag_ not in WH_TAGS:
        return None
    for ancestor in token.ancestors:
        if ancestor.dep_ == "relcl":
            head = ancestor.head
            return head if head.i != token.i else None
    return None
