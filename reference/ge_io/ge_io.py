"""numpy reference of `chainlens gravity ge-io`: the Caliendo & Parro (2015) multi-sector
model with input-output linkages in exact hat algebra, written from the paper's
equations (9)-(13) (Review of Economic Studies 82(1), 1-44), with iceberg cost changes
and ad valorem tariffs whose revenue is rebated to the importer (zero tariffs before),
deficits fixed in levels or removed first (CP's no-deficit baseline), the welfare
decomposition of CP section 4.2 (terms of trade, volume of trade, and the direct cost of
iceberg changes), and the one-sector model of the same shock on the aggregated flows (the
same equations with one sector and no inputs: Dekle, Eaton & Kortum 2007 with tariffs).

usage:
  python ge_io.py random OUT_DIR                 write a small random table (OECD wide layout)
  python ge_io.py compare TABLE SCENARIO.json CHAINLENS_OUT_DIR
  python ge_io.py bench TABLE|synthetic:G:S:SEED time one counterfactual (halves, 25 %, theta 5)

The scenario JSON names blocs (lists of countries), changes (two blocs, a tariff
equivalent or with "kind": "tariff" an ad valorem rate, optional sectors), optionally
"deficits": "removed", and the elasticities file. The calibration makes the
choices docs/gravity.md states (inventories dropped, other negative final demand zero,
inputs above sales booked as own final demand, zero-output sectors pure value added).
The expenditure system (CP eq. 12) is solved directly (numpy.linalg.solve), not iterated
as chainlens does; the wages follow CP's excess-demand iteration.
"""
import json
import sys
import time

import numpy as np
import pandas as pd

INVENTORIES = {"INVNT", "INVEN", "CHANGES IN INVENTORIES", "CIV"}


def read_icio(path):
    """Countries, sectors, Z and the final-demand columns of a wide ICIO CSV."""
    d = pd.read_csv(path, index_col=0)
    rows = [r for r in d.index if r not in ("TLS", "VA", "OUT")]
    countries, sectors = [], []
    for r in rows:
        c, s = r.split("_", 1)
        if c not in countries:
            countries.append(c)
        if s not in sectors:
            sectors.append(s)
    z = d.loc[rows, rows].to_numpy(float)
    fd_cols = [c for c in d.columns if c not in rows and c != "OUT"]
    fd = d.loc[rows, fd_cols].to_numpy(float)
    return countries, sectors, z, fd, fd_cols


def calibrate(countries, sectors, z, fd, fd_cols):
    """The baseline of CP's model: shares pi[j,n,i], gamma, alpha, VA, D."""
    n, s = len(countries), len(sectors)
    z4 = z.reshape(n, s, n, s)
    f4 = np.zeros((n, s, n))
    for col, name in enumerate(fd_cols):
        c, cat = name.split("_", 1)
        if cat.upper() in INVENTORIES:
            continue
        f4[:, :, countries.index(c)] += np.maximum(fd[:, col], 0.0).reshape(n, s)
    m = (z4.sum(axis=3) + f4).transpose(1, 2, 0)  # M[j, importer, exporter]
    inputs = z4.sum(axis=0).transpose(1, 2, 0)  # [n, j (user), k (input)]
    finals = f4.sum(axis=0).T  # [n, j]
    y = m.sum(axis=1).T  # sales [i, j]
    short = inputs.sum(axis=2) - y
    for c, j in zip(*np.nonzero(short > 0)):
        m[j, c, c] += short[c, j]
        finals[c, j] += short[c, j]
        y[c, j] += short[c, j]
    x = m.sum(axis=2).T  # absorption [n, j]
    pi = np.zeros_like(m)
    for j in range(s):
        for c in range(n):
            if x[c, j] > 0:
                pi[j, c] = m[j, c] / x[c, j]
            else:
                pi[j, c, c] = 1.0
    active = y > 0
    safe = np.where(active, y, 1.0)
    gin = np.where(active[:, :, None], inputs / safe[:, :, None], 0.0)
    va_cs = np.where(active, np.maximum(y - inputs.sum(axis=2), 0.0), 0.0)
    gva = np.where(active, va_cs / safe, 1.0)
    va = va_cs.sum(axis=1)
    income = finals.sum(axis=1)
    return dict(n=n, s=s, m=m, pi=pi, x=x, y=y, gin=gin, gva=gva, va=va,
                deficit=income - va, income=income, alpha=finals / income[:, None])


