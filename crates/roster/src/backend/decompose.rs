//! Dantzig-Wolfe decomposition of the stage-1 model by staff member: column generation for a
//! bound stronger than the LP relaxation's, and rosters from the generated schedules
//! (price-and-branch).
//!
//! Almost every row of the roster model belongs to one person (overlap and rest cliques, hour
//! caps, consecutive days, weekends, shift-type successions and caps, minimum runs, requests);
//! the rest link people (the cover of a vacancy). The master keeps the linking rows, the columns
//! of nobody (agency, over-cover) and, per person, a convex combination of whole schedules. A
//! schedule is a set of that person's columns keeping all of that person's rows: the person's
//! rows solved as a small MIP (the pricing problem), with costs changed by the master's duals.
//! So the master LP is the LP relaxation with each person's rows replaced by their convex hull:
//! its bound is never below the compact LP bound and usually well above it (the approach of the
//! Curtois & Qu records). Every iteration gives a proven bound of its own (Lagrangian: the master
//! value plus every person's most negative reduced cost), so a run stopped early still counts.
//!
//! The decomposition is read off the numbers of the model (its rows, and whose assignment
//! columns they hold), not off the formulation, so it follows every rule the formulation has.
//! Schedules found along the way also make a restricted master MIP, whose rosters are offered
//! like any other (price-and-branch: no branching on the master).

use super::search::ColumnTag;
use super::verify::{least, of_right_sign, ModelCopy};
use crate::labelling::{Cheapest, DayRules};

mod branching;
mod propagate;
mod respond;
pub use respond::respond;
use std::collections::{HashMap, HashSet};
use std::ffi::{c_void, CString};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

type HighsInt = highs_sys::HighsInt;

/// What a row of the model is in the decomposition.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RowKind {
    /// Row of the master (linking rows and rows of nobody's columns), by master row index.
    Master(usize),
    /// Row of a block: (block, row index within the block).
    Block(usize, usize),
    /// A row without entries.
    Empty,
}

/// The model split into one block per person and a master.
#[derive(Debug)]
pub struct Decomposition {
    /// Columns of each block (a person's assignment columns and the columns tied to them only).
    blocks: Vec<Vec<usize>>,
    /// Rows of each block.
    block_rows: Vec<Vec<usize>>,
    /// Columns of nobody: they stay in the master.
    free: Vec<usize>,
    /// Master rows, as rows of the model.
    master_rows: Vec<usize>,
    /// What each row of the model is.
    row_kind: Vec<RowKind>,
    /// The person of each block.
    block_owner: Vec<usize>,
    /// Whether each column of the model is a tagged assignment column.
    assignment: Vec<bool>,
}

impl Decomposition {
    /// Splits `model` by the owners of the tagged columns; `None` when some column ties two
    /// people together outside a linking row (no decomposition by person) or there is no person.
    pub fn of(model: &ModelCopy, tags: &[ColumnTag]) -> Option<Decomposition> {
        let (n, m) = (model.columns(), model.rows());
        let mut owner: Vec<Option<usize>> = vec![None; n];
        for t in tags.iter().filter(|t| t.column < n) {
            owner[t.column] = Some(t.owner);
        }
        let mut row_columns: Vec<Vec<usize>> = vec![Vec::new(); m];
        for j in 0..n {
            for (i, _) in model.entries(j) {
                row_columns[i].push(j);
            }
        }
        // A row holding assignment columns of two people links them.
        #[derive(Clone, Copy, PartialEq)]
        enum Owners {
            None,
            One(usize),
            Many,
        }
        let row_owners: Vec<Owners> = row_columns
            .iter()
            .map(|cols| {
                cols.iter().filter_map(|&j| owner[j]).fold(Owners::None, |acc, o| match acc {
                    Owners::None => Owners::One(o),
                    Owners::One(p) if p == o => acc,
                    _ => Owners::Many,
                })
            })
            .collect();
        // A column of nobody that sits in rows of two different people (a pool-wide figure) is a
        // master column, and its rows link.
        let global: Vec<bool> = (0..n)
            .map(|j| {
                owner[j].is_none() && {
                    let mut seen = None;
                    model.entries(j).any(|(i, _)| match row_owners[i] {
                        Owners::One(o) => seen.replace(o).is_some_and(|p| p != o),
                        _ => false,
                    })
                }
            })
            .collect();
        let linking: Vec<bool> =
            (0..m).map(|i| row_owners[i] == Owners::Many || row_columns[i].iter().any(|&j| global[j])).collect();
        // Columns joined by the other rows belong together.
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        for (i, cols) in row_columns.iter().enumerate() {
            if linking[i] {
                continue;
            }
            for w in cols.windows(2) {
                let (a, b) = (find(&mut parent, w[0]), find(&mut parent, w[1]));
                if a != b {
                    parent[a] = b;
                }
            }
        }
        let mut group_owner: HashMap<usize, usize> = HashMap::new();
        for (j, &o) in owner.iter().enumerate() {
            if let Some(o) = o {
                let root = find(&mut parent, j);
                if *group_owner.entry(root).or_insert(o) != o {
                    return None;
                }
            }
        }
        // Blocks in order of first column, so the same model gives the same decomposition.
        let mut block_of_root: HashMap<usize, usize> = HashMap::new();
        let mut blocks: Vec<Vec<usize>> = Vec::new();
        let mut free = Vec::new();
        let mut column_block: Vec<Option<usize>> = vec![None; n];
        for j in 0..n {
            let root = find(&mut parent, j);
            if group_owner.contains_key(&root) && !global[j] {
                let next = blocks.len();
                let b = *block_of_root.entry(root).or_insert(next);
                if b == blocks.len() {
                    blocks.push(Vec::new());
                }
                blocks[b].push(j);
                column_block[j] = Some(b);
            } else {
                free.push(j);
            }
        }
        if blocks.is_empty() {
            return None;
        }
        let mut owner_of = |j: usize| group_owner[&find(&mut parent, j)];
        let mut block_rows: Vec<Vec<usize>> = vec![Vec::new(); blocks.len()];
        let mut master_rows = Vec::new();
        let mut row_kind = vec![RowKind::Empty; m];
        for i in 0..m {
            let Some(&first) = row_columns[i].first() else { continue };
            match column_block[first].filter(|_| !linking[i]) {
                Some(b) => {
                    row_kind[i] = RowKind::Block(b, block_rows[b].len());
                    block_rows[b].push(i);
                }
                None => {
                    row_kind[i] = RowKind::Master(master_rows.len());
                    master_rows.push(i);
                }
            }
        }
        let block_owner = blocks.iter().map(|cols| owner_of(cols[0])).collect();
        let assignment = owner.iter().map(Option::is_some).collect();
        Some(Decomposition { blocks, block_rows, free, master_rows, row_kind, block_owner, assignment })
    }

    /// Number of blocks (people).
    pub fn blocks(&self) -> usize {
        self.blocks.len()
    }

    /// Number of master rows (without the convexity rows).
    pub fn master_rows(&self) -> usize {
        self.master_rows.len()
    }
}

/// Some columns of the model in HiGHS's column-wise arrays, restricted to some rows.
struct Columns {
    start: Vec<HighsInt>,
    index: Vec<HighsInt>,
    value: Vec<f64>,
    cost: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    integrality: Vec<HighsInt>,
}

impl Columns {
    /// `columns` of `model` (costs as minimised), with the entries of the rows `row` maps to an
    /// index.
    fn of(model: &ModelCopy, columns: &[usize], row: impl Fn(usize) -> Option<usize>) -> Columns {
        let mut c = Columns {
            start: Vec::new(),
            index: Vec::new(),
            value: Vec::new(),
            cost: Vec::new(),
            lower: Vec::new(),
            upper: Vec::new(),
            integrality: Vec::new(),
        };
        for &j in columns {
            c.start.push(c.index.len() as HighsInt);
            for (i, a) in model.entries(j) {
                if let Some(r) = row(i) {
                    c.index.push(r as HighsInt);
                    c.value.push(a);
                }
            }
            c.cost.push(model.min_cost(j));
            let (lo, up) = model.column_bounds(j);
            c.lower.push(lo);
            c.upper.push(up);
            c.integrality.push(if model.is_integer(j) { highs_sys::kHighsVarTypeInteger } else { 0 });
        }
        c
    }

    /// Passes these columns and rows with bounds `row_lower`/`row_upper` to `highs` as the whole
    /// model (minimised; `integer`: with the columns' integrality, else all continuous).
    fn pass(&self, highs: &Highs, row_lower: &[f64], row_upper: &[f64], offset: f64, integer: bool) {
        let continuous = vec![0; self.cost.len().max(1)];
        let integrality = if integer { &self.integrality } else { &continuous };
        // SAFETY: every array has the length declared (the matrix column-wise, one start per
        // column, entries with row indices below `row_lower.len()`).
        unsafe {
            highs_sys::Highs_passMip(
                highs.0,
                self.cost.len() as HighsInt,
                row_lower.len() as HighsInt,
                self.index.len() as HighsInt,
                highs_sys::kHighsMatrixFormatColwise,
                highs_sys::kHighsObjSenseMinimize,
                offset,
                self.cost.as_ptr(),
                self.lower.as_ptr(),
                self.upper.as_ptr(),
                row_lower.as_ptr(),
                row_upper.as_ptr(),
                self.start.as_ptr(),
                self.index.as_ptr(),
                self.value.as_ptr(),
                integrality.as_ptr(),
            );
        }
    }
}

/// One HiGHS instance, owned.
struct Highs(*mut c_void);

// SAFETY: a HiGHS instance has no thread affinity; each is used by one thread at a time.
unsafe impl Send for Highs {}

impl Drop for Highs {
    fn drop(&mut self) {
        // SAFETY: created by Highs_create, destroyed once.
        unsafe { highs_sys::Highs_destroy(self.0) }
    }
}

impl Highs {
    /// A quiet instance. `threads` must be the thread count every HiGHS instance of the process
    /// uses: HiGHS refuses to run with another count than its global scheduler's.
    fn new(threads: usize) -> Highs {
        // SAFETY: a fresh instance.
        let highs = Highs(unsafe { highs_sys::Highs_create() });
        highs.set_bool("output_flag", false);
        highs.set_int("threads", threads.max(1) as i32);
        highs
    }

    fn set_bool(&self, name: &str, value: bool) {
        let name = CString::new(name).expect("option name");
        // SAFETY: live instance, NUL-terminated name.
        unsafe { highs_sys::Highs_setBoolOptionValue(self.0, name.as_ptr(), value as HighsInt) };
    }

    fn set_int(&self, name: &str, value: i32) {
        let name = CString::new(name).expect("option name");
        // SAFETY: live instance, NUL-terminated name.
        unsafe { highs_sys::Highs_setIntOptionValue(self.0, name.as_ptr(), value as HighsInt) };
    }

    fn set_double(&self, name: &str, value: f64) {
        let name = CString::new(name).expect("option name");
        // SAFETY: live instance, NUL-terminated name.
        unsafe { highs_sys::Highs_setDoubleOptionValue(self.0, name.as_ptr(), value) };
    }

    fn set_string(&self, name: &str, value: &str) {
        let (name, value) = (CString::new(name).expect("option name"), CString::new(value).expect("option value"));
        // SAFETY: live instance, NUL-terminated strings.
        unsafe { highs_sys::Highs_setStringOptionValue(self.0, name.as_ptr(), value.as_ptr()) };
    }

    fn double_info(&self, name: &str) -> f64 {
        let name = CString::new(name).expect("info name");
        let mut value = f64::NAN;
        // SAFETY: live instance, NUL-terminated name, one f64 written.
        unsafe { highs_sys::Highs_getDoubleInfoValue(self.0, name.as_ptr(), &mut value) };
        value
    }

    fn int_info(&self, name: &str) -> i32 {
        let name = CString::new(name).expect("info name");
        let mut value: HighsInt = -1;
        // SAFETY: live instance, NUL-terminated name, one int written.
        unsafe { highs_sys::Highs_getIntInfoValue(self.0, name.as_ptr(), &mut value) };
        value as i32
    }

    /// Whether the last run left a primal and a dual solution (HiGHS's solution statuses are 0
    /// where there is none).
    fn has_solution(&self) -> bool {
        self.int_info("primal_solution_status") > 0 && self.int_info("dual_solution_status") > 0
    }

    /// Sets the time limit to what is left until `deadline` (none without one).
    fn time_limit(&self, deadline: Option<Instant>) {
        let left = deadline.map_or(f64::INFINITY, |d| d.saturating_duration_since(Instant::now()).as_secs_f64());
        self.set_double("time_limit", left.max(0.001));
    }

    /// Sets the bounds of the columns in `set` (one lower and one upper bound each).
    fn set_bounds(&self, set: &[HighsInt], lower: &[f64], upper: &[f64]) {
        assert!(lower.len() == set.len() && upper.len() == set.len());
        let n = self.columns() as HighsInt;
        assert!(set.iter().all(|&j| (0..n).contains(&j)));
        // SAFETY: live instance; `set` holds columns of the model, one bound per entry each side.
        unsafe {
            highs_sys::Highs_changeColsBoundsBySet(
                self.0,
                set.len() as HighsInt,
                set.as_ptr(),
                lower.as_ptr(),
                upper.as_ptr(),
            )
        };
    }

    /// Runs HiGHS. Its clock adds up over runs and `time_limit` counts against the total, so
    /// the clock is zeroed first: the limit set by [`Highs::time_limit`] is for this run.
    fn run(&self) -> HighsInt {
        // SAFETY: live instance with a model passed.
        unsafe {
            highs_sys::Highs_zeroAllClocks(self.0);
            highs_sys::Highs_run(self.0);
            highs_sys::Highs_getModelStatus(self.0)
        }
    }

    fn columns(&self) -> usize {
        // SAFETY: live instance.
        unsafe { highs_sys::Highs_getNumCol(self.0).max(0) as usize }
    }

    /// Runs the LP from its last basis after `change`: the primal simplex where columns were
    /// added (the basis stays primal feasible, as column generation leaves it), the dual where
    /// bounds changed (it stays dual feasible, as a branch or a dive step leaves it). With
    /// HiGHS's default, the dual simplex throughout, the master took 0.1-0.2 s a solve in
    /// Curtois Instance 12's dive (4,000 schedules, 340 rows), three quarters of the dive's
    /// time; with the primal after new columns 12's column generation took 4.4 s instead of
    /// 7.6 and the best roster within its master's support was the optimum: proven in 13-14 s
    /// where it stopped at 4,042 in 60 s.
    ///
    /// A solve that ends with no verdict (HiGHS's "unknown": numerical trouble on the way from
    /// the last basis) is run again from scratch by the dual simplex. On Curtois Instance 13 the
    /// fourth dive step's master ended so after 8 s, which ended the dive (and its rosters).
    fn run_after(&self, change: Change) -> HighsInt {
        self.set_int("simplex_strategy", change.strategy());
        let status = self.run();
        if status != highs_sys::kHighsModelStatusUnknown && status != highs_sys::kHighsModelStatusSolveError {
            return status;
        }
        self.run_from_scratch(status)
    }

    /// Runs an interior master stopped at a loose `ipm_optimality_tolerance`: such a solve ends
    /// "imprecise", which HiGHS reports as no verdict ("unknown"), yet its iterate is what was
    /// asked for, and counts as optimal where HiGHS holds a primal and a dual solution. Without
    /// one, it is solved again from scratch, as [`Highs::run_after`] does.
    fn run_loose(&self) -> HighsInt {
        match self.run() {
            highs_sys::kHighsModelStatusUnknown if self.has_solution() => highs_sys::kHighsModelStatusOptimal,
            status @ (highs_sys::kHighsModelStatusUnknown | highs_sys::kHighsModelStatusSolveError) => {
                self.run_from_scratch(status)
            }
            status => status,
        }
    }

    /// Runs the LP again from scratch by the dual simplex after a run that ended with `status`,
    /// no verdict (see [`Highs::run_after`]).
    fn run_from_scratch(&self, status: HighsInt) -> HighsInt {
        tracing::debug!(status, "the master LP: solved again from scratch");
        // SAFETY: live instance.
        unsafe { highs_sys::Highs_clearSolver(self.0) };
        self.set_int("simplex_strategy", Change::Bounds.strategy());
        self.run()
    }

    /// The basis of the last LP solve (column and row statuses), if HiGHS holds a valid one.
    fn basis(&self) -> Option<Basis> {
        let (mut columns, mut rows) = (vec![0; self.columns().max(1)], vec![0; self.rows().max(1)]);
        // SAFETY: arrays sized to the model.
        let status = unsafe { highs_sys::Highs_getBasis(self.0, columns.as_mut_ptr(), rows.as_mut_ptr()) };
        (status == highs_sys::kHighsStatusOk).then_some(Basis { columns, rows })
    }

    /// Puts back a basis taken by [`Highs::basis`] from this model with the same columns and
    /// rows: the next LP solve starts from it (a detour through other bounds or integrality
    /// otherwise leaves HiGHS the detour's basis, or none).
    fn set_basis(&self, basis: &Basis) {
        if basis.columns.len() == self.columns().max(1) && basis.rows.len() == self.rows().max(1) {
            // SAFETY: arrays sized to the model.
            unsafe { highs_sys::Highs_setBasis(self.0, basis.columns.as_ptr(), basis.rows.as_ptr()) };
        }
    }

    fn rows(&self) -> usize {
        // SAFETY: live instance.
        unsafe { highs_sys::Highs_getNumRow(self.0).max(0) as usize }
    }

    /// Column values and row duals of the last solve.
    fn solution(&self) -> (Vec<f64>, Vec<f64>) {
        let (x, _, dr) = self.solution_and_reduced_costs();
        (x, dr)
    }

    /// Column values, column duals (reduced costs) and row duals of the last solve.
    fn solution_and_reduced_costs(&self) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let (n, m) = (self.columns(), self.rows());
        let (mut x, mut dx) = (vec![0.0; n.max(1)], vec![0.0; n.max(1)]);
        let (mut r, mut dr) = (vec![0.0; m.max(1)], vec![0.0; m.max(1)]);
        // SAFETY: arrays sized to the model.
        unsafe {
            highs_sys::Highs_getSolution(self.0, x.as_mut_ptr(), dx.as_mut_ptr(), r.as_mut_ptr(), dr.as_mut_ptr())
        };
        x.truncate(n);
        dx.truncate(n);
        dr.truncate(m);
        (x, dx, dr)
    }

    fn objective(&self) -> f64 {
        // SAFETY: live instance.
        unsafe { highs_sys::Highs_getObjectiveValue(self.0) }
    }
}

/// Column and row statuses of an LP basis of the master.
struct Basis {
    columns: Vec<HighsInt>,
    rows: Vec<HighsInt>,
}

