//! [`FetchError`]: why a download or an install failed, each naming the file, URL or
//! directory and what to do; `kind()` maps it to the engine's error kinds.

use chainlens_model::{ErrorKind, Location};
use std::path::PathBuf;

/// Why `chainlens fetch` failed. Nothing is half-installed after any of these.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The data directory (or a file in it) could not be written.
    #[error("{path}: {source} (set CHAINLENS_DATA or --data-dir to a writable directory)", path = path.display())]
    Unwritable {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A file of a `--from` folder is missing or unreadable.
    #[error("{path}: {source} (`--from` takes a folder laid out like ../shared/data: <dataset>/<file>)", path = path.display())]
    Source {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The server answered with an error status.
    #[error("{url}: HTTP {status}{hint}")]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
        /// What to try.
        hint: String,
    },
    /// The connection failed or broke off.
    #[error("{url}: {message}; run the same command again to resume")]
    Transfer {
        /// The URL.
        url: String,
        /// What happened.
        message: String,
    },
    /// The user stopped the transfer.
    #[error("{url}: stopped after {done} bytes; run the same command again to resume")]
    Interrupted {
        /// The URL.
        url: String,
        /// Bytes kept for the next call.
        done: u64,
    },
    /// A file's size or checksum is not the catalogue's.
    #[error(
        "{file}: {what} is {found}, the catalogue says {expected} (a corrupt or changed download; nothing was installed, run again to download it afresh)"
    )]
    Mismatch {
        /// The file (URL or path).
        file: String,
        /// `size` or `sha256`.
        what: &'static str,
        /// What arrived.
        found: String,
        /// What the catalogue says.
        expected: String,
    },
    /// A zip that does not hold the catalogue's member.
    #[error("{file}: {message}")]
    Archive {
        /// The archive.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A file that no publisher serves in the installed layout.
    #[error(
        "{dataset}/{file}: its publisher serves no file in this layout; install it with `chainlens fetch reference --from DIR` (a folder laid out like ../shared/data) or --mirror URL"
    )]
    NoUrl {
        /// The dataset.
        dataset: String,
        /// The file.
        file: String,
    },
    /// An argument that names nothing in the catalogue.
    #[error("{field}: {message}")]
    Request {
        /// The option.
        field: &'static str,
        /// What is wrong, with the accepted values.
        message: String,
    },
    /// An installed manifest that cannot be read.
    #[error("{path}: not a chainlens manifest: {message}", path = path.display())]
    Manifest {
        /// The manifest.
        path: PathBuf,
        /// The parse error.
        message: String,
    },
}

impl FetchError {
    /// What kind of failure this is (see [`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Unwritable { path, source } | Self::Source { path, source } => {
                ErrorKind::of_io(source, path.display().to_string())
            }
            Self::Manifest { path, .. } => {
                ErrorKind::located(Location::file(path.display().to_string()))
            }
            Self::Status { .. }
            | Self::Transfer { .. }
            | Self::Interrupted { .. }
            | Self::NoUrl { .. } => ErrorKind::MissingData,
            Self::Mismatch { file, .. } | Self::Archive { file, .. } => {
                ErrorKind::located(Location::file(file.clone()))
            }
            Self::Request { .. } => ErrorKind::bad_input(),
        }
    }
}
