//! A deterministic neighbourhood search that improves a roster of larger components, used twice:
//!
//! - stage 1 ([`STAGE_ONE`]), under a gap or a time limit, between a failed optimal-face dive and
//!   the branch-and-bound: from the warm start (a neighbouring what-if point's roster, last
//!   night's roster) or the LP relaxation rounded, it lowers agency cost, half of its
//!   neighbourhoods guided by the LP relaxation the dive solved (where relaxation and roster
//!   disagree, as in RINS). It ends the stage when its
//!   roster is within the requested gap of the LP bound, and otherwise hands the
//!   branch-and-bound a good incumbent, which HiGHS alone finds late on large pools;
//! - stage 2 ([`STAGE_TWO`]): the secondary objective (overtime, fairness, preferences, changes
//!   against a published roster) of the stage-1 roster, with agency cost held by the stage-2
//!   row. HiGHS's branch-and-bound on the whole stage-2 model spends its time in the root (the
//!   fairness rows make the relaxation weak and the cut loop long) and rarely improves the
//!   starting roster within a reasonable budget.
//!
//! Each round frees a neighbourhood of the roster (the kinds of [`super::search`]), fixes the
//! rest and solves that small MIP within a node limit, built apart from the whole model
//! ([`super::sub_mip`]: HiGHS would otherwise presolve the whole model every round). Every limit counts work, not time
//! (a deadline only cuts the search short, and lets stage 1 start over rather than stop), and
//! the neighbourhoods come from a seeded generator, so the same input without a deadline gives
//! the same roster.

use super::exchange::improvement_tolerance;
use super::search::{bounds, fix, Kind, SearchSpace, Shape};
use super::sub_mip::{SubMip, SubMips};
use super::verify::ModelCopy;
use highs::HighsModelStatus;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// How much work a search may do.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Neighbourhoods tried at most.
    pub rounds: usize,
    /// Stop after this many rounds in a row without an improvement.
    pub patience: usize,
    /// Branch-and-bound nodes per neighbourhood.
    pub nodes: i32,
    /// Largest neighbourhood, in free assignment columns.
    pub max_free: usize,
    /// Most seconds per neighbourhood, if any (a round that hits it makes the roster depend on
    /// the machine's speed; the node limit alone does not bound a sub-MIP's root on large pools).
    pub round_seconds: Option<f64>,
    /// Times the search starts over with the largest neighbourhood doubled (and `rounds` and
    /// `patience` afresh) when it stops improving or has had its `rounds` at one size, while
    /// neighbourhoods can still grow ([`Portfolio::escalate`]).
    pub escalations: usize,
    /// Under a deadline, once no size improves any more, start over from the first size rather
    /// than stop (the time left would otherwise go to a branch-and-bound that, on the models
    /// large enough for a search, rarely improves the roster).
    pub cycles: bool,
    /// Draw the kinds of neighbourhood by what their rounds achieved, each with a size of its
    /// own ([`Portfolio`]), rather than by fixed odds with one size for all.
    pub adaptive: bool,
    /// Where `cycles` would start over, move instead to the best roster of a neighbourhood that
    /// differs from the roster in hand ([`kick_distance`]), when its sub-MIP proves it the
    /// best, and go on from there; the search keeps the best roster it met, and goes back to it
    /// when its walk settles anywhere worse (iterated local search). Off in [`STAGE_ONE`]: on
    /// Curtois 15 at 600 s (session 49) 32 kicks, most to rosters as good or a few worse, left
    /// the searches where they were (4,037), and kicks cut short by their time limit (accepted
    /// then) put the walk far above the best (99 on Curtois 7 at 60 s). `ROSTER_KICKS=1` turns
    /// them on, for measuring.
    pub kicks: bool,
    /// A roster adopted from elsewhere (the search side by side, the tree) is merged with
    /// the walk's own when the walk moved since it started or last adopted: a sub-MIP frees the
    /// assignment columns where the two differ, starts from the adopted roster and keeps the
    /// best, so that what both found since they met is kept where it fits together. Off in
    /// [`STAGE_ONE`], on for stage 1's two searches side by side (`backend::stage_one_search`):
    /// on the 200-staff pool's 70-person component alone on two threads at 60 s (session 55) it
    /// gave 1,912.8, 1,931.2 and 1,924.4 against 1,948.0, 1,935.6 and 1,933.2 without (half of
    /// its merges improved the adopted roster). On everywhere, Curtois 19 at 600 s ended twice
    /// at 3,268 against 3,177 without the same day (the search beside branch-and-price,
    /// merging, settled at 3,268-3,270, and the two side by side found nothing after it);
    /// merging only side by side it ended at 3,177 and 3,182 (session 56). `ROSTER_MERGE=1`
    /// turns it on everywhere, `ROSTER_MERGE=0` off everywhere, for measuring.
    pub merges: bool,
    /// Under a deadline, adaptive draws tilt each kind's weight by what its rounds saved a second
    /// against the kinds' mean ([`Portfolio::tilt`]): the kinds differ by more than their odds of
    /// improving say. Traced solves (session 57): on Curtois 21 at 600 s weekends saved 14 a
    /// second of sub-MIP and related staff within a window 2.3; on 24 at 300 s weekends 1,111 and
    /// chains 176. At 600 s 24 then gave 70,722 against 87,098 untilted the same day.
    /// Without a deadline the draws stay by the odds alone, so that a search bounded by work
    /// alone gives the same roster on any machine. `ROSTER_RATE_DRAW=0/1` turns it off or on.
    pub by_rate: bool,
}

impl Budget {
    /// This budget with the limits the environment overrides, for measuring:
    /// `ROSTER_ROUND_SECONDS` (only where there is a time limit per round), `ROSTER_ROUND_NODES`,
    /// `ROSTER_MAX_FREE`, `ROSTER_KICKS` (1: kicks, 0: none) and `ROSTER_MERGE` (1: merges).
    /// Stage 1's searches (the budgets with a time limit per round) take it; stage 2's do not.
    pub fn for_measuring(self) -> Budget {
        Budget {
            round_seconds: self.round_seconds.map(|s| super::tuned("ROSTER_ROUND_SECONDS", s)),
            nodes: super::tuned("ROSTER_ROUND_NODES", self.nodes),
            max_free: super::tuned("ROSTER_MAX_FREE", self.max_free),
            kicks: super::tuned("ROSTER_KICKS", u8::from(self.kicks)) != 0,
            merges: super::tuned("ROSTER_MERGE", u8::from(self.merges)) != 0,
            by_rate: super::tuned("ROSTER_RATE_DRAW", u8::from(self.by_rate)) != 0,
            ..self
        }
    }
}

