//! [`Progress`]: how long work tells the face what it is doing. The engine never draws:
//! the CLI renders stages as an indicatif spinner, the HTTP API as a progress stream,
//! the Python package as a notebook bar. [`Silent`] ignores everything.
//!
//! A face may also cancel a request it no longer waits for ([`Progress::cancelled`], the
//! Python package after Ctrl-C): the engine looks at it when a stage begins and ends the
//! request with [`EngineError::Cancelled`]; the work of the stage under way is finished
//! first (no stage is cut short, so nothing half-made is cached).

use crate::EngineError;

/// Receives the stages of a long request.
pub trait Progress: Send + Sync {
    /// A new stage begins, e.g. "factorising I - A".
    fn stage(&self, what: &str);

    /// Whether the face has given the request up; asked when each stage begins.
    fn cancelled(&self) -> bool {
        false
    }
}

/// Begins stage `what`, unless the request was cancelled.
pub(crate) fn stage(progress: &dyn Progress, what: &str) -> Result<(), EngineError> {
    if progress.cancelled() {
        return Err(EngineError::Cancelled);
    }
    progress.stage(what);
    Ok(())
}

/// A progress sink that shows nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    #[derive(Default)]
    struct Watch {
        stages: AtomicUsize,
        cancel: AtomicBool,
    }

    impl Progress for Watch {
        fn stage(&self, _: &str) {
            self.stages.fetch_add(1, Ordering::Relaxed);
        }
        fn cancelled(&self) -> bool {
            self.cancel.load(Ordering::Relaxed)
        }
    }

    #[test]
    fn a_cancelled_request_begins_no_further_stage() {
        let watch = Watch::default();
        stage(&watch, "one").unwrap();
        watch.cancel.store(true, Ordering::Relaxed);
        assert!(matches!(stage(&watch, "two"), Err(EngineError::Cancelled)));
        assert_eq!(watch.stages.load(Ordering::Relaxed), 1);
        assert_eq!(
            EngineError::Cancelled.kind(),
            chainlens_model::ErrorKind::Internal
        );
    }

    #[test]
    fn a_cancelled_decomposition_stops_before_its_next_stage() {
        let session = crate::Session::open(&crate::SessionOptions {
            trade: None,
            table: Some(Default::default()),
        })
        .unwrap();
        let watch = Watch::default();
        watch.cancel.store(true, Ordering::Relaxed);
        let request = crate::input_output::DecomposeRequest::default();
        assert!(matches!(
            session.decompose(&request, &watch),
            Err(EngineError::Cancelled)
        ));
        assert_eq!(watch.stages.load(Ordering::Relaxed), 0);
        // The session is untouched: the same request answers.
        assert!(session.decompose(&request, &Silent).is_ok());
    }
}
