"""The event families, in the order they read a sentence. Order matters: a family marks the
verbs it read (`SentenceReader.used`) and the people it placed (`taken`), and later ones skip
them; careers go before appointments ("joined Y as coach" is read as an appointment by
careers' own check), successions whose verb names both holders ("replaced A with B") before
appointments and departures (which would read the verb as half of it), and the plain verb
relations come last. A new family is one module under
families/ with `find(reader)` and one line here."""

from __future__ import annotations

from collections.abc import Callable

from extract.relations.claims import Claim
from extract.relations.families import (acquisitions, appointments, careers, copular_roles, departures, figures,
                                        founding, head_office, renames, successions, verb_relations)
from extract.relations.reader import SentenceReader

Family = Callable[[SentenceReader], list[Claim]]

FAMILIES: tuple[Family, ...] = (
    careers.find,
    successions.find,
    appointments.find,
    departures.find,
    head_office.find,
    acquisitions.find,
    figures.find,
    founding.find,
    renames.find,
    copular_roles.find,
    verb_relations.find,
)
