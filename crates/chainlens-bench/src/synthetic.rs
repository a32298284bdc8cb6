//! A deterministic generator of SYNTHETIC bilateral HS6 trade in BACI's layout.
//!
//! Not real data, and built from nothing published by others: its own country table
//! ([`ECONOMIES`], real ISO codes typed here so that examples can name CHN or JPN, plus
//! numbered synthetic economies for large runs), its own product codes (HS-shaped
//! `chapter.heading.subheading` numbers, with the real codes the shipped scenario
//! examples name), its own classification of which codes are intermediate goods and its
//! own UN-General-Assembly-like ideal points, every file marked SYNTHETIC.
//!
//! Shape (calibration in `data/default/README.md`): heavy-tailed country sizes (Pareto)
//! with the largest traders first, per-product exporter specialisation (log-normal), the
//! number of exporters per product growing with the product's flow budget (a few goods
//! with one to three exporters), destinations per exporter growing with its weight,
//! log-normal values, ~3% missing quantities, and later years perturbing the first
//! (values x lognormal(0, 0.25), ~5% of flows dropped, new ones added). A planted
//! [`Reallocation`] moves part of one supplier's exports of some goods to one importer to
//! other suppliers from a given year on (the default data's second window, 2022-2023:
//! China loses half its share of some US intermediate imports to Viet Nam and Mexico).
//! Same options, same bytes: randomness comes from a seeded SplitMix64.

use chainlens_model::Hs6;
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
    /// Number of product codes.
    pub products: usize,
    /// Numbered synthetic economies added to [`ECONOMIES`] (codes 901 up, `X01` ...).
    pub extra_economies: usize,
    /// A reallocation planted in the later years, if any.
    pub reallocation: Option<Reallocation>,
    /// The years whose files are written (every year of `years` when empty); the others
    /// are still generated, so a series can be split over several releases.
    pub written_years: Vec<u16>,
}

/// A planted shift of supply: from `from_year` on, `importer`'s imports from `loser` of
/// every other intermediate good it buys from `loser` (in code order, starting with the
/// first) lose `moved` of their value to `gainers`, in the proportions given, and each
/// gainer buys `sourced_from_loser` of its gain from `loser`.
#[derive(Clone, Debug, PartialEq)]
pub struct Reallocation {
    /// First year with the shift.
    pub from_year: u16,
    /// The importer (numeric code).
    pub importer: u16,
    /// The supplier losing share.
    pub loser: u16,
    /// The suppliers gaining it, with the part of the moved value each gets.
    pub gainers: Vec<(u16, f64)>,
    /// The part of the loser's value moved.
    pub moved: f64,
    /// The part of what each gainer gains that it buys from the loser as the same good
    /// (the connector story of seed 000: Viet Nam's exports built on Chinese inputs).
    pub sourced_from_loser: f64,
}

impl Default for GeneratorOptions {
    /// The embedded default dataset.
    fn default() -> Self {
        Self {
            rows_per_year: 150_000,
            years: vec![2017, 2018],
            seed: 20_171_018,
            products: 1_200,
            extra_economies: 0,
            reallocation: None,
            written_years: Vec::new(),
        }
    }
}

impl GeneratorOptions {
    /// A BACI-sized year for benchmarks: about 5,000 products and 170 economies.
    pub fn large(rows_per_year: usize, seed: u64) -> Self {
        Self {
            rows_per_year,
            years: vec![2018],
            seed,
            products: 5_000,
            extra_economies: 98,
            reallocation: None,
            written_years: Vec::new(),
        }
    }

    /// The default data's series 2017, 2018, 2022, 2023 with the planted reallocation
    /// (China -> United States: half of the value of every other intermediate good moved,
    /// 60 % to Viet Nam and 40 % to Mexico, from 2022, half of it bought from China). The first two years are the
    /// default dataset's, byte for byte.
    pub fn series() -> Self {
        Self {
            years: vec![2017, 2018, 2022, 2023],
            reallocation: Some(Reallocation {
                from_year: 2022,
                importer: 840,
                loser: 156,
                gainers: vec![(704, 0.6), (484, 0.4)],
                moved: 0.5,
                sourced_from_loser: 0.5,
            }),
            ..Self::default()
        }
    }

