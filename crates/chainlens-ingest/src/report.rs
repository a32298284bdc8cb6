//! [`IngestReport`]: what happened to every data line read. Each line is used,
//! rejected (cannot be read) or excluded (read, but outside METHODS §1.1's
//! universe); reasons are counted under stable `report.json` keys, and rejected
//! lines are kept with file, line and raw text for `rejects.csv`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::AddAssign;

/// Why a data line was not used. A line gets the first reason that applies,
/// rejections before exclusions, in the order of the variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// Rejection: not the number of fields the header has.
    WrongFieldCount,
    /// Rejection: a numeric field that is not a number.
    UnparsableNumber,
    /// Rejection: a year, country or product code outside its range, or a value or
    /// quantity above 4.2e298 (`numbers::MAX_MAGNITUDE`), large enough for a total to
    /// overflow (counted here to keep `report.json`'s keys unchanged).
    CodeOutOfRange,
    /// Rejection: bytes that are not UTF-8.
    BadUtf8,
    /// Exclusion: value zero or negative.
    NonpositiveValue,
    /// Exclusion: exporter equals importer.
    SelfTrade,
    /// Exclusion: a country code missing from the country table.
    UnknownCountry,
    /// Exclusion: World, "nes" areas and other aggregates.
    AggregateCountry,
    /// Exclusion: a commodity code that is not HS 6-digit (Comtrade totals, chapters).
    NonHs6Code,
    /// Exclusion: a year outside the requested window.
    OutsideWindow,
    /// Exclusion (Comtrade): a flow other than the one viewed (exports when viewing imports,
    /// re-exports, re-imports).
    OtherFlow,
    /// Exclusion (Comtrade): a customs-procedure, transport-mode or second-partner breakdown
    /// row, whose total row is already counted.
    ComtradeBreakdown,
}

impl Reason {
    /// Every reason in precedence order.
    pub const ALL: [Reason; 12] = [
        Reason::WrongFieldCount,
        Reason::UnparsableNumber,
        Reason::CodeOutOfRange,
        Reason::BadUtf8,
        Reason::NonpositiveValue,
        Reason::SelfTrade,
        Reason::UnknownCountry,
        Reason::AggregateCountry,
        Reason::NonHs6Code,
        Reason::OutsideWindow,
        Reason::OtherFlow,
        Reason::ComtradeBreakdown,
    ];

    /// The `report.json` key.
    pub fn key(self) -> &'static str {
        match self {
            Reason::WrongFieldCount => "wrong_field_count",
            Reason::UnparsableNumber => "unparsable_number",
            Reason::CodeOutOfRange => "code_out_of_range",
            Reason::BadUtf8 => "bad_utf8",
            Reason::NonpositiveValue => "nonpositive_value",
            Reason::SelfTrade => "self_trade",
            Reason::UnknownCountry => "unknown_country",
            Reason::AggregateCountry => "aggregate_country",
            Reason::NonHs6Code => "non_hs6_code",
            Reason::OutsideWindow => "outside_window",
            Reason::OtherFlow => "other_flow",
            Reason::ComtradeBreakdown => "comtrade_breakdown",
        }
    }

    /// True for rejections (the line could not be read), false for exclusions.
    pub fn is_rejection(self) -> bool {
        self <= Reason::BadUtf8
    }
}

/// One rejected line, as written to `rejects.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedRow {
    /// File the line came from (inside a zip: `archive.zip/member.csv`).
    pub file: String,
    /// 1-based line number in that file (the header is line 1).
    pub line: u64,
    /// Why it was rejected.
    pub reason: Reason,
    /// The field at fault, when one is.
    pub field: &'static str,
    /// The line as read (invalid UTF-8 replaced by U+FFFD).
    pub raw: String,
}

/// A file that ends inside its last line (see `truncation.rs` for the rule).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruncatedLine {
    /// The file (inside a zip: `archive.zip/member.csv`).
    pub file: String,
    /// 1-based number of its last line.
    pub line: u64,
}

