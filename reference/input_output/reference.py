"""Independent numpy/pandas implementation of chainlens' input-output engine
(METHODS section 2), and a pymrio 0.7 cross-check, compared with the outputs
of `cargo run --example reference_dump` on one random table.

Written from the papers' block formulas with explicit inverses (slow, clear),
not from chainlens' algorithms: KWW (2014) eq. 36, WWZ (2013) 16 terms,
Borin & Mancini (2023) source-based with the explicit extraction inverse
Bx = (I - A with the exporter's intermediate exports removed)^-1, production
length from V B B Y products, upstreamness as inv(I - diag(x)^-1 Z) 1, and
hypothetical extraction by re-solving the extracted system for every sector.

Usage: reference.py DIR G S. Exits 1 on any disagreement beyond 1e-9
relative (absolute floor 1e-12 times the largest entry of the compared table).
"""
import sys
import numpy as np
import pandas as pd

RTOL = 1e-9


def main():
    d, G, S = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    N = G * S
    tab = pd.read_csv(f"{d}/table.csv", keep_default_na=False)
    cs = tab[~tab["country"].isin(["VA", "OUT", "EXT"])]
    vals = cs.iloc[:, 2:].replace("", "0").astype(float).to_numpy()
    Z = vals[:, :N]
    Yfd = vals[:, N:]
    fd_cols = list(tab.columns[2 + N:])
    countries = list(dict.fromkeys(cs["country"]))
    fd_country = [countries.index(c.split("_")[0]) for c in fd_cols]
    emp_row = tab[(tab["country"] == "EXT") & (tab["sector"] == "employment")]
    emp = emp_row.iloc[0, 2:2 + N].astype(float).to_numpy()

    x = Z.sum(1) + Yfd.sum(1)
    va = x - Z.sum(0)
    A = Z / x
    I = np.eye(N)
    B = np.linalg.inv(I - A)
    v = va / x
    Y = np.zeros((N, G))
    for k, c in enumerate(fd_country):
        Y[:, c] += Yfd[:, k]
    ix = [np.arange(s * S, (s + 1) * S) for s in range(G)]
    blk = lambda M, a, b: M[np.ix_(ix[a], ix[b])]
    Lloc = np.zeros((N, N))
    for s in range(G):
        Lloc[np.ix_(ix[s], ix[s])] = np.linalg.inv(np.eye(S) - blk(A, s, s))
    E = np.zeros((N, G))
    for s in range(G):
        for r in range(G):
            if r != s:
                E[ix[s], r] = Z[np.ix_(ix[s], ix[r])].sum(1) + Y[ix[s], r]
    Et = E.sum(1)
    AF = A.copy()
    for s in range(G):
        AF[np.ix_(ix[s], ix[s])] = 0

    failures = []

    def check(name, got, want):
        got = np.asarray(got, float)
        want = np.asarray(want, float)
        if got.shape != want.shape:
            failures.append(f"{name}: shape {got.shape} vs {want.shape}")
            return
        floor = 1e-12 * max(np.abs(want).max(), 1e-300)
        bad = np.abs(got - want) > RTOL * np.abs(want) + floor
        bad |= np.isnan(got) != np.isnan(want)
        bad &= ~(np.isnan(got) & np.isnan(want))
        if bad.any():
            i = np.argwhere(bad)[0]
            failures.append(f"{name}: {bad.sum()} entries differ, first at {tuple(i)}: "
                            f"chainlens {got[tuple(i)]!r} vs numpy {want[tuple(i)]!r}")
        else:
            print(f"  {name}: {want.size} values agree")

    rd = lambda f: pd.read_csv(f"{d}/{f}").to_numpy()
    # Leontief, multipliers, upstreamness, extraction
    check("x = L y", rd("x.csv")[:, 0], B @ Yfd.sum(1))
    check("L", rd("L.csv"), B)
    mu = rd("multipliers.csv")
    check("output multipliers", mu[:, 0], B.sum(0))
    check("value-added multipliers", mu[:, 1], v @ B)
    check("employment multipliers", mu[:, 2], (emp / x) @ B)
    Dg = Z / x[:, None]
    check("upstreamness", mu[:, 3], np.linalg.inv(I - Dg) @ np.ones(N))
    y = Yfd.sum(1)
    back, fwd = np.zeros(N), np.zeros(N)
    for j in range(N):
        Ac = A.copy(); Ac[:, j] = 0
        back[j] = (x - np.linalg.solve(I - Ac, y)).sum()
        Ar = A.copy(); Ar[j, :] = 0
        fwd[j] = (x - np.linalg.solve(I - Ar, y)).sum()
    check("extraction backward totals", mu[:, 4], back)
    check("extraction forward totals", mu[:, 5], fwd)

    # KWW 2014 eq. 36, by exporter
    kww = np.zeros((G, 10))
    for s in range(G):
        vs = v[ix[s]]
        others = [r for r in range(G) if r != s]
        Ls = blk(Lloc, s, s)
        t = np.zeros(9)
        t[0] = vs @ blk(B, s, s) @ sum(Y[ix[s], r] for r in others)
        t[1] = sum(vs @ blk(B, s, r) @ Y[ix[r], r] for r in others)
        t[2] = sum(vs @ blk(B, s, r) @ Y[ix[r], u] for r in others for u in others if u != r)
        t[3] = sum(vs @ blk(B, s, r) @ Y[ix[r], s] for r in others)
        t[4] = sum(vs @ blk(B, s, r) @ blk(A, r, s) @ Ls @ Y[ix[s], s] for r in others)
        t[5] = sum(vs @ blk(B, s, r) @ blk(A, r, s) @ Ls @ Et[ix[s]] for r in others)
        fvs = sum(v[ix[u]] @ blk(B, u, s) for u in others)
        t[6] = fvs @ sum(Y[ix[s], r] for r in others)
        t[7] = fvs @ sum(blk(A, s, r) @ blk(Lloc, r, r) @ Y[ix[r], r] for r in others)
        t[8] = fvs @ sum(blk(A, s, r) @ blk(Lloc, r, r) @ Et[ix[r]] for r in others)
        kww[s, 0] = Et[ix[s]].sum()
        kww[s, 1:] = t
    check("KWW by exporter", rd("kww.csv"), kww)
    check("KWW terms add to gross exports", kww[:, 1:].sum(1), kww[:, 0])

    # WWZ 2013, 16 terms by exporting sector and importer
    rows = []
    for s in range(G):
        VsBss = v[ix[s]] @ blk(B, s, s)
        VsLss = v[ix[s]] @ blk(Lloc, s, s)
        for i_loc in range(S):
            for r in range(G):
                if r == s:
                    continue
                third = [t for t in range(G) if t not in (s, r)]
                Asr = blk(A, s, r)[i_loc]
                o = lambda vec: Asr @ vec
                ysr = Y[ix[s][i_loc], r]
                T = np.zeros(16)
                T[0] = VsBss[i_loc] * ysr
                T[1] = VsLss[i_loc] * o(blk(B, r, r) @ Y[ix[r], r])
                T[2] = VsLss[i_loc] * o(sum((blk(B, r, t) @ Y[ix[t], t] for t in third), np.zeros(S)))
                T[3] = VsLss[i_loc] * o(blk(B, r, r) @ sum((Y[ix[r], t] for t in third), np.zeros(S)))
                T[4] = VsLss[i_loc] * o(sum((blk(B, r, t) @ sum(Y[ix[t], u] for u in range(G) if u not in (s, t)) for t in third), np.zeros(S)))
                T[5] = VsLss[i_loc] * o(blk(B, r, s) @ Y[ix[s], s])
                T[6] = VsLss[i_loc] * o(blk(B, r, r) @ Y[ix[r], s])
                T[7] = VsLss[i_loc] * o(sum((blk(B, r, t) @ Y[ix[t], s] for t in third), np.zeros(S)))
                ova = sum((v[ix[t]] @ blk(B, t, s) for t in third), np.zeros(S))[i_loc]
                mva = (v[ix[r]] @ blk(B, r, s))[i_loc]
                lrr_yrr = o(blk(Lloc, r, r) @ Y[ix[r], r])
                lrr_er = o(blk(Lloc, r, r) @ Et[ix[r]])
                T[8], T[9] = ova * ysr, mva * ysr
                T[10], T[11] = ova * lrr_yrr, mva * lrr_yrr
                T[12] = VsLss[i_loc] * o(blk(B, r, s) @ sum(Y[ix[s], u] for u in range(G) if u != s))
                T[13] = (VsBss - VsLss)[i_loc] * o(x[ix[r]])
                T[14], T[15] = ova * lrr_er, mva * lrr_er
                rows.append([ix[s][i_loc], r, E[ix[s][i_loc], r], *T])
    wwz = np.array(rows)
    check("WWZ 16 terms", rd("wwz.csv"), wwz)
    check("WWZ terms add to bilateral exports", wwz[:, 3:].sum(1), wwz[:, 2])

    # Borin & Mancini (2023) source-based, exporting-sector breakdown (exvatools bm_src)
    bm = np.zeros((N, 13))
    BY = B @ Y
    AmBY = AF @ BY
    Yfor = np.where(np.repeat(np.arange(G), S)[:, None] == np.arange(G)[None, :], 0, Y)
    for s in range(G):
        Ax = A.copy()
        notS = np.setdiff1d(np.arange(N), ix[s])
        Ax[np.ix_(ix[s], notS)] = 0
        Bx = np.linalg.inv(I - Ax)
        Es = Et[ix[s]]
        vBx = v[ix[s]] @ blk(Bx, s, s)
        dva = vBx * Es
        ddc = (v[ix[s]] @ (blk(B, s, s) - blk(Bx, s, s))) * Es
        fBx = sum(v[ix[t]] @ blk(Bx, t, s) for t in range(G) if t != s)
        fB = sum(v[ix[t]] @ blk(B, t, s) for t in range(G) if t != s)
        fva, fdc = fBx * Es, (fB - fBx) * Es
        M = np.diag(vBx) @ AF[ix[s], :] @ Lloc
        vax1 = vBx * Yfor[ix[s]].sum(1)
        Yd = Y - Yfor
        vax2 = (M @ Yd).sum(1)
        w3 = Yfor.sum(1) - Yfor[:, s]
        w4 = AmBY.sum(1) - AmBY[:, s]
        vax3, vax4 = M @ w3, M @ w4
        ref1, ref2 = M @ Yfor[:, s], M @ AmBY[:, s]
        davax = vax1 + vax2
        vax = davax + vax3 + vax4
        ref = ref1 + ref2
        gvcb = fva + fdc + ddc
        gvcf = vax3 + vax4 + ref
        bm[ix[s]] = np.column_stack([Es, dva + ddc, dva, vax, davax, ref, ddc, fva + fdc, fva, fdc, gvcb + gvcf, gvcb, gvcf])
    check("Borin-Mancini by exporting sector", rd("bm.csv"), bm)
    check("BM: DVA = VAX + REF", bm[:, 3] + bm[:, 5], bm[:, 2])
    check("BM: DC + FC = EXGR", bm[:, 1] + bm[:, 7], bm[:, 0])

    # Production length (Wang, Wei, Yu & Zhu 2017)
    Vh, Yh = np.diag(v), np.diag(y)
    u = np.ones(N)
    plv = (Vh @ B @ B @ Yh @ u) / (Vh @ B @ Yh @ u)
    ply = (u @ Vh @ B @ B @ Yh) / (u @ Vh @ B @ Yh)
    Xv = Vh @ Lloc @ Lloc @ AF @ B @ Yh + Vh @ Lloc @ AF @ B @ B @ Yh
    Vg = Vh @ Lloc @ AF @ B @ Yh
    plv_gvc = (Xv @ u) / (Vg @ u)
    ply_gvc = (u @ Xv) / (u @ Vg)
    pl = rd("production_length.csv")
    check("production length PLv", pl[:, 0], plv)
    check("production length PLy", pl[:, 1], ply)
    check("GVC production length PLv_GVC", pl[:, 2], plv_gvc)
    check("GVC production length PLy_GVC", pl[:, 3], ply_gvc)
    check("WWYZ GVC position", pl[:, 4], plv_gvc / ply_gvc)

    # pymrio 0.7 on the folder chainlens wrote
    import pymrio
    io = pymrio.load_all(f"{d}/pymrio")
    io.calc_all()
    check("pymrio x", np.asarray(io.x).ravel(), x)
    check("pymrio A vs chainlens-written folder", io.A.to_numpy(), A)
    check("pymrio L vs chainlens L", rd("L.csv"), io.L.to_numpy())
    M = io.satellites.M.to_numpy()
    check("pymrio M (employment) vs chainlens multipliers", mu[:, 2], M[0])

    if failures:
        print("DISAGREEMENT:")
        for f in failures:
            print("  " + f)
        sys.exit(1)


if __name__ == "__main__":
    main()
