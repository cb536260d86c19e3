//! `sansang export --format csv|xlsx|json --out PATH`: responses for Excel,
//! for the centre's records, or for merging into another laptop.

use std::path::PathBuf;

use clap::ValueEnum;

use super::db::{open_fieldwork_reading, parse_id};
use super::form::parse_lang;
use super::output::{is_stdout, print_written, to_file_or_stdout, warn};
use super::{Failure, Outcome};
use crate::export::{ExportFormat, ExportOptions, Lang, export};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    Csv,
    Xlsx,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// csv (one row per response; --long: per answer and selected option), xlsx (scores,
    /// answers, codebook, follow-up, progress, about) or json (everything, for `sansang import`).
    #[arg(long, value_enum)]
    format: FileFormat,
    /// The file to write; kept if it exists, unless --force. `-` writes CSV or JSON to
    /// standard output (for a script's pipe).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// Only this session's responses.
    #[arg(long, value_name = "ID")]
    session: Option<String>,
    /// Only this survey's responses (sxsh, dx, …).
    #[arg(long, value_name = "ID")]
    survey: Option<String>,
    /// Leave out names, contact people and phone numbers; each establishment
    /// gets a stable pseudonym.
    #[arg(long)]
    anonymize: bool,
    /// CSV: one row per answer instead of one per response.
    #[arg(long)]
    long: bool,
    /// Replace PATH if it exists.
    #[arg(long)]
    force: bool,
    /// Language of headers, labels and sheet texts: vi or en (default: the first survey's).
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Headers and values as stable ids and option values (the columns scripts read)
    /// instead of words and labels.
    #[arg(long)]
    codes: bool,
    /// CSV: the column separator, "," (default) or ";" (Excel with the Vietnamese regional
    /// setting; numbers then take a decimal comma).
    #[arg(long, default_value = ",", value_parser = parse_sep)]
    sep: u8,
}

fn parse_sep(s: &str) -> Result<u8, String> {
    match s {
        "," => Ok(b','),
        ";" => Ok(b';'),
        _ => Err(format!("{s:?}: the separator is \",\" or \";\"")),
    }
}

pub fn run(args: Args, surveys: &Option<PathBuf>, db: &Option<PathBuf>) -> Outcome {
    if args.sep != b',' && args.format != FileFormat::Csv {
        return Err(Failure::Io(
            "--sep is for CSV only; leave it out or use --format csv".into(),
        ));
    }
    if args.long && args.format != FileFormat::Csv {
        return Err(Failure::Io(
            "--long is for CSV only; leave it out or use --format csv".into(),
        ));
    }
    let session = args
        .session
        .as_deref()
        .map(|s| parse_id("session", s))
        .transpose()?;
    let fieldwork = open_fieldwork_reading(surveys, db)?;
    let format = match args.format {
        FileFormat::Csv => ExportFormat::Csv,
        FileFormat::Xlsx => ExportFormat::Xlsx,
        FileFormat::Json => ExportFormat::Json,
    };
    if is_stdout(&args.out) && format == ExportFormat::Xlsx {
        return Err(Failure::Refused(
            "a workbook is not text and cannot go to standard output; name a file, e.g. --out ket-qua.xlsx".into(),
        ));
    }
    let name = format!("export.{}", format.extension());
    let (done, path) = to_file_or_stdout(&args.out, &name, |out| {
        let opts = ExportOptions {
            session,
            survey: args.survey,
            anonymize: args.anonymize,
            long: args.long,
            force: args.force,
            lang: args.lang,
            codes: args.codes,
            sep: args.sep,
            ..ExportOptions::new(format, out.to_path_buf())
        };
        Ok(export(&fieldwork, &opts)?)
    })?;
    // After the data: the summary only once a reader took all of it.
    for w in &done.warnings {
        warn(&format!("warning: {w}"));
    }
    warn(&format!("{} responses exported", done.responses));
    print_written(path)
}
