//! Branch-and-price on the Dantzig-Wolfe master: after column generation at the root, branch on
//! a person's assignment column whose value in the master's solution is fractional (worked in
//! one child, not in the other), and generate columns again at each node with the branch's
//! columns fixed in the pricing problems and the master's schedules that disagree with them
//! switched off. A node whose bound reaches the best roster's objective is pruned; a node whose
//! master solution is integral is a roster. The tree is explored depth first, nearer child first,
//! until it is exhausted (the best roster is proven optimal) or the deadline; the bound proven is
//! the least bound of the nodes still open.
//!
//! Only run when every person is priced by labelling: pricing by MIP is too slow for a tree.

use super::{farley, lagrangian, price_all, smoothed, Change, Decomposition, Master, Pricer, Run};
use crate::backend::verify::ModelCopy;
use std::time::{Duration, Instant};

/// A node: the columns fixed on the way down, as `(model column, value)`, and its parent's bound.
struct Node {
    fixed: Vec<(usize, f64)>,
    bound: f64,
}

/// What the tree proved and found.
pub(super) struct Explored {
    /// Proven lower bound on the objective (rounded up when the objective is integral).
    pub bound: f64,
    /// A roster better than the one the tree started from (all model columns), with its objective.
    pub roster: Option<(f64, Vec<f64>)>,
    /// Nodes solved.
    pub nodes: usize,
    /// The tree was exhausted: the best roster is optimal.
    pub exhausted: bool,
}

/// Least improvement that counts, on objectives of about `x` (none against no roster yet).
pub(super) fn tolerance(x: f64) -> f64 {
    if x.is_finite() {
        1e-6 * x.abs().max(1.0)
    } else {
        0.0
    }
}

/// The tree's link to a search running beside it.
pub(super) struct Link<'t> {
    /// The latest roster the search found (all columns), with its objective, if any since the
    /// last call.
    pub incoming: &'t dyn Fn() -> Option<(f64, Vec<f64>)>,
    /// Told each better roster the tree finds (all columns).
    pub outgoing: &'t dyn Fn(&[f64]),
}

/// What the tree works on: the master, the pricing problems, the model and its split, the run
/// and the deadline of the tree.
struct Tree<'t, 'a> {
    master: &'t mut Master<'a>,
    pricers: &'t mut [Pricer<'a>],
    model: &'t ModelCopy,
    d: &'t Decomposition,
    run: &'t Run<'a>,
    deadline: Option<Instant>,
    /// Rounds a bound up to what the objective can take.
    round: &'t dyn Fn(f64) -> f64,
    /// Objective of the best roster known (infinite when none).
    upper: f64,
    /// The best roster the tree found (all model columns), with its objective.
    found: Option<(f64, Vec<f64>)>,
    /// The dive gave up: at the pace of its steps it would not fix everyone by the deadline.
    too_slow: bool,
    /// The latest roster found beside the tree (by a search on another thread), with its
    /// objective, if any since the last call.
    incoming: &'t dyn Fn() -> Option<(f64, Vec<f64>)>,
    /// Told each better roster the tree finds (all columns), for the search.
    outgoing: &'t dyn Fn(&[f64]),
    /// Threads for pricing.
    threads: usize,
    /// The master LP is solved by interior point without crossover (the dive, when asked).
    interior: bool,
}

