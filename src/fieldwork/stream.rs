//! Reading a whole database: the one pipeline behind `score` and every export.
//!
//! One thread reads the file in chunks; workers read and score each response with its pinned
//! definition, look up its establishment, and turn it into what the caller wants (a row, a
//! summary), the costly part; the caller's thread sees the results in file order. Order comes
//! from the chunks themselves: each chunk carries its own one-result channel, and the caller
//! takes those channels in the order the reader made them, so nothing is held back to be put
//! in order.
//!
//! Policy: an error anywhere stops the whole scan promptly and is returned (the caller's own
//! first); a closed output (a pipe whose reader left) is just such an error. Every thread is
//! joined before returning, and a panic in any of them is raised again on the caller's thread
//! once the others have stopped, so the database is never left open by a stuck thread.

use std::collections::HashMap;
use std::sync::Arc;
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded};
use uuid::Uuid;

use super::definitions::QuestionNumbers;
use super::{Fieldwork, FieldworkError, Pinned, Read};
use crate::store::{Establishment, Response, ResponseFilter, StoredAnswers};
use crate::survey::Scorecard;

/// Responses per hand-over between threads: one hand-over per response would cost more in
/// wake-ups than reading it.
const CHUNK: usize = 256;

/// One response as a worker sees it: read and scored with its pinned definition.
pub struct Scanned<'a> {
    pub response: Response,
    pub pinned: &'a Arc<Pinned>,
    pub read: Read<'a>,
    pub card: Scorecard,
    /// The answers as stored, with their times.
    pub stored: &'a StoredAnswers,
    /// The response's establishment (none when its record is missing).
    pub establishment: Option<&'a Establishment>,
}

type Chunk = Vec<(Response, StoredAnswers)>;
type Results<T> = Result<Vec<T>, FieldworkError>;

