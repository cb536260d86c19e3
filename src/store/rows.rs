//! A response and its answers in one row of `responses_v2`:
//!
//! ```text
//! format (2) · establishment id (16) · session id (16) · status (1)
//! survey name · version name · recorder name · created_at · updated_at (from created_at)
//! then per answer, sorted by question id: question name · time · value
//! ```
//!
//! Names are ids in the `names` table (see names.rs); an answer's time is kept to the
//! microsecond, as difference from the response's creation. One row per response means one
//! lookup to read or save an answer and one sequential walk to score everything.

use chrono::{DateTime, Utc};
use redb::WriteTransaction;
use serde_json::Value;
use uuid::Uuid;

use super::codec::{RawValue, Reader, put_signed, put_time, put_value, put_varint, time_base};
use super::error::Fault;
use super::names::{Interner, Names};
use super::records::{AnswerRecord, Response, ResponseStatus};
use super::responses::AnswerList;

const FORMAT: u8 = 2;

/// The response part of a row, with its names as ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub establishment: Uuid,
    pub session: Uuid,
    pub status: ResponseStatus,
    pub survey: u32,
    pub version: u32,
    pub recorded_by: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Header {
    /// Microseconds since 1970 of the creation, the base of the answers' times.
    pub fn base_micros(&self) -> i64 {
        self.created_at.timestamp_micros()
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        out.push(FORMAT);
        out.extend_from_slice(self.establishment.as_bytes());
        out.extend_from_slice(self.session.as_bytes());
        out.push(match self.status {
            ResponseStatus::Draft => 0,
            ResponseStatus::Complete => 1,
            ResponseStatus::Deleted => 2,
        });
        for name in [self.survey, self.version, self.recorded_by] {
            put_varint(out, name.into());
        }
        put_time(out, self.created_at, 0);
        put_time(out, self.updated_at, time_base(self.created_at));
    }

    /// The header of a row and where its answers start.
    pub fn decode(row: &[u8]) -> Result<(Header, usize), String> {
        let mut r = Reader::new(row);
        match r.u8()? {
            FORMAT => {}
            v => return Err(format!("unknown response format {v}")),
        }
        let establishment = r.uuid()?;
        let session = r.uuid()?;
        let status = match r.u8()? {
            0 => ResponseStatus::Draft,
            1 => ResponseStatus::Complete,
            2 => ResponseStatus::Deleted,
            s => return Err(format!("unknown response status {s}")),
        };
        let (survey, version, recorded_by) = (r.small()?, r.small()?, r.small()?);
        let created_at = r.time(0)?;
        let updated_at = r.time(time_base(created_at))?;
        let header = Header {
            establishment,
            session,
            status,
            survey,
            version,
            recorded_by,
            created_at,
            updated_at,
        };
        Ok((header, r.at()))
    }

    pub fn to_response(&self, id: Uuid, names: &Names) -> Result<Response, String> {
        Ok(Response {
            id,
            survey_id: names.text(self.survey)?.to_string(),
            survey_version: names.text(self.version)?.to_string(),
            establishment_id: self.establishment,
            session_id: self.session,
            status: self.status,
            created_at: self.created_at,
            updated_at: self.updated_at,
            recorded_by: names.text(self.recorded_by)?.to_string(),
        })
    }
}

/// The row of `response` with `answers` (sorted by question id, as a BTreeMap gives them),
/// new names added to the names table of `tx`.
pub fn encode<'a>(
    names: &mut Interner<'_>,
    tx: &WriteTransaction,
    response: &Response,
    answers: impl IntoIterator<Item = (&'a str, &'a AnswerRecord)>,
) -> Result<Vec<u8>, Fault> {
    let header = Header {
        establishment: response.establishment_id,
        session: response.session_id,
        status: response.status,
        survey: names.id(tx, &response.survey_id)?,
        version: names.id(tx, &response.survey_version)?,
        recorded_by: names.id(tx, &response.recorded_by)?,
        created_at: response.created_at,
        updated_at: response.updated_at,
    };
    let mut out = Vec::with_capacity(64 + 16 * 48);
    header.encode(&mut out);
    let base = header.base_micros();
    for (question, record) in answers {
        let q = names.id(tx, question)?;
        put_answer(&mut out, q, record.updated_at, base, &record.value);
    }
    Ok(out)
}

/// A whole row read back: the response and its answers sorted by question id.
pub fn decode(id: Uuid, row: &[u8], names: &Names) -> Result<(Response, AnswerList), String> {
    let (header, start) = Header::decode(row)?;
    let response = header.to_response(id, names)?;
    let base = header.base_micros();
    let answers = answers(&row[start..])
        .map(|a| {
            let a = a?;
            let record = AnswerRecord {
                value: a.value.to_value()?,
                updated_at: a.updated_at(base)?,
            };
            Ok((names.text(a.question)?.to_string(), record))
        })
        .collect::<Result<_, String>>()?;
    Ok((response, answers))
}

/// Appends one answer; rows keep their answers sorted by question id.
pub fn put_answer(out: &mut Vec<u8>, question: u32, at: DateTime<Utc>, base: i64, value: &Value) {
    put_varint(out, question.into());
    put_signed(out, i128::from(at.timestamp_micros()) - i128::from(base));
    put_value(out, value);
}

