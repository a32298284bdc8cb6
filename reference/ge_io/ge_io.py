"""numpy reference of `chainlens gravity ge-io`: the Caliendo & Parro (2015) multi-sector
model with input-output linkages in exact hat algebra, written from the paper's
equations (9)-(13) (Review of Economic Studies 82(1), 1-44), with iceberg cost changes
and deficits fixed in levels, and the one-sector model (Dekle, Eaton & Kortum 2007) of
the same shock on the aggregated flows.

usage:
  python ge_io.py random OUT_DIR                 write a small random table (OECD wide layout)
  python ge_io.py compare TABLE SCENARIO.json CHAINLENS_OUT_DIR
  python ge_io.py bench TABLE|synthetic:G:S:SEED time one counterfactual (halves, 25 %, theta 5)

The scenario JSON names blocs (lists of countries), changes (two blocs, a tariff
equivalent, optional sectors) and the elasticities file. The calibration makes the
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


def absorption(b, w, pi_new):
    """CP eq. 12 without tariff revenue, solved as one linear system."""
    n, s = b["n"], b["s"]
    omega = np.einsum("nkj,kin->njik", b["gin"], pi_new).reshape(n * s, n * s)
    rhs = (b["alpha"] * (w * b["va"] + b["deficit"])[:, None]).reshape(n * s)
    return np.linalg.solve(np.eye(n * s) - omega, rhs).reshape(n, s)


def solve(b, kappa, theta, tol=1e-12):
    """The equilibrium in changes; returns welfare and its parts, prices, output, flows."""
    n, s = b["n"], b["s"]
    phi = kappa ** (-theta[:, None, None])
    w = np.ones(n)
    ln_p = np.zeros((n, s))
    share_y = b["y"] / b["y"].sum(axis=1, keepdims=True)
    step = 1.0 / (1.0 + (share_y * theta[None, :]).sum(axis=1))
    for it in range(1, 20001):
        ln_p, ln_c, c_theta, p_theta = prices(b, w, phi, theta, ln_p)
        pi_new = b["pi"] * phi * c_theta[:, None, :] / p_theta[:, :, None]
        x_new = absorption(b, w, pi_new)
        y_new = np.einsum("kin,ik->nk", pi_new, x_new)
        demand = (b["gva"] * y_new).sum(axis=1)
        excess = np.max(np.abs(demand - w * b["va"]) / b["va"])
        if excess < tol:
            break
        w = w * (demand / (w * b["va"])) ** step
        w *= b["va"].sum() / (w * b["va"]).sum()
    else:
        raise RuntimeError(f"no convergence, excess {excess}")
    m_new = pi_new * x_new.T[:, :, None]
    income_hat = (w * b["va"] + b["deficit"]) / b["income"]
    ln_price_index = (b["alpha"] * ln_p).sum(axis=1)
    welfare = income_hat * np.exp(-ln_price_index)
    tot, cost = decomposition(b, m_new, ln_c, kappa, income_hat)
    return dict(welfare=welfare, wages=w, prices=np.exp(ln_p), output=y_new,
                tot=tot, cost=cost, iterations=it, m=m_new)


def decomposition(b, m_new, ln_c, kappa, income_hat):
    """CP section 4.2 for iceberg costs, income shares averaged before and after."""
    n = b["n"]
    foreign = ~np.eye(n, dtype=bool)[None, :, :]
    inc0, inc1 = b["income"], b["income"] * income_hat
    imports = 0.5 * (b["m"] / inc0[None, :, None] + m_new / inc1[None, :, None]) * foreign
    exports = 0.5 * (b["m"] / inc0[None, None, :] + m_new / inc1[None, None, :]) * foreign
    ln_ci = ln_c.T[:, None, :]  # exporter's cost, [j, ., i]
    tot = -(imports * ln_ci).sum(axis=(0, 2)) + (exports * ln_ci).sum(axis=(0, 1))
    cost = -(imports * np.log(kappa)).sum(axis=(0, 2))
    return tot, cost


def one_sector(b, kappa, theta):
    """Dekle-Eaton-Kortum on T_in = sum_j M_ni^j with theta_bar and the trade-weighted cost."""
    n = b["n"]
    trade = b["m"].sum(axis=0).T  # [exporter, importer]
    ln_k = (b["m"] * np.log(kappa)).sum(axis=0).T
    x_world = b["x"].sum(axis=0)
    theta_bar = (theta * x_world).sum() / x_world.sum()
    phi = np.where(trade > 0, np.exp(-theta_bar * ln_k / np.where(trade > 0, trade, 1.0)), 1.0)
    y, e = trade.sum(axis=1), trade.sum(axis=0)
    w = np.ones(n)
    for _ in range(100000):
        e_new = w * y + e - y
        p_theta = (trade / e[None, :] * phi * w[:, None] ** -theta_bar).sum(axis=0)
        t_new = trade / e[None, :] * phi * w[:, None] ** -theta_bar / p_theta[None, :] * e_new[None, :]
        nxt = (w ** theta_bar * t_new.sum(axis=1) / y) ** (1 / (1 + theta_bar))
        nxt *= y.sum() / (nxt * y).sum()
        done = np.max(np.abs(nxt - w)) < 1e-13
        w = nxt
        if done:
            break
    e_new = w * y + e - y
    p_theta = (trade / e[None, :] * phi * w[:, None] ** -theta_bar).sum(axis=0)
    return e_new / e * p_theta ** (1 / theta_bar)


def shock(countries, sectors, scenario):
    """kappa[j, importer, exporter] of the scenario's changes (both ways)."""
    n, s = len(countries), len(sectors)
    kappa = np.ones((s, n, n))
    for ch in scenario["changes"]:
        a, b = (scenario["blocs"][name] for name in ch["between"])
        js = [sectors.index(x) for x in ch.get("sectors", sectors)]
        for p in a:
            for q in b:
                i, m = countries.index(p), countries.index(q)
                if i != m:
                    for j in js:
                        kappa[j, m, i] *= 1 + ch["tariff"]
                        kappa[j, i, m] *= 1 + ch["tariff"]
    return kappa


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
    kappa = shock(countries, sectors, scenario)
    start = time.perf_counter()
    r = solve(b, kappa, theta)
    seconds = time.perf_counter() - start
    one = one_sector(b, kappa, theta)
    cl = pd.read_csv(f"{out}/countries.csv").set_index("iso3").loc[countries]
    sec = pd.read_csv(f"{out}/sectors.csv")
    gaps = {
        "welfare": np.abs(cl.welfare_change_pct / 100 + 1 - r["welfare"]).max(),
        "wages": np.abs(cl.wage_change_pct / 100 + 1 - r["wages"]).max(),
        "terms of trade": np.abs(cl.terms_of_trade / 100 - r["tot"]).max(),
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
    r = solve(b, kappa, np.full(s, 5.0))
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
