//! Small tables for unit tests: a hand-checkable 2-country x 2-sector table
//! and one with an empty (zero-output) country block.

use chainlens_model::{FinalDemandColumn, IcioTable};

fn fd(country: &str) -> FinalDemandColumn {
    FinalDemandColumn {
        country: country.into(),
        category: "total".into(),
    }
}

/// Countries A, B; sectors agr, man; x = (100, 200, 150, 250).
///
/// ```text
///            A_agr A_man B_agr B_man | Y_A  Y_B |   x
/// A_agr        10    20     5     5  |  50   10 | 100
/// A_man        10    40    10    20  | 100   20 | 200
/// B_agr         5    10    15    25  |  15   80 | 150
/// B_man         5    20    10    30  |  35  150 | 250
/// va           70   110   110   170
/// ```
pub(crate) fn two_by_two() -> IcioTable {
    IcioTable {
        countries: vec!["A".into(), "B".into()],
        sectors: vec!["agr".into(), "man".into()],
        z: vec![
            10.0, 20.0, 5.0, 5.0, 10.0, 40.0, 10.0, 20.0, 5.0, 10.0, 15.0, 25.0, 5.0, 20.0, 10.0,
            30.0,
        ],
        y: vec![50.0, 10.0, 100.0, 20.0, 15.0, 80.0, 35.0, 150.0],
        fd_columns: vec![fd("A"), fd("B")],
        va: vec![70.0, 110.0, 110.0, 170.0],
        x: vec![100.0, 200.0, 150.0, 250.0],
        extensions: Vec::new(),
        unit: "USD million".into(),
    }
}

/// Country B exists but produces nothing (like the empty CHN block of the split OECD layout).
pub(crate) fn with_empty_block() -> IcioTable {
    IcioTable {
        countries: vec!["A".into(), "B".into()],
        sectors: vec!["agr".into(), "man".into()],
        z: vec![
            10.0, 20.0, 0.0, 0.0, 10.0, 40.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
        ],
        y: vec![70.0, 140.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        fd_columns: vec![fd("A"), fd("B")],
        va: vec![80.0, 140.0, 0.0, 0.0],
        x: vec![100.0, 200.0, 0.0, 0.0],
        extensions: Vec::new(),
        unit: "USD million".into(),
    }
}
