//! The exposure of a country's industries to its vulnerable imports (METHODS §2.9).
//!
//! # Formula
//! For country `c` of the table, with goods `g` imported at value `M(g)` (USD a year, the
//! trade window's mean), each in a bucket `b(g)` (a vulnerability category 1-4, or for the
//! reverse view "the goods asked about" against "other goods"), and the goods' weights
//! `w(g,s)` over the table's industries ([`crate::goods`]):
//! * share of supplying industry `s`'s imports in bucket `b`:
//!   `q(s,b) = sum_{g: b(g)=b} w(g,s) M(g) / sum_g w(g,s) M(g)`; an industry with no
//!   imported goods (services, goods the country does not import) is wholly in the bucket
//!   `no_goods`, so that `sum_b q(s,b) = 1` for every `s`.
//! * imported inputs of using industry `j` from `s`: `Zm(s,j) = sum_{o != c} Z[(o,s),(c,j)]`;
//!   direct exposure `D(j,b) = sum_s Zm(s,j) q(s,b)`, which adds up over buckets to the
//!   industry's imported inputs `sum_s Zm(s,j)`.
//! * total (direct and through domestic suppliers, Hummels-Ishii-Yi's vertical
//!   specialisation): `T = Am (I - Ad)^-1` with `Am(s,j) = Zm(s,j) / x(c,j)` and `Ad` the
//!   domestic input coefficients of `c`; `T(s,j)` is the imports of industry `s` needed,
//!   anywhere in `c`'s domestic chain, for one unit of `j`'s output, and the total share of
//!   bucket `b` is `sum_s T(s,j) q(s,b) / sum_s T(s,j)`.
//! * country level: direct shares weighted by imported inputs, total shares by output
//!   (`sum_j x(j) T(.,j) q(.,b) / sum_j x(j) T(.,j)`).
//!
//! # Units
//! Trade values only enter through the shares `q`; every value reported is in the table's
//! unit, so trade data in USD and a table in USD million (or any currency) combine.

use crate::ExposureError;
use crate::goods::{GoodsToIndustries, Placement};
use chainlens_model::{Hs6, IcioTable};
use faer::Mat;
use faer::linalg::solvers::DenseSolveCore;

/// One imported good of the country, placed in a bucket.
#[derive(Clone, Debug, PartialEq)]
pub struct BucketedGood {
    /// The good.
    pub hs6: Hs6,
    /// Its bucket, `0..buckets` (the last bucket, `no_goods`, is not a good's).
    pub bucket: usize,
    /// Imports, USD a year.
    pub value: f64,
}

/// A good's contribution to one industry's direct exposure in a bucket.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    /// Index into the goods given.
    pub good: usize,
    /// Imported inputs of the industry it accounts for, table unit.
    pub value: f64,
}

/// One using industry of the country.
#[derive(Clone, Debug, PartialEq)]
pub struct IndustryExposure {
    /// Index into the table's sectors.
    pub industry: usize,
    /// Gross output `x(c,j)`.
    pub output: f64,
    /// Imported inputs `sum_s Zm(s,j)`.
    pub imported_inputs: f64,
    /// Direct value by bucket, `D(j,b)`; the last entry is `no_goods`.
    pub direct: Vec<f64>,
    /// Imported content per unit of output, direct only (`sum_s Am(s,j)`).
    pub content_direct: f64,
    /// Imported content per unit of output, direct and indirect (`sum_s T(s,j)`).
    pub content_total: f64,
    /// Total content by bucket (`sum_s T(s,j) q(s,b)`); adds up to `content_total`.
    pub total: Vec<f64>,
    /// The goods contributing most to bucket 0, largest first.
    pub top_goods: Vec<Contribution>,
}

impl IndustryExposure {
    /// Direct share of bucket `b` in the imported inputs (0 with no imported inputs).
    pub fn direct_share(&self, b: usize) -> f64 {
        ratio(self.direct[b], self.imported_inputs)
    }

    /// Total share of bucket `b` in the imported content.
    pub fn total_share(&self, b: usize) -> f64 {
        ratio(self.total[b], self.content_total)
    }
}

