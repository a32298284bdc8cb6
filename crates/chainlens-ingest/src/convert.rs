//! `--to-hs`: a dataset's product codes converted to another HS edition through the
//! correspondence tables of the reference data (`hs-concordance/hs<newer>_hs<older>.csv`,
//! one row per pair of codes). Read in either direction: to an older edition as written,
//! to a newer one inverted. A code that maps to several codes of the target edition has
//! its value and quantity shared equally among them (the tables carry no weights; the
//! choice is documented in `docs/data.md`); codes the table does not know are dropped and
//! counted with their value. Rows that end up with the same key are summed.

use crate::reference::{HsEdition, ReferenceDir};
use crate::{IngestError, TradeDataset};
use chainlens_model::{Hs6, TradeFlows};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a conversion did, for the summaries and `report.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct HsConversion {
    /// The data's edition.
    pub from: String,
    /// The edition converted to.
    pub to: String,
    /// The correspondence table used.
    pub table: String,
    /// Distinct codes of the data that the table maps.
    pub codes_mapped: usize,
    /// Of those, codes that map to several target codes (value shared equally).
    pub codes_split: usize,
    /// Distinct codes of the data that the table does not know (dropped).
    pub codes_unmapped: usize,
    /// Value of the dropped rows, USD.
    pub value_unmapped_usd: f64,
}

/// The correspondence from `from` to `to`: for each source code, its target codes.
fn correspondence(
    reference: &ReferenceDir,
    from: HsEdition,
    to: HsEdition,
) -> Result<(BTreeMap<Hs6, Vec<Hs6>>, String), IngestError> {
    let (newer, older) = if from > to { (from, to) } else { (to, from) };
    let (text, path) = reference.correspondence(newer, older)?;
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut map: BTreeMap<Hs6, Vec<Hs6>> = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let bad = |field: &str, message: String| IngestError::Row {
            path: path.clone(),
            line,
            field: field.into(),
            message,
        };
        let record = record.map_err(|e| bad("row", e.to_string()))?;
        let code = |c: usize| {
            let text = record.get(c).unwrap_or("");
            Hs6::parse_six(text).ok_or_else(|| bad("6d", format!("`{text}` is not an HS6 code")))
        };
        // Columns: newer 6d, 4d, 2d, older 6d, 4d, 2d.
        let (n, o) = (code(0)?, code(3)?);
        let (source, target) = if from > to { (n, o) } else { (o, n) };
        let targets = map.entry(source).or_default();
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    Ok((map, path.display().to_string()))
}

/// Converts `data` to edition `to`; a dataset already in `to` is returned unchanged.
pub fn to_edition(
    mut data: TradeDataset,
    to: HsEdition,
    reference: &ReferenceDir,
) -> Result<(TradeDataset, Option<HsConversion>), IngestError> {
    let from = data.edition;
    if from == to {
        return Ok((data, None));
    }
    let (map, table) = correspondence(reference, from, to)?;
    let old = std::mem::take(&mut data.flows).into_inner();
    let mut flows = TradeFlows::with_capacity(old.len());
    let mut seen: BTreeMap<Hs6, bool> = BTreeMap::new();
    let mut value_unmapped_usd = 0.0;
    for i in 0..old.len() {
        let Some(targets) = map.get(&old.product[i]) else {
            seen.insert(old.product[i], false);
            value_unmapped_usd += old.value[i];
            continue;
        };
        seen.insert(old.product[i], true);
        let share = 1.0 / targets.len() as f64;
        let q = old.quantity[i];
        for &target in targets {
            flows.push(
                old.year[i],
                old.exporter[i],
                old.importer[i],
                target,
                old.value[i] * share,
                (!q.is_nan()).then_some(q * share),
            );
        }
    }
    let mapped: Vec<Hs6> = seen.iter().filter(|e| *e.1).map(|e| *e.0).collect();
    let conversion = HsConversion {
        from: from.name().into(),
        to: to.name().into(),
        table,
        codes_mapped: mapped.len(),
        codes_split: mapped.iter().filter(|k| map[*k].len() > 1).count(),
        codes_unmapped: seen.len() - mapped.len(),
        value_unmapped_usd,
    };
    // Merged keys are the conversion's, not the input's: counted apart from the report's.
    data.flows = crate::canonical::canonicalize(flows, &mut crate::IngestReport::default());
    data.edition = to;
    data.descriptions = reference.descriptions(to).unwrap_or_default();
    data.universe = None;
    Ok((data, Some(conversion)))
}
