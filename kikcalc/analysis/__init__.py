"""Analyses on top of the engine: how sure the answer is, and the strategies together.

`contributions` and `sensitivity` (tornado, breakeven), `simulate` (Monte Carlo),
`portfolio` (several strategies), `targets` (caseload targets and flows).
"""