def prices(b, w, phi, theta, ln_p):
    """CP eqs. 9-10: the fixed point of input-bundle costs and sector price indices."""
    while True:
        ln_c = b["gva"] * np.log(w)[:, None] + np.einsum("njk,nk->nj", b["gin"], ln_p)
        c_theta = np.exp(-theta[:, None] * ln_c.T)  # [j, i]
        p_theta = np.einsum("jni,ji->jn", b["pi"] * phi, c_theta)
        new = (-np.log(p_theta) / theta[:, None]).T
        if np.max(np.abs(new - ln_p)) < 1e-15:
            return new, ln_c, c_theta, p_theta
        ln_p = new


def absorption(b, w, pi_new, tau):
    """CP eq. 12 with tariff revenue, solved as one linear system in X[n, j]:
    X_n^j = sum_k gamma_n^{j,k} sum_i pi_in^k X_i^k / (1 + tau_in^k)
            + alpha_n^j (w_n VA_n + D_n + sum_l sum_i tau_nl^i pi_ni^l X_n^l / (1 + tau_ni^l))."""
    n, s = b["n"], b["s"]
    net = pi_new / (1 + tau)  # [k, importer, exporter]: what the producer receives
    omega = np.einsum("nkj,kin->njik", b["gin"], net)
    taxed = (pi_new * tau / (1 + tau)).sum(axis=2).T  # [n, l]: revenue per unit of X_n^l
    for c in range(n):
        omega[c, :, c, :] += b["alpha"][c][:, None] * taxed[c][None, :]
    rhs = (b["alpha"] * (w * b["va"] + b["deficit"])[:, None]).reshape(n * s)
    x = np.linalg.solve(np.eye(n * s) - omega.reshape(n * s, n * s), rhs).reshape(n, s)
    return x, (taxed * x).sum(axis=1)


def solve(b, kappa, tau, theta, tol=1e-12, w=None):
    """The equilibrium in changes of iceberg changes kappa and new tariffs tau (both
    [j, importer, exporter]), wages started at w; returns welfare, prices, output, flows."""
    n, s = b["n"], b["s"]
    phi = (kappa * (1 + tau)) ** (-theta[:, None, None])
    w = np.ones(n) if w is None else w.copy()
    ln_p = np.zeros((n, s))
    share_y = b["y"] / b["y"].sum(axis=1, keepdims=True)
    step = 1.0 / (1.0 + (share_y * theta[None, :]).sum(axis=1))
    for it in range(1, 20001):
        ln_p, ln_c, c_theta, p_theta = prices(b, w, phi, theta, ln_p)
        pi_new = b["pi"] * phi * c_theta[:, None, :] / p_theta[:, :, None]
        x_new, revenue = absorption(b, w, pi_new, tau)
        y_new = np.einsum("kin,ik->nk", pi_new / (1 + tau), x_new)
        demand = (b["gva"] * y_new).sum(axis=1)
        excess = np.max(np.abs(demand - w * b["va"]) / b["va"])
        if excess < tol:
            break
        w = w * (demand / (w * b["va"])) ** step
        w *= b["va"].sum() / (w * b["va"]).sum()
    else:
        raise RuntimeError(f"no convergence, excess {excess}")
    m_new = pi_new * x_new.T[:, :, None] / (1 + tau)  # producers' prices
    income_new = w * b["va"] + revenue + b["deficit"]
    income_hat = income_new / b["income"]
    ln_price_index = (b["alpha"] * ln_p).sum(axis=1)
    welfare = income_hat * np.exp(-ln_price_index)
    return dict(welfare=welfare, wages=w, prices=np.exp(ln_p), output=y_new, x=x_new,
                ln_c=ln_c, income=income_new, revenue=revenue, iterations=it, m=m_new)


