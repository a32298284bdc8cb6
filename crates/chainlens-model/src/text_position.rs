//! Lines of positions in a file's text, for the located errors of the TOML readers
//! (scenario and chain files): [`line_of`] a byte offset, and [`error_line`], which also
//! places an error the parser gave no position (its recursion limit) on the deepest line.

/// The 1-based line of byte `offset` (an offset past the end is on the last line).
pub fn line_of(text: &str, offset: usize) -> usize {
    let before = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    before.iter().filter(|&&b| b == b'\n').count() + 1
}

/// The line of a parse error: that of its span's start, or, without a span, the line that
/// nests deepest (most `.`, `[` and `{`), where a recursion limit is reached.
pub fn error_line(text: &str, span: Option<std::ops::Range<usize>>) -> usize {
    match span {
        Some(span) => line_of(text, span.start),
        None => {
            let depth = |line: &str| line.bytes().filter(|b| b".[{".contains(b)).count();
            text.lines()
                .enumerate()
                .max_by_key(|&(i, line)| (depth(line), std::cmp::Reverse(i)))
                .map_or(1, |(i, _)| i + 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_offsets_and_of_errors_without_a_span() {
        let text = "a = 1\nb.c = 2\nd = [[[[1]]]]\n";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 6), 2);
        assert_eq!(line_of(text, 1000), 4);
        assert_eq!(error_line(text, Some(8..9)), 2);
        assert_eq!(error_line(text, None), 3, "the line with eight brackets");
        assert_eq!(error_line("", None), 1);
    }
}
