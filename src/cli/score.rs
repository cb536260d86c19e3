//! `sansang score --answers FILE`: score a responses file without a database;
//! without `--answers`, the stored responses (see `stored_score`).

use std::borrow::Cow;
use std::io::{BufWriter, Stdout, Write};
use std::path::PathBuf;

use super::output::{csv_failed, print_text, write_failed};
use super::{Failure, Format, Outcome, catalog, print_problems, table};
use crate::export::cell::neutralize;
use crate::survey::catalog::read_limited;
use crate::survey::display::{percent_text, printable, score_text};
use crate::survey::responses::read_responses;
use crate::survey::summary::ScoredResponse;
use crate::survey::text::Lang;
use crate::survey::{Survey, score};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A responses file: {"format": 1, "responses": [...]}. Without it, the responses stored
    /// in the database are scored.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["session", "survey"])]
    answers: Option<PathBuf>,
    /// Only the stored responses of this session (workshop).
    #[arg(long, value_name = "ID")]
    pub session: Option<String>,
    /// Only the stored responses to this survey (e.g. sxsh).
    #[arg(long, value_name = "ID")]
    pub survey: Option<String>,
    /// How to print the scores.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(args: Args, surveys: &Option<PathBuf>, db: &Option<PathBuf>) -> Outcome {
    let Some(answers) = &args.answers else {
        return super::stored_score::run(
            args.session.as_deref(),
            args.survey.as_deref(),
            args.format,
            surveys,
            db,
        );
    };
    let catalog = catalog(surveys)?;
    let name = answers.display().to_string();
    let bytes = read_limited(answers).map_err(|m| Failure::Io(format!("{name}: {m}")))?;
    let (responses, warnings) = read_responses(&name, &bytes, &catalog).map_err(|problems| {
        Failure::Refused(format!(
            "{problems}\n{name}: nothing was scored; fix the problems above"
        ))
    })?;
    print_problems(&warnings);
    let scored: Vec<ScoredResponse> = responses
        .iter()
        .map(|r| ScoredResponse {
            id: r.id.clone(),
            survey: r.survey,
            establishment: r.establishment_name().map(str::to_owned),
            card: score(r.survey, &r.answers),
        })
        .collect();
    print_scores(&scored, args.format)
}

/// Print scored responses; shared by every command that scores.
pub fn print_scores(scored: &[ScoredResponse], format: Format) -> Outcome {
    let rows = Rows::new(format, scored.iter().map(|r| r.survey));
    let mut printer = ScorePrinter::new(&rows)?;
    for r in scored {
        printer.push(&rows, r.clone())?;
    }
    printer.finish()
}

/// How a scored response becomes printed text: made once, then used from any thread, so that
/// a scan of a whole database formats its rows on its workers rather than on the printing
/// thread (where the numbers' formatting alone was a tenth of `score`'s time).
pub struct Rows {
    format: Format,
    /// The CSV's dimension columns.
    dimensions: Vec<String>,
    /// Per survey (id, version): the position of each CSV dimension column among its
    /// dimensions, found once rather than for every row.
    positions: Vec<(String, String, Vec<Option<usize>>)>,
}

/// A row ready to be written.
pub enum Rendered {
    Csv(Vec<String>),
    Json(String),
}

impl Rows {
    /// `surveys`: those the rows may come from; their dimensions are the CSV columns.
    pub fn new<'s>(format: Format, surveys: impl IntoIterator<Item = &'s Survey>) -> Rows {
        let surveys: Vec<&Survey> = match format {
            Format::Csv => surveys.into_iter().collect(),
            Format::Json | Format::Table => Vec::new(),
        };
        let dimensions = dimension_columns(surveys.iter().copied());
        let positions = surveys
            .iter()
            .map(|s| {
                let at = dimensions
                    .iter()
                    .map(|d| s.dimensions.iter().position(|x| &x.id == d))
                    .collect();
                (s.id.clone(), s.version.clone(), at)
            })
            .collect();
        Rows {
            format,
            dimensions,
            positions,
        }
    }

    /// Where each CSV dimension column is among `survey`'s dimensions.
    fn positions(&self, survey: &Survey) -> Cow<'_, [Option<usize>]> {
        match self
            .positions
            .iter()
            .find(|(id, version, _)| *id == survey.id && *version == survey.version)
        {
            Some((_, _, at)) => Cow::Borrowed(at),
            None => self
                .dimensions
                .iter()
                .map(|d| survey.dimensions.iter().position(|x| &x.id == d))
                .collect(),
        }
    }

    /// The row's text; none for a table, which is laid out once every row is in.
    pub fn render(&self, r: &ScoredResponse) -> Result<Option<Rendered>, Failure> {
        Ok(match self.format {
            Format::Csv => Some(Rendered::Csv(csv_row(r, &self.positions(r.survey)))),
            Format::Json => {
                let object = serde_json::to_string_pretty(&r.to_json())
                    .map_err(|e| Failure::Io(e.to_string()))?;
                Some(Rendered::Json(indent(&object)))
            }
            Format::Table => None,
        })
    }
}