/// Branch-and-price from the converged root (bound `root`) against a roster of objective
/// `upper`, trading rosters with a search over `link` and pricing on `threads`;
/// `round` rounds a bound up to what the objective can take.
#[allow(clippy::too_many_arguments)]
pub(super) fn explore<'a>(
    master: &mut Master<'a>,
    pricers: &mut [Pricer<'a>],
    model: &ModelCopy,
    d: &Decomposition,
    run: &Run<'a>,
    root: f64,
    upper: f64,
    Link { incoming, outgoing }: Link,
    threads: usize,
    round: &dyn Fn(f64) -> f64,
    deadline: Option<Instant>,
) -> Explored {
    tracing::debug!(root, upper, schedules = master.schedules.len(), "branch-and-price: start");
    for pricer in pricers.iter_mut() {
        pricer.more = super::more_schedules();
    }
    let mut tree = Tree {
        master,
        pricers,
        model,
        d,
        run,
        deadline,
        round,
        upper,
        found: None,
        too_slow: false,
        incoming,
        outgoing,
        threads,
        interior: false,
    };
    let prune = |bound: f64, upper: f64| round(bound) >= upper - tolerance(upper);
    let mut nodes = 0;
    // The schedules the master held at its last MIP (the root's restricted master MIP).
    let mut mip_at = tree.master.schedules.len();
    let dive_began = Instant::now();
    // The dive may run on to its own deadline, later than the tree's: a dive that would not
    // finish by the tree's hurries or gives up. On Curtois 13 at 600 s the runs whose dives
    // finished ended at 1,348-1,357, most of those whose dives hurried far off (1,587-1,869 in
    // session 51), and whether a dive finished turned on seconds (session 52: at 29 people free
    // one run had 236 s left and finished in 161 s; another had 207 s, judged too few).
    tree.deadline = run.dive_ends();
    tree.dive(root, &prune, &mut nodes, None);
    tree.deadline = deadline;
    let dive_seconds = dive_began.elapsed().as_secs_f64();
    tree.master.unpark();
    let mut stack = vec![Node { fixed: Vec::new(), bound: root }];
    let out_of_time = || (run.stop)() || deadline.is_some_and(|t| Instant::now() >= t);
    let (tree_began, dive_nodes) = (Instant::now(), nodes);
    while let Some(node) = stack.pop() {
        tree.receive();
        if prune(node.bound, tree.upper) {
            continue;
        }
        // A dive too slow to finish leaves the tree unexplored: its nodes take as long as the
        // dive's steps, and the time is better left to the search.
        if out_of_time() || tree.too_slow {
            stack.push(node);
            break;
        }
        // Under a deadline, a tree whose nodes take seconds each proves nothing in the time left
        // and leaves its thread to the search (see [`SLOW_NODE_SECONDS`]).
        let tree_nodes = nodes - dive_nodes;
        let per_node = tree_began.elapsed().as_secs_f64() / tree_nodes.max(1) as f64;
        if deadline.is_some() && tree_nodes >= SLOW_TREE_NODES && per_node > run.slow_node {
            tracing::debug!(tree_nodes, per_node, "branch-and-price: the tree's nodes are too slow; it stops");
            stack.push(node);
            // The dive again, its people fixed in another order, where the time left holds one
            // more dive as long as the first (see [`REDIVE_MARGIN`]).
            let left = deadline.map_or(0.0, |t| t.saturating_duration_since(Instant::now()).as_secs_f64());
            if redive() && left > dive_seconds * REDIVE_MARGIN {
                tree.set_node(&[]);
                tree.dive(root, &prune, &mut nodes, Some(REDIVE_SEED));
                tree.master.unpark();
            }
            break;
        }
        if tree.master.schedules.len() >= mip_at * TREE_MIP_GROWTH {
            mip_at = tree.master.schedules.len();
            tree.master_mip(nodes);
            if prune(node.bound, tree.upper) {
                continue;
            }
        }
        nodes += 1;
        tree.set_node(&node.fixed);
        let Some(solved) = tree.solve_node(node.bound, &prune, usize::MAX) else {
            // Unfinished (deadline) or failed: the node stays open at its parent's bound.
            stack.push(node);
            break;
        };
        let bound = solved.bound.max(node.bound);
        if prune(bound, tree.upper) {
            continue;
        }
        let (x, heaviest) = master_values(tree.master, d);
        // Each person's heaviest schedule makes a roster when the master rows allow it; when the
        // solution is integral in every assignment column it is the node's best.
        tree.offer(&heaviest, &node.fixed, nodes);
        match fractional(d, &x) {
            None => {}
            Some((j, value)) => {
                let child = |v: f64| {
                    let mut fixed = node.fixed.clone();
                    fixed.push((j, v));
                    Node { fixed, bound }
                };
                // The nearer child last, so it is explored first.
                let (near, far) = if value >= 0.5 { (1.0, 0.0) } else { (0.0, 1.0) };
                stack.push(child(far));
                stack.push(child(near));
            }
        }
    }
    tree.set_node(&[]);
    let exhausted = stack.is_empty();
    let open = stack.iter().map(|n| n.bound).fold(f64::INFINITY, f64::min);
    let bound = if exhausted { round(tree.upper) } else { round(open).min(tree.upper) };
    Explored { bound, roster: tree.found, nodes, exhausted }
}

