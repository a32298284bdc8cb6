//! A gravity regression on [`GravityData`]: the fixed effects named as analysts name them
//! (`exporter-year`, `importer-year`, `pair` (directed), and `exporter`, `importer`,
//! `year`), the variables by column, standard errors clustered by undirected pair (both
//! directions of a pair in one cluster, as the Guide's `pair_id`), estimated by [`ppml()`].

use crate::demean::{Groups, dense_ids};
use crate::{GravityData, GravityError, PpmlFit, PpmlInput, PpmlOptions, ppml};

/// One set of fixed effects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FixedEffect {
    /// Exporter x year (outward multilateral resistance and output).
    ExporterYear,
    /// Importer x year (inward multilateral resistance and expenditure).
    ImporterYear,
    /// Exporter-importer pair (time-invariant bilateral costs).
    Pair,
    /// Exporter.
    Exporter,
    /// Importer.
    Importer,
    /// Year.
    Year,
}

impl FixedEffect {
    /// Every fixed effect with its name on the command line.
    pub const ALL: [(&'static str, FixedEffect); 6] = [
        ("exporter-year", Self::ExporterYear),
        ("importer-year", Self::ImporterYear),
        ("pair", Self::Pair),
        ("exporter", Self::Exporter),
        ("importer", Self::Importer),
        ("year", Self::Year),
    ];

    /// The effect called `name` on the command line.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, fe)| *fe)
    }

    /// The group of each row.
    fn ids(self, data: &GravityData) -> Vec<u32> {
        group_ids(data, |e, m, n, year, years| match self {
            Self::ExporterYear => e * years + year,
            Self::ImporterYear => m * years + year,
            Self::Pair => e * n + m,
            Self::Exporter => e,
            Self::Importer => m,
            Self::Year => year,
        })
    }
}

/// The clusters of the standard errors: the pair in either direction (the Guide's
/// `pair_id`), so a pair's two flows and all its years share one cluster.
fn undirected_pairs(data: &GravityData) -> Vec<u32> {
    group_ids(data, |e, m, n, _, _| e.min(m) * n + e.max(m))
}

/// Dense group ids of `key(exporter, importer, countries, year index, years)` per row.
fn group_ids(data: &GravityData, key: impl Fn(u64, u64, u64, u64, u64) -> u64) -> Vec<u32> {
    let n = data.countries.len() as u64;
    let years = data.years();
    let rows = 0..data.year.len();
    dense_ids(rows.map(|r| {
        let year = years.binary_search(&data.year[r]).unwrap_or(0) as u64;
        let (e, m) = (u64::from(data.exporter[r]), u64::from(data.importer[r]));
        key(e, m, n, year, years.len() as u64)
    }))
}

/// Estimates `trade = exp(vars' b + fixed effects)` on every row of `data` (select years
/// with [`GravityData::keep_years`] first), standard errors clustered by undirected pair.
/// The fit's `effects` follow the fixed effects sorted and deduplicated (the order of
/// [`FixedEffect`]'s variants).
pub fn estimate(
    data: &GravityData,
    fixed_effects: &[FixedEffect],
    vars: &[String],
    opts: PpmlOptions,
) -> Result<PpmlFit, GravityError> {
    let x = vars
        .iter()
        .map(|v| {
            data.var(v)
                .map(|col| (v.clone(), col))
                .ok_or_else(|| GravityError::MissingColumn {
                    file: data.label.clone(),
                    column: v.clone(),
                    available: data
                        .vars
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut effects = fixed_effects.to_vec();
    effects.sort_unstable();
    effects.dedup();
    let groups = Groups::new(effects.iter().map(|fe| fe.ids(data)).collect());
    let cluster = undirected_pairs(data);
    let input = PpmlInput {
        y: &data.trade,
        x,
        groups,
        cluster: &cluster,
    };
    ppml(&input, opts, &data.label)
}
