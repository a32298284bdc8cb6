//! Borin & Mancini (2023) source-based decomposition of gross exports and
//! their backward and forward GVC participation.
//!
//! # What it measures
//! Gross exports `EXGR` of economy `s` split into domestic content `DC`
//! (value added `DVA` counted the first time it leaves `s`, plus domestic
//! double counting `DDC`) and foreign content `FC = FVA + FDC`; `DVA` into
//! value added absorbed abroad (`VAX`) and reflected back home (`REF`);
//! `DAVAX` the part absorbed by the direct importer without further border
//! crossings. GVC-related trade is everything else:
//! `GVC = EXGR - DAVAX = GVCB + GVCF`, backward `GVCB = FVA + FDC + DDC`,
//! forward `GVCF = VAX - DAVAX + REF`.
//!
//! # Formula
//! Source-based, exporting-sector breakdown (METHODS §2). For row `i` of `s`,
//! with `Lss = (I - A_ss)^-1`, `B = L`, and `Bx` the inverse of `A` with
//! `s`'s intermediate exports removed (`Bx_ss = Lss`,
//! `Σ_{t != s} V_t Bx_ts = (Σ_{t != s} V_t B_ts) B_ss^-1 Lss`):
//!
//! * `DVA_i = (V_s Lss)_i E_i`, `DDC_i = (V_s (B_ss - Lss))_i E_i`
//! * `FVA_i = (Σ_t V_t Bx_ts)_i E_i`, `FDC_i = (Σ_t V_t (B_ts - Bx_ts))_i E_i`
//! * `VAX1 = V_s Lss Y_s,r` (final exports), `VAX2 = V_s Lss A_sr L_rr Y_rr`,
//!   `VAX3 = V_s Lss A_sr L_rr Σ_{j != r,s} Y_rj`,
//!   `VAX4 = V_s Lss A_sr L_rr Σ_{l != s} (A^F B Y)_rl`,
//!   `REF1 = V_s Lss A_sr L_rr Y_rs`, `REF2 = V_s Lss A_sr L_rr (A^F B Y)_rs`,
//!   `DAVAX = VAX1 + VAX2`, `VAX = DAVAX + VAX3 + VAX4`, `REF = REF1 + REF2`.
//!
//! `DVA + DDC + FVA + FDC = EXGR` and `VAX + REF = DVA` hold on every row (tested).
//!
//! # Parameters and defaults
//! The grouping of countries into economies: a bloc (NAFTA) is one exporter
//! whose internal trade is domestic, as in exvatools.
//!
//! # Reference
//! Borin, A. & Mancini, M. (2023), *Measuring what matters in value-added trade*,
//! Economic Systems Research 35(4); exvatools 0.9.0 `make_exvadec(method = "bm_src")`.
//! Reproduces exvatools' published test values for ESP, CHN and NAFTA on its
//! `iciotest` table (e.g. ESP: EXGR 4666.96, DVA 1880.60, VAX 1624.18, GVC 4034.25).
//!
//! # Complexity
//! On top of [`crate::DemandPaths`]: `A^F (L Y)` (O(N² G)), local solves, one
//! pass over `A` with 6 weights (O(N²)), one n_e x n_e factorisation per economy.
//!
//! # Example
//! ```
//! use chainlens_input_output::{borin_mancini, synthetic, DemandPaths, Economies, GvcSystem};
//! let t = synthetic::random_table(3, 2, 1);
//! let sys = GvcSystem::new(&t, Economies::countries(&t)?)?;
//! let bm = borin_mancini(&sys, &DemandPaths::new(&sys))?.by_economy(&sys);
//! let [exgr, dc, _, _, davax, _, _, fc, _, _, gvc, _, _] = bm[0];
//! assert!((dc + fc - exgr).abs() < 1e-9 * exgr && (gvc - (exgr - davax)).abs() < 1e-9 * exgr);
//! # Ok::<(), chainlens_input_output::InputOutputError>(())
//! ```

use crate::economies::SplitKeys;
use crate::error::{InputOutputError, Result};
use crate::gvc_indicators::Table;
use crate::gvc_system::GvcSystem;
use crate::leontief::Factored;
use crate::paths::DemandPaths;
use chainlens_model::IcioTable;
use faer::Mat;

/// Names of the Borin-Mancini measures, in exvatools' `standard` order.
pub const BM_TERMS: [&str; 13] = [
    "EXGR", "DC", "DVA", "VAX", "DAVAX", "REF", "DDC", "FC", "FVA", "FDC", "GVC", "GVCB", "GVCF",
];

/// Borin-Mancini measures by exporting country-sector, columns as [`BM_TERMS`].
#[derive(Clone, Debug)]
pub struct BorinMancini {
    /// `values[i]`: the 13 measures of row `i`.
    pub values: Vec<[f64; 13]>,
}

impl BorinMancini {
    /// Totals by exporting economy.
    pub fn by_economy(&self, sys: &GvcSystem) -> Vec<[f64; 13]> {
        let mut out = vec![[0.0; 13]; sys.g()];
        for (i, t) in self.values.iter().enumerate() {
            for (a, b) in out[sys.econ(i)].iter_mut().zip(t) {
                *a += b;
            }
        }
        out
    }
}

