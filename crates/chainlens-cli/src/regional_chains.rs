//! `chainlens chain check|diagnose|disrupt|attract|map|compare`: METHODS §4 over
//! `chainlens-regional-chains`. Each command prints a Markdown report; with `--out` it also
//! writes the report as Markdown and HTML, its tables as CSV and (diagnose) the chain map.
//! `diagnose` and `disrupt` read trade data (the embedded default when none is given) for
//! the segments' exposure and for trade partners as substitutes.

use crate::ingest::TradeInput;
use crate::trade_network::{DistanceArgs, UniverseArgs, csv_line, load_windowed, universe};
use anyhow::Context;
use chainlens_regional_chains::{
    AttractionWeights, Chain, ChainFile, CouplingMix, DiagnosisOptions, Disruption,
    DisruptionOptions, Removal, Report, SegmentDiagnosis, Source, TradeLayer, attract,
    attraction_report, chain_map, coupling_mix, diagnose, diagnosis_report, disrupt,
    disruption_report, parse_candidates, plan_report,
};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `chainlens chain ...`.
#[derive(Subcommand)]
pub enum ChainCommand {
    /// Validate a chain file.
    Check(FileArgs),
    /// Diagnose every segment (replenish, strengthen, extend), its trade exposure and the coupling mix.
    Diagnose(DiagnoseArgs),
    /// Remove a partner and rank substitutes for every broken link, nearest scale first.
    Disrupt(DisruptArgs),
    /// Rank candidate firms and institutes against the chain's gaps by degree of match.
    Attract(AttractArgs),
    /// Draw the chain map (SVG).
    Map(MapArgs),
    /// Compare the chain with a planned version of it (diagnosis and coupling mix).
    Compare(CompareArgs),
}