    /// The default data's second window (`synthetic_baci_hs17_2022_2023.zip`): the
    /// [`series`](Self::series) with only 2022 and 2023 written.
    pub fn second_window() -> Self {
        Self {
            written_years: vec![2022, 2023],
            ..Self::series()
        }
    }
}

/// SplitMix64: small, fast, and good enough for synthetic data.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in (0, 1).
    pub(crate) fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    pub(crate) fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
    fn pareto(&mut self, alpha: f64) -> f64 {
        self.uniform().powf(-1.0 / alpha)
    }
}

/// Political alignment of an economy, which places its synthetic ideal point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alignment {
    /// Votes with the United States (ideal points around +1 to +2.5).
    West,
    /// Votes with China and Russia (around -1 to -2).
    East,
    /// In between (around -0.6 to +0.4).
    NonAligned,
}

/// The economies of the synthetic world, largest traders first: ISO 3166-1 numeric code,
/// alpha-2, alpha-3, name, alignment (typed here; sizes are drawn, not real).
pub const ECONOMIES: [(u16, &str, &str, &str, Alignment); 65] = {
    use Alignment::{East as E, NonAligned as N, West as W};
    [
        (156, "CN", "CHN", "China", E),
        (840, "US", "USA", "United States", W),
        (276, "DE", "DEU", "Germany", W),
        (392, "JP", "JPN", "Japan", W),
        (410, "KR", "KOR", "Korea, Republic of", W),
        (250, "FR", "FRA", "France", W),
        (528, "NL", "NLD", "Netherlands", W),
        (380, "IT", "ITA", "Italy", W),
        (356, "IN", "IND", "India", N),
        (826, "GB", "GBR", "United Kingdom", W),
        (158, "TW", "TWN", "Taiwan", W),
        (124, "CA", "CAN", "Canada", W),
        (484, "MX", "MEX", "Mexico", N),
        (56, "BE", "BEL", "Belgium", W),
        (702, "SG", "SGP", "Singapore", N),
        (756, "CH", "CHE", "Switzerland", W),
        (344, "HK", "HKG", "Hong Kong", E),
        (724, "ES", "ESP", "Spain", W),
        (643, "RU", "RUS", "Russia", E),
        (704, "VN", "VNM", "Viet Nam", E),
        (458, "MY", "MYS", "Malaysia", N),
        (764, "TH", "THA", "Thailand", N),
        (36, "AU", "AUS", "Australia", W),
        (76, "BR", "BRA", "Brazil", N),
        (616, "PL", "POL", "Poland", W),
        (360, "ID", "IDN", "Indonesia", N),
        (682, "SA", "SAU", "Saudi Arabia", N),
        (784, "AE", "ARE", "United Arab Emirates", N),
        (792, "TR", "TUR", "Turkey", N),
        (40, "AT", "AUT", "Austria", W),
        (752, "SE", "SWE", "Sweden", W),
        (203, "CZ", "CZE", "Czechia", W),
        (372, "IE", "IRL", "Ireland", W),
        (578, "NO", "NOR", "Norway", W),
        (208, "DK", "DNK", "Denmark", W),
        (348, "HU", "HUN", "Hungary", W),
        (608, "PH", "PHL", "Philippines", N),
        (710, "ZA", "ZAF", "South Africa", N),
        (152, "CL", "CHL", "Chile", N),
        (32, "AR", "ARG", "Argentina", N),
        (376, "IL", "ISR", "Israel", W),
        (246, "FI", "FIN", "Finland", W),
        (620, "PT", "PRT", "Portugal", W),
        (642, "RO", "ROU", "Romania", W),
        (703, "SK", "SVK", "Slovakia", W),
        (818, "EG", "EGY", "Egypt", N),
        (566, "NG", "NGA", "Nigeria", N),
        (398, "KZ", "KAZ", "Kazakhstan", E),
        (364, "IR", "IRN", "Iran", E),
        (634, "QA", "QAT", "Qatar", N),
        (170, "CO", "COL", "Colombia", N),
        (604, "PE", "PER", "Peru", N),
        (554, "NZ", "NZL", "New Zealand", W),
        (300, "GR", "GRC", "Greece", W),
        (50, "BD", "BGD", "Bangladesh", N),
        (586, "PK", "PAK", "Pakistan", E),
        (504, "MA", "MAR", "Morocco", N),
        (100, "BG", "BGR", "Bulgaria", W),
        (804, "UA", "UKR", "Ukraine", W),
        (404, "KE", "KEN", "Kenya", N),
        (12, "DZ", "DZA", "Algeria", E),
        (112, "BY", "BLR", "Belarus", E),
        (4, "AF", "AFG", "Afghanistan", N),
        (496, "MN", "MNG", "Mongolia", N),
        (408, "KP", "PRK", "Korea, Dem. People's Rep.", E),
    ]
};

