//! What the follow-up and progress sheets need from a scan, kept per establishment and
//! survey: the latest visit (which the follow-up list reads, a draft left out and counted),
//! and the latest complete visit with the complete visit before it (an earlier session date),
//! by the rules of `fieldwork::visits`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use uuid::Uuid;

use crate::fieldwork::Pinned;
use crate::fieldwork::results::{Weak, weakest};
use crate::fieldwork::state::State;
use crate::fieldwork::stream::Scanned;
use crate::fieldwork::visits::Visit;

/// One response, reduced to what the sheets show.
#[derive(Debug, Clone)]
pub struct Visited {
    pub visit: Visit,
    pub pinned: Arc<Pinned>,
    pub counts: bool,
    pub index: Option<f64>,
    pub level: Option<usize>,
    pub dimensions: Vec<Option<f64>>,
    /// The weakest dimensions whose advice names a support line, weakest first.
    pub needs: Vec<Weak>,
}

impl Visited {
    pub fn of(s: &Scanned<'_>, date: chrono::NaiveDate) -> Visited {
        let survey = &s.pinned.survey;
        let state = State::of(survey, &s.response, &s.card, |i| s.read.get(i).is_some());
        Visited {
            visit: Visit {
                response: s.response.clone(),
                date,
            },
            pinned: s.pinned.clone(),
            counts: state.counts(),
            index: s.card.index,
            level: s.card.level,
            dimensions: s.card.dimensions.iter().map(|d| d.score).collect(),
            needs: weakest(&s.card)
                .into_iter()
                .filter(|w| w.advice(survey).is_some_and(|a| a.support.is_some()))
                .collect(),
        }
    }

    fn key(&self) -> (Uuid, String) {
        let r = &self.visit.response;
        (r.establishment_id, r.survey_id.clone())
    }
}

/// The latest complete visit and the one before it.
#[derive(Debug, Clone)]
pub struct Pair {
    pub now: Visited,
    pub before: Option<Visited>,
}

/// One establishment's latest response to a survey at a session, for the session averages.
#[derive(Debug, Clone)]
pub struct AtSession {
    pub key: (chrono::NaiveDate, chrono::DateTime<chrono::Utc>),
    pub counts: bool,
    pub pinned: Arc<Pinned>,
    pub dimensions: Vec<Option<f64>>,
}

/// (session, survey) → establishment → its latest response there.
pub type AtSessions = HashMap<(Uuid, String), HashMap<Uuid, AtSession>>;

#[derive(Debug, Default)]
pub struct Tracker {
    pub latest: HashMap<(Uuid, String), Visited>,
    pub pairs: HashMap<(Uuid, String), Pair>,
    pub at_sessions: AtSessions,
}

impl Tracker {
    /// A response of the export.
    pub fn offer(&mut self, v: Visited) {
        let key = v.key();
        let r = &v.visit.response;
        let here = self
            .at_sessions
            .entry((r.session_id, r.survey_id.clone()))
            .or_default();
        let at = AtSession {
            key: v.visit.key(),
            counts: v.counts,
            pinned: v.pinned.clone(),
            dimensions: v.dimensions.clone(),
        };
        match here.get(&r.establishment_id) {
            Some(seen) if seen.key >= at.key => {}
            _ => {
                here.insert(r.establishment_id, at);
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
                Some(pair) if v.visit.key() > pair.now.visit.key() => {
                    let old = std::mem::replace(&mut pair.now, v.clone());
                    if old.visit.date < pair.now.visit.date {
                        pair.before = Some(old);
                    }
                }
                Some(pair) => offer_before(pair, v.clone()),
            }
        }
        match self.latest.get(&key) {
            Some(seen) if seen.visit.key() >= v.visit.key() => {}
            _ => {
                self.latest.insert(key, v);
            }
        }
    }

    /// A response outside the export (another session) that may be the visit before.
    pub fn offer_earlier(&mut self, v: Visited) {
        if !v.counts {
            return;
        }
        if let Some(pair) = self.pairs.get_mut(&v.key()) {
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
fn offer_before(pair: &mut Pair, v: Visited) {
    if v.visit.date < pair.now.visit.date
        && pair
            .before
            .as_ref()
            .is_none_or(|b| v.visit.key() > b.visit.key())
    {
        pair.before = Some(v);
    }
}
