"""The graph: RDF encoding, the fact graph, the read model, reports, import/export, the store protocol and its backends."""
