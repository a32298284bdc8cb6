//! One HTTP download into a `.part` file that survives an interruption: a second call
//! asks for the rest (`Range: bytes=N-`) and appends it, or starts over when the server
//! ignores the range. The caller verifies and installs the finished file. A transfer the
//! user stops ([`Progress::cancelled`]) keeps its part for the next call.

use crate::{FetchError, Progress};
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

/// How long to wait for a connection, and for the next bytes of a body.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
const READ_TIMEOUT: Duration = Duration::from_secs(120);

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_recv_body(Some(READ_TIMEOUT))
        .http_status_as_error(false)
        .build()
        .into()
}

fn transfer(url: &str, message: impl ToString) -> FetchError {
    FetchError::Transfer {
        url: url.into(),
        message: message.to_string(),
    }
}

/// Downloads `url` into `part`, resuming what an earlier call left there. Returns when
/// the whole body is in `part`.
pub fn download(url: &str, part: &Path, progress: &dyn Progress) -> Result<(), FetchError> {
    let unwritable = |source| FetchError::Unwritable {
        path: part.into(),
        source,
    };
    let have = std::fs::metadata(part).map_or(0, |m| m.len());
    let mut request = agent().get(url);
    if have > 0 {
        request = request.header("Range", format!("bytes={have}-"));
    }
    let response = request.call().map_err(|e| transfer(url, e))?;
    let status = response.status().as_u16();
    let resumed = match status {
        206 => true,
        200 => false,
        // The part is already the whole file.
        416 if have > 0 => return Ok(()),
        _ => {
            return Err(FetchError::Status {
                url: url.into(),
                status,
                hint: match status {
                    404 => " (not found: check the release name, or the --mirror URL)".into(),
                    401 | 403 => " (refused: the publisher may require a login)".into(),
                    _ => String::new(),
                },
            });
        }
    };
    let remaining = response.body().content_length();
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(resumed)
        .truncate(!resumed)
        .open(part)
        .map_err(unwritable)?;
    let start = if resumed { have } else { 0 };
    let total = remaining.map(|r| r + start);
    let mut body = response.into_body().into_reader();
    let mut buffer = vec![0u8; 1 << 16];
    let mut done = start;
    loop {
        let n = body.read(&mut buffer).map_err(|e| transfer(url, e))?;
        if n == 0 {
            break;
        }
        file.write_all(&buffer[..n]).map_err(unwritable)?;
        done += n as u64;
        progress.advance(url, done, total);
        if progress.cancelled() {
            file.flush().map_err(unwritable)?;
            return Err(FetchError::Interrupted {
                url: url.into(),
                done,
            });
        }
    }
    file.flush().map_err(unwritable)?;
    match total {
        Some(total) if done < total => Err(transfer(
            url,
            format!("the connection closed after {done} of {total} bytes"),
        )),
        _ => Ok(()),
    }
}
