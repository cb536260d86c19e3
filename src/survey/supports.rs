//! Support lines (`supports`): declared by a definition, or, in one that declares none
//! (format-1 files), one implicit line per distinct `support` text, so that the rest of
//! the program sees one model either way.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::model::{Channel, Support};
use super::text::fold;
use super::walk::{Walker, index, join};

pub enum SupportLines {
    /// From the definition's `supports`: an advice names one by id.
    Declared(Vec<Support>),
    /// Gathered from the advice texts as they are read.
    Implicit(Vec<Support>),
}

impl SupportLines {
    /// The support line an advice's `support` value names: its index, or `None` after
    /// reporting why not.
    pub fn resolve(&mut self, w: &mut Walker, v: &Value, path: &str) -> Option<usize> {
        match self {
            SupportLines::Declared(lines) => {
                let Some(id) = v.as_str() else {
                    w.error(
                        path,
                        "expected the id of one of the survey's supports; this survey declares \"supports\", so advice names a line by its id",
                    );
                    return None;
                };
                let found = lines.iter().position(|s| s.id == id);
                if found.is_none() {
                    let ids: Vec<&str> = lines.iter().map(|s| s.id.as_str()).collect();
                    w.error(
                        path,
                        format!(
                            "unknown support \"{}\"; the supports are {}",
                            super::display::echo(id),
                            ids.join(", ")
                        ),
                    );
                }
                found
            }
            SupportLines::Implicit(lines) => {
                let label = w.text(v, path)?;
                let id = implicit_id(label.default_text());
                if let Some(i) = lines.iter().position(|s| s.id == id) {
                    return Some(i);
                }
                lines.push(Support {
                    id,
                    label,
                    channel: Channel::KhuyenCong,
                    description: None,
                    basis: None,
                });
                Some(lines.len() - 1)
            }
        }
    }

    pub fn into_vec(self) -> Vec<Support> {
        match self {
            SupportLines::Declared(lines) | SupportLines::Implicit(lines) => lines,
        }
    }
}

/// The id of a line named only by its text: "Tư vấn sản xuất sạch hơn" → "tu_van_san_xuat_sach_hon".
pub fn implicit_id(text: &str) -> String {
    let words: Vec<String> = fold(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let id = words.join("_");
    match id.chars().next() {
        None => "support".into(),
        Some(c) if c.is_ascii_digit() => format!("support_{id}"),
        Some(_) => id,
    }
}

const SUPPORT_KEYS: [&str; 5] = ["id", "label", "channel", "description", "basis"];

/// The top-level `supports`, or an empty implicit list when the definition has none.
pub fn read_supports(w: &mut Walker, map: &Map<String, Value>) -> SupportLines {
    let Some(v) = map.get("supports") else {
        return SupportLines::Implicit(Vec::new());
    };
    let items = w.array(v, "supports", "support lines").unwrap_or_default();
    let mut lines: Vec<Support> = Vec::new();
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let path = index("supports", i);
        if let Some(line) = read_support(w, item, &path) {
            if !seen.insert(line.id.clone()) {
                w.error(
                    &join(&path, "id"),
                    format!("id \"{}\" is used twice in supports", line.id),
                );
            }
            lines.push(line);
        }
    }
    SupportLines::Declared(lines)
}

fn read_support(w: &mut Walker, v: &Value, path: &str) -> Option<Support> {
    let map = w.object(v, path, "a support line {\"id\", \"label\", \"channel\"}")?;
    w.known_keys(map, path, &SUPPORT_KEYS);
    let id = w
        .required(map, path, "id", "the line's id, e.g. \"training\"")
        .and_then(|v| w.string(v, &join(path, "id")));
    let id = id.filter(|id| {
        let mut chars = id.chars();
        let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && id.len() <= 64;
        if !ok {
            w.error(
                &join(path, "id"),
                format!(
                    "\"{}\" is not a valid support id; use at most 64 lowercase ASCII letters, digits and _, starting with a letter",
                    super::display::echo(id)
                ),
            );
        }
        ok
    });
    let label = w
        .required(map, path, "label", "the line's name")
        .and_then(|v| w.text(v, &join(path, "label")));
    let channel = w
        .required(map, path, "channel", "\"khuyen_cong\" or \"referral\"")
        .and_then(|v| w.string(v, &join(path, "channel")))
        .and_then(|c| {
            let found = Channel::ALL.into_iter().find(|ch| ch.code() == c);
            if found.is_none() {
                w.error(
                    &join(path, "channel"),
                    format!(
                        "unknown channel \"{}\"; expected \"khuyen_cong\" (funded by khuyến công) or \"referral\" (somebody else's programme)",
                        super::display::echo(&c)
                    ),
                );
            }
            found
        });
    let description = w.opt(map, path, "description", Walker::text);
    let basis = w.opt(map, path, "basis", Walker::text);
    Some(Support {
        id: id?,
        label: label?,
        channel: channel?,
        description,
        basis,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implicit_ids_are_the_folded_words() {
        assert_eq!(implicit_id("Tập huấn"), "tap_huan");
        assert_eq!(
            implicit_id("Tư vấn sản xuất sạch hơn"),
            "tu_van_san_xuat_sach_hon"
        );
        assert_eq!(
            implicit_id("Hỗ trợ máy móc, thiết bị!"),
            "ho_tro_may_moc_thiet_bi"
        );
        assert_eq!(implicit_id("Đào tạo"), "dao_tao");
        assert_eq!(implicit_id("4.0"), "support_4_0");
        assert_eq!(implicit_id("—"), "support");
    }
}
