//! The stage-1 search at fixed work, for judging changes to it (`benches/search.sh`).
//!
//! Under a deadline the search's path depends on the machine's speed (a sub-MIP cut short by
//! its time, the rounds that fit before the deadline, a roster handed over by another thread),
//! so two 600-s solves of one build differ by more than most changes to the search do (Curtois
//! 22 and 23: 5-8%, BENCHMARKS.md, session 38). Here every limit counts work: node limits, no
//! time limit per sub-MIP, a fixed number of rounds, nothing handed over. The same build,
//! scenario, component and seed give the same rosters on any machine, and seeds searched side
//! by side do not change each other's path, only their seconds. A change is judged by its
//! rosters after the same rounds over several seeds, and by the seconds those rounds took.
//!
//! It differs from stage 1 in a solve in one way on purpose: no sub-MIP stops at
//! [`STAGE_ONE`]'s two seconds (a round that would have stopped there runs to its node limit,
//! and counts as cut short only when it reaches that limit).

use super::{run, Budget, Run, STAGE_ONE};
use crate::backend::decompose::{respond, Decomposition};
use crate::backend::face::{relax, Relaxed};
use crate::backend::tests::limits;
use crate::backend::verify::ModelCopy;
use crate::backend::{build, tuned, START_NODES, SUPPORT_THRESHOLD};
use crate::eligibility::{components, Candidates};
use crate::formulation::{Formulation, Mode};
use crate::model::Instance;
use good_lp::{Expression, ProblemVariables};
use std::cell::{Cell, RefCell};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One seed's search: the objective after each quarter of the rounds, the improvements and
/// the seconds.
struct Trial {
    seed: u64,
    quarters: [f64; 4],
    improvements: usize,
    seconds: f64,
    /// Milliseconds a round outside HiGHS's sub-MIP solves (choosing, passing and checking), the
    /// search's one-off setup (copying the model, the neighbourhoods' shape) included.
    bookkeeping: f64,
}