def decomposition(b, kappa, tau, theta, r, points=10):
    """CP section 4.2, exact as a differential:
      I_n dln W_n = sum_j sum_{i != n} (E_ni dln c_n - M_ni dln c_i)          terms of trade
                  + sum_j sum_{i != n} tau_ni M_ni (dln M_ni - dln c_i)       volume of trade
                  - sum_j sum_{i != n} (1 + tau_ni) M_ni dln d_ni             iceberg cost
    with M at producers' prices, integrated along the path d^t, t tau (t in [0, 1]): the
    equilibria at `points` + 1 Chebyshev points of [0, 1] (r is the one at t = 1), each
    quantity interpolated by its Chebyshev series in t (numpy.polynomial.chebyshev), the
    integrand formed from the series and their derivatives at Gauss-Legendre nodes and
    integrated there (exact for the interpolants' product)."""
    n, s = b["n"], b["s"]
    cheb = np.polynomial.chebyshev
    t = (1 - np.cos(np.pi * np.arange(points + 1) / points)) / 2
    path = [dict(ln_c=np.zeros((n, s)), m=b["m"], income=b["income"])]
    w = np.ones(n)
    for tk in t[1:-1]:
        at = solve(b, kappa ** tk, tk * tau, theta, w=w)
        w = at["wages"]
        path.append(at)
    path.append(r)
    traded = (~np.eye(n, dtype=bool)[None, :, :]) & (b["m"] > 0)
    flow = np.nonzero(traded)  # (j, importer, exporter)
    j, imp, exp_ = flow
    # Values at the points, one column per series; x = 2 t - 1 maps [0, 1] to [-1, 1].
    x = 2 * t - 1
    ln_c = np.array([p["ln_c"][exp_, j] for p in path])
    m = np.array([p["m"][flow] for p in path])
    inc_m = np.array([p["income"][imp] for p in path])
    inc_i = np.array([p["income"][exp_] for p in path])
    fit = lambda y: cheb.chebfit(x, y, points)
    nodes, weights = np.polynomial.legendre.leggauss(2 * points + 2)
    at = lambda c: cheb.chebval(nodes, c).T  # [node, series]
    d_dt = lambda c: 2 * at(cheb.chebder(c))  # d/dt = 2 d/dx
    m_g, ln_m_d, ln_c_d = at(fit(m)), d_dt(fit(np.log(m))), d_dt(fit(ln_c))
    inc_m_g, inc_i_g = at(fit(inc_m)), at(fit(inc_i))
    tau_g = ((nodes + 1) / 2)[:, None] * tau[flow][None, :]
    wq = (weights / 2)[:, None]  # dt = dx / 2
    tot_m = -(wq * m_g / inc_m_g * ln_c_d).sum(axis=0)
    tot_i = (wq * m_g / inc_i_g * ln_c_d).sum(axis=0)
    vot_m = (wq * tau_g * m_g / inc_m_g * (ln_m_d - ln_c_d)).sum(axis=0)
    cost_m = -(wq * (1 + tau_g) * m_g / inc_m_g).sum(axis=0) * np.log(kappa[flow])
    tot, vot, cost = np.zeros(n), np.zeros(n), np.zeros(n)
    np.add.at(tot, imp, tot_m)
    np.add.at(tot, exp_, tot_i)
    np.add.at(vot, imp, vot_m)
    np.add.at(cost, imp, cost_m)
    return tot, vot, cost


def one_sector(b, kappa, tau, theta):
    """The same model on T_ni = sum_j M_ni^j as one sector without inputs (Dekle-Eaton-
    Kortum with additive deficits and tariff revenue), theta_bar the absorption-weighted
    elasticity, the pair's trade-weighted mean log iceberg and tariff changes."""
    n = b["n"]
    m = b["m"].sum(axis=0, keepdims=True)  # [1, importer, exporter]
    traded = m > 0
    mean = lambda ln: np.where(traded, np.exp((b["m"] * ln).sum(axis=0, keepdims=True)
                                              / np.where(traded, m, 1.0)), 1.0)
    x_world = b["x"].sum(axis=0)
    theta_bar = (theta * x_world).sum() / x_world.sum()
    x, y = m.sum(axis=2).T, m.sum(axis=1).T  # absorption, output [n, 1]
    pi = np.where(x.T[:, :, None] > 0, m / np.where(x > 0, x, 1.0).T[:, :, None], 0.0)
    one = dict(n=n, s=1, m=m, pi=pi, x=x, y=y, gin=np.zeros((n, 1, 1)), gva=np.ones((n, 1)),
               va=y[:, 0], deficit=x[:, 0] - y[:, 0], income=x[:, 0], alpha=np.ones((n, 1)))
    r = solve(one, mean(np.log(kappa)), mean(np.log1p(tau)) - 1, np.array([theta_bar]))
    return r["welfare"]


