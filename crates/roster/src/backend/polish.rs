//! Stage 2 on larger components: improve the secondary objective (overtime, fairness,
//! preferences, changes against a published roster) of the stage-1 roster by a deterministic
//! neighbourhood search, with agency cost held by the stage-2 row.
//!
//! HiGHS's branch-and-bound on the whole stage-2 model spends its time in the root (the
//! fairness rows make the relaxation weak and the cut loop long) and rarely improves the
//! starting roster within a reasonable budget. Instead, a fixed number of rounds each free a
//! neighbourhood of the roster (the same kinds the stage-1 search uses), fix the rest and solve
//! that small MIP within a node limit. Every limit counts work, not time, and the
//! neighbourhoods come from a seeded generator, so the same input gives the same roster.

use super::exchange::improvement_tolerance;
use super::search::{bounds, fix, SearchSpace, Shape};
use super::verify::ModelCopy;
use highs::{HighsModelStatus, HighsSolutionStatus};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// Neighbourhoods tried. With the largest neighbourhood at 200 free columns, 45 rounds reach
/// the secondary objective that 30 rounds of up to 300 did on the sample (seeds 0-6), in about
/// half the time: a 300-column sub-MIP now and then spends seconds in its root.
const ROUNDS: usize = 45;
/// Branch-and-bound nodes per neighbourhood.
const NODES: i32 = 50;
/// Smallest and largest neighbourhood, in free assignment columns.
const MIN_FREE: usize = 30;
const MAX_FREE: usize = 200;

/// What the polish did.
#[derive(Debug, Clone)]
pub struct Polished {
    /// The best roster (all columns of the stage-2 model).
    pub columns: Vec<f64>,
    /// Its secondary objective.
    pub objective: f64,
    /// Rounds that improved it.
    pub improvements: usize,
}

/// Improves `start` on `model` (the stage-2 model, whose assignment columns it re-bounds for good)
/// within [`ROUNDS`] neighbourhoods, stopping early at `deadline` or when `stop` says so.
pub fn run(
    mut model: highs::Model,
    space: &SearchSpace,
    start: Vec<f64>,
    seed: u64,
    deadline: Option<Instant>,
    stop: &dyn Fn() -> bool,
) -> Option<Polished> {
    // SAFETY: the model is live; read before it is changed.
    let original = unsafe { ModelCopy::of(model.as_mut_ptr()) };
    let objective = original.objective(&start)?;
    if original.violation(&start).is_some() || space.tags.is_empty() {
        return None;
    }
    let shape = Shape::of(space);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0057_a6e2);
    let mut best = Polished { columns: start, objective, improvements: 0 };
    let mut target = (space.tags.len() / 8).clamp(MIN_FREE.min(space.tags.len()), MAX_FREE / 2);
    for round in 0..ROUNDS {
        if stop() || deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let free = shape.neighbourhood(&mut rng, target, space, &best.columns);
        let (index, lower, upper) = bounds(space, &free, &best.columns);
        fix(&mut model, &index, &lower, &upper);
        let left = deadline.map_or(f64::INFINITY, |d| d.saturating_duration_since(Instant::now()).as_secs_f64());
        if model.try_set_solution(Some(&best.columns), None, None, None).is_err()
            || model.try_set_option("mip_max_nodes", NODES).is_err()
            || model.try_set_option("mip_rel_gap", 0.0).is_err()
            || model.try_set_option("time_limit", left.max(0.01)).is_err()
            || model.try_set_option("random_seed", round as i32).is_err()
        {
            break;
        }
        let began = Instant::now();
        let Ok(solved) = model.try_solve() else { break };
        let status = solved.status();
        if solved.primal_solution_status() == HighsSolutionStatus::Feasible {
            let columns = solved.get_solution().columns().to_vec();
            if let Some(value) = original.objective(&columns) {
                if value < best.objective - improvement_tolerance(best.objective)
                    && original.violation(&columns).is_none()
                {
                    best = Polished { columns, objective: value, improvements: best.improvements + 1 };
                }
            }
        }
        tracing::trace!(
            round,
            target,
            ?status,
            best = best.objective,
            seconds = began.elapsed().as_secs_f64(),
            "stage 2 neighbourhood"
        );
        // Grow the neighbourhood while sub-problems are solved to the end, shrink it when not.
        target = if status == HighsModelStatus::Optimal {
            (target + target / 4 + 1).min(space.tags.len()).min(MAX_FREE)
        } else {
            (target * 3 / 4).max(MIN_FREE)
        };
        model = highs::Model::from(solved);
    }
    Some(best)
}
