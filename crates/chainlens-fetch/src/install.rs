//! Installing a dataset into the data directory: every file fetched (or copied from a
//! `--from` folder) into a staging folder, checked against the catalogue's size and
//! SHA-256, described by a `manifest.json`, and only then renamed into place, so a
//! failure at any step leaves the previous version (or nothing) installed, never half
//! of one. Downloads resume from `.partial/` across runs.

use crate::catalogue::{Dataset, FileEntry};
use crate::download::download;
use crate::{FetchError, Progress};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The file that describes an installed dataset.
pub const MANIFEST: &str = "manifest.json";

/// Where the files of an install come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The publishers' URLs in the catalogue.
    Publisher,
    /// A mirror: the catalogue URL's path on this host (`http://host:port`), or
    /// `<mirror>/<dataset>/<file>` for files with no URL.
    Mirror(String),
    /// A local folder laid out like `../shared/data` (`<dataset>/<file>`).
    Folder(PathBuf),
}

/// `manifest.json` of an installed dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Dataset (folder) name.
    pub name: String,
    /// What it holds.
    pub title: String,
    /// Version installed.
    pub version: String,
    /// Licence.
    pub licence: String,
    /// How to cite it.
    pub citation: String,
    /// Where it came from: the URLs, or the folder.
    pub source: Vec<String>,
    /// Date fetched (UTC, `YYYY-MM-DD`).
    pub fetched: String,
    /// The files, with their size and SHA-256.
    pub files: Vec<InstalledFile>,
}

/// One installed file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstalledFile {
    /// File name.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
}

fn unwritable(path: &Path) -> impl FnOnce(std::io::Error) -> FetchError + '_ {
    move |source| FetchError::Unwritable {
        path: path.into(),
        source,
    }
}

/// The URL a file is fetched from: the publisher's, or its mirror's (`host` is `None`
/// for the publisher).
fn url_of(dataset: &str, file: &FileEntry, host: Option<&str>) -> Result<String, FetchError> {
    match (host.map(|h| h.trim_end_matches('/')), &file.url) {
        (None, Some(url)) => Ok(url.clone()),
        (None, None) => Err(FetchError::NoUrl {
            dataset: dataset.into(),
            file: file.name.clone(),
        }),
        (Some(host), Some(url)) => Ok(format!("{host}{}", path_of(url))),
        (Some(host), None) => Ok(format!("{host}/{dataset}/{}", file.name)),
    }
}

/// The path (and query) of a URL: what follows `scheme://host`.
fn path_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// Size and SHA-256 of a file.
fn digest(path: &Path) -> Result<(u64, String), FetchError> {
    let mut file = std::fs::File::open(path).map_err(unwritable(path))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer).map_err(unwritable(path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        size += n as u64;
    }
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((size, hex))
}

/// Checks a file against the catalogue; a file that fails is deleted.
fn verify(path: &Path, entry: &FileEntry, label: &str) -> Result<InstalledFile, FetchError> {
    let (size, sha256) = digest(path)?;
    let mismatch = |what, found: String, expected: String| {
        let _ = std::fs::remove_file(path);
        Err(FetchError::Mismatch {
            file: label.into(),
            what,
            found,
            expected,
        })
    };
    if let Some(expected) = entry.size.filter(|&e| e != size) {
        return mismatch("size", size.to_string(), expected.to_string());
    }
    if let Some(expected) = entry.sha256.as_ref().filter(|e| **e != sha256) {
        return mismatch("sha256", sha256, expected.clone());
    }
    Ok(InstalledFile {
        name: entry.name.clone(),
        size,
        sha256,
    })
}

/// Copies `member` out of the zip at `archive` into `dest`.
fn extract(archive: &Path, member: &str, dest: &Path, label: &str) -> Result<(), FetchError> {
    let bad = |message: String| FetchError::Archive {
        file: label.into(),
        message,
    };
    let file = std::fs::File::open(archive).map_err(unwritable(archive))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| bad(format!("not a zip: {e}")))?;
    let mut entry = zip
        .by_name(member)
        .map_err(|_| bad(format!("the zip holds no `{member}`")))?;
    let mut out = std::fs::File::create(dest).map_err(unwritable(dest))?;
    std::io::copy(&mut entry, &mut out).map_err(|e| bad(format!("`{member}`: {e}")))?;
    Ok(())
}

