//! A deterministic generator of SYNTHETIC bilateral HS6 trade in BACI's layout.
//!
//! Not real data. It is shaped like BACI so that every code path and benchmark
//! runs at realistic scale: the real BACI country codes and HS2017 product list,
//! heavy-tailed country sizes (Pareto) with the largest traders first, per-product
//! exporter specialisation (log-normal affinities), a heavy-tailed number of
//! exporters per product (a few goods with one or two exporters, many with dozens),
//! log-normal values, ~3% missing quantities, and a second year that perturbs the
//! first (values x lognormal(0, 0.25), ~5% of flows dropped, new ones added).
//! Same options, same bytes: randomness comes from a seeded SplitMix64.

use chainlens_ingest::reference::{HsEdition, embedded_countries, embedded_descriptions};
use chainlens_model::{CountryCode, Hs6};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// Generator settings.
#[derive(Clone, Debug, PartialEq)]
pub struct GeneratorOptions {
    /// Target number of flows in the first year (later years differ by a few percent).
    pub rows_per_year: usize,
    /// Years to write, each as `BACI_HS17_Y<year>_Vsynthetic.csv`.
    pub years: Vec<u16>,
    /// Random seed.
    pub seed: u64,
}

impl Default for GeneratorOptions {
    fn default() -> Self {
        Self {
            rows_per_year: 100_000,
            years: vec![2017, 2018],
            seed: 20_171_018,
        }
    }
}

/// SplitMix64: small, fast, and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in (0, 1).
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
    fn pareto(&mut self, alpha: f64) -> f64 {
        self.uniform().powf(-1.0 / alpha)
    }
}

/// The largest traders, in the order they get the largest sizes.
const LEADERS: [u16; 12] = [156, 842, 276, 392, 410, 251, 528, 381, 699, 826, 490, 124];

/// One year of flows as BACI rows `(exporter, importer, product, value_thousand_usd, quantity_t)`.
type YearRows = Vec<(u16, u16, u32, f64, Option<f64>)>;

/// Generates the rows of every year, sorted like BACI (exporter, importer, product).
pub fn generate(options: &GeneratorOptions) -> Vec<(u16, YearRows)> {
    let mut rng = Rng(options.seed);
    let countries: Vec<CountryCode> = embedded_countries()
        .iter()
        .filter(|c| !c.aggregate)
        .map(|c| c.code)
        .collect();
    let mut sizes: Vec<f64> = (0..countries.len()).map(|_| rng.pareto(1.1)).collect();
    sizes.sort_by(|a, b| b.total_cmp(a));
    let mut order: Vec<usize> = (0..countries.len()).collect();
    order.sort_by_key(|&i| {
        LEADERS
            .iter()
            .position(|&l| l == countries[i].0)
            .unwrap_or(LEADERS.len() + i)
    });
    let mut size_of = vec![0.0; countries.len()];
    for (rank, &i) in order.iter().enumerate() {
        size_of[i] = sizes[rank];
    }
    let products: Vec<Hs6> = embedded_descriptions(HsEdition::Hs2017)
        .by_code
        .keys()
        .copied()
        .collect();
    // Flows per product: heavy-tailed popularity scaled to the target row count.
    let popularity: Vec<f64> = products.iter().map(|_| rng.pareto(1.3)).collect();
    let total_popularity: f64 = popularity.iter().sum();
    let mut first_year: YearRows = Vec::with_capacity(options.rows_per_year + products.len());
    for (p, &product) in products.iter().enumerate() {
        let flows = ((popularity[p] / total_popularity) * options.rows_per_year as f64)
            .round()
            .max(1.0) as usize;
        // Exporters: few for some goods (high centrality), dozens for most.
        let n_exporters = ((flows as f64).powf(0.6) * (0.4 + 1.2 * rng.uniform()))
            .round()
            .clamp(1.0, countries.len() as f64) as usize;
        let exporters = weighted_sample(&mut rng, &size_of, n_exporters, 2.0);
        let scale = (rng.normal() * 1.5 + 9.0).exp();
        let unit_price = (rng.normal() + 1.0).exp();
        let mut weights: Vec<f64> = exporters
            .iter()
            .map(|&e| size_of[e] * (rng.normal() * 1.2).exp())
            .collect();
        let weight_sum: f64 = weights.iter().sum();
        weights.iter_mut().for_each(|w| *w /= weight_sum);
        // Importers per exporter grow with the square root of its weight.
        let reach_sum: f64 = weights.iter().map(|w| w.sqrt()).sum();
        for (&e, &w) in exporters.iter().zip(&weights) {
            let n_importers = ((flows as f64 * w.sqrt() / reach_sum).round() as usize)
                .clamp(1, countries.len() - 1);
            for m in weighted_sample(&mut rng, &size_of, n_importers + 1, 1.0) {
                if m == e || first_year.len() >= options.rows_per_year * 2 {
                    continue;
                }
                let value = scale * w * size_of[m].sqrt() * (rng.normal() * 1.3).exp();
                let value = (value.max(0.001) * 1000.0).round() / 1000.0;
                let quantity = (rng.uniform() > 0.03)
                    .then(|| ((value / unit_price) * 1000.0).round() / 1000.0);
                first_year.push((countries[e].0, countries[m].0, product.0, value, quantity));
            }
        }
    }
    first_year.sort_by_key(|r| (r.0, r.1, r.2));
    first_year.dedup_by_key(|r| (r.0, r.1, r.2));
    let mut years = Vec::new();
    let mut previous = first_year;
    for (i, &year) in options.years.iter().enumerate() {
        if i > 0 {
            previous = perturb(&mut rng, &previous, &countries);
        }
        years.push((year, previous.clone()));
    }
    years
}

