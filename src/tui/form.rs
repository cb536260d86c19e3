//! The small forms of the workshop screens: a new session, a new establishment.

use chrono::NaiveDate;

use super::strings::S;
use super::widgets::text_field::TextField;
use crate::store::EstablishmentKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Session,
    Establishment,
}

/// One labelled field. The legal-form field is a choice, not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: S,
    pub input: TextField,
    pub choice: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<S>,
    /// The trainer was told a same-named establishment exists; saving again adds anyway.
    pub warned_duplicate: bool,
}

fn text(label: S, value: &str) -> Field {
    Field {
        label,
        input: TextField::new(value),
        choice: None,
    }
}

impl Form {
    pub fn session(today: NaiveDate) -> Form {
        Form {
            kind: FormKind::Session,
            fields: vec![
                text(S::FieldName, ""),
                text(S::FieldDate, &today.format("%Y-%m-%d").to_string()),
                text(S::FieldCommune, ""),
                text(S::FieldProvince, ""),
            ],
            focus: 0,
            error: None,
            warned_duplicate: false,
        }
    }

    /// Starts with the session's commune and province filled in.
    pub fn establishment(commune: &str, province: &str) -> Form {
        Form {
            kind: FormKind::Establishment,
            fields: vec![
                text(S::FieldName, ""),
                Field {
                    label: S::FieldKind,
                    input: TextField::default(),
                    choice: Some(0),
                },
                text(S::FieldSector, ""),
                text(S::FieldCommune, commune),
                text(S::FieldProvince, province),
            ],
            focus: 0,
            error: None,
            warned_duplicate: false,
        }
    }

    pub fn focused(&mut self) -> &mut Field {
        &mut self.fields[self.focus]
    }

    pub fn value(&self, i: usize) -> String {
        self.fields[i].input.committed()
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    pub fn prev(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }

    /// On a choice field: a digit picks, other characters are ignored.
    pub fn input(&mut self, c: char) {
        let field = self.focused();
        match field.choice.as_mut() {
            Some(choice) => {
                if let Some(d) = c.to_digit(10).map(|d| d as usize)
                    && (1..=EstablishmentKind::ALL.len()).contains(&d)
                {
                    *choice = d - 1;
                }
            }
            None => field.input.insert(c),
        }
    }

    /// Left/Right on a choice field cycles it; on text they move the cursor.
    pub fn step(&mut self, forward: bool) {
        let field = self.focused();
        match field.choice.as_mut() {
            Some(choice) => {
                *choice = if forward {
                    (*choice + 1) % EstablishmentKind::ALL.len()
                } else {
                    (*choice + EstablishmentKind::ALL.len() - 1) % EstablishmentKind::ALL.len()
                }
            }
            None if forward => field.input.right(),
            None => field.input.left(),
        }
    }

    pub fn edit(&mut self, f: impl FnOnce(&mut TextField)) {
        let field = self.focused();
        if field.choice.is_none() {
            f(&mut field.input);
        }
    }
}

/// A workshop date as trainers write it: 2026-11-26 or 26/11/2026.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_spellings() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26);
        assert_eq!(parse_date("2026-11-26"), d);
        assert_eq!(parse_date(" 26/11/2026 "), d);
        assert_eq!(parse_date("26.11"), None);
    }

    #[test]
    fn new_establishment_starts_with_the_session_place() {
        let f = Form::establishment("Phú Lương", "Thái Nguyên");
        assert_eq!(f.value(3), "Phú Lương");
        assert_eq!(f.value(4), "Thái Nguyên");
    }
}
