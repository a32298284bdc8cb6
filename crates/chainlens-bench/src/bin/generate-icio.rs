//! `generate-icio`: writes the SYNTHETIC inter-country input-output table of
//! [`chainlens_bench::icio::synthetic_icio`] in chainlens' generic CSV layout.
//!
//! `generate-icio --countries 77 --seed 1 --out bench-data/icio77x45.csv`

use chainlens_bench::icio::{MAX_COUNTRIES, synthetic_icio};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let (mut countries, mut seed, mut out) = (77usize, 1u64, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        let parsed = match (arg.as_str(), value) {
            ("--countries", Some(v)) => v.parse().map(|n| countries = n).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|n| seed = n).is_ok(),
            ("--out", Some(v)) => {
                out = Some(PathBuf::from(v));
                true
            }
            _ => false,
        };
        let most = MAX_COUNTRIES;
        if !parsed || !(2..=most).contains(&countries) {
            eprintln!(
                "error: bad argument `{arg}`\nusage: generate-icio [--countries 2-{most}] [--seed S] --out FILE.csv"
            );
            return ExitCode::from(1);
        }
    }
    let Some(out) = out else {
        eprintln!("error: --out is required");
        return ExitCode::from(1);
    };
    let table = synthetic_icio(countries, seed);
    match chainlens_icio::wide::write_generic(&table, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
