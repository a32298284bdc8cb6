//! The `chainlens gvc` tables: indicators by country-sector and by economy,
//! gathered from one [`GvcSystem`] (METHODS §2).
//!
//! Column order is fixed for the first columns (others rely on it):
//! country-sector `country, sector, x, va, upstreamness, gvc_participation,
//! gvc_position`, then more, new columns only appended; economy `country, x,
//! va, gross_exports`, then more. `x` and `va` are the table's own; upstreamness,
//! downstreamness and their ratios use the table's `x` with the net-inventory
//! correction ([`crate::upstreamness`], [`crate::downstreamness`]); everything
//! else uses the row-balanced convention of [`GvcSystem`].
//!
//! # Split economies
//! With [`SplitKeys::Merge`] (default) rows of one economy and sector
//! (`MEX_01T09`, `MX1_01T09`, `MX2_01T09`) are one row `MEX,01T09`: sums for
//! `x`, `va`, `gross_exports`, `iv`, `fv`, `dva`; means weighted by what each
//! ratio divides by for the others (upstreamness, downstreamness and their
//! ratios by output net of inventories, `foreign_va_share` by gross exports
//! (output when there are none), `plv` by value added, `ply` by final
//! output, `plv_gvc` by `V_GVC`, `ply_gvc` by `Y_GVC`), and participation,
//! position and `wwyz_gvc_position` recomputed from the merged parts, so the
//! merged row is what the merged sector would show. A key with one row is
//! copied unchanged. [`SplitKeys::Label`] keeps the rows under the table's
//! country labels instead.
//!
//! # Economy columns
//! After the KWW terms: `upstreamness`, `downstreamness`, `final_use_ratio`,
//! `va_ratio` of the table collapsed to one sector per economy, as Antràs &
//! Chor (2018, Table 1) compute economy-wide measures.

use crate::coefficients::CoefficientOptions;
use crate::downstreamness::{Downstreamness, downstreamness_of, economy_downstreamness};
use crate::economies::{Economies, SplitKeys};
use crate::error::Result;
use crate::external_reliance::{ExternalReliance, external_reliance};
use crate::gvc_system::GvcSystem;
use crate::kww::{KwwDecomposition, kww};
use crate::paradox::{IndustryGroups, ParadoxRow, paradox_table};
use crate::participation::{self, Participation};
use crate::paths::DemandPaths;
use crate::production_length::{ProductionLength, production_length};
use crate::upstreamness::{
    Upstreamness, UpstreamnessOptions, economy_upstreamness, upstreamness_of, used_output,
};
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
    /// The paradox table; `None` when no sector of the table is in an
    /// industry group (say so with [`crate::paradox::missing_classification`]).
    pub paradox: Option<Vec<ParadoxRow>>,
    /// True when upstreamness and downstreamness were corrected for inventories.
    pub inventory_corrected: bool,
}

/// Options of [`gvc_indicators_with`]; each default is the one METHODS states.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GvcOptions {
    /// Industry groups of the paradox table; `None` picks them from the
    /// table's sector codes ([`IndustryGroups::for_sectors`]).
    pub groups: Option<IndustryGroups>,
    /// Inventories in upstreamness and downstreamness (default: net).
    pub upstreamness: UpstreamnessOptions,
    /// Negative and zero output (default: treated as zero output).
    pub coefficients: CoefficientOptions,
    /// Keys of the country-sector table for split economies (default: merge).
    pub split_keys: SplitKeys,
}

/// `Σ w v / Σ w` by key over finite pairs with `w > 0`; a key with one row keeps its value.
fn weighted_by_key(v: &[f64], w: &[f64], of_row: &[usize], count: &[usize]) -> Vec<f64> {
    let m = count.len();
    let mut num = vec![0.0; m];
    let mut den = vec![0.0; m];
    let mut single = vec![f64::NAN; m];
    for (i, &k) in of_row.iter().enumerate() {
        single[k] = v[i];
        if v[i].is_finite() && w[i] > 0.0 {
            num[k] += w[i] * v[i];
            den[k] += w[i];
        }
    }
    (0..m)
        .map(|k| {
            if count[k] == 1 {
                single[k]
            } else if den[k] > 0.0 {
                num[k] / den[k]
            } else {
                f64::NAN
            }
        })
        .collect()
}

fn sum_by_key(v: &[f64], of_row: &[usize], m: usize) -> Vec<f64> {
    let mut out = vec![0.0; m];
    for (i, &k) in of_row.iter().enumerate() {
        out[k] += v[i];
    }
    out
}

