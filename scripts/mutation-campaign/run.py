#!/usr/bin/env python3
"""The mutation campaign of issue 14 against a chainlens binary (Python standard library
only). For every input kind of `seeds.py` it writes the valid seed, mutates one file
(`mutate.py`), packages it (plain, gzip, zip, folder), runs one of the kind's commands with
a timeout and classifies the run:

* `panic` (exit 101 or "panicked" on stderr), `signal` (killed), `hang` (timeout),
  `exit2` (chainlens' own bug exit, `ErrorKind::Internal`), `exit-other`;
* `ok`, or `wrong` when a success does not hold up: a trade import whose report.json
  breaks rows read = used + rejected + excluded, disagrees with an independent count of
  the input's data lines or with rejects.csv, or has a non-finite total; any command
  printing a non-finite number (`NaN`, `inf`) that its input does not hold;
* `located` (exit 1, the error names a file of the run and a line, column, key, field or
  country-sector) or `unlocated` (exit 1 otherwise).

Runs are reproducible: run `i` of kind `k` draws everything from `Random(f"{seed}:{k}:{i}")`,
whatever `--jobs` is. It prints a table per kind, the unlocated errors with their message,
and every failure with the mutation that caused it; the exit code is 1 when any run is a
panic, signal, hang, exit 2, other exit or wrong success, or when 5 % or more of the
errors have no location.

    python3 scripts/mutation-campaign/run.py target/release/chainlens --runs 100 --seed 1
"""

import argparse
import collections
import csv
import concurrent.futures
import gzip
import io
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutate import byte_mutation, mutate  # noqa: E402
from seeds import KINDS  # noqa: E402

FAILURES = ("panic", "signal", "hang", "exit2", "exit-other", "wrong")
OUTCOMES = ("ok", "located", "unlocated") + FAILURES
# After the file: `path:12` (line 0 is no line), or a line, column, key, field, header, member, a
# country-sector label (`CHN_26`), a pair and year (`A -> B in year 1`) or a named
# sector, country, firm or segment (a key of the file) in the message.
LOCATION = re.compile(
    r"(:(?!0\b)\d+\b|\blines? \d+|\bcolumn\b|\bkey `|\bfield\b|\bheader\b|\bmember\b"
    r"|\b[A-Z]{1,3}_[0-9A-Za-z]+\b|\S+ -> \S+ in year|\b(sector|country|firm|segment) `)"
)
NON_FINITE = re.compile(r"(?<![\w.])(NaN|-?inf|-?Infinity)(?![\w.])")
REPORT_REASONS = (
    "wrong_field_count",
    "unparsable_number",
    "code_out_of_range",
    "bad_utf8",
    "nonpositive_value",
    "self_trade",
    "unknown_country",
    "aggregate_country",
    "non_hs6_code",
    "outside_window",
    "other_flow",
    "comtrade_breakdown",
)
REJECTIONS = REPORT_REASONS[:4]


def data_lines(data: bytes, rfc4180: bool) -> int:
    """An independent count of a CSV's data lines after the header, blank ones left out.
    With `rfc4180`, records as Python's csv module reads them (quoted fields may hold line
    ends; a lone CR ends a line), as Rust's csv crate does; else lines split at LF."""
    if rfc4180:
        text = data.decode("utf-8", errors="replace").replace("\0", "\ufffd")
        records = list(csv.reader(io.StringIO(text, newline="")))[1:]
        return sum(1 for r in records if "".join(r).strip(" \t\r"))
    lines = data.split(b"\n")[1:]
    return sum(1 for line in lines if line.strip(b" \t\r"))


def csv_records(path: Path) -> int:
    """The records of a CSV chainlens wrote (quoted fields may hold line ends)."""
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        return max(0, sum(1 for _ in csv.reader(f)) - 1)


def package(kind, rng, run_dir: Path):
    """Writes the run's files, one of them mutated (none without `rng`: the seed check);
    returns (input path, what was done, the bytes of each trade file read for the
    recount, or None when a container's bytes were mutated)."""
    chosen = kind.target
    if kind.also and rng and rng.random() < 0.3:
        chosen = rng.choice(kind.also)
    contents = {name: text.encode() for name, text in kind.files.items()}
    mutated, note = mutate(contents[chosen], kind.syntax, rng) if rng else (contents[chosen], "the seed")
    note = f"{chosen}: {note}"
    outer = rng is not None and kind.package in ("gzip", "zip") and rng.random() < 0.3
    if not outer:
        contents[chosen] = mutated
    for name, data in contents.items():
        path = run_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    target = run_dir / kind.target
    if kind.package == "file":
        return target, note, contents
    if kind.package == "folder":
        return run_dir / Path(kind.target).parts[0], note, contents
    if kind.package == "gzip":
        packed = gzip.compress(contents[kind.target], mtime=0)
        path = target.with_name(target.name + ".gz")
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(zipfile.ZipInfo(target.name, (2024, 1, 1, 0, 0, 0)), contents[kind.target])
        packed = buffer.getvalue()
        path = target.with_name(kind.archive) if kind.archive else target.with_suffix(".zip")
    target.unlink()
    if outer:
        packed, outer_note = byte_mutation(packed, rng)
        note = f"{path.name} (the {kind.package} bytes): {outer_note}"
        contents = None
    path.write_bytes(packed)
    return path, note, contents