/// Stage 2. With the largest neighbourhood at 200 free columns, 45 rounds reach the secondary
/// objective that 30 rounds of up to 300 did on the sample (seeds 0-6), in about half the time:
/// a 300-column sub-MIP now and then spends seconds in its root. Not adaptive: on the sample
/// pool adaptive rounds lowered the secondary objective further (62.7 against 72.1 on the larger
/// component) but took 5.3 s against 3.0 s, as the kinds that improve are the larger ones.
pub const STAGE_TWO: Budget = Budget {
    rounds: 45,
    patience: 45,
    nodes: 50,
    max_free: 200,
    round_seconds: None,
    escalations: 0,
    cycles: false,
    adaptive: false,
    kicks: false,
    merges: false,
    by_rate: false,
};

/// Stage 1: more rounds and larger neighbourhoods (agency cost moves in larger steps than the
/// secondary objective). When the roster stops improving the largest neighbourhood doubles:
/// on a 200-staff pool the 130-person component's sub-MIPs of 2,000 free columns (of 15,000)
/// all solved to the end in a quarter of a second, and 15 of them in a row found nothing,
/// leaving the rest of the time to a tree that found nothing either.
pub const STAGE_ONE: Budget = Budget {
    rounds: 120,
    patience: 15,
    nodes: 100,
    max_free: 2000,
    round_seconds: Some(2.0),
    escalations: 3,
    cycles: true,
    adaptive: true,
    kicks: false,
    merges: false,
    by_rate: true,
};

/// Smallest neighbourhood, in free assignment columns.
const MIN_FREE: usize = 30;

/// A round solved to the end within this share of its time limit doubles its kind's size
/// (within twice this share, the size grows by a quarter) ([`Portfolio::record`]).
const QUICK_SHARE: f64 = 0.25;

/// How far one round moves its kind's weight towards the round's score.
const REACTION: f64 = 0.25;

/// Most a kind's saving a second tilts its weight, up or down ([`Portfolio::tilt`]).
const RATE_TILT: f64 = 4.0;

/// Rounds every kind has had before their savings a second tilt the draws: a rate from a few
/// rounds is mostly chance. The 200-staff pool's 70-person component at 60 s (about 40 rounds
/// a search, so a handful a kind), tilted from each kind's first round: 1,952.4, 1,927.6 and
/// 1,927.2 against 1,920.8, 1,914.4 and 1,924.4 untilted (session 57).
const RATE_ROUNDS: usize = 8;

/// What a round of one kind scores: found a better roster; solved its sub-MIP to the end and
/// found nothing (the neighbourhood may grow); stopped at a node or time limit having found
/// nothing (the costly failure).
const SCORE_IMPROVED: f64 = 1.0;
const SCORE_EXHAUSTED: f64 = 0.3;
const SCORE_CUT: f64 = 0.05;

/// The kinds of neighbourhood the search chooses from (adaptive large-neighbourhood search):
/// each has a weight that follows the scores of its rounds, by which it is drawn, and a size of
/// its own that doubles each time its sub-MIP solves to the end (under a time limit, when it
/// also solves quickly: [`Portfolio::record`]) and shrinks by a
/// quarter when they do not (growing by a quarter instead, on the sample pool with 8 nurses
/// hired, the kinds were still at a fifth of the largest size when 15 rounds without a gain
/// ended the search, every sub-MIP solved in a tenth of a second; doubling reached rosters the
/// smaller ones did not, 4 improvements instead of none). On the
/// 200-staff pool's 70-person component the kinds differ by orders of magnitude: weekends and
/// LP-guided rounds improved the roster, related staff and windows of days timed out at 2 s
/// without a gain for two thirds of the search's time.
/// Not adaptive, it draws as before: every other round guided when there is a guide, the
/// others by [`Kind::draw`], all at one size.
struct Portfolio {
    kinds: Vec<Kind>,
    weights: Vec<f64>,
    targets: Vec<usize>,
    adaptive: bool,
    /// Per kind, the saving a second of its recent rounds (a moving average at [`REACTION`],
    /// from its first round on; 0 before it); drawing tilts the weights by it where
    /// [`Portfolio::by_rate`].
    rates: Vec<f64>,
    /// Per kind, the rounds whose rate it recorded.
    rated: Vec<usize>,
    /// Whether adaptive draws tilt each kind's weight by its saving a second ([`Budget::by_rate`]).
    by_rate: bool,
}

impl Portfolio {
    fn new(guided: bool, target: usize, adaptive: bool, by_rate: bool) -> Portfolio {
        let mut kinds = Kind::UNGUIDED.to_vec();
        if guided {
            kinds.push(Kind::Guided);
        }
        Portfolio {
            weights: vec![1.0; kinds.len()],
            targets: vec![target; kinds.len()],
            rates: vec![0.0; kinds.len()],
            rated: vec![0; kinds.len()],
            kinds,
            adaptive,
            by_rate: adaptive && by_rate,
        }
    }

    /// Kind `i`'s weight tilted by its saving a second: the ratio of its rate to the mean rate of
    /// the kinds, within [`RATE_TILT`] either way; 1 until every kind has had [`RATE_ROUNDS`]
    /// rounds, and while no kind has saved anything lately.
    fn tilt(&self, i: usize) -> f64 {
        if !self.by_rate || self.rated.iter().any(|&n| n < RATE_ROUNDS) {
            return 1.0;
        }
        let mean = self.rates.iter().sum::<f64>() / self.rates.len() as f64;
        match mean > 0.0 {
            true => (self.rates[i] / mean).clamp(1.0 / RATE_TILT, RATE_TILT),
            false => 1.0,
        }
    }

    /// Kind `i`'s round saved `saving` in `seconds` (its whole round: choosing, solving, checking).
    fn record_rate(&mut self, i: usize, saving: f64, seconds: f64) {
        let rate = saving.max(0.0) / seconds.max(1e-3);
        let old = self.rates[i];
        self.rates[i] = if self.rated[i] == 0 { rate } else { old + REACTION * (rate - old) };
        self.rated[i] += 1;
    }

    /// The kind of round `round`, as an index.
    fn draw(&self, rng: &mut ChaCha8Rng, round: usize) -> usize {
        if !self.adaptive {
            let kind = match self.kinds.last() {
                Some(Kind::Guided) if round % 2 == 1 => Kind::Guided,
                _ => Kind::draw(rng),
            };
            return self.kinds.iter().position(|k| *k == kind).expect("every kind");
        }
        let weights: Vec<f64> = self.weights.iter().enumerate().map(|(i, w)| w * self.tilt(i)).collect();
        let total: f64 = weights.iter().sum();
        let mut at = rng.random::<f64>() * total;
        for (i, w) in weights.iter().enumerate() {
            if at < *w {
                return i;
            }
            at -= w;
        }
        weights.len() - 1
    }

