//! Benchmarks of structural gravity (METHODS §3): `gravity/ppml/rta_panel_3way` is PPML
//! with exporter-year, importer-year and pair fixed effects on the Advanced Guide's full
//! RTA panel (99,981 rows, 69 countries, 1986-2006; `../shared/data/gravity-agtpa-2016`,
//! read in place), `ppml_trade_without_borders_2way` the Guide's 2006 cross-section with
//! exporter and importer effects (4,761 rows), `gravity/ppml/synthetic_panel_3way` the same on the SYNTHETIC panel of
//! `generate-gravity` (200 countries x 20 years, 800,000 rows); `gravity/ge/hat_69` the exact-hat-algebra equilibrium of the Guide's
//! trade-without-borders change at 69 countries; `gravity/ge/hat_200` the same kind of
//! change on a deterministic synthetic world of 200 countries. `gravity/ge_io/wiod_2011`
//! and `gravity/ge_io/synthetic_77x45` solve the Caliendo-Parro equilibrium (calibration
//! untimed) of a 25 % tariff-equivalent between the first and the second half of the
//! countries, every sector, theta 5: WIOD 2013's 2011 table (41 x 35 = 1,435
//! country-sectors) and `random_table(77, 45, 2015)` (3,465), the same shocks
//! reference/ge_io/bench.py times in numpy. Each bench asserts its result (the RTA
//! coefficient pyfixest gives, 0.55395; welfare gains without borders; numpy's world
//! welfare of the bloc split, to 1e-8).

use chainlens_bench::gravity_panel::gravity_panel_csv;
use chainlens_gravity::calibration::IoBaseline;
use chainlens_gravity::caliendo_parro::{self, CpOptions, CpShock};
use chainlens_gravity::hat::{Deficits, HatOptions, solve};
use chainlens_gravity::{ColumnNames, FixedEffect, GravityData, PpmlOptions, estimate};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn shared(file: &str) -> String {
    let path = format!("{}/../../../shared/data/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path} (../shared/data): {e}"))
}

fn panel() -> &'static GravityData {
    static DATA: OnceLock<GravityData> = OnceLock::new();
    DATA.get_or_init(|| {
        let text = shared("gravity-agtpa-2016/ch2_app2_rta_panel_1986_2006.csv");
        GravityData::from_csv(&text, "rta", &ColumnNames::default(), &["RTA".into()]).unwrap()
    })
}

#[divan::bench(sample_count = 5)]
fn ppml_rta_panel_3way() -> f64 {
    let fe = [
        FixedEffect::ExporterYear,
        FixedEffect::ImporterYear,
        FixedEffect::Pair,
    ];
    let fit = estimate(panel(), &fe, &["RTA".into()], PpmlOptions::default()).unwrap();
    let rta = fit.coefficients[0].estimate;
    assert!((rta - RTA_PYFIXEST).abs() < 1e-8, "{rta}");
    rta
}

/// The Guide's trade-without-borders cross-section with its five gravity variables.
fn cross_section() -> &'static GravityData {
    static DATA: OnceLock<GravityData> = OnceLock::new();
    DATA.get_or_init(|| {
        let text = shared("gravity-agtpa-2016/ch2_app1_trade_without_border_2006.csv");
        GravityData::from_csv(
            &text,
            "app1",
            &ColumnNames::default(),
            &BORDER_VARS.map(String::from),
        )
        .unwrap()
    })
}

const BORDER_VARS: [&str; 5] = ["ln_DIST", "CNTG", "LANG", "CLNY", "INTL_BRDR"];

#[divan::bench(sample_count = 10)]
fn ppml_trade_without_borders_2way() -> f64 {
    let fe = [FixedEffect::Exporter, FixedEffect::Importer];
    let fit = estimate(
        cross_section(),
        &fe,
        &BORDER_VARS.map(String::from),
        PpmlOptions::default(),
    )
    .unwrap();
    let border = fit.coefficients[4].estimate;
    // pyfixest 0.60.0 and gme 1.3 print -2.50026531991761 and ...7662 (bench.py).
    assert!((border + 2.500_265_319_917_61).abs() < 1e-8, "{border}");
    border
}

/// The SYNTHETIC panel of `generate-gravity`'s defaults: 200 countries x 20 years.
fn synthetic_panel() -> &'static GravityData {
    static DATA: OnceLock<GravityData> = OnceLock::new();
    DATA.get_or_init(|| {
        let text = gravity_panel_csv(200, 20, 7);
        GravityData::from_csv(&text, "synthetic", &ColumnNames::default(), &["RTA".into()]).unwrap()
    })
}

#[divan::bench(sample_count = 1, sample_size = 1)]
fn ppml_synthetic_panel_3way() -> f64 {
    let fe = [
        FixedEffect::ExporterYear,
        FixedEffect::ImporterYear,
        FixedEffect::Pair,
    ];
    let fit = estimate(
        synthetic_panel(),
        &fe,
        &["RTA".into()],
        PpmlOptions::default(),
    )
    .unwrap();
    let rta = fit.coefficients[0].estimate;
    assert!((rta - RTA_SYNTHETIC_PYFIXEST).abs() < 1e-8, "{rta}");
    rta
}

/// pyfixest 0.60.0 on the same panel (reference/gravity/bench.py prints it).
const RTA_SYNTHETIC_PYFIXEST: f64 = 0.505_331_877_192_226_3;

