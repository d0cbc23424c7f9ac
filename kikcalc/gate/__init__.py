"""The CI gate: `checks` (rules K201-K209 on an evaluated strategy), `policy` (the
thresholds of `kikcalc.toml`), `diff` (what a proposal changes, and the verdict), and
`judge` (which files, which policy, and the base revision a change is judged against).
"""
