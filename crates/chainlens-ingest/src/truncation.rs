//! Spotting a file cut inside its last line (an interrupted download or copy): the file
//! does not end with a newline and its last line falls short of the line before it, so a
//! quantity `0.026` cut to `0.0` is flagged rather than read as a smaller number.
//!
//! # Rule
//! With `p` the fields of the line before and `l` those of the last line, the last line
//! looks truncated when any of these holds:
//! * it has fewer fields than `p`;
//! * its last field opens a quote it does not close, where `p`'s last field was quoted;
//! * its last field is a strict prefix of `p`'s last field (`Tru` after `True`);
//! * `p`'s last field has `d` decimals and the last field fewer (`0.0` after `1.234`).
//!
//! A file ending in a newline is never flagged. The flag is a warning
//! (`truncated_last_line` in the report), an error under `--strict`.

use crate::numbers::unquote;

/// Whether the unterminated last line `last` looks cut short after `previous`.
pub fn looks_truncated(previous: &[&[u8]], last: &[&[u8]]) -> bool {
    if last.len() < previous.len() {
        return true;
    }
    let (Some(p), Some(l)) = (previous.last(), last.last()) else {
        return false;
    };
    let opens_quote = |f: &[u8]| {
        let f = f.trim_ascii();
        f.first() == Some(&b'"') && (f.len() == 1 || f.last() != Some(&b'"'))
    };
    let (p_text, l_text) = (unquote(p), unquote(l));
    let prefix = !l_text.is_empty() && l_text.len() < p_text.len() && p_text.starts_with(l_text);
    let fewer_decimals = match (decimals(p_text), decimals(l_text)) {
        (Some(d), Some(e)) => e < d,
        (Some(_), None) => l_text.iter().all(u8::is_ascii_digit) && !l_text.is_empty(),
        _ => false,
    };
    (opens_quote(l) && !opens_quote(p)) || prefix || fewer_decimals
}

/// The number of digits after the decimal point of a plain decimal, `None` for anything else.
fn decimals(field: &[u8]) -> Option<usize> {
    let dot = memchr::memchr(b'.', field)?;
    let (int, frac) = (&field[..dot], &field[dot + 1..]);
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    (digits(int.strip_prefix(b"-").unwrap_or(int)) && digits(frac)).then_some(frac.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> Vec<&[u8]> {
        line.as_bytes().split(|&b| b == b',').collect()
    }

    #[test]
    fn cut_lines_are_told_from_whole_ones() {
        let previous = fields("2018,156,842,854231,1.500,0.026");
        let cut = |last: &str| looks_truncated(&previous, &fields(last));
        assert!(cut("2018,392,842,854231,1.500,0.0"), "fewer decimals");
        assert!(cut("2018,392,842,854231,1.500,0"), "decimals gone");
        assert!(cut("2018,392,842,854231,1.5"), "fewer fields");
        assert!(!cut("2018,392,842,854231,1.500,12.125"));
        assert!(!cut("2018,392,842,854231,1.500,NA"));
        let quoted = fields("2021,4,24,382390,52.051,\"       13.235\"");
        assert!(looks_truncated(
            &quoted,
            &fields("2021,4,24,382390,52.051,\"     1")
        ));
        let words = fields("a,True");
        assert!(looks_truncated(&words, &fields("b,Tru")));
        assert!(!looks_truncated(&words, &fields("b,False")));
    }
}