    /// Scores a round of kind `i`; its sub-MIP was solved to the end (`optimal`) or not, taking
    /// `share` of the round's time limit (`None`: no limit, or not measured).
    ///
    /// Under a time limit a kind solved to the end grows by how much room its round left: it
    /// doubles within a quarter of the limit, grows by a quarter within half, and keeps its size
    /// beyond. Doubling whatever the time (as before) put a kind whose round only just finished
    /// within the limit past it next time, and shrinking by a quarter took two or three such
    /// rounds to come back: late in a 600-s solve of Curtois 23 (session 43) rounds cut at 2 s
    /// took 55-73% of the searches' time and saved about a fifth as much a second as rounds
    /// solved to the end.
    fn record(&mut self, i: usize, improved: bool, optimal: bool, share: Option<f64>, max_free: usize) {
        let score = match (improved, optimal) {
            (true, _) => SCORE_IMPROVED,
            (false, true) => SCORE_EXHAUSTED,
            (false, false) => SCORE_CUT,
        };
        self.weights[i] += REACTION * (score - self.weights[i]);
        let target = self.targets[i];
        // Adaptive kinds grow by their round's time (see above); one size for all grows by a
        // quarter (stage 2 on the sample pool: doubling took the README solve from 5.7 s to 7.1 s
        // for nothing).
        let grown = match (self.adaptive, share) {
            (false, _) => target + target / 4 + 1,
            (true, None) => target * 2,
            (true, Some(s)) if s < QUICK_SHARE => target * 2,
            (true, Some(s)) if s < 2.0 * QUICK_SHARE => target + target / 4,
            (true, Some(_)) => target,
        };
        let target = if optimal { grown.min(max_free) } else { (target * 3 / 4).max(MIN_FREE) };
        if self.adaptive {
            self.targets[i] = target;
        } else {
            self.resize(target);
        }
    }

    /// Every kind's size set to `target`.
    fn resize(&mut self, target: usize) {
        self.targets.fill(target);
    }

    /// The largest size rose to `max_free`. One size for all jumps to it; adaptive kinds keep
    /// their sizes and may now grow up to it by their rounds' time ([`Portfolio::record`]).
    /// Setting every kind to the new largest size (as before) put them beyond what a round
    /// solves within its time limit late in a long solve: in traced 600-s solves (session 43)
    /// rounds cut at 2 s took 16% of the searches' time before the first escalation on Curtois
    /// 23 and 50-72% after; on 24, 50% before and up to 88% after the third.
    fn escalate(&mut self, max_free: usize) {
        if !self.adaptive {
            self.resize(max_free);
        }
    }

    /// Back to the first largest size `max_free`: one size for all starts at half of it,
    /// adaptive kinds keep their sizes up to it.
    fn start_over(&mut self, max_free: usize) {
        if self.adaptive {
            self.targets.iter_mut().for_each(|t| *t = (*t).min(max_free));
        } else {
            self.resize(max_free / 2);
        }
    }
}

/// What the polish did.
#[derive(Debug, Clone)]
pub struct Polished {
    /// The best roster (all columns of the stage-2 model).
    pub columns: Vec<f64>,
    /// Its secondary objective.
    pub objective: f64,
    /// Rounds that improved it.
    pub improvements: usize,
    /// Neighbourhoods tried.
    pub rounds: usize,
    /// Kicks that moved the walk away from where it settled ([`Budget::kicks`]).
    pub kicks: usize,
    /// Seconds HiGHS spent solving the neighbourhoods' sub-MIPs (the rest of the search's time
    /// is its own bookkeeping: choosing, passing and checking).
    pub solving: f64,
}

impl Polished {
    /// `columns`, worth `objective`, before any round.
    pub fn unsearched(columns: Vec<f64>, objective: f64) -> Polished {
        Polished { columns, objective, improvements: 0, rounds: 0, kicks: 0, solving: 0.0 }
    }
}

/// Where a search runs and when it stops early.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    /// The assignment columns.
    pub space: &'a SearchSpace,
    /// Seeds the neighbourhoods.
    pub seed: u64,
    /// The work it may do.
    pub budget: Budget,
    /// Column values of the LP relaxation, which guide half of the neighbourhoods.
    pub guide: Option<&'a [f64]>,
    /// Stop once this says the objective is good enough (e.g. within the gap of a proven bound).
    pub enough: &'a dyn Fn(f64) -> bool,
    /// Stop at this moment.
    pub deadline: Option<Instant>,
    /// Stop when this says so (cancel, signal).
    pub stop: &'a dyn Fn() -> bool,
    /// Told each improved roster (column values) as it is found.
    pub improved: &'a dyn Fn(&[f64]),
    /// A roster found elsewhere (column values), asked before each round with the search's own
    /// objective: the search goes on from it when it is better than its own (asking may return
    /// a roster only when it is better).
    pub adopt: &'a dyn Fn(f64) -> Option<Vec<f64>>,
}

/// Improves `start` on `model` (whose HiGHS instance then holds one sub-MIP after another) as `run` says.
/// `None` when `start` is not a roster of `model`.
pub fn run(mut model: highs::Model, start: Vec<f64>, run: &Run) -> Option<Polished> {
    // SAFETY: the model is live; read before it is changed.
    let original = unsafe { ModelCopy::of(model.as_mut_ptr()) };
    run_on(&original, model, start, run)
}

