//! [`InputOutputError`]: every way an input-output computation can refuse its input,
//! each naming the offending country-sector, country or sector label.

use chainlens_model::{ErrorKind, Location};

/// A table or request the input-output engine cannot compute with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputOutputError {
    /// The table has no country-sector.
    #[error("the table is empty (no country or no sector)")]
    EmptyTable,
    /// Vectors whose lengths do not match the labels.
    #[error("table shape: {message}")]
    Shape {
        /// What does not match.
        message: String,
    },
    /// A vector passed in has the wrong length.
    #[error("{what} has {got} values, {want} expected (one per country-sector)")]
    LengthMismatch {
        /// Which argument.
        what: &'static str,
        /// Its length.
        got: usize,
        /// The table's N.
        want: usize,
    },
    /// A NaN or infinite number in the table.
    #[error("{what} of {label} is not a finite number ({value})")]
    NonFinite {
        /// Which block (`Z`, `Y`, `x`, `va`).
        what: &'static str,
        /// The country-sector.
        label: String,
        /// The value.
        value: f64,
    },
    /// Gross output below zero.
    #[error(
        "gross output of {label} is negative ({value})\nhint: check the output row of the table or its sign convention"
    )]
    NegativeOutput {
        /// The country-sector.
        label: String,
        /// The output.
        value: f64,
    },
    /// A country-sector with zero output that nevertheless buys or sells intermediates.
    #[error(
        "{label} has zero gross output but {side} of {value}\nhint: zero-output sectors must have no intermediate purchases or sales; fix the output row"
    )]
    ZeroOutputWithFlows {
        /// The country-sector.
        label: String,
        /// `intermediate purchases` or `intermediate sales`.
        side: &'static str,
        /// The flow found.
        value: f64,
    },
    /// `I - A` (or `I - B`) cannot be factorised.
    #[error(
        "{matrix} is singular: pivot for {label} is {pivot:e}\nhint: a sector whose column of A sums to 1 or more produces no value added"
    )]
    Singular {
        /// `I - A`, `I - B`, or a domestic block.
        matrix: &'static str,
        /// The country-sector whose pivot vanished.
        label: String,
        /// The pivot found.
        pivot: f64,
    },
    /// A country label not in the table.
    #[error("unknown country {label}; valid: {}", join_labels(valid))]
    UnknownCountry {
        /// The label asked for.
        label: String,
        /// The valid labels.
        valid: Vec<String>,
    },
    /// A sector label not in the table.
    #[error("unknown sector {label}; valid: {}", join_labels(valid))]
    UnknownSector {
        /// The label asked for.
        label: String,
        /// The valid labels.
        valid: Vec<String>,
    },
    /// A final-demand column whose country is no economy of the analysis.
    #[error(
        "final-demand column {category} of {label} names no country of the table; valid: {}",
        join_labels(valid)
    )]
    UnknownFinalDemandCountry {
        /// The country label on the column.
        label: String,
        /// Its category.
        category: String,
        /// The valid labels.
        valid: Vec<String>,
    },
    /// A country listed in two economy groups.
    #[error("country {label} is in economy {first} and in economy {second}")]
    OverlappingGroups {
        /// The country.
        label: String,
        /// First group.
        first: String,
        /// Second group.
        second: String,
    },
    /// Another error, located in the table it came from (a file the caller
    /// read: the analyses never open files, so the caller adds the name with
    /// [`InputOutputError::in_table`]).
    #[error("{table}: {source}")]
    InTable {
        /// The table's file (or other name), as the caller shows it.
        table: String,
        /// The error.
        source: Box<InputOutputError>,
    },
    /// Fewer than two economies: exports do not exist.
    #[error(
        "value added in exports needs at least two economies, found {found}\nhint: a national table (one economy) answers io info and io multipliers; the GVC indicators need an inter-country table"
    )]
    TooFewEconomies {
        /// How many economies.
        found: usize,
    },
}

impl InputOutputError {
    /// What kind of failure this is (see [`ErrorKind`]): the table or the request is
    /// the user's input, a vector of the wrong length is a caller's bug. The table's
    /// file is known once the caller adds it ([`InputOutputError::in_table`]).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::LengthMismatch { .. } => ErrorKind::Internal,
            Self::InTable { table, source } => match source.kind() {
                ErrorKind::BadInput { location } => ErrorKind::located(Location {
                    file: table.clone(),
                    line: None,
                    field: location.and_then(|l| l.field),
                }),
                other => other,
            },
            Self::NonFinite { label, .. }
            | Self::NegativeOutput { label, .. }
            | Self::ZeroOutputWithFlows { label, .. }
            | Self::Singular { label, .. } => ErrorKind::located(Location {
                file: String::from("the input-output table"),
                line: None,
                field: Some(label.clone()),
            }),
            _ => ErrorKind::bad_input(),
        }
    }

    /// This error located in `table` (the file the caller read): the message
    /// becomes `table: <message>`. Already located errors are left as they are.
    pub fn in_table(self, table: impl std::fmt::Display) -> Self {
        match self {
            InputOutputError::InTable { .. } => self,
            other => InputOutputError::InTable {
                table: table.to_string(),
                source: Box::new(other),
            },
        }
    }

    /// The country-sector (or country, or sector) label the error names, if any.
    pub fn label(&self) -> Option<&str> {
        match self {
            InputOutputError::NonFinite { label, .. }
            | InputOutputError::NegativeOutput { label, .. }
            | InputOutputError::ZeroOutputWithFlows { label, .. }
            | InputOutputError::Singular { label, .. }
            | InputOutputError::UnknownCountry { label, .. }
            | InputOutputError::UnknownSector { label, .. }
            | InputOutputError::UnknownFinalDemandCountry { label, .. }
            | InputOutputError::OverlappingGroups { label, .. } => Some(label),
            InputOutputError::InTable { source, .. } => source.label(),
            InputOutputError::EmptyTable
            | InputOutputError::Shape { .. }
            | InputOutputError::LengthMismatch { .. }
            | InputOutputError::TooFewEconomies { .. } => None,
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, InputOutputError>;

pub(crate) fn join_labels<S: AsRef<str>>(labels: &[S]) -> String {
    const SHOW: usize = 40;
    let mut out: Vec<&str> = labels.iter().take(SHOW).map(AsRef::as_ref).collect();
    if labels.len() > SHOW {
        out.push("...");
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_can_name_the_file() {
        let e = InputOutputError::NegativeOutput {
            label: "LUX_19".into(),
            value: -1.0,
        }
        .in_table("WIOD13_ICIO_2011.csv.gz");
        assert!(
            e.to_string()
                .starts_with("WIOD13_ICIO_2011.csv.gz: gross output of LUX_19 is negative (-1)")
        );
        assert_eq!(e.label(), Some("LUX_19"));
        assert_eq!(e.clone().in_table("other"), e);
    }
}
