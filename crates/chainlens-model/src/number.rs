//! [`display_float`]: a float as a person would write it in a message (`0.65`, not
//! `0.6499999999999999`): twelve significant digits, trailing zeros dropped.

/// `x` rounded to twelve significant digits, without trailing zeros or exponent for
/// everyday magnitudes; `NaN`, `inf` and `-inf` as Rust prints them.
pub fn display_float(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return format!("{}", if x == 0.0 { 0.0 } else { x });
    }
    let magnitude = x.abs().log10().floor() as i32;
    if !(-6..15).contains(&magnitude) {
        let text = format!("{x:.11e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        return format!("{}e{exponent}", trim_zeros(mantissa));
    }
    let decimals = (11 - magnitude).max(0) as usize;
    trim_zeros(&format!("{x:.decimals$}")).to_string()
}

fn trim_zeros(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::display_float;

    #[test]
    fn floats_as_people_write_them() {
        assert_eq!(display_float(0.6499999999999999), "0.65");
        assert_eq!(display_float(0.1 + 0.2), "0.3");
        assert_eq!(display_float(1.1), "1.1");
        assert_eq!(display_float(-2.5), "-2.5");
        assert_eq!(display_float(1500.0), "1500");
        assert_eq!(display_float(0.0001234), "0.0001234");
        assert_eq!(display_float(1e-9), "1e-9");
        assert_eq!(display_float(2.5e20), "2.5e20");
        assert_eq!(display_float(-0.0), "0");
        assert_eq!(display_float(f64::NAN), "NaN");
        assert_eq!(display_float(f64::INFINITY), "inf");
    }
}