def check_import(out: Path, contents, input_names, rfc4180: bool) -> str | None:
    """Why a successful import's cache does not hold up, or None."""
    try:
        report = json.loads((out / "report.json").read_text())
    except (OSError, ValueError) as e:
        return f"report.json unreadable: {e}"
    total = report.get("value_total_usd")
    if not isinstance(total, (int, float)) or not math.isfinite(total):
        return f"value_total_usd is {total!r}"
    counted = report["rows_used"] + sum(report.get(r, 0) for r in REPORT_REASONS)
    if counted != report["rows_read"]:
        return f"rows_read {report['rows_read']} != used + rejected + excluded {counted}"
    rejected = sum(report.get(r, 0) for r in REJECTIONS)
    rejects = out / "rejects.csv"
    listed = csv_records(rejects) if rejects.exists() else 0
    if rejects.exists() and listed != rejected:
        return f"rejects.csv lists {listed} lines, report.json {rejected} rejections"
    if contents is not None:
        recount = sum(data_lines(contents[name], rfc4180) for name in input_names)
        if recount != report["rows_read"]:
            return f"rows_read {report['rows_read']} but the input has {recount} data lines"
    return None


def located(message: str, run_dir: Path) -> bool:
    """Whether an error names a file of the run and a place in it."""
    if str(run_dir) not in message:
        return False
    after = message.split(str(run_dir), 1)[1]
    path = re.match(r"^[^\s:]*", after).group(0)
    if re.search(r"\.zip[/!].", path):
        return True  # the member of an archive
    return bool(LOCATION.search(after[len(path) :]))


