"""A loaded strategy evaluated: the plan and results every later stage reads."""
