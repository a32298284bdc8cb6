//! The CEPII BACI reader: a directory or the published `.zip` holding
//! `BACI_HS<rev>_Y<year>_V<version>.csv` files (header `t,i,j,k,v,q`; `v` in
//! thousands of USD, converted to USD; `q` tonnes, blank or `NA` when missing),
//! `country_codes_V<version>.csv` and `product_codes_HS<rev>_V<version>.csv`.
//! Other files (the zip's Readme) are ignored.
//!
//! Year files are streamed in 32 MiB blocks; each block is cut at line ends into
//! 1 MiB pieces parsed in parallel, so memory stays near the size of the table and
//! the result does not depend on the number of threads.

use crate::canonical::canonicalize;
use crate::numbers::{parse_code, parse_country, parse_optional, parse_scaled, rejection, unquote};
use crate::read::{
    Fate, ReadProgress, Row, RowFilter, TradeDataset, check_strict, choose_countries,
    reference_descriptions,
};
use crate::reference::{self, HsEdition, IdealPoint};
use crate::truncation::looks_truncated;
use crate::{IngestError, IngestReport, ReadOptions, Reason, RejectedRow, TruncatedLine};
use chainlens_model::{CountryTable, Hs6, ProductDescriptions, ProductSet, TradeFlows, Year};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

const BLOCK_BYTES: usize = 32 << 20;
const PIECE_BYTES: usize = 1 << 20;
const FIELDS: [&str; 6] = ["t", "i", "j", "k", "v", "q"];

/// A year file's name, parsed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct YearFile {
    year: u16,
    revision: String,
    name: String,
}

/// Parses `BACI_HS17_Y2018_V202301.csv` (any directory or name prefix, as in
/// `ExampleTradeData_BACI_HS92_Y2021_V202301.csv`).
fn parse_year_file_name(name: &str) -> Option<YearFile> {
    let base = name.rsplit('/').next()?;
    let start = base.find("BACI_HS")?;
    let rest = base[start..].strip_prefix("BACI_")?.strip_suffix(".csv")?;
    let mut parts = rest.split('_');
    let revision = parts.next()?.strip_prefix("HS")?;
    let year = parts.next()?.strip_prefix('Y')?;
    parts.next()?.strip_prefix('V')?;
    if revision.is_empty() || !revision.bytes().all(|b| b.is_ascii_digit()) || year.len() != 4 {
        return None;
    }
    Some(YearFile {
        year: year.parse().ok()?,
        revision: format!("HS{revision}"),
        name: name.to_string(),
    })
}

fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Where BACI members come from: a directory or a zip archive.
trait Members {
    fn names(&self) -> Vec<String>;
    fn open(&mut self, name: &str) -> Result<(Box<dyn Read + '_>, u64), IngestError>;
    fn label(&self, name: &str) -> PathBuf;
    fn read_text(&mut self, name: &str) -> Result<String, IngestError> {
        let label = self.label(name);
        let (mut reader, _) = self.open(name)?;
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| IngestError::io(&label, e))?;
        crate::decode_utf8(bytes, &label)
    }
}

struct Directory(PathBuf);

impl Members for Directory {
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        names.sort();
        names
    }
    fn open(&mut self, name: &str) -> Result<(Box<dyn Read + '_>, u64), IngestError> {
        let path = self.0.join(name);
        let file = File::open(&path).map_err(|e| IngestError::io(&path, e))?;
        let size = file
            .metadata()
            .map_err(|e| IngestError::io(&path, e))?
            .len();
        Ok((Box::new(file), size))
    }
    fn label(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

fn open_file(path: &Path) -> Result<(Box<dyn Read + 'static>, u64), IngestError> {
    let file = File::open(path).map_err(|e| IngestError::io(path, e))?;
    let size = file.metadata().map_err(|e| IngestError::io(path, e))?.len();
    Ok((Box::new(file), size))
}

/// A single year file given on its own.
struct OneFile(PathBuf);

impl Members for OneFile {
    fn names(&self) -> Vec<String> {
        self.0
            .file_name()
            .and_then(|n| n.to_str())
            .map(String::from)
            .into_iter()
            .collect()
    }
    fn open(&mut self, _name: &str) -> Result<(Box<dyn Read + '_>, u64), IngestError> {
        open_file(&self.0)
    }
    fn label(&self, _name: &str) -> PathBuf {
        self.0.clone()
    }
}

/// Whether `path` is named like a BACI year file (`..._BACI_HS17_Y2018_V202401.csv`).
pub fn is_year_file_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| parse_year_file_name(n).is_some())
}