/// The pricing problem of one block: the person's columns and rows as a MIP, and, for a person
/// with day-shaped rules, the same problem by labelling over days ([`crate::labelling`]).
struct Pricer<'a> {
    highs: Highs,
    block: usize,
    /// Pricing by labelling, while it agrees with the block's rows.
    labeller: Option<Labeller<'a>>,
    /// Whether labelling still agrees with the block's rows (every schedule it found completed
    /// to a solution of the block at the cost it said).
    trusted: std::cell::Cell<bool>,
    /// The block's column bounds (at the branch-and-price node), restored after completing a
    /// schedule.
    lower: Vec<f64>,
    upper: Vec<f64>,
    /// The block's column bounds in the model.
    bounds: (Vec<f64>, Vec<f64>),
    /// The block's rows, for completing labelled schedules by propagation.
    rows: propagate::BlockRows,
    /// Schedules a labelling call brings beside the cheapest: none at the root, where the
    /// master's support matters more than its rounds, [`more_schedules`] in the tree.
    more: usize,
}

/// A person's [`DayRules`] matched to their block.
struct Labeller<'a> {
    rules: &'a DayRules,
    /// Block-local column of each option.
    option: Vec<usize>,
    /// Block-local columns worked along with each option.
    with: Vec<Vec<usize>>,
}

impl<'a> Labeller<'a> {
    /// `rules` for block `b` if they describe it: the same person, an option for every one of
    /// the block's assignment columns and for nothing else, the columns worked along inside the
    /// block with room for 1, and every other column of the block costing nothing (so an
    /// option's cost and the costs of its companions are the whole objective).
    fn of(model: &ModelCopy, d: &Decomposition, b: usize, rules: &'a DayRules) -> Option<Labeller<'a>> {
        let local: HashMap<usize, usize> = d.blocks[b].iter().enumerate().map(|(k, &j)| (j, k)).collect();
        let option: Vec<usize> = rules.options.iter().map(|o| local.get(&o.column).copied()).collect::<Option<_>>()?;
        let with: Vec<Vec<usize>> = rules
            .options
            .iter()
            .map(|o| o.with.iter().map(|c| local.get(c).copied()).collect::<Option<Vec<usize>>>())
            .collect::<Option<_>>()?;
        let assignments = d.blocks[b].iter().filter(|&&j| d.assignment[j]).count();
        let distinct: HashSet<usize> = option.iter().copied().collect();
        if distinct.len() != option.len() || assignments != option.len() {
            return None;
        }
        let companions: HashSet<usize> = with.iter().flatten().copied().collect();
        for &k in &companions {
            let (lo, up) = model.column_bounds(d.blocks[b][k]);
            if lo > 0.0 || up < 1.0 || distinct.contains(&k) {
                return None;
            }
        }
        let others_free = (0..d.blocks[b].len())
            .filter(|k| !distinct.contains(k) && !companions.contains(k))
            .all(|k| model.min_cost(d.blocks[b][k]) == 0.0);
        others_free.then_some(Labeller { rules, option, with })
    }
}

/// Schedules a labelling call in branch-and-price brings beside the cheapest. With few people
/// free, a dive step took hundreds of pricing rounds (each adding at most one schedule per
/// person): on Curtois Instance 15 at 600 s the dive gave up with 3-5 people left; with 4 more
/// it finished in three runs of three (3,838-3,936 in the end against 3,969). At the root they
/// made the master larger and its support different (Curtois 12 at 60 s: no longer proven).
const MORE_SCHEDULES: usize = 4;

/// [`MORE_SCHEDULES`], or `ROSTER_MORE_SCHEDULES` (for measuring).
fn more_schedules() -> usize {
    std::env::var("ROSTER_MORE_SCHEDULES").ok().and_then(|v| v.parse().ok()).unwrap_or(MORE_SCHEDULES)
}

/// A pricing problem's answer.
struct Priced {
    block: usize,
    /// A proven lower bound on that objective.
    bound: f64,
    /// The schedule: block-local column values (empty when none found).
    schedule: Vec<f64>,
    /// Other cheap schedules found on the way (labelling's [`DayRules::cheapest_few`]), dearer
    /// than `schedule`.
    more: Vec<Vec<f64>>,
}

impl Priced {
    /// An answer with at most the one schedule.
    fn one(block: usize, bound: f64, schedule: Vec<f64>) -> Priced {
        Priced { block, bound, schedule, more: Vec::new() }
    }
}

impl<'a> Pricer<'a> {
    /// The cost of working each option at block-local costs `cost` (with its companions;
    /// infinite when its column is fixed at 0), and whether it must be worked.
    fn options(&self, l: &Labeller, cost: &[f64]) -> (Vec<f64>, Vec<bool>) {
        let option_cost = (0..l.option.len())
            .map(|o| match self.upper[l.option[o]] < 0.5 {
                true => f64::INFINITY,
                false => cost[l.option[o]] + l.with[o].iter().map(|&k| cost[k]).sum::<f64>(),
            })
            .collect();
        let forced = l.option.iter().map(|&k| self.lower[k] > 0.5).collect();
        (option_cost, forced)
    }

    fn new(
        model: &ModelCopy,
        d: &Decomposition,
        block: usize,
        threads: usize,
        labeller: Option<Labeller<'a>>,
    ) -> Pricer<'a> {
        let columns = &d.blocks[block];
        let rows = &d.block_rows[block];
        let columns = Columns::of(model, columns, |i| match d.row_kind[i] {
            RowKind::Block(b, local) if b == block => Some(local),
            _ => None,
        });
        let (row_lower, row_upper): (Vec<f64>, Vec<f64>) = rows.iter().map(|&i| model.row_bounds(i)).unzip();
        let highs = Highs::new(threads);
        highs.set_double("mip_rel_gap", 0.0);
        highs.set_double("mip_abs_gap", 1e-7);
        columns.pass(&highs, &row_lower, &row_upper, 0.0, true);
        let (lower, upper) = (columns.lower.clone(), columns.upper.clone());
        let bounds = (lower.clone(), upper.clone());
        let integer = columns.integrality.iter().map(|&t| t == highs_sys::kHighsVarTypeInteger).collect();
        let rows = propagate::BlockRows::new(
            columns.cost.len(),
            &columns.start,
            &columns.index,
            &columns.value,
            &row_lower,
            &row_upper,
            integer,
        );
        Pricer { highs, block, labeller, trusted: std::cell::Cell::new(true), lower, upper, bounds, rows, more: 0 }
    }

    /// The model's column bounds with block-local columns `fixed` at their values.
    fn fix(&mut self, fixed: &[(usize, f64)]) {
        (self.lower, self.upper) = self.bounds.clone();
        for &(k, v) in fixed {
            (self.lower[k], self.upper[k]) = (v, v);
        }
        let n = self.lower.len();
        if n > 0 {
            // SAFETY: one bound per column of the block.
            unsafe {
                highs_sys::Highs_changeColsBoundsByRange(
                    self.highs.0,
                    0,
                    n as HighsInt - 1,
                    self.lower.as_ptr(),
                    self.upper.as_ptr(),
                )
            };
        }
    }

    /// The cheapest schedule at multipliers `pi` (by master row). With a `cutoff` HiGHS prunes
    /// everything not below it (a block with no schedule the master wants ends at the root, several
    /// times faster): the schedule is then only returned when below the cutoff, and the bound is
    /// the lesser of the cutoff and HiGHS's bound.
    fn price(
        &self,
        model: &ModelCopy,
        d: &Decomposition,
        pi: &[f64],
        cutoff: Option<f64>,
        deadline: Option<Instant>,
    ) -> Option<Priced> {
        let cost: Vec<f64> = d.blocks[self.block].iter().map(|&j| reduced_cost(model, d, j, pi)).collect();
        if cost.is_empty() {
            return Some(Priced::one(self.block, 0.0, Vec::new()));
        }
        // SAFETY: `cost` has one entry per column.
        unsafe { highs_sys::Highs_changeColsCostByRange(self.highs.0, 0, cost.len() as HighsInt - 1, cost.as_ptr()) };
        let cut = cutoff.unwrap_or(f64::INFINITY);
        if let Some(priced) = self.label(&cost, cut, deadline) {
            return Some(priced);
        }
        self.highs.set_double("objective_bound", cut);
        self.highs.time_limit(deadline);
        let status = self.highs.run();
        let found = self.highs.int_info("primal_solution_status") == 2;
        let dual = self.highs.double_info("mip_dual_bound");
        let bound = match status {
            highs_sys::kHighsModelStatusOptimal => dual.min(self.highs.objective()),
            // Nothing below the cutoff.
            highs_sys::kHighsModelStatusInfeasible if cutoff.is_some() => cut,
            highs_sys::kHighsModelStatusTimeLimit | highs_sys::kHighsModelStatusInterrupt => dual,
            _ => {
                tracing::debug!(block = self.block, status, "column generation: pricing by the MIP failed");
                return None;
            }
        };
        let bound = bound.min(cut);
        if !bound.is_finite() {
            return None;
        }
        let schedule = match found && self.highs.objective() < cut {
            true => self.highs.solution().0,
            false => Vec::new(),
        };
        Some(Priced::one(self.block, bound, schedule))
    }

    /// Pricing by labelling at block-local costs `cost`: the cheapest schedule below `cut` is
    /// exact, so its cost is the bound (or `cut` when there is none below it). The schedule is
    /// completed to all the block's columns with the options fixed, by propagation over the
    /// block's rows (on Curtois Instance 13, 1,200 completions in 0.1 s where HiGHS took about
    /// 1 ms each), else by HiGHS. Either checks it: a schedule that HiGHS's completion finds the
    /// rows refuse, or costing other than the labelling said, ends labelling for this block
    /// (`None`: price by the MIP).
    fn label(&self, cost: &[f64], cut: f64, deadline: Option<Instant>) -> Option<Priced> {
        let l = self.labeller.as_ref().filter(|_| self.trusted.get())?;
        let (option_cost, forced) = self.options(l, cost);
        // Gave up (deadline, or too many labels): the MIP prices this call.
        let mut found = l.rules.cheapest_few(&option_cost, &forced, cut, deadline, self.more).ok()?.into_iter();
        let Some(cheapest) = found.next() else {
            // Nothing below the cutoff; with no cutoff, no schedule at all: the MIP says why.
            return cut.is_finite().then(|| Priced::one(self.block, cut, Vec::new()));
        };
        let worked_in = |found: &Cheapest| {
            let mut worked = vec![false; l.option.len()];
            for &o in &found.options {
                worked[o] = true;
            }
            worked
        };
        let agree = |objective: f64, labelled: f64| (objective - labelled).abs() <= 1e-6 * labelled.abs().max(1.0);
        let agrees = |objective: f64| agree(objective, cheapest.cost);
        let worked = worked_in(&cheapest);
        if let Some((_, schedule)) = self.fill(l, &worked, cost).filter(|(o, _)| agrees(*o)) {
            // The others only where propagation completes them as labelled.
            let more = found
                .filter_map(|f| self.fill(l, &worked_in(&f), cost).filter(|(o, _)| agree(*o, f.cost)).map(|(_, s)| s))
                .collect();
            return Some(Priced { block: self.block, bound: cheapest.cost, schedule, more });
        }
        tracing::trace!(block = self.block, "labelled schedule completed by HiGHS");
        let (status, completed) = self.complete(l, &worked, deadline);
        match completed {
            Some((objective, schedule)) if agrees(objective) => Some(Priced::one(self.block, cheapest.cost, schedule)),
            _ if status == highs_sys::kHighsModelStatusTimeLimit || status == highs_sys::kHighsModelStatusInterrupt => {
                None
            }
            other => {
                tracing::warn!(
                    block = self.block,
                    labelled = cheapest.cost,
                    completed = other.map(|(o, _)| o),
                    status,
                    "column generation: labelling disagrees with the model; pricing this person by MIP"
                );
                self.trusted.set(false);
                None
            }
        }
    }
}

impl Pricer<'_> {
    /// The block's columns with `l`'s options fixed as `worked`, the rest settled by propagation
    /// over the block's rows ([`propagate`]), at block-local costs `cost`: the objective and
    /// values, or `None` when propagation cannot finish (then [`Pricer::complete`] does).
    fn fill(&self, l: &Labeller, worked: &[bool], cost: &[f64]) -> Option<(f64, Vec<f64>)> {
        let (mut lower, mut upper) = (self.lower.clone(), self.upper.clone());
        for (&k, &w) in l.option.iter().zip(worked) {
            let v = if w { 1.0 } else { 0.0 };
            if v < lower[k] || v > upper[k] {
                return None;
            }
            (lower[k], upper[k]) = (v, v);
        }
        self.rows.fill(&lower, &upper, cost)
    }

    /// The block's columns with `l`'s options fixed as `worked` (and the rest completed by HiGHS
    /// at the costs last set): HiGHS's status, and the objective and values when optimal.
    fn complete(
        &self,
        l: &Labeller,
        worked: &[bool],
        deadline: Option<Instant>,
    ) -> (HighsInt, Option<(f64, Vec<f64>)>) {
        let set: Vec<HighsInt> = l.option.iter().map(|&k| k as HighsInt).collect();
        let fixed: Vec<f64> = worked.iter().map(|&w| if w { 1.0 } else { 0.0 }).collect();
        let (lower, upper): (Vec<f64>, Vec<f64>) = l.option.iter().map(|&k| (self.lower[k], self.upper[k])).unzip();
        self.highs.set_bounds(&set, &fixed, &fixed);
        self.highs.set_double("objective_bound", f64::INFINITY);
        self.highs.time_limit(deadline);
        let status = self.highs.run();
        let completed =
            (status == highs_sys::kHighsModelStatusOptimal).then(|| (self.highs.objective(), self.highs.solution().0));
        self.highs.set_bounds(&set, &lower, &upper);
        (status, completed)
    }
}

/// What a column-generation run is given.
pub struct Run<'a> {
    /// A roster of the model (all columns) whose schedules seed the master and start its MIP.
    pub start: Option<&'a [f64]>,
    /// Column generation stops at this moment; the restricted master MIP runs until `deadline`.
    pub generation_deadline: Option<Instant>,
    /// The restricted master MIP stops here, and branch-and-price's tree after its dive.
    pub deadline: Option<Instant>,
    /// Branch-and-price's first dive stops here (no earlier than `deadline`): a dive that
    /// finishes late is worth more than the search it keeps from the time after `deadline`
    /// (see `branching::explore`).
    pub dive_deadline: Option<Instant>,
    /// Most iterations (pricing rounds), for runs without a deadline.
    pub iterations: usize,
    /// Branch-and-bound nodes of the restricted master MIP.
    pub master_nodes: i32,
    /// A bound already proven (the LP relaxation's): column generation whose bound is still far
    /// below it at [`CHECKPOINT`] of its time gives up (its rounds are far from converging).
    pub known_bound: f64,
    /// The compact LP relaxation's row duals, if known: the first stability centre (the
    /// Lagrangian bound there is at least the LP bound).
    pub lp_duals: Option<&'a [f64]>,
    /// Schedules known from elsewhere (a neighbouring what-if point's column generation), each
    /// the assignment columns one person works: the master starts with them, completed like a
    /// labelled schedule, where they still keep that person's rows.
    pub seeds: &'a [Vec<usize>],
    /// Whether a bound (rounded as [`Generated::bound`]) is good enough to stop generating.
    pub enough: &'a dyn Fn(f64) -> bool,
    /// The worst objective a roster may have to be good enough at a bound (the caller's gap;
    /// `f64::NEG_INFINITY`: none is, generation runs on to convergence).
    pub target: &'a dyn Fn(f64) -> f64,
    /// Whether to stop (cancelled, or the deadline of the whole solve passed).
    pub stop: &'a dyn Fn() -> bool,
    /// HiGHS's thread count (every HiGHS instance of the process must use the same).
    pub threads: usize,
    /// Pricing problems solved at once (each on a thread of its own).
    pub pricing: usize,
    /// People whose rules are day-shaped: their blocks are priced by labelling.
    pub day_rules: &'a [DayRules],
    /// The objective of a roster (all columns) if it keeps every row, else `None`.
    pub price: &'a dyn Fn(&[f64]) -> Option<f64>,
    /// A roster (all columns) near the master LP's optimum, given its image in the model's
    /// columns (each schedule's values weighted by its share) and column generation's bound (a
    /// roster within the gap of it needs no search for a better one): asked when column
    /// generation converged, before the restricted master MIP, and under a gap perhaps once
    /// before (see [`generate`]).
    pub near: &'a Near<'a>,
    /// Searches for better rosters beside branch-and-price, on a thread of its own, under a
    /// deadline, when the roster in hand is above the tree's bound.
    pub improve: &'a Improve<'a>,
    /// Under a deadline, branch-and-price's tree stops once its nodes after the dive average
    /// more seconds than this, and dives again where there is time for it
    /// ([`slow_node_seconds`]; `f64::INFINITY`: never).
    pub slow_node: f64,
}

pub use branching::slow_node_seconds;

impl Run<'_> {
    /// When branch-and-price's first dive must end: its own deadline, no earlier than the
    /// tree's, and none without a deadline.
    fn dive_ends(&self) -> Option<Instant> {
        self.deadline.and(self.dive_deadline.max(self.deadline))
    }
}

/// A roster near the master LP's optimum, given its image in the model's columns and the bound.
pub type Near<'a> = dyn Fn(&[f64], f64) -> Option<Vec<f64>> + 'a;

/// A search for better rosters, run beside branch-and-price.
pub type Improve<'a> = dyn Fn(&Beside) + Sync + 'a;

/// What the search beside branch-and-price is given.
pub struct Beside<'x> {
    /// The roster to start from (all columns).
    pub start: &'x [f64],
    /// The tree's rounded bound: a roster of this objective is optimal.
    pub target: f64,
    /// Stop at this moment.
    pub deadline: Option<Instant>,
    /// Stop when this says so (the tree has finished).
    pub stop: &'x (dyn Fn() -> bool + Sync),
    /// Told each better roster found (all columns).
    pub found: &'x (dyn Fn(&[f64]) + Sync),
    /// The tree's latest better roster, if any since the last call: the search goes on from it.
    pub from_tree: &'x (dyn Fn() -> Option<Vec<f64>> + Sync),
    /// The converged master LP's image in the model's columns, if any: a tighter relaxation
    /// than the model's own LP to guide neighbourhoods by.
    pub guide: Option<&'x [f64]>,
}

/// How a column-generation run ended.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Proven lower bound on the objective as minimised (rounded up when every roster has an
    /// integer objective).
    pub bound: f64,
    /// The last master LP value.
    pub master: f64,
    /// Pricing found no schedule of negative reduced cost: `bound` is the full Dantzig-Wolfe bound.
    pub converged: bool,
    /// The restricted master MIP's roster (all columns of the model), if it found one.
    pub columns: Option<Vec<f64>>,
    /// Pricing rounds.
    pub iterations: usize,
    /// Schedules in the master at the end.
    pub schedules: usize,
    /// The converged master LP's image in the model's columns (each schedule's values weighted
    /// by its share), if it converged with no artificial column in.
    pub image: Option<Vec<f64>>,
    /// The schedules the last master LP uses, each as the assignment columns it works (the
    /// form of [`Run::seeds`]).
    pub support: Vec<Vec<usize>>,
}

/// A schedule in the master: its block and its non-zero column values (model columns).
#[derive(Clone)]
struct Schedule {
    block: usize,
    values: Vec<(usize, f64)>,
}

