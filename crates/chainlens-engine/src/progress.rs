//! [`Progress`]: how long work tells the face what it is doing. The engine never draws:
//! the CLI renders stages as an indicatif spinner, the HTTP API as a progress stream,
//! the Python package as a notebook bar. [`Silent`] ignores everything.

/// Receives the stages of a long request.
pub trait Progress: Send + Sync {
    /// A new stage begins, e.g. "factorising I - A".
    fn stage(&self, what: &str);
}

/// A progress sink that shows nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: &str) {}
}
