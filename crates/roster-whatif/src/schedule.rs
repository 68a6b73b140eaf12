//! Which point of a sweep starts from which, and in what order points may run: the warm-start
//! tree of a sweep and its ready queue.
//!
//! Each point is warm-started from the roster of a neighbour on the grid: the nearest point
//! with a lower count on one axis (same counts elsewhere). With fewer hires the neighbour's
//! roster is a complete valid start (the extra hires simply work nothing); with fewer
//! departures it is a partial one (the shifts of the people gone are dropped and HiGHS completes
//! the rest). A point may only start from a point at least `chains` places earlier in the run
//! order, so `chains` points can run side by side from the first moment: with one axis and two
//! workers, points 0 and 1 start cold and the chains 0→2→4… and 1→3→5… run in parallel. The
//! tree depends only on the points and `chains`, never on timing, so a sweep's rows are the same
//! from run to run with the same thread budget wherever its solves are proven optimal.

use crate::plan::Axis;
use std::collections::{BTreeSet, HashMap};

/// For each point of `points` (point numbers of the grid of `axes`, ascending), the position in
/// `points` of the point it starts from, or `None` for a cold start. See the module docs.
pub fn start_tree(axes: &[Axis], points: &[usize], chains: usize) -> Vec<Option<usize>> {
    let position: HashMap<usize, usize> = points.iter().enumerate().map(|(at, &p)| (p, at)).collect();
    // The stride of each axis in point numbers (row-major, the last axis fastest).
    let mut strides = vec![1usize; axes.len()];
    for a in (0..axes.len().saturating_sub(1)).rev() {
        strides[a] = strides[a + 1] * axes[a + 1].values.len();
    }
    points
        .iter()
        .enumerate()
        .map(|(at, &point)| {
            // The nearest neighbour at least `chains` places back; failing that (the first
            // points), the nearest one at all: only the first point starts cold.
            let nearest = |latest: usize| {
                let mut best: Option<(usize, usize)> = None; // (steps, position)
                for (a, &stride) in strides.iter().enumerate() {
                    let here = (point / stride) % axes[a].values.len();
                    for steps in 1..=here {
                        let Some(&from) = position.get(&(point - steps * stride)) else { continue };
                        if from > latest {
                            continue;
                        }
                        if best.map_or(true, |(s, p)| steps < s || (steps == s && from > p)) {
                            best = Some((steps, from));
                        }
                        break;
                    }
                }
                best.map(|(_, from)| from)
            };
            let previous = at.checked_sub(1)?;
            at.checked_sub(chains.max(1)).and_then(nearest).or_else(|| nearest(previous))
        })
        .collect()
}

/// The points that may run now: those whose start point has finished (or that start cold),
/// handed out in run order.
#[derive(Debug)]
pub struct ReadyQueue<T> {
    children: Vec<Vec<usize>>,
    ready: BTreeSet<usize>,
    /// What each finished point passes on (its roster), kept until its last child has taken it.
    passed: Vec<Option<T>>,
    waiting_children: Vec<usize>,
    start_of: Vec<Option<usize>>,
    taken: Vec<bool>,
    running: usize,
    left: usize,
}

impl<T: Clone> ReadyQueue<T> {
    /// A queue over the start tree `start_of` (from [`start_tree`]).
    pub fn new(start_of: Vec<Option<usize>>) -> ReadyQueue<T> {
        let mut children = vec![Vec::new(); start_of.len()];
        let mut ready = BTreeSet::new();
        for (at, from) in start_of.iter().enumerate() {
            match from {
                Some(from) => children[*from].push(at),
                None => {
                    ready.insert(at);
                }
            }
        }
        let waiting_children = children.iter().map(Vec::len).collect();
        let n = start_of.len();
        ReadyQueue {
            children,
            ready,
            passed: (0..n).map(|_| None).collect(),
            waiting_children,
            start_of,
            taken: vec![false; n],
            running: 0,
            left: n,
        }
    }

