"""kikcalc: payback, net effect and budget variance of municipal investment strategies."""

__version__ = "0.1.0"
