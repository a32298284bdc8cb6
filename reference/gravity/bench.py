"""Python peers of `cargo bench -p chainlens-bench --bench gravity` (not part of CI).

usage: python bench.py RTA_PANEL_CSV CROSS_SECTION_CSV [SYNTHETIC_PANEL_CSV]

* pyfixest's `fepois("trade ~ RTA | exp_year + imp_year + pair")` on the Guide's full RTA
  panel (99,981 rows), fixef_tol and iwls_tol 1e-12, standard errors clustered by pair,
  best of 3 after one warm-up run (numba compiles on the first);
* the Guide's trade-without-borders cross-section (4,761 rows, exporter and importer
  effects, ln_DIST, CNTG, LANG, CLNY, INTL_BRDR) in pyfixest and in gme 1.3 (USITC's
  Gravity Modeling Environment, a statsmodels GLM with explicit dummies), best of 3;
* with a third file, pyfixest on `generate-gravity`'s SYNTHETIC 200 x 20 panel (800,000
  rows), once.

Each prints its coefficient so the runs can be compared with chainlens'.
"""
import sys
import time

import pandas as pd
import pyfixest as pf


def best_of(runs, work):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def with_effect_columns(d):
    year = d.year.astype(int).astype(str)
    d["exp_year"] = d.exporter + year
    d["imp_year"] = d.importer + year
    d["pair"] = d.exporter + "_" + d.importer
    if "pair_id" not in d:
        d["pair_id"] = d[["exporter", "importer"]].min(axis=1) + d[["exporter", "importer"]].max(axis=1)
    return d


def three_way(d):
    return pf.fepois("trade ~ RTA | exp_year + imp_year + pair", data=d,
                     vcov={"CRV1": "pair_id"}, fixef_tol=1e-12, iwls_tol=1e-12)


def rta_panel(path):
    d = with_effect_columns(pd.read_csv(path))
    three_way(d)  # warm-up: numba compiles
    seconds, fit = best_of(3, lambda: three_way(d))
    print(f"pyfixest fepois, 3-way fixed effects, {fit._N} observations: "
          f"{seconds:.3f} s (best of 3 after a warm-up), RTA {fit.coef().iloc[0]!r}")


def cross_section(path):
    import gme

    d = pd.read_csv(path)
    names = ["ln_DIST", "CNTG", "LANG", "CLNY", "INTL_BRDR"]
    formula = "trade ~ " + " + ".join(names) + " | exporter + importer"
    pf.fepois(formula, data=d, fixef_tol=1e-12, iwls_tol=1e-12)
    seconds, fit = best_of(3, lambda: pf.fepois(formula, data=d, fixef_tol=1e-12, iwls_tol=1e-12))
    print(f"pyfixest fepois, exporter + importer effects, {fit._N} observations: {seconds:.4f} s "
          f"(best of 3), INTL_BRDR {fit.coef()['INTL_BRDR']!r}")

    def gme_fit():
        data = gme.EstimationData(d, imp_var_name="importer", exp_var_name="exporter",
                                  year_var_name="year", trade_var_name="trade")
        model = gme.EstimationModel(data, lhs_var="trade", rhs_var=names,
                                    fixed_effects=["importer", "exporter"], cluster_on="pair_id")
        return model.estimate()
    seconds, fit = best_of(3, gme_fit)
    border = list(fit.values())[0].params["INTL_BRDR"]
    print(f"gme 1.3 EstimationModel, exporter + importer dummies: {seconds:.4f} s (best of 3), "
          f"INTL_BRDR {border!r}")


def synthetic_panel(path):
    d = with_effect_columns(pd.read_csv(path))
    seconds, fit = best_of(1, lambda: three_way(d))
    print(f"pyfixest fepois, 3-way fixed effects, SYNTHETIC 200 x 20 panel, {fit._N} observations: "
          f"{seconds:.2f} s (once, numba warm), RTA {fit.coef().iloc[0]!r}")


if __name__ == "__main__":
    rta_panel(sys.argv[1])
    cross_section(sys.argv[2])
    if len(sys.argv) > 3:
        synthetic_panel(sys.argv[3])
