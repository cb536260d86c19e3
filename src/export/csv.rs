//! CSV for Excel: UTF-8 with a byte-order mark (so Excel on Windows shows
//! Vietnamese correctly), every text cell neutralized against formulas.

use std::fmt::Write as _;
use std::io::Write;

use super::cell::neutralize;
use super::context::{Context, check, check_owned};
use super::rows::{Cell, Wide, long_headers, long_rows};
use super::{ExportError, ExportOptions, Exported, Leftovers, visit_pipelined};
use std::collections::BTreeMap;

use crate::store::{AnswerRecord, ResponseFilter, Store};

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn write(
    store: &Store,
    ctx: &Context,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<Exported, ExportError> {
    let path = opts.out.as_path();
    out.write_all(BOM).map_err(|e| ExportError::io(path, e))?;
    let mut w = Fields {
        csv: csv::WriterBuilder::new().from_writer(out),
        number: String::new(),
        path,
    };
    let surveys = ctx.surveys_for(opts.survey.as_deref());
    let wide = (!opts.long).then(|| Wide::new(&surveys, opts.anonymize, opts.lang));
    match &wide {
        Some(wide) => w.header(&wide.headers)?,
        None => w.header(&long_headers(opts.anonymize))?,
    }
    let mut exported = Exported::new(opts);
    let filter = ResponseFilter {
        session: opts.session,
        survey: opts.survey.clone(),
    };
    let nothing = BTreeMap::new();
    visit_pipelined(store, &filter, |response, stored| {
        let (survey, sorted_ids) = ctx.pinned(&response)?;
        match &wide {
            Some(wide) => {
                let checked = check_owned(survey, sorted_ids, stored);
                exported.note(&response, &checked);
                let mut row = Vec::with_capacity(wide.headers.len());
                wide.row(ctx, &response, &checked, &nothing, survey, &mut row);
                w.row(&row)?;
                drop(row);
                Ok(Box::new((response, checked)) as Leftovers)
            }
            None => {
                let stored: BTreeMap<String, AnswerRecord> = stored.into_iter().collect();
                let checked = check(survey, &stored);
                exported.note(&response, &checked);
                for row in long_rows(ctx, &response, survey, &checked, &stored, opts.anonymize) {
                    w.row(&row)?;
                }
                Ok(Box::new((response, stored)) as Leftovers)
            }
        }
    })?;
    w.csv.flush().map_err(|e| ExportError::io(path, e))?;
    Ok(exported)
}

/// The CSV writer, written field by field from borrowed cells.
struct Fields<'w, 'p> {
    csv: csv::Writer<&'w mut dyn Write>,
    number: String,
    path: &'p std::path::Path,
}

impl Fields<'_, '_> {
    fn err(&self, e: csv::Error) -> ExportError {
        ExportError::io(self.path, std::io::Error::other(e))
    }

    fn header(&mut self, headers: &[String]) -> Result<(), ExportError> {
        self.csv.write_record(headers).map_err(|e| self.err(e))
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), ExportError> {
        for cell in cells {
            let written = match cell {
                Cell::Empty => self.csv.write_field(b""),
                Cell::Text(s) => self.csv.write_field(neutralize(s).as_bytes()),
                Cell::Score(v) => {
                    self.number.clear();
                    let _ = write!(self.number, "{v:.1}");
                    self.csv.write_field(self.number.as_bytes())
                }
                Cell::Count(n) => {
                    self.number.clear();
                    let _ = write!(self.number, "{n}");
                    self.csv.write_field(self.number.as_bytes())
                }
            };
            written.map_err(|e| self.err(e))?;
        }
        self.csv
            .write_record(None::<&[u8]>)
            .map_err(|e| self.err(e))
    }
}