/// Prints scored responses one at a time: JSON and CSV stream, so scoring a whole
/// database holds no more than one row; a table needs every row for its widths.
pub struct ScorePrinter<'s> {
    sink: Sink<'s>,
}

enum Sink<'s> {
    Json {
        out: BufWriter<Stdout>,
        first: bool,
    },
    Csv {
        // Boxed: the CSV writer carries its own buffer state, far larger than the others.
        out: Box<csv::Writer<BufWriter<Stdout>>>,
    },
    Table(Vec<ScoredResponse<'s>>),
}

impl<'s> ScorePrinter<'s> {
    pub fn new(rows: &Rows) -> Result<Self, Failure> {
        let out = BufWriter::new(std::io::stdout());
        let sink = match rows.format {
            Format::Json => Sink::Json { out, first: true },
            Format::Table => Sink::Table(Vec::new()),
            Format::Csv => {
                let mut out = Box::new(csv::Writer::from_writer(out));
                let mut header: Vec<&str> = CSV_COLUMNS.to_vec();
                header.extend(rows.dimensions.iter().map(String::as_str));
                header.extend(CSV_TAIL);
                out.write_record(&header).map_err(csv_failed)?;
                Sink::Csv { out }
            }
        };
        Ok(ScorePrinter { sink })
    }

    /// Prints `r` (or keeps it, for a table).
    pub fn push(&mut self, rows: &Rows, r: ScoredResponse<'s>) -> Outcome {
        match rows.render(&r)? {
            Some(rendered) => self.write(rendered),
            None => self.keep(r),
        }
    }

    /// Writes a row `Rows::render` made.
    pub fn write(&mut self, rendered: Rendered) -> Outcome {
        match (&mut self.sink, rendered) {
            (Sink::Json { out, first }, Rendered::Json(object)) => {
                let separator = if *first { "[\n" } else { ",\n" };
                *first = false;
                write!(out, "{separator}{object}").map_err(write_failed)
            }
            (Sink::Csv { out }, Rendered::Csv(row)) => out.write_record(row).map_err(csv_failed),
            _ => Err(Failure::Io(
                "a row was made for another format than the one printed".into(),
            )),
        }
    }

    /// Keeps a row of a table, which is printed whole by `finish`.
    pub fn keep(&mut self, r: ScoredResponse<'s>) -> Outcome {
        match &mut self.sink {
            Sink::Table(rows) => {
                rows.push(r);
                Ok(())
            }
            _ => Err(Failure::Io(
                "a table row was kept for a format printed as it goes".into(),
            )),
        }
    }

    pub fn finish(self) -> Outcome {
        match self.sink {
            Sink::Json { mut out, first } => {
                let end = if first { "[]\n" } else { "\n]\n" };
                out.write_all(end.as_bytes())
                    .and_then(|()| out.flush())
                    .map_err(write_failed)
            }
            Sink::Csv { mut out, .. } => out.flush().map_err(write_failed),
            Sink::Table(rows) => print_text(&tables(&rows)),
        }
    }
}

/// A pretty-printed object indented to sit inside the top-level list.
fn indent(object: &str) -> String {
    object
        .lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

const CSV_COLUMNS: [&str; 8] = [
    "id",
    "survey",
    "survey_version",
    "establishment",
    "complete",
    "missing",
    "index",
    "level",
];

/// After the dimension columns, so that files read by column number keep their columns.
const CSV_TAIL: [&str; 2] = ["coverage", "level_withheld"];

/// Dimension columns: the union over the surveys, in order of appearance.
fn dimension_columns<'s>(surveys: impl IntoIterator<Item = &'s Survey>) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for survey in surveys {
        for d in &survey.dimensions {
            if !columns.contains(&d.id) {
                columns.push(d.id.clone());
            }
        }
    }
    columns
}

