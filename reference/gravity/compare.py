"""Python references for `chainlens gravity` (METHODS 3, bloc fragmentation).

usage:
  python compare.py gegravity SAMPLE_CSV OUT_DIR   # gegravity 0.3 CAN-JPN vs chainlens' countries.csv
  python compare.py ppml APP1_CSV OUT_DIR          # statsmodels PPML vs chainlens' coefficients.csv

gegravity: runs USITC's gegravity 0.3 exactly as its examples_OneSectorGE.py does (the
same cost coefficients, sigma 5, reference importer DEU, pta = 1 between CAN and JPN) and
compares every country's welfare (GDP), factory-gate price, inward and outward
resistance, expenditure and foreign exports with chainlens' levels model: levels to 1e-6
relative, percentage changes to 1e-6 percentage points (gegravity's own solver leaves
about 2e-9 relative error on its resistances, which a near-zero percentage amplifies).

ppml: a Poisson GLM with explicit exporter and importer dummies on the Guide's
trade-without-borders cross-section, standard errors clustered by the Guide's pair_id
(both directions of a pair) with the G/(G-1) factor; coefficients to 1e-8, standard
errors to 1e-6 relative. Either check exits non-zero on a difference.
"""
import sys

import numpy as np
import pandas as pd


def fail_if(worst, limit, what):
    print(f"{what}: worst difference {worst:.3e} (limit {limit:.0e})")
    if not worst < limit:
        sys.exit(f"{what}: differs from the reference")


def gegravity(sample_csv, out_dir):
    import gegravity as ge

    data = pd.read_csv(sample_csv)
    data["constant"] = 1
    baseline = ge.BaselineData(data, imp_var_name="importer", exp_var_name="exporter",
                               year_var_name="year", trade_var_name="trade",
                               expend_var_name="E", output_var_name="Y")
    ests = pd.DataFrame([("lndist", -0.3898623, 0.0729915), ("contiguity", 0.891577, 0.1327354),
                         ("common_language", 0.0326249, 0.0840702), ("pta", 0.4711383, 0.1076578),
                         ("international", -3.412584, 0.2151235), ("constant", 16.32434, 0.4844137)],
                        columns=["var", "beta", "stderr"])
    costs = ge.CostCoeffs(estimates=ests, identifier_col="var", coeff_col="beta", stderr_col="stderr")
    model = ge.OneSectorGE(baseline=baseline, cost_coeff_values=costs, year="2006",
                           cost_variables=list(ests["var"]), reference_importer="DEU",
                           sigma=5, quiet=True)
    model.build_baseline(omr_rescale=1)
    experiment = model.baseline_data.copy()
    for a, b in [("CAN", "JPN"), ("JPN", "CAN")]:
        experiment.loc[(experiment["exporter"] == a) & (experiment["importer"] == b), "pta"] = 1
    model.define_experiment(experiment)
    model.simulate()
    ref = model.country_results.join(model.aggregate_trade_results, suffixes=("", " (trade)"))
    ours = pd.read_csv(f"{out_dir}/countries.csv").set_index("iso3")
    ref = ref.loc[ours.index]
    levels = {
        "exports_before": "baseline modeled foreign exports",
        "exports_after": "experiment foreign exports",
    }
    changes = {
        "welfare_change_pct": "GDP change (percent)",
        "price_change_pct": "factory gate price change (percent)",
        "imr_change_pct": "imr change (percent)",
        "omr_change_pct": "omr change (percent)",
        "expenditure_change_pct": "expenditure change (percent)",
        "exports_change_pct": "foreign exports change (percent)",
    }
    worst_level = max((np.abs(ours[a] / ref[b].astype(float) - 1)).max() for a, b in levels.items())
    worst_change = max((np.abs(ours[a] - ref[b].astype(float))).max() for a, b in changes.items())
    fail_if(worst_level, 1e-6, "gegravity CAN-JPN, levels (relative)")
    fail_if(worst_change, 1e-6, "gegravity CAN-JPN, changes (percentage points)")


def ppml(app1_csv, out_dir):
    import statsmodels.api as sm

    d = pd.read_csv(app1_csv)
    names = ["ln_DIST", "CNTG", "LANG", "CLNY", "INTL_BRDR"]
    x = pd.concat([d[names], pd.get_dummies(d.exporter, prefix="e", dtype=float),
                   pd.get_dummies(d.importer, prefix="i", dtype=float).iloc[:, 1:]], axis=1)
    groups = d.pair_id.astype(int)
    fit = sm.GLM(d.trade, x, family=sm.families.Poisson()).fit(
        tol=1e-12, cov_type="cluster", cov_kwds={"groups": groups, "use_correction": False})
    g = groups.nunique()
    se = fit.bse[names] * np.sqrt(g / (g - 1))
    ours = pd.read_csv(f"{out_dir}/coefficients.csv").set_index("variable").loc[names]
    fail_if((ours["estimate"] - fit.params[names]).abs().max(), 1e-8, "PPML coefficients")
    fail_if((ours["std_error"] / se - 1).abs().max(), 1e-6, "PPML clustered standard errors (relative)")


if __name__ == "__main__":
    {"gegravity": gegravity, "ppml": ppml}[sys.argv[1]](*sys.argv[2:])
