//! `generate-icio`: writes a SYNTHETIC inter-country input-output table in chainlens'
//! generic CSV layout with real codes, so that it joins the synthetic BACI data: the
//! generator's 65 economies, then real ISO3 codes the trade data does not have, then
//! `ROW`; industries of the OECD ICIO 2023 edition (45, ISIC Rev.4). Numbers from
//! `chainlens_input_output::synthetic::random_table` (fixed-seed, balanced).
//!
//! `generate-icio --countries 77 --seed 1 --out bench-data/icio77x45.csv`

use chainlens_bench::synthetic::ECONOMIES;
use std::path::PathBuf;
use std::process::ExitCode;

/// The 45 industries of OECD ICIO 2023.
const ICIO2023_INDUSTRIES: [&str; 45] = [
    "A01_02", "A03", "B05_06", "B07_08", "B09", "C10T12", "C13T15", "C16", "C17_18", "C19", "C20",
    "C21", "C22", "C23", "C24", "C25", "C26", "C27", "C28", "C29", "C30", "C31T33", "D", "E", "F",
    "G", "H49", "H50", "H51", "H52", "H53", "I", "J58T60", "J61", "J62_63", "K", "L", "M", "N",
    "O", "P", "Q", "R", "S", "T",
];

/// Real ISO3 codes beyond the generator's economies (no synthetic trade).
const MORE_COUNTRIES: [&str; 11] = [
    "BRN", "KHM", "LAO", "MMR", "MLT", "CYP", "ISL", "LUX", "EST", "LVA", "LTU",
];

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
        let most = ECONOMIES.len() + MORE_COUNTRIES.len() + 1;
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
    let mut table =
        chainlens_input_output::synthetic::random_table(countries, ICIO2023_INDUSTRIES.len(), seed);
    let codes = ECONOMIES.iter().map(|e| e.2).chain(MORE_COUNTRIES);
    let mut names: Vec<String> = codes.take(countries - 1).map(String::from).collect();
    names.push("ROW".into());
    for fd in &mut table.fd_columns {
        let index = fd
            .country
            .trim_start_matches('C')
            .parse::<usize>()
            .unwrap_or(0);
        fd.country = names[index].clone();
    }
    table.countries = names;
    table.sectors = ICIO2023_INDUSTRIES.map(String::from).to_vec();
    table.unit = "USD million (synthetic)".into();
    match chainlens_icio::wide::write_generic(&table, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
