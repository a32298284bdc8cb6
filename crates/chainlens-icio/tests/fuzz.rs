//! Fuzzing on stable Rust (issue 14): the input-output readers get arbitrary bytes and
//! structured mutations of a valid generic CSV (the embedded example written out) and of
//! a pymrio folder's `Z.txt`, and of an OECD national table (China 2018 of
//! ../shared/data/oecd-iot2021-national). Each read must end without a panic in a table that passed
//! the reader's checks (every number finite) or in an error that names the file.
//!
//! `CHAINLENS_FUZZ_CASES` sets the number of cases per property (default 48).

use chainlens_icio::pymrio::write_pymrio;
use chainlens_icio::{ReadOptions, example, read_table, wide};
use chainlens_testing::{apply_bytes, arbitrary_bytes, config, mutations};
use proptest::prelude::*;
use std::path::Path;

/// Reads `path` and checks the outcome: a table of finite numbers, or an error naming `shown`.
fn read_checked(path: &Path, shown: &Path) {
    match read_table(path, ReadOptions::default()) {
        Ok((table, report)) => {
            let finite = |v: &[f64]| v.iter().all(|x| x.is_finite());
            assert!(finite(&table.z) && finite(&table.y) && finite(&table.x) && finite(&table.va));
            assert_eq!(report.checked, table.n());
        }
        Err(e) => {
            let text = e.to_string();
            assert!(
                text.contains(&shown.display().to_string()),
                "error names no file: {text}"
            );
        }
    }
}

fn generic_csv() -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    wide::write_generic(&example::example_table(), &path).unwrap();
    std::fs::read_to_string(path).unwrap()
}

/// The header and the 50 rows of China's 2018 national table.
fn national_csv() -> String {
    let path =
        chainlens_testing::shared_data().join("oecd-iot2021-national/OECD21ed_CHN_1995to2018.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let rows: Vec<&str> = lines
        .filter(|l| l.starts_with("OECD21ed_CHN_2018,"))
        .collect();
    assert_eq!(rows.len(), 50);
    format!("{header}\n{}\n", rows.join("\n"))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_national_tables_read_or_fail_naming_the_file(m in mutations()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("national.csv");
        std::fs::write(&path, apply_bytes(&national_csv(), &m)).unwrap();
        read_checked(&path, &path);
    }

    #[test]
    fn mutated_generic_tables_read_or_fail_naming_the_file(m in mutations()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, apply_bytes(&generic_csv(), &m)).unwrap();
        read_checked(&path, &path);
    }

    #[test]
    fn arbitrary_bytes_as_a_table_fail_naming_the_file(bytes in arbitrary_bytes()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, bytes).unwrap();
        read_checked(&path, &path);
    }

    #[test]
    fn mutated_pymrio_folders_read_or_fail_naming_the_folder(m in mutations()) {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("mrio");
        write_pymrio(&example::example_table(), &folder).unwrap();
        let z = folder.join("Z.txt");
        let text = std::fs::read_to_string(&z).unwrap();
        std::fs::write(&z, apply_bytes(&text, &m)).unwrap();
        read_checked(&folder, &folder);
    }
}
