//! CSV for Excel: UTF-8 with a byte-order mark (so Excel on Windows shows Vietnamese
//! correctly), every text cell neutralized against formulas, numbers written as numbers.
//! With `;` between columns (Excel with the Vietnamese regional setting) numbers take a
//! decimal comma, as that setting reads them. Rows are formatted on the scan's worker
//! threads and written in order here.

use std::fmt::Write as _;
use std::io::Write;

use super::cell::neutralize;
use super::context::Context;
use super::rows::{Cell, Wide, long_headers, long_rows};
use super::{ExportError, ExportOptions, Exported};
use crate::fieldwork::Fieldwork;
use crate::fieldwork::stream::scan;
use crate::survey::display::push_score_plain;

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// About what a response's wide row takes with labels (1.5 KB on average in the demo surveys).
const ROW_BYTES: usize = 2 << 10;

pub fn write(
    fieldwork: &Fieldwork,
    ctx: &Context,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<Exported, ExportError> {
    let path = opts.out.as_path();
    let io = |e| ExportError::io(path, e);
    out.write_all(BOM).map_err(io)?;
    let surveys = ctx.survey_list();
    let style = opts.style(ctx);
    let wide = (!opts.long).then(|| Wide::new(&surveys, style, false));
    let headers = match &wide {
        Some(wide) => wide.headers.clone(),
        None => long_headers(style),
    };
    let sep = opts.sep;
    let mut header = Vec::new();
    encode(&mut header, sep, headers.iter().map(|h| Cell::text(h)));
    out.write_all(&header).map_err(io)?;
    let mut exported = Exported::new(opts);
    let filter = opts.filter();
    scan(
        fieldwork,
        &filter,
        |s| {
            // Room for a whole wide row, so that it is not grown on the way.
            let mut bytes = Vec::with_capacity(ROW_BYTES);
            match &wide {
                Some(wide) => {
                    let mut row = Vec::with_capacity(wide.headers.len());
                    wide.row(ctx, &s, &mut row);
                    encode(&mut bytes, sep, row);
                }
                None => {
                    for row in long_rows(ctx, &s, style) {
                        encode(&mut bytes, sep, row);
                    }
                }
            }
            (s.response.id, s.read.unreadable, bytes)
        },
        |(response, unreadable, bytes)| {
            exported.note(response, &unreadable);
            out.write_all(&bytes).map_err(io)
        },
    )?;
    Ok(exported)
}

/// One CSV record of `cells`, appended to `out`, columns separated by `sep`.
fn encode<'a>(out: &mut Vec<u8>, sep: u8, cells: impl IntoIterator<Item = Cell<'a>>) {
    let mut csv = csv::WriterBuilder::new()
        .delimiter(sep)
        .buffer_capacity(256)
        .from_writer(out);
    let mut number = String::new();
    for cell in cells {
        number.clear();
        // Writing into a String or memory cannot fail.
        let _ = match &cell {
            Cell::Empty => Ok(()),
            Cell::Text(_) => Ok(()),
            Cell::Score(v) => {
                push_score_plain(&mut number, *v);
                Ok(())
            }
            Cell::Number(v) | Cell::Share(v) => write!(number, "{v}"),
            Cell::Count(n) => write!(number, "{n}"),
            Cell::Date(d) => write!(number, "{d}"),
        };
        if sep == b';' && matches!(cell, Cell::Score(_) | Cell::Number(_) | Cell::Share(_)) {
            number = number.replace('.', ",");
        }
        let _ = match cell {
            Cell::Text(s) => csv.write_field(neutralize(&s).as_bytes()),
            _ => csv.write_field(number.as_bytes()),
        };
    }
    let _ = csv.write_record(None::<&[u8]>);
    let _ = csv.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(sep: u8, cells: Vec<Cell>) -> String {
        let mut out = Vec::new();
        encode(&mut out, sep, cells);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_never_guarded_and_scores_round_half_away_from_zero() {
        let cells = || {
            vec![
                Cell::Number(-5.0),
                Cell::Score(56.25),
                Cell::text("-5"),
                Cell::Share(0.5),
            ]
        };
        assert_eq!(line(b',', cells()), "-5,56.3,'-5,0.5\n");
        assert_eq!(line(b';', cells()), "-5;56,3;'-5;0,5\n");
    }
}
