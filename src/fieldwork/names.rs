//! What a name and a session date must be, wherever they are typed or taken in: a name shows
//! something, holds no control character and fits on a sheet; a session's date is a date a
//! workshop can have.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

use super::{Fieldwork, FieldworkError};
use crate::store::{Establishment, Session};
use crate::survey::display::{echo, has_visible, printable};

/// The longest name of an establishment or a session, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// The setting holding the centre's name, printed at the top of every sheet. Absent until it
/// is set or the screens have asked for it once (empty: asked and left blank).
pub const CENTRE_SETTING: &str = "centre";

/// The first year a workshop may have (khuyến công began in the 1990s).
pub const FIRST_YEAR: i32 = 1990;

/// Years ahead of today a session may be planned.
pub const YEARS_AHEAD: i32 = 10;

/// Whether `e` may be stored: its name, as [`check_name`] wants it.
pub fn check_establishment(e: &Establishment) -> Result<(), FieldworkError> {
    check_name("an establishment", &e.name)
}

/// Whether `s` may be stored: its name and its date.
pub fn check_session(s: &Session) -> Result<(), FieldworkError> {
    check_name("a session", &s.name)?;
    check_session_date(s.date, chrono::Local::now().date_naive())
}

/// `name` as `what` (e.g. "an establishment") may be called, or why not.
pub fn check_name(what: &str, name: &str) -> Result<(), FieldworkError> {
    let refused = |why: String| Err(FieldworkError::Refused(why));
    if !has_visible(name) {
        return refused(format!(
            "{what} needs a name with a visible letter or digit"
        ));
    }
    if printable(name) != name {
        return refused(format!(
            "the name \"{}\" holds a control character; type it again as plain text",
            printable(&echo(name))
        ));
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return refused(format!(
            "the name \"{}\" has {chars} characters; a name has at most {MAX_NAME_CHARS}",
            echo(name)
        ));
    }
    Ok(())
}

/// A centre's name as typed: trimmed, composed (NFC), and checked as every name is.
pub fn centre_name(typed: &str) -> Result<String, FieldworkError> {
    let name: String = typed.trim().nfc().collect();
    check_name("the centre", &name)?;
    Ok(name)
}

/// What was typed when the screens asked for the centre's name: the name, checked, or `None`
/// when it was left blank.
pub fn centre_answer(typed: &str) -> Result<Option<String>, FieldworkError> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    centre_name(typed).map(Some)
}

impl Fieldwork {
    /// The centre's name; `None` while it has never been set nor asked for.
    pub fn centre(&self) -> Result<Option<String>, FieldworkError> {
        Ok(self.store.setting(CENTRE_SETTING)?)
    }

    /// Whether the screens should ask for the centre's name: it was never set nor asked for.
    /// A database that cannot be read now asks nothing.
    pub fn centre_unasked(&self) -> bool {
        matches!(self.centre(), Ok(None))
    }

    /// Keeps the answer to the screens' question: the name, or, left blank, a note that it was
    /// asked, so it is not asked again (sheets print without one until it is set).
    pub fn answer_centre(&self, typed: &str) -> Result<(), FieldworkError> {
        let kept = centre_answer(typed)?.unwrap_or_default();
        Ok(self.store.set_setting(CENTRE_SETTING, &kept)?)
    }
}

/// Whether `date` can be a session's date, `today` being the laptop's date.
pub fn check_session_date(date: NaiveDate, today: NaiveDate) -> Result<(), FieldworkError> {
    let last = today.year() + YEARS_AHEAD;
    if (FIRST_YEAR..=last).contains(&date.year()) {
        return Ok(());
    }
    Err(FieldworkError::Refused(format!(
        "{date} is not a session date: a session is between {FIRST_YEAR} and {last}; write the year in four digits (e.g. 17/10/2024)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_show_something_printable_and_fit() {
        assert!(check_name("an establishment", "HTX chè Tân Cương").is_ok());
        for bad in ["", "   ", "\u{200b}", "Cơ sở \u{1b}[2J", &"a".repeat(201)] {
            assert!(check_name("an establishment", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_centre_answer_is_a_checked_name_or_left_blank() {
        assert_eq!(centre_answer("  ").unwrap(), None);
        assert_eq!(
            centre_answer(" Trung tâm Khuyến công Thái Nguyên ").unwrap(),
            Some("Trung tâm Khuyến công Thái Nguyên".into())
        );
        assert!(centre_answer("\u{200b}").is_err());
    }

    #[test]
    fn session_dates_are_years_a_workshop_can_have() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let ok = |y, m, d| check_session_date(NaiveDate::from_ymd_opt(y, m, d).unwrap(), today);
        assert!(ok(2024, 10, 17).is_ok());
        assert!(ok(1990, 1, 1).is_ok());
        assert!(ok(2036, 12, 31).is_ok());
        assert!(ok(24, 10, 17).is_err());
        assert!(ok(1, 1, 1).is_err());
        assert!(ok(2037, 1, 1).is_err());
    }
}
