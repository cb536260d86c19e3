//! The rows every screen and sheet shows for a session: the sessions list, the session
//! screen's lines, and the boards (ranking, level counts, averages) of the dashboard, the
//! session sheet and the workbook. Drafts are listed with their state and left out of ranks,
//! level counts and averages, which say how many they leave out.

use std::sync::Arc;

use uuid::Uuid;

use super::state::State;
use super::visits::{Dates, Visit, latest};
use super::{Fieldwork, FieldworkError, Pinned, Scored};
use crate::store::{Establishment, Response, Session};
use crate::survey::text::fold;

type Result<T> = std::result::Result<T, FieldworkError>;

/// How far one survey is at a session: establishments with a complete or a draft response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyCount {
    pub survey: String,
    pub complete: usize,
    pub drafts: usize,
}

/// A session as the sessions list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    pub session: Session,
    pub establishments: usize,
    /// One per survey asked for, in that order.
    pub surveys: Vec<SurveyCount>,
}

/// One establishment's latest response to one survey at a session, if any.
#[derive(Debug, Clone)]
pub struct Standing {
    pub scored: Option<Scored>,
    pub state: State,
}

/// An establishment taking part in a session, with its standing per survey.
#[derive(Debug, Clone)]
pub struct Line {
    pub establishment: Establishment,
    /// One per survey asked for, in that order.
    pub standings: Vec<Standing>,
}

/// One establishment on a board.
#[derive(Debug, Clone)]
pub struct BoardRow {
    pub establishment: Establishment,
    pub scored: Scored,
    pub state: State,
    /// 1 for the highest index among the responses that count; `None` for drafts and for
    /// responses without an index.
    pub rank: Option<usize>,
}

/// What the responses that count add up to.
#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    /// Responses counted: complete ones.
    pub counted: usize,
    /// Drafts left out of the ranks, counts and averages.
    pub drafts: usize,
    pub index_average: Option<f64>,
    /// Per dimension of the board's columns.
    pub averages: Vec<Option<f64>>,
    /// Per level of the board's columns.
    pub level_counts: Vec<usize>,
    /// Counted responses whose level was withheld or that have no index.
    pub without_level: usize,
}

/// One survey at one session: the dashboard, the session sheet's section, the workbook's
/// averages.
#[derive(Debug, Clone)]
pub struct Board {
    /// The definition whose dimensions and levels are the columns: the newest version among
    /// the rows. Rows of another version are matched by dimension id and level label.
    pub columns: Arc<Pinned>,
    pub rows: Vec<BoardRow>,
    pub totals: Totals,
}

impl BoardRow {
    /// The row's score in dimension `d` of `columns`.
    pub fn dimension(&self, columns: &Pinned, d: usize) -> Option<f64> {
        let id = &columns.survey.dimensions[d].id;
        let own = &self.scored.pinned.survey;
        let i = own.dimensions.iter().position(|x| &x.id == id)?;
        self.scored.card.dimensions[i].score
    }

    /// The row's level as one of the levels of `columns`.
    pub fn level(&self, columns: &Pinned) -> Option<usize> {
        let own = &self.scored.pinned.survey;
        let label = &own.levels[self.scored.card.level?].label;
        columns.survey.levels.iter().position(|l| &l.label == label)
    }
}

impl Board {
    /// Builds the board of `rows` (one survey): ranks and totals.
    pub fn new(columns: Arc<Pinned>, mut rows: Vec<BoardRow>) -> Board {
        rows.sort_by(|a, b| {
            let key = |r: &BoardRow| r.scored.card.index.filter(|_| r.state.counts());
            match (key(a), key(b)) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| fold(&a.establishment.name).cmp(&fold(&b.establishment.name)))
        });
        let mut next = 0;
        for row in &mut rows {
            if row.state.counts() && row.scored.card.index.is_some() {
                next += 1;
                row.rank = Some(next);
            }
        }
        let totals = Totals::of(&columns, &rows);
        Board {
            columns,
            rows,
            totals,
        }
    }
}

impl Totals {
    fn of(columns: &Pinned, rows: &[BoardRow]) -> Totals {
        let counted: Vec<&BoardRow> = rows.iter().filter(|r| r.state.counts()).collect();
        let survey = &columns.survey;
        let mut level_counts = vec![0; survey.levels.len()];
        let mut without_level = 0;
        for r in &counted {
            match r.level(columns) {
                Some(l) => level_counts[l] += 1,
                None => without_level += 1,
            }
        }
        Totals {
            counted: counted.len(),
            drafts: rows.iter().filter(|r| r.state.is_draft()).count(),
            index_average: mean(counted.iter().filter_map(|r| r.scored.card.index)),
            averages: (0..survey.dimensions.len())
                .map(|d| mean(counted.iter().filter_map(|r| r.dimension(columns, d))))
                .collect(),
            level_counts,
            without_level,
        }
    }
}

/// The mean, or `None` of nothing.
pub fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