def remove_deficits(b, theta):
    """CP's no-deficit baseline: the equilibrium with every D_n = 0 and nothing else
    changed, as a new baseline (flows, output, absorption, value added w VA = income)."""
    n, s = b["n"], b["s"]
    zero = dict(b, deficit=np.zeros(n))
    none = np.ones((s, n, n))
    r = solve(zero, none, np.zeros((s, n, n)), theta)
    m, x = r["m"], r["x"]
    pi = np.where(x.T[:, :, None] > 0, m / np.where(x > 0, x, 1.0).T[:, :, None], 0.0)
    for j in range(s):
        for c in range(n):
            if x[c, j] <= 0:
                pi[j, c, c] = 1.0
    va = r["wages"] * b["va"]
    return dict(b, m=m, pi=pi, x=x, y=r["output"], va=va, income=va, deficit=np.zeros(n)), r


def shock(countries, sectors, scenario):
    """kappa (iceberg) and tau (ad valorem) [j, importer, exporter] of the scenario's
    changes (both ways): iceberg factors multiply, tariff rates add."""
    n, s = len(countries), len(sectors)
    kappa = np.ones((s, n, n))
    tau = np.zeros((s, n, n))
    for ch in scenario["changes"]:
        a, b = (scenario["blocs"][name] for name in ch["between"])
        js = [sectors.index(x) for x in ch.get("sectors", sectors)]
        for p in a:
            for q in b:
                i, m = countries.index(p), countries.index(q)
                if i != m:
                    for j in js:
                        if ch.get("kind", "iceberg") == "tariff":
                            tau[j, m, i] += ch["tariff"]
                            tau[j, i, m] += ch["tariff"]
                        else:
                            kappa[j, m, i] *= 1 + ch["tariff"]
                            kappa[j, i, m] *= 1 + ch["tariff"]
    return kappa, tau


def elasticities(sectors, path):
    if path is None:
        return np.full(len(sectors), 5.0)
    t = pd.read_csv(path)
    return np.array([float(t.theta[t.sector == s].iloc[0]) for s in sectors])


def compare(table, scenario_path, out):
    scenario = json.load(open(scenario_path))
    countries, sectors, z, fd, fd_cols = read_icio(table)
    b = calibrate(countries, sectors, z, fd, fd_cols)
    theta = elasticities(sectors, scenario.get("elasticities"))
    kappa, tau = shock(countries, sectors, scenario)
    if scenario.get("deficits", "fixed") == "removed":
        income = b["income"]
        b, removal = remove_deficits(b, theta)
        world = (removal["welfare"] * income).sum() / income.sum()
        print(f"no-deficit baseline: {removal['iterations']} wage iterations, "
              f"world welfare {100 * (world - 1):.6f} % from the table's")
    start = time.perf_counter()
    r = solve(b, kappa, tau, theta)
    seconds = time.perf_counter() - start
    r["tot"], r["vot"], r["cost"] = decomposition(b, kappa, tau, theta, r)
    adding_up = np.abs(np.log(r["welfare"]) - r["tot"] - r["vot"] - r["cost"]).max()
    print(f"numpy decomposition: parts add up to ln W to {adding_up:.2e}")
    one = one_sector(b, kappa, tau, theta)
    cl = pd.read_csv(f"{out}/countries.csv").set_index("iso3").loc[countries]
    sec = pd.read_csv(f"{out}/sectors.csv")
    gaps = {
        "welfare": np.abs(cl.welfare_change_pct / 100 + 1 - r["welfare"]).max(),
        "wages": np.abs(cl.wage_change_pct / 100 + 1 - r["wages"]).max(),
        "terms of trade": np.abs(cl.terms_of_trade / 100 - r["tot"]).max(),
        "volume of trade": np.abs(cl.volume_of_trade / 100 - r["vot"]).max(),
        "tariff revenue (relative to income)": np.abs(cl.tariff_revenue - r["revenue"]).max() / b["income"].min(),
        "trade cost": np.abs(cl.trade_cost / 100 - r["cost"]).max(),
        "one-sector welfare": np.abs(cl.one_sector_welfare_change_pct / 100 + 1 - one).max(),
        "sector prices": np.abs(sec.price_change_pct.to_numpy() / 100 + 1 - r["prices"].ravel()).max(),
        "sector output (relative)": np.nanmax(np.abs(sec.output_after.to_numpy() - r["output"].ravel())
                                              / np.maximum(r["output"].ravel(), 1e-300) * (r["output"].ravel() > 0)),
    }
    print(f"{table}: {b['n']} countries x {b['s']} sectors, numpy {r['iterations']} wage iterations "
          f"in {seconds:.2f} s; world welfare {100 * ((r['welfare'] * b['income']).sum() / b['income'].sum() - 1):.6f} %")
    worst = max(gaps.values())
    for k, v in gaps.items():
        print(f"  {k}: largest difference {v:.2e}")
    if not worst < 1e-8:
        sys.exit(f"chainlens and numpy differ by {worst:.2e} (tolerance 1e-8)")


