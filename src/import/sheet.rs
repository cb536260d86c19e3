//! The text of a spreadsheet saved as CSV (or as tab-separated text), looked at before its rows
//! are read: its encoding, its separator, where its lines begin, and whether a quote was left
//! open. The csv reader takes an unclosed quote without a word, reading the rest of the file
//! (or the rows up to the next quote) into one cell, so the rows would be lost or mangled;
//! that is caught here, on the line the quote opened, which is where the trainer must look.

use std::borrow::Cow;

/// The text of the file: UTF-8 (its byte-order mark dropped), or UTF-16 with its mark, as
/// Excel saves a sheet as "Unicode Text" (tab-separated). Else why not, with the line.
pub fn text(bytes: &[u8]) -> Result<Cow<'_, str>, String> {
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((rest, u16::from_le_bytes as fn([u8; 2]) -> u16)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, u16::from_be_bytes as fn([u8; 2]) -> u16)),
        _ => None,
    };
    if let Some((rest, unit)) = utf16 {
        let units = rest.chunks_exact(2).map(|c| unit([c[0], c[1]]));
        let decoded: Option<String> = char::decode_utf16(units).collect::<Result<_, _>>().ok();
        return match decoded {
            Some(text) if rest.len() % 2 == 0 => Ok(Cow::Owned(text)),
            _ => Err("the file begins as UTF-16 text (Excel's \"Unicode Text\") but is damaged; save the sheet as \"CSV UTF-8 (Comma delimited)\" and try again".to_owned()),
        };
    }
    let bytes = crate::platform::without_bom(bytes);
    std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
        format!(
            "line {}: not UTF-8 text (at byte {}), probably saved in the Windows code page (Excel's \"CSV (Comma delimited)\"); save the sheet as \"CSV UTF-8 (Comma delimited)\" and try again",
            Lines::new(bytes).line_at(e.valid_up_to()),
            e.valid_up_to()
        )
    })
}

