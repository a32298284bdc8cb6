//! `gvc --years` on the real WIOD 2013 release (1995-2011, 41 regions x 35 industries;
//! `../shared/data/wiod2013/icio_layout`, read in place): every year runs through every
//! `chainlens gvc` indicator and the regionalisation of foreign value added in final
//! output, and for every economy and year the regional and extra-regional shares add up to
//! the foreign share to 1e-9. A missing data folder fails the test.
//!
//! Unoptimised this takes about 10 minutes (faer's factorisations without optimisation),
//! so it runs in release builds only (.ci/run has the stage) and is listed as ignored in
//! debug ones: `cargo test --release -p chainlens-engine --test gvc_years_wiod2013`.

use chainlens_engine::progress::Progress;
use chainlens_engine::restructuring::{GvcYearsRequest, gvc_years};
use chainlens_engine::{TableOptions, TableSource};

struct Quiet;

impl Progress for Quiet {
    fn stage(&self, _: &str) {}
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "minutes unoptimised: cargo test --release -p chainlens-engine --test gvc_years_wiod2013"
)]
fn every_wiod_year_runs_and_foreign_value_added_splits_into_regions() {
    let dir = chainlens_testing::shared_data().join("wiod2013/icio_layout");
    let table = TableOptions {
        source: TableSource::Path(dir),
        ..Default::default()
    };
    let request = GvcYearsRequest {
        years: "1995-2011".into(),
        ..Default::default()
    };
    let started = std::time::Instant::now();
    let result = gvc_years(&table, &request, &Quiet).unwrap();
    eprintln!(
        "gvc --years 1995-2011: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(result.years, (1995..=2011).collect::<Vec<u16>>());
    assert_eq!(result.tables[0].len(), 17 * 1435, "country-sector rows");
    assert_eq!(result.tables[1].len(), 17 * 41, "country rows");
    assert_eq!(result.regionalisation.len(), 17 * 41);
    for r in &result.regionalisation {
        let gap = r.regional_share + r.extra_regional_share - r.foreign_share;
        assert!(gap.abs() <= 1e-9, "{} {}: {gap:e}", r.year, r.country);
        assert!((0.0..1.0).contains(&r.foreign_share), "{r:?}");
    }
    // The EU's members draw on each other; a region of its own (ROW) has none regional.
    let deu = result
        .regionalisation
        .iter()
        .find(|r| r.country == "DEU")
        .unwrap();
    assert!(deu.region == "EU" && deu.regional > 0.0);
    let row = result
        .regionalisation
        .iter()
        .find(|r| r.country == "ROW")
        .unwrap();
    assert_eq!((row.region.as_str(), row.regional), ("ROW", 0.0));
    // Foreign value added in world final output grew from 1995 to 2011 (Los, Timmer &
    // de Vries 2015: international fragmentation rose, extra-regional shares faster).
    let world = |year: u16, f: fn(&chainlens_engine::restructuring::RegionalisationRow) -> f64| {
        let rows: Vec<_> = result
            .regionalisation
            .iter()
            .filter(|r| r.year == year)
            .collect();
        let total: f64 = rows.iter().map(|r| r.final_output).sum();
        rows.iter().map(|r| f(r)).sum::<f64>() / total
    };
    let foreign =
        |r: &chainlens_engine::restructuring::RegionalisationRow| r.regional + r.extra_regional;
    let extra = |r: &chainlens_engine::restructuring::RegionalisationRow| r.extra_regional;
    assert!(world(2011, foreign) > world(1995, foreign));
    assert!(world(2011, extra) > world(1995, extra));
}
