"""numpy and pymrio timings beside chainlens' divan benches (bench.sh).

Tables are random with the structure of chainlens' synthetic::random_table
(domestic blocks 10x the foreign ones), shaped like WIOD 2013 (41 x 35),
WIOD 2016 (44 x 56) and OECD ICIO 2023 (77 x 45). Prints best-of-k wall times.
"""
import sys
import time
import numpy as np
import pandas as pd

SIZES = {"wiod2013": (41, 35), "wiod2016": (44, 56), "icio2023": (77, 45), "icio2025": (81, 50)}


def table(g, s, seed=42):
    rng = np.random.default_rng(seed)
    n = g * s
    Z = rng.random((n, n))
    c = np.repeat(np.arange(g), s)
    Z[c[:, None] == c[None, :]] *= 10
    Y = rng.random((n, 2 * g)) * 2 * s
    dom = c[:, None] == (np.arange(2 * g) // 2)[None, :]
    Y[dom] *= 20
    return Z, Y


def best(f, k):
    t = []
    for _ in range(k):
        t0 = time.perf_counter()
        f()
        t.append(time.perf_counter() - t0)
    return min(t)


def main():
    import pymrio
    names = sys.argv[1].split(",") if len(sys.argv) > 1 else ["wiod2013", "wiod2016", "icio2023"]
    print(f"numpy {np.__version__}, pandas {pd.__version__}, pymrio {pymrio.__version__}")
    for name in names:
        g, s = SIZES[name]
        n = g * s
        Z, Y = table(g, s)
        x = Z.sum(1) + Y.sum(1)
        A = Z / x
        I = np.eye(n)
        t_inv = best(lambda: np.linalg.inv(I - A), 3)
        t_solve = best(lambda: np.linalg.solve(I - A, Y.sum(1)), 3)
        regions = [f"R{i:02d}" for i in range(g)]
        sectors = [f"S{k:02d}" for k in range(s)]
        idx = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
        cols = pd.MultiIndex.from_product([regions, ["HFCE", "GFCF"]], names=["region", "category"])
        Zdf = pd.DataFrame(Z, index=idx, columns=idx)
        Ydf = pd.DataFrame(Y, index=idx, columns=cols)
        va = pd.DataFrame([x - Z.sum(0)], index=["Value Added"], columns=idx)
        va.index.name = "inputtype"

        def calc_all():
            io = pymrio.IOSystem(Z=Zdf.copy(), Y=Ydf.copy())
            io.factor_inputs = pymrio.Extension(name="factor_inputs", F=va.copy())
            io.calc_all()
            return io

        t_calc = best(calc_all, 1)
        print(f"{name} N={n}: numpy inv(I-A) {t_inv:.3f} s; numpy solve(I-A, y) {t_solve:.3f} s; "
              f"pymrio calc_all (with a value-added extension) {t_calc:.3f} s")


if __name__ == "__main__":
    main()
