"""Careers: memberships, marriages, leaving (extract/relations/families/careers.py)."""

import pytest

from extract.relations.families import careers
from kg.core.facts import Kind

pytestmark = pytest.mark.slow

SPORTS_BIO = ("Tomas Vik (born 1980) is a Norwegian footballer who played as a striker.\n\n"
              "Club career.\n\n"
              "Vik began his career with local club Lysaker Rovers, scoring nine goals in his first season. "
              "He joined league rivals Skansen Athletic for an undisclosed fee in July 2001. "
              "In January 2004 Vik was loaned to Harstad United for the rest of the season. "
              "He played for Molde Kameratene from 2005 to 2008, and left Molde Kameratene in 2008.")


def intervals(out, predicate):
    return {(s.subject, s.object.id, str(s.valid_from), str(s.valid_until), s.kind)
            for s in out.statements if s.predicate == predicate}


def test_biography_gives_a_timeline(read):
    out = read("Mara Lind studied at Uppsala University. From 2004 to 2008 she worked at Volvo. "
               "In 2009 she joined Saab.", date=None)
    starts = {str(s.valid_from) for s in out.statements if s.subject == "mara-lind"}
    assert {"2004", "2009"} <= starts


def test_sports_biography_gives_a_team_timeline(read):
    out = read(SPORTS_BIO, title="Tomas Vik")
    teams = intervals(out, "member_of_sports_team")
    assert ("tomas-vik", "skansen-athletic", "2001-07", "None", Kind.ASSERT) in teams
    assert ("tomas-vik", "harstad-united", "2004-01", "None", Kind.ASSERT) in teams
    assert ("tomas-vik", "molde-kameratene", "2005", "2008", Kind.ASSERT) in teams
    assert ("tomas-vik", "molde-kameratene", "2008", "None", Kind.END) in teams
    assert any(t[1] == "lysaker-rovers" for t in teams)
    assert not any(t[1] in ("skansen-athletic", "harstad-united") for t in intervals(out, "employer"))


def test_career_outside_sport_is_employment_school_party_and_marriage(read):
    text = ("Hedda Storm (born 1940) is a Danish economist and politician.\n\n"
            "Storm studied at Aarhus University and graduated from Aarhus University in 1963. "
            "She joined the Liberal Reform Party in 1965. "
            "From 1966 to 1971 she worked at Danske Bank. In 1972 Storm joined Carlsberg Group. "
            "She married Jens Holm in 1968; they divorced in 1979. In 1983 she married Erik Dahl.")
    out = read(text, title="Hedda Storm")
    assert ("hedda-storm", "aarhus-university", "1963", "None", Kind.ASSERT) in intervals(out, "educated_at")
    assert ("hedda-storm", "liberal-reform-party", "1965", "None", Kind.ASSERT) in intervals(
        out, "member_of_political_party")
    jobs = intervals(out, "employer")
    assert ("hedda-storm", "danske-bank", "1966", "1971", Kind.ASSERT) in jobs
    assert ("hedda-storm", "carlsberg-group", "1972", "None", Kind.ASSERT) in jobs
    spouses = intervals(out, "spouse")
    assert ("hedda-storm", "jens-holm", "1968", "None", Kind.ASSERT) in spouses
    assert ("hedda-storm", "erik-dahl", "1983", "None", Kind.ASSERT) in spouses


def test_title_surname_the_tagger_missed_is_the_title_person(read):
    # "Lubbers"-like surnames are often tagged as a place or not as a name at all; the
    # biography's title says who they are.
    text = ("Ruben Okkels (born 1939) was a Dutch politician.\n\n"
            "Okkels joined the Civic Union Party in 1960. Okkels joined Philips in 1964.")
    out = read(text, title="Ruben Okkels")
    subjects = {s.subject for s in out.statements if s.predicate in ("member_of_political_party", "employer")}
    assert subjects == {"ruben-okkels"}


def test_a_title_before_a_name_is_not_part_of_it_and_a_transfer_ends_the_old_club(read):
    out = read("Striker Noah Bergqvist has joined Aldercastle United from Rivermouth City. "
               "General Electric Company named Ann Ode as chief executive.")
    teams = {(s.subject, s.object.id, s.kind) for s in out.statements if s.predicate == "member_of_sports_team"}
    assert teams == {("noah-bergqvist", "aldercastle-united", Kind.ASSERT),
                     ("noah-bergqvist", "rivermouth-city", Kind.END)}
    assert any(s.subject == "general-electric-company" for s in out.statements if s.predicate == "chief_executive")


def test_a_biography_transfer_from_a_club_ends_the_spell_there(read):
    out = read("Tomas Vik (born 1980) is a Norwegian footballer. In 2004 Tomas Vik signed for "
               "Molde Kameratene from Lysaker Rovers. He scored ten goals in his first season in "
               "the league for the club.", title="Tomas Vik")
    teams = {(s.object.id, s.kind, str(s.valid_from)) for s in out.statements if s.predicate == "member_of_sports_team"}
    assert ("molde-kameratene", Kind.ASSERT, "2004") in teams
    assert ("lysaker-rovers", Kind.END, "2004") in teams


def test_a_divorce_ends_the_marriage_on_both_sides(family):
    found = family(careers, "Hedda Storm and Jens Holm divorced in 1979.")
    assert {(c.subject, c.object, c.kind, str(c.valid_from)) for c in found} == {
        ("Hedda Storm", "Jens Holm", Kind.END, "1979"), ("Jens Holm", "Hedda Storm", Kind.END, "1979")}


def test_a_degree_is_schooling_and_an_award_is_not(family, triples):
    assert triples(family(careers, "Hedda Storm received a degree from Aarhus University in 1963.")) == {
        ("Hedda Storm", "educated_at", "Aarhus University")}
    assert family(careers, "Hedda Storm received an award from Aarhus University in 1963.") == []


def test_married_without_a_date_says_nothing(family):
    assert family(careers, "Hedda Storm was married to Jens Holm.") == []


def test_a_club_that_signs_a_player_takes_him_on_whatever_spacy_labelled_him(family, triples):
    from extract.relations.families import careers

    text = ("RIYADH — Saudi club Al Nassr announced late on Friday that they had signed Cristiano Ronaldo "
            "on a contract running until June 2025.")
    assert triples(family(careers, text)) == {("Cristiano Ronaldo", "member_of_sports_team", "Al Nassr")}


def test_a_firm_that_signs_a_person_employs_them_and_signing_for_a_club_is_the_players_move(family, triples):
    from extract.relations.families import careers

    assert triples(family(careers, "Orvik Motors signed Priya Anand on Monday.")) == {
        ("Priya Anand", "employer", "Orvik Motors")}
    assert triples(family(careers, "Orvik Motors signed a deal with Telvara on Monday.")) == set()
    assert triples(family(careers, "Tomas Vik signed for Harlow Rovers on Monday. He is a striker, a "
                                   "footballer who played in the league and scored a goal.")) == {
        ("Tomas Vik", "member_of_sports_team", "Harlow Rovers")}
