//! The catalogue of what `chainlens fetch` downloads (`data/catalogue.toml`, compiled in):
//! each reference dataset with its publisher, licence, citation and files (URL, checksum,
//! size), and the URL pattern and known releases of CEPII BACI.

use serde::Deserialize;

const EMBEDDED: &str = include_str!("../../../data/catalogue.toml");

/// Every dataset chainlens knows how to fetch.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// CEPII BACI releases.
    pub baci: Baci,
    /// The reference datasets (`chainlens fetch reference` installs them all).
    #[serde(rename = "dataset")]
    pub datasets: Vec<Dataset>,
}

/// How BACI zips are named and which releases exist.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Baci {
    /// URL pattern with `{hs}` (two digits) and `{release}` (`V202401b`).
    pub url: String,
    /// Known releases, oldest first; the last is the default.
    pub releases: Vec<String>,
    /// HS editions BACI publishes (`92` ... `22`).
    pub editions: Vec<String>,
    /// Licence of the data.
    pub licence: String,
    /// How to cite it.
    pub citation: String,
}

/// One reference dataset: a folder of the data directory.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// Folder name in the data directory.
    pub name: String,
    /// What it holds.
    pub title: String,
    /// The version installed.
    pub version: String,
    /// Who publishes it.
    pub publisher: String,
    /// The publisher's page.
    pub homepage: String,
    /// Licence.
    pub licence: String,
    /// How to cite it.
    pub citation: String,
    /// Its files.
    #[serde(rename = "file")]
    pub files: Vec<FileEntry>,
}

/// One file of a dataset.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Name as installed.
    pub name: String,
    /// Where the publisher serves it, if it serves it in this layout.
    pub url: Option<String>,
    /// The member of the zip that `url` serves.
    pub member: Option<String>,
    /// Expected SHA-256 (hex), when the publisher's file is fixed.
    pub sha256: Option<String>,
    /// Expected size in bytes.
    pub size: Option<u64>,
}

impl Catalogue {
    /// The catalogue compiled into the binary.
    pub fn embedded() -> Self {
        Self::parse(EMBEDDED).expect("data/catalogue.toml is valid")
    }

    /// Parses a catalogue's TOML text.
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// A reference dataset by name.
    pub fn dataset(&self, name: &str) -> Option<&Dataset> {
        self.datasets.iter().find(|d| d.name == name)
    }
}

impl Baci {
    /// The URL of one release's zip.
    pub fn url_of(&self, hs: &str, release: &str) -> String {
        self.url.replace("{hs}", hs).replace("{release}", release)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_catalogue_parses_and_names_every_dataset() {
        let c = Catalogue::embedded();
        let names: Vec<&str> = c.datasets.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            ["hs-concordance", "country-codes", "unga-ideal-points"]
        );
        assert_eq!(
            c.baci.url_of("17", "V202401b"),
            "https://www.cepii.fr/DATA_DOWNLOAD/baci/data/BACI_HS17_V202401b.zip"
        );
        let hs5 = c.dataset("hs-concordance").unwrap();
        let bec = hs5.files.iter().find(|f| f.name == "hs5_bec4.csv").unwrap();
        assert_eq!(bec.size, Some(132_309));
    }
}