impl Tree<'_, '_> {
    /// A diving heuristic for a first roster: from the root (bound `root`), fix whole people to
    /// the schedule the master weighs most (and every person whose schedule weighs about 1),
    /// generate columns again, and repeat until the master's solution is integral or the bound
    /// reaches the best roster's. Every step offers its heaviest schedules as a roster.
    /// `shuffle`: the seed of a second dive, which scales each uncertain schedule's weight by a
    /// random factor before choosing whom to fix, so that it fixes people in another order.
    fn dive(&mut self, root: f64, prune: &dyn Fn(f64, f64) -> bool, nodes: &mut usize, shuffle: Option<u64>) {
        use rand::{Rng, SeedableRng};
        let mut rng = shuffle.map(rand_chacha::ChaCha8Rng::seed_from_u64);
        const SURE: f64 = 0.99;
        let d = self.d;
        let mut fixed: Vec<(usize, f64)> = Vec::new();
        // How many of `fixed` the last step had.
        let mut fixed_before = 0;
        let mut done = vec![false; d.blocks.len()];
        let mut bound = root;
        // People fixed per step: one in `fraction` of those still free (at least one).
        let mut fraction = DIVE_FRACTION;
        // The schedules the next step leaves out of the master (one mark per schedule).
        let mut dearest: Vec<bool> = Vec::new();
        if dive_interior() {
            self.interior = true;
            self.master.set_interior(true);
        }
        let keep = dive_keep(self.master.schedules.len(), d.master_rows.len());
        loop {
            let step_began = Instant::now();
            self.receive();
            *nodes += 1;
            // The schedules switched off at the last step leave the LP for the rest of the dive
            // (those switched off now may be in the basis, which deleting them would spoil).
            if park_in_dive() {
                let mut stale = self.disagreeing(&self.by_block(&fixed[..fixed_before]));
                // In a lean dive, also the free people's dearest schedules (see [`dive_keep`]),
                // marked at the last step; those added since stay.
                for (out, dear) in stale.iter_mut().zip(&dearest) {
                    *out |= dear;
                }
                self.master.park(&stale);
            }
            fixed_before = fixed.len();
            self.set_node(&fixed);
            let Some(solved) = self.solve_node(bound, prune, DIVE_ROUNDS) else {
                break;
            };
            bound = bound.max(solved.bound);
            if prune(bound, self.upper) {
                break;
            }
            let (x, heaviest) = master_values(self.master, d);
            tracing::trace!(
                step = *nodes,
                fixed_people = done.iter().filter(|&&f| f).count(),
                rounds = solved.rounds,
                master_seconds = solved.seconds.0,
                pricing_seconds = solved.seconds.1,
                master_iterations = solved.iterations,
                master_columns = self.master.highs.columns(),
                comebacks = self.master.comebacks(),
                bound,
                master = self.master.highs.objective(),
                "branch-and-price: dive step"
            );
            if fractional(d, &x).is_none() {
                self.offer(&heaviest, &fixed, *nodes);
                break;
            }
            // Each free person's heaviest schedule; fix the people whose schedule is sure, and
            // at least a few of the people still free, heaviest first (one at a time took 60
            // steps on Curtois Instance 12's 60 people).
            let (lambda, _) = self.master.highs.solution();
            let first = self.master.first_schedule();
            let mut candidates: Vec<(f64, usize)> = heaviest
                .iter()
                .filter(|&&s| !done[self.master.schedules[s].block])
                .map(|&s| (lambda.get(first + s).copied().unwrap_or(0.0), s))
                .collect();
            if candidates.is_empty() {
                break;
            }
            if let Some(rng) = rng.as_mut() {
                for c in candidates.iter_mut().filter(|c| c.0 < SURE) {
                    c.0 *= rng.random_range(REDIVE_NOISE..1.0);
                }
            }
            candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
            let free_before_step = done.iter().filter(|&&f| !f).count();
            let least = free_before_step.div_ceil(fraction).max(1);
            let chosen: Vec<usize> =
                candidates.iter().enumerate().filter(|&(k, c)| c.0 >= SURE || k < least).map(|(_, c)| c.1).collect();
            for s in chosen {
                let schedule = &self.master.schedules[s];
                done[schedule.block] = true;
                for &j in d.blocks[schedule.block].iter().filter(|&&j| d.assignment[j]) {
                    let v = schedule.values.binary_search_by_key(&j, |e| e.0).map_or(0.0, |k| schedule.values[k].1);
                    fixed.push((j, v));
                }
            }
            // The free people's dearest schedules at this step's duals (read before the roster
            // below re-solves the master).
            if let (true, Some(keep)) = (self.interior, keep) {
                let free: Vec<bool> = done.iter().map(|&f| !f).collect();
                dearest = self.master.dearest(&free, keep);
            }
            // The heaviest schedules as a roster (this re-solves the master, so it comes after
            // reading the node's solution).
            self.offer(&heaviest, &fixed, *nodes);
            // Under a deadline, when the steps still needed at this step's pace would outlast
            // it, fix more people per step if that fits, else give up. Curtois Instance 12 at
            // 60 s gave up after 5 steps of 2.3 s (15 left in 33 s) and ended at 4,141 in six
            // runs; fixing a third per step from there, 4,042-4,043 in three (a third from the
            // first step: the same on 12, but Instance 7 at 1,061-1,062 against 1,058). Instance
            // 13 at 600 s: 9 steps of 16-50 s for its 120 people found nothing in 200 s, while
            // the search, left 60 s, went from 8,102 to 3,361.
            //
            // The time still needed is the geometric mean of the steps at this step's time and
            // of the people still free at each step at this step's time per person
            // ([`dive_work`]): a step prices only the people free, and its master holds fewer
            // schedules as people are fixed, but on some instances its rounds grow faster. On
            // Curtois 13 by interior point the step with 34 people free took 17.7 s and the 15
            // steps after it 131 s (one run); 15 steps at 17.7 s (265 s) outlasted the 247 s
            // left in another run, which hurried and ended its dive at 2,200 against 1,450
            // unhurried (per person: 88 s; the mean: 153 s). On 20, whose steps grew from 0.6 to
            // 2.3 s per person free, the pace per person alone kept its dive to the deadline
            // without finishing, and the search after it lost 200 s (5,085 against 4,912-4,939).
            let left = self.deadline.map(|t| t.saturating_duration_since(Instant::now()));
            let free = done.iter().filter(|&&f| !f).count();
            let step = step_began.elapsed().as_secs_f64();
            let needed = |fraction| dive_seconds_needed(step, free_before_step, free, fraction);
            let outlasts = |fraction| left.is_some_and(|left| needed(fraction) > left.as_secs_f64());
            if outlasts(fraction) {
                if let Some(faster) = gentlest_fraction(fraction, |f| !outlasts(f)) {
                    tracing::debug!(
                        step = *nodes,
                        free,
                        fraction = faster,
                        "branch-and-price: the dive fixes more people per step"
                    );
                    fraction = faster;
                } else {
                    tracing::debug!(
                        step = *nodes,
                        step_seconds = step_began.elapsed().as_secs_f64(),
                        needed = dive_steps(free, fraction),
                        "branch-and-price: no time to finish the dive"
                    );
                    self.too_slow = true;
                    break;
                }
            }
        }
        if self.interior {
            self.interior = false;
            self.master.set_interior(false);
        }
        tracing::debug!(
            found = self.found.as_ref().map(|f| f.0),
            steps = *nodes,
            lean = keep.is_some(),
            comebacks = self.master.comebacks(),
            "branch-and-price: dive"
        );
    }