/// The country's industries with what did not reach them.
#[derive(Clone, Debug, PartialEq)]
pub struct CountryExposure {
    /// Index into the table's countries.
    pub country: usize,
    /// Every industry, in table order.
    pub industries: Vec<IndustryExposure>,
    /// Imports (USD a year) of goods the concordance places in no industry of the table.
    pub unmapped_usd: f64,
    /// Imports (USD a year) of all goods given.
    pub goods_usd: f64,
}

impl CountryExposure {
    /// Direct share of bucket `b` in all imported inputs of the country.
    pub fn direct_share(&self, b: usize) -> f64 {
        let sum = |f: &dyn Fn(&IndustryExposure) -> f64| self.industries.iter().map(f).sum();
        ratio(sum(&|i| i.direct[b]), sum(&|i| i.imported_inputs))
    }

    /// Output-weighted total share of bucket `b`.
    pub fn total_share(&self, b: usize) -> f64 {
        let sum = |f: &dyn Fn(&IndustryExposure) -> f64| self.industries.iter().map(f).sum();
        ratio(
            sum(&|i| i.output * i.total[b]),
            sum(&|i| i.output * i.content_total),
        )
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

/// How many goods to keep per industry in [`IndustryExposure::top_goods`].
pub const TOP_GOODS: usize = 3;

/// The exposure of country `country`'s industries, with `buckets` buckets for goods
/// (the `no_goods` bucket is added after them).
pub fn country_exposure(
    table: &IcioTable,
    country: usize,
    goods: &[BucketedGood],
    buckets: usize,
    link: &GoodsToIndustries,
) -> Result<CountryExposure, ExposureError> {
    Ok(CountryInputs::new(table, country)?.exposure(table, goods, buckets, link))
}

/// A country's imported inputs `Zm` and total requirements `T`: what every bucketing of
/// its goods (categories, the goods asked about) carries to its industries, formed once.
#[derive(Clone, Debug)]
pub struct CountryInputs {
    /// Index into the table's countries.
    pub country: usize,
    imported: Mat<f64>,
    total: Mat<f64>,
}

impl CountryInputs {
    /// `Zm` and `T = Am (I - Ad)^-1` of `country`.
    pub fn new(table: &IcioTable, country: usize) -> Result<Self, ExposureError> {
        let imported = imported_inputs(table, country);
        let total = total_requirements(table, country, &imported)?;
        Ok(Self {
            country,
            imported,
            total,
        })
    }

    /// The exposure of the country's industries to `goods` in `buckets` buckets.
    pub fn exposure(
        &self,
        table: &IcioTable,
        goods: &[BucketedGood],
        buckets: usize,
        link: &GoodsToIndustries,
    ) -> CountryExposure {
        let sectors = table.n_sectors();
        let supply = SupplierShares::new(goods, buckets, sectors, link);
        let industries = (0..sectors)
            .map(|j| {
                let x = table.x[self.country * sectors + j];
                let column = |m: &Mat<f64>| (0..sectors).map(|s| m[(s, j)]).collect::<Vec<f64>>();
                let (direct_in, total_in) = (column(&self.imported), column(&self.total));
                let content_direct = if x > 0.0 {
                    direct_in.iter().sum::<f64>() / x
                } else {
                    0.0
                };
                IndustryExposure {
                    industry: j,
                    output: x,
                    imported_inputs: direct_in.iter().sum(),
                    direct: supply.carry(&direct_in),
                    content_direct,
                    content_total: total_in.iter().sum(),
                    total: supply.carry(&total_in),
                    top_goods: supply.top_goods(goods, &direct_in),
                }
            })
            .collect();
        CountryExposure {
            country: self.country,
            industries,
            unmapped_usd: supply.unmapped_usd,
            goods_usd: goods.iter().map(|g| g.value).sum(),
        }
    }
}

/// `q(s,b)` with the values behind it.
struct SupplierShares {
    /// `[s][b]`, buckets then `no_goods`.
    shares: Vec<Vec<f64>>,
    /// `sum_g w(g,s) M(g)`.
    value: Vec<f64>,
    /// Each good's industries.
    placements: Vec<Placement>,
    unmapped_usd: f64,
}

impl SupplierShares {
    fn new(
        goods: &[BucketedGood],
        buckets: usize,
        sectors: usize,
        link: &GoodsToIndustries,
    ) -> Self {
        let mut by_bucket = vec![vec![0.0; buckets + 1]; sectors];
        let placements: Vec<Placement> = goods.iter().map(|g| link.place(g.hs6)).collect();
        let mut unmapped_usd = 0.0;
        for (g, placed) in goods.iter().zip(&placements) {
            unmapped_usd += g.value * placed.unmapped;
            for &(s, w) in &placed.industries {
                by_bucket[s][g.bucket.min(buckets - 1)] += w * g.value;
            }
        }
        let value: Vec<f64> = by_bucket.iter().map(|b| b.iter().sum()).collect();
        let shares = by_bucket
            .into_iter()
            .zip(&value)
            .map(|(mut b, &v)| {
                if v > 0.0 {
                    b.iter_mut().for_each(|x| *x /= v);
                } else {
                    b[buckets] = 1.0;
                }
                b
            })
            .collect();
        Self {
            shares,
            value,
            placements,
            unmapped_usd,
        }
    }

    /// `sum_s v(s) q(s,b)` for every bucket.
    fn carry(&self, by_supplier: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.shares[0].len()];
        for (v, q) in by_supplier.iter().zip(&self.shares) {
            for (o, q) in out.iter_mut().zip(q) {
                *o += v * q;
            }
        }
        out
    }

    /// The goods of bucket 0 whose share of each supplier carries most of `by_supplier`.
    fn top_goods(&self, goods: &[BucketedGood], by_supplier: &[f64]) -> Vec<Contribution> {
        let mut out: Vec<Contribution> = goods
            .iter()
            .zip(&self.placements)
            .enumerate()
            .filter(|(_, (g, _))| g.bucket == 0)
            .map(|(i, (g, placed))| {
                let value = placed
                    .industries
                    .iter()
                    .map(|&(s, w)| ratio(by_supplier[s] * w * g.value, self.value[s]))
                    .sum();
                Contribution { good: i, value }
            })
            .filter(|c| c.value > 0.0)
            .collect();
        out.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.good.cmp(&b.good)));
        out.truncate(TOP_GOODS);
        out
    }
}

