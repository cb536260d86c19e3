//! One worksheet as the centre prints it: a bold header row, frozen and repeated on every
//! printed page, filters on, columns as wide as their contents, A4 landscape fitted to the
//! page width. Sheets are written in rust_xlsxwriter's constant-memory mode, row after row;
//! past Excel's 1,048,576 rows a numbered continuation sheet takes over.

use rust_xlsxwriter::{ColNum, ExcelDateTime, Format, RowNum, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::super::rows::Cell;
use super::super::strings::Lang;
use chrono::Datelike;

/// Rows in one Excel worksheet, the header row included.
pub const MAX_ROWS: usize = 1_048_576;
/// Columns in one Excel worksheet.
pub const MAX_COLUMNS: usize = 16_384;
/// Characters in one Excel cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Widest column, in characters, when sizing columns to their contents.
const MAX_WIDTH: f64 = 60.0;
/// A4 in Excel's paper sizes.
const A4: u8 = 9;

/// The formats every sheet uses.
pub struct Formats {
    score: Format,
    share: Format,
    date: Format,
}

impl Formats {
    pub fn new(lang: Lang) -> Formats {
        Formats {
            score: Format::new().set_num_format("0.0"),
            share: Format::new().set_num_format("0%"),
            date: Format::new().set_num_format(lang.pick("d/m/yyyy", "d mmm yyyy")),
        }
    }
}

/// A sheet being written: its place in the workbook, where the next row goes, and the
/// widths seen so far.
pub struct Sheet {
    name: String,
    part: usize,
    index: usize,
    headers: Vec<String>,
    next: usize,
    widths: Vec<usize>,
    /// Rows a worksheet holds, the header included: Excel's limit.
    max_rows: usize,
}

/// A limit of the format that the data would pass: said with the limit, not blamed on a folder.
pub fn limit(what: &str) -> XlsxError {
    XlsxError::ParameterError(format!(
        "the data passes a limit of the XLSX format: {what}; export one session or one survey at a time (--session, --survey), or use CSV"
    ))
}

impl Sheet {
    /// Adds a sheet named `name` with `headers` to `book`.
    pub fn add(book: &mut Workbook, name: &str, headers: Vec<String>) -> Result<Sheet, XlsxError> {
        if headers.len() > MAX_COLUMNS {
            return Err(limit(&format!(
                "sheet \"{name}\" would have {} columns, and a sheet holds at most {MAX_COLUMNS}",
                headers.len()
            )));
        }
        let mut sheet = Sheet {
            name: name.to_owned(),
            part: 1,
            index: 0,
            widths: headers.iter().map(|h| h.width().min(30)).collect(),
            headers,
            next: 0,
            max_rows: MAX_ROWS,
        };
        sheet.open(book)?;
        Ok(sheet)
    }

    fn open(&mut self, book: &mut Workbook) -> Result<(), XlsxError> {
        let ws = book.add_worksheet_with_constant_memory()?;
        let name = match self.part {
            1 => self.name.clone(),
            n => format!("{} ({n})", self.name),
        };
        ws.set_name(name)?;
        self.index = book.worksheets().len() - 1;
        let bold = Format::new().set_bold().set_text_wrap();
        let ws = book.worksheet_from_index(self.index)?;
        for (c, h) in self.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as ColNum, h, &bold)?;
        }
        self.next = 1;
        Ok(())
    }

    /// Writes one row below the last; a full sheet continues on "Name (2)", "Name (3)"…
    pub fn row(
        &mut self,
        book: &mut Workbook,
        formats: &Formats,
        cells: &[Cell<'_>],
    ) -> Result<(), XlsxError> {
        if self.next == self.max_rows {
            self.finish(book)?;
            self.part += 1;
            self.open(book)?;
        }
        let r = self.next as RowNum;
        let ws = book.worksheet_from_index(self.index)?;
        for (c, cell) in cells.iter().enumerate() {
            let col = c as ColNum;
            let width = match cell {
                Cell::Empty => 0,
                Cell::Text(s) => {
                    // A text has no more characters than bytes: most need no count.
                    if s.len() > MAX_CELL_CHARS && s.chars().count() > MAX_CELL_CHARS {
                        return Err(limit(&format!(
                            "a text in sheet \"{}\" row {} has more than {MAX_CELL_CHARS} characters",
                            self.name,
                            r + 1
                        )));
                    }
                    // A text cell is never a formula: no guard needed, none shown.
                    ws.write_string(r, col, s.as_ref())?;
                    // Nor more columns than bytes: a text no longer than the width seen
                    // cannot widen its column, and needs no measuring.
                    match self.widths.get(c) {
                        Some(&w) if s.len() <= w => 0,
                        _ => s.width(),
                    }
                }
                Cell::Score(v) => {
                    ws.write_number_with_format(r, col, *v, &formats.score)?;
                    5
                }
                Cell::Share(v) => {
                    ws.write_number_with_format(r, col, *v, &formats.share)?;
                    4
                }
                Cell::Number(v) => {
                    ws.write_number(r, col, *v)?;
                    v.to_string().len()
                }
                Cell::Count(n) => {
                    ws.write_number(r, col, *n as f64)?;
                    n.to_string().len()
                }
                Cell::Date(d) => {
                    let date =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_date_with_format(r, col, &date, &formats.date)?;
                    10
                }
            };
            if let Some(w) = self.widths.get_mut(c) {
                *w = (*w).max(width);
            }
        }
        self.next += 1;
        Ok(())
    }

    /// Sets what only the end knows (widths, the filter's extent) and the page setup.
    pub fn finish(&self, book: &mut Workbook) -> Result<(), XlsxError> {
        let ws = book.worksheet_from_index(self.index)?;
        for (c, w) in self.widths.iter().enumerate() {
            ws.set_column_width(c as ColNum, (*w as f64 + 2.0).clamp(6.0, MAX_WIDTH))?;
        }
        ws.set_freeze_panes(1, 0)?;
        let last_col = self.headers.len().saturating_sub(1) as ColNum;
        ws.autofilter(0, 0, (self.next - 1) as RowNum, last_col)?;
        ws.set_landscape();
        ws.set_paper_size(A4);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};

    #[test]
    fn a_full_sheet_continues_on_numbered_sheets_each_with_its_header() {
        let mut book = Workbook::new();
        let formats = Formats::new(Lang::Vi);
        let mut sheet = Sheet::add(&mut book, "Điểm", vec!["Cơ sở".into()]).unwrap();
        sheet.max_rows = 3;
        for n in 0..5 {
            sheet.row(&mut book, &formats, &[Cell::Count(n)]).unwrap();
        }
        sheet.finish(&mut book).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let mut read = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(read.sheet_names(), ["Điểm", "Điểm (2)", "Điểm (3)"]);
        let mut values = Vec::new();
        for name in read.sheet_names() {
            let range = read.worksheet_range(&name).unwrap();
            let rows: Vec<String> = range.rows().map(|r| r[0].to_string()).collect();
            assert_eq!(rows[0], "Cơ sở", "{name} has the header");
            values.extend(rows.into_iter().skip(1));
        }
        assert_eq!(values, ["0", "1", "2", "3", "4"]);
    }

    #[test]
    fn too_many_columns_say_which_limit() {
        let mut book = Workbook::new();
        let headers = vec![String::from("x"); MAX_COLUMNS + 1];
        let err = Sheet::add(&mut book, "Câu trả lời", headers).err().unwrap();
        assert!(err.to_string().contains("16384"), "{err}");
    }
}
