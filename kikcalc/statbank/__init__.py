"""Public caseload statistics against the strategy: read, fetch, compare, show.

The weakest number in a business case is the deadweight: how much of the fall in the
caseload would have happened anyway. This package answers it the way the municipalities'
own plans do, by comparison with a cluster of similar municipalities and the whole
country (parallel trends, not a causal estimate):

- `benefits`: the statistics' benefit types, kikcalc's benefit keys, the 1 July 2025 break;
- `read`: a CSV saved from Danmarks Statistik's StatBank (AUK01) or a Jobindsats export;
- `fetch`: the StatBank API request, built offline, and a fetcher with a timeout;
- `compare`: the comparison itself, pure and exact (`Decimal`);
- `view`: the benchmark as a neutral table and as JSON.

Nothing here is imported by `kikcalc payback`; the commands that need it import it lazily.
"""
