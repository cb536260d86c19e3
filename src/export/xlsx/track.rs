//! What the follow-up and progress sheets need from a scan, kept per establishment and
//! survey: the latest visit (which the follow-up list reads, a draft left out and counted),
//! and the latest complete visit with the complete visit before it (an earlier session date),
//! by the rules of `fieldwork::visits`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::fieldwork::Pinned;
use crate::fieldwork::results::{Weak, weakest};
use crate::fieldwork::state::State;
use crate::fieldwork::stream::Scanned;

/// One response, reduced to what the sheets show (kept small: there is one per response
/// of the export at most).
#[derive(Debug, Clone)]
pub struct Visited {
    /// What orders visits (`fieldwork::visits::Visit::key`): the session's date, then the
    /// last change.
    pub key: (NaiveDate, DateTime<Utc>),
    pub date: NaiveDate,
    pub establishment: Uuid,
    pub session: Uuid,
    pub pinned: Arc<Pinned>,
    pub counts: bool,
    pub index: Option<f64>,
    pub level: Option<usize>,
    pub dimensions: Vec<Option<f64>>,
    /// The weakest dimensions whose advice names a support line, weakest first.
    pub needs: Vec<Weak>,
}

impl Visited {
    pub fn of(s: &Scanned<'_>, date: NaiveDate) -> Arc<Visited> {
        let survey = &s.pinned.survey;
        let state = State::of(survey, &s.response, &s.card, |i| s.read.get(i).is_some());
        Arc::new(Visited {
            key: (date, s.response.updated_at),
            date,
            establishment: s.response.establishment_id,
            session: s.response.session_id,
            pinned: s.pinned.clone(),
            counts: state.counts(),
            index: s.card.index,
            level: s.card.level,
            dimensions: s.card.dimensions.iter().map(|d| d.score).collect(),
            needs: weakest(&s.card)
                .into_iter()
                .filter(|w| w.advice(survey).is_some_and(|a| a.support.is_some()))
                .collect(),
        })
    }

    fn of_whom(&self) -> (Uuid, String) {
        (self.establishment, self.pinned.survey.id.clone())
    }
}

/// The latest complete visit and the one before it.
#[derive(Debug, Clone)]
pub struct Pair {
    pub now: Arc<Visited>,
    pub before: Option<Arc<Visited>>,
}

/// (session, survey) → establishment → its latest response there, for the session averages.
pub type AtSessions = HashMap<(Uuid, String), HashMap<Uuid, Arc<Visited>>>;

#[derive(Debug, Default)]
pub struct Tracker {
    pub latest: HashMap<(Uuid, String), Arc<Visited>>,
    pub pairs: HashMap<(Uuid, String), Pair>,
    pub at_sessions: AtSessions,
}

impl Tracker {
    /// A response of the export.
    pub fn offer(&mut self, v: Arc<Visited>) {
        let key = v.of_whom();
        let here = self
            .at_sessions
            .entry((v.session, key.1.clone()))
            .or_default();
        match here.get(&v.establishment) {
            Some(seen) if seen.key >= v.key => {}
            _ => {
                here.insert(v.establishment, v.clone());
            }
        }
        if v.counts {
            match self.pairs.get_mut(&key) {
                None => {
                    self.pairs.insert(
                        key.clone(),
                        Pair {
                            now: v.clone(),
                            before: None,
                        },
                    );
                }
                Some(pair) if v.key > pair.now.key => {
                    let old = std::mem::replace(&mut pair.now, v.clone());
                    if old.date < pair.now.date {
                        pair.before = Some(old);
                    }
                }
                Some(pair) => offer_before(pair, v.clone()),
            }
        }
        match self.latest.get(&key) {
            Some(seen) if seen.key >= v.key => {}
            _ => {
                self.latest.insert(key, v);
            }
        }
    }

    /// A response outside the export (another session) that may be the visit before.
    pub fn offer_earlier(&mut self, v: Arc<Visited>) {
        if !v.counts {
            return;
        }
        if let Some(pair) = self.pairs.get_mut(&v.of_whom()) {
            offer_before(pair, v);
        }
    }

    /// The establishments the export holds.
    pub fn establishments(&self) -> HashSet<Uuid> {
        self.latest.keys().map(|(e, _)| *e).collect()
    }

    /// Establishments and surveys whose latest response is a draft.
    pub fn drafts_left_out(&self) -> usize {
        self.latest.values().filter(|v| !v.counts).count()
    }
}

/// `v` becomes the visit before when it is of an earlier date and later than the one kept.
fn offer_before(pair: &mut Pair, v: Arc<Visited>) {
    if v.date < pair.now.date && pair.before.as_ref().is_none_or(|b| v.key > b.key) {
        pair.before = Some(v);
    }
}
