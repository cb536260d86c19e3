//! The small forms of the workshop screens: a session and an establishment, new or edited.

use chrono::NaiveDate;
use uuid::Uuid;

use super::entry::Notice;
use super::strings::{Lang, S};
use super::widgets::text_field::TextField;
use crate::store::{Establishment, EstablishmentKind, Session};
use crate::survey::display::parse_date_typed;
use crate::survey::profile::ProfileField;

/// What a form makes or changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Session,
    Establishment,
    EditSession(Uuid),
    EditEstablishment(Uuid),
}

/// What a field is called: a screen text, or a profile field's own title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Text(S),
    Profile(ProfileField),
}

impl Label {
    pub fn get(self, lang: Lang) -> &'static str {
        match self {
            Label::Text(s) => s.get(lang),
            Label::Profile(f) => f.title(lang),
        }
    }
}

/// The legal-form choice: an index into `EstablishmentKind::ALL`, or past its end for
/// "not known yet".
pub const KIND_CHOICES: usize = EstablishmentKind::ALL.len() + 1;

/// One labelled field. The legal-form field is a choice, not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: Label,
    pub input: TextField,
    pub choice: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<Notice>,
    /// The trainer was told a similar establishment exists; saving again adds anyway.
    pub warned_duplicate: bool,
}

fn text(label: S, value: &str) -> Field {
    Field {
        label: Label::Text(label),
        input: TextField::new(value),
        choice: None,
    }
}

fn kind_field(kind: Option<EstablishmentKind>) -> Field {
    Field {
        label: Label::Text(S::FieldKind),
        input: TextField::default(),
        choice: Some(
            kind.and_then(|k| EstablishmentKind::ALL.iter().position(|&a| a == k))
                .unwrap_or(EstablishmentKind::ALL.len()),
        ),
    }
}

/// The profile fields an edit form shows as text (the legal form is the choice above them).
pub fn profile_fields() -> impl Iterator<Item = ProfileField> {
    ProfileField::ALL
        .into_iter()
        .filter(|&f| f != ProfileField::Kind)
}