/// `Zm(s,j)`: the country's intermediate imports by supplying industry and user.
fn imported_inputs(table: &IcioTable, country: usize) -> Mat<f64> {
    let (n, sectors) = (table.n(), table.n_sectors());
    let users = country * sectors;
    let mut m = Mat::<f64>::zeros(sectors, sectors);
    for origin in (0..table.n_countries()).filter(|&o| o != country) {
        for s in 0..sectors {
            let row = &table.z[(origin * sectors + s) * n..][users..users + sectors];
            for (j, z) in row.iter().enumerate() {
                m[(s, j)] += z;
            }
        }
    }
    m
}

/// `T = Am (I - Ad)^-1`.
fn total_requirements(
    table: &IcioTable,
    country: usize,
    imported: &Mat<f64>,
) -> Result<Mat<f64>, ExposureError> {
    let sectors = table.n_sectors();
    let base = country * sectors;
    let inv_x = |j: usize| {
        let x = table.x[base + j];
        if x > 0.0 { 1.0 / x } else { 0.0 }
    };
    let leontief_domestic = Mat::<f64>::from_fn(sectors, sectors, |i, j| {
        let a = table.z_at(base + i, base + j) * inv_x(j);
        if i == j { 1.0 - a } else { -a }
    })
    .partial_piv_lu()
    .inverse();
    let finite = (0..sectors).all(|j| (0..sectors).all(|i| leontief_domestic[(i, j)].is_finite()));
    if !finite {
        return Err(ExposureError::Singular {
            country: table.countries[country].clone(),
        });
    }
    let am = Mat::<f64>::from_fn(sectors, sectors, |s, j| imported[(s, j)] * inv_x(j));
    Ok(am * leontief_domestic)
}
