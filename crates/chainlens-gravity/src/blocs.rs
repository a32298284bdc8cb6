//! Blocs from a CSV list (`iso3,bloc`, one country a line, a country in one bloc at
//! most), for `chainlens gravity ge --blocs FILE.csv`: the blocs a scenario's changes can
//! name besides its `[[bloc]]` tables. Countries are resolved against the data's codes;
//! an unknown code or a country listed twice names the file, line and column.

use crate::GravityError;
use crate::csv_list::{Record, bad_value, read_columns};
use crate::scenario::Bloc;

/// The blocs of CSV `text` in order of first appearance; `countries` are the data's codes,
/// sorted, and `label` names the file in errors.
pub fn blocs_from_csv(
    text: &str,
    label: &str,
    countries: &[String],
) -> Result<Vec<Bloc>, GravityError> {
    let bad = |line: u64, column: &str, message: String| bad_value(label, line, column, message);
    let mut blocs: Vec<Bloc> = Vec::new();
    let mut seen: Vec<Option<u64>> = vec![None; countries.len()];
    for Record { line, values } in read_columns(text, label, &["iso3", "bloc"])? {
        let (code, name) = (values[0].as_str(), values[1].as_str());
        let i = countries
            .binary_search_by(|c| c.as_str().cmp(code))
            .map_err(|_| bad(line, "iso3", format!("unknown country `{code}`")))?;
        if name.is_empty() {
            return Err(bad(line, "bloc", "empty bloc name".into()));
        }
        if let Some(first) = seen[i] {
            return Err(bad(
                line,
                "iso3",
                format!("`{code}` is already in a bloc on line {first}"),
            ));
        }
        seen[i] = Some(line);
        match blocs.iter_mut().find(|b| b.name == name) {
            Some(b) => b.members.push(i),
            None => blocs.push(Bloc {
                name: name.into(),
                members: vec![i],
            }),
        }
    }
    blocs.iter_mut().for_each(|b| b.members.sort_unstable());
    Ok(blocs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocs_in_order_and_errors_by_line() {
        let countries: Vec<String> = ["CAN", "CHN", "USA"].map(String::from).to_vec();
        let blocs = blocs_from_csv(
            "iso3,bloc\nUSA,west\nCHN,east\nCAN,west\n",
            "b.csv",
            &countries,
        )
        .unwrap();
        assert_eq!(blocs[0].name, "west");
        assert_eq!(blocs[0].members, [0, 2]);
        let e = blocs_from_csv("iso3,bloc\nUSA,west\nUSA,east\n", "b.csv", &countries).unwrap_err();
        assert_eq!(
            e.to_string(),
            "b.csv:3: column `iso3`: `USA` is already in a bloc on line 2"
        );
        let e = blocs_from_csv("iso3,bloc\nXYZ,west\n", "b.csv", &countries).unwrap_err();
        assert_eq!(
            e.to_string(),
            "b.csv:2: column `iso3`: unknown country `XYZ`"
        );
    }
}