/// [`run`] on the model `original` (read out of HiGHS before), its sub-MIPs solved by the HiGHS
/// instance `model`, whatever that holds (an empty model will do): neither a HiGHS copy of the
/// whole model nor another [`ModelCopy`] of it is made. On Curtois Instance 24 each is hundreds
/// of megabytes a search.
pub fn run_on(original: &ModelCopy, mut model: highs::Model, start: Vec<f64>, run: &Run) -> Option<Polished> {
    let Run { space, seed, budget, guide, enough, deadline, stop, improved, adopt } = *run;
    let objective = original.objective(&start)?;
    if original.violation(&start).is_some() || space.tags.is_empty() {
        return None;
    }
    let shape = Shape::of(space);
    let mut sub_mips = SubMips::of(original, space.tags.iter().map(|t| t.column));
    let guide = guide.filter(|lp| lp.len() == start.len());
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0057_a6e2);
    // The roster the walk is at, and the best one it met (what the search returns).
    let (mut current, mut current_objective) = (start.clone(), objective);
    let mut best = Polished::unsearched(start, objective);
    let mut kick_next = false;
    // At most half the assignment columns free: a larger neighbourhood is the whole model again.
    let (smallest, largest) = (MIN_FREE.min(space.tags.len()), space.tags.len() / 2);
    let cap = |max_free: usize| max_free.min(largest).max(smallest);
    let budget = match budget.round_seconds {
        Some(_) => budget.for_measuring(),
        None => budget,
    };
    let mut max_free = cap(budget.max_free);
    let first = (space.tags.len() / 8).clamp(smallest, (max_free / 2).max(smallest));
    let by_rate = budget.by_rate && deadline.is_some();
    let mut portfolio = Portfolio::new(guide.is_some(), first, budget.adaptive, by_rate);
    let (mut since_improvement, mut level_rounds, mut escalations) = (0, 0, 0);
    // Every sub-MIP starts from the roster in hand, so HiGHS's feasibility jump, which looks for
    // a first feasible point, is spent for nothing: on Curtois Instance 24 it took 10% of the
    // searches' CPU (`perf`, session 42), and without it 40 rounds took 12% less time over four
    // seeds (`benches/search.sh`) for rosters as good. Options for tuning experiments
    // (`ROSTER_SUB_OPTIONS`, which may turn it on again) come after; both are set once: they stay
    // with the HiGHS instance that every round's sub-problem is passed into.
    let _ = model.try_set_option("mip_heuristic_run_feasibility_jump", false);
    let options_passed = super::pass_options(&mut model, "ROSTER_SUB_OPTIONS").is_ok();
    // Whether the walk moved since it started or last adopted a roster (else there is nothing
    // of its own to merge).
    let mut moved = false;
    // A round's time limit: the budget's, within the time left.
    let round_seconds = || {
        let left = deadline.map_or(f64::INFINITY, |d| d.saturating_duration_since(Instant::now()).as_secs_f64());
        budget.round_seconds.map_or(left, |s| s.min(left))
    };
    for round in 0.. {
        if since_improvement >= budget.patience || level_rounds >= budget.rounds {
            // Stuck (or out of rounds) at this size: start over with larger neighbourhoods, or stop.
            if escalations < budget.escalations && max_free < cap(largest) {
                escalations += 1;
                max_free = cap(max_free * 2);
                portfolio.escalate(max_free);
            } else if budget.cycles && deadline.is_some() {
                if budget.kicks {
                    // Every size tried: move away from where the walk settled, at the largest size.
                    kick_next = true;
                } else {
                    // Every size tried: again from the first, with fresh neighbourhoods.
                    escalations = 0;
                    max_free = cap(budget.max_free);
                    portfolio.start_over(max_free);
                }
            } else {
                break;
            }
            (since_improvement, level_rounds) = (0, 0);
            tracing::trace!(round, max_free, "neighbourhoods resized");
        }
        let adopted = adopt(best.objective)
            .and_then(|columns| original.objective(&columns).map(|value| (columns, value)))
            .filter(|(columns, value)| {
                *value < best.objective - improvement_tolerance(best.objective) && original.violation(columns).is_none()
            });
        // The walk's own roster, when it gives way to one adopted after moving.
        let mut own = None;
        if let Some((columns, value)) = adopted {
            tracing::trace!(round, objective = value, "neighbourhood search: a roster adopted");
            own = Some(std::mem::replace(&mut current, columns.clone())).filter(|_| std::mem::take(&mut moved));
            current_objective = value;
            best = Polished { columns, objective: value, ..best };
            (since_improvement, kick_next) = (0, false);
        }
        // Merged: the assignments where the two differ free, the rest fixed (see `Budget::merges`).
        let free: Option<Vec<bool>> = own
            .filter(|_| budget.merges)
            .map(|own| space.tags.iter().map(|t| (own[t.column] > 0.5) != (current[t.column] > 0.5)).collect());
        let differ = free.as_ref().map_or(0, |free| free.iter().filter(|&&f| f).count());
        if let Some(free) = free.filter(|_| (1..=largest).contains(&differ)) {
            let limits = RoundLimits { nodes: budget.nodes, seconds: round_seconds(), seed: round, kick: None };
            let freed = shape.freed(space, &free);
            let at = (current.as_slice(), current_objective);
            let Some((back, merged)) = solve_round(model, (&mut sub_mips, original), &freed, at, limits) else {
                return Some(best);
            };
            model = back;
            best.solving += merged.seconds;
            let better = merged
                .found
                .as_ref()
                .filter(|(_, value)| *value < current_objective - improvement_tolerance(current_objective))
                .and_then(|_| merged.roster(&sub_mips, original, &current));
            tracing::trace!(
                round,
                differ,
                status = ?merged.status,
                objective = better.as_ref().map(|(_, v)| *v),
                seconds = merged.seconds,
                "neighbourhood search: the adopted roster merged with the walk's own"
            );
            if let Some((columns, value)) = better {
                improved(&columns);
                (current, current_objective) = (columns.clone(), value);
                best = Polished { columns, objective: value, improvements: best.improvements + 1, ..best };
            }
        }
        if stop() || deadline.is_some_and(|d| Instant::now() >= d) || enough(best.objective) {
            break;
        }
        level_rounds += 1;
        best.rounds += 1;
        let kicking = std::mem::take(&mut kick_next);
        if kicking && current_objective > best.objective + improvement_tolerance(best.objective) {
            // The walk settled above the best roster met: the kick starts from that one.
            (current, current_objective) = (best.columns.clone(), best.objective);
        }
        let round_began = Instant::now();
        let drawn = portfolio.draw(&mut rng, round);
        let (kind, target) = (portfolio.kinds[drawn], portfolio.targets[drawn]);
        let free = shape.free(kind, &mut rng, target, space, &current, guide, Some(original));
        let freed = shape.freed(space, &free);
        if !options_passed {
            break;
        }
        let limits = RoundLimits {
            nodes: budget.nodes,
            seconds: round_seconds(),
            seed: round,
            kick: kicking.then_some(&mut rng),
        };
        let at = (current.as_slice(), current_objective);
        let Some((back, solved)) = solve_round(model, (&mut sub_mips, original), &freed, at, limits) else {
            break;
        };
        model = back;
        since_improvement += 1;
        if solved.sub.len() == 0 {
            // Nothing to free around this roster (HiGHS takes no solution for an empty model):
            // the round counts as one without an improvement (and its kind's rate as one that
            // saved nothing, so that a kind with nothing to free cannot hold the tilt back).
            portfolio.record_rate(drawn, 0.0, round_began.elapsed().as_secs_f64());
            continue;
        }
        best.solving += solved.seconds;
        let mut improvement = false;
        let before = current_objective;
        if let Some(&(_, value)) = solved.found.as_ref() {
            let better = value < current_objective - improvement_tolerance(current_objective);
            // A kick moves the walk only to the best roster at its distance, proven so: one
            // cut short by its limits can be far worse (Curtois 7 at 60 s: 99 above the best).
            let kicked = kicking && solved.status == HighsModelStatus::Optimal;
            if let Some((columns, value)) =
                (better || kicked).then(|| solved.roster(&sub_mips, original, &current)).flatten()
            {
                if value < best.objective - improvement_tolerance(best.objective) {
                    improved(&columns);
                    best = Polished {
                        columns: columns.clone(),
                        objective: value,
                        improvements: best.improvements + 1,
                        ..best
                    };
                }
                (current, current_objective) = (columns, value);
                (since_improvement, moved) = (0, true);
                improvement = better;
                best.kicks += usize::from(kicked);
            }
        }
        tracing::trace!(
            round,
            kind = kind.name(),
            target,
            sub_columns = solved.sub.len(),
            status = ?solved.status,
            kicking,
            current = current_objective,
            best = best.objective,
            seconds = solved.seconds,
            "neighbourhood"
        );
        if !kicking {
            let share = budget.round_seconds.map(|limit| solved.seconds / limit);
            portfolio.record(drawn, improvement, solved.status == HighsModelStatus::Optimal, share, max_free);
            let saving = if improvement { before - current_objective } else { 0.0 };
            portfolio.record_rate(drawn, saving, round_began.elapsed().as_secs_f64());
        }
    }
    Some(best)
}

