//! Where a CSV table's bytes come from: a plain file, a gzip stream
//! (`.csv.gz`, as the WIOD 2013 conversion in `../shared/data/wiod2013` and
//! many mirrors publish) or one member of a zip archive (an OECD ICIO release,
//! which bundles one CSV per year). Every reader of [`crate::read_table`]
//! goes through [`with_csv_reader`], so the three behave alike.
//!
//! # Picking a zip member
//! A zip holding one CSV member needs no year. With several, the year picks
//! the one CSV member whose file name contains it (`ICIO2023_2019.csv`);
//! none or several is [`IcioError::Archive`] listing the members.
//!
//! # Truncation
//! A gzip stream that ends early, or whose checksum fails, and a zip member
//! that cannot be inflated, are [`IcioError::Archive`] naming the member
//! (for gzip: the file); a zip cut before its central directory cannot list
//! its members and names the archive. Errors found while parsing a member
//! name it as `archive.zip!member.csv`.

use crate::error::{IcioError, io_err};
use std::io::Read;
use std::path::{Path, PathBuf};

/// How the bytes of a table are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    /// A plain file.
    Plain,
    /// A gzip stream (`.gz`).
    Gzip,
    /// A zip archive (`.zip`).
    Zip,
}

/// The container of `path`, from its extension (case-insensitive).
pub fn container_of(path: &Path) -> Container {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if name.ends_with(".gz") {
        Container::Gzip
    } else if name.ends_with(".zip") {
        Container::Zip
    } else {
        Container::Plain
    }
}

/// The extension that says what the bytes are, after any container suffix
/// (`t.csv.gz` -> `csv`; `release.zip` -> `csv`, as a release holds CSVs).
pub(crate) fn inner_extension(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = match container_of(path) {
        Container::Gzip => name.trim_end_matches(".gz").to_string(),
        Container::Zip => return Some("csv".into()),
        Container::Plain => name,
    };
    name.rsplit_once('.').map(|(_, e)| e.to_string())
}

/// Turns an IO error while decompressing into a located [`IcioError::Archive`].
struct Located<R> {
    inner: R,
    archive: PathBuf,
    member: String,
}

impl<R: Read> Read for Located<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            let what = if e.kind() == std::io::ErrorKind::UnexpectedEof {
                "truncated: the compressed stream ends early".to_string()
            } else {
                e.to_string()
            };
            std::io::Error::other(ArchiveFault {
                archive: self.archive.clone(),
                member: self.member.clone(),
                message: what,
            })
        })
    }
}

#[derive(Debug)]
struct ArchiveFault {
    archive: PathBuf,
    member: String,
    message: String,
}

impl std::fmt::Display for ArchiveFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ArchiveFault {}

/// If `err` (from a CSV parser or a read) came from decompression, the
/// located [`IcioError::Archive`] it stands for.
pub(crate) fn archive_fault(err: &(dyn std::error::Error + 'static)) -> Option<IcioError> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && let Some(f) = io.get_ref().and_then(|i| i.downcast_ref::<ArchiveFault>())
        {
            return Some(IcioError::Archive {
                path: f.archive.clone(),
                member: f.member.clone(),
                message: f.message.clone(),
            });
        }
        if let Some(f) = e.downcast_ref::<ArchiveFault>() {
            return Some(IcioError::Archive {
                path: f.archive.clone(),
                member: f.member.clone(),
                message: f.message.clone(),
            });
        }
        cur = e.source();
    }
    None
}

/// Calls `parse` with a reader over the table's CSV bytes and the name to
/// use in error messages (the file, or `archive.zip!member`).
pub fn with_csv_reader<T>(
    path: &Path,
    year: Option<u16>,
    parse: impl FnOnce(&mut dyn Read, &Path) -> Result<T, IcioError>,
) -> Result<T, IcioError> {
    open(path, year, false, parse)
}

