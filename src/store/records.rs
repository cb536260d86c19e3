//! The domain records kept in the store: session, establishment, response, answer, audit.
//! The TUI and the exports use these types as they are.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::survey::text::{fold, nfc};

/// A workshop: one day in one commune, with one trainer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: Uuid,
    pub name: String,
    pub date: NaiveDate,
    /// Commune or ward (the lower tier since the 1 July 2025 reform).
    pub commune: String,
    pub province: String,
    /// District before the 1 July 2025 reform, for records from before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub former_district: Option<String>,
    #[serde(default)]
    pub trainer: String,
    #[serde(default)]
    pub notes: String,
    /// When these details were last written (UTC): merging two laptops keeps the later.
    /// Absent in records written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
}

impl Session {
    /// A new session with a fresh id and empty optional fields.
    pub fn new(name: &str, date: NaiveDate) -> Session {
        Session {
            id: Uuid::now_v7(),
            name: name.to_string(),
            date,
            commune: String::new(),
            province: String::new(),
            former_district: None,
            trainer: String::new(),
            notes: String::new(),
            updated_at: Some(Utc::now()),
        }
    }

    /// The same session with every text NFC-normalized, as stored.
    pub fn normalized(mut self) -> Session {
        for s in [
            &mut self.name,
            &mut self.commune,
            &mut self.province,
            &mut self.trainer,
            &mut self.notes,
        ] {
            *s = nfc(s.trim());
        }
        self.former_district = normalize_opt(self.former_district);
        self
    }
}

pub use crate::survey::profile::EstablishmentKind;
pub use crate::survey::profile_values::Profile;

/// A household business, cooperative group, cooperative or enterprise. Exists once and can take
/// part in many sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Establishment {
    pub id: Uuid,
    pub name: String,
    /// Legal form, industry, size, certifications, owners: asked once (the `kind` key of
    /// records written before the profile is its legal form).
    #[serde(flatten)]
    pub profile: Profile,
    /// What it makes, in the trainer's words ("chế biến chè").
    #[serde(default)]
    pub sector: String,
    /// Commune or ward.
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub province: String,
    /// District before the 1 July 2025 reform, for records from before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub former_district: Option<String>,
    #[serde(default)]
    pub contact_person: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub notes: String,
    /// When these details were last written (UTC): merging two laptops keeps the later.
    /// Absent in records written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
}

impl Establishment {
    /// A new establishment of a known legal form, with a fresh id and the rest unknown.
    pub fn new(name: &str, kind: EstablishmentKind) -> Establishment {
        let mut e = Establishment::named(name);
        e.profile.kind = Some(kind);
        e
    }

    /// A new establishment of which only the name is known yet.
    pub fn named(name: &str) -> Establishment {
        Establishment {
            id: Uuid::now_v7(),
            name: name.to_string(),
            profile: Profile::default(),
            sector: String::new(),
            commune: String::new(),
            province: String::new(),
            former_district: None,
            contact_person: String::new(),
            phone: String::new(),
            notes: String::new(),
            updated_at: Some(Utc::now()),
        }
    }

    /// The same establishment with every text NFC-normalized, as stored.
    pub fn normalized(mut self) -> Establishment {
        for s in [
            &mut self.name,
            &mut self.sector,
            &mut self.commune,
            &mut self.province,
            &mut self.contact_person,
            &mut self.phone,
            &mut self.notes,
        ] {
            *s = nfc(s.trim());
        }
        self.former_district = normalize_opt(self.former_district);
        self
    }

    /// Whether a search text matches, ignoring case and Vietnamese diacritics. Looks at the
    /// name, sector, commune, province, former district, contact person and phone.
    pub fn matches(&self, folded_query: &str) -> bool {
        let fields = self.search_fields();
        folded_query
            .split_whitespace()
            .all(|word| fields.iter().any(|f| fold(f).contains(word)))
    }

    /// The fields a search looks at, the name first (the store's search index keeps them
    /// folded).
    pub fn search_fields(&self) -> [&str; 7] {
        [
            self.name.as_str(),
            &self.sector,
            &self.commune,
            &self.province,
            self.former_district.as_deref().unwrap_or(""),
            &self.contact_person,
            &self.phone,
        ]
    }
}

fn normalize_opt(s: Option<String>) -> Option<String> {
    s.map(|s| nfc(s.trim())).filter(|s| !s.is_empty())
}

/// Whether a response is still being filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    Draft,
    Complete,
    /// Taken back by the trainer (a mistaken response): kept, audited and restorable, and
    /// left out of every score, sheet and spreadsheet.
    Deleted,
}

impl ResponseStatus {
    pub fn code(self) -> &'static str {
        match self {
            ResponseStatus::Draft => "draft",
            ResponseStatus::Complete => "complete",
            ResponseStatus::Deleted => "deleted",
        }
    }
}

impl fmt::Display for ResponseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for ResponseStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "draft" => Ok(ResponseStatus::Draft),
            "complete" => Ok(ResponseStatus::Complete),
            "deleted" => Ok(ResponseStatus::Deleted),
            _ => Err(format!("unknown status {s:?}; use draft or complete")),
        }
    }
}