    /// The restricted master MIP over every schedule generated so far (the root's bounds; the
    /// caller sets the next node's), within [`TREE_MIP_SECONDS`] and [`TREE_MIP_NODES`]: the
    /// tree's schedules combine into rosters that neither its nodes nor the search find. On
    /// Curtois Instance 6 (root 1,949, optimum 1,950) the tree's own rosters stayed at 1,951
    /// for 1,647 nodes in one run; the master MIP over 1,645 schedules found the optimum in
    /// another, and the tree closed. At 60 s, 6 was proven in 6 of 6 runs (22-23 s) with these
    /// MIPs, in 5 of 8 with at most 2 s each, in none of 6 without.
    fn master_mip(&mut self, nodes: usize) {
        self.set_node(&[]);
        let began = Instant::now();
        let until = self.deadline.map(|d| d.min(began + Duration::from_secs_f64(TREE_MIP_SECONDS)));
        let start = self.found.as_ref().map(|f| f.1.clone());
        // The best roster's schedules join the master (the search's are often not in it), so
        // that it starts the MIP.
        if let Some(start) = &start {
            self.master.add_roster(start);
        }
        // Only a better roster is of use: HiGHS prunes what cannot beat the best.
        let below = self.upper - tolerance(self.upper);
        self.master.highs.set_double("objective_bound", if below.is_finite() { below } else { f64::INFINITY });
        let roster = self.master.solve_integer(start.as_deref(), until, TREE_MIP_NODES);
        self.master.highs.set_double("objective_bound", f64::INFINITY);
        let objective = roster.as_ref().and_then(|r| (self.run.price)(r));
        tracing::debug!(
            nodes,
            schedules = self.master.schedules.len(),
            objective,
            upper = self.upper,
            seconds = began.elapsed().as_secs_f64(),
            "branch-and-price: the master MIP in the tree"
        );
        if let (Some(roster), Some(objective)) = (roster, objective) {
            self.keep(objective, roster);
        }
    }

    /// Keeps `roster` (of `objective`), found by the tree, if it is better than the best so far,
    /// and hands it to the search; whether it was kept.
    fn keep(&mut self, objective: f64, roster: Vec<f64>) -> bool {
        if objective >= self.upper - tolerance(self.upper) {
            return false;
        }
        (self.outgoing)(&roster);
        self.upper = objective;
        self.found = Some((objective, roster));
        true
    }

    /// Takes the roster found beside the tree if it is better than the best so far.
    fn receive(&mut self) {
        if let Some((objective, roster)) = (self.incoming)() {
            if objective < self.upper - tolerance(self.upper) {
                tracing::debug!(objective, "branch-and-price: roster from the search");
                self.upper = objective;
                self.found = Some((objective, roster));
            }
        }
    }

    /// Keeps the roster of the master's schedules `chosen` (one per person) if the master rows
    /// allow it and it is better than the best so far; the node's `fixed` columns are set again
    /// afterwards.
    fn offer(&mut self, chosen: &[usize], fixed: &[(usize, f64)], nodes: usize) {
        if chosen.len() < self.d.blocks.len() {
            return;
        }
        let roster = self.master.roster_of(chosen, self.deadline);
        self.set_node(fixed);
        let Some(roster) = roster else { return };
        if let Some(objective) = (self.run.price)(&roster) {
            if self.keep(objective, roster) {
                tracing::debug!(objective, nodes, "branch-and-price: roster");
            }
        }
    }