/// A line ends at "\r\n", at "\n", or at a lone "\r" (an old Mac's line end), as the csv reader
/// ends a row.
fn ends_line(bytes: &[u8], at: usize) -> bool {
    match bytes[at] {
        b'\n' => true,
        b'\r' => bytes.get(at + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// Where each line starts, found once, to turn byte offsets into the line numbers a trainer
/// sees.
pub struct Lines<'a> {
    bytes: &'a [u8],
    starts: Vec<usize>,
}

impl Lines<'_> {
    pub fn new(bytes: &[u8]) -> Lines<'_> {
        let mut starts = vec![0];
        starts.extend(
            (0..bytes.len())
                .filter(|&i| ends_line(bytes, i))
                .map(|i| i + 1),
        );
        Lines { bytes, starts }
    }

    /// The 1-based line a byte offset falls on. A csv record's offset may point at the line
    /// break before it (the "\n" after a "\r"): the record is on the next line.
    pub fn line_at(&self, byte: usize) -> u64 {
        let mut at = byte.min(self.bytes.len());
        while at < self.bytes.len() && matches!(self.bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        self.starts.partition_point(|&s| s <= at) as u64
    }
}

/// The first line of the file: the header row.
fn header(text: &str) -> &str {
    text.split(['\r', '\n']).next().unwrap_or_default()
}

/// The separator, read from the header line: the most frequent of comma, semicolon (Excel in
/// Vietnamese and many European settings) and tab (Excel's "Text (Tab delimited)"); a comma
/// when none is more frequent.
pub fn separator(text: &str) -> u8 {
    let header = header(text);
    let count = |c: char| header.matches(c).count();
    let (commas, semicolons, tabs) = (count(','), count(';'), count('\t'));
    if tabs > commas.max(semicolons) {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// What a trainer should know about how the file was read, if anything.
pub fn note(file: &str, sep: u8) -> Option<String> {
    (sep == b'\t').then(|| {
        format!(
            "{file}: the header row is separated by tabs (a sheet saved as \"Text (Tab delimited)\"), so the file was read with tab as the separator"
        )
    })
}

/// Why the file cannot be read row by row, when a quote opens a cell that is never closed, or
/// that runs over lines holding whole rows (its closing quote is then probably missing). A
/// cell over several lines is otherwise fine: Excel writes one for a note typed with Alt+Enter.
/// `lines` are the text's own.
pub fn open_quote(text: &str, sep: u8, lines: &Lines) -> Option<String> {
    let bytes = text.as_bytes();
    // A line inside a cell with as many separators as the header has is a row taken in.
    let row_seps = header(text).bytes().filter(|&b| b == sep).count().max(1);
    let mut quote = Quote::Outside { at_start: true };
    for (at, &b) in bytes.iter().enumerate() {
        quote = match quote {
            Quote::Outside { .. } if b == sep || b == b'\r' || b == b'\n' => {
                Quote::Outside { at_start: true }
            }
            Quote::Outside { at_start: true } if b == b'"' => Quote::Inside(Cell::opened(at)),
            Quote::Outside { .. } => Quote::Outside { at_start: false },
            Quote::Inside(cell) if b == b'"' => Quote::Closing(cell),
            Quote::Inside(mut cell) => {
                cell.take(bytes, at, sep, row_seps);
                Quote::Inside(cell)
            }
            // A doubled quote is a quote inside the cell.
            Quote::Closing(cell) if b == b'"' => Quote::Inside(cell),
            Quote::Closing(cell) if cell.took_rows => {
                return Some(runs_on(lines, cell.opened, at));
            }
            Quote::Closing(_) => Quote::Outside {
                at_start: b == sep || b == b'\r' || b == b'\n',
            },
        };
    }
    match quote {
        Quote::Inside(cell) => Some(format!(
            "line {}: a quote (\") opens a cell that is never closed; close it or remove the quote",
            lines.line_at(cell.opened)
        )),
        Quote::Closing(cell) if cell.took_rows => Some(runs_on(lines, cell.opened, bytes.len())),
        _ => None,
    }
}

fn runs_on(lines: &Lines, opened: usize, closed: usize) -> String {
    format!(
        "line {}: a quote (\") opens a cell that runs on to line {}, taking in whole rows: its closing quote is probably missing; close it on line {} or remove the quote",
        lines.line_at(opened),
        lines.line_at(closed),
        lines.line_at(opened)
    )
}

/// Where the scan is, as the csv reader sees it: a quote opens a cell only at the cell's start;
/// a quote elsewhere is kept as text.
enum Quote {
    Outside {
        at_start: bool,
    },
    Inside(Cell),
    /// A quote inside a quoted cell: its end, or the first of a doubled quote.
    Closing(Cell),
}

struct Cell {
    opened: usize,
    /// Separators on the cell's current line, counted only for a whole line: the line the
    /// quote opened on holds only part of a row.
    seps: Option<usize>,
    took_rows: bool,
}

impl Cell {
    fn opened(at: usize) -> Cell {
        Cell {
            opened: at,
            seps: None,
            took_rows: false,
        }
    }

    fn take(&mut self, bytes: &[u8], at: usize, sep: u8, row_seps: usize) {
        if ends_line(bytes, at) {
            self.took_rows |= self.seps.is_some_and(|n| n >= row_seps);
            self.seps = Some(0);
        } else if bytes[at] == sep {
            self.seps = self.seps.map(|n| n + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_its_mark_and_utf16_with_its_mark_are_text() {
        assert_eq!(text(b"\xEF\xBB\xBFname").unwrap(), "name");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Tên\tXã".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(text(&le).unwrap(), "Tên\tXã");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Tên".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text(&be).unwrap(), "Tên");
        assert!(
            text(&[0xFF, 0xFE, 0x00, 0xD8])
                .unwrap_err()
                .contains("UTF-16")
        );
        assert!(
            text(b"a\nb\xff")
                .unwrap_err()
                .starts_with("line 2: not UTF-8")
        );
    }

    #[test]
    fn the_separator_is_read_from_the_header() {
        assert_eq!(separator("name;kind;commune\nA;B;C"), b';');
        assert_eq!(separator("name,kind\n\"a;b\",c"), b',');
        assert_eq!(separator("name\tkind\tcommune\rA\tB\tC"), b'\t');
        assert_eq!(separator("name"), b',');
    }

    #[test]
    fn lines_end_at_lf_crlf_or_a_lone_cr() {
        let lines = Lines::new(b"a\r\nb\nc\rd");
        let at = |b| lines.line_at(b);
        assert_eq!(
            (at(0), at(2), at(3), at(5), at(7), at(99)),
            (1, 2, 2, 3, 4, 4)
        );
    }

    #[test]
    fn an_unclosed_quote_is_named_on_the_line_it_opened() {
        let text = "name,kind\r\nA,hkd\r\n\"B,hkd\r\nC,hkd\r\n";
        let why = open_quote(text, b',', &Lines::new(text.as_bytes())).unwrap();
        assert!(
            why.starts_with("line 3: a quote (\") opens a cell that is never closed"),
            "{why}"
        );
    }

    #[test]
    fn a_quote_that_takes_in_rows_until_a_later_quote_is_named() {
        let text = "name,kind\n\"A,hkd\nB,hkd\n\"C\",hkd\n";
        let why = open_quote(text, b',', &Lines::new(text.as_bytes())).unwrap();
        assert!(
            why.starts_with("line 2: a quote (\") opens a cell that runs on to line 4"),
            "{why}"
        );
    }

    #[test]
    fn quoted_cells_over_lines_and_doubled_quotes_are_fine() {
        let text = "name,kind,notes\n\"A, \"\"B\"\"\",hkd,\"two\nlines\"\nC\"D,hkd,x\n";
        assert_eq!(open_quote(text, b',', &Lines::new(text.as_bytes())), None);
    }
}
