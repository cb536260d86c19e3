//! Frame times of the workshop screens (ratatui's TestBackend).

use criterion::{Criterion, criterion_group, criterion_main};

fn frames(_c: &mut Criterion) {}

criterion_group!(benches, frames);
criterion_main!(benches);
