//! Work spread over threads: each thread takes the next item in a given order, and the results
//! come back in item order. The order says what starts first: components largest first, so
//! the long solves start early; agency vacancies by start, so a deadline leaves the latest.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// `work` on every item of `items` with `workers` threads, taking the items in `order` (each
/// index of `items` once); the results come back in item order. A panic in `work` is passed on
/// when the threads are joined.
pub(crate) fn in_order<I: Sync, T: Send>(
    items: &[I],
    order: &[usize],
    workers: usize,
    work: impl Fn(usize, &I) -> T + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<T>>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            scope.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let r = work(i, &items[i]);
                    *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
                }
            });
        }
    });
    // `scope` re-raises a worker's panic, so every item of `order` has its result here; one
    // missing would shift the results of the items after it, so it is not skipped.
    slots
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()).expect("`order` holds every item once"))
        .collect()
}
