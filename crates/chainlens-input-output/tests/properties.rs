//! Identities on random balanced tables (fixed-seed generator, sizes and seeds
//! drawn by proptest): `x = L y`, `v'L = 1'`, every decomposition adds up to
//! gross exports to 1e-9 relative on every row, and the production-length
//! identities (`PLv` = Antràs upstreamness, `PLy` = output multiplier).

#![allow(clippy::needless_range_loop)]

use chainlens_input_output::{
    Coefficients, DemandPaths, Economies, GvcSystem, IndustryGroups, LeontiefModel, borin_mancini,
    gvc_indicators, kww, multipliers, production_length::production_length,
    synthetic::random_table, upstreamness::upstreamness, wwz,
};
use proptest::prelude::*;

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn identities_hold(g in 2usize..6, s in 1usize..5, seed in 0u64..1000) {
        let t = random_table(g, s, seed);
        let c = Coefficients::new(&t).unwrap();
        let m = LeontiefModel::new(&c).unwrap();
        let x = m.output_for(&t.y_row_sums()).unwrap();
        for (a, b) in x.iter().zip(&t.x) {
            prop_assert!(close(*a, *b, 1e-11));
        }
        let mu = multipliers(&t, &c, &m).unwrap();
        for v in &mu.value_added {
            prop_assert!(close(*v, 1.0, 1e-12));
        }
        let sys = GvcSystem::new(&t, Economies::countries(&t).unwrap()).unwrap();
        let p = DemandPaths::new(&sys);
        let w = wwz(&sys, &p);
        for (e, terms) in w.exports.iter().zip(&w.terms) {
            let sum: f64 = terms.iter().sum();
            prop_assert!(close(sum, *e, 1e-9), "wwz {} vs {}", sum, e);
            prop_assert!(terms.iter().all(|v| *v >= -1e-9 * e));
        }
        let k = kww(&sys, &p);
        for (e, terms) in k.by_economy(&sys) {
            prop_assert!(close(terms.iter().sum(), e, 1e-9));
        }
        // KWW and WWZ agree on domestic value added and foreign content by exporter.
        let wb = w.by_exporting_economy(&sys);
        for (kk, ww) in k.by_economy(&sys).iter().zip(&wb) {
            let k_vax: f64 = kk.1[..3].iter().sum();
            let w_vax: f64 = ww.1[..5].iter().sum();
            prop_assert!(close(k_vax, w_vax, 1e-9), "VAX {} vs {}", k_vax, w_vax);
            let k_fc = kk.1[6] + kk.1[7] + kk.1[8];
            let w_fc: f64 = ww.1[8..12].iter().sum::<f64>() + ww.1[14] + ww.1[15];
            prop_assert!(close(k_fc, w_fc, 1e-9));
        }
        let bm = borin_mancini(&sys, &p).unwrap();
        for v in &bm.values {
            // DC + FC = EXGR; DVA = VAX + REF; GVC = EXGR - DAVAX
            prop_assert!(close(v[1] + v[7], v[0], 1e-9));
            prop_assert!(close(v[3] + v[5], v[2], 1e-9));
            prop_assert!(close(v[10], v[0] - v[4], 1e-9));
        }
        let pl = production_length(&sys);
        let up = upstreamness(&c).unwrap();
        for i in 0..t.n() {
            prop_assert!(close(pl.plv[i], up[i], 1e-10));
            prop_assert!(close(pl.ply[i], mu.output[i], 1e-10));
            prop_assert!(pl.plv_gvc[i] >= 2.0 - 1e-9, "plv_gvc {}", pl.plv_gvc[i]);
            prop_assert!(pl.ply_gvc[i] >= 2.0 - 1e-9);
        }
    }
}

#[test]
fn gvc_tables_have_the_fixed_columns() {
    let t = random_table(4, 3, 1);
    let ind = gvc_indicators(
        &t,
        Economies::countries(&t).unwrap(),
        &IndustryGroups::default(),
    )
    .unwrap();
    assert_eq!(
        ind.country_sector.names[..5],
        [
            "x",
            "va",
            "upstreamness",
            "gvc_participation",
            "gvc_position"
        ]
    );
    assert_eq!(ind.country.names[..3], ["x", "va", "gross_exports"]);
    assert_eq!(ind.country_sector.len(), 12);
    assert_eq!(ind.country.len(), 4);
}
