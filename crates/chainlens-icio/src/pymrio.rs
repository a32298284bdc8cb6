//! pymrio folders, read and written, so pymrio users move both ways.
//!
//! # Layout
//! pymrio's `save_all` writes tab-separated text with multi-row headers:
//! `Z.txt` (header rows `region`, `sector`; two index columns), `Y.txt`
//! (header rows `region`, `category`), `x.txt` (optional, column `indout`),
//! `unit.txt`, `file_parameters.json`, and one folder per extension with
//! `F.txt` (rows named by `stressor`/`inputtype`), `unit.txt` and its own
//! `file_parameters.json`. The raw test system pymrio ships
//! (`mrio_models/test_mrio`: `trade_flows_Z.txt`, `finald_demand_Y.txt`,
//! `factor_input.txt`, `emissions.txt`, with a third `unit` index column) is
//! read too. Index-name lines (all value cells empty) are skipped; the number
//! of index columns is where the first number appears.
//!
//! # Value added
//! pymrio keeps no value-added account: factor inputs are an extension. We
//! read every extension row as a satellite named `<extension>:<row>` and set
//! `va = x - 1'Z` (the column residual), `x` from `x.txt` or the row sums
//! `Z 1 + Y 1` as pymrio's `calc_x` does. On writing, `va` becomes the
//! extension `factor_inputs` with the row `Value Added`.

use crate::error::{IcioError, io_err};
use chainlens_model::{FinalDemandColumn, IcioTable, Satellite};
use std::path::{Path, PathBuf};

/// A tab-separated matrix with multi-level row and column labels.
struct Tsv {
    /// Column labels, one Vec per header line.
    col_levels: Vec<Vec<String>>,
    /// Row labels (the index cells of each data line).
    rows: Vec<Vec<String>>,
    /// The 1-based line of each data line.
    lines: Vec<u64>,
    values: Vec<Vec<f64>>,
}

/// The non-blank lines of a tab-separated file, each with its 1-based line number.
type Lines<'a> = Vec<(u64, Vec<&'a str>)>;

/// Whether a cell holds a number.
fn is_num(s: &str) -> bool {
    s.trim().parse::<f64>().is_ok()
}

/// Reads one pymrio tab-separated matrix: header rows, index columns, numbers.
fn read_tsv(path: &Path) -> Result<Tsv, IcioError> {
    let text = read_utf8(path)?;
    let lines = tab_lines(&text);
    if lines.is_empty() {
        return Err(IcioError::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    let first_data = first_data_line(path, &lines)?;
    let cells = &lines[first_data].1;
    let nidx = cells.iter().position(|c| is_num(c)).unwrap_or(cells.len());
    let ncol = cells.len() - nidx;
    let col_levels = column_levels(&lines[..first_data], nidx);
    let mut rows = Vec::new();
    let mut values = Vec::new();
    let mut data_lines = Vec::new();
    for (line, cells) in &lines[first_data..] {
        data_lines.push(*line);
        if cells.len() != nidx + ncol {
            return Err(IcioError::Csv {
                path: path.to_path_buf(),
                line: *line,
                message: format!("{} fields, expected {}", cells.len(), nidx + ncol),
            });
        }
        rows.push(cells[..nidx].iter().map(|s| s.trim().to_string()).collect());
        values.push(data_values(path, *line, &cells[nidx..], &col_levels)?);
    }
    Ok(Tsv {
        col_levels,
        rows,
        lines: data_lines,
        values,
    })
}

/// The file's text, an error naming the first invalid byte when it is not UTF-8.
fn read_utf8(path: &Path) -> Result<String, IcioError> {
    let bytes = std::fs::read(path).map_err(io_err(path))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        crate::error::invalid_utf8(path, e.as_bytes(), at)
    })
}

/// The non-blank lines split at tabs, numbered from 1 as in the file.
fn tab_lines(text: &str) -> Lines<'_> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i as u64 + 1, l.split('\t').collect()))
        .collect()
}

