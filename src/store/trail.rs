//! Reading and appending to the audit chunks of a response (layout in audit_codec.rs).

use redb::{ReadableTable, Table, WriteTransaction};
use uuid::Uuid;

use super::audit_codec::{self, CHUNK_BYTES, EntryNames};
use super::error::Fault;
use super::names::{Interner, Names};
use super::records::AuditEntry;

type Chunks<'t> = Table<'t, (Uuid, u32), &'static [u8]>;

/// The audit trail of a response, oldest first (entry ids are UUID v7, so by id).
pub fn read(
    table: &impl ReadableTable<(Uuid, u32), &'static [u8]>,
    response: Uuid,
    names: &Names,
) -> Result<Vec<AuditEntry>, Fault> {
    let mut entries = Vec::new();
    for row in table.range((response, 0)..=(response, u32::MAX))? {
        let (k, v) = row?;
        let chunk = audit_codec::decode(v.value(), response, names)
            .map_err(|d| Fault::bad("audit trail", format!("{response}/{}", k.value().1), d))?;
        entries.extend(chunk);
    }
    entries.sort_by_key(|e| e.id);
    Ok(entries)
}

/// The names an entry refers to, added to the names table if new.
pub fn entry_names(
    names: &mut Interner<'_>,
    tx: &WriteTransaction,
    entry: &AuditEntry,
) -> Result<EntryNames, Fault> {
    Ok(EntryNames {
        question: names.id(tx, &entry.question_id)?,
        reason: entry
            .reason
            .as_deref()
            .map(|r| names.id(tx, r))
            .transpose()?,
        recorded_by: names.id(tx, &entry.recorded_by)?,
    })
}

/// The last chunk of a response's trail, taking new entries until it is full.
pub struct Appender {
    response: Uuid,
    seq: u32,
    chunk: Vec<u8>,
    dirty: bool,
}

impl Appender {
    pub fn open(table: &Chunks<'_>, response: Uuid) -> Result<Appender, Fault> {
        let last = table
            .range((response, 0)..=(response, u32::MAX))?
            .next_back()
            .transpose()?;
        Ok(match last {
            Some((k, v)) => Appender {
                response,
                seq: k.value().1,
                chunk: v.value().to_vec(),
                dirty: false,
            },
            None => Appender::empty(response),
        })
    }

    /// The appender of a response that has no trail yet.
    pub fn empty(response: Uuid) -> Appender {
        Appender {
            response,
            seq: 0,
            chunk: audit_codec::new_chunk(),
            dirty: false,
        }
    }

    pub fn response(&self) -> Uuid {
        self.response
    }

    pub fn push(
        &mut self,
        table: &mut Chunks<'_>,
        entry: &AuditEntry,
        names: EntryNames,
    ) -> Result<(), Fault> {
        if self.chunk.len() >= CHUNK_BYTES {
            self.write(table)?;
            self.seq = self
                .seq
                .checked_add(1)
                .ok_or_else(|| Fault::bad("audit trail", self.response, "too many entries"))?;
            self.chunk = audit_codec::new_chunk();
        }
        audit_codec::append(&mut self.chunk, entry, names)
            .map_err(|d| Fault::bad("audit trail", self.response, d))?;
        self.dirty = true;
        Ok(())
    }

    /// Writes what was appended since the last write.
    pub fn write(&mut self, table: &mut Chunks<'_>) -> Result<(), Fault> {
        if self.dirty {
            table.insert((self.response, self.seq), self.chunk.as_slice())?;
            self.dirty = false;
        }
        Ok(())
    }
}