/// Real codes that the shipped scenario and chain examples name, with descriptions
/// written here, the exporter that dominates each and a partner it always supplies
/// (China's rare earths to Japan, Japan's fluorinated chemicals to Korea, the eyewear and
/// steroid chains' inputs to China and their products from China), so the examples have
/// flows to cut and segments to diagnose.
const NAMED_PRODUCTS: [(u32, &str, u16, u16); 18] = [
    (280530, "Rare-earth metals, scandium and yttrium", 156, 392),
    (284610, "Cerium compounds", 156, 392),
    (284690, "Other compounds of rare-earth metals", 156, 392),
    (281111, "Hydrogen fluoride (hydrofluoric acid)", 392, 410),
    (
        392099,
        "Plates, sheets and film of other plastics (incl. fluorinated polyimide)",
        392,
        410,
    ),
    (
        370790,
        "Chemical preparations for photographic uses (incl. photoresists)",
        392,
        410,
    ),
    (390740, "Polycarbonates, in primary forms", 276, 156),
    (810890, "Articles of titanium", 392, 156),
    (900150, "Spectacle lenses of other materials", 392, 156),
    (900140, "Spectacle lenses of glass", 392, 156),
    (
        900311,
        "Frames and mountings for spectacles, of plastics",
        156,
        840,
    ),
    (
        900319,
        "Frames and mountings for spectacles, of other materials",
        156,
        840,
    ),
    (
        900490,
        "Spectacles, goggles and the like (other than sunglasses)",
        156,
        840,
    ),
    (900410, "Sunglasses", 156, 840),
    (290613, "Sterols and inositols", 156, 840),
    (
        293729,
        "Steroidal hormones, their derivatives and structural analogues",
        156,
        276,
    ),
    (
        293299,
        "Other heterocyclic compounds with oxygen hetero-atoms only (incl. diosgenin)",
        156,
        840,
    ),
    (
        300439,
        "Medicaments containing hormones or steroids, in doses",
        276,
        156,
    ),
];

/// How much more weight a named product's dominant exporter gets.
const DOMINANT_WEIGHT: f64 = 8.0;

/// Share of a chapter's synthetic codes that the synthetic classification marks
/// intermediate: raw materials, chemicals, metals and parts mostly; food, clothing,
/// vehicles and furniture rarely.
fn intermediate_share(chapter: u32) -> f64 {
    match chapter {
        25..=29 | 31 | 32 | 34..=40 | 44 | 45 | 47 | 48 | 50..=56 | 59 | 68..=70 | 72..=83 => 0.85,
        84 | 85 | 90 => 0.5,
        1..=24 => 0.3,
        _ => 0.15,
    }
}

