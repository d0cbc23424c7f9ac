"""The engine: pure money math on frozen records (`kikcalc.record`) and Decimals, no I/O.

`plan` turns a valid strategy into the engine's `Plan` (units converted exactly, phase-in by
month, costs by month made yearly with `dated`, refusion with `drivers`); `projection`
computes savings, net, cumulative, payback and variance; `economics` the NPV, ROI and BCR.
"""