/// Fetches or copies one file into `staging`, returning where it came from.
fn fetch_file(
    dataset: &str,
    entry: &FileEntry,
    source: &Source,
    staging: &Path,
    partial: &Path,
    progress: &dyn Progress,
) -> Result<(String, InstalledFile), FetchError> {
    let dest = staging.join(&entry.name);
    let host = match source {
        Source::Folder(folder) => {
            let from = folder.join(dataset).join(&entry.name);
            std::fs::copy(&from, &dest).map_err(|source| FetchError::Source {
                path: from.clone(),
                source,
            })?;
            let label = from.display().to_string();
            return Ok((label.clone(), verify(&dest, entry, &label)?));
        }
        Source::Publisher => None,
        Source::Mirror(host) => Some(host.as_str()),
    };
    let url = url_of(dataset, entry, host)?;
    std::fs::create_dir_all(partial).map_err(unwritable(partial))?;
    let part = partial.join(format!("{}.part", entry.name));
    download(&url, &part, progress)?;
    match &entry.member {
        Some(member) => {
            extract(&part, member, &dest, &url)?;
            let _ = std::fs::remove_file(&part);
        }
        None => std::fs::rename(&part, &dest).map_err(unwritable(&dest))?,
    }
    Ok((url.clone(), verify(&dest, entry, &url)?))
}

/// Installs `dataset` into `data_dir/<name>`, replacing an earlier install only once
/// every file has arrived and passed its checks.
pub fn install(
    data_dir: &Path,
    dataset: &Dataset,
    source: &Source,
    progress: &dyn Progress,
) -> Result<Manifest, FetchError> {
    std::fs::create_dir_all(data_dir).map_err(unwritable(data_dir))?;
    let staging = data_dir.join(format!(".staging-{}", dataset.name));
    let partial = data_dir.join(".partial").join(&dataset.name);
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(unwritable(&staging))?;
    let result = stage(dataset, source, &staging, &partial, progress);
    let manifest = match result {
        Ok(manifest) => manifest,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    let target = data_dir.join(&dataset.name);
    let old = data_dir.join(format!(".old-{}", dataset.name));
    let _ = std::fs::remove_dir_all(&old);
    if target.exists() {
        std::fs::rename(&target, &old).map_err(unwritable(&target))?;
    }
    std::fs::rename(&staging, &target).map_err(unwritable(&target))?;
    let _ = std::fs::remove_dir_all(&old);
    let _ = std::fs::remove_dir_all(&partial);
    let _ = std::fs::remove_dir(data_dir.join(".partial")); // only when no other part waits
    Ok(manifest)
}

/// Every file of `dataset` into `staging`, and its manifest.
fn stage(
    dataset: &Dataset,
    source: &Source,
    staging: &Path,
    partial: &Path,
    progress: &dyn Progress,
) -> Result<Manifest, FetchError> {
    let mut origins = Vec::new();
    let mut files = Vec::new();
    for entry in &dataset.files {
        let (origin, file) = fetch_file(&dataset.name, entry, source, staging, partial, progress)?;
        origins.push(origin);
        files.push(file);
    }
    origins.dedup();
    let manifest = Manifest {
        name: dataset.name.clone(),
        title: dataset.title.clone(),
        version: dataset.version.clone(),
        licence: dataset.licence.clone(),
        citation: dataset.citation.clone(),
        source: origins,
        fetched: today(),
        files,
    };
    let path = staging.join(MANIFEST);
    let text = serde_json::to_string_pretty(&manifest).expect("plain data") + "\n";
    std::fs::write(&path, text).map_err(unwritable(&path))?;
    Ok(manifest)
}

/// The manifests of every dataset installed in `data_dir`, by name.
pub fn installed(data_dir: &Path) -> Result<Vec<Manifest>, FetchError> {
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return Ok(Vec::new());
    };
    let mut manifests = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path().join(MANIFEST);
        if entry.file_name().to_string_lossy().starts_with('.') || !path.exists() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(unwritable(&path))?;
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| FetchError::Manifest {
            path: path.clone(),
            message: e.to_string(),
        })?;
        manifests.push(manifest);
    }
    manifests.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(manifests)
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the civil calendar of the Unix day number.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The proleptic Gregorian date of a day number counted from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_mirror_paths() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_788), (2026, 12, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(
            path_of("https://www.cepii.fr/DATA_DOWNLOAD/baci/data/BACI_HS17_V202401b.zip"),
            "/DATA_DOWNLOAD/baci/data/BACI_HS17_V202401b.zip"
        );
        let entry = FileEntry {
            name: "hs5_bec4.csv".into(),
            url: None,
            member: None,
            sha256: None,
            size: None,
        };
        assert_eq!(
            url_of("hs-concordance", &entry, Some("http://127.0.0.1:9/")).unwrap(),
            "http://127.0.0.1:9/hs-concordance/hs5_bec4.csv"
        );
        assert!(matches!(
            url_of("hs-concordance", &entry, None),
            Err(FetchError::NoUrl { .. })
        ));
    }
}