/// A time as chrono's own `Serialize` writes it (RFC 3339, `Z`, as many decimals as it
/// needs), formatted into a string first: serde_json's `collect_str`, which chrono's impl
/// uses, escapes each character as it comes, and the times of answers and audit entries are
/// most of what a JSON export formats.
fn rfc3339<S: serde::Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// One establishment's answers to one survey version at one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub id: Uuid,
    pub survey_id: String,
    pub survey_version: String,
    pub establishment_id: Uuid,
    pub session_id: Uuid,
    pub status: ResponseStatus,
    #[serde(serialize_with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub recorded_by: String,
}

impl Response {
    /// A new draft response with a fresh id, created now.
    pub fn new(
        survey_id: &str,
        survey_version: &str,
        establishment_id: Uuid,
        session_id: Uuid,
        recorded_by: &str,
    ) -> Response {
        let now = Utc::now();
        Response {
            id: Uuid::now_v7(),
            survey_id: survey_id.to_string(),
            survey_version: survey_version.to_string(),
            establishment_id,
            session_id,
            status: ResponseStatus::Draft,
            created_at: now,
            updated_at: now,
            recorded_by: recorded_by.to_string(),
        }
    }
}

/// One stored answer. `value` is the canonical JSON form (a string, an array of strings, a
/// number, or the string "na"); the store does not check it against the survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerRecord {
    pub value: Value,
    /// When it was last changed: when two laptops are merged, the later change wins.
    #[serde(serialize_with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
}

/// What an audit entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// An answer given for the first time.
    Set,
    /// An answer replaced by another.
    Changed,
    /// An answer removed.
    Cleared,
}

/// One line of the append-only audit trail of a response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Stored in the key, not repeated in the value.
    #[serde(skip)]
    pub id: Uuid,
    /// Stored in the key, not repeated in the value.
    #[serde(skip)]
    pub response_id: Uuid,
    pub question_id: String,
    pub action: AuditAction,
    #[serde(serialize_with = "rfc3339")]
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default)]
    pub recorded_by: String,
}

impl AuditEntry {
    /// The entry for changing `old` to `new` (None = no answer).
    pub fn new(
        response_id: Uuid,
        question_id: &str,
        old: Option<Value>,
        new: Option<Value>,
        reason: Option<&str>,
        recorded_by: &str,
        at: DateTime<Utc>,
    ) -> AuditEntry {
        let action = match (&old, &new) {
            (None, _) => AuditAction::Set,
            (Some(_), Some(_)) => AuditAction::Changed,
            (Some(_), None) => AuditAction::Cleared,
        };
        AuditEntry {
            id: Uuid::now_v7(),
            response_id,
            question_id: question_id.to_string(),
            action,
            at,
            old,
            new,
            reason: reason.map(nfc),
            recorded_by: recorded_by.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_chrono_writes_them() {
        use chrono::{TimeZone, Timelike};
        let second = Utc.with_ymd_and_hms(2024, 10, 16, 2, 46, 0).unwrap();
        let leap = chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
            .unwrap()
            .and_utc();
        for nanos in [0, 759_336_833, 120_000_000, 123_000, 1] {
            for at in [
                second,
                leap,
                DateTime::<Utc>::MIN_UTC,
                DateTime::<Utc>::MAX_UTC,
            ] {
                let at = at.with_nanosecond(nanos).unwrap_or(at);
                let mut ours = Vec::new();
                rfc3339(&at, &mut serde_json::Serializer::new(&mut ours)).unwrap();
                assert_eq!(
                    String::from_utf8(ours).unwrap(),
                    serde_json::to_string(&at).unwrap()
                );
            }
        }
    }

    #[test]
    fn kinds_parse_from_codes_and_vietnamese_names() {
        assert_eq!("hop_tac_xa".parse(), Ok(EstablishmentKind::HopTacXa));
        assert_eq!("Hợp tác xã".parse(), Ok(EstablishmentKind::HopTacXa));
        assert_eq!("hop tac xa".parse(), Ok(EstablishmentKind::HopTacXa));
        assert_eq!("Hộ kinh doanh".parse(), Ok(EstablishmentKind::HoKinhDoanh));
        assert_eq!("doanh nghiệp".parse(), Ok(EstablishmentKind::DoanhNghiep));
        assert!("xưởng".parse::<EstablishmentKind>().is_err());
    }

    #[test]
    fn kinds_serialize_as_stable_codes() {
        for k in EstablishmentKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
        }
    }

    #[test]
    fn search_ignores_diacritics_and_case() {
        let mut e = Establishment::new("HTX Chè Đồng Hỷ", EstablishmentKind::HopTacXa);
        e.former_district = Some("Phú Lương".into());
        assert!(e.matches(&fold("phu luong")));
        assert!(e.matches(&fold("dong hy che")));
        assert!(e.matches("d"));
        assert!(!e.matches(&fold("vo tranh")));
    }
}
