//! Rows put aside on disk while the database is read in its own order, and read back in the
//! order the sheets want (session date, establishment, survey): memory holds only a small
//! index entry per response, the rows themselves wait in an anonymous temporary file.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

use chrono::NaiveDate;

use super::super::rows::Cell;

/// Where one response's rows are in the file, and where they go in the sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub key: (u32, u32, u32),
    offset: u64,
    len: u32,
}

pub struct Spill {
    file: BufWriter<File>,
    at: u64,
    pub entries: Vec<Entry>,
}

impl Spill {
    /// A spill file in `dir` (beside the export, where there is room for it).
    pub fn new(dir: &std::path::Path) -> io::Result<Spill> {
        Ok(Spill {
            file: BufWriter::with_capacity(1 << 16, tempfile::tempfile_in(dir)?),
            at: 0,
            entries: Vec::new(),
        })
    }

    pub fn put(&mut self, key: (u32, u32, u32), bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes)?;
        self.entries.push(Entry {
            key,
            offset: self.at,
            len: bytes.len() as u32,
        });
        self.at += bytes.len() as u64;
        Ok(())
    }

    /// Every record, in key order.
    pub fn sorted(mut self) -> io::Result<Sorted> {
        self.entries.sort_unstable();
        let file = self.file.into_inner().map_err(|e| e.into_error())?;
        Ok(Sorted {
            file,
            entries: self.entries,
            next: 0,
            buffer: Vec::new(),
        })
    }
}

pub struct Sorted {
    file: File,
    entries: Vec<Entry>,
    next: usize,
    buffer: Vec<u8>,
}

impl Sorted {
    /// The next record's bytes, or `None` at the end.
    pub fn next_record(&mut self) -> io::Result<Option<&[u8]>> {
        let Some(e) = self.entries.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        self.buffer.resize(e.len as usize, 0);
        self.file.seek(SeekFrom::Start(e.offset))?;
        self.file.read_exact(&mut self.buffer)?;
        Ok(Some(&self.buffer))
    }
}

/// Appends one row of cells to `out`.
pub fn encode(out: &mut Vec<u8>, cells: &[Cell<'_>]) {
    out.extend((cells.len() as u32).to_le_bytes());
    for cell in cells {
        match cell {
            Cell::Empty => out.push(0),
            Cell::Text(s) => {
                out.push(1);
                out.extend((s.len() as u32).to_le_bytes());
                out.extend(s.as_bytes());
            }
            Cell::Score(v) => number(out, 2, *v),
            Cell::Number(v) => number(out, 3, *v),
            Cell::Share(v) => number(out, 4, *v),
            Cell::Count(n) => number(out, 5, *n as f64),
            Cell::Date(d) => {
                out.push(6);
                out.extend(d.to_epoch_days().to_le_bytes());
            }
        }
    }
}

fn number(out: &mut Vec<u8>, tag: u8, v: f64) {
    out.push(tag);
    out.extend(v.to_le_bytes());
}

/// Reads one row written by [`encode`] from the front of `bytes`, returning the rest.
pub fn decode<'a>(mut bytes: &'a [u8], cells: &mut Vec<Cell<'a>>) -> io::Result<&'a [u8]> {
    let bad = || io::Error::other("a row put aside during the export came back damaged");
    let take = |n: usize, bytes: &mut &'a [u8]| -> io::Result<&'a [u8]> {
        if bytes.len() < n {
            return Err(bad());
        }
        let (head, rest) = bytes.split_at(n);
        *bytes = rest;
        Ok(head)
    };
    let word = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let count = word(take(4, &mut bytes)?) as usize;
    cells.clear();
    for _ in 0..count {
        let tag = take(1, &mut bytes)?[0];
        let cell = match tag {
            0 => Cell::Empty,
            1 => {
                let len = word(take(4, &mut bytes)?) as usize;
                let text = std::str::from_utf8(take(len, &mut bytes)?).map_err(|_| bad())?;
                Cell::text(text)
            }
            2..=5 => {
                let b = take(8, &mut bytes)?;
                let v = f64::from_le_bytes(b.try_into().map_err(|_| bad())?);
                match tag {
                    2 => Cell::Score(v),
                    3 => Cell::Number(v),
                    4 => Cell::Share(v),
                    _ => Cell::Count(v as usize),
                }
            }
            6 => {
                let b = take(4, &mut bytes)?;
                let days = i32::from_le_bytes(b.try_into().map_err(|_| bad())?);
                Cell::Date(NaiveDate::from_epoch_days(days).ok_or_else(bad)?)
            }
            _ => return Err(bad()),
        };
        cells.push(cell);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_as_written_in_key_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut spill = Spill::new(dir.path()).unwrap();
        let date = NaiveDate::from_ymd_opt(2024, 8, 26).unwrap();
        let rows = [
            vec![Cell::text("Hợp tác xã"), Cell::Score(56.25), Cell::Empty],
            vec![
                Cell::Date(date),
                Cell::Count(3),
                Cell::Share(0.5),
                Cell::Number(-5.0),
            ],
        ];
        for (key, row) in [(2, &rows[0]), (1, &rows[1])] {
            let mut bytes = Vec::new();
            encode(&mut bytes, row);
            spill.put((key, 0, 0), &bytes).unwrap();
        }
        let mut sorted = spill.sorted().unwrap();
        for want in [&rows[1], &rows[0]] {
            let mut cells = Vec::new();
            let bytes = sorted.next_record().unwrap().unwrap().to_vec();
            let rest = decode(&bytes, &mut cells).unwrap();
            assert!(rest.is_empty());
            assert_eq!(&cells, want);
        }
        assert!(sorted.next_record().unwrap().is_none());
    }
}
