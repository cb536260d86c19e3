//! The follow-up list: which establishments need which kind of khuyến công support, from the
//! advice their weakest dimensions get. Each establishment counts with its latest response
//! per survey; a latest response that is still a draft is left out, and counted; a screening
//! spent by the full survey done since is left out (its advice gave way to that survey's).

use std::collections::HashMap;

use uuid::Uuid;

use super::results::{Weak, weakest};
use super::visits::{Dates, Visit, assessed_in_full, latest_each};
use super::{Fieldwork, FieldworkError, Scored};
use crate::store::{Establishment, ResponseFilter};
use crate::survey::model::Support;
use crate::survey::text::{Lang, fold};

/// One establishment's latest complete response to one survey, with the dimensions whose
/// advice names a support.
#[derive(Debug, Clone)]
pub struct FollowUp {
    pub establishment: Establishment,
    pub visit: Visit,
    pub scored: Scored,
    /// Weakest first.
    pub needs: Vec<Weak>,
}

/// The follow-up list of one session or of all.
#[derive(Debug, Clone)]
pub struct FollowUpList {
    /// Ordered by establishment name, then survey.
    pub entries: Vec<FollowUp>,
    /// Establishments and surveys whose latest response is a draft.
    pub drafts_left_out: usize,
}

/// One establishment's need within a kind of support.
#[derive(Debug, Clone)]
pub struct Need<'a> {
    pub entry: &'a FollowUp,
    pub weak: &'a Weak,
}

/// Every need for one support line (`training`: "Tập huấn").
#[derive(Debug, Clone)]
pub struct SupportGroup<'a> {
    pub support: &'a Support,
    pub needs: Vec<Need<'a>>,
}

impl SupportGroup<'_> {
    /// Establishments in this group, each once.
    pub fn establishments(&self) -> usize {
        let mut ids: Vec<Uuid> = self
            .needs
            .iter()
            .map(|n| n.entry.establishment.id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }
}

impl FollowUp {
    /// The support line the need's advice calls for.
    pub fn support_of(&self, weak: &Weak) -> Option<&Support> {
        let survey = &self.scored.pinned.survey;
        survey.support_of(weak.advice(survey)?)
    }
}

impl FollowUpList {
    /// The needs grouped by kind of support, the group with the most establishments first;
    /// within a group, weakest score first.
    pub fn groups(&self, lang: Lang) -> Vec<SupportGroup<'_>> {
        let mut groups: Vec<SupportGroup> = Vec::new();
        for entry in &self.entries {
            for weak in &entry.needs {
                let Some(support) = entry.support_of(weak) else {
                    continue;
                };
                let need = Need { entry, weak };
                match groups.iter_mut().find(|g| g.support.id == support.id) {
                    Some(g) => g.needs.push(need),
                    None => groups.push(SupportGroup {
                        support,
                        needs: vec![need],
                    }),
                }
            }
        }
        for g in &mut groups {
            g.needs.sort_by(|a, b| {
                a.weak.score.total_cmp(&b.weak.score).then_with(|| {
                    fold(&a.entry.establishment.name).cmp(&fold(&b.entry.establishment.name))
                })
            });
        }
        let label = |g: &SupportGroup| g.support.label.get(lang.code()).to_owned();
        groups.sort_by(|a, b| {
            b.establishments()
                .cmp(&a.establishments())
                .then_with(|| label(a).cmp(&label(b)))
        });
        groups
    }
}

/// Where to look for the full survey that spends a screening: among the visits read when they
/// are every visit, or else in the establishment's own (a later session may hold it).
enum Seen<'a> {
    All(HashMap<Uuid, Vec<&'a Visit>>),
    Part,
}

impl<'a> Seen<'a> {
    fn of(visits: &'a [Visit], filter: &ResponseFilter) -> Seen<'a> {
        if filter.session.is_some() || filter.survey.is_some() {
            return Seen::Part;
        }
        let mut by: HashMap<Uuid, Vec<&Visit>> = HashMap::new();
        for v in visits {
            by.entry(v.response.establishment_id).or_default().push(v);
        }
        Seen::All(by)
    }
}

impl Fieldwork {
    /// Whether a full survey done since spends the screening `visit` (which screens `full`).
    fn spent(
        &self,
        visit: &Visit,
        full: &str,
        seen: &Seen,
        dates: &Dates,
    ) -> Result<bool, FieldworkError> {
        let establishment = visit.response.establishment_id;
        Ok(match seen {
            Seen::All(by) => {
                let theirs = by.get(&establishment).into_iter().flatten().copied();
                assessed_in_full(theirs, visit, full).is_some()
            }
            Seen::Part => {
                let theirs = self.visits_dated(establishment, dates)?;
                assessed_in_full(&theirs, visit, full).is_some()
            }
        })
    }

    /// The follow-up list of the responses `filter` picks (one session, one survey, or all).
    pub fn follow_up(&self, filter: &ResponseFilter) -> Result<FollowUpList, FieldworkError> {
        let dates = self.dates()?;
        let mut visits = Vec::new();
        let responses = match filter.session {
            Some(s) => self.store.session_responses(s)?,
            None => self.store.all_responses()?,
        };
        for r in responses.into_iter().filter(super::visits::counts_as_visit) {
            if filter.survey.as_ref().is_none_or(|s| *s == r.survey_id) {
                visits.push(dates.visit(r));
            }
        }
        let mut list = FollowUpList {
            entries: Vec::new(),
            drafts_left_out: 0,
        };
        let seen = Seen::of(&visits, filter);
        for visit in latest_each(&visits) {
            let scored = self.score(&visit.response)?;
            if !scored.state().counts() {
                list.drafts_left_out += 1;
                continue;
            }
            if let Some(full) = &scored.pinned.survey.screens
                && self.spent(visit, full, &seen, &dates)?
            {
                continue;
            }
            let survey = &scored.pinned.survey;
            let needs = weakest(&scored.card)
                .into_iter()
                .filter(|w| w.advice(survey).is_some_and(|a| a.support.is_some()))
                .collect();
            list.entries.push(FollowUp {
                establishment: self
                    .store
                    .find_establishment(visit.response.establishment_id)?,
                visit: visit.clone(),
                scored,
                needs,
            });
        }
        list.entries.sort_by(|a, b| {
            fold(&a.establishment.name)
                .cmp(&fold(&b.establishment.name))
                .then_with(|| a.visit.response.survey_id.cmp(&b.visit.response.survey_id))
        });
        Ok(list)
    }
}