/// Computes every indicator of `table` for the given economies and industry
/// groups, with the default options (net inventories, negative output treated
/// as zero, split economies merged). The default [`IndustryGroups`] stand for
/// "the table's own classification" ([`IndustryGroups::for_sectors`]: ISIC
/// Rev. 4, or Rev. 3 for WIOD 2013); other groups are used as given.
pub fn gvc_indicators(
    table: &IcioTable,
    economies: Economies,
    groups: &IndustryGroups,
) -> Result<GvcIndicators> {
    let groups = (*groups != IndustryGroups::default()).then(|| groups.clone());
    gvc_indicators_with(
        table,
        economies,
        &GvcOptions {
            groups,
            ..Default::default()
        },
    )
}

/// Computes every indicator of `table` for the given economies and options.
pub fn gvc_indicators_with(
    table: &IcioTable,
    economies: Economies,
    opts: &GvcOptions,
) -> Result<GvcIndicators> {
    let measures = Measures::compute(table, economies, opts)?;
    let keys = RowKeys::new(table, &measures.sys, opts.split_keys);
    let country_sector = country_sector_table(table, &measures, &keys);
    let country = country_table(table, &measures, opts)?;
    let paradox = paradox_of(table, &measures, opts);
    Ok(GvcIndicators {
        country_sector,
        country,
        paradox,
        inventory_corrected: measures.up.inventory_corrected,
    })
}

/// The per-row measures every table is gathered from, each computed once.
struct Measures {
    sys: GvcSystem,
    kww: KwwDecomposition,
    part: Vec<Participation>,
    part_e: Vec<Participation>,
    up: Upstreamness,
    down: Downstreamness,
    used: Vec<f64>,
    pl: ProductionLength,
    er: ExternalReliance,
}

impl Measures {
    fn compute(table: &IcioTable, economies: Economies, opts: &GvcOptions) -> Result<Self> {
        let sys = GvcSystem::with_options(table, economies, opts.coefficients)?;
        let paths = DemandPaths::new(&sys);
        let kww = kww(&sys, &paths);
        let part = participation::by_country_sector(&kww);
        let part_e = participation::by_economy(&sys, &kww);
        let up = upstreamness_of(table, opts.upstreamness)?;
        let down = downstreamness_of(table, opts.upstreamness)?;
        let used = used_output(table, opts.upstreamness.inventories).used;
        let pl = production_length(&sys);
        let er = external_reliance(&sys);
        Ok(Measures {
            sys,
            kww,
            part,
            part_e,
            up,
            down,
            used,
            pl,
            er,
        })
    }

    /// One field of the country-sector participation, as a column.
    fn participation(&self, field: fn(&Participation) -> f64) -> Vec<f64> {
        self.part.iter().map(field).collect()
    }
}

/// The rows of the country-sector table: the key of each table row and the row count of
/// each key.
struct RowKeys {
    of_key: Vec<usize>,
    keys: Vec<(String, String)>,
    count: Vec<usize>,
}

impl RowKeys {
    fn new(table: &IcioTable, sys: &GvcSystem, split_keys: SplitKeys) -> Self {
        let (of_key, keys) = sys.economies.sector_keys(table, split_keys);
        let mut count = vec![0usize; keys.len()];
        for &key in &of_key {
            count[key] += 1;
        }
        RowKeys {
            of_key,
            keys,
            count,
        }
    }

    /// `v` summed by key.
    fn sum(&self, v: &[f64]) -> Vec<f64> {
        sum_by_key(v, &self.of_key, self.keys.len())
    }

    /// `v` averaged by key with weights `w`.
    fn wmean(&self, v: &[f64], w: &[f64]) -> Vec<f64> {
        weighted_by_key(v, w, &self.of_key, &self.count)
    }

    /// True when every table row is its own key (nothing merged).
    fn one_row_each(&self, n: usize) -> bool {
        self.keys.len() == n
    }
}

/// The numeric columns of the country-sector table, in order.
const COUNTRY_SECTOR_COLUMNS: [&str; 18] = [
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
    "downstreamness",
    "final_use_ratio",
    "va_ratio",
];

