"""The peers chainlens is measured against, for BENCHMARKS.md: polars and pandas
doing the same steps as chainlens on the same files.

usage:
  python bench_peers.py read-csv polars|pandas BACI_CSV
  python bench_peers.py read-parquet polars|pandas CACHE_DIR/flows.parquet
  python bench_peers.py analyse polars|pandas CACHE_DIR/flows.parquet UNIVERSE_CSV

`read-csv` parses one BACI year with explicit types (the import benchmark).
`analyse` loads the cache's Parquet file and computes, for every importer, export
centrality, import concentration, both quartile cut-offs, the four categories and
exporter dominance counts (the vulnerability benchmark). Prints seconds and peak RSS.
"""
import resource
import sys
import time


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_csv(engine, path):
    if engine == "polars":
        import polars as pl
        schema = {"t": pl.Int16, "i": pl.Int16, "j": pl.Int16, "k": pl.Int32, "v": pl.Float64, "q": pl.Float64}
        df = pl.read_csv(path, schema=schema, null_values=["NA"])
        return df.height
    import pandas as pd
    df = pd.read_csv(path, dtype={"t": "int16", "i": "int16", "j": "int16", "k": "int32", "v": "float64", "q": "float64"},
                     na_values=["NA"])
    return len(df)


def read_parquet(engine, path):
    if engine == "polars":
        import polars as pl
        return pl.read_parquet(path).height
    import pandas as pd
    return len(pd.read_parquet(path))


def analyse_polars(parquet, universe):
    import polars as pl
    df = pl.read_parquet(parquet, columns=["product", "exporter", "importer", "value"])
    u = pl.read_csv(universe, schema={"hs6": pl.Int64}).get_column("hs6").cast(pl.UInt32)
    x_ek = df.group_by(["product", "exporter"]).agg(pl.col("value").sum().alias("x"))
    xu = x_ek.filter(pl.col("product").is_in(u.implode()))
    c = xu.with_columns((pl.col("x") / pl.col("x").sum().over("product")).pow(2).alias("s2")).group_by("product").agg(
        pl.col("s2").sum().alias("c"))
    c_thr = c.get_column("c").quantile(0.75, "linear")
    c = c.with_columns((pl.col("c") >= c_thr).alias("c_high"))
    imp = df.filter(pl.col("product").is_in(u.implode())).with_columns(pl.col("value").sum().over(["importer", "product"]).alias("m"))
    h = imp.with_columns((pl.col("value") / pl.col("m")).pow(2).alias("q2")).group_by(["importer", "product"]).agg(
        pl.col("q2").sum().alias("h"), pl.col("value").sum().alias("m"))
    h = h.with_columns(pl.col("h").quantile(0.75, "linear").over("importer").alias("h_thr"))
    h = h.join(c, on="product").with_columns(
        (pl.col("h") >= pl.col("h_thr")).alias("h_high"),
        pl.col("h").rank("max").over("importer").alias("rank_h"),
    )
    cats = h.with_columns(
        pl.when(pl.col("c_high") & pl.col("h_high")).then(1).when(pl.col("c_high")).then(2).when(pl.col("h_high")).then(3)
        .otherwise(4).alias("category")).group_by(["importer", "category"]).agg(pl.len(), pl.col("m").sum())
    dom = xu.with_columns(pl.col("x").rank("min", descending=True).over("product").alias("rank")).join(c, on="product")
    dom = dom.group_by("exporter").agg(pl.len().alias("goods"), (pl.col("rank") == 1).sum().alias("top1"),
                                       (pl.col("rank") <= 3).sum().alias("top3"),
                                       (pl.col("c_high") & (pl.col("rank") <= 3)).sum().alias("hc_top3"))
    return cats.height + dom.height


def analyse_pandas(parquet, universe):
    import pandas as pd
    df = pd.read_parquet(parquet, columns=["product", "exporter", "importer", "value"])
    u = set(pd.read_csv(universe)["hs6"])
    x_ek = df.groupby(["product", "exporter"])["value"].sum()
    xu = x_ek[x_ek.index.get_level_values(0).isin(u)]
    c = ((xu / xu.groupby(level=0).transform("sum")) ** 2).groupby(level=0).sum()
    c_high = c >= c.quantile(0.75)
    du = df[df["product"].isin(u)]
    m = du.groupby(["importer", "product"])["value"].transform("sum")
    q2 = (du["value"] / m) ** 2
    h = q2.groupby([du["importer"], du["product"]]).sum()
    hm = du.groupby(["importer", "product"])["value"].sum()
    thr = h.groupby(level=0).transform(lambda s: s.quantile(0.75))
    h_high = h >= thr
    rank_h = h.groupby(level=0).rank(method="max", pct=True)
    ch = c_high.reindex(h.index.get_level_values(1)).to_numpy()
    cat = 4 - 2 * ch.astype(int) - h_high.to_numpy().astype(int) + 0
    cats = pd.DataFrame({"cat": cat, "m": hm.to_numpy(), "imp": h.index.get_level_values(0), "r": rank_h.to_numpy()}).groupby(
        ["imp", "cat"]).agg(n=("m", "size"), v=("m", "sum"))
    rank = xu.groupby(level=0).rank(method="min", ascending=False)
    dom = pd.DataFrame({"rank": rank.to_numpy(), "e": rank.index.get_level_values(1),
                        "high": c_high.reindex(rank.index.get_level_values(0)).to_numpy()})
    dom = dom.assign(t1=dom["rank"] == 1, t3=dom["rank"] <= 3, h3=(dom["rank"] <= 3) & dom["high"]).groupby("e")[
        ["t1", "t3", "h3"]].sum()
    return len(cats) + len(dom)


def main():
    task, engine = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    if task == "read-csv":
        n = read_csv(engine, sys.argv[3])
    elif task == "read-parquet":
        n = read_parquet(engine, sys.argv[3])
    else:
        n = (analyse_polars if engine == "polars" else analyse_pandas)(sys.argv[3], sys.argv[4])
    seconds = time.perf_counter() - start
    print(f"{task} {engine}: {seconds:.3f} s, peak RSS {peak_mib():.0f} MiB ({n} rows)")


if __name__ == "__main__":
    main()
