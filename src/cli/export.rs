//! `sansang export --format csv|xlsx|json --out PATH`: responses for Excel,
//! for the centre's records, or for merging into another laptop.

use std::path::PathBuf;

use clap::ValueEnum;

use super::db::{open_fieldwork_reading, parse_id};
use super::form::parse_lang;
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
    /// csv (one row per response; --long: per answer), xlsx (sheets for scores,
    /// answers, averages and the follow-up list) or json (everything, for `sansang import`).
    #[arg(long, value_enum)]
    format: FileFormat,
    /// The file to write; kept if it exists, unless --force.
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
    /// Language of level labels and sheet texts: vi (default) or en.
    #[arg(long, default_value = "vi", value_parser = parse_lang)]
    lang: Lang,
}

pub fn run(args: Args, surveys: &Option<PathBuf>, db: &Option<PathBuf>) -> Outcome {
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
    let opts = ExportOptions {
        session,
        survey: args.survey,
        anonymize: args.anonymize,
        long: args.long,
        force: args.force,
        lang: args.lang,
        ..ExportOptions::new(format, args.out)
    };
    let done = export(&fieldwork, &opts)?;
    for w in &done.warnings {
        eprintln!("warning: {w}");
    }
    eprintln!("{} responses exported", done.responses);
    println!("{}", done.path.display());
    Ok(())
}
