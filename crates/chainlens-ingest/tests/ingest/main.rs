//! Integration tests of `chainlens-ingest`: every reason a line can go unused,
//! the defined behaviour of broken inputs, the same numbers from a directory, its
//! zip and the cache, BACI and Comtrade views of the same flows, and the real BACI
//! extracts in `../shared/data/`.

mod baci_formats;
mod equivalence;
mod fuzz;
mod real_extracts;
mod robustness;

use chainlens_ingest::ReadOptions;
use chainlens_ingest::reference::ReferenceDir;
use std::io::Write;
use std::path::Path;

/// Default read options with `../shared/data` as the reference data directory.
pub fn options() -> ReadOptions {
    ReadOptions {
        reference: Some(ReferenceDir::new(chainlens_testing::shared_data())),
        ..ReadOptions::default()
    }
}

/// A BACI country table covering the codes the hand-made files use.
pub const COUNTRIES: &str = "country_code,country_name,country_iso2,country_iso3
4,Afghanistan,AF,AFG
156,China,CN,CHN
392,Japan,JP,JPN
410,Korea,KR,KOR
842,USA,US,USA
0,World,N/A,N/A
899,\"Areas, nes\",N/A,N/A
";

/// Writes a BACI directory: the country table plus `(file name, contents)` pairs.
pub fn baci_dir(dir: &Path, files: &[(&str, &str)]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("country_codes_V202401.csv"), COUNTRIES).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// Zips every file of `dir` into `zip_path`, plus a Readme as CEPII's zips have.
pub fn zip_dir(dir: &Path, zip_path: &Path) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("Readme.txt", opts).unwrap();
    zip.write_all(b"BACI readme").unwrap();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        zip.start_file(path.file_name().unwrap().to_str().unwrap(), opts)
            .unwrap();
        zip.write_all(&std::fs::read(&path).unwrap()).unwrap();
    }
    zip.finish().unwrap();
}