/// One stored answer, read in place.
#[derive(Debug, Clone, Copy)]
pub struct AnswerRef<'a> {
    pub question: u32,
    /// Microseconds from the response's creation.
    pub micros: i128,
    pub value: RawValue<'a>,
    /// Where the answer lies in the bytes it was read from.
    pub start: usize,
    pub end: usize,
}

impl AnswerRef<'_> {
    pub fn updated_at(&self, base: i64) -> Result<DateTime<Utc>, String> {
        i64::try_from(i128::from(base) + self.micros)
            .ok()
            .and_then(DateTime::from_timestamp_micros)
            .ok_or_else(|| format!("answer time {} out of range", self.micros))
    }
}

/// The answers in `bytes` (the end of a row, from the offset [`Header::decode`] gives); an
/// error ends the walk.
pub fn answers(bytes: &[u8]) -> impl Iterator<Item = Result<AnswerRef<'_>, String>> {
    let mut r = Reader::new(bytes);
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed || r.is_done() {
            return None;
        }
        let start = r.at();
        let next = (|| {
            let question = r.small()?;
            let micros = r.signed()?;
            let value = r.value()?;
            Ok(AnswerRef {
                question,
                micros,
                value,
                start,
                end: r.at(),
            })
        })();
        failed = next.is_err();
        Some(next)
    })
}

/// A row with one answer set, replaced or removed, and `updated_at` moved to `at`: the bytes
/// of every other answer are copied as they are. `old` is where the answer to this question
/// lies in `row` (None: not answered), `place` where a new one goes.
pub fn edit(
    row: &[u8],
    header: &Header,
    answers_start: usize,
    place: Place,
    new: Option<(u32, &Value)>,
    at: DateTime<Utc>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(row.len() + 32);
    Header {
        updated_at: at,
        ..header.clone()
    }
    .encode(&mut out);
    let (cut_start, cut_end) = match place {
        Place::Replace { start, end } => (answers_start + start, answers_start + end),
        Place::Insert { at } => (answers_start + at, answers_start + at),
    };
    out.extend_from_slice(&row[answers_start..cut_start]);
    if let Some((question, value)) = new {
        put_answer(&mut out, question, at, header.base_micros(), value);
    }
    out.extend_from_slice(&row[cut_end..]);
    out
}

/// A row with a new header and the answers of `row` (from `answers_start`) as they are.
pub fn rehead(row: &[u8], answers_start: usize, header: &Header) -> Vec<u8> {
    let mut out = Vec::with_capacity(row.len() + 8);
    header.encode(&mut out);
    out.extend_from_slice(&row[answers_start..]);
    out
}

/// Where an edited answer goes in a row's answers (offsets from the first answer).
#[derive(Debug, Clone, Copy)]
pub enum Place {
    Replace { start: usize, end: usize },
    Insert { at: usize },
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::SubsecRound;
    use serde_json::json;

    fn header() -> Header {
        let created_at = DateTime::from_timestamp(1_728_954_000, 123_456_789).unwrap();
        Header {
            establishment: Uuid::now_v7(),
            session: Uuid::now_v7(),
            status: ResponseStatus::Complete,
            survey: 3,
            version: 300,
            recorded_by: 0,
            created_at,
            updated_at: created_at + chrono::Duration::minutes(25),
        }
    }

    #[test]
    fn a_row_reads_back_and_an_edit_copies_the_other_answers() {
        let h = header();
        let mut row = Vec::new();
        h.encode(&mut row);
        let t = h.updated_at;
        put_answer(&mut row, 1, t, h.base_micros(), &json!("trained"));
        put_answer(&mut row, 2, t, h.base_micros(), &json!(["a", "b"]));
        let (back, start) = Header::decode(&row).unwrap();
        assert_eq!(back, h);
        let list: Vec<_> = answers(&row[start..]).map(Result::unwrap).collect();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].value, RawValue::Text("trained"));
        assert_eq!(
            list[1].updated_at(h.base_micros()).unwrap(),
            t.trunc_subsecs(6)
        );

        let later = t + chrono::Duration::seconds(5);
        let edited = edit(
            &row,
            &h,
            start,
            Place::Replace {
                start: list[0].start,
                end: list[0].end,
            },
            Some((1, &json!("knows"))),
            later,
        );
        let (eh, es) = Header::decode(&edited).unwrap();
        assert_eq!(eh.updated_at, later);
        let values: Vec<_> = answers(&edited[es..])
            .map(|a| a.unwrap().value.to_value().unwrap())
            .collect();
        assert_eq!(values, [json!("knows"), json!(["a", "b"])]);
        let removed = edit(&row, &h, start, Place::Insert { at: 0 }, None, later);
        assert_eq!(answers(&removed[es..]).count(), 2);
    }

    #[test]
    fn damaged_rows_are_errors() {
        let mut row = Vec::new();
        header().encode(&mut row);
        for cut in 0..row.len() {
            assert!(Header::decode(&row[..cut]).is_err());
        }
        row[33] = 7;
        assert!(Header::decode(&row).is_err());
        assert!(answers(&[0x05, 0x00]).any(|a| a.is_err()));
    }
}