/// A schedule's identity: its block and its values bit for bit.
type ScheduleKey = (usize, Vec<(usize, u64)>);

impl Schedule {
    fn key(&self) -> ScheduleKey {
        key(self.block, &self.values)
    }
}

fn key(block: usize, values: &[(usize, f64)]) -> ScheduleKey {
    (block, values.iter().map(|&(j, v)| (j, v.to_bits())).collect())
}

/// What changed in an LP since its last solve, for [`Highs::run_after`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Columns were added.
    Columns,
    /// Column bounds changed.
    Bounds,
}

impl Change {
    /// HiGHS's `simplex_strategy` for the change: 4 is the primal simplex, 1 the dual.
    fn strategy(self) -> i32 {
        match self {
            Change::Columns => 4,
            Change::Bounds => 1,
        }
    }
}

/// The master problem: free columns, artificial columns, then schedules; master rows, then one
/// convexity row per block.
struct Master<'a> {
    highs: Highs,
    model: &'a ModelCopy,
    d: &'a Decomposition,
    artificials: usize,
    schedules: Vec<Schedule>,
    /// The schedules in the LP, by [`Schedule::key`]: a parked schedule is not, so pricing can
    /// bring it back.
    seen: HashSet<ScheduleKey>,
    /// Schedules taken out of the LP ([`Master::park`]), if any are.
    parked: Option<Parked>,
}

/// What [`Master::unpark`] puts back: the schedules as they were before the first was taken
/// out, then every schedule added since, in order (so the first ones keep their places).
struct Parked {
    before: Vec<Schedule>,
    since: Vec<Schedule>,
    /// The schedules out of the LP now.
    out: HashSet<ScheduleKey>,
    /// How many parked schedules pricing has brought back.
    comebacks: usize,
}

impl<'a> Master<'a> {
    fn new(model: &'a ModelCopy, d: &'a Decomposition, threads: usize) -> Master<'a> {
        let rows = d.master_rows.len();
        let columns = Columns::of(model, &d.free, |i| match d.row_kind[i] {
            RowKind::Master(r) => Some(r),
            _ => None,
        });
        let (mut row_lower, mut row_upper): (Vec<f64>, Vec<f64>) =
            d.master_rows.iter().map(|&i| model.row_bounds(i)).unzip();
        row_lower.extend(std::iter::repeat(1.0).take(d.blocks.len()));
        row_upper.extend(std::iter::repeat(1.0).take(d.blocks.len()));
        let highs = Highs::new(threads);
        columns.pass(&highs, &row_lower, &row_upper, model.min_offset(), false);
        // Artificial columns keep the master feasible before there are schedules enough: they
        // cost more than any roster could save, so they leave as soon as they can; while they are
        // in, the bound is still valid (it is a bound of a relaxation).
        let penalty = 1e4 * model.cost_scale();
        let mut artificials = 0;
        let mut add = |row: usize, sign: f64| {
            let (i, v) = (row as HighsInt, sign);
            // SAFETY: one entry, in range.
            unsafe { highs_sys::Highs_addCol(highs.0, penalty, 0.0, f64::INFINITY, 1, &i, &v) };
            artificials += 1;
        };
        for r in 0..rows + d.blocks.len() {
            if row_lower[r] > f64::NEG_INFINITY {
                add(r, 1.0);
            }
            if row_upper[r] < f64::INFINITY {
                add(r, -1.0);
            }
        }
        Master { highs, model, d, artificials, schedules: Vec::new(), seen: HashSet::new(), parked: None }
    }

    /// The non-zero model-column values of a schedule of `block` (block-local values), integer
    /// columns rounded.
    fn values(&self, block: usize, local: &[f64]) -> Vec<(usize, f64)> {
        self.d.blocks[block]
            .iter()
            .zip(local)
            .filter(|(_, v)| v.abs() > 1e-9)
            .map(|(&j, &v)| (j, if self.model.is_integer(j) { v.round() } else { v }))
            .collect()
    }

    /// The master column of a schedule of `block`: its cost and its entries in the master rows.
    fn column(&self, block: usize, local: &[f64]) -> (f64, Vec<(usize, f64)>) {
        self.entries(&self.values(block, local))
    }

    fn entries(&self, values: &[(usize, f64)]) -> (f64, Vec<(usize, f64)>) {
        let mut entries: HashMap<usize, f64> = HashMap::new();
        let mut cost = 0.0;
        for &(j, v) in values {
            cost += self.model.min_cost(j) * v;
            for (i, a) in self.model.entries(j) {
                if let RowKind::Master(r) = self.d.row_kind[i] {
                    *entries.entry(r).or_default() += a * v;
                }
            }
        }
        let mut entries: Vec<(usize, f64)> = entries.into_iter().filter(|(_, a)| *a != 0.0).collect();
        entries.sort_by_key(|e| e.0);
        (cost, entries)
    }

    /// Adds a schedule of `block` (block-local values); `false` if it is already in the LP (a
    /// parked schedule comes back in: see [`Master::park`]).
    fn add(&mut self, block: usize, local: &[f64]) -> bool {
        let values = self.values(block, local);
        let key = key(block, &values);
        if let Some(parked) = &mut self.parked {
            if parked.out.remove(&key) {
                parked.comebacks += 1;
            }
        }
        if !self.seen.insert(key) {
            return false;
        }
        self.push(Schedule { block, values });
        true
    }

    /// Adds the column of `schedule` to the LP and the schedule to `schedules`.
    fn push(&mut self, schedule: Schedule) {
        let (cost, mut entries) = self.entries(&schedule.values);
        entries.push((self.d.master_rows.len() + schedule.block, 1.0));
        let (index, value): (Vec<HighsInt>, Vec<f64>) = entries.iter().map(|&(r, a)| (r as HighsInt, a)).unzip();
        // SAFETY: entries in range, arrays of the stated length.
        unsafe {
            highs_sys::Highs_addCol(
                self.highs.0,
                cost,
                0.0,
                f64::INFINITY,
                index.len() as HighsInt,
                index.as_ptr(),
                value.as_ptr(),
            )
        };
        if let Some(parked) = &mut self.parked {
            parked.since.push(schedule.clone());
        }
        self.schedules.push(schedule);
    }

    /// Takes the schedules marked `out` (one mark per schedule) out of the LP until
    /// [`Master::unpark`]: a dive's fixed people keep one schedule each, and the simplex no
    /// longer prices the thousands switched off (on Curtois Instance 13 the dive's master
    /// solves had slowed to 1.9 s with 75 of 120 people fixed). A parked schedule that pricing
    /// finds again comes back ([`Master::add`]): a lean dive parks free people's schedules of
    /// high reduced cost, which later duals may want (until session 51 they were refused as
    /// already seen, and the node's column generation stopped as if converged).
    fn park(&mut self, out: &[bool]) {
        assert_eq!(out.len(), self.schedules.len());
        let first = self.first_schedule();
        let set: Vec<HighsInt> = (0..out.len()).filter(|&s| out[s]).map(|s| (first + s) as HighsInt).collect();
        if set.is_empty() {
            return;
        }
        let parked = self.parked.get_or_insert_with(|| Parked {
            before: self.schedules.clone(),
            since: Vec::new(),
            out: HashSet::new(),
            comebacks: 0,
        });
        // SAFETY: distinct column indices in range, in increasing order.
        unsafe { highs_sys::Highs_deleteColsBySet(self.highs.0, set.len() as HighsInt, set.as_ptr()) };
        for (schedule, _) in self.schedules.iter().zip(out).filter(|(_, &o)| o) {
            let key = schedule.key();
            self.seen.remove(&key);
            parked.out.insert(key);
        }
        let mut marks = out.iter();
        self.schedules.retain(|_| marks.next() == Some(&false));
    }

    /// Marks, per schedule, those beyond the `keep` of least reduced cost at the last solve in
    /// each block `free` marks: what the dive's master can do without while those people are
    /// free (pricing brings back any the duals come to want).
    fn dearest(&self, free: &[bool], keep: usize) -> Vec<bool> {
        let (_, reduced, _) = self.highs.solution_and_reduced_costs();
        let first = self.first_schedule();
        let mut by_block: Vec<Vec<(f64, usize)>> = vec![Vec::new(); self.d.blocks.len()];
        for (s, schedule) in self.schedules.iter().enumerate() {
            if free[schedule.block] {
                by_block[schedule.block].push((reduced.get(first + s).copied().unwrap_or(0.0), s));
            }
        }
        let mut out = vec![false; self.schedules.len()];
        for mut schedules in by_block.into_iter().filter(|b| b.len() > keep) {
            schedules.sort_by(|a, b| a.0.total_cmp(&b.0));
            for &(_, s) in &schedules[keep..] {
                out[s] = true;
            }
        }
        out
    }

    /// Puts every parked schedule back: the schedules then stand as if none had been taken out
    /// (the earlier ones at their places, each once: one parked and added again stays at its
    /// first place), every one unbounded; the caller bounds them again.
    fn unpark(&mut self) {
        let Some(Parked { before, since, .. }) = self.parked.take() else { return };
        let (first, n) = (self.first_schedule(), self.schedules.len());
        if n > 0 {
            // SAFETY: the schedule columns, in range.
            unsafe { highs_sys::Highs_deleteColsByRange(self.highs.0, first as HighsInt, (first + n - 1) as HighsInt) };
        }
        self.schedules.clear();
        self.seen.clear();
        for schedule in before.into_iter().chain(since) {
            if self.seen.insert(schedule.key()) {
                self.push(schedule);
            }
        }
    }

    /// Adds the schedules `priced` that the master wants, those of negative reduced cost at its
    /// duals `pi` (master rows) and `mu` (convexity rows); how many.
    fn add_improving(&mut self, priced: &[Priced], pi: &[f64], mu: &[f64]) -> usize {
        let mut added = 0;
        let schedules = priced.iter().flat_map(|p| std::iter::once(&p.schedule).chain(&p.more).map(|s| (p.block, s)));
        for (block, schedule) in schedules.filter(|(_, s)| !s.is_empty()) {
            let (cost, entries) = self.column(block, schedule);
            let reduced = cost - entries.iter().map(|&(r, a)| pi[r] * a).sum::<f64>() - mu[block];
            if reduced < -branching::tolerance(cost) && self.add(block, schedule) {
                added += 1;
            }
        }
        added
    }

    /// Adds every person's schedule in `roster` (all model columns) that is not in yet.
    fn add_roster(&mut self, roster: &[f64]) {
        for b in 0..self.d.blocks.len() {
            let local = self.local(b, roster);
            self.add(b, &local);
        }
    }

    /// The block-local values of `roster` (all model columns) in `block`.
    fn local(&self, block: usize, roster: &[f64]) -> Vec<f64> {
        self.d.blocks[block].iter().map(|&j| roster[j]).collect()
    }

    /// Sets the upper bound of every schedule (0 switches one off).
    fn bound_schedules(&mut self, upper: &[f64]) {
        self.bound_schedules_between(&vec![0.0; upper.len()], upper);
    }

    /// Bounds every schedule column (one entry per schedule each side).
    fn bound_schedules_between(&mut self, lower: &[f64], upper: &[f64]) {
        assert!(lower.len() == self.schedules.len() && upper.len() == self.schedules.len());
        if upper.is_empty() {
            return;
        }
        let first = self.first_schedule();
        // SAFETY: one bound per schedule column each side.
        unsafe {
            highs_sys::Highs_changeColsBoundsByRange(
                self.highs.0,
                first as HighsInt,
                (first + upper.len() - 1) as HighsInt,
                lower.as_ptr(),
                upper.as_ptr(),
            )
        };
    }

    /// The roster of the schedules `chosen` (indices into `schedules`, one per block): the master
    /// LP with exactly those schedules and no artificial columns sets the free columns (agency,
    /// over-cover) at their best; `None` when the master rows refuse them. Leaves every schedule
    /// column bounded at 0 or 1 as chosen: the caller sets the node's bounds again.
    fn roster_of(&mut self, chosen: &[usize], deadline: Option<Instant>) -> Option<Vec<f64>> {
        let first = self.first_schedule();
        let mut upper = vec![0.0; self.schedules.len()];
        for &s in chosen {
            upper[s] = 1.0;
        }
        let artificial: Vec<HighsInt> = (self.d.free.len()..first).map(|j| j as HighsInt).collect();
        let zero = vec![0.0; artificial.len()];
        let basis = self.highs.basis();
        self.highs.set_bounds(&artificial, &zero, &zero);
        self.bound_schedules_between(&upper, &upper);
        self.highs.time_limit(deadline);
        let status = self.highs.run_after(Change::Bounds);
        let solution = (status == highs_sys::kHighsModelStatusOptimal).then(|| self.highs.solution().0);
        self.highs.set_bounds(&artificial, &zero, &vec![f64::INFINITY; artificial.len()]);
        if let Some(basis) = &basis {
            self.highs.set_basis(basis);
        }
        let solution = solution?;
        let mut roster = vec![0.0; self.model.columns()];
        for (k, &j) in self.d.free.iter().enumerate() {
            roster[j] = solution[k];
        }
        for &s in chosen {
            for &(j, v) in &self.schedules[s].values {
                roster[j] = v;
            }
        }
        Some(roster)
    }

    /// How many parked schedules pricing has brought back since the first was parked.
    fn comebacks(&self) -> usize {
        self.parked.as_ref().map_or(0, |p| p.comebacks)
    }

    fn first_schedule(&self) -> usize {
        self.d.free.len() + self.artificials
    }

    /// Solves the master LP by interior point without crossover from now on (`on`), or back to
    /// HiGHS's choice with crossover.
    fn set_interior(&self, on: bool) {
        self.highs.set_string("solver", if on { "ipm" } else { "choose" });
        self.highs.set_string("run_crossover", if on { "off" } else { "on" });
    }

    /// Row duals of an interior solve (by master row) with the sign their row's bounds allow: a
    /// wrong-signed dual within the interior point's tolerance is taken as 0.
    fn mend_signs(&self, duals: &mut [f64]) {
        for (p, &i) in duals.iter_mut().zip(&self.d.master_rows) {
            *p = of_right_sign(*p, self.model.row_bounds(i));
        }
    }

    /// The master LP solution `x` (master columns) in the model's columns: free columns as they
    /// are, each schedule's values weighted by its share. `None` while an artificial column is
    /// in (the image then breaks a master row).
    fn image(&self, x: &[f64]) -> Option<Vec<f64>> {
        let first = self.first_schedule();
        if x.len() < first || x[self.d.free.len()..first].iter().any(|&a| a > 1e-7) {
            return None;
        }
        let mut image = vec![0.0; self.model.columns()];
        for (k, &j) in self.d.free.iter().enumerate() {
            image[j] = x[k];
        }
        for (schedule, &share) in self.schedules.iter().zip(&x[first..]).filter(|(_, &w)| w > 1e-9) {
            for &(j, v) in &schedule.values {
                image[j] += share * v;
            }
        }
        Some(image)
    }

    /// The schedules the master LP solution `x` uses, as the assignment columns each works.
    fn support(&self, x: &[f64]) -> Vec<Vec<usize>> {
        let first = self.first_schedule();
        let used = self.schedules.iter().zip(x.get(first..).unwrap_or_default()).filter(|(_, &w)| w > SUPPORT_WEIGHT);
        used.map(|(schedule, _)| {
            schedule.values.iter().filter(|&&(j, v)| self.d.assignment[j] && v > 0.5).map(|&(j, _)| j).collect()
        })
        .collect()
    }

    /// The restricted master as a MIP: artificial columns out, schedules and integer free columns
    /// integer. Returns the best roster found (all model columns).
    /// Switches the master between the restricted master MIP (`integer`: artificial columns
    /// out, schedules and integer free columns integer) and the LP column generation uses.
    fn set_integer(&self, integer: bool) {
        let (free, first) = (self.d.free.len(), self.first_schedule());
        let total = first + self.schedules.len();
        let integrality: Vec<HighsInt> = match integer {
            true => {
                let free_columns = self.d.free.iter().map(|&j| self.model.is_integer(j));
                let artificials = std::iter::repeat(false).take(self.artificials);
                let schedules = std::iter::repeat(true).take(self.schedules.len());
                free_columns
                    .chain(artificials)
                    .chain(schedules)
                    .map(|i| if i { highs_sys::kHighsVarTypeInteger } else { 0 })
                    .collect()
            }
            false => vec![0; total.max(1)],
        };
        let lower = vec![0.0; self.artificials.max(1)];
        let upper = vec![if integer { 0.0 } else { f64::INFINITY }; self.artificials.max(1)];
        // SAFETY: ranges and arrays within the model's columns.
        unsafe {
            if self.artificials > 0 {
                highs_sys::Highs_changeColsBoundsByRange(
                    self.highs.0,
                    free as HighsInt,
                    (first - 1) as HighsInt,
                    lower.as_ptr(),
                    upper.as_ptr(),
                );
            }
            highs_sys::Highs_changeColsIntegralityByRange(self.highs.0, 0, total as HighsInt - 1, integrality.as_ptr());
        }
    }

    fn solve_integer(&mut self, start: Option<&[f64]>, deadline: Option<Instant>, nodes: i32) -> Option<Vec<f64>> {
        let h = &self.highs;
        let first = self.first_schedule();
        let total = first + self.schedules.len();
        let basis = h.basis();
        self.set_integer(true);
        h.set_double("mip_rel_gap", 0.0);
        h.set_int("mip_max_nodes", nodes.max(1));
        h.time_limit(deadline);
        if let Some(roster) = start {
            let mut x = vec![0.0; total];
            for (k, &j) in self.d.free.iter().enumerate() {
                x[k] = roster[j];
            }
            for (s, schedule) in self.schedules.iter().enumerate() {
                let local = self.local(schedule.block, roster);
                let same = self.d.blocks[schedule.block]
                    .iter()
                    .zip(&local)
                    .filter(|(_, v)| v.abs() > 1e-9)
                    .map(|(&j, &v)| (j, v.round()))
                    .eq(schedule.values.iter().map(|&(j, v)| (j, v.round())));
                if same {
                    x[first + s] = 1.0;
                }
            }
            // SAFETY: one value per column.
            unsafe {
                highs_sys::Highs_setSolution(h.0, x.as_ptr(), std::ptr::null(), std::ptr::null(), std::ptr::null())
            };
        }
        let began = Instant::now();
        // HiGHS's default simplex (the dual) for the MIP's LPs.
        let status = h.run_after(Change::Bounds);
        let found = h.int_info("primal_solution_status") == 2;
        tracing::debug!(
            status,
            found,
            objective = if found { h.objective() } else { f64::NAN },
            bound = h.double_info("mip_dual_bound"),
            schedules = self.schedules.len(),
            seconds = began.elapsed().as_secs_f64(),
            "column generation: the restricted master MIP"
        );
        let x = if found { Some(h.solution().0) } else { None };
        // Back to the LP (branch-and-price goes on with it), from the LP's last basis.
        self.set_integer(false);
        if let Some(basis) = &basis {
            h.set_basis(basis);
        }
        let x = x?;
        let mut roster = vec![0.0; self.model.columns()];
        for (k, &j) in self.d.free.iter().enumerate() {
            roster[j] = x[k];
        }
        for (s, schedule) in self.schedules.iter().enumerate() {
            if x[first + s] > 0.5 {
                for &(j, v) in &schedule.values {
                    roster[j] = v;
                }
            }
        }
        Some(roster)
    }
}

