//! `generate-baci`: writes a SYNTHETIC BACI-layout release (directory or `.zip`).
//!
//! `generate-baci --rows 11000000 --years 2018 --products 5000 --extra-economies 98 --out bench-data/baci-11m`
//! `generate-baci --out data/default/synthetic_baci_hs17_2017_2018.zip` (the default dataset)
//! `generate-baci --preset second-window --out data/default/synthetic_baci_hs17_2022_2023.zip`
//! (its second window, with the planted reallocation); `--preset series --out DIR` writes
//! all four years 2017, 2018, 2022, 2023 (the restructuring reference's input). A preset
//! comes first; later options change it.

use chainlens_bench::synthetic::{GeneratorOptions, write_directory, write_zip};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut options = GeneratorOptions::default();
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        let parsed = match (arg.as_str(), value) {
            ("--rows", Some(v)) => v.parse().map(|n| options.rows_per_year = n).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|n| options.seed = n).is_ok(),
            ("--products", Some(v)) => v.parse().map(|n| options.products = n).is_ok(),
            ("--extra-economies", Some(v)) => {
                v.parse().map(|n| options.extra_economies = n).is_ok()
            }
            ("--years", Some(v)) => v
                .split(',')
                .map(str::parse)
                .collect::<Result<Vec<u16>, _>>()
                .map(|y| options.years = y)
                .is_ok(),
            ("--preset", Some(v)) => match v.as_str() {
                "series" => {
                    options = GeneratorOptions::series();
                    true
                }
                "second-window" => {
                    options = GeneratorOptions::second_window();
                    true
                }
                _ => false,
            },
            ("--out", Some(v)) => {
                out = Some(PathBuf::from(v));
                true
            }
            _ => false,
        };
        if !parsed {
            eprintln!(
                "error: bad argument `{arg}`\nusage: generate-baci [--preset series|second-window] [--rows N] [--years 2017,2018] [--seed S] [--products N] [--extra-economies N] --out DIR|FILE.zip"
            );
            return ExitCode::from(1);
        }
    }
    let Some(out) = out else {
        eprintln!("error: --out is required");
        return ExitCode::from(1);
    };
    let result = if out.extension().is_some_and(|e| e == "zip") {
        write_zip(&options, &out)
    } else {
        write_directory(&options, &out)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}: {e}", out.display());
            ExitCode::from(1)
        }
    }
}
