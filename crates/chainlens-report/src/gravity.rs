//! Text of the gravity results: the coefficient table and fit of `chainlens gravity
//! estimate`, and the welfare table of `chainlens gravity ge` (largest losers first, the
//! blocs and the world).

use chainlens_engine::gravity::{EstimateResult, GeResult};
use std::fmt::Write as _;

/// The summary printed after `chainlens gravity estimate`.
pub fn estimate_summary(result: &EstimateResult) -> String {
    let mut out = String::new();
    let f = &result.fit;
    let _ = writeln!(
        out,
        "PPML, fixed effects {}: {} observations ({} separated), {} pair clusters, {} iterations, pseudo R2 {:.4}",
        f.fixed_effects, f.observations, f.separated, f.clusters, f.iterations, f.pseudo_r2
    );
    let _ = writeln!(
        out,
        "variable              estimate   std. error        z  p-value"
    );
    for c in &result.coefficients {
        if c.status == "estimated" {
            let _ = writeln!(
                out,
                "{:<18} {:>11.6} {:>12.6} {:>8.3} {:>8.4}",
                c.variable, c.estimate, c.std_error, c.z, c.p_value
            );
        } else {
            let _ = writeln!(out, "{:<18} {}", c.variable, c.status);
        }
    }
    if f.near_zero_fits > 0 {
        let _ = writeln!(
            out,
            "warning: {} zero-trade observations are fitted at almost zero: a regressor may separate them",
            f.near_zero_fits
        );
    }
    out
}

/// The summary printed after `chainlens gravity ge`: the ten largest welfare changes
/// either way, then the blocs and the world.
pub fn ge_summary(result: &GeResult) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "scenario: {} (year {}, theta {}, {} model, {} deficits, {} iterations)",
        result.name, result.year, result.theta, result.model, result.deficits, result.iterations
    );
    let mut order: Vec<_> = result.countries.iter().collect();
    order.sort_by(|a, b| {
        a.welfare_change_pct
            .total_cmp(&b.welfare_change_pct)
            .then(a.iso3.cmp(&b.iso3))
    });
    let _ = writeln!(out, "country  bloc                 welfare %  exports %");
    for c in order.iter().take(10) {
        let _ = writeln!(
            out,
            "{:<8} {:<20} {:>9.4} {:>10.4}",
            c.iso3, c.bloc, c.welfare_change_pct, c.exports_change_pct
        );
    }
    let _ = writeln!(
        out,
        "bloc                 countries  welfare %  exports %  largest loser"
    );
    for b in &result.blocs {
        let _ = writeln!(
            out,
            "{:<20} {:>9} {:>10.4} {:>10.4}  {}",
            b.bloc, b.countries, b.welfare_change_pct, b.exports_change_pct, b.largest_loser
        );
    }
    out
}