/// Samples `n` distinct indices with probability proportional to `weight^power`
/// (Efraimidis-Spirakis keys), in ascending index order.
fn weighted_sample(rng: &mut Rng, weights: &[f64], n: usize, power: f64) -> Vec<usize> {
    let mut keyed: Vec<(f64, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| (rng.uniform().ln() / w.powf(power), i))
        .collect();
    let n = n.min(keyed.len());
    keyed.select_nth_unstable_by(n.saturating_sub(1), |a, b| b.0.total_cmp(&a.0));
    let mut picked: Vec<usize> = keyed[..n].iter().map(|k| k.1).collect();
    picked.sort_unstable();
    picked
}

fn perturb(rng: &mut Rng, rows: &YearRows, countries: &[CountryCode]) -> YearRows {
    let mut out: YearRows = Vec::with_capacity(rows.len() + rows.len() / 20);
    for &(e, m, k, v, q) in rows {
        if rng.uniform() < 0.05 {
            continue;
        }
        let growth = (rng.normal() * 0.25).exp();
        let v2 = ((v * growth).max(0.001) * 1000.0).round() / 1000.0;
        out.push((
            e,
            m,
            k,
            v2,
            q.map(|q| ((q * growth) * 1000.0).round() / 1000.0),
        ));
        if rng.uniform() < 0.05 {
            // A new partner for the same good: a random country other than the exporter.
            let m2 = countries[(rng.next_u64() % countries.len() as u64) as usize].0;
            if m2 != e {
                out.push((
                    e,
                    m2,
                    k,
                    ((v2 * 0.5).max(0.001) * 1000.0).round() / 1000.0,
                    None,
                ));
            }
        }
    }
    out.sort_by_key(|r| (r.0, r.1, r.2));
    out.dedup_by_key(|r| (r.0, r.1, r.2));
    out
}

/// BACI CSV text of one year.
pub fn year_csv(year: u16, rows: &YearRows) -> String {
    let mut out = String::with_capacity(rows.len() * 36 + 16);
    out.push_str("t,i,j,k,v,q\n");
    for &(e, m, k, v, q) in rows {
        let _ = write!(out, "{year},{e},{m},{k:06},{v:.3},");
        match q {
            Some(q) => {
                let _ = writeln!(out, "{q:.3}");
            }
            None => out.push_str("NA\n"),
        }
    }
    out
}

/// The country and product tables written beside the year files (BACI's layouts).
fn tables() -> (String, String) {
    let mut countries = String::from("country_code,country_name,country_iso2,country_iso3\n");
    for c in embedded_countries().iter().filter(|c| !c.aggregate) {
        let _ = writeln!(
            countries,
            "{},\"{}\",{},{}",
            c.code,
            c.name.replace('"', "'"),
            c.iso2,
            c.iso3
        );
    }
    let mut products = String::from("code,description\n");
    for (code, text) in &embedded_descriptions(HsEdition::Hs2017).by_code {
        let _ = writeln!(products, "{code},\"{}\"", text.replace('"', "'"));
    }
    (countries, products)
}

/// The files of a synthetic BACI release: `(name, contents)`.
pub fn files(options: &GeneratorOptions) -> Vec<(String, String)> {
    let (countries, products) = tables();
    let mut files = vec![
        ("country_codes_Vsynthetic.csv".to_string(), countries),
        ("product_codes_HS17_Vsynthetic.csv".to_string(), products),
        (
            "README_SYNTHETIC.txt".to_string(),
            format!(
                "SYNTHETIC data made by chainlens-bench (seed {}, {} rows per year). Not real trade.\n",
                options.seed, options.rows_per_year
            ),
        ),
    ];
    for (year, rows) in generate(options) {
        files.push((
            format!("BACI_HS17_Y{year}_Vsynthetic.csv"),
            year_csv(year, &rows),
        ));
    }
    files
}

/// Writes the release as a directory.
pub fn write_directory(options: &GeneratorOptions, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in files(options) {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

/// Writes the release as a zip, as CEPII publishes BACI.
pub fn write_zip(options: &GeneratorOptions, path: &Path) -> std::io::Result<()> {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path)?);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, text) in files(options) {
        zip.start_file(name, opts).map_err(std::io::Error::other)?;
        zip.write_all(text.as_bytes())?;
    }
    zip.finish().map_err(std::io::Error::other)?;
    Ok(())
}
