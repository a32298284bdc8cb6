//! `chainlens scenario run`: METHODS §3 over `chainlens-scenarios`. The trade layer writes
//! `losses.csv` (importer x good), `importers.csv` (totals) and `changes.csv` (goods whose
//! vulnerability category changes); with an input-output table (`--table`, or the embedded
//! example when no `--trade` is given either) the input-output layer writes
//! `io_country_sector.csv` and `io_country.csv`. A summary goes to stdout.

use crate::ingest::TradeInput;
use crate::input_output::TableArgs;
use crate::trade_network::{UniverseArgs, load_windowed, universe};
use anyhow::Context;
use chainlens_model::CountryCode;
use chainlens_scenarios::{HsIsicConcordance, ScenarioFile, propagate, run_trade_shock};
use clap::{Args, Subcommand};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// `chainlens scenario ...`.
#[derive(Subcommand)]
pub enum ScenarioCommand {
    /// Run a scenario file on trade data.
    Run(RunArgs),
}

/// Arguments of `chainlens scenario run`.
#[derive(Args)]
pub struct RunArgs {
    /// The scenario (TOML; see examples/scenarios/).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    trade: TradeInput,
    #[command(flatten)]
    universe: UniverseArgs,
    /// Input-output table for the propagation (OECD ICIO, WIOD, generic CSV, pymrio folder)
    /// [default: the embedded SYNTHETIC example, when no --trade is given either].
    #[arg(long, value_name = "TABLE")]
    table: Option<PathBuf>,
    /// HS -> ISIC Rev.4 division table (`hs,isic_division`) replacing the shipped one.
    #[arg(long, value_name = "CSV")]
    concordance: Option<PathBuf>,
    /// USD per unit of the table (1e6 for tables in USD million).
    #[arg(long, default_value_t = 1e6, value_name = "USD")]
    usd_per_unit: f64,
    /// Directory for the output files.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Runs `chainlens scenario`.
pub fn run(command: ScenarioCommand) -> anyhow::Result<ExitCode> {
    let ScenarioCommand::Run(args) = command;
    let text =
        std::fs::read_to_string(&args.file).with_context(|| args.file.display().to_string())?;
    let label = args.file.display().to_string();
    let file = ScenarioFile::parse(&text, &label)?;
    let (data, _) = load_windowed(&args.trade)?;
    let universe = universe(&args.universe, &data)?;
    let scenario = file.check(&text, &label, &data.countries, &universe)?;
    // The flow changes feed the input-output layer only.
    let with_table = args.table.is_some() || args.trade.trade.is_none();
    let shock = run_trade_shock(&data.flows, &universe, &scenario, with_table)?;
    let labels: Vec<String> = (0..=CountryCode::MAX)
        .map(|c| data.countries.label(CountryCode(c)))
        .collect();
    let label = |c: CountryCode| labels[usize::from(c.0)].as_str();
    // 540,000 lines for the 2-point scenario: formatted in parallel, joined in order.
    let mut losses = String::from("iso3,hs6,imports_before,lost,resourced,unmet\n");
    let parts: Vec<String> = shock
        .losses
        .par_chunks(16_384)
        .map(|chunk| {
            let mut part = String::with_capacity(64 * chunk.len());
            for l in chunk {
                let _ = writeln!(
                    part,
                    "{},{},{},{},{},{}",
                    label(l.importer),
                    l.hs6,
                    l.imports_before,
                    l.lost,
                    l.resourced,
                    l.unmet
                );
            }
            part
        })
        .collect();
    losses.extend(parts);
    let mut by_importer: BTreeMap<String, [f64; 4]> = BTreeMap::new();
    for group in shock.losses.chunk_by(|a, b| a.importer == b.importer) {
        let t = by_importer
            .entry(label(group[0].importer).to_string())
            .or_default();
        for l in group {
            for (slot, v) in t
                .iter_mut()
                .zip([l.imports_before, l.lost, l.resourced, l.unmet])
            {
                *slot += v;
            }
        }
    }
    let mut changes = String::from(
        "iso3,hs6,category_before,category_after,concentration_before,concentration_after\n",
    );
    let mut changed: BTreeMap<String, usize> = BTreeMap::new();
    for c in &shock.changes {
        let _ = writeln!(
            changes,
            "{},{},{},{},{},{}",
            label(c.importer),
            c.hs6,
            c.before,
            c.after,
            c.concentration_before,
            c.concentration_after
        );
        *changed.entry(label(c.importer).to_string()).or_default() += 1;
    }
    let mut importers = String::from("iso3,imports_before,lost,resourced,unmet,category_changes\n");
    for (iso3, t) in &by_importer {
        let _ = writeln!(
            importers,
            "{iso3},{},{},{},{},{}",
            t[0],
            t[1],
            t[2],
            t[3],
            changed.get(iso3).copied().unwrap_or(0)
        );
    }
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out).with_context(|| out.display().to_string())?;
        for (name, text) in [
            ("losses.csv", &losses),
            ("importers.csv", &importers),
            ("changes.csv", &changes),
        ] {
            let path = out.join(name);
            std::fs::write(&path, text).with_context(|| path.display().to_string())?;
        }
    }
    let total: [f64; 3] = by_importer
        .values()
        .fold([0.0; 3], |a, t| [a[0] + t[1], a[1] + t[2], a[2] + t[3]]);
    println!("scenario: {}", scenario.name);
    let matched: Vec<String> = shock
        .flows_matched
        .iter()
        .enumerate()
        .map(|(i, n)| format!("restriction[{i}] {n}"))
        .collect();
    println!("flows matched: {}", matched.join(", "));
    println!(
        "{} importers lose {:.3} bn USD a year: {:.3} bn re-sourced, {:.3} bn unmet; {} goods change vulnerability category",
        by_importer.len(),
        total[0] / 1e9,
        total[1] / 1e9,
        total[2] / 1e9,
        shock.changes.len()
    );
    let mut largest: Vec<(&String, &[f64; 4])> = by_importer.iter().collect();
    largest.sort_by(|a, b| b.1[1].total_cmp(&a.1[1]).then(a.0.cmp(b.0)));
    println!("importer  lost (m USD)  re-sourced  unmet  category changes");
    for (iso3, t) in largest.iter().take(10) {
        println!(
            "{iso3:<8} {:>13.3} {:>11.3} {:>6.3} {:>17}",
            t[1] / 1e6,
            t[2] / 1e6,
            t[3] / 1e6,
            changed.get(*iso3).copied().unwrap_or(0)
        );
    }
    if with_table {
        let table = TableArgs {
            table: args.table.clone(),
            tolerance: 1e-6,
            ..Default::default()
        }
        .load()?;
        let concordance = match &args.concordance {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
                HsIsicConcordance::parse(&text, &path.display().to_string())?
            }
            None => HsIsicConcordance::shipped(),
        };
        let p = propagate(
            &table,
            &shock.flow_changes,
            &data.countries,
            &concordance,
            args.usd_per_unit,
        )
        .map_err(|e| crate::BadInput(e.to_string()))?;
        let mut sectors = String::from(
            "country_sector,export_shock,output_leontief,output_ghosh,output_bottleneck\n",
        );
        for i in 0..p.labels.len() {
            let _ = writeln!(
                sectors,
                "{},{},{},{},{}",
                p.labels[i],
                p.export_shock[i],
                p.output_leontief[i],
                p.output_ghosh[i],
                p.output_bottleneck[i]
            );
        }
        let mut countries = String::from("country,export_change\n");
        for (c, v) in &p.exports_by_country {
            let _ = writeln!(countries, "{c},{v}");
        }
        if let Some(out) = &args.out {
            for (name, text) in [
                ("io_country_sector.csv", &sectors),
                ("io_country.csv", &countries),
            ] {
                let path = out.join(name);
                std::fs::write(&path, text).with_context(|| path.display().to_string())?;
            }
        }
        let falling: Vec<&(String, f64)> =
            p.exports_by_country.iter().filter(|c| c.1 < 0.0).collect();
        let total: f64 = falling.iter().map(|c| c.1).sum();
        println!(
            "input-output ({} countries x {} industries, demand-driven): exports fall in {} of {} economies, by {:.3} {} in all; output {:.3} (Leontief), {:.3} (Ghosh), {:.3} (bottleneck, first round)",
            table.n_countries(),
            table.n_sectors(),
            falling.len(),
            p.exports_by_country.len(),
            -total,
            table.unit,
            p.output_leontief.iter().sum::<f64>(),
            p.output_ghosh.iter().sum::<f64>(),
            p.output_bottleneck.iter().sum::<f64>(),
        );
        if p.unmapped_usd > 0.0 {
            println!(
                "note: {:.3} m USD of changed trade found no country or industry in the table",
                p.unmapped_usd / 1e6
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