/// One economy of a generated world.
#[derive(Clone, Debug)]
pub struct Economy {
    /// Numeric code.
    pub code: u16,
    /// ISO alpha-2 (`X1` ... for synthetic economies).
    pub iso2: String,
    /// ISO alpha-3 (`X01` ... for synthetic economies).
    pub iso3: String,
    /// Name.
    pub name: String,
    /// Alignment.
    pub alignment: Alignment,
}

/// The economies of a run: [`ECONOMIES`] and `extra` numbered synthetic ones.
pub fn economies(extra: usize) -> Vec<Economy> {
    let typed = ECONOMIES
        .iter()
        .map(|&(code, iso2, iso3, name, alignment)| Economy {
            code,
            iso2: iso2.into(),
            iso3: iso3.into(),
            name: name.into(),
            alignment,
        });
    let numbered = (1..=extra.min(98)).map(|i| Economy {
        code: 900 + i as u16,
        iso2: String::new(),
        iso3: format!("X{i:02}"),
        name: format!("Synthetic economy {i}"),
        alignment: Alignment::NonAligned,
    });
    typed.chain(numbered).collect()
}

/// The product codes of a run: HS-shaped numbers spread over the 96 chapters, plus
/// `NAMED_PRODUCTS`, sorted.
pub fn products(n: usize) -> Vec<Hs6> {
    let chapters: Vec<u32> = (1..=97).filter(|&c| c != 77).collect();
    let mut codes: Vec<u32> = NAMED_PRODUCTS.iter().map(|p| p.0).collect();
    for i in 0..n.saturating_sub(codes.len()) {
        let chapter = chapters[i % chapters.len()];
        let j = (i / chapters.len()) as u32;
        let (heading, subheading) = (1 + (j / 9) % 99, 10 * (1 + j % 9));
        codes.push(chapter * 10_000 + heading * 100 + subheading);
    }
    codes.sort_unstable();
    codes.dedup();
    codes.into_iter().map(Hs6).collect()
}

/// The synthetic classification: which products are intermediate goods.
pub fn intermediate_goods(products: &[Hs6], seed: u64) -> Vec<Hs6> {
    let mut rng = Rng(seed ^ 0x1A7E);
    products
        .iter()
        .copied()
        .filter(|k| {
            let draw = rng.uniform();
            NAMED_PRODUCTS.iter().any(|p| p.0 == k.0) || draw < intermediate_share(k.0 / 10_000)
        })
        .collect()
}

/// One year of flows as BACI rows `(exporter, importer, product, value_thousand_usd, quantity_t)`.
type YearRows = Vec<(u16, u16, u32, f64, Option<f64>)>;

