"""The Python package's overhead on the vulnerability analysis of every importer of one
SYNTHETIC 11-million-flow BACI year (issue 17: under 5 % over the engine call), and the
same analysis in polars and pandas from Python, all in one run, for BENCHMARKS.md.

usage: python python/bench.py [--dir DIR] [--rows N] [--rounds R] [--delete]

Needs `chainlens` installed in the running interpreter (`pip install ./python`, the
release profile), polars and pandas (python/requirements.txt). The data is made once in
DIR (default bench-data/python): `generate-baci --rows N --years 2018 --seed 11` with the
options of reference/trade_network/bench.sh, imported by `chainlens import baci` into
DIR/cache (the release binaries are built first); `--delete` removes DIR afterwards.

Each round, in this order:
* **cold**: `chainlens.open(trade=DIR/cache)`, then the first `vulnerability("all")` of the
  session (the window's baseline analysis computed);
* **warm**: the same call again on that session (the baseline reused), twice: the public
  `Session.vulnerability` and the same call through `_vulnerability_timed`, whose parts are
  timed on the worker thread: the engine's `Session::vulnerability`, the result tables it
  hands every face (`long_tables`, `dominance_table`), and their Arrow record batches;
* **polars**, **pandas**: `analyse_polars` / `analyse_pandas` of
  reference/trade_network/bench_peers.py (read the cache's Parquet file, then centrality,
  concentration, cut-offs, categories and dominance), in this process.

The overhead is the Python call's wall time minus the engine call (analysis + tables):
Arrow conversion, JSON, the worker thread and pyarrow's import. Medians are printed as a
Markdown table, with the machine, the date and the load average before and after.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# The installed package, not its sources beside this script (they lack the native module).
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(REPO / "reference" / "trade_network"))

import bench_peers  # noqa: E402  (the peers' pipeline, shared with reference/trade_network/bench.sh)
import chainlens  # noqa: E402


def binaries() -> Path:
    """The release `chainlens` and `generate-baci`, built when missing or stale."""
    subprocess.run(
        ["cargo", "build", "--release", "--locked", "--quiet", "-p", "chainlens-cli", "-p", "chainlens-bench"],
        cwd=REPO, check=True,
    )
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "release"


def make_data(folder: Path, rows: int) -> tuple[Path, Path]:
    """The SYNTHETIC year's cache and its universe of intermediate goods, made once."""
    raw, cache = folder / f"baci-{rows}", folder / "cache"
    if not (cache / "flows.parquet").is_file():
        release = binaries()
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [release / "generate-baci", "--rows", str(rows), "--years", "2018", "--seed", "11",
             "--products", "5000", "--extra-economies", "98", "--out", raw],
            check=True,
        )
        shutil.rmtree(cache, ignore_errors=True)
        subprocess.run([release / "chainlens", "import", "baci", raw, "--out", cache], check=True,
                       stdout=subprocess.DEVNULL)
    universe = folder / "universe.csv"
    shutil.copyfile(raw / "intermediate_goods_Vsynthetic.csv", universe)
    return cache, universe