/// The median of `values` (the mean of the middle two for an even count).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// `ROSTER_TRIAL_SCENARIO` (a scenario file), component `ROSTER_TRIAL_PART` (by number of
/// staff, largest first; default 0): stage 1's search for `ROSTER_TRIAL_ROUNDS` rounds (default
/// 100) from the same start for each seed of `ROSTER_TRIAL_SEEDS` (default 1,2,3,4),
/// `ROSTER_TRIAL_THREADS` seeds at a time (default 2), guided by the LP relaxation unless
/// `ROSTER_TRIAL_GUIDE=0`. The start is best responses where they apply, else the best roster
/// within the LP's support, else nobody working (or the one saved in `ROSTER_TRIAL_START`, a
/// file it is saved to when there is none yet: only the search from it is deterministic), or a
/// solve's roster (`ROSTER_TRIAL_ROSTER`, a roster file, completed by HiGHS).
/// `ROSTER_ROUND_NODES` and `ROSTER_MAX_FREE` change the node limit per round and the largest
/// neighbourhood, as they do in a solve; `ROSTER_TRIAL_ROUND_SECONDS` sets a time limit per round
/// (none by default, so that the rounds are the same on any machine). Prints a markdown table in
/// the scenario's objective (Curtois's, or agency cost).
#[test]
#[ignore]
fn search_at_fixed_work() {
    let Ok(path) = std::env::var("ROSTER_TRIAL_SCENARIO") else {
        println!("ROSTER_TRIAL_SCENARIO names no scenario: nothing to do (see benches/search.sh)");
        return;
    };
    let part = tuned("ROSTER_TRIAL_PART", 0usize);
    let rounds = tuned("ROSTER_TRIAL_ROUNDS", 100usize).max(4);
    let seeds: Vec<u64> =
        tuned("ROSTER_TRIAL_SEEDS", "1,2,3,4".to_string()).split(',').filter_map(|s| s.trim().parse().ok()).collect();
    let threads = tuned("ROSTER_TRIAL_THREADS", 2usize).max(1);
    let guided = tuned("ROSTER_TRIAL_GUIDE", 1u8) == 1;

    let began = Instant::now();
    let scenario = crate::load_scenario(std::path::Path::new(&path)).expect("a scenario file");
    let instance = Instance::from_scenario(&scenario).expect("a valid scenario");
    let candidates = Candidates::of(&instance);
    let mut parts = components(&instance, &candidates);
    parts.sort_by_key(|c| std::cmp::Reverse(c.staff.len()));
    let component = parts.get(part).expect("ROSTER_TRIAL_PART names a component");
    let mut f = Formulation::build(&instance, &candidates, component, Mode::Roster);
    let space = crate::solve::search_space(&instance, &candidates, component, &mut f);
    let worst = f.worst_case;
    let (variables, objective, rows) = (f.variables, -f.savings, f.constraints);
    let settings = limits(0.0, worst);
    let model = || build(variables.clone(), objective.clone(), rows.clone(), &settings).expect("HiGHS takes the model");
    // SAFETY: the model is live; read before any solve.
    let original = unsafe { ModelCopy::of(model().as_mut_ptr()) };
    println!(
        "{path}, component {part}: {} staff, {} columns, {} rows, built in {:.1} s",
        component.staff.len(),
        original.columns(),
        original.rows(),
        began.elapsed().as_secs_f64()
    );

    let far = Instant::now() + Duration::from_secs(86_400);
    let t = Instant::now();
    let split = Decomposition::of(&original, &space.tags);
    let lp = (guided || split.is_none())
        .then(|| {
            let empty = build(ProblemVariables::new(), Expression::default(), Vec::new(), &settings).ok()?;
            match relax(model(), &original, empty, far) {
                Ok(Relaxed::Optimal { bound, x, .. }) => Some((bound, x)),
                _ => None,
            }
        })
        .flatten();
    if let Some((bound, _)) = &lp {
        println!("LP relaxation {:.2} in {:.1} s", worst + bound, t.elapsed().as_secs_f64());
    }
    // A start saved by an earlier trial of the same scenario and component (ROSTER_TRIAL_START,
    // a file of column values): the start's MIP can take minutes, and it is not what is judged.
    let saved = std::env::var("ROSTER_TRIAL_START").ok().filter(|file| !file.is_empty());
    let kept: Option<Vec<f64>> = saved
        .as_ref()
        .and_then(|file| std::fs::read_to_string(file).ok())
        .and_then(|text| serde_json::from_str(&text).ok())
        .filter(|x: &Vec<f64>| x.len() == original.columns() && original.violation(x).is_none());
    // A solve's roster (ROSTER_TRIAL_ROSTER, a roster file) as the start, for the search late in
    // a solve: its assignments in this component, the other columns completed by HiGHS.
    let solved =
        std::env::var("ROSTER_TRIAL_ROSTER").ok().filter(|file| !file.is_empty() && kept.is_none()).map(|file| {
            let text = std::fs::read_to_string(&file).expect("a roster file");
            let roster: crate::Roster = serde_json::from_str(&text).expect("a roster");
            let worked: std::collections::HashSet<(&str, &str)> =
                roster.assignments.iter().map(|a| (a.vacancy.as_str(), a.staff.as_str())).collect();
            let mut x = vec![0.0; original.columns()];
            for &(k, var) in &f.assignments {
                let c = candidates.list[k];
                if worked.contains(&(instance.vacancies[c.vacancy].id.as_str(), instance.staff[c.staff].id.as_str())) {
                    x[f.column[&var]] = 1.0;
                }
            }
            super::complete(model(), &space, &x, START_NODES).expect("the roster's assignments make a roster")
        });
    // The start need not be the same in every trial, only the search from it: best responses
    // stop at ROSTER_TRIAL_START_SECONDS (default 60; Curtois 23 had not settled after 5 minutes).
    let t = Instant::now();
    let start_deadline = t + Duration::from_secs_f64(tuned("ROSTER_TRIAL_START_SECONDS", 60.0));
    let responded = split
        .filter(|_| kept.is_none() && solved.is_none())
        .and_then(|d| respond(&original, &d, &space.day_rules, None, (threads, threads), Some(start_deadline), 0))
        .map(|r| r.roster)
        .filter(|r| original.violation(r).is_none());
    let (start, from) = match (kept.or(solved), responded, &lp) {
        (Some(roster), ..) => (roster, "saved or given"),
        (None, Some(roster), _) => (roster, "best responses"),
        (None, None, Some((_, x))) => (
            super::within_support(model(), &space, x, SUPPORT_THRESHOLD, (START_NODES, f64::NEG_INFINITY))
                .expect("a roster within the LP's support"),
            "the best roster within the LP's support",
        ),
        (None, None, None) => (
            super::complete(model(), &space, &vec![0.0; original.columns()], START_NODES).expect("nobody working"),
            "nobody working",
        ),
    };
    if let Some(file) = saved.filter(|file| !std::path::Path::new(file).exists()) {
        std::fs::write(&file, serde_json::to_string(&start).expect("numbers")).expect("the start saved");
    }
    let start_value = original.objective(&start).expect("a start");
    println!("start {:.2}, {from}, in {:.1} s", worst + start_value, t.elapsed().as_secs_f64());

    let guide = lp.filter(|_| guided).map(|(_, x)| x);
    let trial = |seed: u64| {
        // The search asks `stop` once before each round: the call after the last round stops it.
        let asked = Cell::new(0usize);
        let stop = || {
            asked.set(asked.get() + 1);
            asked.get() > rounds
        };
        let path = RefCell::new(Vec::new());
        let improved = |columns: &[f64]| {
            let value = original.objective(columns).expect("a roster");
            path.borrow_mut().push((asked.get(), value));
        };
        // Draws by the odds alone (not by each kind's saving a second, which depends on the
        // machine), so that the same rounds give the same rosters.
        // `ROSTER_TRIAL_ROUND_SECONDS` cuts each round at a time limit as a solve does (then the
        // rosters depend on the machine's speed): a round a solve cuts runs on here otherwise.
        let round_seconds = std::env::var("ROSTER_TRIAL_ROUND_SECONDS").ok().and_then(|s| s.parse().ok());
        let budget = Budget { round_seconds, by_rate: false, ..STAGE_ONE }.for_measuring();
        let search = Run {
            space: &space,
            seed,
            budget,
            guide: guide.as_deref(),
            enough: &|_| false,
            deadline: Some(far),
            stop: &stop,
            improved: &improved,
            adopt: &|_| None,
        };
        // The seconds are the search's: building the HiGHS model it starts from is left out.
        let model = model();
        let t = Instant::now();
        let polished = run(model, start.clone(), &search).expect("the start is a roster");
        let seconds = t.elapsed().as_secs_f64();
        assert_eq!(polished.rounds, rounds);
        assert_eq!(original.violation(&polished.columns), None);
        let path = path.into_inner();
        let at = |round: usize| path.iter().take_while(|(r, _)| *r <= round).last().map_or(start_value, |p| p.1);
        let quarters = [1, 2, 3, 4].map(|q| worst + at(rounds * q / 4));
        let bookkeeping = 1000.0 * (seconds - polished.solving) / rounds as f64;
        Trial { seed, quarters, improvements: polished.improvements, seconds, bookkeeping }
    };
    let queue = Mutex::new(seeds.clone());
    let done = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads.min(seeds.len()) {
            s.spawn(|| loop {
                let Some(seed) = queue.lock().unwrap().pop() else { break };
                let result = trial(seed);
                done.lock().unwrap().push(result);
            });
        }
    });
    let mut done = done.into_inner().unwrap();
    done.sort_by_key(|t| t.seed);
    let r = rounds;
    println!();
    println!(
        "| seed | round {} | round {} | round {} | round {r} | improvements | seconds | ms a round outside HiGHS |",
        r / 4,
        r / 2,
        3 * r / 4
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for t in &done {
        let [a, b, c, d] = t.quarters;
        println!(
            "| {} | {a:.2} | {b:.2} | {c:.2} | {d:.2} | {} | {:.1} | {:.0} |",
            t.seed, t.improvements, t.seconds, t.bookkeeping
        );
    }
    let column = |i: usize| median(done.iter().map(|t| t.quarters[i]).collect());
    println!(
        "| median | {:.2} | {:.2} | {:.2} | {:.2} | {} | {:.1} | {:.0} |",
        column(0),
        column(1),
        column(2),
        column(3),
        median(done.iter().map(|t| t.improvements as f64).collect()),
        median(done.iter().map(|t| t.seconds).collect()),
        median(done.iter().map(|t| t.bookkeeping).collect())
    );
}