def run_one(binary: str, kind, index: int, seed: int, timeout: float, env, keep: Path | None, command=None):
    """One run: returns (kind name, index, outcome, detail, note, seconds). With a
    `command` given, that command on the unmutated seed."""
    rng = None if command else random.Random(f"{seed}:{kind.name}:{index}")
    command = command or rng.choice(kind.commands)
    with tempfile.TemporaryDirectory(prefix="chainlens-campaign-") as tmp:
        run_dir = Path(tmp)
        input_path, note, contents = package(kind, rng, run_dir)
        out = run_dir / "out"
        args = [
            a.replace("{input}", str(input_path)).replace("{run}", str(run_dir)).replace("{out}", str(out))
            for a in command
        ]
        start = time.monotonic()
        try:
            done = subprocess.run(
                [binary, *args], env=env, cwd=run_dir, capture_output=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            outcome, detail = "hang", f"no answer after {timeout} s"
            done = None
        seconds = time.monotonic() - start
        if done is not None:
            stderr = done.stderr.decode(errors="replace")
            stdout = done.stdout.decode(errors="replace")
            error = next((line for line in stderr.splitlines() if line.startswith("error:")), stderr.strip())
            if done.returncode == 101 or "panicked" in stderr:
                outcome, detail = "panic", stderr.strip()[-400:]
            elif done.returncode < 0:
                outcome, detail = "signal", f"signal {-done.returncode}: {stderr.strip()[-300:]}"
            elif done.returncode == 2:
                outcome, detail = "exit2", error
            elif done.returncode == 1:
                outcome = "located" if located(error, run_dir) else "unlocated"
                detail = error
            elif done.returncode != 0:
                outcome, detail = "exit-other", f"exit {done.returncode}: {error}"
            else:
                outcome, detail = "ok", ""
                if kind.accounting and command[0] == "import":
                    inputs = [n for n in kind.files if n.endswith(".csv") and n != "countries.csv"]
                    why = check_import(out, contents, inputs, kind.rfc4180)
                    if why:
                        outcome, detail = "wrong", why
                if outcome == "ok":
                    # A non-finite number the input does not hold was computed.
                    text = b"".join(contents.values()).lower() if contents else b""
                    for match in NON_FINITE.finditer(stdout):
                        if match.group(0).lstrip("-").lower().encode() not in text:
                            outcome, detail = "wrong", f"prints `{match.group(0)}`"
                            break
        detail = detail.replace(str(run_dir), "[RUN]")
        if keep is not None and outcome not in ("ok", "located"):
            dest = keep / f"{kind.name}-{index}"
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(run_dir, dest, ignore=shutil.ignore_patterns("out"))
            (dest / "COMMAND").write_text(" ".join(command) + "\n" + note + "\n" + detail + "\n")
    return kind.name, index, outcome, detail, f"{' '.join(command[:2])} | {note}", seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", help="the chainlens binary (a release build)")
    parser.add_argument("--runs", type=int, default=100, help="runs per input kind [100]")
    parser.add_argument("--seed", type=int, default=1, help="campaign seed [1]")
    parser.add_argument("--kind", action="append", help="only these kinds (repeatable)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a run is a hang [10]")
    parser.add_argument("--jobs", type=int, default=2, help="runs at once [2]")
    parser.add_argument("--data", help="CHAINLENS_DATA [../shared/data beside the repository]")
    parser.add_argument("--keep", type=Path, help="copy the inputs of failed and unlocated runs here")
    parser.add_argument("--budget", type=float, help="stop starting runs after this many seconds")
    args = parser.parse_args()

    args.binary = str(Path(args.binary).resolve())
    repo = Path(__file__).resolve().parents[2]
    data = args.data or str(repo.parent / "shared" / "data")
    env = dict(os.environ, CHAINLENS_DATA=data, CHAINLENS_NO_REEXEC="1", NO_COLOR="1")
    kinds = [k for k in KINDS if not args.kind or k.name in args.kind]
    unknown = set(args.kind or []) - {k.name for k in KINDS}
    if unknown:
        parser.error(f"unknown kind {sorted(unknown)}; kinds: {', '.join(k.name for k in KINDS)}")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)

    # The seeds must pass every command of their kind, or the campaign measures nothing.
    broken = [
        r
        for kind in kinds
        for command in kind.commands
        if (r := run_one(args.binary, kind, -1, args.seed, args.timeout, env, None, command))[2] != "ok"
    ]
    for name, _, outcome, detail, note, _ in broken:
        print(f"seed of {name} fails: {outcome}: {detail} ({note})")
    if broken:
        return 1

    start = time.monotonic()
    results = []
    jobs = [(k, i) for i in range(args.runs) for k in kinds]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        pending = set()
        for kind, index in jobs:
            if args.budget and time.monotonic() - start > args.budget:
                break
            pending.add(pool.submit(run_one, args.binary, kind, index, args.seed, args.timeout, env, args.keep))
            if len(pending) >= 4 * args.jobs:
                finished, pending = concurrent.futures.wait(pending, return_when="FIRST_COMPLETED")
                results += [f.result() for f in finished]
        results += [f.result() for f in concurrent.futures.as_completed(pending)]
    elapsed = time.monotonic() - start

    counts = collections.defaultdict(collections.Counter)
    slowest = collections.defaultdict(float)
    for name, _, outcome, _, _, seconds in results:
        counts[name][outcome] += 1
        slowest[name] = max(slowest[name], seconds)
    header = f"{'kind':<24}{'runs':>6}" + "".join(f"{o:>11}" for o in OUTCOMES) + f"{'max s':>8}"
    print(header)
    total = collections.Counter()
    for kind in kinds:
        c = counts[kind.name]
        total += c
        runs = sum(c.values())
        print(f"{kind.name:<24}{runs:>6}" + "".join(f"{c[o]:>11}" for o in OUTCOMES) + f"{slowest[kind.name]:>8.2f}")
    runs = sum(total.values())
    print(f"{'all':<24}{runs:>6}" + "".join(f"{total[o]:>11}" for o in OUTCOMES))
    errors = total["located"] + total["unlocated"]
    share = 100.0 * total["unlocated"] / errors if errors else 0.0
    print(f"\n{runs} runs in {elapsed:.0f} s (seed {args.seed}); {errors} errors, {total['unlocated']} without a location ({share:.1f} %)")

    unlocated = collections.defaultdict(list)
    for name, index, outcome, detail, note, _ in sorted(results):
        if outcome == "unlocated":
            unlocated[(name, detail)].append((index, note))
    if unlocated:
        print("\nerrors without a location (kind, count, message, first run):")
        for (name, detail), runs_of in sorted(unlocated.items(), key=lambda kv: -len(kv[1])):
            index, note = runs_of[0]
            print(f"  {name} x{len(runs_of)}: {detail}\n      run {index}: {note}")
    failed = [r for r in sorted(results) if r[2] in FAILURES]
    if failed:
        print("\nfailures (kind, run, outcome, detail, mutation):")
        for name, index, outcome, detail, note, _ in failed:
            print(f"  {name} run {index}: {outcome}: {detail}\n      {note}")
    return 1 if failed or share >= 5.0 else 0


if __name__ == "__main__":
    sys.exit(main())