/// A chain file.
#[derive(Args)]
pub struct FileArgs {
    /// The chain (TOML; see docs/chain-format.md and examples/chains/).
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// The diagnosis thresholds.
#[derive(Args)]
pub struct DiagnosisArgs {
    /// Value-added share below which a segment is weak.
    #[arg(long, default_value_t = 0.15)]
    weak_share: f64,
    /// Share of inputs from supranational or global partners above which a segment is weak.
    #[arg(long, default_value_t = 0.5)]
    foreign_share: f64,
}

impl DiagnosisArgs {
    fn run(&self, chain: &Chain) -> Vec<SegmentDiagnosis> {
        diagnose(
            chain,
            DiagnosisOptions {
                weak_share: self.weak_share,
                foreign_share: self.foreign_share,
            },
        )
    }
}

/// Trade data, universe and political distance for the trade layer.
#[derive(Args)]
pub struct TradeLayerArgs {
    #[command(flatten)]
    trade: TradeInput,
    #[command(flatten)]
    universe: UniverseArgs,
    #[command(flatten)]
    distance: DistanceArgs,
}

impl TradeLayerArgs {
    fn load(&self, chain: &Chain) -> anyhow::Result<TradeLayer> {
        let (data, window) = load_windowed(&self.trade)?;
        let universe = universe(&self.universe, &data)?;
        let distance = self.distance.load(&data.countries)?;
        Ok(TradeLayer::build(
            chain,
            &data.flows,
            &data.countries,
            &universe,
            window,
            &distance,
        )?)
    }
}

/// Arguments of `chainlens chain diagnose`.
#[derive(Args)]
pub struct DiagnoseArgs {
    #[command(flatten)]
    chain: FileArgs,
    #[command(flatten)]
    diagnosis: DiagnosisArgs,
    #[command(flatten)]
    trade: TradeLayerArgs,
    /// Directory for report.md, report.html, map.svg, diagnosis.csv, exposure.csv, coupling.csv.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Arguments of `chainlens chain disrupt`.
#[derive(Args)]
pub struct DisruptArgs {
    #[command(flatten)]
    chain: FileArgs,
    /// What to remove: firm:ID, country:ISO3 or scale:local|national|supranational|global.
    #[arg(long, value_name = "WHAT")]
    remove: String,
    #[command(flatten)]
    trade: TradeLayerArgs,
    /// Share of a trade partner's trade of the good it can redirect to the chain.
    #[arg(long, default_value_t = 0.1)]
    trade_cap: f64,
    /// Weights of the capacity, concentration and risk scores.
    #[arg(long, value_delimiter = ',', num_args = 3, default_values_t = [1.0, 1.0, 1.0])]
    weights: Vec<f64>,
    /// Substitutes listed per broken link in the report (all are in substitutes.csv).
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Directory for report.md, report.html and substitutes.csv.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Arguments of `chainlens chain attract`.
#[derive(Args)]
pub struct AttractArgs {
    #[command(flatten)]
    chain: FileArgs,
    /// Candidates: CSV with id,name,kind,country,scale,segment,hs6,capacity.
    #[arg(long, value_name = "CSV")]
    candidates: PathBuf,
    #[command(flatten)]
    diagnosis: DiagnosisArgs,
    /// Directory for report.md, report.html and attraction.csv.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Arguments of `chainlens chain map`.
#[derive(Args)]
pub struct MapArgs {
    #[command(flatten)]
    chain: FileArgs,
    #[command(flatten)]
    diagnosis: DiagnosisArgs,
    /// The SVG file to write.
    #[arg(long, value_name = "SVG")]
    out: PathBuf,
}

/// Arguments of `chainlens chain compare`.
#[derive(Args)]
pub struct CompareArgs {
    /// The chain as it is.
    #[arg(value_name = "FILE")]
    before: PathBuf,
    /// The chain as planned (the same file with firms and links added or removed).
    #[arg(value_name = "PLAN")]
    after: PathBuf,
    #[command(flatten)]
    diagnosis: DiagnosisArgs,
    /// Directory for report.md and report.html.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| path.display().to_string())
}

fn load(path: &Path) -> anyhow::Result<Chain> {
    let text = read(path)?;
    let label = path.display().to_string();
    Ok(ChainFile::parse(&text, &label)?.check(&text, &label)?)
}

/// Writes `files` into `dir`, with the report as Markdown and HTML.
fn write_out(dir: &Path, report: &Report, files: &[(&str, String)]) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    let reports = [
        ("report.md", report.markdown()),
        ("report.html", report.html()),
    ];
    for (name, text) in reports.iter().chain(files) {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| path.display().to_string())?;
    }
    Ok(())
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
            let diagnosis = args.diagnosis.run(&chain);
            let mix = coupling_mix(&chain);
            let trade = args.trade.load(&chain)?;
            let map = chain_map(&chain, &diagnosis);
            if let Some(out) = &args.out {
                let report =
                    diagnosis_report(&chain, &diagnosis, &mix, Some(&trade), Some(map.clone()));
                write_out(
                    out,
                    &report,
                    &[
                        ("map.svg", map),
                        ("diagnosis.csv", diagnosis_csv(&diagnosis)),
                        ("exposure.csv", exposure_csv(&chain, &trade)),
                        ("coupling.csv", coupling_csv(&mix)),
                    ],
                )?;
            }
            print!(
                "{}",
                diagnosis_report(&chain, &diagnosis, &mix, Some(&trade), None).markdown()
            );
        }
        ChainCommand::Disrupt(args) => {
            let chain = load(&args.chain.file)?;
            let removal = Removal::parse(&args.remove)?;
            let trade = args.trade.load(&chain)?;
            let options = DisruptionOptions {
                trade_cap: args.trade_cap,
                weights: [args.weights[0], args.weights[1], args.weights[2]],
            };
            let disruption = disrupt(&chain, &removal, Some(&trade), options)?;
            let report = disruption_report(&chain, &args.remove, &disruption, args.top);
            if let Some(out) = &args.out {
                write_out(
                    out,
                    &report,
                    &[("substitutes.csv", substitutes_csv(&chain, &disruption))],
                )?;
            }
            print!("{}", report.markdown());
        }
        ChainCommand::Attract(args) => {
            let chain = load(&args.chain.file)?;
            let label = args.candidates.display().to_string();
            let candidates = parse_candidates(&read(&args.candidates)?, &label, &chain)?;
            let diagnosis = args.diagnosis.run(&chain);
            let result = attract(
                &chain,
                &diagnosis,
                &candidates,
                AttractionWeights::default(),
            );
            let report = attraction_report(&chain, &result, &candidates);
            if let Some(out) = &args.out {
                let mut csv = String::from(
                    "rank,id,name,gap_segment,action,segment_term,goods_term,scale_term,capacity_term,score,explanation\n",
                );
                for (i, m) in result.ranked.iter().enumerate() {
                    let c = &candidates[m.candidate];
                    let mut fields = vec![
                        (i + 1).to_string(),
                        c.id.clone(),
                        c.name.clone(),
                        chain.segments[m.gap.segment].id.clone(),
                        m.gap.action.to_string(),
                    ];
                    fields.extend(m.terms.iter().map(f64::to_string));
                    fields.extend([m.score.to_string(), m.explanation.clone()]);
                    csv.push_str(&csv_line(&fields));
                }
                write_out(out, &report, &[("attraction.csv", csv)])?;
            }
            print!("{}", report.markdown());
        }
        ChainCommand::Map(args) => {
            let chain = load(&args.chain.file)?;
            let svg = chain_map(&chain, &args.diagnosis.run(&chain));
            std::fs::write(&args.out, svg).with_context(|| args.out.display().to_string())?;
            eprintln!("wrote {}", args.out.display());
        }
        ChainCommand::Compare(args) => {
            let (before, after) = (load(&args.before)?, load(&args.after)?);
            let report = plan_report(
                &before,
                &after,
                &args.diagnosis.run(&before),
                &args.diagnosis.run(&after),
            );
            if let Some(out) = &args.out {
                write_out(out, &report, &[])?;
            }
            print!("{}", report.markdown());
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
        out.push_str(&csv_line(&[
            d.segment.clone(),
            d.local_firms.to_string(),
            d.local_capacity.to_string(),
            d.inbound_value.to_string(),
            d.suppliers.to_string(),
            d.foreign_share.to_string(),
            d.actions().join(" "),
            reasons.join("; "),
        ]));
    }
    out
}

fn exposure_csv(chain: &Chain, trade: &TradeLayer) -> String {
    let mut out = String::from(
        "segment,hs6,imports_usd,exports_usd,concentration,centrality,category,largest_supplier,largest_supplier_share\n",
    );
    for segment in &chain.segments {
        for code in &segment.hs6 {
            let mut fields = vec![segment.id.clone(), code.to_string()];
            match trade.goods.get(code) {
                None => fields.extend(std::iter::repeat_n(String::new(), 7)),
                Some(g) => {
                    let top = g.largest_supplier();
                    fields.extend([
                        g.imports.to_string(),
                        g.exports.to_string(),
                        g.concentration.map_or(String::new(), |h| h.to_string()),
                        g.centrality.to_string(),
                        g.category.map_or(String::new(), |c| c.to_string()),
                        top.map_or(String::new(), |(p, _)| p.iso3.clone()),
                        top.map_or(String::new(), |(_, share)| share.to_string()),
                    ]);
                }
            }
            out.push_str(&csv_line(&fields));
        }
    }
    out
}

fn coupling_csv(mix: &CouplingMix) -> String {
    let mut out = String::from("kind,name,links,link_share,value,value_share\n");
    let rows = mix
        .by_scale
        .iter()
        .map(|(scale, s)| ("scale", scale.name().to_string(), s))
        .chain(
            mix.by_country
                .iter()
                .map(|(country, s)| ("country", country.clone(), s)),
        );
    for (kind, name, s) in rows {
        out.push_str(&csv_line(&[
            kind.into(),
            name,
            s.links.to_string(),
            s.link_share.to_string(),
            s.value.to_string(),
            s.value_share.to_string(),
        ]));
    }
    out
}

fn substitutes_csv(chain: &Chain, disruption: &Disruption) -> String {
    let mut out = String::from(
        "link_from,link_to,good,loss,lost,rank,substitute,source,scale,country,spare,capacity_score,concentration_score,risk_score,distance_known,score,allocated\n",
    );
    for r in &disruption.responses {
        let link = &chain.links[r.link];
        for (i, s) in r.substitutes.iter().enumerate() {
            out.push_str(&csv_line(&[
                chain.firms[link.from].id.clone(),
                chain.firms[link.to].id.clone(),
                link.good.map_or(String::new(), |g| g.to_string()),
                format!("{:?}", r.loss).to_lowercase(),
                r.lost.to_string(),
                (i + 1).to_string(),
                match s.source {
                    Source::Firm(f) => chain.firms[f].id.clone(),
                    Source::Trade => format!("trade:{}", s.country),
                },
                match s.source {
                    Source::Firm(_) => "chain".into(),
                    Source::Trade => "trade".into(),
                },
                s.scale.name().into(),
                s.country.clone(),
                s.spare.to_string(),
                s.capacity_score.to_string(),
                s.concentration_score.to_string(),
                s.risk_score.to_string(),
                s.distance_known.to_string(),
                s.score.to_string(),
                s.allocated.to_string(),
            ]));
        }
    }
    out
}