/// A date as the screens show it: dd/mm/yyyy, as Vietnamese write it.
pub fn date_text(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

impl Form {
    fn new(kind: FormKind, fields: Vec<Field>) -> Form {
        Form {
            kind,
            fields,
            focus: 0,
            error: None,
            warned_duplicate: false,
        }
    }

    /// A new session; `ask_centre` adds the centre's name (printed on every sheet) once, while
    /// it has never been set nor asked for.
    pub fn session(today: NaiveDate, ask_centre: bool) -> Form {
        let mut fields = vec![
            text(S::FieldName, ""),
            text(S::FieldDate, &date_text(today)),
            text(S::FieldCommune, ""),
            text(S::FieldProvince, ""),
            text(S::FieldTrainer, ""),
        ];
        if ask_centre {
            fields.push(text(S::FieldCentre, ""));
        }
        Form::new(FormKind::Session, fields)
    }

    /// A session's details, to change them.
    pub fn edit_session(s: &Session) -> Form {
        let fields = vec![
            text(S::FieldName, &s.name),
            text(S::FieldDate, &date_text(s.date)),
            text(S::FieldCommune, &s.commune),
            text(S::FieldProvince, &s.province),
            text(S::FieldTrainer, &s.trainer),
        ];
        Form::new(FormKind::EditSession(s.id), fields)
    }

    /// Starts with the session's commune and province filled in.
    pub fn establishment(commune: &str, province: &str) -> Form {
        let mut kind = kind_field(None);
        kind.choice = Some(0);
        let fields = vec![
            text(S::FieldName, ""),
            kind,
            text(S::FieldSector, ""),
            text(S::FieldCommune, commune),
            text(S::FieldProvince, province),
        ];
        Form::new(FormKind::Establishment, fields)
    }

    /// Every detail and profile field of an establishment, as it is now, to change them.
    pub fn edit_establishment(e: &Establishment, lang: Lang) -> Form {
        let kind = e
            .profile
            .get(ProfileField::Kind)
            .and_then(|v| v.as_str().and_then(EstablishmentKind::from_code));
        let mut fields = vec![
            text(S::FieldName, &e.name),
            kind_field(kind),
            text(S::FieldSector, &e.sector),
            text(S::FieldCommune, &e.commune),
            text(S::FieldProvince, &e.province),
            text(S::FieldContact, &e.contact_person),
            text(S::FieldPhone, &e.phone),
        ];
        fields.extend(profile_fields().map(|f| Field {
            label: Label::Profile(f),
            input: TextField::new(&e.profile.text(f, lang)),
            choice: None,
        }));
        fields.push(text(S::FieldNotes, &e.notes));
        Form::new(FormKind::EditEstablishment(e.id), fields)
    }

    pub fn focused(&mut self) -> &mut Field {
        &mut self.fields[self.focus]
    }

    pub fn value(&self, i: usize) -> String {
        self.fields[i].input.committed()
    }

    /// The field called `label`, by position.
    pub fn find(&self, label: Label) -> Option<usize> {
        self.fields.iter().position(|f| f.label == label)
    }

    /// The chosen legal form; `None` when not known.
    pub fn kind(&self) -> Option<EstablishmentKind> {
        let choice = self.fields.iter().find_map(|f| f.choice)?;
        EstablishmentKind::ALL.get(choice).copied()
    }

    /// Points at a field with what is wrong in it.
    pub fn refuse(&mut self, field: usize, notice: Notice) {
        self.focus = field;
        self.error = Some(notice);
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    pub fn prev(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }

    /// On a choice field a digit picks; any other character is not lost silently: the
    /// form says how the field is chosen.
    pub fn input(&mut self, c: char) {
        let field = self.focused();
        match field.choice.as_mut() {
            Some(choice) => match c.to_digit(10).map(|d| d as usize) {
                Some(d) if (1..=KIND_CHOICES).contains(&d) => {
                    *choice = d - 1;
                    self.error = None;
                }
                _ => self.error = Some((S::ChoiceHowTo, None)),
            },
            None => field.input.insert(c),
        }
    }

    /// Left/Right on a choice field cycles it; on text they move the cursor.
    pub fn step(&mut self, forward: bool) {
        let field = self.focused();
        match field.choice.as_mut() {
            Some(choice) => {
                *choice = if forward {
                    (*choice + 1) % KIND_CHOICES
                } else {
                    (*choice + KIND_CHOICES - 1) % KIND_CHOICES
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

/// A date as trainers write it: 26/11/2026, 26/11/26, 2026-11-26 (the one parser the entry
/// screen's date questions use too).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    parse_date_typed(s.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_spellings_people_use() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26);
        assert_eq!(parse_date("2026-11-26"), d);
        assert_eq!(parse_date(" 26/11/2026 "), d);
        assert_eq!(parse_date("26.11"), None);
        assert_eq!(date_text(d.unwrap()), "26/11/2026");
    }

    #[test]
    fn new_establishment_starts_with_the_session_place() {
        let f = Form::establishment("Phú Lương", "Thái Nguyên");
        assert_eq!(f.value(3), "Phú Lương");
        assert_eq!(f.value(4), "Thái Nguyên");
    }

    #[test]
    fn an_edit_form_holds_every_profile_field_prefilled() {
        let mut e = Establishment::new("HTX chè", EstablishmentKind::HopTacXa);
        e.phone = "0912 345 678".into();
        let f = Form::edit_establishment(&e, Lang::Vi);
        assert_eq!(f.kind(), Some(EstablishmentKind::HopTacXa));
        assert_eq!(
            f.value(f.find(Label::Text(S::FieldPhone)).unwrap()),
            "0912 345 678"
        );
        for field in profile_fields() {
            assert!(f.find(Label::Profile(field)).is_some(), "{field:?}");
        }
    }
}
