//! The centre's list of establishments, as a spreadsheet saved to CSV: added
//! to the database, or matched to an establishment already there by id or by
//! name and commune (ignoring case and diacritics).

use std::fmt;

use uuid::Uuid;

use super::sheet::{self, Lines};
use super::{ImportError, Known};
use crate::store::{Establishment, EstablishmentKind, Store};
use crate::survey::text::{fold, nfc};

/// The columns understood, each with the header names that mean it
/// (folded: lowercase, no diacritics).
const COLUMNS: [(&str, &[&str]); 10] = [
    ("id", &["id", "ma"]),
    ("name", &["name", "ten", "ten co so"]),
    ("kind", &["kind", "loai hinh"]),
    ("sector", &["sector", "nganh nghe", "nganh"]),
    (
        "commune",
        &["commune", "xa", "xa/phuong", "xa phuong", "phuong"],
    ),
    (
        "province",
        &["province", "tinh", "tinh/thanh pho", "tinh thanh pho"],
    ),
    (
        "former_district",
        &["former_district", "former district", "huyen", "huyen cu"],
    ),
    (
        "contact_person",
        &[
            "contact_person",
            "contact person",
            "contact",
            "nguoi lien he",
        ],
    ),
    ("phone", &["phone", "dien thoai", "so dien thoai", "sdt"]),
    ("notes", &["notes", "ghi chu"]),
];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportSummary {
    /// (line, name) of each establishment added.
    pub added: Vec<(u64, String)>,
    /// (line, name in the file, name already stored).
    pub matched: Vec<(u64, String, String)>,
    /// (line, why): nothing was stored for these rows.
    pub refused: Vec<(u64, String)>,
    /// How the file was read, when a trainer should know (tabs taken as the separator).
    pub notes: Vec<String>,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "added {}, matched {}, refused {}",
            self.added.len(),
            self.matched.len(),
            self.refused.len()
        )?;
        for (line, name) in &self.added {
            write!(f, "\n  line {line}: added {name}")?;
        }
        for (line, name, here) in &self.matched {
            write!(
                f,
                "\n  line {line}: {name} matched {here}, already here (left unchanged)"
            )?;
        }
        Ok(())
    }
}

fn header_key(header: &str) -> Option<&'static str> {
    let h = fold(header.trim())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(key, _)| *key)
}

/// Take in the CSV `bytes` (named `file` in messages). Rows that cannot be
/// stored are refused and reported; the others are added in one transaction.
pub fn import_establishments(
    store: &Store,
    file: &str,
    bytes: &[u8],
) -> Result<ImportSummary, ImportError> {
    let text = sheet::text(bytes).map_err(|why| ImportError::Refused(format!("{file}: {why}")))?;
    let text = text.as_ref();
    let sep = sheet::separator(text);
    let lines = Lines::new(text.as_bytes());
    if let Some(why) = sheet::open_quote(text, sep, &lines) {
        return Err(ImportError::Refused(format!(
            "{file}: {why}; nothing was imported"
        )));
    }
    let line_at = |p: &csv::Position| lines.line_at(p.byte() as usize);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ImportError::Refused(format!("{file}: cannot read the header row: {e}")))?
        .clone();
    let mut columns = Vec::new();
    for h in headers.iter() {
        match header_key(h) {
            Some(k) => columns.push(k),
            None => {
                return Err(ImportError::Refused(format!(
                    "{file}: line 1: unknown column \"{h}\"; the known columns are {} (or their Vietnamese names, e.g. \"Tên cơ sở\", \"Xã/phường\")",
                    COLUMNS.map(|(k, _)| k).join(", ")
                )));
            }
        }
    }
    if !columns.contains(&"name") && !columns.contains(&"id") {
        return Err(ImportError::Refused(format!(
            "{file}: line 1: no \"name\" column; the header row must name the columns, e.g. name,kind,commune,province"
        )));
    }
    let mut known = Known::load(store)?;
    let mut summary = ImportSummary {
        notes: sheet::note(file, sep).into_iter().collect(),
        ..ImportSummary::default()
    };
    let mut new = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, line_at);
                summary
                    .refused
                    .push((line, format!("cannot read the row: {e}")));
                continue;
            }
        };
        let line = row.position().map_or(0, line_at);
        let field = |key: &str| {
            columns
                .iter()
                .position(|c| *c == key)
                .and_then(|i| row.get(i))
                .map(|v| nfc(v.trim()))
                .unwrap_or_default()
        };
        if row.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        match read_row(&field, &known) {
            Ok(Found::Existing(here)) => summary.matched.push((line, field("name"), here)),
            Ok(Found::New(e)) => {
                summary.added.push((line, e.name.clone()));
                known.add((*e).clone());
                new.push(*e);
            }
            Err(why) => summary.refused.push((line, why)),
        }
    }
    store.write_batch(|batch| {
        for e in &new {
            batch.put_establishment(e)?;
        }
        Ok::<(), ImportError>(())
    })?;
    Ok(summary)
}

enum Found {
    /// The name of the establishment already here.
    Existing(String),
    New(Box<Establishment>),
}

fn read_row(field: &dyn Fn(&str) -> String, known: &Known) -> Result<Found, String> {
    let id = field("id");
    let id = match id.as_str() {
        "" => None,
        text => Some(Uuid::parse_str(text).map_err(|_| {
            format!("id \"{text}\" is not an establishment id; leave the id cell empty for a new establishment")
        })?),
    };
    let name = field("name");
    if let Some(e) = known.find(id, &name, &field("commune")) {
        return Ok(Found::Existing(e.name.clone()));
    }
    if name.is_empty() {
        return Err("the name is empty; fill in the establishment's name".into());
    }
    let kind_text = field("kind");
    if kind_text.is_empty() {
        return Err(format!(
            "{name}: the kind is empty; write ho_kinh_doanh, to_hop_tac, hop_tac_xa or doanh_nghiep (or the Vietnamese name)"
        ));
    }
    let kind: EstablishmentKind = kind_text.parse().map_err(|e| format!("{name}: {e}"))?;
    let mut e = Establishment::new(&name, kind);
    if let Some(id) = id {
        e.id = id;
    }
    e.sector = field("sector");
    e.commune = field("commune");
    e.province = field("province");
    e.contact_person = field("contact_person");
    e.phone = field("phone");
    e.notes = field("notes");
    let district = field("former_district");
    e.former_district = (!district.is_empty()).then_some(district);
    Ok(Found::New(Box::new(e.normalized())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_and_english_headers_are_understood() {
        assert_eq!(header_key("Tên cơ sở"), Some("name"));
        assert_eq!(header_key(" Xã/Phường "), Some("commune"));
        assert_eq!(header_key("Số điện thoại"), Some("phone"));
        assert_eq!(header_key("contact_person"), Some("contact_person"));
        assert_eq!(header_key("Địa chỉ"), None);
    }
}