/// Whether column generation looks like converging at its checkpoint: its Lagrangian bound
/// `best` is near the `known` bound, within half the distance from it up to the master's
/// `value` (which the bound approaches from below). Started from the LP duals (`seed`, the
/// bound priced there), the bound is near the known one from the first round: then it must also
/// have risen above the seed's. (A 70-person component of a 200-staff pool at 600 s: 49 rounds
/// in 378 s left the bound where the seed put it, and the master's roster was far worse than
/// the search's.)
fn converging(best: f64, known: f64, value: f64, seed: Option<f64>) -> bool {
    let near = known - 0.5 * (value - known).max(0.0);
    best >= near && seed.map_or(true, |s| best > s + 1e-9 * s.abs().max(1.0))
}

/// Raises its flag when dropped: at the end of its scope, also one left by a panic.
pub(crate) struct RaiseOnDrop<'a>(pub(crate) &'a AtomicBool);

impl Drop for RaiseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The value behind a mutex, also when a thread panicked holding it.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether `done` pricing rounds in `spent` leave no time for the `min_rounds` needed: the rounds
/// still to do, at the pace so far, would outlast the time `left`.
fn outpaced(spent: Duration, done: usize, min_rounds: f64, left: Duration) -> bool {
    done > 0 && (done as f64) < min_rounds && spent.div_f64(done as f64).mul_f64(min_rounds - done as f64) > left
}

/// Pricing rounds column generation must have time for, judged after the first, to go on.
const MIN_ROUNDS: f64 = 15.0;
/// Least weight in the master LP of a schedule counted in its support ([`Generated::support`]):
/// the interior point without crossover leaves every schedule some weight.
const SUPPORT_WEIGHT: f64 = 1e-3;

/// Pricing rounds labelling without calendar rules must have time for while its bound stays
/// short of the known one: its root converged in 29-84 rounds on Curtois Instances 4, 8, 13, 15
/// and 20 (0.1-4.2 s a round).
const MIN_ROUNDS_LABELLED: f64 = 30.0;

/// The same for an interior master (calendar rules): at 60 s on the 200-staff pool, its 17 s to
/// the checkpoint were lost to the search (agency cost 2,072 and 2,096 against 2,064 without
/// column generation); at 600 s it took 71-84 rounds and improved the roster. Traced again on
/// its 70-person component alone at 600 s (session 62), the Lagrangian bound stayed at the LP
/// duals' for 78 rounds and met the master after 117 (235 s, the rounds from 1.2 s to 2.8 s):
/// with 50 rounds asked, at 120 s the pace let it run 26 s to the checkpoint for nothing
/// (1,951.2 against 1,932.4 and 1,935.2 without column generation).
const MIN_ROUNDS_INTERIOR: f64 = 100.0;

/// Share of column generation's time by which its bound must be near the known bound. (Instance
/// 4 passes the LP bound after 10 of its 30 rounds; Instance 5 was 83 below it and 512 below the
/// master at this point, and converged; Instance 7 was 2,031 below it and 2,258 below the master,
/// and after 12 rounds and 50 s its bound had not passed the LP bound.)
const CHECKPOINT: f64 = 0.4;

/// Share of the time left after the root that the restricted master MIP may take when
/// branch-and-price follows it (its roster is the tree's first upper bound).
const MASTER_MIP_BEFORE_BRANCHING: f64 = 0.2;

/// Most seconds of that share before branch-and-price (counted, like the share, from before the
/// near roster). At 600 s the share went to nothing on Curtois Instance 15: 46 s for a master
/// MIP roster of 7,068 where the search, once started beside the tree, reached 5,166 in 3 s.
const MASTER_MIP_BEFORE_BRANCHING_SECONDS: f64 = 15.0;

/// Share of its first gap to the bound that an interior master must have closed by the
/// checkpoint to go on (on the 200-staff pool's 70-person component, at 600 s, it had closed
/// 0.6 by then; at 60 s, four rounds had not moved it).
const DESCENT: f64 = 0.5;

/// Weight of the stability centre in the duals priced at.
const SMOOTHING: f64 = 0.5;

/// The optimality tolerance of an interior master, after primal-dual column generation
/// (Gondzio, González-Brevis and Munari, 2013): while the master still descends, its LP need not
/// be solved to HiGHS's 1e-8, and a looser interior point is both faster and better centred. The
/// tolerance follows the last round's relative descent and the gap to the bound, each over
/// [`MasterTolerance::DIVISOR`], so it tightens as the master levels off; convergence is only
/// taken from an exact solve ([`MasterTolerance::tighten`]). The bound stays exact at any
/// tolerance: it is the Lagrangian at whatever duals are priced.
#[derive(Debug)]
struct MasterTolerance {
    divisor: f64,
    last_value: f64,
    tolerance: f64,
}

impl MasterTolerance {
    /// HiGHS's default `ipm_optimality_tolerance`.
    const EXACT: f64 = 1e-8;
    /// Loosest tolerance (a relative objective gap).
    const LOOSEST: f64 = 1e-3;
    /// How far below the descent and the gap the tolerance stays.
    const DIVISOR: f64 = 10.0;

    /// The schedule with [`MasterTolerance::DIVISOR`], or `ROSTER_CG_IPM_D`'s (for measuring; 0
    /// = none: every master solved exactly).
    fn from_env() -> Option<MasterTolerance> {
        let divisor = crate::backend::tuned("ROSTER_CG_IPM_D", Self::DIVISOR);
        (divisor > 0.0).then_some(MasterTolerance { divisor, last_value: f64::NAN, tolerance: Self::LOOSEST })
    }

    /// The tolerance for the next master solve, after one that gave `value` with the bound at
    /// `best` (NaN and minus infinity before the first). A master that did not fall (an inexact
    /// value at or above the last one, or the first rounds' plateau at the start roster's value)
    /// is solved ten times tighter than the last.
    fn next(&mut self, value: f64, best: f64) -> f64 {
        let scale = 1.0 + value.abs();
        let descent = (self.last_value - value) / scale;
        let gap = (value - best) / scale;
        self.tolerance = if !value.is_finite() || self.last_value.is_nan() {
            self.tolerance
        } else if descent > 0.0 {
            // Without a bound yet the gap is infinite: the descent alone.
            (descent.min(gap) / self.divisor).min(self.tolerance * 10.0)
        } else {
            self.tolerance / 10.0
        }
        .clamp(Self::EXACT, Self::LOOSEST);
        if value.is_finite() {
            self.last_value = value;
        }
        self.tolerance
    }

    /// Makes the next solve exact; whether it was loose (convergence must then be confirmed).
    fn tighten(&mut self) -> bool {
        let was_loose = self.tolerance > Self::EXACT;
        self.tolerance = Self::EXACT;
        self.last_value = f64::NAN;
        was_loose
    }
}

/// Wentges smoothing: the duals to price at, `alpha` of the stability centre `centre` and the
/// rest of the master's duals `pi` (the master's own without a centre or at `alpha` 0).
fn smoothed(centre: Option<&[f64]>, pi: &[f64], alpha: f64) -> Vec<f64> {
    match centre {
        Some(c) if alpha > 0.0 => c.iter().zip(pi).map(|(c, p)| alpha * c + (1.0 - alpha) * p).collect(),
        _ => pi.to_vec(),
    }
}

/// Prices every block at `pi` (`threads` at a time); `None` if a pricing problem failed.
fn price_all(
    pricers: &mut [Pricer],
    model: &ModelCopy,
    d: &Decomposition,
    pi: &[f64],
    cutoffs: Option<&[f64]>,
    deadline: Option<Instant>,
    threads: usize,
) -> Option<Vec<Priced>> {
    let priced = in_parallel(pricers, threads, |p| p.price(model, d, pi, cutoffs.map(|c| c[p.block]), deadline));
    (priced.len() == pricers.len()).then_some(())?;
    priced.into_iter().collect()
}

/// Adds `seeds` (each the assignment columns one person works) to the master: each completed
/// to all of that person's columns as a labelled schedule is, and left out where it no longer
/// keeps their rows (or where the person is not priced by labelling).
fn seed(master: &mut Master, pricers: &[Pricer], d: &Decomposition, seeds: &[Vec<usize>], deadline: Option<Instant>) {
    if seeds.is_empty() {
        return;
    }
    let mut place: HashMap<usize, (usize, usize)> = HashMap::new();
    for (b, columns) in d.blocks.iter().enumerate() {
        for (k, &j) in columns.iter().enumerate() {
            place.insert(j, (b, k));
        }
    }
    let (mut added, began) = (0, Instant::now());
    for schedule in seeds {
        let Some(&(b, _)) = schedule.first().and_then(|j| place.get(j)) else { continue };
        let Some(l) = pricers[b].labeller.as_ref() else { continue };
        let local: HashSet<usize> =
            schedule.iter().filter_map(|j| place.get(j).filter(|(o, _)| *o == b).map(|&(_, k)| k)).collect();
        if local.len() != schedule.len() {
            continue;
        }
        let worked: Vec<bool> = l.option.iter().map(|k| local.contains(k)).collect();
        if let (_, Some((_, values))) = pricers[b].complete(l, &worked, deadline) {
            added += usize::from(master.add(b, &values));
        }
    }
    tracing::debug!(
        seeds = seeds.len(),
        added,
        seconds = began.elapsed().as_secs_f64(),
        "column generation: schedules from elsewhere"
    );
}

/// Blocks whose pricing problems are one and the same, in classes of two or more: people the
/// model cannot tell apart (a what-if sweep's hires of one profile), with the same columns in
/// the same order, the same costs and bounds, the same entries in the master rows and the same
/// rows of their own. Read off the model's numbers, so it holds whatever the rules.
fn identical_blocks(model: &ModelCopy, d: &Decomposition) -> Vec<Vec<usize>> {
    // A master row with the columns of one person only (perhaps with columns of nobody) is that
    // person's: compared by its place in their columns.
    let mut owner: Vec<Option<Option<usize>>> = vec![None; d.master_rows.len()];
    for (b, columns) in d.blocks.iter().enumerate() {
        for &j in columns {
            for (i, _) in model.entries(j) {
                if let RowKind::Master(r) = d.row_kind[i] {
                    owner[r] = match owner[r] {
                        None => Some(Some(b)),
                        Some(Some(o)) if o == b => Some(Some(b)),
                        _ => Some(None),
                    };
                }
            }
        }
    }
    let mut nobody: Vec<Vec<(usize, f64)>> = vec![Vec::new(); d.master_rows.len()];
    for &j in &d.free {
        for (i, a) in model.entries(j) {
            if let RowKind::Master(r) = d.row_kind[i] {
                nobody[r].push((j, a));
            }
        }
    }
    let fingerprint = |b: usize| -> Vec<u64> {
        let mut print = Vec::new();
        let mut own: Vec<usize> = Vec::new();
        for &j in &d.blocks[b] {
            let (lo, up) = model.column_bounds(j);
            print.extend([
                u64::MAX,
                model.min_cost(j).to_bits(),
                lo.to_bits(),
                up.to_bits(),
                model.is_integer(j) as u64,
            ]);
            for (i, a) in model.entries(j) {
                let row = match d.row_kind[i] {
                    RowKind::Master(r) if owner[r] == Some(Some(b)) => {
                        let k = own.iter().position(|&o| o == r).unwrap_or_else(|| {
                            own.push(r);
                            own.len() - 1
                        });
                        (2 << 61) | k as u64
                    }
                    RowKind::Master(r) => r as u64,
                    RowKind::Block(_, k) => (1 << 61) | k as u64,
                    RowKind::Empty => continue,
                };
                print.extend([row, a.to_bits()]);
            }
        }
        for &i in d.block_rows[b].iter().chain(own.iter().map(|&r| &d.master_rows[r])) {
            let (lo, up) = model.row_bounds(i);
            print.extend([u64::MAX - 1, lo.to_bits(), up.to_bits()]);
        }
        // Columns of nobody in those rows: the person's own when they are in no other row
        // (a deviation column of theirs), compared by place, cost and bounds.
        let mut own_free: Vec<usize> = Vec::new();
        for &r in &own {
            for &(j, a) in &nobody[r] {
                let theirs = model
                    .entries(j)
                    .all(|(i, _)| matches!(d.row_kind[i], RowKind::Master(q) if owner[q] == Some(Some(b))));
                let column = match theirs {
                    true => {
                        let k = own_free.iter().position(|&o| o == j).unwrap_or_else(|| {
                            own_free.push(j);
                            own_free.len() - 1
                        });
                        let (lo, up) = model.column_bounds(j);
                        print.extend([model.min_cost(j).to_bits(), lo.to_bits(), up.to_bits()]);
                        (3 << 61) | k as u64
                    }
                    false => j as u64,
                };
                print.extend([column, a.to_bits()]);
            }
        }
        print
    };
    let mut classes: HashMap<Vec<u64>, Vec<usize>> = HashMap::new();
    for b in 0..d.blocks.len() {
        classes.entry(fingerprint(b)).or_default().push(b);
    }
    let mut classes: Vec<Vec<usize>> = classes.into_values().filter(|c| c.len() > 1).collect();
    classes.sort();
    classes
}

/// The master rows that cap what people take together, such as a vacancy's cover: a finite,
/// positive upper bound and no negative entry in any column.
fn capacity_rows(model: &ModelCopy, d: &Decomposition) -> Vec<bool> {
    let mut capacity: Vec<bool> =
        d.master_rows.iter().map(|&i| model.row_bounds(i).1.is_finite() && model.row_bounds(i).1 > 0.0).collect();
    for j in 0..model.columns() {
        for (i, a) in model.entries(j) {
            if let (RowKind::Master(r), true) = (d.row_kind[i], a < 0.0) {
                capacity[r] = false;
            }
        }
    }
    capacity
}

/// Gives the people of each class of [`identical_blocks`] schedules of their own. At the same
/// multipliers they all price the same cheapest schedule, of which the master can use one
/// copy only where it covers vacancies once: each member after the first is priced again with
/// the master rows that the class's schedules so far fill up (at their upper bound) made dear,
/// so the class brings the master as many different schedules as it has people. Only rows of
/// `capacity` ([`capacity_rows`]) fill up. The bounds stay those of the exact pricing at `pi`.
fn diversify(
    (classes, capacity): (&[Vec<usize>], &[bool]),
    priced: &mut [Priced],
    pricers: &[Pricer],
    (model, d, master): (&ModelCopy, &Decomposition, &Master),
    pi: &[f64],
    deadline: Option<Instant>,
) {
    let penalty = 1e4 * model.cost_scale();
    for class in classes {
        let mut filled = vec![0.0; pi.len()];
        let mut at = pi.to_vec();
        for (n, &b) in class.iter().enumerate() {
            if n > 0 {
                for (r, &i) in d.master_rows.iter().enumerate() {
                    if capacity[r] && filled[r] >= model.row_bounds(i).1 - 1e-9 {
                        at[r] = pi[r] - penalty;
                    }
                }
                match pricers[b].price(model, d, &at, None, deadline) {
                    Some(p) if !p.schedule.is_empty() => priced[b].schedule = p.schedule,
                    _ => return,
                }
            }
            for (r, a) in master.column(b, &priced[b].schedule).1 {
                filled[r] += a;
            }
        }
    }
}