    /// Column generation at the current node (whose parent's bound is `parent`) until no
    /// schedule prices out, the restricted master's value rounds to the rounded `parent` (the
    /// node's LP lies between the two, so its rounded bound is known, and an integral solution
    /// is a roster of that objective), the bound prunes the node, `rounds` pricing rounds are
    /// done, or the deadline (`None`, also when the master LP fails).
    fn solve_node(&mut self, parent: f64, prune: &dyn Fn(f64, f64) -> bool, rounds: usize) -> Option<Solved> {
        let Tree { master, pricers, model, d, run, deadline, round: rounded, upper, threads, interior, .. } = self;
        let (model, d, run, deadline, rounded, upper, threads, interior) =
            (*model, *d, *run, *deadline, *rounded, *upper, *threads, *interior);
        let rows = d.master_rows.len();
        let mut best = f64::NEG_INFINITY;
        let (mut in_master, mut in_pricing, mut iterations) = (0.0, 0.0, 0);
        // The duals of the node's best Lagrangian bound so far, and their weight in the duals
        // priced at. Interior duals are priced as they are, as at the root: on Curtois Instance
        // 20 the dive's steps after fixing 4-6 people took 3-10 rounds instead of 9-21 (a step's
        // first bound is far below, and the centre it leaves held the next rounds back).
        let smoothing = if interior { 0.0 } else { node_smoothing() };
        let mut centre: Option<Vec<f64>> = None;
        for round in 0.. {
            if (run.stop)() || deadline.is_some_and(|t| Instant::now() >= t) {
                return None;
            }
            master.highs.time_limit(deadline);
            let t = Instant::now();
            // The node's bounds changed before its first solve; columns after that.
            let status = master.highs.run_after(if round == 0 { Change::Bounds } else { Change::Columns });
            in_master += t.elapsed().as_secs_f64();
            iterations += i64::from(master.highs.int_info("simplex_iteration_count"));
            if status != highs_sys::kHighsModelStatusOptimal {
                tracing::debug!(status, "branch-and-price: the master LP did not solve");
                return None;
            }
            let value = master.highs.objective();
            if value <= parent + tolerance(parent) || rounded(value) <= rounded(parent) {
                // Degenerate roots (Curtois Instance 12) keep their value through many fixings:
                // converging each dive step again took 12-29 rounds for nothing.
                return Some(Solved { bound: parent, rounds: round, seconds: (in_master, in_pricing), iterations });
            }
            let (_, mut duals) = master.highs.solution();
            if interior {
                master.mend_signs(&mut duals);
            }
            let (pi, mu) = duals.split_at(rows);
            // Wentges smoothing as at the root (see `decompose::generate`): priced at a mix of
            // the master's duals and the stability centre's, and again at the master's own when
            // the mix finds no schedule the master wants.
            let mut alpha = if centre.is_some() { smoothing } else { 0.0 };
            let added = loop {
                let at = smoothed(centre.as_deref(), pi, alpha);
                let cutoffs = (alpha == 0.0).then_some(mu);
                let t = Instant::now();
                let priced = price_all(pricers, model, d, &at, cutoffs, deadline, threads.max(1));
                in_pricing += t.elapsed().as_secs_f64();
                let Some(priced) = priced else {
                    tracing::debug!("branch-and-price: a pricing problem did not solve");
                    return None;
                };
                let bound = match lagrangian(model, d, &at, &priced) {
                    Some(bound) => bound,
                    None if alpha == 0.0 && !interior => farley(value, mu, &priced),
                    None => f64::NEG_INFINITY,
                };
                if bound > best {
                    best = bound;
                    centre = Some(at);
                }
                if prune(best, upper) {
                    return Some(Solved {
                        bound: best,
                        rounds: round + 1,
                        seconds: (in_master, in_pricing),
                        iterations,
                    });
                }
                let added = master.add_improving(&priced, pi, mu);
                tracing::trace!(round, value, best, alpha, added, "branch-and-price: node round");
                if added > 0 || alpha == 0.0 {
                    break added;
                }
                alpha = 0.0;
            };
            if added == 0 || round + 1 >= rounds {
                // The master LP once more, with the schedules just added, for the solution.
                if added > 0 {
                    if master.highs.run_after(Change::Columns) != highs_sys::kHighsModelStatusOptimal {
                        return None;
                    }
                    iterations += i64::from(master.highs.int_info("simplex_iteration_count"));
                }
                return Some(Solved { bound: best, rounds: round + 1, seconds: (in_master, in_pricing), iterations });
            }
        }
        None
    }

    /// Fixes `fixed` in the pricing problems and switches off the master's schedules that
    /// disagree.
    fn set_node(&mut self, fixed: &[(usize, f64)]) {
        let by_block = self.by_block(fixed);
        for p in self.pricers.iter_mut() {
            let local: Vec<(usize, f64)> = by_block[p.block].iter().map(|&(k, _, v)| (k, v)).collect();
            p.fix(&local);
        }
        let upper: Vec<f64> =
            self.disagreeing(&by_block).into_iter().map(|off| if off { 0.0 } else { f64::INFINITY }).collect();
        self.master.bound_schedules(&upper);
    }

    /// `fixed` (model column, value) split by block: (block-local column, model column, value).
    fn by_block(&self, fixed: &[(usize, f64)]) -> Vec<Vec<(usize, usize, f64)>> {
        let blocks = &self.d.blocks;
        let mut by_block = vec![Vec::new(); blocks.len()];
        for (b, columns) in blocks.iter().enumerate() {
            by_block[b] =
                fixed.iter().filter_map(|&(j, v)| columns.binary_search(&j).ok().map(|k| (k, j, v))).collect();
        }
        by_block
    }

    /// Which of the master's schedules disagree with the fixings `by_block` ([`Tree::by_block`]).
    fn disagreeing(&self, by_block: &[Vec<(usize, usize, f64)>]) -> Vec<bool> {
        let agrees = |s: &super::Schedule| {
            by_block[s.block].iter().all(|&(_, j, v)| {
                let value = s.values.binary_search_by_key(&j, |e| e.0).map_or(0.0, |k| s.values[k].1);
                (value - v).abs() < 0.5
            })
        };
        self.master.schedules.iter().map(|s| !agrees(s)).collect()
    }
}

/// Under a deadline the tree after the dive stops once its first [`SLOW_TREE_NODES`] nodes or
/// more took longer than this each, on average: at seconds a node it explores a few hundred
/// nodes at most, which closes no gap of note, and its thread is the search's. On Curtois 15 at
/// 600 s (session 49) the tree took 244 s for 110 nodes after the dive, found nothing and
/// raised no bound, while one search ran beside it; the instances it proves at 60 s take far
/// less (6: about 1,100 nodes in 40 s, session 30). `ROSTER_SLOW_NODE_SECONDS` changes it (0: never),
/// for measuring.
const SLOW_NODE_SECONDS: f64 = 1.0;

