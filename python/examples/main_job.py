"""The README's main job in Python: the supply-chain vulnerability of China's imports of
intermediate goods on the embedded SYNTHETIC data (not real trade), its four categories,
and the scatter of export centrality against import concentration, one colour per
category, saved as a PNG when matplotlib is installed.

    python python/examples/main_job.py --out vulnerability.png
"""

from __future__ import annotations

import argparse

import chainlens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--importer", default="CHN")
    parser.add_argument("--out", default="vulnerability.png", help="the PNG to write")
    args = parser.parse_args()

    s = chainlens.open()
    r = s.vulnerability(args.importer)
    print(r.categories.to_pandas().to_string(index=False))
    print(r.chapters.to_pandas().head(5).to_string(index=False))

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no scatter drawn")
        return
    products = r.products.to_pandas()
    fig, ax = plt.subplots(figsize=(6, 5))
    for category, goods in products.groupby("category"):
        ax.scatter(goods["centrality"], goods["concentration"], s=8, label=f"category {category}")
    ax.axvline(r.meta["centrality_threshold"], color="grey", lw=0.8)
    ax.axhline(r.meta["importers"][0]["concentration_threshold"], color="grey", lw=0.8)
    ax.set_xlabel("export centrality C(k)")
    ax.set_ylabel(f"import concentration H({args.importer}, k)")
    ax.set_title(f"{args.importer}: intermediate goods by category (SYNTHETIC data)")
    ax.legend()
    fig.savefig(args.out, dpi=100, bbox_inches="tight")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