/// `work` on every item, `threads` contiguous runs of them at a time, in the items' order. A
/// run whose thread panicked is left out (the result is then shorter than `items`).
fn in_parallel<T: Send, R: Send>(items: &mut [T], threads: usize, work: impl Fn(&mut T) -> R + Sync) -> Vec<R> {
    let chunk = items.len().div_ceil(threads.max(1)).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks_mut(chunk)
            .map(|part| scope.spawn(move || part.iter_mut().map(work).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

/// The Lagrangian bound at multipliers `pi` on the master rows: the objective's constant, plus
/// each row's bound times its multiplier (the lower bound for a positive one, the upper for a
/// negative one), plus the least reduced cost of every free column within its bounds and of
/// every block (its pricing problem's proven bound). `None` when a multiplier or a reduced
/// cost meets an infinite bound (no bound from these multipliers).
fn lagrangian(model: &ModelCopy, d: &Decomposition, pi: &[f64], priced: &[Priced]) -> Option<f64> {
    let rows = d.master_rows.iter().zip(pi).map(|(&i, &p)| least(p, model.row_bounds(i)));
    let free = d.free.iter().map(|&j| least(reduced_cost(model, d, j, pi), model.column_bounds(j)));
    let bound = model.min_offset() + rows.chain(free).sum::<Option<f64>>()?;
    Some(bound + priced.iter().map(|p| p.bound).sum::<f64>())
}

/// For measuring (`ROSTER_CHECK_BOUND=1`): column generation's converged bound `best` checked
/// by pricing every person again with HiGHS on their rows (its MIP's dual bounds) instead of
/// labelling: the Lagrangian bound at the duals `centre` where `best` was priced, and the LP
/// duality (Farley) bound at the converged master's own duals, which stands in where the
/// Lagrangian has none (exact at a simplex master's duals; an interior master's are near
/// optimal only). Both logged beside `best`. Labelling proves the bounds the solver
/// reports; this checks one of them by other means, on instances too large for the tests.
fn check_bound(
    model: &ModelCopy,
    d: &Decomposition,
    master: &Master,
    centre: Option<&[f64]>,
    best: f64,
    threads: usize,
) {
    let began = Instant::now();
    let mut by_mip: Vec<Pricer> = (0..d.blocks.len()).map(|b| Pricer::new(model, d, b, 1, None)).collect();
    let mut price = |at: &[f64]| price_all(&mut by_mip, model, d, at, None, None, threads);
    let lagrangian = centre.and_then(|at| price(at).and_then(|priced| lagrangian(model, d, at, &priced)));
    let (value, (_, duals)) = (master.highs.objective(), master.highs.solution());
    let (pi, mu) = duals.split_at(d.master_rows());
    let farley = price(pi).map(|priced| farley(value, mu, &priced));
    tracing::debug!(
        lagrangian,
        farley,
        labelled = best,
        seconds = began.elapsed().as_secs_f64(),
        "column generation: the bound priced again by HiGHS"
    );
}

/// The bound from LP duality at the master's duals (Farley): the master LP's `value` plus every
/// block's least reduced cost below its convexity dual `mu` (its pricing bound less `mu`, when
/// negative). Valid for the master with its artificial columns, a relaxation of the problem.
fn farley(value: f64, mu: &[f64], priced: &[Priced]) -> f64 {
    value + priced.iter().map(|p| (p.bound - mu[p.block]).min(0.0)).sum::<f64>()
}

/// The cost of column `j` as minimised, less its entries in the master rows priced at `pi`.
fn reduced_cost(model: &ModelCopy, d: &Decomposition, j: usize, pi: &[f64]) -> f64 {
    let priced: f64 = model
        .entries(j)
        .filter_map(|(i, a)| match d.row_kind[i] {
            RowKind::Master(r) => Some(pi[r] * a),
            _ => None,
        })
        .sum();
    model.min_cost(j) - priced
}

/// A roster of everyone on their own: each person's first schedule that keeps their own rows
/// (HiGHS on the person's block with every cost 0, `workers` people at a time, until
/// `deadline`), the columns of nobody then set by the master LP with those schedules fixed.
/// `None` when someone has no such schedule in time or the master rows refuse the combination.
/// `threads`: HiGHS's, as everywhere in the process (its scheduler is set up once per thread).
/// Where the master rows are soft (cover with agency and over-cover columns, as in the Curtois
/// instances) any combination is a roster: on Instance 22's 364 days a person takes 0.3 s this
/// way, where pricing one (labelling, then the MIP) took over 30 s.
pub fn alone(
    model: &ModelCopy,
    d: &Decomposition,
    (threads, workers): (usize, usize),
    deadline: Option<Instant>,
) -> Option<Vec<f64>> {
    let mut blocks: Vec<usize> = (0..d.blocks.len()).collect();
    let schedules = in_parallel(&mut blocks, workers, |&mut b| {
        let n = d.blocks[b].len();
        if n == 0 {
            return Some(Vec::new());
        }
        if deadline.is_some_and(|t| Instant::now() >= t) {
            return None;
        }
        let p = Pricer::new(model, d, b, 1, None);
        let zero = vec![0.0; n];
        // SAFETY: one cost per column of the block.
        unsafe { highs_sys::Highs_changeColsCostByRange(p.highs.0, 0, n as HighsInt - 1, zero.as_ptr()) };
        p.highs.set_int("mip_max_improving_sols", 1);
        p.highs.time_limit(deadline);
        p.highs.run();
        (p.highs.int_info("primal_solution_status") == 2).then(|| p.highs.solution().0)
    });
    let missing = schedules.iter().filter(|s| s.is_none()).count();
    if schedules.len() != d.blocks.len() || missing > 0 {
        tracing::debug!(people = d.blocks.len(), missing, "everyone on their own: someone has no schedule");
        return None;
    }
    let mut master = Master::new(model, d, threads);
    let mut chosen = Vec::with_capacity(schedules.len());
    for (b, schedule) in schedules.into_iter().enumerate() {
        if master.add(b, &schedule?) {
            chosen.push(master.schedules.len() - 1);
        }
    }
    let Some(roster) = master.roster_of(&chosen, deadline) else {
        tracing::debug!(chosen = chosen.len(), "everyone on their own: the master rows refuse the schedules");
        return None;
    };
    let violation = model.violation(&roster);
    if let Some(v) = &violation {
        tracing::debug!(?v, "everyone on their own: not a roster");
    }
    violation.is_none().then_some(roster)
}

/// Column generation on `d`, then the restricted master MIP. `None` if the master LP could not
/// be solved even once.
pub fn generate(model: &ModelCopy, d: &Decomposition, run: &Run) -> Option<Generated> {
    let began = Instant::now();
    let mut master = Master::new(model, d, run.threads);
    let blocks = d.blocks.len();
    let rows = d.master_rows.len();
    // Seed: the start roster's schedules, and "nobody works" where a person's rows allow it.
    for b in 0..blocks {
        if let Some(roster) = run.start {
            let local = master.local(b, roster);
            master.add(b, &local);
        }
        let zero_fits = d.blocks[b].iter().all(|&j| {
            let (lo, up) = model.column_bounds(j);
            lo <= 0.0 && up >= 0.0
        }) && d.block_rows[b].iter().all(|&i| {
            let (lo, up) = model.row_bounds(i);
            lo <= 0.0 && up >= 0.0
        });
        if zero_fits {
            master.add(b, &vec![0.0; d.blocks[b].len()]);
        }
    }
    let mut pricers: Vec<Pricer> = (0..blocks)
        .map(|b| {
            let rules = run.day_rules.iter().find(|r| r.owner == d.block_owner[b]);
            let labeller = rules.and_then(|r| Labeller::of(model, d, b, r));
            Pricer::new(model, d, b, run.threads, labeller)
        })
        .collect();
    let labelled = pricers.iter().filter(|p| p.labeller.is_some()).count();
    seed(&mut master, &pricers, d, run.seeds, run.generation_deadline);
    let identical = identical_blocks(model, d);
    let capacity = if identical.is_empty() { Vec::new() } else { capacity_rows(model, d) };
    let alike = identical.iter().map(Vec::len).sum::<usize>();
    tracing::debug!(blocks, labelled, alike, "column generation: people priced by labelling");
    // Pricing by labelling takes milliseconds on the benchmark's 2-6 week horizons: the
    // checkpoint below is for pricing by MIP and for calendar rules. The first round's cap holds
    // for all: there is always a roster to fall back on, the start or, without one, everyone on
    // their own (which the caller makes when column generation gives none). Labelling over
    // Curtois Instance 22's 364 days did not finish its first round in 200 s at 600 s, where
    // everyone on their own took 13 s.
    // Labelled benchmark-shaped people converge in tens of rounds; with calendar rules (weekly
    // rest, hours per period, nights, bookings) a round takes longer (0.3-1 s for a 17-person
    // Nordic pool), so the checkpoint below holds for them as for pricing by MIP.
    let converges_fast = pricers.iter().all(|p| p.labeller.as_ref().is_some_and(|l| l.rules.calendar_free()));
    let integral = model.integral_objective();
    let round = |x: f64| if integral { (x - 1e-6 * x.abs().max(1.0)).ceil() } else { x };
    let mut best = f64::NEG_INFINITY;
    let (mut converged, mut iterations, mut value) = (false, 0, f64::NAN);
    // The master LP's primal solution at its last solve (the schedules added since then are 0).
    let mut last_primal = Vec::new();
    let threads = run.pricing.max(1);
    // Wentges smoothing: price at a mix of the master's duals and the duals of the best bound so
    // far (the stability centre), which damps the duals' swings; a mix that finds no column the
    // master wants is priced again at the master's own duals.
    let mut centre: Option<Vec<f64>> = None;
    // The first round may take at most 1/MIN_ROUNDS of the time: one that takes longer shows
    // there is no time to converge (a 34-person pool's pricing problems take a second each).
    // An interior master (calendar rules, below) needs more: 84 rounds came within 0.3% of the
    // bound on the 200-staff pool's 70-person component, the first nine at the start's value.
    let min_rounds = if converges_fast { MIN_ROUNDS } else { MIN_ROUNDS_INTERIOR };
    // It counts from here: completing schedules from elsewhere is no pricing round (0.3-0.5 s
    // for 850 schedules on the sample pool, which left a sweep's points 9 and 10 at 60 s no
    // time for their first round).
    let rounds_began = Instant::now();
    let first_round_cap =
        run.generation_deadline.map(|t| rounds_began + t.saturating_duration_since(rounds_began).div_f64(min_rounds));
    // The compact LP's duals make a far better first centre than the first master's (which
    // price the artificial columns): the Lagrangian bound there is at least the LP bound, as
    // each person's schedules lie within their LP rows. A dual of the wrong sign for its row
    // (interior point leaves some) is taken as 0, which keeps the bound valid. Not where
    // labelling converges fast anyway: Curtois Instance 5 was proven in 1 of 3 runs with it,
    // in 2 of 2 without.
    let seed = run.lp_duals.filter(|y| y.len() == model.rows() && !converges_fast);
    // The seed round's bound, if it gave one: the checkpoint asks for progress beyond it.
    let mut seed_bound = None;
    if let Some(y) = seed {
        let at: Vec<f64> = d.master_rows.iter().map(|&i| of_right_sign(y[i], model.row_bounds(i))).collect();
        if let Some(mut priced) = price_all(&mut pricers, model, d, &at, None, first_round_cap, threads) {
            diversify((&identical, &capacity), &mut priced, &pricers, (model, d, &master), &at, first_round_cap);
            if let Some(bound) = lagrangian(model, d, &at, &priced) {
                tracing::debug!(bound, known = run.known_bound, "column generation: priced at the LP duals");
                best = bound;
                seed_bound = Some(bound);
                centre = Some(at);
            }
            for p in priced.iter().filter(|p| !p.schedule.is_empty()) {
                master.add(p.block, &p.schedule);
            }
        }
    }
    // With calendar rules (Nordic pools) the master LP is solved by interior point, without
    // crossover, and priced at its duals as they are: they lie inside the face of optimal duals,
    // where the simplex gives a vertex of it. From the search's roster the simplex master
    // stalls: on a 200-staff pool's 70-person component its value stayed at the start's for
    // every round until the checkpoint (the vertex is degenerate: each round's 70 new schedules
    // entered at 0); with interior duals it went down from the ninth round, from -8,400 to
    // -8,695 in 84 rounds, and the bound rose above the compact LP duals' (session 18).
    let interior = !converges_fast && std::env::var("ROSTER_CG_SIMPLEX").is_err();
    if interior {
        master.set_interior(true);
    }
    // Smoothing of interior duals, for benchmarking only (ROSTER_CG_SMOOTH; off: see below).
    let smooth_interior: f64 = std::env::var("ROSTER_CG_SMOOTH").ok().and_then(|v| v.parse().ok()).unwrap_or(0.0);
    // The roster sought within the master's support before convergence, once tried (see below).
    let mut early: Option<Option<Vec<f64>>> = None;
    // The gap between the master and the bound after the first round with a bound: with
    // interior duals the master's descent shows progress before the bound moves.
    let mut first_gap = None;
    // The interior master's optimality tolerance, loose while the master descends (see
    // [`MasterTolerance`]); `ROSTER_CG_IPM_D=0` keeps HiGHS's 1e-8 throughout (for measuring).
    let mut tolerance = interior.then(MasterTolerance::from_env).flatten();
    while iterations < run.iterations {
        if (run.stop)() || run.generation_deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        master.highs.time_limit(run.generation_deadline);
        if let Some(t) = tolerance.as_mut() {
            let tol = t.next(value, best);
            master.highs.set_double("ipm_optimality_tolerance", tol);
            tracing::trace!(tol, "column generation: the master's tolerance");
        }
        let t_master = Instant::now();
        let status = match tolerance {
            Some(_) => master.highs.run_loose(),
            None => master.highs.run_after(Change::Columns),
        };
        let (seconds, columns) = (t_master.elapsed().as_secs_f64(), master.highs.columns());
        // The iteration count is read only when the trace is on.
        tracing::trace!(
            status,
            seconds,
            columns,
            simplex = master.highs.int_info("simplex_iteration_count"),
            "column generation: master LP"
        );
        if status != highs_sys::kHighsModelStatusOptimal {
            tracing::debug!(status, iterations, "column generation: the master LP did not solve");
            break;
        }
        iterations += 1;
        value = master.highs.objective();
        let (primal, mut duals) = master.highs.solution();
        last_primal = primal;
        if interior {
            master.mend_signs(&mut duals);
        }
        let (pi, mu) = duals.split_at(rows);
        // Interior duals are stable enough: Wentges smoothing is for the simplex's.
        let mut alpha = if centre.is_some() && !interior {
            SMOOTHING
        } else if centre.is_some() {
            smooth_interior
        } else {
            0.0
        };
        let pricing_deadline = if iterations == 1 { first_round_cap } else { run.generation_deadline };
        let mut added = 0;
        let mut failed = false;
        loop {
            let at = smoothed(centre.as_deref(), pi, alpha);
            // At the master's own duals only schedules below the convexity dual matter.
            let cutoffs = (alpha == 0.0).then_some(mu);
            let t_price = Instant::now();
            let Some(mut priced) = price_all(&mut pricers, model, d, &at, cutoffs, pricing_deadline, threads) else {
                failed = true;
                break;
            };
            diversify((&identical, &capacity), &mut priced, &pricers, (model, d, &master), &at, pricing_deadline);
            tracing::trace!(seconds = t_price.elapsed().as_secs_f64(), "pricing round");
            // At the master's own duals the LP-duality bound stands in when the Lagrangian has
            // none (a column without an upper bound whose reduced cost is negative within HiGHS's
            // tolerance).
            // Not at interior duals: the interior point's value is that of its primal, within
            // a tolerance of its duals' objective, which the Farley bound takes it for.
            let at_master = (alpha == 0.0 && !interior).then(|| farley(value, mu, &priced));
            if let Some(bound) = lagrangian(model, d, &at, &priced).or(at_master) {
                if bound > best {
                    best = bound;
                    centre = Some(at);
                }
            }
            added += master.add_improving(&priced, pi, mu);
            if added > 0 || alpha == 0.0 {
                break;
            }
            alpha = 0.0;
        }
        if failed {
            tracing::debug!(iterations, "column generation: a pricing problem did not solve");
            if iterations == 1 {
                // Nothing learnt (the first round hit its time cap): leave the time to the search.
                return None;
            }
            break;
        }
        // Convergence takes tens of rounds (29 on Curtois Instance 4): when the first round
        // shows there is no time for them, the time is better left to the branch-and-bound.
        let checkpoint =
            run.generation_deadline.map(|d| began + d.saturating_duration_since(began).mul_f64(CHECKPOINT));
        let gap = value - best;
        if gap.is_finite() {
            first_gap.get_or_insert(gap);
        }
        let descending = interior && first_gap.is_some_and(|first| gap <= DESCENT * first);
        let stalled = !converging(best, run.known_bound, value, seed_bound) && !descending;
        if stalled && checkpoint.is_some_and(|c| Instant::now() >= c) && !converges_fast {
            tracing::debug!(
                seconds = began.elapsed().as_secs_f64(),
                best,
                known = run.known_bound,
                "column generation: no better bound by the checkpoint"
            );
            return None;
        }
        if iterations == 1 && pricing_deadline.is_some_and(|d| Instant::now() >= d) {
            tracing::debug!(
                seconds = began.elapsed().as_secs_f64(),
                "column generation: no time for enough pricing rounds"
            );
            return None;
        }
        // An interior master's first round is no measure of its pace: priced at the start
        // roster's duals it takes milliseconds, and the rounds after it seconds each as the
        // duals move inside their face (the 200-staff pool's 70-person component at 60 s: 0.06 s,
        // then 0.8, 1.9, 2.2, 1.4, 1.6, 2.6 and 4.2 s, 15.9 s to the checkpoint for nothing).
        // While it shows no progress, the rounds it still needs must fit at its pace so far.
        // So too where labelling converges fast, past the checkpoint's reach: over half a year a
        // round takes half a minute (Curtois Instance 21 at 600 s: 11 rounds in 330 s, the bound
        // still far below the compact LP's, and the second thread's search lost for them).
        let needed = match (interior, converges_fast) {
            (true, _) => Some(min_rounds),
            (false, true) => Some(MIN_ROUNDS_LABELLED),
            (false, false) => None,
        };
        if stalled
            && needed.zip(run.generation_deadline).is_some_and(|(needed, d)| {
                outpaced(rounds_began.elapsed(), iterations, needed, d.saturating_duration_since(Instant::now()))
            })
        {
            tracing::debug!(
                seconds = began.elapsed().as_secs_f64(),
                iterations,
                "column generation: no time for enough pricing rounds at this pace"
            );
            return None;
        }
        tracing::trace!(iteration = iterations, master = value, best, added, "column generation");
        if added == 0 || value - best <= 1e-9 * value.abs().max(1.0) {
            // Only the exact master's value and duals show convergence.
            if tolerance.as_mut().is_some_and(MasterTolerance::tighten) {
                continue;
            }
            converged = true;
            break;
        }
        if (run.enough)(round(best)) {
            break;
        }
        // Under a gap it is often the roster, not the bound, that is missing: once the
        // interior master's value is good enough, the best roster within its support is sought
        // once, and a roster good enough ends the generation. On the sample pool with 6 extra
        // nurses the compact LP's bound was already within 1% of the optimum, and the master
        // came within it 15 rounds (2.9 s) before it converged.
        if interior && early.is_none() && value <= (run.target)(round(best)) {
            let found = master.image(&last_primal).and_then(|image| (run.near)(&image, round(best)));
            let enough = found.is_some() && (run.enough)(round(best));
            early = Some(found);
            if enough {
                break;
            }
        }
    }
    if interior {
        master.highs.set_double("ipm_optimality_tolerance", MasterTolerance::EXACT);
        master.set_interior(false);
    }
    if iterations == 0 {
        return None;
    }
    let generation_seconds = began.elapsed().as_secs_f64();
    if converged && crate::backend::tuned("ROSTER_CHECK_BOUND", 0) == 1 {
        check_bound(model, d, &master, centre.as_deref(), best, threads);
    }
    let mut bound = round(best);
    // The restricted master MIP's roster (in a share of the time left), then branch-and-price
    // against the better of it and the start when the root converged and every person is priced
    // by labelling.
    // Not with calendar rules: on a 17-person Nordic pool at 60 s the dive took 12 s a step, and
    // the neighbourhood search, left 7 s instead of 35, found a worse roster.
    let labelled = pricers.iter().all(|p| p.labeller.is_some() && p.trusted.get());
    let branches = converged && labelled && converges_fast && !(run.enough)(bound);
    // The master MIP takes a share of the time left when the tree or the search follows (with
    // calendar rules, or short of convergence): on a 17-person Nordic pool it spent 25 s on a
    // roster the search beat in 2; on Curtois Instance 21 at 600 s, short of convergence, it
    // took the 110 s left and found nothing.
    // The share is counted from before the near roster below, which often uses it up: given its
    // share after the near roster, the master MIP (2,258, 587 and 927 schedules) ran 6-8 s on
    // Curtois Instances 12, 7 and 8 at 60 s without improving on its start, and left 12 at 4,141
    // instead of 4,043.
    let master_deadline = match branches || !converges_fast || !converged {
        true => run.deadline.map(|t| {
            let now = Instant::now();
            let share = t.saturating_duration_since(now).mul_f64(MASTER_MIP_BEFORE_BRANCHING);
            now + if branches { share.min(Duration::from_secs_f64(MASTER_MIP_BEFORE_BRANCHING_SECONDS)) } else { share }
        }),
        false => run.deadline,
    };
    // A roster near the converged master LP's optimum (on Curtois Instance 13 the restricted
    // master MIP's roster was 22,000 above the bound, and eight steps of branch-and-price's dive
    // in 233 s left it 12,900 above).
    // An interior master's image guides the search also short of convergence: on the 200-staff
    // pool it was within 0.3% of the bound when the time ran out, the search's roster 2.5% above.
    let image = if converged || interior { master.image(&last_primal) } else { None };
    let near = match (&image, (run.stop)(), early) {
        // The roster found early ended the generation.
        (_, _, Some(Some(found))) if !converged && (run.enough)(bound) => Some(found),
        (Some(image), false, _) => (run.near)(image, bound),
        _ => None,
    };
    if let Some(roster) = &near {
        // Its schedules join the master, for its MIP and for branch-and-price.
        master.add_roster(roster);
    }
    // A near roster within the gap of the bound (the caller's `enough` knows it: `near` offers
    // what it finds) leaves the master MIP and branch-and-price nothing to do: on the sample
    // pool with 6 extra nurses the master MIP spent 0.65 s after the near roster met the bound.
    let done = near.is_some() && (run.enough)(bound);
    let branches = branches && !done;
    let from_master = match (run.stop)() || done {
        true => None,
        false => master.solve_integer(near.as_deref().or(run.start), master_deadline, run.master_nodes),
    };
    let mut found = [run.start.map(<[f64]>::to_vec), near, from_master]
        .into_iter()
        .flatten()
        .filter_map(|c| (run.price)(&c).map(|v| (v, c)))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    if branches {
        // The tree proves a roster optimal only once it holds one at its rounded bound, and a
        // better upper bound prunes more. Under a deadline the search runs beside it on a thread
        // of its own and hands it every roster it finds (on Curtois Instance 6, root 1949 and
        // optimum 1950, the tree's own roster stayed at 1951 for 376 nodes; the search went from
        // 1951 to 1950 in 7 s). Without one the tree runs alone: its roster then depends on
        // nothing but the input.
        let upper = found.as_ref().map_or(f64::INFINITY, |f| f.0);
        let target = round(best);
        let start = found.clone().filter(|f| f.0 > target + branching::tolerance(target) && run.deadline.is_some());
        let offered: Mutex<Option<Vec<f64>>> = Mutex::new(None);
        let from_tree: Mutex<Option<Vec<f64>>> = Mutex::new(None);
        let tree_done = AtomicBool::new(false);
        let improve = run.improve;
        let e = std::thread::scope(|scope| {
            if let Some((_, roster)) = &start {
                // Until the tree is done, which its dive may be after the tree's deadline.
                let deadline = run.dive_ends();
                let (offered, from_tree, tree_done) = (&offered, &from_tree, &tree_done);
                let guide = image.as_deref();
                scope.spawn(move || {
                    improve(&Beside {
                        start: roster,
                        target,
                        deadline,
                        stop: &|| tree_done.load(Ordering::Relaxed),
                        found: &|c: &[f64]| *lock(offered) = Some(c.to_vec()),
                        from_tree: &|| lock(from_tree).take(),
                        guide,
                    });
                });
            }
            // The roster the search found last, if it is a roster of the master rows.
            let incoming = || {
                let c = lock(&offered).take()?;
                (run.price)(&c).map(|v| (v, c))
            };
            // The tree prices on one thread fewer while the search runs.
            let threads = if start.is_some() { run.pricing.saturating_sub(1).max(1) } else { run.pricing };
            // The search stops when the tree ends, also when it ends by a panic: a panicking
            // tree had left the search running to its deadline (an hour in a test) before the
            // panic surfaced.
            let _tree_ends = RaiseOnDrop(&tree_done);
            let outgoing = |c: &[f64]| *lock(&from_tree) = Some(c.to_vec());
            let link = branching::Link { incoming: &incoming, outgoing: &outgoing };
            branching::explore(
                &mut master,
                &mut pricers,
                model,
                d,
                run,
                best,
                upper,
                link,
                threads,
                &round,
                run.deadline,
            )
        });
        tracing::debug!(
            nodes = e.nodes,
            bound = e.bound,
            exhausted = e.exhausted,
            roster = e.roster.as_ref().map_or(f64::NAN, |r| r.0),
            seconds = began.elapsed().as_secs_f64() - generation_seconds,
            "column generation: branch-and-price"
        );
        bound = bound.max(e.bound);
        if e.roster.is_some() {
            found = e.roster;
        }
        // A roster the search found after the tree's last look.
        let late = lock(&offered).take();
        if let Some(late) = late.and_then(|c| (run.price)(&c).map(|v| (v, c))) {
            if found.as_ref().map_or(true, |f| late.0 < f.0) {
                found = Some(late);
            }
        }
    }
    let columns = found.map(|(_, c)| c);
    tracing::trace!(generation_seconds, "column generation: done");
    let schedules = master.schedules.len();
    let support = master.support(&last_primal);
    Some(Generated { bound, master: value, converged, columns, iterations, schedules, image, support })
}

#[cfg(test)]
mod tests {
    use super::super::build;
    use super::super::tests::limits;
    use super::*;
    use good_lp::{constraint, variable, Expression, ProblemVariables};

    /// The checkpoint's rule on the cases that set it: Curtois Instances 5 and 7 without a seed
    /// (see [`CHECKPOINT`]) and a 200-staff pool's 70-person component seeded by the LP duals.
    #[test]
    fn the_checkpoint_asks_a_seeded_bound_to_rise_above_the_seed() {
        // Instance 5: 83 below the known bound, 512 below the master: converging.
        let known = 1000.0;
        assert!(converging(known - 83.0, known, known - 83.0 + 512.0, None));
        // Instance 7: 2,031 below the known bound, 2,258 below the master: not.
        assert!(!converging(known - 2031.0, known, known - 2031.0 + 2258.0, None));
        // The 70-person component after 35 rounds: LP bound -8,732.84, the seed's and still the
        // best bound -8,728.61, the master -8,643.04. Near the known bound, but not converging.
        let (lp, seed, master) = (-8732.84, -8728.61, -8643.04);
        assert!(!converging(seed, lp, master, Some(seed)));
        // Had the bound risen above the seed's, it would be.
        assert!(converging(-8700.0, lp, master, Some(seed)));
        // A seed below the near point does not excuse a bound far below the known one.
        assert!(!converging(-8800.0, lp, master, Some(-8900.0)));
    }

    /// The pace rule on the 200-staff pool's 70-person component (interior master, 100 rounds
    /// needed): its first three rounds took 2.95 s in one run, its first two 1.4 s in another.
    #[test]
    fn column_generation_needs_time_for_its_rounds_at_the_pace_so_far() {
        let s = Duration::from_secs_f64;
        // At 60 s, about 30 s of column generation left: 97 rounds more at 0.98 s do not fit.
        assert!(outpaced(s(2.95), 3, MIN_ROUNDS_INTERIOR, s(30.0)));
        // At 120 s, under 69 s left: 98 rounds more at 0.7 s do not fit (it needed 117, of
        // 1.2-2.8 s each). Asking for 50 let it run on to the checkpoint for nothing.
        assert!(outpaced(s(1.4), 2, MIN_ROUNDS_INTERIOR, s(65.0)));
        assert!(!outpaced(s(1.4), 2, 50.0, s(65.0)));
        // At 600 s (84 rounds took 315 s there, and improved the roster): they do.
        assert!(!outpaced(s(2.95), 3, MIN_ROUNDS_INTERIOR, s(480.0)));
        // A fast first round says nothing against going on; nor do rounds beyond those needed.
        assert!(!outpaced(s(0.06), 1, MIN_ROUNDS_INTERIOR, s(30.0)));
        assert!(!outpaced(s(300.0), 100, MIN_ROUNDS_INTERIOR, s(1.0)));
        assert!(!outpaced(s(0.0), 0, MIN_ROUNDS_INTERIOR, s(0.0)));
    }

    /// The interior master's tolerance on values from the 200-staff pool's 70-person component.
    #[test]
    fn the_interior_masters_tolerance_follows_its_descent_and_is_exact_at_convergence() {
        let mut t = MasterTolerance { divisor: 10.0, last_value: f64::NAN, tolerance: MasterTolerance::LOOSEST };
        // Before any master and after the first: the loosest.
        assert_eq!(t.next(f64::NAN, f64::NEG_INFINITY), MasterTolerance::LOOSEST);
        assert_eq!(t.next(-8382.0, -8728.6), MasterTolerance::LOOSEST);
        // A round that descends by 8.7 (1e-3 of the value, a gap of 4e-2): a tenth of the descent.
        let near = |tol: f64, expected: f64| (tol / expected - 1.0).abs() < 0.05;
        let tol = t.next(-8390.7, -8728.6);
        assert!(near(tol, 1e-4), "{tol}");
        // Near the end the gap is the smaller: a descent of 0.87, a gap of 0.087 (1e-5).
        let tol = t.next(-8391.57, -8391.657);
        assert!(near(tol, 1e-6), "{tol}");
        // It loosens by at most ten times a round, however fast the master falls.
        let tol = t.next(-8500.0, f64::NEG_INFINITY);
        assert!(near(tol, 1e-5), "{tol}");
        // A master that rose (inexactly) is solved ten times tighter.
        let tol = t.next(-8499.0, -8728.6);
        assert!(near(tol, 1e-6), "{tol}");
        // Never below HiGHS's default.
        for _ in 0..10 {
            t.next(-8499.0, -8728.6);
        }
        assert_eq!(t.next(-8499.0, -8728.6), MasterTolerance::EXACT);
        // Convergence seen at a loose tolerance is confirmed by an exact solve; at the exact one it
        // stands.
        let mut loose = MasterTolerance { divisor: 10.0, last_value: -8697.0, tolerance: 1e-5 };
        assert!(loose.tighten());
        assert_eq!(loose.next(-8697.1, -8697.2), MasterTolerance::EXACT);
        assert!(!loose.tighten());
    }

    /// The pace rule where labelling converges fast, on Curtois Instances 21 and 13 at 600 s.
    #[test]
    fn labelled_column_generation_needs_time_for_its_rounds_over_long_horizons() {
        let s = Duration::from_secs_f64;
        // 21 (182 days, 100 people): a first round of 12 s with 321 s of column generation's
        // time left. Fifteen rounds would fit; the thirty it needs do not.
        assert!(!outpaced(s(12.0), 1, MIN_ROUNDS, s(321.0)));
        assert!(outpaced(s(12.0), 1, MIN_ROUNDS_LABELLED, s(321.0)));
        // 13 (28 days, 120 people): 49 rounds in 205 s, about 4.2 s each, converged.
        assert!(!outpaced(s(42.0), 10, MIN_ROUNDS_LABELLED, s(400.0)));
    }

    /// The model as HiGHS holds it.
    fn copy(vars: &ProblemVariables, objective: Expression, rows: Vec<good_lp::Constraint>) -> ModelCopy {
        let mut model = build(vars.clone(), objective, rows, &limits(0.0, 0.0)).unwrap();
        // SAFETY: `model` is live.
        unsafe { ModelCopy::of(model.as_mut_ptr()) }
    }

    fn tag(column: usize, owner: usize, vacancy: usize) -> ColumnTag {
        ColumnTag { column, owner, day: vacancy as i64, vacancy, weekend: false }
    }

    /// Column generation to convergence, without a deadline.
    fn converge(model: &ModelCopy, d: &Decomposition) -> Generated {
        without_deadline(model, d, &[], 500, 1000, 1)
    }

    /// Column generation (and branch-and-price when `rules` price everyone) without a deadline:
    /// at most `iterations` rounds, `master_nodes` nodes of the restricted master MIP.
    fn without_deadline(
        model: &ModelCopy,
        d: &Decomposition,
        rules: &[DayRules],
        iterations: usize,
        master_nodes: i32,
        threads: usize,
    ) -> Generated {
        seeded(model, d, rules, &[], iterations, master_nodes, threads)
    }

    /// [`without_deadline`], the master started with `seeds`.
    fn seeded(
        model: &ModelCopy,
        d: &Decomposition,
        rules: &[DayRules],
        seeds: &[Vec<usize>],
        iterations: usize,
        master_nodes: i32,
        threads: usize,
    ) -> Generated {
        let price = |x: &[f64]| model.violation(x).is_none().then(|| model.objective(x)).flatten();
        let run = Run { iterations, master_nodes, seeds, threads, pricing: threads, day_rules: rules, ..plain(&price) };
        generate(model, d, &run).expect("the master solves")
    }

    /// A run without deadlines, starts, seeds, rules or searches: at most 500 rounds and 1,000
    /// nodes of the restricted master MIP on one thread, rosters priced by `price`, never good
    /// enough, no roster within the master's support.
    fn plain<'a>(price: &'a dyn Fn(&[f64]) -> Option<f64>) -> Run<'a> {
        fn never(_: f64) -> bool {
            false
        }
        fn no_target(_: f64) -> f64 {
            f64::NEG_INFINITY
        }
        fn no() -> bool {
            false
        }
        fn nothing(_: &[f64], _: f64) -> Option<Vec<f64>> {
            None
        }
        fn ignore(_: &Beside) {}
        Run {
            start: None,
            generation_deadline: None,
            deadline: None,
            dive_deadline: None,
            iterations: 500,
            master_nodes: 1000,
            known_bound: f64::NEG_INFINITY,
            lp_duals: None,
            seeds: &[],
            enough: &never,
            target: &no_target,
            stop: &no,
            threads: 1,
            pricing: 1,
            day_rules: &[],
            price,
            near: &nothing,
            slow_node: f64::INFINITY,
            improve: &ignore,
        }
    }

    /// Two people, three vacancies needing one person each (x_pv, columns 0-5), uncovered
    /// costing 1 each (a_v, columns 6-8); each person's rows pair their three shifts (x_i + x_j
    /// <= 1: an odd cycle).
    fn odd_cycles() -> (ModelCopy, Decomposition) {
        let mut vars = ProblemVariables::new();
        let x: Vec<Vec<_>> = (0..2).map(|_| (0..3).map(|_| vars.add(variable().binary())).collect()).collect();
        let a: Vec<_> = (0..3).map(|_| vars.add(variable().min(0.0).max(1.0))).collect();
        let mut rows = Vec::new();
        for person in &x {
            for (i, j) in [(0, 1), (1, 2), (0, 2)] {
                rows.push(constraint!(person[i] + person[j] <= 1.0));
            }
        }
        for v in 0..3 {
            rows.push(constraint!(x[0][v] + x[1][v] + a[v] >= 1.0));
        }
        let objective: Expression = a.iter().map(|&v| Expression::from(v)).sum();
        let model = copy(&vars, objective, rows);
        let tags: Vec<ColumnTag> = (0..2).flat_map(|p| (0..3).map(move |v| tag(3 * p + v, p, v))).collect();
        let d = Decomposition::of(&model, &tags).expect("splits by person");
        (model, d)
    }

    #[test]
    fn the_bound_convexifies_each_persons_rows() {
        // Two people, three vacancies needing one person each; uncovered costs 1 (a_v). Each
        // person's rows pair their three shifts (x_i + x_j <= 1: an odd cycle), so a person works
        // at most one shift, and the optimum sends one vacancy to the agency: cost 1. The LP
        // relaxation puts 1/2 on every shift, covers all three vacancies and costs 0. Each
        // person's convex hull is x1 + x2 + x3 <= 1, so the Dantzig-Wolfe bound is 1: the
        // optimum.
        let (model, d) = odd_cycles();
        assert_eq!((d.blocks(), d.master_rows(), d.free.len()), (2, 3, 3));
        let g = converge(&model, &d);
        assert!(g.converged);
        assert!((g.bound - 1.0).abs() < 1e-6, "bound {}", g.bound);
        let roster = g.columns.expect("a roster from the restricted master");
        assert_eq!(model.violation(&roster), None);
        assert!((model.objective(&roster).unwrap() - 1.0).abs() < 1e-6);

        // A roster of chosen schedules: person 0 works vacancy 0 and person 1 vacancy 0 too;
        // the master LP sets the agency columns: a_0 = 0, a_1 = a_2 = 1 (cost 2).
        let mut master = Master::new(&model, &d, 1);
        for (b, shift) in [(0, 0), (1, 0), (1, 2)] {
            let mut local = vec![0.0; 3];
            local[shift] = 1.0;
            assert!(master.add(b, &local));
        }
        let roster = master.roster_of(&[0, 1], None).expect("the master rows allow it");
        assert_eq!(model.violation(&roster), None);
        assert_eq!(&roster[..6], &[1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        assert!((model.objective(&roster).unwrap() - 2.0).abs() < 1e-6, "{roster:?}");
        // Person 1 on vacancy 2 instead: only vacancy 1 goes to the agency.
        let roster = master.roster_of(&[0, 2], None).expect("the master rows allow it");
        assert!((model.objective(&roster).unwrap() - 1.0).abs() < 1e-6, "{roster:?}");
    }

    #[test]
    fn a_roster_of_chosen_schedules_or_a_master_mip_leaves_the_master_lp_its_optimal_basis() {
        // The model above with four schedules: person 0 on vacancy 0 or 1, person 1 on vacancy
        // 0 or 2. The master LP's optimum, 1, sends vacancy 0 to the agency (person 0 on 1,
        // person 1 on 2). The roster of person 0 and person 1 both on vacancy 0 costs 2 and
        // ends at another basis; the restricted master MIP changes integrality. After either,
        // with the bounds back, the LP must be optimal again at once: branch-and-price's next
        // node starts from the LP's basis, not the detour's (on Curtois Instance 12 a dive step
        // after such a detour took 5,178 simplex iterations, 1.6 s, to get back).
        let (model, d) = odd_cycles();
        let mut master = Master::new(&model, &d, 1);
        for (b, shift) in [(0, 0), (0, 1), (1, 0), (1, 2)] {
            let mut local = vec![0.0; 3];
            local[shift] = 1.0;
            assert!(master.add(b, &local));
        }
        let iterations_to_optimum = |master: &Master| {
            assert_eq!(master.highs.run(), highs_sys::kHighsModelStatusOptimal);
            assert!((master.highs.objective() - 1.0).abs() < 1e-9);
            master.highs.int_info("simplex_iteration_count")
        };
        assert!(iterations_to_optimum(&master) > 0);
        let roster = master.roster_of(&[0, 2], None).expect("the master rows allow it");
        assert!((model.objective(&roster).unwrap() - 2.0).abs() < 1e-6, "{roster:?}");
        master.bound_schedules(&[f64::INFINITY; 4]);
        assert_eq!(iterations_to_optimum(&master), 0);
        let roster = master.solve_integer(None, None, 100).expect("a roster");
        assert!((model.objective(&roster).unwrap() - 1.0).abs() < 1e-6, "{roster:?}");
        assert_eq!(iterations_to_optimum(&master), 0);
    }

    #[test]
    fn parked_schedules_leave_the_master_lp_and_come_back_at_their_places() {
        // The model above with person 0 on vacancy 0 or 1 and person 1 on vacancy 0 or 2: the
        // LP's optimum is 1. With the schedules on vacancies 1 and 2 parked both people work
        // vacancy 0 and vacancies 1 and 2 go to the agency: 2. Person 1 on vacancy 1, added
        // while parked, brings it back to 1 (vacancy 2 to the agency). Unparked, the schedules
        // stand in the order they were added and the LP is at 1.
        let (model, d) = odd_cycles();
        let mut master = Master::new(&model, &d, 1);
        let schedule = |shift: usize| {
            let mut local = vec![0.0; 3];
            local[shift] = 1.0;
            local
        };
        for (b, shift) in [(0, 0), (0, 1), (1, 0), (1, 2)] {
            assert!(master.add(b, &schedule(shift)));
        }
        let objective = |master: &Master| {
            assert_eq!(master.highs.run(), highs_sys::kHighsModelStatusOptimal);
            master.highs.objective()
        };
        assert!((objective(&master) - 1.0).abs() < 1e-9);
        master.park(&[false, true, false, true]);
        assert_eq!(master.schedules.len(), 2);
        assert!((objective(&master) - 2.0).abs() < 1e-9);
        assert!(master.add(1, &schedule(1)));
        assert!((objective(&master) - 1.0).abs() < 1e-9);
        // A schedule in the LP is not added twice; a parked one comes back when priced again,
        // and stands once, at its first place, when unparked.
        assert!(!master.add(1, &schedule(1)));
        assert_eq!(master.comebacks(), 0);
        assert!(master.add(0, &schedule(1)));
        assert_eq!((master.schedules.len(), master.comebacks()), (4, 1));
        master.unpark();
        let placed: Vec<(usize, usize)> = master.schedules.iter().map(|s| (s.block, s.values[0].0)).collect();
        let column = |b: usize, shift: usize| d.blocks[b][shift];
        let expected = [(0, 0), (0, 1), (1, 0), (1, 2), (1, 1)].map(|(b, shift)| (b, column(b, shift)));
        assert_eq!(placed, expected);
        assert!((objective(&master) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_dearest_schedules_are_those_beyond_the_cheapest_of_each_free_person() {
        // The model above, person 0 with a schedule on each vacancy and an idle one, person 1
        // with schedules on vacancies 0 and 1. The master LP's optimum is 1 (two people, three
        // vacancies) and its only optimal duals are 1 on each vacancy's row, -1 on each
        // convexity row (the dual objective 3 - max over person 0's vacancies - max over person
        // 1's is 1 there, less elsewhere): reduced cost 0 for every working schedule, 1 for the
        // idle one. Keeping 3 of person 0's (free) marks the idle one alone; keeping 1 marks it
        // and two others; person 1 (not free) keeps both.
        let (model, d) = odd_cycles();
        let mut master = Master::new(&model, &d, 1);
        let schedule = |shift: Option<usize>| {
            let mut local = vec![0.0; 3];
            if let Some(shift) = shift {
                local[shift] = 1.0;
            }
            local
        };
        for (b, shift) in [(0, Some(0)), (0, Some(1)), (0, Some(2)), (0, None), (1, Some(0)), (1, Some(1))] {
            assert!(master.add(b, &schedule(shift)));
        }
        assert_eq!(master.highs.run(), highs_sys::kHighsModelStatusOptimal);
        assert!((master.highs.objective() - 1.0).abs() < 1e-9);
        assert_eq!(master.dearest(&[true, false], 3), vec![false, false, false, true, false, false]);
        let out = master.dearest(&[true, false], 1);
        assert_eq!(out.iter().filter(|&&o| o).count(), 3, "{out:?}");
        assert!(out[3] && !out[4] && !out[5], "{out:?}");
        assert_eq!(master.dearest(&[true, true], 4), vec![false; 6]);
    }

    #[test]
    fn the_converged_master_lp_is_handed_over_as_a_point_of_the_models_lp() {
        // The model of the test above: its image (each schedule weighted by its share) must
        // keep every row of the compact model and cost what the master LP does, 1.
        let (model, d) = odd_cycles();
        let images = std::cell::RefCell::new(Vec::new());
        // Hands back a roster of its own: person 0 on vacancy 0, person 1 on vacancy 1.
        let mine = vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0];
        let near = |image: &[f64], _bound: f64| {
            images.borrow_mut().push(image.to_vec());
            Some(mine.clone())
        };
        // Only the near roster is a roster as far as the caller's prices go.
        let price = |r: &[f64]| (r == mine.as_slice()).then(|| model.objective(r)).flatten();
        let run = Run { near: &near, ..plain(&price) };
        let g = generate(&model, &d, &run).expect("the master solves");
        assert!(g.converged);
        let images = images.into_inner();
        assert_eq!(images.len(), 1, "asked once");
        let image = &images[0];
        assert!((model.objective(image).unwrap() - g.master).abs() < 1e-6, "{image:?} against {}", g.master);
        assert!((g.master - 1.0).abs() < 1e-6);
        for (i, row) in (0..model.rows()).map(|i| (i, model.row_bounds(i))) {
            let activity: f64 = (0..model.columns())
                .flat_map(|j| model.entries(j).map(move |e| (j, e)))
                .filter(|(_, (r, _))| *r == i)
                .map(|(j, (_, a))| a * image[j])
                .sum();
            assert!(activity >= row.0 - 1e-6 && activity <= row.1 + 1e-6, "row {i}: {activity} outside {row:?}");
        }
        assert_eq!(g.columns.as_deref(), Some(mine.as_slice()), "the near roster is the one returned");
        // The same image comes back with the result, to guide the search that follows.
        assert_eq!(g.image.as_deref(), Some(image.as_slice()));
    }

    #[test]
    fn everyone_on_their_own_is_a_roster_where_the_rows_between_people_are_soft() {
        // The odd-cycle model: each person's own rows allow one shift at most, and cover is soft
        // (a_v). Whatever the people take alone, the master LP sets each a_v to what is left
        // uncovered: the roster keeps every row and costs the vacancies nobody works.
        let (model, d) = odd_cycles();
        let roster = alone(&model, &d, (2, 2), None).expect("a roster");
        assert_eq!(model.violation(&roster), None);
        let uncovered: f64 = (0..3).map(|v| (1.0 - roster[v] - roster[3 + v]).max(0.0)).sum();
        assert!((model.objective(&roster).unwrap() - uncovered).abs() < 1e-6);
        // A hard row between people that the schedules cannot meet: no roster.
        let mut vars = ProblemVariables::new();
        let (xa, xb) = (vars.add(variable().binary()), vars.add(variable().binary()));
        let rows = vec![constraint!(xa <= 0.0), constraint!(xb <= 0.0), constraint!(xa + xb >= 1.0)];
        let model = copy(&vars, xa + xb, rows);
        let d = Decomposition::of(&model, &[tag(0, 0, 0), tag(1, 1, 0)]).expect("splits by person");
        assert_eq!(alone(&model, &d, (1, 1), None), None);
    }

    #[test]
    fn capacity_rows_are_the_master_rows_that_people_fill_up_together() {
        // Two people, each with a column for three vacancies, and an over-cover column o of
        // nobody. Master rows: a cover (at most 1), a cover with over-cover (x - o <= 1: the
        // negative entry lets it stretch), a least cover (no upper bound), and a row with a
        // person's negative entry. The last row is one person's own (a block row, no master row).
        let mut vars = ProblemVariables::new();
        let a: Vec<_> = (0..3).map(|_| vars.add(variable().binary())).collect();
        let b: Vec<_> = (0..3).map(|_| vars.add(variable().binary())).collect();
        let o = vars.add(variable().min(0.0).max(1.0));
        let rows = vec![
            constraint!(a[0] + b[0] <= 1.0),
            constraint!(a[1] + b[1] - o <= 1.0),
            constraint!(a[2] + b[2] >= 1.0),
            constraint!(a[0] - b[2] <= 1.0),
            constraint!(a[0] + a[1] + a[2] <= 2.0),
        ];
        let objective: Expression = a.iter().chain(&b).map(|&x| -1.0 * x).sum::<Expression>() + o;
        let model = copy(&vars, objective, rows);
        let tags: Vec<ColumnTag> = (0..6).map(|j| tag(j, j / 3, j % 3)).collect();
        let d = Decomposition::of(&model, &tags).expect("splits by person");
        let capacity = capacity_rows(&model, &d);
        let of_row = |i: usize| d.master_rows.iter().position(|&m| m == i).map(|r| capacity[r]);
        assert_eq!((0..5).map(of_row).collect::<Vec<_>>(), [Some(true), Some(false), Some(false), Some(false), None]);
    }

    #[test]
    fn a_column_shared_by_two_people_stays_in_the_master() {
        // g is nobody's column but sits in a row of each person (x_A <= g, x_B <= g): it joins
        // the master and both rows link. min -x_A - x_B + 1.5 g: both work and g = 1, -0.5.
        let mut vars = ProblemVariables::new();
        let (xa, xb) = (vars.add(variable().binary()), vars.add(variable().binary()));
        let g = vars.add(variable().min(0.0).max(1.0));
        let rows = vec![constraint!(xa - g <= 0.0), constraint!(xb - g <= 0.0)];
        let model = copy(&vars, -xa - xb + 1.5 * g, rows);
        let d = Decomposition::of(&model, &[tag(0, 0, 0), tag(1, 1, 1)]).expect("splits by person");
        assert_eq!((d.blocks(), d.master_rows(), d.free.clone()), (2, 2, vec![2]));
        let generated = converge(&model, &d);
        assert!((generated.bound + 0.5).abs() < 1e-6, "bound {}", generated.bound);
        let roster = generated.columns.expect("a roster");
        assert_eq!(model.violation(&roster), None);
        assert!((model.objective(&roster).unwrap() + 0.5).abs() < 1e-6);
    }

    #[test]
    fn curtois_instance_4_bound_reaches_its_published_optimum() {
        // Curtois & Qu publish 1716 as both the best roster and the lower bound of Instance 4
        // (../shared/benchmarks/curtois). The compact LP bound is 1633 (BENCHMARKS.md); the
        // Dantzig-Wolfe bound must reach 1716 and, being a bound, never pass it. Pricing by MIP.
        let (model, d, _, worst_case) = curtois(4);
        assert!(model.integral_objective());
        assert_eq!(d.blocks(), 10);
        let g = converge(&model, &d);
        assert!(g.converged);
        assert_eq!(worst_case + g.bound, 1716.0);
        let roster = g.columns.expect("a roster from the restricted master");
        assert_eq!(model.violation(&roster), None);
        assert!(worst_case + model.objective(&roster).unwrap() >= 1716.0 - 1e-6);
    }

    /// Curtois & Qu instance `n` as the stage-1 model: the model, its decomposition, the
    /// formulation's day rules and the objective's constant.
    fn curtois(n: usize) -> (ModelCopy, Decomposition, Vec<DayRules>, f64) {
        stage_one(&super::super::tests::curtois_scenario(n), 0)
    }

    /// Component `part` (by number of staff, largest first) of `scenario` as the stage-1 model:
    /// the model, its decomposition, the formulation's day rules and the objective's constant.
    fn stage_one(scenario: &crate::scenario::Scenario, part: usize) -> (ModelCopy, Decomposition, Vec<DayRules>, f64) {
        let (f, candidates) = formulated(scenario, part);
        let tags: Vec<ColumnTag> = f
            .assignments
            .iter()
            .map(|&(k, var)| tag(f.column[&var], candidates.list[k].staff, candidates.list[k].vacancy))
            .collect();
        let model = copy(&f.variables, -f.savings.clone(), f.constraints.clone());
        let d = Decomposition::of(&model, &tags).expect("splits by person");
        (model, d, f.day_rules, f.worst_case)
    }

    /// Component `part` (by number of staff, largest first) of `scenario` formulated for stage 1,
    /// and the scenario's candidate pairs.
    fn formulated(
        scenario: &crate::scenario::Scenario,
        part: usize,
    ) -> (crate::formulation::Formulation, crate::eligibility::Candidates) {
        use crate::eligibility::{components, Candidates};
        use crate::formulation::{Formulation, Mode};
        let instance = crate::model::Instance::from_scenario(scenario).unwrap();
        let candidates = Candidates::of(&instance);
        let mut parts = components(&instance, &candidates);
        parts.sort_by_key(|c| std::cmp::Reverse(c.staff.len()));
        (Formulation::build(&instance, &candidates, &parts[part], Mode::Roster), candidates)
    }

    /// Prices `blocks` of a stage-1 model by labelling and by the MIP at random multipliers on
    /// the master rows, with a random option forced or barred in half the draws and a cutoff in
    /// a quarter: the bounds must agree, and every labelled schedule must complete to a solution
    /// of the person's rows (else labelling would stop trusting itself). Returns the number of
    /// comparisons.
    fn compare_pricing(
        name: &str,
        (model, d, rules): (&ModelCopy, &Decomposition, &[DayRules]),
        blocks: impl Iterator<Item = usize>,
        scale: f64,
        rng: &mut rand_chacha::ChaCha8Rng,
    ) -> usize {
        use rand::Rng;
        let mut compared = 0;
        for b in blocks {
            let owner = rules.iter().find(|r| r.owner == d.block_owner[b]).unwrap();
            let labeller = Labeller::of(model, d, b, owner).expect("the rules describe the block");
            let mut by_labelling = Pricer::new(model, d, b, 1, Some(labeller));
            let mut by_mip = Pricer::new(model, d, b, 1, None);
            for draw in 0..4 {
                let pi: Vec<f64> = (0..d.master_rows()).map(|_| -rng.random_range(0.0..scale)).collect();
                let fixed: Vec<(usize, f64)> = match draw {
                    0 | 1 => Vec::new(),
                    _ => {
                        let k = rng.random_range(0..d.blocks[b].len());
                        let k = (k..d.blocks[b].len()).chain(0..k).find(|&k| d.assignment[d.blocks[b][k]]).unwrap();
                        vec![(k, if draw == 2 { 1.0 } else { 0.0 })]
                    }
                };
                by_labelling.fix(&fixed);
                by_mip.fix(&fixed);
                let cut = if draw == 1 { Some(-scale / 3.0) } else { None };
                let a = by_labelling.price(model, d, &pi, cut, None).map(|p| p.bound);
                let e = by_mip.price(model, d, &pi, cut, None).map(|p| p.bound);
                match (a, e) {
                    (Some(a), Some(e)) => {
                        assert!(
                            (a - e).abs() <= 1e-6 * e.abs().max(1.0),
                            "{name} block {b} draw {draw}: {a} against {e}"
                        )
                    }
                    (a, e) => assert_eq!(a, e, "{name} block {b} draw {draw}"),
                }
                assert!(by_labelling.trusted.get(), "{name} block {b}: a schedule the rows refused");
                compared += 1;
            }
        }
        compared
    }

    #[test]
    fn labelling_prices_exactly_as_the_mip() {
        // Every person of these instances has day-shaped rules (one shift a day, successions,
        // type caps, hours, runs, days off, weekends, requests).
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut compared = 0;
        // 8 and 13 have people with several binding type caps (the relaxation of caps in
        // labelling must end at schedules that keep them).
        for n in [2, 5, 7, 8, 10, 12, 13] {
            let (model, d, rules, _) = curtois(n);
            assert_eq!(rules.len(), d.blocks(), "Instance{n}: everyone is day-shaped");
            let blocks = (0..d.blocks()).step_by(3).take(4);
            compared += compare_pricing(&format!("Instance{n}"), (&model, &d, &rules), blocks, 150.0, &mut rng);
        }
        assert_eq!(compared, 7 * 4 * 4);
    }

    #[test]
    fn labelling_prices_nordic_pools_exactly_as_the_mip() {
        // Generated Skåne pools under the Swedish preset: 11 h daily rest, 36 h weekly rest in
        // every 7-day period, 48 h per 7-day period, a 4-week averaging block, at most 6 days
        // and 4 nights in a row and 2 weekends, bookings at the home unit (some before the
        // horizon, across the autumn DST change). Multipliers up to 15 per cover row (a vacancy
        // hour costs 0.8-1.3): sometimes nobody is worth working, sometimes the hours bind.
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let (mut compared, mut booked, mut weekly) = (0, 0, 0);
        for seed in [1, 2] {
            let options = crate::generate::GenerateOptions { staff: 30, seed, ..Default::default() };
            let scenario = crate::generate::generate(&options);
            let (model, d, rules, _) = stage_one(&scenario, 0);
            assert_eq!(rules.len(), d.blocks(), "seed {seed}: everyone is day-shaped");
            booked += rules.iter().filter(|r| !r.booked.is_empty()).count();
            weekly += rules.iter().filter(|r| r.weekly_rest.as_ref().is_some_and(|w| !w.periods.is_empty())).count();
            let blocks = 0..d.blocks().min(8);
            compared += compare_pricing(&format!("pool seed {seed}"), (&model, &d, &rules), blocks, 15.0, &mut rng);
        }
        assert!(booked > 0 && weekly > 0, "{booked} people with bookings, {weekly} with weekly rest");
        assert!(compared >= 40, "{compared}");
    }

    #[test]
    fn an_interior_master_bounds_a_nordic_pool_between_its_lp_and_its_optimum() {
        // A generated pool under the Swedish preset: calendar rules, so the master LP is solved
        // by interior point. The converged bound must lie between the compact LP's and the
        // integer optimum (both by HiGHS on the same model), and equal the master's value.
        let options = crate::generate::GenerateOptions { staff: 12, seed: 3, ..Default::default() };
        let scenario = crate::generate::generate(&options);
        let (model, d, rules, _) = stage_one(&scenario, 0);
        assert!(rules.iter().any(|r| !r.calendar_free()), "calendar rules: an interior master");
        let g = without_deadline(&model, &d, &rules, 400, 1000, 1);
        assert!(g.converged, "{} rounds", g.iterations);
        let (f, _) = formulated(&scenario, 0);
        let solve = |relax: bool| {
            let mut m =
                build(f.variables.clone(), -f.savings.clone(), f.constraints.clone(), &limits(0.0, 0.0)).unwrap();
            if relax {
                let n = model.columns();
                let continuous = vec![0 as HighsInt; n];
                // SAFETY: the model is live, one entry per column.
                unsafe {
                    highs_sys::Highs_changeColsIntegralityByRange(
                        m.as_mut_ptr(),
                        0,
                        n as HighsInt - 1,
                        continuous.as_ptr(),
                    )
                };
            }
            let solved = m.try_solve().unwrap();
            assert_eq!(solved.status(), highs::HighsModelStatus::Optimal);
            solved.objective_value()
        };
        let (lp, optimum) = (solve(true), solve(false));
        let tolerance = 1e-6 * optimum.abs().max(1.0);
        assert!(lp - tolerance <= g.bound && g.bound <= optimum + tolerance, "{lp} <= {} <= {optimum}", g.bound);
        assert!((g.master - g.bound).abs() <= 1e-4 * optimum.abs().max(1.0), "master {} bound {}", g.master, g.bound);
        println!("LP {lp}, column generation {} in {} rounds, optimum {optimum}", g.bound, g.iterations);
    }

    /// A generated pool under the Swedish preset with its first person there twice more (new
    /// ids, all else the same), and the component they are in: the model, its decomposition,
    /// the day rules and the three people's staff indices.
    fn with_twins() -> (ModelCopy, Decomposition, Vec<DayRules>, [usize; 3]) {
        let options = crate::generate::GenerateOptions { staff: 12, seed: 3, ..Default::default() };
        let mut scenario = crate::generate::generate(&options);
        let n = scenario.staff.len();
        // Some vacancies allow over-cover: their cover rows hold the over-cover column (-1).
        for v in scenario.vacancies.iter_mut().step_by(5) {
            v.over_cover = Some(crate::scenario::OverCover { max: Some(1), cost_per_person: 5.0 });
        }
        for k in 1..=2 {
            let mut twin = scenario.staff[0].clone();
            twin.id = format!("{}-twin-{k}", twin.id);
            scenario.staff.push(twin);
        }
        let part = (0..n)
            .find(|&part| {
                let (f, candidates) = formulated(&scenario, part);
                f.assignments.iter().any(|&(k, _)| candidates.list[k].staff == 0)
            })
            .expect("the first person has a component");
        let (model, d, rules, _) = stage_one(&scenario, part);
        (model, d, rules, [0, n, n + 1])
    }

    #[test]
    fn people_the_model_cannot_tell_apart_price_schedules_of_their_own() {
        let (model, d, rules, twins) = with_twins();
        let classes = identical_blocks(&model, &d);
        let class = classes
            .iter()
            .find(|c| c.iter().any(|&b| d.block_owner[b] == twins[0]))
            .expect("the first person is in a class");
        let owners: Vec<usize> = class.iter().map(|&b| d.block_owner[b]).collect();
        assert!(twins.iter().all(|t| owners.contains(t)), "{owners:?}");
        // Everyone else in a class is there with someone the model cannot tell apart either:
        // their blocks have as many columns.
        for c in &classes {
            assert!(c.iter().all(|&b| d.blocks[b].len() == d.blocks[c[0]].len()));
        }
        // At multipliers 0 every shift is worth covering: the class's people all price the same
        // cheapest schedule, which covers vacancies only one person may work.
        let master = Master::new(&model, &d, 1);
        let pricers: Vec<Pricer> = (0..d.blocks.len())
            .map(|b| {
                let labeller =
                    rules.iter().find(|r| r.owner == d.block_owner[b]).and_then(|r| Labeller::of(&model, &d, b, r));
                Pricer::new(&model, &d, b, 1, labeller)
            })
            .collect();
        let pi = vec![0.0; d.master_rows.len()];
        let mut priced: Vec<Priced> =
            pricers.iter().map(|p| p.price(&model, &d, &pi, None, None).expect("priced")).collect();
        let exact: Vec<(f64, Vec<f64>)> =
            class.iter().map(|&b| (priced[b].bound, priced[b].schedule.clone())).collect();
        assert!(exact.iter().all(|e| e == &exact[0]), "the same schedule for all");
        let capacity = capacity_rows(&model, &d);
        // The master holds the vacancies' cover rows only (fairness is not in the stage-1 model):
        // those without over-cover cap what people take together, those with it do not.
        assert!(capacity.iter().any(|&c| c) && !capacity.iter().all(|&c| c), "cover rows with and without over-cover");
        diversify((&classes, &capacity), &mut priced, &pricers, (&model, &d, &master), &pi, None);
        // Now each has a schedule of their own, the bounds are still the exact ones, and
        // together they fill no capacity row (a vacancy's cover) beyond its upper bound.
        let schedules: Vec<&Vec<f64>> = class.iter().map(|&b| &priced[b].schedule).collect();
        for (k, a) in schedules.iter().enumerate() {
            assert!(schedules[..k].iter().all(|b| b != a), "schedule {k} repeats an earlier one");
        }
        assert_eq!(schedules[0], &exact[0].1, "the first keeps the cheapest");
        assert!(class.iter().all(|&b| priced[b].bound == exact[0].0));
        let mut filled = vec![0.0; d.master_rows.len()];
        for &b in class {
            for (r, a) in master.column(b, &priced[b].schedule).1 {
                filled[r] += a;
            }
        }
        for (r, &i) in d.master_rows.iter().enumerate().filter(|&(r, _)| capacity[r]) {
            assert!(
                filled[r] <= model.row_bounds(i).1 + 1e-9,
                "row {i}: {} above {:?}",
                filled[r],
                model.row_bounds(i)
            );
        }
    }

    #[test]
    fn a_master_started_from_a_converged_support_converges_in_few_rounds_to_the_same_bound() {
        let (model, d, rules, _) = with_twins();
        let cold = without_deadline(&model, &d, &rules, 400, 1, 1);
        assert!(cold.converged && cold.iterations > 3, "{} rounds", cold.iterations);
        assert!(!cold.support.is_empty());
        // Every schedule of the support is one person's assignment columns.
        for schedule in &cold.support {
            assert!(schedule.iter().all(|&j| d.assignment[j]));
        }
        let warm = seeded(&model, &d, &rules, &cold.support, 400, 1, 1);
        // (Not in one round: the support leaves out schedules of weight below SUPPORT_WEIGHT.)
        assert!(
            warm.converged && warm.iterations * 3 <= cold.iterations,
            "{} rounds from the support, {} cold",
            warm.iterations,
            cold.iterations
        );
        let tolerance = 1e-4 * cold.bound.abs().max(1.0);
        assert!((warm.bound - cold.bound).abs() <= tolerance, "{} against {}", warm.bound, cold.bound);
        // Schedules that no longer fit (here: of a person who is not in the model) are left out.
        let foreign = vec![vec![model.columns() + 1]];
        let g = seeded(&model, &d, &rules, &foreign, 400, 1, 1);
        assert!(g.converged && (g.bound - cold.bound).abs() <= tolerance);
    }

    /// Under a gap, once the interior master's value is good enough, the best roster within its
    /// support is sought before convergence, and one good enough ends the generation there.
    #[test]
    fn a_roster_within_the_gap_ends_generation_before_it_converges() {
        let (model, d, rules, _) = with_twins();
        let cold = without_deadline(&model, &d, &rules, 400, 1, 1);
        let price = |x: &[f64]| model.violation(x).is_none().then(|| model.objective(x)).flatten();
        // `near` hands back nobody working (whether that keeps the model's rows does not matter
        // here) and counts its calls; `enough` holds once `near` was asked, if `good`.
        let run = |good: bool, target: f64| {
            let asked = std::cell::Cell::new(0);
            let nobody = vec![0.0; model.columns()];
            let near = |image: &[f64], _bound: f64| {
                assert_eq!(image.len(), model.columns());
                asked.set(asked.get() + 1);
                Some(nobody.clone())
            };
            let enough = |_: f64| good && asked.get() > 0;
            let target = |_: f64| target;
            let run = Run {
                iterations: 400,
                master_nodes: 1,
                seeds: &cold.support,
                enough: &enough,
                target: &target,
                day_rules: &rules,
                near: &near,
                ..plain(&price)
            };
            let g = generate(&model, &d, &run).expect("the master solves");
            (g, asked.get())
        };
        // Any master value good enough, and the roster too: asked once, after the first round,
        // and the generation ends there.
        let (early, asked) = run(true, f64::INFINITY);
        assert_eq!((early.iterations, early.converged, asked), (1, false, 1));
        // Not good enough: asked once early, once more at convergence (a seeded master takes
        // several rounds: see the test above).
        let (late, asked) = run(false, f64::INFINITY);
        assert!(late.converged && late.iterations > 1, "{} rounds", late.iterations);
        assert_eq!(asked, 2);
        // No target (schedules wanted converged): asked only at convergence.
        let (converged, asked) = run(true, f64::NEG_INFINITY);
        assert!(converged.converged && converged.iterations == late.iterations);
        assert_eq!(asked, 1);
        // The bound is never above the converged one.
        assert!(early.bound <= cold.bound + 1e-6 * cold.bound.abs().max(1.0));
    }

    /// Not a test: the time of a few pricing rounds on a Curtois instance
    /// (`ROSTER_LABEL_INSTANCE`, default 13), for working on labelling's speed
    /// (`cargo test --release -p roster --lib labelling_speed -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn labelling_speed() {
        let n = std::env::var("ROSTER_LABEL_INSTANCE").ok().and_then(|v| v.parse().ok()).unwrap_or(13);
        let (model, d, rules, _) = curtois(n);
        let rounds = std::env::var("ROSTER_LABEL_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(6);
        let began = Instant::now();
        let g = without_deadline(&model, &d, &rules, rounds, 1, 1);
        println!("Instance{n}: {} rounds in {:.2} s, bound {}", g.iterations, began.elapsed().as_secs_f64(), g.bound);
    }

    /// Two people, at most two shifts each, and one person needed on each of four weekdays
    /// (100 a person short, 1 a person over).
    const TWO_FOR_FOUR: &str = "SECTION_HORIZON\n4\n\nSECTION_SHIFTS\nD,480,\n\n\
SECTION_STAFF\nA,D=2,960,0,4,1,1,1\nB,D=2,960,0,4,1,1,1\n\nSECTION_DAYS_OFF\n\n\
SECTION_SHIFT_ON_REQUESTS\n\nSECTION_SHIFT_OFF_REQUESTS\n\n\
SECTION_COVER\n0,D,1,100,1\n1,D,1,100,1\n2,D,1,100,1\n3,D,1,100,1\n";

    #[test]
    fn best_responses_share_out_the_days() {
        // Whoever moves first takes two days (each saves 100); the other then takes the two left
        // (100 each) rather than a day already covered (1 over): every day covered, objective 0,
        // and nobody can do better alone in the second pass.
        let text = TWO_FOR_FOUR;
        let name = "two for four";
        let scenario = crate::import::curtois::to_scenario(&crate::import::curtois::parse(text).unwrap(), name);
        let (model, d, rules, worst) = stage_one(&scenario, 0);
        for seed in 0..4 {
            let r = respond(&model, &d, &rules, None, (1, 1), None, seed).expect("a roster");
            assert_eq!(model.violation(&r.roster), None);
            assert_eq!(worst + model.objective(&r.roster).unwrap(), 0.0);
            assert_eq!((r.passes, r.moves, r.settled), (2, 2, true));
            assert_eq!(r.objective, model.objective(&r.roster).unwrap());
        }
    }

    #[test]
    fn best_responses_account_for_the_objective_exactly_and_keep_every_rule() {
        // Curtois Instance 2 (published optimum 828) from nobody working, and again from that
        // roster: what the moves count as the roster's objective is the model's, and the roster
        // keeps every row.
        let (model, d, rules, worst) = curtois(2);
        let first = respond(&model, &d, &rules, None, (2, 2), None, 7).expect("a roster");
        assert_eq!(model.violation(&first.roster), None);
        let objective = model.objective(&first.roster).unwrap();
        assert!((first.objective - objective).abs() < 1e-6, "{} against {objective}", first.objective);
        assert!(worst + objective >= 828.0 - 1e-6);
        assert!(first.settled);
        let again = respond(&model, &d, &rules, Some(&first.roster), (2, 2), None, 8).expect("a roster");
        assert_eq!(model.violation(&again.roster), None);
        assert!(model.objective(&again.roster).unwrap() <= objective + 1e-6);
    }

    #[test]
    fn a_beam_that_left_labels_out_widens_until_nobody_moves_at_the_widest() {
        // Curtois Instance 2 from nobody working, with one label a day at first: a pass that
        // changes nobody doubles the beam while a beam left labels out, so the roster it settles
        // at is one where nobody moves at the widest beam either.
        let (model, d, rules, worst) = curtois(2);
        let narrow = respond::respond_from_beam(&model, &d, &rules, None, (2, 2), None, 5, 1).expect("a roster");
        assert!(narrow.settled);
        assert_eq!(model.violation(&narrow.roster), None);
        let wide =
            respond::respond_from_beam(&model, &d, &rules, Some(&narrow.roster), (2, 2), None, 6, respond::WIDEST_BEAM)
                .expect("a roster");
        assert_eq!((wide.moves, wide.passes), (0, 1));
        assert!(worst + narrow.objective >= 828.0 - 1e-6);
    }

    /// Best responses on a Curtois instance (`ROSTER_LABEL_INSTANCE`, default 20) for
    /// `ROSTER_RESPOND_SECONDS` (default 60): `cargo test --release -p roster --lib
    /// best_responses_speed -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn best_responses_speed() {
        let n = std::env::var("ROSTER_LABEL_INSTANCE").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
        let seconds: f64 = std::env::var("ROSTER_RESPOND_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(60.0);
        let began = Instant::now();
        // ROSTER_RESPOND_SCENARIO: a scenario file instead (component ROSTER_RESPOND_PART).
        let (model, d, rules, worst) = match std::env::var("ROSTER_RESPOND_SCENARIO") {
            Ok(path) => {
                let text = std::fs::read_to_string(path).unwrap();
                let scenario: crate::scenario::Scenario = serde_json::from_str(&text).unwrap();
                let part = std::env::var("ROSTER_RESPOND_PART").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
                stage_one(&scenario, part)
            }
            Err(_) => curtois(n),
        };
        println!("Instance{n}: model in {:.2} s", began.elapsed().as_secs_f64());
        let began = Instant::now();
        let deadline = began + std::time::Duration::from_secs_f64(seconds);
        let r = respond(&model, &d, &rules, None, (2, 2), Some(deadline), 0).expect("a roster");
        let objective = worst + model.objective(&r.roster).unwrap();
        println!(
            "Instance{n}: {objective} after {} passes, {} moves, settled {}, {:.2} s",
            r.passes,
            r.moves,
            r.settled,
            began.elapsed().as_secs_f64()
        );
    }

    #[test]
    fn branch_and_price_proves_curtois_instance_5() {
        // Curtois & Qu publish 1143 as the optimum of Instance 5 (lower bound = best roster).
        // The Dantzig-Wolfe bound at the root is 1141 (BENCHMARKS.md), so only the tree can prove
        // it: without a deadline it must end exhausted at 1143 with a roster of 1143.
        let (model, d, rules, worst_case) = curtois(5);
        let g = without_deadline(&model, &d, &rules, usize::MAX, 500, 2);
        assert!(g.converged);
        assert!((worst_case + g.bound - 1143.0).abs() < 1e-6, "bound {}", worst_case + g.bound);
        let roster = g.columns.expect("a roster");
        assert_eq!(model.violation(&roster), None);
        assert!((worst_case + model.objective(&roster).unwrap() - 1143.0).abs() < 1e-6);
    }

    /// Column generation and branch-and-price to the end under `deadline`, on two threads,
    /// labelling by `rules`.
    fn until<'a>(deadline: Instant, rules: &'a [DayRules], price: &'a dyn Fn(&[f64]) -> Option<f64>) -> Run<'a> {
        Run {
            generation_deadline: Some(deadline),
            deadline: Some(deadline),
            dive_deadline: Some(deadline),
            iterations: usize::MAX,
            master_nodes: 1,
            threads: 2,
            pricing: 2,
            day_rules: rules,
            ..plain(price)
        }
    }

    #[test]
    fn a_tree_too_slow_for_the_deadline_stops_and_dives_again_with_a_checked_roster() {
        // Instance 5 (root bound 1141, optimum 1143) under a far deadline, its tree judged slow
        // whatever its pace: after the dive and ten nodes it stops short of its proof (the bound
        // stays at the root's 1141, where the tree to the end proves 1143) and returns a roster
        // that keeps every rule and is no better than the optimum (the second dive it then runs
        // offers its rosters like any other; which roster wins is not asserted).
        let (model, d, rules, worst_case) = curtois(5);
        let deadline = Instant::now() + std::time::Duration::from_secs(3600);
        let price = |x: &[f64]| model.violation(x).is_none().then(|| model.objective(x)).flatten();
        let run = Run { slow_node: 0.0, ..until(deadline, &rules, &price) };
        let g = generate(&model, &d, &run).expect("the master solves");
        assert!((worst_case + g.bound - 1141.0).abs() < 1e-6, "bound {}", worst_case + g.bound);
        let roster = g.columns.expect("a roster");
        assert_eq!(model.violation(&roster), None);
        assert!(worst_case + model.objective(&roster).unwrap() >= 1143.0 - 1e-6);
    }

    #[test]
    fn the_dive_runs_on_to_its_own_deadline_past_the_trees() {
        // Instance 5 (root 1141, optimum 1143) with the tree's deadline (and the master MIP's)
        // already passed when column generation converges: with the dive's deadline passed too
        // nothing makes a roster; with the dive's an hour away, the dive fixes everyone and
        // returns a roster that keeps every rule, no better than the optimum.
        let (model, d, rules, worst_case) = curtois(5);
        let price = |x: &[f64]| model.violation(x).is_none().then(|| model.objective(x)).flatten();
        let far = Instant::now() + std::time::Duration::from_secs(3600);
        let generate_until = |dive_deadline: Instant| {
            let passed = Instant::now();
            let run = Run { deadline: Some(passed), dive_deadline: Some(dive_deadline), ..until(far, &rules, &price) };
            generate(&model, &d, &run).expect("the master solves")
        };
        assert_eq!(generate_until(Instant::now()).columns, None);
        let g = generate_until(far);
        assert!((worst_case + g.bound - 1141.0).abs() < 1e-6, "bound {}", worst_case + g.bound);
        let roster = g.columns.expect("the dive's roster");
        assert_eq!(model.violation(&roster), None);
        assert!(worst_case + model.objective(&roster).unwrap() >= 1143.0 - 1e-6);
    }

    #[test]
    fn a_tree_that_panics_still_stops_the_search_beside_it() {
        // The search beside the tree runs until the tree's flag rises; a tree that panics must
        // raise it too, or the panic surfaces only at the search's deadline.
        let tree_done = AtomicBool::new(false);
        let unwound = std::panic::catch_unwind(|| {
            let _tree_ends = RaiseOnDrop(&tree_done);
            panic!("the tree fails");
        });
        assert!(unwound.is_err());
        assert!(tree_done.load(Ordering::Relaxed));
    }

    #[test]
    fn the_search_beside_the_tree_starts_from_the_roster_in_hand_and_the_tree_stops_it() {
        // Instance 5 again (root bound 1141, optimum 1143), under a deadline: the tree is joined
        // by a search from the roster in hand, whose target is the rounded root bound. This
        // stand-in hands over the optimum at once, then waits to be stopped: the tree must take
        // it, prove it optimal and stop the search, long before the deadline.
        let (model, d, rules, worst_case) = curtois(5);
        let optimum = without_deadline(&model, &d, &rules, usize::MAX, 500, 2).columns.expect("a roster");
        let deadline = Instant::now() + std::time::Duration::from_secs(3600);
        let asked = Mutex::new(Vec::new());
        let stopped = AtomicBool::new(false);
        let improve = |beside: &Beside| {
            lock(&asked).push((worst_case + model.objective(beside.start).unwrap(), worst_case + beside.target));
            (beside.found)(&optimum);
            while Instant::now() < deadline {
                if (beside.stop)() {
                    stopped.store(true, Ordering::Relaxed);
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        };
        let price = |x: &[f64]| model.violation(x).is_none().then(|| model.objective(x)).flatten();
        let run = Run { improve: &improve, ..until(deadline, &rules, &price) };
        let g = generate(&model, &d, &run).expect("the master solves");
        let asked = lock(&asked).clone();
        assert_eq!(asked.len(), 1, "{asked:?}");
        let (start, target) = asked[0];
        assert!(start > 1141.5, "the search starts from a roster above the bound: {start}");
        assert!((target - 1141.0).abs() < 1e-6, "target {target}");
        assert!(stopped.load(Ordering::Relaxed), "the tree's end stops the search");
        assert!((worst_case + g.bound - 1143.0).abs() < 1e-6, "bound {}", worst_case + g.bound);
        let roster = g.columns.expect("a roster");
        assert_eq!(model.violation(&roster), None);
        assert!((worst_case + model.objective(&roster).unwrap() - 1143.0).abs() < 1e-6);
    }
}