/// The index of the first data line: the first line ending in numbers whose earlier
/// cells are labels.
fn first_data_line(path: &Path, lines: &Lines<'_>) -> Result<usize, IcioError> {
    let first_data = lines.iter().position(|(_, cells)| {
        cells.len() > 1
            && is_num(cells[cells.len() - 1])
            && !is_num(cells[0])
            && !cells[0].trim().is_empty()
    });
    first_data.ok_or_else(|| IcioError::Missing {
        path: path.to_path_buf(),
        what: "data line".into(),
        hint: "pymrio files hold labelled rows of numbers below the header rows".into(),
    })
}

/// The column labels of the header lines past the `nidx` index columns, one Vec per
/// header line; index-name lines (all value cells empty) are skipped.
fn column_levels(header: &[(u64, Vec<&str>)], nidx: usize) -> Vec<Vec<String>> {
    let mut col_levels = Vec::new();
    for (_, cells) in header {
        let vals: Vec<String> = cells
            .iter()
            .skip(nidx)
            .map(|s| s.trim().to_string())
            .collect();
        if vals.iter().all(|v| v.is_empty()) {
            continue; // index-name line
        }
        col_levels.push(vals);
    }
    col_levels
}

/// The numbers of one data line's value cells (an empty cell is 0); an error names the
/// line and the cell's column labels joined by `/`.
fn data_values(
    path: &Path,
    line: u64,
    cells: &[&str],
    col_levels: &[Vec<String>],
) -> Result<Vec<f64>, IcioError> {
    let mut r = Vec::with_capacity(cells.len());
    for (k, c) in cells.iter().enumerate() {
        let column = || {
            col_levels
                .iter()
                .map(|l| l.get(k).cloned().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("/")
        };
        r.push(crate::wide::number_cell(c.trim(), path, line, column)?);
    }
    Ok(r)
}

fn find(dir: &Path, names: &[&str], suffix: &str) -> Option<PathBuf> {
    for n in names {
        let p = dir.join(n);
        if p.is_file() {
            return Some(p);
        }
    }
    let mut hits: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|f| f.to_str())
                .is_some_and(|f| f.ends_with(suffix))
        })
        .collect();
    hits.sort();
    hits.into_iter().next()
}

/// True when `dir` looks like a pymrio folder (a `Z.txt` or `*_Z.txt`).
pub fn is_pymrio_dir(dir: &Path) -> bool {
    dir.is_dir() && find(dir, &["Z.txt"], "_Z.txt").is_some()
}

/// Reads a pymrio folder (saved by `save_all`, or the raw test system).
pub fn read_pymrio(dir: &Path) -> Result<IcioTable, IcioError> {
    let missing = |what: &str| IcioError::Missing {
        path: dir.to_path_buf(),
        what: what.into(),
        hint: "a pymrio folder holds Z.txt and Y.txt (pymrio save_all)".into(),
    };
    let zp = find(dir, &["Z.txt"], "_Z.txt").ok_or_else(|| missing("Z.txt"))?;
    let yp = find(dir, &["Y.txt"], "_Y.txt").ok_or_else(|| missing("Y.txt"))?;
    let z = read_tsv(&zp)?;
    let n = z.rows.len();
    check_z_labelled(&zp, &z)?;
    let (countries, per) = z_regions(&zp, &z)?;
    check_z_square(&zp, &z)?;
    let sectors = common_sectors(&zp, &z, &countries, &per)?;
    let y = read_tsv(&yp)?;
    check_y_rows(&yp, &y, &z)?;
    let fd_columns = final_demand_columns(&yp, &y)?;
    let unit = z.rows[0].get(2).cloned().unwrap_or_else(|| read_unit(dir));
    let mut table = IcioTable {
        countries,
        sectors,
        z: z.values.concat(),
        y: y.values.concat(),
        fd_columns,
        va: Vec::new(),
        x: Vec::new(),
        extensions: Vec::new(),
        unit,
    };
    let x = output_of(dir, &table, n)?;
    let cs = table.z_col_sums();
    table.va = x.iter().zip(&cs).map(|(a, b)| a - b).collect();
    table.x = x;
    table.extensions = read_extensions(dir, &table)?;
    Ok(table)
}