/// Counts of lines read, used, rejected and excluded, by reason.
///
/// Invariant: `rows_read = rows_used + sum of all reason counts`. Rows sharing a
/// (year, exporter, importer, product) key are summed into one row and counted in
/// `duplicate_rows_merged`, so the table holds `rows_used - duplicate_rows_merged` rows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IngestReport {
    /// Data lines read (headers excluded).
    pub rows_read: u64,
    /// Lines that became (part of) a row of the table.
    pub rows_used: u64,
    /// See [`Reason::WrongFieldCount`].
    pub wrong_field_count: u64,
    /// See [`Reason::UnparsableNumber`].
    pub unparsable_number: u64,
    /// See [`Reason::CodeOutOfRange`].
    pub code_out_of_range: u64,
    /// See [`Reason::BadUtf8`].
    pub bad_utf8: u64,
    /// See [`Reason::NonpositiveValue`].
    pub nonpositive_value: u64,
    /// See [`Reason::SelfTrade`].
    pub self_trade: u64,
    /// See [`Reason::UnknownCountry`].
    pub unknown_country: u64,
    /// The codes behind `unknown_country`, each with its line count (a line with two
    /// unknown codes is filed under its exporter's). Absent from `report.json` when empty.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unknown_country_codes: BTreeMap<String, u64>,
    /// See [`Reason::AggregateCountry`].
    pub aggregate_country: u64,
    /// See [`Reason::NonHs6Code`].
    pub non_hs6_code: u64,
    /// See [`Reason::OutsideWindow`].
    pub outside_window: u64,
    /// See [`Reason::OtherFlow`].
    pub other_flow: u64,
    /// See [`Reason::ComtradeBreakdown`].
    pub comtrade_breakdown: u64,
    /// Used lines folded into an earlier line with the same key (values summed).
    pub duplicate_rows_merged: u64,
    /// Sum of the used values, USD.
    pub value_total_usd: f64,
    /// Warning: files whose last line looks cut short (still read, unless `--strict`).
    /// Absent from `report.json` when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub truncated_last_line: Vec<TruncatedLine>,
    /// The rejected lines, in input order (written to `rejects.csv`, not to JSON).
    #[serde(skip)]
    pub rejects: Vec<RejectedRow>,
}

impl IngestReport {
    /// Counts one unused line.
    pub fn count(&mut self, reason: Reason) {
        *self.slot(reason) += 1;
    }

    /// Counts one line excluded because the country `name` (a numeric code, or the ISO3
    /// of a bilateral CSV) is not in the country table.
    pub fn count_unknown(&mut self, name: &str) {
        self.unknown_country += 1;
        *self.unknown_country_codes.entry(name.into()).or_default() += 1;
    }

    /// The count for one reason.
    pub fn get(&self, reason: Reason) -> u64 {
        match reason {
            Reason::WrongFieldCount => self.wrong_field_count,
            Reason::UnparsableNumber => self.unparsable_number,
            Reason::CodeOutOfRange => self.code_out_of_range,
            Reason::BadUtf8 => self.bad_utf8,
            Reason::NonpositiveValue => self.nonpositive_value,
            Reason::SelfTrade => self.self_trade,
            Reason::UnknownCountry => self.unknown_country,
            Reason::AggregateCountry => self.aggregate_country,
            Reason::NonHs6Code => self.non_hs6_code,
            Reason::OutsideWindow => self.outside_window,
            Reason::OtherFlow => self.other_flow,
            Reason::ComtradeBreakdown => self.comtrade_breakdown,
        }
    }

    fn slot(&mut self, reason: Reason) -> &mut u64 {
        match reason {
            Reason::WrongFieldCount => &mut self.wrong_field_count,
            Reason::UnparsableNumber => &mut self.unparsable_number,
            Reason::CodeOutOfRange => &mut self.code_out_of_range,
            Reason::BadUtf8 => &mut self.bad_utf8,
            Reason::NonpositiveValue => &mut self.nonpositive_value,
            Reason::SelfTrade => &mut self.self_trade,
            Reason::UnknownCountry => &mut self.unknown_country,
            Reason::AggregateCountry => &mut self.aggregate_country,
            Reason::NonHs6Code => &mut self.non_hs6_code,
            Reason::OutsideWindow => &mut self.outside_window,
            Reason::OtherFlow => &mut self.other_flow,
            Reason::ComtradeBreakdown => &mut self.comtrade_breakdown,
        }
    }

    /// Total rejected lines.
    pub fn rejected(&self) -> u64 {
        Reason::ALL
            .iter()
            .filter(|r| r.is_rejection())
            .map(|&r| self.get(r))
            .sum()
    }

    /// Total excluded lines.
    pub fn excluded(&self) -> u64 {
        Reason::ALL
            .iter()
            .filter(|r| !r.is_rejection())
            .map(|&r| self.get(r))
            .sum()
    }

