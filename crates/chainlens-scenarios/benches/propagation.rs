//! Benchmark `scenarios/propagate/<N>`: the input-output layer of a scenario (`I - A`, its LU,
//! the Leontief and Ghosh solves, the bottleneck round, export changes) on a deterministic
//! SYNTHETIC table shaped like OECD ICIO 2023 (77 regions x 45 industries, N = 3,465) after
//! it is loaded; the shock is a cut of China's electronics exports to every other region.

use chainlens_exposure::HsIsicTable;
use chainlens_input_output::synthetic::random_table;
use chainlens_model::{Country, CountryCode, CountryTable, Hs6};
use chainlens_scenarios::{FlowChange, propagate};

fn main() {
    divan::main();
}

#[divan::bench(args = [(41, 35), (77, 45)], sample_count = 3, sample_size = 1)]
fn propagate_table(bencher: divan::Bencher, (regions, industries): (usize, usize)) {
    let mut table = random_table(regions, industries, 7);
    // Industry codes 01..45 are read as ISIC divisions; region 0 is China, the last ROW.
    table.sectors = (1..=industries).map(|d| format!("{d:02}")).collect();
    table.countries[0] = "CHN".into();
    let last = table.countries.len() - 1;
    table.countries[last] = "ROW".into();
    let countries = CountryTable::new(vec![Country {
        code: CountryCode::new(156).unwrap(),
        iso2: "CN".into(),
        iso3: "CHN".into(),
        name: "China".into(),
        aggregate: false,
    }])
    .unwrap();
    // Importers not in the table fall to ROW.
    let changes: Vec<FlowChange> = CountryCode::all()
        .skip(1)
        .take(199)
        .map(|importer| FlowChange {
            exporter: CountryCode::new(156).unwrap(),
            importer,
            hs6: Hs6(854231),
            change: -1e6,
        })
        .collect();
    let concordance = HsIsicTable::shipped();
    bencher.bench(|| {
        let p = propagate(&table, &changes, &countries, &concordance, 1e6).unwrap();
        assert!(p.output_leontief.iter().sum::<f64>() < 0.0);
        p
    });
}
