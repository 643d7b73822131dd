"""Evidence-pack benchmark: one X author with 5,000 stored posts, exported as one pack.

Stores the posts through Store.save_batch (each with its own JSON payload, padded to
--payload-kb to stand for the API's expansions), classifies them with the real classifier,
then times `export_author` and `verify_pack` and measures peak memory: the Python heap's peak
during the export (tracemalloc, in a second export so the timing run is not slowed by it) and
the resident peak of a fresh process that only exports and verifies. The heap peak does not
grow with the payloads' size: the pack streams to disk (it grows with the number of items,
whose text fpdf2 holds until the PDF is written). It measures; it does not pass or fail. Usage:

    .venv/bin/python benchmarks/bench_evidence.py [--items 5000] [--payload-kb 8]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alerts.evidence import export_author  # noqa: E402
from alerts.verify import verify_pack  # noqa: E402
from flows.steps import build_classifier, classify_pending  # noqa: E402
from gpwatch.config import load_config  # noqa: E402
from gpwatch.models import Batch, Payload, RawItem  # noqa: E402
from storage.store import Store  # noqa: E402

TEXTS = [
    "@ElmTreeSurgery Jade Wilson on reception is a useless cow, sort it out",
    "@ElmTreeSurgery I know where you park, Jade. Watch yourself after 6",
    "@ElmTreeSurgery waited 3 weeks for an appointment again, absolute joke £12 parking",
    "@ElmTreeSurgery “we're busy” they said. Every single day. Disgrace",
]

CONFIG = """
[database]
path = "db/gpwatch.duckdb"
[[practices]]
ods = "X99001"
name = "Elm Tree Surgery"
handles = ["@ElmTreeSurgery"]
town = "Sheffield"
staff = [{ name = "Jade Wilson", role = "receptionist" }]
"""


def tweet_payload(i: int, text: str, created: datetime, pad_kb: int) -> bytes:
    """An X API v2 response for one post with author expansion, padded to about pad_kb KB."""
    doc = {
        "data": [
            {
                "id": str(1850000000000000000 + i),
                "text": text,
                "author_id": "1234567890",
                "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "conversation_id": str(1850000000000000000 + i),
                "lang": "en",
                "public_metrics": {
                    "retweet_count": 0,
                    "reply_count": 1,
                    "like_count": 2,
                    "quote_count": 0,
                },
            }
        ],
        "includes": {
            "users": [{"id": "1234567890", "username": "angry_patient_99", "name": "Angry Patient"}]
        },
        "meta": {"result_count": 1, "newest_id": str(1850000000000000000 + i)},
    }
    raw = json.dumps(doc)
    filler = max(0, pad_kb * 1024 - len(raw))
    doc["meta"]["x_padding"] = "x" * filler  # stands for context annotations and entities
    return json.dumps(doc).encode()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=5000)
    ap.add_argument("--payload-kb", type=int, default=8)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="gpwatch-bench-evidence-") as tmp:
        d = Path(tmp)
        (d / "gpwatch.toml").write_text(CONFIG)
        cfg = load_config(d / "gpwatch.toml")
        store = Store(cfg.database_path)
        store.sync_practices(cfg.practices)
        start = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
        items = []
        payload_bytes = 0
        for i in range(args.items):
            created = start + timedelta(minutes=37 * i)
            text = TEXTS[i % len(TEXTS)] + f" #{i}"
            data = tweet_payload(i, text, created, args.payload_kb)
            payload_bytes += len(data)
            items.append(
                RawItem(
                    source="x",
                    external_id=str(1850000000000000000 + i),
                    url=f"https://x.com/angry_patient_99/status/{1850000000000000000 + i}",
                    text=text,
                    author_handle="angry_patient_99",
                    author_id="1234567890",
                    published_at=created,
                    source_name="x-search",
                    payload=Payload(
                        data,
                        "application/json",
                        "https://api.twitter.com/2/tweets/search/recent",
                        created,
                    ),
                )
            )
        t = time.perf_counter()
        for k in range(0, len(items), 1000):
            store.save_batch(Batch(items[k : k + 1000], {}), "x-search", "x")
        store_s = time.perf_counter() - t
        del items
        t = time.perf_counter()
        classify_pending(store, build_classifier(cfg), "bench")
        classify_s = time.perf_counter() - t
        print(
            f"setup: stored {args.items:,} posts ({payload_bytes / 1e6:,.1f} MB of payloads) "
            f"in {store_s:.2f} s, classified in {classify_s:.2f} s",
            flush=True,
        )

        # as after `gpwatch run` exits: the write-ahead log folded into the file, so the
        # export's process does not replay it
        wal = cfg.database_path.with_name(cfg.database_path.name + ".wal")
        print(
            f"note: write-ahead log before checkpoint: "
            f"{wal.stat().st_size / 1e6 if wal.exists() else 0:,.1f} MB",
            flush=True,
        )
        con = duckdb.connect(str(cfg.database_path))
        con.execute("CHECKPOINT")
        con.close()
        # The export and the check run in a fresh process, so its resident peak is theirs
        # alone (this one still holds the setup's allocations).
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(d / "gpwatch.toml"), str(d / "pack.zip")],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        print(child.stdout, end="", flush=True)

        tracemalloc.start()
        export_author(cfg, "angry_patient_99", "x", d / "pack2.zip", "bench")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        tracemalloc.start()
        verify_pack(d / "pack2.zip")
        _, vpeak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"peak memory: export Python heap {peak / 1e6:,.1f} MB for "
            f"{payload_bytes / 1e6:,.1f} MB of payloads; verify heap {vpeak / 1e6:,.1f} MB",
            flush=True,
        )


CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, ".")
from alerts.evidence import export_author
from alerts.verify import verify_pack
from gpwatch.config import load_config
cfg = load_config(sys.argv[1])
t = time.perf_counter()
result = export_author(cfg, "angry_patient_99", "x", Path(sys.argv[2]), "bench")
s = time.perf_counter() - t
n = result.items
print(f"export: {n / s:,.0f} items/s ({n:,} items in {s:.2f} s); "
      f"pack {result.size_bytes / 1e6:,.1f} MB, {result.files:,} files")
t = time.perf_counter()
checked = verify_pack(result.path)
s = time.perf_counter() - t
print(f"verify: {n / s:,.0f} items/s ({n:,} items in {s:.2f} s); intact={checked.intact}")
# VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child would report the
# parent's size at fork
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
rss = int(hwm.split()[1]) / 1024
print(f"peak memory: export+verify process resident peak {rss:,.0f} MB")
"""


if __name__ == "__main__":
    main()