/// Limits of one round's sub-MIP: branch-and-bound nodes, seconds, HiGHS's random seed (the
/// round), and for a kick the draw of its distance (the roster in hand then does not start it).
struct RoundLimits<'r> {
    nodes: i32,
    seconds: f64,
    seed: usize,
    kick: Option<&'r mut ChaCha8Rng>,
}

/// What one round's sub-MIP found.
struct Round {
    /// The sub-MIP (no columns: nothing to free, no solve).
    sub: SubMip,
    /// The values HiGHS returned for the sub-MIP's columns (integer columns rounded) and the
    /// objective of the roster they make with the others at their values in the roster the
    /// round started from; not yet checked against the model's rows.
    found: Option<(Vec<f64>, f64)>,
    status: HighsModelStatus,
    seconds: f64,
}

impl Round {
    /// The whole roster found, made from `from` (the roster the round started from), with its
    /// objective, when it breaks no row or bound of `original`.
    fn roster(&self, sub_mips: &SubMips, original: &ModelCopy, from: &[f64]) -> Option<(Vec<f64>, f64)> {
        let (values, _) = self.found.as_ref()?;
        let whole = self.sub.extend(from, values);
        if sub_mips.violation(original, &self.sub, &whole).is_some() {
            return None;
        }
        original.objective(&whole).map(|value| (whole, value))
    }
}

/// One round: the sub-MIP of `model` (whose HiGHS instance takes it) with the assignment columns
/// `freed` free and the others fixed at their values in `at` (a roster and its objective),
/// started from it unless it kicks. `None` when HiGHS refuses an option or fails (the search
/// stops).
fn solve_round(
    mut model: highs::Model,
    (sub_mips, original): (&mut SubMips, &ModelCopy),
    freed: &[usize],
    at: (&[f64], f64),
    limits: RoundLimits,
) -> Option<(highs::Model, Round)> {
    let from = at.0;
    // SAFETY: the model is live.
    let sub = unsafe { sub_mips.pass(original, freed, at, model.as_mut_ptr()) };
    if sub.len() == 0 {
        let round = Round { sub, found: None, status: HighsModelStatus::NotSet, seconds: 0.0 };
        return Some((model, round));
    }
    let kicking = limits.kick.is_some();
    if let Some(rng) = limits.kick {
        let distance = kick_distance(freed, from, rng);
        // SAFETY: the model is live and holds `sub`.
        unsafe { sub.keep_away(from, freed, distance, model.as_mut_ptr()) };
    }
    // The roster in hand starts every sub-MIP but a kick's, which it does not satisfy.
    if (!kicking && model.try_set_solution(Some(&sub.restrict(from)), None, None, None).is_err())
        || model.try_set_option("mip_max_nodes", limits.nodes).is_err()
        || model.try_set_option("mip_rel_gap", 0.0).is_err()
        || model.try_set_option("time_limit", limits.seconds.max(0.01)).is_err()
        || model.try_set_option("random_seed", (limits.seed % i32::MAX as usize) as i32).is_err()
    {
        return None;
    }
    let began = Instant::now();
    let solved = model.try_solve().ok()?;
    let seconds = began.elapsed().as_secs_f64();
    let status = solved.status();
    let found = super::has_solution(&solved).then(|| {
        let values = sub.rounded(solved.get_solution().columns());
        let value = sub.objective(original, at, &values);
        (values, value)
    });
    Some((highs::Model::from(solved), Round { sub, found, status, seconds }))
}

/// How far a kick moves (see [`Budget::kicks`]): the least number of the freed assignment
/// columns `freed` whose value must change from the roster in hand `at`, drawn between two (one
/// shift handed from one person to another) and half the shifts worked among them.
fn kick_distance(freed: &[usize], at: &[f64], rng: &mut ChaCha8Rng) -> usize {
    let worked = freed.iter().filter(|&&j| at[j] > 0.5).count();
    rng.random_range(2..=(worked / 2).max(2))
}

/// The best roster (within `nodes` branch-and-bound nodes and the model's time limit) whose
/// assignments all lie in the LP relaxation's support: columns valued below `threshold` in `lp`
/// are fixed at 0, the others are free. HiGHS stops at the first roster worth at most `target`
/// (`f64::NEG_INFINITY`: no target), one good enough for the caller's gap. `None` when none is
/// found.
pub fn within_support(
    mut model: highs::Model,
    space: &SearchSpace,
    lp: &[f64],
    threshold: f64,
    (nodes, target): (i32, f64),
) -> Option<Vec<f64>> {
    let free: Vec<bool> = space.tags.iter().map(|t| lp.get(t.column).is_some_and(|v| *v >= threshold)).collect();
    let (index, lower, upper) = bounds(space, &free, &vec![0.0; lp.len()]);
    fix(&mut model, &index, &lower, &upper);
    model.try_set_option("mip_max_nodes", nodes).ok()?;
    if target.is_finite() {
        // HiGHS stops once its roster is strictly below the target.
        model.try_set_option("objective_target", target + improvement_tolerance(target)).ok()?;
    }
    let solved = model.try_solve().ok()?;
    super::has_solution(&solved).then(|| solved.get_solution().columns().to_vec())
}

