"""Python references for `chainlens gravity` (METHODS 3, bloc fragmentation).

usage:
  python compare.py gegravity SAMPLE_CSV OUT_DIR   # gegravity 0.3 CAN-JPN vs chainlens' countries.csv
  python compare.py ppml APP1_CSV OUT_DIR          # statsmodels PPML vs chainlens' coefficients.csv
  python compare.py nafta APP2_CSV COSTS_DIR GE_DIR  # the Guide's NAFTA removal, every step

gegravity: runs USITC's gegravity 0.3 exactly as its examples_OneSectorGE.py does (the
same cost coefficients, sigma 5, reference importer DEU, pta = 1 between CAN and JPN) and
compares every country's welfare (GDP), factory-gate price, inward and outward
resistance, expenditure and foreign exports with chainlens' levels model: levels to 1e-6
relative, percentage changes to 1e-6 percentage points (gegravity's own solver leaves
about 2e-9 relative error on its resistances, which a near-zero percentage amplifies).

ppml: a Poisson GLM with explicit exporter and importer dummies on the Guide's
trade-without-borders cross-section, standard errors clustered by the Guide's pair_id
(both directions of a pair) with the G/(G-1) factor; coefficients to 1e-8, standard
errors to 1e-6 relative.

nafta: the Guide's chapter 2 application 2 by other means, from the same data. Stage 1
takes the RTA coefficient as estimated (checked against pyfixest in
crates/chainlens-gravity/tests/reproduce.rs) and finds the fixed effects by iterative
proportional fitting of the PPML first-order conditions (every exporter-year, importer-year
and pair total of fitted trade equals the observed one), not by chainlens' projections;
normalised as chainlens does (no domestic cost, then each country's mean exporter-year and
importer-year effects equal); stage 2 is a statsmodels Poisson GLM with exporter and
importer dummies on 1994; the
baseline flows are a Sinkhorn scaling of the costs; the equilibrium is a tatonnement on
factory-gate prices. Compared: the stage-2 coefficients (1e-7), the composite cost
g_ij + g_ji of every pair (which no normalisation moves, 1e-6) and every country's welfare
and exports change (1e-6 percentage points). Each check exits non-zero on a difference.
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


def nafta_pair_effects(d, rta):
    """Pair effects g_ij (0 at home; NaN for pairs that never trade) given the RTA
    coefficient, by iterative proportional fitting of the three sets of effects."""
    d = d[d.groupby("pair")["trade"].transform("sum") > 0].copy()
    groups = [pd.factorize(d[c])[0] for c in ("exp_year", "imp_year", "pair")]
    y, offset = d.trade.to_numpy(), rta * d.RTA.to_numpy()
    effects = [np.zeros(g.max() + 1) for g in groups]
    totals = [np.bincount(g, weights=y) for g in groups]
    for sweep in range(100_000):
        change = 0.0
        for k, g in enumerate(groups):
            mu = np.exp(offset + sum(e[gg] for e, gg in zip(effects, groups)))
            step = np.log(totals[k] / np.bincount(g, weights=mu))
            effects[k] += step
            change = max(change, np.abs(step).max())
        if change < 1e-13:
            break
    print(f"stage 1 by proportional fitting: {sweep + 1} sweeps, last step {change:.1e}")
    d["gamma"], d["a"], d["b"] = effects[2][groups[2]], effects[0][groups[0]], effects[1][groups[1]]
    gamma = d.groupby(["exporter", "importer"])["gamma"].first()
    home = gamma[[e == i for e, i in gamma.index]].droplevel("importer")
    # chainlens' normalisation: no domestic cost, then each country's mean exporter-year
    # effect equal to its mean importer-year effect.
    a = d.groupby(["exporter", "year"])["a"].first().groupby("exporter").mean() + home
    b = d.groupby(["importer", "year"])["b"].first().groupby("importer").mean()
    split = (a - b) / 2
    e, i = gamma.index.get_level_values(0), gamma.index.get_level_values(1)
    return gamma - home.reindex(e).to_numpy() + split.reindex(e).to_numpy() - split.reindex(i).to_numpy()


def sinkhorn(t, output, expenditure):
    a, b = np.ones(len(output)), np.ones(len(output))
    for _ in range(1_000_000):
        b_new = output / (t @ (a * expenditure))
        a_new = 1 / (t.T @ b_new)
        done = max(np.abs(b_new / b - 1).max(), np.abs(a_new / a - 1).max()) < 1e-14
        a, b = a_new, b_new
        if done:
            break
    return b[:, None] * t * (a * expenditure)[None, :]


def hat_multiplicative(x, phi, theta):
    """Welfare and trade after the shock, deficits a fixed share of output (E = phi Y)."""
    y, e = x.sum(1), x.sum(0)
    share = x / e[None, :]
    w = np.ones(len(y))
    for _ in range(1_000_000):
        demand = share * phi * (w ** -theta)[:, None]
        p = demand.sum(0)  # P_j^-theta hat
        trade = demand / p[None, :] * (w * e)[None, :]
        w_new = w * (trade.sum(1) / (w * y)) ** (1 / (1 + theta))
        w_new *= y.sum() / (w_new * y).sum()
        if np.abs(w_new / w - 1).max() < 1e-15:
            break
        w = w_new
    return w / p ** (-1 / theta), trade


def nafta(app2_csv, costs_dir, ge_dir):
    import statsmodels.api as sm

    d = pd.read_csv(app2_csv)
    d = d[d.year.isin([1986, 1990, 1994, 1998, 2002, 2006])].copy()
    d["exp_year"] = d.exporter + d.year.astype(str)
    d["imp_year"] = d.importer + d.year.astype(str)
    d["pair"] = d.exporter + "-" + d.importer
    rta = 0.5671055322869699
    gamma = nafta_pair_effects(d, rta)
    base = d[d.year == 1994].set_index(["exporter", "importer"]).sort_index()
    base["g"] = gamma.reindex(base.index)
    base["ln_DIST"] = np.log(base.DIST)
    names = ["ln_DIST", "CNTG", "LANG", "CLNY"]
    abroad = base[[e != i for e, i in base.index]].reset_index()
    known = abroad[abroad.g.notna()]
    dummies = lambda f: pd.concat([f[names], pd.get_dummies(f.exporter, prefix="e", dtype=float),
                                   pd.get_dummies(f.importer, prefix="i", dtype=float).iloc[:, 1:]], axis=1)
    stage2 = sm.GLM(np.exp(known.g), dummies(known), family=sm.families.Poisson()).fit(tol=1e-13)
    predicted = np.log(stage2.predict(dummies(abroad)))
    base.loc[[(e, i) for e, i in zip(abroad.exporter, abroad.importer)], "g_pred"] = predicted.to_numpy()
    base["g"] = base.g.fillna(base.g_pred)
    ours = pd.read_csv(f"{costs_dir}/pair_prediction.csv").set_index("variable").loc[["ln(DIST)", "CNTG", "LANG", "CLNY"]]
    fail_if(np.abs(ours.estimate.to_numpy() - stage2.params[names].to_numpy()).max(), 1e-7,
            "NAFTA stage 2 coefficients")
    countries = sorted(set(d.exporter))
    n = len(countries)
    g = base.g.to_numpy().reshape(n, n)
    ours_g = pd.read_csv(f"{costs_dir}/pair_costs.csv").set_index(["exporter", "importer"]).sort_index()
    ours_g = ours_g.log_cost.to_numpy().reshape(n, n)
    # Pairs trading less than USD 10,000 over the six years are left out: chainlens stops on
    # the deviance change, and the effect of a pair that small still moves afterwards.
    size = d.groupby(["exporter", "importer"]).trade.sum().reindex(base.index).to_numpy().reshape(n, n)
    large = np.minimum(size, size.T) >= 0.01
    composite = np.abs((g + g.T) - (ours_g + ours_g.T))
    print(f"pairs trading under USD 10,000: {(~large).sum()}, worst composite difference there {np.nanmax(np.where(large, 0, composite)):.1e}")
    fail_if(np.nanmax(np.where(large, composite, 0)), 1e-6, "NAFTA composite pair costs g_ij + g_ji")
    x = base.trade.to_numpy().reshape(n, n)
    rta_matrix = base.RTA.to_numpy().reshape(n, n)
    t = np.exp(g + rta * rta_matrix)
    fitted = sinkhorn(t, x.sum(1), x.sum(0))
    nafta_members = [countries.index(c) for c in ("CAN", "MEX", "USA")]
    new_rta = rta_matrix.copy()
    for i in nafta_members:
        for j in nafta_members:
            new_rta[i, j] = 0.0
    phi = np.exp(rta * (new_rta - rta_matrix))
    welfare, trade = hat_multiplicative(fitted, phi, 6.0)
    exports = lambda m: m.sum(1) - np.diag(m)
    result = pd.read_csv(f"{ge_dir}/countries.csv").set_index("iso3").loc[countries]
    fail_if(np.abs(result.welfare_change_pct.to_numpy() - 100 * (welfare - 1)).max(), 1e-6,
            "NAFTA welfare change (percentage points)")
    fail_if(np.abs(result.exports_change_pct.to_numpy() - 100 * (exports(trade) / exports(fitted) - 1)).max(), 1e-6,
            "NAFTA exports change (percentage points)")
    print("NAFTA removal: welfare %", {c: round(100 * (welfare[countries.index(c)] - 1), 4) for c in ("CAN", "MEX", "USA")})


if __name__ == "__main__":
    {"gegravity": gegravity, "ppml": ppml, "nafta": nafta}[sys.argv[1]](*sys.argv[2:])
