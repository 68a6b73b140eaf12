//! Why each vacancy left to the agency was not covered, in terms a planner can act on.
//!
//! Built from the same data the solver used: the candidate pairs of [`crate::eligibility`] say
//! who could never take the shift (no competence, not introduced, unavailable, booked), and the
//! independent checker ([`crate::check::check_member`]) says which labour rules each remaining
//! candidate would break if the shift were added to their roster. When every candidate is
//! blocked only by shifts they already cover, covering this one would leave another at least as
//! costly to the agency: "cheaper overall".
//!
//! Checking every candidate's roster is the expensive part (a year-long roster with 6,700 agency
//! vacancies and 150 candidates each takes a minute on 2 cores), so it runs within a deadline:
//! vacancies are taken in order of start, spread over the cores, and those the deadline leaves
//! are "not analysed" (with their candidates) rather than holding a planner's nightly run.

use crate::check::{check_member, Violation};
use crate::eligibility::{eligibility, Candidates, Ineligible};
use crate::model::Instance;
use crate::roster::{AgencyReason, AgencyShift, Blocker};
use crate::rules::RuleKind;
use std::time::Instant;

/// The agency lines of a roster given as `(vacancy, staff)` pairs; `proven` says whether the
/// solve proved optimality (otherwise an unblocked candidate means "not proven", not a reason).
/// Vacancies with candidates are analysed in order of start until `deadline` (none: all of
/// them); those left get [`AgencyReason::NotAnalysed`].
pub fn agency_shifts(
    instance: &Instance,
    candidates: &Candidates,
    assignments: &[(usize, usize)],
    proven: bool,
    deadline: Option<Instant>,
) -> Vec<AgencyShift> {
    let mut schedule: Vec<Vec<usize>> = vec![Vec::new(); instance.staff.len()];
    let mut covered = vec![0u32; instance.vacancies.len()];
    for &(v, s) in assignments {
        schedule[s].push(v);
        covered[v] += 1;
    }
    let short: Vec<(usize, u32)> = instance
        .vacancies
        .iter()
        .enumerate()
        .map(|(v, vacancy)| (v, vacancy.headcount.saturating_sub(covered[v])))
        .filter(|&(_, missing)| missing > 0)
        .collect();
    let reason = |v: usize| match candidates.by_vacancy[v].is_empty() {
        true => never_possible(instance, v),
        false if deadline.is_some_and(|d| Instant::now() >= d) => AgencyReason::NotAnalysed {
            candidates: candidates.by_vacancy[v]
                .iter()
                .map(|&k| instance.staff[candidates.list[k].staff].id.clone())
                .collect(),
        },
        false => blocked(instance, candidates, &schedule, v, proven),
    };
    // Each reason checks every candidate's roster with the shift added: on a year-long roster
    // with thousands of agency vacancies that is a minute of work, spread here over the cores,
    // each taking the next vacancy in order of start, so that a deadline leaves the latest.
    let mut order: Vec<usize> = (0..short.len()).collect();
    order.sort_by_key(|&i| (instance.vacancies[short[i].0].shift.start, i));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(short.len());
    let reasons = crate::parallel::in_order(&short, &order, threads, |_, &(v, _)| reason(v));
    short
        .into_iter()
        .zip(reasons)
        .map(|((v, missing), reason)| {
            let vacancy = &instance.vacancies[v];
            AgencyShift {
                vacancy: vacancy.id.clone(),
                unit: instance.units[vacancy.unit].id.clone(),
                competence: instance.competences[vacancy.competence].id.clone(),
                start: instance.format(vacancy.shift.start),
                headcount: missing,
                hours: vacancy.shift.paid_hours,
                cost: vacancy.agency_cost_per_person() * f64::from(missing),
                reason,
            }
        })
        .collect()
}

/// The reason for a vacancy without any candidate pair.
fn never_possible(instance: &Instance, v: usize) -> AgencyReason {
    let verdicts: Vec<(usize, Ineligible)> =
        (0..instance.staff.len()).filter_map(|s| eligibility(instance, s, v).err().map(|e| (s, e))).collect();
    let qualified: Vec<&(usize, Ineligible)> = verdicts.iter().filter(|(_, e)| *e != Ineligible::Competence).collect();
    if qualified.is_empty() {
        return AgencyReason::NoCompetence;
    }
    let introduced: Vec<&&(usize, Ineligible)> =
        qualified.iter().filter(|(_, e)| *e != Ineligible::Introduction).collect();
    if introduced.is_empty() {
        return AgencyReason::NotIntroduced {
            qualified: qualified.iter().map(|(s, _)| instance.staff[*s].id.clone()).collect(),
        };
    }
    let staff = introduced
        .iter()
        .map(|(s, e)| {
            let (rules, detail) = match e {
                Ineligible::Unavailable { reason } => {
                    (Vec::new(), format!("unavailable ({})", if reason.is_empty() { "absence" } else { reason }))
                }
                Ineligible::Booked { label, rule } => (
                    vec![*rule],
                    format!("booked shift {label:?} leaves no room ({rule}: {})", rule.citation(instance.preset)),
                ),
                Ineligible::ShiftType { shift_type } => (
                    vec![RuleKind::MaxShiftsByType],
                    format!("may not work shift type {shift_type:?} (max_shifts_by_type 0)"),
                ),
                _ => (Vec::new(), String::new()),
            };
            Blocker { staff: instance.staff[*s].id.clone(), rules, detail }
        })
        .collect();
    AgencyReason::Unavailable { staff }
}

/// The reason for a vacancy whose candidates all stayed away.
fn blocked(
    instance: &Instance,
    candidates: &Candidates,
    schedule: &[Vec<usize>],
    v: usize,
    proven: bool,
) -> AgencyReason {
    let hard =
        |vs: Vec<Violation>| -> Vec<Violation> { vs.into_iter().filter(|x| x.rule != RuleKind::MinHours).collect() };
    let mut blockers = Vec::new();
    let mut unblocked = Vec::new();
    let mut cheaper_overall = true;
    for &k in &candidates.by_vacancy[v] {
        let s = candidates.list[k].staff;
        if schedule[s].contains(&v) {
            continue;
        }
        let mut with: Vec<usize> = schedule[s].clone();
        with.push(v);
        let broken = hard(check_member(instance, s, &with));
        if broken.is_empty() {
            unblocked.push(instance.staff[s].id.clone());
            continue;
        }
        if cheaper_overall && !hard(check_member(instance, s, &[v])).is_empty() {
            cheaper_overall = false;
        }
        let mut rules: Vec<RuleKind> = broken.iter().map(|x| x.rule).collect();
        rules.sort_unstable();
        rules.dedup();
        let detail = broken.iter().take(2).map(|x| x.message.clone()).collect::<Vec<_>>().join("; ");
        blockers.push(Blocker { staff: instance.staff[s].id.clone(), rules, detail });
    }
    if blockers.is_empty() && unblocked.is_empty() {
        let assigned = candidates.by_vacancy[v].iter().map(|&k| instance.staff[candidates.list[k].staff].id.clone());
        return AgencyReason::NotEnoughCandidates { assigned: assigned.collect() };
    }
    if !unblocked.is_empty() {
        if !proven {
            return AgencyReason::NotProven { candidates: unblocked };
        }
        // Proven optimal with a free candidate: leaving it costs nothing (zero price or priority).
        blockers.extend(unblocked.into_iter().map(|staff| Blocker {
            staff,
            rules: Vec::new(),
            detail: "could take it, but covering it does not lower the agency cost (price or priority 0)".into(),
        }));
    }
    AgencyReason::Blocked { staff: blockers, cheaper_overall }
}