impl Scored {
    /// How this response counts (see `state`).
    pub fn state(&self) -> State {
        let survey = &self.pinned.survey;
        State::of(survey, &self.response, &self.card, |i| {
            self.answers.contains_key(&survey.questions[i].id)
        })
    }
}

impl Fieldwork {
    /// Every session, newest first, with its counts for `surveys`.
    pub fn session_summaries(&self, surveys: &[&str]) -> Result<Vec<SessionSummary>> {
        self.store
            .sessions()?
            .into_iter()
            .map(|s| self.session_summary(s, surveys))
            .collect()
    }

    /// One session's counts for `surveys`: per establishment its latest response at the session.
    pub fn session_summary(&self, session: Session, surveys: &[&str]) -> Result<SessionSummary> {
        let establishments = self.store.session_establishments(session.id)?.len();
        let visits = self.session_visits(session.id)?;
        let latest = super::visits::latest_each(&visits);
        let counts = surveys
            .iter()
            .map(|&survey| {
                let theirs = latest.iter().filter(|v| v.response.survey_id == survey);
                let (all, complete) = theirs.fold((0, 0), |(all, complete), v| {
                    (all + 1, complete + usize::from(is_complete(&v.response)))
                });
                SurveyCount {
                    survey: survey.to_owned(),
                    complete,
                    drafts: all - complete,
                }
            })
            .collect();
        Ok(SessionSummary {
            session,
            establishments,
            surveys: counts,
        })
    }

    /// The session screen's lines: every establishment taking part, with its standing in
    /// each of `surveys`.
    pub fn session_lines(&self, session: Uuid, surveys: &[&str]) -> Result<Vec<Line>> {
        let visits = self.session_visits(session)?;
        let mut lines = Vec::new();
        for establishment in self.store.session_establishments(session)? {
            let standings = surveys
                .iter()
                .map(|&survey| {
                    let theirs = visits.iter().filter(|v| {
                        v.response.establishment_id == establishment.id
                            && v.response.survey_id == survey
                    });
                    match latest(theirs) {
                        Some(v) => {
                            let scored = self.score(&v.response)?;
                            Ok(Standing {
                                state: scored.state(),
                                scored: Some(scored),
                            })
                        }
                        None => Ok(Standing {
                            scored: None,
                            state: State::NotStarted,
                        }),
                    }
                })
                .collect::<Result<_>>()?;
            lines.push(Line {
                establishment,
                standings,
            });
        }
        Ok(lines)
    }

    /// The board of each survey answered at the session: the shipped surveys in their order,
    /// then any other by id.
    pub fn boards(&self, session: Uuid) -> Result<Vec<Board>> {
        let visits = self.session_visits(session)?;
        let mut surveys: Vec<&str> = visits
            .iter()
            .map(|v| v.response.survey_id.as_str())
            .collect();
        let known: Vec<&str> = self
            .catalog
            .entries()
            .iter()
            .map(|e| e.survey.id.as_str())
            .collect();
        let place = |id: &str| known.iter().position(|k| *k == id).unwrap_or(usize::MAX);
        surveys.sort_by(|a, b| place(a).cmp(&place(b)).then(a.cmp(b)));
        surveys.dedup();
        surveys
            .into_iter()
            .map(|s| self.board_of(&visits, s))
            .collect::<Result<Vec<_>>>()
            .map(|b| b.into_iter().flatten().collect())
    }

    /// The board of one survey at the session; `None` when nobody answered it there.
    pub fn board(&self, session: Uuid, survey: &str) -> Result<Option<Board>> {
        self.board_of(&self.session_visits(session)?, survey)
    }

    fn board_of(&self, visits: &[Visit], survey: &str) -> Result<Option<Board>> {
        let mut rows = Vec::new();
        for v in latest_per_establishment(visits, survey) {
            let scored = self.score(&v.response)?;
            rows.push(BoardRow {
                establishment: self.store.find_establishment(v.response.establishment_id)?,
                state: scored.state(),
                scored,
                rank: None,
            });
        }
        let newest = rows.iter().map(|r| r.scored.pinned.clone()).max_by(|a, b| {
            crate::survey::catalog::compare_versions(&a.survey.version, &b.survey.version)
        });
        Ok(newest.map(|columns| Board::new(columns, rows)))
    }

    /// The responses of a session as visits.
    fn session_visits(&self, session: Uuid) -> Result<Vec<Visit>> {
        let dates = Dates::of(&self.store.sessions()?);
        Ok(self
            .store
            .session_responses(session)?
            .into_iter()
            .filter(super::visits::counts_as_visit)
            .map(|r| dates.visit(r))
            .collect())
    }
}

fn is_complete(r: &Response) -> bool {
    r.status == crate::store::ResponseStatus::Complete
}

/// The latest visit of each establishment to `survey` among `visits`.
fn latest_per_establishment<'a>(visits: &'a [Visit], survey: &str) -> Vec<&'a Visit> {
    super::visits::latest_each(visits)
        .into_iter()
        .filter(|v| v.response.survey_id == survey)
        .collect()
}