/// A whole roster of `model` with every assignment column at its value in `assignment` (a
/// value per model column), the other columns (worked days, weekends, rest positions) completed
/// by HiGHS within `nodes`; `None` when those assignments break a rule. Re-bounds the assignment
/// columns of `model` for good.
pub fn complete(mut model: highs::Model, space: &SearchSpace, assignment: &[f64], nodes: i32) -> Option<Vec<f64>> {
    let (index, lower, upper) = bounds(space, &vec![false; space.tags.len()], assignment);
    fix(&mut model, &index, &lower, &upper);
    model.try_set_option("mip_max_nodes", nodes).ok()?;
    let solved = model.try_solve().ok()?;
    super::has_solution(&solved).then(|| solved.get_solution().columns().to_vec())
}

#[cfg(test)]
mod trial;

#[cfg(test)]
mod tests {
    use super::super::build;
    use super::super::search::ColumnTag;
    use super::super::tests::limits;
    use super::*;
    use good_lp::{variable, Expression, ProblemVariables};

    #[test]
    fn the_roster_within_the_support_uses_no_column_the_lp_left_out() {
        // Two people, two vacancies, one shift each and one person per vacancy; covering is
        // worth 3 on the diagonal (a1, b2) and 2 across (a2, b1). The optimum takes the diagonal
        // (-6). With an LP point on the diagonal the support holds it; with one across, the
        // best roster within the support is the crossing one (-4): the diagonal columns stay 0.
        let mut vars = ProblemVariables::new();
        let x: Vec<_> = (0..4).map(|_| vars.add(variable().binary())).collect();
        let objective: Expression = -(3.0 * x[0] + 2.0 * x[1] + 2.0 * x[2] + 3.0 * x[3]);
        let rows = vec![
            (x[0] + x[1]).leq(1.0), // a: one shift
            (x[2] + x[3]).leq(1.0), // b: one shift
            (x[0] + x[2]).leq(1.0), // vacancy 1: one person
            (x[1] + x[3]).leq(1.0), // vacancy 2: one person
        ];
        let tag = |column, owner, vacancy| ColumnTag { column, owner, day: vacancy as i64, vacancy, weekend: false };
        let space = SearchSpace {
            tags: vec![tag(0, 0, 1), tag(1, 0, 2), tag(2, 1, 1), tag(3, 1, 2)],
            headcount: [(1, 1), (2, 1)].into_iter().collect(),
            ..SearchSpace::default()
        };
        let model = || build(vars.clone(), objective.clone(), rows.clone(), &limits(0.0, 0.0)).unwrap();
        let value = |c: &[f64]| -(3.0 * c[0] + 2.0 * c[1] + 2.0 * c[2] + 3.0 * c[3]);
        let diagonal =
            within_support(model(), &space, &[0.9, 0.1, 0.1, 0.9], 0.05, (100, f64::NEG_INFINITY)).expect("a roster");
        assert_eq!(value(&diagonal), -6.0);
        let across = within_support(model(), &space, &[0.04, 0.96, 0.96, 0.04], 0.05, (100, f64::NEG_INFINITY))
            .expect("a roster");
        assert_eq!(value(&across), -4.0);
        assert!(across[0] < 0.5 && across[3] < 0.5, "{across:?}");
    }

