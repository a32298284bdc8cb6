//! Hand-written parsers for the numeric fields of trade files: unsigned codes and
//! plain decimals (`52.051`, `"       13.235"`), with exact scaling of BACI's
//! thousands of USD to USD. They are the hot path of an import (tens of millions
//! of fields), so they avoid `str::parse` on the common forms and fall back to it
//! for exponents and long mantissas.
//!
//! Values and quantities must be finite and at most [`MAX_MAGNITUDE`]: a table holds fewer
//! than 2^32 rows (its sort indexes rows with `u32`), so no sum of such numbers can
//! overflow to infinity, whichever rows are added and in whatever order.

use crate::Reason;
use chainlens_model::CountryCode;

/// Why a numeric field could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all.
    Unparsable,
    /// A number, but outside the field's range.
    OutOfRange,
}

/// The rejection for a row with failed fields: the first unparsable field, else the first
/// out-of-range one (so an unparsable field wins whatever the order of the line).
pub fn rejection(checks: &[(Option<NumberError>, &'static str)]) -> (Reason, &'static str) {
    let first = |wanted: NumberError| {
        checks
            .iter()
            .find(|(e, _)| *e == Some(wanted))
            .map(|&(_, field)| field)
    };
    match (
        first(NumberError::Unparsable),
        first(NumberError::OutOfRange),
    ) {
        (Some(field), _) => (Reason::UnparsableNumber, field),
        (None, Some(field)) => (Reason::CodeOutOfRange, field),
        (None, None) => (Reason::UnparsableNumber, "row"),
    }
}

/// Strips surrounding spaces and one pair of double quotes (BACI quotes its fields).
pub fn unquote(field: &[u8]) -> &[u8] {
    let trimmed = field.trim_ascii();
    let inner = trimmed
        .strip_prefix(b"\"")
        .and_then(|f| f.strip_suffix(b"\""))
        .unwrap_or(trimmed);
    inner.trim_ascii()
}

/// Parses a numeric country code, 0 to [`CountryCode::MAX`].
pub fn parse_country(field: &[u8]) -> Result<CountryCode, NumberError> {
    let code = parse_code(field, u64::from(CountryCode::MAX))?;
    u16::try_from(code)
        .ok()
        .and_then(CountryCode::new)
        .ok_or(NumberError::OutOfRange)
}

/// Parses an unsigned integer no larger than `max`.
pub fn parse_code(field: &[u8], max: u64) -> Result<u64, NumberError> {
    // Fast path: 1 to 12 bare digits, one pass.
    if !field.is_empty() && field.len() <= 12 {
        let mut n = 0u64;
        let mut bare = true;
        for &b in field {
            let d = b.wrapping_sub(b'0');
            if d > 9 {
                bare = false;
                break;
            }
            n = n * 10 + u64::from(d);
        }
        if bare {
            return if n > max {
                Err(NumberError::OutOfRange)
            } else {
                Ok(n)
            };
        }
    }
    let digits = unquote(field);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(NumberError::Unparsable);
    }
    if digits.len() > 12 {
        return Err(NumberError::OutOfRange);
    }
    let n = digits
        .iter()
        .fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0'));
    if n > max {
        Err(NumberError::OutOfRange)
    } else {
        Ok(n)
    }
}

/// The largest magnitude a value or quantity may have: `f64::MAX / 2^32`, about 4.2e298.
/// Larger numbers are [`NumberError::OutOfRange`].
pub const MAX_MAGNITUDE: f64 = f64::MAX / 4_294_967_296.0;

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Parses a decimal and multiplies it by `10^scale` with one rounding, so that
/// `parse_scaled("52.051", 3)` is exactly 52051.0 (BACI thousands to USD).
/// Non-finite results are unparsable; magnitudes above [`MAX_MAGNITUDE`] out of range.
pub fn parse_scaled(field: &[u8], scale: i32) -> Result<f64, NumberError> {
    let value = parse_unbounded(field, scale)?;
    if value.abs() > MAX_MAGNITUDE {
        Err(NumberError::OutOfRange)
    } else {
        Ok(value)
    }
}

fn parse_unbounded(field: &[u8], scale: i32) -> Result<f64, NumberError> {
    if let Some(value) = parse_plain_decimal(field, scale) {
        return Ok(value);
    }
    let text = unquote(field);
    let (negative, body) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    let (int_part, frac_part) = match memchr::memchr(b'.', body) {
        Some(dot) => (&body[..dot], &body[dot + 1..]),
        None => (body, &b""[..]),
    };
    let plain = !(int_part.is_empty() && frac_part.is_empty())
        && int_part.iter().all(u8::is_ascii_digit)
        && frac_part.iter().all(u8::is_ascii_digit)
        && int_part.len() + frac_part.len() <= 15;
    let value = if plain {
        let mantissa = int_part
            .iter()
            .chain(frac_part)
            .fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0')) as f64;
        let exponent = scale - frac_part.len() as i32;
        if exponent >= 0 && exponent < POW10.len() as i32 {
            mantissa * POW10[exponent as usize]
        } else if exponent < 0 && -exponent < POW10.len() as i32 {
            mantissa / POW10[(-exponent) as usize]
        } else {
            return slow_parse(text, scale);
        }
    } else {
        return slow_parse(text, scale);
    };
    Ok(if negative { -value } else { value })
}

/// One pass over `digits[.digits]` (at most 15 digits, scale within the table); `None`
/// for anything else, which the general path then handles.
fn parse_plain_decimal(field: &[u8], scale: i32) -> Option<f64> {
    if field.is_empty() || field.len() > 16 {
        return None;
    }
    let mut mantissa = 0u64;
    let mut digits = 0;
    let mut frac_digits: Option<i32> = None;
    for &b in field {
        let d = b.wrapping_sub(b'0');
        if d <= 9 {
            mantissa = mantissa * 10 + u64::from(d);
            digits += 1;
            if let Some(f) = frac_digits.as_mut() {
                *f += 1;
            }
        } else if b == b'.' && frac_digits.is_none() {
            frac_digits = Some(0);
        } else {
            return None;
        }
    }
    if digits == 0 || digits > 15 {
        return None;
    }
    let exponent = scale - frac_digits.unwrap_or(0);
    let m = mantissa as f64;
    if (0..POW10.len() as i32).contains(&exponent) {
        Some(m * POW10[exponent as usize])
    } else if (1..POW10.len() as i32).contains(&-exponent) {
        Some(m / POW10[(-exponent) as usize])
    } else {
        None
    }
}

fn slow_parse(text: &[u8], scale: i32) -> Result<f64, NumberError> {
    let s = std::str::from_utf8(text).map_err(|_| NumberError::Unparsable)?;
    let v: f64 = s.parse().map_err(|_| NumberError::Unparsable)?;
    let scaled = v * 10f64.powi(scale);
    if scaled.is_finite() {
        Ok(scaled)
    } else {
        Err(NumberError::Unparsable)
    }
}

/// Parses an optional decimal: empty, `NA` or `NaN` (any case) is `None`.
pub fn parse_optional(field: &[u8], scale: i32) -> Result<Option<f64>, NumberError> {
    let text = unquote(field);
    if text.is_empty() || text == b"NA" || text.eq_ignore_ascii_case(b"nan") {
        Ok(None)
    } else {
        parse_scaled(text, scale).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes() {
        assert_eq!(parse_code(b"842", 999), Ok(842));
        assert_eq!(parse_code(b"\"010121\"", 999_999), Ok(10121));
        assert_eq!(parse_code(b"1000", 999), Err(NumberError::OutOfRange));
        assert_eq!(
            parse_code(b"99999999999999999999", 999),
            Err(NumberError::OutOfRange)
        );
        assert_eq!(parse_code(b"8a2", 999), Err(NumberError::Unparsable));
        assert_eq!(parse_code(b"", 999), Err(NumberError::Unparsable));
        assert_eq!(parse_code(b"-4", 999), Err(NumberError::Unparsable));
        assert_eq!(parse_country(b"999"), Ok(CountryCode::new(999).unwrap()));
        assert_eq!(parse_country(b"1000"), Err(NumberError::OutOfRange));
    }

    #[test]
    fn thousands_to_usd_exactly() {
        assert_eq!(parse_scaled(b"52.051", 3), Ok(52051.0));
        assert_eq!(parse_scaled(b"0.001", 3), Ok(1.0));
        assert_eq!(parse_scaled(b"\"       13.235\"", 0), Ok(13.235));
        assert_eq!(parse_scaled(b"-2.5", 3), Ok(-2500.0));
        assert_eq!(parse_scaled(b"7", 3), Ok(7000.0));
        assert_eq!(parse_scaled(b"1.5e2", 3), Ok(150000.0));
        assert_eq!(parse_scaled(b"abc", 3), Err(NumberError::Unparsable));
        assert_eq!(parse_scaled(b".", 3), Err(NumberError::Unparsable));
        assert_eq!(parse_scaled(b"inf", 3), Err(NumberError::Unparsable));
        assert_eq!(parse_optional(b"\"NA\"", 0), Ok(None));
        assert_eq!(parse_optional(b"", 0), Ok(None));
    }

    #[test]
    fn non_finite_and_overflowing_numbers_are_refused() {
        assert_eq!(parse_scaled(b"nan", 0), Err(NumberError::Unparsable));
        assert_eq!(parse_scaled(b"-inf", 0), Err(NumberError::Unparsable));
        assert_eq!(parse_scaled(b"1e309", 0), Err(NumberError::Unparsable));
        // Issue 14: BACI's 1e305 thousands is 1e308 USD; two of them overflowed the total.
        assert_eq!(parse_scaled(b"1e305", 3), Err(NumberError::OutOfRange));
        assert_eq!(parse_scaled(b"4e298", 0), Ok(4e298));
        assert_eq!(parse_scaled(b"5e298", 0), Err(NumberError::OutOfRange));
        // A quantity written NaN is missing, like NA; inf is not a quantity.
        assert_eq!(parse_optional(b"NaN", 0), Ok(None));
        assert_eq!(parse_optional(b"\"nan\"", 0), Ok(None));
        assert_eq!(parse_optional(b"inf", 0), Err(NumberError::Unparsable));
    }

    proptest! {
        #[test]
        fn matches_std_parse_within_one_rounding(int in 0u64..10_000_000, frac in 0u32..1000, digits in 1usize..=6) {
            let text = format!("{int}.{frac:0digits$}");
            let ours = parse_scaled(text.as_bytes(), 3).unwrap();
            let std = text.parse::<f64>().unwrap() * 1000.0;
            prop_assert!((ours - std).abs() <= std.abs() * 4.0 * f64::EPSILON, "{text}: {ours} vs {std}");
        }
    }
}