struct Zip<R: Read + Seek> {
    path: PathBuf,
    archive: zip::ZipArchive<R>,
}

impl<R: Read + Seek> Zip<R> {
    fn new(path: &Path, reader: R) -> Result<Self, IngestError> {
        let archive = zip::ZipArchive::new(reader).map_err(|e| IngestError::BadZip {
            path: path.into(),
            message: e.to_string(),
        })?;
        Ok(Self {
            path: path.into(),
            archive,
        })
    }
}

impl<R: Read + Seek> Members for Zip<R> {
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .archive
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect();
        names.sort();
        names
    }
    fn open(&mut self, name: &str) -> Result<(Box<dyn Read + '_>, u64), IngestError> {
        let path = self.path.clone();
        let member = self
            .archive
            .by_name(name)
            .map_err(|e| IngestError::BadZip {
                path,
                message: format!("{name}: {e}"),
            })?;
        let size = member.size();
        Ok((Box::new(member), size))
    }
    fn label(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

/// Reads one or more BACI directories, zips or single year files into one dataset.
pub fn read(paths: &[&Path], options: &ReadOptions) -> Result<TradeDataset, IngestError> {
    let mut parts = Vec::new();
    for &path in paths {
        let meta = std::fs::metadata(path).map_err(|e| IngestError::io(path, e))?;
        let part = if meta.is_dir() {
            read_members(&mut Directory(path.into()), path, options)?
        } else if is_year_file_name(path) {
            read_members(&mut OneFile(path.into()), path, options)?
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            return Err(IngestError::NotBaciFile { path: path.into() });
        } else {
            let file = File::open(path).map_err(|e| IngestError::io(path, e))?;
            read_members(&mut Zip::new(path, file)?, path, options)?
        };
        parts.push(part);
    }
    combine(parts, paths, options)
}

/// Reads a BACI zip held in memory (the embedded default dataset).
pub fn read_zip_bytes(
    bytes: &[u8],
    name: &str,
    options: &ReadOptions,
) -> Result<TradeDataset, IngestError> {
    read_zips_bytes(&[(bytes, name)], options)
}

/// Reads BACI zips held in memory as one dataset, as [`read`] reads several zips (the
/// embedded default dataset with its second window).
pub fn read_zips_bytes(
    zips: &[(&[u8], &str)],
    options: &ReadOptions,
) -> Result<TradeDataset, IngestError> {
    let paths: Vec<&Path> = zips.iter().map(|z| Path::new(z.1)).collect();
    let parts = zips
        .iter()
        .zip(&paths)
        .map(|(&(bytes, _), path)| {
            read_members(
                &mut Zip::new(path, std::io::Cursor::new(bytes))?,
                path,
                options,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    combine(parts, &paths, options)
}

/// What one directory or zip yielded before canonical ordering.
struct Part {
    flows: TradeFlows,
    report: IngestReport,
    countries: CountryTable,
    descriptions: Option<ProductDescriptions>,
    universe: Option<ProductSet>,
    ideal_points: Option<Vec<IdealPoint>>,
    revisions: BTreeSet<String>,
}

fn combine(
    parts: Vec<Part>,
    paths: &[&Path],
    options: &ReadOptions,
) -> Result<TradeDataset, IngestError> {
    let revisions: BTreeSet<String> = parts.iter().flat_map(|p| p.revisions.clone()).collect();
    if revisions.len() > 1 {
        return Err(IngestError::MixedEditions {
            path: paths[0].into(),
            editions: revisions.into_iter().collect::<Vec<_>>().join(", "),
        });
    }
    let edition = options
        .edition
        .or_else(|| revisions.first().and_then(|r| HsEdition::parse(r)))
        .unwrap_or_default();
    // The first part's columns are reused, not copied: the table is the largest allocation.
    let mut parts = parts.into_iter();
    let first = parts.next().expect("at least one input");
    let (mut flows, mut report) = (first.flows, first.report);
    let countries = first.countries;
    let (mut descriptions, mut universe, mut ideal_points) =
        (first.descriptions, first.universe, first.ideal_points);
    for mut part in parts {
        flows.append(&mut part.flows);
        report += part.report;
        descriptions = descriptions.or(part.descriptions);
        universe = universe.or(part.universe);
        ideal_points = ideal_points.or(part.ideal_points);
    }
    check_strict(&report, options.strict)?;
    let flows = canonicalize(flows, &mut report);
    Ok(TradeDataset {
        flows,
        countries,
        descriptions: descriptions.unwrap_or_else(|| reference_descriptions(options, edition)),
        edition,
        universe,
        ideal_points,
        report,
    })
}

fn read_members(
    members: &mut dyn Members,
    path: &Path,
    options: &ReadOptions,
) -> Result<Part, IngestError> {
    let names = members.names();
    let mut year_files: Vec<YearFile> = names
        .iter()
        .filter_map(|n| parse_year_file_name(n))
        .collect();
    year_files.sort();
    if year_files.is_empty() {
        return Err(IngestError::NoBaciFiles { path: path.into() });
    }
    let own_countries = table_member(
        members,
        &names,
        "country_codes_V",
        reference::parse_country_table,
    )?;
    let descriptions = table_member(
        members,
        &names,
        "product_codes_HS",
        reference::parse_descriptions,
    )?;
    let universe = table_member(
        members,
        &names,
        "intermediate_goods_V",
        reference::parse_product_list,
    )?;
    let ideal_points = table_member(
        members,
        &names,
        "ideal_points_V",
        reference::parse_ideal_points,
    )?;
    let countries = choose_countries(options, own_countries)?;
    let filter = RowFilter::new(&countries, options.window);
    let mut flows = TradeFlows::default();
    let mut report = IngestReport::default();
    for file in &year_files {
        let label = members.label(&file.name);
        let (reader, size) = members.open(&file.name)?;
        read_year_file(
            reader,
            size,
            &label,
            &filter,
            options.progress.as_ref(),
            &mut flows,
            &mut report,
        )?;
    }
    Ok(Part {
        flows,
        report,
        countries,
        descriptions,
        universe,
        ideal_points,
        revisions: year_files.into_iter().map(|f| f.revision).collect(),
    })
}

/// Reads and parses the table beside the year files whose name starts with `prefix`
/// (`country_codes_V...csv`), if the release has one.
fn table_member<T>(
    members: &mut dyn Members,
    names: &[String],
    prefix: &str,
    parse: fn(&str, &Path) -> Result<T, IngestError>,
) -> Result<Option<T>, IngestError> {
    let Some(name) = names
        .iter()
        .find(|n| base_name(n).starts_with(prefix) && n.ends_with(".csv"))
    else {
        return Ok(None);
    };
    let text = members.read_text(name)?;
    parse(&text, &members.label(name)).map(Some)
}

/// Streams one year file into `flows`, counting every line in `report`.
fn read_year_file(
    mut reader: Box<dyn Read + '_>,
    size: u64,
    label: &Path,
    filter: &RowFilter,
    progress: Option<&ReadProgress>,
    flows: &mut TradeFlows,
    report: &mut IngestReport,
) -> Result<(), IngestError> {
    let mut bytes_read = 0u64;
    let bad_read = |e: std::io::Error| IngestError::BadZip {
        path: label.into(),
        message: e.to_string(),
    };
    flows.reserve(usize::try_from(size / 24).unwrap_or(0));
    let file_label = label.to_string_lossy().into_owned();
    let mut buffer = vec![0u8; BLOCK_BYTES];
    let mut filled = 0usize;
    let mut next_line = 1u64;
    let mut header_seen = false;
    let mut at_eof = false;
    // The last data line of the blocks before, and whether the file ends inside a line.
    let mut previous_line: Vec<u8> = Vec::new();
    let mut truncated = false;
    while !at_eof {
        while filled < buffer.len() {
            let n = reader.read(&mut buffer[filled..]).map_err(bad_read)?;
            if n == 0 {
                at_eof = true;
                break;
            }
            filled += n;
        }
        if !at_eof && memchr::memchr(b'\n', &buffer[..filled]).is_none() {
            buffer.resize(buffer.len() * 2, 0); // a line longer than the buffer
            continue;
        }
        let end = if at_eof {
            filled
        } else {
            memchr::memrchr(b'\n', &buffer[..filled]).expect("checked above") + 1
        };
        let mut block = &buffer[..end];
        if !header_seen {
            if filled == 0 {
                return Err(IngestError::EmptyFile { path: label.into() });
            }
            let header_end = memchr::memchr(b'\n', block).map_or(block.len(), |p| p + 1);
            check_header(&block[..header_end], label)?;
            block = &block[header_end..];
            next_line = 2;
            header_seen = true;
        }
        if at_eof {
            truncated = ends_inside_a_line(block, &previous_line);
        } else if let Some(line) = data_lines(block).next_back() {
            previous_line = line.to_vec();
        }
        let pieces = split_pieces(block);
        let parsed: Vec<Piece> = pieces
            .par_iter()
            .map(|piece| parse_piece(piece, filter))
            .collect();
        for mut piece in parsed {
            for reject in &mut piece.rejects {
                reject.line += next_line;
                reject.file.clone_from(&file_label);
            }
            next_line += piece.lines;
            flows.append(&mut piece.flows);
            piece.report.rejects = piece.rejects;
            *report += piece.report;
        }
        bytes_read += end as u64;
        if let Some(p) = progress {
            (p.0)(&file_label, bytes_read, size);
        }
        buffer.copy_within(end..filled, 0);
        filled -= end;
    }
    if truncated {
        report.truncated_last_line.push(TruncatedLine {
            file: file_label,
            line: next_line - 1,
        });
    }
    Ok(())
}

/// The non-blank lines of a block, without their `\r`.
fn data_lines(block: &[u8]) -> impl DoubleEndedIterator<Item = &[u8]> {
    block
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.trim_ascii().is_empty())
}

/// Whether the final block ends without a newline inside a data line that looks cut short
/// after the one before it (in this block, or `previous` from the blocks before).
fn ends_inside_a_line(block: &[u8], previous: &[u8]) -> bool {
    let unterminated = block.rsplit(|&b| b == b'\n').next().unwrap_or(b"");
    if unterminated.trim_ascii().is_empty() {
        return false;
    }
    let mut lines = data_lines(block).rev();
    let last = lines.next().unwrap_or(b"");
    let before = lines.next().unwrap_or(previous);
    !before.is_empty() && looks_truncated(&fields(before), &fields(last))
}

fn fields(line: &[u8]) -> Vec<&[u8]> {
    line.split(|&b| b == b',').collect()
}

fn check_header(line: &[u8], label: &Path) -> Result<(), IngestError> {
    let line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
    let text = String::from_utf8_lossy(line);
    let names: Vec<String> = text
        .trim_end()
        .split(',')
        .map(|f| String::from_utf8_lossy(unquote(f.as_bytes())).to_ascii_lowercase())
        .collect();
    if names == FIELDS {
        Ok(())
    } else {
        Err(IngestError::Header {
            path: label.into(),
            message: format!("expected `t,i,j,k,v,q`, found `{}`", text.trim_end()),
        })
    }
}

/// Cuts a block into pieces of about [`PIECE_BYTES`], each ending at a line end.
fn split_pieces(block: &[u8]) -> Vec<&[u8]> {
    let mut pieces = Vec::with_capacity(block.len() / PIECE_BYTES + 1);
    let mut start = 0;
    while start < block.len() {
        let target = (start + PIECE_BYTES).min(block.len());
        let end = if target == block.len() {
            target
        } else {
            memchr::memchr(b'\n', &block[target..]).map_or(block.len(), |p| target + p + 1)
        };
        pieces.push(&block[start..end]);
        start = end;
    }
    pieces
}

/// The rows, counts and rejects of one piece; reject lines are relative to the piece.
struct Piece {
    flows: TradeFlows,
    report: IngestReport,
    rejects: Vec<RejectedRow>,
    lines: u64,
}

fn parse_piece(piece: &[u8], filter: &RowFilter) -> Piece {
    let mut out = Piece {
        flows: TradeFlows::with_capacity(piece.len() / 24),
        report: IngestReport::default(),
        rejects: Vec::new(),
        lines: 0,
    };
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', piece)
        .chain((piece.last() != Some(&b'\n')).then_some(piece.len()));
    for end in ends {
        let raw = &piece[start..end];
        start = end + 1;
        let line_offset = out.lines;
        out.lines += 1;
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if line.trim_ascii().is_empty() {
            continue; // blank lines are not data lines
        }
        out.report.rows_read += 1;
        match parse_row(line, filter) {
            Ok(row) => {
                out.report.rows_used += 1;
                out.flows.push(row.0, row.1, row.2, row.3, row.4, row.5);
            }
            Err(Fate::Excluded(reason)) => out.report.count(reason),
            Err(Fate::UnknownCountry(name)) => out.report.count_unknown(&name),
            Err(Fate::Rejected(reason, field)) => {
                out.report.count(reason);
                out.rejects.push(RejectedRow {
                    file: String::new(),
                    line: line_offset,
                    reason,
                    field,
                    raw: String::from_utf8_lossy(line).into_owned(),
                });
            }
        }
    }
    out
}

fn parse_row(line: &[u8], filter: &RowFilter) -> Result<Row, Fate> {
    let mut fields = [&b""[..]; 6];
    let mut count = 0;
    let mut start = 0;
    // Fields are short: a byte loop beats a vectorised search here.
    for (i, &b) in line.iter().enumerate() {
        if b == b',' {
            if count < fields.len() {
                fields[count] = &line[start..i];
            }
            count += 1;
            start = i + 1;
        }
    }
    if count < fields.len() {
        fields[count] = &line[start..];
    }
    count += 1;
    if count != fields.len() {
        return Err(Fate::Rejected(Reason::WrongFieldCount, "row"));
    }
    // Every field is parsed before ranges are judged: an unparsable field wins over
    // an out-of-range one, whatever their order in the line.
    let year = parse_code(fields[0], 9999);
    let exporter = parse_country(fields[1]);
    let importer = parse_country(fields[2]);
    let product = parse_code(fields[3], u64::from(Hs6::MAX));
    let value = parse_scaled(fields[4], 3);
    let quantity = parse_optional(fields[5], 0);
    let row: Row = match (year, exporter, importer, product, value, quantity) {
        (Ok(t), Ok(i), Ok(j), Ok(k), Ok(v), Ok(q)) => {
            if !(1900..=2100).contains(&t) {
                return Err(Fate::Rejected(Reason::CodeOutOfRange, "t"));
            }
            let code = |c| filter.recode(c);
            (Year(t as u16), code(i), code(j), Hs6(k as u32), v, q)
        }
        (t, i, j, k, v, q) => {
            let (reason, field) = rejection(&[
                (t.err(), "t"),
                (i.err(), "i"),
                (j.err(), "j"),
                (k.err(), "k"),
                (v.err(), "v"),
                (q.err(), "q"),
            ]);
            return Err(Fate::Rejected(reason, field));
        }
    };
    match filter.exclusion(row.0, row.1, row.2, true, row.4) {
        Some(reason) => Err(Fate::of_exclusion(reason, filter, row.1, row.2)),
        None => Ok(row),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_reported_up_to_the_file_size() {
        let calls = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = calls.clone();
        let options = ReadOptions {
            progress: Some(ReadProgress(std::sync::Arc::new(
                move |file: &str, done, size| {
                    seen.lock().unwrap().push((file.to_string(), done, size));
                },
            ))),
            ..Default::default()
        };
        crate::open_default(&options).unwrap();
        let calls = calls.lock().unwrap();
        assert!(!calls.is_empty());
        for file in ["Y2017", "Y2018"] {
            let of_file: Vec<_> = calls.iter().filter(|c| c.0.contains(file)).collect();
            assert!(
                of_file.windows(2).all(|w| w[0].1 <= w[1].1),
                "bytes read only grow"
            );
            let last = of_file.last().unwrap();
            assert_eq!(
                last.1, last.2,
                "the last call has read the whole {file} file"
            );
        }
    }

    #[test]
    fn year_file_names() {
        let f = parse_year_file_name("BACI_HS17_Y2018_V202301.csv").unwrap();
        assert_eq!((f.year, f.revision.as_str()), (2018, "HS17"));
        assert!(parse_year_file_name("sub/BACI_HS92_Y1995_V202201.csv").is_some());
        assert!(parse_year_file_name("Readme.txt").is_none());
        assert!(parse_year_file_name("BACI_HS17_Y18_V1.csv").is_none());
        assert!(parse_year_file_name("country_codes_V202301.csv").is_none());
    }

    #[test]
    fn pieces_end_at_line_ends() {
        let block = b"a\nbb\nccc\n";
        assert_eq!(split_pieces(block).concat(), block.to_vec());
    }
}