/// Generates the rows of every year, sorted like BACI (exporter, importer, product).
pub fn generate(options: &GeneratorOptions) -> Vec<(u16, YearRows)> {
    let mut rng = Rng(options.seed);
    let countries: Vec<u16> = economies(options.extra_economies)
        .iter()
        .map(|e| e.code)
        .collect();
    // Sizes: Pareto draws, largest to the economies listed first.
    let mut size_of: Vec<f64> = (0..countries.len()).map(|_| rng.pareto(1.6)).collect();
    size_of.sort_by(|a, b| b.total_cmp(a));
    let products = products(options.products);
    // Flows per product: heavy-tailed popularity scaled to the target row count.
    let popularity: Vec<f64> = products.iter().map(|_| rng.pareto(2.0)).collect();
    let total_popularity: f64 = popularity.iter().sum();
    let mut first_year: YearRows = Vec::with_capacity(options.rows_per_year + products.len());
    for (p, &product) in products.iter().enumerate() {
        let budget = ((popularity[p] / total_popularity) * options.rows_per_year as f64)
            .round()
            .max(1.0);
        // Exporters: dozens for most goods, one to three for about one in twenty.
        let n_exporters = if rng.uniform() < 0.05 {
            1 + (rng.next_u64() % 3) as usize
        } else {
            (budget.powf(0.7) * (0.6 + 0.8 * rng.uniform())).round() as usize
        }
        .clamp(1, countries.len() - 1);
        let mut exporters = weighted_sample(&mut rng, &size_of, n_exporters, 0.8);
        let named = NAMED_PRODUCTS.iter().find(|n| n.0 == product.0);
        let position = |code: u16| countries.iter().position(|&c| c == code);
        let dominant = named.and_then(|n| position(n.2));
        if let Some(d) = dominant.filter(|d| !exporters.contains(d)) {
            exporters.push(d);
        }
        let scale = (rng.normal() * 1.5 + 9.0).exp();
        let unit_price = (rng.normal() + 1.0).exp();
        let mut weights: Vec<f64> = exporters
            .iter()
            .map(|&e| {
                let boost = if Some(e) == dominant {
                    DOMINANT_WEIGHT
                } else {
                    1.0
                };
                boost * size_of[e].sqrt() * (rng.normal() * 0.8).exp()
            })
            .collect();
        let weight_sum: f64 = weights.iter().sum();
        weights.iter_mut().for_each(|w| *w /= weight_sum);
        // Destinations per exporter grow with the square root of its weight.
        let reach_sum: f64 = weights.iter().map(|w| w.sqrt()).sum();
        for (&e, &w) in exporters.iter().zip(&weights) {
            let n_importers =
                ((budget * w.sqrt() / reach_sum).round() as usize).clamp(1, countries.len() - 1);
            let mut importers = weighted_sample(&mut rng, &size_of, n_importers + 1, 0.7);
            let partner = named.and_then(|n| position(n.3));
            if let Some(p) = partner.filter(|p| Some(e) == dominant && !importers.contains(p)) {
                importers.push(p);
            }
            for m in importers {
                if m == e {
                    continue;
                }
                let value = scale * w * size_of[m].powf(0.7) * (rng.normal() * 1.2).exp();
                let value = (value.max(0.001) * 1000.0).round() / 1000.0;
                let quantity = (rng.uniform() > 0.03)
                    .then(|| ((value / unit_price) * 1000.0).round() / 1000.0);
                first_year.push((countries[e], countries[m], product.0, value, quantity));
            }
        }
    }
    first_year.sort_by_key(|r| (r.0, r.1, r.2));
    first_year.dedup_by_key(|r| (r.0, r.1, r.2));
    let planted = options
        .reallocation
        .as_ref()
        .map(|r| (r, planted_goods(&first_year, r, &products, options.seed)));
    let mut years = Vec::new();
    let mut previous = first_year;
    for (i, &year) in options.years.iter().enumerate() {
        if i > 0 {
            previous = perturb(&mut rng, &previous, &countries);
        }
        match planted {
            Some((r, ref goods)) if year >= r.from_year => {
                years.push((year, plant(&previous, r, goods)));
            }
            _ => years.push((year, previous.clone())),
        }
    }
    years
}

/// Every other intermediate good the importer buys from the loser in the first year.
fn planted_goods(rows: &YearRows, r: &Reallocation, products: &[Hs6], seed: u64) -> Vec<u32> {
    let intermediate = intermediate_goods(products, seed);
    let mut goods: Vec<u32> = rows
        .iter()
        .filter(|row| (row.0, row.1) == (r.loser, r.importer))
        .map(|row| row.2)
        .filter(|&k| intermediate.binary_search(&Hs6(k)).is_ok())
        .collect();
    goods.sort_unstable();
    goods.dedup();
    goods.into_iter().step_by(2).collect()
}

