"""A strategy file loaded: read, shaped by the schema, tables joined, rules held."""
