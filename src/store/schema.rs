//! Table layout, value encoding and the schema version.
//!
//! Keys are redb tuples of UUID v7 (16 bytes, sorted by creation time), short strings and
//! numbers. Sessions and establishments (few rows, fields still being added with
//! `#[serde(default)]`) are a one-byte format version followed by JSON. Responses with their
//! answers (rows.rs) and audit trails (audit_codec.rs), 99 % of the file, are compact binary
//! records that refer to repeated texts by number (names.rs).

use redb::{ReadableTable, TableDefinition, WriteTransaction};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::error::Fault;
use super::names::NAMES;

/// The schema this program writes. Bump it and add a step to [`migrate`] when the layout changes.
pub const SCHEMA_VERSION: u64 = 2;

/// `"schema_version"` → the version of the layout below.
pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
pub const SCHEMA_KEY: &str = "schema_version";

/// session id → Session
pub const SESSIONS: TableDefinition<Uuid, &[u8]> = TableDefinition::new("sessions_v1");
/// establishment id → Establishment
pub const ESTABLISHMENTS: TableDefinition<Uuid, &[u8]> = TableDefinition::new("establishments_v1");
/// (folded name, establishment id) → the other searched fields, folded (see search.rs).
pub const SEARCH: TableDefinition<(&str, Uuid), &str> =
    TableDefinition::new("establishment_search_v2");
/// (session id, establishment id) → (): who takes part in a session, even before any response.
pub const SESSION_ESTABLISHMENTS: TableDefinition<(Uuid, Uuid), ()> =
    TableDefinition::new("session_establishments_v1");
/// response id → the response with its answers (see rows.rs)
pub const RESPONSES: TableDefinition<Uuid, &[u8]> = TableDefinition::new("responses_v2");
/// (session id, response id) → ()
pub const SESSION_RESPONSES: TableDefinition<(Uuid, Uuid), ()> =
    TableDefinition::new("session_responses_v1");
/// (establishment id, response id) → ()
pub const ESTABLISHMENT_RESPONSES: TableDefinition<(Uuid, Uuid), ()> =
    TableDefinition::new("establishment_responses_v1");
/// (response id, chunk number) → audit entries (see audit_codec.rs)
pub const AUDIT: TableDefinition<(Uuid, u32), &[u8]> = TableDefinition::new("audit_v2");
/// (survey id, version) → the exact JSON text of that definition.
pub const SURVEYS: TableDefinition<(&str, &str), &str> = TableDefinition::new("surveys_v1");
/// setting name → text (the centre's name, where the app was left, …)
pub const SETTINGS: TableDefinition<&str, &str> = TableDefinition::new("settings_v2");
/// secret name → bytes that never leave the file (the pseudonym key)
pub const SECRETS: TableDefinition<&str, &[u8]> = TableDefinition::new("secrets_v2");

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

/// Creates every table of the current schema and records its version.
pub fn initialize(tx: &WriteTransaction) -> Result<(), redb::Error> {
    tx.open_table(SESSIONS)?;
    tx.open_table(ESTABLISHMENTS)?;
    tx.open_table(SEARCH)?;
    tx.open_table(SESSION_ESTABLISHMENTS)?;
    tx.open_table(RESPONSES)?;
    tx.open_table(SESSION_RESPONSES)?;
    tx.open_table(ESTABLISHMENT_RESPONSES)?;
    tx.open_table(AUDIT)?;
    tx.open_table(SURVEYS)?;
    tx.open_table(NAMES)?;
    tx.open_table(SETTINGS)?;
    super::settings::create_secrets(tx)?;
    tx.open_table(META)?.insert(SCHEMA_KEY, SCHEMA_VERSION)?;
    Ok(())
}

/// Brings a database at schema `from` up to [`SCHEMA_VERSION`] inside `tx`, so a crash leaves
/// either the old or the new layout. The caller keeps a copy of the file first.
pub fn migrate(tx: &WriteTransaction, from: u64) -> Result<(), Fault> {
    // One step per version: read the old tables, write the new ones, delete the old ones.
    if from <= 1 {
        super::migrate::v1_to_v2(tx)?;
    }
    initialize(tx)?;
    Ok(())
}

/// The schema version of an open database; None when it has no sansang schema.
pub fn read_version(
    table: &impl ReadableTable<&'static str, u64>,
) -> Result<Option<u64>, redb::Error> {
    Ok(table.get(SCHEMA_KEY)?.map(|v| v.value()))
}
