//! CSV for Excel: UTF-8 with a byte-order mark (so Excel on Windows shows
//! Vietnamese correctly), every text cell neutralized against formulas.

use std::io::Write;

use super::cell::neutralize;
use super::context::{Context, check};
use super::rows::{Cell, Wide, long_headers, long_rows};
use super::{ExportError, ExportOptions, Exported};
use crate::store::{ResponseFilter, Store};
use crate::survey::summary::one_decimal;

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn write(
    store: &Store,
    ctx: &Context,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<Exported, ExportError> {
    let path = opts.out.as_path();
    let io = |e: std::io::Error| ExportError::io(path, e);
    out.write_all(BOM).map_err(io)?;
    let mut w = csv::WriterBuilder::new().from_writer(out);
    let csv_err = |e: csv::Error| ExportError::io(path, std::io::Error::other(e));
    let surveys = ctx.surveys_for(opts.survey.as_deref());
    let wide = (!opts.long).then(|| Wide::new(&surveys, opts.anonymize, opts.lang));
    match &wide {
        Some(wide) => w.write_record(&wide.headers).map_err(csv_err)?,
        None => w
            .write_record(long_headers(opts.anonymize))
            .map_err(csv_err)?,
    }
    let mut exported = Exported::new(opts);
    let mut record: Vec<String> = Vec::new();
    let filter = ResponseFilter {
        session: opts.session,
        survey: opts.survey.clone(),
    };
    store.visit_responses(&filter, |response, stored| {
        let survey = ctx.survey_of(&response)?;
        let checked = check(survey, &stored);
        exported.note(&response, &checked);
        let rows = match &wide {
            Some(wide) => vec![wide.row(ctx, &response, survey, &checked, &stored)],
            None => long_rows(ctx, &response, survey, &checked, &stored, opts.anonymize),
        };
        for row in rows {
            record.clear();
            record.extend(row.iter().map(text));
            w.write_record(&record).map_err(csv_err)?;
        }
        Ok::<(), ExportError>(())
    })?;
    w.flush().map_err(io)?;
    Ok(exported)
}

fn text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => neutralize(s).into_owned(),
        Cell::Score(v) => one_decimal(Some(*v)),
        Cell::Count(n) => n.to_string(),
    }
}
