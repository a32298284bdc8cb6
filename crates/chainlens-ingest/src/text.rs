//! [`read_text`] and [`decode_utf8`]: small text inputs (country tables, HS lists,
//! distance files, scenario and chain TOML) read whole, with an encoding error located
//! at the line and column of the first invalid byte.

use crate::IngestError;
use std::path::Path;

/// Reads a whole file as UTF-8 text.
pub fn read_text(path: &Path) -> Result<String, IngestError> {
    let bytes = std::fs::read(path).map_err(|e| IngestError::io(path, e))?;
    decode_utf8(bytes, path)
}

/// Turns bytes into text, or names the line and column (both 1-based, the column
/// counted in bytes) of the first byte that is not UTF-8.
pub fn decode_utf8(bytes: Vec<u8>, path: &Path) -> Result<String, IngestError> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = &bytes[..at];
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
        IngestError::InvalidUtf8 {
            path: path.into(),
            line: memchr::memchr_iter(b'\n', before).count() as u64 + 1,
            column: (at - line_start) as u64 + 1,
            byte: bytes.get(at).copied().unwrap_or(0),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_line_and_column_of_the_first_bad_byte() {
        let err = decode_utf8(b"a,b\nok\nx\xffy\n\xfe".to_vec(), Path::new("f.csv")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.csv:3: invalid UTF-8 (byte 0xff at column 2)"
        );
        assert_eq!(
            decode_utf8(b"fine\n".to_vec(), Path::new("f")).unwrap(),
            "fine\n"
        );
    }
}
