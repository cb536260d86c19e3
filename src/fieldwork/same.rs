//! When two establishments are the same: an id always wins; otherwise the same folded name
//! and the same folded commune (case, diacritics, đ/Đ and spacing ignored). A near match,
//! one folded name inside the other in the same commune (or where a commune is not known),
//! is worth a warning.

use crate::store::Establishment;
use crate::survey::text::fold;

/// The key two spellings of one establishment share.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SameKey {
    name: String,
    commune: String,
}

impl SameKey {
    pub fn new(name: &str, commune: &str) -> SameKey {
        SameKey {
            name: squash(name),
            commune: squash(commune),
        }
    }

    pub fn of(e: &Establishment) -> SameKey {
        SameKey::new(&e.name, &e.commune)
    }

    /// One name contains the other (both non-empty), in the same commune or where one of
    /// the communes is not known.
    pub fn near(&self, other: &SameKey) -> bool {
        let (a, b) = (&self.name, &other.name);
        let communes =
            self.commune == other.commune || self.commune.is_empty() || other.commune.is_empty();
        communes
            && !a.is_empty()
            && !b.is_empty()
            && (a.contains(b.as_str()) || b.contains(a.as_str()))
    }
}

/// Folded, with runs of spaces made one.
fn squash(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How a new establishment relates to one already there.
#[derive(Debug, Clone, PartialEq)]
pub enum Likeness<'a> {
    Same(&'a Establishment),
    Near(&'a Establishment),
}

/// The first establishment of `known` that is the same as (or else near) `name` in `commune`.
pub fn likely_duplicate<'a>(
    known: &'a [Establishment],
    name: &str,
    commune: &str,
) -> Option<Likeness<'a>> {
    let key = SameKey::new(name, commune);
    if let Some(e) = known.iter().find(|e| SameKey::of(e) == key) {
        return Some(Likeness::Same(e));
    }
    known
        .iter()
        .find(|e| SameKey::of(e).near(&key))
        .map(Likeness::Near)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::EstablishmentKind;

    fn est(name: &str, commune: &str) -> Establishment {
        let mut e = Establishment::new(name, EstablishmentKind::HoKinhDoanh);
        e.commune = commune.into();
        e
    }

    #[test]
    fn the_same_name_and_commune_spelt_differently_is_the_same() {
        assert_eq!(
            SameKey::new("Hop tac xa che  Phu Luong", "phu luong"),
            SameKey::new("Hợp tác xã chè Phú Lương", "Phú Lương")
        );
        assert_eq!(
            SameKey::new("Đồng Hỷ", "x"),
            SameKey::new("dong hy", "X"),
            "đ folds to d"
        );
        assert_ne!(
            SameKey::new("HTX chè Phú Lương", "Vô Tranh"),
            SameKey::new("HTX chè Phú Lương", "Phú Đô"),
            "another commune is another establishment"
        );
    }

    #[test]
    fn one_name_inside_the_other_is_a_near_match() {
        let known = vec![est("Cơ sở mật ong Phạm Xuân Dũng", "Vô Tranh")];
        assert_eq!(
            likely_duplicate(&known, "Mật ong Phạm Xuân Dũng", "Vô Tranh"),
            Some(Likeness::Near(&known[0]))
        );
        assert_eq!(
            likely_duplicate(&known, "co so mat ong pham xuan dung", "vo tranh"),
            Some(Likeness::Same(&known[0]))
        );
        assert_eq!(likely_duplicate(&known, "Mật ong", "Phú Đô"), None);
        assert_eq!(
            likely_duplicate(&known, "Mật ong Phạm Xuân Dũng", ""),
            Some(Likeness::Near(&known[0])),
            "a commune not given yet does not hide a likely duplicate"
        );
    }
}