/// pyfixest 0.60.0 `fepois("trade ~ RTA | exp_year + imp_year + pair")` on the full
/// panel, fixef_tol and iwls_tol 1e-12 (reference/gravity/bench.py prints it).
const RTA_PYFIXEST: f64 = 0.553_947_338_331_926;

/// The Guide's 2006 cross-section and the change of removing the border (b = -2.5).
fn border_world() -> &'static (Vec<f64>, Vec<f64>) {
    static WORLD: OnceLock<(Vec<f64>, Vec<f64>)> = OnceLock::new();
    WORLD.get_or_init(|| {
        let text = shared("gravity-agtpa-2016/ch2_app1_trade_without_border_2006.csv");
        let vars = ["INTL_BRDR".to_string()];
        let data = GravityData::from_csv(&text, "app1", &ColumnNames::default(), &vars).unwrap();
        let world = data.world(2006).unwrap();
        let border = data.var("INTL_BRDR").unwrap();
        let phi = data
            .pair_rows(2006)
            .iter()
            .map(|r| (2.500265 * border[r.unwrap()]).exp())
            .collect();
        (world.trade, phi)
    })
}

/// 200 countries, flows from a fixed-seed linear congruential sequence, domestic sales
/// the largest; every international cost falls by a fifth.
fn synthetic_world() -> &'static (Vec<f64>, Vec<f64>) {
    static WORLD: OnceLock<(Vec<f64>, Vec<f64>)> = OnceLock::new();
    WORLD.get_or_init(|| {
        let n = 200;
        let mut state: u64 = 2016;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let trade: Vec<f64> = (0..n * n)
            .map(|k| {
                if k / n == k % n {
                    500.0 + 500.0 * next()
                } else {
                    10.0 * next()
                }
            })
            .collect();
        let phi = (0..n * n)
            .map(|k| {
                if k / n == k % n {
                    1.0
                } else {
                    0.8f64.powf(-4.0)
                }
            })
            .collect();
        (trade, phi)
    })
}

fn opts(theta: f64) -> HatOptions {
    HatOptions {
        theta,
        deficits: Deficits::Multiplicative,
        ..Default::default()
    }
}

#[divan::bench]
fn ge_hat_69() -> f64 {
    let (trade, phi) = border_world();
    let s = solve(trade, phi, opts(6.0)).unwrap();
    assert!(s.full.welfare.iter().all(|w| *w > 1.0));
    s.full.welfare[0]
}

#[divan::bench]
fn ge_hat_200() -> f64 {
    let (trade, phi) = synthetic_world();
    let s = solve(trade, phi, opts(4.0)).unwrap();
    assert!(s.full.welfare.iter().all(|w| *w > 1.0));
    s.full.welfare[0]
}

fn wiod_2011() -> &'static IoBaseline {
    static BASE: OnceLock<IoBaseline> = OnceLock::new();
    BASE.get_or_init(|| {
        let path = format!(
            "{}/../../../shared/data/wiod2013/icio_layout/WIOD13_ICIO_2011.csv.gz",
            env!("CARGO_MANIFEST_DIR")
        );
        let (table, _) =
            chainlens_icio::read_table(path.as_ref(), chainlens_icio::ReadOptions::default())
                .unwrap();
        IoBaseline::from_table(&table, "wiod 2011").unwrap()
    })
}

fn synthetic_77x45() -> &'static IoBaseline {
    static BASE: OnceLock<IoBaseline> = OnceLock::new();
    BASE.get_or_init(|| {
        let table = chainlens_input_output::synthetic::random_table(77, 45, 2015);
        IoBaseline::from_table(&table, "synthetic").unwrap()
    })
}

/// 25 % between the first `n / 2` countries and the rest, both ways, every sector.
fn halves(base: &IoBaseline) -> CpShock {
    let (n, s) = (base.n(), base.s());
    let half = |c: usize| c < n / 2;
    CpShock::iceberg(
        vec![5.0; s],
        (0..s * n * n)
            .map(|k| {
                let (m, i) = ((k / n) % n, k % n);
                if half(m) == half(i) { 1.0 } else { 1.25 }
            })
            .collect(),
    )
}

/// The income-weighted world welfare change, checked against numpy's (`numpy`, from
/// `reference/ge_io/ge_io.py bench`) to 1e-8. The equilibrium alone: one path interval,
/// so none of the 11 more equilibria `ge-io` solves to integrate the decomposition.
fn ge_io(base: &IoBaseline, numpy: f64) -> f64 {
    let opts = CpOptions {
        path_intervals: 1,
        ..CpOptions::default()
    };
    let s = caliendo_parro::solve(base, &halves(base), opts).unwrap();
    let world: f64 = (0..base.n())
        .map(|c| base.income[c] * s.welfare[c])
        .sum::<f64>()
        / base.income.iter().sum::<f64>();
    assert!((world - numpy).abs() < 1e-8, "{world} vs numpy {numpy}");
    world
}

#[divan::bench(sample_count = 5)]
fn ge_io_wiod_2011() -> f64 {
    ge_io(wiod_2011(), 0.979_232_202_634_982_9)
}

#[divan::bench(sample_count = 5)]
fn ge_io_synthetic_77x45() -> f64 {
    ge_io(synthetic_77x45(), 0.924_184_107_386_646)
}
