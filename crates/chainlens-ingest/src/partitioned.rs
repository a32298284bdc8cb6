//! The cache's flows exported for other tools as a Hive-partitioned Parquet dataset,
//! `CACHE/by-year/year=YYYY/flows.parquet`, one file per year (`chainlens import ...
//! --by-year`). Each file has `flows.parquet`'s columns, types and encodings less the
//! year, which the directory names: DuckDB (`read_parquet('CACHE/by-year/*/*.parquet',
//! hive_partitioning = true)`), polars (`scan_parquet(..., hive_partitioning=True)`),
//! DataFusion and Spark read the folder as one table with a `year` column and skip the
//! years a query filters out. chainlens itself never reads it: `flows.parquet` and
//! `flows.columns` stay the cache's source of truth.

use crate::IngestError;
use crate::cache::{FLOWS_FILE, FlowColumns, write_flows_parquet};
use chainlens_model::CanonicalFlows;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The folder of the by-year export inside a cache directory.
pub const BY_YEAR_DIR: &str = "by-year";

/// Writes the flows (the cache's, in canonical order, so each year's rows are together) as
/// `cache_dir/by-year/year=YYYY/flows.parquet`, one file per year present, after
/// removing any earlier export there; returns the files written, in year order.
pub fn write(flows: &CanonicalFlows, cache_dir: &Path) -> Result<Vec<PathBuf>, IngestError> {
    remove(cache_dir)?;
    let root = cache_dir.join(BY_YEAR_DIR);
    let mut years = Vec::new();
    let mut start = 0;
    while start < flows.len() {
        let year = flows.year[start];
        let end = start + flows.year[start..].partition_point(|&y| y == year);
        years.push((year, start..end));
        start = end;
    }
    years
        .into_par_iter()
        .map(|(year, rows)| {
            let dir = root.join(format!("year={}", year.0));
            std::fs::create_dir_all(&dir).map_err(|e| IngestError::io(&dir, e))?;
            let path = dir.join(FLOWS_FILE);
            write_flows_parquet(flows, rows, FlowColumns::WithoutYear, &path)?;
            Ok(path)
        })
        .collect()
}

/// Removes `cache_dir/by-year` when it exists (an import without `--by-year` does, so
/// that no export of earlier data is left beside the new cache).
pub fn remove(cache_dir: &Path) -> Result<(), IngestError> {
    let root = cache_dir.join(BY_YEAR_DIR);
    match std::fs::remove_dir_all(&root) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(IngestError::io(&root, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::{CountryCode, Hs6, TradeFlows, Year};
    use parquet::column::reader::get_typed_column_reader;
    use parquet::data_type::{DoubleType, Int32Type};
    use parquet::file::reader::{FileReader, SerializedFileReader};

    fn c(code: u16) -> CountryCode {
        CountryCode::new(code).unwrap()
    }

    /// Two years in canonical order: 2018 has three flows (10 + 20 + 5 = 35 USD),
    /// 2019 two (7 + 1.5 = 8.5 USD), one with an unknown quantity.
    fn flows() -> CanonicalFlows {
        let mut f = TradeFlows::with_capacity(5);
        f.push(Year(2018), c(4), c(8), Hs6(10_110), 10.0, Some(1.0));
        f.push(Year(2018), c(8), c(4), Hs6(10_110), 20.0, Some(2.0));
        f.push(Year(2018), c(4), c(8), Hs6(20_220), 5.0, None);
        f.push(Year(2019), c(842), c(4), Hs6(10_110), 7.0, Some(3.0));
        f.push(Year(2019), c(4), c(842), Hs6(30_330), 1.5, Some(0.5));
        f.try_into().unwrap()
    }

    /// The columns of one file: names, the three code columns and value, quantity.
    fn read(path: &Path) -> (Vec<String>, [Vec<i32>; 3], [Vec<f64>; 2]) {
        let file = std::fs::File::open(path).unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let schema = reader.metadata().file_metadata().schema_descr();
        let names = schema
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        let mut ints: [Vec<i32>; 3] = Default::default();
        let mut doubles: [Vec<f64>; 2] = Default::default();
        for g in 0..reader.num_row_groups() {
            let group = reader.get_row_group(g).unwrap();
            let rows = group.metadata().num_rows() as usize;
            for (i, column) in ints.iter_mut().enumerate() {
                let mut r =
                    get_typed_column_reader::<Int32Type>(group.get_column_reader(i).unwrap());
                r.read_records(rows, None, None, column).unwrap();
            }
            for (i, column) in doubles.iter_mut().enumerate() {
                let mut r =
                    get_typed_column_reader::<DoubleType>(group.get_column_reader(3 + i).unwrap());
                r.read_records(rows, None, None, column).unwrap();
            }
        }
        (names, ints, doubles)
    }

    #[test]
    fn one_file_per_year_without_the_year_column() {
        let dir = tempfile::tempdir().unwrap();
        let written = write(&flows(), dir.path()).unwrap();
        let root = dir.path().join(BY_YEAR_DIR);
        assert_eq!(
            written,
            vec![
                root.join("year=2018").join(FLOWS_FILE),
                root.join("year=2019").join(FLOWS_FILE)
            ]
        );
        let (names, ints, doubles) = read(&written[0]);
        assert_eq!(
            names,
            ["product", "exporter", "importer", "value", "quantity"]
        );
        assert_eq!(
            ints,
            [vec![10_110, 10_110, 20_220], vec![4, 8, 4], vec![8, 4, 8]]
        );
        assert_eq!(doubles[0], [10.0, 20.0, 5.0]);
        assert_eq!(doubles[0].iter().sum::<f64>(), 35.0);
        assert_eq!(doubles[1][..2], [1.0, 2.0]);
        assert!(doubles[1][2].is_nan());
        let (_, ints, doubles) = read(&written[1]);
        assert_eq!(ints, [vec![10_110, 30_330], vec![842, 4], vec![4, 842]]);
        assert_eq!(doubles, [vec![7.0, 1.5], vec![3.0, 0.5]]);
    }

    #[test]
    fn a_new_export_replaces_the_old_years_and_remove_clears_it() {
        let dir = tempfile::tempdir().unwrap();
        write(&flows(), dir.path()).unwrap();
        let one_year = flows().truncated(3);
        assert_eq!(write(&one_year, dir.path()).unwrap().len(), 1);
        let root = dir.path().join(BY_YEAR_DIR);
        assert!(root.join("year=2018").exists());
        assert!(!root.join("year=2019").exists());
        remove(dir.path()).unwrap();
        assert!(!root.exists());
        remove(dir.path()).unwrap();
    }

    #[test]
    fn write_errors_name_the_path() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the cache folder should be.
        let file_in_the_way = dir.path().join("not-a-dir");
        std::fs::write(&file_in_the_way, "").unwrap();
        let message = write(&flows(), &file_in_the_way).unwrap_err().to_string();
        assert!(message.contains("not-a-dir"), "{message}");
    }
}
