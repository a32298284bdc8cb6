//! Development aid: writes a synthetic OECD-sized table (77 x 45) in the
//! generic CSV layout and times reading it back with `chainlens_icio::read_table`.
use std::time::Instant;
fn main() {
    let dir = std::env::temp_dir().join("chainlens-read-timing");
    std::fs::create_dir_all(&dir).expect("dir");
    let p = dir.join("table.csv");
    let t = chainlens_input_output::synthetic::random_table(77, 45, 42);
    chainlens_icio::wide::write_generic(&t, &p).expect("write");
    let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
    let t0 = Instant::now();
    let (back, report) = chainlens_icio::read_table(&p, Default::default()).expect("read");
    println!(
        "read {} MB, N = {}, in {:.2} s; balanced: {}",
        size / 1_000_000,
        back.n(),
        t0.elapsed().as_secs_f64(),
        report.is_balanced()
    );
    let _ = std::fs::remove_file(&p);
}
