//! `generate-gravity`: writes the SYNTHETIC gravity panel of
//! [`chainlens_bench::gravity_panel::gravity_panel_csv`].
//!
//! `generate-gravity --countries 200 --years 20 --seed 7 --out bench-data/gravity200x20.csv`

use chainlens_bench::gravity_panel::gravity_panel_csv;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let (mut countries, mut years, mut seed, mut out) = (200usize, 20usize, 7u64, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        let parsed = match (arg.as_str(), value) {
            ("--countries", Some(v)) => v.parse().map(|n| countries = n).is_ok(),
            ("--years", Some(v)) => v.parse().map(|n| years = n).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|n| seed = n).is_ok(),
            ("--out", Some(v)) => {
                out = Some(PathBuf::from(v));
                true
            }
            _ => false,
        };
        if !parsed || !(2..=999).contains(&countries) || !(1..=100).contains(&years) {
            eprintln!(
                "error: bad argument `{arg}`\nusage: generate-gravity [--countries 2-999] [--years 1-100] [--seed S] --out FILE.csv"
            );
            return ExitCode::from(1);
        }
    }
    let Some(out) = out else {
        eprintln!("error: --out is required");
        return ExitCode::from(1);
    };
    match std::fs::write(&out, gravity_panel_csv(countries, years, seed)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}: {e}", out.display());
            ExitCode::from(1)
        }
    }
}
