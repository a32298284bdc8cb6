"""Compares DuckDB's reading of a cache's by-year export with chainlens' own figures.

Usage: compare.py CACHE INFO_JSON. The years, row counts and total value of each year
must equal those of `chainlens info --format json`, and the top five exporters of the
middle year (codes and values) those of flows.parquet read with pyarrow, exactly: BACI
values are thousands of USD with three decimals, so whole dollars, and sums of whole
dollars in doubles are exact in any order."""

import json
import sys

import duckdb
import pyarrow.compute as pc
import pyarrow.parquet as pq

cache, info_path = sys.argv[1], sys.argv[2]
info = json.load(open(info_path))
glob = f"{cache}/by-year/*/*.parquet"
con = duckdb.connect()
by_year = con.sql(
    f"""SELECT year, count(*) AS rows, sum(value) AS value
        FROM read_parquet('{glob}', hive_partitioning = true)
        GROUP BY year ORDER BY year"""
).fetchall()
failures = []


def check(what, ours, theirs):
    if ours != theirs:
        failures.append(f"{what}: chainlens {ours!r} != duckdb {theirs!r}")


years = [int(y) for y, _, _ in by_year]
ours_by_year = {int(y): v for y, v in info["value_usd_by_year"].items()}
check("years", sorted(ours_by_year), years)
check("rows", info["rows"], sum(r for _, r, _ in by_year))
for year, _, value in by_year:
    check(f"value of {year}", ours_by_year.get(int(year)), value)

middle = years[len(years) // 2]
top = con.sql(
    f"""SELECT exporter, sum(value) AS value
        FROM read_parquet('{glob}', hive_partitioning = true)
        WHERE year = {middle}
        GROUP BY exporter ORDER BY value DESC, exporter LIMIT 5"""
).fetchall()
flows = pq.read_table(f"{cache}/flows.parquet")
in_year = flows.filter(pc.equal(flows["year"], middle))
totals = {}
for e, v in zip(in_year["exporter"].to_pylist(), in_year["value"].to_pylist()):
    totals[e] = totals.get(e, 0.0) + v
ours_top = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
check(f"top 5 exporters of {middle}", ours_top, [(int(e), v) for e, v in top])
if failures:
    print("\n".join(failures))
    sys.exit(1)
print(
    f"by-year export read by DuckDB: {len(years)} years, {info['rows']} rows, "
    f"totals by year and top 5 exporters of {middle} agree exactly"
)