/// The `bm_country_sector.csv` table: labels `country, sector`, columns
/// `gross_exports` and the other 12 measures of [`BM_TERMS`], one row per key
/// of [`crate::Economies::sector_keys`] (split rows summed with
/// [`SplitKeys::Merge`], labelled apart with [`SplitKeys::Label`]); no key
/// repeats. `table` is the table `sys` was built from.
pub fn bm_country_sector_table(
    sys: &GvcSystem,
    bm: &BorinMancini,
    table: &IcioTable,
    keys: SplitKeys,
) -> Table {
    let (of_key, key_list) = sys.economies.sector_keys(table, keys);
    let mut columns = vec![vec![0.0; key_list.len()]; 13];
    for (i, v) in bm.values.iter().enumerate() {
        for (t, x) in v.iter().enumerate() {
            columns[t][of_key[i]] += x;
        }
    }
    Table {
        label_names: vec!["country".into(), "sector".into()],
        labels: key_list
            .iter()
            .map(|(c, s)| vec![c.clone(), s.clone()])
            .collect(),
        names: std::iter::once("gross_exports".to_string())
            .chain(BM_TERMS.iter().skip(1).map(|s| (*s).to_string()))
            .collect(),
        columns,
    }
}

/// Computes the source-based Borin-Mancini decomposition for every exporter.
pub fn borin_mancini(sys: &GvcSystem, paths: &DemandPaths) -> Result<BorinMancini> {
    let n = sys.n();
    let g = sys.g();
    let of_row = &sys.economies.of_row;
    let a = sys.a();
    // A^F (L Y): foreign-block intermediate sales times output by final destination.
    let mut amly = a * &paths.ly;
    for rows in &sys.economies.rows {
        for &j in rows {
            for &k in rows {
                let ajk = a[(j, k)];
                if ajk != 0.0 {
                    for u in 0..g {
                        amly[(j, u)] -= ajk * paths.ly[(k, u)];
                    }
                }
            }
        }
    }
    let ll_amly = sys.local_apply_mat(&amly);
    let ll_y = sys.local_apply_mat(&sys.y);
    let ll_yf = sys.local_apply(&paths.yf);
    let ll_amly_sum: Vec<f64> = (0..n)
        .map(|k| (0..g).map(|u| ll_amly[(k, u)]).sum())
        .collect();
    let own = |m: &Mat<f64>, k: usize| m[(k, of_row[k])];
    let w_vax2 = Mat::from_fn(n, 1, |k, _| own(&ll_y, k));
    let w_vax3 = Mat::from_fn(n, g, |k, s| ll_yf[k] - ll_y[(k, s)]);
    let w_vax4 = Mat::from_fn(n, g, |k, s| ll_amly_sum[k] - ll_amly[(k, s)]);
    let sums = sys.foreign_a_sums(&[&w_vax2, &w_vax3, &w_vax4, &ll_y, &ll_amly]);
    let m = 5;
    // FVA weight per row: (Σ_{t != s} V_t B_ts) B_ss^-1 Lss.
    let fc = sys.foreign_content();
    let mut fva_w = vec![0.0; n];
    for rows in &sys.economies.rows {
        let k = rows.len();
        let bss = Mat::from_fn(k, k, |p, q| sys.l[(rows[p], rows[q])]);
        // Factored factorises I - C; pass C = I - B_ss so that it factorises B_ss.
        let c = Mat::from_fn(k, k, |p, q| f64::from(u8::from(p == q)) - bss[(p, q)]);
        let labels: Vec<String> = rows.iter().map(|&r| sys.labels[r].clone()).collect();
        let f = Factored::new(&c, &labels, "a domestic block B_ss of L")?;
        let z = f.solve_vec(&rows.iter().map(|&r| fc[r]).collect::<Vec<_>>(), true);
        let mut zfull = vec![0.0; n];
        for (&r, zv) in rows.iter().zip(z) {
            zfull[r] = zv;
        }
        let w = sys.local_transpose_apply(&zfull);
        for &r in rows {
            fva_w[r] = w[r];
        }
    }
    let mut values = Vec::with_capacity(n);
    for i in 0..n {
        let s = of_row[i];
        let acc = &sums[i * m * g..(i + 1) * m * g];
        let tot = |w: usize| -> f64 { acc[w * g..(w + 1) * g].iter().sum() };
        // weights 3 and 4 (REF1, REF2) use column s, the exporter itself.
        let dl = sys.dl[i];
        let e = sys.e_total[i];
        let vax1 = dl * paths.yf[i];
        let vax2 = dl * tot(0);
        let vax3 = dl * tot(1);
        let vax4 = dl * tot(2);
        let ref1 = dl * tot(3);
        let ref2 = dl * tot(4);
        let dva = dl * e;
        let ddc = (sys.vb[(s, i)] - dl) * e;
        let fva = fva_w[i] * e;
        let fdc = (fc[i] - fva_w[i]) * e;
        let davax = vax1 + vax2;
        let vax = davax + vax3 + vax4;
        let refl = ref1 + ref2;
        let gvcb = fva + fdc + ddc;
        let gvcf = vax3 + vax4 + refl;
        values.push([
            e,
            dva + ddc,
            dva,
            vax,
            davax,
            refl,
            ddc,
            fva + fdc,
            fva,
            fdc,
            gvcb + gvcf,
            gvcb,
            gvcf,
        ]);
    }
    if values.iter().any(|v| v.iter().any(|x| !x.is_finite())) {
        return Err(InputOutputError::Shape {
            message: "Borin-Mancini terms are not finite".into(),
        });
    }
    Ok(BorinMancini { values })
}