/// One year's rows with the reallocation applied to the planted goods.
fn plant(rows: &YearRows, r: &Reallocation, goods: &[u32]) -> YearRows {
    let round = |v: f64| (v.max(0.001) * 1000.0).round() / 1000.0;
    let mut out = rows.clone();
    for row in rows {
        if (row.0, row.1) != (r.loser, r.importer) || goods.binary_search(&row.2).is_err() {
            continue;
        }
        let moved = row.3 * r.moved;
        for &(gainer, part) in &r.gainers {
            out.push((gainer, r.importer, row.2, round(moved * part), None));
            let inputs = moved * part * r.sourced_from_loser;
            out.push((r.loser, gainer, row.2, round(inputs), None));
        }
    }
    for row in out.iter_mut() {
        if (row.0, row.1) == (r.loser, r.importer) && goods.binary_search(&row.2).is_ok() {
            row.3 = round(row.3 * (1.0 - r.moved));
        }
    }
    // A gainer that already supplied the good keeps one row: the values are summed.
    out.sort_by_key(|row| (row.0, row.1, row.2));
    out.dedup_by(|later, kept| {
        let same = (later.0, later.1, later.2) == (kept.0, kept.1, kept.2);
        if same {
            kept.3 = ((kept.3 + later.3) * 1000.0).round() / 1000.0;
        }
        same
    });
    out
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

fn perturb(rng: &mut Rng, rows: &YearRows, countries: &[u16]) -> YearRows {
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
            let m2 = countries[(rng.next_u64() % countries.len() as u64) as usize];
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

/// The tables written beside the year files, all SYNTHETIC: countries and products in
/// BACI's layouts, the intermediate goods (`hs6`) and ideal points
/// (`iso3,session,ideal_point`, UN General Assembly sessions 60-78).
fn tables(options: &GeneratorOptions) -> [(String, String); 4] {
    let economies = economies(options.extra_economies);
    let mut countries = String::from("country_code,country_name,country_iso2,country_iso3\n");
    for e in &economies {
        let _ = writeln!(countries, "{},\"{}\",{},{}", e.code, e.name, e.iso2, e.iso3);
    }
    let products = products(options.products);
    let mut descriptions = String::from("code,description\n");
    for k in &products {
        let text = NAMED_PRODUCTS.iter().find(|p| p.0 == k.0).map_or_else(
            || format!("Synthetic good {k} (HS chapter {:02})", k.0 / 10_000),
            |p| format!("{} (SYNTHETIC trade)", p.1),
        );
        let _ = writeln!(descriptions, "{k},\"{text}\"");
    }
    let mut intermediate = String::from("hs6\n");
    for k in intermediate_goods(&products, options.seed) {
        let _ = writeln!(intermediate, "{k}");
    }
    let mut rng = Rng(options.seed ^ 0x1DEA);
    let mut points = String::from("iso3,session,ideal_point\n");
    for e in &economies {
        let base = match e.alignment {
            Alignment::West => 1.0 + 1.5 * rng.uniform(),
            Alignment::East => -1.0 - 1.0 * rng.uniform(),
            Alignment::NonAligned => -0.6 + 1.0 * rng.uniform(),
        };
        for session in 60..=78 {
            let _ = writeln!(
                points,
                "{},{session},{:.4}",
                e.iso3,
                base + 0.1 * rng.normal()
            );
        }
    }
    let v = "Vsynthetic";
    [
        (format!("country_codes_{v}.csv"), countries),
        (format!("product_codes_HS17_{v}.csv"), descriptions),
        (format!("intermediate_goods_{v}.csv"), intermediate),
        (format!("ideal_points_{v}.csv"), points),
    ]
}

/// The files of a synthetic BACI release: `(name, contents)`.
pub fn files(options: &GeneratorOptions) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = tables(options).into();
    files.push((
        "README_SYNTHETIC.txt".to_string(),
        format!(
            "SYNTHETIC data made by chainlens-bench (seed {}, {} rows per year, {} products). \
             Not real trade: countries, product codes, the intermediate-goods list and the \
             ideal points are all generated.\n",
            options.seed, options.rows_per_year, options.products
        ),
    ));
    for (year, rows) in generate(options) {
        if !options.written_years.is_empty() && !options.written_years.contains(&year) {
            continue;
        }
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
