//! [`ErrorKind`]: what every chainlens error is, so that each face maps errors once
//! (the CLI to exit codes 1 and 2, the HTTP API to 400/404/500, Python to exception
//! classes) instead of guessing from error types. Every crate's error type has a
//! `kind()` method returning one of these.

use std::fmt;

/// Where in the user's input an error is: a file (or a flag, or a request field), and
/// when known its 1-based line and the field, column or dotted key.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// The file, or the flag or request field, that holds the bad input.
    pub file: String,
    /// 1-based line, when the input has lines.
    pub line: Option<u64>,
    /// Field, column, label or dotted key.
    pub field: Option<String>,
}

impl Location {
    /// A location of a whole file.
    pub fn file(file: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            ..Self::default()
        }
    }

    /// A location of a line of a file (`line` 0 means the file as a whole).
    pub fn line(file: impl Into<String>, line: u64) -> Self {
        Self {
            file: file.into(),
            line: (line > 0).then_some(line),
            field: None,
        }
    }

    /// The same location with a field.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        Ok(())
    }
}

/// The three kinds of failure a face tells apart.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErrorKind {
    /// The user's input is wrong: a file, a flag or a request field. Fixable by the user.
    BadInput {
        /// Where, when the error knows.
        location: Option<Location>,
    },
    /// Data the request needs is not there: a dataset the session did not open, or
    /// reference data that is not installed.
    MissingData,
    /// A failure that is not the user's: a bug, or the operating system refusing to write.
    Internal,
}

impl ErrorKind {
    /// Bad input without a known location.
    pub const fn bad_input() -> Self {
        Self::BadInput { location: None }
    }

    /// Bad input at `location`.
    pub const fn located(location: Location) -> Self {
        Self::BadInput {
            location: Some(location),
        }
    }

    /// The kind of an operating-system error on a path the user named: a path that is
    /// missing, a directory where a file was expected, no permission or undecodable
    /// bytes are the user's input at `file`; anything else (a full disk, say) is internal.
    pub fn of_io(error: &std::io::Error, file: impl Into<String>) -> Self {
        use std::io::ErrorKind as Io;
        match error.kind() {
            Io::NotFound
            | Io::PermissionDenied
            | Io::IsADirectory
            | Io::NotADirectory
            | Io::InvalidData
            | Io::InvalidInput
            | Io::UnexpectedEof => Self::located(Location::file(file)),
            _ => Self::Internal,
        }
    }

    /// Whether the user can fix it by changing their input.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, Self::BadInput { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_print_as_file_line_field() {
        assert_eq!(Location::file("a.csv").to_string(), "a.csv");
        assert_eq!(Location::line("a.csv", 0).to_string(), "a.csv");
        assert_eq!(
            Location::line("a.csv", 3).with_field("v").to_string(),
            "a.csv:3: v"
        );
    }
}