def timed_vulnerability(session: chainlens.Session) -> dict[str, float]:
    """`session.vulnerability("all")` as the public method makes it, with its parts."""
    request = chainlens._json({"importers": ["all"], "centrality": "hhi"})
    start = time.perf_counter()
    answer, (engine, tables, arrow) = session._native._vulnerability_timed(request)
    result = chainlens.Result(*chainlens._decode(answer))
    wall = time.perf_counter() - start
    rows = sum(t.num_rows for t in result.tables.values())
    return {"wall": wall, "engine": engine, "tables": tables, "arrow": arrow, "rows": rows}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return f"{cpu}, {os.cpu_count()} cores, {mem / 2**20:.0f} GiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=REPO / "bench-data" / "python")
    parser.add_argument("--rows", type=int, default=11_800_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--delete", action="store_true", help="remove --dir afterwards")
    args = parser.parse_args()
    cache, universe = make_data(args.dir, args.rows)
    parquet = cache / "flows.parquet"
    load_before = os.getloadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    runs: dict[str, list[float]] = {}

    def keep(name: str, seconds: float) -> None:
        runs.setdefault(name, []).append(seconds)

    for round_ in range(args.rounds):
        start = time.perf_counter()
        session = chainlens.open(trade=cache)
        keep("open", time.perf_counter() - start)
        flows = session.info()["trade"]["rows"]
        cold = timed_vulnerability(session)
        for part in ("wall", "engine", "tables", "arrow"):
            keep(f"cold {part}", cold[part])
        keep("cold rest", cold["wall"] - cold["engine"] - cold["tables"] - cold["arrow"])
        keep("cold overhead %", 100 * (cold["wall"] / (cold["engine"] + cold["tables"]) - 1))
        start = time.perf_counter()
        result = session.vulnerability("all")
        keep("warm public", time.perf_counter() - start)
        warm = timed_vulnerability(session)
        for part in ("wall", "engine", "tables", "arrow"):
            keep(f"warm {part}", warm[part])
        keep("warm rest", warm["wall"] - warm["engine"] - warm["tables"] - warm["arrow"])
        keep("warm overhead %", 100 * (warm["wall"] / (warm["engine"] + warm["tables"]) - 1))
        rows = {name: t.num_rows for name, t in result.tables.items()}
        del result, session
        for engine, analyse in (("polars", bench_peers.analyse_polars), ("pandas", bench_peers.analyse_pandas)):
            start = time.perf_counter()
            analyse(parquet, universe)
            keep(engine, time.perf_counter() - start)
        print(f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1]:.3f}" for k, v in runs.items()), flush=True)
    load_after = os.getloadavg()

    med = {k: statistics.median(v) for k, v in runs.items()}
    low = {k: min(v) for k, v in runs.items()}
    print()
    print(f"date {started:%Y-%m-%d %H:%M} UTC; machine {machine()}; load average (1, 5, 15 min) "
          f"before {', '.join(f'{x:.2f}' for x in load_before)}, after {', '.join(f'{x:.2f}' for x in load_after)}")
    print(f"Python {platform.python_version()}, chainlens {chainlens._chainlens.__file__}, "
          f"pyarrow {__import__('pyarrow').__version__}, polars {__import__('polars').__version__}, "
          f"pandas {__import__('pandas').__version__}; {args.rounds} rounds; {flows:,} flows; result rows {json.dumps(rows)}; "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print()
    print("| step | median | fastest | every round |")
    print("|---|---|---|---|")
    for name, values in runs.items():
        if name.endswith("%"):
            print(f"| {name} | {med[name]:+.1f} % | {low[name]:+.1f} % | {', '.join(f'{v:+.1f}' for v in values)} |")
        else:
            print(f"| {name} | {med[name] * 1000:.1f} ms | {low[name] * 1000:.1f} ms | "
                  f"{', '.join(f'{v * 1000:.0f}' for v in values)} |")
    print()
    for when in ("cold", "warm"):
        print(f"{when}: the Python call's extra over the engine call (analysis + tables), median of the rounds "
              f"{med[f'{when} overhead %']:+.1f} % (Arrow batches {med[f'{when} arrow'] * 1000:.1f} ms, "
              f"JSON, thread and pyarrow's import {med[f'{when} rest'] * 1000:.1f} ms); over the analysis alone "
              f"{(med[f'{when} wall'] / med[f'{when} engine'] - 1) * 100:+.0f} %")
    chainlens_cold = med["open"] + med["cold wall"]
    print(f"load + analysis: chainlens {chainlens_cold:.3f} s, polars {med['polars']:.3f} s "
          f"({med['polars'] / chainlens_cold:.1f}x), pandas {med['pandas']:.3f} s ({med['pandas'] / chainlens_cold:.1f}x)")
    if args.delete:
        shutil.rmtree(args.dir)


if __name__ == "__main__":
    main()
