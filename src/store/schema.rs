//! Table layout, value encoding and the schema version.
//!
//! Keys are redb tuples of UUID v7 (16 bytes, sorted by creation time) and short strings.
//! Values are bytes: a one-byte format version followed by JSON, so fields can be added with
//! `#[serde(default)]` without a migration. Answers, the most numerous rows, carry their time as
//! 8 bytes before the JSON so that reading 100,000 responses stays fast.

use chrono::{DateTime, Utc};
use redb::{ReadableTable, TableDefinition, WriteTransaction};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

use super::records::AnswerRecord;

/// The schema this program writes. Bump it and add a step to [`migrate`] when the layout changes.
pub const SCHEMA_VERSION: u64 = 1;

/// `"schema_version"` → the version of the layout below.
pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
pub const SCHEMA_KEY: &str = "schema_version";

/// session id → Session
pub const SESSIONS: TableDefinition<Uuid, &[u8]> = TableDefinition::new("sessions_v1");
/// establishment id → Establishment
pub const ESTABLISHMENTS: TableDefinition<Uuid, &[u8]> = TableDefinition::new("establishments_v1");
/// (session id, establishment id) → (): who takes part in a session, even before any response.
pub const SESSION_ESTABLISHMENTS: TableDefinition<(Uuid, Uuid), ()> =
    TableDefinition::new("session_establishments_v1");
/// response id → Response
pub const RESPONSES: TableDefinition<Uuid, &[u8]> = TableDefinition::new("responses_v1");
/// (session id, response id) → ()
pub const SESSION_RESPONSES: TableDefinition<(Uuid, Uuid), ()> =
    TableDefinition::new("session_responses_v1");
/// (establishment id, response id) → ()
pub const ESTABLISHMENT_RESPONSES: TableDefinition<(Uuid, Uuid), ()> =
    TableDefinition::new("establishment_responses_v1");
/// (response id, question id) → AnswerRecord (see [`encode_answer`])
pub const ANSWERS: TableDefinition<(Uuid, &str), &[u8]> = TableDefinition::new("answers_v1");
/// (response id, entry id) → AuditEntry; entry ids are UUID v7, so entries sort by time.
pub const AUDIT: TableDefinition<(Uuid, Uuid), &[u8]> = TableDefinition::new("audit_v1");
/// (survey id, version) → the exact JSON text of that definition.
pub const SURVEYS: TableDefinition<(&str, &str), &str> = TableDefinition::new("surveys_v1");

const FORMAT_V1: u8 = 1;

/// A record as stored: format byte + JSON.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = vec![FORMAT_V1];
    // Serializing our own records (strings, numbers, dates, serde_json::Value) cannot fail.
    serde_json::to_writer(&mut out, value).expect("records serialize to JSON");
    out
}

/// A record read back; the error says what is wrong with the bytes.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    match bytes.split_first() {
        Some((&FORMAT_V1, json)) => serde_json::from_slice(json).map_err(|e| e.to_string()),
        Some((v, _)) => Err(format!("unknown record format {v}")),
        None => Err("empty record".into()),
    }
}

/// An answer as stored: format byte, time in microseconds since 1970 (i64 little-endian), JSON
/// value.
pub fn encode_answer(record: &AnswerRecord) -> Vec<u8> {
    let mut out = Vec::with_capacity(24);
    out.push(FORMAT_V1);
    out.extend_from_slice(&record.updated_at.timestamp_micros().to_le_bytes());
    serde_json::to_writer(&mut out, &record.value).expect("JSON values serialize");
    out
}

/// An answer read back; the error says what is wrong with the bytes.
pub fn decode_answer(bytes: &[u8]) -> Result<AnswerRecord, String> {
    let (micros, json) = split_answer(bytes)?;
    let updated_at = DateTime::<Utc>::from_timestamp_micros(micros)
        .ok_or_else(|| format!("answer time {micros} out of range"))?;
    let value = match plain_string(json) {
        Some(s) => Value::String(s.to_string()),
        None => serde_json::from_slice(json).map_err(|e| e.to_string())?,
    };
    Ok(AnswerRecord { value, updated_at })
}

/// The time (microseconds) and JSON value of a stored answer.
pub fn split_answer(bytes: &[u8]) -> Result<(i64, &[u8]), String> {
    let Some((&FORMAT_V1, rest)) = bytes.split_first() else {
        return Err("unknown answer format".into());
    };
    let Some((time, json)) = rest.split_first_chunk::<8>() else {
        return Err("answer record too short".into());
    };
    Ok((i64::from_le_bytes(*time), json))
}

/// The text of a JSON string without escapes (most answers: an option value), read without
/// the JSON parser, which counts when 100,000 responses are scored.
pub fn plain_string(json: &[u8]) -> Option<&str> {
    let inner = json.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if inner.iter().any(|&b| b == b'"' || b == b'\\' || b < 0x20) {
        return None;
    }
    std::str::from_utf8(inner).ok()
}

/// Creates every table of the current schema and records its version.
pub fn initialize(tx: &WriteTransaction) -> Result<(), redb::Error> {
    tx.open_table(SESSIONS)?;
    tx.open_table(ESTABLISHMENTS)?;
    tx.open_table(SESSION_ESTABLISHMENTS)?;
    tx.open_table(RESPONSES)?;
    tx.open_table(SESSION_RESPONSES)?;
    tx.open_table(ESTABLISHMENT_RESPONSES)?;
    tx.open_table(ANSWERS)?;
    tx.open_table(AUDIT)?;
    tx.open_table(SURVEYS)?;
    tx.open_table(META)?.insert(SCHEMA_KEY, SCHEMA_VERSION)?;
    Ok(())
}

/// Brings a database at schema `from` up to [`SCHEMA_VERSION`] inside `tx`, so a crash leaves
/// either the old or the new layout. The caller keeps a copy of the file first.
pub fn migrate(tx: &WriteTransaction, from: u64) -> Result<(), redb::Error> {
    // One arm per step, e.g. `1 => migrate_1_to_2(tx)?`: read the old table, write the new one,
    // delete the old one.
    if from < SCHEMA_VERSION {
        initialize(tx)?;
    }
    Ok(())
}

/// The schema version of an open database; None when it has no sansang schema.
pub fn read_version(
    table: &impl ReadableTable<&'static str, u64>,
) -> Result<Option<u64>, redb::Error> {
    Ok(table.get(SCHEMA_KEY)?.map(|v| v.value()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_round_trip() {
        let rec = AnswerRecord {
            value: serde_json::json!(["a", "b"]),
            updated_at: DateTime::from_timestamp_micros(1_764_000_000_123_456).unwrap(),
        };
        assert_eq!(decode_answer(&encode_answer(&rec)).unwrap(), rec);
        let text = AnswerRecord {
            value: serde_json::json!("có \"ngoặc\" \\ và xuống\ndòng"),
            updated_at: rec.updated_at,
        };
        assert_eq!(decode_answer(&encode_answer(&text)).unwrap(), text);
        let plain = AnswerRecord {
            value: serde_json::json!("Hợp tác xã"),
            ..text
        };
        assert_eq!(decode_answer(&encode_answer(&plain)).unwrap(), plain);
        assert!(decode_answer(&[9, 1, 2]).is_err());
        assert!(decode_answer(&[1, 1, 2]).is_err());
    }
}
