//! Blocs from a CSV list (`iso3,bloc`, one country a line, a country in one bloc at
//! most), for `chainlens gravity ge --blocs FILE.csv`: the blocs a scenario's changes can
//! name besides its `[[bloc]]` tables. Countries are resolved against the data's codes;
//! an unknown code or a country listed twice names the file, line and column.

use crate::GravityError;
use crate::scenario::Bloc;

/// The blocs of CSV `text` in order of first appearance; `countries` are the data's codes,
/// sorted, and `label` names the file in errors.
pub fn blocs_from_csv(
    text: &str,
    label: &str,
    countries: &[String],
) -> Result<Vec<Bloc>, GravityError> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let bad = |line: u64, column: &str, message: String| GravityError::BadValue {
        file: label.into(),
        line,
        column: column.into(),
        message,
    };
    let header = reader
        .headers()
        .map_err(|e| bad(1, "", e.to_string()))?
        .clone();
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| GravityError::MissingColumn {
                file: label.into(),
                column: name.into(),
                available: header.iter().collect::<Vec<_>>().join(", "),
            })
    };
    let (iso_col, bloc_col) = (find("iso3")?, find("bloc")?);
    let mut blocs: Vec<Bloc> = Vec::new();
    let mut seen: Vec<Option<u64>> = vec![None; countries.len()];
    for record in reader.records() {
        let record =
            record.map_err(|e| bad(e.position().map_or(0, |p| p.line()), "", e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let code = record.get(iso_col).unwrap_or("").trim();
        let name = record.get(bloc_col).unwrap_or("").trim();
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