    /// The next point that may run, with what its start point passed on (`None`: cold start,
    /// or the start point had nothing to pass). `Err(true)`: none is ready yet but some are
    /// running (wait for one to finish); `Err(false)`: nothing is left to take.
    pub fn take(&mut self) -> Result<(usize, Option<T>), bool> {
        let Some(at) = self.ready.pop_first() else {
            return Err(self.running > 0 && self.left > 0);
        };
        self.taken[at] = true;
        self.running += 1;
        self.left -= 1;
        let start = self.start_of[at].and_then(|from| {
            self.waiting_children[from] -= 1;
            if self.waiting_children[from] == 0 {
                self.passed[from].take()
            } else {
                self.passed[from].clone()
            }
        });
        Ok((at, start))
    }

    /// Records that point `at` finished, passing `result` on to the points that start from it,
    /// which become ready.
    pub fn finish(&mut self, at: usize, result: Option<T>) {
        self.running -= 1;
        if self.waiting_children[at] > 0 {
            self.passed[at] = result;
        }
        self.ready.extend(self.children[at].iter().copied());
    }

    /// Positions never taken (the run was stopped), ascending.
    pub fn untaken(&self) -> Vec<usize> {
        (0..self.taken.len()).filter(|&at| !self.taken[at]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::AxisKind;

    fn axis(values: std::ops::RangeInclusive<u32>) -> Axis {
        Axis { kind: AxisKind::Add, name: "x".into(), values: values.collect(), cost_per_hire: 1.0 }
    }

    #[test]
    fn one_axis_with_two_chains_alternates() {
        let axes = [axis(0..=5)];
        let points: Vec<usize> = (0..6).collect();
        assert_eq!(start_tree(&axes, &points, 2), vec![None, Some(0), Some(0), Some(1), Some(2), Some(3)]);
        assert_eq!(start_tree(&axes, &points, 1), vec![None, Some(0), Some(1), Some(2), Some(3), Some(4)]);
    }

    #[test]
    fn two_axes_start_from_the_nearest_earlier_neighbour() {
        // 3 x 3 grid: point (i, j) is 3i + j.
        let axes = [axis(0..=2), axis(0..=2)];
        let points: Vec<usize> = (0..9).collect();
        let tree = start_tree(&axes, &points, 2);
        // (0,1) from (0,0), the only earlier point; (0,2) from (0,0), as (0,1) is too recent;
        // (1,0) from (0,0); (1,1) from (0,1), as (1,0) is too recent; (2,2) from (1,2), one step.
        assert_eq!(tree, vec![None, Some(0), Some(0), Some(0), Some(1), Some(2), Some(3), Some(4), Some(5)]);
    }

    #[test]
    fn a_shard_starts_from_its_own_points() {
        let axes = [axis(0..=6)];
        let points = vec![1, 3, 5];
        assert_eq!(start_tree(&axes, &points, 1), vec![None, Some(0), Some(1)]);
        // Shard 2/2 of a 2 x 2 grid: points (0,1) and (1,1); (1,1) starts from (0,1).
        let axes = [axis(0..=1), axis(0..=1)];
        assert_eq!(start_tree(&axes, &[1, 3], 2), vec![None, Some(0)]);
        // Points 1 = (0,1) and 2 = (1,0) are not neighbours: both start cold.
        assert_eq!(start_tree(&axes, &[1, 2], 1), vec![None, None]);
    }

    #[test]
    fn the_queue_hands_out_points_after_their_start_and_passes_results_on() {
        let mut queue: ReadyQueue<&str> = ReadyQueue::new(vec![None, Some(0), Some(0)]);
        assert_eq!(queue.take(), Ok((0, None)));
        assert_eq!(queue.take(), Err(true), "1 and 2 wait for 0");
        queue.finish(0, Some("roster 0"));
        assert_eq!(queue.take(), Ok((1, Some("roster 0"))));
        assert_eq!(queue.take(), Ok((2, Some("roster 0"))));
        assert_eq!(queue.take(), Err(false));
        queue.finish(1, None);
        queue.finish(2, None);
        assert!(queue.untaken().is_empty());
        let mut stopped: ReadyQueue<&str> = ReadyQueue::new(vec![None, Some(0), None]);
        assert_eq!(stopped.take(), Ok((0, None)));
        stopped.finish(0, None);
        assert_eq!(stopped.untaken(), vec![1, 2]);
    }
}
