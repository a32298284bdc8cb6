//! `chainlens scenario run`: METHODS §3's trade layer over `chainlens-scenarios`. Writes
//! `losses.csv` (importer x good), `importers.csv` (totals) and `changes.csv` (goods whose
//! vulnerability category changes), and prints a summary.

use crate::ingest::TradeInput;
use crate::trade_network::{UniverseArgs, load_windowed, universe};
use anyhow::Context;
use chainlens_scenarios::{ScenarioFile, run_trade_shock};
use clap::{Args, Subcommand};
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
    let shock = run_trade_shock(&data.flows, &universe, &scenario)?;
    let label = |c| data.countries.label(c);
    let mut losses = String::from("iso3,hs6,imports_before,lost,resourced,unmet\n");
    let mut by_importer: BTreeMap<String, [f64; 4]> = BTreeMap::new();
    for l in &shock.losses {
        let _ = writeln!(
            losses,
            "{},{},{},{},{},{}",
            label(l.importer),
            l.hs6,
            l.imports_before,
            l.lost,
            l.resourced,
            l.unmet
        );
        let t = by_importer.entry(label(l.importer)).or_default();
        for (slot, v) in t
            .iter_mut()
            .zip([l.imports_before, l.lost, l.resourced, l.unmet])
        {
            *slot += v;
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
        *changed.entry(label(c.importer)).or_default() += 1;
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
    Ok(ExitCode::SUCCESS)
}
