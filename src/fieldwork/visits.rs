//! Responses seen in time. A visit is ordered by the date of its session (paper forms of an
//! earlier workshop are often keyed in after a later one), then by when it was last changed.
//! An establishment's latest response to a survey is its latest visit; the visit before a
//! response is the latest one of an earlier session date.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{Fieldwork, FieldworkError};
use crate::store::{Response, Session};

/// A response with the date of its session.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub response: Response,
    pub date: NaiveDate,
}

impl Visit {
    /// What orders visits: the session's date, then the last change.
    pub fn key(&self) -> (NaiveDate, DateTime<Utc>) {
        (self.date, self.response.updated_at)
    }
}

/// Whether a response is seen at all: a deleted one is no visit (it stays in the store, with
/// its trail, and can be restored).
pub fn counts_as_visit(response: &Response) -> bool {
    response.status != crate::store::ResponseStatus::Deleted
}

/// Session dates by id, to date responses without reading each session again.
pub struct Dates(HashMap<Uuid, NaiveDate>);

impl Dates {
    pub fn of(sessions: &[Session]) -> Dates {
        Dates(sessions.iter().map(|s| (s.id, s.date)).collect())
    }

    /// The response as a visit; a response whose session is gone is dated by its creation.
    pub fn visit(&self, response: Response) -> Visit {
        let date = self
            .0
            .get(&response.session_id)
            .copied()
            .unwrap_or_else(|| response.created_at.date_naive());
        Visit { response, date }
    }
}

/// The latest of `visits` (any order).
pub fn latest<'a>(visits: impl IntoIterator<Item = &'a Visit>) -> Option<&'a Visit> {
    visits.into_iter().max_by_key(|v| v.key())
}

/// The visit before `this` among `visits` to the same survey: the latest of an earlier date.
pub fn before<'a>(visits: &'a [Visit], this: &Visit) -> Option<&'a Visit> {
    latest(
        visits
            .iter()
            .filter(|v| v.response.survey_id == this.response.survey_id && v.date < this.date),
    )
}

/// The visit that spends a screening (a survey with `screens`): the latest complete response
/// to the survey it screens for, from the screening's session date or later, among the same
/// establishment's `visits`. Once there is one, the screening's advice (assess in full,
/// courses) gives way to the full survey's.
pub fn assessed_in_full<'a>(
    visits: impl IntoIterator<Item = &'a Visit>,
    screening: &Visit,
    screens: &str,
) -> Option<&'a Visit> {
    latest(visits.into_iter().filter(|v| {
        v.response.survey_id == screens
            && v.response.establishment_id == screening.response.establishment_id
            && v.response.status == crate::store::ResponseStatus::Complete
            && v.date >= screening.date
    }))
}

/// The latest visit per (establishment, survey) among `visits`, in the order first seen.
pub fn latest_each(visits: &[Visit]) -> Vec<&Visit> {
    // Where each (establishment, survey) stands in `best`: one look-up per visit, where a
    // search of `best` made a session of 40,000 responses take a minute to count.
    let mut at: HashMap<(Uuid, &str), usize> = HashMap::new();
    let mut best: Vec<&Visit> = Vec::new();
    for v in visits {
        let key = (v.response.establishment_id, v.response.survey_id.as_str());
        match at.get(&key) {
            Some(&i) if v.key() > best[i].key() => best[i] = v,
            Some(_) => {}
            None => {
                at.insert(key, best.len());
                best.push(v);
            }
        }
    }
    best
}

impl Fieldwork {
    /// Session dates, for dating responses.
    pub fn dates(&self) -> Result<Dates, FieldworkError> {
        Ok(Dates::of(&self.store.sessions()?))
    }

    /// Every response of one establishment as visits, oldest first.
    pub fn visits(&self, establishment: Uuid) -> Result<Vec<Visit>, FieldworkError> {
        self.visits_dated(establishment, &self.dates()?)
    }

    /// [`Fieldwork::visits`] with the session dates already read.
    pub fn visits_dated(
        &self,
        establishment: Uuid,
        dates: &Dates,
    ) -> Result<Vec<Visit>, FieldworkError> {
        let mut visits: Vec<Visit> = self
            .store
            .establishment_responses(establishment)?
            .into_iter()
            .filter(counts_as_visit)
            .map(|r| dates.visit(r))
            .collect();
        visits.sort_by_key(Visit::key);
        Ok(visits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn visit(survey: &str, date: (i32, u32, u32), typed_at_hour: u32) -> Visit {
        let mut r = Response::new(survey, "1.0", Uuid::nil(), Uuid::now_v7(), "");
        r.updated_at = Utc
            .with_ymd_and_hms(2026, 1, 1, typed_at_hour, 0, 0)
            .unwrap();
        Visit {
            response: r,
            date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
        }
    }

    #[test]
    fn the_latest_visit_goes_by_session_date_then_by_the_last_change() {
        // The 2025 follow-up was typed in first; the 2024 paper forms were keyed in later.
        let follow_up = visit("sxsh", (2025, 10, 16), 8);
        let baseline = visit("sxsh", (2024, 10, 15), 20);
        let same_day_later = visit("sxsh", (2025, 10, 16), 9);
        let all = vec![baseline.clone(), follow_up.clone(), same_day_later.clone()];
        assert_eq!(latest(&all), Some(&same_day_later));
        assert_eq!(before(&all, &same_day_later), Some(&baseline));
        assert_eq!(before(&all, &baseline), None);
        let other_survey = visit("dx", (2024, 1, 1), 1);
        let mixed = vec![other_survey, follow_up.clone()];
        assert_eq!(
            before(&mixed, &follow_up),
            None,
            "only the same survey counts"
        );
    }

    #[test]
    fn a_screening_is_spent_by_a_complete_full_survey_of_its_date_or_later() {
        let mut screening = visit("sxsh-nhanh", (2024, 10, 15), 8);
        let mut full = visit("sxsh", (2024, 10, 15), 9);
        let establishment = Uuid::now_v7();
        screening.response.establishment_id = establishment;
        full.response.establishment_id = establishment;
        let earlier_full = {
            let mut v = visit("sxsh", (2023, 10, 1), 8);
            v.response.establishment_id = establishment;
            v.response.status = crate::store::ResponseStatus::Complete;
            v
        };
        let all = vec![earlier_full.clone(), screening.clone(), full.clone()];
        assert_eq!(
            assessed_in_full(&all, &screening, "sxsh"),
            None,
            "a draft full survey spends nothing; one from before the screening neither"
        );
        full.response.status = crate::store::ResponseStatus::Complete;
        let all = vec![earlier_full, screening.clone(), full.clone()];
        assert_eq!(assessed_in_full(&all, &screening, "sxsh"), Some(&full));
        assert_eq!(assessed_in_full(&all, &screening, "dx"), None);
    }

    #[test]
    fn latest_each_keeps_one_per_establishment_and_survey() {
        let a = visit("sxsh", (2024, 10, 15), 8);
        let b = visit("sxsh", (2025, 10, 16), 8);
        let c = visit("dx", (2024, 10, 15), 8);
        let all = vec![a, b.clone(), c.clone()];
        assert_eq!(latest_each(&all), vec![&b, &c]);
    }
}