fn open<T>(
    path: &Path,
    year: Option<u16>,
    first_member: bool,
    parse: impl FnOnce(&mut dyn Read, &Path) -> Result<T, IcioError>,
) -> Result<T, IcioError> {
    match container_of(path) {
        Container::Plain => {
            if let Some(y) = year {
                return Err(IcioError::YearWithSingleTable {
                    path: path.to_path_buf(),
                    year: y,
                });
            }
            let f = std::fs::File::open(path).map_err(io_err(path))?;
            let mut r = std::io::BufReader::with_capacity(1 << 20, f);
            parse(&mut r, path)
        }
        Container::Gzip => {
            if let Some(y) = year {
                return Err(IcioError::YearWithSingleTable {
                    path: path.to_path_buf(),
                    year: y,
                });
            }
            let f = std::fs::File::open(path).map_err(io_err(path))?;
            let member = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .trim_end_matches(".gz")
                .trim_end_matches(".GZ")
                .to_string();
            let mut r = std::io::BufReader::with_capacity(
                1 << 20,
                Located {
                    inner: flate2::read::MultiGzDecoder::new(std::io::BufReader::new(f)),
                    archive: path.to_path_buf(),
                    member,
                },
            );
            parse(&mut r, path)
        }
        Container::Zip => {
            let f = std::fs::File::open(path).map_err(io_err(path))?;
            let mut zip = zip::ZipArchive::new(std::io::BufReader::new(f)).map_err(|e| {
                IcioError::Archive {
                    path: path.to_path_buf(),
                    member: String::new(),
                    message: format!("not a readable zip archive ({e}); a truncated download loses the member list at its end"),
                }
            })?;
            let csvs = csv_members(&zip);
            let member = match csvs.first() {
                Some(first) if first_member => first.clone(),
                _ => pick_member(path, &csvs, year)?,
            };
            let file = zip.by_name(&member).map_err(|e| IcioError::Archive {
                path: path.to_path_buf(),
                member: member.clone(),
                message: e.to_string(),
            })?;
            let name = PathBuf::from(format!("{}!{member}", path.display()));
            let mut r = std::io::BufReader::with_capacity(
                1 << 20,
                Located {
                    inner: file,
                    archive: path.to_path_buf(),
                    member,
                },
            );
            parse(&mut r, &name)
        }
    }
}

/// The `.csv` members of a zip archive, sorted.
pub(crate) fn csv_members<R: Read + std::io::Seek>(zip: &zip::ZipArchive<R>) -> Vec<String> {
    let mut names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.to_ascii_lowercase().ends_with(".csv") && !n.ends_with('/'))
        .map(|n| n.to_string())
        .collect();
    names.sort();
    names.dedup();
    names
}

fn pick_member(path: &Path, csvs: &[String], year: Option<u16>) -> Result<String, IcioError> {
    let archive_err = |message: String| IcioError::Archive {
        path: path.to_path_buf(),
        member: String::new(),
        message,
    };
    let listing = || {
        let mut l: Vec<&str> = csvs.iter().take(30).map(String::as_str).collect();
        if csvs.len() > 30 {
            l.push("...");
        }
        l.join(", ")
    };
    let hits: Vec<&String> = match year {
        None => csvs.iter().collect(),
        Some(y) => {
            let y = y.to_string();
            csvs.iter()
                .filter(|n| {
                    let base = n.rsplit('/').next().unwrap_or(n);
                    base.contains(&y)
                })
                .collect()
        }
    };
    match (hits.as_slice(), year) {
        ([one], _) => Ok((*one).clone()),
        ([], None) => Err(archive_err("holds no .csv member".into())),
        ([], Some(y)) => Err(archive_err(format!(
            "no .csv member for year {y}; members: {}",
            listing()
        ))),
        (_, None) => Err(archive_err(format!(
            "holds {} tables; choose one with a year (members: {})",
            csvs.len(),
            listing()
        ))),
        (many, Some(y)) => Err(archive_err(format!(
            "several .csv members for year {y}: {}",
            many.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The first line of the table's CSV bytes (for layout detection); of the
/// first CSV member of a zip, as every member of a release shares a layout.
pub(crate) fn first_line(path: &Path) -> Result<String, IcioError> {
    open(path, None, true, |r, name| {
        use std::io::BufRead;
        let mut first = Vec::new();
        let mut b = std::io::BufReader::new(r.take(1 << 20));
        b.read_until(b'\n', &mut first).map_err(|e| {
            archive_fault(&e).unwrap_or_else(|| IcioError::Io {
                path: name.to_path_buf(),
                source: e,
            })
        })?;
        String::from_utf8(first).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            crate::error::invalid_utf8(name, e.as_bytes(), at)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_and_inner_extension() {
        assert_eq!(container_of(Path::new("a/T.CSV.GZ")), Container::Gzip);
        assert_eq!(container_of(Path::new("rel.zip")), Container::Zip);
        assert_eq!(container_of(Path::new("t.csv")), Container::Plain);
        assert_eq!(
            inner_extension(Path::new("WIOD13_ICIO_2011.csv.gz")).as_deref(),
            Some("csv")
        );
        assert_eq!(
            inner_extension(Path::new("t.xlsx")).as_deref(),
            Some("xlsx")
        );
    }

    #[test]
    fn members_by_year() {
        let p = Path::new("rel.zip");
        let m = vec!["ICIO_2019.csv".to_string(), "ICIO_2020.csv".to_string()];
        assert_eq!(pick_member(p, &m, Some(2020)).unwrap(), "ICIO_2020.csv");
        let e = pick_member(p, &m, None).unwrap_err().to_string();
        assert!(e.contains("holds 2 tables; choose one with a year"), "{e}");
        let e = pick_member(p, &m, Some(1990)).unwrap_err().to_string();
        assert!(e.contains("no .csv member for year 1990"), "{e}");
    }
}
