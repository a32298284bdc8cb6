//! Text of input-output results: what a table holds, and an extraction's totals.

use chainlens_engine::input_output::{Extraction, TableInfo};
use std::fmt::Write as _;

/// `chainlens io info`.
pub fn info_text(t: &TableInfo) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "countries: {} ({})",
        t.countries.len(),
        t.countries.join(", ")
    );
    let _ = writeln!(
        out,
        "sectors: {} ({})",
        t.sectors.len(),
        t.sectors.join(", ")
    );
    let _ = writeln!(out, "country-sectors (N): {}", t.n);
    let _ = writeln!(
        out,
        "final-demand columns: {} ({}: {})",
        t.final_demand_columns,
        crate::count(t.final_demand_categories.len(), "category", "categories"),
        t.final_demand_categories.join(", ")
    );
    let _ = writeln!(out, "unit: {}", t.unit);
    let _ = writeln!(out, "total output: {}", t.total_output);
    let _ = writeln!(out, "total value added: {}", t.total_value_added);
    let _ = writeln!(out, "total final demand: {}", t.total_final_demand);
    let satellites = if t.satellites.is_empty() {
        "none".to_string()
    } else {
        t.satellites.join(", ")
    };
    let _ = writeln!(out, "satellites: {satellites}");
    let _ = writeln!(out, "accounting: {}", t.accounting);
    out
}

/// The totals of an extraction, as shares of world output.
pub fn extraction_summary(e: &Extraction) -> String {
    format!(
        "extracted {}\noutput lost, purchases removed (backward): {} ({:.4}% of world output)\noutput lost, sales removed (forward): {} ({:.4}% of world output)\n",
        e.extracted,
        e.backward,
        100.0 * e.backward / e.world_output,
        e.forward,
        100.0 * e.forward / e.world_output
    )
}
