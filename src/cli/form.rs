//! `sansang form --survey ID --out FILE.html`: a blank printable questionnaire.

use std::path::PathBuf;

use super::output::{print_written, to_file_or_stdout};
use super::{Failure, Outcome, catalog};
use crate::export::html::form::blank_form;
use crate::export::{ExportError, Lang, write_atomic};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The survey to print (sxsh, dx, or one from --surveys).
    #[arg(long, value_name = "ID")]
    survey: String,
    /// A version of the survey; the newest when left out.
    #[arg(long, value_name = "VERSION")]
    version: Option<String>,
    /// Where to write the page (HTML, for printing on A4); `-`: standard output.
    #[arg(long, value_name = "FILE.html")]
    out: PathBuf,
    /// The language of the page: vi (default) or en.
    #[arg(long, default_value = "vi", value_parser = parse_lang)]
    lang: Lang,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
}

pub fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

pub fn run(args: Args, surveys: &Option<PathBuf>) -> Outcome {
    let catalog = catalog(surveys)?;
    let survey = catalog
        .get(&args.survey, args.version.as_deref())
        .ok_or_else(|| {
            Failure::Refused(format!(
                "no survey \"{}\"{}; the known surveys are {}",
                args.survey,
                args.version
                    .as_deref()
                    .map(|v| format!(" version \"{v}\""))
                    .unwrap_or_default(),
                catalog.describe()
            ))
        })?;
    let html = blank_form(survey, args.lang);
    let (_, written) = to_file_or_stdout(&args.out, "form.html", |out| {
        Ok(write_atomic(out, args.force, |w| {
            w.write_all(html.as_bytes())
                .map_err(|e| ExportError::io(out, e))
        })?)
    })?;
    print_written(written)
}