def random_table(out):
    """5 countries x 4 sectors, seeded; one zero-output sector, negative inventories."""
    rng = np.random.default_rng(2015)
    countries, sectors = ["AAA", "BBB", "CCC", "DDD", "EEE"], ["S1", "S2", "S3", "S4"]
    n, s = len(countries), len(sectors)
    ns = n * s
    home = np.kron(np.eye(n), np.ones((s, s)))
    z = rng.uniform(0, 1, (ns, ns)) * (1 + 9 * home)
    cats = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"]
    fd = rng.uniform(0, 1, (ns, n * 6)) * 20
    fd[:, 5::6] = 0.0
    fd[:, 4::6] = rng.uniform(-2, 2, (ns, n))
    for c in range(n):
        fd[c * s:(c + 1) * s, c * 6:(c + 1) * 6] *= 8
    dead = 3 * s + 3  # DDD_S4 neither sells nor buys
    z[dead, :] = 0
    z[:, dead] = 0
    fd[dead, :] = 0
    labels = [f"{c}_{k}" for c in countries for k in sectors]
    fd_labels = [f"{c}_{k}" for c in countries for k in cats]
    out_col = z.sum(axis=1) + fd.sum(axis=1)
    d = pd.DataFrame(np.hstack([z, fd, out_col[:, None]]), index=labels, columns=labels + fd_labels + ["OUT"])
    tail = pd.DataFrame(0.0, index=["TLS", "VA", "OUT"], columns=d.columns)
    tail.loc["VA", labels] = out_col - z.sum(axis=0)
    tail.loc["OUT", labels] = out_col
    d = pd.concat([d, tail])
    d.index.name = "V1"
    d.to_csv(f"{out}/random_5x4.csv")


def synthetic(g, s, seed):
    """chainlens_input_output::synthetic::random_table(g, s, seed), the same xorshift draws."""
    mask = (1 << 64) - 1
    state = ((seed * 0x9E3779B97F4A7C15) & mask) | 1
    n, k = g * s, 2 * g
    draws = np.empty(n * n + n * k)
    for t in range(draws.size):
        state ^= (state << 13) & mask
        state ^= state >> 7
        state ^= (state << 17) & mask
        draws[t] = (state >> 11) / float(1 << 53)
    home = np.kron(np.eye(g), np.ones((s, s)))
    z = draws[:n * n].reshape(n, n) * np.where(home > 0, 10.0, 1.0)
    own = np.arange(n)[:, None] // s == np.arange(k)[None, :] // 2
    fd = draws[n * n:].reshape(n, k) * np.where(own, 40.0 * s, 2.0 * s)
    countries = [f"C{c:02}" for c in range(g)]
    fd_cols = [f"{c}_{cat}" for c in countries for cat in ("HFCE", "GFCF")]
    return countries, [f"S{j:02}" for j in range(s)], z, fd, fd_cols


def bench(table):
    if table.startswith("synthetic:"):
        _, g, s, seed = table.split(":")
        countries, sectors, z, fd, fd_cols = synthetic(int(g), int(s), int(seed))
    else:
        countries, sectors, z, fd, fd_cols = read_icio(table)
    b = calibrate(countries, sectors, z, fd, fd_cols)
    n, s = b["n"], b["s"]
    half = np.arange(n) < n // 2
    kappa = np.where(half[None, :, None] == half[None, None, :], 1.0, 1.25) * np.ones((s, 1, 1))
    start = time.perf_counter()
    r = solve(b, kappa, np.zeros_like(kappa), np.full(s, 5.0))
    seconds = time.perf_counter() - start
    world = (r["welfare"] * b["income"]).sum() / b["income"].sum()
    print(f"numpy Caliendo-Parro, {n} x {s} = {n * s} country-sectors: {seconds:.2f} s "
          f"({r['iterations']} wage iterations), world welfare {world!r}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "random":
        random_table(sys.argv[2])
    elif cmd == "compare":
        compare(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "bench":
        bench(sys.argv[2])
