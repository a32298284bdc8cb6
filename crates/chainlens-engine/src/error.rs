//! [`EngineError`]: every failure a request can meet, with the [`ErrorKind`] each face
//! maps once (CLI exit codes, HTTP statuses, Python exception classes). The analyses'
//! own errors are kept whole, messages and all; the engine adds its request errors.

use chainlens_model::{ErrorKind, Location};

/// A request that could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// Reading trade data or reference tables.
    #[error(transparent)]
    Ingest(#[from] chainlens_ingest::IngestError),
    /// Reading an input-output table.
    #[error(transparent)]
    Icio(#[from] chainlens_icio::IcioError),
    /// An input-output computation (the table is named in `table`).
    #[error("{table}: {source}")]
    InputOutput {
        /// The table's path or label.
        table: String,
        /// What the computation refused.
        source: chainlens_input_output::InputOutputError,
    },
    /// The vulnerability analysis.
    #[error("{0}")]
    Vulnerability(
        String,
        #[source] chainlens_trade_network::VulnerabilityError,
    ),
    /// A scenario file or run.
    #[error(transparent)]
    Scenario(#[from] chainlens_scenarios::ScenarioError),
    /// Gravity data, a gravity scenario file, an estimation or a solve.
    #[error(transparent)]
    Gravity(#[from] chainlens_gravity::GravityError),
    /// An HS -> ISIC concordance or an exposure computation.
    #[error(transparent)]
    Exposure(#[from] chainlens_exposure::ExposureError),
    /// A chain file or chain request.
    #[error(transparent)]
    Chain(#[from] chainlens_regional_chains::ChainError),
    /// A field of the request (a flag on the command line) that is wrong.
    #[error("{message}")]
    Request {
        /// The field or flag, e.g. `--years` or `--importer`.
        field: String,
        /// What is wrong, naming the value and the valid choices where there are few.
        message: String,
    },
    /// An input that is wrong as a whole (a path that does not exist, a folder without
    /// the year asked for), or a request value rejected with the input's own words.
    #[error("{file}: {message}")]
    Invalid {
        /// The file, flag or field.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The analysis refused the data, in its own words.
    #[error(transparent)]
    Analysis(#[from] chainlens_trade_network::VulnerabilityError),
    /// A restructuring measure (METHODS §5) refused the data.
    #[error(transparent)]
    Restructuring(#[from] chainlens_restructuring::RestructuringError),
    /// A file named by the request that cannot be read.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The session holds no data of the kind the request needs.
    #[error("{0}")]
    Missing(String),
    /// The face gave the request up ([`crate::progress::Progress::cancelled`]); nobody
    /// waits for this error, so it is internal.
    #[error("the request was cancelled")]
    Cancelled,
}

impl EngineError {
    /// What kind of failure this is, and where (see [`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Ingest(e) => e.kind(),
            Self::Icio(e) => e.kind(),
            Self::InputOutput { table, source } => match source.kind() {
                ErrorKind::BadInput { location } => ErrorKind::located(Location {
                    file: table.clone(),
                    line: None,
                    field: location.and_then(|l| l.field),
                }),
                other => other,
            },
            Self::Vulnerability(_, e) => e.kind(),
            Self::Scenario(e) => e.kind(),
            Self::Chain(e) => e.kind(),
            Self::Exposure(e) => e.kind(),
            Self::Gravity(e) => e.kind(),
            Self::Request { field, .. } => ErrorKind::located(Location::file(field.clone())),
            Self::Invalid { file, .. } => ErrorKind::located(Location::file(file.clone())),
            Self::Analysis(e) => e.kind(),
            Self::Restructuring(e) => e.kind(),
            Self::File { path, source } => ErrorKind::of_io(source, path.clone()),
            Self::Missing(_) => ErrorKind::MissingData,
            Self::Cancelled => ErrorKind::Internal,
        }
    }

    /// A request field error; `message` names the value.
    pub fn request(field: &str, message: impl Into<String>) -> Self {
        Self::Request {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// Shorthand for the engine's results.
pub type Result<T> = std::result::Result<T, EngineError>;

/// Reads a file a request or option names, as UTF-8 text; invalid bytes are reported
/// with their line and column.
pub fn read_text(path: &std::path::Path) -> Result<String> {
    Ok(chainlens_ingest::read_text(path)?)
}