/// Z has its two header rows (region, sector) and two index columns on every data line.
fn check_z_labelled(zp: &Path, z: &Tsv) -> Result<(), IcioError> {
    if z.col_levels.len() < 2 {
        return Err(IcioError::Csv {
            path: zp.to_path_buf(),
            line: z.lines.first().copied().unwrap_or(1),
            message: "no region and sector header rows above this first data line\nhint: Z.txt has two header rows (region, sector) and two index columns".into(),
        });
    }
    if let Some(i) = z.rows.iter().position(|r| r.len() < 2) {
        return Err(IcioError::Csv {
            path: zp.to_path_buf(),
            line: z.lines[i],
            message: "no region and sector labels (Z.txt has two index columns)".into(),
        });
    }
    Ok(())
}

/// The regions of Z in order and the sectors of each: row `i` and column `i` name the
/// same region and sector, and a region's rows are contiguous.
fn z_regions(zp: &Path, z: &Tsv) -> Result<(Vec<String>, Vec<Vec<String>>), IcioError> {
    let mut countries: Vec<String> = Vec::new();
    let mut per: Vec<Vec<String>> = Vec::new();
    for (i, r) in z.rows.iter().enumerate() {
        let (c, s) = (&r[0], &r[1]);
        if z.col_levels[0].get(i) != Some(c) || z.col_levels[1].get(i) != Some(s) {
            return Err(IcioError::Label {
                path: zp.to_path_buf(),
                line: z.lines[i],
                label: format!("{c}/{s}"),
                message: format!(
                    "row {} and column {} of Z must name the same region and sector",
                    i + 1,
                    i + 1
                ),
            });
        }
        match countries.iter().position(|x| x == c) {
            Some(p) if p + 1 == countries.len() => per[p].push(s.clone()),
            Some(_) => {
                return Err(IcioError::Label {
                    path: zp.to_path_buf(),
                    line: z.lines[i],
                    label: c.clone(),
                    message: "rows of a region must be contiguous".into(),
                });
            }
            None => {
                countries.push(c.clone());
                per.push(vec![s.clone()]);
            }
        }
    }
    Ok((countries, per))
}

/// Every data line of Z has as many values as Z has rows.
fn check_z_square(zp: &Path, z: &Tsv) -> Result<(), IcioError> {
    let n = z.rows.len();
    if let Some(i) = z.values.iter().position(|r| r.len() != n) {
        return Err(IcioError::Csv {
            path: zp.to_path_buf(),
            line: z.lines[i],
            message: format!(
                "{} values, but Z has {n} rows: a square Z needs {n}",
                z.values[i].len()
            ),
        });
    }
    Ok(())
}

/// The sectors every region has, the first region's; another list is an error.
fn common_sectors(
    zp: &Path,
    z: &Tsv,
    countries: &[String],
    per: &[Vec<String>],
) -> Result<Vec<String>, IcioError> {
    let sectors = per[0].clone();
    for (c, s) in countries.iter().zip(per) {
        if *s != sectors {
            let first = z.rows.iter().position(|r| &r[0] == c).unwrap_or(0);
            return Err(IcioError::IrregularSectors {
                path: zp.to_path_buf(),
                line: z.lines.get(first).copied().unwrap_or(0),
                country: c.clone(),
                found: s.join(","),
                expected: sectors.join(","),
            });
        }
    }
    Ok(sectors)
}

/// Y's rows name Z's region-sectors in Z's order.
fn check_y_rows(yp: &Path, y: &Tsv, z: &Tsv) -> Result<(), IcioError> {
    let n = z.rows.len();
    let differs = y
        .rows
        .iter()
        .zip(&z.rows)
        .position(|(a, b)| a.get(..2) != b.get(..2));
    if y.rows.len() != n || differs.is_some() {
        let at = differs.unwrap_or(n.min(y.rows.len().saturating_sub(1)));
        return Err(IcioError::Label {
            path: yp.to_path_buf(),
            line: y.lines.get(at).copied().unwrap_or(1),
            label: String::new(),
            message: "rows of Y must name the same region-sectors as Z, in the same order".into(),
        });
    }
    Ok(())
}

