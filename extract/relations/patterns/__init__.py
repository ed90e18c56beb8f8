"""Data files of the rules: spaCy DependencyMatcher patterns (YAML), read by the modules beside them."""
