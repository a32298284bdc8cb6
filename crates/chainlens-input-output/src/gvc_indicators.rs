//! The `chainlens gvc` tables: indicators by country-sector and by economy,
//! gathered from one [`GvcSystem`] (METHODS §2).
//!
//! Column order is fixed for the first columns (others rely on it):
//! country-sector `country, sector, x, va, upstreamness, gvc_participation,
//! gvc_position`, then more; economy `country, x, va, gross_exports`, then more.
//! `x` and `va` are the table's own; everything else uses the row-balanced
//! convention of [`GvcSystem`].

use crate::coefficients::Coefficients;
use crate::economies::Economies;
use crate::error::Result;
use crate::external_reliance::external_reliance;
use crate::gvc_system::GvcSystem;
use crate::kww::kww;
use crate::paradox::{IndustryGroups, ParadoxRow, paradox_table};
use crate::participation;
use crate::paths::DemandPaths;
use crate::production_length::production_length;
use crate::upstreamness::upstreamness;
use chainlens_model::IcioTable;

/// A table of named `f64` columns with leading label columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Names of the label columns.
    pub label_names: Vec<String>,
    /// Label values, one Vec per row.
    pub labels: Vec<Vec<String>>,
    /// Names of the numeric columns.
    pub names: Vec<String>,
    /// Numeric columns, each of the row count.
    pub columns: Vec<Vec<f64>>,
}

impl Table {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True without rows.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// A numeric column by name.
    pub fn column(&self, name: &str) -> Option<&[f64]> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| &self.columns[i][..])
    }
}

/// The three tables of `chainlens gvc`.
#[derive(Clone, Debug, PartialEq)]
pub struct GvcIndicators {
    /// One row per country-sector.
    pub country_sector: Table,
    /// One row per economy.
    pub country: Table,
    /// The paradox table.
    pub paradox: Vec<ParadoxRow>,
}

/// Computes every indicator of `table` for the given economies and industry groups.
pub fn gvc_indicators(
    table: &IcioTable,
    economies: Economies,
    groups: &IndustryGroups,
) -> Result<GvcIndicators> {
    let sys = GvcSystem::new(table, economies)?;
    let paths = DemandPaths::new(&sys);
    let k = kww(&sys, &paths);
    let part = participation::by_country_sector(&k);
    let part_e = participation::by_economy(&sys, &k);
    let up = upstreamness(&Coefficients::new(table)?)?;
    let pl = production_length(&sys);
    let er = external_reliance(&sys);
    let n = sys.n();
    let s = table.n_sectors();
    let country_of = |i: usize| sys.economies.names[sys.econ(i)].clone();
    let cs_labels: Vec<Vec<String>> = (0..n)
        .map(|i| vec![country_of(i), table.sectors[i % s].clone()])
        .collect();
    let get =
        |f: fn(&participation::Participation) -> f64| part.iter().map(f).collect::<Vec<f64>>();
    let dva: Vec<f64> = k.terms.iter().map(|t| t[..5].iter().sum()).collect();
    let country_sector = Table {
        label_names: vec!["country".into(), "sector".into()],
        labels: cs_labels,
        names: [
            "x",
            "va",
            "upstreamness",
            "gvc_participation",
            "gvc_position",
            "gross_exports",
            "iv",
            "fv",
            "dva",
            "foreign_va_share",
            "plv",
            "ply",
            "plv_gvc",
            "ply_gvc",
            "wwyz_gvc_position",
        ]
        .map(String::from)
        .to_vec(),
        columns: vec![
            table.x.clone(),
            table.va.clone(),
            up,
            get(|p| p.participation),
            get(|p| p.position),
            sys.e_total.clone(),
            get(|p| p.iv),
            get(|p| p.fv),
            dva,
            er.country_sector.clone(),
            pl.plv.clone(),
            pl.ply.clone(),
            pl.plv_gvc.clone(),
            pl.ply_gvc.clone(),
            pl.gvc_position.clone(),
        ],
    };
    let econ_x = sys.by_economy(&table.x);
    let econ_va = sys.by_economy(&table.va);
    let kk = k.by_economy(&sys);
    let mut country = Table {
        label_names: vec!["country".into()],
        labels: sys
            .economies
            .names
            .iter()
            .map(|c| vec![c.clone()])
            .collect(),
        names: [
            "x",
            "va",
            "gross_exports",
            "iv",
            "fv",
            "gvc_participation",
            "gvc_position",
            "external_reliance_output",
            "external_reliance_exports",
        ]
        .map(String::from)
        .to_vec(),
        columns: vec![
            econ_x,
            econ_va,
            part_e.iter().map(|p| p.exports).collect(),
            part_e.iter().map(|p| p.iv).collect(),
            part_e.iter().map(|p| p.fv).collect(),
            part_e.iter().map(|p| p.participation).collect(),
            part_e.iter().map(|p| p.position).collect(),
            er.economy_output.clone(),
            er.economy_exports.clone(),
        ],
    };
    for (t, name) in crate::kww::KWW_TERMS.iter().enumerate() {
        country.names.push(format!("kww_{name}"));
        country.columns.push(kk.iter().map(|e| e.1[t]).collect());
    }
    let paradox = paradox_table(
        &table.sectors,
        &sys.e_total,
        &er.country_sector,
        country_sector.column("gvc_position").unwrap_or(&[]),
        &pl.gvc_position,
        groups,
    );
    Ok(GvcIndicators {
        country_sector,
        country,
        paradox,
    })
}