/// A slow tree ([`SLOW_NODE_SECONDS`]) gives way to a second dive when the time left exceeds
/// the first dive's time by this factor. On Curtois 15 at 600 s the dive (175 s) decides the
/// search's basin: the searches from its roster of 4,151 ended at 4,037 in three runs, from
/// session 45's dive roster of 3,953 at 3,851 (4,151 was the lean dive's, which 15 no longer
/// takes: see [`dive_keep`]; its second dive still is). `ROSTER_REDIVE=0` switches it off.
const REDIVE_MARGIN: f64 = 1.2;

/// The second dive's seed.
const REDIVE_SEED: u64 = 0x0d1e_5eed;

/// The second dive scales each uncertain schedule's weight by a factor drawn between this and 1.
const REDIVE_NOISE: f64 = 0.25;

/// See [`REDIVE_MARGIN`].
fn redive() -> bool {
    crate::backend::switched_on("ROSTER_REDIVE")
}

/// [`SLOW_NODE_SECONDS`], or `ROSTER_SLOW_NODE_SECONDS` (0: never) for measuring.
pub fn slow_node_seconds() -> f64 {
    match crate::backend::tuned("ROSTER_SLOW_NODE_SECONDS", SLOW_NODE_SECONDS) {
        s if s <= 0.0 => f64::INFINITY,
        s => s,
    }
}

/// Nodes the tree explores after the dive before it judges its pace ([`SLOW_NODE_SECONDS`]).
const SLOW_TREE_NODES: usize = 10;

/// The tree solves the restricted master MIP each time its schedules grew this many times over
/// since the last (the first time since the root's).
const TREE_MIP_GROWTH: usize = 2;

/// Most seconds one master MIP in the tree may take under a deadline (at 2 s most stopped
/// at the limit and Curtois Instance 6 was proven in 5 of 8 runs at 60 s; at 5 s in 6 of 6).
const TREE_MIP_SECONDS: f64 = 5.0;

/// Most branch-and-bound nodes one master MIP in the tree may take (without a deadline the
/// only limit, so the tree's result depends on nothing but the input).
const TREE_MIP_NODES: i32 = 1_000;

/// Whether the dive solves the master LP by interior point without crossover (priced at its
/// interior duals, as column generation does on Nordic pools); `ROSTER_DIVE_IPM=0` keeps the
/// simplex from the last basis, for measuring. On Curtois Instance 13 at 600 s the simplex's
/// dive steps took 16-50 s (step 10: 24.5 s of 34 in the master LP, 78,792 simplex iterations in
/// 16 rounds) and the dive gave up after 10 steps with 34 of 120 people free; by interior point
/// (0.3-0.8 s a solve, 0-29 rounds a step: interior duals lie inside the face of optimal duals,
/// so the schedules they price move the master) it fixed all 120 in 25 steps and 188 s, and its
/// roster (1,561) took the searches to 1,355 and 1,353 in two runs (the optimum is 1,348; with
/// the simplex's dive the searches ended at 1,539-2,086 over sessions 33-44).
fn dive_interior() -> bool {
    crate::backend::switched_on("ROSTER_DIVE_IPM")
}

/// A lean dive: the interior dive's master, when it starts with `schedules` schedules over
/// `rows` master rows making [`LEAN_DIVE_FROM`] or more, keeps only the [`DIVE_KEEP`] schedules
/// of least reduced cost at the last step's duals of each person still free
/// ([`Master::dearest`]); the rest leave the LP until the dive ends (or pricing brings them
/// back). Lean pays where the master LP is what a step costs: on Curtois 20 (4,301 schedules
/// over 1,092 rows as the dive starts, 6,585 LP columns with the artificial ones) an interior
/// solve took 0.6-1.0 s lean against 1.8 s (session 46), and its runs ended at 5,009 (session
/// 50) and 5,224 (session 51) with every schedule kept against 4,912-4,968 and 5,175 lean.
/// Where the solves are fast it only changes the dive's path: on 15 (2,208 schedules, 0.2-0.3 s
/// a solve, pricing five times that) the lean dive's roster was 4,145-4,151 in every run of
/// sessions 46-50 (the searches from it at 3,939-4,041, 1% missed but once), with every
/// schedule kept 3,953 (session 45) and 3,870 (session 50, in 124 s instead of 165-175 s; the
/// run ended at 3,858, within 1%).
/// `ROSTER_DIVE_KEEP=k` keeps `k` whatever the size (0: every schedule), for measuring.
fn dive_keep(schedules: usize, rows: usize) -> Option<usize> {
    match crate::backend::tuned("ROSTER_DIVE_KEEP", usize::MAX) {
        usize::MAX => (schedules.saturating_mul(rows) >= LEAN_DIVE_FROM).then_some(DIVE_KEEP),
        0 => None,
        k => Some(k),
    }
}

/// See [`dive_keep`].
const DIVE_KEEP: usize = 40;

