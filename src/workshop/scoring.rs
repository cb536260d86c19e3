//! Scoring every stored response of a large file on all cores, in order.
//!
//! One thread reads the file in batches; workers turn stored answers into the core's answers
//! and score them (the costly part: millions of small allocations, which stay on the thread
//! that makes them); the caller's thread puts the results back in file order and visits them.

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread;

use super::{PinnedSurveys, WorkshopError, stored_answers};
use crate::store::{Response, ResponseFilter, Store, StoreError, StoredAnswers};
use crate::survey::{Scorecard, Survey, score_with};

/// Responses per hand-over between threads: one hand-over per response would cost more in
/// thread wake-ups than scoring it.
const BATCH: usize = 128;

type Batch = (usize, Vec<(Response, StoredAnswers)>);
type Scored<'p> = (Response, Result<(&'p Survey, Scorecard), WorkshopError>);

/// Scores every stored response matching `filter` with the definition it was recorded against.
/// `visit` sees them one at a time, in file order; nothing is collected, so memory stays flat.
pub fn visit_scored<'p, E: From<WorkshopError> + From<StoreError>>(
    store: &Store,
    pinned: &'p PinnedSurveys,
    filter: &ResponseFilter,
    mut visit: impl FnMut(Response, &'p Survey, Scorecard) -> Result<(), E>,
) -> Result<(), E> {
    let workers = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    thread::scope(|scope| {
        let (to_workers, work) = sync_channel::<Batch>(workers * 2);
        let work = Arc::new(Mutex::new(work));
        let (to_caller, results) = sync_channel::<(usize, Vec<Scored<'p>>)>(workers * 2);
        let reader = scope.spawn(move || read(store, filter, to_workers));
        for _ in 0..workers {
            let (work, to_caller) = (Arc::clone(&work), to_caller.clone());
            scope.spawn(move || score_batches(store, pinned, &work, &to_caller));
        }
        drop(to_caller);
        let outcome = in_order(results, &mut visit);
        let read = match reader.join() {
            Ok(read) => read,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        match (outcome, read) {
            (Err(e), _) => Err(e),
            (Ok(()), Err(ReadStopped::Store(e))) => Err(E::from(e)),
            (Ok(()), _) => Ok(()),
        }
    })
}

/// The reading thread: numbered batches of stored responses.
fn read(
    store: &Store,
    filter: &ResponseFilter,
    to_workers: SyncSender<Batch>,
) -> Result<(), ReadStopped> {
    let mut batch = Vec::with_capacity(BATCH);
    let mut number = 0;
    store.visit_stored(filter, |response, stored| {
        batch.push((response, stored));
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            // A closed channel means the caller stopped: stop reading too.
            to_workers
                .send((number, full))
                .map_err(|_| ReadStopped::Stopped)?;
            number += 1;
        }
        Ok::<_, ReadStopped>(())
    })?;
    to_workers
        .send((number, batch))
        .map_err(|_| ReadStopped::Stopped)
}

/// A worker: scores batches until the reader is done or the caller has stopped.
fn score_batches<'p>(
    store: &Store,
    pinned: &'p PinnedSurveys,
    work: &Mutex<Receiver<Batch>>,
    to_caller: &SyncSender<(usize, Vec<Scored<'p>>)>,
) {
    loop {
        // A poisoned lock means another worker panicked; the caller learns of it when joining.
        let next = match work.lock() {
            Ok(work) => work.recv(),
            Err(_) => return,
        };
        let Ok((number, batch)) = next else { return };
        let scored = batch
            .into_iter()
            .map(|(response, stored)| {
                let card = pinned.of(store, &response).map(|(survey, index)| {
                    let answers = stored_answers(survey, index, &stored);
                    (survey, score_with(survey, |i| answers[i].as_ref()))
                });
                (response, card)
            })
            .collect();
        if to_caller.send((number, scored)).is_err() {
            return;
        }
    }
}

/// Visits the results in batch order, whatever order the workers finish in.
fn in_order<'p, E: From<WorkshopError>>(
    results: Receiver<(usize, Vec<Scored<'p>>)>,
    visit: &mut impl FnMut(Response, &'p Survey, Scorecard) -> Result<(), E>,
) -> Result<(), E> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    for (number, scored) in results.iter() {
        waiting.insert(number, scored);
        while let Some(scored) = waiting.remove(&next) {
            next += 1;
            for (response, card) in scored {
                let (survey, card) = card?;
                visit(response, survey, card)?;
            }
        }
    }
    Ok(())
}

/// Why the reading thread stopped early.
enum ReadStopped {
    Store(StoreError),
    Stopped,
}

impl From<StoreError> for ReadStopped {
    fn from(e: StoreError) -> Self {
        ReadStopped::Store(e)
    }
}
