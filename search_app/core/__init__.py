"""The search core: parsing, matching, ranking, facets and highlighting; no Flask."""
