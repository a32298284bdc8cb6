//! `chainlens fetch reference|baci|list`: reference data and BACI releases into the data
//! directory (`--data-dir`, else `$CHAINLENS_DATA`, else the platform's data directory),
//! with a progress bar on a terminal.

use crate::Failure;
use crate::options::{new_bar, print};
use chainlens_fetch::{Manifest, Progress, Source};
use chainlens_ingest::reference::ReferenceDir;
use clap::{Args, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

/// `chainlens fetch ...`.
#[derive(Subcommand)]
pub enum FetchCommand {
    /// HS -> BEC Rev.4 and descriptions of every HS edition, HS correspondences, HS -> ISIC
    /// Rev.4, ISO country codes and UN General Assembly ideal points.
    Reference(ReferenceArgs),
    /// A CEPII BACI release zip (several GB).
    Baci(BaciArgs),
    /// What is installed, with versions, sources and citations.
    List(DataDirArgs),
}

/// The data directory.
#[derive(Args)]
pub struct DataDirArgs {
    /// The data directory [default: $CHAINLENS_DATA, else ~/.local/share/chainlens].
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Where files come from.
#[derive(Args)]
pub struct SourceArgs {
    /// Fetch from this host instead of the publishers' (same paths), e.g. an institution's mirror.
    #[arg(long, value_name = "URL", conflicts_with = "from")]
    pub mirror: Option<String>,
    /// Install from a local folder laid out like ../shared/data (`<dataset>/<file>`), offline.
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataDirArgs,
}

/// Arguments of `chainlens fetch reference`.
#[derive(Args)]
pub struct ReferenceArgs {
    #[command(flatten)]
    pub source: SourceArgs,
}

/// Arguments of `chainlens fetch baci`.
#[derive(Args)]
pub struct BaciArgs {
    /// HS edition: 92, 96, 02, 07, 12, 17 or 22.
    #[arg(long, value_name = "NN")]
    pub hs: String,
    /// Release, e.g. V202401b [default: the latest the catalogue knows].
    #[arg(long, value_name = "VERSION")]
    pub release: Option<String>,
    #[command(flatten)]
    pub source: SourceArgs,
}

impl DataDirArgs {
    fn dir(&self) -> PathBuf {
        self.data_dir
            .clone()
            .unwrap_or_else(|| ReferenceDir::from_env().root().to_path_buf())
    }
}

impl SourceArgs {
    fn source(&self) -> Source {
        match (&self.mirror, &self.from) {
            (Some(url), _) => Source::Mirror(url.clone()),
            (None, Some(dir)) => Source::Folder(dir.clone()),
            (None, None) => Source::Publisher,
        }
    }
}

/// A progress bar per URL, on a terminal only.
struct Bar(Mutex<Option<(String, indicatif::ProgressBar)>>);

impl Progress for Bar {
    fn advance(&self, url: &str, done: u64, total: Option<u64>) {
        if !std::io::stderr().is_terminal() {
            return;
        }
        let mut current = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if current.as_ref().is_none_or(|(u, _)| u != url) {
            if let Some((_, old)) = current.take() {
                old.finish_and_clear();
            }
            *current = Some((url.to_string(), new_bar(url, total.unwrap_or(0))));
        }
        if let Some((_, bar)) = current.as_ref() {
            bar.set_position(done);
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some((_, bar)) = self.0.lock().unwrap_or_else(|p| p.into_inner()).take() {
            bar.finish_and_clear();
        }
    }
}

fn describe(manifest: &Manifest, dir: &std::path::Path) -> String {
    format!(
        "{:<20} {:<32} {} files, fetched {} -> {}\n    from {}\n    licence: {}\n    cite: {}\n",
        manifest.name,
        manifest.version,
        manifest.files.len(),
        manifest.fetched,
        dir.join(&manifest.name).display(),
        manifest.source.join(", "),
        manifest.licence,
        manifest.citation
    )
}

/// Runs `chainlens fetch`.
pub fn run(command: FetchCommand) -> Result<ExitCode, Failure> {
    let bar = Bar(Mutex::new(None));
    let (dir, manifests) = match command {
        FetchCommand::Reference(args) => {
            let dir = args.source.data.dir();
            let m = chainlens_fetch::fetch_reference(&dir, &args.source.source(), &bar)?;
            (dir, m)
        }
        FetchCommand::Baci(args) => {
            let dir = args.source.data.dir();
            let m = chainlens_fetch::fetch_baci(
                &dir,
                &args.hs,
                args.release.as_deref(),
                &args.source.source(),
                &bar,
            )?;
            (dir, vec![m])
        }
        FetchCommand::List(args) => {
            let dir = args.dir();
            let m = chainlens_fetch::installed(&dir)?;
            if m.is_empty() {
                print(&format!(
                    "nothing installed in {} (run `chainlens fetch reference`)\n",
                    dir.display()
                ));
            }
            (dir, m)
        }
    };
    drop(bar);
    for manifest in &manifests {
        print(&describe(manifest, &dir));
    }
    Ok(ExitCode::SUCCESS)
}