/// Schedules times master rows from which the dive is lean ([`dive_keep`]), counted as each
/// dive starts: 15's 252 rows with 5,000 schedules, which its first dive (2,208 schedules) stays
/// below and its second passes (lean: 3,848 and 3,839 in session 50). 13 (5,978 schedules over
/// 504 rows, 1.3-1.8 s an interior solve) and 20 (4,301 over 1,092) are lean. Session 50 counted
/// schedules alone, from 5,000, which left 20 with every schedule (an interior solve 3-13 s,
/// the dive given up after 3 steps, 5,224 at 600 s in session 51).
const LEAN_DIVE_FROM: usize = 252 * 5_000;

/// Whether the dive takes the schedules it switched off out of the master LP
/// ([`Master::park`]); `ROSTER_DIVE_PARK=0` keeps them in (for measuring).
fn park_in_dive() -> bool {
    crate::backend::switched_on("ROSTER_DIVE_PARK")
}

/// Weight of the stability centre in the duals a tree node prices at: the root's
/// ([`super::SMOOTHING`]); `ROSTER_NODE_SMOOTHING` changes it (0: the master's own duals), for
/// measuring. On Curtois Instance 19 at 600 s the dive's steps fixing 4 people took 16-17
/// rounds instead of 28-35, and one fixing 8 took 68 (steps fixing 7 without: 139 and 153); on
/// Instance 15 the last steps took 30-55 rounds instead of 48-94, and the dive fixed its 45
/// people in 17 steps in 208 s without hurrying (13 steps in 213 s, the last two fixing a third
/// of the people free). Session 35's one run on 15 with it was inconclusive (167 rounds against
/// 196 for a step with 8 people free). Those were simplex dives; the interior dive prices
/// unsmoothed ([`Tree::solve_node`]).
fn node_smoothing() -> f64 {
    crate::backend::tuned("ROSTER_NODE_SMOOTHING", super::SMOOTHING)
}

/// Pricing rounds per dive step. Converged steps dive better: at 3 rounds a step, Instance 11's
/// dive ended at 3555 instead of its optimum 3443, and Instance 7's found nothing. Nor does
/// hurrying help a dive that would not finish in time: on Instance 13 at 600 s, 5 rounds a step
/// from step 7 on (a third of the free people fixed each) left the master at -169,478 against
/// the bound's -173,453 after 5 steps, and the dive found nothing.
const DIVE_ROUNDS: usize = usize::MAX;

/// The dive fixes at least one in this many of the people still free per step.
const DIVE_FRACTION: usize = 8;

/// The dive's least fraction, when no greater one would finish by the deadline
/// ([`gentlest_fraction`]).
const FAST_DIVE_FRACTION: usize = 3;

/// The greatest fraction below `fraction`, down to [`FAST_DIVE_FRACTION`], at which the dive
/// `fits` in the time left, if any. The gentlest: each person fixed beyond the master's choice
/// can raise the bound. On Curtois 13 at 600 s a dive that went from an eighth to a third with
/// 18 people free (its estimate 196 s against 194 s left) fixed 6, 4 and 3 at its next steps
/// and its bound rose by 1, 100 and 106 (session 52); at an eighth, the dives that finished
/// found 1,348-1,357.
fn gentlest_fraction(fraction: usize, fits: impl Fn(usize) -> bool) -> Option<usize> {
    (FAST_DIVE_FRACTION..fraction).rev().find(|&f| fits(f))
}

/// Seconds the dive still needs to fix `free` people at `fraction` after a step of `step` seconds
/// with `free_before` people free: the geometric mean of its steps at that step's time and of
/// its work ([`dive_work`]) at that step's time per person (see [`Tree::dive`]).
fn dive_seconds_needed(step: f64, free_before: usize, free: usize, fraction: usize) -> f64 {
    let per_step = step * dive_steps(free, fraction) as f64;
    let per_person = step / free_before.max(1) as f64 * dive_work(free, fraction) as f64;
    (per_step * per_person).sqrt()
}

/// The people still free at each step the dive needs at most to fix `free` people (at least one
/// in `fraction` of those still free per step; people whose schedule is sure go faster).
fn dive_free_per_step(free: usize, fraction: usize) -> impl Iterator<Item = usize> {
    let next = move |&f: &usize| Some(f - f.div_ceil(fraction).max(1)).filter(|&f| f > 0);
    std::iter::successors(Some(free).filter(|&f| f > 0), next)
}

/// Steps the dive needs at most to fix `free` people ([`dive_free_per_step`]).
fn dive_steps(free: usize, fraction: usize) -> usize {
    dive_free_per_step(free, fraction).count()
}

/// The dive's work to fix `free` people: the people still free at each step, summed (a step's
/// time is about proportional to them).
fn dive_work(free: usize, fraction: usize) -> usize {
    dive_free_per_step(free, fraction).sum()
}

/// How a node's column generation ended.
struct Solved {
    /// Its best Lagrangian bound.
    bound: f64,
    /// Pricing rounds taken.
    rounds: usize,
    /// Seconds in the master LP and in pricing.
    seconds: (f64, f64),
    /// Simplex iterations in the master LP.
    iterations: i64,
}

