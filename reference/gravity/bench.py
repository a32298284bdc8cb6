"""pyfixest peer of `cargo bench -p chainlens-bench --bench gravity` (not part of CI).

usage: python bench.py RTA_PANEL_CSV

Times pyfixest's `fepois("trade ~ RTA | exp_year + imp_year + pair")` on the Guide's full
RTA panel (99,981 rows) with fixef_tol and iwls_tol 1e-12, standard errors clustered by
pair_id, best of 3 after one warm-up run (numba compiles on the first), and prints the
coefficient so the two runs can be compared.
"""
import sys
import time

import pandas as pd
import pyfixest as pf


def main(path):
    d = pd.read_csv(path)
    year = d.year.astype(int).astype(str)
    d["exp_year"] = d.exporter + year
    d["imp_year"] = d.importer + year
    d["pair"] = d.exporter + "_" + d.importer
    times = []
    for _ in range(4):
        start = time.perf_counter()
        fit = pf.fepois("trade ~ RTA | exp_year + imp_year + pair", data=d,
                        vcov={"CRV1": "pair_id"}, fixef_tol=1e-12, iwls_tol=1e-12)
        times.append(time.perf_counter() - start)
    print(f"pyfixest fepois, 3-way fixed effects, {fit._N} observations: "
          f"{min(times[1:]):.3f} s (best of 3 after a warm-up), RTA {fit.coef().iloc[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1])