/// The country-sector table: sums and weighted means by key, participation and
/// positions recomputed from the merged parts.
fn country_sector_table(table: &IcioTable, ms: &Measures, keys: &RowKeys) -> Table {
    let (sys, pl, up, down) = (&ms.sys, &ms.pl, &ms.up, &ms.down);
    let dva: Vec<f64> = ms.kww.terms.iter().map(|t| t[..5].iter().sum()).collect();
    let exports = keys.sum(&sys.e_total);
    let iv = keys.sum(&ms.participation(|p| p.iv));
    let fv = keys.sum(&ms.participation(|p| p.fv));
    let (participation_col, position_col) =
        participation_and_position(ms, keys, &exports, &iv, &fv);
    let reliance_w = reliance_weights(sys, keys, &exports);
    let y_final = final_output(sys);
    let plv_gvc = keys.wmean(&pl.plv_gvc, &pl.v_gvc);
    let ply_gvc = keys.wmean(&pl.ply_gvc, &pl.y_gvc);
    let wwyz = wwyz_position(ms, keys, &plv_gvc, &ply_gvc);
    Table {
        label_names: vec!["country".into(), "sector".into()],
        labels: keys
            .keys
            .iter()
            .map(|(c, s)| vec![c.clone(), s.clone()])
            .collect(),
        names: COUNTRY_SECTOR_COLUMNS.map(String::from).to_vec(),
        columns: vec![
            keys.sum(&table.x),
            keys.sum(&table.va),
            keys.wmean(&up.upstreamness, &ms.used),
            participation_col,
            position_col,
            exports,
            iv,
            fv,
            keys.sum(&dva),
            keys.wmean(&ms.er.country_sector, &reliance_w),
            keys.wmean(&pl.plv, &sys.va),
            keys.wmean(&pl.ply, &y_final),
            plv_gvc,
            ply_gvc,
            wwyz,
            keys.wmean(&down.downstreamness, &ms.used),
            keys.wmean(&up.final_use_ratio, &ms.used),
            keys.wmean(&down.va_ratio, &ms.used),
        ],
    }
}

/// GVC participation and position by key: the rows' own when nothing is merged, else
/// recomputed from the merged exports, `iv` and `fv`.
fn participation_and_position(
    ms: &Measures,
    keys: &RowKeys,
    exports: &[f64],
    iv: &[f64],
    fv: &[f64],
) -> (Vec<f64>, Vec<f64>) {
    if keys.one_row_each(ms.sys.n()) {
        return (
            ms.participation(|p| p.participation),
            ms.participation(|p| p.position),
        );
    }
    let merged: Vec<Participation> = (0..keys.keys.len())
        .map(|q| Participation::new(exports[q], iv[q], fv[q]))
        .collect();
    (
        merged.iter().map(|p| p.participation).collect(),
        merged.iter().map(|p| p.position).collect(),
    )
}

/// The weight of each row in `foreign_va_share`: its gross exports, or its output when
/// its key exports nothing.
fn reliance_weights(sys: &GvcSystem, keys: &RowKeys, exports: &[f64]) -> Vec<f64> {
    (0..sys.n())
        .map(|i| {
            if exports[keys.of_key[i]] > 0.0 {
                sys.e_total[i]
            } else {
                sys.x[i]
            }
        })
        .collect()
}

/// Each row's output to final demand, summed over the demanding economies.
fn final_output(sys: &GvcSystem) -> Vec<f64> {
    (0..sys.n())
        .map(|i| (0..sys.g()).map(|r| sys.y[(i, r)]).sum())
        .collect()
}

/// The WWYZ GVC position by key: the rows' own when nothing is merged, else the merged
/// `plv_gvc / ply_gvc` (NaN where `ply_gvc` is zero).
fn wwyz_position(ms: &Measures, keys: &RowKeys, plv_gvc: &[f64], ply_gvc: &[f64]) -> Vec<f64> {
    if keys.one_row_each(ms.sys.n()) {
        return ms.pl.gvc_position.clone();
    }
    plv_gvc
        .iter()
        .zip(ply_gvc)
        .map(|(a, b)| if *b != 0.0 { a / b } else { f64::NAN })
        .collect()
}

/// The first numeric columns of the economy table, in order.
const COUNTRY_COLUMNS: [&str; 9] = [
    "x",
    "va",
    "gross_exports",
    "iv",
    "fv",
    "gvc_participation",
    "gvc_position",
    "external_reliance_output",
    "external_reliance_exports",
];