/// Visits every response `filter` picks but the deleted ones: `work` runs on worker threads
/// and turns each into a `T`; `visit` sees the `T`s on this thread in file order. Nothing is
/// collected, so memory stays flat whatever the size of the file.
pub fn scan<T: Send, E: From<FieldworkError>>(
    fieldwork: &Fieldwork,
    filter: &ResponseFilter,
    work: impl Fn(Scanned<'_>) -> T + Sync,
    visit: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    scan_responses(fieldwork, filter, Deleted::LeftOut, work, visit)
}

/// Like [`scan`], the deleted responses included: for the export another laptop merges,
/// which must learn of a deletion too.
pub fn scan_everything<T: Send, E: From<FieldworkError>>(
    fieldwork: &Fieldwork,
    filter: &ResponseFilter,
    work: impl Fn(Scanned<'_>) -> T + Sync,
    visit: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    scan_responses(fieldwork, filter, Deleted::Included, work, visit)
}

/// Whether a scan sees the deleted responses.
#[derive(Clone, Copy, PartialEq)]
enum Deleted {
    LeftOut,
    Included,
}

fn scan_responses<T: Send, E: From<FieldworkError>>(
    fieldwork: &Fieldwork,
    filter: &ResponseFilter,
    deleted: Deleted,
    work: impl Fn(Scanned<'_>) -> T + Sync,
    mut visit: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    let definitions = Definitions::load(fieldwork)?;
    let workers = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let (order, results) = bounded::<Receiver<Results<T>>>(workers * 2 + 2);
    let (to_workers, chunks) = bounded::<(Chunk, Sender<Results<T>>)>(workers * 2);
    let (definitions, work) = (&definitions, &work);
    thread::scope(|scope| {
        let reader = scope.spawn(move || read(fieldwork, filter, deleted, order, to_workers));
        let pool: Vec<_> = (0..workers)
            .map(|_| {
                let chunks = chunks.clone();
                scope.spawn(move || {
                    for (chunk, done) in chunks.iter() {
                        let scored = score_chunk(fieldwork, definitions, chunk, work);
                        // The caller may have stopped: nobody to tell, go on draining.
                        let _ = done.send(scored);
                    }
                })
            })
            .collect();
        drop(chunks);
        let outcome = take_in_order(&results, &mut visit);
        // Stop the reader (its next hand-over fails), then let everyone finish.
        drop(results);
        let read = join(reader);
        for worker in pool {
            join(worker);
        }
        outcome?;
        read.map_err(E::from)
    })
}

/// The results of each chunk, in the order the reader made them.
fn take_in_order<T, E: From<FieldworkError>>(
    results: &Receiver<Receiver<Results<T>>>,
    visit: &mut impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    for chunk in results.iter() {
        // A worker that panicked dropped its sender: the panic is raised when it is joined.
        let Ok(done) = chunk.recv() else {
            return Ok(());
        };
        for t in done? {
            visit(t)?;
        }
    }
    Ok(())
}

fn join<T>(handle: thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The reading thread: chunks of stored responses, each with the channel its result comes back on.
fn read<T>(
    fieldwork: &Fieldwork,
    filter: &ResponseFilter,
    deleted: Deleted,
    order: Sender<Receiver<Results<T>>>,
    to_workers: Sender<(Chunk, Sender<Results<T>>)>,
) -> Result<(), FieldworkError> {
    let hand_over = |chunk: Chunk| {
        let (done, result) = bounded(1);
        order.send(result).ok()?;
        to_workers.send((chunk, done)).ok()
    };
    let mut chunk = Vec::with_capacity(CHUNK);
    let read = fieldwork.store().visit_stored(filter, |response, stored| {
        if deleted == Deleted::LeftOut && !super::visits::counts_as_visit(&response) {
            return Ok(());
        }
        chunk.push((response, stored));
        if chunk.len() == CHUNK {
            let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
            // The caller has stopped: so does the reading.
            hand_over(full).ok_or(Stop::Stopped)?;
        }
        Ok::<_, Stop>(())
    });
    match read {
        Ok(()) => {
            hand_over(chunk);
            Ok(())
        }
        Err(Stop::Stopped) => Ok(()),
        Err(Stop::Store(e)) => Err(e.into()),
    }
}

fn score_chunk<T>(
    fieldwork: &Fieldwork,
    definitions: &Definitions,
    chunk: Chunk,
    work: &impl Fn(Scanned<'_>) -> T,
) -> Results<T> {
    let mut directory = ChunkEstablishments::read(fieldwork, &chunk)?;
    let mut results = Vec::with_capacity(chunk.len());
    for (response, stored) in chunk {
        let (pinned, numbers) = definitions.of(&response)?;
        let read = pinned.read_numbered(&stored, numbers);
        let card = pinned.score(&read);
        let establishment = directory.next(response.establishment_id);
        results.push(work(Scanned {
            response,
            pinned,
            read,
            card,
            stored: &stored,
            establishment,
        }));
    }
    Ok(results)
}

/// The establishments of a chunk's responses, read in one go and handed out in the chunk's
/// order. An establishment's surveys are mostly recorded one after the other, so its
/// responses sit side by side in the file: each run of them needs one look-up, and nothing is
/// held beyond the chunk.
struct ChunkEstablishments {
    /// One entry per run of responses to one establishment, in the chunk's order.
    runs: Vec<(Uuid, Option<Establishment>)>,
    at: usize,
}

impl ChunkEstablishments {
    fn read(fieldwork: &Fieldwork, chunk: &Chunk) -> Result<ChunkEstablishments, FieldworkError> {
        let mut ids: Vec<Uuid> = chunk.iter().map(|(r, _)| r.establishment_id).collect();
        ids.dedup();
        let found = fieldwork.store().establishments_by_id(&ids)?;
        Ok(ChunkEstablishments {
            runs: ids.into_iter().zip(found).collect(),
            at: 0,
        })
    }

    /// The establishment `id` of the chunk's next response.
    fn next(&mut self, id: Uuid) -> Option<&Establishment> {
        let ahead = self.runs[self.at..]
            .iter()
            .position(|(known, _)| *known == id)?;
        self.at += ahead;
        self.runs[self.at].1.as_ref()
    }
}

/// Why the reading stopped early.
enum Stop {
    Store(crate::store::StoreError),
    Stopped,
}

impl From<crate::store::StoreError> for Stop {
    fn from(e: crate::store::StoreError) -> Stop {
        Stop::Store(e)
    }
}

/// Every pinned definition, looked up by the workers without a lock, with its questions'
/// numbers in this database.
struct Definitions(HashMap<(String, String), (super::Loaded, QuestionNumbers)>);

impl Definitions {
    fn load(fieldwork: &Fieldwork) -> Result<Definitions, FieldworkError> {
        let mut all = HashMap::new();
        for (id, version) in fieldwork.store().pinned_surveys()? {
            let (pinned, numbers) = match fieldwork.pinned_version(&id, &version) {
                Ok(p) => {
                    let numbers = QuestionNumbers::new(fieldwork.store(), &p.survey);
                    (Ok(p), numbers)
                }
                Err(FieldworkError::Definition(why)) => (Err(why), QuestionNumbers::default()),
                Err(e) => return Err(e),
            };
            all.insert((id, version), (pinned, numbers));
        }
        Ok(Definitions(all))
    }

    fn of(&self, response: &Response) -> Result<(&Arc<Pinned>, &QuestionNumbers), FieldworkError> {
        let found = self
            .0
            .iter()
            .find(|((id, v), _)| *id == response.survey_id && *v == response.survey_version);
        match found {
            Some((_, (Ok(pinned), numbers))) => Ok((pinned, numbers)),
            Some((_, (Err(why), _))) => Err(FieldworkError::Definition(format!(
                "response {}: {why}",
                response.id
            ))),
            None => Err(FieldworkError::Definition(format!(
                "response {} uses survey {} {}, whose definition is missing from the database",
                response.id, response.survey_id, response.survey_version
            ))),
        }
    }
}