    /// True when every line read is accounted for.
    pub fn balances(&self) -> bool {
        self.rows_read == self.rows_used + self.rejected() + self.excluded()
    }

    /// `report.json` text: keys in a fixed order, two-space indent.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report is plain data")
    }

    /// `rejects.csv` text: `file,line,reason,field,raw`.
    pub fn rejects_csv(&self) -> String {
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(["file", "line", "reason", "field", "raw"])
            .expect("writing to memory");
        for r in &self.rejects {
            out.write_record([
                r.file.as_str(),
                &r.line.to_string(),
                r.reason.key(),
                r.field,
                &r.raw,
            ])
            .expect("writing to memory");
        }
        String::from_utf8(out.into_inner().expect("writing to memory")).expect("csv of strings")
    }

    /// The one-line summary printed after an import.
    pub fn summary(&self) -> String {
        let mut reasons: Vec<String> = Reason::ALL
            .iter()
            .filter(|&&r| self.get(r) > 0)
            .map(|&r| format!("{} {}", self.get(r), r.key()))
            .collect();
        if self.duplicate_rows_merged > 0 {
            reasons.push(format!(
                "{} duplicate_rows_merged",
                self.duplicate_rows_merged
            ));
        }
        let detail = if reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", reasons.join(", "))
        };
        let warnings: String = self
            .truncated_last_line
            .iter()
            .map(|t| {
                format!(
                    "\nwarning: {}:{}: truncated_last_line: the file ends inside its last line",
                    t.file, t.line
                )
            })
            .collect();
        let unknown = if self.unknown_country_codes.is_empty() {
            String::new()
        } else {
            let codes: Vec<String> = self
                .unknown_country_codes
                .iter()
                .map(|(code, n)| format!("{code} ({n} rows)"))
                .collect();
            format!(
                "\nwarning: country codes not in the country table: {}; give a table with --countries",
                codes.join(", ")
            )
        };
        format!(
            "{} rows read, {} used, {} rejected, {} excluded{detail}{warnings}{unknown}",
            self.rows_read,
            self.rows_used,
            self.rejected(),
            self.excluded()
        )
    }
}

impl AddAssign for IngestReport {
    fn add_assign(&mut self, mut other: Self) {
        self.rows_read += other.rows_read;
        self.rows_used += other.rows_used;
        for r in Reason::ALL {
            *self.slot(r) += other.get(r);
        }
        for (code, n) in std::mem::take(&mut other.unknown_country_codes) {
            *self.unknown_country_codes.entry(code).or_default() += n;
        }
        self.duplicate_rows_merged += other.duplicate_rows_merged;
        self.value_total_usd += other.value_total_usd;
        self.truncated_last_line
            .append(&mut other.truncated_last_line);
        self.rejects.append(&mut other.rejects);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_merge_and_balance() {
        let mut a = IngestReport {
            rows_read: 3,
            rows_used: 1,
            ..Default::default()
        };
        a.count(Reason::SelfTrade);
        a.count(Reason::BadUtf8);
        let mut b = IngestReport {
            rows_read: 1,
            ..Default::default()
        };
        b.count(Reason::SelfTrade);
        a += b;
        assert_eq!((a.rows_read, a.self_trade, a.bad_utf8), (4, 2, 1));
        assert_eq!((a.rejected(), a.excluded()), (1, 2));
        assert!(a.balances());
        assert_eq!(
            a.summary(),
            "4 rows read, 1 used, 1 rejected, 2 excluded (1 bad_utf8, 2 self_trade)"
        );
    }

    #[test]
    fn the_total_survives_report_json_to_the_last_bit() {
        // Issue 14: without serde_json's `float_roundtrip`, 193234.07391308158 came back
        // as 193234.0739130816, so a cache's total drifted from its raw file's.
        let report = IngestReport {
            value_total_usd: 193234.07391308158,
            ..Default::default()
        };
        let back: IngestReport = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(
            back.value_total_usd.to_bits(),
            report.value_total_usd.to_bits()
        );
    }

    #[test]
    fn json_keys_are_the_documented_ones() {
        let json: serde_json::Value =
            serde_json::from_str(&IngestReport::default().to_json()).unwrap();
        for key in ["rows_read", "rows_used"]
            .into_iter()
            .chain(Reason::ALL.iter().map(|r| r.key()))
        {
            assert!(json.get(key).is_some(), "missing {key}");
        }
    }
}
