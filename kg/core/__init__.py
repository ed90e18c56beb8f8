"""The temporal core: facts as values, every versioning rule, the predicate catalogue, literals, entities.

No rdflib, no models, nothing from the layers above.
"""
