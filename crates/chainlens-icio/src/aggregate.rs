//! Merging country blocks, on request: the OECD ICIO extended layout's
//! `CN1`/`CN2` (processing/non-processing China) into `CHN` and
//! `MX1`/`MX2` into `MEX`, or any other list.
//!
//! Rows and columns of the members are added to the target block (which the
//! published extended layout leaves empty) and removed; final demand,
//! value added, output and satellites are added the same way. The result is
//! the 77-country (2023) or 81-region (2025) table. Analyses that must keep
//! the split, as exvatools does, use `Economies::oecd_split` in
//! `chainlens-input-output` instead: aggregation changes `A` and hence `L`.

use crate::error::IcioError;
use chainlens_model::IcioTable;

/// Merges `members` into `target` (which must be a country of the table;
/// members absent from the table are ignored). Returns the merged table.
pub fn merge_countries(
    table: &IcioTable,
    target: &str,
    members: &[&str],
) -> Result<IcioTable, IcioError> {
    let Some(t) = table.country_index(target) else {
        return Err(IcioError::UnknownCountry {
            label: target.into(),
            valid: table.countries.clone(),
        });
    };
    let g = table.n_countries();
    let s = table.n_sectors();
    // new country index of each old country (None = merged into target)
    let mut map: Vec<usize> = (0..g).collect();
    for m in members {
        if let Some(c) = table.country_index(m)
            && c != t
        {
            map[c.0] = t.0;
        }
    }
    let kept: Vec<usize> = (0..g).filter(|&c| map[c] == c).collect();
    let new_pos: Vec<usize> = (0..g)
        .map(|c| kept.iter().position(|&k| k == map[c]).unwrap_or(0))
        .collect();
    let n = table.n();
    let n2 = kept.len() * s;
    let row = |i: usize| new_pos[i / s] * s + i % s;
    let k = table.n_fd();
    let mut z = vec![0.0; n2 * n2];
    let mut y = vec![0.0; n2 * k];
    let mut va = vec![0.0; n2];
    let mut x = vec![0.0; n2];
    for i in 0..n {
        let ri = row(i);
        for j in 0..n {
            z[ri * n2 + row(j)] += table.z[i * n + j];
        }
        for c in 0..k {
            y[ri * k + c] += table.y[i * k + c];
        }
        va[ri] += table.va[i];
        x[ri] += table.x[i];
    }
    let extensions = table
        .extensions
        .iter()
        .map(|e| {
            let mut v = vec![0.0; n2];
            for i in 0..n {
                v[row(i)] += e.values[i];
            }
            chainlens_model::Satellite {
                name: e.name.clone(),
                unit: e.unit.clone(),
                values: v,
            }
        })
        .collect();
    let mut fd_columns = table.fd_columns.clone();
    for c in &mut fd_columns {
        if members.contains(&c.country.as_str()) {
            c.country = target.to_string();
        }
    }
    Ok(IcioTable {
        countries: kept.iter().map(|&c| table.countries[c].clone()).collect(),
        sectors: table.sectors.clone(),
        z,
        y,
        fd_columns,
        va,
        x,
        extensions,
        unit: table.unit.clone(),
    })
}

/// Merges the OECD split blocks present in the table: `CN1..CN4` into `CHN`,
/// `MX1..MX3` into `MEX`.
pub fn merge_oecd_splits(table: &IcioTable) -> Result<IcioTable, IcioError> {
    let mut t = table.clone();
    for (target, members) in [
        ("CHN", &["CN1", "CN2", "CN3", "CN4"][..]),
        ("MEX", &["MX1", "MX2", "MX3"][..]),
    ] {
        if t.country_index(target).is_some() {
            t = merge_countries(&t, target, members)?;
        }
    }
    Ok(t)
}
