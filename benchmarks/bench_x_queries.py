"""The X query planner at national scale: every active GP practice of the ODS list.

Builds each practice's search terms (its name, tied to its town where the name alone is too
common, as `gpwatch init --ods` would fill them in), plans the recent-search queries at each
limit, and prints per limit: queries per run, the largest query's length, whether any query is
over the limit, how many practices are left out (with why), and the planning time. It
measures; it does not pass or fail on time. Usage:

    .venv/bin/python benchmarks/bench_x_queries.py [--ods PATH] [--limit 512 --limit 1024]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from connectors.x_queries import plan_queries, practice_terms  # noqa: E402
from gpwatch.ods import active_practices  # noqa: E402

DEFAULT_ODS = ROOT.parent / "shared" / "data" / "reference" / "ods-gp-practices" / "epraccur.csv"
EXTRA = "-is:retweet lang:en"  # the XSource default


@dataclass(frozen=True)
class OdsPractice:
    ods: str
    name: str
    town: str
    aliases: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ods", type=Path, default=DEFAULT_ODS, help="epraccur.csv")
    parser.add_argument("--limit", type=int, action="append", help="query length limit(s)")
    parser.add_argument("--extra", default=EXTRA, help="operators added to every query")
    args = parser.parse_args()
    if not args.ods.exists():
        print(f"x_queries: skipped: {args.ods} is absent (the shared data folder)")
        return 0
    limits = args.limit or [512, 1024]
    practices = [OdsPractice(p.code, p.display_name, p.town) for p in active_practices(args.ods)]
    terms, _ = practice_terms(practices)
    with_town = sum(1 for t in terms if t.expression.startswith("("))
    print(
        f"x_queries: {len(practices):,} active practices, {len(terms):,} search terms "
        f"({with_town:,} too common alone, searched with the town)",
        flush=True,
    )
    for limit in limits:
        started = time.perf_counter()
        plan = plan_queries(practices, limit, args.extra)
        seconds = time.perf_counter() - started
        over = [q for q in plan.queries if len(q.text) > limit]
        left_out = plan.uncovered()
        per_query = len(practices) / len(plan.queries) if plan.queries else 0.0
        reasons = Counter(p.reason.split(":")[0] for p in plan.problems)
        print(
            f"x_queries@{limit}: {len(plan.queries):,} queries per run, largest "
            f"{plan.longest} chars (limit {limit}), {per_query:.1f} practices per query; "
            f"over the limit: {len(over)}; practices left out: {len(left_out)}; "
            f"terms not searched: {len(plan.problems)}"
            + (f" ({dict(reasons)})" if reasons else ""),
            flush=True,
        )
        rate = len(practices) / seconds if seconds > 0 else float("inf")
        print(
            f"x_plan@{limit}: {rate:,.0f} items/s ({len(practices):,} items in {seconds:.2f} s)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
