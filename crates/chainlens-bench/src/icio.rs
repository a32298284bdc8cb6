//! The SYNTHETIC inter-country input-output table of `generate-icio`: real codes, so that
//! it joins the synthetic BACI data and scenarios can name blocs of real countries: the
//! generator's 65 economies, then real ISO3 codes the trade data does not have, then
//! `ROW`; industries of the OECD ICIO 2023 edition (45, ISIC Rev.4). Numbers from
//! `chainlens_input_output::synthetic::random_table` (fixed-seed, balanced).

use crate::synthetic::ECONOMIES;
use chainlens_model::IcioTable;

/// The 45 industries of OECD ICIO 2023.
pub const ICIO2023_INDUSTRIES: [&str; 45] = [
    "A01_02", "A03", "B05_06", "B07_08", "B09", "C10T12", "C13T15", "C16", "C17_18", "C19", "C20",
    "C21", "C22", "C23", "C24", "C25", "C26", "C27", "C28", "C29", "C30", "C31T33", "D", "E", "F",
    "G", "H49", "H50", "H51", "H52", "H53", "I", "J58T60", "J61", "J62_63", "K", "L", "M", "N",
    "O", "P", "Q", "R", "S", "T",
];

/// Real ISO3 codes beyond the generator's economies (no synthetic trade).
const MORE_COUNTRIES: [&str; 11] = [
    "BRN", "KHM", "LAO", "MMR", "MLT", "CYP", "ISL", "LUX", "EST", "LVA", "LTU",
];

/// The most countries [`synthetic_icio`] can name (the last is `ROW`).
pub const MAX_COUNTRIES: usize = ECONOMIES.len() + MORE_COUNTRIES.len() + 1;

/// The table of `countries` (2 to [`MAX_COUNTRIES`]) x 45 industries from `seed`.
pub fn synthetic_icio(countries: usize, seed: u64) -> IcioTable {
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
    table
}
