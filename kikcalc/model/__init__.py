"""The model: what a strategy file may say, and the rules across its fields.

`types` and `schema` are the pydantic models of the file format (version 1); `rules` and
its siblings check what one field alone cannot (splits sum to 100, years inside the period);
`findings` is the problem as data, with the registry of every code.
"""
