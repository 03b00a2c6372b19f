"""The HTTP layer: Starlette routes over the schema, RDF and the playground."""