/// The economy table: totals, participation and reliance, the KWW terms, then the
/// economy-wide upstreamness and downstreamness.
fn country_table(table: &IcioTable, ms: &Measures, opts: &GvcOptions) -> Result<Table> {
    let (sys, part_e) = (&ms.sys, &ms.part_e);
    let econ_x = sys.by_economy(&table.x);
    let econ_va = sys.by_economy(&table.va);
    let kk = ms.kww.by_economy(sys);
    let mut country = Table {
        label_names: vec!["country".into()],
        labels: sys
            .economies
            .names
            .iter()
            .map(|c| vec![c.clone()])
            .collect(),
        names: COUNTRY_COLUMNS.map(String::from).to_vec(),
        columns: vec![
            econ_x,
            econ_va,
            part_e.iter().map(|p| p.exports).collect(),
            part_e.iter().map(|p| p.iv).collect(),
            part_e.iter().map(|p| p.fv).collect(),
            part_e.iter().map(|p| p.participation).collect(),
            part_e.iter().map(|p| p.position).collect(),
            ms.er.economy_output.clone(),
            ms.er.economy_exports.clone(),
        ],
    };
    for (t, name) in crate::kww::KWW_TERMS.iter().enumerate() {
        country.names.push(format!("kww_{name}"));
        country.columns.push(kk.iter().map(|e| e.1[t]).collect());
    }
    push_economy_positions(&mut country, table, sys, opts)?;
    Ok(country)
}

/// Appends the upstreamness, downstreamness and their ratios of the table collapsed to
/// one sector per economy.
fn push_economy_positions(
    country: &mut Table,
    table: &IcioTable,
    sys: &GvcSystem,
    opts: &GvcOptions,
) -> Result<()> {
    let eu = economy_upstreamness(table, &sys.economies, opts.upstreamness)?;
    let ed = economy_downstreamness(table, &sys.economies, opts.upstreamness)?;
    for (name, col) in [
        ("upstreamness", eu.upstreamness),
        ("downstreamness", ed.downstreamness),
        ("final_use_ratio", eu.final_use_ratio),
        ("va_ratio", ed.va_ratio),
    ] {
        country.names.push(name.into());
        country.columns.push(col);
    }
    Ok(())
}

/// The paradox table with the options' industry groups (or those picked from the sector
/// codes); `None` when no sector is in a group.
fn paradox_of(table: &IcioTable, ms: &Measures, opts: &GvcOptions) -> Option<Vec<ParadoxRow>> {
    let groups = match &opts.groups {
        Some(g) => Some(g.clone()),
        None => IndustryGroups::for_sectors(&table.sectors),
    };
    let koopman = ms.participation(|p| p.position);
    groups.filter(|g| g.matched(&table.sectors) > 0).map(|g| {
        paradox_table(
            &table.sectors,
            &ms.sys.e_total,
            &ms.er.country_sector,
            &koopman,
            &ms.pl.gvc_position,
            &g,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::random_table;

    #[test]
    fn split_rows_merge_into_one_key() {
        // countries MEX, MX1, USA: MEX and MX1 are one economy, so MEX_S00 and
        // MX1_S00 are one row MEX,S00 with summed x and exports, participation
        // recomputed from the summed iv, fv and exports, and upstreamness
        // between the two blocks' values.
        let mut t = random_table(3, 2, 9);
        t.countries = vec!["MEX".into(), "MX1".into(), "USA".into()];
        for (c, name) in t
            .fd_columns
            .iter_mut()
            .zip(["MEX", "MEX", "MX1", "MX1", "USA", "USA"])
        {
            c.country = name.into();
        }
        let econ = Economies::oecd_split(&t).unwrap();
        let merged = gvc_indicators_with(&t, econ.clone(), &GvcOptions::default()).unwrap();
        let cs = &merged.country_sector;
        assert_eq!(cs.len(), 4);
        assert_eq!(cs.labels[0], ["MEX", "S00"]);
        let x = cs.column("x").unwrap();
        assert_eq!(x[0], t.x[0] + t.x[2]);
        let (e, iv, fv) = (
            cs.column("gross_exports").unwrap()[0],
            cs.column("iv").unwrap()[0],
            cs.column("fv").unwrap()[0],
        );
        let p = cs.column("gvc_participation").unwrap()[0];
        assert!((p - (iv + fv) / e).abs() < 1e-15);
        let label = GvcOptions {
            split_keys: SplitKeys::Label,
            ..Default::default()
        };
        let apart = gvc_indicators_with(&t, econ, &label).unwrap();
        let ca = &apart.country_sector;
        assert_eq!(ca.len(), 6);
        assert_eq!(ca.labels[2], ["MX1", "S00"]);
        let u = ca.column("upstreamness").unwrap();
        let um = cs.column("upstreamness").unwrap()[0];
        assert!(um >= u[0].min(u[2]) && um <= u[0].max(u[2]), "{um} {u:?}");
        // USA rows are single keys, copied unchanged
        assert_eq!(cs.column("plv").unwrap()[2], ca.column("plv").unwrap()[4]);
        assert!(merged.paradox.is_none());
    }
}
