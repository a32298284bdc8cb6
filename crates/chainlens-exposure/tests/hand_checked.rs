//! The exposure of a 2-country, 2-industry table to 3 goods, computed by hand (the
//! arithmetic is in the comments), and properties on random tables.

use chainlens_exposure::{
    BucketedGood, GoodsToIndustries, HsIsicTable, SplitRule, country_exposure,
};
use chainlens_model::{Hs6, IcioTable};
use proptest::prelude::*;

/// Goods 280530 and 281111 are chemicals (ISIC 2011, industry C20), 854231 electronics
/// (2610, industry C26).
const CONCORDANCE: &str = "HS_6d,HS_4d,HS_2d,ISIC4_4d,ISIC4_3d,ISIC4_2d,ISIC4_1d\n\
    280530,2805,28,2011,201,20,C\n281111,2811,28,2011,201,20,C\n854231,8542,85,2610,261,26,C\n";

/// Country AAA (importer) and BBB; industries C20, C26. Rows and columns
/// (AAA,C20), (AAA,C26), (BBB,C20), (BBB,C26).
fn table() -> IcioTable {
    #[rustfmt::skip]
    let z = vec![
        10.0, 20.0, 1.0, 1.0,
        5.0, 15.0, 1.0, 1.0,
        8.0, 12.0, 10.0, 10.0,
        4.0, 16.0, 10.0, 10.0,
    ];
    let x = vec![100.0, 200.0, 100.0, 100.0];
    let va = (0..4)
        .map(|j| x[j] - (0..4).map(|i| z[i * 4 + j]).sum::<f64>())
        .collect();
    IcioTable {
        countries: vec!["AAA".into(), "BBB".into()],
        sectors: vec!["C20".into(), "C26".into()],
        z,
        y: Vec::new(),
        fd_columns: Vec::new(),
        va,
        x,
        extensions: Vec::new(),
        unit: "USD million".into(),
    }
}

/// Category 1 (bucket 0): 280530 at 30 and 854231 at 50; category 4 (bucket 3): 281111 at 70.
fn goods() -> Vec<BucketedGood> {
    [(280530, 0, 30.0), (281111, 3, 70.0), (854231, 0, 50.0)]
        .map(|(hs6, bucket, value)| BucketedGood {
            hs6: Hs6(hs6),
            bucket,
            value,
        })
        .to_vec()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

#[test]
fn direct_and_total_exposure_by_hand() {
    let concordance = HsIsicTable::parse(CONCORDANCE, "c.csv").unwrap();
    let t = table();
    let link = GoodsToIndustries::new(&concordance, &t, SplitRule::Equal);
    let e = country_exposure(&t, 0, &goods(), 4, &link).unwrap();
    // q(C20) = (30 in category 1, 70 in category 4) / 100; q(C26) = all category 1.
    // C20 uses imports 8 from C20 and 4 from C26: category 1 = 8 * 0.3 + 4 = 6.4 of 12.
    let c20 = &e.industries[0];
    assert_eq!(c20.imported_inputs, 12.0);
    assert!(close(c20.direct[0], 6.4) && close(c20.direct[3], 5.6));
    assert!(close(c20.direct_share(0), 6.4 / 12.0));
    // C26: 12 * 0.3 + 16 = 19.6 of 28.
    assert!(close(e.industries[1].direct_share(0), 0.7));
    // Total: Ad = [[0.1, 0.1], [0.05, 0.075]], det(I - Ad) = 0.8275,
    // Am = [[0.08, 0.06], [0.04, 0.08]], T = Am (I - Ad)^-1:
    // T(.,C20) = [0.077, 0.041] / 0.8275, T(.,C26) = [0.062, 0.076] / 0.8275.
    assert!(close(c20.content_total, 0.118 / 0.8275));
    assert!(close(c20.total_share(0), (0.077 * 0.3 + 0.041) / 0.118));
    assert!(close(
        e.industries[1].total_share(0),
        (0.062 * 0.3 + 0.076) / 0.138
    ));
    assert!(close(c20.content_direct, 0.12));
    // Country: (6.4 + 19.6) / (12 + 28).
    assert!(close(e.direct_share(0), 0.65));
    // Output-weighted total: (100 * 0.0641 + 200 * 0.0946) / (100 * 0.118 + 200 * 0.138).
    assert!(close(e.total_share(0), (6.41 + 18.92) / (11.8 + 27.6)));
    // C20's category-1 imports: 854231 carries 4 * 50/50 = 4, 280530 carries 8 * 30/100.
    let top: Vec<(usize, f64)> = c20.top_goods.iter().map(|c| (c.good, c.value)).collect();
    assert_eq!(top.len(), 2);
    assert!(top[0].0 == 2 && close(top[0].1, 4.0) && top[1].0 == 0 && close(top[1].1, 2.4));
    assert_eq!((e.unmapped_usd, e.goods_usd), (0.0, 150.0));
}

#[test]
fn industries_without_imported_goods_are_no_goods() {
    let concordance = HsIsicTable::parse(CONCORDANCE, "c.csv").unwrap();
    let t = table();
    let link = GoodsToIndustries::new(&concordance, &t, SplitRule::Equal);
    let only_chemicals = &goods()[..2];
    let e = country_exposure(&t, 0, only_chemicals, 4, &link).unwrap();
    // C26 imports no good: its 4 (to C20) are `no_goods`, the last bucket.
    assert!(close(e.industries[0].direct[4], 4.0));
    assert!(close(e.industries[0].direct[0], 2.4));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Buckets add up to the imported inputs (direct) and the imported content (total).
    #[test]
    fn buckets_add_up(seed in 0u64..1000, country in 0usize..4) {
        let mut t = chainlens_input_output::synthetic::random_table(4, 3, seed);
        t.sectors = vec!["C20".into(), "C26".into(), "G".into()];
        let concordance = HsIsicTable::parse(CONCORDANCE, "c.csv").unwrap();
        let link = GoodsToIndustries::new(&concordance, &t, SplitRule::Output);
        let e = country_exposure(&t, country, &goods(), 4, &link).unwrap();
        for i in &e.industries {
            let direct: f64 = i.direct.iter().sum();
            let total: f64 = i.total.iter().sum();
            prop_assert!((direct - i.imported_inputs).abs() <= 1e-9 * i.imported_inputs);
            prop_assert!((total - i.content_total).abs() <= 1e-9 * i.content_total);
            prop_assert!(i.content_total >= i.content_direct);
        }
    }
}
