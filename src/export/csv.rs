//! CSV for Excel: UTF-8 with a byte-order mark (so Excel on Windows shows
//! Vietnamese correctly), every text cell neutralized against formulas.
//! Rows are formatted on the scan's worker threads and written in order here.

use std::fmt::Write as _;
use std::io::Write;

use super::cell::neutralize;
use super::context::Context;
use super::rows::{Cell, Wide, long_headers, long_rows};
use super::{ExportError, ExportOptions, Exported};
use crate::fieldwork::Fieldwork;
use crate::fieldwork::stream::scan;
use crate::store::ResponseFilter;

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

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
    let wide = (!opts.long).then(|| Wide::new(&surveys, opts.anonymize, opts.lang));
    let headers = match &wide {
        Some(wide) => wide.headers.clone(),
        None => long_headers(opts.anonymize),
    };
    let mut header = Vec::new();
    encode(&mut header, headers.iter().map(|h| Cell::text(h)));
    out.write_all(&header).map_err(io)?;
    let mut exported = Exported::new(opts);
    let filter = ResponseFilter {
        session: opts.session,
        survey: opts.survey.clone(),
    };
    scan(
        fieldwork,
        &filter,
        |s| {
            let mut bytes = Vec::with_capacity(512);
            match &wide {
                Some(wide) => {
                    let mut row = Vec::with_capacity(wide.headers.len());
                    wide.row(ctx, &s, &mut row);
                    encode(&mut bytes, row);
                }
                None => {
                    for row in long_rows(ctx, &s, opts.anonymize) {
                        encode(&mut bytes, row);
                    }
                }
            }
            (s.response, s.read.unreadable, bytes)
        },
        |(response, unreadable, bytes)| {
            exported.note(&response, &unreadable);
            out.write_all(&bytes).map_err(io)
        },
    )?;
    Ok(exported)
}

/// One CSV record of `cells`, appended to `out`.
fn encode<'a>(out: &mut Vec<u8>, cells: impl IntoIterator<Item = Cell<'a>>) {
    let mut csv = csv::WriterBuilder::new()
        .buffer_capacity(256)
        .from_writer(out);
    let mut number = String::new();
    for cell in cells {
        // Writing into memory cannot fail.
        let _ = match cell {
            Cell::Empty => csv.write_field(b""),
            Cell::Text(s) => csv.write_field(neutralize(&s).as_bytes()),
            Cell::Score(v) => {
                number.clear();
                let _ = write!(number, "{v:.1}");
                csv.write_field(number.as_bytes())
            }
            Cell::Count(n) => {
                number.clear();
                let _ = write!(number, "{n}");
                csv.write_field(number.as_bytes())
            }
        };
    }
    let _ = csv.write_record(None::<&[u8]>);
    let _ = csv.flush();
}