/// Y's value columns from its region and (when there is one) category header rows.
fn final_demand_columns(yp: &Path, y: &Tsv) -> Result<Vec<FinalDemandColumn>, IcioError> {
    let ky = y.values.first().map_or(0, Vec::len);
    if y.col_levels.is_empty() || y.col_levels.iter().any(|l| l.len() != ky) {
        return Err(IcioError::Missing {
            path: yp.to_path_buf(),
            what: "region and category header rows".into(),
            hint: format!("Y.txt has {ky} value columns; each needs a region and a category label"),
        });
    }
    Ok((0..ky)
        .map(|j| FinalDemandColumn {
            country: y.col_levels[0][j].clone(),
            category: y
                .col_levels
                .get(1)
                .map_or_else(|| "total".into(), |l| l[j].clone()),
        })
        .collect())
}

/// Output from `x.txt` when the folder has one, else Z's and Y's row sums.
fn output_of(dir: &Path, table: &IcioTable, n: usize) -> Result<Vec<f64>, IcioError> {
    match find(dir, &["x.txt"], "_x.txt") {
        Some(xp) => {
            let x = read_tsv(&xp)?;
            if x.rows.len() != n {
                return Err(IcioError::Missing {
                    path: xp,
                    what: format!("{n} output values"),
                    hint: "x.txt has one row per region-sector".into(),
                });
            }
            Ok(x.values.iter().map(|r| r[0]).collect())
        }
        None => {
            let zr = table.z_row_sums();
            let yr = table.y_row_sums();
            Ok(zr.iter().zip(&yr).map(|(a, b)| a + b).collect::<Vec<f64>>())
        }
    }
}

fn read_unit(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("unit.txt"))
        .ok()
        .and_then(|t| {
            t.lines()
                .nth(1)
                .and_then(|l| l.split('\t').next_back().map(str::to_string))
        })
        .unwrap_or_default()
}

/// Extension rows whose columns are the Z columns: sub-folders with `F.txt`
/// (saved format) and, in the raw test layout, other `.txt` files beside Z.
fn read_extensions(dir: &Path, table: &IcioTable) -> Result<Vec<Satellite>, IcioError> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io_err(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if p.is_dir() && p.join("F.txt").is_file() {
            files.push((name, p.join("F.txt")));
        } else if p.is_file()
            && p.extension().is_some_and(|e| e == "txt")
            && !["Z", "Y", "x", "A", "L", "unit", "population", "readme"].contains(&name.as_str())
            && !name.ends_with("_Z")
            && !name.ends_with("_Y")
        {
            files.push((name, p));
        }
    }
    let n = table.n();
    let mut out = Vec::new();
    for (ext, path) in files {
        let Ok(t) = read_tsv(&path) else { continue };
        // only row-per-stressor files with the Z columns
        let matches = t.col_levels.len() >= 2
            && t.col_levels[0].len() == n
            && (0..n).all(|j| {
                t.col_levels[0][j] == table.countries[j / table.n_sectors()]
                    && t.col_levels[1][j] == table.sectors[j % table.n_sectors()]
            });
        if !matches {
            continue;
        }
        let units = read_ext_units(path.parent().unwrap_or(dir), path.parent() != Some(dir));
        let raw = path.parent() == Some(dir);
        for (r, vals) in t.rows.iter().zip(&t.values) {
            // raw test layout: the last index cell is the unit
            let (label, unit) = if raw && r.len() >= 2 {
                (r[..r.len() - 1].join("/"), r[r.len() - 1].clone())
            } else {
                let unit = units
                    .iter()
                    .find(|(k, _)| *k == r[0])
                    .map(|(_, u)| u.clone())
                    .unwrap_or_default();
                (r.join("/"), unit)
            };
            out.push(Satellite {
                name: format!("{ext}:{label}"),
                unit,
                values: vals.clone(),
            });
        }
    }
    Ok(out)
}

