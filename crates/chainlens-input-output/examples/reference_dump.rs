//! Writes a deterministic random table and everything chainlens computes on it,
//! for `reference/input_output/run.sh` to compare with an independent numpy
//! implementation and with pymrio 0.7.
//!
//! Usage: `reference_dump <OUT_DIR> <COUNTRIES> <SECTORS> <SEED>`. Writes
//! `table.csv` (generic layout), `pymrio/` (pymrio folder), and one CSV per
//! result with full-precision (round-trip) numbers.

use chainlens_input_output::{
    Coefficients, DemandPaths, Economies, GvcSystem, LeontiefModel, borin_mancini, extraction, kww,
    multipliers, production_length::production_length, synthetic, upstreamness, wwz,
};
use chainlens_model::Satellite;
use std::fmt::Write as _;
use std::path::Path;

fn write_csv(dir: &Path, name: &str, header: &[String], rows: &[Vec<f64>]) {
    let mut s = header.join(",");
    s.push('\n');
    for r in rows {
        let cells: Vec<String> = r.iter().map(|v| format!("{v:?}")).collect();
        let _ = writeln!(s, "{}", cells.join(","));
    }
    std::fs::write(dir.join(name), s).expect("write result");
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_string()).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: reference_dump <OUT_DIR> <COUNTRIES> <SECTORS> <SEED>");
        std::process::exit(1);
    }
    let dir = Path::new(&args[1]);
    let (g, s, seed): (usize, usize, u64) = (
        args[2].parse().expect("countries"),
        args[3].parse().expect("sectors"),
        args[4].parse().expect("seed"),
    );
    std::fs::create_dir_all(dir).expect("out dir");
    let mut t = synthetic::random_table(g, s, seed);
    let n = t.n();
    t.extensions.push(Satellite {
        name: "employment".into(),
        unit: "persons".into(),
        values: (0..n).map(|i| t.x[i] * ((i % 7) as f64 + 1.0)).collect(),
    });
    chainlens_icio::wide::write_generic(&t, &dir.join("table.csv")).expect("table");
    chainlens_icio::pymrio::write_pymrio(&t, &dir.join("pymrio")).expect("pymrio");

    let c = Coefficients::new(&t).expect("coefficients");
    let m = LeontiefModel::new(&c).expect("leontief");
    let x = m.output_for(&t.y_row_sums()).expect("x");
    write_csv(
        dir,
        "x.csv",
        &names(&["x"]),
        &x.iter().map(|v| vec![*v]).collect::<Vec<_>>(),
    );
    let l = m.l();
    let rows: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| l[(i, j)]).collect())
        .collect();
    write_csv(
        dir,
        "L.csv",
        &(0..n).map(|j| format!("c{j}")).collect::<Vec<_>>(),
        &rows,
    );
    let mu = multipliers(&t, &c, &m).expect("multipliers");
    let up = upstreamness::upstreamness(&c).expect("upstreamness");
    let (eb, ef) = extraction::extract_all(&c, &l);
    write_csv(
        dir,
        "multipliers.csv",
        &names(&[
            "output",
            "value_added",
            "employment",
            "upstreamness",
            "extraction_backward",
            "extraction_forward",
        ]),
        &(0..n)
            .map(|i| {
                vec![
                    mu.output[i],
                    mu.value_added[i],
                    mu.extensions[0].1[i],
                    up[i],
                    eb[i],
                    ef[i],
                ]
            })
            .collect::<Vec<_>>(),
    );
    let sys = GvcSystem::new(&t, Economies::countries(&t).expect("economies")).expect("system");
    let p = DemandPaths::new(&sys);
    let k = kww(&sys, &p).by_economy(&sys);
    let mut h = names(&["exports"]);
    h.extend(
        chainlens_input_output::KWW_TERMS
            .iter()
            .map(|s| (*s).to_string()),
    );
    write_csv(
        dir,
        "kww.csv",
        &h,
        &k.iter()
            .map(|(e, t)| std::iter::once(*e).chain(t.iter().copied()).collect())
            .collect::<Vec<_>>(),
    );
    let w = wwz(&sys, &p);
    let mut h = names(&["exporter_row", "importer", "exports"]);
    h.extend(
        chainlens_input_output::WWZ_TERMS
            .iter()
            .map(|s| (*s).to_string()),
    );
    write_csv(
        dir,
        "wwz.csv",
        &h,
        &(0..w.len())
            .map(|r| {
                [w.exporter[r] as f64, w.importer[r] as f64, w.exports[r]]
                    .into_iter()
                    .chain(w.terms[r].iter().copied())
                    .collect()
            })
            .collect::<Vec<_>>(),
    );
    let bm = borin_mancini(&sys, &p).expect("bm");
    write_csv(
        dir,
        "bm.csv",
        &chainlens_input_output::BM_TERMS
            .iter()
            .map(|s| (*s).to_string())
            .collect::<Vec<_>>(),
        &bm.values.iter().map(|v| v.to_vec()).collect::<Vec<_>>(),
    );
    let pl = production_length(&sys);
    write_csv(
        dir,
        "production_length.csv",
        &names(&["plv", "ply", "plv_gvc", "ply_gvc", "gvc_position"]),
        &(0..n)
            .map(|i| {
                vec![
                    pl.plv[i],
                    pl.ply[i],
                    pl.plv_gvc[i],
                    pl.ply_gvc[i],
                    pl.gvc_position[i],
                ]
            })
            .collect::<Vec<_>>(),
    );
}