/// Machine-readable: full precision with a point; text cells guarded against formulas.
fn csv_row(r: &ScoredResponse, dimensions: &[Option<usize>]) -> Vec<String> {
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let text = |s: &str| neutralize(s).into_owned();
    let mut row = vec![
        text(r.id.as_deref().unwrap_or_default()),
        r.survey.id.clone(),
        text(&r.survey.version),
        text(r.establishment.as_deref().unwrap_or_default()),
        r.card.complete.to_string(),
        r.card.missing.join(";"),
        number(r.card.index),
        text(
            r.level_label(r.survey.default_language())
                .unwrap_or_default(),
        ),
    ];
    row.extend(
        dimensions
            .iter()
            .map(|i| number(i.and_then(|i| r.card.dimensions[i].score))),
    );
    row.push(number(r.card.coverage));
    row.push(r.card.level_withheld.to_string());
    row
}

/// The language of a survey's table: its default one.
fn table_lang(survey: &Survey) -> Lang {
    survey.default_language().parse().unwrap_or(Lang::En)
}

/// "71,4?" : the score, `?` when low-confidence, `~` when too little of it was answered.
fn dimension_cell(r: &ScoredResponse, d: usize, lang: Lang) -> String {
    let result = &r.card.dimensions[d];
    let low = if result.low_confidence { "?" } else { "" };
    let thin = if result.low_coverage { "~" } else { "" };
    format!("{}{low}{thin}", score_text(result.score, lang))
}

fn table_row(n: usize, r: &ScoredResponse, lang: Lang) -> Vec<String> {
    let name = r
        .establishment
        .clone()
        .or_else(|| r.id.clone())
        .unwrap_or_else(|| "-".into());
    let status = if r.card.complete {
        "complete".to_owned()
    } else {
        format!("{} missing", r.card.missing.len())
    };
    let (index, level) = if r.card.level_withheld {
        (
            format!("{}*", score_text(r.card.index, lang)),
            lang.pick("(chưa đủ dữ liệu)", "(not enough data)")
                .to_owned(),
        )
    } else {
        let level = r.level_label(r.survey.default_language()).unwrap_or("-");
        (score_text(r.card.index, lang), level.to_owned())
    };
    let mut row = vec![
        (n + 1).to_string(),
        printable(&name).into_owned(),
        index,
        level,
        percent_text(r.card.coverage),
        status,
    ];
    row.extend((0..r.survey.dimensions.len()).map(|d| dimension_cell(r, d, lang)));
    row
}

/// One table per survey, since each has its own dimensions.
fn tables(scored: &[ScoredResponse]) -> String {
    let mut out = Vec::new();
    let mut surveys: Vec<(&str, &str)> = Vec::new();
    for r in scored {
        let key = (r.survey.id.as_str(), r.survey.version.as_str());
        if !surveys.contains(&key) {
            surveys.push(key);
        }
    }
    for (id, version) in surveys {
        let group: Vec<&ScoredResponse> = scored
            .iter()
            .filter(|r| r.survey.id == id && r.survey.version == version)
            .collect();
        out.push(survey_table(&group));
    }
    if out.is_empty() {
        "no responses".into()
    } else {
        out.join("\n\n")
    }
}

fn survey_table(group: &[&ScoredResponse]) -> String {
    let survey = group[0].survey;
    let lang = table_lang(survey);
    let l = survey.default_language();
    let mut header: Vec<String> = ["#", "establishment", "index", "level", "coverage", "status"]
        .map(String::from)
        .to_vec();
    header.extend(survey.dimensions.iter().map(|d| d.id.clone()));
    let rows: Vec<Vec<String>> = group
        .iter()
        .enumerate()
        .map(|(n, r)| table_row(n, r, lang))
        .collect();
    let mut right = vec![true, false, true, false, true, false];
    right.extend(survey.dimensions.iter().map(|_| true));
    let legend: Vec<String> = survey
        .dimensions
        .iter()
        .map(|d| format!("{} = {}", d.id, d.title.get(l)))
        .collect();
    let min = percent_text(Some(survey.min_coverage));
    format!(
        "{} {} ({} response{})\n{}\n{}\n? = low confidence: over 30% of the answers were \"don't know\"\n\
         ~ = low coverage, * = provisional index: under {min} of the scored questions answered, so no level is given (chưa đủ dữ liệu để xếp mức)",
        printable(survey.title.get(l)),
        printable(&survey.version),
        group.len(),
        if group.len() == 1 { "" } else { "s" },
        table::render(&header, &rows, &right),
        legend.join("; ")
    )
}