fn read_ext_units(dir: &Path, subfolder: bool) -> Vec<(String, String)> {
    if !subfolder {
        return Vec::new();
    }
    std::fs::read_to_string(dir.join("unit.txt"))
        .map(|t| {
            t.lines()
                .skip(1)
                .filter_map(|l| {
                    let c: Vec<&str> = l.split('\t').collect();
                    Some((c.first()?.to_string(), c.last()?.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Writes `table` as a pymrio folder that `pymrio.load_all` reads: `Z.txt`,
/// `Y.txt`, `x.txt`, `unit.txt`, `file_parameters.json`, `metadata.json`,
/// and the extensions `factor_inputs` (`Value Added` = `va`) and, when the
/// table has satellites, `satellites` (one row each).
pub fn write_pymrio(table: &IcioTable, dir: &Path) -> Result<(), IcioError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let out = PymrioWriter { table, dir };
    out.write_z()?;
    out.write_y()?;
    out.write_x_and_units()?;
    out.write_system_files()?;
    for (folder, name, rows) in extension_rows(table) {
        out.write_extension(folder, name, &rows)?;
    }
    Ok(())
}

/// The rows of one written extension: label, unit and one value per Z column.
type ExtensionRows<'a> = Vec<(String, String, &'a [f64])>;

/// The extensions to write, each as folder, pymrio name and rows: `factor_inputs`
/// always, `satellites` when the table has any.
fn extension_rows(table: &IcioTable) -> Vec<(&'static str, &'static str, ExtensionRows<'_>)> {
    let mut exts: Vec<(&str, &str, ExtensionRows)> = vec![(
        "factor_inputs",
        "Factor Inputs",
        vec![("Value Added".to_string(), table.unit.clone(), &table.va[..])],
    )];
    let sats: ExtensionRows = table
        .extensions
        .iter()
        .map(|e| (e.name.clone(), e.unit.clone(), &e.values[..]))
        .collect();
    if !sats.is_empty() {
        exts.push(("satellites", "Satellites", sats));
    }
    exts
}

/// A value as pymrio files hold it (Rust's shortest round-trip form).
fn value_text(v: f64) -> String {
    format!("{v:?}")
}

/// A `file_parameters.json`: each file's key, name, index columns and header rows.
fn file_parameters(
    files: &[(&str, &str, usize, usize)],
    systemtype: &str,
    name: Option<&str>,
) -> String {
    let mut m = serde_json::Map::new();
    for (key, file, idx, hdr) in files {
        m.insert(
            (*key).to_string(),
            serde_json::json!({"name": file, "nr_index_col": idx.to_string(), "nr_header": hdr.to_string()}),
        );
    }
    let mut root = serde_json::json!({"files": m, "systemtype": systemtype});
    if let Some(name) = name {
        root["name"] = serde_json::Value::String(name.to_string());
    }
    serde_json::to_string_pretty(&root).unwrap_or_default()
}

/// Writes the files of one table into one pymrio folder.
struct PymrioWriter<'a> {
    table: &'a IcioTable,
    dir: &'a Path,
}

impl PymrioWriter<'_> {
    /// The region of row (or column) `i`.
    fn reg(&self, i: usize) -> &str {
        self.table.countries[i / self.table.n_sectors()].as_str()
    }

    /// The sector of row (or column) `i`.
    fn sec(&self, i: usize) -> &str {
        self.table.sectors[i % self.table.n_sectors()].as_str()
    }

    /// Writes `text` to `name` in the folder.
    fn write(&self, name: &str, text: String) -> Result<(), IcioError> {
        let p = self.dir.join(name);
        std::fs::write(&p, text).map_err(io_err(&p))
    }

    /// The label of every region-sector, each after a tab (a header row's cells).
    fn tabbed<'a>(&'a self, label: impl Fn(usize) -> &'a str) -> String {
        (0..self.table.n())
            .map(|i| format!("\t{}", label(i)))
            .collect()
    }

    /// `Z.txt`: region and sector header rows, then one row per region-sector.
    fn write_z(&self) -> Result<(), IcioError> {
        let (table, n) = (self.table, self.table.n());
        let mut t = String::new();
        t += &format!("region\t{}\n", self.tabbed(|i| self.reg(i)));
        t += &format!("sector\t{}\n", self.tabbed(|i| self.sec(i)));
        self.push_matrix_rows(&mut t, &table.z, n);
        self.write("Z.txt", t)
    }

    /// The `region sector` header row, then one row per region-sector of `values`
    /// (row-major, `width` columns), as `Z.txt` and `Y.txt` have them.
    fn push_matrix_rows(&self, t: &mut String, values: &[f64], width: usize) {
        *t += &format!("region\tsector{}\n", "\t".repeat(width));
        for i in 0..self.table.n() {
            *t += &format!("{}\t{}", self.reg(i), self.sec(i));
            for value in &values[i * width..(i + 1) * width] {
                *t += "\t";
                *t += &value_text(*value);
            }
            *t += "\n";
        }
    }

    /// `Y.txt`: region and category header rows, then one row per region-sector.
    fn write_y(&self) -> Result<(), IcioError> {
        let (table, k) = (self.table, self.table.n_fd());
        let mut t = String::new();
        t += &format!(
            "region\t{}\n",
            table
                .fd_columns
                .iter()
                .map(|c| format!("\t{}", c.country))
                .collect::<String>()
        );
        t += &format!(
            "category\t{}\n",
            table
                .fd_columns
                .iter()
                .map(|c| format!("\t{}", c.category))
                .collect::<String>()
        );
        self.push_matrix_rows(&mut t, &table.y, k);
        self.write("Y.txt", t)
    }

    /// `x.txt` (output) and `unit.txt` (the table's unit on every row).
    fn write_x_and_units(&self) -> Result<(), IcioError> {
        let (table, n) = (self.table, self.table.n());
        let mut t = String::from("region\tsector\tindout\n");
        for i in 0..n {
            t += &format!(
                "{}\t{}\t{}\n",
                self.reg(i),
                self.sec(i),
                value_text(table.x[i])
            );
        }
        self.write("x.txt", t)?;
        let mut t = String::from("region\tsector\tunit\n");
        for i in 0..n {
            t += &format!("{}\t{}\t{}\n", self.reg(i), self.sec(i), table.unit);
        }
        self.write("unit.txt", t)
    }

    /// `file_parameters.json` and `metadata.json` of the system.
    fn write_system_files(&self) -> Result<(), IcioError> {
        self.write(
            "file_parameters.json",
            file_parameters(
                &[
                    ("Z", "Z.txt", 2, 2),
                    ("Y", "Y.txt", 2, 2),
                    ("x", "x.txt", 2, 1),
                    ("unit", "unit.txt", 2, 1),
                ],
                "IOSystem",
                None,
            ),
        )?;
        self.write(
            "metadata.json",
            serde_json::to_string_pretty(&serde_json::json!({
                "description": "written by chainlens",
                "name": "chainlens",
                "system": "ixi",
                "version": "",
                "history": []
            }))
            .unwrap_or_default(),
        )
    }

    /// One extension's sub-folder: `F.txt`, `unit.txt` and `file_parameters.json`.
    fn write_extension(
        &self,
        folder: &str,
        name: &str,
        rows: &ExtensionRows,
    ) -> Result<(), IcioError> {
        let n = self.table.n();
        let sub = self.dir.join(folder);
        std::fs::create_dir_all(&sub).map_err(io_err(&sub))?;
        let mut t = String::new();
        t += &format!("region{}\n", self.tabbed(|i| self.reg(i)));
        t += &format!("sector{}\n", self.tabbed(|i| self.sec(i)));
        t += &format!("stressor{}\n", "\t".repeat(n));
        let mut u = String::from("stressor\tunit\n");
        for (label, unit, vals) in rows {
            t += label;
            for v in *vals {
                t += "\t";
                t += &value_text(*v);
            }
            t += "\n";
            u += &format!("{label}\t{unit}\n");
        }
        let p = sub.join("F.txt");
        std::fs::write(&p, t).map_err(io_err(&p))?;
        let p = sub.join("unit.txt");
        std::fs::write(&p, u).map_err(io_err(&p))?;
        let p = sub.join("file_parameters.json");
        std::fs::write(
            &p,
            file_parameters(
                &[("F", "F.txt", 1, 2), ("unit", "unit.txt", 1, 1)],
                "Extension",
                Some(name),
            ),
        )
        .map_err(io_err(&p))
    }
}
