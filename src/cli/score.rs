//! `sansang score --answers FILE`: score a responses file without a database;
//! without `--answers`, the stored responses (see `stored_score`).

use std::io::Write;
use std::path::PathBuf;

use super::{Failure, Format, Outcome, catalog, print_problems, table};
use crate::survey::catalog::read_limited;
use crate::survey::responses::read_responses;
use crate::survey::score;
use crate::survey::summary::{ScoredResponse, one_decimal};

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
    let text = match format {
        Format::Json => serde_json::to_string_pretty(
            &scored
                .iter()
                .map(ScoredResponse::to_json)
                .collect::<Vec<_>>(),
        )
        .map_err(|e| Failure::Io(e.to_string()))?,
        Format::Csv => csv_text(scored)?,
        Format::Table => tables(scored),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").map_err(|e| Failure::Io(format!("cannot write the scores: {e}")))
}

/// Dimension columns: the union over the surveys present, in order of appearance.
fn dimension_columns(scored: &[ScoredResponse]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for r in scored {
        for d in &r.survey.dimensions {
            if !columns.contains(&d.id) {
                columns.push(d.id.clone());
            }
        }
    }
    columns
}

fn dimension_cell(r: &ScoredResponse, id: &str, mark_low: bool) -> String {
    let Some(i) = r.survey.dimensions.iter().position(|d| d.id == id) else {
        return String::new();
    };
    let d = &r.card.dimensions[i];
    let low = if mark_low && d.low_confidence {
        "?"
    } else {
        ""
    };
    format!("{}{low}", one_decimal(d.score))
}

fn csv_text(scored: &[ScoredResponse]) -> Result<String, Failure> {
    let dims = dimension_columns(scored);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "id",
        "survey",
        "survey_version",
        "establishment",
        "complete",
        "missing",
        "index",
        "level",
    ]
    .map(String::from)
    .to_vec();
    header.extend(dims.iter().cloned());
    let io = |e: csv::Error| Failure::Io(e.to_string());
    w.write_record(&header).map_err(io)?;
    for r in scored {
        let mut row = vec![
            r.id.clone().unwrap_or_default(),
            r.survey.id.clone(),
            r.survey.version.clone(),
            r.establishment.clone().unwrap_or_default(),
            r.card.complete.to_string(),
            r.card.missing.join(";"),
            r.card.index.map(|i| i.to_string()).unwrap_or_default(),
            r.level_label(r.survey.default_language())
                .unwrap_or_default()
                .to_owned(),
        ];
        row.extend(dims.iter().map(|d| {
            let i = r.survey.dimensions.iter().position(|x| &x.id == d);
            i.and_then(|i| r.card.dimensions[i].score)
                .map(|s| s.to_string())
                .unwrap_or_default()
        }));
        w.write_record(&row).map_err(io)?;
    }
    let bytes = w.into_inner().map_err(|e| Failure::Io(e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).trim_end().to_owned())
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
        let survey = group[0].survey;
        let lang = survey.default_language();
        let mut header: Vec<String> = ["#", "establishment", "index", "level", "status"]
            .map(String::from)
            .to_vec();
        header.extend(survey.dimensions.iter().map(|d| d.id.clone()));
        let rows: Vec<Vec<String>> = group
            .iter()
            .enumerate()
            .map(|(n, r)| {
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
                let mut row = vec![
                    (n + 1).to_string(),
                    name,
                    one_decimal(r.card.index),
                    r.level_label(lang).unwrap_or("-").to_owned(),
                    status,
                ];
                row.extend(
                    survey
                        .dimensions
                        .iter()
                        .map(|d| dimension_cell(r, &d.id, true)),
                );
                row
            })
            .collect();
        let mut right = vec![true, false, true, false, false];
        right.extend(survey.dimensions.iter().map(|_| true));
        let legend: Vec<String> = survey
            .dimensions
            .iter()
            .map(|d| format!("{} = {}", d.id, d.title.get(lang)))
            .collect();
        out.push(format!(
            "{} {} ({} responses)\n{}\n{}\n? = low confidence: over 30% of the answers were \"don't know\"",
            survey.title.get(lang),
            survey.version,
            group.len(),
            table::render(&header, &rows, &right),
            legend.join("; ")
        ));
    }
    if out.is_empty() {
        "no responses".into()
    } else {
        out.join("\n\n")
    }
}
