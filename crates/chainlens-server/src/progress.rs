//! Long work as server-sent events: with `?progress=sse` a route whose engine call
//! reports stages (scenario, io/decompose, gvc) answers `text/event-stream`: one `stage`
//! event for each stage the engine enters, then one `result` event holding the JSON
//! document the route sends without it, or one `error` event holding the error document
//! (a client that waits only for the last event gets what a plain request gets).

use crate::State;
use crate::answer::{Answer, Output};
use crate::error::ApiError;
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use chainlens_engine::Session;
use chainlens_engine::progress::Progress;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// Stages sent to the stream as they begin.
struct ChannelProgress(mpsc::Sender<Event>);

impl Progress for ChannelProgress {
    fn stage(&self, what: &str) {
        // A client that went away drops the stream; the work runs to its end all the same.
        let _ = self
            .0
            .blocking_send(Event::default().event("stage").data(what));
    }
}

/// The events as a stream for [`Sse`].
struct Events(mpsc::Receiver<Event>);

impl futures_core::Stream for Events {
    type Item = Result<Event, Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx).map(|event| event.map(Ok))
    }
}

/// Runs `work` on a blocking thread, streaming its stages and then its answer.
pub fn streamed(
    state: &State,
    output: Output,
    work: impl FnOnce(&Session, &dyn Progress) -> Result<Answer, ApiError> + Send + 'static,
) -> Response {
    let (sender, receiver) = mpsc::channel(64);
    let session = state.session.clone();
    tokio::task::spawn_blocking(move || {
        let progress = ChannelProgress(sender.clone());
        let done =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&session, &progress)))
                .unwrap_or_else(|_| {
                    Err(ApiError::internal(
                        "a panic while answering a streamed request",
                    ))
                })
                .and_then(|answer| answer.json_for(&output));
        let last = match done {
            Ok(json) => Event::default().event("result").data(json.trim_end()),
            Err(error) => Event::default()
                .event("error")
                .data(serde_json::to_string(&error).unwrap_or_default()),
        };
        let _ = sender.blocking_send(last);
    });
    Sse::new(Events(receiver)).into_response()
}