    /// A search on `space` within `budget`, seed 1, unguided, never done early, told nothing and
    /// handed nothing.
    fn plain(space: &SearchSpace, budget: Budget) -> Run<'_> {
        fn never(_: f64) -> bool {
            false
        }
        fn no() -> bool {
            false
        }
        fn ignore(_: &[f64]) {}
        fn nothing(_: f64) -> Option<Vec<f64>> {
            None
        }
        Run {
            space,
            seed: 1,
            budget,
            guide: None,
            enough: &never,
            deadline: None,
            stop: &no,
            improved: &ignore,
            adopt: &nothing,
        }
    }

    /// `n` people in a ring, each able to take their own vacancy (columns 0..n) or the next one
    /// (columns n..2n), one person per vacancy, each vacancy staffed worth 1: everyone on their
    /// own is optimal (-n).
    fn own_or_next(n: usize) -> (ProblemVariables, Expression, Vec<good_lp::Constraint>, SearchSpace) {
        let mut vars = ProblemVariables::new();
        let own: Vec<_> = (0..n).map(|_| vars.add(variable().binary())).collect();
        let next: Vec<_> = (0..n).map(|_| vars.add(variable().binary())).collect();
        let objective: Expression = own.iter().chain(&next).map(|&x| -x).sum();
        let mut rows = Vec::new();
        for i in 0..n {
            rows.push((own[i] + next[i]).leq(1.0));
            rows.push((own[i] + next[(i + n - 1) % n]).leq(1.0));
        }
        let space = SearchSpace {
            tags: (0..n)
                .flat_map(|i| {
                    [
                        ColumnTag { column: i, owner: i, day: i as i64, vacancy: i, weekend: false },
                        ColumnTag { column: n + i, owner: i, day: i as i64, vacancy: (i + 1) % n, weekend: false },
                    ]
                })
                .collect(),
            headcount: (0..n).map(|v| (v, 1)).collect(),
            ..SearchSpace::default()
        };
        (vars, objective, rows, space)
    }

    /// At most `rounds` rounds (and as many without a gain) of 30 free columns and 10 nodes, one
    /// size for all, never escalating, cycling or kicking.
    fn rounds_of_thirty(rounds: usize) -> Budget {
        Budget {
            rounds,
            patience: rounds,
            nodes: 10,
            max_free: 30,
            round_seconds: None,
            escalations: 0,
            cycles: false,
            adaptive: false,
            kicks: false,
            merges: false,
            by_rate: false,
        }
    }

    #[test]
    fn a_better_roster_found_elsewhere_is_adopted_and_searched_from() {
        // From "nobody works" (0), one round of 30 free columns staffs at most 30 of the 64
        // vacancies; the roster handed over before that round, everyone on their own, is the
        // optimum (-64): the search goes on from it and returns it.
        let n = 64;
        let (vars, objective, rows, space) = own_or_next(n);
        let optimum: Vec<f64> = (0..2 * n).map(|c| if c < n { 1.0 } else { 0.0 }).collect();
        let search = |handed_over: Option<Vec<f64>>| {
            let model = build(vars.clone(), objective.clone(), rows.clone(), &limits(0.0, 0.0)).unwrap();
            let handed_over = std::cell::Cell::new(handed_over);
            let run = Run { adopt: &|_| handed_over.take(), ..plain(&space, rounds_of_thirty(1)) };
            let polished = super::run(model, vec![0.0; 2 * n], &run).expect("nobody working is a roster");
            assert_eq!(polished.rounds, 1);
            polished.objective
        };
        assert_eq!(search(Some(optimum)), -(n as f64));
        let alone = search(None);
        assert!((-30.0..0.0).contains(&alone), "{alone}");
    }

    #[test]
    fn a_roster_adopted_after_the_walk_moved_is_merged_with_what_the_walk_found() {
        // The walk's first round (30 free columns of 128) staffs k > 0 of the 64 vacancies. Then
        // a better roster arrives: everyone the walk left idle on their own vacancy where the
        // walk left it open (m > k of them). Its people and vacancies are all ones the walk did
        // not use, so both together are a roster worth -(k + m); adopting alone gives -m. The
        // search stops right after the handover, so only the merge can find the union (-m
        // without it: -47 against -62).
        let n = 64;
        let (vars, objective, rows, space) = own_or_next(n);
        let model = build(vars, objective, rows, &limits(0.0, 0.0)).unwrap();
        let found = std::cell::RefCell::new(Vec::new());
        let handed = std::cell::Cell::new(None);
        let improved = |columns: &[f64]| *found.borrow_mut() = columns.to_vec();
        let adopt = |_: f64| {
            let own = found.borrow();
            if own.is_empty() || handed.get().is_some() {
                return None;
            }
            let busy = |i: usize| own[i] > 0.5 || own[n + i] > 0.5;
            let covered = |v: usize| own[v] > 0.5 || own[n + (v + n - 1) % n] > 0.5;
            let mut other = vec![0.0; 2 * n];
            for i in (0..n).filter(|&i| !busy(i) && !covered(i)) {
                other[i] = 1.0;
            }
            let (k, m) = (own.iter().sum::<f64>(), other.iter().sum::<f64>());
            handed.set(Some((k, m)));
            Some(other)
        };
        let stop = || handed.get().is_some();
        let budget = Budget { merges: true, ..rounds_of_thirty(2) };
        let run = Run { improved: &improved, adopt: &adopt, stop: &stop, ..plain(&space, budget) };
        let polished = super::run(model, vec![0.0; 2 * n], &run).expect("nobody working is a roster");
        let (k, m) = handed.get().expect("a roster handed over after the first round");
        assert!(k > 0.0 && m > k, "k {k}, m {m}");
        assert_eq!(polished.rounds, 1);
        assert!(polished.objective <= -(k + m), "{} against -({k} + {m})", polished.objective);
    }

    #[test]
    fn a_search_that_stops_improving_starts_over_with_neighbourhoods_twice_as_large_then_from_the_first() {
        // 64 people, each able to take their own vacancy or the next one; everyone on their own
        // is optimal, so no round improves and each size of neighbourhood gets `patience`
        // rounds. The 128 assignment columns allow neighbourhoods of 30, 60 and 64 (half the
        // columns) and no more, whatever the number of escalations allowed.
        let n = 64;
        let (vars, objective, rows, space) = own_or_next(n);
        let start: Vec<f64> = (0..2 * n).map(|c| if c < n { 1.0 } else { 0.0 }).collect();
        let rounds = |escalations, cycles, deadline: Option<Instant>| {
            let model = build(vars.clone(), objective.clone(), rows.clone(), &limits(0.0, 0.0)).unwrap();
            let budget = Budget {
                rounds: 100,
                patience: 2,
                nodes: 10,
                max_free: 30,
                round_seconds: None,
                escalations,
                cycles,
                adaptive: true,
                kicks: false,
                merges: false,
                by_rate: false,
            };
            let improved = |_: &[f64]| panic!("nothing improves on the optimum");
            let run = Run { deadline, improved: &improved, ..plain(&space, budget) };
            let polished = super::run(model, start.clone(), &run).expect("the start is a roster");
            assert_eq!(polished.objective, -(n as f64));
            polished.rounds
        };
        assert_eq!(rounds(0, true, None), 2);
        assert_eq!(rounds(1, true, None), 4);
        assert_eq!(rounds(2, true, None), 6);
        assert_eq!(rounds(5, true, None), 6);
        // Under a deadline it starts over from 30 free columns until the deadline, if asked to.
        let soon = || Some(Instant::now() + std::time::Duration::from_secs(1));
        assert_eq!(rounds(2, false, soon()), 6);
        assert!(rounds(2, true, soon()) > 6);
    }

    #[test]
    fn a_search_that_kicks_away_from_the_optimum_returns_the_optimum() {
        // From the optimum (everyone on their own) nothing improves, so after every two rounds
        // without a gain the search kicks: to the best roster that differs in at least two freed columns, worse
        // than the optimum (one vacancy left open, -63) or as good (everyone taking the next
        // vacancy). However far the walk goes, the search returns the best roster it met, the
        // start, and offers nothing.
        let n = 64;
        let (vars, objective, rows, space) = own_or_next(n);
        let optimum: Vec<f64> = (0..2 * n).map(|c| if c < n { 1.0 } else { 0.0 }).collect();
        let model = build(vars.clone(), objective.clone(), rows.clone(), &limits(0.0, 0.0)).unwrap();
        let budget = Budget {
            rounds: 100,
            patience: 2,
            nodes: 100,
            max_free: 30,
            round_seconds: None,
            escalations: 0,
            cycles: true,
            adaptive: true,
            kicks: true,
            merges: false,
            by_rate: false,
        };
        let asked = std::cell::Cell::new(0);
        let stop = || {
            asked.set(asked.get() + 1);
            asked.get() > 40
        };
        let improved = |_: &[f64]| panic!("nothing improves on the optimum");
        let far = Some(Instant::now() + std::time::Duration::from_secs(3600));
        let run = Run { deadline: far, stop: &stop, improved: &improved, ..plain(&space, budget) };
        let polished = super::run(model, optimum.clone(), &run).expect("the start is a roster");
        assert_eq!(polished.rounds, 40);
        assert!(polished.kicks >= 5, "{}", polished.kicks);
        assert_eq!(polished.objective, -(n as f64));
        assert_eq!(polished.columns, optimum);
        // Without kicks the same search starts over instead and never moves.
        let model = build(vars, objective, rows, &limits(0.0, 0.0)).unwrap();
        asked.set(0);
        let run =
            Run { deadline: far, stop: &stop, improved: &improved, ..plain(&space, Budget { kicks: false, ..budget }) };
        let polished = super::run(model, optimum.clone(), &run).expect("the start is a roster");
        assert_eq!((polished.rounds, polished.kicks), (40, 0));
        assert_eq!(polished.columns, optimum);
    }

    #[test]
    fn an_adaptive_portfolio_draws_the_kind_that_improves_and_shrinks_the_kind_that_times_out() {
        // Related staff improves every round it is drawn; a window of days always hits its limit
        // with nothing found; the others solve to the end and find nothing. After 200 rounds the
        // improving kind is drawn more than twice as often as any other, the failing one less than
        // half as often as those that solve to the end, and its size has
        // shrunk to the smallest while the improving kind's grew to the largest. (With six kinds,
        // 100 rounds left the rarely drawn ones too near their first weight for the odds to show.)
        let mut portfolio = Portfolio::new(false, 400, true, false);
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for round in 0..200 {
            let i = portfolio.draw(&mut rng, round);
            let kind = portfolio.kinds[i];
            portfolio.record(i, kind == Kind::Related, kind != Kind::Window, None, 2000);
        }
        let at = |kind: Kind| portfolio.kinds.iter().position(|k| *k == kind).unwrap();
        let (related, window) = (at(Kind::Related), at(Kind::Window));
        let mut drawn = vec![0; portfolio.kinds.len()];
        for r in 0..1000 {
            drawn[portfolio.draw(&mut rng, r)] += 1;
        }
        let others = (0..drawn.len()).filter(|&i| i != related && i != window);
        assert!(others.clone().all(|i| drawn[related] > 2 * drawn[i]), "{drawn:?}");
        assert!(others.clone().all(|i| drawn[window] * 2 < drawn[i]), "{drawn:?}");
        assert_eq!(portfolio.targets[window], MIN_FREE);
        assert_eq!(portfolio.targets[related], 2000);
        // Not adaptive: every other round guided, the rest by fixed odds, one size for all.
        let mut fixed = Portfolio::new(true, 400, false, false);
        assert!((0..20).filter(|r| r % 2 == 1).all(|r| fixed.kinds[fixed.draw(&mut rng, r)] == Kind::Guided));
        fixed.record(0, false, false, None, 2000);
        assert!(fixed.targets.iter().all(|&t| t == 300), "{:?}", fixed.targets);
        // A kind whose sub-MIPs solve to the end doubles its size, up to the largest.
        let mut growing = Portfolio::new(false, 400, true, false);
        let sizes: Vec<usize> = (0..3)
            .map(|_| {
                growing.record(0, false, true, None, 2000);
                growing.targets[0]
            })
            .collect();
        assert_eq!(sizes, vec![800, 1600, 2000]);
        assert!(growing.targets[1..].iter().all(|&t| t == 400));
        // Under a time limit by how much room the round left: a tenth of it doubles, a third
        // grows by a quarter, nine tenths keeps the size; a round cut short shrinks it by a quarter.
        let mut timed = Portfolio::new(false, 400, true, false);
        let sizes: Vec<usize> = [(true, 0.1), (true, 0.33), (true, 0.9), (false, 1.0)]
            .into_iter()
            .map(|(optimal, share)| {
                timed.record(0, false, optimal, Some(share), 2000);
                timed.targets[0]
            })
            .collect();
        assert_eq!(sizes, vec![800, 1000, 1000, 750]);
    }

    #[test]
    fn drawing_by_rate_favours_the_kind_that_saves_more_a_second() {
        // Every kind improves every round (equal weights), but related staff saves 40 a second
        // and windows of days 2, the four others 10: the mean rate is 82 / 6, so tilted by rate
        // related staff is drawn 2.9 times as often as the others and windows a quarter as
        // often (0.15, held to a quarter); untilted, the odds stay even.
        let mut portfolio = Portfolio::new(false, 400, true, true);
        let at = |p: &Portfolio, kind: Kind| p.kinds.iter().position(|k| *k == kind).unwrap();
        let (related, window) = (at(&portfolio, Kind::Related), at(&portfolio, Kind::Window));
        for round in 0..RATE_ROUNDS {
            for i in 0..portfolio.kinds.len() {
                // Untilted until the last kind has had its rounds.
                assert_eq!(portfolio.tilt(i), 1.0, "round {round}");
                let rate = [(related, 40.0), (window, 2.0)].iter().find(|r| r.0 == i).map_or(10.0, |r| r.1);
                portfolio.record(i, true, true, None, 2000);
                portfolio.record_rate(i, rate * 2.0, 2.0);
            }
        }
        assert!((portfolio.tilt(related) - 40.0 / (82.0 / 6.0)).abs() < 1e-9, "{:?}", portfolio.rates);
        assert_eq!(portfolio.tilt(window), 0.25);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut drawn = vec![0; portfolio.kinds.len()];
        for r in 0..6000 {
            drawn[portfolio.draw(&mut rng, r)] += 1;
        }
        let others = (0..drawn.len()).filter(|&i| i != related && i != window);
        assert!(others.clone().all(|i| drawn[related] > 2 * drawn[i] && drawn[window] * 2 < drawn[i]), "{drawn:?}");
        // A round without a saving pulls its kind's rate down by a quarter of the way to 0.
        portfolio.record_rate(related, 0.0, 1.0);
        assert_eq!(portfolio.rates[related], 30.0);
        // Untilted (the default), the rates are kept but the draws ignore them.
        portfolio.by_rate = false;
        assert!((0..portfolio.kinds.len()).all(|i| portfolio.tilt(i) == 1.0));
    }

    #[test]
    fn an_escalation_lets_adaptive_kinds_grow_further_without_setting_their_sizes() {
        // Adaptive: the kinds keep their sizes (one grown to the old largest, 2000, one shrunk
        // to 750); the one at 2000 may now double to 4000; starting over caps both at 2000.
        let mut adaptive = Portfolio::new(false, 1000, true, false);
        adaptive.record(0, false, true, Some(0.1), 2000);
        adaptive.record(1, false, false, Some(1.0), 2000);
        assert_eq!(adaptive.targets[..2], [2000, 750]);
        adaptive.escalate(4000);
        assert_eq!(adaptive.targets[..3], [2000, 750, 1000]);
        adaptive.record(0, false, true, Some(0.1), 4000);
        assert_eq!(adaptive.targets[0], 4000);
        adaptive.start_over(2000);
        assert_eq!(adaptive.targets[..3], [2000, 750, 1000]);
        // One size for all: the new largest at once, half the first largest when starting over.
        let mut fixed = Portfolio::new(false, 1000, false, false);
        fixed.escalate(4000);
        assert!(fixed.targets.iter().all(|&t| t == 4000), "{:?}", fixed.targets);
        fixed.start_over(2000);
        assert!(fixed.targets.iter().all(|&t| t == 1000), "{:?}", fixed.targets);
    }
}