/// The master solution as model-column values (the schedules averaged), and each person's
/// schedule of largest weight (indices into the master's schedules).
fn master_values(master: &Master, d: &Decomposition) -> (Vec<f64>, Vec<usize>) {
    let (lambda, _) = master.highs.solution();
    let first = master.first_schedule();
    let mut x = vec![0.0; master.model.columns()];
    let mut heaviest: Vec<Option<(f64, usize)>> = vec![None; d.blocks.len()];
    for (s, schedule) in master.schedules.iter().enumerate() {
        let l = lambda.get(first + s).copied().unwrap_or(0.0);
        if l > 1e-9 {
            for &(j, v) in &schedule.values {
                x[j] += l * v;
            }
            let h = &mut heaviest[schedule.block];
            if h.map_or(true, |(w, _)| l > w) {
                *h = Some((l, s));
            }
        }
    }
    (x, heaviest.into_iter().flatten().map(|(_, s)| s).collect())
}

/// The assignment column whose value is most fractional (nearest a half), if any.
fn fractional(d: &Decomposition, x: &[f64]) -> Option<(usize, f64)> {
    const INTEGRAL: f64 = 1e-6;
    d.blocks
        .iter()
        .flatten()
        .filter(|&&j| d.assignment[j])
        .map(|&j| (j, x[j]))
        .filter(|(_, v)| (v - v.round()).abs() > INTEGRAL)
        .min_by(|a, b| (a.1 - a.1.floor() - 0.5).abs().total_cmp(&(b.1 - b.1.floor() - 0.5).abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dive_needs_a_step_per_eighth_of_the_people_still_free() {
        let steps = |free| dive_steps(free, DIVE_FRACTION);
        assert_eq!(steps(0), 0);
        // Up to eight people: one per step.
        assert_eq!(steps(1), 1);
        assert_eq!(steps(8), 8);
        // Nine: two at the first step, then one at a time.
        assert_eq!(steps(9), 8);
        // Seventeen: 3 (14 left), 2 (12), 2 (10), 2 (8), then 8 steps of one.
        assert_eq!(steps(17), 12);
        // Sixty (Curtois Instance 12): 8, 7, 6, 5, 5, 4, 4, 3, 3, 2, 2, 2, 2, then 7 of one.
        assert_eq!(steps(60), 20);
        // A third at a time: 20 (40 left), 14 (26), 9 (17), 6 (11), 4 (7), 3 (4), 2 (2), 1, 1.
        assert_eq!(dive_steps(60, FAST_DIVE_FRACTION), 9);
    }

    #[test]
    fn a_hurried_dive_fixes_only_as_many_more_as_it_must() {
        // From an eighth: the greatest fraction that fits, not a third at once.
        assert_eq!(gentlest_fraction(DIVE_FRACTION, |f| f <= 6), Some(6));
        assert_eq!(gentlest_fraction(DIVE_FRACTION, |f| f <= 7), Some(7));
        assert_eq!(gentlest_fraction(DIVE_FRACTION, |f| f <= FAST_DIVE_FRACTION), Some(FAST_DIVE_FRACTION));
        // Nothing fits, or the dive is already at its fastest: it gives up.
        assert_eq!(gentlest_fraction(DIVE_FRACTION, |_| false), None);
        assert_eq!(gentlest_fraction(FAST_DIVE_FRACTION, |_| true), None);
        // Estimated by the pace: 18 people free after a 27.4-s step with 22 free (Curtois 13,
        // session 52) need 196 s at an eighth (12 steps), 178 s at a seventh (11 steps): with
        // 194 s left, a seventh.
        let needed = |f: usize| dive_seconds_needed(27.4, 22, 18, f);
        assert!(needed(DIVE_FRACTION) > 194.0);
        assert_eq!(gentlest_fraction(DIVE_FRACTION, |f| needed(f) <= 194.0), Some(7));
    }

    #[test]
    fn the_dives_work_is_the_people_still_free_at_each_step() {
        assert_eq!(dive_work(0, DIVE_FRACTION), 0);
        // Nine: 9, then 7, 6, 5, 4, 3, 2, 1 (one at a time).
        assert_eq!(dive_work(9, DIVE_FRACTION), 37);
        // Seventeen: 17, 14, 12, 10, 8, then 7 ... 1.
        assert_eq!(dive_work(17, DIVE_FRACTION), 17 + 14 + 12 + 10 + 8 + 28);
        // A third at a time from 60: 60, 40, 26, 17, 11, 7, 4, 2, 1.
        assert_eq!(dive_work(60, FAST_DIVE_FRACTION), 168);
    }

    /// The sizes that set the rule: Curtois 15's first dive (2,208 schedules over 252 master
    /// rows) keeps every schedule, its second (5,000 and more) is lean, as are 13's (5,978 over
    /// 504) and 20's (4,301 over 1,092); 8's (4,233 over 112) keeps every schedule.
    #[test]
    fn the_dive_is_lean_only_on_a_large_master() {
        if std::env::var("ROSTER_DIVE_KEEP").is_ok() {
            return;
        }
        assert_eq!(dive_keep(2_208, 252), None);
        assert_eq!(dive_keep(4_999, 252), None);
        assert_eq!(dive_keep(5_000, 252), Some(DIVE_KEEP));
        assert_eq!(dive_keep(5_978, 504), Some(40));
        assert_eq!(dive_keep(4_301, 1_092), Some(40));
        assert_eq!(dive_keep(4_233, 112), None);
    }
}
