//! Text of an exposure result: how goods met the table's industries, the country's most
//! exposed industries and the country ranking.

use chainlens_engine::exposure::ExposureResult;
use std::fmt::Write as _;

/// Rows of each ranking printed.
const SHOWN: usize = 10;

/// The summary printed after `chainlens exposure`.
pub fn summary(result: &ExposureResult) -> String {
    let mut out = String::new();
    let link = &result.link;
    let years: Vec<String> = result.years.iter().map(u16::to_string).collect();
    let _ = writeln!(
        out,
        "trade window {}; table {} ({}); goods to industries: {} read as {}, {:?} split",
        years.join("-"),
        result.table,
        result.unit,
        link.concordance,
        link.industry_scheme,
        link.split,
    );
    let _ = writeln!(
        out,
        "goods matched by code {}, by heading {}, by chapter {}; in no industry of the table {}",
        link.goods_by_code, link.goods_by_heading, link.goods_by_chapter, link.goods_unmapped
    );
    if !link.countries_without_trade.is_empty() {
        let _ = writeln!(
            out,
            "table countries with no imports in the trade data (not ranked): {}",
            link.countries_without_trade.join(", ")
        );
    }
    if let Some(first) = result.industries.first() {
        let (imports, unmapped) = result.country_imports_usd;
        let _ = writeln!(
            out,
            "{}: intermediate imports {:.3} bn USD a year, {:.3} bn ({:.1} %) in goods with no industry in the table",
            first.country,
            imports / 1e9,
            unmapped / 1e9,
            100.0 * unmapped / imports.max(f64::MIN_POSITIVE),
        );
        let _ = writeln!(
            out,
            "industry      imported inputs  content direct/total  category 1 direct/total  top category-1 goods"
        );
        let mut rows: Vec<_> = result.industries.iter().collect();
        rows.sort_by(|a, b| {
            b.category1_share_total
                .total_cmp(&a.category1_share_total)
                .then_with(|| a.industry.cmp(&b.industry))
        });
        for r in rows.iter().take(SHOWN) {
            let _ = writeln!(
                out,
                "{:<12} {:>16.3}  {:>9.3} / {:<9.3}  {:>9.1} % / {:>5.1} %  {}",
                r.industry,
                r.imported_inputs,
                r.imported_content_direct,
                r.imported_content_total,
                100.0 * r.category1_share_direct,
                100.0 * r.category1_share_total,
                r.top_goods
            );
        }
    }
    let _ = writeln!(
        out,
        "rank  country  category 1 direct  total  unmapped imports"
    );
    for r in result.countries.iter().take(SHOWN) {
        let _ = writeln!(
            out,
            "{:>4}  {:<7} {:>16.1} % {:>5.1} % {:>15.1} %",
            r.rank,
            r.country,
            100.0 * r.category1_share_direct,
            100.0 * r.category1_share_total,
            100.0 * r.unmapped_import_share
        );
    }
    if !result.goods_users.is_empty() {
        let _ = writeln!(
            out,
            "users of the goods asked for: rank  country  industry  inputs from them  share direct/total"
        );
        for r in result.goods_users.iter().take(SHOWN) {
            let _ = writeln!(
                out,
                "{:>4}  {:<7} {:<10} {:>14.3}  {:>5.1} % / {:>5.1} %",
                r.rank,
                r.country,
                r.industry,
                r.goods_inputs,
                100.0 * r.goods_share_direct,
                100.0 * r.goods_share_total
            );
        }
    }
    if result.synthetic {
        let _ = writeln!(
            out,
            "SYNTHETIC: trade data or table is synthetic; figures illustrate the method, not the world"
        );
    }
    out
}
