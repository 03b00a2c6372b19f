"""The SPARQL engine: a pyoxigraph copy of the graph per data version, queried in worker processes."""
