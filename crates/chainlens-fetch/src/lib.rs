//! `chainlens fetch`: reference data and CEPII BACI releases, downloaded from their
//! publishers (or a mirror, or a local folder) into the data directory that
//! `chainlens-ingest` reads (`$CHAINLENS_DATA`, default `~/.local/share/chainlens`).
//!
//! * [`catalogue`]: what can be fetched, from where, with which checksums
//!   (`data/catalogue.toml`, compiled in).
//! * [`install`](mod@install): staging, verifying and atomically installing a dataset,
//!   and the manifests of what is installed.
//! * [`download`](mod@download): one resumable HTTP transfer.
//!
//! Nothing here draws: [`Progress`] is told how far each transfer has got.

pub mod catalogue;
pub mod download;
mod error;
pub mod install;

pub use catalogue::{Catalogue, Dataset, FileEntry};
pub use error::FetchError;
pub use install::{Manifest, Source, installed};
use std::path::Path;

/// Told how far a transfer has got: `(url, bytes so far, total if known)`, and asked
/// whether to stop (Ctrl-C in a notebook): a stopped transfer keeps what it has for the
/// next call to resume.
pub trait Progress {
    /// Called after each block received.
    fn advance(&self, url: &str, done: u64, total: Option<u64>);

    /// Whether the user asked to stop; checked after each block.
    fn cancelled(&self) -> bool {
        false
    }
}

/// A progress that shows nothing.
pub struct Quiet;

impl Progress for Quiet {
    fn advance(&self, _: &str, _: u64, _: Option<u64>) {}
}

/// Installs every reference dataset of the catalogue.
pub fn fetch_reference(
    data_dir: &Path,
    source: &Source,
    progress: &dyn Progress,
) -> Result<Vec<Manifest>, FetchError> {
    Catalogue::embedded()
        .datasets
        .iter()
        .map(|dataset| install::install(data_dir, dataset, source, progress))
        .collect()
}

/// Installs one BACI release's zip (`--hs 17 --release V202401b`; the latest known
/// release by default) as the dataset `baci-hs<hs>-<release>`.
pub fn fetch_baci(
    data_dir: &Path,
    hs: &str,
    release: Option<&str>,
    source: &Source,
    progress: &dyn Progress,
) -> Result<Manifest, FetchError> {
    let baci = Catalogue::embedded().baci;
    let hs = hs.trim_start_matches("HS").trim_start_matches("hs");
    if !baci.editions.iter().any(|e| e == hs) {
        return Err(FetchError::Request {
            field: "--hs",
            message: format!(
                "`{hs}` is not a BACI edition ({})",
                baci.editions.join(", ")
            ),
        });
    }
    let release = match release {
        Some(r) if baci.releases.iter().any(|known| known == r) => r.to_string(),
        Some(r) => {
            return Err(FetchError::Request {
                field: "--release",
                message: format!(
                    "`{r}` is not a known BACI release ({})",
                    baci.releases.join(", ")
                ),
            });
        }
        None => baci.releases.last().cloned().unwrap_or_default(),
    };
    let file = format!("BACI_HS{hs}_{release}.zip");
    let dataset = Dataset {
        name: format!("baci-hs{hs}-{release}"),
        title: format!("CEPII BACI, HS{hs} nomenclature, release {release}"),
        version: release.clone(),
        publisher: "CEPII".into(),
        homepage: "https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37".into(),
        licence: baci.licence.clone(),
        citation: baci.citation.clone(),
        files: vec![FileEntry {
            url: Some(baci.url_of(hs, &release)),
            name: file,
            member: None,
            sha256: None,
            size: None,
        }],
    };
    install::install(data_dir, &dataset, source, progress)
}
