//! `chainlens chain check|diagnose`: METHODS §4 over `chainlens-regional-chains`. `check`
//! validates a chain file and prints what it holds; `diagnose` prints each segment's
//! findings and the coupling mix, and with `--out` writes `diagnosis.csv`, `coupling.csv`
//! and `report.md`.

use anyhow::Context;
use chainlens_regional_chains::{
    Chain, ChainFile, CouplingMix, DiagnosisOptions, SegmentDiagnosis, coupling_mix, diagnose,
};
use clap::{Args, Subcommand};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `chainlens chain ...`.
#[derive(Subcommand)]
pub enum ChainCommand {
    /// Validate a chain file.
    Check(FileArgs),
    /// Diagnose every segment (replenish, strengthen, extend) and the coupling mix.
    Diagnose(DiagnoseArgs),
}

/// A chain file.
#[derive(Args)]
pub struct FileArgs {
    /// The chain (TOML; see docs/chain-format.md and examples/chains/).
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// Arguments of `chainlens chain diagnose`.
#[derive(Args)]
pub struct DiagnoseArgs {
    #[command(flatten)]
    chain: FileArgs,
    /// Value-added share below which a segment is weak.
    #[arg(long, default_value_t = 0.15)]
    weak_share: f64,
    /// Share of inputs from supranational or global partners above which a segment is weak.
    #[arg(long, default_value_t = 0.5)]
    foreign_share: f64,
    /// Directory for diagnosis.csv, coupling.csv and report.md.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

fn load(path: &Path) -> anyhow::Result<Chain> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    let label = path.display().to_string();
    Ok(ChainFile::parse(&text, &label)?.check(&text, &label)?)
}

/// Runs `chainlens chain`.
pub fn run(command: ChainCommand) -> anyhow::Result<ExitCode> {
    match command {
        ChainCommand::Check(args) => {
            let chain = load(&args.file)?;
            println!(
                "{}: {} ({:?}-driven), {} segments, {} firms, {} links; chief: {}",
                args.file.display(),
                chain.name,
                chain.driver,
                chain.segments.len(),
                chain.firms.len(),
                chain.links.len(),
                chain.governance[0].join("; ")
            );
        }
        ChainCommand::Diagnose(args) => {
            let chain = load(&args.chain.file)?;
            let options = DiagnosisOptions {
                weak_share: args.weak_share,
                foreign_share: args.foreign_share,
            };
            let diagnosis = diagnose(&chain, options);
            let mix = coupling_mix(&chain);
            let report = report(&chain, &diagnosis, &mix);
            if let Some(out) = &args.out {
                std::fs::create_dir_all(out).with_context(|| out.display().to_string())?;
                for (name, text) in [
                    ("diagnosis.csv", diagnosis_csv(&diagnosis)),
                    ("coupling.csv", coupling_csv(&mix)),
                    ("report.md", report.clone()),
                ] {
                    let path = out.join(name);
                    std::fs::write(&path, text).with_context(|| path.display().to_string())?;
                }
            }
            print!("{report}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn diagnosis_csv(diagnosis: &[SegmentDiagnosis]) -> String {
    let mut out = String::from(
        "segment,local_firms,local_capacity,inbound_value,suppliers,foreign_share,actions,reasons\n",
    );
    for d in diagnosis {
        let mut reasons = d.weak.clone();
        reasons.extend(d.extend_toward.iter().map(|s| format!("extend toward {s}")));
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},\"{}\"",
            d.segment,
            d.local_firms,
            d.local_capacity,
            d.inbound_value,
            d.suppliers,
            d.foreign_share,
            d.actions().join(" "),
            reasons.join("; ").replace('"', "'")
        );
    }
    out
}

fn coupling_csv(mix: &CouplingMix) -> String {
    let mut out = String::from("kind,name,links,link_share,value,value_share\n");
    for (scale, s) in &mix.by_scale {
        let _ = writeln!(
            out,
            "scale,{},{},{},{},{}",
            scale.name(),
            s.links,
            s.link_share,
            s.value,
            s.value_share
        );
    }
    for (country, s) in &mix.by_country {
        let _ = writeln!(
            out,
            "country,{country},{},{},{},{}",
            s.links, s.link_share, s.value, s.value_share
        );
    }
    out
}

fn report(chain: &Chain, diagnosis: &[SegmentDiagnosis], mix: &CouplingMix) -> String {
    let mut out = format!("# {} ({})\n\n", chain.name, chain.region);
    let _ = writeln!(out, "Chain chief: {}\n", chain.governance[0].join("; "));
    out.push_str("| segment | position | value-added share | local firms | actions | why |\n|---|---|---|---|---|---|\n");
    for (segment, d) in chain.segments.iter().zip(diagnosis) {
        let mut why = d.weak.clone();
        if d.missing {
            why.push("no local capacity".into());
        }
        why.extend(
            d.extend_toward
                .iter()
                .map(|s| format!("{s} (higher value) is missing locally")),
        );
        let _ = writeln!(
            out,
            "| {} | {:?} | {} | {} | {} | {} |",
            segment.name,
            segment.position,
            segment.value_added_share,
            d.local_firms,
            d.actions().join(", "),
            why.join("; ")
        );
    }
    out.push_str("\n| scale | links | value share |\n|---|---|---|\n");
    for (scale, s) in &mix.by_scale {
        let _ = writeln!(
            out,
            "| {} | {} | {:.1} % |",
            scale.name(),
            s.links,
            s.value_share * 100.0
        );
    }
    let _ = writeln!(
        out,
        "\nCoupling diversity (Shannon, value by scale): {:.3} of at most {:.3}.",
        mix.diversity,
        4f64.ln()
    );
    out
}
